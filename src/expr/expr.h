/* expr.h - the expression language of clauses, doctrines and political factors.
 *
 * Grammar (docs/format.md, "Expressions"); one function per rule in parse.c, with a depth
 * limit (CS_EXPR_MAX_DEPTH) and a length limit (CS_EXPR_MAX_NODES).
 *
 * Life of an expression:
 *   1. cs_expr_parse: text -> syntax tree, in an arena. Syntax errors are reported at the
 *      file:line:col of the offending token inside the YAML file.
 *   2. cs_expr_check: resolve every name through the caller's resolver, check the types of
 *      operators, functions and names; report unknown names (with "did you mean"), unknown
 *      functions, wrong argument counts and type mismatches, at the token's column.
 *   3. cs_expr_eval: compute the value in an environment. Allocates nothing. With a trace,
 *      records every sub-expression evaluated, with its value, so that a report can show why.
 *      With a memo in the environment (cs_expr_memo), computes each definition once.
 *
 * Ownership: a cs_expr lives in the arena given to cs_expr_parse and dies with it; it is
 * immutable after cs_expr_check, so one compiled expression can be evaluated from several
 * threads at once, each with its own cs_env and cs_trace. A cs_trace is owned by the caller.
 */
#ifndef CS_EXPR_H
#define CS_EXPR_H

#include "model/model.h"
#include "support/arena.h"
#include "support/diag.h"

#include <stdbool.h>
#include <stdint.h>

enum {
    CS_EXPR_MAX_DEPTH = 64,      /* nesting of the syntax tree */
    CS_EXPR_MAX_NODES = 4096,    /* nodes in one expression */
    CS_EXPR_MAX_CALL_DEPTH = 32, /* definitions evaluated inside definitions */
};

typedef struct cs_expr cs_expr;

/* ---- names ------------------------------------------------------------------------ */

/* What a name (a dotted path such as crisis.border_violation, host, aggression) stands for.
 * The caller decides, through its resolver:
 *  - CS_SYM_SLOT: a value the environment holds in slots[index] (a fact, host, date...);
 *  - CS_SYM_DEF: a named definition; the environment holds its compiled expression in
 *    defs[index] (which doctrine's definition is in force is the environment's business).
 */
typedef enum cs_symkind { CS_SYM_SLOT, CS_SYM_DEF } cs_symkind;

typedef struct cs_symbol {
    cs_symkind kind;
    cs_type type;
    uint32_t index;
} cs_symbol;

typedef enum cs_resolved {
    CS_RESOLVE_FOUND,     /* *out is filled */
    CS_RESOLVE_UNKNOWN,   /* no such name: cs_expr_check reports it, with a suggestion */
    CS_RESOLVE_FAILED,    /* the resolver reported an error itself (a cycle, say) */
} cs_resolved;

/* `where` is the place of the name in the file, for the resolver's own errors. */
typedef cs_resolved (*cs_resolve_fn)(void *ctx, const char *name, const cs_loc *where,
                                     cs_symbol *out);

typedef struct cs_resolver {
    cs_resolve_fn fn;
    void *ctx;
    const char *const *known;   /* every name the resolver knows, for "did you mean" */
    size_t nknown;
} cs_resolver;

/* ---- compile ---------------------------------------------------------------------- */

/* Parse src->text. Returns NULL on a syntax error (reported, class CS_ERR_EXPR) or when
 * memory runs out (reported, CS_ERR_NOMEM). */
cs_expr *cs_expr_parse(cs_arena *a, const cs_exprsrc *src, cs_diags *d);

/* Resolve names and check types; sets *type to the expression's type. Returns false if
 * anything was reported (class CS_ERR_EXPR). May be called once per expression. */
bool cs_expr_check(cs_expr *e, const cs_resolver *r, cs_diags *d, cs_type *type);

/* The place in the file of character `offset` of the expression's text. */
cs_loc cs_expr_loc(const cs_exprsrc *src, size_t offset);

const char *cs_expr_text(const cs_expr *e);

/* ---- evaluate --------------------------------------------------------------------- */

/* A value in the environment, with where it came from (for the trace). */
typedef struct cs_slot {
    const char *name;
    cs_type type;
    cs_value v;
    bool stated;             /* given by the scenario (false: a default or derived value) */
    bool claimed;            /* stated as a claim, not as evidence */
    bool overridden;         /* set from the command line (--set) */
    const char *by;          /* who claims it (the first claimant) */
    const cs_cite *src;      /* its sources, or NULL */
    /* The statement the value comes from (its claimants and deniers), or NULL. When the
     * slot is not stated but fact is set, the fact is stated only as known from a date
     * after the moment (fact->known_from): the slot reads as its default, and the trace
     * says from when the fact is known. */
    const cs_fact *fact;
} cs_slot;

/* Room for evaluation to remember the value of each definition it has computed, so that a
 * definition reached again within one evaluation is not computed again: without it, a
 * chain of definitions that each use the next one several times takes time exponential in
 * its length (20 definitions, each naming the next four times: 4^19 evaluations), which the
 * call-depth limit does not prevent. Values are remembered for one evaluation only (one
 * cs_expr_eval call), since the caller may change slots between evaluations; the result of
 * an evaluation is the same with a memo as without one, only faster.
 *
 * One memo per environment, made by cs_expr_memo_new in the arena of whoever owns the
 * environment (never in a model that threads share); its contents are the evaluator's. An
 * environment with a memo is used by one thread at a time, since evaluation writes to it;
 * the compiled expressions stay shared. */
typedef struct cs_expr_memo cs_expr_memo;

/* A memo with room for definitions 0 .. n-1, in arena a (zeroed: nothing remembered).
 * NULL when the arena runs out. */
cs_expr_memo *cs_expr_memo_new(cs_arena *a, uint32_t n);

typedef struct cs_env {
    const cs_slot *slots;
    uint32_t nslots;
    const cs_expr *const *defs;   /* by definition index; NULL: not defined here */
    const char *const *def_names; /* by definition index, for the trace */
    uint32_t ndefs;
    /* For the functions of the library: */
    const cs_model *model;
    const cs_alliance *alliance;
    cs_time date;                 /* "now" for member(), and the date of the moment */
    /* Room to remember definitions' values (definitions past its size, or all of them when
     * NULL, are computed each time they are reached). */
    cs_expr_memo *memo;
} cs_env;

/* One record per sub-expression evaluated, in pre-order: a record is followed by the
 * records of its children (nkids of them, each with its own subtree). */
typedef enum cs_trkind {
    CS_TR_LITERAL, CS_TR_SLOT, CS_TR_DEF, CS_TR_OP, CS_TR_CALL, CS_TR_SKIPPED,
} cs_trkind;

typedef struct cs_trace_rec {
    cs_trkind kind;
    const char *text;     /* the sub-expression as written (points into the expression) */
    uint32_t len;         /* its length */
    cs_value v;
    uint32_t nkids;
    const cs_slot *slot;  /* CS_TR_SLOT: the slot read */
    const char *def;      /* CS_TR_DEF: the definition's name; its one child is its body */
} cs_trace_rec;

typedef struct cs_trace {
    cs_trace_rec *v;      /* caller-owned buffer */
    uint32_t n, cap;
    bool truncated;       /* the buffer was too small: the value is right, the trace is cut */
} cs_trace;

typedef enum cs_evalst {
    CS_EVAL_OK,
    CS_EVAL_UNDEFINED,    /* a definition the environment does not define */
    CS_EVAL_DIV_ZERO,
    CS_EVAL_TOO_DEEP,     /* definitions nested past CS_EXPR_MAX_CALL_DEPTH */
} cs_evalst;

/* Evaluate. `trace` may be NULL; otherwise its n is reset to 0 and records are appended.
 * `and`/`or` short-circuit and `if` evaluates one branch: parts not evaluated are recorded
 * as CS_TR_SKIPPED. Allocates nothing. With a memo in the environment, each definition is
 * computed once per evaluation; where a trace has room, a definition reached again is
 * traced in full as the first time (so a trace does not depend on the memo), and once the
 * trace is full its remembered value is used. */
cs_evalst cs_expr_eval(const cs_expr *e, const cs_env *env, cs_value *out, cs_trace *trace);
/* The same, and when the status is not CS_EVAL_OK, *where (if not NULL) is the place in the
 * file of the token that failed, for a `file:line:col` diagnostic: the `/` of a division by
 * zero; the name of a definition that is not defined, or is nested too deeply (a place in
 * the doctrine that defines the enclosing definition). On success *where is zeroed. */
cs_evalst cs_expr_eval_at(const cs_expr *e, const cs_env *env, cs_value *out, cs_trace *trace,
                          cs_loc *where);
const char *cs_evalst_name(cs_evalst s);

/* Print a trace as an indented tree, one record a line: the text, " = " value, and for
 * slots where the value came from ("evidenced [seed-001]", "CLAIMED by KAZ [seed-001]",
 * "default", "set on the command line"). */
void cs_trace_print(FILE *out, const cs_trace *t, int indent);

#endif
