/* state.c - a state's document: its government, how it sends and admits troops, its
 * borders, bases, airfields, units, airlift and facts. */
#include "load/read.h"

#include <string.h>

#define O(T, m) offsetof(T, m)
#define HAS(T, m) (offsetof(T, m) + 1)

static const unsigned YMD = CS_PREC_YEAR | CS_PREC_MONTH | CS_PREC_DAY;

/* ---- authorization and admission -------------------------------------------------- */

static bool parliament(const void *obj)
{
    return ((const cs_authorization *)obj)->proc == CS_AUTH_PARLIAMENT;
}

/* seats, majority and quorum belong to a parliament's vote. */
static bool only_parliament(cs_rctx *c, const cs_field *f)
{
    (void)f;
    if (parliament(c->obj))
        return true;
    static const char *const keys[] = {"seats", "majority", "quorum"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        cs_ynode *v = cs_yread_get(c->r, c->map, keys[i], CS_OPT, c->desc);
        if (v)
            cs_yread_error(c->r, v, "'%s' is only for the parliament-vote procedure", keys[i]);
    }
    return true;
}

static const cs_field consent_fields[] = {
    {.key = "date", .kind = CS_F_TIME, .req = CS_REQ, .off = O(cs_authorization, consent_date),
     .prec = YMD},
    {.key = "by", .kind = CS_F_STR, .req = CS_REQ, .off = O(cs_authorization, consent_by)},
    {.key = "source", .kind = CS_F_CITE, .req = CS_REQ, .off = O(cs_authorization, consent_src)},
    {.key = "note", .kind = CS_F_SKIP, .req = CS_OPT},
};

/* The consent is read into the authorization itself (obj is the cs_authorization). */
static const cs_record consent_record = {
    .title = "standing consent (of an authorization)", .desc = "a standing consent",
    .fields = CS_FIELDS(consent_fields),
};

/* The standing consent, required by the executive-standing-consent procedure. */
static bool auth_consent(cs_rctx *c, const cs_field *f)
{
    cs_authorization *a = c->obj;
    cs_ynode *v = cs_yread_get(c->r, c->map, f->key, CS_OPT, c->desc);
    if (v && cs_read_record(c->r, v, &consent_record, a, NULL, "", NULL))
        a->has_consent = true;
    if (a->proc == CS_AUTH_STANDING_CONSENT && !a->has_consent)
        cs_yread_error(c->r, c->map, "%s: a standing consent needs 'consent' (date, by, "
                       "source)", c->desc);
    return a->has_consent;
}

static void auth_init(void *obj, void *parent)
{
    (void)parent;
    ((cs_authorization *)obj)->convene_h = -1;
}

static const cs_field auth_fields[] = {
    {.key = "procedure", .kind = CS_F_ENUM, .req = CS_REQ, .off = O(cs_authorization, proc),
     .names = cs_authproc_names + 1,
     .lo = 1},
    {.key = "body", .kind = CS_F_STR, .req = CS_OPT, .off = O(cs_authorization, body)},
    {.key = "note", .kind = CS_F_STR, .req = CS_OPT, .off = O(cs_authorization, note)},
    {.key = "convene_h", .kind = CS_F_NUM, .req = CS_OPT, .off = O(cs_authorization, convene_h),
     .lo = 0, .hi = 10000},
    {.key = "seats", .kind = CS_F_INT, .req = CS_COND, .off = O(cs_authorization, seats), .lo = 1,
     .hi = 100000,
     .need = parliament, .doc = "for parliament-vote"},
    {.key = "majority", .kind = CS_F_FRAC, .req = CS_COND, .off = O(cs_authorization, majority),
     .need = parliament,
     .doc = "for parliament-vote"},
    {.key = "quorum", .kind = CS_F_FRAC, .req = CS_OPT, .off = O(cs_authorization, quorum)},
    {.key = NULL, .kind = CS_F_CHECK, .req = CS_OPT, .hook = only_parliament},
    {.key = "consent", .kind = CS_F_CUSTOM, .req = CS_OPT, .hook = auth_consent,
     .sub = &consent_record},
    {.key = "source", .kind = CS_F_CITE, .req = CS_REQ, .off = O(cs_authorization, src)},
};

static const cs_record auth_record = {
    .title = "authorization (of a state)", .desc = "the authorization of %s",
    .size = sizeof(cs_authorization), .loc = O(cs_authorization, loc),
    .fields = CS_FIELDS(auth_fields), .init = auth_init, .init_in_parent = true,
};

static const cs_field admission_fields[] = {
    {.key = "procedure", .kind = CS_F_ENUM, .req = CS_REQ, .off = O(cs_admission, proc),
     .names = cs_admitproc_names + 1,
     .lo = 1},
    {.key = "note", .kind = CS_F_STR, .req = CS_OPT, .off = O(cs_admission, note)},
    {.key = "source", .kind = CS_F_CITE, .req = CS_REQ, .off = O(cs_admission, src)},
};

static const cs_record admission_record = {
    .title = "admission (of a state)", .desc = "the admission of %s",
    .size = sizeof(cs_admission), .loc = O(cs_admission, loc),
    .fields = CS_FIELDS(admission_fields),
};

/* ---- the state's lists ------------------------------------------------------------ */

static const cs_field border_fields[] = {
    {.key = "state", .kind = CS_F_STATE_REF, .req = CS_REQ, .off = O(cs_border, state)},
    {.key = "km", .kind = CS_F_NUM, .req = CS_REQ, .off = O(cs_border, km), .lo = 0, .hi = 100000},
    {.key = "source", .kind = CS_F_CITE, .req = CS_REQ, .off = O(cs_border, src)},
};

static const cs_record border_record = {
    .title = "border", .desc = "a border of %s", .size = sizeof(cs_border),
    .loc = O(cs_border, loc), .fields = CS_FIELDS(border_fields),
};

static const cs_field asset_fields[] = {
    {.key = "id", .kind = CS_F_ID, .req = CS_REQ, .off = O(cs_asset, id)},
    {.key = "name", .kind = CS_F_STR, .req = CS_REQ, .off = O(cs_asset, name)},
    {.key = "kind", .kind = CS_F_ID, .req = CS_REQ, .off = O(cs_asset, kind)},
    {.key = "user", .kind = CS_F_STATE_REF, .req = CS_REQ, .off = O(cs_asset, user)},
    {.key = "source", .kind = CS_F_CITE, .req = CS_REQ, .off = O(cs_asset, src)},
};

static const cs_record asset_record = {
    .title = "asset", .name = "asset", .what = "an asset", .naming = CS_NAMED_FIRST,
    .size = sizeof(cs_asset), .loc = O(cs_asset, loc), .fields = CS_FIELDS(asset_fields),
};

static const cs_field base_fields[] = {
    {.key = "of", .kind = CS_F_STATE_REF, .req = CS_REQ, .off = O(cs_base, of)},
    {.key = "name", .kind = CS_F_STR, .req = CS_REQ, .off = O(cs_base, name)},
    {.key = "airfield", .kind = CS_F_REF, .req = CS_OPT, .off = O(cs_base, airfield)},
    {.key = "source", .kind = CS_F_CITE, .req = CS_REQ, .off = O(cs_base, src)},
};

static const cs_record base_record = {
    .title = "foreign base", .desc = "a foreign base in %s", .size = sizeof(cs_base),
    .loc = O(cs_base, loc), .fields = CS_FIELDS(base_fields),
};

static void airfield_init(void *obj, void *parent)
{
    cs_airfield *x = obj;
    x->state = parent;
    x->max_on_ground = x->landings_per_h = -1;
}

static const cs_field airfield_fields[] = {
    {.key = "id", .kind = CS_F_ID, .req = CS_REQ, .off = O(cs_airfield, id)},
    {.key = "name", .kind = CS_F_STR, .req = CS_REQ, .off = O(cs_airfield, name)},
    {.key = "lat", .kind = CS_F_NUM, .req = CS_REQ, .off = O(cs_airfield, lat), .lo = -90,
     .hi = 90},
    {.key = "lon", .kind = CS_F_NUM, .req = CS_REQ, .off = O(cs_airfield, lon), .lo = -180,
     .hi = 180},
    {.key = "operator", .kind = CS_F_STATE_REF, .req = CS_OPT, .off = O(cs_airfield, operator_)},
    {.key = "max_on_ground", .kind = CS_F_INT, .req = CS_OPT,
     .off = O(cs_airfield, max_on_ground), .lo = 1, .hi = 10000},
    {.key = "landings_per_h", .kind = CS_F_NUM, .req = CS_OPT,
     .off = O(cs_airfield, landings_per_h), .lo = 0.01,
     .hi = 1000},
    {.key = "source", .kind = CS_F_CITE, .req = CS_REQ, .off = O(cs_airfield, src)},
};

static const cs_record airfield_record = {
    .title = "airfield", .name = "airfield", .what = "an airfield", .naming = CS_NAMED_FIRST,
    .size = sizeof(cs_airfield), .loc = O(cs_airfield, loc),
    .fields = CS_FIELDS(airfield_fields), .init = airfield_init,
};

static void unit_init(void *obj, void *parent)
{
    cs_unit *x = obj;
    x->state = parent;
    x->tonnage_t = x->readiness_h = -1;
}

static const cs_field unit_fields[] = {
    {.key = "id", .kind = CS_F_ID, .req = CS_REQ, .off = O(cs_unit, id)},
    {.key = "name", .kind = CS_F_STR, .req = CS_REQ, .off = O(cs_unit, name)},
    {.key = "type", .kind = CS_F_REF, .req = CS_REQ, .off = O(cs_unit, type)},
    {.key = "personnel", .kind = CS_F_INT, .req = CS_REQ, .off = O(cs_unit, personnel), .lo = 0,
     .hi = 1000000},
    {.key = "vehicles", .kind = CS_F_INT, .req = CS_OPT, .off = O(cs_unit, vehicles), .lo = 0,
     .hi = 100000},
    {.key = "tonnage_t", .kind = CS_F_NUM, .req = CS_OPT, .off = O(cs_unit, tonnage_t), .lo = 0,
     .hi = 1e7},
    {.key = "readiness_h", .kind = CS_F_NUM, .req = CS_OPT, .off = O(cs_unit, readiness_h),
     .lo = 0, .hi = 10000},
    {.key = "airfield", .kind = CS_F_REF, .req = CS_REQ, .off = O(cs_unit, airfield)},
    {.key = "base", .kind = CS_F_PLACE, .req = CS_OPT, .off = O(cs_unit, base),
     .sub = &cs_place_record},
    {.key = "note", .kind = CS_F_STR, .req = CS_OPT, .off = O(cs_unit, note)},
    {.key = "source", .kind = CS_F_CITE, .req = CS_REQ, .off = O(cs_unit, src)},
};

static const cs_record unit_record = {
    .title = "unit", .name = "unit", .what = "a unit", .naming = CS_NAMED_FIRST,
    .size = sizeof(cs_unit), .loc = O(cs_unit, loc), .fields = CS_FIELDS(unit_fields),
    .init = unit_init,
};

static void fleet_init(void *obj, void *parent)
{
    ((cs_fleet *)obj)->state = parent;
}

static const cs_field fleet_fields[] = {
    {.key = "type", .kind = CS_F_REF, .req = CS_REQ, .off = O(cs_fleet, type)},
    {.key = "count", .kind = CS_F_INT, .req = CS_REQ, .off = O(cs_fleet, count), .lo = 0,
     .hi = 100000},
    {.key = "base", .kind = CS_F_REF, .req = CS_OPT, .off = O(cs_fleet, base)},
    {.key = "source", .kind = CS_F_CITE, .req = CS_REQ, .off = O(cs_fleet, src)},
};

static const cs_record fleet_record = {
    .title = "airlift fleet", .desc = "an airlift fleet of %s", .size = sizeof(cs_fleet),
    .loc = O(cs_fleet, loc), .fields = CS_FIELDS(fleet_fields), .init = fleet_init,
};

/* ---- the state -------------------------------------------------------------------- */

#define LIST(k_, T, m, n, rec, count_) \
    {.key = k_, .kind = CS_F_LIST, .req = CS_OPT, .off = O(T, m), .cnt = O(T, n), .sub = rec, \
     .count = count_}

static const cs_field state_fields[] = {
    {.key = "id", .kind = CS_F_STATE_ID, .req = CS_REQ, .off = O(cs_state, id)},
    {.key = "casus", .kind = CS_F_SKIP, .req = CS_REQ},
    {.key = "kind", .kind = CS_F_SKIP, .req = CS_REQ},
    {.key = "name", .kind = CS_F_STR, .req = CS_REQ, .off = O(cs_state, name)},
    {.key = "note", .kind = CS_F_STR, .req = CS_OPT, .off = O(cs_state, note)},
    {.key = "government", .kind = CS_F_ENUM, .req = CS_REQ, .off = O(cs_state, gov),
     .names = cs_gov_names},
    {.key = "capital", .kind = CS_F_PLACE, .req = CS_REQ, .off = O(cs_state, capital),
     .sub = &cs_place_record},
    {.key = "utc_offset", .kind = CS_F_OFFSET, .req = CS_REQ, .off = O(cs_state, utc_offset_min),
     .has = HAS(cs_state, has_offset)},
    {.key = "source", .kind = CS_F_CITE, .req = CS_REQ, .off = O(cs_state, src)},
    {.key = "authorization", .kind = CS_F_MAP, .req = CS_OPT, .off = O(cs_state, auth),
     .sub = &auth_record},
    {.key = "admission", .kind = CS_F_MAP, .req = CS_OPT, .off = O(cs_state, admit),
     .sub = &admission_record},
    LIST("borders", cs_state, borders, nborders, &border_record, CS_COUNT_READ),
    LIST("assets", cs_state, assets, nassets, &asset_record, CS_COUNT_READ),
    LIST("bases", cs_state, bases, nbases, &base_record, CS_COUNT_READ),
    LIST("airfields", cs_state, airfields, nairfields, &airfield_record, CS_COUNT_READ),
    LIST("units", cs_state, units, nunits, &unit_record, CS_COUNT_READ),
    LIST("airlift", cs_state, fleets, nfleets, &fleet_record, CS_COUNT_READ),
    LIST("facts", cs_state, facts, nfacts, &cs_fact_record, CS_COUNT_ALL),
};

const cs_record cs_state_doc = {
    .title = "`kind: state`", .name = "state", .what = "a state", .naming = CS_NAMED_FIRST,
    .size = sizeof(cs_state), .loc = O(cs_state, loc), .fields = CS_FIELDS(state_fields),
};

void cs_read_state(cs_yread *r, cs_ynode *root, cs_found *out)
{
    cs_state *s = cs_arena_alloc(r->arena, sizeof *s);
    if (!s) {
        cs_diag_file(r->diags, CS_ERR_NOMEM, r->file->name, "out of memory");
        return;
    }
    s->loc = cs_yread_loc(r, root);
    cs_read_record(r, root, &cs_state_doc, s, NULL, "", NULL);
    out->of[CS_K_STATES].base = s;
    out->of[CS_K_STATES].n = 1;
    out->of[CS_K_STATES].stride = sizeof *s;
    out->of[CS_K_AIRFIELDS].base = s->airfields;
    out->of[CS_K_AIRFIELDS].n = s->nairfields;
    out->of[CS_K_AIRFIELDS].stride = sizeof *s->airfields;
    out->of[CS_K_UNITS].base = s->units;
    out->of[CS_K_UNITS].n = s->nunits;
    out->of[CS_K_UNITS].stride = sizeof *s->units;
}
