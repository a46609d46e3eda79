/* airlift.c - force generation and strategic airlift: units reach their airfields, queue
 * for their lifter's aircraft, are loaded and flown in (and, at the end, out). */
#include "ops/ops_internal.h"

#include <math.h>

/* What of unit u's waiting cargo aircraft ai takes in one load: whole vehicles, as many as
 * weight and floor space allow, with their share of the unit's personnel (so crews fly
 * with their vehicles); the last vehicles go with every seat the payload leaves. False when
 * it can take nothing. */
static bool load_of(const cs_ops *o, lifter *L, uint32_t ai, uint32_t u, bool inbound,
                    double *pers, double *veh)
{
    const cs_ops_config *g = o->cfg;
    const cs_ops_unit *cu = &g->units[u];
    const unit_state *x = &o->us[u];
    const ops_aircraft *t = &g->ac[ai];
    double wp = inbound ? x->wait_pers : x->out_pers, wv = inbound ? x->wait_veh : x->out_veh;
    struct load_memo *m = &L->memo[inbound ? 0 : 1];
    if (m->valid && m->u == u && m->type_ix == t->type_ix && m->wp == wp && m->wv == wv) {
        *pers = m->pers;
        *veh = m->veh;
        return m->ok;
    }
    /* Planners fill a share (airlift-utilization) of an aircraft's capacity: t's limits. */
    double payload = t->payload, seats = t->seats, floor_v = t->floor_v;
    double share = wv > 0 ? wp / wv : 0;        /* personnel per waiting vehicle */
    if (share > seats)
        share = seats;
    double per = cu->vehicle_t + share * cu->kit_t;
    double v;
    /* Divisions are slow, and most loads are bound by floor space, not weight: when
     * payload > (floor_v + 2) * per, then payload / per >= floor_v + 1 even after rounding,
     * so the quotient's floor would be capped to floor_v anyway. Same result, exactly. */
    if (floor_v >= 0 && per > 0 && payload > (floor_v + 2) * per)
        v = floor_v;
    else {
        v = per > 0 ? floor(payload / per) : wv;
        if (floor_v >= 0 && v > floor_v)
            v = floor_v;
    }
    if (cu->vehicle_t > 0 && v * cu->vehicle_t > payload)
        v = floor(payload / cu->vehicle_t);
    if (v > wv)
        v = wv;
    double left = payload - v * cu->vehicle_t;
    double p = seats;
    /* Likewise: left > (seats + 2) * kit_t leaves room for more than every seat. */
    if (cu->kit_t > 0 && !(left > (seats + 2) * cu->kit_t) && floor(left / cu->kit_t) < p)
        p = floor(left / cu->kit_t);
    /* While vehicles are still to follow, the personnel keep pace with them: a load takes
     * its vehicles' share, so that no vehicle flies without its crew. */
    if (wv - v > 0 && v > 0 && p > ceil(share * v))
        p = ceil(share * v);
    if (p > wp)
        p = wp;
    *pers = p;
    *veh = v;
    bool ok = p > 0 || v > 0;
    *m = (struct load_memo){true, ok, u, t->type_ix, wp, wv, p, v};
    return ok;
}

static uint32_t add_flight(cs_ops *o, cs_flight f)
{
    if (o->res.nflights == o->cfg->capfl) {
        o->res.truncated = true;
        return UINT32_MAX;
    }
    o->fl[o->res.nflights] = f;
    return o->res.nflights++;
}

/* Send aircraft ai for a load of unit u: a positioning flight if it is elsewhere, loading,
 * then the loaded flight. */
static void assign(cs_ops *o, uint32_t ai, uint32_t u, bool inbound, double pers, double veh)
{
    const cs_ops_config *g = o->cfg;
    aircraft *a = &o->ac[ai];
    unit_state *x = &o->us[u];
    const cs_ops_unit *cu = &g->units[u];
    uint32_t origin = inbound ? cu->airfield : x->theater_af;
    double now = o->sched.now, t = now;
    if (a->at != origin) {
        /* Empty to the origin; into the theater it needs a landing slot like any other. */
        double dep = t, h = ops_fly_h(g, ai, a->at, origin);
        if (g->afs[origin].theater)
            ops_book(o, ai, a->at, t, (int)origin, &dep);
        add_flight(o, (cs_flight){dep, dep + h, ai, a->at, origin, -1, 0, 0, 0, inbound});
        o->res.ferry_flights++;
        t = dep + h;
    }
    t += g->load_h;
    double dep = t;
    uint32_t dest = inbound ? ops_book(o, ai, origin, t, -1, &dep) : cu->airfield;
    t = dep;
    if (inbound) {
        x->wait_pers -= pers;
        x->wait_veh -= veh;
    } else {
        x->out_pers -= pers;
        x->out_veh -= veh;
    }
    x->resv_pers += pers;
    x->resv_veh += veh;
    o->cs[cu->c].went = true;
    a->unit = (int32_t)u;
    a->pers = pers;
    a->veh = veh;
    a->inbound = inbound;
    a->at = origin;
    a->to = dest;
    double h = ops_fly_h(g, ai, origin, dest);
    a->flight = add_flight(o, (cs_flight){t, t + h, ai, origin, dest, (int32_t)u, pers, veh,
                                          veh * cu->vehicle_t + pers * cu->kit_t, inbound});
    if (inbound)
        o->res.flights_in++;
    else
        o->res.flights_out++;
    ops_at(o, t, EV_DEPART, ai);
}

/* Queue unit u's cargo for its lifter, in direction dir (0 in, 1 out). A unit is queued at
 * most once per direction (queued_in, queued_out), so the rings cannot overflow. */
void ops_enqueue(cs_ops *o, uint32_t u, int dir)
{
    uint32_t c = o->cfg->units[u].c;
    lifter *L = &o->lifters[o->cfg->cont_lifter[c]];
    ops_ring *w = &o->waiting[dir][c];
    if (w->n == 0)
        ring_push(&L->turn[dir], c);
    ring_push(w, u);
}

/* Match idle aircraft with waiting cargo, inbound before outbound, contingents in turn and
 * each contingent's units in the order they became ready. A load is assigned only when a
 * landing slot is near (OPS_SLOT_SLACK_H); otherwise dispatch wakes up when one will be. An
 * aircraft that cannot carry anything of the unit at hand (its vehicles are too heavy)
 * leaves the load to another aircraft. */
void ops_dispatch(cs_ops *o, uint32_t li)
{
    lifter *L = &o->lifters[li];
    for (int dir = 0; dir < 2; dir++) {
        ops_ring *turn = &L->turn[dir];
        uint32_t passed = 0;   /* contingents in a row that no idle aircraft could take */
        while (turn->n && L->idle.n && passed < turn->n) {
            uint32_t c = ring_peek(turn);
            ops_ring *w = &o->waiting[dir][c];
            uint32_t u = ring_peek(w), k = 0, ai = 0;
            double pers = 0, veh = 0;
            for (; k < L->idle.n; k++) {
                ai = *ring_at(&L->idle, k);
                if (load_of(o, L, ai, u, dir == 0, &pers, &veh))
                    break;
            }
            if (k == L->idle.n) {
                /* None of the idle aircraft can take it (its vehicles want another type):
                 * the next contingent's turn; this one waits for a suitable aircraft. */
                ring_push(turn, ring_pop(turn));
                passed++;
                continue;
            }
            double wait = ops_slot_wait(o, ai, u, dir == 0);
            if (wait > OPS_SLOT_SLACK_H) {
                if (!L->wake_pending) {
                    L->wake_pending = true;
                    ops_at(o, o->sched.now + wait - OPS_SLOT_SLACK_H / 2, EV_DISPATCH, li);
                }
                break;
            }
            /* Take aircraft k out of the idle ring: swap it to the front, then pop. */
            uint32_t *front = ring_at(&L->idle, 0), *mid = ring_at(&L->idle, k);
            uint32_t tmp = *front;
            *front = *mid;
            *mid = tmp;
            ring_pop(&L->idle);
            passed = 0;
            assign(o, ai, u, dir == 0, pers, veh);
            unit_state *x = &o->us[u];
            ring_pop(turn);
            if (dir == 0 ? x->wait_pers + x->wait_veh <= 0 : x->out_pers + x->out_veh <= 0)
                ring_pop(w);
            if (w->n)
                ring_push(turn, c);
        }
    }
}

/* Unit u reaches its loading airfield: it queues for its lifter, unless the mission is over
 * (then it stays home). */
void p_at_airfield(cs_ops *o, uint32_t u)
{
    unit_state *x = &o->us[u];
    uint32_t c = o->cfg->units[u].c;
    if (o->withdrawing) {
        x->back_pers += x->wait_pers;
        x->back_veh += x->wait_veh;
        x->wait_pers = x->wait_veh = 0;
        ops_unit_home_unsent(o, u);
        return;
    }
    ops_note(o, CS_OEV_UNIT_READY, (int32_t)c, (int32_t)u, -1, o->cfg->units[u].personnel);
    if (x->wait_pers + x->wait_veh > 0 && !x->queued_in) {
        x->queued_in = true;
        ops_enqueue(o, u, 0);
    }
    ops_dispatch(o, o->cfg->cont_lifter[c]);
}

/* The wake-up dispatch set when a landing slot was still far. */
void p_dispatch(cs_ops *o, uint32_t li)
{
    o->lifters[li].wake_pending = false;
    ops_dispatch(o, li);
}

/* Aircraft ai takes off with its load; outbound, the load leaves the theater now. */
void p_depart(cs_ops *o, uint32_t ai)
{
    aircraft *a = &o->ac[ai];
    unit_state *x = &o->us[a->unit];
    if (!a->inbound) {
        uint32_t c = o->cfg->units[a->unit].c;
        o->cs[c].th_pers -= a->pers;
        o->cs[c].th_veh -= a->veh;
        o->th_total -= a->pers;
        ops_sample(o, c);
        ops_check_out(o, c);
    }
    x->resv_pers -= a->pers;
    x->resv_veh -= a->veh;
    x->air_pers += a->pers;
    x->air_veh += a->veh;
    double arr = o->sched.now + ops_fly_h(o->cfg, ai, a->at, a->to);
    a->at = a->to;
    ops_at(o, arr, EV_ARRIVE, ai);
}
