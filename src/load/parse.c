/* parse.c - one reader per kind of document; each fills model objects in the loader's
 * arena and leaves references unresolved (link.c resolves them once every file is in). */
#include "load/load_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define KEYS(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NAME(buf, kind, id) snprintf(buf, sizeof buf, "%s '%s'", kind, (id) ? (id) : "?")

static const double BIG = 1e9;   /* upper bound for sizes: anything larger is a typo */

/* Items of an optional list key: returns the count, 0 when absent or wrong. */
static uint32_t list_of(cs_yread *r, cs_ynode *map, const char *key, const char *what,
                        const cs_yitem **items)
{
    uint32_t n = 0;
    *items = NULL;
    cs_ynode *v = cs_yread_get(r, map, key, CS_OPT, what);
    if (v) {
        char desc[160];
        snprintf(desc, sizeof desc, "'%s' of %s", key, what);
        cs_yread_seq(r, v, desc, items, &n);
    }
    return n;
}

static bool ref_list(cs_loader *l, cs_yread *r, cs_ynode *map, const char *key,
                     const char *what, bool state, cs_ref **out, uint32_t *n)
{
    const cs_yitem *it;
    *n = list_of(r, map, key, what, &it);
    *out = cs_load_array(l, r, *n, sizeof **out);
    if (!*out)
        return false;
    bool ok = true;
    for (uint32_t i = 0; i < *n; i++)
        ok &= cs_yread_node_ref(r, cs_yread_item(r, it[i]), key, state, &(*out)[i]);
    return ok;
}

bool cs_parse_cite(cs_yread *r, cs_ynode *map, int req, const char *what, cs_cite *out)
{
    memset(out, 0, sizeof *out);
    cs_ynode *v = cs_yread_get(r, map, "source", req, what);
    if (!v)
        return !req;
    if (v->type == YAML_SCALAR_NODE) {
        out->v = cs_arena_alloc(r->arena, sizeof *out->v);
        if (!out->v)
            return false;
        out->n = 1;
        return cs_yread_node_ref(r, v, "source", false, out->v);
    }
    const cs_yitem *it;
    uint32_t n;
    if (!cs_yread_seq(r, v, "source", &it, &n))
        return false;
    if (n == 0) {
        cs_yread_error(r, v, "'source' of %s is an empty list", what);
        return false;
    }
    out->v = cs_arena_array(r->arena, n, sizeof *out->v);
    if (!out->v)
        return false;
    out->n = n;
    bool ok = true;
    for (uint32_t i = 0; i < n; i++)
        ok &= cs_yread_node_ref(r, cs_yread_item(r, it[i]), "source", false, &out->v[i]);
    return ok;
}

bool cs_parse_alts(cs_yread *r, cs_ynode *map, const char *what, cs_alts *out)
{
    const cs_yitem *it;
    memset(out, 0, sizeof *out);
    uint32_t n = list_of(r, map, "alternatives", what, &it);
    if (!n)
        return true;
    out->v = cs_arena_array(r->arena, n, sizeof *out->v);
    if (!out->v)
        return false;
    out->n = n;
    bool ok = true;
    for (uint32_t i = 0; i < n; i++) {
        cs_ynode *a = cs_yread_item(r, it[i]);
        cs_alt *x = &out->v[i];
        x->loc = cs_yread_loc(r, a);
        if (!cs_yread_map(r, a, "an alternative", KEYS("value", "source", "note"))) {
            ok = false;
            continue;
        }
        ok &= cs_yread_str(r, a, "value", CS_REQ, "an alternative", &x->value);
        ok &= cs_parse_cite(r, a, CS_REQ, "an alternative", &x->src);
        cs_yread_str(r, a, "note", CS_OPT, "an alternative", &x->note);
    }
    return ok;
}

bool cs_parse_figure(cs_yread *r, cs_ynode *map, const char *key, const char *what,
                     bool date, cs_figure *out)
{
    memset(out, 0, sizeof *out);
    cs_ynode *v = cs_yread_get(r, map, key, CS_OPT, what);
    if (!v)
        return true;
    char desc[160];
    snprintf(desc, sizeof desc, "'%s' of %s", key, what);
    out->present = true;
    out->loc = cs_yread_loc(r, v);
    cs_ynode *val = v;
    bool ok = true;
    if (v->type == YAML_MAPPING_NODE) {
        if (!cs_yread_map(r, v, desc, KEYS("value", "qualifier", "source", "note",
                                           "alternatives")))
            return false;
        val = cs_yread_get(r, v, "value", CS_REQ, desc);
        int q = 0;
        if (cs_yread_get(r, v, "qualifier", CS_OPT, desc))
            ok &= cs_yread_enum(r, v, "qualifier", CS_OPT, desc, cs_qual_names, &q);
        out->qual = (cs_qual)q;
        ok &= cs_parse_cite(r, v, CS_REQ, desc, &out->src);
        cs_yread_str(r, v, "note", CS_OPT, desc, &out->note);
        ok &= cs_parse_alts(r, v, desc, &out->alts);
        if (!val)
            return false;
    }
    if (date) {
        out->v.kind = CS_V_DATE;
        ok &= cs_yread_node_time(r, val, desc, CS_PREC_DAY | CS_PREC_MINUTE, &out->v.t);
    } else {
        out->v.kind = CS_V_NUM;
        ok &= cs_yread_node_real(r, val, desc, &out->v.num);
        if (ok && out->v.num < 0) {
            cs_yread_error(r, val, "%s may not be negative", desc);
            ok = false;
        }
    }
    return ok;
}

static bool read_place(cs_yread *r, cs_ynode *map, const char *key, const char *what,
                       cs_place *out)
{
    memset(out, 0, sizeof *out);
    cs_ynode *v = cs_yread_get(r, map, key, CS_OPT, what);
    if (!v)
        return true;
    char desc[160];
    snprintf(desc, sizeof desc, "'%s' of %s", key, what);
    if (!cs_yread_map(r, v, desc, KEYS("name", "lat", "lon", "source")))
        return false;
    out->present = true;
    out->loc = cs_yread_loc(r, v);
    bool ok = cs_yread_str(r, v, "name", CS_REQ, desc, &out->name);
    ok &= cs_yread_num(r, v, "lat", CS_REQ, desc, -90, 90, &out->lat);
    ok &= cs_yread_num(r, v, "lon", CS_REQ, desc, -180, 180, &out->lon);
    ok &= cs_parse_cite(r, v, CS_OPT, desc, &out->src);
    return ok;
}

/* ---- facts ------------------------------------------------------------------------ */

static bool fact_path(const char *s)
{
    bool start = true;
    for (; *s; s++) {
        char c = *s;
        if (c == '.') {
            if (start)
                return false;
            start = true;
            continue;
        }
        bool alpha = (c >= 'a' && c <= 'z') || c == '_';
        if (!alpha && !(!start && c >= '0' && c <= '9'))
            return false;
        start = false;
    }
    return !start;
}

static bool parse_facts(cs_loader *l, cs_yread *r, cs_ynode *map, const char *what,
                        cs_fact **out, uint32_t *n)
{
    const cs_yitem *it;
    *n = list_of(r, map, "facts", what, &it);
    *out = cs_load_array(l, r, *n, sizeof **out);
    if (!*out)
        return false;
    bool ok = true;
    for (uint32_t i = 0; i < *n; i++) {
        cs_ynode *f = cs_yread_item(r, it[i]);
        cs_fact *x = &(*out)[i];
        x->loc = cs_yread_loc(r, f);
        if (!cs_yread_map(r, f, "a fact", KEYS("path", "value", "status", "by", "who",
                                               "source", "note", "alternatives"))) {
            ok = false;
            continue;
        }
        char desc[160];
        cs_ynode *pn = cs_yread_get(r, f, "path", CS_OPT, "a fact");
        x->path_loc = pn ? cs_yread_loc(r, pn) : x->loc;
        if (cs_yread_str(r, f, "path", CS_REQ, "a fact", &x->path) && !fact_path(x->path)) {
            cs_yread_error(r, cs_yread_get(r, f, "path", CS_OPT, "a fact"),
                           "invalid fact path '%s': names of lower-case letters, digits "
                           "and '_', joined by '.'", x->path);
            x->path = NULL;   /* reported: not looked up again */
            ok = false;
        }
        NAME(desc, "fact", x->path);
        cs_ynode *v = cs_yread_get(r, f, "value", CS_REQ, desc);
        if (v) {
            x->value_loc = cs_yread_loc(r, v);
            ok &= cs_yread_value(r, v, desc, &x->value);
        } else
            ok = false;
        int st = 1;
        ok &= cs_yread_enum(r, f, "status", CS_REQ, desc,
                            KEYS("claimed", "evidenced"), &st);
        x->claimed = st == 0;
        if (cs_yread_get(r, f, "by", CS_OPT, desc))
            ok &= cs_yread_ref(r, f, "by", CS_OPT, desc, true, &x->by);
        if (x->claimed && !x->by.id) {
            cs_yread_error(r, f, "%s is claimed: say by whom with 'by: STATE'", desc);
            ok = false;
        }
        if (!x->claimed && x->by.id) {
            cs_yread_error(r, cs_yread_get(r, f, "by", CS_OPT, desc),
                           "%s is evidenced: 'by' is only for claimed facts", desc);
            ok = false;
        }
        cs_yread_str(r, f, "who", CS_OPT, desc, &x->who);
        cs_yread_str(r, f, "note", CS_OPT, desc, &x->note);
        ok &= cs_parse_cite(r, f, CS_REQ, desc, &x->src);
        ok &= cs_parse_alts(r, f, desc, &x->alts);
        for (uint32_t k = 0; k < i; k++)
            if (x->path && (*out)[k].path && strcmp(x->path, (*out)[k].path) == 0) {
                cs_yread_error(r, f, "fact '%s' is stated twice (first at line %u)", x->path,
                               (unsigned)(*out)[k].loc.line);
                ok = false;
            }
    }
    return ok;
}

/* ---- sources, vocabulary, catalog ------------------------------------------------- */

static void parse_sources(cs_loader *l, cs_yread *r, cs_ynode *root)
{
    cs_yread_map(r, root, "a sources file", KEYS("casus", "kind", "sources"));
    const cs_yitem *it;
    uint32_t n = list_of(r, root, "sources", "a sources file", &it);
    cs_source *v = cs_load_array(l, r, n, sizeof *v);
    for (uint32_t i = 0; v && i < n; i++) {
        cs_ynode *s = cs_yread_item(r, it[i]);
        cs_source *x = &v[i];
        char desc[96];
        x->loc = cs_yread_loc(r, s);
        cs_yread_id(r, s, "id", CS_REQ, "a source", &x->id);
        NAME(desc, "source", x->id);
        if (!cs_yread_map(r, s, desc, KEYS("id", "type", "ref", "title")))
            continue;
        int t = 0;
        cs_yread_enum(r, s, "type", CS_REQ, desc, cs_srctype_names, &t);
        x->type = (cs_srctype)t;
        cs_yread_str(r, s, "ref", x->type == CS_SRC_ASSUMPTION ? CS_OPT : CS_REQ, desc,
                     &x->ref);
        cs_yread_str(r, s, "title", CS_REQ, desc, &x->title);
        if (x->id && !cs_vec_push(l, &l->sources, x))
            return;
    }
}

static void parse_vocabulary(cs_loader *l, cs_yread *r, cs_ynode *root)
{
    cs_yread_map(r, root, "a vocabulary file", KEYS("casus", "kind", "facts"));
    const cs_yitem *it;
    uint32_t n = list_of(r, root, "facts", "a vocabulary file", &it);
    cs_vocab *v = cs_load_array(l, r, n, sizeof *v);
    static const cs_vkind type_kind[] = {CS_V_BOOL, CS_V_NUM, CS_V_STR, CS_V_DATE, CS_V_STR,
                                         CS_V_LIST};
    for (uint32_t i = 0; v && i < n; i++) {
        cs_ynode *s = cs_yread_item(r, it[i]);
        cs_vocab *x = &v[i];
        char desc[160];
        x->loc = cs_yread_loc(r, s);
        if (!cs_yread_map(r, s, "a vocabulary entry",
                          KEYS("path", "type", "default", "values", "legal", "doc")))
            continue;
        if (cs_yread_str(r, s, "path", CS_REQ, "a vocabulary entry", &x->path) &&
            !fact_path(x->path)) {
            cs_yread_error(r, cs_yread_get(r, s, "path", CS_OPT, ""),
                           "invalid fact path '%s'", x->path);
            x->path = NULL;
        }
        NAME(desc, "fact", x->path);
        int t = 0;
        bool typed = cs_yread_enum(r, s, "type", CS_REQ, desc, cs_type_names, &t);
        x->type = (cs_type)t;
        cs_yread_str(r, s, "doc", CS_REQ, desc, &x->doc);
        cs_yread_bool(r, s, "legal", CS_OPT, desc, &x->legal);
        const cs_yitem *vi;
        x->nvalues = list_of(r, s, "values", desc, &vi);
        if (x->nvalues) {
            x->values = cs_load_array(l, r, x->nvalues, sizeof *x->values);
            for (uint32_t k = 0; x->values && k < x->nvalues; k++)
                cs_yread_node_id(r, cs_yread_item(r, vi[k]), "an allowed value",
                                 &x->values[k]);
            if (typed && x->type != CS_T_STR)
                cs_yread_error(r, s, "%s: 'values' is only for strings", desc);
        }
        cs_ynode *d = cs_yread_get(r, s, "default", CS_OPT, desc);
        if (d && cs_yread_value(r, d, desc, &x->def)) {
            x->has_default = true;
            if (typed && x->def.kind != type_kind[x->type])
                cs_yread_error(r, d, "default of %s must be a %s, found a %s", desc,
                               cs_type_name(x->type), cs_vkind_name(x->def.kind));
        }
        if (x->path && !cs_vec_push(l, &l->vocab, x))
            return;
    }
}

static void parse_catalog(cs_loader *l, cs_yread *r, cs_ynode *root)
{
    cs_yread_map(r, root, "a catalog file",
                 KEYS("casus", "kind", "aircraft_types", "unit_types", "site_kinds",
                      "parameters"));
    const cs_yitem *it;
    char desc[96];
    uint32_t n = list_of(r, root, "aircraft_types", "the catalog", &it);
    cs_aircraft_type *a = cs_load_array(l, r, n, sizeof *a);
    for (uint32_t i = 0; a && i < n; i++) {
        cs_ynode *s = cs_yread_item(r, it[i]);
        cs_aircraft_type *x = &a[i];
        x->loc = cs_yread_loc(r, s);
        cs_yread_id(r, s, "id", CS_REQ, "an aircraft type", &x->id);
        NAME(desc, "aircraft type", x->id);
        if (!cs_yread_map(r, s, desc, KEYS("id", "name", "payload_t", "seats", "cruise_kmh",
                                           "turnaround_h", "vehicles", "source")))
            continue;
        x->vehicles = -1;
        cs_yread_int(r, s, "vehicles", CS_OPT, desc, 0, 10000, &x->vehicles);
        cs_yread_str(r, s, "name", CS_REQ, desc, &x->name);
        cs_yread_num(r, s, "payload_t", CS_REQ, desc, 0.001, 10000, &x->payload_t);
        cs_yread_int(r, s, "seats", CS_REQ, desc, 0, 10000, &x->seats);
        cs_yread_num(r, s, "cruise_kmh", CS_REQ, desc, 1, 5000, &x->cruise_kmh);
        cs_yread_num(r, s, "turnaround_h", CS_REQ, desc, 0, 1000, &x->turnaround_h);
        cs_parse_cite(r, s, CS_REQ, desc, &x->src);
        if (x->id && !cs_vec_push(l, &l->aircraft, x))
            return;
    }
    n = list_of(r, root, "unit_types", "the catalog", &it);
    cs_unit_type *u = cs_load_array(l, r, n, sizeof *u);
    for (uint32_t i = 0; u && i < n; i++) {
        cs_ynode *s = cs_yread_item(r, it[i]);
        cs_unit_type *x = &u[i];
        x->loc = cs_yread_loc(r, s);
        cs_yread_id(r, s, "id", CS_REQ, "a unit type", &x->id);
        NAME(desc, "unit type", x->id);
        if (!cs_yread_map(r, s, desc, KEYS("id", "name", "readiness_h", "kit_t", "vehicle_t",
                                           "source")))
            continue;
        cs_yread_str(r, s, "name", CS_REQ, desc, &x->name);
        cs_yread_num(r, s, "readiness_h", CS_REQ, desc, 0, 10000, &x->readiness_h);
        cs_yread_num(r, s, "kit_t", CS_REQ, desc, 0, 100, &x->kit_t);
        cs_yread_num(r, s, "vehicle_t", CS_REQ, desc, 0, 1000, &x->vehicle_t);
        cs_parse_cite(r, s, CS_REQ, desc, &x->src);
        if (x->id && !cs_vec_push(l, &l->unit_types, x))
            return;
    }
    n = list_of(r, root, "site_kinds", "the catalog", &it);
    cs_site_kind *k = cs_load_array(l, r, n, sizeof *k);
    for (uint32_t i = 0; k && i < n; i++) {
        cs_ynode *s = cs_yread_item(r, it[i]);
        cs_site_kind *x = &k[i];
        x->loc = cs_yread_loc(r, s);
        cs_yread_id(r, s, "id", CS_REQ, "a site kind", &x->id);
        NAME(desc, "site kind", x->id);
        if (!cs_yread_map(r, s, desc, KEYS("id", "name", "guard_personnel", "frees_host",
                                           "source")))
            continue;
        cs_yread_str(r, s, "name", CS_REQ, desc, &x->name);
        cs_yread_int(r, s, "guard_personnel", CS_REQ, desc, 0, 100000, &x->guard_personnel);
        cs_yread_int(r, s, "frees_host", CS_REQ, desc, 0, 100000, &x->frees_host);
        cs_parse_cite(r, s, CS_REQ, desc, &x->src);
        if (x->id && !cs_vec_push(l, &l->site_kinds, x))
            return;
    }
    n = list_of(r, root, "parameters", "the catalog", &it);
    cs_param *p = cs_load_array(l, r, n, sizeof *p);
    for (uint32_t i = 0; p && i < n; i++) {
        cs_ynode *s = cs_yread_item(r, it[i]);
        cs_param *x = &p[i];
        x->loc = cs_yread_loc(r, s);
        cs_yread_id(r, s, "id", CS_REQ, "a parameter", &x->id);
        NAME(desc, "parameter", x->id);
        if (!cs_yread_map(r, s, desc, KEYS("id", "value", "unit", "why", "source")))
            continue;
        cs_yread_num(r, s, "value", CS_REQ, desc, -BIG, BIG, &x->value);
        cs_yread_str(r, s, "unit", CS_REQ, desc, &x->unit);
        cs_yread_str(r, s, "why", CS_REQ, desc, &x->why);
        cs_parse_cite(r, s, CS_REQ, desc, &x->src);
        if (x->id && !cs_vec_push(l, &l->params, x))
            return;
    }
}

/* ---- states ----------------------------------------------------------------------- */

static void parse_auth(cs_yread *r, cs_ynode *root, const char *what, cs_authorization *a)
{
    a->convene_h = -1;
    cs_ynode *v = cs_yread_get(r, root, "authorization", CS_OPT, what);
    if (!v)
        return;
    char desc[128];
    snprintf(desc, sizeof desc, "the authorization of %s", what);
    if (!cs_yread_map(r, v, desc, KEYS("procedure", "body", "seats", "majority", "quorum",
                                       "convene_h", "consent", "note", "source")))
        return;
    a->loc = cs_yread_loc(r, v);
    int p = 0;
    if (cs_yread_enum(r, v, "procedure", CS_REQ, desc, cs_authproc_names + 1, &p))
        a->proc = (cs_authproc)(p + 1);
    cs_yread_str(r, v, "body", CS_OPT, desc, &a->body);
    cs_yread_str(r, v, "note", CS_OPT, desc, &a->note);
    cs_yread_num(r, v, "convene_h", CS_OPT, desc, 0, 10000, &a->convene_h);
    bool parl = a->proc == CS_AUTH_PARLIAMENT;
    cs_yread_int(r, v, "seats", parl ? CS_REQ : CS_OPT, desc, 1, 100000, &a->seats);
    cs_yread_frac(r, v, "majority", parl ? CS_REQ : CS_OPT, desc, &a->majority);
    cs_yread_frac(r, v, "quorum", CS_OPT, desc, &a->quorum);
    if (!parl)
        for (const char *const *k = KEYS("seats", "majority", "quorum"); *k; k++)
            if (cs_yread_get(r, v, *k, CS_OPT, desc))
                cs_yread_error(r, cs_yread_get(r, v, *k, CS_OPT, desc),
                               "'%s' is only for the parliament-vote procedure", *k);
    cs_ynode *c = cs_yread_get(r, v, "consent", CS_OPT, desc);
    if (c && cs_yread_map(r, c, "a standing consent", KEYS("date", "by", "source", "note"))) {
        a->has_consent = true;
        cs_yread_time(r, c, "date", CS_REQ, "a standing consent",
                      CS_PREC_YEAR | CS_PREC_MONTH | CS_PREC_DAY, &a->consent_date);
        cs_yread_str(r, c, "by", CS_REQ, "a standing consent", &a->consent_by);
        cs_parse_cite(r, c, CS_REQ, "a standing consent", &a->consent_src);
    }
    if (a->proc == CS_AUTH_STANDING_CONSENT && !a->has_consent)
        cs_yread_error(r, v, "%s: a standing consent needs 'consent' (date, by, source)",
                       desc);
    cs_parse_cite(r, v, CS_REQ, desc, &a->src);
}

static void parse_admission(cs_yread *r, cs_ynode *root, const char *what, cs_admission *a)
{
    cs_ynode *v = cs_yread_get(r, root, "admission", CS_OPT, what);
    if (!v)
        return;
    char desc[128];
    snprintf(desc, sizeof desc, "the admission of %s", what);
    if (!cs_yread_map(r, v, desc, KEYS("procedure", "note", "source")))
        return;
    a->loc = cs_yread_loc(r, v);
    int p = 0;
    if (cs_yread_enum(r, v, "procedure", CS_REQ, desc, cs_admitproc_names + 1, &p))
        a->proc = (cs_admitproc)(p + 1);
    cs_yread_str(r, v, "note", CS_OPT, desc, &a->note);
    cs_parse_cite(r, v, CS_REQ, desc, &a->src);
}

static void parse_state(cs_loader *l, cs_yread *r, cs_ynode *root)
{
    cs_state *s = cs_load_alloc(l, r, sizeof *s);
    if (!s)
        return;
    s->loc = cs_yread_loc(r, root);
    cs_yread_state_id(r, root, "id", CS_REQ, "a state", &s->id);
    char what[64], desc[128];
    NAME(what, "state", s->id);
    cs_yread_map(r, root, what,
                 KEYS("casus", "kind", "id", "name", "government", "capital", "utc_offset",
                      "note", "source", "authorization", "admission", "borders", "assets",
                      "bases", "airfields", "units", "airlift", "facts"));
    cs_yread_str(r, root, "name", CS_REQ, what, &s->name);
    cs_yread_str(r, root, "note", CS_OPT, what, &s->note);
    int g = 0;
    cs_yread_enum(r, root, "government", CS_REQ, what, cs_gov_names, &g);
    s->gov = (cs_gov)g;
    read_place(r, root, "capital", what, &s->capital);
    if (!s->capital.present)
        cs_yread_get(r, root, "capital", CS_REQ, what);
    s->has_offset = cs_yread_offset(r, root, "utc_offset", CS_REQ, what, &s->utc_offset_min);
    cs_parse_cite(r, root, CS_REQ, what, &s->src);
    parse_auth(r, root, what, &s->auth);
    parse_admission(r, root, what, &s->admit);

    const cs_yitem *it;
    uint32_t n = list_of(r, root, "borders", what, &it);
    s->borders = cs_load_array(l, r, n, sizeof *s->borders);
    for (uint32_t i = 0; s->borders && i < n; i++) {
        cs_ynode *b = cs_yread_item(r, it[i]);
        cs_border *x = &s->borders[i];
        x->loc = cs_yread_loc(r, b);
        snprintf(desc, sizeof desc, "a border of %s", what);
        if (!cs_yread_map(r, b, desc, KEYS("state", "km", "source")))
            continue;
        cs_yread_ref(r, b, "state", CS_REQ, desc, true, &x->state);
        cs_yread_num(r, b, "km", CS_REQ, desc, 0, 100000, &x->km);
        cs_parse_cite(r, b, CS_REQ, desc, &x->src);
        s->nborders = i + 1;
    }
    n = list_of(r, root, "assets", what, &it);
    s->assets = cs_load_array(l, r, n, sizeof *s->assets);
    for (uint32_t i = 0; s->assets && i < n; i++) {
        cs_ynode *b = cs_yread_item(r, it[i]);
        cs_asset *x = &s->assets[i];
        x->loc = cs_yread_loc(r, b);
        cs_yread_id(r, b, "id", CS_REQ, "an asset", &x->id);
        NAME(desc, "asset", x->id);
        if (!cs_yread_map(r, b, desc, KEYS("id", "name", "user", "kind", "source")))
            continue;
        cs_yread_str(r, b, "name", CS_REQ, desc, &x->name);
        cs_yread_id(r, b, "kind", CS_REQ, desc, &x->kind);
        cs_yread_ref(r, b, "user", CS_REQ, desc, true, &x->user);
        cs_parse_cite(r, b, CS_REQ, desc, &x->src);
        s->nassets = i + 1;
    }
    n = list_of(r, root, "bases", what, &it);
    s->bases = cs_load_array(l, r, n, sizeof *s->bases);
    for (uint32_t i = 0; s->bases && i < n; i++) {
        cs_ynode *b = cs_yread_item(r, it[i]);
        cs_base *x = &s->bases[i];
        x->loc = cs_yread_loc(r, b);
        snprintf(desc, sizeof desc, "a foreign base in %s", what);
        if (!cs_yread_map(r, b, desc, KEYS("of", "name", "airfield", "source")))
            continue;
        cs_yread_ref(r, b, "of", CS_REQ, desc, true, &x->of);
        cs_yread_str(r, b, "name", CS_REQ, desc, &x->name);
        cs_yread_ref(r, b, "airfield", CS_OPT, desc, false, &x->airfield);
        cs_parse_cite(r, b, CS_REQ, desc, &x->src);
        s->nbases = i + 1;
    }
    n = list_of(r, root, "airfields", what, &it);
    s->airfields = cs_load_array(l, r, n, sizeof *s->airfields);
    for (uint32_t i = 0; s->airfields && i < n; i++) {
        cs_ynode *b = cs_yread_item(r, it[i]);
        cs_airfield *x = &s->airfields[i];
        x->loc = cs_yread_loc(r, b);
        x->state = s;
        x->max_on_ground = x->landings_per_h = -1;
        cs_yread_id(r, b, "id", CS_REQ, "an airfield", &x->id);
        NAME(desc, "airfield", x->id);
        if (!cs_yread_map(r, b, desc, KEYS("id", "name", "lat", "lon", "operator",
                                           "max_on_ground", "landings_per_h", "source")))
            continue;
        cs_yread_str(r, b, "name", CS_REQ, desc, &x->name);
        cs_yread_num(r, b, "lat", CS_REQ, desc, -90, 90, &x->lat);
        cs_yread_num(r, b, "lon", CS_REQ, desc, -180, 180, &x->lon);
        cs_yread_ref(r, b, "operator", CS_OPT, desc, true, &x->operator_);
        cs_yread_int(r, b, "max_on_ground", CS_OPT, desc, 1, 10000, &x->max_on_ground);
        cs_yread_num(r, b, "landings_per_h", CS_OPT, desc, 0.01, 1000, &x->landings_per_h);
        cs_parse_cite(r, b, CS_REQ, desc, &x->src);
        s->nairfields = i + 1;
        if (x->id && !cs_vec_push(l, &l->airfields, x))
            return;
    }
    n = list_of(r, root, "units", what, &it);
    s->units = cs_load_array(l, r, n, sizeof *s->units);
    for (uint32_t i = 0; s->units && i < n; i++) {
        cs_ynode *b = cs_yread_item(r, it[i]);
        cs_unit *x = &s->units[i];
        x->loc = cs_yread_loc(r, b);
        x->state = s;
        x->tonnage_t = x->readiness_h = -1;
        cs_yread_id(r, b, "id", CS_REQ, "a unit", &x->id);
        NAME(desc, "unit", x->id);
        if (!cs_yread_map(r, b, desc, KEYS("id", "name", "type", "personnel", "vehicles",
                                           "tonnage_t", "readiness_h", "airfield", "base",
                                           "note", "source")))
            continue;
        cs_yread_str(r, b, "name", CS_REQ, desc, &x->name);
        cs_yread_ref(r, b, "type", CS_REQ, desc, false, &x->type);
        cs_yread_int(r, b, "personnel", CS_REQ, desc, 0, 1000000, &x->personnel);
        cs_yread_int(r, b, "vehicles", CS_OPT, desc, 0, 100000, &x->vehicles);
        cs_yread_num(r, b, "tonnage_t", CS_OPT, desc, 0, 1e7, &x->tonnage_t);
        cs_yread_num(r, b, "readiness_h", CS_OPT, desc, 0, 10000, &x->readiness_h);
        cs_yread_ref(r, b, "airfield", CS_REQ, desc, false, &x->airfield);
        read_place(r, b, "base", desc, &x->base);
        cs_yread_str(r, b, "note", CS_OPT, desc, &x->note);
        cs_parse_cite(r, b, CS_REQ, desc, &x->src);
        s->nunits = i + 1;
        if (x->id && !cs_vec_push(l, &l->units, x))
            return;
    }
    n = list_of(r, root, "airlift", what, &it);
    s->fleets = cs_load_array(l, r, n, sizeof *s->fleets);
    for (uint32_t i = 0; s->fleets && i < n; i++) {
        cs_ynode *b = cs_yread_item(r, it[i]);
        cs_fleet *x = &s->fleets[i];
        x->loc = cs_yread_loc(r, b);
        x->state = s;
        snprintf(desc, sizeof desc, "an airlift fleet of %s", what);
        if (!cs_yread_map(r, b, desc, KEYS("type", "count", "base", "source")))
            continue;
        cs_yread_ref(r, b, "type", CS_REQ, desc, false, &x->type);
        cs_yread_int(r, b, "count", CS_REQ, desc, 0, 100000, &x->count);
        cs_yread_ref(r, b, "base", CS_OPT, desc, false, &x->base);
        cs_parse_cite(r, b, CS_REQ, desc, &x->src);
        s->nfleets = i + 1;
    }
    parse_facts(l, r, root, what, &s->facts, &s->nfacts);
    if (s->id)
        cs_vec_push(l, &l->states, s);
}

/* ---- alliances -------------------------------------------------------------------- */

static void parse_members(cs_loader *l, cs_yread *r, cs_ynode *root, const char *what,
                          cs_alliance *a)
{
    const cs_yitem *it;
    char desc[128];
    uint32_t n = list_of(r, root, "members", what, &it);
    a->members = cs_load_array(l, r, n, sizeof *a->members);
    for (uint32_t i = 0; a->members && i < n; i++) {
        cs_ynode *b = cs_yread_item(r, it[i]);
        cs_member *x = &a->members[i];
        x->loc = cs_yread_loc(r, b);
        if (!cs_yread_map(r, b, "a member", KEYS("state", "history")))
            continue;
        cs_yread_ref(r, b, "state", CS_REQ, "a member", true, &x->state);
        NAME(desc, "member", x->state.id);
        const cs_yitem *hi;
        x->nhist = list_of(r, b, "history", desc, &hi);
        if (!x->nhist && !cs_yread_get(r, b, "history", CS_OPT, desc))
            cs_yread_get(r, b, "history", CS_REQ, desc);
        x->hist = cs_load_array(l, r, x->nhist, sizeof *x->hist);
        for (uint32_t k = 0; x->hist && k < x->nhist; k++) {
            cs_ynode *e = cs_yread_item(r, hi[k]);
            cs_member_event *h = &x->hist[k];
            h->loc = cs_yread_loc(r, e);
            if (!cs_yread_map(r, e, "a membership event",
                              KEYS("event", "date", "note", "source", "alternatives")))
                continue;
            int ev = 0;
            cs_yread_enum(r, e, "event", CS_REQ, desc, cs_mevent_names, &ev);
            h->event = (cs_mevent)ev;
            cs_yread_time(r, e, "date", CS_REQ, desc,
                          CS_PREC_YEAR | CS_PREC_MONTH | CS_PREC_DAY, &h->date);
            cs_yread_str(r, e, "note", CS_OPT, desc, &h->note);
            cs_parse_cite(r, e, CS_REQ, desc, &h->src);
            cs_parse_alts(r, e, desc, &h->alts);
        }
        a->nmembers = i + 1;
    }
}

static void parse_clauses(cs_loader *l, cs_yread *r, cs_ynode *root, const char *what,
                          cs_alliance *a)
{
    const cs_yitem *it;
    char desc[128];
    uint32_t n = list_of(r, root, "clauses", what, &it);
    a->clauses = cs_load_array(l, r, n, sizeof *a->clauses);
    for (uint32_t i = 0; a->clauses && i < n; i++) {
        cs_ynode *b = cs_yread_item(r, it[i]);
        cs_clause *x = &a->clauses[i];
        x->loc = cs_yread_loc(r, b);
        cs_yread_id(r, b, "id", CS_REQ, "a clause", &x->id);
        NAME(desc, "clause", x->id);
        if (!cs_yread_map(r, b, desc, KEYS("id", "name", "text", "requires_request", "trigger",
                                           "obliges", "note", "source")))
            continue;
        cs_yread_str(r, b, "name", CS_REQ, desc, &x->name);
        cs_yread_str(r, b, "text", CS_OPT, desc, &x->text);
        cs_yread_str(r, b, "obliges", CS_OPT, desc, &x->obliges);
        cs_yread_str(r, b, "note", CS_OPT, desc, &x->note);
        cs_yread_bool(r, b, "requires_request", CS_REQ, desc, &x->requires_request);
        cs_yread_expr(r, b, "trigger", CS_REQ, desc, &x->trigger);
        cs_parse_cite(r, b, CS_REQ, desc, &x->src);
        a->nclauses = i + 1;
    }
}

static void parse_doctrines(cs_loader *l, cs_yread *r, cs_ynode *root, const char *what,
                            cs_alliance *a)
{
    const cs_yitem *it;
    char desc[128];
    uint32_t n = list_of(r, root, "doctrines", what, &it);
    a->doctrines = cs_load_array(l, r, n, sizeof *a->doctrines);
    for (uint32_t i = 0; a->doctrines && i < n; i++) {
        cs_ynode *b = cs_yread_item(r, it[i]);
        cs_doctrine *x = &a->doctrines[i];
        x->loc = cs_yread_loc(r, b);
        cs_yread_id(r, b, "id", CS_REQ, "a doctrine", &x->id);
        NAME(desc, "doctrine", x->id);
        if (!cs_yread_map(r, b, desc, KEYS("id", "name", "from", "to", "reading", "defines",
                                           "note", "source")))
            continue;
        cs_yread_str(r, b, "name", CS_REQ, desc, &x->name);
        cs_yread_str(r, b, "reading", CS_REQ, desc, &x->reading);
        cs_yread_str(r, b, "note", CS_OPT, desc, &x->note);
        cs_yread_time(r, b, "from", CS_REQ, desc, CS_PREC_DAY, &x->from);
        x->has_to = cs_yread_time(r, b, "to", CS_OPT, desc, CS_PREC_DAY, &x->to);
        cs_parse_cite(r, b, CS_REQ, desc, &x->src);
        cs_ynode *d = cs_yread_get(r, b, "defines", CS_REQ, desc);
        if (d && d->type != YAML_MAPPING_NODE)
            cs_yread_error(r, d, "expected a mapping of names to expressions for 'defines'");
        else if (d) {
            uint32_t nd = d->n / 2;
            x->defs = cs_load_array(l, r, nd, sizeof *x->defs);
            for (uint32_t k = 0; x->defs && k < nd; k++) {
                cs_ynode *kn = cs_yread_kid(r, d, 2 * k);
                cs_def *df = &x->defs[k];
                df->loc = cs_yread_loc(r, kn);
                if (!cs_yread_node_id(r, kn, "a defined name", &df->name))
                    continue;
                for (uint32_t j = 0; j < k; j++)
                    if (x->defs[j].name && strcmp(x->defs[j].name, df->name) == 0)
                        cs_yread_error(r, kn, "'%s' is defined twice in %s", df->name, desc);
                cs_yread_node_expr(r, cs_yread_kid(r, d, 2 * k + 1), df->name, &df->expr);
                x->ndefs = k + 1;
            }
        }
        a->ndoctrines = i + 1;
    }
}

static void parse_pools(cs_loader *l, cs_yread *r, cs_ynode *root, const char *what,
                        cs_alliance *a)
{
    const cs_yitem *it;
    char desc[128];
    uint32_t n = list_of(r, root, "pools", what, &it);
    a->pools = cs_load_array(l, r, n, sizeof *a->pools);
    for (uint32_t i = 0; a->pools && i < n; i++) {
        cs_ynode *b = cs_yread_item(r, it[i]);
        cs_pool *x = &a->pools[i];
        x->loc = cs_yread_loc(r, b);
        cs_yread_id(r, b, "id", CS_REQ, "a force pool", &x->id);
        NAME(desc, "force pool", x->id);
        if (!cs_yread_map(r, b, desc, KEYS("id", "name", "established", "size", "mandate",
                                           "pledges", "note", "source")))
            continue;
        cs_yread_str(r, b, "name", CS_REQ, desc, &x->name);
        cs_yread_str(r, b, "note", CS_OPT, desc, &x->note);
        x->has_established = cs_yread_time(r, b, "established", CS_OPT, desc,
                                           CS_PREC_YEAR | CS_PREC_MONTH | CS_PREC_DAY,
                                           &x->established);
        cs_parse_figure(r, b, "size", desc, false, &x->size);
        cs_parse_cite(r, b, CS_REQ, desc, &x->src);
        ref_list(l, r, b, "mandate", desc, false, &x->mandate, &x->nmandate);
        const cs_yitem *pi;
        x->npledges = list_of(r, b, "pledges", desc, &pi);
        x->pledges = cs_load_array(l, r, x->npledges, sizeof *x->pledges);
        for (uint32_t k = 0; x->pledges && k < x->npledges; k++) {
            cs_ynode *p = cs_yread_item(r, pi[k]);
            cs_pledge *pl = &x->pledges[k];
            pl->loc = cs_yread_loc(r, p);
            if (!cs_yread_map(r, p, "a pledge", KEYS("state", "units", "source")))
                continue;
            cs_yread_ref(r, p, "state", CS_REQ, "a pledge", true, &pl->state);
            ref_list(l, r, p, "units", "a pledge", false, &pl->units, &pl->nunits);
            cs_parse_cite(r, p, CS_REQ, "a pledge", &pl->src);
        }
        a->npools = i + 1;
    }
}

static void parse_politics(cs_loader *l, cs_yread *r, cs_ynode *root, const char *what,
                           cs_politics *p)
{
    cs_ynode *v = cs_yread_get(r, root, "politics", CS_OPT, what);
    const char *desc = "the politics of the alliance";
    if (!v || !cs_yread_map(r, v, desc, KEYS("support_at", "oppose_at", "why", "source",
                                             "factors")))
        return;
    p->present = true;
    p->loc = cs_yread_loc(r, v);
    cs_yread_num(r, v, "support_at", CS_REQ, desc, -BIG, BIG, &p->support_at);
    cs_yread_num(r, v, "oppose_at", CS_REQ, desc, -BIG, BIG, &p->oppose_at);
    cs_yread_str(r, v, "why", CS_REQ, desc, &p->why);
    cs_parse_cite(r, v, CS_REQ, desc, &p->src);
    if (p->oppose_at >= p->support_at)
        cs_yread_error(r, v, "'oppose_at' must be below 'support_at'");
    const cs_yitem *it;
    char fd[128];
    p->nfactors = list_of(r, v, "factors", desc, &it);
    p->factors = cs_load_array(l, r, p->nfactors, sizeof *p->factors);
    for (uint32_t i = 0; p->factors && i < p->nfactors; i++) {
        cs_ynode *b = cs_yread_item(r, it[i]);
        cs_factor *x = &p->factors[i];
        x->loc = cs_yread_loc(r, b);
        cs_yread_id(r, b, "id", CS_REQ, "a political factor", &x->id);
        NAME(fd, "political factor", x->id);
        if (!cs_yread_map(r, b, fd, KEYS("id", "name", "applies_to", "when", "value",
                                         "weight", "why", "source")))
            continue;
        cs_yread_str(r, b, "name", CS_REQ, fd, &x->name);
        int ap = 0;
        cs_yread_enum(r, b, "applies_to", CS_REQ, fd, cs_applies_names, &ap);
        x->applies = (cs_applies)ap;
        x->has_when = cs_yread_expr(r, b, "when", CS_OPT, fd, &x->when);
        x->has_value = cs_yread_expr(r, b, "value", CS_OPT, fd, &x->value);
        cs_yread_num(r, b, "weight", CS_REQ, fd, -BIG, BIG, &x->weight);
        cs_yread_str(r, b, "why", CS_REQ, fd, &x->why);
        cs_parse_cite(r, b, CS_REQ, fd, &x->src);
        for (uint32_t k = 0; k < i; k++)
            if (x->id && p->factors[k].id && strcmp(x->id, p->factors[k].id) == 0)
                cs_yread_error(r, b, "duplicate factor id '%s' (first at line %u)", x->id,
                               (unsigned)p->factors[k].loc.line);
    }
}

static void parse_tasks(cs_loader *l, cs_yread *r, cs_ynode *root, const char *what,
                        cs_alliance *a)
{
    const cs_yitem *it;
    char desc[128];
    uint32_t n = list_of(r, root, "tasks", what, &it);
    a->tasks = cs_load_array(l, r, n, sizeof *a->tasks);
    for (uint32_t i = 0; a->tasks && i < n; i++) {
        cs_ynode *b = cs_yread_item(r, it[i]);
        cs_task *x = &a->tasks[i];
        x->loc = cs_yread_loc(r, b);
        cs_yread_id(r, b, "id", CS_REQ, "a task", &x->id);
        NAME(desc, "task", x->id);
        if (!cs_yread_map(r, b, desc, KEYS("id", "name", "when", "source")))
            continue;
        cs_yread_str(r, b, "name", CS_REQ, desc, &x->name);
        cs_yread_expr(r, b, "when", CS_REQ, desc, &x->when);
        cs_parse_cite(r, b, CS_REQ, desc, &x->src);
        a->ntasks = i + 1;
    }
}

static void parse_alliance(cs_loader *l, cs_yread *r, cs_ynode *root)
{
    cs_alliance *a = cs_load_alloc(l, r, sizeof *a);
    if (!a)
        return;
    a->loc = cs_yread_loc(r, root);
    cs_yread_id(r, root, "id", CS_REQ, "an alliance", &a->id);
    char what[96], desc[128];
    NAME(what, "alliance", a->id);
    cs_yread_map(r, root, what,
                 KEYS("casus", "kind", "id", "name", "founded", "lead", "note", "source",
                      "milestones", "members", "organs", "chairs", "clauses", "doctrines",
                      "tasks", "pools", "politics"));
    cs_yread_str(r, root, "name", CS_REQ, what, &a->name);
    cs_yread_str(r, root, "note", CS_OPT, what, &a->note);
    cs_yread_time(r, root, "founded", CS_REQ, what, CS_PREC_DAY, &a->founded);
    cs_yread_ref(r, root, "lead", CS_OPT, what, true, &a->lead);
    cs_parse_cite(r, root, CS_REQ, what, &a->src);

    const cs_yitem *it;
    uint32_t n = list_of(r, root, "milestones", what, &it);
    a->milestones = cs_load_array(l, r, n, sizeof *a->milestones);
    for (uint32_t i = 0; a->milestones && i < n; i++) {
        cs_ynode *b = cs_yread_item(r, it[i]);
        cs_milestone *x = &a->milestones[i];
        x->loc = cs_yread_loc(r, b);
        if (!cs_yread_map(r, b, "a milestone", KEYS("date", "what", "source")))
            continue;
        cs_yread_time(r, b, "date", CS_REQ, "a milestone",
                      CS_PREC_YEAR | CS_PREC_MONTH | CS_PREC_DAY, &x->date);
        cs_yread_str(r, b, "what", CS_REQ, "a milestone", &x->what);
        cs_parse_cite(r, b, CS_REQ, "a milestone", &x->src);
        a->nmilestones = i + 1;
    }
    parse_members(l, r, root, what, a);
    n = list_of(r, root, "organs", what, &it);
    a->organs = cs_load_array(l, r, n, sizeof *a->organs);
    for (uint32_t i = 0; a->organs && i < n; i++) {
        cs_ynode *b = cs_yread_item(r, it[i]);
        cs_organ *x = &a->organs[i];
        x->loc = cs_yread_loc(r, b);
        cs_yread_id(r, b, "id", CS_REQ, "an organ", &x->id);
        NAME(desc, "organ", x->id);
        if (!cs_yread_map(r, b, desc, KEYS("id", "name", "composition", "rule", "consensus",
                                           "threshold", "source")))
            continue;
        cs_yread_str(r, b, "name", CS_REQ, desc, &x->name);
        int c = 0, ru = 0;
        cs_yread_enum(r, b, "composition", CS_REQ, desc, cs_composition_names, &c);
        cs_yread_enum(r, b, "rule", CS_REQ, desc, cs_rule_names, &ru);
        x->composition = (cs_composition)c;
        x->rule = (cs_rule)ru;
        int co = CS_CONSENSUS_NO_OBJECTION;
        cs_yread_enum(r, b, "consensus", CS_OPT, desc, cs_consensus_names, &co);
        x->consensus = (cs_consensus)co;
        cs_yread_frac(r, b, "threshold", x->rule == CS_RULE_QUALIFIED ? CS_REQ : CS_OPT, desc,
                      &x->threshold);
        cs_parse_cite(r, b, CS_REQ, desc, &x->src);
        a->norgans = i + 1;
    }
    n = list_of(r, root, "chairs", what, &it);
    a->chairs = cs_load_array(l, r, n, sizeof *a->chairs);
    for (uint32_t i = 0; a->chairs && i < n; i++) {
        cs_ynode *b = cs_yread_item(r, it[i]);
        cs_chair *x = &a->chairs[i];
        x->loc = cs_yread_loc(r, b);
        if (!cs_yread_map(r, b, "a chair", KEYS("organ", "state", "holder", "from", "to",
                                                "source")))
            continue;
        cs_yread_ref(r, b, "organ", CS_REQ, "a chair", false, &x->organ);
        cs_yread_ref(r, b, "state", CS_REQ, "a chair", true, &x->state);
        cs_yread_str(r, b, "holder", CS_OPT, "a chair", &x->holder);
        unsigned pm = CS_PREC_YEAR | CS_PREC_MONTH | CS_PREC_DAY;
        cs_yread_time(r, b, "from", CS_REQ, "a chair", pm, &x->from);
        x->has_to = cs_yread_time(r, b, "to", CS_OPT, "a chair", pm, &x->to);
        cs_parse_cite(r, b, CS_REQ, "a chair", &x->src);
        a->nchairs = i + 1;
    }
    parse_clauses(l, r, root, what, a);
    parse_doctrines(l, r, root, what, a);
    parse_tasks(l, r, root, what, a);
    parse_pools(l, r, root, what, a);
    parse_politics(l, r, root, what, &a->politics);
    if (a->id)
        cs_vec_push(l, &l->alliances, a);
}

/* ---- scenarios -------------------------------------------------------------------- */

/* Keys each event kind takes besides the common ones, in cs_evkind order. */
static const char *const *const event_keys[] = {
    [CS_EV_UNREST] = KEYS("place"),
    [CS_EV_HOSTILITIES] = KEYS("place", "by"),
    [CS_EV_INFORMAL_PLEA] = KEYS("by", "to", "who", "purpose"),
    [CS_EV_REQUEST] = KEYS("by", "to", "under", "purpose", "formal"),
    [CS_EV_CONSULT_REQUEST] = KEYS("by", "to", "under", "who", "purpose"),
    [CS_EV_COUNCIL_SESSION] = KEYS("organ", "mode"),
    [CS_EV_PARLIAMENT_SESSION] = KEYS("state", "quorum", "for", "against"),
    [CS_EV_SITE_ADDED] = KEYS("site"),
    [CS_EV_END_REQUEST] = KEYS("by"),
    [CS_EV_STATEMENT] = KEYS("by", "who", "text"),
};

static void parse_event(cs_yread *r, cs_ynode *b, cs_event *x)
{
    static const char *const common[] = {"id", "at", "approx", "kind", "note", "source"};
    const char *allowed[24];
    char desc[128];
    x->loc = cs_yread_loc(r, b);
    if (b->type != YAML_MAPPING_NODE) {
        cs_yread_error(r, b, "expected a mapping for an event, found %s", cs_ynode_kind(b));
        return;
    }
    cs_yread_id(r, b, "id", CS_REQ, "an event", &x->id);
    NAME(desc, "event", x->id);
    int k = -1;
    cs_yread_enum(r, b, "kind", CS_REQ, desc, cs_evkind_names, &k);
    size_t na = 0;
    for (size_t i = 0; i < sizeof common / sizeof *common; i++)
        allowed[na++] = common[i];
    if (k >= 0)
        for (const char *const *e = event_keys[k]; *e; e++)
            allowed[na++] = *e;
    allowed[na] = NULL;
    cs_yread_map(r, b, desc, allowed);
    if (k < 0)
        return;
    x->kind = (cs_evkind)k;
    cs_yread_time(r, b, "at", CS_REQ, desc, CS_PREC_DAY | CS_PREC_MINUTE, &x->at);
    cs_yread_bool(r, b, "approx", CS_OPT, desc, &x->approx);
    cs_yread_str(r, b, "note", CS_OPT, desc, &x->note);
    cs_parse_cite(r, b, CS_REQ, desc, &x->src);
    bool by_req = x->kind != CS_EV_UNREST && x->kind != CS_EV_COUNCIL_SESSION &&
                  x->kind != CS_EV_PARLIAMENT_SESSION && x->kind != CS_EV_SITE_ADDED &&
                  x->kind != CS_EV_HOSTILITIES;
    if (by_req)
        cs_yread_ref(r, b, "by", CS_REQ, desc, true, &x->by);
    switch (x->kind) {
    case CS_EV_UNREST: cs_yread_str(r, b, "place", CS_OPT, desc, &x->place); break;
    case CS_EV_HOSTILITIES:
        cs_yread_str(r, b, "place", CS_OPT, desc, &x->place);
        cs_yread_ref(r, b, "by", CS_OPT, desc, true, &x->by);
        break;
    case CS_EV_INFORMAL_PLEA:
    case CS_EV_REQUEST:
    case CS_EV_CONSULT_REQUEST:
        cs_yread_ref(r, b, "to", CS_REQ, desc, false, &x->to);
        cs_yread_str(r, b, "purpose", x->kind == CS_EV_INFORMAL_PLEA ? CS_OPT : CS_REQ,
                     desc, &x->purpose);
        cs_yread_str(r, b, "who", CS_OPT, desc, &x->who);
        if (x->kind == CS_EV_REQUEST) {
            cs_yread_ref(r, b, "under", CS_REQ, desc, false, &x->under);
            cs_yread_bool(r, b, "formal", CS_REQ, desc, &x->formal);
        } else if (x->kind == CS_EV_CONSULT_REQUEST)
            cs_yread_ref(r, b, "under", CS_OPT, desc, false, &x->under);
        break;
    case CS_EV_COUNCIL_SESSION: {
        cs_yread_ref(r, b, "organ", CS_REQ, desc, false, &x->organ);
        int m = 0;
        static const char *const modes[] = {"in-person", "video", "telephone", NULL};
        if (cs_yread_enum(r, b, "mode", CS_OPT, desc, modes, &m))
            x->mode = modes[m];
        break;
    }
    case CS_EV_PARLIAMENT_SESSION:
        cs_yread_ref(r, b, "state", CS_REQ, desc, true, &x->state);
        cs_yread_bool(r, b, "quorum", CS_REQ, desc, &x->quorum);
        if (x->quorum) {
            cs_yread_int(r, b, "for", CS_REQ, desc, 0, 100000, &x->votes_for);
            cs_yread_int(r, b, "against", CS_REQ, desc, 0, 100000, &x->votes_against);
        } else if (cs_yread_get(r, b, "for", CS_OPT, desc) ||
                   cs_yread_get(r, b, "against", CS_OPT, desc))
            cs_yread_error(r, b, "%s: a sitting without a quorum takes no vote", desc);
        break;
    case CS_EV_SITE_ADDED: cs_yread_ref(r, b, "site", CS_REQ, desc, false, &x->site); break;
    case CS_EV_END_REQUEST: break;
    case CS_EV_STATEMENT:
        cs_yread_str(r, b, "who", CS_OPT, desc, &x->who);
        cs_yread_str(r, b, "text", CS_REQ, desc, &x->text);
        break;
    }
}

static void parse_sites(cs_loader *l, cs_yread *r, cs_ynode *root, const char *what,
                        cs_scenario *s)
{
    const cs_yitem *it;
    char desc[128];
    uint32_t n = list_of(r, root, "sites", what, &it);
    s->sites = cs_load_array(l, r, n, sizeof *s->sites);
    for (uint32_t i = 0; s->sites && i < n; i++) {
        cs_ynode *b = cs_yread_item(r, it[i]);
        cs_site *x = &s->sites[i];
        x->loc = cs_yread_loc(r, b);
        x->personnel = x->frees_host = -1;
        cs_yread_id(r, b, "id", CS_REQ, "a site", &x->id);
        NAME(desc, "site", x->id);
        if (!cs_yread_map(r, b, desc, KEYS("id", "name", "kind", "lat", "lon", "personnel",
                                           "frees_host", "from", "handover", "note",
                                           "source")))
            continue;
        cs_yread_str(r, b, "name", CS_REQ, desc, &x->name);
        cs_yread_ref(r, b, "kind", CS_REQ, desc, false, &x->kind);
        cs_yread_num(r, b, "lat", CS_REQ, desc, -90, 90, &x->lat);
        cs_yread_num(r, b, "lon", CS_REQ, desc, -180, 180, &x->lon);
        cs_yread_int(r, b, "personnel", CS_OPT, desc, 0, 100000, &x->personnel);
        cs_yread_int(r, b, "frees_host", CS_OPT, desc, 0, 100000, &x->frees_host);
        x->has_from = cs_yread_time(r, b, "from", CS_OPT, desc, CS_PREC_DAY | CS_PREC_MINUTE,
                                    &x->from);
        cs_yread_int(r, b, "handover", CS_REQ, desc, 1, 100000, &x->handover);
        cs_yread_str(r, b, "note", CS_OPT, desc, &x->note);
        cs_parse_cite(r, b, CS_REQ, desc, &x->src);
        for (uint32_t k = 0; k < i; k++)
            if (x->id && s->sites[k].id && strcmp(x->id, s->sites[k].id) == 0)
                cs_yread_error(r, b, "duplicate site id '%s' (first at line %u)", x->id,
                               (unsigned)s->sites[k].loc.line);
        s->nsites = i + 1;
    }
}

static void parse_operation(cs_loader *l, cs_yread *r, cs_ynode *v, cs_operation_rec *op)
{
    const char *what = "the recorded operation";
    if (!cs_yread_map(r, v, what, KEYS("first_arrival", "complete", "end_announced",
                                       "withdrawal_start", "withdrawal_end", "personnel",
                                       "equipment", "flights_in", "flights_out",
                                       "sites_initial", "sites_total", "freed_host",
                                       "contingents")))
        return;
    op->present = true;
    op->loc = cs_yread_loc(r, v);
    cs_parse_figure(r, v, "first_arrival", what, true, &op->first_arrival);
    cs_parse_figure(r, v, "complete", what, true, &op->complete);
    cs_parse_figure(r, v, "end_announced", what, true, &op->end_announced);
    cs_parse_figure(r, v, "withdrawal_start", what, true, &op->withdrawal_start);
    cs_parse_figure(r, v, "withdrawal_end", what, true, &op->withdrawal_end);
    cs_parse_figure(r, v, "personnel", what, false, &op->personnel);
    cs_parse_figure(r, v, "equipment", what, false, &op->equipment);
    cs_parse_figure(r, v, "flights_in", what, false, &op->flights_in);
    cs_parse_figure(r, v, "flights_out", what, false, &op->flights_out);
    cs_parse_figure(r, v, "sites_initial", what, false, &op->sites_initial);
    cs_parse_figure(r, v, "sites_total", what, false, &op->sites_total);
    cs_parse_figure(r, v, "freed_host", what, false, &op->freed_host);
    const cs_yitem *it;
    char desc[128];
    uint32_t n = list_of(r, v, "contingents", what, &it);
    op->contingents = cs_load_array(l, r, n, sizeof *op->contingents);
    for (uint32_t i = 0; op->contingents && i < n; i++) {
        cs_ynode *b = cs_yread_item(r, it[i]);
        cs_contingent_rec *x = &op->contingents[i];
        x->loc = cs_yread_loc(r, b);
        if (!cs_yread_map(r, b, "a contingent", KEYS("state", "personnel", "vehicles",
                                                     "arrived", "left", "home_by", "sites",
                                                     "note", "source")))
            continue;
        cs_yread_ref(r, b, "state", CS_REQ, "a contingent", true, &x->state);
        NAME(desc, "contingent", x->state.id);
        cs_parse_figure(r, b, "personnel", desc, false, &x->personnel);
        cs_parse_figure(r, b, "vehicles", desc, false, &x->vehicles);
        x->has_arrived = cs_yread_time(r, b, "arrived", CS_OPT, desc,
                                       CS_PREC_DAY | CS_PREC_MINUTE, &x->arrived);
        x->has_left = cs_yread_time(r, b, "left", CS_OPT, desc, CS_PREC_DAY | CS_PREC_MINUTE,
                                    &x->left);
        int hb = 0;
        static const char *const modes[] = {"air", "road", NULL};
        if (cs_yread_enum(r, b, "home_by", CS_OPT, desc, modes, &hb))
            x->home_by = modes[hb];
        ref_list(l, r, b, "sites", desc, false, &x->sites, &x->nsites);
        cs_yread_str(r, b, "note", CS_OPT, desc, &x->note);
        cs_parse_cite(r, b, CS_REQ, desc, &x->src);
        op->ncontingents = i + 1;
    }
}

static void parse_outcome(cs_loader *l, cs_yread *r, cs_ynode *root, cs_outcome *o)
{
    const char *what = "the recorded outcome";
    cs_ynode *v = cs_yread_get(r, root, "outcome", CS_OPT, what);
    if (!v || !cs_yread_map(r, v, what, KEYS("decision", "date", "announced_by",
                                             "stated_reason", "note", "source", "operation")))
        return;
    o->present = true;
    o->loc = cs_yread_loc(r, v);
    int d = 0;
    cs_yread_enum(r, v, "decision", CS_REQ, what, cs_decision_names, &d);
    o->decision = (cs_decision)d;
    o->has_date = cs_yread_time(r, v, "date", CS_OPT, what, CS_PREC_DAY | CS_PREC_MINUTE,
                                &o->date);
    cs_yread_ref(r, v, "announced_by", CS_OPT, what, true, &o->announced_by);
    cs_yread_str(r, v, "stated_reason", CS_OPT, what, &o->stated_reason);
    cs_yread_str(r, v, "note", CS_OPT, what, &o->note);
    cs_parse_cite(r, v, CS_REQ, what, &o->src);
    cs_ynode *op = cs_yread_get(r, v, "operation", CS_OPT, what);
    if (op && o->decision != CS_DEC_ACT)
        cs_yread_error(r, op, "a recorded operation needs 'decision: act'");
    else if (op)
        parse_operation(l, r, op, &o->op);
}

static void parse_scenario(cs_loader *l, cs_yread *r, cs_ynode *root)
{
    cs_scenario *s = cs_load_alloc(l, r, sizeof *s);
    if (!s)
        return;
    s->loc = cs_yread_loc(r, root);
    s->file = r->file;
    cs_yread_id(r, root, "id", CS_REQ, "a scenario", &s->id);
    char what[96];
    NAME(what, "scenario", s->id);
    cs_yread_map(r, root, what,
                 KEYS("casus", "kind", "id", "name", "alliance", "host", "start", "utc_offset",
                      "summary", "source", "facts", "events", "sites", "outcome"));
    cs_yread_str(r, root, "name", CS_REQ, what, &s->name);
    cs_yread_str(r, root, "summary", CS_OPT, what, &s->summary);
    cs_yread_ref(r, root, "alliance", CS_REQ, what, false, &s->alliance);
    cs_yread_ref(r, root, "host", CS_REQ, what, true, &s->host);
    cs_yread_time(r, root, "start", CS_REQ, what, CS_PREC_DAY | CS_PREC_MINUTE, &s->start);
    cs_yread_offset(r, root, "utc_offset", CS_REQ, what, &s->utc_offset_min);
    cs_parse_cite(r, root, CS_REQ, what, &s->src);
    parse_facts(l, r, root, what, &s->facts, &s->nfacts);
    const cs_yitem *it;
    uint32_t n = list_of(r, root, "events", what, &it);
    s->events = cs_load_array(l, r, n, sizeof *s->events);
    for (uint32_t i = 0; s->events && i < n; i++) {
        parse_event(r, cs_yread_item(r, it[i]), &s->events[i]);
        for (uint32_t k = 0; k < i; k++)
            if (s->events[i].id && s->events[k].id &&
                strcmp(s->events[i].id, s->events[k].id) == 0)
                cs_yread_error(r, cs_yread_item(r, it[i]),
                               "duplicate event id '%s' (first at line %u)", s->events[i].id,
                               (unsigned)s->events[k].loc.line);
        s->nevents = i + 1;
    }
    parse_sites(l, r, root, what, s);
    parse_outcome(l, r, root, &s->outcome);
    if (s->id)
        cs_vec_push(l, &l->scenarios, s);
}

void cs_parse_document(cs_loader *l, cs_yread *r, cs_ynode *root)
{
    static const char *const kinds[] = {"sources", "vocabulary", "catalog", "state",
                                        "alliance", "scenario", NULL};
    if (root->type != YAML_MAPPING_NODE) {
        cs_yread_error(r, root, "expected a mapping with 'casus' and 'kind' at the top of "
                       "the file, found %s", cs_ynode_kind(root));
        return;
    }
    double version;
    if (!cs_yread_int(r, root, "casus", CS_REQ, "the file", 0, 1000000, &version))
        return;
    if (version != 1) {
        cs_yread_error(r, cs_yread_get(r, root, "casus", CS_OPT, ""),
                       "unsupported format version %.0f (this casus reads version 1)",
                       version);
        return;
    }
    int kind;
    if (!cs_yread_enum(r, root, "kind", CS_REQ, "the file", kinds, &kind))
        return;
    switch (kind) {
    case 0: parse_sources(l, r, root); break;
    case 1: parse_vocabulary(l, r, root); break;
    case 2: parse_catalog(l, r, root); break;
    case 3: parse_state(l, r, root); break;
    case 4: parse_alliance(l, r, root); break;
    case 5: parse_scenario(l, r, root); break;
    }
}
