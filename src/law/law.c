#include "law/law.h"
#include "support/num.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

const char *const cs_request_kind_names[CS_NREQ_KINDS + 1] = {
    [CS_REQ_NONE] = "none",
    [CS_REQ_INFORMAL] = "informal",
    [CS_REQ_CONSULTATIONS] = "consultations",
    [CS_REQ_AID] = "aid",
    [CS_NREQ_KINDS] = NULL,
};
/* One name per kind, no more: a kind added to the enum without a name fails here. */
_Static_assert(sizeof cs_request_kind_names / sizeof cs_request_kind_names[0] ==
                   CS_NREQ_KINDS + 1,
               "cs_request_kind_names: one name per cs_request_kind");

/* ---- the situation ---------------------------------------------------------------- */

static cs_value state_value(const char *id)
{
    return id ? (cs_value){.kind = CS_V_STR, .str = id} : (cs_value){.kind = CS_V_NONE};
}

static void set_builtin(cs_situation *sit, int slot, cs_value v)
{
    sit->slots[slot].v = v;
    sit->slots[slot].stated = v.kind != CS_V_NONE;
}

/* Which event asked the alliance (the first request or consultations request by the host
 * to this alliance), the first informal plea, the moment (the request's time, else the
 * plea's, else the scenario's start) and the first council session at or after the
 * request. Reads the scenario only; sets sit->request, plea, moment and session. */
static void find_request(cs_situation *sit)
{
    const cs_scenario *s = sit->s;
    for (uint32_t i = 0; i < s->nevents; i++) {
        const cs_event *e = &s->events[i];
        bool to_us = e->to_alliance && e->to.to == sit->a;
        bool by_host = e->by.id && strcmp(e->by.id, s->host.id) == 0;
        if (!sit->request && to_us && by_host &&
            (e->kind == CS_EV_REQUEST || e->kind == CS_EV_CONSULT_REQUEST))
            sit->request = e;
        if (!sit->plea && e->kind == CS_EV_INFORMAL_PLEA)
            sit->plea = e;
    }
    const cs_event *from = sit->request ? sit->request : sit->plea;
    sit->moment = from ? from->at : s->start;
    if (!sit->request)
        return;
    for (uint32_t i = 0; i < s->nevents; i++) {
        const cs_event *e = &s->events[i];
        if (e->kind == CS_EV_COUNCIL_SESSION && e->at.min >= sit->request->at.min) {
            sit->session = e;
            break;
        }
    }
}

/* What was asked: consultations, formal aid, something informal (a plea, or a request
 * that was not formal), or nothing. */
static cs_request_kind request_kind(const cs_situation *sit)
{
    const cs_event *r = sit->request;
    if (r && r->kind == CS_EV_CONSULT_REQUEST)
        return CS_REQ_CONSULTATIONS;
    if (r && r->formal)
        return CS_REQ_AID;
    if (r || sit->plea)
        return CS_REQ_INFORMAL;
    return CS_REQ_NONE;
}

/* Fill the built-in slots that law knows (host, lead, alliance, date, request.*) and
 * sit->req_kind, with the scenario's sources; the politics slots stay unknown. Needs
 * find_request first. */
static void fill_builtins(cs_situation *sit)
{
    const cs_event *r = sit->request;
    sit->req_kind = request_kind(sit);
    const char *kind = cs_request_kind_names[sit->req_kind];
    bool made = r && (r->kind == CS_EV_CONSULT_REQUEST || r->formal);
    set_builtin(sit, CS_SLOT_HOST, state_value(sit->s->host.id));
    set_builtin(sit, CS_SLOT_LEAD, state_value(sit->a->lead.id));
    set_builtin(sit, CS_SLOT_ALLIANCE, (cs_value){.kind = CS_V_STR, .str = sit->a->id});
    set_builtin(sit, CS_SLOT_DATE, (cs_value){.kind = CS_V_DATE, .t = sit->moment});
    set_builtin(sit, CS_SLOT_REQ_MADE, (cs_value){.kind = CS_V_BOOL, .b = made});
    set_builtin(sit, CS_SLOT_REQ_KIND, (cs_value){.kind = CS_V_STR, .str = kind});
    set_builtin(sit, CS_SLOT_REQ_FORMAL, (cs_value){.kind = CS_V_BOOL, .b = r && r->formal});
    set_builtin(sit, CS_SLOT_REQ_BY, state_value(r ? r->by.id : NULL));
    set_builtin(sit, CS_SLOT_REQ_UNDER, r && r->under.id
                                            ? (cs_value){.kind = CS_V_STR, .str = r->under.id}
                                            : (cs_value){.kind = CS_V_NONE});
    if (r)
        for (int k = CS_SLOT_REQ_MADE; k <= CS_SLOT_REQ_UNDER; k++)
            sit->slots[k].src = &r->src;
    sit->slots[CS_SLOT_HOST].src = &sit->s->src;
    sit->slots[CS_SLOT_LEAD].src = &sit->a->src;
    sit->slots[CS_SLOT_ALLIANCE].src = &sit->a->src;
}

/* Whether a fact is known at time t: it has no `known_from`, or that date has come. */
static bool known_at(const cs_fact *f, cs_time t)
{
    return !f->has_known_from || f->known_from.min <= t.min;
}

/* The minute from which a fact is known (a fact without `known_from` is always known). */
static int64_t known_min(const cs_fact *f)
{
    return f->has_known_from ? (int64_t)f->known_from.min : INT64_MIN;
}

/* Apply a list of facts to the slots at the situation's moment. A fact known at the moment
 * sets its slot, unless a statement known from a later date has set it already (the most
 * recent knowledge wins; among equals, the later statement, so a scenario's facts, applied
 * after its host's, win). A fact not yet known leaves the value alone and, when nothing is
 * stated, marks the slot with the earliest such fact, for the trace. */
static void apply_facts(cs_situation *sit, const cs_fact *facts, uint32_t n)
{
    const cs_model *m = sit->m;
    for (uint32_t i = 0; i < n; i++) {
        const cs_fact *f = &facts[i];
        /* A state's fact has its path without the `state.` its vocabulary entry has: find
         * it by its entry (by path when a model built by hand does not set its index). */
        int k = -1;
        if (f->decl && f->decl->index < m->nvocab && m->vocab[f->decl->index] == f->decl)
            k = CS_NBUILTIN + (int)f->decl->index;
        else
            k = cs_slot_index(m, f->decl ? f->decl->path : f->path);
        if (k < CS_NBUILTIN || (uint32_t)k >= sit->nslots)
            continue;
        cs_slot *sl = &sit->slots[k];
        if (!known_at(f, sit->moment)) {
            if (!sl->stated && (!sl->fact || known_min(f) < known_min(sl->fact)))
                sl->fact = f;
            continue;
        }
        if (sl->stated && sl->fact && known_min(sl->fact) > known_min(f))
            continue;
        sl->v = f->value;
        sl->stated = true;
        sl->claimed = f->claimed;
        sl->by = f->by.id;
        sl->src = &f->src;
        sl->fact = f;
    }
}

/* Fill the vocabulary's slots: each fact's default, then the host state's facts (paths
 * `state.*`), then the scenario's stated facts, each as known at the moment (with who
 * claims and denies them, and their sources). Facts set on builtins are ignored here: the
 * loader refuses them. */
static void fill_facts(cs_situation *sit)
{
    const cs_model *m = sit->m;
    for (uint32_t i = 0; i < m->nvocab; i++) {
        cs_slot *sl = &sit->slots[CS_NBUILTIN + i];
        const cs_vocab *v = m->vocab[i];
        if (v->has_default)
            sl->v = v->def;
    }
    const cs_state *host = sit->s->host.to;
    if (host)
        apply_facts(sit, host->facts, host->nfacts);
    apply_facts(sit, sit->s->facts, sit->s->nfacts);
}

/* Parse a --set value against the slot's type and, if it fits, set the slot (marked as
 * set on the command line, with no claimant or source). Reports a value that does not fit
 * (CS_ERR_USAGE) and returns false. Strings and list items point into the arena or into
 * `text`, which must outlive the situation. */
static bool parse_override(cs_situation *sit, cs_slot *sl, const cs_vocab *voc,
                           const char *text, cs_arena *a, cs_diags *d, const char *path)
{
    const char *err = NULL;
    size_t pos;
    cs_value v = {.kind = CS_V_NONE};
    switch (sl->type) {
    case CS_T_BOOL:
        if (strcmp(text, "true") == 0 || strcmp(text, "false") == 0)
            v = (cs_value){.kind = CS_V_BOOL, .b = text[0] == 't'};
        else
            err = "expected true or false";
        break;
    case CS_T_NUM: {
        double x;
        if (cs_num_real(text, &x, &err, &pos))
            v = (cs_value){.kind = CS_V_NUM, .num = x};
        break;
    }
    case CS_T_DATE: {
        cs_time t;
        if (cs_date_parse(text, CS_PREC_DAY | CS_PREC_MINUTE, &t, &err, &pos))
            v = (cs_value){.kind = CS_V_DATE, .t = t};
        break;
    }
    case CS_T_STATE:
        if (cs_model_party(sit->m, text))
            v = (cs_value){.kind = CS_V_STR, .str = text};
        else
            err = "no such state or actor in the library";
        break;
    case CS_T_STR:
        v = (cs_value){.kind = CS_V_STR, .str = text};
        if (voc && voc->nvalues) {
            uint32_t j = 0;
            while (j < voc->nvalues && strcmp(voc->values[j], text) != 0)
                j++;
            if (j == voc->nvalues)
                err = "not one of the allowed values (see data/vocabulary.yaml)";
        }
        break;
    case CS_T_LIST: {
        /* Items separated by commas, typed as the items of a YAML list are (true or false,
         * a number, a date, else a string), so that --set x=1,2 and `x: [1, 2]` agree.
         * Spaces around an item are dropped, as in a YAML flow list; "" is the empty list. */
        uint32_t n = *text ? 1 : 0;
        for (const char *p = text; *p; p++)
            n += *p == ',';
        cs_value *items = cs_arena_array(a, n ? n : 1, sizeof *items);
        char *copy = cs_arena_strdup(a, text);
        if (!items || !copy) {
            cs_diag_file(d, CS_ERR_NOMEM, NULL, "out of memory");
            return false;
        }
        char *p = copy;
        for (uint32_t k = 0; k < n; k++) {
            char *comma = strchr(p, ',');
            if (comma)
                *comma = '\0';
            while (*p == ' ')
                p++;
            for (char *e = p + strlen(p); e > p && e[-1] == ' ';)
                *--e = '\0';
            items[k] = cs_value_plain(p);
            if (comma)
                p = comma + 1;
        }
        v = (cs_value){.kind = CS_V_LIST, .list = {items, n}};
        break;
    }
    case CS_T_UNKNOWN: break;   /* never a slot's type */
    }
    if (err) {
        cs_diag_file(d, CS_ERR_USAGE, "--set", "%s=%s: %s (%s is a %s)", path, text, err,
                     path, cs_type_name(sl->type));
        return false;
    }
    sl->v = v;
    sl->stated = true;
    sl->overridden = true;
    sl->claimed = false;
    sl->by = NULL;
    sl->src = NULL;
    sl->fact = NULL;
    return true;
}

/* Apply every --set in order (a later one wins), reporting every bad one (CS_ERR_USAGE):
 * an unknown fact (with a suggestion), a builtin, a value of the wrong type. Returns false
 * if any was bad. */
static bool apply_overrides(cs_situation *sit, const cs_law_opts *o, cs_arena *a, cs_diags *d)
{
    bool ok = true;
    for (uint32_t i = 0; i < o->nsets; i++) {
        const char *path = o->sets[i].path;
        int k = cs_slot_index(sit->m, path);
        if (k < 0) {
            const char *names[1024];
            size_t n = 0;
            for (int b = 0; b < CS_NBUILTIN; b++)
                names[n++] = cs_builtins[b].name;
            for (uint32_t v = 0; v < sit->m->nvocab && n < 1024; v++)
                names[n++] = sit->m->vocab[v]->path;
            const char *sug = cs_suggest(path, names, n);
            cs_diag_file(d, CS_ERR_USAGE, "--set", "unknown fact '%s'%s%s%s", path,
                         sug ? " (did you mean '" : "", sug ? sug : "", sug ? "'?)" : "");
            ok = false;
            continue;
        }
        if (k < CS_NBUILTIN) {
            /* The request, host and date come from the scenario's events and header, and
             * feed the decision's date and the operation: change those, not a copy here. */
            cs_diag_file(d, CS_ERR_USAGE, "--set", "'%s' comes from the scenario, not a fact to "
                         "set; facts are listed in data/vocabulary.yaml", path);
            ok = false;
            continue;
        }
        const cs_vocab *voc = k >= CS_NBUILTIN ? sit->m->vocab[k - CS_NBUILTIN] : NULL;
        ok &= parse_override(sit, &sit->slots[k], voc, o->sets[i].text, a, d, path);
    }
    return ok;
}

/* The moment, the doctrine (in force on the moment's date, or the --doctrine chosen), the
 * slots (builtins, facts, then --set) and the environment over them. */
cs_status cs_situation_init(cs_situation *sit, const cs_model *m, const cs_scenario *s,
                            const cs_law_opts *o, cs_arena *a, cs_diags *d)
{
    memset(sit, 0, sizeof *sit);
    sit->m = m;
    sit->s = s;
    sit->a = s->alliance.to;
    sit->nslots = cs_nslots(m);
    sit->slots = cs_arena_array(a, sit->nslots, sizeof *sit->slots);
    if (!sit->slots)
        return cs_diag_file(d, CS_ERR_NOMEM, NULL, "out of memory");
    if (o && o->trace_cap) {
        sit->scratch = cs_arena_array(a, o->trace_cap, sizeof *sit->scratch);
        if (!sit->scratch)
            return cs_diag_file(d, CS_ERR_NOMEM, NULL, "out of memory");
        sit->scratch_cap = o->trace_cap;
    }
    for (uint32_t i = 0; i < sit->nslots; i++) {
        bool builtin = i < CS_NBUILTIN;
        sit->slots[i].name = builtin ? cs_builtins[i].name : m->vocab[i - CS_NBUILTIN]->path;
        sit->slots[i].type = builtin ? cs_builtins[i].type : m->vocab[i - CS_NBUILTIN]->type;
    }
    find_request(sit);
    if (o && o->doctrine) {
        sit->doctrine = cs_alliance_doctrine(sit->a, o->doctrine);
        sit->doctrine_overridden = true;
        if (!sit->doctrine) {
            char list[512];
            size_t used = 0;
            list[0] = '\0';
            for (uint32_t i = 0; i < sit->a->ndoctrines && used < sizeof list; i++)
                used += (size_t)snprintf(list + used, sizeof list - used, " %s",
                                         sit->a->doctrines[i].id);
            return cs_diag_file(d, CS_ERR_USAGE, "--doctrine",
                                "no doctrine '%s' in %s; it has:%s", o->doctrine, sit->a->id,
                                list);
        }
    } else
        sit->doctrine = cs_alliance_doctrine_on(sit->a, sit->moment);
    fill_builtins(sit);
    fill_facts(sit);
    if (o && !apply_overrides(sit, o, a, d))
        return d->worst;
    /* A --set of the request's time would move the moment: keep the slot authoritative. */
    if (sit->slots[CS_SLOT_DATE].v.kind == CS_V_DATE)
        sit->moment = sit->slots[CS_SLOT_DATE].v.t;
    static const cs_expr *const none[1] = {NULL};
    /* The evaluator remembers definitions' values here, in this situation's arena: the
     * model is shared by threads, a situation is not. */
    cs_expr_memo *memo = cs_expr_memo_new(a, sit->a->ndefnames);
    if (!memo)
        return cs_diag_file(d, CS_ERR_NOMEM, NULL, "out of memory");
    sit->env = (cs_env){
        .slots = sit->slots,
        .nslots = sit->nslots,
        .defs = sit->doctrine ? (const cs_expr *const *)sit->doctrine->bydef : none,
        .def_names = sit->a->defnames,
        .ndefs = sit->doctrine ? sit->a->ndefnames : 0,
        .model = m,
        .alliance = sit->a,
        .date = sit->moment,
        .memo = memo,
    };
    return CS_OK;
}

/* ---- findings --------------------------------------------------------------------- */

/* The trace is recorded into the situation's scratch buffer (when it is large enough),
 * then copied into the arena at the size it took: most traces are far shorter than cap, and
 * a run evaluates one finding per clause, task and member's factor. */
bool cs_law_finding(cs_finding *f, const cs_expr *e, const cs_situation *sit, uint32_t cap,
                    cs_arena *a)
{
    memset(f, 0, sizeof *f);
    bool scratch = cap && cap <= sit->scratch_cap;
    if (cap) {
        f->trace.v = scratch ? sit->scratch : cs_arena_array(a, cap, sizeof *f->trace.v);
        if (!f->trace.v)
            return false;
        f->trace.cap = cap;
    }
    cs_value v;
    f->st = cs_expr_eval_at(e, &sit->env, &v, cap ? &f->trace : NULL, &f->where);
    f->value = f->st == CS_EVAL_OK && v.kind == CS_V_BOOL && v.b;
    if (scratch) {
        cs_trace_rec *kept = cs_arena_array(a, f->trace.n ? f->trace.n : 1, sizeof *kept);
        if (!kept)
            return false;
        memcpy(kept, f->trace.v, f->trace.n * sizeof *kept);
        f->trace.v = kept;
        f->trace.cap = f->trace.n;
    }
    return true;
}

bool cs_law_report(const cs_finding *f, cs_diags *d, const char *what)
{
    if (f->st == CS_EVAL_OK)
        return false;
    cs_diag_at(d, CS_ERR_EXPR, &f->where, "%s cannot be evaluated: %s", what,
               cs_evalst_name(f->st));
    return true;
}

/* Whether the host's law on admitting foreign troops is met (sets r->admission) and why,
 * in a sentence from the arena (NULL when it runs out): executive or treaty procedures
 * need a formal request for troops; a parliament, an approving vote with a quorum. */
static const char *admission(cs_law_result *r, cs_arena *a)
{
    const cs_situation *sit = &r->sit;
    const cs_state *host = sit->s->host.to;
    const cs_event *req = sit->request;
    bool formal = req && req->formal && req->kind == CS_EV_REQUEST;
    char buf[512], d[32] = "";
    if (req)
        cs_date_format(req->at, d, sizeof d);
    switch (host->admit.proc) {
    case CS_ADMIT_EXECUTIVE:
    case CS_ADMIT_TREATY:
        r->admission = formal ? CS_ADMIT_MET : CS_ADMIT_NOT_MET;
        if (formal)
            snprintf(buf, sizeof buf, "%s admits foreign troops by %s; its executive asked "
                     "formally on %s", host->id,
                     host->admit.proc == CS_ADMIT_EXECUTIVE ? "executive decision"
                                                           : "its ratified treaties", d);
        else
            snprintf(buf, sizeof buf, "%s admits foreign troops by %s, but made no formal "
                     "request for troops", host->id,
                     host->admit.proc == CS_ADMIT_EXECUTIVE ? "executive decision"
                                                           : "its ratified treaties");
        break;
    case CS_ADMIT_PARLIAMENT: {
        const cs_event *vote = NULL;
        for (uint32_t i = 0; i < sit->s->nevents; i++) {
            const cs_event *e = &sit->s->events[i];
            if (e->kind == CS_EV_PARLIAMENT_SESSION && e->state.to == host && e->quorum &&
                e->votes_for > e->votes_against)
                vote = e;
        }
        r->admission = vote ? CS_ADMIT_MET : CS_ADMIT_NOT_MET;
        snprintf(buf, sizeof buf, "%s's parliament must approve foreign troops: %s", host->id,
                 vote ? "it did" : "no approving vote is recorded");
        break;
    }
    case CS_ADMIT_UNRECORDED:
        r->admission = CS_ADMIT_UNKNOWN;
        snprintf(buf, sizeof buf, "how %s admits foreign troops is not recorded", host->id);
        break;
    }
    return cs_arena_strdup(a, buf);
}

cs_status cs_law_eval(cs_law_result *r, const cs_model *m, const cs_scenario *s,
                      const cs_law_opts *o, cs_arena *a, cs_diags *d)
{
    memset(r, 0, sizeof *r);
    cs_status st = cs_situation_init(&r->sit, m, s, o, a, d);
    if (st != CS_OK)
        return st;
    const cs_situation *sit = &r->sit;
    const cs_alliance *al = sit->a;
    uint32_t cap = o ? o->trace_cap : 0;
    r->nclauses = al->nclauses;
    r->clauses = cs_arena_array(a, al->nclauses ? al->nclauses : 1, sizeof *r->clauses);
    r->ntasks = al->ntasks;
    r->tasks = cs_arena_array(a, al->ntasks ? al->ntasks : 1, sizeof *r->tasks);
    r->pools = cs_arena_array(a, al->npools ? al->npools : 1, sizeof *r->pools);
    r->legal = cs_arena_array(a, m->nvocab ? m->nvocab : 1, sizeof *r->legal);
    if (!r->clauses || !r->tasks || !r->pools || !r->legal)
        return cs_diag_file(d, CS_ERR_NOMEM, NULL, "out of memory");
    /* An evaluation error is reported and fails the run, but only after every clause and
     * task has been evaluated, so that one run shows every such error. */
    bool failed = false;
    char what[256];
    for (uint32_t i = 0; i < al->nclauses; i++) {
        cs_clause_finding *c = &r->clauses[i];
        c->clause = &al->clauses[i];
        c->invoked = sit->request && sit->request->under.to == c->clause;
        if (!cs_law_finding(&c->f, c->clause->trigger.compiled, sit, cap, a))
            return cs_diag_file(d, CS_ERR_NOMEM, NULL, "out of memory");
        snprintf(what, sizeof what, "clause '%s': its trigger", c->clause->id);
        failed |= cs_law_report(&c->f, d, what);
        if (c->invoked)
            r->invoked = c;
    }
    for (uint32_t i = 0; i < al->ntasks; i++) {
        r->tasks[i].task = &al->tasks[i];
        if (!cs_law_finding(&r->tasks[i].f, al->tasks[i].when.compiled, sit, cap, a))
            return cs_diag_file(d, CS_ERR_NOMEM, NULL, "out of memory");
        snprintf(what, sizeof what, "task '%s': its condition", al->tasks[i].id);
        failed |= cs_law_report(&r->tasks[i].f, d, what);
    }
    if (failed)
        return CS_ERR_EXPR;
    for (uint32_t i = 0; i < al->npools; i++) {
        const cs_pool *p = &al->pools[i];
        if (p->has_established && p->established.min > sit->moment.min)
            continue;
        bool covers = false;
        for (uint32_t k = 0; k < p->nmandate && !covers; k++)
            for (uint32_t t = 0; t < al->ntasks; t++)
                if (p->mandate[k].to == &al->tasks[t] && r->tasks[t].f.value)
                    covers = true;
        if (covers)
            r->pools[r->npools++] = p;
    }
    r->host_member = cs_alliance_is_member(al, s->host.id, sit->moment);
    r->admission_why = admission(r, a);
    for (uint32_t i = 0; i < m->nvocab; i++)
        if (m->vocab[i]->legal)
            r->legal[r->nlegal++] = &sit->slots[CS_NBUILTIN + i];
    return r->admission_why ? CS_OK : cs_diag_file(d, CS_ERR_NOMEM, NULL, "out of memory");
}
