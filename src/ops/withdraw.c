/* withdraw.c - the end of the mission: the host's request, the withdrawal that follows it,
 * units starting for home by road or by air, and convoys reaching home. */
#include "ops/ops_internal.h"

/* Unit u starts for home, once all of it that is coming has landed: by road if its home
 * airfield is near enough, else queued for flights home. */
void ops_unit_leave(cs_ops *o, uint32_t u)
{
    const cs_ops_config *g = o->cfg;
    unit_state *x = &o->us[u];
    if (x->leaving || !x->arrived || ops_still_coming(x) > 0)
        return;
    x->leaving = true;
    const cs_ops_unit *cu = &g->units[u];
    uint32_t c = cu->c;
    ops_note(o, CS_OEV_UNIT_LEAVES, (int32_t)c, (int32_t)u, -1, x->th_pers);
    double km = ops_km(g, x->theater_af, cu->airfield) * g->road_detour;
    double pers = x->th_pers, veh = x->th_veh;
    x->th_pers = x->th_veh = x->free_pers = 0;
    /* The contingent's count in theater drops as its people go: now by road, or with each
     * flight that leaves (p_depart). */
    if (km <= g->road_max_km) {
        o->cs[c].th_pers -= pers;
        o->cs[c].th_veh -= veh;
        o->th_total -= pers;
        ops_sample(o, c);
        x->road_pers = pers;
        x->road_veh = veh;
        o->cont[c].home_by_road = true;
        ops_at(o, o->sched.now + km / g->road_kmh, EV_ROAD_HOME, u);
    } else {
        x->out_pers = pers;
        x->out_veh = veh;
        if (!x->queued_out) {
            x->queued_out = true;
            ops_enqueue(o, u, 1);
        }
        ops_dispatch(o, g->cont_lifter[c]);
    }
    ops_unit_out(o, u);
}

/* The host asks the force to leave; withdrawal begins after withdrawal-delay-h. */
void p_end(cs_ops *o, uint32_t unused)
{
    (void)unused;
    ops_note(o, CS_OEV_MISSION_END, -1, -1, -1, 0);
    ops_at(o, o->sched.now + o->cfg->after_h, EV_WITHDRAW, 0);
}

/* Withdrawal: what has not been loaded stays home; each contingent hands its sites back;
 * units guarding nothing leave. */
void p_withdraw(cs_ops *o, uint32_t unused)
{
    (void)unused;
    const cs_ops_config *g = o->cfg;
    o->withdrawing = true;
    o->res.withdrawal = o->sched.now;
    ops_note(o, CS_OEV_WITHDRAWAL, -1, -1, -1, 0);
    for (uint32_t L = 0; L < g->nlifters; L++)
        ring_clear(&o->lifters[L].turn[0]);
    for (uint32_t c = 0; c < g->ncont; c++)
        ring_clear(&o->waiting[0][c]);
    for (uint32_t u = 0; u < g->nunits; u++) {
        unit_state *x = &o->us[u];
        x->queued_in = false;
        x->back_pers += x->wait_pers;
        x->back_veh += x->wait_veh;
        x->wait_pers = x->wait_veh = 0;
        if (!x->arrived && ops_still_coming(x) <= 0)
            ops_unit_home_unsent(o, u);
    }
    /* Each contingent hands its own sites back, all contingents in parallel, each handover
     * taking 24 / handover-sites-per-day hours, in the scenario's handover order. */
    double step = 24.0 / g->handover_per_day;
    for (uint32_t c = 0; c < g->ncont; c++) {
        uint32_t k = 0;
        for (uint32_t i = 0; i < g->nsites; i++) {
            uint32_t s = g->handover_order[i];
            if (o->sites[s].by >= 0 && g->units[o->sites[s].by].c == c)
                ops_at(o, o->sched.now + step * ++k, EV_HANDOVER, s);
        }
    }
    for (uint32_t u = 0; u < g->nunits; u++)
        if (o->us[u].arrived && o->us[u].nsites == 0)
            ops_unit_leave(o, u);
}

/* Unit u's convoy reaches home. */
void p_road_home(cs_ops *o, uint32_t u)
{
    unit_state *x = &o->us[u];
    double pers = x->road_pers, veh = x->road_veh;
    x->air_pers += pers;   /* ops_deliver takes them from the air */
    x->air_veh += veh;
    x->road_pers = x->road_veh = 0;
    ops_deliver(o, u, false, 0, pers, veh);
}
