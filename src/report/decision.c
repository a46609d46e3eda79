#include "report/decision.h"
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
void cs_decision_reason(const cs_pol_result *p, char *buf, size_t n)
{
    if (p->nreasons) {
        const cs_reason *r = &p->reasons[0];
        snprintf(buf, n, "%s: %s %+g", r->who->state->id, r->c->factor->id, r->c->amount);
    } else
        snprintf(buf, n, "%s", p->headline ? p->headline : "");
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

/* The politics section: the organ, its rule and chair, each member's position with the
 * contributions that counted, the decision with its day and headline, and at most eight
 * reasons. */
static void print_politics(FILE *out, const cs_pol_result *p, const cs_scenario *s)
{
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
        fputs(")\n", out);
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
    fprintf(out, "Recorded: %s%s%s: %s\n", cs_decision_name(o->decision), t[0] ? " on " : "",
            t, o->decision == p->decision ? "the prediction matches" : "MISMATCH");
}

/* The decision report: header, counterfactuals, moment, law, politics, the record. */
bool cs_decision_text(FILE *out, const cs_run_view *v)
{
    const cs_scenario *s = v->law->sit.s;
    fprintf(out, "%s: %s\n", s->id, s->name);
    print_overrides(out, v->opts);
    print_moment(out, &v->law->sit);
    print_law(out, v->law);
    print_politics(out, v->pol, s);
    print_recorded(out, s, v->pol);
    return !ferror(out);
}

/* The decision report with every trace: why each clause is triggered or not, which tasks
 * apply, and each member's factors one by one, before the politics section. */
bool cs_decision_explain(FILE *out, const cs_run_view *v)
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
    print_politics(out, p, s);
    print_recorded(out, s, p);
    return !ferror(out);
}

/* ---- JSON ------------------------------------------------------------------------- */

/* A value as JSON: null for unknown, a date as its text, a list as an array. */
static json_t *jvalue(const cs_value *v)
{
    switch (v->kind) {
    case CS_V_NONE: return json_null();
    case CS_V_BOOL: return json_boolean(v->b);
    case CS_V_NUM: return json_real(v->num);
    case CS_V_STR: return json_string(v->str);
    case CS_V_DATE: {
        char buf[32];
        cs_date_format(v->t, buf, sizeof buf);
        return json_string(buf);
    }
    case CS_V_LIST: {
        json_t *a = json_array();
        for (uint32_t i = 0; a && i < v->list.n; i++)
            json_array_append_new(a, jvalue(&v->list.items[i]));
        return a;
    }
    }
    return json_null();
}

static json_t *jcite(const cs_cite *c)
{
    json_t *a = json_array();
    for (uint32_t i = 0; a && c && i < c->n; i++)
        json_array_append_new(a, json_string(c->v[i].id));
    return a;
}

/* A slot as JSON: name, value, origin (set, default, claimed, evidenced), the claimant
 * and the sources when there are. */
static json_t *jslot(const cs_slot *s)
{
    const char *origin = s->overridden ? "set" : !s->stated ? "default"
                         : s->claimed ? "claimed" : "evidenced";
    json_t *o = json_pack("{s:s, s:o, s:s}", "name", s->name, "value", jvalue(&s->v),
                          "origin", origin);
    if (o && s->claimed && s->by)
        json_object_set_new(o, "claimed_by", json_string(s->by));
    if (o && s->src)
        json_object_set_new(o, "sources", jcite(s->src));
    return o;
}

/* A trace's records (pre-order) into nested objects; *i advances past the subtree. */
static json_t *jtrace_node(const cs_trace *t, uint32_t *i)
{
    static const char *const kinds[] = {
        [CS_TR_LITERAL] = "literal", [CS_TR_SLOT] = "fact", [CS_TR_DEF] = "definition",
        [CS_TR_OP] = "operator", [CS_TR_CALL] = "call", [CS_TR_SKIPPED] = "skipped",
    };
    _Static_assert(sizeof kinds / sizeof kinds[0] == CS_TR_SKIPPED + 1,
                   "kinds: one name per cs_trkind");
    const cs_trace_rec *r = &t->v[(*i)++];
    json_t *o = json_pack("{s:s, s:s#, s:o}", "kind", kinds[r->kind], "text", r->text,
                          (int)r->len, "value", jvalue(&r->v));
    if (!o)
        return NULL;
    if (r->kind == CS_TR_SLOT && r->slot)
        json_object_set_new(o, "fact", jslot(r->slot));
    if (r->kind == CS_TR_DEF && r->def)
        json_object_set_new(o, "definition", json_string(r->def));
    if (r->nkids) {
        json_t *kids = json_array();
        for (uint32_t k = 0; kids && k < r->nkids && *i < t->n; k++)
            json_array_append_new(kids, jtrace_node(t, i));
        json_object_set_new(o, "children", kids);
    }
    return o;
}

/* A whole trace as nested objects (null when there is none), marked when it was cut. */
static json_t *jtrace(const cs_trace *t)
{
    if (!t->v || !t->n)
        return json_null();
    uint32_t i = 0;
    json_t *o = jtrace_node(t, &i);
    if (o && t->truncated)
        json_object_set_new(o, "truncated", json_true());
    return o;
}

static json_t *jtime(cs_time t, cs_prec prec)
{
    char buf[32];
    cs_date_format_as(t, prec, buf, sizeof buf);
    return json_string(buf);
}

/* The JSON report of law and politics. The order of the keys is part of the output, which
 * the golden files under tests/golden pin. */
json_t *cs_decision_json(const cs_run_view *v)
{
    const cs_law_result *law = v->law;
    const cs_pol_result *p = v->pol;
    const cs_situation *sit = &law->sit;
    const cs_scenario *s = sit->s;
    json_t *root = json_object();
    if (!root)
        return NULL;
    json_object_set_new(root, "scenario", json_string(s->id));
    json_object_set_new(root, "name", json_string(s->name));
    json_t *cf = json_object();
    json_object_set_new(cf, "doctrine", v->opts && v->opts->doctrine
                                            ? json_string(v->opts->doctrine) : json_null());
    json_t *sets = json_object();
    for (uint32_t i = 0; v->opts && i < v->opts->nsets; i++)
        json_object_set_new(sets, v->opts->sets[i].path, json_string(v->opts->sets[i].text));
    json_object_set_new(cf, "set", sets);
    json_object_set_new(root, "counterfactual", cf);
    const cs_event *r = sit->request ? sit->request : sit->plea;
    json_object_set_new(root, "moment", jtime(sit->moment, CS_PREC_MINUTE));
    json_object_set_new(root, "request", r ? json_pack("{s:s, s:s, s:s?, s:b}", "kind",
                                                       cs_evkind_name(r->kind), "by", r->by.id,
                                                       "under", r->under.id, "formal",
                                                       r->formal)
                                           : json_null());
    json_object_set_new(root, "doctrine",
                        sit->doctrine ? json_pack("{s:s, s:s, s:b, s:o}", "id",
                                                  sit->doctrine->id, "name",
                                                  sit->doctrine->name, "overridden",
                                                  sit->doctrine_overridden, "sources",
                                                  jcite(&sit->doctrine->src))
                                      : json_null());
    json_t *jl = json_object(), *clauses = json_array();
    for (uint32_t i = 0; i < law->nclauses; i++) {
        const cs_clause_finding *c = &law->clauses[i];
        json_array_append_new(clauses, json_pack("{s:s, s:s, s:b, s:b, s:s, s:o, s:o}", "id",
                                                 c->clause->id, "name", c->clause->name,
                                                 "triggered", c->f.value, "invoked", c->invoked,
                                                 "status", cs_evalst_name(c->f.st), "sources",
                                                 jcite(&c->clause->src), "trace",
                                                 jtrace(&c->f.trace)));
    }
    json_object_set_new(jl, "clauses", clauses);
    json_object_set_new(jl, "host_member", json_boolean(law->host_member));
    json_object_set_new(jl, "admission", json_pack("{s:s, s:s}", "status",
                                                   admit_name(law->admission), "why",
                                                   law->admission_why));
    json_t *legal = json_array();
    for (uint32_t i = 0; i < law->nlegal; i++)
        json_array_append_new(legal, jslot(law->legal[i]));
    json_object_set_new(jl, "legal_facts", legal);
    json_t *tasks = json_array();
    for (uint32_t i = 0; i < law->ntasks; i++)
        json_array_append_new(tasks, json_pack("{s:s, s:b, s:o}", "id",
                                               law->tasks[i].task->id, "applies",
                                               law->tasks[i].f.value, "trace",
                                               jtrace(&law->tasks[i].f.trace)));
    json_object_set_new(jl, "tasks", tasks);
    json_t *pools = json_array();
    for (uint32_t i = 0; i < law->npools; i++)
        json_array_append_new(pools, json_string(law->pools[i]->id));
    json_object_set_new(jl, "pools", pools);
    json_object_set_new(root, "law", jl);

    json_t *jp = json_object(), *members = json_array();
    for (uint32_t i = 0; i < p->nviews; i++) {
        const cs_view *w = &p->views[i];
        json_t *factors = json_array();
        for (uint32_t j = 0; j < w->ncontribs; j++) {
            const cs_contrib *c = &w->contribs[j];
            json_array_append_new(factors, json_pack("{s:s, s:b, s:f, s:f, s:f, s:o}", "id",
                                                     c->factor->id, "applies", c->applied,
                                                     "weight", c->factor->weight, "value",
                                                     c->value, "amount", c->amount, "trace",
                                                     jtrace(&c->when.trace)));
        }
        json_array_append_new(members, json_pack("{s:s, s:b, s:b, s:f, s:s, s:o}", "state",
                                                 w->state->id, "lead", w->is_lead, "host",
                                                 w->is_host, "score", w->score, "position",
                                                 cs_position_names[w->pos], "factors",
                                                 factors));
    }
    json_object_set_new(jp, "organ", p->organ ? json_string(p->organ->id) : json_null());
    json_object_set_new(jp, "rule", p->organ ? json_string(cs_rule_name(p->organ->rule))
                                             : json_null());
    json_object_set_new(jp, "chair", p->chair ? json_string(p->chair->state.id) : json_null());
    json_object_set_new(jp, "members", members);
    json_t *reasons = json_array();
    for (uint32_t i = 0; i < p->nreasons; i++)
        json_array_append_new(reasons, json_pack("{s:s, s:s, s:s, s:f}", "state",
                                                 p->reasons[i].who->state->id, "factor",
                                                 p->reasons[i].c->factor->id, "name",
                                                 p->reasons[i].c->factor->name, "amount",
                                                 p->reasons[i].c->amount));
    json_object_set_new(jp, "reasons", reasons);
    json_object_set_new(root, "politics", jp);
    json_t *dec = json_pack("{s:s, s:s}", "decision", cs_decision_name(p->decision),
                            "headline", p->headline);
    json_object_set_new(dec, "date", p->has_date ? jtime(p->date, CS_PREC_DAY) : json_null());
    json_object_set_new(root, "decision", dec);
    const cs_outcome *o = &s->outcome;
    if (o->present) {
        json_t *rec = json_pack("{s:s, s:b}", "decision", cs_decision_name(o->decision),
                                "match", o->decision == p->decision);
        json_object_set_new(rec, "date", o->has_date ? jtime(o->date, CS_PREC_DAY)
                                                     : json_null());
        json_object_set_new(rec, "sources", jcite(&o->src));
        json_object_set_new(root, "recorded", rec);
    }
    return root;
}
