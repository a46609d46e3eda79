/* ops.c - the operational simulation: configuration (cs_ops_new), processes (the ev_*
 * callbacks), and the run loop. Every array is allocated by cs_ops_new from the arena; a
 * run only resets and fills them. */
#include "ops/ops.h"
#include "ops/rng.h"
#include "ops/sched.h"
#include "support/mem.h"

#include <math.h>
#include <string.h>

const char *const cs_oev_names[] = {
    "decision", "authorized", "no-quorum", "vote-failed", "unit-ready", "first-arrival",
    "contingent-in", "deployed", "site-needed", "site-covered", "mission-end",
    "withdrawal", "handed-over", "unit-leaves", "contingent-out", "contingent-home", "end",
    NULL};

/* A FIFO of indices with a fixed capacity. */
typedef struct ring {
    uint32_t *v;
    uint32_t head, n, cap;
} ring;

static bool ring_push(ring *r, uint32_t x)
{
    if (r->n == r->cap)
        return false;
    r->v[(r->head + r->n++) % r->cap] = x;
    return true;
}

static uint32_t ring_peek(const ring *r) { return r->v[r->head]; }

static uint32_t ring_pop(ring *r)
{
    uint32_t x = r->v[r->head];
    r->head = (r->head + 1) % r->cap;
    r->n--;
    return x;
}

typedef struct aircraft {
    const cs_aircraft_type *type;
    uint32_t lifter;
    uint32_t base;                   /* where every run starts it */
    uint32_t at;                     /* airfield where it is, or is flying to */
    int32_t unit;                    /* the load it carries, -1 none */
    double pers, veh;
    bool inbound;
    uint32_t to;
    uint32_t flight;                 /* record of its loaded flight */
} aircraft;

/* A state whose aircraft fly contingents. Waiting cargo is served contingent by contingent
 * in turn (turn[dir] holds contingents with waiting units), each contingent's units in the
 * order they became ready (waiting[dir][c]). */
typedef struct lifter {
    const cs_state *state;
    ring idle;                       /* idle aircraft */
    ring turn[2];                    /* [0] inbound, [1] outbound */
    bool wake_pending;
} lifter;

typedef struct unit_state {
    double wait_pers, wait_veh;      /* at home, not yet on an aircraft */
    double resv_pers, resv_veh;      /* on an aircraft that has not yet left */
    double air_pers, air_veh;        /* in the air */
    double th_pers, th_veh;          /* in theater */
    double out_pers, out_veh;        /* in theater, waiting for a flight home */
    double road_pers, road_veh;      /* on the road home */
    double back_pers, back_veh;      /* home again */
    double free_pers;                /* in theater, not guarding a site */
    uint32_t nsites;
    uint32_t theater_af;             /* where it landed */
    bool arrived, leaving, queued_in, queued_out, home;
} unit_state;

typedef struct af_state {
    double on_ground, next_slot;
    double booked;                   /* landings are booked up to this time */
    ring hold;
    bool slot_pending;
} af_state;

typedef struct cont_state {
    double th_pers, th_veh;
    uint32_t sites;                           /* sites it guards now */
    uint32_t units, units_left, units_home;   /* its units; those out of theater; home */
    bool went;                                /* some of its cargo was put on an aircraft */
    bool out;
} cont_state;

enum { EV_DECISION, EV_SESSION, EV_AUTHORIZE, EV_AT_AIRFIELD, EV_DEPART, EV_ARRIVE,
       EV_UNLOADED, EV_SLOT, EV_SITE, EV_END, EV_WITHDRAW, EV_HANDOVER, EV_ROAD_HOME,
       EV_DISPATCH };

/* A load is assigned when its landing slot is at most this many hours after it could
 * arrive: slots are handed out just in time, not booked days ahead. */
#define SLOT_SLACK_H 0.5

typedef struct session {
    uint32_t c;
    double t;
    const cs_event *e;               /* NULL: a sitting the model adds */
} session;

struct cs_ops {
    cs_arena *arena;
    const cs_model *m;
    const cs_scenario *s;
    /* configuration */
    double t0, end_t, after_h;
    bool has_end;
    double road_kmh, load_h, handover_per_day, road_max_km, road_detour, exec_h, quorum_p;
    double util;                /* share of payload, seats and floor space filled */
    double default_mog, default_lph;
    cs_ops_contingent *cont;   uint32_t ncont;
    cs_ops_unit *units;        uint32_t nunits;
    cs_ops_site *sites;        uint32_t nsites;
    cs_ops_airfield *afs;      uint32_t nafs;
    aircraft *ac;              uint32_t nac;
    lifter *lifters;           uint32_t nlifters;
    uint32_t *cont_lifter;     /* per contingent */
    ring *waiting[2];          /* per contingent: its units waiting to fly in, out */
    uint32_t *handover_order;  /* sites by handover rank */
    uint32_t *arrival_order;   uint32_t narrived;
    session *sessions;         uint32_t nsessions, nsessions0, capsessions;
    /* state */
    unit_state *us;
    af_state *as;
    cont_state *cs;
    bool withdrawing;
    cs_sched sched;
    cs_rng rng;
    cs_status err;
    cs_ops_hook hook;
    void *hook_ctx;
    /* results */
    cs_oev *tl;     uint32_t captl;
    cs_flight *fl;  uint32_t capfl;
    cs_sample *sm;  uint32_t capsm;
    cs_ops_result res;
};

/* ---- recording -------------------------------------------------------------------- */

static void note(cs_ops *o, cs_oev_kind k, int32_t c, int32_t u, int32_t s, double v)
{
    if (o->res.ntimeline == o->captl) {
        o->res.truncated = true;
        return;
    }
    o->tl[o->res.ntimeline++] = (cs_oev){o->sched.now, k, c, u, s, v};
}

static void sample(cs_ops *o, uint32_t c)
{
    double total = 0;
    for (uint32_t i = 0; i < o->ncont; i++)
        total += o->cs[i].th_pers;
    if (total > o->res.peak_personnel)
        o->res.peak_personnel = total;
    if (o->res.nsamples == o->capsm) {
        o->res.truncated = true;
        return;
    }
    o->sm[o->res.nsamples++] = (cs_sample){o->sched.now, c, o->cs[c].th_pers, o->cs[c].th_veh};
}

static void at(cs_ops *o, double t, int ev, uint32_t a, uint32_t b);

/* ---- helpers ---------------------------------------------------------------------- */

static double af_km(const cs_ops *o, uint32_t a, uint32_t b)
{
    const cs_airfield *x = o->afs[a].af, *y = o->afs[b].af;
    return cs_geo_km(x->lat, x->lon, y->lat, y->lon);
}

static double fly_h(const cs_ops *o, const aircraft *a, uint32_t from, uint32_t to)
{
    return af_km(o, from, to) / a->type->cruise_kmh;
}

/* Hours between two landings an airfield can take from aircraft a: its landing rate, or
 * its ground slots turned over at a's turnaround, whichever is slower. */
static double slot_h(const cs_ops *o, const aircraft *a, uint32_t f)
{
    double by_rate = 1.0 / o->afs[f].landings_per_h;
    double by_ground = a->type->turnaround_h / o->afs[f].mog;
    return by_rate > by_ground ? by_rate : by_ground;
}

/* The earliest landing slot for aircraft a leaving `from` at `ready`: at airfield `only`,
 * or at the theater airfield where it would land soonest. Sets *wait to the hours it would
 * wait for the slot. */
static uint32_t first_slot(const cs_ops *o, const aircraft *a, uint32_t from, double ready,
                           int only, double *land, double *wait)
{
    uint32_t best = 0;
    double best_t = INFINITY, best_arr = 0;
    for (uint32_t i = 0; i < o->nafs; i++) {
        if (only >= 0 ? i != (uint32_t)only : !o->afs[i].theater)
            continue;
        double arr = ready + fly_h(o, a, from, i);
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
static uint32_t book(cs_ops *o, const aircraft *a, uint32_t from, double ready, int only,
                     double *dep)
{
    double land, wait;
    uint32_t f = first_slot(o, a, from, ready, only, &land, &wait);
    o->as[f].booked = land + slot_h(o, a, f);
    *dep = land - fly_h(o, a, from, f);
    return f;
}

/* Hours until aircraft a could take a load of unit u without waiting for a landing slot in
 * the theater (0: now). Inbound it lands in the theater with the load; outbound it flies
 * there empty to collect it. */
static double slot_wait(const cs_ops *o, const aircraft *a, uint32_t u, bool inbound)
{
    double land, wait, now = o->sched.now;
    if (inbound) {
        uint32_t origin = o->units[u].airfield;
        double ready = now + (a->at != origin ? fly_h(o, a, a->at, origin) : 0) + o->load_h;
        first_slot(o, a, origin, ready, -1, &land, &wait);
    } else {
        uint32_t origin = o->us[u].theater_af;
        if (a->at == origin)
            return 0;
        first_slot(o, a, a->at, now, (int)origin, &land, &wait);
    }
    return wait;
}

static bool all_in(const cs_ops *o)
{
    for (uint32_t c = 0; c < o->ncont; c++)
        if (!o->cont[c].refused && o->cont[c].complete < 0)
            return false;
    return true;
}

static void cover_sites(cs_ops *o);

/* The deployment is complete when every contingent that may go is all in theater, before
 * any withdrawal; sites held back for it can then be given out. */
static void check_deployed(cs_ops *o)
{
    if (o->res.deployed >= 0 || o->withdrawing || !all_in(o))
        return;
    o->res.deployed = o->sched.now;
    for (uint32_t c = 0; c < o->ncont; c++) {
        o->res.personnel_deployed += o->cs[c].th_pers;
        o->res.vehicles_deployed += o->cs[c].th_veh;
    }
    note(o, CS_OEV_DEPLOYED, -1, -1, -1, o->res.personnel_deployed);
    cover_sites(o);
}

/* Cargo of the unit still to land in the theater (on an aircraft, or in the air). */
static double still_coming(const unit_state *x)
{
    return x->resv_pers + x->resv_veh + x->air_pers + x->air_veh;
}

/* The run ends, once, when every contingent any of whose cargo left home is home again. */
static void check_end(cs_ops *o)
{
    if (o->res.end >= 0)
        return;
    for (uint32_t c = 0; c < o->ncont; c++)
        if (o->cs[c].went && o->cont[c].home < 0)
            return;
    o->res.end = o->sched.now;
    note(o, CS_OEV_END, -1, -1, -1, 0);
}

/* ---- sites ------------------------------------------------------------------------ */

/* Give the needed, uncovered sites, strictly in the scenario's order of priority, each to a
 * unit with enough free personnel: of the contingent guarding the fewest sites, so that
 * tasks are spread across the multinational force; among equals, the unit that arrived
 * first. While the force is still arriving, a site no unit can take yet holds back the
 * sites after it (personnel gather for it); once all are in, it is skipped. */
static void cover_sites(cs_ops *o)
{
    if (o->withdrawing)
        return;
    for (uint32_t i = 0; i < o->nsites; i++) {
        cs_ops_site *st = &o->sites[i];
        if (st->by >= 0 || st->from > o->sched.now)
            continue;
        int32_t best = -1;
        for (uint32_t k = 0; k < o->narrived; k++) {
            uint32_t u = o->arrival_order[k];
            const unit_state *x = &o->us[u];
            if (x->leaving || x->free_pers < st->need)
                continue;
            if (best < 0 || o->cs[o->units[u].c].sites < o->cs[o->units[best].c].sites)
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
        o->cs[o->units[best].c].sites++;
        st->by = best;
        st->covered = o->sched.now;
        note(o, CS_OEV_SITE_COVERED, (int32_t)o->units[best].c, best, (int32_t)i, st->need);
    }
}

/* ---- airlift ---------------------------------------------------------------------- */

/* What of unit u's waiting cargo aircraft a takes in one load: whole vehicles, as many as
 * weight and floor space allow, with their share of the unit's personnel (so crews fly
 * with their vehicles); the last vehicles go with every seat the payload leaves. */
static bool load_of(const cs_ops *o, const aircraft *a, uint32_t u, bool inbound,
                    double *pers, double *veh)
{
    const cs_ops_unit *cu = &o->units[u];
    const unit_state *x = &o->us[u];
    double wp = inbound ? x->wait_pers : x->out_pers, wv = inbound ? x->wait_veh : x->out_veh;
    /* Planners fill a share (airlift-utilization) of an aircraft's capacity. */
    double payload = a->type->payload_t * o->util, seats = floor(a->type->seats * o->util);
    double floor_v = a->type->vehicles >= 0 ? floor(a->type->vehicles * o->util + 1e-9) : -1;
    double share = wv > 0 ? wp / wv : 0;        /* personnel per waiting vehicle */
    if (share > seats)
        share = seats;
    double per = cu->vehicle_t + share * cu->kit_t;
    double v = per > 0 ? floor(payload / per) : wv;
    if (floor_v >= 0 && v > floor_v)
        v = floor_v;
    if (cu->vehicle_t > 0 && v * cu->vehicle_t > payload)
        v = floor(payload / cu->vehicle_t);
    if (v > wv)
        v = wv;
    double left = payload - v * cu->vehicle_t;
    double p = seats;
    if (cu->kit_t > 0 && floor(left / cu->kit_t) < p)
        p = floor(left / cu->kit_t);
    /* While vehicles are still to follow, the personnel keep pace with them: a load takes
     * its vehicles' share, so that no vehicle flies without its crew. */
    if (wv - v > 0 && v > 0 && p > ceil(share * v))
        p = ceil(share * v);
    if (p > wp)
        p = wp;
    *pers = p;
    *veh = v;
    return p > 0 || v > 0;
}

static uint32_t add_flight(cs_ops *o, cs_flight f)
{
    if (o->res.nflights == o->capfl) {
        o->res.truncated = true;
        return UINT32_MAX;
    }
    o->fl[o->res.nflights] = f;
    return o->res.nflights++;
}

/* Send aircraft a for a load of unit u: a positioning flight if it is elsewhere, loading,
 * then the loaded flight. */
static void assign(cs_ops *o, uint32_t ai, uint32_t u, bool inbound, double pers, double veh)
{
    aircraft *a = &o->ac[ai];
    unit_state *x = &o->us[u];
    const cs_ops_unit *cu = &o->units[u];
    uint32_t origin = inbound ? cu->airfield : x->theater_af;
    double now = o->sched.now, t = now;
    if (a->at != origin) {
        /* Empty to the origin; into the theater it needs a landing slot like any other. */
        double dep = t, h = fly_h(o, a, a->at, origin);
        if (o->afs[origin].theater)
            book(o, a, a->at, t, (int)origin, &dep);
        add_flight(o, (cs_flight){dep, dep + h, ai, a->at, origin, -1, 0, 0, 0, inbound});
        o->res.ferry_flights++;
        t = dep + h;
    }
    t += o->load_h;
    double dep = t;
    uint32_t dest = inbound ? book(o, a, origin, t, -1, &dep) : cu->airfield;
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
    double h = fly_h(o, a, origin, dest);
    a->flight = add_flight(o, (cs_flight){t, t + h, ai, origin, dest, (int32_t)u, pers, veh,
                                          veh * cu->vehicle_t + pers * cu->kit_t, inbound});
    if (inbound)
        o->res.flights_in++;
    else
        o->res.flights_out++;
    at(o, t, EV_DEPART, ai, 0);
}

/* Queue unit u's cargo for its lifter, in direction dir (0 in, 1 out). */
static void enqueue(cs_ops *o, uint32_t u, int dir)
{
    uint32_t c = o->units[u].c;
    lifter *L = &o->lifters[o->cont_lifter[c]];
    ring *w = &o->waiting[dir][c];
    if (w->n == 0)
        ring_push(&L->turn[dir], c);
    ring_push(w, u);
}

/* Match idle aircraft with waiting cargo, inbound before outbound, contingents in turn and
 * each contingent's units in the order they became ready. A load is assigned only when a
 * landing slot is near (SLOT_SLACK_H); otherwise dispatch wakes up when one will be. An
 * aircraft that cannot carry anything of the unit at hand (its vehicles are too heavy)
 * leaves the load to another aircraft. */
static void dispatch(cs_ops *o, uint32_t li)
{
    lifter *L = &o->lifters[li];
    for (int dir = 0; dir < 2; dir++) {
        ring *turn = &L->turn[dir];
        uint32_t passed = 0;   /* contingents in a row that no idle aircraft could take */
        while (turn->n && L->idle.n && passed < turn->n) {
            uint32_t c = ring_peek(turn);
            ring *w = &o->waiting[dir][c];
            uint32_t u = ring_peek(w), k = 0, ai = 0;
            double pers = 0, veh = 0;
            for (; k < L->idle.n; k++) {
                ai = L->idle.v[(L->idle.head + k) % L->idle.cap];
                if (load_of(o, &o->ac[ai], u, dir == 0, &pers, &veh))
                    break;
            }
            if (k == L->idle.n) {
                /* None of the idle aircraft can take it (its vehicles want another type):
                 * the next contingent's turn; this one waits for a suitable aircraft. */
                ring_push(turn, ring_pop(turn));
                passed++;
                continue;
            }
            double wait = slot_wait(o, &o->ac[ai], u, dir == 0);
            if (wait > SLOT_SLACK_H) {
                if (!L->wake_pending) {
                    L->wake_pending = true;
                    at(o, o->sched.now + wait - SLOT_SLACK_H / 2, EV_DISPATCH, li, 0);
                }
                break;
            }
            /* Take aircraft k out of the idle ring: swap it to the front, then pop. */
            uint32_t *front = &L->idle.v[L->idle.head], *mid = &L->idle.v[(L->idle.head + k) % L->idle.cap];
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

static void land_queue(cs_ops *o, uint32_t f)
{
    af_state *x = &o->as[f];
    const cs_ops_airfield *cf = &o->afs[f];
    while (x->hold.n && x->on_ground < cf->mog) {
        if (o->sched.now < x->next_slot) {
            if (!x->slot_pending) {
                x->slot_pending = true;
                at(o, x->next_slot, EV_SLOT, f, 0);
            }
            return;
        }
        uint32_t ai = ring_pop(&x->hold);
        x->on_ground++;
        x->next_slot = o->sched.now + 1.0 / cf->landings_per_h;
        if (o->ac[ai].flight != UINT32_MAX)
            o->fl[o->ac[ai].flight].arr = o->sched.now;
        at(o, o->sched.now + o->ac[ai].type->turnaround_h, EV_UNLOADED, ai, 0);
    }
}

static void unit_leave(cs_ops *o, uint32_t u);
static void unit_out(cs_ops *o, uint32_t u);
static void check_out(cs_ops *o, uint32_t c);
static void unit_home_unsent(cs_ops *o, uint32_t u);

static void deliver(cs_ops *o, aircraft *a)
{
    uint32_t u = (uint32_t)a->unit;
    unit_state *x = &o->us[u];
    const cs_ops_unit *cu = &o->units[u];
    uint32_t c = cu->c;
    cs_ops_contingent *k = &o->cont[c];
    x->air_pers -= a->pers;
    x->air_veh -= a->veh;
    if (a->inbound) {
        x->th_pers += a->pers;
        x->th_veh += a->veh;
        x->free_pers += a->pers;
        o->cs[c].th_pers += a->pers;
        o->cs[c].th_veh += a->veh;
        if (!x->arrived) {
            x->arrived = true;
            x->theater_af = a->to;
            o->arrival_order[o->narrived++] = u;
        }
        if (k->first_arrival < 0 && o->cs[c].went) {
            k->first_arrival = o->sched.now;
            note(o, CS_OEV_FIRST_ARRIVAL, (int32_t)c, (int32_t)u, -1, a->pers);
            if (o->res.first_arrival < 0)
                o->res.first_arrival = o->sched.now;
        }
        sample(o, c);
        if (k->complete < 0 && o->cs[c].th_pers >= k->personnel &&
            o->cs[c].th_veh >= k->vehicles) {
            k->complete = o->sched.now;
            note(o, CS_OEV_CONTINGENT_IN, (int32_t)c, -1, -1, o->cs[c].th_pers);
        }
        check_deployed(o);
        if (o->withdrawing && x->nsites == 0 && still_coming(x) <= 0)
            unit_leave(o, u);
        else
            cover_sites(o);
    } else {
        x->back_pers += a->pers;
        x->back_veh += a->veh;
        if (!x->home && x->back_pers >= cu->personnel && x->back_veh >= cu->vehicles) {
            x->home = true;
            if (++o->cs[c].units_home == o->cs[c].units) {
                k->home = o->sched.now;
                note(o, CS_OEV_CONTINGENT_HOME, (int32_t)c, -1, -1, k->personnel);
                check_end(o);
            }
        }
    }
    a->unit = -1;
}

/* Contingent c is out of the theater when all its units have started for home (or never
 * came) and the last of its people and vehicles has left: its convoy, or its last flight. */
static void check_out(cs_ops *o, uint32_t c)
{
    if (o->cs[c].units_left == o->cs[c].units && !o->cs[c].out &&
        o->cs[c].went && o->cs[c].th_pers <= 0 && o->cs[c].th_veh <= 0) {
        o->cs[c].out = true;
        o->cont[c].left = o->sched.now;
        note(o, CS_OEV_CONTINGENT_OUT, (int32_t)c, -1, -1, 0);
    }
}

/* One more of contingent c's units has started for home (or never came). */
static void unit_out(cs_ops *o, uint32_t u)
{
    uint32_t c = o->units[u].c;
    o->cs[c].units_left++;
    check_out(o, c);
}

/* A unit none of which went (the mission ended first): it is home, and its contingent may
 * be too. */
static void unit_home_unsent(cs_ops *o, uint32_t u)
{
    unit_state *x = &o->us[u];
    uint32_t c = o->units[u].c;
    if (x->home)
        return;
    x->home = true;
    unit_out(o, u);
    if (++o->cs[c].units_home == o->cs[c].units && o->cs[c].went) {
        o->cont[c].home = o->sched.now;
        note(o, CS_OEV_CONTINGENT_HOME, (int32_t)c, -1, -1, o->cont[c].personnel);
        check_end(o);
    }
}

/* ---- authorization and force generation ------------------------------------------- */

static void authorize(cs_ops *o, uint32_t c)
{
    cs_ops_contingent *k = &o->cont[c];
    if (k->authorized || k->refused)
        return;
    k->authorized = true;
    k->auth_t = o->sched.now;
    note(o, CS_OEV_AUTHORIZED, (int32_t)c, -1, -1, k->personnel);
    for (uint32_t u = 0; u < o->nunits; u++)
        if (o->units[u].c == c) {
            double t = o->units[u].ready_t > o->sched.now ? o->units[u].ready_t : o->sched.now;
            at(o, t, EV_AT_AIRFIELD, u, 0);
        }
}

/* Contingent c will not go: its parliament said no, or never voted. */
static void refuse(cs_ops *o, uint32_t c, double votes)
{
    o->cont[c].refused = true;
    note(o, CS_OEV_VOTE_FAILED, (int32_t)c, -1, -1, votes);
    check_deployed(o);
}

/* Is si the last sitting the record gives for its contingent? */
static bool last_recorded(const cs_ops *o, uint32_t si)
{
    for (uint32_t k = si + 1; k < o->nsessions0; k++)
        if (o->sessions[k].c == o->sessions[si].c && o->sessions[k].e)
            return false;
    return true;
}

static void session_sitting(cs_ops *o, uint32_t si)
{
    const session *se = &o->sessions[si];
    cs_ops_contingent *k = &o->cont[se->c];
    if (k->authorized || k->refused)
        return;
    const cs_authorization *au = &k->state->auth;
    bool quorum;
    double yes;
    if (se->e) {
        quorum = se->e->quorum;
        yes = se->e->votes_for;
    } else {
        /* A sitting the record does not give: quorum by chance; the vote, when held,
         * carries (the government's request is assumed to pass). */
        quorum = cs_rng_uniform(&o->rng) < o->quorum_p;
        yes = au->seats;
    }
    if (!quorum) {
        note(o, CS_OEV_NO_QUORUM, (int32_t)se->c, -1, -1, 0);
        if (se->e) {
            /* The record's sittings are all there is: none voted, so none authorized. */
            if (last_recorded(o, si))
                refuse(o, se->c, 0);
        } else if (o->nsessions < o->capsessions) {
            double next = o->sched.now + (au->convene_h >= 0 ? au->convene_h : 24);
            o->sessions[o->nsessions] = (session){se->c, next, NULL};
            at(o, next, EV_SESSION, o->nsessions++, 0);
        } else
            refuse(o, se->c, 0);   /* sitting after sitting without a quorum */
        return;
    }
    double needed = ceil(au->majority * au->seats - 1e-9);
    if (yes >= needed)
        authorize(o, se->c);
    else
        refuse(o, se->c, yes);
}

/* ---- withdrawal ------------------------------------------------------------------- */

/* Unit u starts for home, once all of it that is coming has landed. */
static void unit_leave(cs_ops *o, uint32_t u)
{
    unit_state *x = &o->us[u];
    if (x->leaving || !x->arrived || still_coming(x) > 0)
        return;
    x->leaving = true;
    const cs_ops_unit *cu = &o->units[u];
    uint32_t c = cu->c;
    note(o, CS_OEV_UNIT_LEAVES, (int32_t)c, (int32_t)u, -1, x->th_pers);
    double km = af_km(o, x->theater_af, cu->airfield) * o->road_detour;
    double pers = x->th_pers, veh = x->th_veh;
    x->th_pers = x->th_veh = x->free_pers = 0;
    /* The contingent's count in theater drops as its people go: now by road, or with each
     * flight that leaves (EV_DEPART). */
    if (km <= o->road_max_km) {
        o->cs[c].th_pers -= pers;
        o->cs[c].th_veh -= veh;
        sample(o, c);
        x->road_pers = pers;
        x->road_veh = veh;
        o->cont[c].home_by_road = true;
        at(o, o->sched.now + km / o->road_kmh, EV_ROAD_HOME, u, 0);
    } else {
        x->out_pers = pers;
        x->out_veh = veh;
        if (!x->queued_out) {
            x->queued_out = true;
            enqueue(o, u, 1);
        }
        dispatch(o, o->cont_lifter[c]);
    }
    unit_out(o, u);
}

static void withdraw(cs_ops *o)
{
    o->withdrawing = true;
    o->res.withdrawal = o->sched.now;
    note(o, CS_OEV_WITHDRAWAL, -1, -1, -1, 0);
    /* The mission is over: what has not been loaded yet stays home. */
    for (uint32_t L = 0; L < o->nlifters; L++)
        o->lifters[L].turn[0].head = o->lifters[L].turn[0].n = 0;
    for (uint32_t c = 0; c < o->ncont; c++)
        o->waiting[0][c].head = o->waiting[0][c].n = 0;
    for (uint32_t u = 0; u < o->nunits; u++) {
        unit_state *x = &o->us[u];
        x->queued_in = false;
        x->back_pers += x->wait_pers;
        x->back_veh += x->wait_veh;
        x->wait_pers = x->wait_veh = 0;
        if (!x->arrived && still_coming(x) <= 0)
            unit_home_unsent(o, u);
    }
    /* Each contingent hands its own sites back, all contingents in parallel, each handover
     * taking 24 / handover-sites-per-day hours, in the scenario's handover order. */
    double step = 24.0 / o->handover_per_day;
    for (uint32_t c = 0; c < o->ncont; c++) {
        uint32_t k = 0;
        for (uint32_t i = 0; i < o->nsites; i++) {
            uint32_t s = o->handover_order[i];
            if (o->sites[s].by >= 0 && o->units[o->sites[s].by].c == c)
                at(o, o->sched.now + step * ++k, EV_HANDOVER, s, 0);
        }
    }
    for (uint32_t u = 0; u < o->nunits; u++)
        if (o->us[u].arrived && o->us[u].nsites == 0)
            unit_leave(o, u);
}

/* ---- events ----------------------------------------------------------------------- */

static void on_event(void *ctx, uint32_t ev, uint32_t packed);

static void at(cs_ops *o, double t, int ev, uint32_t a, uint32_t b)
{
    /* The event kind and its first argument share one word: kind in the top 4 bits. */
    (void)b;
    if (cs_sched_at(&o->sched, t, on_event, ((uint32_t)ev << 28) | a, 0) == CS_SCHED_NONE)
        o->err = CS_ERR_NOMEM;
}

static void on_event(void *ctx, uint32_t packed, uint32_t unused)
{
    (void)unused;
    cs_ops *o = ctx;
    int ev = (int)(packed >> 28);
    uint32_t a = packed & 0x0FFFFFFF;
    switch (ev) {
    case EV_DECISION:
        note(o, CS_OEV_DECISION, -1, -1, -1, 0);
        for (uint32_t c = 0; c < o->ncont; c++) {
            const cs_authorization *au = &o->cont[c].state->auth;
            if (au->proc != CS_AUTH_PARLIAMENT) {
                double h = au->convene_h >= 0 ? au->convene_h : o->exec_h;
                at(o, o->sched.now + h, EV_AUTHORIZE, c, 0);
            }
        }
        for (uint32_t i = 0; i < o->nsessions; i++)
            at(o, o->sessions[i].t > o->sched.now ? o->sessions[i].t : o->sched.now,
               EV_SESSION, i, 0);
        break;
    case EV_SESSION: session_sitting(o, a); break;
    case EV_AUTHORIZE: authorize(o, a); break;
    case EV_AT_AIRFIELD: {
        unit_state *x = &o->us[a];
        uint32_t c = o->units[a].c;
        if (o->withdrawing) {   /* the mission is over: it stays home */
            x->back_pers += x->wait_pers;
            x->back_veh += x->wait_veh;
            x->wait_pers = x->wait_veh = 0;
            unit_home_unsent(o, a);
            break;
        }
        note(o, CS_OEV_UNIT_READY, (int32_t)c, (int32_t)a, -1, o->units[a].personnel);
        if (x->wait_pers + x->wait_veh > 0 && !x->queued_in) {
            x->queued_in = true;
            enqueue(o, a, 0);
        }
        dispatch(o, o->cont_lifter[c]);
        break;
    }
    case EV_DISPATCH:
        o->lifters[a].wake_pending = false;
        dispatch(o, a);
        break;
    case EV_DEPART: {
        aircraft *ac = &o->ac[a];
        unit_state *x = &o->us[ac->unit];
        if (!ac->inbound) {
            uint32_t c = o->units[ac->unit].c;
            o->cs[c].th_pers -= ac->pers;
            o->cs[c].th_veh -= ac->veh;
            sample(o, c);
            check_out(o, c);
        }
        x->resv_pers -= ac->pers;
        x->resv_veh -= ac->veh;
        x->air_pers += ac->pers;
        x->air_veh += ac->veh;
        double arr = o->sched.now + fly_h(o, ac, ac->at, ac->to);
        ac->at = ac->to;
        at(o, arr, EV_ARRIVE, a, 0);
        break;
    }
    case EV_ARRIVE:
        ring_push(&o->as[o->ac[a].to].hold, a);
        land_queue(o, o->ac[a].to);
        break;
    case EV_SLOT:
        o->as[a].slot_pending = false;
        land_queue(o, a);
        break;
    case EV_UNLOADED: {
        aircraft *ac = &o->ac[a];
        uint32_t f = ac->at;
        o->as[f].on_ground--;
        if (ac->unit >= 0)
            deliver(o, ac);
        ring_push(&o->lifters[ac->lifter].idle, a);
        land_queue(o, f);
        dispatch(o, ac->lifter);
        break;
    }
    case EV_SITE:
        note(o, CS_OEV_SITE_NEEDED, -1, -1, (int32_t)a, o->sites[a].need);
        cover_sites(o);
        break;
    case EV_END:
        note(o, CS_OEV_MISSION_END, -1, -1, -1, 0);
        at(o, o->sched.now + o->after_h, EV_WITHDRAW, 0, 0);
        break;
    case EV_WITHDRAW: withdraw(o); break;
    case EV_HANDOVER: {
        cs_ops_site *st = &o->sites[a];
        st->handed = o->sched.now;
        note(o, CS_OEV_HANDED_OVER, (int32_t)o->units[st->by].c, st->by, (int32_t)a, st->need);
        unit_state *x = &o->us[st->by];
        x->free_pers += st->need;
        o->cs[o->units[st->by].c].sites--;
        if (--x->nsites == 0)
            unit_leave(o, (uint32_t)st->by);
        break;
    }
    case EV_ROAD_HOME: {
        unit_state *x = &o->us[a];
        aircraft fake = {.unit = (int32_t)a, .pers = x->road_pers, .veh = x->road_veh};
        x->air_pers += x->road_pers;   /* deliver() takes them from the air */
        x->air_veh += x->road_veh;
        x->road_pers = x->road_veh = 0;
        deliver(o, &fake);
        break;
    }
    }
}

/* ---- configuration ---------------------------------------------------------------- */

const cs_param *cs_ops_param(const cs_model *m, const char *id) { return cs_model_param(m, id); }

static bool param(const cs_model *m, const char *id, double *out, cs_diags *d)
{
    const cs_param *p = cs_model_param(m, id);
    if (!p) {
        cs_diag_file(d, CS_ERR_REF, NULL, "the catalog has no parameter '%s', which the "
                     "operational model needs", id);
        return false;
    }
    *out = p->value;
    return true;
}

static int af_index(cs_ops *o, const cs_airfield *af, bool add)
{
    for (uint32_t i = 0; i < o->nafs; i++)
        if (o->afs[i].af == af)
            return (int)i;
    if (!add)
        return -1;
    o->afs[o->nafs] = (cs_ops_airfield){af,
                                        af->max_on_ground > 0 ? af->max_on_ground : o->default_mog,
                                        af->landings_per_h > 0 ? af->landings_per_h : o->default_lph,
                                        false};
    return (int)o->nafs++;
}

/* The units that go: every unit pledged to a force pool whose mandate covers the task by
 * a member on the moment's date, except the host's own and units with nothing to carry. */
static bool unit_goes(const cs_law_result *law, const cs_unit *u)
{
    if (strcmp(u->state->id, law->sit.s->host.id) == 0 || (u->personnel <= 0 && u->vehicles <= 0) ||
        !cs_alliance_is_member(law->sit.a, u->state->id, law->sit.moment))
        return false;
    for (uint32_t i = 0; i < law->npools; i++)
        for (uint32_t k = 0; k < law->pools[i]->npledges; k++) {
            const cs_pledge *pl = &law->pools[i]->pledges[k];
            for (uint32_t j = 0; j < pl->nunits; j++)
                if (pl->units[j].to == u)
                    return true;
        }
    return false;
}

static double fleet_size(const cs_state *s)
{
    double n = 0;
    for (uint32_t i = 0; i < s->nfleets; i++)
        n += s->fleets[i].count;
    return n;
}

/* Who flies a contingent: its own state if it has aircraft, else the lead state. */
static const cs_state *lifter_of(const cs_model *m, const cs_state *s, const cs_alliance *a)
{
    if (fleet_size(s) > 0)
        return s;
    const cs_state *lead = a->lead.id ? cs_model_state(m, a->lead.id) : NULL;
    return lead && fleet_size(lead) > 0 ? lead : NULL;
}

/* Can some aircraft of the lifter take a vehicle (vehicles) or a person of unit cu, with the
 * loading arithmetic of load_of? */
static bool lifter_carries(const cs_ops *o, const cs_state *lf, const cs_ops_unit *cu,
                           bool vehicles)
{
    for (uint32_t i = 0; i < lf->nfleets; i++) {
        const cs_aircraft_type *t = lf->fleets[i].type.to;
        if (lf->fleets[i].count <= 0)
            continue;
        double payload = t->payload_t * o->util;
        if (vehicles) {
            double slots = t->vehicles >= 0 ? floor(t->vehicles * o->util + 1e-9) : 1;
            if (slots >= 1 && cu->vehicle_t <= payload)
                return true;
        } else if (floor(t->seats * o->util) >= 1 && cu->kit_t <= payload)
            return true;
    }
    return false;
}

enum { MAX_AIRCRAFT = 200000 };
#define MAX_HOURS (24.0 * 365 * 5)   /* a run stops five years after its start */

cs_ops *cs_ops_new(const cs_model *m, const cs_law_result *law, const cs_pol_result *pol,
                   cs_diags *d)
{
    const cs_scenario *s = law->sit.s;
    if (pol->decision != CS_DEC_ACT || !pol->has_date) {
        cs_diag_file(d, CS_ERR_USAGE, NULL, "the council did not decide to act: nothing to "
                     "simulate");
        return NULL;
    }
    cs_arena *ar = cs_arena_new();
    cs_ops *o = ar ? cs_arena_alloc(ar, sizeof *o) : NULL;
    if (!o) {
        cs_arena_free(ar);
        cs_diag_file(d, CS_ERR_NOMEM, NULL, "out of memory");
        return NULL;
    }
    o->arena = ar;
    o->m = m;
    o->s = s;
    o->t0 = (double)(pol->date.min - s->start.min) / 60.0;
    bool ok = param(m, "road-kmh", &o->road_kmh, d) & param(m, "load-h", &o->load_h, d) &
              param(m, "handover-sites-per-day", &o->handover_per_day, d) &
              param(m, "road-max-km", &o->road_max_km, d) &
              param(m, "road-detour", &o->road_detour, d) &
              param(m, "executive-decision-h", &o->exec_h, d) &
              param(m, "parliament-quorum-p", &o->quorum_p, d) &
              param(m, "withdrawal-delay-h", &o->after_h, d) &
              param(m, "airlift-utilization", &o->util, d) &
              param(m, "airfield-default-max-on-ground", &o->default_mog, d) &
              param(m, "airfield-default-landings-per-h", &o->default_lph, d);
    struct { const char *id; double v, lo, hi; } range[] = {
        {"road-kmh", o->road_kmh, 0.1, 1000}, {"load-h", o->load_h, 0, 1000},
        {"handover-sites-per-day", o->handover_per_day, 0.01, 1000},
        {"road-max-km", o->road_max_km, 0, 1e5}, {"road-detour", o->road_detour, 1, 10},
        {"executive-decision-h", o->exec_h, 0, 1e4}, {"parliament-quorum-p", o->quorum_p, 0, 1},
        {"withdrawal-delay-h", o->after_h, 0, 1e5}, {"airlift-utilization", o->util, 0.01, 1},
        {"airfield-default-max-on-ground", o->default_mog, 1, 1e5},
        {"airfield-default-landings-per-h", o->default_lph, 0.01, 1000},
    };
    for (size_t i = 0; ok && i < sizeof range / sizeof *range; i++)
        if (!(range[i].v >= range[i].lo && range[i].v <= range[i].hi)) {
            const cs_param *p = cs_model_param(m, range[i].id);
            cs_diag_at(d, CS_ERR_SCHEMA, &p->loc, "parameter '%s' is %g; it must be from %g "
                       "to %g", range[i].id, range[i].v, range[i].lo, range[i].hi);
            ok = false;
        }
    if (!ok) {
        cs_ops_free(o);
        return NULL;
    }
    const cs_alliance *al = law->sit.a;

    /* Units and contingents. */
    uint32_t maxu = m->nunits, maxc = m->nstates;
    o->units = cs_arena_array(ar, maxu ? maxu : 1, sizeof *o->units);
    o->cont = cs_arena_array(ar, maxc ? maxc : 1, sizeof *o->cont);
    o->cont_lifter = cs_arena_array(ar, maxc ? maxc : 1, sizeof *o->cont_lifter);
    uint32_t maxaf = m->nairfields;
    o->afs = cs_arena_array(ar, maxaf ? maxaf : 1, sizeof *o->afs);
    o->lifters = cs_arena_array(ar, maxc ? maxc : 1, sizeof *o->lifters);
    if (!o->units || !o->cont || !o->cont_lifter || !o->afs || !o->lifters)
        goto oom;
    for (uint32_t i = 0; i < m->nunits; i++) {
        const cs_unit *u = m->units[i];
        if (!unit_goes(law, u))
            continue;
        uint32_t c = 0;
        while (c < o->ncont && o->cont[c].state != u->state)
            c++;
        if (c == o->ncont) {
            const cs_state *lf = lifter_of(m, u->state, al);
            if (!lf) {
                cs_diag_at(d, CS_ERR_OPS, &u->loc, "no state can fly %s's contingent: it has "
                           "no aircraft and the alliance's lead state has none", u->state->id);
                goto fail;
            }
            o->cont[o->ncont] = (cs_ops_contingent){u->state, lf, 0, 0, false, false,
                                                    -1, -1, -1, -1, -1, false};
            uint32_t L = 0;
            while (L < o->nlifters && o->lifters[L].state != lf)
                L++;
            if (L == o->nlifters)
                o->lifters[o->nlifters++].state = lf;
            o->cont_lifter[o->ncont++] = L;
        }
        const cs_unit_type *ut = u->type.to;
        cs_ops_unit *cu = &o->units[o->nunits++];
        double vt = ut->vehicle_t;
        if (u->tonnage_t >= 0 && u->vehicles > 0)
            vt = (u->tonnage_t - u->personnel * ut->kit_t) / u->vehicles;
        if (vt < 0)
            vt = 0;
        double ready = o->t0 + (u->readiness_h >= 0 ? u->readiness_h : ut->readiness_h);
        if (u->base.present) {
            const cs_airfield *af = u->airfield.to;
            ready += cs_geo_km(u->base.lat, u->base.lon, af->lat, af->lon) * o->road_detour /
                     o->road_kmh;
        }
        int fi = af_index(o, u->airfield.to, true);
        *cu = (cs_ops_unit){u, c, (uint32_t)fi, u->personnel, u->vehicles, vt, ut->kit_t, ready};
        o->cont[c].personnel += u->personnel;
        o->cont[c].vehicles += u->vehicles;
    }
    if (o->nunits == 0) {
        cs_diag_file(d, CS_ERR_OPS, s->file ? s->file->name : NULL,
                     "no member's unit is pledged to a force pool that covers this operation");
        goto fail;
    }
    for (uint32_t u = 0; u < o->nunits; u++) {
        const cs_ops_unit *cu = &o->units[u];
        const cs_state *lf = o->cont[cu->c].lifter;
        bool v = cu->vehicles > 0 && !lifter_carries(o, lf, cu, true);
        if (v || (cu->personnel > 0 && !lifter_carries(o, lf, cu, false))) {
            cs_diag_at(d, CS_ERR_OPS, &cu->unit->loc, "no aircraft of %s can take unit '%s''s "
                       "%s (at %g of each aircraft's capacity)", lf->id, cu->unit->id,
                       v ? "vehicles" : "personnel", o->util);
            goto fail;
        }
    }
    /* Theater airfields: the host's. */
    const cs_state *host = s->host.to;
    for (uint32_t i = 0; i < host->nairfields; i++)
        o->afs[af_index(o, &host->airfields[i], true)].theater = true;
    if (host->nairfields == 0) {
        cs_diag_at(d, CS_ERR_OPS, &host->loc, "host %s has no airfield to land at", host->id);
        goto fail;
    }
    /* Aircraft: every fleet of every lifting state. */
    double total = 0;
    for (uint32_t L = 0; L < o->nlifters; L++)
        total += fleet_size(o->lifters[L].state);
    if (total > MAX_AIRCRAFT) {
        cs_diag_file(d, CS_ERR_OPS, NULL, "%.0f aircraft: more than the %d a simulation takes",
                     total, MAX_AIRCRAFT);
        goto fail;
    }
    uint32_t nac = (uint32_t)total;
    o->ac = cs_arena_array(ar, nac ? nac : 1, sizeof *o->ac);
    if (!o->ac)
        goto oom;
    for (uint32_t L = 0; L < o->nlifters; L++) {
        const cs_state *ls = o->lifters[L].state;
        for (uint32_t f = 0; f < ls->nfleets; f++) {
            const cs_fleet *fl = &ls->fleets[f];
            const cs_airfield *base = fl->base.to;
            if (!base)
                base = ls->nairfields ? &ls->airfields[0] : NULL;
            if (!base) {
                cs_diag_at(d, CS_ERR_OPS, &fl->loc, "%s's fleet has no base airfield", ls->id);
                goto fail;
            }
            int bi = af_index(o, base, true);
            const cs_aircraft_type *t = fl->type.to;
            for (uint32_t k = 0; k < (uint32_t)fl->count; k++)
                o->ac[o->nac++] = (aircraft){t, L, (uint32_t)bi, (uint32_t)bi, -1, 0, 0, false,
                                             0, 0};
        }
    }
    /* Sites, in the scenario's order of priority, and their handover order. */
    o->nsites = s->nsites;
    o->sites = cs_arena_array(ar, s->nsites ? s->nsites : 1, sizeof *o->sites);
    o->handover_order = cs_arena_array(ar, s->nsites ? s->nsites : 1, sizeof *o->handover_order);
    if (!o->sites || !o->handover_order)
        goto oom;
    for (uint32_t i = 0; i < s->nsites; i++) {
        const cs_site *st = &s->sites[i];
        const cs_site_kind *k = st->kind.to;
        double from = st->has_from ? (double)(st->from.min - s->start.min) / 60.0 : 0;
        o->sites[i] = (cs_ops_site){st, st->personnel >= 0 ? st->personnel : k->guard_personnel,
                                    st->frees_host >= 0 ? st->frees_host : k->frees_host, from,
                                    -1, -1, -1};
        /* Insertion by handover rank keeps equal ranks in the scenario's order. */
        uint32_t j = i;
        while (j > 0 && s->sites[o->handover_order[j - 1]].handover > st->handover) {
            o->handover_order[j] = o->handover_order[j - 1];
            j--;
        }
        o->handover_order[j] = i;
    }
    /* The end of the mission: the host's request to leave. */
    for (uint32_t i = 0; i < s->nevents; i++)
        if (s->events[i].kind == CS_EV_END_REQUEST) {
            o->has_end = true;
            o->end_t = (double)(s->events[i].at.min - s->start.min) / 60.0;
            break;
        }
    /* Parliament sittings: the scenario's for each parliament-vote contingent, or one the
     * model adds after the usual delay. */
    o->capsessions = s->nevents + 2 * o->ncont + 8;
    o->sessions = cs_arena_array(ar, o->capsessions, sizeof *o->sessions);
    if (!o->sessions)
        goto oom;
    for (uint32_t c = 0; c < o->ncont; c++) {
        const cs_authorization *au = &o->cont[c].state->auth;
        if (au->proc != CS_AUTH_PARLIAMENT)
            continue;
        bool any = false;
        for (uint32_t i = 0; i < s->nevents; i++) {
            const cs_event *e = &s->events[i];
            if (e->kind == CS_EV_PARLIAMENT_SESSION && e->state.to == o->cont[c].state) {
                o->sessions[o->nsessions++] =
                    (session){c, (double)(e->at.min - s->start.min) / 60.0, e};
                any = true;
            }
        }
        if (!any)
            o->sessions[o->nsessions++] =
                (session){c, o->t0 + (au->convene_h >= 0 ? au->convene_h : 24), NULL};
    }
    o->nsessions0 = o->nsessions;
    /* State and result arrays, sized for the worst case so that a run never allocates. */
    double min_seats = INFINITY;
    for (uint32_t i = 0; i < o->nac; i++)
        if (o->ac[i].type->seats < min_seats)
            min_seats = o->ac[i].type->seats;
    if (min_seats < 1)
        min_seats = 1;
    double loads = 0;
    for (uint32_t u = 0; u < o->nunits; u++)
        loads += ceil(o->units[u].personnel / min_seats) + o->units[u].vehicles + 1;
    double capfl = 4 * loads + 16;
    if (capfl > 5e7) {
        cs_diag_file(d, CS_ERR_OPS, NULL, "the operation is too large to simulate");
        goto fail;
    }
    o->capfl = (uint32_t)capfl;
    o->captl = 8 * o->ncont + 4 * o->nunits + 4 * o->nsites + 4 * o->nsessions + 32;
    o->capsm = o->capfl + 2 * o->nunits + 16;
    o->fl = cs_arena_array(ar, o->capfl, sizeof *o->fl);
    o->tl = cs_arena_array(ar, o->captl, sizeof *o->tl);
    o->sm = cs_arena_array(ar, o->capsm, sizeof *o->sm);
    o->us = cs_arena_array(ar, o->nunits, sizeof *o->us);
    o->as = cs_arena_array(ar, o->nafs, sizeof *o->as);
    o->cs = cs_arena_array(ar, o->ncont, sizeof *o->cs);
    o->arrival_order = cs_arena_array(ar, o->nunits, sizeof *o->arrival_order);
    if (!o->fl || !o->tl || !o->sm || !o->us || !o->as || !o->cs || !o->arrival_order)
        goto oom;
    for (uint32_t L = 0; L < o->nlifters; L++) {
        lifter *lf = &o->lifters[L];
        lf->idle = (ring){cs_arena_array(ar, o->nac, sizeof(uint32_t)), 0, 0, o->nac};
        for (int dir = 0; dir < 2; dir++)
            lf->turn[dir] = (ring){cs_arena_array(ar, o->ncont, sizeof(uint32_t)), 0, 0,
                                   o->ncont};
        if (!lf->idle.v || !lf->turn[0].v || !lf->turn[1].v)
            goto oom;
    }
    for (int dir = 0; dir < 2; dir++) {
        o->waiting[dir] = cs_arena_array(ar, o->ncont, sizeof(ring));
        if (!o->waiting[dir])
            goto oom;
        for (uint32_t c = 0; c < o->ncont; c++) {
            uint32_t n = 0;
            for (uint32_t u = 0; u < o->nunits; u++)
                n += o->units[u].c == c;
            o->waiting[dir][c] = (ring){cs_arena_array(ar, n, sizeof(uint32_t)), 0, 0, n};
            if (!o->waiting[dir][c].v)
                goto oom;
        }
    }
    for (uint32_t f = 0; f < o->nafs; f++) {
        o->as[f].hold = (ring){cs_arena_array(ar, o->nac, sizeof(uint32_t)), 0, 0, o->nac};
        if (!o->as[f].hold.v)
            goto oom;
    }
    double capev = 3.0 * o->nac + 3.0 * o->nunits + 2.0 * o->nsites + 4.0 * o->ncont +
                   2.0 * o->capsessions + o->nafs + 32;
    if (capev >= (1 << 20)) {
        cs_diag_file(d, CS_ERR_OPS, NULL, "the operation is too large to simulate (%.0f "
                     "events at once)", capev);
        goto fail;
    }
    if (!cs_sched_init(&o->sched, (uint32_t)capev))
        goto oom;
    return o;
oom:
    cs_diag_file(d, CS_ERR_NOMEM, NULL, "out of memory");
fail:
    cs_ops_free(o);
    return NULL;
}

void cs_ops_free(cs_ops *o)
{
    if (!o)
        return;
    cs_sched_free(&o->sched);
    cs_arena_free(o->arena);
}

/* ---- a run ------------------------------------------------------------------------ */

static void reset(cs_ops *o, uint64_t seed, uint64_t index)
{
    cs_sched_reset(&o->sched);
    cs_rng_seed(&o->rng, seed, index);
    o->err = CS_OK;
    o->withdrawing = false;
    o->narrived = 0;
    memset(o->us, 0, o->nunits * sizeof *o->us);
    memset(o->cs, 0, o->ncont * sizeof *o->cs);
    for (uint32_t u = 0; u < o->nunits; u++) {
        o->us[u].wait_pers = o->units[u].personnel;
        o->us[u].wait_veh = o->units[u].vehicles;
        o->cs[o->units[u].c].units++;
    }
    for (uint32_t c = 0; c < o->ncont; c++) {
        cs_ops_contingent *k = &o->cont[c];
        k->authorized = k->refused = k->home_by_road = false;
        k->auth_t = k->first_arrival = k->complete = k->left = k->home = -1;
    }
    for (uint32_t f = 0; f < o->nafs; f++) {
        af_state *x = &o->as[f];
        x->on_ground = 0;
        x->next_slot = 0;
        x->booked = 0;
        x->slot_pending = false;
        x->hold.head = x->hold.n = 0;
    }
    for (uint32_t L = 0; L < o->nlifters; L++) {
        lifter *lf = &o->lifters[L];
        lf->idle.head = lf->idle.n = 0;
        lf->turn[0].head = lf->turn[0].n = lf->turn[1].head = lf->turn[1].n = 0;
        lf->wake_pending = false;
    }
    for (int dir = 0; dir < 2; dir++)
        for (uint32_t c = 0; c < o->ncont; c++)
            o->waiting[dir][c].head = o->waiting[dir][c].n = 0;
    for (uint32_t i = 0; i < o->nac; i++) {
        o->ac[i].unit = -1;
        o->ac[i].at = o->ac[i].base;
        o->ac[i].pers = o->ac[i].veh = 0;
        ring_push(&o->lifters[o->ac[i].lifter].idle, i);
    }
    for (uint32_t i = 0; i < o->nsites; i++) {
        o->sites[i].covered = o->sites[i].handed = -1;
        o->sites[i].by = -1;
    }
    o->nsessions = o->nsessions0;   /* drop sittings an earlier run added */
    o->res = (cs_ops_result){0};
    o->res.first_arrival = o->res.deployed = o->res.withdrawal = o->res.end = -1;
}

cs_status cs_ops_run(cs_ops *o, uint64_t seed, uint64_t index)
{
    reset(o, seed, index);
    o->sched.now = 0;
    at(o, o->t0, EV_DECISION, 0, 0);
    for (uint32_t i = 0; i < o->nsites; i++)
        at(o, o->sites[i].from > o->t0 ? o->sites[i].from : o->t0, EV_SITE, i, 0);
    if (o->has_end)
        at(o, o->end_t > o->t0 ? o->end_t : o->t0, EV_END, 0, 0);
    while (o->err == CS_OK && cs_sched_step(&o->sched, o, MAX_HOURS))
        if (o->hook)
            o->hook(o, o->hook_ctx);
    if (cs_sched_pending(&o->sched))
        o->res.truncated = true;   /* stopped at the horizon */
    o->res.t0 = o->t0;
    o->res.s = o->s;
    o->res.contingents = o->cont;
    o->res.ncontingents = o->ncont;
    o->res.units = o->units;
    o->res.nunits = o->nunits;
    o->res.sites = o->sites;
    o->res.nsites = o->nsites;
    o->res.airfields = o->afs;
    o->res.nairfields = o->nafs;
    o->res.timeline = o->tl;
    o->res.flights = o->fl;
    o->res.samples = o->sm;
    o->res.naircraft = o->nac;
    o->res.events = o->sched.executed;
    return o->err;
}

const cs_ops_result *cs_ops_result_of(const cs_ops *o) { return &o->res; }

void cs_ops_set_hook(cs_ops *o, cs_ops_hook fn, void *ctx)
{
    o->hook = fn;
    o->hook_ctx = ctx;
}

double cs_ops_now(const cs_ops *o) { return o->sched.now; }

const cs_aircraft_type *cs_ops_aircraft_type(const cs_ops *o, uint32_t i)
{
    return i < o->nac ? o->ac[i].type : NULL;
}

void cs_ops_audit_state(const cs_ops *o, cs_ops_audit *a)
{
    const double eps = 1e-6;
    for (uint32_t u = 0; u < o->nunits; u++) {
        const unit_state *x = &o->us[u];
        const cs_ops_unit *cu = &o->units[u];
        double p = x->wait_pers + x->resv_pers + x->air_pers + x->th_pers + x->out_pers +
                   x->road_pers + x->back_pers;
        double v = x->wait_veh + x->resv_veh + x->air_veh + x->th_veh + x->out_veh +
                   x->road_veh + x->back_veh;
        if (fabs(p - cu->personnel) > eps || fabs(v - cu->vehicles) > eps)
            a->conservation++;
        const cs_ops_contingent *k = &o->cont[cu->c];
        bool gone = x->air_pers + x->air_veh + x->th_pers + x->th_veh > eps;
        if (gone && (!k->authorized || o->sched.now + eps < k->auth_t ||
                     o->sched.now + eps < cu->ready_t))
            a->early++;
    }
    for (uint32_t f = 0; f < o->nafs; f++)
        if (o->as[f].on_ground > o->afs[f].mog + eps)
            a->ground++;
    for (uint32_t i = 0; i < o->nac; i++) {
        const aircraft *ac = &o->ac[i];
        if (ac->unit < 0)
            continue;
        const cs_ops_unit *cu = &o->units[ac->unit];
        double t = ac->veh * cu->vehicle_t + ac->pers * cu->kit_t;
        if (ac->pers > ac->type->seats + eps || t > ac->type->payload_t + eps ||
            (ac->type->vehicles >= 0 && ac->veh > ac->type->vehicles + eps))
            a->load++;
    }
}
