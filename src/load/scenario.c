/* scenario.c - a scenario's document: its facts, events, sites and the recorded outcome. */
#include "load/read.h"

#include <string.h>

#define O(T, m) offsetof(T, m)
#define HAS(T, m) (offsetof(T, m) + 1)
#define LIST(k_, T, m, n, rec, count_) \
    {.key = k_, .kind = CS_F_LIST, .req = CS_OPT, .off = O(T, m), .cnt = O(T, n), .sub = rec, \
     .count = count_}

static const unsigned DAY_MIN = CS_PREC_DAY | CS_PREC_MINUTE;

/* ---- events ----------------------------------------------------------------------- */

/* Keys every event has; `id` and `kind` are read before the keys are checked, since the
 * kind says which other keys the event takes. */
static const cs_field event_fields[] = {
    {.key = "id", .kind = CS_F_ID, .req = CS_REQ, .off = O(cs_event, id)},
    {.key = "at", .kind = CS_F_TIME, .req = CS_REQ, .off = O(cs_event, at),
     .prec = CS_PREC_DAY | CS_PREC_MINUTE},
    {.key = "approx", .kind = CS_F_BOOL, .req = CS_OPT, .off = O(cs_event, approx)},
    {.key = "kind", .kind = CS_F_ENUM, .req = CS_REQ, .off = O(cs_event, kind),
     .names = cs_evkind_names, .first = true},
    {.key = "note", .kind = CS_F_STR, .req = CS_OPT, .off = O(cs_event, note)},
    {.key = "source", .kind = CS_F_CITE, .req = CS_REQ, .off = O(cs_event, src)},
};

static const cs_record event_record = {
    .title = "event (keys of every kind)", .name = "event", .what = "an event",
    .naming = CS_NAMED_FIRST, .size = sizeof(cs_event), .loc = O(cs_event, loc),
    .fields = CS_FIELDS(event_fields),
};

/* A sitting with a quorum records its votes; one without takes none. */
static bool parliament_votes(cs_rctx *c, const cs_field *f)
{
    (void)f;
    cs_event *x = c->obj;
    if (x->quorum) {
        cs_yread_int(c->r, c->map, "for", CS_REQ, c->desc, 0, 100000, &x->votes_for);
        cs_yread_int(c->r, c->map, "against", CS_REQ, c->desc, 0, 100000, &x->votes_against);
    } else if (cs_yread_get(c->r, c->map, "for", CS_OPT, c->desc) ||
               cs_yread_get(c->r, c->map, "against", CS_OPT, c->desc))
        cs_yread_error(c->r, c->map, "%s: a sitting without a quorum takes no vote", c->desc);
    return true;
}

static const char *const council_modes[] = {"in-person", "video", "telephone", NULL};

#define BY(r_) {.key = "by", .kind = CS_F_STATE_REF, .req = r_, .off = O(cs_event, by)}
#define TO {.key = "to", .kind = CS_F_REF, .req = CS_REQ, .off = O(cs_event, to), \
    .doc = "alliance or state"}
#define WHO {.key = "who", .kind = CS_F_STR, .req = CS_OPT, .off = O(cs_event, who)}
#define PURPOSE(r_) {.key = "purpose", .kind = CS_F_STR, .req = r_, .off = O(cs_event, purpose)}
#define PLACE {.key = "place", .kind = CS_F_STR, .req = CS_OPT, .off = O(cs_event, place)}

static const cs_field unrest_fields[] = {PLACE};
static const cs_field hostilities_fields[] = {PLACE, BY(CS_OPT)};
static const cs_field plea_fields[] = {BY(CS_REQ), TO, PURPOSE(CS_OPT), WHO};
static const cs_field request_fields[] = {
    BY(CS_REQ), TO, PURPOSE(CS_REQ),
    {.key = "under", .kind = CS_F_REF, .req = CS_REQ, .off = O(cs_event, under)},
    {.key = "formal", .kind = CS_F_BOOL, .req = CS_REQ, .off = O(cs_event, formal)},
};
static const cs_field consult_fields[] = {
    BY(CS_REQ), TO, PURPOSE(CS_REQ), WHO,
    {.key = "under", .kind = CS_F_REF, .req = CS_OPT, .off = O(cs_event, under)},
};
static const cs_field council_fields[] = {
    {.key = "organ", .kind = CS_F_REF, .req = CS_REQ, .off = O(cs_event, organ)},
    {.key = "mode", .kind = CS_F_ENUM_STR, .req = CS_OPT, .off = O(cs_event, mode),
     .names = council_modes},
};
static const cs_field parliament_fields[] = {
    {.key = "state", .kind = CS_F_STATE_REF, .req = CS_REQ, .off = O(cs_event, state)},
    {.key = "quorum", .kind = CS_F_BOOL, .req = CS_REQ, .off = O(cs_event, quorum)},
    {.key = "for", .kind = CS_F_CUSTOM, .req = CS_COND, .hook = parliament_votes,
     .doc = "with a quorum"},
    {.key = "against", .kind = CS_F_SKIP, .req = CS_COND, .doc = "with a quorum"},
};
static const cs_field site_added_fields[] = {
    {.key = "site", .kind = CS_F_REF, .req = CS_REQ, .off = O(cs_event, site)},
};
static const cs_field end_request_fields[] = {BY(CS_REQ)};
static const cs_field statement_fields[] = {
    BY(CS_REQ), WHO, {.key = "text", .kind = CS_F_STR, .req = CS_REQ, .off = O(cs_event, text)},
};

#define EVENT_KIND(K, title_, fields_)                                              \
    [K] = {.title = title_, .name = "event", .size = sizeof(cs_event),              \
           .loc = O(cs_event, loc), .fields = CS_FIELDS(fields_)}

/* The keys each kind of event takes besides the common ones, in cs_evkind order. */
static const cs_record event_kinds[] = {
    EVENT_KIND(CS_EV_UNREST, "event `unrest`", unrest_fields),
    EVENT_KIND(CS_EV_HOSTILITIES, "event `hostilities`", hostilities_fields),
    EVENT_KIND(CS_EV_INFORMAL_PLEA, "event `informal-plea`", plea_fields),
    EVENT_KIND(CS_EV_REQUEST, "event `request`", request_fields),
    EVENT_KIND(CS_EV_CONSULT_REQUEST, "event `consultations-request`", consult_fields),
    EVENT_KIND(CS_EV_COUNCIL_SESSION, "event `council-session`", council_fields),
    EVENT_KIND(CS_EV_PARLIAMENT_SESSION, "event `parliament-session`", parliament_fields),
    EVENT_KIND(CS_EV_SITE_ADDED, "event `site-added`", site_added_fields),
    EVENT_KIND(CS_EV_END_REQUEST, "event `end-request`", end_request_fields),
    EVENT_KIND(CS_EV_STATEMENT, "event `statement`", statement_fields),
};
_Static_assert(sizeof event_kinds / sizeof *event_kinds == CS_EV_STATEMENT + 1,
               "a key table for every kind of event");

const cs_record *const cs_scenario_more[] = {
    &event_record, &event_kinds[0], &event_kinds[1], &event_kinds[2], &event_kinds[3],
    &event_kinds[4], &event_kinds[5], &event_kinds[6], &event_kinds[7], &event_kinds[8],
    &event_kinds[9], NULL,
};

static void event_twice(cs_yread *r, cs_ynode *at, const char *id, uint32_t line,
                        const void *ctx)
{
    (void)ctx;
    cs_yread_error(r, at, "duplicate event id '%s' (first at line %u)", id, (unsigned)line);
}

/* An event: the common keys, then those of its kind; with a kind that did not read, only
 * the common keys are accepted. */
static void read_event(cs_yread *r, cs_ynode *b, cs_event *x)
{
    x->loc = cs_yread_loc(r, b);
    if (b->type != YAML_MAPPING_NODE) {
        cs_yread_error(r, b, "expected a mapping for an event, found %s", cs_ynode_kind(b));
        return;
    }
    /* One table of the common keys and the kind's, for the key check and the reads. */
    cs_field all[24];
    size_t n = 0;
    for (size_t i = 0; i < sizeof event_fields / sizeof *event_fields; i++)
        all[n++] = event_fields[i];
    int k = -1;
    cs_ynode *kn = cs_yread_get(r, b, "kind", CS_OPT, "an event");
    if (kn && kn->type == YAML_SCALAR_NODE)
        for (int i = 0; cs_evkind_names[i]; i++)
            if (strcmp(cs_evkind_names[i], kn->s) == 0)
                k = i;
    if (k >= 0)
        for (size_t i = 0; i < event_kinds[k].nfields && n < 24; i++)
            all[n++] = event_kinds[k].fields[i];
    cs_record rec = event_record;
    rec.fields = all;
    rec.nfields = n;
    if (k < 0) {
        /* The kind is reported by the reader of the first fields; nothing else is read. */
        for (size_t i = 0; i < n; i++)
            if (i && !all[i].first)
                all[i].kind = CS_F_SKIP;
    }
    cs_read_record(r, b, &rec, x, NULL, "", NULL);
    cs_ynode *at = cs_yread_get(r, b, "at", CS_OPT, "an event");
    x->at_loc = at ? cs_yread_loc(r, at) : x->loc;
}

/* Every event is counted, even one that is not a mapping (reported); ids are unique. */
static bool scenario_events(cs_rctx *c, const cs_field *f)
{
    cs_scenario *s = c->obj;
    cs_yread *r = c->r;
    const cs_yitem *it = NULL;
    uint32_t n = 0;
    cs_ynode *v = cs_yread_get(r, c->map, f->key, CS_OPT, c->desc);
    if (v) {
        char desc[160];
        snprintf(desc, sizeof desc, "'%s' of %s", f->key, c->desc);
        cs_yread_seq(r, v, desc, &it, &n);
    }
    s->events = cs_arena_array(r->arena, n ? n : 1, sizeof *s->events);
    if (!s->events) {
        cs_diag_file(r->diags, CS_ERR_NOMEM, r->file->name, "out of memory");
        return false;
    }
    cs_idset *ids = NULL;
    for (uint32_t i = 0; i < n; i++) {
        read_event(r, cs_yread_item(r, it[i]), &s->events[i]);
        cs_idset_add(&ids, s->events[i].id, s->events[i].loc.line, r, cs_yread_item(r, it[i]),
                     event_twice, NULL);
    }
    cs_idset_free(ids);
    s->nevents = n;
    return true;
}

/* ---- sites ------------------------------------------------------------------------ */

static void site_init(void *obj, void *parent)
{
    (void)parent;
    cs_site *x = obj;
    x->personnel = x->frees_host = -1;
}

static void site_twice(cs_yread *r, cs_ynode *at, const char *id, uint32_t line,
                       const void *ctx)
{
    (void)ctx;
    cs_yread_error(r, at, "duplicate site id '%s' (first at line %u)", id, (unsigned)line);
}

/* A site id is used once in a scenario. */
static bool site_once(cs_rctx *c, const cs_field *f)
{
    (void)f;
    const cs_site *x = c->obj;
    return cs_idset_add(c->ids, x->id, x->loc.line, c->r, c->map, site_twice, NULL);
}

static const cs_field site_fields[] = {
    {.key = "id", .kind = CS_F_ID, .req = CS_REQ, .off = O(cs_site, id)},
    {.key = "name", .kind = CS_F_STR, .req = CS_REQ, .off = O(cs_site, name)},
    {.key = "kind", .kind = CS_F_REF, .req = CS_REQ, .off = O(cs_site, kind)},
    {.key = "lat", .kind = CS_F_NUM, .req = CS_REQ, .off = O(cs_site, lat), .lo = -90, .hi = 90},
    {.key = "lon", .kind = CS_F_NUM, .req = CS_REQ, .off = O(cs_site, lon), .lo = -180, .hi = 180},
    {.key = "personnel", .kind = CS_F_INT, .req = CS_OPT, .off = O(cs_site, personnel), .lo = 0,
     .hi = 100000},
    {.key = "frees_host", .kind = CS_F_INT, .req = CS_OPT, .off = O(cs_site, frees_host), .lo = 0,
     .hi = 100000},
    {.key = "from", .kind = CS_F_TIME, .req = CS_OPT, .off = O(cs_site, from),
     .prec = CS_PREC_DAY | CS_PREC_MINUTE,
     .has = HAS(cs_site, has_from)},
    {.key = "handover", .kind = CS_F_INT, .req = CS_REQ, .off = O(cs_site, handover), .lo = 1,
     .hi = 100000},
    {.key = "note", .kind = CS_F_STR, .req = CS_OPT, .off = O(cs_site, note)},
    {.key = "source", .kind = CS_F_CITE, .req = CS_REQ, .off = O(cs_site, src)},
    {.key = NULL, .kind = CS_F_CHECK, .req = CS_OPT, .hook = site_once},
};

static const cs_record site_record = {
    .title = "site", .name = "site", .what = "a site", .naming = CS_NAMED_FIRST,
    .size = sizeof(cs_site), .loc = O(cs_site, loc), .fields = CS_FIELDS(site_fields),
    .init = site_init,
};

/* ---- the recorded outcome --------------------------------------------------------- */

static const char *const home_modes[] = {"air", "road", NULL};

static const cs_field contingent_fields[] = {
    {.key = "state", .kind = CS_F_STATE_REF, .req = CS_REQ, .off = O(cs_contingent_rec, state)},
    {.key = "personnel", .kind = CS_F_FIGURE, .req = CS_OPT, .off = O(cs_contingent_rec, personnel),
     .sub = &cs_figure_record},
    {.key = "vehicles", .kind = CS_F_FIGURE, .req = CS_OPT, .off = O(cs_contingent_rec, vehicles)},
    {.key = "arrived", .kind = CS_F_TIME, .req = CS_OPT, .off = O(cs_contingent_rec, arrived),
     .prec = DAY_MIN,
     .has = HAS(cs_contingent_rec, has_arrived)},
    {.key = "left", .kind = CS_F_TIME, .req = CS_OPT, .off = O(cs_contingent_rec, left),
     .prec = DAY_MIN,
     .has = HAS(cs_contingent_rec, has_left)},
    {.key = "home_by", .kind = CS_F_ENUM_STR, .req = CS_OPT, .off = O(cs_contingent_rec, home_by),
     .names = home_modes},
    {.key = "sites", .kind = CS_F_REFS, .req = CS_OPT, .off = O(cs_contingent_rec, sites),
     .cnt = O(cs_contingent_rec, nsites)},
    {.key = "note", .kind = CS_F_STR, .req = CS_OPT, .off = O(cs_contingent_rec, note)},
    {.key = "source", .kind = CS_F_CITE, .req = CS_REQ, .off = O(cs_contingent_rec, src)},
};

static const cs_record contingent_record = {
    .title = "contingent (of a recorded operation)", .name = "contingent",
    .what = "a contingent", .naming = CS_NAMED_AFTER, .size = sizeof(cs_contingent_rec),
    .loc = O(cs_contingent_rec, loc), .fields = CS_FIELDS(contingent_fields),
};

#define FIG(k_, m) {.key = k_, .kind = CS_F_FIGURE, .req = CS_OPT, .off = O(cs_operation_rec, m)}
#define DATE_FIG(k_, m) {.key = k_, .kind = CS_F_DATE_FIGURE, .req = CS_OPT, \
    .off = O(cs_operation_rec, m)}

static const cs_field operation_fields[] = {
    DATE_FIG("first_arrival", first_arrival),
    DATE_FIG("complete", complete),
    DATE_FIG("end_announced", end_announced),
    DATE_FIG("withdrawal_start", withdrawal_start),
    DATE_FIG("withdrawal_end", withdrawal_end),
    FIG("personnel", personnel),
    FIG("equipment", equipment),
    FIG("flights_in", flights_in),
    FIG("flights_out", flights_out),
    FIG("sites_initial", sites_initial),
    FIG("sites_total", sites_total),
    FIG("freed_host", freed_host),
    LIST("contingents", cs_operation_rec, contingents, ncontingents, &contingent_record,
         CS_COUNT_READ),
};

static const cs_record operation_record = {
    .title = "recorded operation", .desc = "the recorded operation",
    .size = sizeof(cs_operation_rec), .loc = O(cs_operation_rec, loc),
    .fields = CS_FIELDS(operation_fields),
};

/* A recorded operation goes with a decision to act. */
static bool outcome_operation(cs_rctx *c, const cs_field *f)
{
    cs_outcome *o = c->obj;
    cs_ynode *op = cs_yread_get(c->r, c->map, f->key, CS_OPT, c->desc);
    if (!op)
        return false;
    if (o->decision != CS_DEC_ACT) {
        cs_yread_error(c->r, op, "a recorded operation needs 'decision: act'");
        return false;
    }
    if (!cs_read_record(c->r, op, &operation_record, &o->op, o, c->desc, NULL))
        return false;
    o->op.present = true;
    o->op.loc = cs_yread_loc(c->r, op);
    return true;
}

static const cs_field outcome_fields[] = {
    {.key = "decision", .kind = CS_F_ENUM, .req = CS_REQ, .off = O(cs_outcome, decision),
     .names = cs_decision_names},
    {.key = "date", .kind = CS_F_TIME, .req = CS_OPT, .off = O(cs_outcome, date),
     .prec = CS_PREC_DAY | CS_PREC_MINUTE,
     .has = HAS(cs_outcome, has_date)},
    {.key = "announced_by", .kind = CS_F_STATE_REF, .req = CS_OPT,
     .off = O(cs_outcome, announced_by)},
    /* Who answered: a state acting on its own, bilaterally; absent, the alliance. */
    {.key = "actor", .kind = CS_F_STATE_REF, .req = CS_OPT, .off = O(cs_outcome, actor)},
    {.key = "stated_reason", .kind = CS_F_STR, .req = CS_OPT, .off = O(cs_outcome, stated_reason)},
    {.key = "note", .kind = CS_F_STR, .req = CS_OPT, .off = O(cs_outcome, note)},
    {.key = "source", .kind = CS_F_CITE, .req = CS_REQ, .off = O(cs_outcome, src)},
    {.key = "operation", .kind = CS_F_CUSTOM, .req = CS_OPT, .hook = outcome_operation,
     .sub = &operation_record},
};

static const cs_record outcome_record = {
    .title = "recorded outcome", .desc = "the recorded outcome", .size = sizeof(cs_outcome),
    .loc = O(cs_outcome, loc), .fields = CS_FIELDS(outcome_fields),
};

/* ---- the scenario ----------------------------------------------------------------- */

static const cs_field scenario_fields[] = {
    {.key = "id", .kind = CS_F_ID, .req = CS_REQ, .off = O(cs_scenario, id)},
    {.key = "casus", .kind = CS_F_SKIP, .req = CS_REQ},
    {.key = "kind", .kind = CS_F_SKIP, .req = CS_REQ},
    {.key = "name", .kind = CS_F_STR, .req = CS_REQ, .off = O(cs_scenario, name)},
    {.key = "summary", .kind = CS_F_STR, .req = CS_OPT, .off = O(cs_scenario, summary)},
    {.key = "alliance", .kind = CS_F_REF, .req = CS_REQ, .off = O(cs_scenario, alliance)},
    {.key = "host", .kind = CS_F_STATE_REF, .req = CS_REQ, .off = O(cs_scenario, host)},
    {.key = "start", .kind = CS_F_TIME, .req = CS_REQ, .off = O(cs_scenario, start),
     .prec = CS_PREC_DAY | CS_PREC_MINUTE},
    {.key = "utc_offset", .kind = CS_F_OFFSET, .req = CS_REQ,
     .off = O(cs_scenario, utc_offset_min)},
    {.key = "source", .kind = CS_F_CITE, .req = CS_REQ, .off = O(cs_scenario, src)},
    LIST("facts", cs_scenario, facts, nfacts, &cs_fact_record, CS_COUNT_ALL),
    /* The scenario's own sources, vocabulary entries and actors (cs_read_scenario_extras),
     * so that one file can add a case to the library without editing it. */
    {.key = "sources", .kind = CS_F_SKIP, .req = CS_OPT, .sub = &cs_source_record},
    {.key = "vocabulary", .kind = CS_F_SKIP, .req = CS_OPT, .sub = &cs_vocab_record},
    {.key = "actors", .kind = CS_F_SKIP, .req = CS_OPT, .sub = &cs_actor_record},
    LIST("extends", cs_scenario, extends, nextends, &cs_vocab_ext_record, CS_COUNT_READ),
    {.key = "events", .kind = CS_F_CUSTOM, .req = CS_OPT, .hook = scenario_events,
     .sub = &event_record},
    LIST("sites", cs_scenario, sites, nsites, &site_record, CS_COUNT_READ),
    {.key = "outcome", .kind = CS_F_MAP, .req = CS_OPT, .off = O(cs_scenario, outcome),
     .sub = &outcome_record,
     .has = HAS(cs_scenario, outcome.present)},
};

const cs_record cs_scenario_doc = {
    .title = "`kind: scenario`", .name = "scenario", .what = "a scenario",
    .naming = CS_NAMED_FIRST, .size = sizeof(cs_scenario), .loc = O(cs_scenario, loc),
    .fields = CS_FIELDS(scenario_fields),
};

void cs_read_scenario(cs_yread *r, cs_ynode *root, cs_found *out)
{
    cs_scenario *s = cs_arena_alloc(r->arena, sizeof *s);
    if (!s) {
        cs_diag_file(r->diags, CS_ERR_NOMEM, r->file->name, "out of memory");
        return;
    }
    s->loc = cs_yread_loc(r, root);
    s->file = r->file;
    cs_read_record(r, root, &cs_scenario_doc, s, NULL, "", NULL);
    cs_read_scenario_extras(r, root, out);
    out->of[CS_K_SCENARIOS].base = s;
    out->of[CS_K_SCENARIOS].n = 1;
    out->of[CS_K_SCENARIOS].stride = sizeof *s;
}
