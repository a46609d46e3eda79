/* parse.c - recursive descent over the grammar of docs/format.md, "Expressions".
 *
 * One function per rule, the rule as its first comment. Two guards keep hostile input from
 * exhausting the stack of the parser, the checker or the evaluator:
 *  - the recursion of the nesting rules (expr, not, unary) stops at CS_EXPR_MAX_DEPTH;
 *  - every node knows its height, and no tree may be taller than CS_EXPR_MAX_DEPTH (the
 *    loops of `or`, `and`, `sum`, `term` build left-deep trees without recursing);
 * and CS_EXPR_MAX_NODES bounds the size. Each is reported as an error at the token that
 * crossed the limit. The first error ends the parse.
 */
#include "expr/expr_internal.h"

#include <string.h>

static void next(cs_parser *p) { cs_expr_lex_next(p); }

static cs_exnode *node(cs_parser *p, cs_op op, uint32_t off, uint32_t at)
{
    if (p->failed)
        return NULL;
    if (++p->nodes > CS_EXPR_MAX_NODES) {
        cs_expr_perror(p, at, "expression too large (more than %d parts)", CS_EXPR_MAX_NODES);
        return NULL;
    }
    cs_exnode *n = cs_arena_alloc(p->a, sizeof *n);
    if (!n) {
        cs_expr_nomem(p);
        return NULL;
    }
    n->op = op;
    n->type = TY_ERR;
    n->itype = TY_ANY;
    n->off = off;
    n->at = at;
    n->height = 1;
    return n;
}

/* Append k to n's children (at *tail), widening n's span to cover it. Fails (reported)
 * when n becomes taller than the limit. */
static bool adopt(cs_parser *p, cs_exnode *n, cs_exnode ***tail, cs_exnode *k)
{
    **tail = k;
    *tail = &k->next;
    n->nkids++;
    if (k->height + 1 > n->height)
        n->height = k->height + 1;
    uint32_t end = k->off + k->len;
    if (end > n->off + n->len)
        n->len = end - n->off;
    if (n->height > CS_EXPR_MAX_DEPTH) {
        cs_expr_perror(p, n->at, "expression nested too deeply (more than %d levels)",
                       CS_EXPR_MAX_DEPTH);
        return false;
    }
    return true;
}

static cs_exnode *unary_node(cs_parser *p, cs_op op, uint32_t at, cs_exnode *k)
{
    if (!k)
        return NULL;
    cs_exnode *n = node(p, op, at, at);
    cs_exnode **tail = &n->kid;
    return n && adopt(p, n, &tail, k) ? n : NULL;
}

static cs_exnode *binary_node(cs_parser *p, cs_op op, uint32_t at, cs_exnode *l, cs_exnode *r)
{
    if (!l || !r)
        return NULL;
    cs_exnode *n = node(p, op, l->off, at);
    cs_exnode **tail = &n->kid;
    return n && adopt(p, n, &tail, l) && adopt(p, n, &tail, r) ? n : NULL;
}

/* Count one level of nesting, opened by the token at `at`; fails (reported) past the
 * limit. */
static bool enter(cs_parser *p, uint32_t at)
{
    if (++p->depth > CS_EXPR_MAX_DEPTH) {
        cs_expr_perror(p, at, "expression nested too deeply (more than %d levels)",
                       CS_EXPR_MAX_DEPTH);
        return false;
    }
    return true;
}

static bool expect(cs_parser *p, cs_tok kind, const char *what)
{
    if (p->failed)
        return false;
    if (p->tok.kind != kind) {
        cs_expr_perror(p, p->tok.off, "%s", what);
        return false;
    }
    return true;
}

static cs_exnode *p_expr(cs_parser *p);
static cs_exnode *p_or(cs_parser *p);
static cs_exnode *p_and(cs_parser *p);
static cs_exnode *p_not(cs_parser *p);
static cs_exnode *p_cmp(cs_parser *p);
static cs_exnode *p_sum(cs_parser *p);
static cs_exnode *p_term(cs_parser *p);
static cs_exnode *p_unary(cs_parser *p);
static cs_exnode *p_primary(cs_parser *p);
static cs_exnode *p_list(cs_parser *p);
static cs_exnode *p_call(cs_parser *p, const cs_token *name);

/* expr := 'if' expr 'then' expr 'else' expr | or */
static cs_exnode *p_expr(cs_parser *p)
{
    if (!enter(p, p->tok.off))
        return NULL;
    cs_exnode *n;
    if (p->tok.kind == TK_IF) {
        uint32_t at = p->tok.off;
        next(p);
        cs_exnode *c = p_expr(p), *a = NULL, *b = NULL;
        if (c && expect(p, TK_THEN, "expected 'then' after the condition of 'if'")) {
            next(p);
            a = p_expr(p);
        }
        if (a && expect(p, TK_ELSE, "expected 'else' after the 'then' branch of 'if'")) {
            next(p);
            b = p_expr(p);
        }
        n = b ? node(p, OP_IF, at, at) : NULL;
        cs_exnode **tail = n ? &n->kid : NULL;
        if (n && !(adopt(p, n, &tail, c) && adopt(p, n, &tail, a) && adopt(p, n, &tail, b)))
            n = NULL;
    } else
        n = p_or(p);
    p->depth--;
    return n;
}

/* or := and ('or' and)* */
static cs_exnode *p_or(cs_parser *p)
{
    cs_exnode *l = p_and(p);
    while (l && p->tok.kind == TK_OR) {
        uint32_t at = p->tok.off;
        next(p);
        l = binary_node(p, OP_OR, at, l, p_and(p));
    }
    return l;
}

/* and := not ('and' not)* */
static cs_exnode *p_and(cs_parser *p)
{
    cs_exnode *l = p_not(p);
    while (l && p->tok.kind == TK_AND) {
        uint32_t at = p->tok.off;
        next(p);
        l = binary_node(p, OP_AND, at, l, p_not(p));
    }
    return l;
}

/* not := 'not' not | cmp */
static cs_exnode *p_not(cs_parser *p)
{
    if (p->tok.kind != TK_NOT)
        return p_cmp(p);
    uint32_t at = p->tok.off;
    if (!enter(p, at))
        return NULL;
    next(p);
    cs_exnode *k = p_not(p);
    p->depth--;
    return unary_node(p, OP_NOT, at, k);
}

static bool cmp_op(cs_tok t, cs_op *op)
{
    switch (t) {
    case TK_EQ: *op = OP_EQ; return true;
    case TK_NE: *op = OP_NE; return true;
    case TK_LT: *op = OP_LT; return true;
    case TK_LE: *op = OP_LE; return true;
    case TK_GT: *op = OP_GT; return true;
    case TK_GE: *op = OP_GE; return true;
    case TK_IN: *op = OP_IN; return true;
    default: return false;
    }
}

/* cmp := sum (('=='|'!='|'<'|'<='|'>'|'>='|'in') sum)? */
static cs_exnode *p_cmp(cs_parser *p)
{
    cs_exnode *l = p_sum(p);
    cs_op op;
    if (!l || !cmp_op(p->tok.kind, &op))
        return l;
    uint32_t at = p->tok.off;
    next(p);
    l = binary_node(p, op, at, l, p_sum(p));
    if (l && cmp_op(p->tok.kind, &op)) {
        cs_expr_perror(p, p->tok.off,
                       "comparisons do not chain (write 'a < b and b < c')");
        return NULL;
    }
    return l;
}

/* sum := term (('+'|'-') term)* */
static cs_exnode *p_sum(cs_parser *p)
{
    cs_exnode *l = p_term(p);
    while (l && (p->tok.kind == TK_PLUS || p->tok.kind == TK_MINUS)) {
        cs_op op = p->tok.kind == TK_PLUS ? OP_ADD : OP_SUB;
        uint32_t at = p->tok.off;
        next(p);
        l = binary_node(p, op, at, l, p_term(p));
    }
    return l;
}

/* term := unary (('*'|'/') unary)* */
static cs_exnode *p_term(cs_parser *p)
{
    cs_exnode *l = p_unary(p);
    while (l && (p->tok.kind == TK_STAR || p->tok.kind == TK_SLASH)) {
        cs_op op = p->tok.kind == TK_STAR ? OP_MUL : OP_DIV;
        uint32_t at = p->tok.off;
        next(p);
        l = binary_node(p, op, at, l, p_unary(p));
    }
    return l;
}

/* unary := '-' unary | primary */
static cs_exnode *p_unary(cs_parser *p)
{
    if (p->tok.kind != TK_MINUS)
        return p_primary(p);
    uint32_t at = p->tok.off;
    if (!enter(p, at))
        return NULL;
    next(p);
    cs_exnode *k = p_unary(p);
    p->depth--;
    if (k && k->op == OP_CONST && k->v.kind == CS_V_NUM) {
        /* A negative number is a constant (so that it may be a list item). */
        k->v.num = k->v.num == 0 ? 0 : -k->v.num;
        k->len += k->off - at;
        k->off = at;
        k->at = at;
        return k;
    }
    return unary_node(p, OP_NEG, at, k);
}

static cs_exnode *constant(cs_parser *p, cs_value v)
{
    cs_exnode *n = node(p, OP_CONST, p->tok.off, p->tok.off);
    if (n) {
        n->len = p->tok.len;
        n->v = v;
    }
    next(p);
    return n;
}

/* primary := number | string | date | 'true' | 'false' | list | path | call | '(' expr ')' */
static cs_exnode *p_primary(cs_parser *p)
{
    if (p->failed)
        return NULL;
    switch (p->tok.kind) {
    case TK_NUM: return constant(p, (cs_value){.kind = CS_V_NUM, .num = p->tok.num});
    case TK_STR: return constant(p, (cs_value){.kind = CS_V_STR, .str = p->tok.str});
    case TK_DATE: return constant(p, (cs_value){.kind = CS_V_DATE, .t = p->tok.t});
    case TK_TRUE: return constant(p, (cs_value){.kind = CS_V_BOOL, .b = true});
    case TK_FALSE: return constant(p, (cs_value){.kind = CS_V_BOOL, .b = false});
    case TK_LBRACK: return p_list(p);
    case TK_NAME: {
        cs_token name = p->tok;
        next(p);
        if (p->tok.kind == TK_LPAREN)
            return p_call(p, &name);
        cs_exnode *n = node(p, OP_NAME, name.off, name.off);
        if (n) {
            n->len = name.len;
            n->name = name.str;
        }
        return n;
    }
    case TK_LPAREN: {
        uint32_t open = p->tok.off;
        if (p->depth >= CS_EXPR_MAX_DEPTH) {   /* the '(' opens one level too many */
            enter(p, open);
            return NULL;
        }
        next(p);
        cs_exnode *n = p_expr(p);
        if (!n || !expect(p, TK_RPAREN, "expected ')' to close the '('"))
            return NULL;
        /* The parentheses belong to the span: the trace shows "(a or b) and c". */
        n->len = p->tok.off + 1 - open;
        n->off = open;
        next(p);
        return n;
    }
    default: {
        char found[80];
        cs_expr_tok_describe(p, &p->tok, found, sizeof found);
        cs_expr_perror(p, p->tok.off, "expected an expression, found %s", found);
        return NULL;
    }
    }
}

static int type_of_const(const cs_value *v)
{
    switch (v->kind) {
    case CS_V_BOOL: return CS_T_BOOL;
    case CS_V_NUM: return CS_T_NUM;
    case CS_V_STR: return CS_T_STR;
    case CS_V_DATE: return CS_T_DATE;
    case CS_V_LIST: return CS_T_LIST;
    case CS_V_NONE: break;
    }
    return TY_ERR;
}

/* A list is a constant: its items must be constants of one type. A list whose items were
 * computed would need somewhere to put them while it is evaluated, and evaluation
 * allocates nothing. */
static bool fold_list(cs_parser *p, cs_exnode *n)
{
    cs_value *items = cs_arena_array(p->a, n->nkids ? n->nkids : 1, sizeof *items);
    if (!items) {
        cs_expr_nomem(p);
        return false;
    }
    uint32_t i = 0;
    int itype = TY_ANY;
    for (cs_exnode *k = n->kid; k; k = k->next, i++) {
        if (k->op != OP_CONST) {
            cs_expr_perror(p, k->off,
                           "the items of a list must be literals (numbers, strings, dates, "
                           "true or false)");
            return false;
        }
        int t = type_of_const(&k->v);
        if (itype != TY_ANY && t != itype) {
            cs_expr_perror(p, k->off, "the items of a list must have one type: found a %s "
                           "after a %s", cs_type_name((cs_type)t), cs_type_name((cs_type)itype));
            return false;
        }
        itype = t;
        items[i] = k->v;
    }
    n->v = (cs_value){.kind = CS_V_LIST, .list = {items, n->nkids}};
    n->itype = itype;
    n->kid = NULL;
    n->nkids = 0;
    return true;
}

/* list := '[' (expr (',' expr)*)? ']' */
static cs_exnode *p_list(cs_parser *p)
{
    uint32_t open = p->tok.off;
    cs_exnode *n = node(p, OP_CONST, open, open);
    if (!n)
        return NULL;
    n->len = 1;
    cs_exnode **tail = &n->kid;
    next(p);
    if (p->tok.kind != TK_RBRACK) {
        for (;;) {
            cs_exnode *k = p_expr(p);
            if (!k || !adopt(p, n, &tail, k))
                return NULL;
            if (p->tok.kind != TK_COMMA)
                break;
            next(p);
        }
    }
    if (!expect(p, TK_RBRACK, "expected ',' or ']' after an item of the list"))
        return NULL;
    n->len = p->tok.off + 1 - open;
    next(p);
    return fold_list(p, n) ? n : NULL;
}

/* call := name '(' (expr (',' expr)*)? ')' */
static cs_exnode *p_call(cs_parser *p, const cs_token *name)
{
    cs_exnode *n = node(p, OP_CALL, name->off, name->off);
    if (!n)
        return NULL;
    n->name = name->str;
    n->len = name->len;
    cs_exnode **tail = &n->kid;
    next(p);   /* the '(' */
    if (p->tok.kind != TK_RPAREN) {
        for (;;) {
            cs_exnode *k = p_expr(p);
            if (!k || !adopt(p, n, &tail, k))
                return NULL;
            if (p->tok.kind != TK_COMMA)
                break;
            next(p);
        }
    }
    char what[128];
    snprintf(what, sizeof what, "expected ')' after the arguments of '%s'", n->name);
    if (!expect(p, TK_RPAREN, what))
        return NULL;
    n->len = p->tok.off + 1 - n->off;
    next(p);
    return n;
}

cs_expr *cs_expr_parse(cs_arena *a, const cs_exprsrc *src, cs_diags *d)
{
    const char *text = src->text ? src->text : "";
    size_t len = strlen(text);
    cs_parser p = {.a = a, .src = src, .d = d};
    if (len > UINT32_MAX / 2) {
        cs_expr_perror(&p, 0, "expression too long");
        return NULL;
    }
    cs_expr *e = cs_arena_alloc(a, sizeof *e);
    char *copy = cs_arena_strndup(a, text, len);
    if (!e || !copy) {
        cs_expr_nomem(&p);
        return NULL;
    }
    p.text = copy;
    p.len = (uint32_t)len;
    next(&p);
    if (p.tok.kind == TK_EOF && !p.failed)
        cs_expr_perror(&p, 0, "empty expression");
    cs_exnode *root = p_expr(&p);
    if (root && p.tok.kind != TK_EOF) {
        char found[80];
        cs_expr_tok_describe(&p, &p.tok, found, sizeof found);
        cs_expr_perror(&p, p.tok.off, "expected an operator or the end of the expression, "
                       "found %s", found);
    }
    if (p.failed)
        return NULL;
    e->src = *src;
    e->src.text = copy;
    e->src.compiled = NULL;
    e->root = root;
    e->nnodes = p.nodes;
    return e;
}

const char *cs_expr_text(const cs_expr *e) { return e->src.text; }
