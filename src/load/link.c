/* link.c - resolve every reference of a loaded library, reject duplicate ids, check the
 * facts against the vocabulary and the dates against each other. */
#include "load/load_internal.h"
#include "model/names.h"
#include "support/mem.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
    const char *id;
    const void *obj;
    const cs_loc *loc;
    size_t seq;
} entry;

/* A namespace: the objects of one kind, sorted by id. */
typedef struct ns {
    const char *kind;
    entry *v;
    const char **ids;
    size_t n;
} ns;

typedef struct linker {
    cs_loader *l;
    cs_diags *d;
    bool oom;
    ns ns[CS_NKINDS];        /* one per kind of object (model/kinds.h) */
} linker;

#define NS(k, NAME) (&(k)->ns[CS_K_##NAME])
#define OBJS(k, NAME) (&(k)->l->objs[CS_K_##NAME])

static int cmp_entry(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->seq < y->seq ? -1 : x->seq > y->seq);
}

static void ns_build(linker *k, ns *s, const char *kind, const cs_vec *v, size_t id_off,
                     size_t loc_off)
{
    s->kind = kind;
    s->n = v->n;
    s->v = cs_mem_calloc(v->n ? v->n : 1, sizeof *s->v);
    s->ids = cs_mem_calloc(v->n ? v->n : 1, sizeof *s->ids);
    if (!s->v || !s->ids) {
        k->oom = true;
        s->n = 0;
        return;
    }
    for (size_t i = 0; i < v->n; i++) {
        const char *obj = v->v[i];
        s->v[i] = (entry){*(const char *const *)(obj + id_off), obj,
                          (const cs_loc *)(obj + loc_off), i};
    }
    qsort(s->v, s->n, sizeof *s->v, cmp_entry);
    for (size_t i = 0; i < s->n; i++) {
        s->ids[i] = s->v[i].id;
        if (i && strcmp(s->v[i].id, s->v[i - 1].id) == 0) {
            const cs_loc *first = s->v[i - 1].loc;
            cs_diag_at(k->d, CS_ERR_SCHEMA, s->v[i].loc,
                       "duplicate %s id '%s' (first defined at %s:%u:%u)", kind, s->v[i].id,
                       first->file ? first->file->name : "?", (unsigned)first->line,
                       (unsigned)first->col);
        }
    }
}

static void ns_free(ns *s)
{
    cs_mem_free(s->v);
    cs_mem_free(s->ids);
}

static const void *ns_find(const ns *s, const char *id)
{
    entry key = {id, NULL, NULL, 0};
    size_t lo = 0, hi = s->n;
    while (lo < hi) {   /* first entry with this id (duplicates sort by seq) */
        size_t mid = (lo + hi) / 2;
        if (strcmp(s->v[mid].id, key.id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->n && strcmp(s->v[lo].id, id) == 0 ? s->v[lo].obj : NULL;
}

static void unknown(linker *k, const cs_ref *r, const char *kind, const char *const *ids,
                    size_t n)
{
    const char *s = cs_suggest(r->id, ids, n);
    if (s)
        cs_diag_at(k->d, CS_ERR_REF, &r->loc, "unknown %s '%s' (did you mean '%s'?)", kind,
                   r->id, s);
    else
        cs_diag_at(k->d, CS_ERR_REF, &r->loc, "unknown %s '%s'", kind, r->id);
}

static bool resolve(linker *k, const ns *s, cs_ref *r)
{
    if (!r->id)
        return true;
    r->to = ns_find(s, r->id);
    if (!r->to)
        unknown(k, r, s->kind, s->ids, s->n);
    return r->to != NULL;
}

static void cite(linker *k, cs_cite *c)
{
    for (uint32_t i = 0; i < c->n; i++)
        resolve(k, NS(k, SOURCES), &c->v[i]);
}

static void alts(linker *k, cs_alts *a)
{
    for (uint32_t i = 0; i < a->n; i++)
        cite(k, &a->v[i].src);
}

static void figure(linker *k, cs_figure *f)
{
    cite(k, &f->src);
    alts(k, &f->alts);
}

/* Resolve a reference among n objects laid out `stride` bytes apart, each starting with its
 * id. For the small per-alliance and per-scenario namespaces. */
static bool resolve_local(linker *k, cs_ref *r, const void *base, uint32_t n, size_t stride,
                          const char *kind)
{
    if (!r->id)
        return true;
    const char *ids[256];
    size_t nids = 0;
    for (uint32_t i = 0; i < n; i++) {
        const void *obj = (const char *)base + i * stride;
        const char *id = *(const char *const *)obj;
        if (id && strcmp(id, r->id) == 0) {
            r->to = obj;
            return true;
        }
        if (nids < 256)
            ids[nids++] = id;
    }
    unknown(k, r, kind, ids, nids);
    return false;
}

#define LOCAL(k, ref, arr, n, kind) resolve_local(k, ref, arr, n, sizeof *(arr), kind)

/* ---- facts ------------------------------------------------------------------------ */

/* A party: a state, else an actor (an actor may not take a state's id: see link_actors). */
static bool resolve_party(linker *k, cs_ref *r)
{
    if (!r->id)
        return true;
    r->to = ns_find(NS(k, STATES), r->id);
    if (!r->to)
        r->to = ns_find(NS(k, ACTORS), r->id);
    if (r->to)
        return true;
    const ns *st = NS(k, STATES), *ac = NS(k, ACTORS);
    const char **ids = cs_mem_calloc(st->n + ac->n + 1, sizeof *ids);
    if (!ids) {
        k->oom = true;
        return false;
    }
    memcpy(ids, st->ids, st->n * sizeof *ids);
    memcpy(ids + st->n, ac->ids, ac->n * sizeof *ids);
    unknown(k, r, "party (a state or an actor)", ids, st->n + ac->n);
    cs_mem_free(ids);
    return false;
}

/* Actors: their sources, and no actor named like a state (a party's id names one of them). */
static void link_actors(linker *k)
{
    for (size_t i = 0; i < OBJS(k, ACTORS)->n; i++) {
        cs_actor *x = OBJS(k, ACTORS)->v[i];
        cite(k, &x->src);
        const cs_state *s = ns_find(NS(k, STATES), x->id);
        if (s)
            cs_diag_at(k->d, CS_ERR_SCHEMA, &x->loc, "actor '%s' has the id of a state "
                       "(defined at %s:%u:%u); a party's id names one or the other", x->id,
                       s->loc.file ? s->loc.file->name : "?", (unsigned)s->loc.line,
                       (unsigned)s->loc.col);
    }
}

/* A scenario's extensions of the vocabulary: each names a string fact with a list of
 * values, whose list gets the values it lacks (in the order given; a value the entry has
 * already is not repeated). Runs before any fact is checked against the vocabulary. */
static void link_extends(linker *k, cs_scenario *s)
{
    for (uint32_t i = 0; i < s->nextends; i++) {
        cs_vocab_ext *x = &s->extends[i];
        cite(k, &x->src);
        if (!x->path)
            continue;
        /* The loader's own (writable) entry: the namespace holds it read-only. */
        const void *found = ns_find(NS(k, VOCAB), x->path);
        cs_vocab *v = NULL;
        for (size_t j = 0; found && j < OBJS(k, VOCAB)->n && !v; j++)
            if (OBJS(k, VOCAB)->v[j] == found)
                v = OBJS(k, VOCAB)->v[j];
        if (!v) {
            cs_ref r = {x->path, x->loc, NULL};
            unknown(k, &r, "fact", NS(k, VOCAB)->ids, NS(k, VOCAB)->n);
            continue;
        }
        if (v->type != CS_T_STR || !v->nvalues) {
            cs_diag_at(k->d, CS_ERR_SCHEMA, &x->loc, "fact '%s' has no list of values to "
                       "extend (only a string fact with 'values' can be extended)", x->path);
            continue;
        }
        const char **all = cs_arena_array(k->l->arena, v->nvalues + x->nvalues, sizeof *all);
        if (!all) {
            k->oom = true;
            return;
        }
        memcpy(all, v->values, v->nvalues * sizeof *all);
        uint32_t n = v->nvalues;
        for (uint32_t j = 0; j < x->nvalues; j++) {
            bool have = !x->values[j];
            for (uint32_t m = 0; m < n && !have; m++)
                have = all[m] && strcmp(all[m], x->values[j]) == 0;
            if (!have)
                all[n++] = x->values[j];
        }
        v->values = all;
        v->nvalues = n;
    }
}

static const cs_vkind type_kind[] = {CS_V_BOOL, CS_V_NUM, CS_V_STR, CS_V_DATE, CS_V_STR,
                                     CS_V_LIST};

static void facts(linker *k, cs_fact *f, uint32_t n, const char *prefix)
{
    for (uint32_t i = 0; i < n; i++) {
        cs_fact *x = &f[i];
        cite(k, &x->src);
        alts(k, &x->alts);
        /* `by` is the first claimant (the reader made it so): resolved, and reported if
         * unknown, once. */
        resolve_party(k, &x->by);
        for (uint32_t j = 0; j < x->nclaimants; j++) {
            if (j == 0 && x->by.id && x->claimants[0].id == x->by.id)
                x->claimants[0].to = x->by.to;
            else
                resolve_party(k, &x->claimants[j]);
        }
        for (uint32_t j = 0; j < x->ndeniers; j++)
            resolve_party(k, &x->deniers[j]);
        if (!x->path)
            continue;
        /* The whole path, however long (a scalar may hold 64 KiB). */
        const char *full = x->path;
        if (*prefix) {
            size_t np = strlen(prefix), nx = strlen(x->path);
            char *buf = cs_arena_alloc(k->l->arena, np + nx + 1);
            if (!buf) {
                k->oom = true;
                return;
            }
            memcpy(buf, prefix, np);
            memcpy(buf + np, x->path, nx + 1);
            full = buf;
        }
        x->decl = ns_find(NS(k, VOCAB), full);
        if (!x->decl) {
            cs_ref r = {full, x->path_loc, NULL};
            unknown(k, &r, "fact", NS(k, VOCAB)->ids, NS(k, VOCAB)->n);
            continue;
        }
        const cs_vocab *d = x->decl;
        if (x->value.kind != type_kind[d->type]) {
            char buf[64];
            cs_value_format(&x->value, buf, sizeof buf);
            cs_diag_at(k->d, CS_ERR_SCHEMA, &x->value_loc,
                       "fact '%s' must be a %s, found a %s (%s)", full, cs_type_name(d->type),
                       cs_vkind_name(x->value.kind), buf);
            continue;
        }
        if (d->type == CS_T_STATE) {
            cs_ref r = {x->value.str, x->value_loc, NULL};
            resolve_party(k, &r);
        } else if (d->type == CS_T_STR && d->nvalues) {
            uint32_t j = 0;
            while (j < d->nvalues && (!d->values[j] || strcmp(d->values[j], x->value.str) != 0))
                j++;
            if (j == d->nvalues) {
                const char *s = cs_suggest(x->value.str, d->values, d->nvalues);
                cs_diag_at(k->d, CS_ERR_SCHEMA, &x->value_loc,
                           "'%s' is not a value of fact '%s'%s%s%s", x->value.str, full,
                           s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "");
            }
        }
    }
}

/* ---- catalog and states ----------------------------------------------------------- */

static void link_catalog(linker *k)
{
    for (size_t i = 0; i < OBJS(k, AIRCRAFT)->n; i++)
        cite(k, &((cs_aircraft_type *)OBJS(k, AIRCRAFT)->v[i])->src);
    for (size_t i = 0; i < OBJS(k, UNIT_TYPES)->n; i++)
        cite(k, &((cs_unit_type *)OBJS(k, UNIT_TYPES)->v[i])->src);
    for (size_t i = 0; i < OBJS(k, SITE_KINDS)->n; i++)
        cite(k, &((cs_site_kind *)OBJS(k, SITE_KINDS)->v[i])->src);
    for (size_t i = 0; i < OBJS(k, PARAMS)->n; i++)
        cite(k, &((cs_param *)OBJS(k, PARAMS)->v[i])->src);
}

static void link_state(linker *k, cs_state *s)
{
    cite(k, &s->src);
    cite(k, &s->capital.src);
    cite(k, &s->auth.src);
    cite(k, &s->auth.consent_src);
    cite(k, &s->admit.src);
    for (uint32_t i = 0; i < s->nborders; i++) {
        resolve(k, NS(k, STATES), &s->borders[i].state);
        cite(k, &s->borders[i].src);
        if (s->borders[i].state.id && strcmp(s->borders[i].state.id, s->id) == 0)
            cs_diag_at(k->d, CS_ERR_SCHEMA, &s->borders[i].state.loc,
                       "state %s cannot border itself", s->id);
    }
    for (uint32_t i = 0; i < s->nassets; i++) {
        resolve(k, NS(k, STATES), &s->assets[i].user);
        cite(k, &s->assets[i].src);
    }
    for (uint32_t i = 0; i < s->nbases; i++) {
        resolve(k, NS(k, STATES), &s->bases[i].of);
        cite(k, &s->bases[i].src);
        if (resolve(k, NS(k, AIRFIELDS), &s->bases[i].airfield) && s->bases[i].airfield.to &&
            ((const cs_airfield *)s->bases[i].airfield.to)->state != s)
            cs_diag_at(k->d, CS_ERR_REF, &s->bases[i].airfield.loc,
                       "airfield '%s' is not in %s", s->bases[i].airfield.id, s->id);
    }
    for (uint32_t i = 0; i < s->nairfields; i++) {
        resolve(k, NS(k, STATES), &s->airfields[i].operator_);
        cite(k, &s->airfields[i].src);
    }
    for (uint32_t i = 0; i < s->nunits; i++) {
        cs_unit *u = &s->units[i];
        resolve(k, NS(k, UNIT_TYPES), &u->type);
        resolve(k, NS(k, AIRFIELDS), &u->airfield);
        cite(k, &u->src);
        cite(k, &u->base.src);
    }
    for (uint32_t i = 0; i < s->nfleets; i++) {
        resolve(k, NS(k, AIRCRAFT), &s->fleets[i].type);
        resolve(k, NS(k, AIRFIELDS), &s->fleets[i].base);
        cite(k, &s->fleets[i].src);
    }
    facts(k, s->facts, s->nfacts, "state.");
}

/* ---- alliances -------------------------------------------------------------------- */

/* Report that `what` (at t) is before `than` (at t0). A time that did not parse has no
 * precision: its error is reported already, and nothing is compared with it. */
static void too_early(linker *k, const cs_loc *loc, const char *what, cs_time t,
                      const char *than, cs_time t0)
{
    if (!t.prec || !t0.prec)
        return;
    char a[32], b[32];
    cs_date_format(t, a, sizeof a);
    cs_date_format(t0, b, sizeof b);
    cs_diag_at(k->d, CS_ERR_TIMELINE, loc, "%s (%s) is before %s (%s)", what, a, than, b);
}

static void check_history(linker *k, const cs_alliance *a, const cs_member *m)
{
    bool member = false;
    for (uint32_t i = 0; i < m->nhist; i++) {
        const cs_member_event *h = &m->hist[i];
        char what[96];
        snprintf(what, sizeof what, "%s %s %s", m->state.id ? m->state.id : "?",
                 cs_mevent_name(h->event), a->id);
        if (cs_date_before(h->date, a->founded))
            too_early(k, &h->loc, what, h->date, "the alliance was founded", a->founded);
        if (i && h->date.min < m->hist[i - 1].date.min)
            too_early(k, &h->loc, what, h->date, "the previous membership event",
                      m->hist[i - 1].date);
        if (h->event == CS_M_JOINED && member)
            cs_diag_at(k->d, CS_ERR_TIMELINE, &h->loc, "%s: already a member", what);
        if (h->event != CS_M_JOINED && !member)
            cs_diag_at(k->d, CS_ERR_TIMELINE, &h->loc, "%s: not a member at that time", what);
        member = h->event == CS_M_JOINED;
    }
}

static void link_alliance(linker *k, cs_alliance *a)
{
    cite(k, &a->src);
    resolve(k, NS(k, STATES), &a->lead);
    for (uint32_t i = 0; i < a->nmilestones; i++) {
        cite(k, &a->milestones[i].src);
        if (cs_date_before(a->milestones[i].date, a->founded))
            too_early(k, &a->milestones[i].loc, "a milestone", a->milestones[i].date,
                      "the alliance was founded", a->founded);
    }
    for (uint32_t i = 0; i < a->nmembers; i++) {
        cs_member *m = &a->members[i];
        resolve(k, NS(k, STATES), &m->state);
        for (uint32_t h = 0; h < m->nhist; h++) {
            cite(k, &m->hist[h].src);
            alts(k, &m->hist[h].alts);
        }
        for (uint32_t j = 0; j < i; j++)
            if (m->state.id && a->members[j].state.id &&
                strcmp(m->state.id, a->members[j].state.id) == 0)
                cs_diag_at(k->d, CS_ERR_SCHEMA, &m->loc,
                           "%s is listed twice as a member (first at line %u)", m->state.id,
                           (unsigned)a->members[j].loc.line);
        check_history(k, a, m);
    }
    for (uint32_t i = 0; i < a->norgans; i++) {
        cs_organ *o = &a->organs[i];
        cite(k, &o->src);
        /* A committee's own membership: states that are (or were) members of the
         * alliance; on a date, those that are members then sit in it. */
        for (uint32_t j = 0; j < o->nmembers; j++) {
            resolve(k, NS(k, STATES), &o->members[j]);
            uint32_t m = 0;
            while (m < a->nmembers && (!a->members[m].state.id ||
                                       strcmp(a->members[m].state.id, o->members[j].id) != 0))
                m++;
            if (o->members[j].to && m == a->nmembers)
                cs_diag_at(k->d, CS_ERR_REF, &o->members[j].loc,
                           "organ '%s': %s is not a member of %s", o->id, o->members[j].id,
                           a->id);
        }
    }
    for (uint32_t i = 0; i < a->nchairs; i++) {
        cs_chair *c = &a->chairs[i];
        LOCAL(k, &c->organ, a->organs, a->norgans, "organ");
        resolve(k, NS(k, STATES), &c->state);
        cite(k, &c->src);
        if (c->has_to && c->to.min < c->from.min)
            too_early(k, &c->loc, "the end of a chair's term", c->to, "its start", c->from);
        if (c->state.id && c->from.prec && !cs_alliance_is_member(a, c->state.id, c->from) &&
            !cs_alliance_is_member(a, c->state.id, (cs_time){cs_date_end(c->from) - 1,
                                                               CS_PREC_MINUTE}))
            cs_diag_at(k->d, CS_ERR_TIMELINE, &c->state.loc,
                       "chair %s is not a member of %s when its term starts", c->state.id,
                       a->id);
    }
    for (uint32_t i = 0; i < a->nclauses; i++)
        cite(k, &a->clauses[i].src);
    for (uint32_t i = 0; i < a->ntasks; i++)
        cite(k, &a->tasks[i].src);
    cite(k, &a->politics.src);
    for (uint32_t i = 0; i < a->politics.nfactors; i++)
        cite(k, &a->politics.factors[i].src);
    for (uint32_t i = 0; i < a->ndoctrines; i++) {
        cs_doctrine *d = &a->doctrines[i];
        cite(k, &d->src);
        if (d->has_to && d->to.min < d->from.min)
            too_early(k, &d->loc, "the end of a doctrine", d->to, "its start", d->from);
        if (cs_date_before(d->from, a->founded))
            too_early(k, &d->loc, "a doctrine's start", d->from, "the alliance was founded",
                      a->founded);
        /* Periods may not overlap: on any date one reading is in force. */
        for (uint32_t j = 0; j < i && d->from.prec; j++) {
            const cs_doctrine *e = &a->doctrines[j];
            if (!e->from.prec)
                continue;
            int64_t d_end = d->has_to ? cs_date_end(d->to) : INT64_MAX;
            int64_t e_end = e->has_to ? cs_date_end(e->to) : INT64_MAX;
            if (d->from.min < e_end && e->from.min < d_end)
                cs_diag_at(k->d, CS_ERR_TIMELINE, &d->loc,
                           "doctrine '%s' overlaps doctrine '%s' (line %u): on any date one "
                           "reading is in force", d->id, e->id, (unsigned)e->loc.line);
        }
    }
    for (uint32_t i = 0; i < a->npools; i++) {
        cs_pool *p = &a->pools[i];
        cite(k, &p->src);
        figure(k, &p->size);
        if (p->has_established && cs_date_before(p->established, a->founded))
            too_early(k, &p->loc, "a force pool", p->established, "the alliance was founded",
                      a->founded);
        for (uint32_t j = 0; j < p->nmandate; j++)
            LOCAL(k, &p->mandate[j], a->tasks, a->ntasks, "task");
        for (uint32_t j = 0; j < p->npledges; j++) {
            cs_pledge *pl = &p->pledges[j];
            resolve(k, NS(k, STATES), &pl->state);
            cite(k, &pl->src);
            for (uint32_t u = 0; u < pl->nunits; u++) {
                resolve(k, NS(k, UNITS), &pl->units[u]);
                const cs_unit *un = pl->units[u].to;
                /* A reference whose id did not parse has no target: already reported. */
                if (!un || !pl->state.id || !un->state->id)
                    continue;
                if (strcmp(un->state->id, pl->state.id) != 0)
                    cs_diag_at(k->d, CS_ERR_REF, &pl->units[u].loc,
                               "unit '%s' belongs to %s, not to %s", un->id, un->state->id,
                               pl->state.id);
            }
        }
    }
}

/* ---- scenarios -------------------------------------------------------------------- */

static void link_event(linker *k, cs_scenario *s, cs_event *e)
{
    const cs_alliance *a = s->alliance.to;
    cite(k, &e->src);
    resolve(k, NS(k, STATES), &e->by);
    resolve(k, NS(k, STATES), &e->state);
    if (e->to.id) {
        e->to.to = ns_find(NS(k, ALLIANCES), e->to.id);
        e->to_alliance = e->to.to != NULL;
        if (!e->to.to)
            e->to.to = ns_find(NS(k, STATES), e->to.id);
        if (!e->to.to) {
            const char *ids[512];
            size_t n = 0;
            for (size_t i = 0; i < NS(k, ALLIANCES)->n && n < 512; i++)
                ids[n++] = NS(k, ALLIANCES)->ids[i];
            for (size_t i = 0; i < NS(k, STATES)->n && n < 512; i++)
                ids[n++] = NS(k, STATES)->ids[i];
            unknown(k, &e->to, "alliance or state", ids, n);
        }
    }
    const cs_alliance *ua = e->to_alliance ? e->to.to : a;
    if (e->under.id && ua)
        LOCAL(k, &e->under, ua->clauses, ua->nclauses, "clause");
    if (e->organ.id && a)
        LOCAL(k, &e->organ, a->organs, a->norgans, "organ");
    if (e->site.id && LOCAL(k, &e->site, s->sites, s->nsites, "site")) {
        /* The simulation needs a site from its `from`: an event adding it must agree. */
        const cs_site *st = e->site.to;
        if (!st->has_from)
            cs_diag_at(k->d, CS_ERR_TIMELINE, &e->loc, "site '%s' is added by event '%s' but "
                       "has no 'from' (when it must be protected)", st->id, e->id ? e->id : "?");
        else if (st->from.min != e->at.min && st->from.prec && e->at.prec)
            cs_diag_at(k->d, CS_ERR_TIMELINE, &e->loc, "site '%s' is added by event '%s' at a "
                       "time other than its 'from'", st->id, e->id ? e->id : "?");
    }
    if ((e->kind == CS_EV_REQUEST || e->kind == CS_EV_CONSULT_REQUEST) && !e->to_alliance &&
        e->to.to)
        cs_diag_at(k->d, CS_ERR_REF, &e->to.loc, "a %s goes to an alliance, not to state %s",
                   e->kind == CS_EV_REQUEST ? "request" : "consultations request", e->to.id);
}

static void check_order(linker *k, const cs_loc *loc, const char *later, const cs_figure *b,
                        const char *earlier, const cs_figure *a)
{
    if (a->present && b->present && cs_date_before(b->v.t, a->v.t))
        too_early(k, loc ? loc : &b->loc, later, b->v.t, earlier, a->v.t);
}

static void link_outcome(linker *k, cs_scenario *s)
{
    cs_outcome *o = &s->outcome;
    if (!o->present)
        return;
    cite(k, &o->src);
    resolve(k, NS(k, STATES), &o->announced_by);
    resolve(k, NS(k, STATES), &o->actor);
    const cs_event *first_req = NULL;
    for (uint32_t i = 0; i < s->nevents && !first_req; i++)
        if (s->events[i].kind == CS_EV_REQUEST || s->events[i].kind == CS_EV_CONSULT_REQUEST)
            first_req = &s->events[i];
    if (o->has_date && first_req && cs_date_before(o->date, first_req->at))
        too_early(k, &o->loc, "the decision", o->date, "the first request", first_req->at);
    cs_operation_rec *op = &o->op;
    if (!op->present)
        return;
    cs_figure *all[] = {&op->first_arrival, &op->complete, &op->end_announced,
                        &op->withdrawal_start, &op->withdrawal_end, &op->personnel,
                        &op->equipment, &op->flights_in, &op->flights_out,
                        &op->sites_initial, &op->sites_total, &op->freed_host};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        figure(k, all[i]);
    cs_figure dec = {.present = o->has_date, .v = {.kind = CS_V_DATE, .t = o->date}};
    check_order(k, NULL, "the first arrival", &op->first_arrival, "the decision", &dec);
    check_order(k, NULL, "the deployment's completion", &op->complete, "the first arrival",
                &op->first_arrival);
    check_order(k, NULL, "the withdrawal's start", &op->withdrawal_start,
                "the deployment's completion", &op->complete);
    check_order(k, NULL, "the withdrawal's start", &op->withdrawal_start, "the first arrival",
                &op->first_arrival);
    check_order(k, NULL, "the withdrawal's end", &op->withdrawal_end, "the withdrawal's start",
                &op->withdrawal_start);
    check_order(k, NULL, "the withdrawal's end", &op->withdrawal_end, "the first arrival",
                &op->first_arrival);
    check_order(k, NULL, "the end's announcement", &op->end_announced, "the first arrival",
                &op->first_arrival);
    for (uint32_t i = 0; i < op->ncontingents; i++) {
        cs_contingent_rec *c = &op->contingents[i];
        resolve(k, NS(k, STATES), &c->state);
        cite(k, &c->src);
        figure(k, &c->personnel);
        figure(k, &c->vehicles);
        for (uint32_t j = 0; j < c->nsites; j++)
            LOCAL(k, &c->sites[j], s->sites, s->nsites, "site");
        cs_figure arr = {.present = c->has_arrived, .v = {.kind = CS_V_DATE, .t = c->arrived}};
        cs_figure left = {.present = c->has_left, .v = {.kind = CS_V_DATE, .t = c->left}};
        check_order(k, &c->loc, "a contingent's departure", &left, "its arrival", &arr);
        check_order(k, &c->loc, "a contingent's arrival", &arr, "the first arrival",
                    &op->first_arrival);
        check_order(k, &c->loc, "a contingent's arrival", &arr, "the decision", &dec);
    }
}

static void link_scenario(linker *k, cs_scenario *s)
{
    cite(k, &s->src);
    resolve(k, NS(k, ALLIANCES), &s->alliance);
    resolve(k, NS(k, STATES), &s->host);
    facts(k, s->facts, s->nfacts, "");
    for (uint32_t i = 0; i < s->nsites; i++) {
        cs_site *x = &s->sites[i];
        resolve(k, NS(k, SITE_KINDS), &x->kind);
        cite(k, &x->src);
        if (x->has_from && cs_date_before(x->from, s->start))
            too_early(k, &x->loc, "a site's start", x->from, "the scenario's start", s->start);
    }
    const cs_event *req = NULL;   /* the first request to the alliance */
    for (uint32_t i = 0; i < s->nevents && !req; i++)
        if (s->events[i].kind == CS_EV_REQUEST)
            req = &s->events[i];
    for (uint32_t i = 0; i < s->nevents; i++) {
        cs_event *e = &s->events[i];
        link_event(k, s, e);
        char what[96];
        snprintf(what, sizeof what, "event '%s'", e->id ? e->id : "?");
        if (cs_date_before(e->at, s->start))
            too_early(k, &e->loc, what, e->at, "the scenario's start", s->start);
        else if (i && e->at.min < s->events[i - 1].at.min)
            too_early(k, &e->loc, what, e->at, "the event listed before it",
                      s->events[i - 1].at);
        else if (e->kind == CS_EV_END_REQUEST && req && cs_date_before(e->at, req->at)) {
            /* Listed in order, yet dated before what it ends: the operation would end
             * before it was asked for. */
            char than[96];
            snprintf(what, sizeof what, "end-request '%s'", e->id ? e->id : "?");
            snprintf(than, sizeof than, "request '%s'", req->id ? req->id : "?");
            too_early(k, &e->at_loc, what, e->at, than, req->at);
        }
    }
    link_outcome(k, s);
}

/* Where each kind keeps its id and its place. */
static const struct {
    const char *what;
    size_t id, loc;
} kinds[CS_NKINDS] = {
#define KIND_(NAME, field, type, id, what) \
    [CS_K_##NAME] = {what, offsetof(type, id), offsetof(type, loc)},
    CS_MODEL_KINDS(KIND_)
#undef KIND_
};

/* Keep each namespace's objects, sorted by id, in the model: its lookups search them. */
static bool keep_sorted(linker *k, cs_model *m)
{
    for (int i = 0; i < CS_NKINDS; i++) {
        const ns *s = &k->ns[i];
        const void **v = cs_arena_array(k->l->arena, s->n ? s->n : 1, sizeof *v);
        if (!v)
            return false;
        for (size_t j = 0; j < s->n; j++)
            v[j] = s->v[j].obj;
        m->byid[i] = v;
    }
    return true;
}

bool cs_link(cs_loader *l, cs_model *m)
{
    linker k = {.l = l, .d = l->d};
    for (int i = 0; i < CS_NKINDS; i++)
        ns_build(&k, &k.ns[i], kinds[i].what, &l->objs[i], kinds[i].id, kinds[i].loc);
    /* A fact named like a built-in would never be read: expressions see the built-in. */
    for (size_t i = 0; i < l->objs[CS_K_VOCAB].n; i++) {
        const cs_vocab *v = l->objs[CS_K_VOCAB].v[i];
        for (int b = 0; b < CS_NBUILTIN; b++)
            if (strcmp(v->path, cs_builtins[b].name) == 0)
                cs_diag_at(k.d, CS_ERR_SCHEMA, &v->loc, "fact '%s' has the name of a built-in "
                           "(see docs/format.md); choose another", v->path);
    }
    if (!k.oom) {
        link_catalog(&k);
        link_actors(&k);
        for (size_t i = 0; i < l->objs[CS_K_SCENARIOS].n; i++)
            link_extends(&k, l->objs[CS_K_SCENARIOS].v[i]);
        for (size_t i = 0; i < l->objs[CS_K_STATES].n; i++)
            link_state(&k, l->objs[CS_K_STATES].v[i]);
        for (size_t i = 0; i < l->objs[CS_K_ALLIANCES].n; i++)
            link_alliance(&k, l->objs[CS_K_ALLIANCES].v[i]);
        for (size_t i = 0; i < l->objs[CS_K_SCENARIOS].n; i++)
            link_scenario(&k, l->objs[CS_K_SCENARIOS].v[i]);
    }
    if (!k.oom && !cs_diags_any(l->d) && !keep_sorted(&k, m))
        k.oom = true;
    for (int i = 0; i < CS_NKINDS; i++)
        ns_free(&k.ns[i]);
    if (k.oom)
        cs_diag_file(l->d, CS_ERR_NOMEM, NULL, "out of memory");
    return !k.oom;
}
