/* forces.c - the forces of an operation, for its configuration: which units go, grouped
 * into contingents with the state whose aircraft lift them; the airfields they use and the
 * aircraft that fly; the distances and flight times between those airfields. Linear in the
 * model's units and pledges (lookups go through hash maps), except the distance tables
 * (airfields in use, squared). */
#include "ops/ops_internal.h"

#include <math.h>
#include <string.h>

typedef ops_ptrmap ptrmap;

enum { MAX_AIRCRAFT = 200000 };
/* Above this many airfields in use the distance table would pass 32 MiB: distances are then
 * computed when needed. */
enum { MAX_KM_TABLE = 2048 };
/* The flight-hour tables (one per aircraft type) are kept to 4 Mi entries (32 MiB). */
#define MAX_HOURS_TABLE (4.0 * 1024 * 1024)

/* ---- a set of pointers (open addressing), for lookups linear in the model's size ------ */

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

/* ---- contingents, units and their lifters --------------------------------------------- */


/* The index of airfield af, added if new. */
static uint32_t af_index(ops_builder *b, const cs_airfield *af)
{
    cs_ops_config *g = b->g;
    uint32_t i = pm_get(&b->afmap, af);
    if (i != UINT32_MAX)
        return i;
    b->afs[g->nafs] = (cs_ops_airfield){af,
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
static bool pick_contingents(ops_builder *b, const cs_model *m, cs_diags *d)
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
            b->cont[c] = (cs_ops_contingent){u->state, lf, 0, 0, false, false,
                                             -1, -1, -1, -1, -1, false};
            uint32_t L = 0;
            while (L < g->nlifters && b->lifters[L] != lf)
                L++;
            if (L == g->nlifters)
                b->lifters[g->nlifters++] = lf;
            b->cont_lifter[g->ncont++] = L;
            pm_put(&states, u->state, c);
        }
        const cs_unit_type *ut = u->type.to;
        cs_ops_unit *cu = &b->units[g->nunits++];
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
        b->cont[c].personnel += u->personnel;
        b->cont[c].vehicles += u->vehicles;
    }
    if (g->nunits == 0) {
        const cs_scenario *s = g->s;
        cs_diag_file(d, CS_ERR_OPS, s->file ? s->file->name : NULL,
                     "no member's unit is pledged to a force pool that covers this operation");
        return false;
    }
    /* Each contingent's units, in unit order: counted, then placed. */
    uint32_t *first = cs_arena_array(b->a, g->ncont + 1, sizeof *first);
    uint32_t *units = cs_arena_array(b->a, g->nunits, sizeof *units);
    if (!first || !units)
        return false;
    g->cont_first = b->cont_first = first;
    g->cont_units = b->cont_units = units;
    for (uint32_t u = 0; u < g->nunits; u++)
        first[g->units[u].c + 1]++;
    for (uint32_t c = 0; c < g->ncont; c++)
        first[c + 1] += first[c];
    uint32_t *next = cs_arena_array(b->a, g->ncont, sizeof *next);
    if (!next)
        return false;
    for (uint32_t u = 0; u < g->nunits; u++) {
        uint32_t c = g->units[u].c;
        units[first[c] + next[c]++] = u;
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
static bool build_airfields_and_aircraft(ops_builder *b, cs_diags *d)
{
    cs_ops_config *g = b->g;
    const cs_state *host = g->s->host.to;
    for (uint32_t i = 0; i < host->nairfields; i++)
        b->afs[af_index(b, &host->airfields[i])].theater = true;
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
    g->ac = b->ac = cs_arena_array(b->a, nac ? nac : 1, sizeof *b->ac);
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
                b->ac[g->nac++] = (ops_aircraft){t, ti, L, bi, payload, seats, floor_v};
        }
    }
    /* Theater airfields in index order, for the landing-slot search. */
    g->theater = b->theater = cs_arena_array(b->a, g->nafs, sizeof *b->theater);
    if (!b->theater)
        return false;
    for (uint32_t f = 0; f < g->nafs; f++)
        if (g->afs[f].theater)
            b->theater[g->ntheater++] = f;
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

bool ops_build_forces(ops_builder *b, const cs_model *m, cs_diags *d)
{
    cs_ops_config *g = b->g;
    cs_arena *a = b->a;
    uint32_t maxc = m->nstates ? m->nstates : 1, maxaf = m->nairfields ? m->nairfields : 1;
    g->units = b->units = cs_arena_array(a, m->nunits ? m->nunits : 1, sizeof *b->units);
    g->cont = b->cont = cs_arena_array(a, maxc, sizeof *b->cont);
    g->cont_lifter = b->cont_lifter = cs_arena_array(a, maxc, sizeof *b->cont_lifter);
    g->afs = b->afs = cs_arena_array(a, maxaf, sizeof *b->afs);
    b->lifters = cs_arena_array(a, maxc, sizeof *b->lifters);
    if (!g->units || !g->cont || !g->cont_lifter || !g->afs || !b->lifters ||
        !pm_init(&b->afmap, a, maxaf))
        return false;
    return pick_contingents(b, m, d) && check_lift(b->g, d) &&
           build_airfields_and_aircraft(b, d);
}
