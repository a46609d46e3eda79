/* trace.c - print a trace as an indented tree.
 *
 *   aggression and request.formal = true
 *     aggression = true  (definition)
 *       crisis.border_violation or crisis.external_seizure = true
 *         crisis.border_violation = true  [evidenced: seed-001, kz22-4]
 *         crisis.external_seizure  (not evaluated)
 *     request.formal = true  [CLAIMED by KAZ: seed-001]
 *
 * One record a line, 2 spaces a level below `indent`. A sub-expression is printed as
 * written, with each run of whitespace (a block scalar's line breaks) as one space.
 */
#include "expr/expr_internal.h"

#include <stdio.h>

enum { TRACE_MAX_LEVELS = 4096 };   /* deeper than evaluation can nest */

static void print_text(FILE *out, const char *s, uint32_t n)
{
    bool space = false;
    for (uint32_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = true;
            continue;
        }
        if (space)
            fputc(' ', out);
        space = false;
        fputc(c, out);
    }
}

static void print_sources(FILE *out, const cs_cite *src, const char *lead)
{
    if (!src)
        return;
    const char *sep = lead;
    for (uint32_t i = 0; i < src->n; i++) {
        if (!src->v[i].id)
            continue;
        fprintf(out, "%s%s", sep, src->v[i].id);
        sep = ", ";
    }
}

/* The parties that deny a stated fact, if any. */
static void print_deniers(FILE *out, const cs_slot *s)
{
    if (!s->fact)
        return;
    for (uint32_t i = 0; i < s->fact->ndeniers; i++)
        fprintf(out, "%s%s", i ? ", " : "; DENIED by ", s->fact->deniers[i].id);
}

/* Where a slot's value came from. */
static void print_origin(FILE *out, const cs_slot *s)
{
    if (s->overridden)
        fputs("  [set on the command line]", out);
    else if (!s->stated && s->fact && s->fact->has_known_from) {
        /* Stated, but only as known from a date after the moment. */
        char d[40];
        cs_date_format(s->fact->known_from, d, sizeof d);
        fprintf(out, "  [default: not known until %s", d);
        print_sources(out, &s->fact->src, "; ");
        fputc(']', out);
    } else if (!s->stated)
        fputs("  [default]", out);
    else if (s->claimed) {
        fputs("  [CLAIMED", out);
        if (s->fact && s->fact->nclaimants)
            for (uint32_t i = 0; i < s->fact->nclaimants; i++)
                fprintf(out, "%s%s", i ? ", " : " by ", s->fact->claimants[i].id);
        else if (s->by)
            fprintf(out, " by %s", s->by);
        print_sources(out, s->src, ": ");
        print_deniers(out, s);
        fputc(']', out);
    } else {
        fputs("  [evidenced", out);
        print_sources(out, s->src, ": ");
        print_deniers(out, s);
        fputc(']', out);
    }
}

static void print_rec(FILE *out, const cs_trace_rec *r, int pad)
{
    char val[256];
    cs_value_format(&r->v, val, sizeof val);
    fprintf(out, "%*s", pad, "");
    switch (r->kind) {
    case CS_TR_SKIPPED:
        print_text(out, r->text, r->len);
        fputs("  (not evaluated)", out);
        break;
    case CS_TR_DEF:
        if (r->def)
            fputs(r->def, out);
        else
            print_text(out, r->text, r->len);
        fprintf(out, " = %s  (definition)", val);
        break;
    default:
        print_text(out, r->text, r->len);
        fprintf(out, " = %s", val);
        if (r->kind == CS_TR_SLOT && r->slot)
            print_origin(out, r->slot);
        break;
    }
    fputc('\n', out);
}

void cs_trace_print(FILE *out, const cs_trace *t, int indent)
{
    uint32_t left[TRACE_MAX_LEVELS];   /* children still to print, by level */
    int depth = 0;
    if (indent < 0)
        indent = 0;
    for (uint32_t i = 0; i < t->n; i++) {
        const cs_trace_rec *r = &t->v[i];
        print_rec(out, r, indent + 2 * depth);
        if (r->nkids > 0 && depth < TRACE_MAX_LEVELS) {
            left[depth++] = r->nkids;
            continue;
        }
        /* A subtree ended: close the levels it completes. */
        while (depth > 0 && --left[depth - 1] == 0)
            depth--;
    }
    if (t->truncated)
        fprintf(out, "%*s(the trace is cut short: its buffer is full)\n", indent, "");
}
