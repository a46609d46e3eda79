/* run.h - one whole run of casus: a loaded model, a scenario and options in; the legal,
 * political and operational results out. The one place where the layers are put together:
 * the command line, the tests and the benchmarks all go through it.
 *
 * Ownership: a cs_run reads the model, which must outlive it, and owns one arena from which
 * every result of a run is allocated. cs_run_exec resets that arena (keeping its memory) and
 * computes anew; the results it returns are valid until the next cs_run_exec or cs_run_free.
 * cs_run_replicate runs the same decided operation again under another (seed, index) and
 * allocates nothing.
 *
 * Threads: a loaded model is only read. Any number of cs_run objects, one per thread, may
 * run on the same model at once; one cs_run is not to be shared between threads.
 */
#ifndef CS_RUN_H
#define CS_RUN_H

#include "law/law.h"
#include "ops/ops.h"
#include "politics/politics.h"

typedef struct cs_run_opts {
    const char *doctrine;        /* a doctrine id to apply instead of the one in force */
    const cs_override *sets;     /* facts set for this run (--set PATH=VALUE) */
    uint32_t nsets;
    uint64_t seed, index;        /* the replication: a pure function of (inputs, seed, index) */
    uint32_t trace_cap;          /* records per expression trace; 0: no traces */
    bool simulate;               /* after "act", simulate the operation */
    cs_ops_hook hook;            /* called after every event of the simulation, or NULL */
    void *hook_ctx;
} cs_run_opts;

typedef struct cs_run cs_run;

/* One change that would flip the decision (docs/model.md, "What decided"). */
typedef enum cs_flip_kind {
    CS_FLIP_FACT,            /* a true-or-false fact read the other way */
    CS_FLIP_FACTOR,          /* a factor left out of every member's weighing */
    CS_FLIP_POSITION,        /* one member's position set otherwise */
} cs_flip_kind;

typedef struct cs_flip {
    cs_flip_kind kind;
    const char *fact;            /* FACT: its path */
    bool from, to;               /* FACT: its value in the run, and the value tried */
    bool stated, claimed;        /* FACT: the scenario states it; as a claim */
    const char *by;              /* FACT: the claimant, when claimed */
    const cs_factor *factor;     /* FACTOR */
    const cs_state *member;      /* POSITION */
    cs_position pos_from, pos_to;   /* POSITION */
    double size;                 /* the largest change to one member's score it makes */
    cs_decision then;            /* the decision it gives */
    uint32_t seq;                /* the order it was tried in (ties) */
} cs_flip;

/* A run object for a model (NULL when memory runs out). */
cs_run *cs_run_new(const cs_model *m);
void cs_run_free(cs_run *r);                            /* NULL is fine */

/* Decide scenario s and, when o->simulate and the council acts, simulate the operation.
 * Errors go to the diagnostics; the status is the worst class reported. On failure the
 * results that were computed before the failure stay readable. */
cs_status cs_run_exec(cs_run *r, const cs_scenario *s, const cs_run_opts *o, cs_diags *d);

/* The same decided operation under another (seed, index), after a successful cs_run_exec
 * that simulated one. Allocates nothing. */
cs_status cs_run_replicate(cs_run *r, uint64_t seed, uint64_t index, cs_diags *d);

const cs_model *cs_run_model(const cs_run *r);
const cs_scenario *cs_run_scenario(const cs_run *r);
const cs_run_opts *cs_run_options(const cs_run *r);
const cs_law_opts *cs_run_law_options(const cs_run *r);
const cs_law_result *cs_run_law(const cs_run *r);
const cs_pol_result *cs_run_politics(const cs_run *r);
/* The changes that flip the decision, smallest first (the first is the decisive reason);
 * *n is 0 when no single change flips it. Valid until the next cs_run_exec. */
const cs_flip *cs_run_flips(const cs_run *r, uint32_t *n);
/* The operation's result, or NULL when none was simulated. */
const cs_ops_result *cs_run_ops(const cs_run *r);
/* The simulation itself (for audits and types of aircraft), or NULL. */
const cs_ops *cs_run_sim(const cs_run *r);

#endif
