/* law.h - the legal layer: at the moment of a scenario's request, which clauses are
 * triggered and why, under which doctrine, what the host's law requires to admit foreign
 * troops and whether it was met, whether there is a UN mandate, and which force pools'
 * mandates cover the task.
 *
 * Ownership: cs_law_eval allocates the result's arrays and trace buffers from the arena it
 * is given; they die with it. The result points into the model, which must outlive it.
 */
#ifndef CS_LAW_H
#define CS_LAW_H

#include "expr/expr.h"
#include "model/model.h"
#include "model/names.h"

/* A fact set from the command line (--set PATH=VALUE). */
typedef struct cs_override {
    const char *path;
    const char *text;        /* the value as written; parsed against the path's type */
} cs_override;

typedef struct cs_law_opts {
    const char *doctrine;    /* a doctrine id to apply instead of the one in force */
    const cs_override *sets;
    uint32_t nsets;
    uint32_t trace_cap;      /* records per trace; 0: no traces */
} cs_law_opts;

/* What the host asked of the alliance. The C code branches on this; expressions read the
 * same thing as the string `request.kind` (cs_request_kind_names), which the data's
 * expressions compare against. */
typedef enum cs_request_kind {
    CS_REQ_NONE,             /* no request and no plea */
    CS_REQ_INFORMAL,         /* an informal plea, or a request that was not formal */
    CS_REQ_CONSULTATIONS,    /* a request for consultations */
    CS_REQ_AID,              /* a formal request for aid */
} cs_request_kind;
enum { CS_NREQ_KINDS = CS_REQ_AID + 1 };

/* "none", "informal", "consultations", "aid": indexed by cs_request_kind. */
extern const char *const cs_request_kind_names[CS_NREQ_KINDS + 1];

/* The situation at the moment evaluated: the environment expressions read. */
typedef struct cs_situation {
    const cs_model *m;
    const cs_scenario *s;
    const cs_alliance *a;
    const cs_doctrine *doctrine;   /* applied (NULL if none is in force) */
    bool doctrine_overridden;
    const cs_event *request;       /* the host's request to the alliance, or NULL */
    const cs_event *plea;          /* an informal plea, or NULL */
    const cs_event *session;       /* the council session that took it up, or NULL */
    cs_time moment;                /* the request's time, or the scenario's start */
    cs_request_kind req_kind;      /* what was asked (the slot request.kind, as an enum) */
    cs_slot *slots;
    uint32_t nslots;
    cs_env env;
    cs_trace_rec *scratch;         /* a trace is made here, then copied at its size */
    uint32_t scratch_cap;
} cs_situation;

/* Build the situation. Errors in --set or --doctrine are reported (CS_ERR_USAGE). */
cs_status cs_situation_init(cs_situation *sit, const cs_model *m, const cs_scenario *s,
                            const cs_law_opts *o, cs_arena *a, cs_diags *d);

typedef struct cs_finding {
    bool value;              /* the condition's value (false when it could not be evaluated) */
    cs_evalst st;            /* not CS_EVAL_OK: an error, which fails the run */
    cs_loc where;            /* when st is not CS_EVAL_OK: the place of the failing token */
    cs_trace trace;
} cs_finding;

typedef struct cs_clause_finding {
    const cs_clause *clause;
    bool invoked;            /* the request was made under this clause */
    cs_finding f;
} cs_clause_finding;

typedef struct cs_task_finding {
    const cs_task *task;
    cs_finding f;
} cs_task_finding;

typedef enum cs_admit_met { CS_ADMIT_MET, CS_ADMIT_NOT_MET, CS_ADMIT_UNKNOWN } cs_admit_met;

typedef struct cs_law_result {
    cs_situation sit;
    cs_clause_finding *clauses;    /* one per clause of the alliance */
    uint32_t nclauses;
    const cs_clause_finding *invoked;   /* the clause of the request, or NULL */
    cs_task_finding *tasks;
    uint32_t ntasks;
    const cs_pool **pools;         /* pools whose mandate covers a task that applies */
    uint32_t npools;
    bool host_member;              /* the host is a member on the moment's date */
    cs_admit_met admission;        /* the host's law on admitting foreign troops */
    const char *admission_why;
    const cs_slot **legal;         /* facts the vocabulary marks as legal (a UN mandate...) */
    uint32_t nlegal;
} cs_law_result;

/* Evaluate the law at the scenario's moment: every clause's trigger, every task's condition,
 * the pools that cover a task, the host's membership and admission, the legal facts.
 * Returns CS_OK; CS_ERR_USAGE for a bad --set or --doctrine; CS_ERR_EXPR when a trigger or
 * a condition cannot be evaluated (a division by zero, definitions nested too deeply): each
 * such error is reported at the failing token's file:line:col, every one of them, and the
 * result is not to be used; CS_ERR_NOMEM. */
cs_status cs_law_eval(cs_law_result *r, const cs_model *m, const cs_scenario *s,
                      const cs_law_opts *o, cs_arena *a, cs_diags *d);

/* Evaluate a compiled boolean expression in the situation, with a trace buffer of cap
 * records from the arena (cap 0: no trace). Fills f: its value (an unknown result is
 * false), its status and, on an evaluation error, where it failed; reports nothing (see
 * cs_law_report). Returns false only when the arena runs out. */
bool cs_law_finding(cs_finding *f, const cs_expr *e, const cs_situation *sit, uint32_t cap,
                    cs_arena *a);

/* Report a finding's evaluation error, if it has one, as a CS_ERR_EXPR diagnostic at the
 * failing token: "WHAT cannot be evaluated: division by zero". `what` names the expression
 * ("task 'x': its condition"). Returns true when there was an error. */
bool cs_law_report(const cs_finding *f, cs_diags *d, const char *what);

#endif
