/* alliance.c - an alliance's document: members, organs and chairs, clauses, doctrines and
 * their definitions, tasks, force pools and the political model. */
#include "load/read.h"

#include <string.h>

#define O(T, m) offsetof(T, m)
#define HAS(T, m) (offsetof(T, m) + 1)
#define LIST(k_, T, m, n, rec, count_) \
    {.key = k_, .kind = CS_F_LIST, .req = CS_OPT, .off = O(T, m), .cnt = O(T, n), .sub = rec, \
     .count = count_}

static const unsigned YMD = CS_PREC_YEAR | CS_PREC_MONTH | CS_PREC_DAY;

static const cs_field milestone_fields[] = {
    {.key = "date", .kind = CS_F_TIME, .req = CS_REQ, .off = O(cs_milestone, date), .prec = YMD},
    {.key = "what", .kind = CS_F_STR, .req = CS_REQ, .off = O(cs_milestone, what)},
    {.key = "source", .kind = CS_F_CITE, .req = CS_REQ, .off = O(cs_milestone, src)},
};

static const cs_record milestone_record = {
    .title = "milestone", .desc = "a milestone", .size = sizeof(cs_milestone),
    .loc = O(cs_milestone, loc), .fields = CS_FIELDS(milestone_fields),
};

/* ---- members ---------------------------------------------------------------------- */

static const cs_field mevent_fields[] = {
    {.key = "event", .kind = CS_F_ENUM, .req = CS_REQ, .off = O(cs_member_event, event),
     .names = cs_mevent_names},
    {.key = "date", .kind = CS_F_TIME, .req = CS_REQ, .off = O(cs_member_event, date), .prec = YMD},
    {.key = "note", .kind = CS_F_STR, .req = CS_OPT, .off = O(cs_member_event, note)},
    {.key = "source", .kind = CS_F_CITE, .req = CS_REQ, .off = O(cs_member_event, src)},
    {.key = "alternatives", .kind = CS_F_ALTS, .req = CS_OPT, .off = O(cs_member_event, alts),
     .sub = &cs_alt_record},
};

/* Its fields are described as the member's ("member 'ARM'"). */
static const cs_record mevent_record = {
    .title = "membership event", .desc = "%s", .map_what = "a membership event",
    .size = sizeof(cs_member_event), .loc = O(cs_member_event, loc),
    .fields = CS_FIELDS(mevent_fields),
};

/* A member's history is required, and may be an empty list. */
static bool member_history(cs_rctx *c, const cs_field *f)
{
    cs_member *x = c->obj;
    void *v;
    cs_read_list(c->r, c->map, f->key, c->desc, &mevent_record, x, CS_COUNT_ALL, &v, &x->nhist);
    x->hist = v;
    if (!x->nhist && !cs_yread_get(c->r, c->map, f->key, CS_OPT, c->desc))
        cs_yread_get(c->r, c->map, f->key, CS_REQ, c->desc);
    return x->nhist > 0;
}

static const cs_field member_fields[] = {
    {.key = "state", .kind = CS_F_STATE_REF, .req = CS_REQ, .off = O(cs_member, state)},
    {.key = "history", .kind = CS_F_CUSTOM, .req = CS_REQ, .hook = member_history,
     .sub = &mevent_record},
};

static const cs_record member_record = {
    .title = "member", .name = "member", .what = "a member", .naming = CS_NAMED_AFTER,
    .size = sizeof(cs_member), .loc = O(cs_member, loc), .fields = CS_FIELDS(member_fields),
};

/* ---- organs, chairs, clauses ------------------------------------------------------ */

static bool qualified(const void *obj)
{
    return ((const cs_organ *)obj)->rule == CS_RULE_QUALIFIED;
}

static const cs_field organ_fields[] = {
    {.key = "id", .kind = CS_F_ID, .req = CS_REQ, .off = O(cs_organ, id)},
    {.key = "name", .kind = CS_F_STR, .req = CS_REQ, .off = O(cs_organ, name)},
    {.key = "composition", .kind = CS_F_ENUM, .req = CS_REQ, .off = O(cs_organ, composition),
     .names = cs_composition_names},
    {.key = "rule", .kind = CS_F_ENUM, .req = CS_REQ, .off = O(cs_organ, rule),
     .names = cs_rule_names},
    {.key = "consensus", .kind = CS_F_ENUM, .req = CS_OPT, .off = O(cs_organ, consensus),
     .names = cs_consensus_names},
    {.key = "threshold", .kind = CS_F_FRAC, .req = CS_COND, .off = O(cs_organ, threshold),
     .need = qualified,
     .doc = "for qualified-majority"},
    {.key = "members", .kind = CS_F_REFS, .req = CS_OPT, .off = O(cs_organ, members),
     .cnt = O(cs_organ, nmembers)},
    {.key = "source", .kind = CS_F_CITE, .req = CS_REQ, .off = O(cs_organ, src)},
};

static const cs_record organ_record = {
    .title = "organ", .name = "organ", .what = "an organ", .naming = CS_NAMED_FIRST,
    .size = sizeof(cs_organ), .loc = O(cs_organ, loc), .fields = CS_FIELDS(organ_fields),
};

static const cs_field chair_fields[] = {
    {.key = "organ", .kind = CS_F_REF, .req = CS_REQ, .off = O(cs_chair, organ)},
    {.key = "state", .kind = CS_F_STATE_REF, .req = CS_REQ, .off = O(cs_chair, state)},
    {.key = "holder", .kind = CS_F_STR, .req = CS_OPT, .off = O(cs_chair, holder)},
    {.key = "from", .kind = CS_F_TIME, .req = CS_REQ, .off = O(cs_chair, from), .prec = YMD},
    {.key = "to", .kind = CS_F_TIME, .req = CS_OPT, .off = O(cs_chair, to), .prec = YMD,
     .has = HAS(cs_chair, has_to)},
    {.key = "source", .kind = CS_F_CITE, .req = CS_REQ, .off = O(cs_chair, src)},
};

static const cs_record chair_record = {
    .title = "chair", .desc = "a chair", .size = sizeof(cs_chair), .loc = O(cs_chair, loc),
    .fields = CS_FIELDS(chair_fields),
};

static const cs_field clause_fields[] = {
    {.key = "id", .kind = CS_F_ID, .req = CS_REQ, .off = O(cs_clause, id)},
    {.key = "name", .kind = CS_F_STR, .req = CS_REQ, .off = O(cs_clause, name)},
    {.key = "text", .kind = CS_F_STR, .req = CS_OPT, .off = O(cs_clause, text)},
    {.key = "obliges", .kind = CS_F_STR, .req = CS_OPT, .off = O(cs_clause, obliges)},
    {.key = "note", .kind = CS_F_STR, .req = CS_OPT, .off = O(cs_clause, note)},
    {.key = "requires_request", .kind = CS_F_BOOL, .req = CS_REQ,
     .off = O(cs_clause, requires_request)},
    {.key = "trigger", .kind = CS_F_EXPR, .req = CS_REQ, .off = O(cs_clause, trigger)},
    {.key = "source", .kind = CS_F_CITE, .req = CS_REQ, .off = O(cs_clause, src)},
};

static const cs_record clause_record = {
    .title = "clause", .name = "clause", .what = "a clause", .naming = CS_NAMED_FIRST,
    .size = sizeof(cs_clause), .loc = O(cs_clause, loc), .fields = CS_FIELDS(clause_fields),
};

/* ---- doctrines -------------------------------------------------------------------- */

static void defined_twice(cs_yread *r, cs_ynode *at, const char *id, uint32_t line,
                          const void *ctx)
{
    (void)line;
    cs_yread_error(r, at, "'%s' is defined twice in %s", id, (const char *)ctx);
}

/* `defines`: a mapping of names to expressions. */
static bool doctrine_defines(cs_rctx *c, const cs_field *f)
{
    cs_doctrine *x = c->obj;
    cs_yread *r = c->r;
    cs_ynode *d = cs_yread_get(r, c->map, f->key, CS_REQ, c->desc);
    if (!d)
        return false;
    if (d->type != YAML_MAPPING_NODE) {
        cs_yread_error(r, d, "expected a mapping of names to expressions for 'defines'");
        return false;
    }
    uint32_t nd = d->n / 2;
    x->defs = cs_arena_array(r->arena, nd ? nd : 1, sizeof *x->defs);
    if (!x->defs) {
        cs_diag_file(r->diags, CS_ERR_NOMEM, r->file->name, "out of memory");
        return false;
    }
    cs_idset *names = NULL;
    bool ok = true;
    for (uint32_t k = 0; k < nd && ok; k++) {
        cs_ynode *kn = cs_yread_kid(r, d, 2 * k);
        cs_def *df = &x->defs[k];
        df->loc = cs_yread_loc(r, kn);
        if (!cs_yread_node_id(r, kn, "a defined name", &df->name))
            continue;
        ok = cs_idset_add(&names, df->name, df->loc.line, r, kn, defined_twice, c->desc);
        cs_yread_node_expr(r, cs_yread_kid(r, d, 2 * k + 1), df->name, &df->expr);
        x->ndefs = k + 1;
    }
    cs_idset_free(names);
    return ok;
}

static const cs_field doctrine_fields[] = {
    {.key = "id", .kind = CS_F_ID, .req = CS_REQ, .off = O(cs_doctrine, id)},
    {.key = "name", .kind = CS_F_STR, .req = CS_REQ, .off = O(cs_doctrine, name)},
    {.key = "reading", .kind = CS_F_STR, .req = CS_REQ, .off = O(cs_doctrine, reading)},
    {.key = "note", .kind = CS_F_STR, .req = CS_OPT, .off = O(cs_doctrine, note)},
    {.key = "from", .kind = CS_F_TIME, .req = CS_REQ, .off = O(cs_doctrine, from),
     .prec = CS_PREC_DAY},
    {.key = "to", .kind = CS_F_TIME, .req = CS_OPT, .off = O(cs_doctrine, to), .prec = CS_PREC_DAY,
     .has = HAS(cs_doctrine, has_to)},
    {.key = "source", .kind = CS_F_CITE, .req = CS_REQ, .off = O(cs_doctrine, src)},
    {.key = "defines", .kind = CS_F_CUSTOM, .req = CS_REQ, .hook = doctrine_defines,
     .doc = "a mapping of names to expressions"},
};

static const cs_record doctrine_record = {
    .title = "doctrine", .name = "doctrine", .what = "a doctrine", .naming = CS_NAMED_FIRST,
    .size = sizeof(cs_doctrine), .loc = O(cs_doctrine, loc),
    .fields = CS_FIELDS(doctrine_fields),
};

/* ---- tasks and force pools -------------------------------------------------------- */

static const cs_field task_fields[] = {
    {.key = "id", .kind = CS_F_ID, .req = CS_REQ, .off = O(cs_task, id)},
    {.key = "name", .kind = CS_F_STR, .req = CS_REQ, .off = O(cs_task, name)},
    {.key = "when", .kind = CS_F_EXPR, .req = CS_REQ, .off = O(cs_task, when)},
    {.key = "source", .kind = CS_F_CITE, .req = CS_REQ, .off = O(cs_task, src)},
};

static const cs_record task_record = {
    .title = "task", .name = "task", .what = "a task", .naming = CS_NAMED_FIRST,
    .size = sizeof(cs_task), .loc = O(cs_task, loc), .fields = CS_FIELDS(task_fields),
};

static const cs_field pledge_fields[] = {
    {.key = "state", .kind = CS_F_STATE_REF, .req = CS_REQ, .off = O(cs_pledge, state)},
    {.key = "units", .kind = CS_F_REFS, .req = CS_OPT, .off = O(cs_pledge, units),
     .cnt = O(cs_pledge, nunits)},
    {.key = "source", .kind = CS_F_CITE, .req = CS_REQ, .off = O(cs_pledge, src)},
};

static const cs_record pledge_record = {
    .title = "pledge", .desc = "a pledge", .size = sizeof(cs_pledge),
    .loc = O(cs_pledge, loc), .fields = CS_FIELDS(pledge_fields),
};

static const cs_field pool_fields[] = {
    {.key = "id", .kind = CS_F_ID, .req = CS_REQ, .off = O(cs_pool, id)},
    {.key = "name", .kind = CS_F_STR, .req = CS_REQ, .off = O(cs_pool, name)},
    {.key = "note", .kind = CS_F_STR, .req = CS_OPT, .off = O(cs_pool, note)},
    {.key = "established", .kind = CS_F_TIME, .req = CS_OPT, .off = O(cs_pool, established),
     .prec = YMD,
     .has = HAS(cs_pool, has_established)},
    {.key = "size", .kind = CS_F_FIGURE, .req = CS_OPT, .off = O(cs_pool, size),
     .sub = &cs_figure_record},
    {.key = "source", .kind = CS_F_CITE, .req = CS_REQ, .off = O(cs_pool, src)},
    {.key = "mandate", .kind = CS_F_REFS, .req = CS_OPT, .off = O(cs_pool, mandate),
     .cnt = O(cs_pool, nmandate)},
    LIST("pledges", cs_pool, pledges, npledges, &pledge_record, CS_COUNT_ALL),
};

static const cs_record pool_record = {
    .title = "force pool", .name = "force pool", .what = "a force pool",
    .naming = CS_NAMED_FIRST, .size = sizeof(cs_pool), .loc = O(cs_pool, loc),
    .fields = CS_FIELDS(pool_fields),
};

/* ---- politics --------------------------------------------------------------------- */

static void factor_twice(cs_yread *r, cs_ynode *at, const char *id, uint32_t line,
                         const void *ctx)
{
    (void)ctx;
    cs_yread_error(r, at, "duplicate factor id '%s' (first at line %u)", id, (unsigned)line);
}

/* A factor id is used once in the political model. */
static bool factor_once(cs_rctx *c, const cs_field *f)
{
    (void)f;
    const cs_factor *x = c->obj;
    return cs_idset_add(c->ids, x->id, x->loc.line, c->r, c->map, factor_twice, NULL);
}

static const cs_field factor_fields[] = {
    {.key = "id", .kind = CS_F_ID, .req = CS_REQ, .off = O(cs_factor, id)},
    {.key = "name", .kind = CS_F_STR, .req = CS_REQ, .off = O(cs_factor, name)},
    {.key = "applies_to", .kind = CS_F_ENUM, .req = CS_REQ, .off = O(cs_factor, applies),
     .names = cs_applies_names},
    {.key = "when", .kind = CS_F_EXPR, .req = CS_OPT, .off = O(cs_factor, when),
     .has = HAS(cs_factor, has_when)},
    {.key = "value", .kind = CS_F_EXPR, .req = CS_OPT, .off = O(cs_factor, value),
     .has = HAS(cs_factor, has_value)},
    {.key = "weight", .kind = CS_F_NUM, .req = CS_REQ, .off = O(cs_factor, weight), .lo = -CS_BIG,
     .hi = CS_BIG},
    {.key = "why", .kind = CS_F_STR, .req = CS_REQ, .off = O(cs_factor, why)},
    {.key = "source", .kind = CS_F_CITE, .req = CS_REQ, .off = O(cs_factor, src)},
    {.key = NULL, .kind = CS_F_CHECK, .req = CS_OPT, .hook = factor_once},
};

static const cs_record factor_record = {
    .title = "political factor", .name = "political factor", .what = "a political factor",
    .naming = CS_NAMED_FIRST, .size = sizeof(cs_factor), .loc = O(cs_factor, loc),
    .fields = CS_FIELDS(factor_fields),
};

/* A member supports at support_at or above and objects at oppose_at or below. */
static bool thresholds(cs_rctx *c, const cs_field *f)
{
    (void)f;
    const cs_politics *p = c->obj;
    if (p->oppose_at >= p->support_at) {
        cs_yread_error(c->r, c->map, "'oppose_at' must be below 'support_at'");
        return false;
    }
    return true;
}

static const cs_field politics_fields[] = {
    {.key = "support_at", .kind = CS_F_NUM, .req = CS_REQ, .off = O(cs_politics, support_at),
     .lo = -CS_BIG, .hi = CS_BIG},
    {.key = "oppose_at", .kind = CS_F_NUM, .req = CS_REQ, .off = O(cs_politics, oppose_at),
     .lo = -CS_BIG, .hi = CS_BIG},
    {.key = "why", .kind = CS_F_STR, .req = CS_REQ, .off = O(cs_politics, why)},
    {.key = "source", .kind = CS_F_CITE, .req = CS_REQ, .off = O(cs_politics, src)},
    {.key = NULL, .kind = CS_F_CHECK, .req = CS_OPT, .hook = thresholds},
    LIST("factors", cs_politics, factors, nfactors, &factor_record, CS_COUNT_ALL),
};

static const cs_record politics_record = {
    .title = "politics (of an alliance)", .desc = "the politics of the alliance",
    .size = sizeof(cs_politics), .loc = O(cs_politics, loc),
    .fields = CS_FIELDS(politics_fields),
};

/* ---- the alliance ----------------------------------------------------------------- */

static const cs_field alliance_fields[] = {
    {.key = "id", .kind = CS_F_ID, .req = CS_REQ, .off = O(cs_alliance, id)},
    {.key = "casus", .kind = CS_F_SKIP, .req = CS_REQ},
    {.key = "kind", .kind = CS_F_SKIP, .req = CS_REQ},
    {.key = "name", .kind = CS_F_STR, .req = CS_REQ, .off = O(cs_alliance, name)},
    {.key = "note", .kind = CS_F_STR, .req = CS_OPT, .off = O(cs_alliance, note)},
    {.key = "founded", .kind = CS_F_TIME, .req = CS_REQ, .off = O(cs_alliance, founded),
     .prec = CS_PREC_DAY},
    {.key = "lead", .kind = CS_F_STATE_REF, .req = CS_OPT, .off = O(cs_alliance, lead)},
    {.key = "source", .kind = CS_F_CITE, .req = CS_REQ, .off = O(cs_alliance, src)},
    LIST("milestones", cs_alliance, milestones, nmilestones, &milestone_record, CS_COUNT_READ),
    LIST("members", cs_alliance, members, nmembers, &member_record, CS_COUNT_READ),
    LIST("organs", cs_alliance, organs, norgans, &organ_record, CS_COUNT_READ),
    LIST("chairs", cs_alliance, chairs, nchairs, &chair_record, CS_COUNT_READ),
    LIST("clauses", cs_alliance, clauses, nclauses, &clause_record, CS_COUNT_READ),
    LIST("doctrines", cs_alliance, doctrines, ndoctrines, &doctrine_record, CS_COUNT_READ),
    LIST("tasks", cs_alliance, tasks, ntasks, &task_record, CS_COUNT_READ),
    LIST("pools", cs_alliance, pools, npools, &pool_record, CS_COUNT_READ),
    {.key = "politics", .kind = CS_F_MAP, .req = CS_OPT, .off = O(cs_alliance, politics),
     .sub = &politics_record,
     .has = HAS(cs_alliance, politics.present)},
};

const cs_record cs_alliance_doc = {
    .title = "`kind: alliance`", .name = "alliance", .what = "an alliance",
    .naming = CS_NAMED_FIRST, .size = sizeof(cs_alliance), .loc = O(cs_alliance, loc),
    .fields = CS_FIELDS(alliance_fields),
};

void cs_read_alliance(cs_yread *r, cs_ynode *root, cs_found *out)
{
    cs_alliance *a = cs_arena_alloc(r->arena, sizeof *a);
    if (!a) {
        cs_diag_file(r->diags, CS_ERR_NOMEM, r->file->name, "out of memory");
        return;
    }
    a->loc = cs_yread_loc(r, root);
    cs_read_record(r, root, &cs_alliance_doc, a, NULL, "", NULL);
    out->of[CS_K_ALLIANCES].base = a;
    out->of[CS_K_ALLIANCES].n = 1;
    out->of[CS_K_ALLIANCES].stride = sizeof *a;
}
