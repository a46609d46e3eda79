/* kinds.h - the one list of the kinds of object a library holds, each with its own id.
 *
 * X(NAME, field, type, id, "what") for every kind:
 *   NAME   the suffix of its CS_K_ index (CS_K_STATES);
 *   field  its array in cs_model (m->states, with the count m->nstates) and its vector in
 *          the loader;
 *   type   the object's type;
 *   id     the member that names it (unique within the kind);
 *   what   the kind in messages ("duplicate state id", "unknown state").
 * The model's arrays and lookups, the loader's vectors, their freeing and freezing, and the
 * linker's namespaces are all generated from this list: a new kind is one line here (and
 * its reader, which says where its objects come from). The order is the linker's.
 */
#ifndef CS_KINDS_H
#define CS_KINDS_H

#define CS_MODEL_KINDS(X)                                            \
    X(SOURCES, sources, cs_source, id, "source")                     \
    X(VOCAB, vocab, cs_vocab, path, "fact")                          \
    X(AIRCRAFT, aircraft, cs_aircraft_type, id, "aircraft type")     \
    X(UNIT_TYPES, unit_types, cs_unit_type, id, "unit type")         \
    X(SITE_KINDS, site_kinds, cs_site_kind, id, "site kind")         \
    X(PARAMS, params, cs_param, id, "parameter")                     \
    X(STATES, states, cs_state, id, "state")                         \
    X(ACTORS, actors, cs_actor, id, "actor")                         \
    X(AIRFIELDS, airfields, cs_airfield, id, "airfield")             \
    X(UNITS, units, cs_unit, id, "unit")                             \
    X(ALLIANCES, alliances, cs_alliance, id, "alliance")             \
    X(SCENARIOS, scenarios, cs_scenario, id, "scenario")

typedef enum cs_kind {
#define CS_KIND_ENUM_(NAME, field, type, id, what) CS_K_##NAME,
    CS_MODEL_KINDS(CS_KIND_ENUM_)
#undef CS_KIND_ENUM_
    CS_NKINDS
} cs_kind;

#endif
