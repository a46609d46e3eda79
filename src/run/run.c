/* run.c - the run object: law, then politics, then (after "act") the operation, all in one
 * arena that is reset, not freed, between runs. */
#include "run/run.h"
#include "support/mem.h"

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
const cs_ops_result *cs_run_ops(const cs_run *r)
{
    return r->simulated ? cs_ops_result_of(r->ops) : NULL;
}
const cs_ops *cs_run_sim(const cs_run *r) { return r->ops; }
