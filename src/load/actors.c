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

/* Each list is optional: a scenario without them adds nothing (cs_read_found leaves an
 * absent key's list empty). Ids share the library's namespaces, so a source or fact the
 * scenario declares must not repeat one of the library's (the linker reports it). */
void cs_read_scenario_extras(cs_yread *r, cs_ynode *root, cs_found *out)
{
    cs_read_found(r, root, "sources", "a scenario", &cs_source_record, out, CS_K_SOURCES);
    cs_read_found(r, root, "vocabulary", "a scenario", &cs_vocab_record, out, CS_K_VOCAB);
    cs_read_found(r, root, "actors", "a scenario", &cs_actor_record, out, CS_K_ACTORS);
}
