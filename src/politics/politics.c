#include "politics/politics.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const cs_position_names[CS_NPOSITIONS + 1] = {
    [CS_POS_SUPPORT] = "support",
    [CS_POS_ABSTAIN] = "abstain",
    [CS_POS_OPPOSE] = "oppose",
    [CS_NPOSITIONS] = NULL,
};
_Static_assert(sizeof cs_position_names / sizeof cs_position_names[0] == CS_NPOSITIONS + 1,
               "cs_position_names: one name per cs_position");

/* Whether factor f is weighed for the member v (all, the lead, the others, the host). */
static bool applies(const cs_factor *f, const cs_view *v)
{
    switch (f->applies) {
    case CS_APPLY_ALL: return true;
    case CS_APPLY_LEAD: return v->is_lead;
    case CS_APPLY_OTHERS: return !v->is_lead;
    case CS_APPLY_HOST: return v->is_host;
    }
    return false;
}

/* What weighing needs besides the member: the law result (whose situation it reads and
 * whose member slot it sets), the arena, the trace size, and where evaluation errors go,
 * each factor's reported once (`reported`: two flags a factor, condition and value). */
typedef struct weighing {
    cs_law_result *law;
    cs_arena *a;
    uint32_t cap;
    cs_diags *d;
    bool *reported;
    const cs_pol_change *chg;   /* the change tried, or NULL */
    bool failed;             /* an error was found (reported now or for an earlier member) */
} weighing;

/* Report an error about factor f's condition (part 0) or value (part 1), once a factor and
 * part: the first member it fails for is named. Notes the failure in any case. */
static void factor_error(weighing *w, const cs_factor *f, int part, const cs_view *v,
                         const cs_loc *where, const char *msg)
{
    w->failed = true;
    size_t k = (size_t)(f - w->law->sit.a->politics.factors);
    if (w->reported[2 * k + (size_t)part])
        return;
    w->reported[2 * k + (size_t)part] = true;
    cs_diag_at(w->d, CS_ERR_EXPR, where, "factor '%s' (weighing %s): %s", f->id, v->state->id,
               msg);
}

/* Weigh one member: evaluate each factor that applies to it in the situation, with the
 * member slot set to it; sets its contributions, score and position. An evaluation error,
 * or an amount that would make the score infinite or NaN, is reported and noted in
 * w->failed, and the factor then contributes nothing. Returns false only when the arena
 * runs out. */
static bool weigh(cs_view *v, weighing *w)
{
    cs_situation *sit = &w->law->sit;
    const cs_politics *pol = &sit->a->politics;
    sit->slots[CS_SLOT_MEMBER].v = (cs_value){.kind = CS_V_STR, .str = v->state->id};
    sit->slots[CS_SLOT_MEMBER].stated = true;
    v->contribs = cs_arena_array(w->a, pol->nfactors ? pol->nfactors : 1, sizeof *v->contribs);
    if (!v->contribs)
        return false;
    char msg[160];
    for (uint32_t i = 0; i < pol->nfactors; i++) {
        const cs_factor *f = &pol->factors[i];
        if (!applies(f, v) || (w->chg && w->chg->drop == f))
            continue;
        cs_contrib *c = &v->contribs[v->ncontribs++];
        c->factor = f;
        c->value = 1;
        c->applied = true;
        if (f->has_when) {
            if (!cs_law_finding(&c->when, f->when.compiled, sit, w->cap, w->a))
                return false;
            c->applied = c->when.value;
            if (c->when.st != CS_EVAL_OK) {
                snprintf(msg, sizeof msg, "its condition cannot be evaluated: %s",
                         cs_evalst_name(c->when.st));
                factor_error(w, f, 0, v, &c->when.where, msg);
            }
        }
        if (c->applied && f->has_value) {
            cs_value x;
            cs_loc where;
            c->value_st = cs_expr_eval_at(f->value.compiled, &sit->env, &x, NULL, &where);
            /* An unknown value (a fact nobody states and no default gives) contributes
             * nothing, as an unknown condition does not hold. */
            c->value = c->value_st == CS_EVAL_OK && x.kind == CS_V_NUM ? x.num : 0;
            if (c->value_st != CS_EVAL_OK) {
                snprintf(msg, sizeof msg, "its value cannot be evaluated: %s",
                         cs_evalst_name(c->value_st));
                factor_error(w, f, 1, v, &where, msg);
            }
        }
        c->amount = c->applied ? f->weight * c->value : 0;
        if (!isfinite(c->amount) || !isfinite(v->score + c->amount)) {
            /* A value of 1e300 times a weight, or a sum of such: the position would be
             * decided by an infinity or a NaN. */
            cs_loc where = f->has_value ? cs_expr_loc(&f->value, 0) : f->loc;
            snprintf(msg, sizeof msg, "weight %g x value %g does not give a finite score",
                     f->weight, c->value);
            factor_error(w, f, 1, v, &where, msg);
            c->amount = 0;
        }
        v->score += c->amount;
    }
    v->pos = v->score >= pol->support_at  ? CS_POS_SUPPORT
             : v->score <= pol->oppose_at ? CS_POS_OPPOSE
                                          : CS_POS_ABSTAIN;
    if (w->chg && w->chg->member == v->state)
        v->pos = w->chg->pos;
    return true;
}

double cs_view_margin_support(const cs_view *v, const cs_politics *pol)
{
    return v->score - pol->support_at;
}

double cs_view_margin_oppose(const cs_view *v, const cs_politics *pol)
{
    return v->score - pol->oppose_at;
}

/* Whether state st sits in the organ: every member does, unless the organ lists its own
 * membership (a committee). */
static bool sits_in(const cs_organ *o, const cs_state *st)
{
    if (!o || !o->nmembers)
        return true;
    for (uint32_t i = 0; i < o->nmembers; i++)
        if (o->members[i].to == st)
            return true;
    return false;
}

/* The organ that decides: the one of the council session that took the request up, else
 * the first organ of heads of state, else the first organ, else none. */
static const cs_organ *deciding_organ(const cs_situation *sit)
{
    if (sit->session && sit->session->organ.to)
        return sit->session->organ.to;
    for (uint32_t i = 0; i < sit->a->norgans; i++)
        if (sit->a->organs[i].composition == CS_COMP_HEADS_OF_STATE)
            return &sit->a->organs[i];
    return sit->a->norgans ? &sit->a->organs[0] : NULL;
}

/* Strongest first in the decision's direction (cs_reason.strength, set before sorting, so
 * that the comparator needs no context); ties in the data's order. */
static int cmp_reason(const void *x, const void *y)
{
    const cs_reason *a = x, *b = y;
    if (a->strength != b->strength)
        return a->strength > b->strength ? -1 : 1;
    /* Ties in the data's order: lead first, then factor order. */
    if (a->who != b->who)
        return a->who < b->who ? -1 : 1;
    return a->c < b->c ? -1 : a->c > b->c;
}

/* Whether member v decided the outcome: its position is one the organ's rule needed for
 * that outcome (docs/model.md, "The decision procedure").
 *  - consensus needing the lead's support: an act is decided by the lead state; a refusal
 *    by those who object and by the lead if it does not support;
 *  - consensus by no objection: an act by those who support (the abstainers only let it
 *    pass); a refusal by those who object;
 *  - unanimity and majorities: an act by those who support; a refusal by those who do not.
 */
static bool decisive(const cs_pol_result *p, const cs_view *v)
{
    bool act = p->decision == CS_DEC_ACT;
    cs_rule rule = p->organ ? p->organ->rule : CS_RULE_CONSENSUS;
    switch (rule) {
    case CS_RULE_CONSENSUS:
        if (p->lead_needed)
            return act ? v->is_lead
                       : v->pos == CS_POS_OPPOSE || (v->is_lead && v->pos != CS_POS_SUPPORT);
        return act ? v->pos == CS_POS_SUPPORT : v->pos == CS_POS_OPPOSE;
    case CS_RULE_UNANIMITY:
    case CS_RULE_MAJORITY:
    case CS_RULE_QUALIFIED:
        return act ? v->pos == CS_POS_SUPPORT : v->pos != CS_POS_SUPPORT;
    }
    return false;
}

/* The reasons: applied contributions of the members whose position decided, strongest in
 * the decision's direction first. Needs the decision (apply_rule). Returns false only when
 * the arena runs out. */
static bool rank_reasons(cs_pol_result *p, cs_arena *a)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < p->nviews; i++)
        n += p->views[i].ncontribs;
    p->reasons = cs_arena_array(a, n ? n : 1, sizeof *p->reasons);
    if (!p->reasons)
        return false;
    bool act = p->decision == CS_DEC_ACT;
    for (uint32_t i = 0; i < p->nviews; i++) {
        const cs_view *v = &p->views[i];
        if (!decisive(p, v))
            continue;
        for (uint32_t k = 0; k < v->ncontribs; k++)
            if (v->contribs[k].applied && v->contribs[k].amount != 0) {
                double amount = v->contribs[k].amount;
                /* NaN would make the order inconsistent: it sorts last. */
                double strength = isnan(amount) ? -HUGE_VAL : act ? amount : -amount;
                p->reasons[p->nreasons++] = (cs_reason){v, &v->contribs[k], strength};
            }
    }
    qsort(p->reasons, p->nreasons, sizeof *p->reasons, cmp_reason);
    return true;
}

/* A formatted sentence (cut at 511 bytes) copied into the arena; NULL when it runs out. */
static const char *say(cs_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *say(cs_arena *a, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return cs_arena_strdup(a, buf);
}

/* Turn the members' positions into the decision and its headline under the deciding
 * organ's rule (consensus when there is no organ). Consensus needs the lead state's support
 * only when the organ says so (consensus: lead-support) and the lead is a member on the
 * date; it then sets p->lead_needed. The headline is NULL when the arena runs out. */
static void apply_rule(cs_pol_result *p, const cs_view *lead, cs_arena *a)
{
    uint32_t sup = 0, opp = 0;
    const char *blocker = NULL;
    for (uint32_t i = 0; i < p->nviews; i++) {
        sup += p->views[i].pos == CS_POS_SUPPORT;
        if (p->views[i].pos == CS_POS_OPPOSE) {
            opp++;
            if (!blocker)
                blocker = p->views[i].state->id;
        }
    }
    cs_rule rule = p->organ ? p->organ->rule : CS_RULE_CONSENSUS;
    bool act = false;
    if (p->nviews == 0) {   /* nobody to decide */
        p->decision = CS_DEC_REFUSE;
        p->headline = say(a, "no member of the alliance on that date");
        return;
    }
    switch (rule) {
    case CS_RULE_CONSENSUS:
        p->lead_needed = p->organ && p->organ->consensus == CS_CONSENSUS_LEAD_SUPPORT && lead;
        act = opp == 0 && (!p->lead_needed || lead->pos == CS_POS_SUPPORT);
        if (act && p->lead_needed)
            p->headline = say(a, "consensus: no member objects and the lead state supports");
        else if (act && sup < p->nviews)
            p->headline = say(a, "consensus: no member objects (%u support, %u abstain)", sup,
                              p->nviews - sup);
        else if (act)
            p->headline = say(a, "consensus: no member objects");
        else if (p->lead_needed && lead->pos != CS_POS_SUPPORT)
            p->headline = say(a, "no consensus: the lead state %s %s", lead->state->id,
                              lead->pos == CS_POS_OPPOSE ? "opposes" : "does not support");
        else
            p->headline = say(a, "no consensus: %s objects", blocker);
        break;
    case CS_RULE_UNANIMITY:
        act = sup == p->nviews;
        p->headline = say(a, "unanimity: %u of %u support", sup, p->nviews);
        break;
    case CS_RULE_MAJORITY:
        act = 2 * sup > p->nviews;
        p->headline = say(a, "majority: %u of %u support", sup, p->nviews);
        break;
    case CS_RULE_QUALIFIED:
        act = sup >= ceil(p->organ->threshold * p->nviews - 1e-9);
        p->headline = say(a, "qualified majority: %u of %u support", sup, p->nviews);
        break;
    }
    p->decision = act ? CS_DEC_ACT : CS_DEC_REFUSE;
}

/* Put the politics slots back as the situation had them before politics: unknown, stated
 * by nobody. Each call starts from here, so that a second call on the same law result
 * cannot read the first one's member or lead.position. */
static void reset_slots(cs_situation *sit)
{
    static const int mine[] = {CS_SLOT_MEMBER, CS_SLOT_TRIGGERED, CS_SLOT_LEAD_POSITION};
    for (size_t i = 0; i < sizeof mine / sizeof mine[0]; i++) {
        cs_slot *sl = &sit->slots[mine[i]];
        sl->v = (cs_value){.kind = CS_V_NONE};
        sl->stated = sl->claimed = sl->overridden = false;
        sl->by = NULL;
        sl->src = NULL;
    }
}

cs_status cs_politics_eval(cs_pol_result *p, cs_law_result *law, cs_arena *a, cs_diags *d,
                           uint32_t cap)
{
    return cs_politics_eval_with(p, law, a, d, cap, NULL);
}

cs_status cs_politics_eval_with(cs_pol_result *p, cs_law_result *law, cs_arena *a,
                                cs_diags *d, uint32_t cap, const cs_pol_change *chg)
{
    memset(p, 0, sizeof *p);
    cs_situation *sit = &law->sit;
    const cs_alliance *al = sit->a;
    reset_slots(sit);
    p->organ = deciding_organ(sit);
    const cs_event *req = sit->request;
    if (req) {
        p->has_date = true;
        p->date = sit->session ? sit->session->at : req->at;
        if (p->organ)
            p->chair = cs_alliance_chair_on(al, p->organ->id, p->date);
    }
    bool triggered = law->invoked && law->invoked->f.value;
    /* A clause that needs no request (requires_request: false), triggered at the moment,
     * is taken up by the council itself when nobody asked formally for aid: the members
     * weigh acting under it as under an invoked clause. */
    if (sit->req_kind == CS_REQ_NONE || sit->req_kind == CS_REQ_INFORMAL)
        for (uint32_t i = 0; i < law->nclauses && !p->self_invoked; i++)
            if (!law->clauses[i].clause->requires_request && law->clauses[i].f.value)
                p->self_invoked = law->clauses[i].clause;
    if (p->self_invoked) {
        triggered = true;
        p->has_date = true;
        p->date = sit->moment;
        if (p->organ)
            p->chair = cs_alliance_chair_on(al, p->organ->id, p->date);
    }
    sit->slots[CS_SLOT_TRIGGERED].v = (cs_value){.kind = CS_V_BOOL, .b = triggered};
    sit->slots[CS_SLOT_TRIGGERED].stated = true;

    /* The alliance answers its members: a request by a host that is not a member on the
     * request's date is refused, whatever its clauses would say. */
    if ((sit->req_kind == CS_REQ_CONSULTATIONS || sit->req_kind == CS_REQ_AID) &&
        !law->host_member) {
        char when[32];
        cs_date_format(sit->moment, when, sizeof when);
        p->decision = CS_DEC_REFUSE;
        p->headline = say(a, "%s is not a member of %s on %s", sit->s->host.id, al->id, when);
        return p->headline ? CS_OK : cs_diag_file(d, CS_ERR_NOMEM, NULL, "out of memory");
    }

    switch (p->self_invoked ? CS_REQ_AID : sit->req_kind) {
    case CS_REQ_NONE:
    case CS_REQ_INFORMAL:
        p->decision = CS_DEC_NONE;
        p->has_date = false;
        if (sit->plea)
            p->headline = say(a, "no formal request: only an informal plea by %s to %s",
                              sit->plea->by.id, sit->plea->to.id);
        else if (req)
            p->headline = say(a, "no formal request: %s's request was not formal", req->by.id);
        else
            p->headline = say(a, "no request from %s to %s", sit->s->host.id, al->id);
        return p->headline ? CS_OK : cs_diag_file(d, CS_ERR_NOMEM, NULL, "out of memory");
    case CS_REQ_CONSULTATIONS:
        p->decision = triggered ? CS_DEC_CONSULT : CS_DEC_REFUSE;
        p->headline = say(a, "consultations requested under %s, which is %s; no aid was "
                          "requested", law->invoked ? law->invoked->clause->id : "no clause",
                          triggered ? "triggered" : "not triggered");
        return p->headline ? CS_OK : cs_diag_file(d, CS_ERR_NOMEM, NULL, "out of memory");
    case CS_REQ_AID:
        break;
    }

    /* A formal request for aid: every member weighs its factors, the lead state first so
     * that the others can read its position. */
    p->views = cs_arena_array(a, al->nmembers ? al->nmembers : 1, sizeof *p->views);
    weighing w = {law, a, cap, d, NULL, chg, false};
    w.reported = cs_arena_array(a, 2 * (size_t)al->politics.nfactors + 1, sizeof *w.reported);
    if (!p->views || !w.reported)
        return cs_diag_file(d, CS_ERR_NOMEM, NULL, "out of memory");
    cs_view *lead = NULL;
    const char *lead_id = al->lead.id, *host_id = sit->s->host.id;
    for (int pass = 0; pass < 2; pass++)
        for (uint32_t i = 0; i < al->nmembers; i++) {
            const cs_state *st = al->members[i].state.to;
            bool is_lead = lead_id && strcmp(st->id, lead_id) == 0;
            if ((pass == 0) != is_lead || !cs_alliance_is_member(al, st->id, sit->moment) ||
                !sits_in(p->organ, st))
                continue;
            cs_view *v = &p->views[p->nviews++];
            v->state = st;
            v->is_lead = is_lead;
            v->is_host = strcmp(st->id, host_id) == 0;
            if (!weigh(v, &w))
                return cs_diag_file(d, CS_ERR_NOMEM, NULL, "out of memory");
            if (is_lead) {
                lead = v;
                sit->slots[CS_SLOT_LEAD_POSITION].v = (cs_value){
                    .kind = CS_V_NUM,
                    .num = v->pos == CS_POS_SUPPORT ? 1 : v->pos == CS_POS_OPPOSE ? -1 : 0};
                sit->slots[CS_SLOT_LEAD_POSITION].stated = true;
            }
        }
    sit->slots[CS_SLOT_MEMBER].v = (cs_value){.kind = CS_V_NONE};
    if (w.failed)
        return CS_ERR_EXPR;
    apply_rule(p, lead, a);
    if (p->self_invoked && p->headline)
        p->headline = say(a, "%s, which needs no request, taken up by the council: %s",
                          p->self_invoked->id, p->headline);
    if (!p->headline || !rank_reasons(p, a))
        return cs_diag_file(d, CS_ERR_NOMEM, NULL, "out of memory");
    return CS_OK;
}
