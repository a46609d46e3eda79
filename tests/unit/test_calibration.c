/* Calibration: the Kazakhstan 2022 run against the record, from the JSON the user gets.
 * Every target is read from the scenario's recorded outcome (data/scenarios/kaz-2022.yaml),
 * never written here; the tolerances are those of docs/calibration.md. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "pipeline.h"
#include "report/runreport.h"

#include <math.h>

static pipeline P;
static json_t *J;          /* the whole run, as `casus run --json` prints it */
static const cs_operation_rec *REC;

static int setup(void **state)
{
    (void)state;
    pipeline_decide(&P, "kaz-2022", NULL);
    pipeline_run(&P, 1);
    J = cs_runreport_json(P.run);
    REC = &P.law->sit.s->outcome.op;
    return J && REC->present ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    json_decref(J);
    pipeline_free(&P);
    return 0;
}

/* Minutes since the epoch of "YYYY-MM-DD HH:MM" or "YYYY-MM-DD" in the JSON. */
static int64_t minutes(const char *s)
{
    cs_time t;
    const char *err;
    size_t pos;
    char buf[32];
    snprintf(buf, sizeof buf, "%s", s);
    if (strlen(buf) > 10)
        buf[10] = 'T';
    assert_true(cs_date_parse(buf, CS_PREC_DAY | CS_PREC_MINUTE, &t, &err, &pos));
    return t.min;
}

static int64_t jtime(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    assert_true(json_is_string(v));
    return minutes(json_string_value(v));
}

static double jnum(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    assert_true(json_is_number(v));
    return json_number_value(v);
}

static json_t *op(void) { return json_object_get(J, "operation"); }

static int64_t day_start(cs_time t) { return t.min - ((t.min % 1440) + 1440) % 1440; }

/* The simulated time falls on the recorded day, widened by `slack` minutes each side. */
static void on_day(int64_t sim, const cs_figure *rec, int64_t slack, const char *what)
{
    assert_true(rec->present);
    int64_t d0 = day_start(rec->v.t), d1 = d0 + 1440;
    if (sim < d0 - slack || sim >= d1 + slack) {
        char a[32], b[32];
        cs_date_format((cs_time){sim, CS_PREC_MINUTE}, a, sizeof a);
        cs_date_format(rec->v.t, b, sizeof b);
        fail_msg("%s: simulated %s, recorded %s (+-%lld min)", what, a, b, (long long)slack);
    }
}

static void within(double sim, const cs_figure *rec, double share, const char *what)
{
    assert_true(rec->present);
    double want = rec->v.num;
    if (fabs(sim - want) > share * want)
        fail_msg("%s: simulated %g, recorded %g (+-%g%%)", what, sim, want, share * 100);
}

static json_t *contingent(const char *state)
{
    json_t *cs = json_object_get(op(), "contingents"), *c;
    size_t i;
    json_array_foreach(cs, i, c)
        if (strcmp(json_string_value(json_object_get(c, "state")), state) == 0)
            return c;
    fail_msg("no contingent %s", state);
    return NULL;
}

static void test_decision_dated(void **state)
{
    (void)state;
    const cs_outcome *o = &P.law->sit.s->outcome;
    json_t *dec = json_object_get(J, "decision");
    assert_string_equal(json_string_value(json_object_get(dec, "decision")),
                        cs_decision_name(o->decision));
    cs_figure f = {.present = true, .v = {.kind = CS_V_DATE, .t = o->date}};
    on_day(jtime(dec, "date"), &f, 0, "council decision");
}

static void test_arrivals(void **state)
{
    (void)state;
    on_day(jtime(op(), "first_arrival"), &REC->first_arrival, 0, "first arrival");
    /* Each contingent's first personnel on the day the record gives. */
    for (uint32_t i = 0; i < REC->ncontingents; i++) {
        const cs_contingent_rec *c = &REC->contingents[i];
        if (!c->has_arrived)
            continue;
        cs_figure f = {.present = true, .v = {.kind = CS_V_DATE, .t = c->arrived}};
        on_day(jtime(contingent(c->state.id), "first_arrival"), &f, 0, c->state.id);
    }
    /* A contingent authorized by a parliament vote lands after that vote. */
    const cs_scenario *s = P.law->sit.s;
    for (uint32_t i = 0; i < s->nevents; i++) {
        const cs_event *e = &s->events[i];
        if (e->kind != CS_EV_PARLIAMENT_SESSION || !e->quorum)
            continue;
        json_t *c = contingent(e->state.id);
        assert_true(jtime(c, "authorized_at") >= e->at.min);
        assert_true(jtime(c, "first_arrival") >= e->at.min);
    }
}

static void test_deployment_complete(void **state)
{
    (void)state;
    on_day(jtime(op(), "deployed"), &REC->complete, 12 * 60, "deployment complete");
    within(jnum(op(), "personnel_deployed"), &REC->personnel, 0.10, "personnel");
    within(jnum(op(), "vehicles_deployed"), &REC->equipment, 0.15, "equipment");
}

static void test_flights_in(void **state)
{
    (void)state;
    within(jnum(op(), "flights_in"), &REC->flights_in, 0.20, "flights in");
    /* ... over about four days: first to last inbound landing within 4.8 days. */
    json_t *fl = json_object_get(op(), "flights"), *f;
    size_t i;
    int64_t first = INT64_MAX, last = INT64_MIN;
    json_array_foreach(fl, i, f) {
        if (strcmp(json_string_value(json_object_get(f, "direction")), "in") != 0)
            continue;
        int64_t t = jtime(f, "arrives");
        first = t < first ? t : first;
        last = t > last ? t : last;
    }
    assert_true(last - first <= (int64_t)(4.8 * 1440));
}

static void test_sites(void **state)
{
    (void)state;
    /* Sites needed from the start are all covered by the end of the recorded day of
     * completion; sites added later within a day of being added. */
    int64_t by = day_start(REC->complete.v.t) + 1440;
    json_t *st = json_object_get(op(), "sites"), *s;
    size_t i;
    uint32_t added = 0;
    json_array_foreach(st, i, s) {
        int64_t need = jtime(s, "needed_from"), cov = jtime(s, "covered");
        if (need <= jtime(op(), "decision"))
            assert_true(cov <= by);
        else {
            added++;
            assert_true(cov - need <= 1440);
        }
    }
    within((double)json_array_size(st), &REC->sites_total, 0, "sites in all");
    within((double)(json_array_size(st) - added), &REC->sites_initial, 0, "sites at first");
}

static void test_withdrawal(void **state)
{
    (void)state;
    on_day(jtime(op(), "withdrawal_start"), &REC->withdrawal_start, 0, "withdrawal start");
    on_day(jtime(op(), "end"), &REC->withdrawal_end, 24 * 60, "last home");
    within(jnum(op(), "flights_out"), &REC->flights_out, 0.20, "flights out");
    const char *lead = P.law->sit.a->lead.id;
    for (uint32_t i = 0; i < REC->ncontingents; i++) {
        const cs_contingent_rec *c = &REC->contingents[i];
        json_t *j = contingent(c->state.id);
        /* The others leave on their recorded day (+-12 h); the way home is as recorded. */
        if (c->has_left && strcmp(c->state.id, lead) != 0) {
            cs_figure f = {.present = true, .v = {.kind = CS_V_DATE, .t = c->left}};
            on_day(jtime(j, "left"), &f, 12 * 60, c->state.id);
        }
        if (c->home_by)
            assert_int_equal(json_is_true(json_object_get(j, "home_by_road")),
                             strcmp(c->home_by, "road") == 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decision_dated),
        cmocka_unit_test(test_arrivals),
        cmocka_unit_test(test_deployment_complete),
        cmocka_unit_test(test_flights_in),
        cmocka_unit_test(test_sites),
        cmocka_unit_test(test_withdrawal),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
