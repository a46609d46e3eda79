/* ops_internal.h - what the files of the operational simulation share, and no other layer
 * includes (only the tests, to check the tables and the configuration): the configuration (built by config.c, read-only afterwards), the state of one
 * run, the event kinds and their processes, and the helpers one process calls in another's
 * file.
 *
 * Files, one per process: config.c builds the configuration (its parameters, sites and
 * sittings; forces.c its contingents, airfields and aircraft); run.c resets and runs, and
 * holds the process table, milestones and recording; authorize.c (decision, parliament
 * sittings), airlift.c (loads, dispatch, departures), airfield.c (landing slots, arrivals,
 * unloading), cargo.c (delivery and the contingents' accounting), sites.c (protection and
 * handover), withdraw.c (end of mission, withdrawal, the road home), audit.c (invariants).
 */
#ifndef CS_OPS_INTERNAL_H
#define CS_OPS_INTERNAL_H

#include "ops/ops.h"
#include "ops/rng.h"
#include "ops/sched.h"

#include <assert.h>

/* ---- a fixed FIFO of indices ---------------------------------------------------------- */

typedef struct ops_ring {
    uint32_t *v;
    uint32_t head, n, cap;
} ops_ring;

/* Append x. Every ring is sized at build for the most it can hold (each index at most once),
 * so a push that does not fit is a broken invariant, not a full buffer. */
static inline void ring_push(ops_ring *r, uint32_t x)
{
    assert(r->n < r->cap);
    uint32_t i = r->head + r->n++;
    r->v[i >= r->cap ? i - r->cap : i] = x;
}

static inline uint32_t ring_peek(const ops_ring *r) { return r->v[r->head]; }

/* The kth entry from the head (k < n). */
static inline uint32_t *ring_at(const ops_ring *r, uint32_t k)
{
    uint32_t i = r->head + k;
    return &r->v[i >= r->cap ? i - r->cap : i];
}

static inline uint32_t ring_pop(ops_ring *r)
{
    assert(r->n > 0);
    uint32_t x = r->v[r->head];
    r->head = r->head + 1 == r->cap ? 0 : r->head + 1;
    r->n--;
    return x;
}

static inline void ring_clear(ops_ring *r) { r->head = r->n = 0; }

/* ---- configuration -------------------------------------------------------------------- */

/* An aircraft as built: its type, lifter and base, and the loading limits of its type at
 * the planners' utilization (payload, seats and vehicle slots filled). */
typedef struct ops_aircraft {
    const cs_aircraft_type *type;
    uint32_t type_ix;                /* its type among the operation's (ops_fly_h) */
    uint32_t lifter;
    uint32_t base;                   /* where every run starts it */
    double payload, seats, floor_v;  /* floor_v < 0: no limit on vehicles */
} ops_aircraft;

/* A parliament sitting: one the record gives (e), or one the model adds (e NULL). */
typedef struct ops_session {
    uint32_t c;
    double t;
    const cs_event *e;
} ops_session;

struct cs_ops_config {
    const cs_model *m;
    const cs_scenario *s;
    double t0, end_t;
    bool has_end;
    /* Catalog parameters (config.c's table gives their ids and ranges). */
    double road_kmh, load_h, handover_per_day, road_max_km, road_detour, exec_h, quorum_p,
           after_h, util, default_mog, default_lph, max_sittings;
    /* Arrays are const: a run cannot write to them (the builder fills them through its
     * own pointers, ops_builder). */
    const cs_ops_contingent *cont;   uint32_t ncont;     /* as at the start of a run */
    const cs_ops_unit *units;        uint32_t nunits;
    const cs_ops_site *sites;        uint32_t nsites;    /* as at the start of a run */
    const cs_ops_airfield *afs;      uint32_t nafs;
    const ops_aircraft *ac;          uint32_t nac;
    uint32_t nlifters;
    const uint32_t *cont_lifter;     /* per contingent: its lifter */
    const uint32_t *cont_first;      /* units of contingent c: cont_units[cont_first[c] ..
                                        cont_first[c + 1]), in unit order */
    const uint32_t *cont_units;
    const uint32_t *handover_order;  /* sites by handover rank */
    const uint32_t *theater;         uint32_t ntheater;  /* theater airfields, by index */
    const double *km;                /* nafs x nafs great-circle km, or NULL: compute */
    const double *hours;             /* per aircraft type, nafs x nafs flight hours, or
                                        NULL: compute */
    uint32_t ntypes;
    const ops_session *sessions;     uint32_t nsessions; /* the sittings known at the start */
    /* Capacities, fixed at build: a run never allocates. */
    uint32_t capsessions, captl, capfl, capsm, capev;
};

/* Building a configuration (config.c, forces.c). */
typedef struct ops_ptrmap {      /* pointer -> index, open addressing */
    const void **k;
    uint32_t *v;
    uint32_t mask;
} ops_ptrmap;

typedef struct ops_builder {
    cs_ops_config *g;
    cs_arena *a;
    const cs_law_result *law;
    ops_ptrmap afmap;            /* airfield -> index */
    const cs_state **lifters;    /* lifter L's state */
    /* The configuration's arrays, writable while they are built. */
    cs_ops_contingent *cont;
    cs_ops_unit *units;
    cs_ops_airfield *afs;
    ops_aircraft *ac;
    uint32_t *cont_lifter, *cont_first, *cont_units, *theater;
} ops_builder;

/* Contingents, their lifters, airfields and aircraft, into b->g, from b->a; false with the
 * reason in d, or with nothing added to d when memory ran out. */
bool ops_build_forces(ops_builder *b, const cs_model *m, cs_diags *d);

/* ---- state of one run ----------------------------------------------------------------- */

typedef struct aircraft {
    uint32_t at;                     /* airfield where it is, or is flying to */
    int32_t unit;                    /* the load it carries, -1 none */
    double pers, veh;
    bool inbound;
    uint32_t to;
    uint32_t flight;                 /* record of its loaded flight, UINT32_MAX none */
    uint32_t next_hold;              /* the aircraft behind it in its airfield's hold */
} aircraft;

/* A state whose aircraft fly contingents. Waiting cargo is served contingent by contingent
 * in turn (turn[dir] holds contingents with waiting units), each contingent's units in the
 * order they became ready (waiting[dir][c]). */
typedef struct lifter {
    ops_ring idle;                   /* idle aircraft */
    ops_ring turn[2];                /* [0] inbound, [1] outbound */
    bool wake_pending;
    /* The last load computed (airlift.c, load_of), a pure function of the unit, the
     * aircraft type and the unit's waiting cargo: dispatch asks for the same load again
     * each time it finds its landing slot still too far. */
    struct load_memo {
        bool valid, ok;
        uint32_t u, type_ix;
        double wp, wv, pers, veh;
    } memo[2];                       /* [0] inbound, [1] outbound */
} lifter;

/* Where a unit's personnel and vehicles are. The counts are whole numbers held in
 * doubles (units' sizes are integers in the data), so sums are exact in any order. */
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
    uint32_t hold_head, hold_tail, nhold;   /* aircraft waiting to land, first come first:
                                               a list through aircraft.next_hold */
    bool slot_pending;
} af_state;

typedef struct cont_state {
    double th_pers, th_veh;
    uint32_t sites;                           /* sites it guards now */
    uint32_t units, units_left, units_home;   /* its units; those out of theater; home */
    uint32_t sittings;                        /* parliament sittings held on it */
    bool went;                                /* some of its cargo was put on an aircraft */
    bool out;
} cont_state;

struct cs_ops {
    const cs_ops_config *cfg;
    cs_ops_contingent *cont;
    cs_ops_site *sites;
    aircraft *ac;
    lifter *lifters;
    ops_ring *waiting[2];      /* per contingent: its units waiting to fly in, out */
    uint32_t *arrival_order;   uint32_t narrived;
    uint32_t first_open;       /* sites before it are all covered */
    ops_session *sessions;     uint32_t nsessions;
    unit_state *us;
    af_state *as;
    cont_state *cs;
    double th_total;           /* personnel in theater, all contingents */
    bool withdrawing;
    cs_sched sched;
    cs_rng rng;
    cs_status err;
    cs_ops_hook hook;
    void *hook_ctx;
    cs_oev *tl;
    cs_flight *fl;
    cs_sample *sm;
    cs_ops_result res;
};

/* ---- events and their processes ------------------------------------------------------- */

typedef enum ops_ev {
    EV_DECISION, EV_SESSION, EV_AUTHORIZE, EV_AT_AIRFIELD, EV_DEPART, EV_ARRIVE,
    EV_UNLOADED, EV_SLOT, EV_SITE, EV_END, EV_WITHDRAW, EV_HANDOVER, EV_ROAD_HOME,
    EV_DISPATCH,
    EV_COUNT
} ops_ev;

/* A process runs one event of its kind; arg is the event's argument (a contingent, unit,
 * aircraft, airfield, site, lifter or sitting, by kind). */
typedef void (*ops_process)(cs_ops *o, uint32_t arg);

typedef struct ops_process_entry {
    const char *name;
    ops_process run;
} ops_process_entry;

extern const ops_process_entry ops_processes[EV_COUNT];

/* Schedule process `kind` with argument arg at time t (not before now). */
void ops_at(cs_ops *o, double t, ops_ev kind, uint32_t arg);

/* authorize.c */
void p_decision(cs_ops *o, uint32_t unused);
void p_session(cs_ops *o, uint32_t si);
void p_authorize(cs_ops *o, uint32_t c);
/* airlift.c */
void p_at_airfield(cs_ops *o, uint32_t u);
void p_dispatch(cs_ops *o, uint32_t lifter);
void p_depart(cs_ops *o, uint32_t ai);
/* airfield.c */
void p_arrive(cs_ops *o, uint32_t ai);
void p_slot(cs_ops *o, uint32_t f);
void p_unloaded(cs_ops *o, uint32_t ai);
/* sites.c */
void p_site(cs_ops *o, uint32_t s);
void p_handover(cs_ops *o, uint32_t s);
/* withdraw.c */
void p_end(cs_ops *o, uint32_t unused);
void p_withdraw(cs_ops *o, uint32_t unused);
void p_road_home(cs_ops *o, uint32_t u);

/* ---- helpers shared across files ------------------------------------------------------ */

/* run.c: recording and milestones */
void ops_note(cs_ops *o, cs_oev_kind k, int32_t c, int32_t u, int32_t s, double v);
void ops_sample(cs_ops *o, uint32_t c);
void ops_check_deployed(cs_ops *o);
void ops_check_end(cs_ops *o);

/* airfield.c: distances, flight times, landing slots */
static inline double ops_km(const cs_ops_config *g, uint32_t a, uint32_t b)
{
    if (g->km)
        return g->km[(size_t)a * g->nafs + b];
    const cs_airfield *x = g->afs[a].af, *y = g->afs[b].af;
    return cs_geo_km(x->lat, x->lon, y->lat, y->lon);
}
/* Hours aircraft ai flies from airfield `from` to `to`. */
static inline double ops_fly_h(const cs_ops_config *g, uint32_t ai, uint32_t from, uint32_t to)
{
    const ops_aircraft *a = &g->ac[ai];
    if (g->hours)
        return g->hours[((size_t)a->type_ix * g->nafs + from) * g->nafs + to];
    return ops_km(g, from, to) / a->type->cruise_kmh;
}
uint32_t ops_book(cs_ops *o, uint32_t ai, uint32_t from, double ready, int only, double *dep);
double ops_slot_wait(const cs_ops *o, uint32_t ai, uint32_t u, bool inbound);

/* airlift.c */
void ops_enqueue(cs_ops *o, uint32_t u, int dir);
void ops_dispatch(cs_ops *o, uint32_t li);

/* cargo.c */
void ops_deliver(cs_ops *o, uint32_t u, bool inbound, uint32_t to, double pers, double veh);
void ops_check_out(cs_ops *o, uint32_t c);
void ops_unit_out(cs_ops *o, uint32_t u);
void ops_unit_home_unsent(cs_ops *o, uint32_t u);
/* Cargo of the unit still to land in the theater (on an aircraft, or in the air). */
static inline double ops_still_coming(const unit_state *x)
{
    return x->resv_pers + x->resv_veh + x->air_pers + x->air_veh;
}

/* sites.c */
void ops_cover_sites(cs_ops *o);

/* withdraw.c */
void ops_unit_leave(cs_ops *o, uint32_t u);

/* A load is assigned when its landing slot is at most this many hours after it could
 * arrive: slots are handed out just in time, not booked days ahead. */
#define OPS_SLOT_SLACK_H 0.5
/* A run stops five years after its start. */
#define OPS_MAX_HOURS (24.0 * 365 * 5)

#endif
