#include "model/model.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

const char *const cs_decision_names[] = {"none", "act", "refuse", "consult", "assist", NULL};
const char *const cs_evkind_names[] = {
    "unrest", "hostilities", "informal-plea", "request", "consultations-request", "council-session",
    "parliament-session", "site-added", "end-request", "statement", NULL};
const char *const cs_authproc_names[] = {
    "unrecorded", "executive", "executive-standing-consent", "parliament-vote", NULL};
const char *const cs_admitproc_names[] = {
    "unrecorded", "executive", "parliament-approval", "treaty", NULL};
const char *const cs_gov_names[] = {
    "presidential", "semi-presidential", "parliamentary", "parliamentary-presidential", NULL};
const char *const cs_mevent_names[] = {"joined", "withdrew", "suspended", NULL};
const char *const cs_rule_names[] = {
    "consensus", "unanimity", "majority", "qualified-majority", NULL};
const char *const cs_consensus_names[] = {"no-objection", "lead-support", NULL};
const char *const cs_composition_names[] = {"heads-of-state", "ministers", "officials", NULL};
const char *const cs_qual_names[] = {"exact", "about", "more-than", "at-least", "up-to", NULL};
const char *const cs_srctype_names[] = {"seed", "record", "gazetteer", "assumption", NULL};
const char *const cs_type_names[] = {"bool", "number", "string", "date", "state", "list", NULL};
const char *const cs_applies_names[] = {"all", "lead", "others", "host", NULL};
const char *const cs_actorkind_names[] = {"armed-group", "government", "movement",
                                          "organisation", "other", NULL};

/* Each name table has one name per enumerator, then NULL: a value added to an enum without
 * its name (or the reverse) does not compile. */
#define NAMES_OF(table, last)                                        \
    _Static_assert(sizeof table / sizeof *table == (size_t)(last) + 2, \
                   #table " and its enum differ")
NAMES_OF(cs_decision_names, CS_DEC_ASSIST);
NAMES_OF(cs_evkind_names, CS_EV_STATEMENT);
NAMES_OF(cs_authproc_names, CS_AUTH_PARLIAMENT);
NAMES_OF(cs_admitproc_names, CS_ADMIT_TREATY);
NAMES_OF(cs_gov_names, CS_GOV_PARLIAMENTARY_PRESIDENTIAL);
NAMES_OF(cs_mevent_names, CS_M_SUSPENDED);
NAMES_OF(cs_rule_names, CS_RULE_QUALIFIED);
NAMES_OF(cs_consensus_names, CS_CONSENSUS_LEAD_SUPPORT);
NAMES_OF(cs_composition_names, CS_COMP_OFFICIALS);
NAMES_OF(cs_qual_names, CS_Q_UP_TO);
NAMES_OF(cs_srctype_names, CS_SRC_ASSUMPTION);
NAMES_OF(cs_type_names, CS_T_LIST);
NAMES_OF(cs_applies_names, CS_APPLY_HOST);
NAMES_OF(cs_actorkind_names, CS_ACTOR_OTHER);
#undef NAMES_OF

const char *cs_decision_name(cs_decision d) { return cs_decision_names[d]; }
const char *cs_evkind_name(cs_evkind k) { return cs_evkind_names[k]; }
const char *cs_authproc_name(cs_authproc p) { return cs_authproc_names[p]; }
const char *cs_admitproc_name(cs_admitproc p) { return cs_admitproc_names[p]; }
const char *cs_gov_name(cs_gov g) { return cs_gov_names[g]; }
const char *cs_mevent_name(cs_mevent e) { return cs_mevent_names[e]; }
const char *cs_rule_name(cs_rule r) { return cs_rule_names[r]; }
const char *cs_composition_name(cs_composition c) { return cs_composition_names[c]; }
const char *cs_qual_name(cs_qual q) { return cs_qual_names[q]; }
const char *cs_srctype_name(cs_srctype t) { return cs_srctype_names[t]; }
const char *cs_type_name(cs_type t) { return t <= CS_T_LIST ? cs_type_names[t] : "unknown"; }

void cs_model_free(cs_model *m)
{
    if (!m)
        return;
    cs_arena *a = m->arena;   /* the model itself lives in its arena */
    cs_arena_free(a);
}

/* Where each kind keeps its id. */
static const size_t id_offset[CS_NKINDS] = {
#define ID_OFFSET_(NAME, field, type, id, what) [CS_K_##NAME] = offsetof(type, id),
    CS_MODEL_KINDS(ID_OFFSET_)
#undef ID_OFFSET_
};

static const char *id_of(const void *obj, cs_kind k)
{
    return *(const char *const *)((const char *)obj + id_offset[k]);
}

/* The object of kind k named key, by binary search of the model's sorted index. */
static const void *find_sorted(const cs_model *m, cs_kind k, uint32_t n, const char *key)
{
    const void *const *v = m->byid[k];
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(id_of(v[mid], k), key);
        if (c == 0)
            return v[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* A model built by hand (tests) has no index: scan its array. */
#define FIND(NAME, field, idm, key)                                   \
    do {                                                               \
        if (m->byid[CS_K_##NAME])                                      \
            return find_sorted(m, CS_K_##NAME, m->n##field, key);      \
        for (uint32_t i_ = 0; i_ < m->n##field; i_++)                  \
            if (strcmp(m->field[i_]->idm, key) == 0)                   \
                return m->field[i_];                                   \
        return NULL;                                                   \
    } while (0)

const cs_state *cs_model_state(const cs_model *m, const char *id)
{
    FIND(STATES, states, id, id);
}
const cs_alliance *cs_model_alliance(const cs_model *m, const char *id)
{
    FIND(ALLIANCES, alliances, id, id);
}
const cs_scenario *cs_model_scenario(const cs_model *m, const char *id)
{
    FIND(SCENARIOS, scenarios, id, id);
}
const cs_vocab *cs_model_vocab(const cs_model *m, const char *path)
{
    FIND(VOCAB, vocab, path, path);
}
const cs_param *cs_model_param(const cs_model *m, const char *id)
{
    FIND(PARAMS, params, id, id);
}
const cs_actor *cs_model_actor(const cs_model *m, const char *id)
{
    FIND(ACTORS, actors, id, id);
}

bool cs_model_party(const cs_model *m, const char *id)
{
    return id && (cs_model_state(m, id) || cs_model_actor(m, id));
}

const cs_clause *cs_alliance_clause(const cs_alliance *a, const char *id)
{
    for (uint32_t i = 0; i < a->nclauses; i++)
        if (strcmp(a->clauses[i].id, id) == 0)
            return &a->clauses[i];
    return NULL;
}

const cs_doctrine *cs_alliance_doctrine(const cs_alliance *a, const char *id)
{
    for (uint32_t i = 0; i < a->ndoctrines; i++)
        if (strcmp(a->doctrines[i].id, id) == 0)
            return &a->doctrines[i];
    return NULL;
}

const cs_member *cs_alliance_member_on(const cs_alliance *a, const char *state, cs_time when,
                                       cs_mevent *status)
{
    for (uint32_t i = 0; i < a->nmembers; i++) {
        const cs_member *mb = &a->members[i];
        if (!mb->state.id || strcmp(mb->state.id, state) != 0)
            continue;
        const cs_member_event *last = NULL;
        for (uint32_t k = 0; k < mb->nhist; k++)
            if (mb->hist[k].date.min <= when.min)
                last = &mb->hist[k];
        if (!last)
            return NULL;
        *status = last->event;
        return mb;
    }
    return NULL;
}

bool cs_alliance_is_member(const cs_alliance *a, const char *state, cs_time when)
{
    cs_mevent st;
    return cs_alliance_member_on(a, state, when, &st) && st == CS_M_JOINED;
}

const cs_doctrine *cs_alliance_doctrine_on(const cs_alliance *a, cs_time when)
{
    const cs_doctrine *best = NULL;
    for (uint32_t i = 0; i < a->ndoctrines; i++) {
        const cs_doctrine *d = &a->doctrines[i];
        if (d->from.min > when.min)
            continue;
        /* `to` is the last day in force: compare with the end of that day. */
        if (d->has_to && cs_date_end(d->to) <= when.min)
            continue;
        if (!best || d->from.min > best->from.min)
            best = d;
    }
    return best;
}

const cs_chair *cs_alliance_chair_on(const cs_alliance *a, const char *organ, cs_time when)
{
    for (uint32_t i = 0; i < a->nchairs; i++) {
        const cs_chair *c = &a->chairs[i];
        if (!c->organ.id || strcmp(c->organ.id, organ) != 0 || c->from.min > when.min)
            continue;
        if (c->has_to && cs_date_end(c->to) <= when.min)
            continue;
        return c;
    }
    return NULL;
}

double cs_geo_km(double lat1, double lon1, double lat2, double lon2)
{
    const double r = 6371.0088, rad = 3.14159265358979323846 / 180.0;
    double p1 = lat1 * rad, p2 = lat2 * rad;
    double dp = (lat2 - lat1) * rad, dl = (lon2 - lon1) * rad;
    double h = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);
    if (h > 1)
        h = 1;
    return 2 * r * asin(sqrt(h));
}
