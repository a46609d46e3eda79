/* airfield.c - landing slots: booking them ahead for loads on their way, and the queue of
 * aircraft that land, unload and turn around at an airfield within its ground slots and
 * landing rate. */
#include "ops/ops_internal.h"

#include <math.h>

/* Hours between two landings an airfield can take from aircraft ai: its landing rate, or
 * its ground slots turned over at ai's turnaround, whichever is slower. */
static double slot_h(const cs_ops_config *g, uint32_t ai, uint32_t f)
{
    double by_rate = 1.0 / g->afs[f].landings_per_h;
    double by_ground = g->ac[ai].type->turnaround_h / g->afs[f].mog;
    return by_rate > by_ground ? by_rate : by_ground;
}

/* The earliest landing slot for aircraft ai leaving `from` at `ready`: at airfield `only`,
 * or at the theater airfield where it would land soonest (the first in index order among
 * equals). Sets *land to its time and *wait to the hours the aircraft would wait for it. */
static uint32_t first_slot(const cs_ops *o, uint32_t ai, uint32_t from, double ready,
                           int only, double *land, double *wait)
{
    const cs_ops_config *g = o->cfg;
    uint32_t one = (uint32_t)only;
    const uint32_t *cand = only >= 0 ? &one : g->theater;
    uint32_t n = only >= 0 ? 1 : g->ntheater;
    uint32_t best = 0;
    double best_t = INFINITY, best_arr = 0;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t i = cand[k];
        double arr = ready + ops_fly_h(g, ai, from, i);
        double t = arr > o->as[i].booked ? arr : o->as[i].booked;
        if (t < best_t) {
            best_t = t;
            best = i;
            best_arr = arr;
        }
    }
    *land = best_t;
    *wait = best_t - best_arr;
    return best;
}

/* Book that slot; the aircraft waits at its origin so as to arrive at it, as airlift
 * control schedules it. Returns the airfield and sets *dep to the departure time. */
uint32_t ops_book(cs_ops *o, uint32_t ai, uint32_t from, double ready, int only, double *dep)
{
    double land, wait;
    uint32_t f = first_slot(o, ai, from, ready, only, &land, &wait);
    o->as[f].booked = land + slot_h(o->cfg, ai, f);
    *dep = land - ops_fly_h(o->cfg, ai, from, f);
    return f;
}

/* Hours until aircraft ai could take a load of unit u without waiting for a landing slot in
 * the theater (0: now). Inbound it lands in the theater with the load; outbound it flies
 * there empty to collect it. */
double ops_slot_wait(const cs_ops *o, uint32_t ai, uint32_t u, bool inbound)
{
    const cs_ops_config *g = o->cfg;
    const aircraft *a = &o->ac[ai];
    double land, wait, now = o->sched.now;
    if (inbound) {
        uint32_t origin = g->units[u].airfield;
        double ready = now + (a->at != origin ? ops_fly_h(g, ai, a->at, origin) : 0) + g->load_h;
        first_slot(o, ai, origin, ready, -1, &land, &wait);
    } else {
        uint32_t origin = o->us[u].theater_af;
        if (a->at == origin)
            return 0;
        first_slot(o, ai, a->at, now, (int)origin, &land, &wait);
    }
    return wait;
}

/* Land the aircraft holding at airfield f, first come first, while a ground slot is free
 * and the landing rate allows; otherwise wake up at the next landing slot. */
static void land_queue(cs_ops *o, uint32_t f)
{
    const cs_ops_config *g = o->cfg;
    af_state *x = &o->as[f];
    const cs_ops_airfield *cf = &g->afs[f];
    while (x->nhold && x->on_ground < cf->mog) {
        if (o->sched.now < x->next_slot) {
            if (!x->slot_pending) {
                x->slot_pending = true;
                ops_at(o, x->next_slot, EV_SLOT, f);
            }
            return;
        }
        uint32_t ai = x->hold_head;
        x->hold_head = o->ac[ai].next_hold;
        x->nhold--;
        x->on_ground++;
        x->next_slot = o->sched.now + 1.0 / cf->landings_per_h;
        if (o->ac[ai].flight != UINT32_MAX)
            o->fl[o->ac[ai].flight].arr = o->sched.now;
        ops_at(o, o->sched.now + g->ac[ai].type->turnaround_h, EV_UNLOADED, ai);
    }
}

/* Aircraft ai reaches its destination and holds for landing. */
void p_arrive(cs_ops *o, uint32_t ai)
{
    aircraft *a = &o->ac[ai];
    af_state *x = &o->as[a->to];
    a->next_hold = UINT32_MAX;
    if (x->nhold++)
        o->ac[x->hold_tail].next_hold = ai;
    else
        x->hold_head = ai;
    x->hold_tail = ai;
    assert(x->nhold <= o->cfg->nac);
    land_queue(o, a->to);
}

/* The next landing slot at airfield f. */
void p_slot(cs_ops *o, uint32_t f)
{
    o->as[f].slot_pending = false;
    land_queue(o, f);
}

/* Aircraft ai is unloaded and turned around: its cargo is delivered, it is idle again, its
 * ground slot frees. */
void p_unloaded(cs_ops *o, uint32_t ai)
{
    aircraft *a = &o->ac[ai];
    uint32_t f = a->at;
    o->as[f].on_ground--;
    if (a->unit >= 0)
        ops_deliver(o, (uint32_t)a->unit, a->inbound, a->to, a->pers, a->veh);
    a->unit = -1;
    uint32_t li = o->cfg->ac[ai].lifter;
    ring_push(&o->lifters[li].idle, ai);
    land_queue(o, f);
    ops_dispatch(o, li);
}
