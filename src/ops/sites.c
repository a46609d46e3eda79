/* sites.c - site protection: needed sites are given to units in theater; at the end they
 * are handed back to the host one by one. */
#include "ops/ops_internal.h"

/* Give the needed, uncovered sites, strictly in the scenario's order of priority, each to a
 * unit with enough free personnel: of the contingent guarding the fewest sites, so that
 * tasks are spread across the multinational force; among equals, the unit that arrived
 * first. While the force is still arriving, a site no unit can take yet holds back the
 * sites after it (personnel gather for it); once all are in, it is skipped. */
void ops_cover_sites(cs_ops *o)
{
    if (o->withdrawing)
        return;
    const cs_ops_config *g = o->cfg;
    /* Sites before first_open are all covered, and a covered site stays so. */
    while (o->first_open < g->nsites && o->sites[o->first_open].by >= 0)
        o->first_open++;
    for (uint32_t i = o->first_open; i < g->nsites; i++) {
        cs_ops_site *st = &o->sites[i];
        if (st->by >= 0 || st->from > o->sched.now)
            continue;
        int32_t best = -1;
        for (uint32_t k = 0; k < o->narrived; k++) {
            uint32_t u = o->arrival_order[k];
            const unit_state *x = &o->us[u];
            if (x->leaving || x->free_pers < st->need)
                continue;
            if (best < 0 || o->cs[g->units[u].c].sites < o->cs[g->units[best].c].sites)
                best = (int32_t)u;
        }
        if (best < 0) {
            if (o->res.deployed < 0)
                break;
            continue;
        }
        unit_state *x = &o->us[best];
        x->free_pers -= st->need;
        x->nsites++;
        o->cs[g->units[best].c].sites++;
        st->by = best;
        st->covered = o->sched.now;
        ops_note(o, CS_OEV_SITE_COVERED, (int32_t)g->units[best].c, best, (int32_t)i, st->need);
    }
}

/* Site s must be protected from now. */
void p_site(cs_ops *o, uint32_t s)
{
    ops_note(o, CS_OEV_SITE_NEEDED, -1, -1, (int32_t)s, o->sites[s].need);
    ops_cover_sites(o);
}

/* Site s is handed back; its guards are free, and a unit guarding nothing more leaves. */
void p_handover(cs_ops *o, uint32_t s)
{
    const cs_ops_config *g = o->cfg;
    cs_ops_site *st = &o->sites[s];
    st->handed = o->sched.now;
    ops_note(o, CS_OEV_HANDED_OVER, (int32_t)g->units[st->by].c, st->by, (int32_t)s, st->need);
    unit_state *x = &o->us[st->by];
    x->free_pers += st->need;
    o->cs[g->units[st->by].c].sites--;
    if (--x->nsites == 0)
        ops_unit_leave(o, (uint32_t)st->by);
}
