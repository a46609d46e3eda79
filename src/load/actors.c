/* actors.c - actors other than the library's states (armed groups, governments the library
 * does not describe as states, movements), in a document of their own or in a scenario, and
 * the other records a scenario file may carry for itself: its sources and vocabulary. */
#include "load/read.h"

#include <string.h>

#define O(T, m) offsetof(T, m)

static const cs_field actor_fields[] = {
    {.key = "id", .kind = CS_F_ID, .req = CS_REQ, .off = O(cs_actor, id)},
    {.key = "name", .kind = CS_F_STR, .req = CS_REQ, .off = O(cs_actor, name)},
    {.key = "kind", .kind = CS_F_ENUM, .req = CS_REQ, .off = O(cs_actor, kind),
     .names = cs_actorkind_names},
    {.key = "note", .kind = CS_F_STR, .req = CS_OPT, .off = O(cs_actor, note)},
    {.key = "source", .kind = CS_F_CITE, .req = CS_REQ, .off = O(cs_actor, src)},
};

const cs_record cs_actor_record = {
    .title = "actor", .name = "actor", .what = "an actor", .naming = CS_NAMED_FIRST,
    .size = sizeof(cs_actor), .loc = O(cs_actor, loc), .fields = CS_FIELDS(actor_fields),
};

static const cs_field actors_doc_fields[] = {
    {.key = "casus", .kind = CS_F_SKIP, .req = CS_REQ},
    {.key = "kind", .kind = CS_F_SKIP, .req = CS_REQ},
    {.key = "actors", .kind = CS_F_SKIP, .req = CS_OPT, .sub = &cs_actor_record},
};

const cs_record cs_actors_doc = {
    .title = "`kind: actors`", .desc = "an actors file", .fields = CS_FIELDS(actors_doc_fields),
};

void cs_read_actors(cs_yread *r, cs_ynode *root, cs_found *out)
{
    cs_read_record(r, root, &cs_actors_doc, NULL, NULL, "", NULL);
    cs_read_found(r, root, "actors", "an actors file", &cs_actor_record, out, CS_K_ACTORS);
}

/* The values of an extension: a non-empty list of ids. */
static bool ext_values(cs_rctx *c, const cs_field *f)
{
    cs_vocab_ext *x = c->obj;
    const cs_yitem *vi = NULL;
    cs_ynode *v = cs_yread_get(c->r, c->map, f->key, CS_REQ, c->desc);
    if (!v)
        return false;
    char desc[160];
    snprintf(desc, sizeof desc, "'%s' of %s", f->key, c->desc);
    if (!cs_yread_seq(c->r, v, desc, &vi, &x->nvalues))
        return false;
    if (!x->nvalues) {
        cs_yread_error(c->r, v, "%s is an empty list", desc);
        return false;
    }
    x->values = cs_arena_array(c->r->arena, x->nvalues, sizeof *x->values);
    if (!x->values) {
        cs_diag_file(c->r->diags, CS_ERR_NOMEM, c->r->file->name, "out of memory");
        return false;
    }
    bool ok = true;
    for (uint32_t k = 0; k < x->nvalues; k++)
        ok &= cs_yread_node_id(c->r, cs_yread_item(c->r, vi[k]), "an allowed value",
                               &x->values[k]);
    return ok;
}

static bool ext_path(cs_rctx *c, const cs_field *f)
{
    cs_vocab_ext *x = c->obj;
    if (!cs_yread_str(c->r, c->map, f->key, CS_REQ, c->desc, &x->path))
        return false;
    if (!cs_fact_path_ok(x->path)) {
        cs_yread_error(c->r, cs_yread_get(c->r, c->map, f->key, CS_OPT, ""),
                       "invalid fact path '%s'", x->path);
        x->path = NULL;
        return false;
    }
    return true;
}

static const cs_field ext_fields[] = {
    {.key = "path", .kind = CS_F_CUSTOM, .req = CS_REQ, .off = O(cs_vocab_ext, path),
     .hook = ext_path},
    {.key = "values", .kind = CS_F_CUSTOM, .req = CS_REQ, .hook = ext_values},
    {.key = "source", .kind = CS_F_CITE, .req = CS_REQ, .off = O(cs_vocab_ext, src)},
};

const cs_record cs_vocab_ext_record = {
    .title = "vocabulary extension (of a scenario)", .desc = "an extension of the vocabulary",
    .size = sizeof(cs_vocab_ext), .loc = O(cs_vocab_ext, loc), .fields = CS_FIELDS(ext_fields),
};

/* Each list is optional: a scenario without them adds nothing (cs_read_found leaves an
 * absent key's list empty). Ids share the library's namespaces, so a source or fact the
 * scenario declares must not repeat one of the library's (the linker reports it). */
void cs_read_scenario_extras(cs_yread *r, cs_ynode *root, cs_found *out)
{
    cs_read_found(r, root, "sources", "a scenario", &cs_source_record, out, CS_K_SOURCES);
    cs_read_found(r, root, "vocabulary", "a scenario", &cs_vocab_record, out, CS_K_VOCAB);
    cs_read_found(r, root, "actors", "a scenario", &cs_actor_record, out, CS_K_ACTORS);
}
