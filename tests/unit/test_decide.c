/* The legal and political layers on small libraries held in memory: decision rules,
 * requests of each kind, doctrines by date and by choice, claims against evidence,
 * counterfactual values, the ranking of reasons, evaluation errors, and politics run
 * twice on one law result. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "law/law.h"
#include "load/load.h"
#include "politics/politics.h"
#include "report/decision.h"
#include "run/run.h"

#include <stdio.h>
#include <string.h>

static const char *BASE =
    "casus: 1\nkind: sources\nsources: [{id: s, type: seed, ref: x, title: t}]\n";
static const char *VOCAB =
    "casus: 1\nkind: vocabulary\nfacts:\n"
    "  - {path: crisis.attack, type: bool, default: false, doc: d}\n"
    "  - {path: crisis.link, type: bool, default: false, doc: d}\n"
    "  - {path: stake, type: number, default: 0, doc: d}\n"
    "  - {path: crisis.list, type: list, doc: d}\n";
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
    const char *names[] = {"t.yaml", "t.yaml", "t.yaml", "all.yaml", "sc.yaml"};
    for (size_t i = 0; i < 5; i++)
        cs_loader_add_buffer(l, names[i], texts[i], strlen(texts[i]));
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
    /* The lead's contributions, strongest first; a value expression scales its weight.
     * Under lead-support consensus an act is the lead's alone. */
    run r;
    decide(&r, alliance("consensus, consensus: lead-support", "    - {id: small, name: S, applies_to: lead, weight: 0.5,"
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

/* "FILE:LINE:COL" of the first `needle` in `text` (plus `plus` characters), loaded as FILE. */
static const char *where_of(const char *file, const char *text, const char *needle,
                            size_t plus)
{
    static char buf[128];
    const char *at = strstr(text, needle);
    assert_non_null(at);
    at += plus;
    unsigned line = 1, col = 1;
    for (const char *p = text; p < at; p++, col++)
        if (*p == '\n') {
            line++;
            col = 0;
        }
    snprintf(buf, sizeof buf, "%s:%u:%u", file, line, col);
    return buf;
}

/* The diagnostic that mentions `what`, or a failure. */
static const cs_diag *diag_with(const run *r, const char *what)
{
    for (size_t i = 0; i < r->d.n; i++)
        if (strstr(r->d.v[i].msg, what))
            return &r->d.v[i];
    for (size_t i = 0; i < r->d.n; i++)
        fprintf(stderr, "%s: %s\n", r->d.v[i].where ? r->d.v[i].where : "?", r->d.v[i].msg);
    fail_msg("no diagnostic mentions '%s'", what);
    return NULL;
}

static void test_factor_value_error(void **state)
{
    (void)state;
    /* stake is 0 (its default): the value divides by zero. The run fails with the
     * expression status, at the `/` of the value, once although four members weigh it. */
    const char *div = "    - {id: ratio, name: R, applies_to: all, value: \"1 / stake\", weight: 1,"
                      " why: w, source: s}\n";
    run r;
    const char *all = alliance("consensus", div);
    char want[128];
    snprintf(want, sizeof want, "%s", where_of("all.yaml", all, "1 / stake", 2));
    decide(&r, all, scenario("2012-01-01", ATTACK, AID), NULL);
    assert_int_equal(r.st, CS_ERR_EXPR);
    assert_int_equal(r.d.worst, CS_ERR_EXPR);
    assert_int_equal(r.d.n, 1);
    const cs_diag *g = diag_with(&r, "factor 'ratio' (weighing AAA): its value cannot be "
                                     "evaluated: division by zero");
    assert_string_equal(g->where, want);
    done(&r);
    /* The same factor's condition: "does not apply" is not an answer. */
    const char *when = "    - {id: ratio, name: R, applies_to: others, when: \"1 / stake > 1\","
                       " weight: 1, why: w, source: s}\n";
    all = alliance("consensus", when);
    snprintf(want, sizeof want, "%s", where_of("all.yaml", all, "1 / stake > 1", 2));
    decide(&r, all, scenario("2012-01-01", ATTACK, AID), NULL);
    assert_int_equal(r.st, CS_ERR_EXPR);
    g = diag_with(&r, "factor 'ratio' (weighing BBB): its condition cannot be evaluated: "
                      "division by zero");
    assert_string_equal(g->where, want);
    done(&r);
    /* With a stake, the same factors evaluate and the run goes on. */
    cs_override sets[] = {{"stake", "4"}};
    cs_law_opts o = {.sets = sets, .nsets = 1};
    decide(&r, alliance("consensus", div), scenario("2012-01-01", ATTACK, AID), &o);
    assert_int_equal(r.st, CS_OK);
    assert_true(r.pol.views[0].contribs[2].amount == 0.25);
    done(&r);
}

static void test_factor_not_finite(void **state)
{
    (void)state;
    /* 1e300 squared is infinite: a score of inf would decide a position. */
    char big[320] = "1";
    memset(big + 1, '0', 300);
    big[301] = '\0';
    cs_override sets[] = {{"stake", big}};
    cs_law_opts o = {.sets = sets, .nsets = 1};
    run r;
    const char *all = alliance("consensus", "    - {id: huge, name: H, applies_to: lead,"
                               " value: \"stake * stake\", weight: 1, why: w, source: s}\n");
    char want[128];
    snprintf(want, sizeof want, "%s", where_of("all.yaml", all, "stake * stake", 0));
    decide(&r, all, scenario("2012-01-01", ATTACK, AID), &o);
    assert_int_equal(r.st, CS_ERR_EXPR);
    const cs_diag *g = diag_with(&r, "factor 'huge' (weighing AAA): weight 1 x value inf does "
                                     "not give a finite score");
    assert_string_equal(g->where, want);
    done(&r);
}

static void test_task_error(void **state)
{
    (void)state;
    /* A task whose condition divides by a fact that is 0: the run fails at law, with the
     * place of the `/`, instead of the task silently not applying. */
    const char *tasks = "tasks:\n  - {id: fine, name: F, when: \"stake >= 0\", source: s}\n"
                        "  - {id: share, name: S, when: \"10 / stake > 1\", source: s}\n";
    run r;
    const char *all = alliance("consensus", tasks);
    char want[128];
    snprintf(want, sizeof want, "%s", where_of("all.yaml", all, "10 / stake", 3));
    decide(&r, all, scenario("2012-01-01", ATTACK, AID), NULL);
    assert_int_equal(r.st, CS_ERR_EXPR);
    assert_int_equal(r.d.n, 1);
    const cs_diag *g = diag_with(&r, "task 'share': its condition cannot be evaluated: "
                                     "division by zero");
    assert_string_equal(g->where, want);
    assert_non_null(g->src);   /* the line is shown, with a caret under the `/` */
    done(&r);
    cs_override sets[] = {{"stake", "2"}};
    cs_law_opts o = {.sets = sets, .nsets = 1};
    decide(&r, alliance("consensus", tasks), scenario("2012-01-01", ATTACK, AID), &o);
    assert_int_equal(r.st, CS_OK);
    assert_true(r.law.tasks[0].f.value && r.law.tasks[1].f.value);
    done(&r);
}

/* The lead state abstains (cover 2 - 1 = 1); the others support. */
#define LEAD_DOUBTS "    - {id: doubt, name: Doubt, applies_to: lead, weight: -1, why: w," \
                    " source: s}\n"

static void test_consensus_no_objection(void **state)
{
    (void)state;
    /* Nobody objects: the act stands although the lead state abstains, and the members who
     * support it are the ones who decided it. */
    run r;
    decide(&r, alliance("consensus, consensus: no-objection", LEAD_DOUBTS),
           scenario("2012-01-01", ATTACK, AID), NULL);
    assert_int_equal(r.st, CS_OK);
    assert_false(r.pol.lead_needed);
    assert_int_equal(r.pol.views[0].pos, CS_POS_ABSTAIN);
    assert_int_equal(r.pol.decision, CS_DEC_ACT);
    assert_string_equal(r.pol.headline, "consensus: no member objects (3 support, 1 abstain)");
    assert_int_equal(r.pol.nreasons, 3);
    for (uint32_t i = 0; i < r.pol.nreasons; i++) {
        assert_int_equal(r.pol.reasons[i].who->pos, CS_POS_SUPPORT);
        assert_string_equal(r.pol.reasons[i].c->factor->id, "cover");
    }
    done(&r);
    /* Without `consensus:`, an organ's consensus is by no objection. */
    decide(&r, alliance("consensus", LEAD_DOUBTS), scenario("2012-01-01", ATTACK, AID), NULL);
    assert_int_equal(r.pol.decision, CS_DEC_ACT);
    done(&r);
    /* One objection still blocks, and only the objector is the reason. */
    decide(&r, alliance("consensus, consensus: no-objection", LEAD_DOUBTS
                        "    - {id: veto, name: Veto, applies_to: others,"
                        " when: \"member == 'CCC'\", weight: -9, why: w, source: s}\n"),
           scenario("2012-01-01", ATTACK, AID), NULL);
    assert_int_equal(r.pol.decision, CS_DEC_REFUSE);
    assert_string_equal(r.pol.headline, "no consensus: CCC objects");
    for (uint32_t i = 0; i < r.pol.nreasons; i++)
        assert_string_equal(r.pol.reasons[i].who->state->id, "CCC");
    done(&r);
}

static void test_consensus_lead_support(void **state)
{
    (void)state;
    /* The same positions under the CSC's rule: the lead state's abstention refuses, and the
     * lead state is the reason. */
    run r;
    decide(&r, alliance("consensus, consensus: lead-support", LEAD_DOUBTS),
           scenario("2012-01-01", ATTACK, AID), NULL);
    assert_int_equal(r.st, CS_OK);
    assert_true(r.pol.lead_needed);
    assert_int_equal(r.pol.decision, CS_DEC_REFUSE);
    assert_string_equal(r.pol.headline, "no consensus: the lead state AAA does not support");
    assert_int_equal(r.pol.nreasons, 2);
    assert_string_equal(r.pol.reasons[0].who->state->id, "AAA");
    assert_string_equal(r.pol.reasons[0].c->factor->id, "doubt");
    assert_string_equal(r.pol.reasons[1].c->factor->id, "cover");
    done(&r);
    /* When the lead supports, it alone decided the act. */
    decide(&r, alliance("consensus, consensus: lead-support", ""),
           scenario("2012-01-01", ATTACK, AID), NULL);
    assert_int_equal(r.pol.decision, CS_DEC_ACT);
    assert_string_equal(r.pol.headline, "consensus: no member objects and the lead state "
                                        "supports");
    assert_int_equal(r.pol.nreasons, 1);
    assert_string_equal(r.pol.reasons[0].who->state->id, "AAA");
    done(&r);
}

static void test_other_rules_ignore_consensus(void **state)
{
    (void)state;
    /* The lead abstains, three support: the consensus setting changes nothing for the other
     * rules. Unanimity refuses (decided by the abstaining lead), a majority and a 3/4
     * qualified majority act (decided by the three supporters). */
    const char *rules[] = {"unanimity", "majority", "qualified-majority"};
    cs_decision want[] = {CS_DEC_REFUSE, CS_DEC_ACT, CS_DEC_ACT};
    const char *how[] = {"", ", consensus: lead-support", ", consensus: no-objection"};
    for (int i = 0; i < 3; i++)
        for (int k = 0; k < 3; k++) {
            char rule[96];
            snprintf(rule, sizeof rule, "%s%s", rules[i], how[k]);
            run r;
            decide(&r, alliance(rule, LEAD_DOUBTS), scenario("2012-01-01", ATTACK, AID), NULL);
            assert_int_equal(r.st, CS_OK);
            assert_int_equal(r.pol.decision, want[i]);
            assert_false(r.pol.lead_needed);
            for (uint32_t j = 0; j < r.pol.nreasons; j++)
                assert_true((r.pol.reasons[j].who->pos == CS_POS_SUPPORT) ==
                            (want[i] == CS_DEC_ACT));
            assert_true(r.pol.nreasons > 0);
            done(&r);
        }
}

static void test_politics_idempotent(void **state)
{
    (void)state;
    /* `echo` reads lead.position for every member, the lead included: the lead is weighed
     * before its position is known, so it reads unknown (0). A second call must not let it
     * read the first call's +1. */
    run r;
    decide(&r, alliance("consensus, consensus: lead-support",
                        "    - {id: echo, name: E, applies_to: all, value: lead.position,"
                        " weight: 5, why: w, source: s}\n"),
           scenario("2012-01-01", ATTACK, AID), NULL);
    assert_int_equal(r.st, CS_OK);
    cs_pol_result first = r.pol;
    assert_true(first.views[0].score == 2);
    assert_true(first.views[1].score == 7);
    for (int round = 0; round < 2; round++) {
        cs_pol_result again;
        assert_int_equal(cs_politics_eval(&again, &r.law, r.a, &r.d, 64), CS_OK);
        assert_int_equal(again.decision, first.decision);
        assert_string_equal(again.headline, first.headline);
        assert_int_equal(again.nviews, first.nviews);
        for (uint32_t i = 0; i < first.nviews; i++) {
            assert_true(again.views[i].score == first.views[i].score);
            assert_int_equal(again.views[i].pos, first.views[i].pos);
        }
        assert_int_equal(again.nreasons, first.nreasons);
        for (uint32_t i = 0; i < first.nreasons; i++) {
            assert_ptr_equal(again.reasons[i].who->state, first.reasons[i].who->state);
            assert_ptr_equal(again.reasons[i].c->factor, first.reasons[i].c->factor);
            assert_true(again.reasons[i].c->amount == first.reasons[i].c->amount);
        }
    }
    done(&r);
}

static void test_request_kind(void **state)
{
    (void)state;
    /* The enum and the slot the expressions read agree, for each kind of request. */
    struct {
        const char *events;
        cs_request_kind kind;
        cs_decision decision;
    } cases[] = {
        {"", CS_REQ_NONE, CS_DEC_NONE},
        {REQ("request", ", formal: false"), CS_REQ_INFORMAL, CS_DEC_NONE},
        {"{id: r, at: 2012-01-02, kind: consultations-request, by: HHH, to: ALL, under: talk,"
         " purpose: p, source: s}", CS_REQ_CONSULTATIONS, CS_DEC_CONSULT},
        {AID, CS_REQ_AID, CS_DEC_ACT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        run r;
        decide(&r, alliance("consensus", ""), scenario("2012-01-01", ATTACK, cases[i].events),
               NULL);
        assert_int_equal(r.st, CS_OK);
        assert_int_equal(r.law.sit.req_kind, cases[i].kind);
        const cs_slot *k = &r.law.sit.slots[CS_SLOT_REQ_KIND];
        assert_int_equal(k->v.kind, CS_V_STR);
        assert_string_equal(k->v.str, cs_request_kind_names[cases[i].kind]);
        assert_int_equal(r.pol.decision, cases[i].decision);
        done(&r);
    }
    assert_null(cs_request_kind_names[CS_NREQ_KINDS]);
    assert_null(cs_position_names[CS_NPOSITIONS]);
}

/* A host that is not a member on the request's date gets no act, whatever the clauses say;
 * once it has joined, the same request is answered. */
static void test_host_not_member(void **state)
{
    (void)state;
    char *all = alliance("consensus", "");
    char *h = strstr(all, "{state: HHH, history: [{event: joined, date: 2000-01-01");
    assert_non_null(h);
    memcpy(strstr(h, "2000-01-01"), "2013-01-01", 10);
    run r;
    decide(&r, all, scenario("2012-01-01", ATTACK, AID), NULL);
    assert_int_equal(r.st, CS_OK);
    assert_false(r.law.host_member);
    assert_int_equal(r.pol.decision, CS_DEC_REFUSE);
    assert_string_equal(r.pol.headline, "HHH is not a member of ALL on 2012-01-02");
    done(&r);
    decide(&r, all, scenario("2014-01-01", ATTACK,
                             "{id: r, at: 2014-01-02, kind: request, by: HHH, to: ALL, under: aid,"
                             " purpose: p, formal: true, source: s}"), NULL);
    assert_int_equal(r.st, CS_OK);
    assert_true(r.law.host_member);
    assert_int_equal(r.pol.decision, CS_DEC_ACT);
    done(&r);
}

static void test_set_list_typed(void **state)
{
    (void)state;
    /* --set types list items as YAML types a list's items: the same list either way. */
    cs_override sets[] = {{"crisis.list", "1, true,2022-01-05 ,x,2.5"}};
    cs_law_opts o = {.sets = sets, .nsets = 1};
    run r;
    decide(&r, alliance("consensus", ""), scenario("2012-01-01", ATTACK, AID), &o);
    assert_int_equal(r.st, CS_OK);
    int k = cs_slot_index(r.m, "crisis.list");
    cs_value set = r.law.sit.slots[k].v;
    assert_int_equal(set.kind, CS_V_LIST);
    assert_int_equal(set.list.n, 5);
    assert_int_equal(set.list.items[0].kind, CS_V_NUM);
    assert_int_equal(set.list.items[1].kind, CS_V_BOOL);
    assert_int_equal(set.list.items[2].kind, CS_V_DATE);
    assert_int_equal(set.list.items[3].kind, CS_V_STR);
    assert_string_equal(set.list.items[3].str, "x");
    assert_true(set.list.items[4].num == 2.5);
    run y;
    decide(&y, alliance("consensus", ""),
           scenario("2012-01-01", ATTACK ", {path: crisis.list, value: [1, true, 2022-01-05, x,"
                    " 2.5], status: evidenced, source: s}", AID), NULL);
    assert_int_equal(y.st, CS_OK);
    assert_true(cs_value_equal(&set, &y.law.sit.slots[k].v));
    done(&y);
    done(&r);
    /* An empty value is the empty list. */
    cs_override empty[] = {{"crisis.list", ""}};
    cs_law_opts oe = {.sets = empty, .nsets = 1};
    decide(&r, alliance("consensus", ""), scenario("2012-01-01", ATTACK, AID), &oe);
    assert_int_equal(r.st, CS_OK);
    assert_int_equal(r.law.sit.slots[k].v.kind, CS_V_LIST);
    assert_int_equal(r.law.sit.slots[k].v.list.n, 0);
    done(&r);
}

/* The changes tried to explain a decision: only those that flip it are kept, smallest
 * first, and each member's margin is its score against the thresholds. */
static void test_what_decided(void **state)
{
    (void)state;
    run r;
    decide(&r, alliance("consensus, consensus: lead-support", ""),
           scenario("2012-01-01", ATTACK, AID), NULL);
    assert_int_equal(r.pol.decision, CS_DEC_ACT);
    const cs_politics *pol = &r.law.sit.a->politics;
    /* Cover +2 against support at 2 and oppose at -2. */
    assert_true(cs_view_margin_support(&r.pol.views[0], pol) == 0);
    assert_true(cs_view_margin_oppose(&r.pol.views[0], pol) == 4);
    cs_run *x = cs_run_new(r.m);
    assert_non_null(x);
    cs_run_opts o = {0};
    assert_int_equal(cs_run_exec(x, cs_model_scenario(r.m, "sc"), &o, &r.d), CS_OK);
    uint32_t n;
    const cs_flip *f = cs_run_flips(x, &n);
    /* The lead state's support is exactly at the threshold: its abstention (size 0) comes
     * first; leaving out `cover` (2) and the attack read as false (4) also flip it. */
    assert_true(n >= 3);
    assert_int_equal(f[0].kind, CS_FLIP_POSITION);
    assert_string_equal(f[0].member->id, "AAA");
    assert_int_equal(f[0].pos_to, CS_POS_ABSTAIN);
    assert_true(f[0].size == 0);
    assert_int_equal(f[0].then, CS_DEC_REFUSE);
    bool factor = false, fact = false;
    for (uint32_t i = 0; i < n; i++) {
        assert_int_equal(f[i].then, CS_DEC_REFUSE);
        assert_true(i == 0 || f[i - 1].size <= f[i].size);
        /* Another member's abstention does not flip a consensus that needs only the lead's
         * support and no objection; crisis.link already reads as aggression's other half
         * and leaves the attack in place, so reading it otherwise changes nothing. */
        assert_false(f[i].kind == CS_FLIP_POSITION && f[i].member->id[0] != 'A' &&
                     f[i].pos_to == CS_POS_ABSTAIN);
        if (f[i].kind == CS_FLIP_FACTOR) {
            assert_string_equal(f[i].factor->id, "cover");
            assert_true(f[i].size == 2);
            factor = true;
        }
        if (f[i].kind == CS_FLIP_FACT) {
            assert_string_equal(f[i].fact, "crisis.attack");
            assert_true(f[i].from && !f[i].to && f[i].stated && !f[i].claimed);
            assert_true(f[i].size == 4);
            fact = true;
        }
    }
    assert_true(factor && fact);
    /* Every member objects: no single member or factor flips the refusal, but either fact
     * that makes it aggression does, the attack first (the vocabulary's order). */
    cs_run_free(x);
    done(&r);
    decide(&r, alliance("consensus, consensus: lead-support", ""),
           scenario("2012-01-01", "", AID), NULL);
    assert_int_equal(r.pol.decision, CS_DEC_REFUSE);
    x = cs_run_new(r.m);
    assert_non_null(x);
    assert_int_equal(cs_run_exec(x, cs_model_scenario(r.m, "sc"), &o, &r.d), CS_OK);
    f = cs_run_flips(x, &n);
    assert_int_equal(n, 2);
    assert_string_equal(f[0].fact, "crisis.attack");
    assert_string_equal(f[1].fact, "crisis.link");
    assert_true(!f[0].stated && f[0].to);
    assert_int_equal(f[0].then, CS_DEC_ACT);
    cs_run_free(x);
    done(&r);
}

/* A recorded outcome is a level of the ladder and an actor: the same level answered by a
 * state on its own, bilaterally, is not the alliance's answer the engine predicts. */
static void test_outcome_level_and_actor(void **state)
{
    (void)state;
    static const char *const rec[] = {
        ", outcome: {decision: act, source: s}",
        ", outcome: {decision: act, actor: AAA, source: s}",
        ", outcome: {decision: assist, source: s}",
    };
    static const bool want[] = {true, false, false};
    for (size_t i = 0; i < 3; i++) {
        run r;
        char sc[4096];
        const char *base = scenario("2012-01-01", ATTACK, AID);
        size_t n = strlen(base) - 1;   /* before the final newline */
        snprintf(sc, sizeof sc, "%.*s\n%s\n", (int)n, base, rec[i] + 2);
        /* "outcome: {...}" as a key of its own */
        decide(&r, alliance("consensus", ""), sc, NULL);
        assert_int_equal(r.st, CS_OK);
        assert_int_equal(r.pol.decision, CS_DEC_ACT);
        const cs_outcome *o = &r.law.sit.s->outcome;
        assert_true(o->present);
        assert_int_equal(cs_outcome_matches(o, &r.pol), want[i]);
        char buf[64];
        cs_outcome_format(o, buf, sizeof buf);
        assert_string_equal(buf, i == 0 ? "act" : i == 1 ? "act by AAA" : "assist");
        done(&r);
    }
}

/* A committee decides with its own membership: a member outside it neither blocks nor
 * counts; a committee naming a state that is not a member of the alliance is an error. */
static void test_committee_membership(void **state)
{
    (void)state;
    const char *veto = "    - {id: veto, name: Veto, applies_to: all,"
                       " when: \"member == 'HHH'\", weight: -9, why: w, source: s}\n";
    run r;
    decide(&r, alliance("consensus", veto), scenario("2012-01-01", ATTACK, AID), NULL);
    assert_int_equal(r.pol.decision, CS_DEC_REFUSE);   /* the whole council: HHH objects */
    assert_int_equal(r.pol.nviews, 4);
    done(&r);
    char all[8192];
    const char *base = alliance("consensus", veto);
    const char *at = strstr(base, " threshold: 3/4,");
    assert_non_null(at);
    snprintf(all, sizeof all, "%.*s members: [AAA, BBB, CCC],%s", (int)(at - base), base,
             at);
    decide(&r, all, scenario("2012-01-01", ATTACK, AID), NULL);
    assert_int_equal(r.st, CS_OK);
    assert_int_equal(r.pol.nviews, 3);
    for (uint32_t i = 0; i < r.pol.nviews; i++)
        assert_string_not_equal(r.pol.views[i].state->id, "HHH");
    assert_int_equal(r.pol.decision, CS_DEC_ACT);
    done(&r);
}

/* A clause that needs no request, once triggered, is taken up by the council itself: the
 * members weigh acting under it although nobody asked; untriggered, nothing is decided. */
static void test_clause_without_request(void **state)
{
    (void)state;
    run r;
    decide(&r, alliance("consensus", ""),
           scenario("2012-01-01", "{path: crisis.link, value: true, status: evidenced,"
                    " source: s}", ""), NULL);
    assert_int_equal(r.st, CS_OK);
    assert_null(r.law.sit.request);
    assert_non_null(r.pol.self_invoked);
    assert_string_equal(r.pol.self_invoked->id, "strict");
    assert_int_equal(r.pol.nviews, 4);
    assert_int_equal(r.pol.decision, CS_DEC_ACT);
    assert_true(r.pol.has_date);
    assert_non_null(strstr(r.pol.headline, "strict, which needs no request"));
    done(&r);
    /* Claimed, not evidenced: the clause is not triggered and no decision is taken. */
    decide(&r, alliance("consensus", ""),
           scenario("2012-01-01", "{path: crisis.link, value: true, status: claimed, by: HHH,"
                    " source: s}", ""), NULL);
    assert_int_equal(r.st, CS_OK);
    assert_null(r.pol.self_invoked);
    assert_int_equal(r.pol.decision, CS_DEC_NONE);
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
        cmocka_unit_test(test_factor_value_error),
        cmocka_unit_test(test_factor_not_finite),
        cmocka_unit_test(test_task_error),
        cmocka_unit_test(test_consensus_no_objection),
        cmocka_unit_test(test_consensus_lead_support),
        cmocka_unit_test(test_other_rules_ignore_consensus),
        cmocka_unit_test(test_politics_idempotent),
        cmocka_unit_test(test_request_kind),
        cmocka_unit_test(test_set_list_typed),
        cmocka_unit_test(test_host_not_member),
        cmocka_unit_test(test_what_decided),
        cmocka_unit_test(test_outcome_level_and_actor),
        cmocka_unit_test(test_committee_membership),
        cmocka_unit_test(test_clause_without_request),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
