/* expr_internal.h - what the files of the expression module share: tokens, the syntax tree
 * and the function library. Nothing outside src/expr includes this.
 *
 * The module is split by stage:
 *   lex.c    text -> tokens (cs_expr_lex_next), one token of lookahead
 *   parse.c  tokens -> tree (cs_expr_parse), one function per grammar rule
 *   check.c  names and types (cs_expr_check)
 *   func.c   the function library: one table of names, argument types and implementations
 *   eval.c   evaluation and trace records (cs_expr_eval)
 *   trace.c  printing a trace (cs_trace_print)
 *   loc.c    offsets in the text -> places in the YAML file (cs_expr_loc)
 *
 * Ownership: every node, string and constant lives in the arena given to cs_expr_parse.
 */
#ifndef CS_EXPR_INTERNAL_H
#define CS_EXPR_INTERNAL_H

#include "expr/expr.h"

#include <stdbool.h>
#include <stdint.h>

/* ---- tokens ----------------------------------------------------------------------- */

typedef enum cs_tok {
    TK_EOF, TK_NUM, TK_STR, TK_DATE, TK_NAME,
    TK_AND, TK_OR, TK_NOT, TK_IF, TK_THEN, TK_ELSE, TK_IN, TK_TRUE, TK_FALSE,
    TK_EQ, TK_NE, TK_LT, TK_LE, TK_GT, TK_GE,
    TK_PLUS, TK_MINUS, TK_STAR, TK_SLASH,
    TK_LPAREN, TK_RPAREN, TK_LBRACK, TK_RBRACK, TK_COMMA,
} cs_tok;

typedef struct cs_token {
    cs_tok kind;
    uint32_t off, len;      /* where it is in the text */
    double num;             /* TK_NUM */
    cs_time t;              /* TK_DATE */
    const char *str;        /* TK_STR: the string, unquoted; TK_NAME: the path (arena) */
} cs_token;

/* The lexer and parser state (one per cs_expr_parse call; nothing is static, so parsing
 * may re-enter, as the loader's resolver does when it compiles a definition on demand). */
typedef struct cs_parser {
    cs_arena *a;
    const cs_exprsrc *src;  /* as given, for cs_expr_loc */
    cs_diags *d;
    const char *text;       /* the arena copy of src->text */
    uint32_t len;
    uint32_t pos;           /* lexer position */
    cs_token tok;           /* the current token */
    int depth;              /* recursion of nesting rules */
    uint32_t nodes;
    bool failed;            /* an error was reported: unwind */
} cs_parser;

/* Read the next token into p->tok. On an error, reports it, sets p->failed and leaves
 * TK_EOF. */
void cs_expr_lex_next(cs_parser *p);
/* "'then'", "the number 12", "the end of the expression": for "expected X, found Y". */
void cs_expr_tok_describe(const cs_parser *p, const cs_token *t, char *buf, size_t n);
/* Report an error at an offset of the text; sets p->failed. */
void cs_expr_perror(cs_parser *p, uint32_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Report that the arena ran out (CS_ERR_NOMEM); sets p->failed. */
void cs_expr_nomem(cs_parser *p);

/* ---- the syntax tree -------------------------------------------------------------- */

typedef enum cs_op {
    OP_CONST,       /* number, string, date, true/false, list of constants: n->v */
    OP_NAME,        /* a path: n->name, resolved to n->sym */
    OP_CALL,        /* n->name (args...), resolved to n->fn */
    OP_NOT, OP_NEG,
    OP_AND, OP_OR,
    OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_IN,
    OP_ADD, OP_SUB, OP_MUL, OP_DIV,
    OP_DSUB,        /* date - date: OP_SUB once the check has seen two dates */
    OP_IF,          /* kids: condition, then, else */
} cs_op;

/* Types as the checker computes them: a cs_type, or TY_ERR for a part already reported
 * (so that one mistake gives one message), or TY_ANY for the items of an empty list. */
enum { TY_ERR = -1, TY_ANY = -2 };

typedef struct cs_exnode cs_exnode;
typedef struct cs_func cs_func;

/* One node. Children form a list (kid, then each kid's next), which keeps the parser free
 * of temporary arrays: a call's arguments are appended as they are read. */
struct cs_exnode {
    cs_op op;
    int type;               /* cs_type, TY_ERR or TY_ANY; set by the check */
    uint32_t off, len;      /* the span of text it was parsed from (with any parentheses) */
    uint32_t at;            /* the token errors about it point at (an operator, a name) */
    uint32_t nkids;
    uint32_t height;        /* 1 for a leaf */
    cs_exnode *kid, *next;
    const char *name;       /* OP_NAME, OP_CALL */
    cs_value v;             /* OP_CONST */
    int itype;              /* OP_CONST lists: the items' type, TY_ANY when empty */
    cs_symbol sym;          /* OP_NAME, after the check */
    const cs_func *fn;      /* OP_CALL, after the check */
};

struct cs_expr {
    cs_exprsrc src;         /* a copy; src.text is the arena copy of the text */
    cs_exnode *root;
    uint32_t nnodes;
    bool checked;           /* cs_expr_check succeeded: the tree may be evaluated */
    cs_type type;
};

/* ---- the function library --------------------------------------------------------- */

enum { CS_FUNC_MAX_ARGS = 2 };

/* How a function takes its argument: as a value of a type, or (claimed, evidenced,
 * stated) as the bare name of a slot, whose flags it reads. */
typedef enum cs_argmode { ARG_VALUES, ARG_SLOT } cs_argmode;

typedef cs_value (*cs_func_impl)(const cs_env *env, const cs_value *argv, const cs_slot *slot);

struct cs_func {
    const char *name;
    cs_argmode mode;
    uint32_t nargs;
    cs_type args[CS_FUNC_MAX_ARGS];
    cs_type result;
    cs_func_impl impl;
};

const cs_func *cs_expr_func(const char *name);
/* Every function's name, for "did you mean". */
extern const char *const cs_expr_func_names[];
extern const size_t cs_expr_nfuncs;

/* ---- values ----------------------------------------------------------------------- */

/* The values evaluation and the function library make. */
static inline cs_value cs_expr_unknown(void) { return (cs_value){.kind = CS_V_NONE}; }
static inline cs_value cs_expr_bool(bool b) { return (cs_value){.kind = CS_V_BOOL, .b = b}; }
static inline cs_value cs_expr_num(double x) { return (cs_value){.kind = CS_V_NUM, .num = x}; }

/* Equality of the language: a value of kind CS_V_NONE (an unknown fact) is equal to
 * nothing, not even another unknown. Lists compare item by item. */
bool cs_expr_equal(const cs_value *a, const cs_value *b);
/* A value in a bool context: only a known true is true. */
static inline bool cs_expr_truthy(const cs_value *v) { return v->kind == CS_V_BOOL && v->b; }


/* ---- the memo --------------------------------------------------------------------- */

/* What one evaluation remembers of a definition it has computed without error. Failures
 * are not remembered: the first one ends the evaluation. */
typedef struct cs_defmemo {
    uint64_t eval;          /* the evaluation that computed it (cs_expr_memo.evals); 0: none */
    cs_value v;
    /* Levels of definitions its computation went through, itself included: reached again
     * at call depth d, it is within CS_EXPR_MAX_CALL_DEPTH exactly when d + needs is. */
    uint32_t needs;
} cs_defmemo;

struct cs_expr_memo {
    uint64_t evals;         /* evaluations begun with this memo: the current one's number */
    cs_defmemo *defs;       /* by definition index, n of them */
    uint32_t n;
};

#endif
