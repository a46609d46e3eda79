/* Facts that carry time and dispute, on small libraries held in memory: facts known from a
 * date, several claimants and deniers asked for by claimed_by and denied_by, actors as
 * parties, the host's state facts, and a scenario that brings its own sources, vocabulary
 * entries and actors; with the load errors each of these can raise. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "law/law.h"
#include "load/load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *BASE =
    "casus: 1\nkind: sources\nsources: [{id: s, type: seed, ref: x, title: t}]\n";
static const char *VOCAB =
    "casus: 1\nkind: vocabulary\nfacts:\n"
    "  - {path: crisis.link, type: bool, default: false, doc: d}\n"
    "  - {path: crisis.adversary, type: state, doc: d}\n"
    "  - {path: state.base, type: bool, default: false, doc: d}\n";
static const char *ACTORS =
    "casus: 1\nkind: actors\n"
    "actors: [{id: grp, name: A group, kind: armed-group, source: s}]\n";

/* The host HHH, with the state facts given (a YAML flow list's items). */
static char *host(const char *facts)
{
    static char buf[1024];
    snprintf(buf, sizeof buf,
             "casus: 1\nkind: state\nid: HHH\nname: H\ngovernment: presidential\n"
             "capital: {name: h, lat: 0, lon: 0}\nutc_offset: \"+00:00\"\nsource: s\n"
             "facts: [%s]\n", facts);
    return buf;
}

static const char *OTHER =
    "casus: 1\nkind: state\nid: BBB\nname: B\ngovernment: presidential\n"
    "capital: {name: b, lat: 1, lon: 1}\nutc_offset: \"+00:00\"\nsource: s\n";

/* An alliance of HHH and BBB whose clauses' triggers are the expressions given (up to
 * eight), clause i named c<i>. */
static char *alliance(const char *const *triggers, size_t n)
{
    static char buf[8192];
    int used = snprintf(buf, sizeof buf,
                        "casus: 1\nkind: alliance\nid: ALL\nname: All\nfounded: 2000-01-01\n"
                        "lead: BBB\nsource: s\nmembers:\n"
                        "  - {state: HHH, history: [{event: joined, date: 2000-01-01, source: s}]}\n"
                        "  - {state: BBB, history: [{event: joined, date: 2000-01-01, source: s}]}\n"
                        "organs: [{id: c, name: Council, composition: heads-of-state,"
                        " rule: consensus, source: s}]\n"
                        "clauses:\n");
    for (size_t i = 0; i < n; i++)
        used += snprintf(buf + used, sizeof buf - (size_t)used,
                         "  - {id: c%zu, name: C, requires_request: false, trigger: \"%s\","
                         " source: s}\n", i, triggers[i]);
    return buf;
}

static char *scenario(const char *start, const char *facts, const char *extra)
{
    static char buf[4096];
    snprintf(buf, sizeof buf,
             "casus: 1\nkind: scenario\nid: sc\nname: S\nalliance: ALL\nhost: HHH\n"
             "start: %s\nutc_offset: \"+00:00\"\nsource: s\nfacts: [%s]\n%s",
             start, facts, extra ? extra : "");
    return buf;
}

typedef struct run {
    cs_model *m;
    cs_arena *a;
    cs_law_result law;
    cs_diags d;
    cs_status st;
    char *errors;            /* the diagnostics printed, when loading failed */
    size_t nerrors;
} run;

/* Load BASE, VOCAB, ACTORS, the host (with its facts), BBB, the alliance and the scenario;
 * when the library loads, evaluate its law at the scenario's moment. */
static void load(run *r, const char *host_facts, const char *all, const char *sc)
{
    memset(r, 0, sizeof *r);
    cs_diags_init(&r->d);
    cs_loader *l = cs_loader_new(&r->d);
    const char *texts[] = {BASE, VOCAB, ACTORS, host(host_facts), OTHER, all, sc};
    const char *names[] = {"t.yaml", "v.yaml", "a.yaml", "h.yaml", "b.yaml", "all.yaml",
                           "sc.yaml"};
    for (size_t i = 0; i < 7; i++)
        cs_loader_add_buffer(l, names[i], texts[i], strlen(texts[i]));
    r->m = cs_loader_finish(l);
    if (!r->m) {
        FILE *out = open_memstream(&r->errors, &r->nerrors);
        assert_non_null(out);
        cs_diags_print(&r->d, out);
        fclose(out);
        return;
    }
    r->a = cs_arena_new();
    cs_law_opts o = {.trace_cap = 64};
    r->st = cs_law_eval(&r->law, r->m, cs_model_scenario(r->m, "sc"), &o, r->a, &r->d);
}

static void done(run *r)
{
    cs_arena_free(r->a);
    cs_model_free(r->m);
    cs_diags_free(&r->d);
    free(r->errors);
}

/* Clause c<i>'s trigger held. */
static bool held(const run *r, size_t i)
{
    if (!r->m)
        fprintf(stderr, "%s", r->errors ? r->errors : "");
    assert_non_null(r->m);
    assert_int_equal(r->st, CS_OK);
    assert_true(i < r->law.nclauses);
    return r->law.clauses[i].f.value;
}

/* The load failed with a diagnostic containing `want`. */
static void fails_with(const run *r, const char *want)
{
    assert_null(r->m);
    assert_non_null(r->errors);
    if (!strstr(r->errors, want))
        fprintf(stderr, "expected '%s' in:\n%s", want, r->errors);
    assert_non_null(strstr(r->errors, want));
}

static void test_known_from(void **state)
{
    (void)state;
    const char *t[] = {"crisis.link", "stated(crisis.link)", "evidenced(crisis.link)"};
    const char *fact = "{path: crisis.link, value: true, status: evidenced,"
                       " known_from: 2012-01-05, source: s}";
    run r;
    /* Before the date it becomes known, the fact reads as its default, and is not stated. */
    load(&r, "", alliance(t, 3), scenario("2012-01-01", fact, NULL));
    assert_false(held(&r, 0));
    assert_false(held(&r, 1));
    assert_false(held(&r, 2));
    /* The trace says why. */
    char *out = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&out, &n);
    assert_non_null(f);
    cs_trace_print(f, &r.law.clauses[0].f.trace, 0);
    fclose(f);
    assert_non_null(strstr(out, "not known until 2012-01-05"));
    free(out);
    done(&r);
    /* On and after that date, it is read. */
    load(&r, "", alliance(t, 3), scenario("2012-01-05", fact, NULL));
    assert_true(held(&r, 0));
    assert_true(held(&r, 1));
    assert_true(held(&r, 2));
    done(&r);
}

static void test_latest_known_statement_wins(void **state)
{
    (void)state;
    const char *t[] = {"crisis.link", "claimed(crisis.link)"};
    const char *facts = "{path: crisis.link, value: true, status: claimed, by: HHH, source: s},"
                        "{path: crisis.link, value: false, status: evidenced,"
                        " known_from: 2012-01-05, source: s}";
    run r;
    load(&r, "", alliance(t, 2), scenario("2012-01-03", facts, NULL));
    assert_true(held(&r, 0));   /* the claim, as known then */
    assert_true(held(&r, 1));
    done(&r);
    load(&r, "", alliance(t, 2), scenario("2012-01-09", facts, NULL));
    assert_false(held(&r, 0));  /* the later evidence */
    assert_false(held(&r, 1));
    done(&r);
    /* The same path twice without a date is still an error. */
    load(&r, "", alliance(t, 2),
         scenario("2012-01-03", "{path: crisis.link, value: true, status: evidenced, source: s},"
                  "{path: crisis.link, value: false, status: evidenced, source: s}", NULL));
    fails_with(&r, "fact 'crisis.link' is stated twice");
    done(&r);
}

static void test_claimants_and_deniers(void **state)
{
    (void)state;
    const char *t[] = {
        "claimed_by(crisis.link, 'HHH')", "claimed_by(crisis.link, 'grp')",
        "claimed_by(crisis.link, 'BBB')", "denied_by(crisis.link, 'BBB')",
        "denied_by(crisis.link, host)",     "evidenced(crisis.link)",
        "claimed(crisis.link)",
    };
    const char *fact = "{path: crisis.link, value: true, status: claimed, claimed_by: [HHH, grp],"
                       " denied_by: [BBB], source: s}";
    run r;
    load(&r, "", alliance(t, 7), scenario("2012-01-01", fact, NULL));
    bool want[] = {true, true, false, true, false, false, true};
    for (size_t i = 0; i < 7; i++)
        assert_int_equal(held(&r, i), want[i]);
    done(&r);
    /* Evidence that a party denies stays evidence. */
    load(&r, "", alliance(t, 7),
         scenario("2012-01-01", "{path: crisis.link, value: true, status: evidenced,"
                  " denied_by: [grp], source: s}", NULL));
    bool want2[] = {false, false, false, false, false, true, false};
    for (size_t i = 0; i < 7; i++)
        assert_int_equal(held(&r, i), want2[i]);
    done(&r);
    /* A fact not yet known is claimed and denied by nobody. */
    load(&r, "", alliance(t, 7),
         scenario("2012-01-01", "{path: crisis.link, value: true, status: claimed,"
                  " claimed_by: [grp], denied_by: [BBB], known_from: 2013-01-01, source: s}",
                  NULL));
    for (size_t i = 0; i < 7; i++)
        assert_false(held(&r, i));
    done(&r);
}

static void test_actor_as_adversary(void **state)
{
    (void)state;
    const char *t[] = {"crisis.adversary == 'grp'", "member(crisis.adversary)"};
    run r;
    load(&r, "", alliance(t, 2),
         scenario("2012-01-01", "{path: crisis.adversary, value: grp, status: evidenced,"
                  " source: s}", NULL));
    assert_true(held(&r, 0));
    assert_false(held(&r, 1));
    done(&r);
}

static void test_state_facts_read_for_the_host(void **state)
{
    (void)state;
    const char *t[] = {"state.base", "evidenced(state.base)"};
    const char *base = "{path: base, value: true, status: evidenced, source: s}";
    run r;
    load(&r, base, alliance(t, 2), scenario("2012-01-01", "", NULL));
    assert_true(held(&r, 0));
    assert_true(held(&r, 1));
    done(&r);
    /* Without the state's fact, its default. */
    load(&r, "", alliance(t, 2), scenario("2012-01-01", "", NULL));
    assert_false(held(&r, 0));
    done(&r);
    /* A state fact known only from a later date is not read yet. */
    load(&r, "{path: base, value: true, status: evidenced, known_from: 2015-01-01, source: s}",
         alliance(t, 2), scenario("2012-01-01", "", NULL));
    assert_false(held(&r, 0));
    done(&r);
    /* The scenario's statement of the same path wins. */
    load(&r, base, alliance(t, 2),
         scenario("2012-01-01", "{path: state.base, value: false, status: evidenced,"
                  " source: s}", NULL));
    assert_false(held(&r, 0));
    done(&r);
}

static void test_fact_of_another_state(void **state)
{
    (void)state;
    const char *t[] = {"fact_of(state.base, 'HHH')", "fact_of(state.base, 'BBB')",
                       "fact_of(state.base, host) and not fact_of(state.base, 'grp')"};
    run r;
    load(&r, "{path: base, value: true, status: evidenced, source: s}", alliance(t, 3),
         scenario("2012-01-01", "", NULL));
    assert_true(held(&r, 0));
    assert_false(held(&r, 1));   /* BBB states nothing: the default */
    assert_true(held(&r, 2));    /* an actor has no state facts: unknown, not true */
    done(&r);
    /* Not known yet at the moment. */
    load(&r, "{path: base, value: true, status: evidenced, known_from: 2013-01-01, source: s}",
         alliance(t, 3), scenario("2012-01-01", "", NULL));
    assert_false(held(&r, 0));
    done(&r);
    /* Its type is the fact's, and it reads only state facts. */
    const char *bad_type[] = {"fact_of(state.base, 'BBB') + 1 > 0"};
    load(&r, "", alliance(bad_type, 1), scenario("2012-01-01", "", NULL));
    fails_with(&r, "found bool");
    done(&r);
    const char *bad_name[] = {"fact_of(crisis.link, 'BBB')"};
    load(&r, "", alliance(bad_name, 1), scenario("2012-01-01", "", NULL));
    fails_with(&r, "'fact_of' reads a state's fact, a name under 'state.'");
    done(&r);
}

static void test_scenario_brings_its_own(void **state)
{
    (void)state;
    const char *t[] = {"mine.flag", "claimed_by(mine.flag, 'mob')"};
    const char *extra =
        "sources: [{id: own, type: record, ref: r, title: Own}]\n"
        "vocabulary: [{path: mine.flag, type: bool, default: false, doc: d}]\n"
        "actors: [{id: mob, name: A crowd, kind: movement, source: own}]\n";
    run r;
    load(&r, "", alliance(t, 2),
         scenario("2012-01-01", "{path: mine.flag, value: true, status: claimed,"
                  " claimed_by: [mob], source: own}", extra));
    assert_true(held(&r, 0));
    assert_true(held(&r, 1));
    assert_non_null(cs_model_actor(r.m, "mob"));
    done(&r);
    /* It may add values to a string fact of the library's vocabulary. */
    const char *kind[] = {"mine.kind == 'riot'"};
    const char *vocab = "vocabulary: [{path: mine.kind, type: string, values: [a, b], doc: d}]\n";
    load(&r, "", alliance(kind, 1),
         scenario("2012-01-01", "{path: mine.kind, value: riot, status: evidenced, source: s}",
                  vocab));
    fails_with(&r, "'riot' is not a value of fact 'mine.kind'");
    done(&r);
    char both[512];
    snprintf(both, sizeof both, "%sextends: [{path: mine.kind, values: [b, riot], source: s}]\n",
             vocab);
    load(&r, "", alliance(kind, 1),
         scenario("2012-01-01", "{path: mine.kind, value: riot, status: evidenced, source: s}",
                  both));
    assert_true(held(&r, 0));
    const cs_vocab *v = cs_model_vocab(r.m, "mine.kind");
    assert_int_equal(v->nvalues, 3);   /* b is not repeated */
    assert_string_equal(v->values[2], "riot");
    done(&r);
    /* Its ids share the library's namespaces. */
    load(&r, "", alliance(t, 0),
         scenario("2012-01-01", "", "sources: [{id: s, type: record, ref: r, title: T}]\n"));
    fails_with(&r, "duplicate source id 's'");
    done(&r);
}

static void test_load_errors(void **state)
{
    (void)state;
    run r;
    const char *none[] = {"true"};
    load(&r, "", alliance(none, 1),
         scenario("2012-01-01", "{path: crisis.link, value: true, status: claimed,"
                  " claimed_by: [XYZ], source: s}", NULL));
    fails_with(&r, "sc.yaml:10:72: error: unknown party (a state or an actor) 'XYZ'");
    done(&r);
    load(&r, "", alliance(none, 1),
         scenario("2012-01-01", "{path: crisis.link, value: true, status: claimed, by: HHH,"
                  " claimed_by: [grp], source: s}", NULL));
    fails_with(&r, "give its claimants with 'by' or with 'claimed_by', not both");
    done(&r);
    load(&r, "", alliance(none, 1),
         scenario("2012-01-01", "{path: crisis.link, value: true, status: claimed,"
                  " claimed_by: [grp], denied_by: [grp], source: s}", NULL));
    fails_with(&r, "'grp' both claims and denies it");
    done(&r);
    load(&r, "", alliance(none, 1),
         scenario("2012-01-01", "{path: crisis.link, value: true, status: evidenced,"
                  " claimed_by: [grp], source: s}", NULL));
    fails_with(&r, "'claimed_by' is only for claimed facts");
    done(&r);
    load(&r, "", alliance(none, 1),
         scenario("2012-01-01", "", "actors: [{id: BBB, name: B, kind: government, source: s}]\n"));
    fails_with(&r, "actor 'BBB' has the id of a state");
    done(&r);
    const char *bad_arg[] = {"claimed_by(crisis.link, 3)"};
    load(&r, "", alliance(bad_arg, 1), scenario("2012-01-01", "", NULL));
    fails_with(&r, "argument 2 of 'claimed_by' must be a state, found a number");
    done(&r);
    const char *bad_name[] = {"denied_by('x', host)"};
    load(&r, "", alliance(bad_name, 1), scenario("2012-01-01", "", NULL));
    fails_with(&r, "'denied_by' takes the name of a fact");
    done(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_from),
        cmocka_unit_test(test_latest_known_statement_wins),
        cmocka_unit_test(test_claimants_and_deniers),
        cmocka_unit_test(test_actor_as_adversary),
        cmocka_unit_test(test_state_facts_read_for_the_host),
        cmocka_unit_test(test_fact_of_another_state),
        cmocka_unit_test(test_scenario_brings_its_own),
        cmocka_unit_test(test_load_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
