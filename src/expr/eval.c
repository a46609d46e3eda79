/* eval.c - evaluation, with a trace of why.
 *
 * Evaluation allocates nothing: values point into the expression's constants, the
 * environment's slots or the model; trace records go into the caller's buffer, and when it
 * is full the trace is marked truncated and evaluation goes on. The recursion is bounded by
 * the height of the tree (CS_EXPR_MAX_DEPTH, enforced by the parser) times the nesting of
 * definitions (CS_EXPR_MAX_CALL_DEPTH): at worst some 2,100 levels, under 1 MB of stack in
 * an optimised build (measured: 33 definitions each 63 levels deep), more under ASan. A
 * thread that evaluates needs a stack of that size; the default 8 MB is plenty.
 *
 * The trace is built in pre-order: a node takes its record before its children are
 * evaluated, and fills in its value and the number of its children (those that found room
 * in the buffer) afterwards. A record is taken in order, so once the buffer is full no
 * later record is; a child was recorded exactly when the count of records grew while it
 * was evaluated.
 *
 * Definitions reached again. A definition may be named many times over (a chain of
 * definitions each naming the next four times names the last one 4^19 times in 20
 * levels). With a memo in the environment (cs_expr_memo), each definition's value is
 * computed once per evaluation and then remembered; ev_def says when a remembered value
 * stands in for the computation. Evaluation is deterministic and a definition's value
 * does not depend on where it is reached (only whether the depth limit is reached does,
 * which the memo accounts for), so the result is the same as without a memo.
 *
 * Unknown facts. A slot whose value is of kind CS_V_NONE (a fact that neither the scenario
 * nor a default gives) is unknown, and:
 *  - it is false in a bool context (`and`, `or`, `not`, `if`): a condition that cannot be
 *    shown to hold does not hold, which is the reading a treaty clause needs;
 *  - it compares unequal to everything, itself included (so `x != y` is true and `x == y`
 *    false), and `<`, `<=`, `>`, `>=` with it are false;
 *  - arithmetic and functions with it give unknown.
 * A slot whose value does not fit its declared type reads as unknown too.
 */
#include "expr/expr_internal.h"

#include <string.h>

#define NO_REC UINT32_MAX   /* no record: no trace, or the buffer is full */

typedef struct evctx {
    const cs_env *env;
    cs_trace *t;
    const cs_exprsrc *src;  /* the expression being evaluated (a definition's body has its
                               own): its text, and its place in the file */
    uint32_t calls;     /* definitions being evaluated */
    /* The deepest level of definitions reached so far (a value of `calls`, or what a
     * remembered definition would have reached): how deep a definition's computation went. */
    uint32_t peak;
    cs_expr_memo *memo; /* the environment's, or NULL */
    uint64_t gen;       /* this evaluation's number in the memo */
    /* The first failure, innermost: where it happened, for cs_expr_eval_at. A status
     * propagates up unchanged, so the first node to fail is the one to point at. */
    const cs_exprsrc *fail_src;
    uint32_t fail_off;
} evctx;

bool cs_expr_equal(const cs_value *a, const cs_value *b)
{
    if (a->kind == CS_V_NONE || b->kind == CS_V_NONE || a->kind != b->kind)
        return false;
    switch (a->kind) {
    case CS_V_BOOL: return a->b == b->b;
    case CS_V_NUM: return a->num == b->num;
    case CS_V_STR: return a->str && b->str && strcmp(a->str, b->str) == 0;
    case CS_V_DATE: return a->t.min == b->t.min;
    case CS_V_LIST:
        if (a->list.n != b->list.n)
            return false;
        for (uint32_t i = 0; i < a->list.n; i++)
            if (!cs_expr_equal(&a->list.items[i], &b->list.items[i]))
                return false;
        return true;
    case CS_V_NONE: break;
    }
    return false;
}

static cs_vkind kind_of(cs_type t)
{
    switch (t) {
    case CS_T_BOOL: return CS_V_BOOL;
    case CS_T_NUM: return CS_V_NUM;
    case CS_T_STR:
    case CS_T_STATE: return CS_V_STR;
    case CS_T_DATE: return CS_V_DATE;
    case CS_T_LIST: return CS_V_LIST;
    case CS_T_UNKNOWN: break;
    }
    return CS_V_NONE;
}

/* ---- trace records ---------------------------------------------------------------- */

static uint32_t rec_open(evctx *c, cs_trkind kind, const cs_exnode *n)
{
    cs_trace *t = c->t;
    if (!t)
        return NO_REC;
    if (!t->v || t->n >= t->cap) {
        t->truncated = true;
        return NO_REC;
    }
    uint32_t i = t->n++;
    t->v[i] = (cs_trace_rec){.kind = kind, .text = c->src->text + n->off, .len = n->len};
    return i;
}

static void rec_close(evctx *c, uint32_t r, const cs_value *v, uint32_t nkids)
{
    if (r == NO_REC)
        return;
    c->t->v[r].v = *v;
    c->t->v[r].nkids = nkids;
}

static cs_evalst ev(evctx *c, const cs_exnode *n, cs_value *out);

/* Note that node n fails with st (unless something inside it failed first); returns st. */
static cs_evalst fail(evctx *c, const cs_exnode *n, cs_evalst st)
{
    if (st != CS_EVAL_OK && !c->fail_src) {
        c->fail_src = c->src;
        c->fail_off = n->at;
    }
    return st;
}

/* Evaluate a child, counting it in *nkids if it was recorded. */
static cs_evalst kid(evctx *c, const cs_exnode *n, cs_value *out, uint32_t *nkids)
{
    uint32_t before = c->t ? c->t->n : 0;
    cs_evalst st = ev(c, n, out);
    if (c->t && c->t->n > before)
        (*nkids)++;
    return st;
}

/* A child not evaluated: one record for its whole subtree. */
static void skip(evctx *c, const cs_exnode *n, uint32_t *nkids)
{
    if (rec_open(c, CS_TR_SKIPPED, n) != NO_REC)
        (*nkids)++;
}

/* ---- nodes ------------------------------------------------------------------------ */

static const cs_slot *slot_of(const evctx *c, const cs_exnode *n)
{
    const cs_env *env = c->env;
    return env->slots && n->sym.index < env->nslots ? &env->slots[n->sym.index] : NULL;
}

static cs_evalst ev_slot(evctx *c, const cs_exnode *n, cs_value *out)
{
    const cs_slot *s = slot_of(c, n);
    *out = s && s->v.kind == kind_of(n->sym.type) ? s->v : cs_expr_unknown();
    uint32_t r = rec_open(c, CS_TR_SLOT, n);
    if (r != NO_REC)
        c->t->v[r].slot = s;
    rec_close(c, r, out, 0);
    return CS_EVAL_OK;
}

/* What the memo holds for definition i in this evaluation, or NULL. */
static cs_defmemo *remembered(const evctx *c, uint32_t i)
{
    if (!c->memo || i >= c->memo->n || c->memo->defs[i].eval != c->gen)
        return NULL;
    return &c->memo->defs[i];
}

/* A definition: its body, evaluated in the definition's own text one level deeper, or its
 * value remembered from earlier in this evaluation. The remembered value is used only
 * where the body would evaluate the same way: at a call depth from which its computation
 * stays within the limit (else it is computed again, and fails where it runs out), and
 * when no record would be added to the trace (no trace, or a full one), so that a trace
 * shows every definition in full wherever it has room, as without a memo. The trace's
 * capacity bounds the records, and so the repeated work: once it is full, every
 * definition is computed at most once per evaluation. */
static cs_evalst ev_def(evctx *c, const cs_exnode *n, cs_value *out)
{
    const cs_env *env = c->env;
    uint32_t i = n->sym.index;
    uint32_t r = rec_open(c, CS_TR_DEF, n);
    if (r != NO_REC)
        c->t->v[r].def = env->def_names && i < env->ndefs && env->def_names[i]
                             ? env->def_names[i] : n->name;
    cs_evalst st;
    uint32_t nk = 0;
    *out = cs_expr_unknown();
    const cs_expr *body = env->defs && i < env->ndefs ? env->defs[i] : NULL;
    const cs_defmemo *m = remembered(c, i);
    if (c->calls >= CS_EXPR_MAX_CALL_DEPTH)
        st = fail(c, n, CS_EVAL_TOO_DEEP);
    else if (!body || !body->checked)
        st = fail(c, n, CS_EVAL_UNDEFINED);
    else if (m && r == NO_REC && c->calls + m->needs <= CS_EXPR_MAX_CALL_DEPTH) {
        *out = m->v;
        if (c->calls + m->needs > c->peak)
            c->peak = c->calls + m->needs;
        st = CS_EVAL_OK;
    } else {
        const cs_exprsrc *outer = c->src;
        uint32_t depth = c->calls, peak = c->peak;
        c->src = &body->src;
        c->calls++;
        c->peak = c->calls;
        st = kid(c, body->root, out, &nk);
        c->calls--;
        c->src = outer;
        if (st == CS_EVAL_OK && c->memo && i < c->memo->n)
            c->memo->defs[i] = (cs_defmemo){c->gen, *out, c->peak - depth};
        if (peak > c->peak)
            c->peak = peak;
    }
    rec_close(c, r, out, nk);
    return st;
}

static cs_evalst ev_call(evctx *c, const cs_exnode *n, cs_value *out)
{
    const cs_func *f = n->fn;
    uint32_t r = rec_open(c, CS_TR_CALL, n), nk = 0, i = 0;
    cs_value argv[CS_FUNC_MAX_ARGS] = {{0}};
    const cs_slot *slot = NULL;
    cs_evalst st = CS_EVAL_OK;
    *out = cs_expr_unknown();
    for (const cs_exnode *k = n->kid; k && i < CS_FUNC_MAX_ARGS; k = k->next, i++) {
        st = kid(c, k, &argv[i], &nk);
        if (st != CS_EVAL_OK)
            break;
    }
    if (st == CS_EVAL_OK) {
        if (f->mode == ARG_SLOT)
            slot = slot_of(c, n->kid);
        *out = f->impl(c->env, argv, slot);
    }
    rec_close(c, r, out, nk);
    return st;
}

/* and, or: the right side only when the left does not decide. */
static cs_evalst ev_logic(evctx *c, const cs_exnode *n, cs_value *out)
{
    uint32_t r = rec_open(c, CS_TR_OP, n), nk = 0;
    cs_value a, b;
    *out = cs_expr_unknown();
    cs_evalst st = kid(c, n->kid, &a, &nk);
    if (st == CS_EVAL_OK) {
        bool left = cs_expr_truthy(&a);
        if (left == (n->op == OP_OR)) {
            skip(c, n->kid->next, &nk);
            *out = cs_expr_bool(left);
        } else {
            st = kid(c, n->kid->next, &b, &nk);
            if (st == CS_EVAL_OK)
                *out = cs_expr_bool(cs_expr_truthy(&b));
        }
    }
    rec_close(c, r, out, nk);
    return st;
}

static cs_evalst ev_if(evctx *c, const cs_exnode *n, cs_value *out)
{
    const cs_exnode *cond = n->kid, *a = cond->next, *b = a->next;
    uint32_t r = rec_open(c, CS_TR_OP, n), nk = 0;
    cs_value v;
    *out = cs_expr_unknown();
    cs_evalst st = kid(c, cond, &v, &nk);
    if (st == CS_EVAL_OK) {
        if (cs_expr_truthy(&v)) {
            st = kid(c, a, out, &nk);
            skip(c, b, &nk);
        } else {
            skip(c, a, &nk);
            st = kid(c, b, out, &nk);
        }
    }
    if (st != CS_EVAL_OK)
        *out = cs_expr_unknown();
    rec_close(c, r, out, nk);
    return st;
}

static bool ordered(cs_op op, double a, double b)
{
    switch (op) {
    case OP_LT: return a < b;
    case OP_LE: return a <= b;
    case OP_GT: return a > b;
    case OP_GE: return a >= b;
    default: return false;
    }
}

/* The operators that evaluate every operand: not, unary -, comparisons, arithmetic. */
static cs_evalst ev_op(evctx *c, const cs_exnode *n, cs_value *out)
{
    uint32_t r = rec_open(c, CS_TR_OP, n), nk = 0;
    cs_value a = cs_expr_unknown(), b = cs_expr_unknown();
    *out = cs_expr_unknown();
    cs_evalst st = kid(c, n->kid, &a, &nk);
    if (st == CS_EVAL_OK && n->kid->next)
        st = kid(c, n->kid->next, &b, &nk);
    if (st != CS_EVAL_OK) {
        rec_close(c, r, out, nk);
        return st;
    }
    bool nums = a.kind == CS_V_NUM && b.kind == CS_V_NUM;
    bool dates = a.kind == CS_V_DATE && b.kind == CS_V_DATE;
    switch (n->op) {
    case OP_NOT: *out = cs_expr_bool(!cs_expr_truthy(&a)); break;
    case OP_NEG:
        if (a.kind == CS_V_NUM)
            *out = cs_expr_num(a.num == 0 ? 0 : -a.num);
        break;
    case OP_EQ: *out = cs_expr_bool(cs_expr_equal(&a, &b)); break;
    case OP_NE: *out = cs_expr_bool(!cs_expr_equal(&a, &b)); break;
    case OP_LT:
    case OP_LE:
    case OP_GT:
    case OP_GE:
        if (nums)
            *out = cs_expr_bool(ordered(n->op, a.num, b.num));
        else if (dates)
            *out = cs_expr_bool(ordered(n->op, (double)a.t.min, (double)b.t.min));
        else
            *out = cs_expr_bool(false);
        break;
    case OP_IN: {
        bool found = false;
        if (b.kind == CS_V_LIST)
            for (uint32_t i = 0; i < b.list.n && !found; i++)
                found = cs_expr_equal(&a, &b.list.items[i]);
        *out = cs_expr_bool(found);
        break;
    }
    case OP_ADD:
        if (nums)
            *out = cs_expr_num(a.num + b.num);
        break;
    case OP_SUB:
        if (nums)
            *out = cs_expr_num(a.num - b.num);
        break;
    case OP_MUL:
        if (nums)
            *out = cs_expr_num(a.num * b.num);
        break;
    case OP_DIV:
        if (b.kind == CS_V_NUM && b.num == 0)
            st = fail(c, n, CS_EVAL_DIV_ZERO);
        else if (nums)
            *out = cs_expr_num(a.num / b.num);
        break;
    case OP_DSUB:
        if (dates)
            *out = cs_expr_num(((double)a.t.min - (double)b.t.min) / 1440.0);
        break;
    default: break;
    }
    rec_close(c, r, out, nk);
    return st;
}

static cs_evalst ev(evctx *c, const cs_exnode *n, cs_value *out)
{
    switch (n->op) {
    case OP_CONST: {
        uint32_t r = rec_open(c, CS_TR_LITERAL, n);
        *out = n->v;
        rec_close(c, r, out, 0);
        return CS_EVAL_OK;
    }
    case OP_NAME: return n->sym.kind == CS_SYM_DEF ? ev_def(c, n, out) : ev_slot(c, n, out);
    case OP_CALL: return ev_call(c, n, out);
    case OP_AND:
    case OP_OR: return ev_logic(c, n, out);
    case OP_IF: return ev_if(c, n, out);
    default: return ev_op(c, n, out);
    }
}

/* An expression that has not passed cs_expr_check has unresolved names: it evaluates to
 * unknown with CS_EVAL_UNDEFINED, as a missing definition does. */
cs_evalst cs_expr_eval(const cs_expr *e, const cs_env *env, cs_value *out, cs_trace *trace)
{
    return cs_expr_eval_at(e, env, out, trace, NULL);
}

/* As cs_expr_eval; on a failure, *where (if given) is the place of the failing token: the
 * operator of a division by zero, the name of a definition that is missing or nested too
 * deeply (inside a definition's body, so in the doctrine's text), or the start of an
 * expression that was never checked. */
cs_evalst cs_expr_eval_at(const cs_expr *e, const cs_env *env, cs_value *out, cs_trace *trace,
                          cs_loc *where)
{
    static const cs_env empty;
    if (trace) {
        trace->n = 0;
        trace->truncated = false;
    }
    *out = cs_expr_unknown();
    if (where)
        *where = (cs_loc){0};
    if (!e || !e->checked) {
        if (where && e)
            *where = cs_expr_loc(&e->src, 0);
        return CS_EVAL_UNDEFINED;
    }
    evctx c = {.env = env ? env : &empty, .t = trace, .src = &e->src};
    if (env && env->memo) {
        /* A new number makes everything remembered before out of date at once. */
        c.memo = env->memo;
        c.gen = ++c.memo->evals;
    }
    cs_value v;
    cs_evalst st = ev(&c, e->root, &v);
    if (st == CS_EVAL_OK)
        *out = v;
    else if (where)
        *where = c.fail_src ? cs_expr_loc(c.fail_src, c.fail_off) : cs_expr_loc(&e->src, 0);
    return st;
}

cs_expr_memo *cs_expr_memo_new(cs_arena *a, uint32_t n)
{
    cs_expr_memo *m = cs_arena_alloc(a, sizeof *m);
    cs_defmemo *defs = cs_arena_array(a, n ? n : 1, sizeof *defs);
    if (!m || !defs)
        return NULL;
    *m = (cs_expr_memo){.defs = defs, .n = n};
    return m;
}

const char *cs_evalst_name(cs_evalst s)
{
    switch (s) {
    case CS_EVAL_OK: return "ok";
    case CS_EVAL_UNDEFINED: return "undefined definition";
    case CS_EVAL_DIV_ZERO: return "division by zero";
    case CS_EVAL_TOO_DEEP: return "definitions nested too deeply";
    }
    return "unknown status";
}
