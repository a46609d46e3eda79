/* fuzz_expr.c - libFuzzer target for the expression language.
 *
 * The first byte of the input chooses how the expression is written in a YAML file (plain,
 * single- or double-quoted, literal or folded block; written faithfully, or as raw text the
 * location walker cannot follow) and how big the trace buffer is; the rest is the
 * expression. It is parsed and checked against a fixed set of names, evaluated when it
 * checks (in an environment with a memo and in one without, which must agree in status,
 * value, place of failure and trace), and its diagnostics and trace are printed to
 * /dev/null.
 *
 * The seeds (fuzz/seeds/expr/, which fuzz/run.sh starts from) are the expressions of
 * the .test files of tests/expr with their names mapped onto this world's (aggression ->
 * agg, ...), each after a first byte for the style it is written in there, plus a few
 * that reach the definitions below.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_XOPEN_SOURCE=700 -Isrc \
 *       fuzz/fuzz_expr.c src/support/(*).c src/model/(*).c src/expr/(*).c ... \
 *       $(pkg-config --cflags --libs yaml-0.1 jansson) -lm
 */
#include "expr/expr.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX_INPUT = 1 << 14 };

/* ---- a fixed world ---------------------------------------------------------------- */

static cs_border kaz_borders[] = {{.state = {.id = "KGZ"}, .km = 1212}};
static cs_asset kaz_assets[] = {{.id = "baikonur", .user = {.id = "RUS"}}};
static cs_base kgz_bases[] = {{.name = "Kant", .of = {.id = "RUS"}}};
static cs_state kaz = {.id = "KAZ", .capital = {true, "Astana", 51.17, 71.45, {0}, {0}},
                       .borders = kaz_borders, .nborders = 1,
                       .assets = kaz_assets, .nassets = 1};
static cs_state kgz = {.id = "KGZ", .capital = {true, "Bishkek", 42.87, 74.57, {0}, {0}},
                       .bases = kgz_bases, .nbases = 1};
static cs_state rus = {.id = "RUS"};
static const cs_state *states[] = {&kaz, &kgz, &rus};
static cs_member_event hist[2];
static cs_member members[] = {{.state = {.id = "KAZ"}, .hist = hist, .nhist = 2}};
static cs_alliance alliance = {.id = "CSTO", .members = members, .nmembers = 1};
static cs_model model = {.states = states, .nstates = 3};

static const cs_value list_items[] = {{.kind = CS_V_STR, .str = "KAZ"},
                                      {.kind = CS_V_NUM, .num = 3}};
static cs_ref refs[] = {{.id = "seed-001"}, {.id = NULL}};
static cs_cite cite = {refs, 2};

/* Definitions: a few by hand, then a chain c0 .. c29 (each naming the next, the last
 * naming d0), deep enough that d0 reached at its end passes the call-depth limit while d0
 * reached from the top does not. */
enum { NSLOTS = 9, NFIXED = 9, NCHAIN = 30, NDEFS = NFIXED + NCHAIN };
static cs_slot slots[NSLOTS] = {
    {"a", CS_T_BOOL, {.kind = CS_V_BOOL, .b = true}, true, false, false, NULL, &cite, NULL},
    {"b", CS_T_BOOL, {.kind = CS_V_BOOL, .b = false}, true, true, false, "KAZ", &cite, NULL},
    {"n", CS_T_NUM, {.kind = CS_V_NUM, .num = 0}, false, false, true, NULL, NULL, NULL},
    {"s", CS_T_STR, {.kind = CS_V_STR, .str = "x"}, true, false, false, NULL, NULL, NULL},
    {"host", CS_T_STATE, {.kind = CS_V_STR, .str = "KAZ"}, false, false, false, NULL, NULL,
     NULL},
    {"d", CS_T_DATE, {.kind = CS_V_DATE, .t = {27000000, CS_PREC_DAY}}, true, false, false,
     NULL, NULL, NULL},
    {"l", CS_T_LIST, {.kind = CS_V_LIST, .list = {list_items, 2}}, true, false, false, NULL,
     NULL, NULL},
    {"u", CS_T_BOOL, {.kind = CS_V_NONE}, false, false, false, NULL, NULL, NULL},
    {"x.y.z", CS_T_NUM, {.kind = CS_V_STR, .str = "not a number"}, true, false, false, NULL,
     NULL, NULL},
};
static const struct {
    const char *name;
    cs_type type;
    const char *body;   /* NULL: not defined */
} fixed[NFIXED] = {
    {"agg", CS_T_BOOL, "a or b and not u"},
    {"twice", CS_T_NUM, "n * 2 + len(l)"},
    {"loop", CS_T_BOOL, "not loop"},
    {"missing", CS_T_BOOL, NULL},
    {"fan", CS_T_BOOL, "fan2 or fan2 or agg and fan2"},
    {"fan2", CS_T_BOOL, "(d0 and twice > 1) or (d0 and not b) or u"},
    {"d0", CS_T_BOOL, "d1"},
    {"d1", CS_T_BOOL, "agg and not b"},
    {"dz", CS_T_NUM, "twice / n + twice"},
};
static char chain_names[NCHAIN][8], chain_bodies[NCHAIN][32];
static const char *def_names[NDEFS];
static cs_type def_types[NDEFS];
static const char *def_bodies[NDEFS];
static const cs_expr *defs[NDEFS];
static const char *known[NSLOTS + NDEFS];
static cs_env env, env_plain;   /* the same, with a memo and without */
static FILE *devnull;

static cs_resolved resolve(void *ctx, const char *name, const cs_loc *where, cs_symbol *out)
{
    (void)ctx, (void)where;
    for (uint32_t i = 0; i < NSLOTS; i++)
        if (strcmp(slots[i].name, name) == 0) {
            *out = (cs_symbol){CS_SYM_SLOT, slots[i].type, i};
            return CS_RESOLVE_FOUND;
        }
    for (uint32_t i = 0; i < NDEFS; i++)
        if (strcmp(def_names[i], name) == 0) {
            *out = (cs_symbol){CS_SYM_DEF, def_types[i], i};
            return CS_RESOLVE_FOUND;
        }
    return CS_RESOLVE_UNKNOWN;
}

static const cs_resolver resolver = {resolve, NULL, known, NSLOTS + NDEFS};

static void init(void)
{
    static cs_arena *arena;   /* the definitions live as long as the process */
    if (arena)
        return;
    arena = cs_arena_new();
    devnull = fopen("/dev/null", "w");
    if (!arena || !devnull)
        abort();
    hist[0] = (cs_member_event){.event = CS_M_JOINED, .date = {11000000, CS_PREC_DAY}};
    hist[1] = (cs_member_event){.event = CS_M_SUSPENDED, .date = {28000000, CS_PREC_DAY}};
    for (int i = 0; i < NFIXED; i++) {
        def_names[i] = fixed[i].name;
        def_types[i] = fixed[i].type;
        def_bodies[i] = fixed[i].body;
    }
    for (int i = 0; i < NCHAIN; i++) {
        snprintf(chain_names[i], sizeof chain_names[i], "c%d", i);
        if (i + 1 < NCHAIN)
            snprintf(chain_bodies[i], sizeof chain_bodies[i], "c%d or not d0", i + 1);
        else
            snprintf(chain_bodies[i], sizeof chain_bodies[i], "d0 and fan");
        def_names[NFIXED + i] = chain_names[i];
        def_types[NFIXED + i] = CS_T_BOOL;
        def_bodies[NFIXED + i] = chain_bodies[i];
    }
    for (int i = 0; i < NSLOTS; i++)
        known[i] = slots[i].name;
    for (int i = 0; i < NDEFS; i++) {
        known[NSLOTS + i] = def_names[i];
        if (!def_bodies[i])
            continue;
        cs_diags d;
        cs_diags_init(&d);
        cs_exprsrc src = {def_bodies[i], {NULL, 1, 1}, CS_EX_PLAIN, NULL};
        cs_expr *e = cs_expr_parse(arena, &src, &d);
        cs_type t;
        if (!e || !cs_expr_check(e, &resolver, &d, &t) || t != def_types[i])
            abort();
        defs[i] = e;
        cs_diags_free(&d);
    }
    env = (cs_env){slots, NSLOTS, defs, def_names, NDEFS, &model, &alliance,
                   {27000000, CS_PREC_DAY}, cs_expr_memo_new(arena, NDEFS)};
    if (!env.memo)
        abort();
    env_plain = env;
    env_plain.memo = NULL;
}

/* The memo changes nothing but the time: a trace with it is the trace without it. */
static void same_traces(const cs_trace *a, const cs_trace *b)
{
    if (a->n != b->n || a->truncated != b->truncated)
        abort();
    for (uint32_t i = 0; i < a->n; i++) {
        const cs_trace_rec *x = &a->v[i], *y = &b->v[i];
        if (x->kind != y->kind || x->text != y->text || x->len != y->len ||
            x->nkids != y->nkids || x->v.kind != y->v.kind || x->def != y->def ||
            x->slot != y->slot)
            abort();
    }
}

/* ---- the file around the expression ----------------------------------------------- */

/* Write `text` as the value of `k:` in the given style, faithfully (quotes doubled or
 * escaped, block lines indented) or raw. Returns the file's text (malloc'd). */
static char *write_file(const char *text, size_t len, cs_exstyle style, bool faithful,
                        cs_loc *loc)
{
    char *f = malloc(len * 4 + 16), *p = f;
    if (!f)
        return NULL;
    p += snprintf(p, 8, "k: ");
    *loc = (cs_loc){NULL, 1, 4};
    switch (style) {
    case CS_EX_SINGLE:
    case CS_EX_DOUBLE: {
        char q = style == CS_EX_SINGLE ? '\'' : '"';
        *p++ = q;
        for (size_t i = 0; i < len; i++) {
            if (faithful && style == CS_EX_SINGLE && text[i] == '\'')
                *p++ = '\'';
            if (faithful && style == CS_EX_DOUBLE && (text[i] == '"' || text[i] == '\\'))
                *p++ = '\\';
            *p++ = text[i];
        }
        *p++ = q;
        break;
    }
    case CS_EX_LITERAL:
    case CS_EX_FOLDED:
        *p++ = style == CS_EX_LITERAL ? '|' : '>';
        *p++ = '\n';
        *p++ = ' ';
        *p++ = ' ';
        for (size_t i = 0; i < len; i++) {
            *p++ = text[i];
            if (faithful && text[i] == '\n') {
                *p++ = ' ';
                *p++ = ' ';
            }
        }
        break;
    default:
        memcpy(p, text, len);
        p += len;
        break;
    }
    *p++ = '\n';
    *p = '\0';
    return f;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    init();
    if (size < 1 || size > MAX_INPUT)
        return 0;
    unsigned mode = data[0];
    data++, size--;
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    size_t len = strlen(text);   /* an expression ends at its first NUL */

    cs_exstyle style = (cs_exstyle)(mode % 5);
    bool faithful = (mode / 5) % 2 == 0;
    cs_loc loc;
    char *ftext = write_file(text, len, style, faithful, &loc);
    if (!ftext) {
        free(text);
        return 0;
    }
    cs_srcfile file = {"fuzz.yaml", NULL, ftext, strlen(ftext), NULL, 0};
    loc.file = &file;
    cs_exprsrc src = {text, loc, style, NULL};

    cs_arena *arena = cs_arena_new();
    cs_diags d;
    cs_diags_init(&d);
    cs_expr *e = arena ? cs_expr_parse(arena, &src, &d) : NULL;
    cs_type type;
    if (e && cs_expr_check(e, &resolver, &d, &type)) {
        cs_trace_rec recs[64], plain_recs[64];
        uint32_t cap = (mode / 10) % 2 ? 64 : 5;
        cs_trace t = {recs, 0, cap, false}, pt = {plain_recs, 0, cap, false};
        cs_value v, pv;
        cs_loc where, pwhere;
        cs_evalst st = cs_expr_eval_at(e, &env, &v, &t, &where);
        if (cs_expr_eval_at(e, &env_plain, &pv, &pt, &pwhere) != st || pv.kind != v.kind ||
            where.line != pwhere.line || where.col != pwhere.col)
            abort();
        same_traces(&t, &pt);
        if (st == CS_EVAL_OK && v.kind == CS_V_NONE && type == CS_T_LIST)
            abort();   /* a list is always a constant or a slot's list */
        char buf[128];
        cs_value_format(&v, buf, sizeof buf);
        cs_trace_print(devnull, &t, 2);
        /* Evaluation is deterministic and does not depend on the trace. */
        cs_value w;
        if (cs_expr_eval(e, &env, &w, NULL) != st || v.kind != w.kind)
            abort();
    }
    cs_diags_print(&d, devnull);
    /* Places in the file: never past the end of the file's lines. */
    cs_loc l = cs_expr_loc(&src, len / 2);
    if (l.line < loc.line)
        abort();
    cs_diags_free(&d);
    cs_arena_free(arena);
    free(ftext);
    free(text);
    return 0;
}
