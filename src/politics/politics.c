#include "politics/politics.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const cs_position_names[] = {"support", "abstain", "oppose", NULL};

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

/* Weigh one member: evaluate each factor that applies to it in the situation, with the
 * member slot set to it. */
static bool weigh(cs_view *v, cs_law_result *law, cs_arena *a, uint32_t cap)
{
    cs_situation *sit = &law->sit;
    const cs_politics *pol = &sit->a->politics;
    sit->slots[CS_SLOT_MEMBER].v = (cs_value){.kind = CS_V_STR, .str = v->state->id};
    sit->slots[CS_SLOT_MEMBER].stated = true;
    v->contribs = cs_arena_array(a, pol->nfactors ? pol->nfactors : 1, sizeof *v->contribs);
    if (!v->contribs)
        return false;
    for (uint32_t i = 0; i < pol->nfactors; i++) {
        const cs_factor *f = &pol->factors[i];
        if (!applies(f, v))
            continue;
        cs_contrib *c = &v->contribs[v->ncontribs++];
        c->factor = f;
        c->value = 1;
        if (f->has_when) {
            if (!cs_law_finding(&c->when, f->when.compiled, sit, cap, a))
                return false;
            c->applied = c->when.value;
        } else
            c->applied = true;
        if (c->applied && f->has_value) {
            cs_value x;
            if (cs_expr_eval(f->value.compiled, &sit->env, &x, NULL) == CS_EVAL_OK &&
                x.kind == CS_V_NUM)
                c->value = x.num;
            else
                c->value = 0;
        }
        c->amount = c->applied ? f->weight * c->value : 0;
        v->score += c->amount;
    }
    v->pos = v->score >= pol->support_at  ? CS_POS_SUPPORT
             : v->score <= pol->oppose_at ? CS_POS_OPPOSE
                                          : CS_POS_ABSTAIN;
    return true;
}

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

/* The reasons: applied contributions of the members whose position decided, strongest in
 * the decision's direction first. */
static bool rank_reasons(cs_pol_result *p, cs_arena *a)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < p->nviews; i++)
        n += p->views[i].ncontribs;
    p->reasons = cs_arena_array(a, n ? n : 1, sizeof *p->reasons);
    if (!p->reasons)
        return false;
    bool act = p->decision == CS_DEC_ACT;
    bool lead_exists = false;
    for (uint32_t i = 0; i < p->nviews; i++)
        lead_exists |= p->views[i].is_lead;
    for (uint32_t i = 0; i < p->nviews; i++) {
        const cs_view *v = &p->views[i];
        /* An act is decided by the lead state (by every supporter where there is none);
         * a refusal by whoever blocked it. */
        bool decisive = act ? (lead_exists ? v->is_lead : v->pos == CS_POS_SUPPORT)
                            : v->pos == CS_POS_OPPOSE || (v->is_lead && v->pos != CS_POS_SUPPORT);
        if (!decisive)
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
    bool act = false, needs_lead = false;
    if (p->nviews == 0) {   /* nobody to decide */
        p->decision = CS_DEC_REFUSE;
        p->headline = say(a, "no member of the alliance on that date");
        return;
    }
    switch (rule) {
    case CS_RULE_CONSENSUS:
        needs_lead = p->organ && p->organ->consensus == CS_CONSENSUS_LEAD_SUPPORT && lead;
        act = opp == 0 && (!needs_lead || lead->pos == CS_POS_SUPPORT);
        if (act)
            p->headline = say(a, "consensus: no member objects%s", needs_lead ? " and the lead "
                              "state supports" : "");
        else if (needs_lead && lead->pos != CS_POS_SUPPORT)
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

cs_status cs_politics_eval(cs_pol_result *p, cs_law_result *law, cs_arena *a, cs_diags *d,
                           uint32_t cap)
{
    memset(p, 0, sizeof *p);
    cs_situation *sit = &law->sit;
    const cs_alliance *al = sit->a;
    p->organ = deciding_organ(sit);
    const cs_event *req = sit->request;
    if (req) {
        p->has_date = true;
        p->date = sit->session ? sit->session->at : req->at;
        if (p->organ)
            p->chair = cs_alliance_chair_on(al, p->organ->id, p->date);
    }
    const char *kind = sit->slots[CS_SLOT_REQ_KIND].v.str;
    bool triggered = law->invoked && law->invoked->f.value;
    sit->slots[CS_SLOT_TRIGGERED].v = (cs_value){.kind = CS_V_BOOL, .b = triggered};
    sit->slots[CS_SLOT_TRIGGERED].stated = true;

    if (strcmp(kind, "none") == 0 || strcmp(kind, "informal") == 0) {
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
    }
    if (strcmp(kind, "consultations") == 0) {
        p->decision = triggered ? CS_DEC_CONSULT : CS_DEC_REFUSE;
        p->headline = say(a, "consultations requested under %s, which is %s; no aid was "
                          "requested", law->invoked ? law->invoked->clause->id : "no clause",
                          triggered ? "triggered" : "not triggered");
        return p->headline ? CS_OK : cs_diag_file(d, CS_ERR_NOMEM, NULL, "out of memory");
    }

    /* A formal request for aid: every member weighs its factors, the lead state first so
     * that the others can read its position. */
    p->views = cs_arena_array(a, al->nmembers ? al->nmembers : 1, sizeof *p->views);
    if (!p->views)
        return cs_diag_file(d, CS_ERR_NOMEM, NULL, "out of memory");
    cs_view *lead = NULL;
    const char *lead_id = al->lead.id, *host_id = sit->s->host.id;
    for (int pass = 0; pass < 2; pass++)
        for (uint32_t i = 0; i < al->nmembers; i++) {
            const cs_state *st = al->members[i].state.to;
            bool is_lead = lead_id && strcmp(st->id, lead_id) == 0;
            if ((pass == 0) != is_lead || !cs_alliance_is_member(al, st->id, sit->moment))
                continue;
            cs_view *v = &p->views[p->nviews++];
            v->state = st;
            v->is_lead = is_lead;
            v->is_host = strcmp(st->id, host_id) == 0;
            if (!weigh(v, law, a, cap))
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
    apply_rule(p, lead, a);
    if (!p->headline || !rank_reasons(p, a))
        return cs_diag_file(d, CS_ERR_NOMEM, NULL, "out of memory");
    return CS_OK;
}
