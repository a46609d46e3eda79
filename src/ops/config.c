/* config.c - the configuration of an operation: parameters, contingents and their lifters,
 * airfields, aircraft, sites, parliament sittings and the capacities of a run. Built once,
 * read-only afterwards (see ops.h). Every step is linear in the model's units, pledges and
 * airfields, except the distance table (airfields used, squared). */
#include "ops/ops_internal.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

enum { MAX_AIRCRAFT = 200000 };
/* Above this many airfields in use the distance table would pass 32 MiB: distances are then
 * computed when needed. */
enum { MAX_KM_TABLE = 2048 };
/* The flight-hour tables (one per aircraft type) are kept to 4 Mi entries (32 MiB). */
#define MAX_HOURS_TABLE (4.0 * 1024 * 1024)

/* ---- a set of pointers (open addressing), for lookups linear in the model's size ------ */

typedef struct ptrmap {
    const void **k;
    uint32_t *v;
    uint32_t mask;
} ptrmap;

static bool pm_init(ptrmap *p, cs_arena *a, uint32_t n)
{
    uint32_t cap = 16;
    while (cap < 2 * n && cap < (1u << 30))
        cap *= 2;
    p->k = cs_arena_array(a, cap, sizeof *p->k);
    p->v = cs_arena_array(a, cap, sizeof *p->v);
    p->mask = cap - 1;
    return p->k && p->v;
}

static uint32_t pm_pos(const ptrmap *p, const void *key)
{
    uint64_t h = ((uint64_t)(uintptr_t)key >> 4) * UINT64_C(0x9E3779B97F4A7C15);
    uint32_t i = (uint32_t)(h >> 32) & p->mask;
    while (p->k[i] && p->k[i] != key)
        i = (i + 1) & p->mask;
    return i;
}

/* The value stored for key, or UINT32_MAX. */
static uint32_t pm_get(const ptrmap *p, const void *key)
{
    uint32_t i = pm_pos(p, key);
    return p->k[i] ? p->v[i] : UINT32_MAX;
}

/* Store key -> v; the map was sized for all its keys, so it is at most half full. */
static void pm_put(ptrmap *p, const void *key, uint32_t v)
{
    uint32_t i = pm_pos(p, key);
    p->k[i] = key;
    p->v[i] = v;
}

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

/* ---- contingents, units and their lifters --------------------------------------------- */

typedef struct builder {
    cs_ops_config *g;
    cs_arena *a;
    cs_diags *d;
    const cs_law_result *law;
    ptrmap afmap;                    /* airfield -> index */
    const cs_state **lifters;        /* lifter L's state */
} builder;

/* The index of airfield af, added if new. */
static uint32_t af_index(builder *b, const cs_airfield *af)
{
    cs_ops_config *g = b->g;
    uint32_t i = pm_get(&b->afmap, af);
    if (i != UINT32_MAX)
        return i;
    g->afs[g->nafs] = (cs_ops_airfield){af,
                                        af->max_on_ground > 0 ? af->max_on_ground : g->default_mog,
                                        af->landings_per_h > 0 ? af->landings_per_h : g->default_lph,
                                        false};
    pm_put(&b->afmap, af, g->nafs);
    return g->nafs++;
}

static double fleet_size(const cs_state *s)
{
    double n = 0;
    for (uint32_t i = 0; i < s->nfleets; i++)
        n += s->fleets[i].count;
    return n;
}

/* Who flies a contingent: its own state if it has aircraft, else the lead state. */
static const cs_state *lifter_of(const cs_model *m, const cs_state *s, const cs_alliance *a)
{
    if (fleet_size(s) > 0)
        return s;
    const cs_state *lead = a->lead.id ? cs_model_state(m, a->lead.id) : NULL;
    return lead && fleet_size(lead) > 0 ? lead : NULL;
}

/* Can some aircraft of the lifter take a vehicle (vehicles) or a person of unit cu, with the
 * loading arithmetic of the airlift (airlift.c, load_of)? */
static bool lifter_carries(const cs_ops_config *g, const cs_state *lf, const cs_ops_unit *cu,
                           bool vehicles)
{
    for (uint32_t i = 0; i < lf->nfleets; i++) {
        const cs_aircraft_type *t = lf->fleets[i].type.to;
        if (lf->fleets[i].count <= 0)
            continue;
        double payload = t->payload_t * g->util;
        if (vehicles) {
            double slots = t->vehicles >= 0 ? floor(t->vehicles * g->util + 1e-9) : 1;
            if (slots >= 1 && cu->vehicle_t <= payload)
                return true;
        } else if (floor(t->seats * g->util) >= 1 && cu->kit_t <= payload)
            return true;
    }
    return false;
}

/* The units that go: every unit pledged to a force pool whose mandate covers the task, of a
 * member on the moment's date, except the host's own and units with nothing to carry. A
 * state's contingent is its units that go, in the model's order; contingents come in the
 * order of their first unit. */
static bool pick_contingents(builder *b, const cs_model *m, cs_diags *d)
{
    cs_ops_config *g = b->g;
    const cs_law_result *law = b->law;
    const cs_alliance *al = law->sit.a;
    uint32_t npledged = 0;
    for (uint32_t i = 0; i < law->npools; i++)
        for (uint32_t k = 0; k < law->pools[i]->npledges; k++)
            npledged += law->pools[i]->pledges[k].nunits;
    ptrmap pledged, states;          /* unit -> 1; state -> contingent, or UINT32_MAX - 1 */
    if (!pm_init(&pledged, b->a, npledged) || !pm_init(&states, b->a, m->nstates))
        return false;
    for (uint32_t i = 0; i < law->npools; i++)
        for (uint32_t k = 0; k < law->pools[i]->npledges; k++) {
            const cs_pledge *pl = &law->pools[i]->pledges[k];
            for (uint32_t j = 0; j < pl->nunits; j++)
                if (pl->units[j].to)
                    pm_put(&pledged, pl->units[j].to, 1);
        }
    const uint32_t NOT_MEMBER = UINT32_MAX - 1, MEMBER = UINT32_MAX - 2;
    for (uint32_t i = 0; i < m->nunits; i++) {
        const cs_unit *u = m->units[i];
        if ((u->personnel <= 0 && u->vehicles <= 0) || pm_get(&pledged, u) == UINT32_MAX)
            continue;
        uint32_t c = pm_get(&states, u->state);
        if (c == UINT32_MAX) {
            bool goes = strcmp(u->state->id, law->sit.s->host.id) != 0 &&
                        cs_alliance_is_member(al, u->state->id, law->sit.moment);
            c = goes ? MEMBER : NOT_MEMBER;
            pm_put(&states, u->state, c);
        }
        if (c == NOT_MEMBER)
            continue;
        if (c == MEMBER) {
            const cs_state *lf = lifter_of(m, u->state, al);
            if (!lf) {
                cs_diag_at(d, CS_ERR_OPS, &u->loc, "no state can fly %s's contingent: it has "
                           "no aircraft and the alliance's lead state has none", u->state->id);
                return false;
            }
            c = g->ncont;
            g->cont[c] = (cs_ops_contingent){u->state, lf, 0, 0, false, false,
                                             -1, -1, -1, -1, -1, false};
            uint32_t L = 0;
            while (L < g->nlifters && b->lifters[L] != lf)
                L++;
            if (L == g->nlifters)
                b->lifters[g->nlifters++] = lf;
            g->cont_lifter[g->ncont++] = L;
            pm_put(&states, u->state, c);
        }
        const cs_unit_type *ut = u->type.to;
        cs_ops_unit *cu = &g->units[g->nunits++];
        double vt = ut->vehicle_t;
        if (u->tonnage_t >= 0 && u->vehicles > 0)
            vt = (u->tonnage_t - u->personnel * ut->kit_t) / u->vehicles;
        if (vt < 0)
            vt = 0;
        double ready = g->t0 + (u->readiness_h >= 0 ? u->readiness_h : ut->readiness_h);
        if (u->base.present) {
            const cs_airfield *af = u->airfield.to;
            ready += cs_geo_km(u->base.lat, u->base.lon, af->lat, af->lon) * g->road_detour /
                     g->road_kmh;
        }
        uint32_t fi = af_index(b, u->airfield.to);
        *cu = (cs_ops_unit){u, c, fi, u->personnel, u->vehicles, vt, ut->kit_t, ready};
        g->cont[c].personnel += u->personnel;
        g->cont[c].vehicles += u->vehicles;
    }
    if (g->nunits == 0) {
        const cs_scenario *s = g->s;
        cs_diag_file(d, CS_ERR_OPS, s->file ? s->file->name : NULL,
                     "no member's unit is pledged to a force pool that covers this operation");
        return false;
    }
    /* Each contingent's units, in unit order: counted, then placed. */
    g->cont_first = cs_arena_array(b->a, g->ncont + 1, sizeof *g->cont_first);
    g->cont_units = cs_arena_array(b->a, g->nunits, sizeof *g->cont_units);
    if (!g->cont_first || !g->cont_units)
        return false;
    for (uint32_t u = 0; u < g->nunits; u++)
        g->cont_first[g->units[u].c + 1]++;
    for (uint32_t c = 0; c < g->ncont; c++)
        g->cont_first[c + 1] += g->cont_first[c];
    uint32_t *next = cs_arena_array(b->a, g->ncont, sizeof *next);
    if (!next)
        return false;
    for (uint32_t u = 0; u < g->nunits; u++) {
        uint32_t c = g->units[u].c;
        g->cont_units[g->cont_first[c] + next[c]++] = u;
    }
    return true;
}

/* Every unit's cargo fits some aircraft of its lifter. */
static bool check_lift(const cs_ops_config *g, cs_diags *d)
{
    for (uint32_t u = 0; u < g->nunits; u++) {
        const cs_ops_unit *cu = &g->units[u];
        const cs_state *lf = g->cont[cu->c].lifter;
        bool v = cu->vehicles > 0 && !lifter_carries(g, lf, cu, true);
        if (v || (cu->personnel > 0 && !lifter_carries(g, lf, cu, false))) {
            cs_diag_at(d, CS_ERR_OPS, &cu->unit->loc, "no aircraft of %s can take unit '%s''s "
                       "%s (at %g of each aircraft's capacity)", lf->id, cu->unit->id,
                       v ? "vehicles" : "personnel", g->util);
            return false;
        }
    }
    return true;
}

/* ---- airfields and aircraft ----------------------------------------------------------- */

/* The host's airfields are the theater's; every fleet of every lifter flies, each aircraft
 * from its fleet's base (or its state's first airfield). */
static bool build_airfields_and_aircraft(builder *b, cs_diags *d)
{
    cs_ops_config *g = b->g;
    const cs_state *host = g->s->host.to;
    for (uint32_t i = 0; i < host->nairfields; i++)
        g->afs[af_index(b, &host->airfields[i])].theater = true;
    if (host->nairfields == 0) {
        cs_diag_at(d, CS_ERR_OPS, &host->loc, "host %s has no airfield to land at", host->id);
        return false;
    }
    double total = 0;
    for (uint32_t L = 0; L < g->nlifters; L++)
        total += fleet_size(b->lifters[L]);
    if (total > MAX_AIRCRAFT) {
        cs_diag_file(d, CS_ERR_OPS, NULL, "%.0f aircraft: more than the %d a simulation takes",
                     total, MAX_AIRCRAFT);
        return false;
    }
    uint32_t nac = (uint32_t)total;
    g->ac = cs_arena_array(b->a, nac ? nac : 1, sizeof *g->ac);
    ptrmap types;                    /* aircraft type -> its index */
    uint32_t nfleets = 0;
    for (uint32_t L = 0; L < g->nlifters; L++)
        nfleets += b->lifters[L]->nfleets;
    if (!g->ac || !pm_init(&types, b->a, nfleets))
        return false;
    for (uint32_t L = 0; L < g->nlifters; L++) {
        const cs_state *ls = b->lifters[L];
        for (uint32_t f = 0; f < ls->nfleets; f++) {
            const cs_fleet *fl = &ls->fleets[f];
            const cs_airfield *base = fl->base.to;
            if (!base)
                base = ls->nairfields ? &ls->airfields[0] : NULL;
            if (!base) {
                cs_diag_at(d, CS_ERR_OPS, &fl->loc, "%s's fleet has no base airfield", ls->id);
                return false;
            }
            uint32_t bi = af_index(b, base);
            const cs_aircraft_type *t = fl->type.to;
            /* The loading limits of the airlift (airlift.c, load_of), fixed per type. */
            double payload = t->payload_t * g->util, seats = floor(t->seats * g->util);
            double floor_v = t->vehicles >= 0 ? floor(t->vehicles * g->util + 1e-9) : -1;
            uint32_t ti = pm_get(&types, t);
            if (ti == UINT32_MAX) {
                ti = g->ntypes;
                pm_put(&types, t, g->ntypes++);
            }
            for (uint32_t k = 0; k < (uint32_t)fl->count; k++)
                g->ac[g->nac++] = (ops_aircraft){t, ti, L, bi, payload, seats, floor_v};
        }
    }
    /* Theater airfields in index order, for the landing-slot search. */
    g->theater = cs_arena_array(b->a, g->nafs, sizeof *g->theater);
    if (!g->theater)
        return false;
    for (uint32_t f = 0; f < g->nafs; f++)
        if (g->afs[f].theater)
            g->theater[g->ntheater++] = f;
    /* Great-circle distances between the airfields in use, each computed once, exactly as
     * it would be in flight. */
    if (g->nafs <= MAX_KM_TABLE) {
        double *km = cs_arena_array(b->a, (size_t)g->nafs * g->nafs, sizeof *km);
        if (!km)
            return false;
        for (uint32_t i = 0; i < g->nafs; i++)
            for (uint32_t j = 0; j < g->nafs; j++) {
                const cs_airfield *x = g->afs[i].af, *y = g->afs[j].af;
                km[(size_t)i * g->nafs + j] = cs_geo_km(x->lat, x->lon, y->lat, y->lon);
            }
        g->km = km;
        /* Flight hours per aircraft type, divided as ops_fly_h would. */
        size_t per = (size_t)g->nafs * g->nafs;
        if ((double)g->ntypes * (double)per <= MAX_HOURS_TABLE) {
            double *h = cs_arena_array(b->a, g->ntypes * per, sizeof *h);
            bool *done = cs_arena_array(b->a, g->ntypes ? g->ntypes : 1, sizeof *done);
            if (!h || !done)
                return false;
            for (uint32_t i = 0; i < g->nac; i++) {
                uint32_t ti = g->ac[i].type_ix;
                if (done[ti])
                    continue;
                done[ti] = true;
                for (size_t k = 0; k < per; k++)
                    h[ti * per + k] = km[k] / g->ac[i].type->cruise_kmh;
            }
            g->hours = h;
        }
    }
    return true;
}

/* ---- sites, the mission's end, sittings ----------------------------------------------- */

/* Sites in the scenario's order of priority, and their handover order (by rank; equal ranks
 * in the scenario's order). */
static bool build_sites(builder *b)
{
    cs_ops_config *g = b->g;
    const cs_scenario *s = g->s;
    g->nsites = s->nsites;
    g->sites = cs_arena_array(b->a, s->nsites ? s->nsites : 1, sizeof *g->sites);
    g->handover_order = cs_arena_array(b->a, s->nsites ? s->nsites : 1,
                                       sizeof *g->handover_order);
    if (!g->sites || !g->handover_order)
        return false;
    for (uint32_t i = 0; i < s->nsites; i++) {
        const cs_site *st = &s->sites[i];
        const cs_site_kind *k = st->kind.to;
        double from = st->has_from ? (double)(st->from.min - s->start.min) / 60.0 : 0;
        g->sites[i] = (cs_ops_site){st, st->personnel >= 0 ? st->personnel : k->guard_personnel,
                                    st->frees_host >= 0 ? st->frees_host : k->frees_host, from,
                                    -1, -1, -1};
        uint32_t j = i;
        while (j > 0 && s->sites[g->handover_order[j - 1]].handover > st->handover) {
            g->handover_order[j] = g->handover_order[j - 1];
            j--;
        }
        g->handover_order[j] = i;
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
static bool build_sessions(builder *b)
{
    cs_ops_config *g = b->g;
    const cs_scenario *s = g->s;
    uint32_t nparl = 0, nrecorded = 0;
    for (uint32_t c = 0; c < g->ncont; c++)
        nparl += g->cont[c].state->auth.proc == CS_AUTH_PARLIAMENT;
    for (uint32_t i = 0; i < s->nevents; i++)
        nrecorded += s->events[i].kind == CS_EV_PARLIAMENT_SESSION;
    g->capsessions = nrecorded + nparl * (uint32_t)g->max_sittings + 1;
    g->sessions = cs_arena_array(b->a, g->capsessions, sizeof *g->sessions);
    if (!g->sessions)
        return false;
    for (uint32_t c = 0; c < g->ncont; c++) {
        const cs_authorization *au = &g->cont[c].state->auth;
        if (au->proc != CS_AUTH_PARLIAMENT)
            continue;
        bool any = false;
        for (uint32_t i = 0; i < s->nevents; i++) {
            const cs_event *e = &s->events[i];
            if (e->kind == CS_EV_PARLIAMENT_SESSION && e->state.to == g->cont[c].state) {
                g->sessions[g->nsessions++] =
                    (ops_session){c, (double)(e->at.min - s->start.min) / 60.0, e};
                any = true;
            }
        }
        if (!any)
            g->sessions[g->nsessions++] =
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
    builder b = {g, a, d, law, {0}, NULL};
    uint32_t maxc = m->nstates ? m->nstates : 1, maxaf = m->nairfields ? m->nairfields : 1;
    g->units = cs_arena_array(a, m->nunits ? m->nunits : 1, sizeof *g->units);
    g->cont = cs_arena_array(a, maxc, sizeof *g->cont);
    g->cont_lifter = cs_arena_array(a, maxc, sizeof *g->cont_lifter);
    g->afs = cs_arena_array(a, maxaf, sizeof *g->afs);
    b.lifters = cs_arena_array(a, maxc, sizeof *b.lifters);
    if (!g->units || !g->cont || !g->cont_lifter || !g->afs || !b.lifters ||
        !pm_init(&b.afmap, a, maxaf))
        goto oom;
    size_t before = d->n + d->dropped;
    if (!pick_contingents(&b, m, d))
        goto fail;
    if (!check_lift(g, d))
        return NULL;
    if (!build_airfields_and_aircraft(&b, d))
        goto fail;
    if (!build_sites(&b) || !build_sessions(&b))
        goto oom;
    if (!size_buffers(g, d))
        return NULL;
    return g;
fail:
    if (d->n + d->dropped > before)
        return NULL;
oom:
    cs_diag_file(d, CS_ERR_NOMEM, NULL, "out of memory");
    return NULL;
}
