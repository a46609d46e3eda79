/* model.h - the loaded data library: sources, vocabulary, catalog, states, alliances and
 * scenarios, as the layers above read them.
 *
 * Ownership: a cs_model owns one arena; every object, string and array reachable from it
 * lives in that arena and dies with cs_model_free. Upper layers read a model and never
 * change it (they hold `const cs_model *`). The loader (load/load.h) is the only writer.
 *
 * References between objects are cs_ref: the id as written, where it was written, and the
 * object it names once the loader has linked the library (never NULL in a loaded model,
 * except for optional references whose id is NULL).
 */
#ifndef CS_MODEL_H
#define CS_MODEL_H

#include "model/kinds.h"
#include "model/value.h"
#include "support/arena.h"
#include "support/diag.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct cs_ref {
    const char *id;     /* NULL when an optional reference is absent */
    cs_loc loc;
    const void *to;     /* the object, after linking */
} cs_ref;

/* ---- sources and figures ---------------------------------------------------------- */

typedef enum cs_srctype { CS_SRC_SEED, CS_SRC_RECORD, CS_SRC_GAZETTEER, CS_SRC_ASSUMPTION } cs_srctype;

typedef struct cs_source {
    const char *id, *ref, *title;
    cs_srctype type;
    cs_loc loc;
} cs_source;

/* The sources an entry cites: each ref's `to` is a cs_source. */
typedef struct cs_cite {
    cs_ref *v;
    uint32_t n;
} cs_cite;

typedef struct cs_alt {
    const char *value, *note;
    cs_cite src;
    cs_loc loc;
} cs_alt;

typedef struct cs_alts {
    cs_alt *v;
    uint32_t n;
} cs_alts;

typedef enum cs_qual { CS_Q_EXACT, CS_Q_ABOUT, CS_Q_MORE_THAN, CS_Q_AT_LEAST, CS_Q_UP_TO } cs_qual;

/* A recorded figure: a number or a date, with its source and any other recorded values. */
typedef struct cs_figure {
    bool present;
    cs_value v;          /* CS_V_NUM or CS_V_DATE */
    cs_qual qual;
    const char *note;
    cs_cite src;
    cs_alts alts;
    cs_loc loc;
} cs_figure;

/* ---- vocabulary ------------------------------------------------------------------- */

/* CS_T_UNKNOWN is not a type a file can name (cs_type_names stops before it): the type of
 * a definition that is not settled (its expression has errors, or it is not compiled). */
typedef enum cs_type {
    CS_T_BOOL, CS_T_NUM, CS_T_STR, CS_T_DATE, CS_T_STATE, CS_T_LIST, CS_T_UNKNOWN
} cs_type;

typedef struct cs_vocab {
    const char *path, *doc;
    cs_type type;
    bool legal;              /* shown among the legal findings */
    bool has_default;
    cs_value def;
    const char **values;     /* allowed string values, or NULL */
    uint32_t nvalues;
    uint32_t index;          /* its place in the model's vocabulary (set by the loader) */
    cs_loc loc;
} cs_vocab;

/* Values a scenario adds to a string fact of the vocabulary that lists its values (the
 * linker appends them to the entry, for every scenario of the library). */
typedef struct cs_vocab_ext {
    const char *path;
    const char **values;
    uint32_t nvalues;
    cs_cite src;
    cs_loc loc;
} cs_vocab_ext;

/* A fact stated in a scenario or about a state. Parties (claimants, deniers) are states
 * or actors: each ref's `to` is a cs_state or a cs_actor (cs_model_party tells which). */
typedef struct cs_fact {
    const char *path;
    cs_value value;
    bool claimed;            /* false: evidenced */
    cs_ref by;               /* the first party making the claim (claimed facts) */
    cs_ref *claimants;       /* every party claiming it (by, or claimed_by), for claimed facts */
    uint32_t nclaimants;
    cs_ref *deniers;         /* parties denying it (denied_by) */
    uint32_t ndeniers;
    bool has_known_from;
    cs_time known_from;      /* not known before this date: reads as unknown/default */
    const char *who, *note;
    cs_cite src;
    cs_alts alts;
    const cs_vocab *decl;    /* linked */
    cs_loc loc, path_loc, value_loc;
} cs_fact;

/* An expression as written in a file, kept with its position so that errors inside it can
 * point at the column in the YAML file. */
typedef enum cs_exstyle { CS_EX_PLAIN, CS_EX_SINGLE, CS_EX_DOUBLE, CS_EX_LITERAL, CS_EX_FOLDED } cs_exstyle;

typedef struct cs_exprsrc {
    const char *text;
    cs_loc loc;              /* where the scalar starts (its quote, if quoted) */
    cs_exstyle style;
    const struct cs_expr *compiled;   /* set by the loader when the language is present */
} cs_exprsrc;

/* ---- catalog ---------------------------------------------------------------------- */

typedef struct cs_aircraft_type {
    const char *id, *name;
    double payload_t, seats, cruise_kmh, turnaround_h;
    double vehicles;         /* vehicles one load can take (floor space); < 0: by weight only */
    cs_cite src;
    cs_loc loc;
} cs_aircraft_type;

typedef struct cs_unit_type {
    const char *id, *name;
    double readiness_h, kit_t, vehicle_t;
    cs_cite src;
    cs_loc loc;
} cs_unit_type;

typedef struct cs_site_kind {
    const char *id, *name;
    double guard_personnel, frees_host;
    cs_cite src;
    cs_loc loc;
} cs_site_kind;

typedef struct cs_param {
    const char *id, *unit, *why;
    double value;
    cs_cite src;
    cs_loc loc;
} cs_param;

/* ---- states ----------------------------------------------------------------------- */

typedef enum cs_gov {
    CS_GOV_PRESIDENTIAL, CS_GOV_SEMI_PRESIDENTIAL, CS_GOV_PARLIAMENTARY,
    CS_GOV_PARLIAMENTARY_PRESIDENTIAL,
} cs_gov;

typedef struct cs_place {
    bool present;
    const char *name;
    double lat, lon;
    cs_cite src;
    cs_loc loc;
} cs_place;

typedef enum cs_authproc {
    CS_AUTH_UNRECORDED = 0,
    CS_AUTH_EXECUTIVE,
    CS_AUTH_STANDING_CONSENT,
    CS_AUTH_PARLIAMENT,
} cs_authproc;

typedef struct cs_authorization {
    cs_authproc proc;
    const char *body, *note;
    double seats, majority, quorum, convene_h;   /* convene_h < 0: not given */
    bool has_consent;
    cs_time consent_date;
    const char *consent_by;
    cs_cite consent_src;
    cs_cite src;
    cs_loc loc;
} cs_authorization;

typedef enum cs_admitproc {
    CS_ADMIT_UNRECORDED = 0, CS_ADMIT_EXECUTIVE, CS_ADMIT_PARLIAMENT, CS_ADMIT_TREATY,
} cs_admitproc;

typedef struct cs_admission {
    cs_admitproc proc;
    const char *note;
    cs_cite src;
    cs_loc loc;
} cs_admission;

typedef struct cs_border {
    cs_ref state;
    double km;
    cs_cite src;
    cs_loc loc;
} cs_border;

typedef struct cs_asset {
    const char *id, *name, *kind;
    cs_ref user;             /* state */
    cs_cite src;
    cs_loc loc;
} cs_asset;

typedef struct cs_base {
    const char *name;
    cs_ref of;               /* state */
    cs_ref airfield;         /* optional */
    cs_cite src;
    cs_loc loc;
} cs_base;

typedef struct cs_state cs_state;

typedef struct cs_airfield {
    const char *id, *name;
    double lat, lon;
    double max_on_ground, landings_per_h;   /* < 0: the catalog's default */
    cs_ref operator_;        /* optional state */
    const cs_state *state;   /* the state it lies in */
    cs_cite src;
    cs_loc loc;
} cs_airfield;

typedef struct cs_unit {
    const char *id, *name, *note;
    cs_ref type;             /* cs_unit_type */
    double personnel, vehicles;
    double tonnage_t, readiness_h;   /* < 0: derive from the unit type */
    cs_ref airfield;         /* loading airfield */
    cs_place base;           /* optional garrison */
    const cs_state *state;
    cs_cite src;
    cs_loc loc;
} cs_unit;

typedef struct cs_fleet {
    cs_ref type;             /* cs_aircraft_type */
    double count;
    cs_ref base;             /* optional airfield */
    const cs_state *state;
    cs_cite src;
    cs_loc loc;
} cs_fleet;

struct cs_state {
    const char *id, *name, *note;
    cs_gov gov;
    cs_place capital;
    bool has_offset;
    int utc_offset_min;
    cs_authorization auth;
    cs_admission admit;
    cs_border *borders;   uint32_t nborders;
    cs_asset *assets;     uint32_t nassets;
    cs_base *bases;       uint32_t nbases;
    cs_airfield *airfields; uint32_t nairfields;
    cs_unit *units;       uint32_t nunits;
    cs_fleet *fleets;     uint32_t nfleets;
    cs_fact *facts;       uint32_t nfacts;
    cs_cite src;
    cs_loc loc;
};

/* An actor other than the library's states that a fact or a scenario can name as a party:
 * an armed group, a government of a state the library does not describe, a movement. */
typedef enum cs_actorkind {
    CS_ACTOR_ARMED_GROUP, CS_ACTOR_GOVERNMENT, CS_ACTOR_MOVEMENT, CS_ACTOR_ORGANISATION,
    CS_ACTOR_OTHER,
} cs_actorkind;

typedef struct cs_actor {
    const char *id, *name, *note;
    cs_actorkind kind;
    cs_cite src;
    cs_loc loc;
} cs_actor;

/* ---- alliances -------------------------------------------------------------------- */

typedef enum cs_mevent { CS_M_JOINED, CS_M_WITHDREW, CS_M_SUSPENDED } cs_mevent;

typedef struct cs_member_event {
    cs_mevent event;
    cs_time date;
    const char *note;
    cs_cite src;
    cs_alts alts;
    cs_loc loc;
} cs_member_event;

typedef struct cs_member {
    cs_ref state;
    cs_member_event *hist;
    uint32_t nhist;
    cs_loc loc;
} cs_member;

typedef enum cs_composition { CS_COMP_HEADS_OF_STATE, CS_COMP_MINISTERS, CS_COMP_OFFICIALS } cs_composition;
typedef enum cs_rule { CS_RULE_CONSENSUS, CS_RULE_UNANIMITY, CS_RULE_MAJORITY, CS_RULE_QUALIFIED } cs_rule;
/* What consensus needs: that no member objects, or also the lead state's active support. */
typedef enum cs_consensus { CS_CONSENSUS_NO_OBJECTION, CS_CONSENSUS_LEAD_SUPPORT } cs_consensus;

typedef struct cs_organ {
    const char *id, *name;
    cs_composition composition;
    cs_rule rule;
    cs_consensus consensus;  /* for rule consensus; default no-objection */
    double threshold;
    /* Its own membership, states of the alliance (a committee); none: every member of the
     * alliance on the date. */
    cs_ref *members;
    uint32_t nmembers;
    cs_cite src;
    cs_loc loc;
} cs_organ;

typedef struct cs_chair {
    cs_ref organ, state;
    const char *holder;
    cs_time from, to;
    bool has_to;
    cs_cite src;
    cs_loc loc;
} cs_chair;

typedef struct cs_milestone {
    cs_time date;
    const char *what;
    cs_cite src;
    cs_loc loc;
} cs_milestone;

typedef struct cs_clause {
    const char *id, *name, *text, *obliges, *note;
    bool requires_request;
    cs_exprsrc trigger;
    cs_cite src;
    cs_loc loc;
} cs_clause;

typedef struct cs_def {
    const char *name;
    cs_exprsrc expr;
    cs_loc loc;
} cs_def;

typedef struct cs_doctrine {
    const char *id, *name, *reading, *note;
    cs_time from, to;
    bool has_to;
    cs_def *defs;
    uint32_t ndefs;
    /* Compiled definitions indexed like the alliance's defnames (NULL: not defined here). */
    const struct cs_expr **bydef;
    cs_cite src;
    cs_loc loc;
} cs_doctrine;

typedef struct cs_pledge {
    cs_ref state;
    cs_ref *units;
    uint32_t nunits;
    cs_cite src;
    cs_loc loc;
} cs_pledge;

/* A task an operation can have; a force pool's mandate lists the tasks it covers. */
typedef struct cs_task {
    const char *id, *name;
    cs_exprsrc when;         /* bool: the task applies in the situation */
    cs_cite src;
    cs_loc loc;
} cs_task;

typedef struct cs_pool {
    const char *id, *name, *note;
    bool has_established;
    cs_time established;
    cs_figure size;
    cs_ref *mandate;         /* cs_task of the same alliance */
    uint32_t nmandate;
    cs_pledge *pledges;
    uint32_t npledges;
    cs_cite src;
    cs_loc loc;
} cs_pool;

/* A political factor: for each member it applies to, contributes weight x value when its
 * condition holds. */
typedef enum cs_applies { CS_APPLY_ALL, CS_APPLY_LEAD, CS_APPLY_OTHERS, CS_APPLY_HOST } cs_applies;

typedef struct cs_factor {
    const char *id, *name, *why;
    cs_applies applies;
    bool has_when, has_value;
    cs_exprsrc when;         /* bool; absent: always */
    cs_exprsrc value;        /* number; absent: 1 */
    double weight;
    cs_cite src;
    cs_loc loc;
} cs_factor;

typedef struct cs_politics {
    bool present;
    double support_at, oppose_at;   /* score >= support_at: support; <= oppose_at: oppose */
    const char *why;
    cs_factor *factors;
    uint32_t nfactors;
    cs_cite src;
    cs_loc loc;
} cs_politics;

typedef struct cs_alliance {
    const char *id, *name, *note;
    cs_time founded;
    cs_ref lead;
    cs_milestone *milestones; uint32_t nmilestones;
    cs_member *members;       uint32_t nmembers;
    cs_organ *organs;         uint32_t norgans;
    cs_chair *chairs;         uint32_t nchairs;
    cs_clause *clauses;       uint32_t nclauses;
    cs_doctrine *doctrines;   uint32_t ndoctrines;
    cs_task *tasks;           uint32_t ntasks;
    cs_pool *pools;           uint32_t npools;
    cs_politics politics;
    /* Every name some doctrine defines, with its type (set when expressions compile). */
    const char **defnames;    uint32_t ndefnames;
    cs_type *deftypes;
    cs_cite src;
    cs_loc loc;
} cs_alliance;

/* ---- scenarios -------------------------------------------------------------------- */

typedef enum cs_evkind {
    CS_EV_UNREST, CS_EV_HOSTILITIES, CS_EV_INFORMAL_PLEA, CS_EV_REQUEST, CS_EV_CONSULT_REQUEST,
    CS_EV_COUNCIL_SESSION, CS_EV_PARLIAMENT_SESSION, CS_EV_SITE_ADDED, CS_EV_END_REQUEST,
    CS_EV_STATEMENT,
} cs_evkind;

typedef struct cs_event {
    const char *id;
    cs_evkind kind;
    cs_time at;
    bool approx;
    cs_ref by;               /* state */
    cs_ref to;               /* alliance or state (to_alliance tells which) */
    bool to_alliance;
    cs_ref under;            /* clause of the scenario's alliance */
    cs_ref organ;            /* organ of the scenario's alliance */
    cs_ref state;            /* parliament-session */
    cs_ref site;             /* site-added */
    const char *who, *purpose, *place, *text, *mode, *note;
    bool formal, quorum;
    double votes_for, votes_against;
    cs_cite src;
    cs_loc loc;
    cs_loc at_loc;           /* its date (`at`), for timeline errors */
} cs_event;

typedef struct cs_site {
    const char *id, *name, *note;
    cs_ref kind;             /* cs_site_kind */
    double lat, lon;
    double personnel, frees_host;   /* < 0: the site kind's default */
    bool has_from;
    cs_time from;
    double handover;
    cs_cite src;
    cs_loc loc;
} cs_site;

/* The outcome ladder (docs/model.md, "The outcome ladder"): no decision taken, a session or
 * consultations, help short of a force, a force deployed, an explicit no. */
typedef enum cs_decision {
    CS_DEC_NONE, CS_DEC_ACT, CS_DEC_REFUSE, CS_DEC_CONSULT, CS_DEC_ASSIST
} cs_decision;

typedef struct cs_contingent_rec {
    cs_ref state;
    cs_figure personnel, vehicles;
    bool has_arrived, has_left;
    cs_time arrived, left;
    const char *home_by;     /* "air" or "road", or NULL */
    cs_ref *sites;
    uint32_t nsites;
    const char *note;
    cs_cite src;
    cs_loc loc;
} cs_contingent_rec;

typedef struct cs_operation_rec {
    bool present;
    cs_figure first_arrival, complete, end_announced, withdrawal_start, withdrawal_end;
    cs_figure personnel, equipment, flights_in, flights_out;
    cs_figure sites_initial, sites_total, freed_host;
    cs_contingent_rec *contingents;
    uint32_t ncontingents;
    cs_loc loc;
} cs_operation_rec;

typedef struct cs_outcome {
    bool present;
    cs_decision decision;
    bool has_date;
    cs_time date;
    cs_ref announced_by;     /* optional state */
    cs_ref actor;            /* the state that acted bilaterally; unset: the alliance */
    const char *stated_reason, *note;
    cs_operation_rec op;
    cs_cite src;
    cs_loc loc;
} cs_outcome;

typedef struct cs_scenario {
    const char *id, *name, *summary;
    cs_ref alliance, host;   /* cs_alliance, cs_state */
    cs_time start;
    int utc_offset_min;
    cs_fact *facts;   uint32_t nfacts;
    cs_vocab_ext *extends; uint32_t nextends;   /* values it adds to the vocabulary */
    cs_event *events; uint32_t nevents;
    cs_site *sites;   uint32_t nsites;
    cs_outcome outcome;
    const cs_srcfile *file;
    cs_cite src;
    cs_loc loc;
} cs_scenario;

/* ---- the library ------------------------------------------------------------------ */

/* The library: one array per kind of object (model/kinds.h), in load order, and the same
 * objects sorted by id for the lookups below. A model built by hand (tests) may leave
 * byid NULL: lookups then scan. */
typedef struct cs_model {
    cs_arena *arena;
    const cs_srcfile **files;          uint32_t nfiles;
#define CS_MODEL_ARRAY_(NAME, field, type, id, what) const type **field; uint32_t n##field;
    CS_MODEL_KINDS(CS_MODEL_ARRAY_)
#undef CS_MODEL_ARRAY_
    const void *const *byid[CS_NKINDS];
} cs_model;

void cs_model_free(cs_model *m);

/* Lookups by id (exact), O(log n) in a loaded model; NULL when absent. */
const cs_state *cs_model_state(const cs_model *m, const char *id);
const cs_alliance *cs_model_alliance(const cs_model *m, const char *id);
const cs_scenario *cs_model_scenario(const cs_model *m, const char *id);
const cs_vocab *cs_model_vocab(const cs_model *m, const char *path);
const cs_param *cs_model_param(const cs_model *m, const char *id);
const cs_actor *cs_model_actor(const cs_model *m, const char *id);
/* Whether id names a party: a state or an actor of the library. */
bool cs_model_party(const cs_model *m, const char *id);
const cs_clause *cs_alliance_clause(const cs_alliance *a, const char *id);
const cs_doctrine *cs_alliance_doctrine(const cs_alliance *a, const char *id);

/* Alliance membership of a state on a date: the last history event on or before the date
 * decides. Returns the member entry and sets *status (CS_M_JOINED = member), or NULL if the
 * state never was a member before that date. */
const cs_member *cs_alliance_member_on(const cs_alliance *a, const char *state, cs_time when,
                                       cs_mevent *status);
bool cs_alliance_is_member(const cs_alliance *a, const char *state, cs_time when);
/* The doctrine in force on a date (the latest `from` on or before it whose `to` has not
 * passed), or NULL. */
const cs_doctrine *cs_alliance_doctrine_on(const cs_alliance *a, cs_time when);
/* The chair of an organ on a date, or NULL. */
const cs_chair *cs_alliance_chair_on(const cs_alliance *a, const char *organ, cs_time when);

/* Names of enum values as written in files, indexed by value; NULL-terminated. The loader
 * parses with these tables and reports print with them. */
extern const char *const cs_decision_names[];
extern const char *const cs_evkind_names[];
extern const char *const cs_authproc_names[];
extern const char *const cs_admitproc_names[];
extern const char *const cs_gov_names[];
extern const char *const cs_mevent_names[];
extern const char *const cs_rule_names[];
extern const char *const cs_consensus_names[];
extern const char *const cs_composition_names[];
extern const char *const cs_qual_names[];
extern const char *const cs_srctype_names[];
extern const char *const cs_type_names[];
extern const char *const cs_applies_names[];
extern const char *const cs_actorkind_names[];

const char *cs_decision_name(cs_decision d);
const char *cs_evkind_name(cs_evkind k);
const char *cs_authproc_name(cs_authproc p);
const char *cs_admitproc_name(cs_admitproc p);
const char *cs_gov_name(cs_gov g);
const char *cs_mevent_name(cs_mevent e);
const char *cs_rule_name(cs_rule r);
const char *cs_composition_name(cs_composition c);
const char *cs_qual_name(cs_qual q);
const char *cs_srctype_name(cs_srctype t);
const char *cs_type_name(cs_type t);

/* Great-circle distance in km between two points given in degrees. */
double cs_geo_km(double lat1, double lon1, double lat2, double lon2);

#endif
