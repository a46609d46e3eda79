/* cargo.c - delivery of a load (into the theater, or home) and the contingents' accounting:
 * first arrival, all in, out of theater, all home. */
#include "ops/ops_internal.h"

/* A load of unit u lands: pers and veh from the air into the theater (at airfield `to`), or
 * home. */
void ops_deliver(cs_ops *o, uint32_t u, bool inbound, uint32_t to, double pers, double veh)
{
    const cs_ops_config *g = o->cfg;
    unit_state *x = &o->us[u];
    const cs_ops_unit *cu = &g->units[u];
    uint32_t c = cu->c;
    cs_ops_contingent *k = &o->cont[c];
    cont_state *cs = &o->cs[c];
    x->air_pers -= pers;
    x->air_veh -= veh;
    if (inbound) {
        x->th_pers += pers;
        x->th_veh += veh;
        x->free_pers += pers;
        cs->th_pers += pers;
        cs->th_veh += veh;
        o->th_total += pers;
        if (!x->arrived) {
            x->arrived = true;
            x->theater_af = to;
            o->arrival_order[o->narrived++] = u;
        }
        if (k->first_arrival < 0 && cs->went) {
            k->first_arrival = o->sched.now;
            ops_note(o, CS_OEV_FIRST_ARRIVAL, (int32_t)c, (int32_t)u, -1, pers);
            if (o->res.first_arrival < 0)
                o->res.first_arrival = o->sched.now;
        }
        ops_sample(o, c);
        if (k->complete < 0 && cs->th_pers >= k->personnel && cs->th_veh >= k->vehicles) {
            k->complete = o->sched.now;
            ops_note(o, CS_OEV_CONTINGENT_IN, (int32_t)c, -1, -1, cs->th_pers);
        }
        ops_check_deployed(o);
        if (o->withdrawing && x->nsites == 0 && ops_still_coming(x) <= 0)
            ops_unit_leave(o, u);
        else
            ops_cover_sites(o);
    } else {
        x->back_pers += pers;
        x->back_veh += veh;
        if (!x->home && x->back_pers >= cu->personnel && x->back_veh >= cu->vehicles) {
            x->home = true;
            if (++cs->units_home == cs->units) {
                k->home = o->sched.now;
                ops_note(o, CS_OEV_CONTINGENT_HOME, (int32_t)c, -1, -1, k->personnel);
                ops_check_end(o);
            }
        }
    }
}

/* Contingent c is out of the theater when all its units have started for home (or never
 * came) and the last of its people and vehicles has left: its convoy, or its last flight. */
void ops_check_out(cs_ops *o, uint32_t c)
{
    cont_state *cs = &o->cs[c];
    if (cs->units_left == cs->units && !cs->out && cs->went && cs->th_pers <= 0 &&
        cs->th_veh <= 0) {
        cs->out = true;
        o->cont[c].left = o->sched.now;
        ops_note(o, CS_OEV_CONTINGENT_OUT, (int32_t)c, -1, -1, 0);
    }
}

/* One more of contingent c's units has started for home (or never came). */
void ops_unit_out(cs_ops *o, uint32_t u)
{
    uint32_t c = o->cfg->units[u].c;
    o->cs[c].units_left++;
    ops_check_out(o, c);
}

/* A unit none of which went (the mission ended first): it is home, and its contingent may
 * be too. */
void ops_unit_home_unsent(cs_ops *o, uint32_t u)
{
    unit_state *x = &o->us[u];
    uint32_t c = o->cfg->units[u].c;
    if (x->home)
        return;
    x->home = true;
    ops_unit_out(o, u);
    if (++o->cs[c].units_home == o->cs[c].units && o->cs[c].went) {
        o->cont[c].home = o->sched.now;
        ops_note(o, CS_OEV_CONTINGENT_HOME, (int32_t)c, -1, -1, o->cont[c].personnel);
        ops_check_end(o);
    }
}
