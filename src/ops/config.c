/* config.c - the configuration of an operation: its parameters, then its forces (forces.c),
 * sites, parliament sittings and the capacities of a run. Built once, read-only afterwards
 * (see ops.h). */
#include "ops/ops_internal.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

/* ---- parameters ----------------------------------------------------------------------- */

/* Every catalog parameter the operation reads: where it goes, and its allowed range. */
static const struct {
    const char *id;
    size_t field;
    double lo, hi;
    bool whole;
} params[] = {
    {"road-kmh", offsetof(cs_ops_config, road_kmh), 0.1, 1000, false},
    {"load-h", offsetof(cs_ops_config, load_h), 0, 1000, false},
    {"handover-sites-per-day", offsetof(cs_ops_config, handover_per_day), 0.01, 1000, false},
    {"road-max-km", offsetof(cs_ops_config, road_max_km), 0, 1e5, false},
    {"road-detour", offsetof(cs_ops_config, road_detour), 1, 10, false},
    {"executive-decision-h", offsetof(cs_ops_config, exec_h), 0, 1e4, false},
    {"parliament-quorum-p", offsetof(cs_ops_config, quorum_p), 0, 1, false},
    {"parliament-max-sittings", offsetof(cs_ops_config, max_sittings), 1, 1000, true},
    {"withdrawal-delay-h", offsetof(cs_ops_config, after_h), 0, 1e5, false},
    {"airlift-utilization", offsetof(cs_ops_config, util), 0.01, 1, false},
    {"airfield-default-max-on-ground", offsetof(cs_ops_config, default_mog), 1, 1e5, false},
    {"airfield-default-landings-per-h", offsetof(cs_ops_config, default_lph), 0.01, 1000,
     false},
};

/* Read every parameter into g: each missing one is reported; then the first out of its
 * range. */
static bool read_params(cs_ops_config *g, const cs_model *m, cs_diags *d)
{
    bool ok = true;
    for (size_t i = 0; i < sizeof params / sizeof *params; i++) {
        const cs_param *p = cs_model_param(m, params[i].id);
        if (!p) {
            cs_diag_file(d, CS_ERR_REF, NULL, "the catalog has no parameter '%s', which the "
                         "operational model needs", params[i].id);
            ok = false;
        } else
            memcpy((char *)g + params[i].field, &p->value, sizeof p->value);
    }
    for (size_t i = 0; ok && i < sizeof params / sizeof *params; i++) {
        const cs_param *p = cs_model_param(m, params[i].id);
        double v = p->value;
        if (!(v >= params[i].lo && v <= params[i].hi)) {
            cs_diag_at(d, CS_ERR_SCHEMA, &p->loc, "parameter '%s' is %g; it must be from %g "
                       "to %g", params[i].id, v, params[i].lo, params[i].hi);
            ok = false;
        } else if (params[i].whole && v != floor(v)) {
            cs_diag_at(d, CS_ERR_SCHEMA, &p->loc, "parameter '%s' is %g; it must be a whole "
                       "number", params[i].id, v);
            ok = false;
        }
    }
    return ok;
}

/* ---- sites, the mission's end, sittings ----------------------------------------------- */

/* Sites in the scenario's order of priority, and their handover order (by rank; equal ranks
 * in the scenario's order). */
static bool build_sites(ops_builder *b)
{
    cs_ops_config *g = b->g;
    const cs_scenario *s = g->s;
    g->nsites = s->nsites;
    cs_ops_site *sites = cs_arena_array(b->a, s->nsites ? s->nsites : 1, sizeof *sites);
    uint32_t *order = cs_arena_array(b->a, s->nsites ? s->nsites : 1, sizeof *order);
    if (!sites || !order)
        return false;
    g->sites = sites;
    g->handover_order = order;
    for (uint32_t i = 0; i < s->nsites; i++) {
        const cs_site *st = &s->sites[i];
        const cs_site_kind *k = st->kind.to;
        double from = st->has_from ? (double)(st->from.min - s->start.min) / 60.0 : 0;
        sites[i] = (cs_ops_site){st, st->personnel >= 0 ? st->personnel : k->guard_personnel,
                                    st->frees_host >= 0 ? st->frees_host : k->frees_host, from,
                                    -1, -1, -1};
        uint32_t j = i;
        while (j > 0 && s->sites[order[j - 1]].handover > st->handover) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = i;
    }
    /* The end of the mission: the host's request to leave. */
    for (uint32_t i = 0; i < s->nevents; i++)
        if (s->events[i].kind == CS_EV_END_REQUEST) {
            g->has_end = true;
            g->end_t = (double)(s->events[i].at.min - s->start.min) / 60.0;
            break;
        }
    return true;
}

/* Parliament sittings: the scenario's for each parliament-vote contingent, or one the model
 * adds after the usual delay. A run adds a sitting after each that had no quorum, up to
 * parliament-max-sittings per contingent, so the buffer holds that many per contingent:
 * how many events the scenario lists plays no part. */
static bool build_sessions(ops_builder *b)
{
    cs_ops_config *g = b->g;
    const cs_scenario *s = g->s;
    uint32_t nparl = 0, nrecorded = 0;
    for (uint32_t c = 0; c < g->ncont; c++)
        nparl += g->cont[c].state->auth.proc == CS_AUTH_PARLIAMENT;
    for (uint32_t i = 0; i < s->nevents; i++)
        nrecorded += s->events[i].kind == CS_EV_PARLIAMENT_SESSION;
    g->capsessions = nrecorded + nparl * (uint32_t)g->max_sittings + 1;
    ops_session *sessions = cs_arena_array(b->a, g->capsessions, sizeof *sessions);
    if (!sessions)
        return false;
    g->sessions = sessions;
    for (uint32_t c = 0; c < g->ncont; c++) {
        const cs_authorization *au = &g->cont[c].state->auth;
        if (au->proc != CS_AUTH_PARLIAMENT)
            continue;
        bool any = false;
        for (uint32_t i = 0; i < s->nevents; i++) {
            const cs_event *e = &s->events[i];
            if (e->kind == CS_EV_PARLIAMENT_SESSION && e->state.to == g->cont[c].state) {
                sessions[g->nsessions++] =
                    (ops_session){c, (double)(e->at.min - s->start.min) / 60.0, e};
                any = true;
            }
        }
        if (!any)
            sessions[g->nsessions++] =
                (ops_session){c, g->t0 + (au->convene_h >= 0 ? au->convene_h : 24), NULL};
    }
    return true;
}

/* The record buffers and the scheduler, sized for the worst case so that a run never
 * allocates. */
static bool size_buffers(cs_ops_config *g, cs_diags *d)
{
    double min_seats = INFINITY;
    for (uint32_t i = 0; i < g->nac; i++)
        if (g->ac[i].type->seats < min_seats)
            min_seats = g->ac[i].type->seats;
    if (min_seats < 1)
        min_seats = 1;
    double loads = 0;
    for (uint32_t u = 0; u < g->nunits; u++)
        loads += ceil(g->units[u].personnel / min_seats) + g->units[u].vehicles + 1;
    double capfl = 4 * loads + 16;
    if (capfl > 5e7) {
        cs_diag_file(d, CS_ERR_OPS, NULL, "the operation is too large to simulate");
        return false;
    }
    g->capfl = (uint32_t)capfl;
    g->captl = 8 * g->ncont + 4 * g->nunits + 4 * g->nsites + 4 * g->capsessions + 32;
    g->capsm = g->capfl + 2 * g->nunits + 16;
    double capev = 3.0 * g->nac + 3.0 * g->nunits + 2.0 * g->nsites + 4.0 * g->ncont +
                   2.0 * g->capsessions + g->nafs + 32;
    if (capev > CS_SCHED_MAX_CAP) {
        cs_diag_file(d, CS_ERR_OPS, NULL, "the operation is too large to simulate (%.0f "
                     "events at once)", capev);
        return false;
    }
    g->capev = (uint32_t)capev;
    return true;
}

const cs_ops_config *cs_ops_config_new(const cs_model *m, const cs_law_result *law,
                                       const cs_pol_result *pol, cs_arena *a, cs_diags *d)
{
    const cs_scenario *s = law->sit.s;
    if (pol->decision != CS_DEC_ACT || !pol->has_date) {
        cs_diag_file(d, CS_ERR_USAGE, NULL, "the council did not decide to act: nothing to "
                     "simulate");
        return NULL;
    }
    cs_ops_config *g = cs_arena_alloc(a, sizeof *g);
    if (!g)
        goto oom;
    g->m = m;
    g->s = s;
    g->t0 = (double)(pol->date.min - s->start.min) / 60.0;
    if (!read_params(g, m, d))
        return NULL;
    ops_builder b = {.g = g, .a = a, .law = law};
    size_t before = d->n + d->dropped;
    if (!ops_build_forces(&b, m, d)) {
        if (d->n + d->dropped > before)
            return NULL;
        goto oom;
    }
    if (!build_sites(&b) || !build_sessions(&b))
        goto oom;
    if (!size_buffers(g, d))
        return NULL;
    return g;
oom:
    cs_diag_file(d, CS_ERR_NOMEM, NULL, "out of memory");
    return NULL;
}
