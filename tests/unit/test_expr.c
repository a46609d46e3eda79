/* test_expr.c - the expression language: parse, check, evaluate, trace, places in files.
 *
 * The tests build their own small world (three states, an alliance with a membership
 * history) and a resolver over a fixed table of names, so that they depend on nothing but
 * the expression module and the model's lookups; one test (test_fan_out_library) loads a
 * library from memory and runs it whole, since the run makes the environment evaluation
 * remembers definitions in.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "expr/expr.h"
#include "expr/expr_internal.h"   /* the function table, for a white-box check */
#include "load/load.h"            /* one test: a library with such definitions, run whole */
#include "run/run.h"
#include "support/mem.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- a small world ---------------------------------------------------------------- */

static cs_time day(int y, unsigned m, unsigned d)
{
    return (cs_time){cs_date_days_from_civil(y, m, d) * 1440, CS_PREC_DAY};
}

static cs_border kaz_borders[] = {{.state = {.id = "KGZ"}, .km = 1212}};
static cs_border rus_borders[] = {{.state = {.id = "KAZ"}, .km = 7644}};
static cs_asset kaz_assets[] = {{.id = "baikonur", .user = {.id = "RUS"}}};
static cs_base kgz_bases[] = {{.name = "Kant", .of = {.id = "RUS"}}};

static cs_state kaz = {.id = "KAZ", .capital = {true, "Astana", 51.1694, 71.4491, {0}, {0}},
                       .borders = kaz_borders, .nborders = 1,
                       .assets = kaz_assets, .nassets = 1};
static cs_state kgz = {.id = "KGZ", .capital = {true, "Bishkek", 42.8746, 74.5698, {0}, {0}},
                       .bases = kgz_bases, .nbases = 1};
static cs_state rus = {.id = "RUS", .capital = {true, "Moscow", 55.7558, 37.6173, {0}, {0}},
                       .borders = rus_borders, .nborders = 1};
static const cs_state *states[] = {&kaz, &kgz, &rus};

static cs_member_event kaz_hist[1], uzb_hist[4];
static cs_member members[] = {
    {.state = {.id = "KAZ"}, .hist = kaz_hist, .nhist = 1},
    {.state = {.id = "UZB"}, .hist = uzb_hist, .nhist = 4},
};
static cs_alliance csto = {.id = "CSTO", .members = members, .nmembers = 2};
static cs_model model = {.states = states, .nstates = 3};

static void build_world(void)
{
    kaz_hist[0] = (cs_member_event){.event = CS_M_JOINED, .date = day(1992, 5, 15)};
    uzb_hist[0] = (cs_member_event){.event = CS_M_JOINED, .date = day(1992, 5, 15)};
    uzb_hist[1] = (cs_member_event){.event = CS_M_WITHDREW, .date = day(1999, 4, 2)};
    uzb_hist[2] = (cs_member_event){.event = CS_M_JOINED, .date = day(2006, 8, 16)};
    uzb_hist[3] = (cs_member_event){.event = CS_M_SUSPENDED, .date = day(2012, 12, 19)};
}

/* ---- names ------------------------------------------------------------------------ */

enum {
    S_BORDER, S_SEIZURE, S_TERROR, S_LINK, S_FORMAL, S_BY, S_HOST, S_DATE, S_CASUALTIES,
    S_KIND, S_UNKNOWN, S_STATES, S_COUNT, NSLOTS
};
enum { D_AGGRESSION, D_THREAT, D_MISSING, D_LOOP, NDEFS };

static const struct {
    const char *name;
    cs_symkind kind;
    cs_type type;
    uint32_t index;
} names[] = {
    {"crisis.border_violation", CS_SYM_SLOT, CS_T_BOOL, S_BORDER},
    {"crisis.external_seizure", CS_SYM_SLOT, CS_T_BOOL, S_SEIZURE},
    {"crisis.terrorism", CS_SYM_SLOT, CS_T_BOOL, S_TERROR},
    {"crisis.foreign_link", CS_SYM_SLOT, CS_T_BOOL, S_LINK},
    {"request.formal", CS_SYM_SLOT, CS_T_BOOL, S_FORMAL},
    {"request.by", CS_SYM_SLOT, CS_T_STATE, S_BY},
    {"host", CS_SYM_SLOT, CS_T_STATE, S_HOST},
    {"date", CS_SYM_SLOT, CS_T_DATE, S_DATE},
    {"crisis.casualties", CS_SYM_SLOT, CS_T_NUM, S_CASUALTIES},
    {"crisis.kind", CS_SYM_SLOT, CS_T_STR, S_KIND},
    {"crisis.unknown", CS_SYM_SLOT, CS_T_BOOL, S_UNKNOWN},
    {"crisis.states", CS_SYM_SLOT, CS_T_LIST, S_STATES},
    {"crisis.count", CS_SYM_SLOT, CS_T_NUM, S_COUNT},
    {"aggression", CS_SYM_DEF, CS_T_BOOL, D_AGGRESSION},
    {"threat", CS_SYM_DEF, CS_T_BOOL, D_THREAT},
    {"missing", CS_SYM_DEF, CS_T_BOOL, D_MISSING},
    {"loop", CS_SYM_DEF, CS_T_BOOL, D_LOOP},
};
enum { NNAMES = sizeof names / sizeof names[0] };
static const char *known[NNAMES];

static int resolve_calls;

static cs_resolved resolve(void *ctx, const char *name, const cs_loc *where, cs_symbol *out)
{
    (void)ctx, (void)where;
    resolve_calls++;
    for (size_t i = 0; i < NNAMES; i++)
        if (strcmp(names[i].name, name) == 0) {
            *out = (cs_symbol){names[i].kind, names[i].type, names[i].index};
            return CS_RESOLVE_FOUND;
        }
    return CS_RESOLVE_UNKNOWN;
}

static cs_resolver resolver = {resolve, NULL, known, NNAMES};

/* ---- the environment -------------------------------------------------------------- */

static cs_ref seed1_ref[] = {{.id = "seed-001"}, {.id = "kz22-4"}};
static cs_cite two_sources = {seed1_ref, 2};
static cs_ref seed2_ref[] = {{.id = "seed-002"}};
static cs_cite one_source = {seed2_ref, 1};
static const cs_value state_items[] = {{.kind = CS_V_STR, .str = "KAZ"},
                                       {.kind = CS_V_STR, .str = "KGZ"}};

static cs_slot slots[NSLOTS];
static const cs_expr *defs[NDEFS];
static const char *const def_names[NDEFS] = {"aggression", "threat", "missing", "loop"};
static cs_env env;
static cs_arena *arena;

static cs_value vbool(bool b) { return (cs_value){.kind = CS_V_BOOL, .b = b}; }
static cs_value vnum(double x) { return (cs_value){.kind = CS_V_NUM, .num = x}; }
static cs_value vstr(const char *s) { return (cs_value){.kind = CS_V_STR, .str = s}; }

static void set_slot(int i, cs_value v, bool stated, bool claimed, const char *by,
                     const cs_cite *src)
{
    slots[i].v = v;
    slots[i].stated = stated;
    slots[i].claimed = claimed;
    slots[i].by = by;
    slots[i].src = src;
    slots[i].overridden = false;
}

/* A file holding `x: TEXT` on line 1; the expression's scalar starts at column 4. */
static cs_srcfile file;
static char filetext[40000];
static cs_exprsrc src;

static cs_expr *parse(const char *text, cs_diags *d)
{
    snprintf(filetext, sizeof filetext, "x: %s\n", text);
    file = (cs_srcfile){"t.yaml", NULL, filetext, strlen(filetext), NULL, 0};
    src = (cs_exprsrc){text, {&file, 1, 4}, CS_EX_PLAIN, NULL};
    return cs_expr_parse(arena, &src, d);
}

/* Parse and check against resolver r; fails the test on any diagnostic. */
static cs_expr *compile_with(const char *text, const cs_resolver *r)
{
    cs_diags d;
    cs_diags_init(&d);
    cs_expr *e = parse(text, &d);
    cs_type t;
    if (e && !cs_expr_check(e, r, &d, &t))
        e = NULL;
    if (!e) {
        for (size_t i = 0; i < d.n; i++)
            fprintf(stderr, "%s: %s\n", d.v[i].where ? d.v[i].where : "?", d.v[i].msg);
        fail_msg("'%s' did not compile", text);
    }
    cs_diags_free(&d);
    return e;
}

/* Parse and check against the table of names; fails the test on any diagnostic. */
static cs_expr *compile(const char *text) { return compile_with(text, &resolver); }

static cs_type type_of(const char *text)
{
    cs_diags d;
    cs_diags_init(&d);
    cs_expr *e = parse(text, &d);
    assert_non_null(e);
    cs_type t = CS_T_LIST;
    assert_true(cs_expr_check(e, &resolver, &d, &t));
    cs_diags_free(&d);
    return t;
}

static cs_value eval(const char *text)
{
    cs_value v;
    assert_int_equal(cs_expr_eval(compile(text), &env, &v, NULL), CS_EVAL_OK);
    return v;
}

static bool eval_bool(const char *text)
{
    cs_value v = eval(text);
    if (v.kind != CS_V_BOOL)
        fail_msg("'%s' is not a bool", text);
    return v.b;
}

static double eval_num(const char *text)
{
    cs_value v = eval(text);
    if (v.kind != CS_V_NUM)
        fail_msg("'%s' is not a number (kind %d)", text, (int)v.kind);
    return v.num;
}

/* The one diagnostic that compiling `text` gives, as "where: message". */
static char last_error[1024];
static const char *error_of(const char *text)
{
    cs_diags d;
    cs_diags_init(&d);
    cs_expr *e = parse(text, &d);
    cs_type t;
    if (e)
        assert_false(cs_expr_check(e, &resolver, &d, &t));
    assert_true(d.n >= 1);
    assert_int_equal(d.worst, CS_ERR_EXPR);
    snprintf(last_error, sizeof last_error, "%s: %s", d.v[0].where, d.v[0].msg);
    cs_diags_free(&d);
    return last_error;
}

static int setup(void **state)
{
    (void)state;
    build_world();
    for (size_t i = 0; i < NNAMES; i++)
        known[i] = names[i].name;
    arena = cs_arena_new();
    assert_non_null(arena);
    for (size_t i = 0; i < NNAMES; i++)
        if (names[i].kind == CS_SYM_SLOT) {
            slots[names[i].index].name = names[i].name;
            slots[names[i].index].type = names[i].type;
        }
    set_slot(S_BORDER, vbool(true), true, false, NULL, &two_sources);
    set_slot(S_SEIZURE, vbool(false), false, false, NULL, NULL);
    set_slot(S_TERROR, vbool(true), true, true, "KAZ", &one_source);
    set_slot(S_LINK, vbool(true), true, true, "KAZ", &two_sources);
    set_slot(S_FORMAL, vbool(true), true, false, NULL, NULL);
    set_slot(S_BY, vstr("KAZ"), true, false, NULL, NULL);
    set_slot(S_HOST, vstr("KAZ"), false, false, NULL, NULL);
    set_slot(S_DATE, (cs_value){.kind = CS_V_DATE, .t = day(2022, 1, 5)}, false, false, NULL,
             NULL);
    set_slot(S_CASUALTIES, vnum(225), true, false, NULL, NULL);
    set_slot(S_KIND, vstr("mass-unrest"), true, false, NULL, NULL);
    set_slot(S_UNKNOWN, (cs_value){.kind = CS_V_NONE}, false, false, NULL, NULL);
    set_slot(S_STATES, (cs_value){.kind = CS_V_LIST, .list = {state_items, 2}}, true, false,
             NULL, NULL);
    set_slot(S_COUNT, vnum(0), false, false, NULL, NULL);
    defs[D_AGGRESSION] = compile("crisis.border_violation or crisis.external_seizure");
    defs[D_THREAT] = compile("aggression and not crisis.external_seizure");
    defs[D_MISSING] = NULL;
    defs[D_LOOP] = compile("loop");
    env = (cs_env){slots, NSLOTS, defs, def_names, NDEFS, &model, &csto, day(2022, 1, 5),
                   cs_expr_memo_new(arena, NDEFS)};
    assert_non_null(env.memo);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    cs_arena_free(arena);
    return 0;
}

/* ---- operators -------------------------------------------------------------------- */

static void test_literals(void **state)
{
    (void)state;
    assert_true(eval_num("42") == 42);
    assert_true(eval_num("0.75") == 0.75);
    assert_true(eval_num("-1.5") == -1.5);
    cs_value s = eval("'it''s'");
    assert_int_equal(s.kind, CS_V_STR);
    assert_string_equal(s.str, "it's");
    cs_value d = eval("2022-01-05");
    assert_int_equal(d.kind, CS_V_DATE);
    assert_true(d.t.min == day(2022, 1, 5).min);
    assert_true(eval_bool("true"));
    assert_false(eval_bool("false"));
    cs_value l = eval("['KAZ', 'KGZ', 'it''s']");
    assert_int_equal(l.kind, CS_V_LIST);
    assert_int_equal(l.list.n, 3);
    assert_string_equal(l.list.items[2].str, "it's");
    assert_int_equal(eval("[]").list.n, 0);
    cs_value neg = eval("[-1, 2]");
    assert_true(neg.list.items[0].num == -1);
    assert_int_equal(type_of("[[1, 2], [3]]"), CS_T_LIST);
}

static void test_arithmetic_and_precedence(void **state)
{
    (void)state;
    assert_true(eval_num("1 + 2 * 3") == 7);
    assert_true(eval_num("(1 + 2) * 3") == 9);
    assert_true(eval_num("10 - 4 - 3") == 3);        /* left to right */
    assert_true(eval_num("8 / 4 / 2") == 1);
    assert_true(eval_num("-2 * 3") == -6);
    assert_true(eval_num("-(2 + 3)") == -5);
    assert_true(eval_num("- crisis.casualties") == -225);
    assert_true(eval_num("7 / 2") == 3.5);
    assert_true(eval_num("crisis.casualties - 25 * 2") == 175);
    assert_true(eval_num("2022-01-10 - 2022-01-05") == 5);
    assert_true(eval_num("date - 2022-01-01") == 4);
    assert_int_equal(type_of("2022-01-10 - date"), CS_T_NUM);
}

static void test_comparisons(void **state)
{
    (void)state;
    assert_true(eval_bool("1 == 1"));
    assert_false(eval_bool("1 != 1"));
    assert_true(eval_bool("1 < 2"));
    assert_false(eval_bool("2 < 2"));
    assert_true(eval_bool("2 <= 2"));
    assert_true(eval_bool("3 > 2"));
    assert_false(eval_bool("2 >= 3"));
    assert_true(eval_bool("date < 2022-01-06"));
    assert_true(eval_bool("date >= 2022-01-05"));
    assert_false(eval_bool("date > 2022-01-05"));
    assert_true(eval_bool("'a' == 'a'"));
    assert_true(eval_bool("'a' != 'b'"));
    assert_true(eval_bool("host == 'KAZ'"));          /* a state and a string */
    assert_true(eval_bool("request.by == host"));
    assert_true(eval_bool("crisis.kind == 'mass-unrest'"));
    assert_true(eval_bool("[1, 2] == [1, 2]"));
    assert_false(eval_bool("[1, 2] == [2, 1]"));
    assert_true(eval_bool("true == (not false)"));
}

static void test_logic_and_precedence(void **state)
{
    (void)state;
    assert_true(eval_bool("true and true"));
    assert_false(eval_bool("true and false"));
    assert_true(eval_bool("false or true"));
    assert_false(eval_bool("false or false"));
    assert_false(eval_bool("not true"));
    assert_true(eval_bool("not not true"));
    assert_true(eval_bool("true or false and false"));     /* and binds tighter */
    assert_false(eval_bool("(true or false) and false"));
    assert_true(eval_bool("not true or true"));             /* (not true) or true */
    assert_true(eval_bool("not 1 == 2"));                   /* not (1 == 2) */
    assert_true(eval_bool("1 + 1 == 2 and 2 * 2 > 3"));
    assert_true(eval_bool("crisis.border_violation and request.formal"));
}

static void test_in_and_if(void **state)
{
    (void)state;
    assert_true(eval_bool("'KAZ' in ['KAZ', 'KGZ']"));
    assert_true(eval_bool("host in ['ARM', 'KAZ']"));
    assert_false(eval_bool("3 in [1, 2]"));
    assert_false(eval_bool("1 in []"));
    assert_true(eval_bool("'KGZ' in crisis.states"));
    assert_false(eval_bool("'RUS' in crisis.states"));
    assert_true(eval_bool("2022-01-05 in [2022-01-05]"));
    assert_true(eval_num("if true then 1 else 2") == 1);
    assert_true(eval_num("if 1 > 2 then 1 else 2") == 2);
    assert_true(eval_num("if false then 1 else if true then 2 else 3") == 2);
    assert_true(eval_num("1 + (if request.formal then 10 else 20)") == 11);
    assert_int_equal(type_of("if true then host else 'ARM'"), CS_T_STR);
    assert_int_equal(type_of("if true then host else request.by"), CS_T_STATE);
}

static void test_functions(void **state)
{
    (void)state;
    assert_true(eval_bool("member('KAZ')"));
    assert_true(eval_bool("member(host)"));
    assert_false(eval_bool("member('UZB')"));                /* suspended in 2012 */
    assert_false(eval_bool("member('RUS')"));                /* not in this alliance */
    assert_true(eval_bool("member_on('UZB', 2010-01-01)"));
    assert_false(eval_bool("member_on('UZB', 2000-01-01)")); /* withdrew 1999 */
    assert_false(eval_bool("member_on('KAZ', 1990-01-01)"));
    assert_true(eval_num("days_between(2022-01-05, 2022-01-19)") == 14);
    assert_true(eval_num("days_between(2022-01-19, 2022-01-05)") == -14);
    assert_true(eval_num("border_km('KAZ', 'KGZ')") == 1212);
    assert_true(eval_num("border_km('KGZ', 'KAZ')") == 1212);  /* from the other side */
    assert_true(eval_num("border_km('KAZ', 'RUS')") == 7644);
    assert_true(eval_num("border_km('KGZ', 'RUS')") == 0);
    double km = eval_num("distance_km('KAZ', 'RUS')");
    assert_true(fabs(km - 2260) < 30);                       /* Astana-Moscow */
    assert_true(eval_num("distance_km(host, host)") == 0);
    assert_true(eval_bool("has_asset('KAZ', 'RUS')"));
    assert_false(eval_bool("has_asset('RUS', 'KAZ')"));
    assert_true(eval_bool("hosts_base('KGZ', 'RUS')"));
    assert_false(eval_bool("hosts_base('KAZ', 'RUS')"));
    assert_true(eval_num("len(crisis.states)") == 2);
    assert_true(eval_num("len([1, 2, 3])") == 3);
    assert_true(eval_num("min(3, -1)") == -1);
    assert_true(eval_num("max(3, -1)") == 3);
    assert_true(eval_num("max(min(1, 2), 0.5)") == 1);
}

static void test_fact_functions(void **state)
{
    (void)state;
    /* border: evidenced true; terrorism: claimed true; seizure: default false. */
    assert_true(eval_bool("evidenced(crisis.border_violation)"));
    assert_false(eval_bool("claimed(crisis.border_violation)"));
    assert_true(eval_bool("stated(crisis.border_violation)"));
    assert_false(eval_bool("evidenced(crisis.terrorism)"));
    assert_true(eval_bool("claimed(crisis.terrorism)"));
    assert_true(eval_bool("stated(crisis.terrorism)"));
    assert_false(eval_bool("evidenced(crisis.external_seizure)"));
    assert_false(eval_bool("claimed(crisis.external_seizure)"));
    assert_false(eval_bool("stated(crisis.external_seizure)"));
    assert_true(eval_bool("evidenced(crisis.kind)"));        /* a string, stated */
    assert_false(eval_bool("evidenced(host)"));              /* a default */
    /* An evidenced false is not evidence of the fact. */
    set_slot(S_BORDER, vbool(false), true, false, NULL, &two_sources);
    assert_false(eval_bool("evidenced(crisis.border_violation)"));
    /* Set on the command line: stated, and not evidence. */
    set_slot(S_SEIZURE, vbool(true), false, false, NULL, NULL);
    slots[S_SEIZURE].overridden = true;
    assert_true(eval_bool("stated(crisis.external_seizure)"));
    assert_false(eval_bool("evidenced(crisis.external_seizure)"));
    set_slot(S_BORDER, vbool(true), true, false, NULL, &two_sources);
    set_slot(S_SEIZURE, vbool(false), false, false, NULL, NULL);
}

static void test_unknown_values(void **state)
{
    (void)state;
    assert_int_equal(eval("crisis.unknown").kind, CS_V_NONE);
    assert_true(eval_bool("not crisis.unknown"));
    assert_false(eval_bool("crisis.unknown == crisis.unknown"));
    assert_true(eval_bool("crisis.unknown != true"));
    assert_false(eval_bool("crisis.unknown or false"));
    assert_true(eval_num("if crisis.unknown then 1 else 2") == 2);
    slots[S_CASUALTIES].v = (cs_value){.kind = CS_V_NONE};
    assert_int_equal(eval("crisis.casualties + 1").kind, CS_V_NONE);
    assert_false(eval_bool("crisis.casualties > 0"));
    assert_false(eval_bool("crisis.casualties <= 0"));
    assert_int_equal(eval("min(crisis.casualties, 3)").kind, CS_V_NONE);
    /* A value that does not fit the slot's type reads as unknown. */
    slots[S_CASUALTIES].v = vstr("many");
    assert_int_equal(eval("crisis.casualties * 2").kind, CS_V_NONE);
    slots[S_CASUALTIES].v = vnum(225);
}

/* ---- evaluation: definitions, errors, the trace ----------------------------------- */

static void test_definitions(void **state)
{
    (void)state;
    assert_true(eval_bool("aggression"));
    assert_true(eval_bool("threat"));                      /* a definition using one */
    cs_trace_rec buf[32];
    cs_trace t = {buf, 0, 32, false};
    cs_value v;
    assert_int_equal(cs_expr_eval(compile("threat and request.formal"), &env, &v, &t),
                     CS_EVAL_OK);
    assert_true(v.b);
    /* threat and request.formal
     *   threat (def) > threat's body: aggression and not crisis.external_seizure
     *     aggression (def) > its body: or, with border (true) and seizure skipped
     *     not crisis.external_seizure > crisis.external_seizure
     *   request.formal */
    assert_int_equal(t.n, 10);
    assert_int_equal(buf[0].kind, CS_TR_OP);
    assert_int_equal(buf[0].nkids, 2);
    assert_int_equal(buf[1].kind, CS_TR_DEF);
    assert_string_equal(buf[1].def, "threat");
    assert_int_equal(buf[1].nkids, 1);
    assert_int_equal(buf[2].kind, CS_TR_OP);
    assert_int_equal(buf[2].len, strlen("aggression and not crisis.external_seizure"));
    assert_memory_equal(buf[2].text, "aggression and not crisis.external_seizure", buf[2].len);
    assert_int_equal(buf[3].kind, CS_TR_DEF);
    assert_string_equal(buf[3].def, "aggression");
    assert_int_equal(buf[4].kind, CS_TR_OP);       /* border or seizure */
    assert_int_equal(buf[5].kind, CS_TR_SLOT);
    assert_ptr_equal(buf[5].slot, &slots[S_BORDER]);
    assert_int_equal(buf[6].kind, CS_TR_SKIPPED);
    assert_int_equal(buf[7].kind, CS_TR_OP);       /* not ... */
    assert_int_equal(buf[9].kind, CS_TR_SLOT);
    assert_int_equal(buf[9].len, strlen("request.formal"));
    assert_memory_equal(buf[9].text, "request.formal", buf[9].len);
}

static void test_undefined_and_too_deep(void **state)
{
    (void)state;
    cs_value v = vbool(true);
    cs_trace_rec buf[64];
    cs_trace t = {buf, 0, 64, false};
    assert_int_equal(cs_expr_eval(compile("true and missing"), &env, &v, &t),
                     CS_EVAL_UNDEFINED);
    assert_int_equal(v.kind, CS_V_NONE);
    assert_int_equal(t.n, 3);
    assert_int_equal(buf[2].kind, CS_TR_DEF);
    assert_int_equal(buf[2].nkids, 0);
    /* Short-circuit: a missing definition that is not reached is no error. */
    assert_int_equal(cs_expr_eval(compile("false and missing"), &env, &v, NULL), CS_EVAL_OK);
    assert_int_equal(cs_expr_eval(compile("loop"), &env, &v, &t), CS_EVAL_TOO_DEEP);
    assert_int_equal(t.n, CS_EXPR_MAX_CALL_DEPTH + 1);
    assert_string_equal(cs_evalst_name(CS_EVAL_TOO_DEEP), "definitions nested too deeply");
    /* The environment decides what is defined. */
    const cs_expr *none[NDEFS] = {NULL};
    cs_env bare = env;
    bare.defs = none;
    assert_int_equal(cs_expr_eval(compile("aggression"), &bare, &v, NULL), CS_EVAL_UNDEFINED);
}

static void test_div_zero(void **state)
{
    (void)state;
    cs_value v;
    assert_int_equal(cs_expr_eval(compile("1 / 0"), &env, &v, NULL), CS_EVAL_DIV_ZERO);
    assert_int_equal(cs_expr_eval(compile("crisis.casualties / crisis.count > 1"), &env, &v,
                                  NULL), CS_EVAL_DIV_ZERO);
    assert_int_equal(v.kind, CS_V_NONE);
    assert_int_equal(cs_expr_eval(compile("false and 1 / 0 > 1"), &env, &v, NULL),
                     CS_EVAL_OK);
    assert_int_equal(cs_expr_eval(compile("if true then 1 else 1 / 0"), &env, &v, NULL),
                     CS_EVAL_OK);
    assert_true(eval_num("0 / 5") == 0);
}

static void test_short_circuit_trace(void **state)
{
    (void)state;
    cs_trace_rec buf[16];
    cs_trace t = {buf, 0, 16, false};
    cs_value v;
    cs_expr_eval(compile("false and (crisis.border_violation or host == 'KAZ')"), &env, &v,
                 &t);
    assert_false(v.b);
    assert_int_equal(t.n, 3);                 /* the whole right side is one record */
    assert_int_equal(buf[0].nkids, 2);
    assert_int_equal(buf[2].kind, CS_TR_SKIPPED);
    assert_int_equal(buf[2].nkids, 0);
    assert_memory_equal(buf[2].text, "(crisis.border_violation or host == 'KAZ')", buf[2].len);
    assert_int_equal(buf[2].len, strlen("(crisis.border_violation or host == 'KAZ')"));

    cs_expr_eval(compile("true or crisis.unknown"), &env, &v, &t);
    assert_true(v.b);
    assert_int_equal(buf[2].kind, CS_TR_SKIPPED);

    cs_expr_eval(compile("if request.formal then 1 else 2"), &env, &v, &t);
    assert_int_equal(t.n, 4);
    assert_int_equal(buf[0].nkids, 3);
    assert_int_equal(buf[2].kind, CS_TR_LITERAL);
    assert_int_equal(buf[3].kind, CS_TR_SKIPPED);
    assert_memory_equal(buf[3].text, "2", 1);

    cs_expr_eval(compile("if not request.formal then 1 else 2"), &env, &v, &t);
    assert_int_equal(t.n, 5);
    assert_int_equal(buf[3].kind, CS_TR_SKIPPED);
    assert_int_equal(buf[4].kind, CS_TR_LITERAL);
    assert_true(v.num == 2);
}

/* Print a trace into a string. */
static char printed[4096];
static const char *print_trace(const cs_trace *t)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    cs_trace_print(f, t, 0);
    rewind(f);
    size_t n = fread(printed, 1, sizeof printed - 1, f);
    printed[n] = '\0';
    fclose(f);
    return printed;
}

static void test_trace_print(void **state)
{
    (void)state;
    cs_trace_rec buf[32];
    cs_trace t = {buf, 0, 32, false};
    cs_value v;
    cs_expr_eval(compile("aggression and crisis.terrorism and crisis.foreign_link\n"
                         "  and host == 'KAZ' and evidenced(crisis.border_violation)"),
                 &env, &v, &t);
    assert_string_equal(print_trace(&t),
        "aggression and crisis.terrorism and crisis.foreign_link and host == 'KAZ' and "
        "evidenced(crisis.border_violation) = true\n"
        "  aggression and crisis.terrorism and crisis.foreign_link and host == 'KAZ' = true\n"
        "    aggression and crisis.terrorism and crisis.foreign_link = true\n"
        "      aggression and crisis.terrorism = true\n"
        "        aggression = true  (definition)\n"
        "          crisis.border_violation or crisis.external_seizure = true\n"
        "            crisis.border_violation = true  [evidenced: seed-001, kz22-4]\n"
        "            crisis.external_seizure  (not evaluated)\n"
        "        crisis.terrorism = true  [CLAIMED by KAZ: seed-002]\n"
        "      crisis.foreign_link = true  [CLAIMED by KAZ: seed-001, kz22-4]\n"
        "    host == 'KAZ' = true\n"
        "      host = KAZ  [default]\n"
        "      'KAZ' = KAZ\n"
        "  evidenced(crisis.border_violation) = true\n"
        "    crisis.border_violation = true  [evidenced: seed-001, kz22-4]\n");
    slots[S_FORMAL].overridden = true;
    cs_expr_eval(compile("request.formal"), &env, &v, &t);
    assert_string_equal(print_trace(&t), "request.formal = true  [set on the command line]\n");
    slots[S_FORMAL].overridden = false;
    cs_expr_eval(compile("request.formal"), &env, &v, &t);
    assert_string_equal(print_trace(&t), "request.formal = true  [evidenced]\n");
}

static void test_trace_truncated(void **state)
{
    (void)state;
    cs_trace_rec buf[3];
    cs_trace t = {buf, 0, 3, false};
    cs_value v;
    assert_int_equal(cs_expr_eval(compile("(1 + 2) * (3 + 4) == 21"), &env, &v, &t),
                     CS_EVAL_OK);
    assert_true(v.b);                          /* the value is right */
    assert_true(t.truncated);
    assert_int_equal(t.n, 3);
    assert_int_equal(buf[0].nkids, 1);         /* only the children that found room */
    assert_int_equal(buf[1].nkids, 1);
    assert_int_equal(buf[2].nkids, 0);
    assert_string_equal(print_trace(&t),
                        "(1 + 2) * (3 + 4) == 21 = true\n"
                        "  (1 + 2) * (3 + 4) = 21\n"
                        "    (1 + 2) = 3\n"
                        "(the trace is cut short: its buffer is full)\n");
    cs_trace none = {NULL, 0, 0, false};
    assert_int_equal(cs_expr_eval(compile("1 + 1 == 2"), &env, &v, &none), CS_EVAL_OK);
    assert_true(none.truncated && none.n == 0 && v.b);
}

static void test_no_allocation(void **state)
{
    (void)state;
    const cs_expr *e = compile("threat and member(host) and days_between(2022-01-01, date) > 1"
                               " and 'KGZ' in crisis.states and border_km(host, 'KGZ') > 0"
                               " and claimed(crisis.terrorism) and (if false then 1 else 2) == 2");
    cs_trace_rec buf[64];
    cs_trace t = {buf, 0, 64, false};
    cs_value v;
    long before = cs_mem_count();
    for (int i = 0; i < 1000; i++) {
        assert_int_equal(cs_expr_eval(e, &env, &v, i % 2 ? &t : NULL), CS_EVAL_OK);
        assert_true(v.b);
    }
    assert_int_equal(cs_mem_count(), before);
}

static void test_unchecked(void **state)
{
    (void)state;
    cs_diags d;
    cs_diags_init(&d);
    cs_expr *e = parse("1 + 1", &d);
    assert_non_null(e);
    cs_value v;
    assert_int_equal(cs_expr_eval(e, &env, &v, NULL), CS_EVAL_UNDEFINED);
    assert_int_equal(v.kind, CS_V_NONE);
    assert_string_equal(cs_expr_text(e), "1 + 1");
    cs_diags_free(&d);
}

/* ---- errors ----------------------------------------------------------------------- */

static void test_type_errors(void **state)
{
    (void)state;
    /* Columns: the text starts at column 4 of "x: ...". */
    assert_string_equal(error_of("1 and true"),
                        "t.yaml:1:4: 'and' needs bool operands, found number");
    assert_string_equal(error_of("true or 'x'"),
                        "t.yaml:1:12: 'or' needs bool operands, found string");
    assert_string_equal(error_of("not 3"), "t.yaml:1:8: 'not' needs a bool operand, found number");
    assert_string_equal(error_of("1 == 'a'"),
                        "t.yaml:1:6: '==' compares two values of one type, found number and string");
    assert_string_equal(error_of("host < 2"),
                        "t.yaml:1:9: '<' needs two numbers or two dates, found state and number");
    assert_string_equal(error_of("date < 2"),
                        "t.yaml:1:9: '<' needs two numbers or two dates, found date and number");
    assert_string_equal(error_of("1 + true"),
                        "t.yaml:1:8: '+' needs number operands, found bool");
    assert_string_equal(error_of("date - 1"),
                        "t.yaml:1:9: '-' needs two numbers or two dates, found date and number");
    assert_string_equal(error_of("-host"), "t.yaml:1:5: '-' needs a number operand, found state");
    assert_string_equal(error_of("1 in 2"), "t.yaml:1:9: 'in' needs a list on its right, found number");
    assert_string_equal(error_of("1 in ['a']"),
                        "t.yaml:1:6: 'in' looks for a number in a list of string items");
    assert_string_equal(error_of("if 1 then 2 else 3"),
                        "t.yaml:1:7: 'if' needs a bool condition, found number");
    assert_string_equal(error_of("if true then 2 else 'x'"),
                        "t.yaml:1:24: the branches of 'if' must have one type, found number "
                        "after 'then' and string after 'else'");
    assert_string_equal(error_of("[1, 'a']"),
                        "t.yaml:1:8: the items of a list must have one type: found a string "
                        "after a number");
    assert_string_equal(error_of("[host]"),
                        "t.yaml:1:5: the items of a list must be literals (numbers, strings, "
                        "dates, true or false)");
    assert_string_equal(error_of("member(3)"),
                        "t.yaml:1:11: argument 1 of 'member' must be a state, found a number");
    assert_string_equal(error_of("days_between(date, 'x')"),
                        "t.yaml:1:23: argument 2 of 'days_between' must be a date, found a string");
    assert_string_equal(error_of("claimed(1 == 1)"),
                        "t.yaml:1:12: 'claimed' takes the name of a fact, as in "
                        "claimed(crisis.foreign_link)");
    assert_string_equal(error_of("evidenced(aggression)"),
                        "t.yaml:1:14: 'evidenced' takes the name of a fact; 'aggression' is a "
                        "definition");
    /* Several independent mistakes are all reported; one mistake once. */
    cs_diags d;
    cs_diags_init(&d);
    cs_expr *e = parse("(1 and 2) or nosuch + 1", &d);
    cs_type t;
    assert_false(cs_expr_check(e, &resolver, &d, &t));
    assert_int_equal(d.n, 3);
    assert_string_equal(d.v[0].msg, "'and' needs bool operands, found number");
    assert_string_equal(d.v[1].msg, "'and' needs bool operands, found number");
    assert_string_equal(d.v[2].msg, "unknown name 'nosuch'");
    cs_diags_free(&d);
}

static void test_names_and_calls(void **state)
{
    (void)state;
    assert_string_equal(error_of("agression and request.formal"),
                        "t.yaml:1:4: unknown name 'agression' (did you mean 'aggression'?)");
    assert_string_equal(error_of("request.formal and crisis.border_violaton"),
                        "t.yaml:1:23: unknown name 'crisis.border_violaton' (did you mean "
                        "'crisis.border_violation'?)");
    assert_string_equal(error_of("zzz"), "t.yaml:1:4: unknown name 'zzz'");
    assert_string_equal(error_of("len + 1"),
                        "t.yaml:1:4: unknown name 'len' ('len' is a function: write len(...))");
    assert_string_equal(error_of("membr(host)"),
                        "t.yaml:1:4: unknown function 'membr' (did you mean 'member'?)");
    assert_string_equal(error_of("frobnicate(host)"), "t.yaml:1:4: unknown function 'frobnicate'");
    assert_string_equal(error_of("days_between(date)"),
                        "t.yaml:1:4: 'days_between' takes 2 arguments, found 1");
    assert_string_equal(error_of("member(host, host)"),
                        "t.yaml:1:4: 'member' takes 1 argument, found 2");
    assert_string_equal(error_of("len()"), "t.yaml:1:4: 'len' takes 1 argument, found 0");
    /* Every function of the table is callable by its listed name. */
    for (size_t i = 0; i < cs_expr_nfuncs; i++) {
        assert_non_null(cs_expr_func_names[i]);
        assert_non_null(cs_expr_func(cs_expr_func_names[i]));
    }
    assert_int_equal(cs_expr_nfuncs, 16);
}

static void test_syntax_errors(void **state)
{
    (void)state;
    assert_string_equal(error_of("12abc + 1"), "t.yaml:1:6: unexpected characters after the number");
    assert_string_equal(error_of("1.5.2"), "t.yaml:1:7: a number must have digits after its '.'");
    assert_string_equal(error_of("1e3"), "t.yaml:1:5: exponents are not accepted in numbers");
    assert_string_equal(error_of("date == 2022-02-30"),
                        "t.yaml:1:20: impossible date: no such day in that month: '2022-02-30'");
    assert_string_equal(error_of("date == 2022-13-01"),
                        "t.yaml:1:17: impossible month: '2022-13-01'");
    assert_string_equal(error_of("host == 'KAZ"),
                        "t.yaml:1:12: unterminated string (a string ends with ')");
    assert_string_equal(error_of("member(host and true"),
                        "t.yaml:1:24: expected ')' after the arguments of 'member'");
    assert_string_equal(error_of("member(host true)"),
                        "t.yaml:1:16: expected ')' after the arguments of 'member'");
    assert_string_equal(error_of("(1 + 2"), "t.yaml:1:10: expected ')' to close the '('");
    assert_string_equal(error_of("[1, 2"),
                        "t.yaml:1:9: expected ',' or ']' after an item of the list");
    assert_string_equal(error_of("1 +"), "t.yaml:1:7: expected an expression, found the end of "
                        "the expression");
    assert_string_equal(error_of("1 + )"), "t.yaml:1:8: expected an expression, found ')'");
    assert_string_equal(error_of("if true then 1"),
                        "t.yaml:1:18: expected 'else' after the 'then' branch of 'if'");
    assert_string_equal(error_of("if true 1 else 2"),
                        "t.yaml:1:12: expected 'then' after the condition of 'if'");
    assert_string_equal(error_of("host = 'KAZ'"),
                        "t.yaml:1:9: unexpected '=' (write '==' to compare)");
    assert_string_equal(error_of("a && b"), "t.yaml:1:6: unexpected '&' (write 'and')");
    assert_string_equal(error_of("host == \"KAZ\""),
                        "t.yaml:1:12: unexpected '\"' (strings are written in single quotes: "
                        "'text')");
    assert_string_equal(error_of("1 < 2 < 3"),
                        "t.yaml:1:10: comparisons do not chain (write 'a < b and b < c')");
    assert_string_equal(error_of("request. by"), "t.yaml:1:12: expected a name after '.' in "
                        "'request.'");
    assert_string_equal(error_of("host host"), "t.yaml:1:9: expected an operator or the end of "
                        "the expression, found 'host'");
    assert_string_equal(error_of(""), "t.yaml:1:4: empty expression");
    assert_string_equal(error_of("   "), "t.yaml:1:4: empty expression");
    assert_string_equal(error_of("1 # 2"), "t.yaml:1:6: unexpected character '#'");
    /* The operands of a comparison are sums: `not` needs parentheses there. */
    assert_string_equal(error_of("true == not false"),
                        "t.yaml:1:12: expected an expression, found 'not'");
}

/* A chain of n copies of `unit` joined by `op`, or n `pre`s before `core` and n `post`s
 * after it. */
static char *repeat(const char *pre, const char *core, const char *post, int n)
{
    size_t len = (strlen(pre) + strlen(post)) * (size_t)n + strlen(core) + 1;
    char *s = malloc(len), *p = s;
    assert_non_null(s);
    for (int i = 0; i < n; i++)
        p += snprintf(p, len - (size_t)(p - s), "%s", pre);
    p += snprintf(p, len - (size_t)(p - s), "%s", core);
    for (int i = 0; i < n; i++)
        p += snprintf(p, len - (size_t)(p - s), "%s", post);
    return s;
}

static void test_limits(void **state)
{
    (void)state;
    char *s;
    /* Parentheses: 63 inside the top level are 64 levels; 64 are too many. */
    s = repeat("(", "1", ")", 63);
    assert_true(eval_num(s) == 1);
    free(s);
    s = repeat("(", "1", ")", 64);
    assert_string_equal(error_of(s), "t.yaml:1:67: expression nested too deeply (more than 64 "
                        "levels)");
    free(s);
    /* not: a tree of 64 levels is fine, 65 is not. */
    s = repeat("not ", "true", "", 63);
    assert_false(eval_bool(s));
    free(s);
    s = repeat("not ", "true", "", 64);
    assert_non_null(strstr(error_of(s), "nested too deeply"));
    free(s);
    /* A left-deep chain is a tall tree even though the parser does not recurse. */
    s = repeat("", "1", " + 1", 63);
    assert_true(eval_num(s) == 64);
    free(s);
    s = repeat("", "1", " + 1", 64);
    assert_string_equal(error_of(s), "t.yaml:1:258: expression nested too deeply (more than 64 "
                        "levels)");
    free(s);
    /* A very deep one is an error, not a crash. */
    s = repeat("(", "1", ")", 100000);
    assert_non_null(strstr(error_of(s), "nested too deeply"));
    free(s);
    s = repeat("-", "1", "", 100000);
    assert_non_null(strstr(error_of(s), "nested too deeply"));
    free(s);
}

static void test_node_limit(void **state)
{
    (void)state;
    char *s = repeat("", "[1", ", 1", 4094);       /* 4095 items */
    size_t n = strlen(s);
    char *l = malloc(n + 2);
    memcpy(l, s, n);
    l[n] = ']';
    l[n + 1] = '\0';
    cs_value v = eval(l);
    assert_int_equal(v.list.n, 4095);
    free(l);
    free(s);
    s = repeat("", "[1", ", 1", 4095);             /* 4096 items: 4097 nodes */
    n = strlen(s);
    l = malloc(n + 2);
    memcpy(l, s, n);
    l[n] = ']';
    l[n + 1] = '\0';
    const char *err = error_of(l);
    assert_non_null(strstr(err, "expression too large (more than 4096 parts)"));
    assert_non_null(strstr(err, "t.yaml:1:"));
    free(l);
    free(s);
}

/* ---- places in files -------------------------------------------------------------- */

static cs_loc loc_in(const char *text, uint32_t line, uint32_t col, cs_exstyle style,
                     const char *value, size_t off)
{
    static cs_srcfile f;
    f = (cs_srcfile){"c.yaml", NULL, text, strlen(text), NULL, 0};
    cs_exprsrc s = {value, {&f, line, col}, style, NULL};
    return cs_expr_loc(&s, off);
}

#define assert_loc(l, ln, cl)                                                          \
    do {                                                                               \
        cs_loc l_ = (l);                                                               \
        if (l_.line != (ln) || l_.col != (cl))                                         \
            fail_msg("expected %u:%u, got %u:%u", (unsigned)(ln), (unsigned)(cl),      \
                     (unsigned)l_.line, (unsigned)l_.col);                             \
    } while (0)

static void test_columns(void **state)
{
    (void)state;
    /* Plain: the scalar's column + offset. */
    assert_loc(loc_in("a: 1\ntrigger: agression and x\n", 2, 10, CS_EX_PLAIN,
                      "agression and x", 14), 2, 24);
    /* Single-quoted: + 1 for the quote; '' in the file is one quote in the value. */
    assert_loc(loc_in("t: 'x and y'\n", 1, 4, CS_EX_SINGLE, "x and y", 6), 1, 11);
    assert_loc(loc_in("t: 'k == ''KAZ'' and zz'\n", 1, 4, CS_EX_SINGLE, "k == 'KAZ' and zz",
                      15), 1, 22);
    /* Double-quoted, with an escape before the offset. */
    assert_loc(loc_in("t: \"x == '\\x41' or yy\"\n", 1, 4, CS_EX_DOUBLE, "x == 'A' or yy", 12),
               1, 20);
    /* A double-quoted scalar over two lines: the break folds into a space. */
    assert_loc(loc_in("t: \"aggression and\n    request.formal and zz\"\n", 1, 4, CS_EX_DOUBLE,
                      "aggression and request.formal and zz", 34), 2, 24);
    /* A plain scalar over two lines. */
    assert_loc(loc_in("t: aggression and\n  zz\n", 1, 4, CS_EX_PLAIN, "aggression and zz", 15),
               2, 3);
    /* Literal block: line + 1 + the line in the text; column = indentation + offset + 1. */
    const char *lit = "clause:\n  trigger: |\n    aggression\n    and zz\n";
    assert_loc(loc_in(lit, 2, 12, CS_EX_LITERAL, "aggression\nand zz\n", 0), 3, 5);
    assert_loc(loc_in(lit, 2, 12, CS_EX_LITERAL, "aggression\nand zz\n", 15), 4, 9);
    /* A more-indented line of a literal block keeps its extra spaces in the value. */
    assert_loc(loc_in("t: |\n  a and\n    zz\n", 1, 4, CS_EX_LITERAL, "a and\n  zz\n", 8), 3, 5);
    /* Folded block: lines join with a space. */
    assert_loc(loc_in("t: >\n  aggression and\n  zz\n", 1, 4, CS_EX_FOLDED, "aggression and zz\n",
                      15), 3, 3);
    /* Non-ASCII in a string counts as one column per character. */
    assert_loc(loc_in("t: 'Токаев' == zz\n", 1, 4, CS_EX_PLAIN, "'Токаев' == zz", 18), 1, 16);
    /* Without the file's text, the rules alone. */
    cs_exprsrc s = {"x and y", {NULL, 3, 7}, CS_EX_SINGLE, NULL};
    assert_loc(cs_expr_loc(&s, 6), 3, 14);
    s = (cs_exprsrc){"a\nbb and y", {NULL, 3, 7}, CS_EX_LITERAL, NULL};
    assert_loc(cs_expr_loc(&s, 5), 5, 4);
    /* An offset past the end is the end. */
    assert_loc(loc_in("t: ab\n", 1, 4, CS_EX_PLAIN, "ab", 99), 1, 6);
}

/* The diagnostics of expressions in each style of scalar point into the file. */
static void test_diag_columns(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        uint32_t line, col;
        cs_exstyle style;
        const char *text;
        const char *where;
    } cases[] = {
        {"k: request.formal and agression\n", 1, 4, CS_EX_PLAIN,
         "request.formal and agression", "q.yaml:1:23"},
        {"k: 'host == ''KAZ'' and agression'\n", 1, 4, CS_EX_SINGLE,
         "host == 'KAZ' and agression", "q.yaml:1:25"},
        {"k: \"host == 'KAZ' and agression\"\n", 1, 4, CS_EX_DOUBLE,
         "host == 'KAZ' and agression", "q.yaml:1:23"},
        {"doc:\n  k: |\n    request.formal\n      and agression\n", 2, 6, CS_EX_LITERAL,
         "request.formal\n  and agression\n", "q.yaml:4:11"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cs_srcfile f = {"q.yaml", NULL, cases[i].file, strlen(cases[i].file), NULL, 0};
        cs_exprsrc s = {cases[i].text, {&f, cases[i].line, cases[i].col}, cases[i].style, NULL};
        cs_diags d;
        cs_diags_init(&d);
        cs_expr *e = cs_expr_parse(arena, &s, &d);
        assert_non_null(e);
        cs_type t;
        assert_false(cs_expr_check(e, &resolver, &d, &t));
        assert_int_equal(d.n, 1);
        assert_string_equal(d.v[0].where, cases[i].where);
        assert_string_equal(d.v[0].msg, "unknown name 'agression' (did you mean 'aggression'?)");
        /* The caret is under the name in the file's line. */
        assert_non_null(d.v[0].src);
        assert_true(strncmp(d.v[0].src + d.v[0].col - 1, "agression", 9) == 0);
        cs_diags_free(&d);
    }
}

/* ---- the rest of the contract ----------------------------------------------------- */

/* A resolver that compiles another expression while the first is being checked, as the
 * loader's does for definitions on demand. */
static cs_resolved resolve_nested(void *ctx, const char *name, const cs_loc *where,
                                  cs_symbol *out)
{
    (void)ctx;
    if (strcmp(name, "outer") == 0) {
        cs_diags d;
        cs_diags_init(&d);
        cs_exprsrc s = {"crisis.border_violation and (1 + 1 == 2)", {NULL, 1, 1},
                        CS_EX_PLAIN, NULL};
        cs_expr *e = cs_expr_parse(arena, &s, &d);
        cs_type t;
        bool ok = e && cs_expr_check(e, &resolver, &d, &t) && t == CS_T_BOOL;
        cs_diags_free(&d);
        if (!ok)
            return CS_RESOLVE_FAILED;
        *out = (cs_symbol){CS_SYM_SLOT, CS_T_BOOL, S_FORMAL};
        return CS_RESOLVE_FOUND;
    }
    return resolve(ctx, name, where, out);
}

static void test_reentrant_check(void **state)
{
    (void)state;
    cs_resolver r = {resolve_nested, NULL, known, NNAMES};
    cs_diags d;
    cs_diags_init(&d);
    cs_expr *e = parse("outer and crisis.border_violation", &d);
    cs_type t;
    assert_true(cs_expr_check(e, &r, &d, &t));
    assert_int_equal(t, CS_T_BOOL);
    assert_int_equal(d.n, 0);
    cs_value v;
    assert_int_equal(cs_expr_eval(e, &env, &v, NULL), CS_EVAL_OK);
    assert_true(v.b);
    cs_diags_free(&d);
}

static cs_resolved resolve_fails(void *ctx, const char *name, const cs_loc *where,
                                 cs_symbol *out)
{
    (void)ctx, (void)name, (void)out;
    cs_diags *d = ctx;
    cs_diag_at(d, CS_ERR_EXPR, where, "a cycle");
    return CS_RESOLVE_FAILED;
}

static void test_resolver_failure(void **state)
{
    (void)state;
    cs_diags d;
    cs_diags_init(&d);
    cs_resolver r = {resolve_fails, &d, NULL, 0};
    cs_expr *e = parse("true and x", &d);
    cs_type t;
    assert_false(cs_expr_check(e, &r, &d, &t));
    assert_int_equal(d.n, 1);                       /* only the resolver's own error */
    assert_string_equal(d.v[0].msg, "a cycle");
    assert_string_equal(d.v[0].where, "t.yaml:1:13");
    cs_diags_free(&d);
}

static void test_out_of_memory(void **state)
{
    (void)state;
    cs_arena *a = cs_arena_new();
    cs_diags d;
    cs_diags_init(&d);
    cs_exprsrc s = {"1 + 2", {NULL, 1, 1}, CS_EX_PLAIN, NULL};
    cs_mem_fail_at(1);
    assert_null(cs_expr_parse(a, &s, &d));
    cs_mem_fail_at(0);
    assert_int_equal(d.worst, CS_ERR_NOMEM);
    cs_diags_free(&d);
    cs_arena_free(a);
}

static void test_eval_where(void **state)
{
    (void)state;
    /* The place of the token that failed, in the file "x: TEXT" (the text at column 4). */
    cs_value v;
    cs_loc w = {&file, 9, 9};
    assert_int_equal(cs_expr_eval_at(compile("1 + crisis.casualties / crisis.count > 1"), &env,
                                     &v, NULL, &w), CS_EVAL_DIV_ZERO);
    assert_ptr_equal(w.file, &file);
    assert_loc(w, 1, 4 + 22);   /* the `/` */
    assert_int_equal(cs_expr_eval_at(compile("true and missing"), &env, &v, NULL, &w),
                     CS_EVAL_UNDEFINED);
    assert_loc(w, 1, 4 + 9);    /* the name of the missing definition */
    /* Nested too deeply: the innermost `loop`, inside the definition's own text (which is
     * `loop` at column 4 of its file), not the `loop` of the expression at column 13. */
    assert_int_equal(cs_expr_eval_at(compile("true and loop"), &env, &v, NULL, &w),
                     CS_EVAL_TOO_DEEP);
    assert_loc(w, 1, 4);
    /* The innermost failure wins: the division inside the `if`, not the comparison. */
    assert_int_equal(cs_expr_eval_at(compile("(if true then 2 / crisis.count else 1) > 0"),
                                     &env, &v, NULL, &w), CS_EVAL_DIV_ZERO);
    assert_loc(w, 1, 4 + 16);
    /* Success zeroes it; an unchecked expression points at its start. */
    assert_int_equal(cs_expr_eval_at(compile("1 / 2 > 0"), &env, &v, NULL, &w), CS_EVAL_OK);
    assert_null(w.file);
    assert_int_equal(w.line, 0);
    cs_diags d;
    cs_diags_init(&d);
    cs_expr *raw = parse("nothing.known", &d);
    assert_non_null(raw);
    assert_int_equal(cs_expr_eval_at(raw, &env, &v, NULL, &w), CS_EVAL_UNDEFINED);
    assert_loc(w, 1, 4);
    cs_diags_free(&d);
}

/* ---- definitions reached many times over ------------------------------------------ */

/* Definitions of bool type named g0, g1, ... (indexes 0, 1, ...) in an environment of
 * their own, beside the slots of the table (whose definitions it does not define); each
 * test sets them up with chain_def. */
enum { MAXCHAIN = 40 };
static char chain_names[MAXCHAIN][16];
static const char *chain_namev[MAXCHAIN];
static const cs_expr *chain_defs[MAXCHAIN];
static uint32_t chain_n;

static cs_resolved resolve_chain(void *ctx, const char *name, const cs_loc *where,
                                 cs_symbol *out)
{
    (void)ctx;
    for (uint32_t i = 0; i < chain_n; i++)
        if (strcmp(chain_names[i], name) == 0) {
            *out = (cs_symbol){CS_SYM_DEF, CS_T_BOOL, i};
            return CS_RESOLVE_FOUND;
        }
    cs_resolved r = resolve(NULL, name, where, out);
    if (r == CS_RESOLVE_FOUND && out->kind == CS_SYM_DEF)
        out->index += MAXCHAIN;   /* the table's definitions: not defined in a chain */
    return r;
}

static const cs_resolver chain_resolver = {resolve_chain, NULL, known, NNAMES};

/* Start a chain of n definitions (names only: bodies come with chain_def). */
static void chain_start(uint32_t n)
{
    assert_true(n <= MAXCHAIN);
    chain_n = n;
    for (uint32_t i = 0; i < n; i++) {
        snprintf(chain_names[i], sizeof chain_names[i], "g%u", (unsigned)i);
        chain_namev[i] = chain_names[i];
        chain_defs[i] = NULL;
    }
}

static void chain_def(uint32_t i, const char *body)
{
    chain_defs[i] = compile_with(body, &chain_resolver);
}

/* g0 .. g(n-1), each naming the next `fan` times with `op`, the last one `leaf`. */
static void chain_fan(uint32_t n, int fan, const char *op, const char *leaf)
{
    chain_start(n);
    for (uint32_t i = 0; i + 1 < n; i++) {
        char body[128] = "", *p = body;
        for (int k = 0; k < fan; k++)
            p += snprintf(p, sizeof body - (size_t)(p - body), "%sg%u", k ? op : "",
                          (unsigned)i + 1);
        chain_def(i, body);
    }
    chain_def(n - 1, leaf);
}

/* The environment of the chain, with a memo or without one. */
static cs_env chain_env(bool memo)
{
    cs_env e = env;
    e.defs = chain_defs;
    e.def_names = chain_namev;
    e.ndefs = chain_n;
    e.memo = memo ? cs_expr_memo_new(arena, chain_n) : NULL;
    if (memo)
        assert_non_null(e.memo);
    return e;
}

/* Evaluate text with and without a memo, each with a trace of cap records; both must give
 * the same status, value, place of failure and trace, record for record. Returns the
 * status; *v is the value. */
static cs_evalst eval_both(const char *text, uint32_t cap, cs_value *v)
{
    static cs_trace_rec with[8192], without[8192];
    assert_true(cap <= 8192);
    const cs_expr *e = compile_with(text, &chain_resolver);
    cs_env m = chain_env(true), plain = chain_env(false);
    cs_trace tw = {with, 0, cap, false}, tp = {without, 0, cap, false};
    cs_value vp;
    cs_loc ww, wp;
    cs_evalst st = cs_expr_eval_at(e, &m, v, &tw, &ww);
    assert_int_equal(cs_expr_eval_at(e, &plain, &vp, &tp, &wp), st);
    assert_true(cs_expr_equal(v, &vp) || (v->kind == CS_V_NONE && vp.kind == CS_V_NONE));
    assert_int_equal(ww.line, wp.line);
    assert_int_equal(ww.col, wp.col);
    assert_ptr_equal(ww.file, wp.file);
    assert_int_equal(tw.n, tp.n);
    assert_int_equal(tw.truncated, tp.truncated);
    for (uint32_t i = 0; i < tw.n; i++) {
        assert_int_equal(with[i].kind, without[i].kind);
        assert_ptr_equal(with[i].text, without[i].text);
        assert_int_equal(with[i].len, without[i].len);
        assert_int_equal(with[i].nkids, without[i].nkids);
        assert_int_equal(with[i].v.kind, without[i].v.kind);
        assert_true(with[i].v.kind == CS_V_NONE || cs_expr_equal(&with[i].v, &without[i].v));
        assert_ptr_equal(with[i].def, without[i].def);
        assert_ptr_equal(with[i].slot, without[i].slot);
    }
    /* Without a trace too. */
    cs_value vn;
    assert_int_equal(cs_expr_eval(e, &m, &vn, NULL), st);
    assert_int_equal(vn.kind, v->kind);
    return st;
}

/* Twenty definitions, each naming the next four times: 4^19 evaluations of the last one
 * without a memo, which the call-depth limit does not prevent (the depth is 20). With the
 * memo, each is computed once: this test runs in milliseconds (ctest's TIMEOUT for it
 * fails a hang). */
static void test_fan_out(void **state)
{
    (void)state;
    chain_fan(20, 4, " or ", "crisis.external_seizure");   /* false: every `or` goes on */
    cs_env m = chain_env(true);
    const cs_expr *e = compile_with("g0", &chain_resolver);
    cs_value v;
    assert_int_equal(cs_expr_eval(e, &m, &v, NULL), CS_EVAL_OK);
    assert_int_equal(v.kind, CS_V_BOOL);
    assert_false(v.b);
    /* With a trace: it fills (each definition shown in full while there is room), is cut,
     * and the work stops growing with it. */
    static cs_trace_rec buf[512];
    cs_trace t = {buf, 0, 512, false};
    assert_int_equal(cs_expr_eval(e, &m, &v, &t), CS_EVAL_OK);
    assert_false(v.b);
    assert_true(t.truncated);
    assert_int_equal(t.n, 512);
    assert_int_equal(buf[0].kind, CS_TR_DEF);
    assert_string_equal(buf[0].def, "g0");
    /* The same chain with `and` and a true leaf, and mixed, evaluated again and again in
     * one environment: a value remembered in one evaluation is not used in the next,
     * where a slot may have changed. */
    chain_fan(20, 4, " and ", "crisis.border_violation");
    m = chain_env(true);
    e = compile_with("g0", &chain_resolver);
    for (int round = 0; round < 3; round++) {
        slots[S_BORDER].v = vbool(round != 1);
        assert_int_equal(cs_expr_eval(e, &m, &v, &t), CS_EVAL_OK);
        assert_int_equal(v.b, round != 1);
        assert_int_equal(cs_expr_eval(e, &m, &v, NULL), CS_EVAL_OK);
        assert_int_equal(v.b, round != 1);
    }
    slots[S_BORDER].v = vbool(true);
}

/* A memo changes nothing but the time: the values, statuses, places of failure and traces
 * are those of evaluation without one, trace cut or not. */
static void test_memo_same_results(void **state)
{
    (void)state;
    cs_value v;
    chain_fan(5, 4, " or ", "crisis.external_seizure");
    assert_int_equal(eval_both("g0", 8192, &v), CS_EVAL_OK);   /* the whole trace */
    assert_false(v.b);
    assert_int_equal(eval_both("g0 or g1 or not g2", 100, &v), CS_EVAL_OK);
    assert_true(v.b);
    assert_int_equal(eval_both("g3 and g0", 7, &v), CS_EVAL_OK);
    /* A definition whose value is not a bool, reached again at another depth. */
    chain_start(4);
    chain_def(3, "crisis.casualties > 200");
    chain_def(2, "g3 and (if g3 then 1 else 2) == 1");
    chain_def(1, "g2 or g3");
    chain_def(0, "not g1 or g2 and g3");
    assert_int_equal(eval_both("g0 and g3 and g1", 8192, &v), CS_EVAL_OK);
    assert_true(v.b);
    /* Errors: the first one ends the evaluation, at the same place with or without. */
    chain_start(3);
    chain_def(2, "crisis.casualties / crisis.count > 1");
    chain_def(1, "crisis.external_seizure or g2");
    chain_def(0, "g1 or g1");
    assert_int_equal(eval_both("g0", 64, &v), CS_EVAL_DIV_ZERO);
    assert_int_equal(eval_both("g2 or g0", 64, &v), CS_EVAL_DIV_ZERO);
    chain_start(3);
    chain_def(2, "crisis.border_violation");
    chain_def(1, "g2 and missing");
    chain_def(0, "g2 and g2 and g1");
    assert_int_equal(eval_both("g0", 64, &v), CS_EVAL_UNDEFINED);
}

/* The depth limit: a definition computed at a shallow depth, then reached again where
 * computing it would pass CS_EXPR_MAX_CALL_DEPTH, fails there as it would without the
 * memo; one level less deep, it does not. */
static void test_memo_depth_limit(void **state)
{
    (void)state;
    cs_value v;
    /* g0 = g1 (needs two levels: g0 and g1); g2 .. g(k) a chain ending in g0. The
     * expression computes g0 first at depth 0, then again at depth k-1. */
    for (uint32_t k = 28; k <= 34; k++) {
        chain_start(k + 1);
        chain_def(1, "crisis.border_violation");
        chain_def(0, "g1");
        for (uint32_t i = 2; i < k; i++) {
            char body[24];
            snprintf(body, sizeof body, "g%u", (unsigned)i + 1);
            chain_def(i, body);
        }
        chain_def(k, "g0");
        /* g2 is computed at depth 0, g(k) at depth k-2, g0 at k-1, g1 at k: the limit is
         * passed when k >= CS_EXPR_MAX_CALL_DEPTH. */
        cs_evalst want = k >= CS_EXPR_MAX_CALL_DEPTH ? CS_EVAL_TOO_DEEP : CS_EVAL_OK;
        assert_int_equal(eval_both("g0 and g2", 64, &v), want);
        assert_int_equal(eval_both("g0 and g2", 8192, &v), want);
        assert_int_equal(eval_both("g0 and g2", 0, &v), want);
        if (want == CS_EVAL_OK)
            assert_true(v.b);
    }
}

/* A memo made for fewer definitions than the environment has: those past its end are
 * computed each time, and nothing is read or written past it. */
static void test_memo_smaller(void **state)
{
    (void)state;
    chain_fan(6, 3, " or ", "crisis.external_seizure");
    cs_env m = chain_env(false);
    m.memo = cs_expr_memo_new(arena, 2);
    assert_non_null(m.memo);
    cs_value v;
    assert_int_equal(cs_expr_eval(compile_with("g0", &chain_resolver), &m, &v, NULL),
                     CS_EVAL_OK);
    assert_false(v.b);
    /* No definitions at all. */
    assert_non_null(cs_expr_memo_new(arena, 0));
}

/* The library a hostile tester wrote: twenty definitions, each naming the next four times,
 * which `casus check` accepts at once. A whole run (law, politics) must finish: every
 * trigger and factor that names f0 computes each definition once. */
static void test_fan_out_library(void **state)
{
    (void)state;
    static char lib[16384];
    char *p = lib, *end = lib + sizeof lib;
    p += snprintf(p, (size_t)(end - p),
        "casus: 1\nkind: alliance\nid: ALL\nname: All\nfounded: 2000-01-01\nlead: AAA\n"
        "source: s\nmembers:\n"
        "  - {state: AAA, history: [{event: joined, date: 2000-01-01, source: s}]}\n"
        "  - {state: HHH, history: [{event: joined, date: 2000-01-01, source: s}]}\n"
        "organs: [{id: c, name: Council, composition: heads-of-state, rule: consensus,"
        " source: s}]\n"
        "clauses:\n"
        "  - {id: aid, name: Aid, requires_request: true,"
        " trigger: \"f0 or request.formal\", source: s}\n"
        "doctrines:\n"
        "  - id: d\n    name: D\n    from: 2000-01-01\n    reading: r\n    source: s\n"
        "    defines:\n");
    for (int i = 0; i < 19; i++)
        p += snprintf(p, (size_t)(end - p), "      f%d: \"f%d or f%d or f%d or f%d\"\n", i,
                      i + 1, i + 1, i + 1, i + 1);
    p += snprintf(p, (size_t)(end - p),
        "      f19: crisis.attack\n"
        "politics:\n  support_at: 1\n  oppose_at: -1\n  why: w\n  source: s\n"
        "  factors:\n"
        "    - {id: fear, name: Fear, applies_to: all, when: \"not f0\", weight: 2,"
        " why: w, source: s}\n");
    assert_true(p < end - 1);
    static const char *const texts[][2] = {
        {"s.yaml", "casus: 1\nkind: sources\nsources: [{id: s, type: seed, ref: x, title: t}]\n"},
        {"v.yaml", "casus: 1\nkind: vocabulary\nfacts:\n"
                   "  - {path: crisis.attack, type: bool, default: false, doc: d}\n"},
        {"a.yaml", "casus: 1\nkind: state\nid: AAA\nname: A\ngovernment: presidential\n"
                   "capital: {name: a, lat: 0, lon: 0}\nutc_offset: \"+00:00\"\nsource: s\n"},
        {"h.yaml", "casus: 1\nkind: state\nid: HHH\nname: H\ngovernment: presidential\n"
                   "capital: {name: h, lat: 1, lon: 1}\nutc_offset: \"+00:00\"\nsource: s\n"},
        {"sc.yaml", "casus: 1\nkind: scenario\nid: sc\nname: S\nalliance: ALL\nhost: HHH\n"
                    "start: 2012-01-01\nutc_offset: \"+00:00\"\nsource: s\n"
                    "facts: [{path: crisis.attack, value: false, status: evidenced,"
                    " source: s}]\n"
                    "events: [{id: r, at: 2012-01-02, kind: request, by: HHH, to: ALL,"
                    " under: aid, purpose: p, formal: true, source: s}]\n"},
    };
    cs_diags d;
    cs_diags_init(&d);
    cs_loader *l = cs_loader_new(&d);
    assert_non_null(l);
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        cs_loader_add_buffer(l, texts[i][0], texts[i][1], strlen(texts[i][1]));
    cs_loader_add_buffer(l, "all.yaml", lib, strlen(lib));
    cs_model *m = cs_loader_finish(l);
    if (!m)
        cs_diags_print(&d, stderr);
    assert_non_null(m);
    cs_run *r = cs_run_new(m);
    assert_non_null(r);
    cs_run_opts o = {.trace_cap = 512};
    assert_int_equal(cs_run_exec(r, cs_model_scenario(m, "sc"), &o, &d), CS_OK);
    const cs_law_result *law = cs_run_law(r);
    assert_int_equal(law->nclauses, 1);
    const cs_finding *f = &law->clauses[0].f;
    assert_int_equal(f->st, CS_EVAL_OK);
    assert_true(f->value);                    /* f0 is false; the request is formal */
    assert_true(f->trace.truncated);          /* f0 shown as far as the trace has room */
    assert_int_equal(f->trace.n, 512);
    const cs_pol_result *pol = cs_run_politics(r);
    assert_int_equal(pol->nviews, 2);
    assert_int_equal(pol->decision, CS_DEC_ACT);   /* `not f0` holds for both: support */
    /* Again, in the same run object: the same, as fast. */
    assert_int_equal(cs_run_exec(r, cs_model_scenario(m, "sc"), &o, &d), CS_OK);
    assert_int_equal(cs_run_politics(r)->decision, CS_DEC_ACT);
    cs_run_free(r);
    cs_model_free(m);
    cs_diags_free(&d);
}


int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_literals),
        cmocka_unit_test(test_arithmetic_and_precedence),
        cmocka_unit_test(test_comparisons),
        cmocka_unit_test(test_logic_and_precedence),
        cmocka_unit_test(test_in_and_if),
        cmocka_unit_test(test_functions),
        cmocka_unit_test(test_fact_functions),
        cmocka_unit_test(test_unknown_values),
        cmocka_unit_test(test_definitions),
        cmocka_unit_test(test_undefined_and_too_deep),
        cmocka_unit_test(test_div_zero),
        cmocka_unit_test(test_short_circuit_trace),
        cmocka_unit_test(test_trace_print),
        cmocka_unit_test(test_trace_truncated),
        cmocka_unit_test(test_no_allocation),
        cmocka_unit_test(test_unchecked),
        cmocka_unit_test(test_type_errors),
        cmocka_unit_test(test_names_and_calls),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_node_limit),
        cmocka_unit_test(test_columns),
        cmocka_unit_test(test_diag_columns),
        cmocka_unit_test(test_reentrant_check),
        cmocka_unit_test(test_resolver_failure),
        cmocka_unit_test(test_out_of_memory),
        cmocka_unit_test(test_eval_where),
        cmocka_unit_test(test_fan_out),
        cmocka_unit_test(test_fan_out_library),
        cmocka_unit_test(test_memo_same_results),
        cmocka_unit_test(test_memo_depth_limit),
        cmocka_unit_test(test_memo_smaller),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
