#include "report/decision.h"
#include "report/jbuild.h"
#include "report/show.h"

#include <string.h>

static const char *yesno(bool b) { return b ? "yes" : "no"; }

static const char *const admit_names[] = {
    [CS_ADMIT_MET] = "met",
    [CS_ADMIT_NOT_MET] = "not met",
    [CS_ADMIT_UNKNOWN] = "unknown",
};
_Static_assert(sizeof admit_names / sizeof admit_names[0] == CS_ADMIT_UNKNOWN + 1,
               "admit_names: one name per cs_admit_met");

static const char *admit_name(cs_admit_met m) { return admit_names[m]; }

/* Where a slot's value came from, for the law report's legal facts: "set on the command
 * line", "default", "CLAIMED by X: sources" or "evidenced: sources". */
static void slot_origin(const cs_slot *s, char *buf, size_t n)
{
    char src[256] = "";
    if (s->src)
        cs_show_cite(s->src, src, sizeof src);
    if (s->overridden)
        snprintf(buf, n, "set on the command line");
    else if (!s->stated)
        snprintf(buf, n, "default");
    else if (s->claimed)
        snprintf(buf, n, "CLAIMED by %s: %s", s->by ? s->by : "?", src);
    else
        snprintf(buf, n, "evidenced: %s", src);
}

/* The strongest reason ("RUS: no-legal-cover -5"), else the headline. */
void cs_flip_describe(const cs_flip *f, const cs_politics *pol, char *buf, size_t n)
{
    const char *then = cs_decision_name(f->then);
    switch (f->kind) {
    case CS_FLIP_FACT:
        snprintf(buf, n, "%s %s instead of %s (%s%s) gives %s", f->fact,
                 f->to ? "true" : "false", f->from ? "true" : "false",
                 !f->stated ? "its default" : f->claimed ? "CLAIMED by " : "evidenced",
                 f->stated && f->claimed ? (f->by ? f->by : "?") : "", then);
        break;
    case CS_FLIP_FACTOR:
        snprintf(buf, n, "without factor %s (up to %g for one member) gives %s",
                 f->factor->id, f->size, then);
        break;
    case CS_FLIP_POSITION: {
        /* The threshold crossed: support's when it moves into or out of support by one
         * band, else oppose's. */
        bool sup = f->pos_to == CS_POS_SUPPORT ||
                   (f->pos_to == CS_POS_ABSTAIN && f->pos_from == CS_POS_SUPPORT);
        const char *thr = sup ? "support" : "oppose";
        double at = sup ? pol->support_at : pol->oppose_at;
        snprintf(buf, n, "%s %s instead of %s gives %s (%g from %s at %g)", f->member->id,
                 cs_position_names[f->pos_to], cs_position_names[f->pos_from], then, f->size,
                 thr, at);
        break;
    }
    }
}

bool cs_outcome_matches(const cs_outcome *o, const cs_pol_result *p)
{
    return o->decision == p->decision && !o->actor.id;
}

void cs_outcome_format(const cs_outcome *o, char *buf, size_t n)
{
    if (o->actor.id)
        snprintf(buf, n, "%s by %s", cs_decision_name(o->decision), o->actor.id);
    else
        snprintf(buf, n, "%s", cs_decision_name(o->decision));
}

void cs_decision_reason(const cs_run_view *v, char *buf, size_t n)
{
    if (v->nflips)
        cs_flip_describe(&v->flips[0], &v->law->sit.a->politics, buf, n);
    else
        snprintf(buf, n, "%s", v->pol->headline ? v->pol->headline : "");
}

/* The moment evaluated (the request, the plea, or the scenario's start) with its source,
 * and the doctrine applied (in force, or chosen with --doctrine). */
static void print_moment(FILE *out, const cs_situation *sit)
{
    char t[64], src[256];
    const cs_event *r = sit->request ? sit->request : sit->plea;
    if (r) {
        cs_show_time(sit->s, r->at, r->approx, t, sizeof t);
        cs_show_cite(&r->src, src, sizeof src);
        fprintf(out, "Moment: %s by %s to %s%s%s, %s [%s]\n", cs_evkind_name(r->kind),
                r->by.id, r->to.id, r->under.id ? " under " : "",
                r->under.id ? r->under.id : "", t, src);
    } else {
        cs_show_time(sit->s, sit->s->start, false, t, sizeof t);
        fprintf(out, "Moment: no request; the scenario's start, %s\n", t);
    }
    if (sit->doctrine) {
        cs_show_cite(&sit->doctrine->src, src, sizeof src);
        fprintf(out, "Doctrine: %s, \"%s\" (%s) [%s]\n", sit->doctrine->id,
                sit->doctrine->name,
                sit->doctrine_overridden ? "applied by --doctrine" : "in force on that date",
                src);
    } else
        fputs("Doctrine: none in force on that date\n", out);
}

/* The counterfactuals, as given on the command line; nothing when there are none. */
static void print_overrides(FILE *out, const cs_law_opts *o)
{
    if (!o || (!o->nsets && !o->doctrine))
        return;
    fputs("Counterfactual:", out);
    if (o->doctrine)
        fprintf(out, " --doctrine %s", o->doctrine);
    for (uint32_t i = 0; i < o->nsets; i++)
        fprintf(out, " --set %s=%s", o->sets[i].path, o->sets[i].text);
    fputc('\n', out);
}

/* The law section: each clause's finding, membership, admission, legal facts, the tasks
 * that apply and the pools that cover them. */
static void print_law(FILE *out, const cs_law_result *law)
{
    char v[64], orig[300];
    fputs("\nLaw\n", out);
    for (uint32_t i = 0; i < law->nclauses; i++) {
        const cs_clause_finding *c = &law->clauses[i];
        fprintf(out, "  %-14s %-48s %s%s%s\n", c->clause->id, c->clause->name,
                c->f.st != CS_EVAL_OK ? cs_evalst_name(c->f.st)
                                      : c->f.value ? "TRIGGERED" : "not triggered",
                c->invoked ? "  (invoked by the request)" : "",
                c->clause->requires_request && !c->invoked && c->f.value
                    ? "  (not invoked)" : "");
    }
    fprintf(out, "  host %s a member on that date: %s\n", law->sit.s->host.id,
            yesno(law->host_member));
    fprintf(out, "  host's law on foreign troops: %s (%s)\n", admit_name(law->admission),
            law->admission_why);
    for (uint32_t i = 0; i < law->nlegal; i++) {
        const cs_slot *s = law->legal[i];
        cs_value_format(&s->v, v, sizeof v);
        slot_origin(s, orig, sizeof orig);
        fprintf(out, "  %s = %s  [%s]\n", s->name, v, orig);
    }
    fputs("  tasks that apply:", out);
    int any = 0;
    for (uint32_t i = 0; i < law->ntasks; i++)
        if (law->tasks[i].f.value) {
            fprintf(out, "%s %s", any++ ? "," : "", law->tasks[i].task->id);
        }
    fputs(any ? "\n" : " none\n", out);
    fputs("  force pools whose mandate covers them:", out);
    for (uint32_t i = 0; i < law->npools; i++)
        fprintf(out, "%s %s", i ? "," : "", law->pools[i]->id);
    fputs(law->npools ? "\n" : " none\n", out);
}

/* What decided: the smallest single change that flips the decision, then the others (at
 * most eight in all), or that none does. */
static void print_flips(FILE *out, const cs_run_view *v)
{
    char buf[512];
    if (!v->nflips) {
        fputs("  what decided: no single fact, factor or member's position flips it\n", out);
        return;
    }
    fputs("  what decided, the smallest single change that flips it first:\n", out);
    for (uint32_t i = 0; i < v->nflips && i < 8; i++) {
        cs_flip_describe(&v->flips[i], &v->law->sit.a->politics, buf, sizeof buf);
        fprintf(out, "    %s\n", buf);
    }
}

/* The politics section: the organ, its rule and chair, each member's position with the
 * contributions that counted, the decision with its day and headline, and at most eight
 * reasons. */
static void print_politics(FILE *out, const cs_run_view *rv)
{
    const cs_pol_result *p = rv->pol;
    const cs_scenario *s = rv->law->sit.s;
    const cs_politics *pol = &rv->law->sit.a->politics;
    char t[64];
    fputs("\nPolitics\n", out);
    if (p->organ)
        fprintf(out, "  %s, decides by %s", p->organ->name, cs_rule_name(p->organ->rule));
    if (p->chair)
        fprintf(out, "; chair %s%s%s%s", p->chair->state.id, p->chair->holder ? " (" : "",
                p->chair->holder ? p->chair->holder : "", p->chair->holder ? ")" : "");
    fputc('\n', out);
    for (uint32_t i = 0; i < p->nviews; i++) {
        const cs_view *v = &p->views[i];
        fprintf(out, "  %s%-7s %-8s score %+6.2f  (", v->state->id,
                v->is_lead ? " lead" : v->is_host ? " host" : "", cs_position_names[v->pos],
                v->score);
        int k = 0;
        for (uint32_t j = 0; j < v->ncontribs; j++)
            if (v->contribs[j].applied && v->contribs[j].amount != 0)
                fprintf(out, "%s%s %+g", k++ ? ", " : "", v->contribs[j].factor->id,
                        v->contribs[j].amount);
        fprintf(out, ")  margin %+g to support at %g, %+g to oppose at %g\n",
                cs_view_margin_support(v, pol), pol->support_at, cs_view_margin_oppose(v, pol),
                pol->oppose_at);
    }
    fprintf(out, "\nDecision: %s", cs_decision_name(p->decision));
    if (p->has_date) {
        cs_show_time(s, p->date, false, t, sizeof t);
        cs_time day = {p->date.min, CS_PREC_DAY};
        cs_date_format(day, t, sizeof t);
        fprintf(out, " on %s", t);
    }
    fprintf(out, ": %s\n", p->headline);
    if (p->nreasons) {
        fputs("  reasons, strongest first:\n", out);
        for (uint32_t i = 0; i < p->nreasons && i < 8; i++) {
            const cs_reason *r = &p->reasons[i];
            fprintf(out, "    %+6.2f  %s  %s: %s\n", r->c->amount, r->who->state->id,
                    r->c->factor->id, r->c->factor->name);
        }
    }
    print_flips(out, rv);
}

/* The decision recorded in the scenario, if any, and whether the prediction matches. */
static void print_recorded(FILE *out, const cs_scenario *s, const cs_pol_result *p)
{
    const cs_outcome *o = &s->outcome;
    if (!o->present)
        return;
    char t[32] = "";
    if (o->has_date)
        cs_date_format((cs_time){o->date.min, CS_PREC_DAY}, t, sizeof t);
    char what[64];
    cs_outcome_format(o, what, sizeof what);
    fprintf(out, "Recorded: %s%s%s%s: %s\n", what, o->actor.id ? " (bilaterally)" : "",
            t[0] ? " on " : "", t, cs_outcome_matches(o, p) ? "the prediction matches"
                                                             : "MISMATCH");
}

/* The decision report: header, counterfactuals, moment, law, politics, the record. */
static void decision_text(FILE *out, const cs_run_view *v)
{
    const cs_scenario *s = v->law->sit.s;
    fprintf(out, "%s: %s\n", s->id, s->name);
    print_overrides(out, v->opts);
    print_moment(out, &v->law->sit);
    print_law(out, v->law);
    print_politics(out, v);
    print_recorded(out, s, v->pol);
}

/* The decision report with every trace: why each clause is triggered or not, which tasks
 * apply, and each member's factors one by one, before the politics section. */
static void decision_explain(FILE *out, const cs_run_view *v)
{
    const cs_law_result *law = v->law;
    const cs_scenario *s = law->sit.s;
    fprintf(out, "%s: %s\n", s->id, s->name);
    print_overrides(out, v->opts);
    print_moment(out, &law->sit);
    fputs("\nWhy each clause is or is not triggered:\n", out);
    for (uint32_t i = 0; i < law->nclauses; i++) {
        const cs_clause_finding *c = &law->clauses[i];
        fprintf(out, "\n  clause %s (%s): %s\n", c->clause->id, c->clause->name,
                c->f.value ? "triggered" : "not triggered");
        cs_trace_print(out, &c->f.trace, 4);
    }
    fputs("\nWhich tasks apply:\n", out);
    for (uint32_t i = 0; i < law->ntasks; i++) {
        fprintf(out, "\n  task %s:\n", law->tasks[i].task->id);
        cs_trace_print(out, &law->tasks[i].f.trace, 4);
    }
    const cs_pol_result *p = v->pol;
    if (p->nviews)
        fputs("\nEach member's position, factor by factor:\n", out);
    for (uint32_t i = 0; i < p->nviews; i++) {
        const cs_view *w = &p->views[i];
        fprintf(out, "\n  %s%s: %s, score %+.2f\n", w->state->id, w->is_lead ? " (lead)" : "",
                cs_position_names[w->pos], w->score);
        for (uint32_t j = 0; j < w->ncontribs; j++) {
            const cs_contrib *c = &w->contribs[j];
            fprintf(out, "    factor %s: %s, %+g  (weight %g: %s)\n", c->factor->id,
                    c->applied ? "applies" : "does not apply", c->amount, c->factor->weight,
                    c->factor->why);
            if (c->factor->has_when)
                cs_trace_print(out, &c->when.trace, 6);
        }
    }
    print_politics(out, v);
    print_recorded(out, s, p);
}

/* Both are written through a stream that escapes control characters (see show.h). */
bool cs_decision_text(FILE *out, const cs_run_view *v)
{
    cs_show_buf b;
    if (!cs_show_begin(&b, out))
        return false;
    decision_text(b.f, v);
    return cs_show_end(&b);
}

bool cs_decision_explain(FILE *out, const cs_run_view *v)
{
    cs_show_buf b;
    if (!cs_show_begin(&b, out))
        return false;
    decision_explain(b.f, v);
    return cs_show_end(&b);
}

/* ---- JSON ------------------------------------------------------------------------- */

/* Every builder below records a failure in b (see jbuild.h); the document is freed and
 * not returned when anything failed. */

/* A value as JSON: null for unknown, a date as its text, a list as an array. */
static json_t *jvalue(cs_jb *b, const cs_value *v)
{
    switch (v->kind) {
    case CS_V_NONE: return json_null();
    case CS_V_BOOL: return json_boolean(v->b);
    case CS_V_NUM: return jb(b, json_real(v->num));
    case CS_V_STR: return jb(b, json_string(v->str));
    case CS_V_DATE: {
        char buf[32];
        cs_date_format(v->t, buf, sizeof buf);
        return jb(b, json_string(buf));
    }
    case CS_V_LIST: {
        json_t *a = jb(b, json_array());
        for (uint32_t i = 0; a && !b->failed && i < v->list.n; i++)
            jb_add(b, a, jvalue(b, &v->list.items[i]));
        return a;
    }
    }
    return json_null();
}

static json_t *jcite(cs_jb *b, const cs_cite *c)
{
    json_t *a = jb(b, json_array());
    for (uint32_t i = 0; a && !b->failed && c && i < c->n; i++)
        jb_add(b, a, jb(b, json_string(c->v[i].id)));
    return a;
}

/* A slot as JSON: name, value, origin (set, default, claimed, evidenced), the claimant
 * and the sources when there are. */
static json_t *jslot(cs_jb *b, const cs_slot *s)
{
    const char *origin = s->overridden ? "set" : !s->stated ? "default"
                         : s->claimed ? "claimed" : "evidenced";
    json_t *o = jb(b, json_pack("{s:s, s:o, s:s}", "name", s->name, "value",
                                jvalue(b, &s->v), "origin", origin));
    if (o && s->claimed && s->by)
        jb_set(b, o, "claimed_by", jb(b, json_string(s->by)));
    /* Further claimants, deniers, and a statement not known yet at the moment: keys only
     * when there are, so that a plain claim reads as before. */
    const cs_fact *f = s->fact;
    if (o && f && s->stated && s->claimed && f->nclaimants > 1) {
        json_t *a = jb(b, json_array());
        for (uint32_t i = 0; a && i < f->nclaimants; i++)
            jb_add(b, a, jb(b, json_string(f->claimants[i].id)));
        jb_set(b, o, "claimants", a);
    }
    if (o && f && s->stated && f->ndeniers) {
        json_t *a = jb(b, json_array());
        for (uint32_t i = 0; a && i < f->ndeniers; i++)
            jb_add(b, a, jb(b, json_string(f->deniers[i].id)));
        jb_set(b, o, "denied_by", a);
    }
    if (o && f && !s->stated && !s->overridden && f->has_known_from) {
        char d[40];
        cs_date_format(f->known_from, d, sizeof d);
        jb_set(b, o, "known_from", jb(b, json_string(d)));
    }
    if (o && s->src)
        jb_set(b, o, "sources", jcite(b, s->src));
    return o;
}

/* A trace's records (pre-order) into nested objects; *i advances past the subtree. */
static json_t *jtrace_node(cs_jb *b, const cs_trace *t, uint32_t *i)
{
    static const char *const kinds[] = {
        [CS_TR_LITERAL] = "literal", [CS_TR_SLOT] = "fact", [CS_TR_DEF] = "definition",
        [CS_TR_OP] = "operator", [CS_TR_CALL] = "call", [CS_TR_SKIPPED] = "skipped",
    };
    _Static_assert(sizeof kinds / sizeof kinds[0] == CS_TR_SKIPPED + 1,
                   "kinds: one name per cs_trkind");
    const cs_trace_rec *r = &t->v[(*i)++];
    json_t *o = jb(b, json_pack("{s:s, s:s#, s:o}", "kind", kinds[r->kind], "text", r->text,
                                (int)r->len, "value", jvalue(b, &r->v)));
    if (!o)
        return NULL;
    if (r->kind == CS_TR_SLOT && r->slot)
        jb_set(b, o, "fact", jslot(b, r->slot));
    if (r->kind == CS_TR_DEF && r->def)
        jb_set(b, o, "definition", jb(b, json_string(r->def)));
    if (r->nkids) {
        json_t *kids = jb(b, json_array());
        for (uint32_t k = 0; kids && !b->failed && k < r->nkids && *i < t->n; k++)
            jb_add(b, kids, jtrace_node(b, t, i));
        jb_set(b, o, "children", kids);
    }
    return o;
}

/* A whole trace as nested objects (null when there is none), marked when it was cut. */
static json_t *jtrace(cs_jb *b, const cs_trace *t)
{
    if (!t->v || !t->n)
        return json_null();
    uint32_t i = 0;
    json_t *o = jtrace_node(b, t, &i);
    if (o && t->truncated)
        jb_set(b, o, "truncated", json_true());
    return o;
}

static json_t *jtime(cs_jb *b, cs_time t, cs_prec prec)
{
    char buf[32];
    cs_date_format_as(t, prec, buf, sizeof buf);
    return jb(b, json_string(buf));
}

/* The law section: clauses, membership, admission, legal facts, tasks, pools. */
static json_t *jlaw(cs_jb *b, const cs_law_result *law)
{
    json_t *jl = jb(b, json_object()), *clauses = jb(b, json_array());
    for (uint32_t i = 0; clauses && !b->failed && i < law->nclauses; i++) {
        const cs_clause_finding *c = &law->clauses[i];
        jb_add(b, clauses, jb(b, json_pack("{s:s, s:s, s:b, s:b, s:s, s:o, s:o}", "id",
                                           c->clause->id, "name", c->clause->name,
                                           "triggered", c->f.value, "invoked", c->invoked,
                                           "status", cs_evalst_name(c->f.st), "sources",
                                           jcite(b, &c->clause->src), "trace",
                                           jtrace(b, &c->f.trace))));
    }
    jb_set(b, jl, "clauses", clauses);
    jb_set(b, jl, "host_member", json_boolean(law->host_member));
    jb_set(b, jl, "admission", jb(b, json_pack("{s:s, s:s}", "status",
                                               admit_name(law->admission), "why",
                                               law->admission_why)));
    json_t *legal = jb(b, json_array());
    for (uint32_t i = 0; legal && !b->failed && i < law->nlegal; i++)
        jb_add(b, legal, jslot(b, law->legal[i]));
    jb_set(b, jl, "legal_facts", legal);
    json_t *tasks = jb(b, json_array());
    for (uint32_t i = 0; tasks && !b->failed && i < law->ntasks; i++)
        jb_add(b, tasks, jb(b, json_pack("{s:s, s:b, s:o}", "id", law->tasks[i].task->id,
                                         "applies", law->tasks[i].f.value, "trace",
                                         jtrace(b, &law->tasks[i].f.trace))));
    jb_set(b, jl, "tasks", tasks);
    json_t *pools = jb(b, json_array());
    for (uint32_t i = 0; pools && !b->failed && i < law->npools; i++)
        jb_add(b, pools, jb(b, json_string(law->pools[i]->id)));
    jb_set(b, jl, "pools", pools);
    return jl;
}

/* The politics section: organ, rule, chair, each member's factors, the reasons. */
static json_t *jpolitics(cs_jb *b, const cs_pol_result *p, const cs_politics *pol)
{
    json_t *jp = jb(b, json_object()), *members = jb(b, json_array());
    for (uint32_t i = 0; members && !b->failed && i < p->nviews; i++) {
        const cs_view *w = &p->views[i];
        json_t *factors = jb(b, json_array());
        for (uint32_t j = 0; factors && !b->failed && j < w->ncontribs; j++) {
            const cs_contrib *c = &w->contribs[j];
            jb_add(b, factors, jb(b, json_pack("{s:s, s:b, s:f, s:f, s:f, s:o}", "id",
                                               c->factor->id, "applies", c->applied,
                                               "weight", c->factor->weight, "value",
                                               c->value, "amount", c->amount, "trace",
                                               jtrace(b, &c->when.trace))));
        }
        jb_add(b, members, jb(b, json_pack("{s:s, s:b, s:b, s:f, s:s, s:f, s:f, s:o}",
                                           "state", w->state->id, "lead", w->is_lead, "host",
                                           w->is_host, "score", w->score, "position",
                                           cs_position_names[w->pos], "margin_support",
                                           cs_view_margin_support(w, pol), "margin_oppose",
                                           cs_view_margin_oppose(w, pol), "factors",
                                           factors)));
    }
    jb_set(b, jp, "organ", p->organ ? jb(b, json_string(p->organ->id)) : json_null());
    jb_set(b, jp, "rule", p->organ ? jb(b, json_string(cs_rule_name(p->organ->rule)))
                                   : json_null());
    jb_set(b, jp, "chair", p->chair ? jb(b, json_string(p->chair->state.id)) : json_null());
    jb_set(b, jp, "members", members);
    json_t *reasons = jb(b, json_array());
    for (uint32_t i = 0; reasons && !b->failed && i < p->nreasons; i++)
        jb_add(b, reasons, jb(b, json_pack("{s:s, s:s, s:s, s:f}", "state",
                                           p->reasons[i].who->state->id, "factor",
                                           p->reasons[i].c->factor->id, "name",
                                           p->reasons[i].c->factor->name, "amount",
                                           p->reasons[i].c->amount)));
    jb_set(b, jp, "reasons", reasons);
    return jp;
}

/* The changes that flip the decision, smallest first: each its kind, what it changes, its
 * size, the decision it gives and its description. */
static json_t *jflips(cs_jb *b, const cs_run_view *v)
{
    static const char *const kinds[] = {
        [CS_FLIP_FACT] = "fact", [CS_FLIP_FACTOR] = "factor", [CS_FLIP_POSITION] = "position",
    };
    _Static_assert(sizeof kinds / sizeof kinds[0] == CS_FLIP_POSITION + 1,
                   "kinds: one name per cs_flip_kind");
    json_t *a = jb(b, json_array());
    char buf[512];
    for (uint32_t i = 0; a && !b->failed && i < v->nflips; i++) {
        const cs_flip *f = &v->flips[i];
        cs_flip_describe(f, &v->law->sit.a->politics, buf, sizeof buf);
        json_t *o = jb(b, json_pack("{s:s, s:f, s:s, s:s}", "kind", kinds[f->kind], "size",
                                    f->size, "then", cs_decision_name(f->then), "text", buf));
        if (f->kind == CS_FLIP_FACT) {
            jb_set(b, o, "fact", jb(b, json_string(f->fact)));
            jb_set(b, o, "value", json_boolean(f->to));
        } else if (f->kind == CS_FLIP_FACTOR)
            jb_set(b, o, "factor", jb(b, json_string(f->factor->id)));
        else {
            jb_set(b, o, "state", jb(b, json_string(f->member->id)));
            jb_set(b, o, "position", jb(b, json_string(cs_position_names[f->pos_to])));
        }
        jb_add(b, a, o);
    }
    return a;
}

/* The JSON report of law and politics. The order of the keys is part of the output, which
 * the golden files under tests/golden pin. */
json_t *cs_decision_json(const cs_run_view *v)
{
    const cs_law_result *law = v->law;
    const cs_pol_result *p = v->pol;
    const cs_situation *sit = &law->sit;
    const cs_scenario *s = sit->s;
    cs_jb bld = {false}, *b = &bld;
    json_t *root = jb(b, json_object());
    if (!root)
        return NULL;
    jb_set(b, root, "scenario", jb(b, json_string(s->id)));
    jb_set(b, root, "name", jb(b, json_string(s->name)));
    json_t *cf = jb(b, json_object());
    jb_set(b, cf, "doctrine", v->opts && v->opts->doctrine
                                  ? jb(b, json_string(v->opts->doctrine)) : json_null());
    json_t *sets = jb(b, json_object());
    for (uint32_t i = 0; sets && !b->failed && v->opts && i < v->opts->nsets; i++)
        jb_set(b, sets, v->opts->sets[i].path, jb(b, json_string(v->opts->sets[i].text)));
    jb_set(b, cf, "set", sets);
    jb_set(b, root, "counterfactual", cf);
    const cs_event *r = sit->request ? sit->request : sit->plea;
    jb_set(b, root, "moment", jtime(b, sit->moment, CS_PREC_MINUTE));
    jb_set(b, root, "request",
           r ? jb(b, json_pack("{s:s, s:s, s:s?, s:b}", "kind", cs_evkind_name(r->kind), "by",
                               r->by.id, "under", r->under.id, "formal", r->formal))
             : json_null());
    jb_set(b, root, "doctrine",
           sit->doctrine ? jb(b, json_pack("{s:s, s:s, s:b, s:o}", "id", sit->doctrine->id,
                                           "name", sit->doctrine->name, "overridden",
                                           sit->doctrine_overridden, "sources",
                                           jcite(b, &sit->doctrine->src)))
                         : json_null());
    jb_set(b, root, "law", jlaw(b, law));
    jb_set(b, root, "politics", jpolitics(b, p, &sit->a->politics));
    jb_set(b, root, "what_decided", jflips(b, v));
    json_t *dec = jb(b, json_pack("{s:s, s:s}", "decision", cs_decision_name(p->decision),
                                  "headline", p->headline));
    jb_set(b, dec, "date", p->has_date ? jtime(b, p->date, CS_PREC_DAY) : json_null());
    jb_set(b, dec, "actor", jb(b, json_string(s->alliance.id)));
    jb_set(b, root, "decision", dec);
    const cs_outcome *o = &s->outcome;
    if (o->present) {
        json_t *rec = jb(b, json_pack("{s:s, s:s, s:b}", "decision",
                                      cs_decision_name(o->decision), "actor",
                                      o->actor.id ? o->actor.id : s->alliance.id, "match",
                                      cs_outcome_matches(o, p)));
        jb_set(b, rec, "date", o->has_date ? jtime(b, o->date, CS_PREC_DAY) : json_null());
        jb_set(b, rec, "sources", jcite(b, &o->src));
        jb_set(b, root, "recorded", rec);
    }
    return jb_done(b, root);
}
