/* pipeline.h - for tests: load the shipped library (with extra files in memory), decide a
 * scenario and simulate its operation. Fails the calling cmocka test on any error. */
#ifndef TEST_PIPELINE_H
#define TEST_PIPELINE_H

#include "law/law.h"
#include "load/load.h"
#include "ops/ops.h"
#include "politics/politics.h"
#include "report/decision.h"
#include "report/opsreport.h"
#include "run/run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A loaded library and a scenario decided by the run object. Tests of the operational
 * layer itself may build a simulation of the decided operation with pipeline_ops, from the
 * pipeline's own arena, to observe it with hooks; everything else goes through the run. */
typedef struct pipeline {
    cs_model *m;
    cs_run *run;
    const cs_scenario *s;
    const cs_law_result *law;      /* the run's decision */
    const cs_pol_result *pol;
    cs_arena *arena;               /* for simulations a test builds itself */
    cs_ops *ops;                   /* one a test built (pipeline_ops), or NULL */
    const cs_ops *sim;             /* the simulation of the last pipeline_run */
    bool simulated;
} pipeline;

static inline const char *source_dir(void)
{
    const char *d = getenv("CASUS_SOURCE_DIR");
    return d ? d : ".";
}

/* The text of a file, with `from` replaced by `to` (NULL: unchanged). Caller frees. */
static inline char *file_text(const char *path, const char *from, const char *to)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    size_t extra = from ? strlen(to) + 1 : 1;
    char *s = malloc((size_t)n + extra + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    if (from) {
        char *p = strstr(s, from);
        assert_non_null(p);
        size_t lf = strlen(from), lt = strlen(to);
        memmove(p + lt, p + lf, strlen(p + lf) + 1);
        memcpy(p, to, lt);
    }
    return s;
}

/* The text of a shipped file (relative to the source tree), edited the same way. */
static inline char *shipped_text(const char *rel, const char *from, const char *to)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", source_dir(), rel);
    return file_text(path, from, to);
}

/* A copy of the shipped library in a new temporary folder, with edits: each edit is a
 * file (relative to data/), a text to find and its replacement (applied once). Returns the
 * folder (static buffer). */
static inline const char *data_copy(const char *const (*edits)[3], size_t n)
{
    static char dir[64];
    snprintf(dir, sizeof dir, "/tmp/casus-test-XXXXXX");
    assert_non_null(mkdtemp(dir));
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "cp -r '%s/data/.' '%s/'", source_dir(), dir);
    assert_int_equal(system(cmd), 0);
    for (size_t i = 0; i < n; i++) {
        char path[600];
        /* Edits of one file add up: each reads the copy. */
        snprintf(path, sizeof path, "%s/%s", dir, edits[i][0]);
        char *text = file_text(path, edits[i][1], edits[i][2]);
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs(text, f);
        fclose(f);
        free(text);
    }
    return dir;
}

static inline void data_remove(const char *dir)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* Load a library folder (plus one extra file's text, or NULL) and decide scenario `id`. */
static inline void pipeline_decide_in(pipeline *p, const char *dir, const char *id,
                                      const char *extra_text)
{
    memset(p, 0, sizeof *p);
    cs_diags d;
    cs_diags_init(&d);
    cs_loader *l = cs_loader_new(&d);
    assert_non_null(l);
    cs_loader_add_dir(l, dir);
    if (extra_text)
        cs_loader_add_buffer(l, "extra.yaml", extra_text, strlen(extra_text));
    p->m = cs_loader_finish(l);
    if (!p->m)
        cs_diags_print(&d, stderr);
    assert_non_null(p->m);
    p->s = cs_model_scenario(p->m, id);
    assert_non_null(p->s);
    p->run = cs_run_new(p->m);
    p->arena = cs_arena_new();
    assert_non_null(p->run);
    assert_non_null(p->arena);
    cs_run_opts o = {0};
    cs_status st = cs_run_exec(p->run, p->s, &o, &d);
    if (st != CS_OK)
        cs_diags_print(&d, stderr);
    assert_int_equal(st, CS_OK);
    p->law = cs_run_law(p->run);
    p->pol = cs_run_politics(p->run);
    cs_diags_free(&d);
}

/* The shipped library, plus one extra file's text (or NULL). */
static inline void pipeline_decide(pipeline *p, const char *id, const char *extra_text)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/data", source_dir());
    pipeline_decide_in(p, dir, id, extra_text);
}

/* A simulation of p's decided operation, from p's arena (NULL: see d). */
static inline cs_ops *pipeline_ops(pipeline *p, cs_diags *d)
{
    const cs_ops_config *cfg = cs_ops_config_new(p->m, p->law, p->pol, p->arena, d);
    return cfg ? cs_ops_new(cfg, p->arena, d) : NULL;
}

/* Run the operation under seed: on the simulation the test built (p->ops), else through
 * the run object (simulated once, then replicated). */
static inline const cs_ops_result *pipeline_run(pipeline *p, uint64_t seed)
{
    cs_diags d;
    cs_diags_init(&d);
    cs_status st;
    if (p->ops) {
        st = cs_ops_run(p->ops, seed, 0);
        p->sim = p->ops;
    } else if (!p->simulated) {
        cs_run_opts o = {.seed = seed, .simulate = true};
        st = cs_run_exec(p->run, p->s, &o, &d);
        p->law = cs_run_law(p->run);
        p->pol = cs_run_politics(p->run);
        p->sim = cs_run_sim(p->run);
        p->simulated = st == CS_OK;
    } else {
        st = cs_run_replicate(p->run, seed, 0, &d);
    }
    if (st != CS_OK)
        cs_diags_print(&d, stderr);
    assert_int_equal(st, CS_OK);
    assert_non_null(p->sim);
    cs_diags_free(&d);
    return cs_ops_result_of(p->sim);
}

static inline void pipeline_free(pipeline *p)
{
    cs_run_free(p->run);
    cs_arena_free(p->arena);
    cs_model_free(p->m);
}

#endif
