/* run.c - the run object: law, then politics, then (after "act") the operation, all in one
 * arena that is reset, not freed, between runs. */
#include "run/run.h"
#include "support/mem.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct cs_run {
    const cs_model *m;
    cs_arena *arena;
    const cs_scenario *s;
    cs_run_opts opts;
    cs_law_opts lopts;
    cs_law_result law;
    cs_pol_result pol;
    bool decided;                /* law and politics succeeded */
    cs_flip *flips;              /* changes that flip the decision, smallest first */
    uint32_t nflips;
    cs_ops *ops;                 /* the simulation, when one was built */
    bool simulated;              /* ops ran successfully */
};

cs_run *cs_run_new(const cs_model *m)
{
    cs_run *r = cs_mem_calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->arena = cs_arena_new();
    if (!r->arena) {
        cs_mem_free(r);
        return NULL;
    }
    r->m = m;
    return r;
}

static void forget(cs_run *r)
{
    r->ops = NULL;   /* its memory is the arena's */
    r->simulated = false;
    r->decided = false;
    r->flips = NULL;
    r->nflips = 0;
    memset(&r->law, 0, sizeof r->law);
    memset(&r->pol, 0, sizeof r->pol);
    cs_arena_reset(r->arena);
}

void cs_run_free(cs_run *r)
{
    if (!r)
        return;
    cs_arena_free(r->arena);
    cs_mem_free(r);
}

/* Build the simulation of the decided operation and run it once. */
static cs_status simulate(cs_run *r, cs_diags *d)
{
    const cs_ops_config *cfg = cs_ops_config_new(r->m, &r->law, &r->pol, r->arena, d);
    r->ops = cfg ? cs_ops_new(cfg, r->arena, d) : NULL;
    if (!r->ops)
        return d->worst != CS_OK ? d->worst : CS_ERR_NOMEM;
    cs_ops_set_hook(r->ops, r->opts.hook, r->opts.hook_ctx);
    cs_status st = cs_ops_run(r->ops, r->opts.seed, r->opts.index);
    r->simulated = st == CS_OK;
    return st;
}

/* ---- what decided ------------------------------------------------------------------ */

/* At most this many facts, factors and members are tried: the search costs one run of law
 * and politics per fact, and one of politics per factor and member position, and a library
 * of thousands of facts must not make every run quadratic. */
enum { FLIP_MAX_FACTS = 64, FLIP_MAX_FACTORS = 64, FLIP_MAX_MEMBERS = 64 };

/* A member's score in a result, 0 when it has no view there (it was not weighed). */
static double score_of(const cs_pol_result *p, const cs_state *st)
{
    for (uint32_t i = 0; i < p->nviews; i++)
        if (p->views[i].state == st)
            return p->views[i].score;
    return 0;
}

/* The largest change to one member's score between two results. */
static double score_change(const cs_pol_result *a, const cs_pol_result *b)
{
    double most = 0;
    for (int side = 0; side < 2; side++) {
        const cs_pol_result *x = side ? b : a, *y = side ? a : b;
        for (uint32_t i = 0; i < x->nviews; i++) {
            double dlt = fabs(x->views[i].score - score_of(y, x->views[i].state));
            if (dlt > most)
                most = dlt;
        }
    }
    return most;
}

/* Smallest first; ties: a fact, then a factor, then a position, each in the data's order
 * (the order they were tried in, kept by `seq`). */
static int cmp_flip(const void *x, const void *y)
{
    const cs_flip *a = x, *b = y;
    if (a->size != b->size)
        return a->size < b->size ? -1 : 1;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* How far member v's score must move to take position `to` (from its own). */
static double distance_to(const cs_view *v, cs_position to, const cs_politics *pol)
{
    switch (to) {
    case CS_POS_SUPPORT: return pol->support_at - v->score;
    case CS_POS_OPPOSE: return v->score - pol->oppose_at;
    case CS_POS_ABSTAIN:
        return v->pos == CS_POS_SUPPORT ? v->score - pol->support_at
                                        : pol->oppose_at - v->score;
    }
    return 0;
}

/* Try every single change (docs/model.md, "What decided") and keep those that flip the
 * decision, smallest first, in r->flips. Trials report nothing: one that cannot be
 * evaluated is not a candidate. Leaves the politics slots of r->law as the decision had
 * them. Returns false only when memory runs out. */
static bool find_flips(cs_run *r)
{
    const cs_model *m = r->m;
    const cs_alliance *al = r->law.sit.a;
    const cs_politics *pol = &al->politics;
    const cs_pol_result *base = &r->pol;
    uint32_t cap = FLIP_MAX_FACTS + FLIP_MAX_FACTORS + 2 * FLIP_MAX_MEMBERS;
    r->flips = cs_arena_array(r->arena, cap, sizeof *r->flips);
    cs_override *sets = cs_arena_array(r->arena, r->lopts.nsets + 1, sizeof *sets);
    if (!r->flips || !sets)
        return false;
    if (r->lopts.nsets)
        memcpy(sets, r->lopts.sets, r->lopts.nsets * sizeof *sets);
    cs_diags quiet;
    cs_diags_init(&quiet);
    cs_slot saved[3];
    static const int polslots[3] = {CS_SLOT_MEMBER, CS_SLOT_TRIGGERED, CS_SLOT_LEAD_POSITION};
    for (int i = 0; i < 3; i++)
        saved[i] = r->law.sit.slots[polslots[i]];
    bool ok = true;
    /* Facts: each true-or-false fact of the vocabulary with a value at the moment. */
    uint32_t tried = 0;
    for (uint32_t i = 0; i < m->nvocab && tried < FLIP_MAX_FACTS && ok; i++) {
        const cs_slot *sl = &r->law.sit.slots[CS_NBUILTIN + i];
        if (sl->type != CS_T_BOOL || sl->v.kind != CS_V_BOOL)
            continue;
        tried++;
        sets[r->lopts.nsets] = (cs_override){sl->name, sl->v.b ? "false" : "true"};
        cs_law_opts lo = r->lopts;
        lo.sets = sets;
        lo.nsets = r->lopts.nsets + 1;
        lo.trace_cap = 0;
        cs_law_result tl;
        cs_pol_result tp;
        cs_status st = cs_law_eval(&tl, m, r->s, &lo, r->arena, &quiet);
        if (st == CS_OK)
            st = cs_politics_eval(&tp, &tl, r->arena, &quiet, 0);
        if (st == CS_ERR_NOMEM)
            ok = false;
        else if (st == CS_OK && tp.decision != base->decision)
            r->flips[r->nflips++] = (cs_flip){
                .kind = CS_FLIP_FACT, .fact = sl->name, .from = sl->v.b, .to = !sl->v.b,
                .stated = sl->stated && !sl->overridden, .claimed = sl->claimed, .by = sl->by,
                .size = score_change(base, &tp), .then = tp.decision};
    }
    /* Factors and positions only matter where members were weighed. */
    for (uint32_t i = 0; i < pol->nfactors && i < FLIP_MAX_FACTORS && base->nviews && ok; i++) {
        cs_pol_change chg = {.drop = &pol->factors[i]};
        double size = 0;
        for (uint32_t v = 0; v < base->nviews; v++)
            for (uint32_t k = 0; k < base->views[v].ncontribs; k++)
                if (base->views[v].contribs[k].factor == chg.drop &&
                    fabs(base->views[v].contribs[k].amount) > size)
                    size = fabs(base->views[v].contribs[k].amount);
        if (size == 0)
            continue;   /* it weighed nothing: leaving it out changes nothing */
        cs_pol_result tp;
        cs_status st = cs_politics_eval_with(&tp, &r->law, r->arena, &quiet, 0, &chg);
        if (st == CS_ERR_NOMEM)
            ok = false;
        else if (st == CS_OK && tp.decision != base->decision)
            r->flips[r->nflips++] = (cs_flip){.kind = CS_FLIP_FACTOR, .factor = chg.drop,
                                              .size = size, .then = tp.decision};
    }
    for (uint32_t v = 0; v < base->nviews && v < FLIP_MAX_MEMBERS && ok; v++) {
        const cs_view *vw = &base->views[v];
        for (int to = 0; to < CS_NPOSITIONS && ok; to++) {
            if ((cs_position)to == vw->pos)
                continue;
            cs_pol_change chg = {.member = vw->state, .pos = (cs_position)to};
            cs_pol_result tp;
            cs_status st = cs_politics_eval_with(&tp, &r->law, r->arena, &quiet, 0, &chg);
            if (st == CS_ERR_NOMEM)
                ok = false;
            else if (st == CS_OK && tp.decision != base->decision && r->nflips < cap)
                r->flips[r->nflips++] = (cs_flip){
                    .kind = CS_FLIP_POSITION, .member = vw->state, .pos_from = vw->pos,
                    .pos_to = (cs_position)to, .size = distance_to(vw, (cs_position)to, pol),
                    .then = tp.decision};
        }
    }
    for (int i = 0; i < 3; i++)
        r->law.sit.slots[polslots[i]] = saved[i];
    cs_diags_free(&quiet);
    for (uint32_t i = 0; i < r->nflips; i++)
        r->flips[i].seq = i;
    qsort(r->flips, r->nflips, sizeof *r->flips, cmp_flip);
    return ok;
}

cs_status cs_run_exec(cs_run *r, const cs_scenario *s, const cs_run_opts *o, cs_diags *d)
{
    forget(r);
    r->s = s;
    r->opts = *o;
    r->lopts = (cs_law_opts){o->doctrine, o->sets, o->nsets, o->trace_cap};
    cs_status st = cs_law_eval(&r->law, r->m, s, &r->lopts, r->arena, d);
    if (st == CS_OK)
        st = cs_politics_eval(&r->pol, &r->law, r->arena, d, o->trace_cap);
    if (st != CS_OK)
        return st;
    r->decided = true;
    if (!find_flips(r))
        return cs_diag_file(d, CS_ERR_NOMEM, NULL, "out of memory");
    if (o->simulate && r->pol.decision == CS_DEC_ACT)
        st = simulate(r, d);
    return st;
}

cs_status cs_run_replicate(cs_run *r, uint64_t seed, uint64_t index, cs_diags *d)
{
    if (!r->ops)
        return cs_diag_file(d, CS_ERR_USAGE, NULL, "no operation to replicate");
    r->opts.seed = seed;
    r->opts.index = index;
    cs_status st = cs_ops_run(r->ops, seed, index);
    r->simulated = st == CS_OK;
    return st;
}

const cs_model *cs_run_model(const cs_run *r) { return r->m; }
const cs_scenario *cs_run_scenario(const cs_run *r) { return r->s; }
const cs_run_opts *cs_run_options(const cs_run *r) { return &r->opts; }
const cs_law_opts *cs_run_law_options(const cs_run *r) { return &r->lopts; }
const cs_law_result *cs_run_law(const cs_run *r) { return &r->law; }
const cs_pol_result *cs_run_politics(const cs_run *r) { return &r->pol; }
const cs_flip *cs_run_flips(const cs_run *r, uint32_t *n)
{
    *n = r->nflips;
    return r->flips;
}
const cs_ops_result *cs_run_ops(const cs_run *r)
{
    return r->simulated ? cs_ops_result_of(r->ops) : NULL;
}
const cs_ops *cs_run_sim(const cs_run *r) { return r->ops; }
