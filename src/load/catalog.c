/* catalog.c - documents of sources, of the vocabulary of facts, and the catalog. */
#include "load/read.h"

#include <string.h>

#define O(T, m) offsetof(T, m)

/* ---- sources ---------------------------------------------------------------------- */

static bool ref_needed(const void *obj)
{
    return ((const cs_source *)obj)->type != CS_SRC_ASSUMPTION;
}

static const cs_field source_fields[] = {
    {.key = "id", .kind = CS_F_ID, .req = CS_REQ, .off = O(cs_source, id)},
    {.key = "type", .kind = CS_F_ENUM, .req = CS_REQ, .off = O(cs_source, type),
     .names = cs_srctype_names},
    {.key = "ref", .kind = CS_F_STR, .req = CS_COND, .off = O(cs_source, ref), .need = ref_needed,
     .doc = "unless the type is assumption"},
    {.key = "title", .kind = CS_F_STR, .req = CS_REQ, .off = O(cs_source, title)},
};

const cs_record cs_source_record = {
    .title = "source", .name = "source", .what = "a source", .naming = CS_NAMED_FIRST,
    .size = sizeof(cs_source), .loc = O(cs_source, loc), .fields = CS_FIELDS(source_fields),
};

static const cs_field sources_doc_fields[] = {
    {.key = "casus", .kind = CS_F_SKIP, .req = CS_REQ},
    {.key = "kind", .kind = CS_F_SKIP, .req = CS_REQ},
    {.key = "sources", .kind = CS_F_SKIP, .req = CS_OPT, .sub = &cs_source_record},
};

const cs_record cs_sources_doc = {
    .title = "`kind: sources`", .desc = "a sources file", .fields = CS_FIELDS(sources_doc_fields),
};

/* A document's top-level lists are read one by one into arrays the loader adds. */
void cs_read_found(cs_yread *r, cs_ynode *root, const char *key, const char *what,
                      const cs_record *rec, cs_found *out, cs_kind k)
{
    void *v;
    uint32_t n;
    cs_read_list(r, root, key, what, rec, NULL, CS_COUNT_READ, &v, &n);
    out->of[k].base = v;
    out->of[k].n = n;
    out->of[k].stride = rec->size;
}

void cs_read_sources(cs_yread *r, cs_ynode *root, cs_found *out)
{
    cs_read_record(r, root, &cs_sources_doc, NULL, NULL, "", NULL);
    cs_read_found(r, root, "sources", "a sources file", &cs_source_record, out, CS_K_SOURCES);
}

/* ---- vocabulary ------------------------------------------------------------------- */

static bool vocab_path(cs_rctx *c, const cs_field *f)
{
    cs_vocab *x = c->obj;
    if (cs_yread_str(c->r, c->map, f->key, CS_REQ, "a vocabulary entry", &x->path) &&
        !cs_fact_path_ok(x->path)) {
        cs_yread_error(c->r, cs_yread_get(c->r, c->map, f->key, CS_OPT, ""),
                       "invalid fact path '%s'", x->path);
        x->path = NULL;
    }
    return x->path != NULL;
}

enum { VOCAB_TYPE = 1 };   /* the index of "type" in vocab_fields */

/* The allowed values of a string fact: a list of ids. */
static bool vocab_values(cs_rctx *c, const cs_field *f)
{
    cs_vocab *x = c->obj;
    const cs_yitem *vi = NULL;
    cs_ynode *v = cs_yread_get(c->r, c->map, f->key, CS_OPT, c->desc);
    if (!v)
        return false;
    char desc[160];
    snprintf(desc, sizeof desc, "'%s' of %s", f->key, c->desc);
    cs_yread_seq(c->r, v, desc, &vi, &x->nvalues);
    if (!x->nvalues)
        return false;
    x->values = cs_arena_array(c->r->arena, x->nvalues, sizeof *x->values);
    for (uint32_t k = 0; x->values && k < x->nvalues; k++)
        cs_yread_node_id(c->r, cs_yread_item(c->r, vi[k]), "an allowed value", &x->values[k]);
    if ((c->got & (1u << VOCAB_TYPE)) && x->type != CS_T_STR)
        cs_yread_error(c->r, c->map, "%s: 'values' is only for strings", c->desc);
    return true;
}

/* The default value, which must have the entry's type (when that type was read). */
static bool vocab_default(cs_rctx *c, const cs_field *f)
{
    static const cs_vkind type_kind[] = {CS_V_BOOL, CS_V_NUM, CS_V_STR, CS_V_DATE, CS_V_STR,
                                         CS_V_LIST};
    _Static_assert(sizeof type_kind / sizeof *type_kind == CS_T_LIST + 1, "a kind per type");
    cs_vocab *x = c->obj;
    cs_ynode *d = cs_yread_get(c->r, c->map, f->key, CS_OPT, c->desc);
    if (!d || !cs_yread_value(c->r, d, c->desc, &x->def))
        return false;
    x->has_default = true;
    if ((c->got & (1u << VOCAB_TYPE)) && x->def.kind != type_kind[x->type])
        cs_yread_error(c->r, d, "default of %s must be a %s, found a %s", c->desc,
                       cs_type_name(x->type), cs_vkind_name(x->def.kind));
    return true;
}

static const cs_field vocab_fields[] = {
    {.key = "path", .kind = CS_F_CUSTOM, .req = CS_REQ, .off = O(cs_vocab, path),
     .hook = vocab_path},
    {.key = "type", .kind = CS_F_ENUM, .req = CS_REQ, .off = O(cs_vocab, type),
     .names = cs_type_names},
    {.key = "doc", .kind = CS_F_STR, .req = CS_REQ, .off = O(cs_vocab, doc)},
    {.key = "legal", .kind = CS_F_BOOL, .req = CS_OPT, .off = O(cs_vocab, legal)},
    {.key = "values", .kind = CS_F_CUSTOM, .req = CS_OPT, .hook = vocab_values},
    {.key = "default", .kind = CS_F_CUSTOM, .req = CS_OPT, .hook = vocab_default},
};

const cs_record cs_vocab_record = {
    .title = "vocabulary entry", .name = "fact", .what = "a vocabulary entry",
    .naming = CS_NAMED_AFTER, .size = sizeof(cs_vocab), .loc = O(cs_vocab, loc),
    .fields = CS_FIELDS(vocab_fields),
};

static const cs_field vocabulary_doc_fields[] = {
    {.key = "casus", .kind = CS_F_SKIP, .req = CS_REQ},
    {.key = "kind", .kind = CS_F_SKIP, .req = CS_REQ},
    {.key = "facts", .kind = CS_F_SKIP, .req = CS_OPT, .sub = &cs_vocab_record},
};

const cs_record cs_vocabulary_doc = {
    .title = "`kind: vocabulary`", .desc = "a vocabulary file",
    .fields = CS_FIELDS(vocabulary_doc_fields),
};

void cs_read_vocabulary(cs_yread *r, cs_ynode *root, cs_found *out)
{
    cs_read_record(r, root, &cs_vocabulary_doc, NULL, NULL, "", NULL);
    cs_read_found(r, root, "facts", "a vocabulary file", &cs_vocab_record, out, CS_K_VOCAB);
}

/* ---- catalog ---------------------------------------------------------------------- */

static void aircraft_init(void *obj, void *parent)
{
    (void)parent;
    ((cs_aircraft_type *)obj)->vehicles = -1;
}

static const cs_field aircraft_fields[] = {
    {.key = "id", .kind = CS_F_ID, .req = CS_REQ, .off = O(cs_aircraft_type, id)},
    {.key = "vehicles", .kind = CS_F_INT, .req = CS_OPT, .off = O(cs_aircraft_type, vehicles),
     .lo = 0, .hi = 10000},
    {.key = "name", .kind = CS_F_STR, .req = CS_REQ, .off = O(cs_aircraft_type, name)},
    {.key = "payload_t", .kind = CS_F_NUM, .req = CS_REQ, .off = O(cs_aircraft_type, payload_t),
     .lo = 0.001, .hi = 10000},
    {.key = "seats", .kind = CS_F_INT, .req = CS_REQ, .off = O(cs_aircraft_type, seats), .lo = 0,
     .hi = 10000},
    {.key = "cruise_kmh", .kind = CS_F_NUM, .req = CS_REQ, .off = O(cs_aircraft_type, cruise_kmh),
     .lo = 1, .hi = 5000},
    {.key = "turnaround_h", .kind = CS_F_NUM, .req = CS_REQ,
     .off = O(cs_aircraft_type, turnaround_h), .lo = 0, .hi = 1000},
    {.key = "source", .kind = CS_F_CITE, .req = CS_REQ, .off = O(cs_aircraft_type, src)},
};

static const cs_record aircraft_record = {
    .title = "aircraft type", .name = "aircraft type", .what = "an aircraft type",
    .naming = CS_NAMED_FIRST, .size = sizeof(cs_aircraft_type),
    .loc = O(cs_aircraft_type, loc), .fields = CS_FIELDS(aircraft_fields),
    .init = aircraft_init,
};

static const cs_field unit_type_fields[] = {
    {.key = "id", .kind = CS_F_ID, .req = CS_REQ, .off = O(cs_unit_type, id)},
    {.key = "name", .kind = CS_F_STR, .req = CS_REQ, .off = O(cs_unit_type, name)},
    {.key = "readiness_h", .kind = CS_F_NUM, .req = CS_REQ, .off = O(cs_unit_type, readiness_h),
     .lo = 0, .hi = 10000},
    {.key = "kit_t", .kind = CS_F_NUM, .req = CS_REQ, .off = O(cs_unit_type, kit_t), .lo = 0,
     .hi = 100},
    {.key = "vehicle_t", .kind = CS_F_NUM, .req = CS_REQ, .off = O(cs_unit_type, vehicle_t),
     .lo = 0, .hi = 1000},
    {.key = "source", .kind = CS_F_CITE, .req = CS_REQ, .off = O(cs_unit_type, src)},
};

static const cs_record unit_type_record = {
    .title = "unit type", .name = "unit type", .what = "a unit type",
    .naming = CS_NAMED_FIRST, .size = sizeof(cs_unit_type), .loc = O(cs_unit_type, loc),
    .fields = CS_FIELDS(unit_type_fields),
};

static const cs_field site_kind_fields[] = {
    {.key = "id", .kind = CS_F_ID, .req = CS_REQ, .off = O(cs_site_kind, id)},
    {.key = "name", .kind = CS_F_STR, .req = CS_REQ, .off = O(cs_site_kind, name)},
    {.key = "guard_personnel", .kind = CS_F_INT, .req = CS_REQ,
     .off = O(cs_site_kind, guard_personnel), .lo = 0,
     .hi = 100000},
    {.key = "frees_host", .kind = CS_F_INT, .req = CS_REQ, .off = O(cs_site_kind, frees_host),
     .lo = 0, .hi = 100000},
    {.key = "source", .kind = CS_F_CITE, .req = CS_REQ, .off = O(cs_site_kind, src)},
};

static const cs_record site_kind_record = {
    .title = "site kind", .name = "site kind", .what = "a site kind",
    .naming = CS_NAMED_FIRST, .size = sizeof(cs_site_kind), .loc = O(cs_site_kind, loc),
    .fields = CS_FIELDS(site_kind_fields),
};

static const cs_field param_fields[] = {
    {.key = "id", .kind = CS_F_ID, .req = CS_REQ, .off = O(cs_param, id)},
    {.key = "value", .kind = CS_F_NUM, .req = CS_REQ, .off = O(cs_param, value), .lo = -CS_BIG,
     .hi = CS_BIG},
    {.key = "unit", .kind = CS_F_STR, .req = CS_REQ, .off = O(cs_param, unit)},
    {.key = "why", .kind = CS_F_STR, .req = CS_REQ, .off = O(cs_param, why)},
    {.key = "source", .kind = CS_F_CITE, .req = CS_REQ, .off = O(cs_param, src)},
};

static const cs_record param_record = {
    .title = "parameter", .name = "parameter", .what = "a parameter",
    .naming = CS_NAMED_FIRST, .size = sizeof(cs_param), .loc = O(cs_param, loc),
    .fields = CS_FIELDS(param_fields),
};

static const cs_field catalog_doc_fields[] = {
    {.key = "casus", .kind = CS_F_SKIP, .req = CS_REQ},
    {.key = "kind", .kind = CS_F_SKIP, .req = CS_REQ},
    {.key = "aircraft_types", .kind = CS_F_SKIP, .req = CS_OPT, .sub = &aircraft_record},
    {.key = "unit_types", .kind = CS_F_SKIP, .req = CS_OPT, .sub = &unit_type_record},
    {.key = "site_kinds", .kind = CS_F_SKIP, .req = CS_OPT, .sub = &site_kind_record},
    {.key = "parameters", .kind = CS_F_SKIP, .req = CS_OPT, .sub = &param_record},
};

const cs_record cs_catalog_doc = {
    .title = "`kind: catalog`", .desc = "a catalog file", .fields = CS_FIELDS(catalog_doc_fields),
};

void cs_read_catalog(cs_yread *r, cs_ynode *root, cs_found *out)
{
    cs_read_record(r, root, &cs_catalog_doc, NULL, NULL, "", NULL);
    cs_read_found(r, root, "aircraft_types", "the catalog", &aircraft_record, out, CS_K_AIRCRAFT);
    cs_read_found(r, root, "unit_types", "the catalog", &unit_type_record, out, CS_K_UNIT_TYPES);
    cs_read_found(r, root, "site_kinds", "the catalog", &site_kind_record, out, CS_K_SITE_KINDS);
    cs_read_found(r, root, "parameters", "the catalog", &param_record, out, CS_K_PARAMS);
}
