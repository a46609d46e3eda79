/* read.c - readers shared by every kind of document: sources cited, alternatives, figures,
 * places, lists of references and facts. */
#include "load/read.h"

#include <string.h>

#define O(T, m) offsetof(T, m)

/* `source`: one id, or a non-empty list of ids. */
bool cs_read_cite(cs_yread *r, cs_ynode *map, int req, const char *what, cs_cite *out)
{
    memset(out, 0, sizeof *out);
    cs_ynode *v = cs_yread_get(r, map, "source", req, what);
    if (!v)
        return !req;
    if (v->type == YAML_SCALAR_NODE) {
        out->v = cs_arena_alloc(r->arena, sizeof *out->v);
        if (!out->v) {
            cs_diag_file(r->diags, CS_ERR_NOMEM, r->file->name, "out of memory");
            return false;
        }
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
    if (!out->v) {
        cs_diag_file(r->diags, CS_ERR_NOMEM, r->file->name, "out of memory");
        return false;
    }
    out->n = n;
    bool ok = true;
    for (uint32_t i = 0; i < n; i++)
        ok &= cs_yread_node_ref(r, cs_yread_item(r, it[i]), "source", false, &out->v[i]);
    return ok;
}

/* ---- alternatives ----------------------------------------------------------------- */

static const cs_field alt_fields[] = {
    {.key = "value", .kind = CS_F_STR, .req = CS_REQ, .off = O(cs_alt, value)},
    {.key = "source", .kind = CS_F_CITE, .req = CS_REQ, .off = O(cs_alt, src)},
    {.key = "note", .kind = CS_F_STR, .req = CS_OPT, .off = O(cs_alt, note)},
};

const cs_record cs_alt_record = {
    .title = "alternative", .desc = "an alternative", .size = sizeof(cs_alt),
    .loc = O(cs_alt, loc), .fields = CS_FIELDS(alt_fields),
};

bool cs_read_alts(cs_yread *r, cs_ynode *map, const char *what, cs_alts *out)
{
    void *v;
    bool ok = cs_read_list(r, map, "alternatives", what, &cs_alt_record, NULL, CS_COUNT_ALL,
                           &v, &out->n);
    out->v = v;
    return ok;
}

/* ---- figures ---------------------------------------------------------------------- */

/* The mapping form of a figure; its value is converted by cs_read_figure, after the other
 * keys, as the bare form is. */
static bool figure_value(cs_rctx *c, const cs_field *f)
{
    cs_ynode **val = c->parent;
    *val = cs_yread_get(c->r, c->map, f->key, CS_REQ, c->desc);
    return *val != NULL;
}

static const cs_field figure_fields[] = {
    {.key = "value", .kind = CS_F_CUSTOM, .req = CS_REQ, .hook = figure_value},
    {.key = "qualifier", .kind = CS_F_ENUM, .req = CS_OPT, .off = O(cs_figure, qual),
     .names = cs_qual_names},
    {.key = "source", .kind = CS_F_CITE, .req = CS_REQ, .off = O(cs_figure, src)},
    {.key = "note", .kind = CS_F_STR, .req = CS_OPT, .off = O(cs_figure, note)},
    {.key = "alternatives", .kind = CS_F_ALTS, .req = CS_OPT, .off = O(cs_figure, alts),
     .sub = &cs_alt_record},
};

const cs_record cs_figure_record = {
    .title = "figure (mapping form)", .desc = "%s", .size = sizeof(cs_figure),
    .loc = O(cs_figure, loc), .fields = CS_FIELDS(figure_fields),
};

bool cs_read_figure(cs_yread *r, cs_ynode *map, const char *key, const char *what, bool date,
                    cs_figure *out)
{
    memset(out, 0, sizeof *out);
    cs_ynode *v = cs_yread_get(r, map, key, CS_OPT, what);
    if (!v)
        return true;
    char desc[160];
    cs_desc_cat(desc, sizeof desc, "'", key, "' of ", what);
    out->present = true;
    out->loc = cs_yread_loc(r, v);
    cs_ynode *val = v;
    if (v->type == YAML_MAPPING_NODE) {
        val = NULL;
        if (!cs_read_record(r, v, &cs_figure_record, out, &val, desc, NULL) || !val)
            return false;
    }
    bool ok;
    if (date) {
        out->v.kind = CS_V_DATE;
        ok = cs_yread_node_time(r, val, desc, CS_PREC_DAY | CS_PREC_MINUTE, &out->v.t);
    } else {
        out->v.kind = CS_V_NUM;
        ok = cs_yread_node_real(r, val, desc, &out->v.num);
        if (ok && out->v.num < 0) {
            cs_yread_error(r, val, "%s may not be negative", desc);
            ok = false;
        }
    }
    return ok;
}

/* ---- places and references -------------------------------------------------------- */

static const cs_field place_fields[] = {
    {.key = "name", .kind = CS_F_STR, .req = CS_REQ, .off = O(cs_place, name)},
    {.key = "lat", .kind = CS_F_NUM, .req = CS_REQ, .off = O(cs_place, lat), .lo = -90, .hi = 90},
    {.key = "lon", .kind = CS_F_NUM, .req = CS_REQ, .off = O(cs_place, lon), .lo = -180, .hi = 180},
    {.key = "source", .kind = CS_F_CITE, .req = CS_OPT, .off = O(cs_place, src)},
};

const cs_record cs_place_record = {
    .title = "place (a capital, a unit's base)", .desc = "%s", .size = sizeof(cs_place),
    .loc = O(cs_place, loc), .fields = CS_FIELDS(place_fields),
};

bool cs_read_place(cs_yread *r, cs_ynode *map, const char *key, const char *what,
                   cs_place *out)
{
    memset(out, 0, sizeof *out);
    cs_ynode *v = cs_yread_get(r, map, key, CS_OPT, what);
    if (!v)
        return true;
    char desc[160];
    cs_desc_cat(desc, sizeof desc, "'", key, "' of ", what);
    if (!cs_read_record(r, v, &cs_place_record, out, NULL, desc, NULL))
        return false;
    out->present = true;
    out->loc = cs_yread_loc(r, v);
    return true;
}

bool cs_read_refs(cs_yread *r, cs_ynode *map, const char *key, const char *what, bool state,
                  cs_ref **out, uint32_t *n)
{
    const cs_yitem *it = NULL;
    *n = 0;
    cs_ynode *v = cs_yread_get(r, map, key, CS_OPT, what);
    if (v && v->type == YAML_SEQUENCE_NODE) {
        it = r->kids + v->kids;
        *n = v->n;
    } else if (v) {
        char desc[160];
        snprintf(desc, sizeof desc, "'%s' of %s", key, what);
        cs_yread_seq(r, v, desc, &it, n);
    }
    *out = cs_arena_array(r->arena, *n ? *n : 1, sizeof **out);
    if (!*out) {
        cs_diag_file(r->diags, CS_ERR_NOMEM, r->file->name, "out of memory");
        *n = 0;
        return false;
    }
    bool ok = true;
    for (uint32_t i = 0; i < *n; i++)
        ok &= cs_yread_node_ref(r, cs_yread_item(r, it[i]), key, state, &(*out)[i]);
    return ok;
}

/* ---- facts ------------------------------------------------------------------------ */

bool cs_fact_path_ok(const char *s)
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

/* The fact's path, and where it is written (for "unknown fact"); a malformed path is
 * reported and left NULL, so that nothing looks it up. */
static bool fact_path(cs_rctx *c, const cs_field *f)
{
    cs_fact *x = c->obj;
    cs_ynode *pn = cs_yread_get(c->r, c->map, f->key, CS_OPT, "a fact");
    x->path_loc = pn ? cs_yread_loc(c->r, pn) : x->loc;
    if (!cs_yread_str(c->r, c->map, f->key, CS_REQ, "a fact", &x->path))
        return false;
    if (!cs_fact_path_ok(x->path)) {
        cs_yread_error(c->r, pn, "invalid fact path '%s': names of lower-case letters, digits "
                       "and '_', joined by '.'", x->path);
        x->path = NULL;   /* reported: not looked up again */
        return false;
    }
    return true;
}

/* The value, typed as YAML writes it (checked against the vocabulary when linking). */
static bool fact_value(cs_rctx *c, const cs_field *f)
{
    cs_fact *x = c->obj;
    cs_ynode *v = cs_yread_get(c->r, c->map, f->key, CS_REQ, c->desc);
    if (!v)
        return false;
    x->value_loc = cs_yread_loc(c->r, v);
    return cs_yread_value(c->r, v, c->desc, &x->value);
}

static const char *const fact_status[] = {"claimed", "evidenced", NULL};

/* claimed or evidenced (an unreadable status counts as evidenced). */
static bool fact_claimed(cs_rctx *c, const cs_field *f)
{
    cs_fact *x = c->obj;
    int st = 1;
    bool ok = cs_yread_enum(c->r, c->map, f->key, CS_REQ, c->desc, fact_status, &st);
    x->claimed = st == 0;
    return ok;
}

/* A claimed fact says who claims it, with `by` (one party) or `claimed_by` (a list), not
 * both; an evidenced one names no claimant. Either may name parties that deny it
 * (`denied_by`), and no party both claims and denies. Fills claimants (and `by`, the first
 * of them) so that readers find every claimant in one list. */
static bool fact_by(cs_rctx *c, const cs_field *f)
{
    (void)f;
    cs_fact *x = c->obj;
    if (x->by.id && x->nclaimants) {
        cs_yread_error(c->r, cs_yread_get(c->r, c->map, "claimed_by", CS_OPT, c->desc),
                       "%s: give its claimants with 'by' or with 'claimed_by', not both",
                       c->desc);
        return false;
    }
    bool named = x->by.id || x->nclaimants;
    if (x->claimed && !named) {
        cs_yread_error(c->r, c->map, "%s is claimed: say by whom with 'by: STATE' or "
                       "'claimed_by: [PARTY, ...]'", c->desc);
        return false;
    }
    if (!x->claimed && named) {
        const char *key = x->by.id ? "by" : "claimed_by";
        cs_yread_error(c->r, cs_yread_get(c->r, c->map, key, CS_OPT, c->desc),
                       "%s is evidenced: '%s' is only for claimed facts (an evidenced fact "
                       "may still list 'denied_by')", c->desc, key);
        return false;
    }
    if (x->by.id) {
        x->claimants = cs_arena_alloc(c->r->arena, sizeof *x->claimants);
        if (!x->claimants) {
            cs_diag_file(c->r->diags, CS_ERR_NOMEM, c->r->file->name, "out of memory");
            return false;
        }
        x->claimants[0] = x->by;
        x->nclaimants = 1;
    } else if (x->nclaimants)
        x->by = x->claimants[0];
    for (uint32_t i = 0; i < x->ndeniers; i++)
        for (uint32_t j = 0; j < x->nclaimants; j++)
            if (x->deniers[i].id && x->claimants[j].id &&
                strcmp(x->deniers[i].id, x->claimants[j].id) == 0) {
                cs_diag_at(c->r->diags, CS_ERR_SCHEMA, &x->deniers[i].loc,
                           "%s: '%s' both claims and denies it", c->desc, x->deniers[i].id);
                return false;
            }
    return true;
}

static void fact_twice(cs_yread *r, cs_ynode *at, const char *id, uint32_t line,
                       const void *ctx)
{
    (void)ctx;
    const char *from = strchr(id, '@');   /* path@date: stated twice as known from date */
    if (from)
        cs_yread_error(r, at, "fact '%.*s' is stated twice as known from %s (first at line %u)",
                       (int)(from - id), id, from + 1, (unsigned)line);
    else
        cs_yread_error(r, at, "fact '%s' is stated twice (first at line %u)", id,
                       (unsigned)line);
}

/* A path is stated once in a list of facts for each date it becomes known from (once
 * without `known_from`): a fact may be stated again as it was known later. */
static bool fact_once(cs_rctx *c, const cs_field *f)
{
    (void)f;
    const cs_fact *x = c->obj;
    const char *key = x->path;
    if (key && x->has_known_from) {
        char d[40];
        cs_date_format(x->known_from, d, sizeof d);
        size_t np = strlen(key), nd = strlen(d);
        char *k = cs_arena_alloc(c->r->arena, np + nd + 2);
        if (!k) {
            cs_diag_file(c->r->diags, CS_ERR_NOMEM, c->r->file->name, "out of memory");
            return false;
        }
        memcpy(k, key, np);
        k[np] = '@';
        memcpy(k + np + 1, d, nd + 1);
        key = k;
    }
    return cs_idset_add(c->ids, key, x->loc.line, c->r, c->map, fact_twice, NULL);
}

static const cs_field fact_fields[] = {
    {.key = "path", .kind = CS_F_CUSTOM, .req = CS_REQ, .off = O(cs_fact, path), .hook = fact_path},
    {.key = "value", .kind = CS_F_CUSTOM, .req = CS_REQ, .hook = fact_value},
    {.key = "status", .kind = CS_F_CUSTOM, .req = CS_REQ, .hook = fact_claimed,
     .doc = "claimed | evidenced"},
    {.key = "by", .kind = CS_F_STATE_REF, .req = CS_OPT, .off = O(cs_fact, by)},
    {.key = "claimed_by", .kind = CS_F_REFS, .req = CS_OPT, .off = O(cs_fact, claimants),
     .cnt = O(cs_fact, nclaimants), .doc = "states or actors"},
    {.key = "denied_by", .kind = CS_F_REFS, .req = CS_OPT, .off = O(cs_fact, deniers),
     .cnt = O(cs_fact, ndeniers), .doc = "states or actors"},
    {.key = NULL, .kind = CS_F_CHECK, .req = CS_OPT, .hook = fact_by},
    {.key = "known_from", .kind = CS_F_TIME, .req = CS_OPT, .off = O(cs_fact, known_from),
     .prec = CS_PREC_DAY | CS_PREC_MINUTE, .has = O(cs_fact, has_known_from) + 1},
    {.key = "who", .kind = CS_F_STR, .req = CS_OPT, .off = O(cs_fact, who)},
    {.key = "note", .kind = CS_F_STR, .req = CS_OPT, .off = O(cs_fact, note)},
    {.key = "source", .kind = CS_F_CITE, .req = CS_REQ, .off = O(cs_fact, src)},
    {.key = "alternatives", .kind = CS_F_ALTS, .req = CS_OPT, .off = O(cs_fact, alts),
     .sub = &cs_alt_record},
    {.key = NULL, .kind = CS_F_CHECK, .req = CS_OPT, .hook = fact_once},
};

const cs_record cs_fact_record = {
    .title = "fact (of a scenario or a state)", .name = "fact", .what = "a fact",
    .naming = CS_NAMED_AFTER, .size = sizeof(cs_fact), .loc = O(cs_fact, loc),
    .fields = CS_FIELDS(fact_fields),
};
