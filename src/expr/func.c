/* func.c - the functions expressions may call: one table of name, arguments, result and
 * implementation. The checker reads the table for names, counts and types; the evaluator
 * calls the implementation with the arguments' values.
 *
 * Implementations read the environment's model, alliance and date; they allocate nothing.
 * A state is a string holding its ISO 3166 alpha-3 code. An argument that is unknown
 * (CS_V_NONE) makes the result unknown, and so does a fact the model lacks (no alliance in
 * the environment, no capital recorded): "unknown" is false in a bool context.
 */
#include "expr/expr_internal.h"

#include <string.h>

static const cs_value unknown = {.kind = CS_V_NONE};

static cs_value boolean(bool b) { return (cs_value){.kind = CS_V_BOOL, .b = b}; }
static cs_value number(double x) { return (cs_value){.kind = CS_V_NUM, .num = x}; }

static bool is(const cs_value *v, cs_vkind k) { return v->kind == k; }

static bool same_id(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

static const cs_state *state_of(const cs_env *env, const cs_value *v)
{
    if (!env->model || !is(v, CS_V_STR) || !v->str)
        return NULL;
    return cs_model_state(env->model, v->str);
}

/* member(state) -> bool: a member of the alliance on the environment's date. */
static cs_value f_member(const cs_env *env, const cs_value *argv, const cs_slot *slot)
{
    (void)slot;
    if (!env->alliance || !is(&argv[0], CS_V_STR))
        return unknown;
    return boolean(cs_alliance_is_member(env->alliance, argv[0].str, env->date));
}

/* member_on(state, date) -> bool */
static cs_value f_member_on(const cs_env *env, const cs_value *argv, const cs_slot *slot)
{
    (void)slot;
    if (!env->alliance || !is(&argv[0], CS_V_STR) || !is(&argv[1], CS_V_DATE))
        return unknown;
    return boolean(cs_alliance_is_member(env->alliance, argv[0].str, argv[1].t));
}

/* days_between(date, date) -> number: second minus first, in days (with a fraction when
 * the times of day differ). */
static cs_value f_days_between(const cs_env *env, const cs_value *argv, const cs_slot *slot)
{
    (void)env, (void)slot;
    if (!is(&argv[0], CS_V_DATE) || !is(&argv[1], CS_V_DATE))
        return unknown;
    return number(((double)argv[1].t.min - (double)argv[0].t.min) / 1440.0);
}

/* The border between a and b recorded by a, or -1. */
static double border_from(const cs_state *a, const char *b)
{
    if (!a)
        return -1;
    for (uint32_t i = 0; i < a->nborders; i++)
        if (same_id(a->borders[i].state.id, b))
            return a->borders[i].km;
    return -1;
}

/* border_km(state, state) -> number: from either state's borders; 0 if neither records
 * one. */
static cs_value f_border_km(const cs_env *env, const cs_value *argv, const cs_slot *slot)
{
    (void)slot;
    if (!env->model || !is(&argv[0], CS_V_STR) || !is(&argv[1], CS_V_STR))
        return unknown;
    double km = border_from(state_of(env, &argv[0]), argv[1].str);
    if (km < 0)
        km = border_from(state_of(env, &argv[1]), argv[0].str);
    return number(km < 0 ? 0 : km);
}

/* distance_km(state, state) -> number: great-circle km between the capitals. */
static cs_value f_distance_km(const cs_env *env, const cs_value *argv, const cs_slot *slot)
{
    (void)slot;
    const cs_state *a = state_of(env, &argv[0]), *b = state_of(env, &argv[1]);
    if (!a || !b || !a->capital.present || !b->capital.present)
        return unknown;
    return number(cs_geo_km(a->capital.lat, a->capital.lon, b->capital.lat, b->capital.lon));
}

/* has_asset(state, state) -> bool: the first has an asset whose user is the second. */
static cs_value f_has_asset(const cs_env *env, const cs_value *argv, const cs_slot *slot)
{
    (void)slot;
    if (!env->model || !is(&argv[1], CS_V_STR))
        return unknown;
    const cs_state *s = state_of(env, &argv[0]);
    if (!s)
        return is(&argv[0], CS_V_STR) ? boolean(false) : unknown;
    for (uint32_t i = 0; i < s->nassets; i++)
        if (same_id(s->assets[i].user.id, argv[1].str))
            return boolean(true);
    return boolean(false);
}

/* hosts_base(state, state) -> bool: the first hosts a base of the second. */
static cs_value f_hosts_base(const cs_env *env, const cs_value *argv, const cs_slot *slot)
{
    (void)slot;
    if (!env->model || !is(&argv[1], CS_V_STR))
        return unknown;
    const cs_state *s = state_of(env, &argv[0]);
    if (!s)
        return is(&argv[0], CS_V_STR) ? boolean(false) : unknown;
    for (uint32_t i = 0; i < s->nbases; i++)
        if (same_id(s->bases[i].of.id, argv[1].str))
            return boolean(true);
    return boolean(false);
}

/* claimed(NAME) -> bool: the fact is stated, as a claim. */
static cs_value f_claimed(const cs_env *env, const cs_value *argv, const cs_slot *slot)
{
    (void)env, (void)argv;
    return boolean(slot && slot->stated && slot->claimed);
}

/* stated(NAME) -> bool: the scenario states the fact, or the command line sets it. */
static cs_value f_stated(const cs_env *env, const cs_value *argv, const cs_slot *slot)
{
    (void)env, (void)argv;
    return boolean(slot && (slot->stated || slot->overridden));
}

/* evidenced(NAME) -> bool: for a bool fact, true only if it is stated as evidence and is
 * true; for any other fact, stated as evidence. */
static cs_value f_evidenced(const cs_env *env, const cs_value *argv, const cs_slot *slot)
{
    (void)env, (void)argv;
    if (!slot || !slot->stated || slot->claimed)
        return boolean(false);
    if (slot->type == CS_T_BOOL)
        return boolean(cs_expr_truthy(&slot->v));
    return boolean(true);
}

/* len(list) -> number */
static cs_value f_len(const cs_env *env, const cs_value *argv, const cs_slot *slot)
{
    (void)env, (void)slot;
    return is(&argv[0], CS_V_LIST) ? number(argv[0].list.n) : unknown;
}

/* min(number, number), max(number, number) -> number */
static cs_value f_min(const cs_env *env, const cs_value *argv, const cs_slot *slot)
{
    (void)env, (void)slot;
    if (!is(&argv[0], CS_V_NUM) || !is(&argv[1], CS_V_NUM))
        return unknown;
    return number(argv[1].num < argv[0].num ? argv[1].num : argv[0].num);
}

static cs_value f_max(const cs_env *env, const cs_value *argv, const cs_slot *slot)
{
    (void)env, (void)slot;
    if (!is(&argv[0], CS_V_NUM) || !is(&argv[1], CS_V_NUM))
        return unknown;
    return number(argv[1].num > argv[0].num ? argv[1].num : argv[0].num);
}

#define B CS_T_BOOL
#define N CS_T_NUM
#define S CS_T_STATE
#define D CS_T_DATE
#define L CS_T_LIST

static const cs_func funcs[] = {
    {"member", ARG_VALUES, 1, {S}, B, f_member},
    {"member_on", ARG_VALUES, 2, {S, D}, B, f_member_on},
    {"days_between", ARG_VALUES, 2, {D, D}, N, f_days_between},
    {"border_km", ARG_VALUES, 2, {S, S}, N, f_border_km},
    {"distance_km", ARG_VALUES, 2, {S, S}, N, f_distance_km},
    {"has_asset", ARG_VALUES, 2, {S, S}, B, f_has_asset},
    {"hosts_base", ARG_VALUES, 2, {S, S}, B, f_hosts_base},
    {"claimed", ARG_SLOT, 1, {B}, B, f_claimed},
    {"evidenced", ARG_SLOT, 1, {B}, B, f_evidenced},
    {"stated", ARG_SLOT, 1, {B}, B, f_stated},
    {"len", ARG_VALUES, 1, {L}, N, f_len},
    {"min", ARG_VALUES, 2, {N, N}, N, f_min},
    {"max", ARG_VALUES, 2, {N, N}, N, f_max},
};

#undef B
#undef N
#undef S
#undef D
#undef L

enum { NFUNCS = sizeof funcs / sizeof funcs[0] };

const char *const cs_expr_func_names[NFUNCS] = {
    "member", "member_on", "days_between", "border_km", "distance_km", "has_asset",
    "hosts_base", "claimed", "evidenced", "stated", "len", "min", "max",
};
const size_t cs_expr_nfuncs = NFUNCS;

const cs_func *cs_expr_func(const char *name)
{
    for (size_t i = 0; i < NFUNCS; i++)
        if (strcmp(funcs[i].name, name) == 0)
            return &funcs[i];
    return NULL;
}
