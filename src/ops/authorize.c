/* authorize.c - national authorization: executives decide after a delay; parliaments sit,
 * need a quorum, and vote. An authorized contingent's units go to their airfields. */
#include "ops/ops_internal.h"

#include <math.h>

/* The council decided to act: executives will authorize after their delay, parliaments sit
 * when the record (or the model) says. */
void p_decision(cs_ops *o, uint32_t unused)
{
    (void)unused;
    const cs_ops_config *g = o->cfg;
    ops_note(o, CS_OEV_DECISION, -1, -1, -1, 0);
    for (uint32_t c = 0; c < g->ncont; c++) {
        const cs_authorization *au = &o->cont[c].state->auth;
        if (au->proc != CS_AUTH_PARLIAMENT) {
            double h = au->convene_h >= 0 ? au->convene_h : g->exec_h;
            ops_at(o, o->sched.now + h, EV_AUTHORIZE, c);
        }
    }
    for (uint32_t i = 0; i < o->nsessions; i++)
        ops_at(o, o->sessions[i].t > o->sched.now ? o->sessions[i].t : o->sched.now,
               EV_SESSION, i);
}

/* Contingent c may go: each of its units goes to its loading airfield, there when ready. */
void p_authorize(cs_ops *o, uint32_t c)
{
    const cs_ops_config *g = o->cfg;
    cs_ops_contingent *k = &o->cont[c];
    if (k->authorized || k->refused)
        return;
    k->authorized = true;
    k->auth_t = o->sched.now;
    ops_note(o, CS_OEV_AUTHORIZED, (int32_t)c, -1, -1, k->personnel);
    for (uint32_t i = g->cont_first[c]; i < g->cont_first[c + 1]; i++) {
        uint32_t u = g->cont_units[i];
        double t = g->units[u].ready_t > o->sched.now ? g->units[u].ready_t : o->sched.now;
        ops_at(o, t, EV_AT_AIRFIELD, u);
    }
}

/* Contingent c will not go: its parliament said no, or never voted. */
static void refuse(cs_ops *o, uint32_t c, double votes)
{
    o->cont[c].refused = true;
    ops_note(o, CS_OEV_VOTE_FAILED, (int32_t)c, -1, -1, votes);
    ops_check_deployed(o);
}

/* Is si the last sitting the record gives for its contingent? */
static bool last_recorded(const cs_ops *o, uint32_t si)
{
    for (uint32_t k = si + 1; k < o->cfg->nsessions; k++)
        if (o->sessions[k].c == o->sessions[si].c && o->sessions[k].e)
            return false;
    return true;
}

/* Sitting si: with a quorum, the vote decides; without one, the next sitting the record
 * gives decides, or, if the record gives none, the model adds one after the usual delay,
 * up to parliament-max-sittings on the contingent, after which it is refused. */
void p_session(cs_ops *o, uint32_t si)
{
    const cs_ops_config *g = o->cfg;
    const ops_session *se = &o->sessions[si];
    uint32_t c = se->c;
    cs_ops_contingent *k = &o->cont[c];
    if (k->authorized || k->refused)
        return;
    o->cs[c].sittings++;
    const cs_authorization *au = &k->state->auth;
    bool quorum;
    double yes;
    if (se->e) {
        quorum = se->e->quorum;
        yes = se->e->votes_for;
    } else {
        /* A sitting the record does not give: quorum by chance; the vote, when held,
         * carries (the government's request is assumed to pass). */
        quorum = cs_rng_uniform(&o->rng) < g->quorum_p;
        yes = au->seats;
    }
    if (!quorum) {
        ops_note(o, CS_OEV_NO_QUORUM, (int32_t)c, -1, -1, 0);
        if (se->e) {
            /* The record's sittings are all there is: none voted, so none authorized. */
            if (last_recorded(o, si))
                refuse(o, c, 0);
        } else if (o->cs[c].sittings < g->max_sittings) {
            assert(o->nsessions < g->capsessions);
            double next = o->sched.now + (au->convene_h >= 0 ? au->convene_h : 24);
            o->sessions[o->nsessions] = (ops_session){c, next, NULL};
            ops_at(o, next, EV_SESSION, o->nsessions++);
        } else
            refuse(o, c, 0);   /* sitting after sitting without a quorum */
        return;
    }
    double needed = ceil(au->majority * au->seats - 1e-9);
    if (yes >= needed)
        p_authorize(o, c);
    else
        refuse(o, c, yes);
}
