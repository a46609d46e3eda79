/* run.c - the state of a run: made (cs_ops_new), reset and run (cs_ops_run); the table of
 * processes that events are dispatched through; milestones and recording. */
#include "ops/ops_internal.h"

#include <string.h>

const char *const cs_oev_names[] = {
    [CS_OEV_DECISION] = "decision",          [CS_OEV_AUTHORIZED] = "authorized",
    [CS_OEV_NO_QUORUM] = "no-quorum",        [CS_OEV_VOTE_FAILED] = "vote-failed",
    [CS_OEV_UNIT_READY] = "unit-ready",      [CS_OEV_FIRST_ARRIVAL] = "first-arrival",
    [CS_OEV_CONTINGENT_IN] = "contingent-in", [CS_OEV_DEPLOYED] = "deployed",
    [CS_OEV_SITE_NEEDED] = "site-needed",    [CS_OEV_SITE_COVERED] = "site-covered",
    [CS_OEV_MISSION_END] = "mission-end",    [CS_OEV_WITHDRAWAL] = "withdrawal",
    [CS_OEV_HANDED_OVER] = "handed-over",    [CS_OEV_UNIT_LEAVES] = "unit-leaves",
    [CS_OEV_CONTINGENT_OUT] = "contingent-out", [CS_OEV_CONTINGENT_HOME] = "contingent-home",
    [CS_OEV_END] = "end",
};
_Static_assert(sizeof cs_oev_names / sizeof *cs_oev_names == CS_OEV_COUNT,
               "one name per kind of recorded event");

/* One process per kind of event. */
const ops_process_entry ops_processes[] = {
    [EV_DECISION] = {"decision", p_decision},
    [EV_SESSION] = {"session", p_session},
    [EV_AUTHORIZE] = {"authorize", p_authorize},
    [EV_AT_AIRFIELD] = {"at-airfield", p_at_airfield},
    [EV_DEPART] = {"depart", p_depart},
    [EV_ARRIVE] = {"arrive", p_arrive},
    [EV_UNLOADED] = {"unloaded", p_unloaded},
    [EV_SLOT] = {"slot", p_slot},
    [EV_SITE] = {"site", p_site},
    [EV_END] = {"end", p_end},
    [EV_WITHDRAW] = {"withdraw", p_withdraw},
    [EV_HANDOVER] = {"handover", p_handover},
    [EV_ROAD_HOME] = {"road-home", p_road_home},
    [EV_DISPATCH] = {"dispatch", p_dispatch},
};
_Static_assert(sizeof ops_processes / sizeof *ops_processes == EV_COUNT,
               "one process per event kind");

/* The scheduler's callback: its two arguments are the event's kind and argument. */
static void on_event(void *ctx, uint32_t kind, uint32_t arg)
{
    assert(kind < EV_COUNT);
    ops_processes[kind].run(ctx, arg);
}

void ops_at(cs_ops *o, double t, ops_ev kind, uint32_t arg)
{
    if (cs_sched_at(&o->sched, t, on_event, (uint32_t)kind, arg) == CS_SCHED_NONE)
        o->err = CS_ERR_NOMEM;   /* the scheduler was sized too small: a bug */
}

/* ---- recording ------------------------------------------------------------------------ */

void ops_note(cs_ops *o, cs_oev_kind k, int32_t c, int32_t u, int32_t s, double v)
{
    if (o->res.ntimeline == o->cfg->captl) {
        o->res.truncated = true;
        return;
    }
    o->tl[o->res.ntimeline++] = (cs_oev){o->sched.now, k, c, u, s, v};
}

/* Contingent c's personnel and vehicles in theater changed; the peak of all contingents'
 * personnel is kept as it goes. */
void ops_sample(cs_ops *o, uint32_t c)
{
    if (o->th_total > o->res.peak_personnel)
        o->res.peak_personnel = o->th_total;
    if (o->res.nsamples == o->cfg->capsm) {
        o->res.truncated = true;
        return;
    }
    o->sm[o->res.nsamples++] = (cs_sample){o->sched.now, c, o->cs[c].th_pers, o->cs[c].th_veh};
}

/* ---- milestones ----------------------------------------------------------------------- */

static bool all_in(const cs_ops *o)
{
    for (uint32_t c = 0; c < o->cfg->ncont; c++)
        if (!o->cont[c].refused && o->cont[c].complete < 0)
            return false;
    return true;
}

/* The deployment is complete when every contingent that may go is all in theater, before
 * any withdrawal; sites held back for it can then be given out. */
void ops_check_deployed(cs_ops *o)
{
    if (o->res.deployed >= 0 || o->withdrawing || !all_in(o))
        return;
    o->res.deployed = o->sched.now;
    for (uint32_t c = 0; c < o->cfg->ncont; c++) {
        o->res.personnel_deployed += o->cs[c].th_pers;
        o->res.vehicles_deployed += o->cs[c].th_veh;
    }
    ops_note(o, CS_OEV_DEPLOYED, -1, -1, -1, o->res.personnel_deployed);
    ops_cover_sites(o);
}

/* The run ends, once, when every contingent any of whose cargo left home is home again. */
void ops_check_end(cs_ops *o)
{
    if (o->res.end >= 0)
        return;
    for (uint32_t c = 0; c < o->cfg->ncont; c++)
        if (o->cs[c].went && o->cont[c].home < 0)
            return;
    o->res.end = o->sched.now;
    ops_note(o, CS_OEV_END, -1, -1, -1, 0);
}

/* ---- the state of a run --------------------------------------------------------------- */

#define ARRAY(a, n, p) ((p) = cs_arena_array((a), (n) ? (n) : 1, sizeof *(p)))

cs_ops *cs_ops_new(const cs_ops_config *g, cs_arena *a, cs_diags *d)
{
    cs_ops *o = cs_arena_alloc(a, sizeof *o);
    if (!o)
        goto oom;
    o->cfg = g;
    if (!ARRAY(a, g->ncont, o->cont) || !ARRAY(a, g->nsites, o->sites) ||
        !ARRAY(a, g->nac, o->ac) || !ARRAY(a, g->nlifters, o->lifters) ||
        !ARRAY(a, g->nunits, o->arrival_order) || !ARRAY(a, g->capsessions, o->sessions) ||
        !ARRAY(a, g->nunits, o->us) || !ARRAY(a, g->nafs, o->as) ||
        !ARRAY(a, g->ncont, o->cs) || !ARRAY(a, g->captl, o->tl) ||
        !ARRAY(a, g->capfl, o->fl) || !ARRAY(a, g->capsm, o->sm))
        goto oom;
    /* Ring capacities: each holds an index at most once. */
    for (uint32_t L = 0; L < g->nlifters; L++) {
        lifter *lf = &o->lifters[L];
        lf->idle = (ops_ring){cs_arena_array(a, g->nac, sizeof(uint32_t)), 0, 0, g->nac};
        for (int dir = 0; dir < 2; dir++)
            lf->turn[dir] = (ops_ring){cs_arena_array(a, g->ncont, sizeof(uint32_t)), 0, 0,
                                       g->ncont};
        if (!lf->idle.v || !lf->turn[0].v || !lf->turn[1].v)
            goto oom;
    }
    for (int dir = 0; dir < 2; dir++) {
        if (!ARRAY(a, g->ncont, o->waiting[dir]))
            goto oom;
        for (uint32_t c = 0; c < g->ncont; c++) {
            uint32_t n = g->cont_first[c + 1] - g->cont_first[c];
            o->waiting[dir][c] = (ops_ring){cs_arena_array(a, n, sizeof(uint32_t)), 0, 0, n};
            if (!o->waiting[dir][c].v)
                goto oom;
        }
    }
    if (!cs_sched_init(&o->sched, g->capev, a))
        goto oom;
    return o;
oom:
    cs_diag_file(d, CS_ERR_NOMEM, NULL, "out of memory");
    return NULL;
}

static void reset(cs_ops *o, uint64_t seed, uint64_t index)
{
    const cs_ops_config *g = o->cfg;
    cs_sched_reset(&o->sched);
    cs_rng_seed(&o->rng, seed, index);
    o->err = CS_OK;
    o->withdrawing = false;
    o->narrived = 0;
    o->first_open = 0;
    o->th_total = 0;
    memset(o->us, 0, g->nunits * sizeof *o->us);
    memset(o->cs, 0, g->ncont * sizeof *o->cs);
    for (uint32_t u = 0; u < g->nunits; u++) {
        o->us[u].wait_pers = g->units[u].personnel;
        o->us[u].wait_veh = g->units[u].vehicles;
    }
    for (uint32_t c = 0; c < g->ncont; c++)
        o->cs[c].units = g->cont_first[c + 1] - g->cont_first[c];
    memcpy(o->cont, g->cont, g->ncont * sizeof *o->cont);
    memcpy(o->sites, g->sites, g->nsites * sizeof *o->sites);
    for (uint32_t f = 0; f < g->nafs; f++)
        o->as[f] = (af_state){0};
    for (uint32_t L = 0; L < g->nlifters; L++) {
        lifter *lf = &o->lifters[L];
        ring_clear(&lf->idle);
        ring_clear(&lf->turn[0]);
        ring_clear(&lf->turn[1]);
        lf->wake_pending = false;
        lf->memo[0].valid = lf->memo[1].valid = false;
    }
    for (int dir = 0; dir < 2; dir++)
        for (uint32_t c = 0; c < g->ncont; c++)
            ring_clear(&o->waiting[dir][c]);
    for (uint32_t i = 0; i < g->nac; i++) {
        o->ac[i] = (aircraft){g->ac[i].base, -1, 0, 0, false, 0, UINT32_MAX, UINT32_MAX};
        ring_push(&o->lifters[g->ac[i].lifter].idle, i);
    }
    memcpy(o->sessions, g->sessions, g->nsessions * sizeof *o->sessions);
    o->nsessions = g->nsessions;
    o->res = (cs_ops_result){0};
    o->res.first_arrival = o->res.deployed = o->res.withdrawal = o->res.end = -1;
}

cs_status cs_ops_run(cs_ops *o, uint64_t seed, uint64_t index)
{
    const cs_ops_config *g = o->cfg;
    reset(o, seed, index);
    ops_at(o, g->t0, EV_DECISION, 0);
    for (uint32_t i = 0; i < g->nsites; i++)
        ops_at(o, g->sites[i].from > g->t0 ? g->sites[i].from : g->t0, EV_SITE, i);
    if (g->has_end)
        ops_at(o, g->end_t > g->t0 ? g->end_t : g->t0, EV_END, 0);
    while (o->err == CS_OK && cs_sched_step(&o->sched, o, OPS_MAX_HOURS))
        if (o->hook)
            o->hook(o, o->hook_ctx);
    if (cs_sched_pending(&o->sched))
        o->res.truncated = true;   /* stopped at the horizon */
    o->res.t0 = g->t0;
    o->res.s = g->s;
    o->res.contingents = o->cont;
    o->res.ncontingents = g->ncont;
    o->res.units = g->units;
    o->res.nunits = g->nunits;
    o->res.sites = o->sites;
    o->res.nsites = g->nsites;
    o->res.airfields = g->afs;
    o->res.nairfields = g->nafs;
    o->res.timeline = o->tl;
    o->res.flights = o->fl;
    o->res.samples = o->sm;
    o->res.naircraft = g->nac;
    o->res.events = o->sched.executed;
    return o->err;
}

const cs_ops_result *cs_ops_result_of(const cs_ops *o) { return &o->res; }

void cs_ops_set_hook(cs_ops *o, cs_ops_hook fn, void *ctx)
{
    o->hook = fn;
    o->hook_ctx = ctx;
}

const cs_aircraft_type *cs_ops_aircraft_type(const cs_ops *o, uint32_t i)
{
    return i < o->cfg->nac ? o->cfg->ac[i].type : NULL;
}
