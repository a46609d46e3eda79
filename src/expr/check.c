/* check.c - names and types.
 *
 * Every path is resolved through the caller's resolver; every operator, function and
 * branch is checked against the types of its operands. Errors point at the offending
 * token in the YAML file. A part already found wrong has the type TY_ERR and is not
 * complained about again, so one mistake gives one message, but independent mistakes are
 * all reported.
 *
 * The checker keeps no state outside its arguments: a resolver may compile (parse and
 * check) another expression while this one is being checked.
 */
#include "expr/expr_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct checker {
    const cs_expr *e;
    const cs_resolver *r;
    cs_diags *d;
    bool ok;
} checker;

static void cerror(checker *c, uint32_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void cerror(checker *c, uint32_t off, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cs_loc loc = cs_expr_loc(&c->e->src, off);
    cs_diag_at(c->d, CS_ERR_EXPR, &loc, "%s", msg);
    c->ok = false;
}

static const char *tname(int t)
{
    if (t >= CS_T_BOOL && t <= CS_T_LIST)
        return cs_type_name((cs_type)t);
    return t == TY_ANY ? "anything" : "an error";
}

/* One type where another is expected: equal, or a state and a string (a state is its ISO
 * code); TY_ANY (the items of an empty list) fits everything. */
static bool fits(int a, int b)
{
    if (a == b || a == TY_ANY || b == TY_ANY)
        return true;
    return (a == CS_T_STATE || a == CS_T_STR) && (b == CS_T_STATE || b == CS_T_STR);
}

static int check(checker *c, cs_exnode *n);

/* Resolve a name; returns its type, or TY_ERR (reported). */
static int resolve(checker *c, cs_exnode *n)
{
    cs_resolved res = CS_RESOLVE_UNKNOWN;
    if (c->r && c->r->fn) {
        cs_loc where = cs_expr_loc(&c->e->src, n->off);
        res = c->r->fn(c->r->ctx, n->name, &where, &n->sym);
    }
    if (res == CS_RESOLVE_FAILED) {
        c->ok = false;   /* the resolver said why */
        return TY_ERR;
    }
    if (res != CS_RESOLVE_FOUND) {
        const char *hint = c->r ? cs_suggest(n->name, c->r->known, c->r->nknown) : NULL;
        if (hint)
            cerror(c, n->off, "unknown name '%s' (did you mean '%s'?)", n->name, hint);
        else if (cs_expr_func(n->name))
            cerror(c, n->off, "unknown name '%s' ('%s' is a function: write %s(...))",
                   n->name, n->name, n->name);
        else
            cerror(c, n->off, "unknown name '%s'", n->name);
        return TY_ERR;
    }
    int t = (int)n->sym.type;
    if (t < CS_T_BOOL || t > CS_T_LIST) {
        cerror(c, n->off, "the type of '%s' is not known (its definition has errors)",
               n->name);
        return TY_ERR;
    }
    return t;
}

static int check_call(checker *c, cs_exnode *n)
{
    const cs_func *f = cs_expr_func(n->name);
    if (!f) {
        const char *hint = cs_suggest(n->name, cs_expr_func_names, cs_expr_nfuncs);
        if (hint)
            cerror(c, n->at, "unknown function '%s' (did you mean '%s'?)", n->name, hint);
        else
            cerror(c, n->at, "unknown function '%s'", n->name);
        for (cs_exnode *k = n->kid; k; k = k->next)
            check(c, k);
        return TY_ERR;
    }
    n->fn = f;
    if (n->nkids != f->nargs) {
        cerror(c, n->at, "'%s' takes %u argument%s, found %u", f->name, (unsigned)f->nargs,
               f->nargs == 1 ? "" : "s", (unsigned)n->nkids);
        for (cs_exnode *k = n->kid; k; k = k->next)
            check(c, k);
        return TY_ERR;
    }
    if (f->mode == ARG_SLOT) {
        cs_exnode *k = n->kid;
        if (k->op != OP_NAME) {
            cerror(c, k->off, "'%s' takes the name of a fact, as in %s(crisis.foreign_link%s)",
                   f->name, f->name, f->nargs > 1 ? ", 'KAZ'" : "");
            return TY_ERR;
        }
        if (check(c, k) == TY_ERR)
            return TY_ERR;
        if (k->sym.kind != CS_SYM_SLOT) {
            cerror(c, k->off, "'%s' takes the name of a fact; '%s' is a definition", f->name,
                   k->name);
            return TY_ERR;
        }
        /* A state's fact read for another state: only names under `state.` are that. */
        if (f->result == CS_T_UNKNOWN && strncmp(k->name, "state.", 6) != 0) {
            cerror(c, k->off, "'%s' reads a state's fact, a name under 'state.', as in "
                   "%s(state.hosts_csto_base, 'RUS'); '%s' is not one", f->name, f->name,
                   k->name);
            return TY_ERR;
        }
        /* The arguments after the fact's name are values, checked as any function's. */
        bool good = true;
        uint32_t i = 1;
        for (k = k->next; k; k = k->next, i++) {
            int t = check(c, k);
            if (t == TY_ERR) {
                good = false;
            } else if (!fits(t, (int)f->args[i])) {
                cerror(c, k->off, "argument %u of '%s' must be a %s, found a %s",
                       (unsigned)i + 1, f->name, tname((int)f->args[i]), tname(t));
                good = false;
            }
        }
        if (!good)
            return TY_ERR;
        return f->result == CS_T_UNKNOWN ? (int)n->kid->sym.type : (int)f->result;
    }
    bool good = true;
    uint32_t i = 0;
    for (cs_exnode *k = n->kid; k; k = k->next, i++) {
        int t = check(c, k);
        if (t == TY_ERR) {
            good = false;
        } else if (!fits(t, (int)f->args[i])) {
            cerror(c, k->off, "argument %u of '%s' must be a %s, found a %s", (unsigned)i + 1,
                   f->name, tname((int)f->args[i]), tname(t));
            good = false;
        }
    }
    return good ? (int)f->result : TY_ERR;
}

/* `and`, `or`, `not`: every operand a bool. */
static bool want_bool(checker *c, const char *op, cs_exnode *k, int t, bool one)
{
    if (t == TY_ERR)
        return false;
    if (t != CS_T_BOOL) {
        cerror(c, k->off, "'%s' needs %s, found %s", op, one ? "a bool operand" : "bool operands",
               tname(t));
        return false;
    }
    return true;
}

static const char *op_name(cs_op op)
{
    switch (op) {
    case OP_NOT: return "not";
    case OP_NEG: return "-";
    case OP_AND: return "and";
    case OP_OR: return "or";
    case OP_EQ: return "==";
    case OP_NE: return "!=";
    case OP_LT: return "<";
    case OP_LE: return "<=";
    case OP_GT: return ">";
    case OP_GE: return ">=";
    case OP_IN: return "in";
    case OP_ADD: return "+";
    case OP_SUB:
    case OP_DSUB: return "-";
    case OP_MUL: return "*";
    case OP_DIV: return "/";
    case OP_IF: return "if";
    default: return "?";
    }
}

static int check_binary(checker *c, cs_exnode *n)
{
    cs_exnode *l = n->kid, *r = l->next;
    int lt = check(c, l), rt = check(c, r);
    const char *op = op_name(n->op);
    switch (n->op) {
    case OP_AND:
    case OP_OR: {
        bool a = want_bool(c, op, l, lt, false);
        bool b = want_bool(c, op, r, rt, false);
        return a && b ? CS_T_BOOL : TY_ERR;
    }
    case OP_EQ:
    case OP_NE:
        if (lt == TY_ERR || rt == TY_ERR)
            return TY_ERR;
        if (!fits(lt, rt)) {
            cerror(c, n->at, "'%s' compares two values of one type, found %s and %s", op,
                   tname(lt), tname(rt));
            return TY_ERR;
        }
        return CS_T_BOOL;
    case OP_LT:
    case OP_LE:
    case OP_GT:
    case OP_GE:
        if (lt == TY_ERR || rt == TY_ERR)
            return TY_ERR;
        if (!((lt == CS_T_NUM && rt == CS_T_NUM) || (lt == CS_T_DATE && rt == CS_T_DATE))) {
            cerror(c, n->at, "'%s' needs two numbers or two dates, found %s and %s", op,
                   tname(lt), tname(rt));
            return TY_ERR;
        }
        return CS_T_BOOL;
    case OP_IN:
        if (lt == TY_ERR || rt == TY_ERR)
            return TY_ERR;
        if (rt != CS_T_LIST) {
            cerror(c, r->off, "'in' needs a list on its right, found %s", tname(rt));
            return TY_ERR;
        }
        if (r->op == OP_CONST && !fits(lt, r->itype)) {
            cerror(c, n->at, "'in' looks for a %s in a list of %s items", tname(lt),
                   tname(r->itype));
            return TY_ERR;
        }
        return CS_T_BOOL;
    case OP_SUB:
        if (lt == TY_ERR || rt == TY_ERR)
            return TY_ERR;
        if (lt == CS_T_DATE && rt == CS_T_DATE) {
            n->op = OP_DSUB;   /* the number of days between them */
            return CS_T_NUM;
        }
        if (lt != CS_T_NUM || rt != CS_T_NUM) {
            cerror(c, n->at, "'-' needs two numbers or two dates, found %s and %s", tname(lt),
                   tname(rt));
            return TY_ERR;
        }
        return CS_T_NUM;
    case OP_DSUB:   /* checked before */
        return CS_T_NUM;
    default: {      /* + * / */
        bool good = lt != TY_ERR && rt != TY_ERR;
        if (lt != TY_ERR && lt != CS_T_NUM) {
            cerror(c, l->off, "'%s' needs number operands, found %s", op, tname(lt));
            good = false;
        } else if (rt != TY_ERR && rt != CS_T_NUM) {
            cerror(c, r->off, "'%s' needs number operands, found %s", op, tname(rt));
            good = false;
        }
        return good ? CS_T_NUM : TY_ERR;
    }
    }
}

static int check_if(checker *c, cs_exnode *n)
{
    cs_exnode *cond = n->kid, *a = cond->next, *b = a->next;
    int ct = check(c, cond), at = check(c, a), bt = check(c, b);
    bool good = true;
    if (ct != TY_ERR && ct != CS_T_BOOL) {
        cerror(c, cond->off, "'if' needs a bool condition, found %s", tname(ct));
        good = false;
    }
    if (at == TY_ERR || bt == TY_ERR)
        return TY_ERR;
    if (!fits(at, bt)) {
        cerror(c, b->off, "the branches of 'if' must have one type, found %s after 'then' and "
               "%s after 'else'", tname(at), tname(bt));
        return TY_ERR;
    }
    if (!good)
        return TY_ERR;
    return at == bt ? at : CS_T_STR;   /* a state and a string: a string */
}

static int check(checker *c, cs_exnode *n)
{
    int t = TY_ERR;
    switch (n->op) {
    case OP_CONST:
        switch (n->v.kind) {
        case CS_V_BOOL: t = CS_T_BOOL; break;
        case CS_V_NUM: t = CS_T_NUM; break;
        case CS_V_STR: t = CS_T_STR; break;
        case CS_V_DATE: t = CS_T_DATE; break;
        case CS_V_LIST: t = CS_T_LIST; break;
        case CS_V_NONE: t = TY_ERR; break;
        }
        break;
    case OP_NAME: t = resolve(c, n); break;
    case OP_CALL: t = check_call(c, n); break;
    case OP_NOT: {
        int k = check(c, n->kid);
        t = want_bool(c, "not", n->kid, k, true) ? CS_T_BOOL : TY_ERR;
        break;
    }
    case OP_NEG: {
        int k = check(c, n->kid);
        if (k != TY_ERR && k != CS_T_NUM)
            cerror(c, n->kid->off, "'-' needs a number operand, found %s", tname(k));
        t = k == CS_T_NUM ? CS_T_NUM : TY_ERR;
        break;
    }
    case OP_IF: t = check_if(c, n); break;
    default: t = check_binary(c, n); break;
    }
    n->type = t;
    return t;
}

bool cs_expr_check(cs_expr *e, const cs_resolver *r, cs_diags *d, cs_type *type)
{
    checker c = {.e = e, .r = r, .d = d, .ok = true};
    e->checked = false;
    int t = check(&c, e->root);
    if (t == TY_ERR)
        c.ok = false;
    if (!c.ok)
        return false;
    e->type = (cs_type)t;
    e->checked = true;
    if (type)
        *type = e->type;
    return true;
}
