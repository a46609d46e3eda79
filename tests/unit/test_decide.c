/* The legal and political layers on small libraries held in memory: decision rules,
 * requests of each kind, doctrines by date and by choice, claims against evidence,
 * counterfactual values, and the ranking of reasons. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "law/law.h"
#include "load/load.h"
#include "politics/politics.h"

#include <stdio.h>
#include <string.h>

static const char *BASE =
    "casus: 1\nkind: sources\nsources: [{id: s, type: seed, ref: x, title: t}]\n";
static const char *VOCAB =
    "casus: 1\nkind: vocabulary\nfacts:\n"
    "  - {path: crisis.attack, type: bool, default: false, doc: d}\n"
    "  - {path: crisis.link, type: bool, default: false, doc: d}\n"
    "  - {path: stake, type: number, default: 0, doc: d}\n";
static const char *STATES =
    "casus: 1\nkind: state\nid: AAA\nname: A\ngovernment: presidential\n"
    "capital: {name: a, lat: 0, lon: 0}\nutc_offset: \"+00:00\"\nsource: s\n";

/* An alliance of AAA (lead), BBB, CCC, HHH (the host), deciding by `rule`; `extra` is
 * appended to its politics factors. */
static char *alliance(const char *rule, const char *factors)
{
    static char buf[8192];
    snprintf(buf, sizeof buf,
             "casus: 1\nkind: alliance\nid: ALL\nname: All\nfounded: 2000-01-01\nlead: AAA\n"
             "source: s\nmembers:\n"
             "  - {state: AAA, history: [{event: joined, date: 2000-01-01, source: s}]}\n"
             "  - {state: BBB, history: [{event: joined, date: 2000-01-01, source: s}]}\n"
             "  - {state: CCC, history: [{event: joined, date: 2000-01-01, source: s}]}\n"
             "  - {state: HHH, history: [{event: joined, date: 2000-01-01, source: s}]}\n"
             "organs: [{id: c, name: Council, composition: heads-of-state, rule: %s,"
             " threshold: 3/4, source: s}]\n"
             "clauses:\n"
             "  - {id: aid, name: Aid, requires_request: true,"
             " trigger: \"aggression and request.formal\", source: s}\n"
             "  - {id: talk, name: Talk, requires_request: true, trigger: \"request.by == host\","
             " source: s}\n"
             "  - {id: strict, name: Strict, requires_request: false,"
             " trigger: \"evidenced(crisis.link)\", source: s}\n"
             "doctrines:\n"
             "  - {id: old, name: Old, from: 2000-01-01, to: 2009-12-31, reading: r,"
             " defines: {aggression: crisis.attack}, source: s}\n"
             "  - {id: new, name: New, from: 2010-01-01, reading: r,"
             " defines: {aggression: \"crisis.attack or crisis.link\"}, source: s}\n"
             "politics:\n  support_at: 2\n  oppose_at: -2\n  why: w\n  source: s\n"
             "  factors:\n"
             "    - {id: cover, name: Cover, applies_to: all, when: law.triggered, weight: 2,"
             " why: w, source: s}\n"
             "    - {id: nocover, name: No cover, applies_to: all, when: \"not law.triggered\","
             " weight: -2, why: w, source: s}\n%s",
             rule, factors);
    return buf;
}

static char *scenario(const char *date, const char *facts, const char *request)
{
    static char buf[4096];
    snprintf(buf, sizeof buf,
             "casus: 1\nkind: scenario\nid: sc\nname: S\nalliance: ALL\nhost: HHH\n"
             "start: %s\nutc_offset: \"+00:00\"\nsource: s\nfacts: [%s]\nevents: [%s]\n",
             date, facts, request);
    return buf;
}

typedef struct run {
    cs_model *m;
    cs_arena *a;
    cs_law_result law;
    cs_pol_result pol;
    cs_diags d;
    cs_status st;
} run;

static void decide(run *r, const char *all, const char *sc, const cs_law_opts *o)
{
    memset(r, 0, sizeof *r);
    cs_diags_init(&r->d);
    cs_loader *l = cs_loader_new(&r->d);
    const char *texts[] = {BASE, VOCAB, STATES, all, sc};
    for (size_t i = 0; i < 5; i++)
        cs_loader_add_buffer(l, "t.yaml", texts[i], strlen(texts[i]));
    const char *more[] = {"BBB", "CCC", "HHH"};
    for (size_t i = 0; i < 3; i++) {
        char s[512];
        snprintf(s, sizeof s, "casus: 1\nkind: state\nid: %s\nname: X\ngovernment: presidential\n"
                 "capital: {name: x, lat: 1, lon: 1}\nutc_offset: \"+00:00\"\nsource: s\n",
                 more[i]);
        cs_loader_add_buffer(l, "t.yaml", s, strlen(s));
    }
    r->m = cs_loader_finish(l);
    if (!r->m)
        cs_diags_print(&r->d, stderr);
    assert_non_null(r->m);
    r->a = cs_arena_new();
    cs_law_opts none = {.trace_cap = 64};
    r->st = cs_law_eval(&r->law, r->m, cs_model_scenario(r->m, "sc"), o ? o : &none, r->a,
                        &r->d);
    if (r->st == CS_OK)
        r->st = cs_politics_eval(&r->pol, &r->law, r->a, &r->d, 64);
}

static void done(run *r)
{
    cs_arena_free(r->a);
    cs_model_free(r->m);
    cs_diags_free(&r->d);
}

#define REQ(kind, formal) \
    "{id: r, at: 2012-01-02, kind: " kind ", by: HHH, to: ALL, under: aid, purpose: p" formal ", source: s}"
#define AID REQ("request", ", formal: true")
#define ATTACK "{path: crisis.attack, value: true, status: evidenced, source: s}"

static void test_consensus_acts_with_cover(void **state)
{
    (void)state;
    run r;
    decide(&r, alliance("consensus", ""), scenario("2012-01-01", ATTACK, AID), NULL);
    assert_int_equal(r.st, CS_OK);
    assert_true(r.law.invoked && r.law.invoked->f.value);
    assert_int_equal(r.pol.decision, CS_DEC_ACT);
    assert_int_equal(r.pol.nviews, 4);
    assert_true(r.pol.views[0].is_lead);   /* the lead is weighed first */
    assert_string_equal(r.pol.reasons[0].who->state->id, "AAA");
    assert_string_equal(r.pol.reasons[0].c->factor->id, "cover");
    done(&r);
}

static void test_consensus_blocked_by_one(void **state)
{
    (void)state;
    /* CCC objects whatever happens: consensus fails, and CCC's factor is the reason. */
    run r;
    decide(&r, alliance("consensus", "    - {id: veto, name: Veto, applies_to: others,"
                        " when: \"member == 'CCC'\", weight: -9, why: w, source: s}\n"),
           scenario("2012-01-01", ATTACK, AID), NULL);
    assert_int_equal(r.pol.decision, CS_DEC_REFUSE);
    assert_non_null(strstr(r.pol.headline, "CCC objects"));
    assert_string_equal(r.pol.reasons[0].who->state->id, "CCC");
    assert_string_equal(r.pol.reasons[0].c->factor->id, "veto");
    done(&r);
}

static void test_rules(void **state)
{
    (void)state;
    /* BBB abstains (cover 2 - 1 = 1): consensus still acts, unanimity does not; a majority
     * (3 of 4) and a 3/4 qualified majority do. */
    const char *abstain = "    - {id: doubt, name: Doubt, applies_to: others,"
                          " when: \"member == 'BBB'\", weight: -1, why: w, source: s}\n";
    const char *rules[] = {"consensus", "unanimity", "majority", "qualified-majority"};
    cs_decision want[] = {CS_DEC_ACT, CS_DEC_REFUSE, CS_DEC_ACT, CS_DEC_ACT};
    for (int i = 0; i < 4; i++) {
        run r;
        decide(&r, alliance(rules[i], abstain), scenario("2012-01-01", ATTACK, AID), NULL);
        assert_int_equal(r.pol.decision, want[i]);
        done(&r);
    }
}

static void test_no_request_informal_consultations(void **state)
{
    (void)state;
    run r;
    decide(&r, alliance("consensus", ""), scenario("2012-01-01", ATTACK, ""), NULL);
    assert_int_equal(r.pol.decision, CS_DEC_NONE);
    assert_int_equal(r.pol.nviews, 0);
    done(&r);
    decide(&r, alliance("consensus", ""),
           scenario("2012-01-01", ATTACK, REQ("request", ", formal: false")), NULL);
    assert_int_equal(r.pol.decision, CS_DEC_NONE);
    assert_non_null(strstr(r.pol.headline, "not formal"));
    done(&r);
    decide(&r, alliance("consensus", ""),
           scenario("2012-01-01", "", "{id: r, at: 2012-01-02, kind: consultations-request,"
                    " by: HHH, to: ALL, under: talk, purpose: p, source: s}"), NULL);
    assert_int_equal(r.pol.decision, CS_DEC_CONSULT);
    done(&r);
}

static void test_doctrine_by_date_and_choice(void **state)
{
    (void)state;
    const char *link = "{path: crisis.link, value: true, status: claimed, by: HHH, source: s}";
    /* In 2008 the old reading is in force: a link is not aggression. */
    run r;
    decide(&r, alliance("consensus", ""), scenario("2008-01-01", link,
           "{id: r, at: 2008-01-02, kind: request, by: HHH, to: ALL, under: aid, purpose: p,"
           " formal: true, source: s}"), NULL);
    assert_string_equal(r.law.sit.doctrine->id, "old");
    assert_false(r.law.invoked->f.value);
    assert_int_equal(r.pol.decision, CS_DEC_REFUSE);
    assert_string_equal(r.pol.reasons[0].c->factor->id, "nocover");
    done(&r);
    /* In 2012 the new one is, and the claimed link suffices... */
    decide(&r, alliance("consensus", ""), scenario("2012-01-01", link, AID), NULL);
    assert_string_equal(r.law.sit.doctrine->id, "new");
    assert_int_equal(r.pol.decision, CS_DEC_ACT);
    /* ... but a clause that asks for evidence is not triggered by a claim. */
    assert_string_equal(r.law.clauses[2].clause->id, "strict");
    assert_false(r.law.clauses[2].f.value);
    done(&r);
    /* The old reading applied by choice in 2012. */
    cs_law_opts o = {.doctrine = "old"};
    decide(&r, alliance("consensus", ""), scenario("2012-01-01", link, AID), &o);
    assert_true(r.law.sit.doctrine_overridden);
    assert_int_equal(r.pol.decision, CS_DEC_REFUSE);
    done(&r);
}

static void test_overrides(void **state)
{
    (void)state;
    cs_override sets[] = {{"crisis.attack", "false"}, {"stake", "2.5"}};
    cs_law_opts o = {.sets = sets, .nsets = 2};
    run r;
    decide(&r, alliance("consensus", ""), scenario("2012-01-01", ATTACK, AID), &o);
    assert_int_equal(r.st, CS_OK);
    assert_int_equal(r.pol.decision, CS_DEC_REFUSE);
    int k = cs_slot_index(r.m, "stake");
    assert_true(r.law.sit.slots[k].overridden && r.law.sit.slots[k].v.num == 2.5);
    done(&r);
    cs_override bad[] = {{"crisis.atack", "true"}};
    cs_law_opts ob = {.sets = bad, .nsets = 1};
    decide(&r, alliance("consensus", ""), scenario("2012-01-01", ATTACK, AID), &ob);
    assert_int_equal(r.st, CS_ERR_USAGE);
    assert_non_null(strstr(r.d.v[0].msg, "did you mean 'crisis.attack'"));
    done(&r);
    cs_override bad2[] = {{"stake", "12abc"}};
    cs_law_opts ob2 = {.sets = bad2, .nsets = 1};
    decide(&r, alliance("consensus", ""), scenario("2012-01-01", ATTACK, AID), &ob2);
    assert_int_equal(r.st, CS_ERR_USAGE);
    cs_law_opts od = {.doctrine = "newest"};
    done(&r);
    decide(&r, alliance("consensus", ""), scenario("2012-01-01", ATTACK, AID), &od);
    assert_int_equal(r.st, CS_ERR_USAGE);
    done(&r);
}

static void test_reasons_ranked(void **state)
{
    (void)state;
    /* The lead's contributions, strongest first; a value expression scales its weight. */
    run r;
    decide(&r, alliance("consensus", "    - {id: small, name: S, applies_to: lead, weight: 0.5,"
                        " why: w, source: s}\n    - {id: big, name: B, applies_to: lead,"
                        " value: \"stake + 1\", weight: 2, why: w, source: s}\n"),
           scenario("2012-01-01", ATTACK ", {path: stake, value: 3, status: evidenced,"
                    " source: s}", AID), NULL);
    assert_int_equal(r.pol.decision, CS_DEC_ACT);
    assert_int_equal(r.pol.nreasons, 3);
    assert_string_equal(r.pol.reasons[0].c->factor->id, "big");
    assert_true(r.pol.reasons[0].c->amount == 8);
    assert_string_equal(r.pol.reasons[1].c->factor->id, "cover");
    assert_string_equal(r.pol.reasons[2].c->factor->id, "small");
    assert_true(r.pol.views[0].score == 10.5);
    done(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_consensus_acts_with_cover),
        cmocka_unit_test(test_consensus_blocked_by_one),
        cmocka_unit_test(test_rules),
        cmocka_unit_test(test_no_request_informal_consultations),
        cmocka_unit_test(test_doctrine_by_date_and_choice),
        cmocka_unit_test(test_overrides),
        cmocka_unit_test(test_reasons_ranked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
