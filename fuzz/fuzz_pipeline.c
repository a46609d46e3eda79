/* fuzz_pipeline.c - libFuzzer target for a whole run: load, decide, simulate, report.
 *
 * The input is one YAML file, loaded with the shipped library's states, alliances,
 * vocabulary, sources and catalog (not its scenarios, so that each input's own scenarios
 * are the ones run, and loading stays quick). Each scenario of the input (the first two)
 * is decided and, when the council acts, simulated with the invariant audit after every
 * event: a counter that is not zero aborts. Then every report is written into a temporary
 * folder: the text, the explanation, the JSON (when within its size limit) and the four
 * CSV files. Last, the same replication is run again and its JSON must be the same, byte
 * for byte (a run is a pure function of its inputs, seed and index).
 *
 * The library's folder is CASUS_FUZZ_DATA (fuzz/run.sh and tests/CMakeLists.txt define
 * it), or $CASUS_DATA. The seeds are the shipped scenarios and the test corpora.
 */
#include "load/load.h"
#include "ops/ops.h"
#include "report/opsreport.h"
#include "report/runreport.h"
#include "run/run.h"
#include "support/diag.h"

#include <ftw.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#ifndef CASUS_FUZZ_DATA
#define CASUS_FUZZ_DATA "data"
#endif

enum { MAX_SCENARIOS = 2 };

/* The library's folder, the temporary folder and the report files' paths, set once. */
static char libdir[4096], tmpdir[64] = "/tmp/casus-fuzz-pipeline-XXXXXX";
static char text_path[128], json_path[128], csv_path[128];

static void die(const char *what)
{
    fprintf(stderr, "fuzz_pipeline: %s\n", what);
    abort();
}

/* The shipped library without its scenarios. */
static void add_library(cs_loader *l)
{
    static const char *const dirs[] = {"states", "alliances"};
    static const char *const files[] = {"sources.yaml", "vocabulary.yaml", "catalog.yaml"};
    char p[4200];
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        snprintf(p, sizeof p, "%s/%s", libdir, dirs[i]);
        cs_loader_add_dir(l, p);
    }
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        snprintf(p, sizeof p, "%s/%s", libdir, files[i]);
        cs_loader_add_file(l, p);
    }
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

/* At exit: the temporary folder goes. */
static void cleanup(void) { nftw(tmpdir, remove_one, 16, FTW_DEPTH | FTW_PHYS); }

/* Once: find the library (it must load alone: a fuzzer on a broken library tests
 * nothing), make the temporary folder. */
static void setup(void)
{
    const char *env = getenv("CASUS_DATA");
    snprintf(libdir, sizeof libdir, "%s", env && *env ? env : CASUS_FUZZ_DATA);
    cs_diags d;
    cs_diags_init(&d);
    cs_loader *l = cs_loader_new(&d);
    if (!l)
        die("out of memory");
    add_library(l);
    cs_model *m = cs_loader_finish(l);
    if (!m) {
        cs_diags_print(&d, stderr);
        die("the library does not load (set CASUS_DATA to the data folder)");
    }
    cs_model_free(m);
    cs_diags_free(&d);
    if (!mkdtemp(tmpdir))
        die("cannot make a temporary folder");
    atexit(cleanup);
    snprintf(text_path, sizeof text_path, "%s/report.txt", tmpdir);
    snprintf(json_path, sizeof json_path, "%s/report.json", tmpdir);
    snprintf(csv_path, sizeof csv_path, "%s/csv", tmpdir);
}

/* After every event of the simulation: every invariant holds. */
static void audit(const cs_ops *o, void *ctx)
{
    (void)ctx;
    cs_ops_audit a = {0};
    cs_ops_audit_state(o, &a);
    if (a.conservation || a.early || a.ground || a.load) {
        fprintf(stderr, "fuzz_pipeline: audit: conservation %u early %u ground %u load %u\n",
                a.conservation, a.early, a.ground, a.load);
        abort();
    }
}

/* The run's JSON report as text (NULL when over the size limit or out of memory). */
static char *json_text(const cs_run *r)
{
    cs_diags d;
    cs_diags_init(&d);
    cs_status fits = cs_runreport_json_fits(r, &d);
    cs_diags_free(&d);
    if (fits != CS_OK)
        return NULL;
    json_t *j = cs_runreport_json(r);
    char *s = j ? json_dumps(j, JSON_INDENT(2) | JSON_REAL_PRECISION(10)) : NULL;
    json_decref(j);
    return s;
}

/* Every report of a finished run, into the temporary folder. */
static void write_reports(cs_run *r)
{
    FILE *f = fopen(text_path, "w");
    if (!f)
        die("cannot write the text report");
    cs_runreport_text(f, r);
    cs_runreport_explain(f, r);
    fclose(f);

    char *before = json_text(r);
    if (before) {
        f = fopen(json_path, "w");
        if (!f)
            die("cannot write the JSON report");
        fputs(before, f);
        fclose(f);
    }
    const cs_ops_result *res = cs_run_ops(r);
    if (!res) {
        free(before);
        return;
    }
    cs_diags d;
    cs_diags_init(&d);
    cs_opsreport_csv(res, csv_path, &d);
    cs_diags_free(&d);

    /* The same replication again: the same report. */
    cs_diags_init(&d);
    cs_status st = cs_run_replicate(r, cs_run_options(r)->seed, cs_run_options(r)->index, &d);
    cs_diags_free(&d);
    if (st == CS_OK && before) {
        char *after = json_text(r);
        if (after && strcmp(before, after) != 0)
            die("the same replication gave another report");
        free(after);
    }
    free(before);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!text_path[0])
        setup();
    cs_diags d;
    cs_diags_init(&d);
    cs_loader *l = cs_loader_new(&d);
    if (!l)
        return 0;
    add_library(l);
    cs_loader_add_buffer(l, "fuzz.yaml", (const char *)data, size);
    cs_model *m = cs_loader_finish(l);
    cs_diags_free(&d);
    if (!m)
        return 0;
    cs_run *r = cs_run_new(m);
    for (uint32_t i = 0; r && i < m->nscenarios && i < MAX_SCENARIOS; i++) {
        cs_run_opts o = {.seed = 1, .trace_cap = 64, .simulate = true, .hook = audit};
        cs_diags_init(&d);
        cs_status st = cs_run_exec(r, m->scenarios[i], &o, &d);
        cs_diags_free(&d);
        if (st == CS_OK)
            write_reports(r);
    }
    cs_run_free(r);
    cs_model_free(m);
    return 0;
}
