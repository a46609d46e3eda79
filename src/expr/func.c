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
        return cs_expr_unknown();
    return cs_expr_bool(cs_alliance_is_member(env->alliance, argv[0].str, env->date));
}

/* member_on(state, date) -> bool */
static cs_value f_member_on(const cs_env *env, const cs_value *argv, const cs_slot *slot)
{
    (void)slot;
    if (!env->alliance || !is(&argv[0], CS_V_STR) || !is(&argv[1], CS_V_DATE))
        return cs_expr_unknown();
    return cs_expr_bool(cs_alliance_is_member(env->alliance, argv[0].str, argv[1].t));
}

/* days_between(date, date) -> number: second minus first, in days (with a fraction when
 * the times of day differ). */
static cs_value f_days_between(const cs_env *env, const cs_value *argv, const cs_slot *slot)
{
    (void)env, (void)slot;
    if (!is(&argv[0], CS_V_DATE) || !is(&argv[1], CS_V_DATE))
        return cs_expr_unknown();
    return cs_expr_num(((double)argv[1].t.min - (double)argv[0].t.min) / 1440.0);
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
        return cs_expr_unknown();
    double km = border_from(state_of(env, &argv[0]), argv[1].str);
    if (km < 0)
        km = border_from(state_of(env, &argv[1]), argv[0].str);
    return cs_expr_num(km < 0 ? 0 : km);
}

/* distance_km(state, state) -> number: great-circle km between the capitals. */
static cs_value f_distance_km(const cs_env *env, const cs_value *argv, const cs_slot *slot)
{
    (void)slot;
    const cs_state *a = state_of(env, &argv[0]), *b = state_of(env, &argv[1]);
    if (!a || !b || !a->capital.present || !b->capital.present)
        return cs_expr_unknown();
    return cs_expr_num(cs_geo_km(a->capital.lat, a->capital.lon, b->capital.lat, b->capital.lon));
}

/* A state's links to other states, of two kinds: its assets (to each asset's user) and its
 * bases (to each base's owner). How many of a kind it has, and where the i-th leads. */
static uint32_t nlinks(const cs_state *s, bool assets) { return assets ? s->nassets : s->nbases; }

static const char *link_to(const cs_state *s, bool assets, uint32_t i)
{
    return assets ? s->assets[i].user.id : s->bases[i].of.id;
}

/* Whether the first argument has a link of the kind to the second: false for a state the
 * model does not know, unknown for an unknown argument. */
static cs_value linked(const cs_env *env, const cs_value *argv, bool assets)
{
    if (!env->model || !is(&argv[1], CS_V_STR))
        return cs_expr_unknown();
    const cs_state *s = state_of(env, &argv[0]);
    if (!s)
        return is(&argv[0], CS_V_STR) ? cs_expr_bool(false) : cs_expr_unknown();
    for (uint32_t i = 0; i < nlinks(s, assets); i++)
        if (same_id(link_to(s, assets, i), argv[1].str))
            return cs_expr_bool(true);
    return cs_expr_bool(false);
}

/* has_asset(state, state) -> bool: the first has an asset whose user is the second. */
static cs_value f_has_asset(const cs_env *env, const cs_value *argv, const cs_slot *slot)
{
    (void)slot;
    return linked(env, argv, true);
}

/* hosts_base(state, state) -> bool: the first hosts a base of the second. */
static cs_value f_hosts_base(const cs_env *env, const cs_value *argv, const cs_slot *slot)
{
    (void)slot;
    return linked(env, argv, false);
}

/* claimed(NAME) -> bool: the fact is stated, as a claim. */
static cs_value f_claimed(const cs_env *env, const cs_value *argv, const cs_slot *slot)
{
    (void)env, (void)argv;
    return cs_expr_bool(slot && slot->stated && slot->claimed);
}

/* stated(NAME) -> bool: the scenario states the fact, or the command line sets it. */
static cs_value f_stated(const cs_env *env, const cs_value *argv, const cs_slot *slot)
{
    (void)env, (void)argv;
    return cs_expr_bool(slot && (slot->stated || slot->overridden));
}

/* evidenced(NAME) -> bool: for a bool fact, true only if it is stated as evidence and is
 * true; for any other fact, stated as evidence. */
static cs_value f_evidenced(const cs_env *env, const cs_value *argv, const cs_slot *slot)
{
    (void)env, (void)argv;
    if (!slot || !slot->stated || slot->claimed)
        return cs_expr_bool(false);
    if (slot->type == CS_T_BOOL)
        return cs_expr_bool(cs_expr_truthy(&slot->v));
    return cs_expr_bool(true);
}

/* Whether a list of parties names id. */
static bool names_party(const cs_ref *v, uint32_t n, const char *id)
{
    for (uint32_t i = 0; i < n; i++)
        if (same_id(v[i].id, id))
            return true;
    return false;
}

/* claimed_by(NAME, party) -> bool: the fact, as stated at the moment, is claimed by the
 * party (a state or an actor), alone or with others. Unknown for
 * an unknown party; false for a fact not stated (or not known yet) or not claimed. */
static cs_value f_claimed_by(const cs_env *env, const cs_value *argv, const cs_slot *slot)
{
    (void)env;
    if (!is(&argv[1], CS_V_STR))
        return cs_expr_unknown();
    if (!slot || !slot->stated || !slot->claimed || !slot->fact)
        return cs_expr_bool(false);
    return cs_expr_bool(names_party(slot->fact->claimants, slot->fact->nclaimants, argv[1].str));
}

/* denied_by(NAME, party) -> bool: the party denies the fact as stated at the moment (a
 * claimed or an evidenced fact may be denied). */
static cs_value f_denied_by(const cs_env *env, const cs_value *argv, const cs_slot *slot)
{
    (void)env;
    if (!is(&argv[1], CS_V_STR))
        return cs_expr_unknown();
    if (!slot || !slot->stated || !slot->fact)
        return cs_expr_bool(false);
    return cs_expr_bool(names_party(slot->fact->deniers, slot->fact->ndeniers, argv[1].str));
}

/* fact_of(state.NAME, state) -> the fact's type: the fact state.NAME as the given state
 * states it (the host's facts are the slot itself), as known at the environment's date;
 * the vocabulary's default when that state does not state it or it is not known yet, and
 * unknown for an unknown state. The checker lets only names under `state.` through. */
static cs_value f_fact_of(const cs_env *env, const cs_value *argv, const cs_slot *slot)
{
    if (!slot || !env->model || !is(&argv[1], CS_V_STR))
        return cs_expr_unknown();
    const cs_state *s = state_of(env, &argv[1]);
    if (!s)
        return cs_expr_unknown();
    const cs_vocab *voc = cs_model_vocab(env->model, slot->name);
    const char *path = slot->name + strlen("state.");
    const cs_fact *best = NULL;
    for (uint32_t i = 0; i < s->nfacts; i++) {
        const cs_fact *f = &s->facts[i];
        if (!f->path || strcmp(f->path, path) != 0)
            continue;
        if (f->has_known_from && f->known_from.min > env->date.min)
            continue;
        /* The statement known from the latest date that has come (later ones win ties). */
        if (!best || !best->has_known_from ||
            (f->has_known_from && f->known_from.min >= best->known_from.min))
            best = f;
    }
    if (best)
        return best->value;
    return voc && voc->has_default ? voc->def : cs_expr_unknown();
}

/* len(list) -> number */
static cs_value f_len(const cs_env *env, const cs_value *argv, const cs_slot *slot)
{
    (void)env, (void)slot;
    return is(&argv[0], CS_V_LIST) ? cs_expr_num(argv[0].list.n) : cs_expr_unknown();
}

/* min(number, number), max(number, number) -> number */
static cs_value f_min(const cs_env *env, const cs_value *argv, const cs_slot *slot)
{
    (void)env, (void)slot;
    if (!is(&argv[0], CS_V_NUM) || !is(&argv[1], CS_V_NUM))
        return cs_expr_unknown();
    return cs_expr_num(argv[1].num < argv[0].num ? argv[1].num : argv[0].num);
}

static cs_value f_max(const cs_env *env, const cs_value *argv, const cs_slot *slot)
{
    (void)env, (void)slot;
    if (!is(&argv[0], CS_V_NUM) || !is(&argv[1], CS_V_NUM))
        return cs_expr_unknown();
    return cs_expr_num(argv[1].num > argv[0].num ? argv[1].num : argv[0].num);
}

/* The library, one line a function: FUNC(name, how it takes its arguments, result type,
 * argument types...). Its implementation is f_<name>. The table of functions and the list
 * of their names (for "did you mean") are both made from this one list, so they cannot
 * drift apart. */
#define FUNCTIONS(FUNC)                           \
    FUNC(member, ARG_VALUES, B, S)                \
    FUNC(member_on, ARG_VALUES, B, S, D)          \
    FUNC(days_between, ARG_VALUES, N, D, D)       \
    FUNC(border_km, ARG_VALUES, N, S, S)          \
    FUNC(distance_km, ARG_VALUES, N, S, S)        \
    FUNC(has_asset, ARG_VALUES, B, S, S)          \
    FUNC(hosts_base, ARG_VALUES, B, S, S)         \
    FUNC(claimed, ARG_SLOT, B, B)                 \
    FUNC(evidenced, ARG_SLOT, B, B)               \
    FUNC(stated, ARG_SLOT, B, B)                  \
    FUNC(claimed_by, ARG_SLOT, B, B, S)           \
    FUNC(denied_by, ARG_SLOT, B, B, S)            \
    FUNC(fact_of, ARG_SLOT, U, U, S)              \
    FUNC(len, ARG_VALUES, N, L)                   \
    FUNC(min, ARG_VALUES, N, N, N)                \
    FUNC(max, ARG_VALUES, N, N, N)

#define B CS_T_BOOL
#define N CS_T_NUM
#define S CS_T_STATE
#define D CS_T_DATE
#define L CS_T_LIST
#define U CS_T_UNKNOWN   /* fact_of: the result has the type of the fact named */
/* The number of arguments in a list of one or two (CS_FUNC_MAX_ARGS; a third would not fit
 * the args array, which the compiler refuses). */
#define NARGS(...) NARGS_(__VA_ARGS__, 2, 1, 0)
#define NARGS_(a, b, n, ...) n
#define ENTRY(name, mode, result, ...) \
    {#name, mode, NARGS(__VA_ARGS__), {__VA_ARGS__}, result, f_##name},
#define NAME(name, ...) #name,

static const cs_func funcs[] = {FUNCTIONS(ENTRY)};
const char *const cs_expr_func_names[] = {FUNCTIONS(NAME)};

#undef B
#undef N
#undef S
#undef D
#undef L
#undef U
#undef NARGS
#undef NARGS_
#undef ENTRY
#undef NAME

enum { NFUNCS = sizeof funcs / sizeof funcs[0] };
_Static_assert(sizeof cs_expr_func_names / sizeof cs_expr_func_names[0] == NFUNCS,
               "cs_expr_func_names: one name per function");
_Static_assert(CS_FUNC_MAX_ARGS == 2, "NARGS counts up to two arguments");
const size_t cs_expr_nfuncs = NFUNCS;

const cs_func *cs_expr_func(const char *name)
{
    for (size_t i = 0; i < NFUNCS; i++)
        if (strcmp(funcs[i].name, name) == 0)
            return &funcs[i];
    return NULL;
}
