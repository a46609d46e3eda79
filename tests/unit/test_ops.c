/* Properties of the operational simulation on the shipped Kazakhstan case and variants:
 * conservation, no move before authorization and readiness, loads and airfields within
 * capacity, a failed parliament vote, determinism, no allocation while running, a process
 * for every kind of event, one configuration shared by runs in two threads, outcomes that
 * do not depend on how many events a scenario lists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ops/ops_internal.h"
#include "pipeline.h"
#include "support/mem.h"

#include <math.h>
#include <pthread.h>

static void audit_hook(const cs_ops *o, void *ctx)
{
    cs_ops_audit_state(o, ctx);
}

static void test_invariants_after_every_event(void **state)
{
    (void)state;
    pipeline p;
    pipeline_decide(&p, "kaz-2022", NULL);
    assert_int_equal(p.pol->decision, CS_DEC_ACT);
    cs_ops_audit a = {0};
    cs_diags d;
    cs_diags_init(&d);
    p.ops = pipeline_ops(&p, &d);
    assert_non_null(p.ops);
    cs_ops_set_hook(p.ops, audit_hook, &a);
    const cs_ops_result *r = pipeline_run(&p, 1);
    assert_true(r->events > 100);
    assert_int_equal(a.conservation, 0);
    assert_int_equal(a.early, 0);
    assert_int_equal(a.ground, 0);
    assert_int_equal(a.load, 0);
    cs_diags_free(&d);
    pipeline_free(&p);
}

/* The same properties, checked from the public result only. */
static void test_properties_from_result(void **state)
{
    (void)state;
    pipeline p;
    pipeline_decide(&p, "kaz-2022", NULL);
    const cs_ops_result *r = pipeline_run(&p, 1);
    assert_false(r->truncated);
    /* Every person and vehicle went in and came back, by air or road. */
    double in_p[64] = {0}, out_p[64] = {0};
    for (uint32_t i = 0; i < r->nflights; i++) {
        const cs_flight *f = &r->flights[i];
        if (f->unit < 0)
            continue;
        const cs_ops_unit *u = &r->units[f->unit];
        const cs_ops_contingent *k = &r->contingents[u->c];
        /* Nobody flies before authorization and readiness. */
        if (f->inbound) {
            assert_true(f->dep >= k->auth_t - 1e-9);
            assert_true(f->dep >= u->ready_t - 1e-9);
            in_p[u->c] += f->personnel;
        } else
            out_p[u->c] += f->personnel;
        /* Loads within the aircraft type's seats and payload. */
        const cs_aircraft_type *t = cs_ops_aircraft_type(p.sim, f->aircraft);
        assert_non_null(t);
        assert_true(f->personnel <= t->seats);
        assert_true(f->tonnes <= t->payload_t + 1e-9);
        assert_true(f->arr > f->dep);
    }
    for (uint32_t c = 0; c < r->ncontingents; c++) {
        const cs_ops_contingent *k = &r->contingents[c];
        assert_true(fabs(in_p[c] - k->personnel) < 1e-9);
        if (k->home_by_road)
            assert_true(out_p[c] == 0);
        else
            assert_true(fabs(out_p[c] - k->personnel) < 1e-9);
        assert_true(k->home > k->left && k->left > k->complete && k->complete >= k->first_arrival);
    }
    /* Landings at each theater airfield: never more aircraft on the ground (from landing
     * to the end of their turnaround) than its slots, never closer together than its
     * landing rate allows. */
    uint32_t landings = 0;
    for (uint32_t a = 0; a < r->nairfields; a++) {
        const cs_ops_airfield *af = &r->airfields[a];
        if (!af->theater)
            continue;
        double last = -1e9;
        for (uint32_t i = 0; i < r->nflights; i++) {
            const cs_flight *f = &r->flights[i];
            if (!f->inbound || f->unit < 0 || f->to != a)
                continue;
            landings++;
            assert_true(f->arr >= last + 1.0 / af->landings_per_h - 1e-6);
            last = f->arr;
            uint32_t on = 0;
            for (uint32_t j = 0; j < r->nflights; j++) {
                const cs_flight *g = &r->flights[j];
                if (!g->inbound || g->unit < 0 || g->to != a)
                    continue;
                double turn = cs_ops_aircraft_type(p.sim, g->aircraft)->turnaround_h;
                if (g->arr <= f->arr + 1e-9 && f->arr < g->arr + turn - 1e-9)
                    on++;
            }
            assert_true(on <= af->mog);
        }
    }
    assert_int_equal(landings, r->flights_in);
    pipeline_free(&p);
}

static void test_failed_vote(void **state)
{
    (void)state;
    /* The Kyrgyz parliament says no: that contingent stays home, the others deploy. */
    char *text = shipped_text("data/scenarios/kaz-2022.yaml", "id: kaz-2022", "id: kaz-2022-no");
    char *t2 = strstr(text, "for: 69");
    assert_non_null(t2);
    memcpy(t2, "for: 30", 7);
    pipeline p;
    pipeline_decide(&p, "kaz-2022-no", text);
    free(text);
    const cs_ops_result *r = pipeline_run(&p, 1);
    bool saw_kgz = false;
    double others = 0;
    for (uint32_t c = 0; c < r->ncontingents; c++) {
        const cs_ops_contingent *k = &r->contingents[c];
        if (strcmp(k->state->id, "KGZ") == 0) {
            saw_kgz = true;
            assert_true(k->refused);
            assert_false(k->authorized);
            assert_true(k->first_arrival < 0);
        } else {
            assert_true(k->complete >= 0);
            others += k->personnel;
        }
    }
    assert_true(saw_kgz);
    for (uint32_t i = 0; i < r->nflights; i++)
        if (r->flights[i].unit >= 0)
            assert_string_not_equal(r->units[r->flights[i].unit].unit->state->id, "KGZ");
    assert_true(r->deployed >= 0);
    assert_true(fabs(r->personnel_deployed - others) < 1e-9);
    pipeline_free(&p);
}

static char *json_of(const cs_ops_result *r)
{
    json_t *j = cs_opsreport_json(r);
    char *s = json_dumps(j, JSON_INDENT(1) | JSON_REAL_PRECISION(17));
    json_decref(j);
    return s;
}

static void test_deterministic_and_no_allocation(void **state)
{
    (void)state;
    pipeline p;
    pipeline_decide(&p, "kaz-2022", NULL);
    char *a = json_of(pipeline_run(&p, 7));
    long before = cs_mem_count();
    pipeline_run(&p, 7);   /* the same simulation object, run again */
    assert_int_equal(cs_mem_count(), before);
    char *b = json_of(cs_ops_result_of(p.sim));
    assert_string_equal(a, b);
    pipeline q;
    pipeline_decide(&q, "kaz-2022", NULL);
    char *c = json_of(pipeline_run(&q, 7));   /* a fresh one */
    assert_string_equal(a, c);
    free(a);
    free(b);
    free(c);
    pipeline_free(&p);
    pipeline_free(&q);
}

static void test_no_operation_without_act(void **state)
{
    (void)state;
    pipeline p;
    pipeline_decide(&p, "kgz-2010-06", NULL);
    assert_int_equal(p.pol->decision, CS_DEC_REFUSE);
    cs_diags d;
    cs_diags_init(&d);
    assert_null(pipeline_ops(&p, &d));
    assert_int_equal(d.worst, CS_ERR_USAGE);
    cs_diags_free(&d);
    pipeline_free(&p);
}

/* Il-76s that cannot take vehicles: the An-124s carry them, and nothing stalls. */
static void test_mixed_fleet_does_not_stall(void **state)
{
    (void)state;
    const char *const edits[][3] = {
        {"catalog.yaml", "vehicles: 3 ", "vehicles: 0 "}};
    const char *dir = data_copy(edits, 1);
    pipeline p;
    pipeline_decide_in(&p, dir, "kaz-2022", NULL);
    const cs_ops_result *r = pipeline_run(&p, 1);
    assert_true(r->deployed >= 0);
    assert_true(r->end >= 0);
    for (uint32_t i = 0; i < r->nflights; i++)
        if (r->flights[i].vehicles > 0)
            assert_string_equal(cs_ops_aircraft_type(p.sim, r->flights[i].aircraft)->id,
                                "an-124");
    pipeline_free(&p);
    data_remove(dir);
}

/* Building the simulation for kaz-2022 on library `dir` is refused with status `st`, the
 * first message containing `msg`. */
static void expect_refused(const char *dir, cs_status st, const char *msg)
{
    pipeline p;
    pipeline_decide_in(&p, dir, "kaz-2022", NULL);
    cs_diags d;
    cs_diags_init(&d);
    assert_null(pipeline_ops(&p, &d));
    assert_int_equal(d.worst, st);
    assert_non_null(strstr(d.v[0].msg, msg));
    cs_diags_free(&d);
    pipeline_free(&p);
}

/* Cargo no aircraft of its lifter can take: refused when the simulation is built. */
static void test_cargo_no_aircraft_takes(void **state)
{
    (void)state;
    const char *const edits[][3] = {
        {"catalog.yaml", "vehicles: 3 ", "vehicles: 0 "},
        {"catalog.yaml", "vehicles: 8", "vehicles: 0"}};
    const char *dir = data_copy(edits, 2);
    expect_refused(dir, CS_ERR_OPS, "no aircraft of RUS can take");
    data_remove(dir);
}

/* Sittings that never reach a quorum: that contingent never goes; the others complete. */
static void test_no_quorum_ever(void **state)
{
    (void)state;
    const char *const edits[][3] = {
        {"scenarios/kaz-2022.yaml", "quorum: true", "quorum: false"},
        {"scenarios/kaz-2022.yaml", "    for: 69\n", ""},
        {"scenarios/kaz-2022.yaml", "    against: 7\n", ""}};
    const char *dir = data_copy(edits, 3);
    pipeline p;
    pipeline_decide_in(&p, dir, "kaz-2022", NULL);
    const cs_ops_result *r = pipeline_run(&p, 1);
    for (uint32_t c = 0; c < r->ncontingents; c++)
        if (strcmp(r->contingents[c].state->id, "KGZ") == 0)
            assert_true(r->contingents[c].refused && r->contingents[c].first_arrival < 0);
    assert_true(r->deployed >= 0 && r->end >= 0);
    pipeline_free(&p);
    data_remove(dir);
}

/* A suspended member's pledge does not deploy; a unit of nothing is not a contingent. */
static void test_members_only(void **state)
{
    (void)state;
    const char *const edits[][3] = {
        {"states/uzb.yaml", "\nsource:", "\nunits:\n  - {id: uzb-test, name: Test unit, type: "
         "airborne, personnel: 300, airfield: chkalovsky, source: seed-001}\nsource:"},
        {"states/arm.yaml", "personnel: 100", "personnel: 0"},
        {"alliances/csto.yaml", "      - {state: BLR, units: [blr-103-company]",
         "      - {state: UZB, units: [uzb-test], source: seed-001}\n"
         "      - {state: BLR, units: [blr-103-company]"}};
    const char *dir = data_copy(edits, 3);
    pipeline p;
    pipeline_decide_in(&p, dir, "kaz-2022", NULL);
    const cs_ops_result *r = pipeline_run(&p, 1);
    for (uint32_t c = 0; c < r->ncontingents; c++) {
        assert_string_not_equal(r->contingents[c].state->id, "UZB");
        assert_string_not_equal(r->contingents[c].state->id, "ARM");
    }
    assert_true(r->deployed >= 0 && r->end >= 0);
    pipeline_free(&p);
    data_remove(dir);
}

/* Parameters out of range are refused at the parameter. */
static void test_parameter_ranges(void **state)
{
    (void)state;
    const char *const edits[][3] = {{"catalog.yaml", "value: 1.23", "value: -1"}};
    const char *dir = data_copy(edits, 1);
    expect_refused(dir, CS_ERR_SCHEMA, "road-detour");
    data_remove(dir);
    /* A count of sittings is a whole number. */
    const char *const half[][3] = {{"catalog.yaml", "value: 10\n    unit: sittings",
                                    "value: 2.5\n    unit: sittings"}};
    dir = data_copy(half, 1);
    expect_refused(dir, CS_ERR_SCHEMA, "parliament-max-sittings' is 2.5; it must be a whole");
    data_remove(dir);
}

/* Memory running out at any allocation of the build: NULL and CS_ERR_NOMEM, never a crash
 * (the arena takes back what was allocated; ASan and valgrind check for leaks). */
static void test_build_out_of_memory(void **state)
{
    (void)state;
    pipeline p;
    pipeline_decide(&p, "kaz-2022", NULL);
    bool built = false;
    for (long n = 1; !built && n < 10000; n++) {
        cs_arena *a = cs_arena_new();
        assert_non_null(a);
        cs_diags d;
        cs_diags_init(&d);
        cs_mem_fail_at(n);
        const cs_ops_config *cfg = cs_ops_config_new(p.m, p.law, p.pol, a, &d);
        cs_ops *o = cfg ? cs_ops_new(cfg, a, &d) : NULL;
        cs_mem_fail_at(0);
        if (o) {
            built = true;
            assert_int_equal(cs_ops_run(o, 1, 0), CS_OK);
        } else
            assert_int_equal(d.worst, CS_ERR_NOMEM);
        cs_diags_free(&d);
        cs_arena_free(a);
    }
    assert_true(built);
    pipeline_free(&p);
}

/* Every kind of event has a process and a name, and every recorded kind a name: a kind
 * added to the enum without its table entry fails here (the static assertions check the
 * tables' sizes; this checks that no entry in them is empty). */
static void test_every_kind_has_a_process(void **state)
{
    (void)state;
    for (uint32_t k = 0; k < EV_COUNT; k++) {
        assert_non_null(ops_processes[k].run);
        assert_non_null(ops_processes[k].name);
        for (uint32_t j = 0; j < k; j++)
            assert_string_not_equal(ops_processes[j].name, ops_processes[k].name);
    }
    for (uint32_t k = 0; k < CS_OEV_COUNT; k++)
        assert_non_null(cs_oev_names[k]);
}

/* A run reads its configuration and writes only its own state. */
typedef struct job {
    cs_ops *o;
    uint64_t seed;
    char *json;
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    if (cs_ops_run(j->o, j->seed, 3) == CS_OK)
        j->json = json_of(cs_ops_result_of(j->o));
    return NULL;
}

/* Two states on one configuration, run at once in two threads, give what one state gives
 * run twice; the configuration is unchanged. */
static void test_config_shared_by_threads(void **state)
{
    (void)state;
    const char *const edits[][3] = {
        {"scenarios/kaz-2022.yaml", "kind: parliament-session\n    state: KGZ",
         "kind: parliament-session\n    state: ARM"},
        {"scenarios/kaz-2022.yaml", "kind: parliament-session\n    state: KGZ",
         "kind: parliament-session\n    state: ARM"},
        {"catalog.yaml", "value: 0.5\n    unit: probability", "value: 0.3\n    unit: probability"}};
    const char *dir = data_copy(edits, 3);   /* KGZ's sittings are drawn at random */
    pipeline p;
    pipeline_decide_in(&p, dir, "kaz-2022", NULL);
    cs_diags d;
    cs_diags_init(&d);
    const cs_ops_config *cfg = cs_ops_config_new(p.m, p.law, p.pol, p.arena, &d);
    assert_non_null(cfg);
    size_t ncont = cfg->ncont * sizeof *cfg->cont, nsites = cfg->nsites * sizeof *cfg->sites;
    void *cont0 = malloc(ncont), *sites0 = malloc(nsites);
    memcpy(cont0, cfg->cont, ncont);
    memcpy(sites0, cfg->sites, nsites);
    job a = {cs_ops_new(cfg, p.arena, &d), 11, NULL}, b = {cs_ops_new(cfg, p.arena, &d), 12, NULL};
    cs_ops *one = cs_ops_new(cfg, p.arena, &d);
    assert_true(a.o && b.o && one);
    pthread_t ta, tb;
    assert_int_equal(pthread_create(&ta, NULL, run_job, &a), 0);
    assert_int_equal(pthread_create(&tb, NULL, run_job, &b), 0);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    assert_non_null(a.json);
    assert_non_null(b.json);
    job c = {one, 11, NULL}, e = {one, 12, NULL};
    run_job(&c);
    char *c_json = c.json;
    run_job(&e);
    assert_string_equal(a.json, c_json);
    assert_string_equal(b.json, e.json);
    assert_string_not_equal(a.json, b.json);   /* the seeds draw different sittings */
    assert_memory_equal(cont0, cfg->cont, ncont);
    assert_memory_equal(sites0, cfg->sites, nsites);
    free(a.json);
    free(b.json);
    free(c_json);
    free(e.json);
    free(cont0);
    free(sites0);
    cs_diags_free(&d);
    pipeline_free(&p);
    data_remove(dir);
}

/* A run allocates nothing: not the first on a state, nor any after. */
static void test_run_allocates_nothing(void **state)
{
    (void)state;
    pipeline p;
    pipeline_decide(&p, "kaz-2022", NULL);
    cs_diags d;
    cs_diags_init(&d);
    p.ops = pipeline_ops(&p, &d);
    assert_non_null(p.ops);
    for (uint64_t seed = 1; seed <= 3; seed++) {
        long before = cs_mem_count();
        assert_int_equal(cs_ops_run(p.ops, seed, seed), CS_OK);
        assert_int_equal(cs_mem_count(), before);
    }
    cs_diags_free(&d);
    pipeline_free(&p);
}

/* Sixty statements make no difference: with a low quorum probability and no sitting
 * recorded for Kyrgyzstan, every seed gives the same operation with and without them
 * (parliament sittings are limited by a parameter, not by a buffer sized from the number
 * of the scenario's events). */
static void test_inert_events_change_nothing(void **state)
{
    (void)state;
    char statements[60 * 128] = "";
    for (int i = 0; i < 60; i++) {
        size_t n = strlen(statements);
        snprintf(statements + n, sizeof statements - n, "  - {id: inert-%d, at: 2022-01-10T12:00,"
                 " kind: statement, by: KAZ, who: A, text: T, source: kz22-8}\n", i);
    }
    const char *tail = "  - id: end-request\n";
    size_t nmore = strlen(statements) + strlen(tail) + 1;
    char *more = malloc(nmore);
    assert_non_null(more);
    snprintf(more, nmore, "%s%s", statements, tail);
    const char *const edits[][3] = {
        {"scenarios/kaz-2022.yaml", "kind: parliament-session\n    state: KGZ",
         "kind: parliament-session\n    state: ARM"},
        {"scenarios/kaz-2022.yaml", "kind: parliament-session\n    state: KGZ",
         "kind: parliament-session\n    state: ARM"},
        {"catalog.yaml", "value: 0.5\n    unit: probability", "value: 0.03\n    unit: probability"},
        {"scenarios/kaz-2022.yaml", tail, more}};
    char plain[64], busy[64];   /* data_copy returns a static buffer */
    snprintf(plain, sizeof plain, "%s", data_copy(edits, 3));
    pipeline p;
    pipeline_decide_in(&p, plain, "kaz-2022", NULL);
    snprintf(busy, sizeof busy, "%s", data_copy(edits, 4));
    pipeline q;
    pipeline_decide_in(&q, busy, "kaz-2022", NULL);
    assert_int_equal(q.law->sit.s->nevents, p.law->sit.s->nevents + 60);
    int refused = 0;
    for (uint64_t seed = 1; seed <= 40; seed++) {
        char *a = json_of(pipeline_run(&p, seed));
        const cs_ops_result *r = pipeline_run(&q, seed);
        char *b = json_of(r);
        assert_string_equal(a, b);
        for (uint32_t c = 0; c < r->ncontingents; c++)
            refused += strcmp(r->contingents[c].state->id, "KGZ") == 0 &&
                       r->contingents[c].refused;
        free(a);
        free(b);
    }
    /* At p = 0.03, ten sittings fail in most seeds: the limit is reached, and binds. */
    assert_true(refused > 20);
    free(more);
    pipeline_free(&p);
    pipeline_free(&q);
    data_remove(plain);
    data_remove(busy);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_invariants_after_every_event),
        cmocka_unit_test(test_properties_from_result),
        cmocka_unit_test(test_failed_vote),
        cmocka_unit_test(test_deterministic_and_no_allocation),
        cmocka_unit_test(test_no_operation_without_act),
        cmocka_unit_test(test_mixed_fleet_does_not_stall),
        cmocka_unit_test(test_cargo_no_aircraft_takes),
        cmocka_unit_test(test_no_quorum_ever),
        cmocka_unit_test(test_members_only),
        cmocka_unit_test(test_parameter_ranges),
        cmocka_unit_test(test_build_out_of_memory),
        cmocka_unit_test(test_every_kind_has_a_process),
        cmocka_unit_test(test_config_shared_by_threads),
        cmocka_unit_test(test_run_allocates_nothing),
        cmocka_unit_test(test_inert_events_change_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
