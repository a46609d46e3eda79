/* Threads share one loaded model: each runs its own run object over the five shipped cases,
 * in its own order, many times, and every JSON report must equal the one a single thread
 * made. Built twice: as a plain unit test, and under ThreadSanitizer (tsan_test_threads),
 * which fails on any data race. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "load/load.h"
#include "support/mem.h"
#include "report/runreport.h"
#include "run/run.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NTHREADS = 3, ROUNDS = 6, NSEEDS = 2 };

static const char *const cases[] = {"kaz-2022", "kgz-2010-06", "arm-2021", "kgz-2010-04",
                                    "arm-2020"};
enum { NCASES = sizeof cases / sizeof *cases };

static cs_model *M;
static char *expected[NCASES][NSEEDS];

/* The JSON report of one run, as `casus run --json` prints it; NULL on any error. */
static char *report(cs_run *r, const char *id, uint64_t seed)
{
    const cs_scenario *s = cs_model_scenario(M, id);
    if (!s)
        return NULL;
    cs_diags d;
    cs_diags_init(&d);
    cs_run_opts o = {.seed = seed, .trace_cap = 64, .simulate = true};
    cs_status st = cs_run_exec(r, s, &o, &d);
    cs_diags_free(&d);
    if (st != CS_OK)
        return NULL;
    json_t *j = cs_runreport_json(r);
    char *text = j ? json_dumps(j, JSON_INDENT(1) | JSON_REAL_PRECISION(10)) : NULL;
    json_decref(j);
    return text;
}

typedef struct worker {
    int id;
    int mismatches, failures;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    cs_run *r = cs_run_new(M);
    if (!r) {
        w->failures++;
        return NULL;
    }
    for (int round = 0; round < ROUNDS; round++)
        for (int k = 0; k < NCASES; k++) {
            /* Each thread walks the cases in another order, so that different layers run
             * at the same moment in different threads. */
            int c = (k * (w->id + 1) + round) % NCASES;
            int seed = (round + w->id) % NSEEDS;
            char *got = report(r, cases[c], (uint64_t)seed + 1);
            if (!got)
                w->failures++;
            else if (strcmp(got, expected[c][seed]) != 0)
                w->mismatches++;
            free(got);
        }
    cs_run_free(r);
    return NULL;
}

static int setup(void **state)
{
    (void)state;
    const char *src = getenv("CASUS_SOURCE_DIR");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/data", src ? src : ".");
    cs_diags d;
    cs_diags_init(&d);
    cs_loader *l = cs_loader_new(&d);
    if (!l)
        return -1;
    cs_loader_add_dir(l, dir);
    M = cs_loader_finish(l);
    if (!M)
        cs_diags_print(&d, stderr);
    cs_diags_free(&d);
    return M ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    for (int c = 0; c < NCASES; c++)
        for (int s = 0; s < NSEEDS; s++)
            free(expected[c][s]);
    cs_model_free(M);
    return 0;
}

static void test_threads_agree_with_one(void **state)
{
    (void)state;
    cs_run *r = cs_run_new(M);
    assert_non_null(r);
    for (int c = 0; c < NCASES; c++)
        for (int s = 0; s < NSEEDS; s++) {
            expected[c][s] = report(r, cases[c], (uint64_t)s + 1);
            assert_non_null(expected[c][s]);
        }
    cs_run_free(r);
    /* The cases differ: a comparison that always matched would prove nothing. */
    assert_string_not_equal(expected[0][0], expected[1][0]);
    assert_non_null(strstr(expected[0][0], "\"operation\""));

    pthread_t t[NTHREADS];
    worker w[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) {
        w[i] = (worker){.id = i};
        assert_int_equal(pthread_create(&t[i], NULL, work, &w[i]), 0);
    }
    for (int i = 0; i < NTHREADS; i++) {
        assert_int_equal(pthread_join(t[i], NULL), 0);
        assert_int_equal(w[i].failures, 0);
        assert_int_equal(w[i].mismatches, 0);
    }
}

/* A run object reused for another scenario gives what a fresh one gives, and running
 * the same operation again under the same (seed, index) allocates nothing. */
static void test_reuse_and_replicate(void **state)
{
    (void)state;
    cs_run *r = cs_run_new(M);
    assert_non_null(r);
    char *a = report(r, "kgz-2010-06", 1);
    char *b = report(r, "kaz-2022", 1);
    assert_non_null(a);
    assert_non_null(b);
    cs_run *fresh = cs_run_new(M);
    assert_non_null(fresh);
    char *c = report(fresh, "kaz-2022", 1);
    assert_string_equal(b, c);
    cs_run_free(fresh);

    cs_diags d;
    cs_diags_init(&d);
    long before = cs_mem_count();
    for (uint64_t i = 0; i < 5; i++)
        assert_int_equal(cs_run_replicate(r, 1, i, &d), CS_OK);
    assert_int_equal(cs_mem_count(), before);
    assert_int_equal(cs_run_replicate(r, 1, 0, &d), CS_OK);
    json_t *j = cs_runreport_json(r);
    char *e = json_dumps(j, JSON_INDENT(1) | JSON_REAL_PRECISION(10));
    json_decref(j);
    assert_string_equal(e, c);
    cs_diags_free(&d);
    free(a);
    free(b);
    free(c);
    free(e);
    cs_run_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads_agree_with_one),
        cmocka_unit_test(test_reuse_and_replicate),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
