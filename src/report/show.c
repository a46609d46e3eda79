/* fopencookie, for a stream that escapes what it writes. */
#define _GNU_SOURCE
#include "report/show.h"

#include <string.h>
#include <sys/types.h>

/* Write n bytes to b->out as they are, remembering a failure. */
static void put_raw(cs_show_buf *b, const void *p, size_t n)
{
    if (!b->failed && n && fwrite(p, 1, n, b->out) != n)
        b->failed = true;
}

static void put_escape(cs_show_buf *b, unsigned code)
{
    if (!b->failed && fprintf(b->out, "\\x%02x", code) < 0)
        b->failed = true;
}

/* Runs of harmless bytes go out as they are; each control character (C0 but the line
 * break, DEL, and C1, which UTF-8 writes as 0xC2 0x80-0x9F) becomes \xHH. A 0xC2 at the
 * end of one write is held back until the next byte shows what it starts. */
static void put(cs_show_buf *b, const unsigned char *p, size_t n)
{
    size_t from = 0;
    for (size_t i = 0; i < n && !b->failed; i++) {
        unsigned char c = p[i];
        if (b->c2) {   /* here from == i */
            b->c2 = false;
            if (c >= 0x80 && c <= 0x9f) {
                put_escape(b, c);
                from = i + 1;
                continue;
            }
            put_raw(b, "\xc2", 1);
        }
        if ((c < 0x20 && c != '\n') || c == 0x7f) {
            put_raw(b, p + from, i - from);
            put_escape(b, c);
            from = i + 1;
        } else if (c == 0xc2) {
            put_raw(b, p + from, i - from);
            b->c2 = true;
            from = i + 1;
        }
    }
    put_raw(b, p + from, n - from);
}

/* The end of the text: a 0xC2 still held back is no control. */
static bool put_end(cs_show_buf *b)
{
    if (b->c2)
        put_raw(b, "\xc2", 1);
    b->c2 = false;
    return !b->failed;
}

/* The stream's write function: 0 (which sets the stream's error indicator) on failure. */
static ssize_t cookie_write(void *cookie, const char *buf, size_t n)
{
    cs_show_buf *b = cookie;
    put(b, (const unsigned char *)buf, n);
    return b->failed ? 0 : (ssize_t)n;
}

bool cs_show_begin(cs_show_buf *b, FILE *out)
{
    *b = (cs_show_buf){.out = out};
    b->f = fopencookie(b, "w", (cookie_io_functions_t){.write = cookie_write});
    return b->f != NULL;
}

bool cs_show_end(cs_show_buf *b)
{
    bool ok = !ferror(b->f);
    ok &= fclose(b->f) == 0;   /* writes what the stream still buffers */
    b->f = NULL;
    return put_end(b) && ok;
}

bool cs_show_escape(FILE *out, const char *text, size_t n)
{
    cs_show_buf b = {.out = out};
    put(&b, (const unsigned char *)text, n);
    return put_end(&b);
}

void cs_show_cite(const cs_cite *c, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (uint32_t i = 0; i < c->n && used < n; i++)
        used += (size_t)snprintf(buf + used, n - used, "%s%s", i ? ", " : "", c->v[i].id);
}

void cs_show_time(const cs_scenario *s, cs_time t, bool approx, char *buf, size_t n)
{
    char d[32];
    cs_date_format(t, d, sizeof d);
    if (t.prec == CS_PREC_MINUTE) {
        int off = s->utc_offset_min < 0 ? -s->utc_offset_min : s->utc_offset_min;
        snprintf(buf, n, "%s%s (UTC%c%02d:%02d)", approx ? "~" : "", d,
                 s->utc_offset_min < 0 ? '-' : '+', off / 60, off % 60);
    } else
        snprintf(buf, n, "%s%s", approx ? "~" : "", d);
}

static void print_figure(FILE *out, const char *label, const cs_figure *f)
{
    if (!f->present)
        return;
    char v[64], src[256];
    cs_value_format(&f->v, v, sizeof v);
    cs_show_cite(&f->src, src, sizeof src);
    fprintf(out, "    %-18s %s%s%s%s%s%s\n", label,
            f->qual == CS_Q_EXACT ? "" : cs_qual_name(f->qual), f->qual == CS_Q_EXACT ? "" : " ",
            v, src[0] ? "  [" : "", src, src[0] ? "]" : "");
    for (uint32_t i = 0; i < f->alts.n; i++) {
        cs_show_cite(&f->alts.v[i].src, src, sizeof src);
        fprintf(out, "    %-18s   also reported: %s [%s]%s%s\n", "", f->alts.v[i].value, src,
                f->alts.v[i].note ? ": " : "", f->alts.v[i].note ? f->alts.v[i].note : "");
    }
}

static void print_alliance(FILE *out, const cs_alliance *a, cs_time when)
{
    char d[32], src[256];
    cs_date_format(a->founded, d, sizeof d);
    fprintf(out, "Alliance %s: %s (founded %s)\n", a->id, a->name, d);
    if (a->lead.id)
        fprintf(out, "  lead state: %s\n", a->lead.id);
    fputs("  members on that date:", out);
    for (uint32_t i = 0; i < a->nmembers; i++) {
        cs_mevent st;
        if (cs_alliance_member_on(a, a->members[i].state.id, when, &st) && st == CS_M_JOINED)
            fprintf(out, " %s", a->members[i].state.id);
    }
    fputs("\n  former or suspended:", out);
    for (uint32_t i = 0; i < a->nmembers; i++) {
        cs_mevent st;
        if (cs_alliance_member_on(a, a->members[i].state.id, when, &st) && st != CS_M_JOINED)
            fprintf(out, " %s (%s)", a->members[i].state.id, cs_mevent_name(st));
    }
    fputc('\n', out);
    for (uint32_t i = 0; i < a->norgans; i++) {
        const cs_organ *o = &a->organs[i];
        const cs_chair *c = cs_alliance_chair_on(a, o->id, when);
        cs_show_cite(&o->src, src, sizeof src);
        fprintf(out, "  organ %s: %s, %s, decides by %s [%s]\n", o->id, o->name,
                cs_composition_name(o->composition), cs_rule_name(o->rule), src);
        if (c)
            fprintf(out, "    chair: %s%s%s%s\n", c->state.id, c->holder ? " (" : "",
                    c->holder ? c->holder : "", c->holder ? ")" : "");
    }
    for (uint32_t i = 0; i < a->nclauses; i++) {
        const cs_clause *c = &a->clauses[i];
        cs_show_cite(&c->src, src, sizeof src);
        fprintf(out, "  clause %s: %s [%s]\n    trigger: %s\n", c->id, c->name, src,
                c->trigger.text);
    }
    const cs_doctrine *doc = cs_alliance_doctrine_on(a, when);
    if (doc) {
        cs_show_cite(&doc->src, src, sizeof src);
        cs_date_format(doc->from, d, sizeof d);
        fprintf(out, "  doctrine in force: %s, \"%s\" (since %s) [%s]\n", doc->id, doc->name,
                d, src);
        for (uint32_t i = 0; i < doc->ndefs; i++)
            fprintf(out, "    %s := %s\n", doc->defs[i].name, doc->defs[i].expr.text);
    } else
        fputs("  doctrine in force: none recorded\n", out);
    for (uint32_t i = 0; i < a->npools; i++) {
        const cs_pool *p = &a->pools[i];
        if (p->has_established && p->established.min > when.min)
            continue;
        char v[32] = "?";
        if (p->size.present)
            cs_value_format(&p->size.v, v, sizeof v);
        fprintf(out, "  force pool %s: %s, %s%s%s troops; pledged:", p->id, p->name,
                p->size.qual == CS_Q_EXACT ? "" : cs_qual_name(p->size.qual),
                p->size.qual == CS_Q_EXACT ? "" : " ", v);
        for (uint32_t j = 0; j < p->npledges; j++)
            for (uint32_t u = 0; u < p->pledges[j].nunits; u++) {
                const cs_unit *un = p->pledges[j].units[u].to;
                fprintf(out, " %s:%s(%.0f)", un->state->id, un->id, un->personnel);
            }
        fputc('\n', out);
    }
}

static bool show_scenario(FILE *out, const cs_model *m, const cs_scenario *s)
{
    (void)m;
    char t[64], src[256], v[128];
    const cs_alliance *a = s->alliance.to;
    const cs_state *host = s->host.to;
    cs_show_time(s, s->start, false, t, sizeof t);
    fprintf(out, "Scenario %s: %s\n  host: %s (%s), start %s\n", s->id, s->name, host->id,
            host->name, t);
    if (s->summary)
        fprintf(out, "  %s\n", s->summary);
    fputc('\n', out);
    print_alliance(out, a, s->start);

    fputs("\nCrisis facts (claimed facts are marked with who claims them):\n", out);
    for (uint32_t i = 0; i < s->nfacts; i++) {
        const cs_fact *f = &s->facts[i];
        cs_value_format(&f->value, v, sizeof v);
        cs_show_cite(&f->src, src, sizeof src);
        if (f->claimed)
            fprintf(out, "  %-32s = %-8s CLAIMED by %s%s%s%s [%s]\n", f->path, v, f->by.id,
                    f->who ? " (" : "", f->who ? f->who : "", f->who ? ")" : "", src);
        else
            fprintf(out, "  %-32s = %-8s evidenced [%s]\n", f->path, v, src);
        if (f->note)
            fprintf(out, "  %-32s   note: %s\n", "", f->note);
    }

    fputs("\nEvents:\n", out);
    for (uint32_t i = 0; i < s->nevents; i++) {
        const cs_event *e = &s->events[i];
        cs_show_time(s, e->at, e->approx, t, sizeof t);
        cs_show_cite(&e->src, src, sizeof src);
        fprintf(out, "  %-28s %-22s", t, cs_evkind_name(e->kind));
        if (e->by.id)
            fprintf(out, " by %s", e->by.id);
        if (e->to.id)
            fprintf(out, " to %s", e->to.id);
        if (e->under.id)
            fprintf(out, " under %s", e->under.id);
        if (e->kind == CS_EV_REQUEST)
            fprintf(out, " (%s)", e->formal ? "formal" : "informal");
        if (e->state.id)
            fprintf(out, " %s", e->state.id);
        if (e->kind == CS_EV_PARLIAMENT_SESSION) {
            if (e->quorum)
                fprintf(out, " vote %.0f for, %.0f against", e->votes_for, e->votes_against);
            else
                fputs(" no quorum", out);
        }
        if (e->site.id)
            fprintf(out, " %s", e->site.id);
        if (e->organ.id)
            fprintf(out, " %s%s%s", e->organ.id, e->mode ? " by " : "", e->mode ? e->mode : "");
        fprintf(out, " [%s]\n", src);
        if (e->purpose)
            fprintf(out, "  %-28s   for: %s\n", "", e->purpose);
    }

    if (s->nsites) {
        fprintf(out, "\nSites to protect (%u):\n", s->nsites);
        for (uint32_t i = 0; i < s->nsites; i++) {
            const cs_site *x = &s->sites[i];
            const cs_site_kind *k = x->kind.to;
            double pers = x->personnel >= 0 ? x->personnel : k->guard_personnel;
            if (x->has_from)
                cs_show_time(s, x->from, false, t, sizeof t);
            fprintf(out, "  %-24s %-12s %4.0f guards  %s%s\n", x->id, k->id, pers,
                    x->has_from ? "from " : "", x->has_from ? t : "");
        }
    }

    const cs_outcome *o = &s->outcome;
    if (o->present) {
        cs_show_cite(&o->src, src, sizeof src);
        fprintf(out, "\nRecorded outcome (history, not an input): %s",
                cs_decision_name(o->decision));
        if (o->has_date) {
            cs_show_time(s, o->date, false, t, sizeof t);
            fprintf(out, " on %s", t);
        }
        if (o->announced_by.id)
            fprintf(out, ", announced by %s", o->announced_by.id);
        fprintf(out, " [%s]\n", src);
        if (o->stated_reason)
            fprintf(out, "  stated reason: %s\n", o->stated_reason);
        const cs_operation_rec *op = &o->op;
        if (op->present) {
            print_figure(out, "first arrival", &op->first_arrival);
            print_figure(out, "complete", &op->complete);
            print_figure(out, "end announced", &op->end_announced);
            print_figure(out, "withdrawal start", &op->withdrawal_start);
            print_figure(out, "withdrawal end", &op->withdrawal_end);
            print_figure(out, "personnel", &op->personnel);
            print_figure(out, "equipment", &op->equipment);
            print_figure(out, "flights in", &op->flights_in);
            print_figure(out, "flights out", &op->flights_out);
            print_figure(out, "sites at first", &op->sites_initial);
            print_figure(out, "sites in all", &op->sites_total);
            print_figure(out, "host forces freed", &op->freed_host);
            for (uint32_t i = 0; i < op->ncontingents; i++) {
                const cs_contingent_rec *c = &op->contingents[i];
                char p[32] = "?";
                if (c->personnel.present)
                    cs_value_format(&c->personnel.v, p, sizeof p);
                cs_show_cite(&c->src, src, sizeof src);
                fprintf(out, "    contingent %s: %s personnel", c->state.id, p);
                if (c->has_arrived) {
                    cs_show_time(s, c->arrived, false, t, sizeof t);
                    fprintf(out, ", arrived %s", t);
                }
                if (c->has_left) {
                    cs_show_time(s, c->left, false, t, sizeof t);
                    fprintf(out, ", left %s", t);
                }
                if (c->home_by)
                    fprintf(out, " by %s", c->home_by);
                fprintf(out, " [%s]\n", src);
            }
        }
    }
    return !ferror(out);
}

bool cs_show_scenario(FILE *out, const cs_model *m, const cs_scenario *s)
{
    cs_show_buf b;
    if (!cs_show_begin(&b, out))
        return false;
    show_scenario(b.f, m, s);
    return cs_show_end(&b);
}
