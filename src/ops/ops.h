/* ops.h - the operational layer: after an "act" decision, a discrete-event simulation of
 * national authorization, force generation, strategic airlift, site protection, handover
 * and withdrawal, hour by hour.
 *
 * Life of a simulation, in two objects:
 * - cs_ops_config_new builds the configuration from the model, the scenario and the
 *   decision: everything a run reads and nothing it writes. It is immutable once built, so
 *   any number of runs, in any number of threads, may share one.
 * - cs_ops_new makes the state of one run on a configuration, with every array a run needs;
 *   cs_ops_run resets it and runs one replication, a pure function of (configuration, seed,
 *   index), allocating nothing; cs_ops_result_of reads what happened.
 *
 * Memory: both objects and everything they point to come from the arena given to them, and
 * go with it (cs_arena_free or cs_arena_reset); there is nothing to free one by one. The
 * configuration points into the model, which must outlive it (the law and politics results
 * are read only while it is built); a state reads its configuration, which must outlive
 * it. One state serves one thread at a time.
 *
 * All times are hours from the scenario's start, in the scenario's local time.
 */
#ifndef CS_OPS_H
#define CS_OPS_H

#include "law/law.h"
#include "model/model.h"
#include "politics/politics.h"

typedef struct cs_ops_config cs_ops_config;   /* immutable after build; shareable */
typedef struct cs_ops cs_ops;                 /* the state of one run */

typedef enum cs_oev_kind {
    CS_OEV_DECISION,        /* the council decided to act */
    CS_OEV_AUTHORIZED,      /* a contingent may move (c) */
    CS_OEV_NO_QUORUM,       /* a parliament sitting without quorum (c) */
    CS_OEV_VOTE_FAILED,     /* a parliament said no: the contingent stays home (c) */
    CS_OEV_UNIT_READY,      /* a unit is at its loading airfield (u) */
    CS_OEV_FIRST_ARRIVAL,   /* a contingent's first personnel in theater (c) */
    CS_OEV_CONTINGENT_IN,   /* a contingent is all in theater (c) */
    CS_OEV_DEPLOYED,        /* every contingent that may go is in theater */
    CS_OEV_SITE_NEEDED,     /* a site must be protected from now (s) */
    CS_OEV_SITE_COVERED,    /* a site is taken over (s, by unit u) */
    CS_OEV_MISSION_END,     /* the host asks the force to leave */
    CS_OEV_WITHDRAWAL,      /* handover and withdrawal begin */
    CS_OEV_HANDED_OVER,     /* a site is handed back (s) */
    CS_OEV_UNIT_LEAVES,     /* a unit starts for home (u) */
    CS_OEV_CONTINGENT_OUT,  /* a contingent's last personnel left the theater (c) */
    CS_OEV_CONTINGENT_HOME, /* a contingent is all home (c) */
    CS_OEV_END,             /* the last contingent is home */
} cs_oev_kind;
#define CS_OEV_COUNT (CS_OEV_END + 1)   /* a macro, so that switches need no case for it */

/* The name of each kind, as the reports print it; CS_OEV_COUNT entries. */
extern const char *const cs_oev_names[];

typedef struct cs_oev {
    double t;
    cs_oev_kind kind;
    int32_t c, u, s;        /* contingent, unit, site; -1 when not concerned */
    double value;           /* personnel involved, votes for, ... */
} cs_oev;

typedef struct cs_flight {
    double dep, arr;
    uint32_t aircraft;
    uint32_t from, to;      /* airfield indices */
    int32_t unit;           /* -1: an empty positioning flight */
    double personnel, vehicles, tonnes;
    bool inbound;
} cs_flight;

/* A change of personnel and vehicles in theater for one contingent. */
typedef struct cs_sample {
    double t;
    uint32_t c;
    double personnel, vehicles;
} cs_sample;

typedef struct cs_ops_contingent {
    const cs_state *state;
    const cs_state *lifter;          /* whose aircraft carry it */
    double personnel, vehicles;      /* of its units */
    bool authorized, refused;
    double auth_t, first_arrival, complete, left, home;   /* < 0: did not happen */
    bool home_by_road;
} cs_ops_contingent;

typedef struct cs_ops_unit {
    const cs_unit *unit;
    uint32_t c;                      /* its contingent */
    uint32_t airfield;               /* loading airfield (index) */
    double personnel, vehicles, vehicle_t, kit_t;
    double ready_t;                  /* at its loading airfield, ready to fly */
} cs_ops_unit;

typedef struct cs_ops_site {
    const cs_site *site;
    double need, frees_host, from;
    double covered, handed;          /* times, < 0: did not happen */
    int32_t by;                      /* the unit guarding it, -1 none */
} cs_ops_site;

typedef struct cs_ops_airfield {
    const cs_airfield *af;
    double mog, landings_per_h;
    bool theater;
} cs_ops_airfield;

typedef struct cs_ops_result {
    double t0;                       /* the decision, hours from the start */
    const cs_scenario *s;
    const cs_ops_contingent *contingents; uint32_t ncontingents;
    const cs_ops_unit *units;        uint32_t nunits;
    const cs_ops_site *sites;        uint32_t nsites;
    const cs_ops_airfield *airfields; uint32_t nairfields;
    const cs_oev *timeline;          uint32_t ntimeline;
    const cs_flight *flights;        uint32_t nflights;
    const cs_sample *samples;        uint32_t nsamples;
    bool truncated;                  /* a record buffer was full: records were dropped */
    uint32_t naircraft;
    double first_arrival, deployed, withdrawal, end;     /* < 0: did not happen */
    double personnel_deployed, vehicles_deployed;        /* in theater when deployed */
    double peak_personnel;
    uint32_t flights_in, flights_out, ferry_flights;
    uint64_t events;                 /* scheduler events executed */
} cs_ops_result;

/* Build the configuration of the operation of a scenario whose decision is "act" (law and
 * politics as input), from arena a. Returns NULL with the reason in the diagnostics: the
 * usage status when the decision is not to act, CS_ERR_OPS when the data cannot support
 * the operation, CS_ERR_SCHEMA or CS_ERR_REF for a catalog parameter out of range or
 * missing, CS_ERR_NOMEM. */
const cs_ops_config *cs_ops_config_new(const cs_model *m, const cs_law_result *law,
                                       const cs_pol_result *pol, cs_arena *a, cs_diags *d);
/* The state of one run on cfg, from arena a (NULL with CS_ERR_NOMEM in d when memory runs
 * out). It never writes to cfg. */
cs_ops *cs_ops_new(const cs_ops_config *cfg, cs_arena *a, cs_diags *d);
/* Run one replication: reset the state, then simulate until the last contingent is home
 * (or the five-year horizon). A pure function of (configuration, seed, index); allocates
 * nothing. Returns CS_OK, or CS_ERR_NOMEM if a buffer sized at build was too small (a bug). */
cs_status cs_ops_run(cs_ops *o, uint64_t seed, uint64_t index);
/* What the last run did. The result points into o and its configuration: it is valid until
 * the next cs_ops_run on o, and no longer than o's arena. */
const cs_ops_result *cs_ops_result_of(const cs_ops *o);

/* Observation: a hook called after every event of a run (NULL: none). */
typedef void (*cs_ops_hook)(const cs_ops *o, void *ctx);
void cs_ops_set_hook(cs_ops *o, cs_ops_hook fn, void *ctx);
/* The type of aircraft i (as numbered in cs_flight.aircraft). */
const cs_aircraft_type *cs_ops_aircraft_type(const cs_ops *o, uint32_t i);

/* Invariants of the current state, counted (0 everywhere: all hold); adds to *a. */
typedef struct cs_ops_audit {
    uint32_t conservation;   /* a unit's personnel or vehicles not all accounted for */
    uint32_t early;          /* cargo gone from home before authorization and readiness */
    uint32_t ground;         /* an airfield with more aircraft on the ground than slots */
    uint32_t load;           /* an aircraft loaded past its payload or seats */
} cs_ops_audit;
void cs_ops_audit_state(const cs_ops *o, cs_ops_audit *a);

#endif
