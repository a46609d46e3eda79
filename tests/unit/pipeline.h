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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct pipeline {
    cs_model *m;
    cs_arena *arena;
    cs_law_result law;
    cs_pol_result pol;
    cs_ops *ops;
} pipeline;

static inline const char *source_dir(void)
{
    const char *d = getenv("CASUS_SOURCE_DIR");
    return d ? d : ".";
}

/* The text of a shipped file, with `from` replaced by `to` (NULL: unchanged). Caller frees. */
static inline char *shipped_text(const char *rel, const char *from, const char *to)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", source_dir(), rel);
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

/* Load the library (plus one extra file's text, or NULL) and decide scenario `id`. */
static inline void pipeline_decide(pipeline *p, const char *id, const char *extra_text)
{
    memset(p, 0, sizeof *p);
    cs_diags d;
    cs_diags_init(&d);
    cs_loader *l = cs_loader_new(&d);
    assert_non_null(l);
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/data", source_dir());
    cs_loader_add_dir(l, dir);
    if (extra_text)
        cs_loader_add_buffer(l, "extra.yaml", extra_text, strlen(extra_text));
    p->m = cs_loader_finish(l);
    if (!p->m)
        cs_diags_print(&d, stderr);
    assert_non_null(p->m);
    const cs_scenario *s = cs_model_scenario(p->m, id);
    assert_non_null(s);
    p->arena = cs_arena_new();
    cs_law_opts o = {0};
    assert_int_equal(cs_law_eval(&p->law, p->m, s, &o, p->arena, &d), CS_OK);
    assert_int_equal(cs_politics_eval(&p->pol, &p->law, p->arena, &d, 0), CS_OK);
    cs_diags_free(&d);
}

static inline const cs_ops_result *pipeline_run(pipeline *p, uint64_t seed)
{
    cs_diags d;
    cs_diags_init(&d);
    if (!p->ops)
        p->ops = cs_ops_new(p->m, &p->law, &p->pol, &d);
    if (!p->ops)
        cs_diags_print(&d, stderr);
    assert_non_null(p->ops);
    assert_int_equal(cs_ops_run(p->ops, seed, 0), CS_OK);
    cs_diags_free(&d);
    return cs_ops_result_of(p->ops);
}

static inline void pipeline_free(pipeline *p)
{
    cs_ops_free(p->ops);
    cs_arena_free(p->arena);
    cs_model_free(p->m);
}

#endif
