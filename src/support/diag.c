#include "support/diag.h"
#include "support/arena.h"
#include "support/mem.h"

#include <stdarg.h>
#include <string.h>

const char *cs_status_name(cs_status s)
{
    switch (s) {
    case CS_OK: return "ok";
    case CS_MISMATCH: return "mismatch";
    case CS_ERR_USAGE: return "usage";
    case CS_ERR_IO: return "io";
    case CS_ERR_SYNTAX: return "syntax";
    case CS_ERR_SCHEMA: return "schema";
    case CS_ERR_REF: return "reference";
    case CS_ERR_TIMELINE: return "timeline";
    case CS_ERR_EXPR: return "expression";
    case CS_ERR_OUTPUT: return "output";
    case CS_ERR_NOMEM: return "memory";
    case CS_ERR_OPS: return "operation";
    }
    return "unknown";
}

void cs_diags_init(cs_diags *d) { memset(d, 0, sizeof *d); }

void cs_diags_free(cs_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        cs_mem_free(d->v[i].where);
        cs_mem_free(d->v[i].msg);
        cs_mem_free(d->v[i].src);
    }
    cs_mem_free(d->v);
    cs_mem_free(d->lines);
    cs_diags_init(d);
}

bool cs_diags_any(const cs_diags *d) { return d->worst != CS_OK; }

bool cs_diags_full(const cs_diags *d) { return d->n >= CS_DIAG_MAX; }

/* The formatted text in a new allocation, or NULL when out of memory. ap is consumed. */
static char *vfmt(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
static char *vfmt(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return NULL;
    char *s = cs_mem_alloc((size_t)n + 1);
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    char *s = vfmt(f, ap);
    va_end(ap);
    return s;
}

/* The length in bytes of the line break at p (0 if none): LF, CR LF or CR. */
static size_t line_break(const char *p, const char *end)
{
    size_t left = (size_t)(end - p);
    if (left >= 1 && p[0] == '\n')
        return 1;
    if (left >= 1 && p[0] == '\r')
        return left >= 2 && p[1] == '\n' ? 2 : 1;
    return 0;
}

/* The number of lines of text[0, len), and, when v is not NULL, the byte offset where each
 * starts into v[0..]. */
static size_t line_starts(const char *text, size_t len, size_t *v)
{
    const char *p = text, *end = text + len;
    size_t k = 1;
    if (v)
        v[0] = 0;
    while (p < end) {
        size_t b = line_break(p, end);
        p += b ? b : 1;
        if (b) {
            if (v)
                v[k] = (size_t)(p - text);
            k++;
        }
    }
    return k;
}

bool cs_srcfile_index(cs_srcfile *f, cs_arena *a)
{
    size_t n = line_starts(f->text, f->len, NULL);
    size_t *v = cs_arena_array(a, n, sizeof *v);
    if (!v)
        return false;
    f->nlines = line_starts(f->text, f->len, v);
    f->lines = v;
    return true;
}

static const char *scan_to_line(const cs_srcfile *f, uint32_t line);

const char *cs_srcfile_line(const cs_srcfile *f, uint32_t line)
{
    if (!f || !f->text || line == 0)
        return NULL;
    if (f->lines)
        return line <= f->nlines ? f->text + f->lines[line - 1] : NULL;
    return scan_to_line(f, line);
}

cs_loc cs_srcfile_loc(const cs_srcfile *f, size_t offset)
{
    cs_loc l = {f, 1, 1};
    const char *p = f->text, *end = f->text + (offset < f->len ? offset : f->len);
    while (p < end) {
        size_t b = line_break(p, f->text + f->len);
        if (b) {
            l.line++;
            l.col = 1;
            p += b;
        } else {
            if (((unsigned char)*p & 0xC0) != 0x80)
                l.col++;
            p++;
        }
    }
    if (l.col > 1 && offset < f->len && ((unsigned char)f->text[offset] & 0xC0) == 0x80)
        l.col--;   /* inside a character: point at its start */
    return l;
}

enum { SHOWN_BYTES = 400 };   /* longest part of a line a diagnostic quotes */

/* Index the starts of f's lines into d (replacing the last file's index), by the rules of
 * cs_srcfile_loc. False when out of memory (d then has no index). */
static bool index_lines(cs_diags *d, const cs_srcfile *f)
{
    if (d->lines_of == f && d->lines_text == f->text && d->lines_len == f->len && d->lines)
        return true;
    cs_mem_free(d->lines);
    d->lines = NULL;
    d->lines_of = NULL;
    d->lines_text = NULL;
    d->lines_len = 0;
    d->nlines = 0;
    size_t n = line_starts(f->text, f->len, NULL), cap = 0;
    size_t *v = cs_mem_grow(NULL, &cap, n, sizeof *v);
    if (!v)
        return false;
    d->lines = v;
    d->nlines = line_starts(f->text, f->len, v);
    d->lines_of = f;
    d->lines_text = f->text;
    d->lines_len = f->len;
    return true;
}

/* The start of line `line` (1-based) of f, by a scan from the file's start; NULL if out
 * of range. Used when the index could not be built. */
static const char *scan_to_line(const cs_srcfile *f, uint32_t line)
{
    const char *p = f->text, *end = f->text + f->len;
    for (uint32_t l = 1; l < line; l++) {
        size_t b = 0;
        while (p < end && !(b = line_break(p, end)))
            p++;
        if (p >= end)
            return NULL;
        p += b;
    }
    return p;
}

/* Copy line `line` (1-based) of the file, without its line break, at most SHOWN_BYTES;
 * NULL if out of range. Sets *cut when the line was longer. */
static char *copy_line(cs_diags *d, const cs_srcfile *f, uint32_t line, bool *cut)
{
    *cut = false;
    if (!f || !f->text || line == 0)
        return NULL;
    const char *p, *end = f->text + f->len;
    if (index_lines(d, f)) {
        if (line > d->nlines || d->lines[line - 1] > f->len)
            return NULL;
        p = f->text + d->lines[line - 1];
    } else if (!(p = scan_to_line(f, line)))
        return NULL;
    /* Only the shown part and one byte more are looked at: a line of a megabyte costs no
     * more to quote than a short one. */
    const char *e = p, *stop = (size_t)(end - p) > SHOWN_BYTES ? p + SHOWN_BYTES + 1 : end;
    while (e < stop && !line_break(e, end))
        e++;
    size_t n = (size_t)(e - p);
    if (n > SHOWN_BYTES) {   /* keep pathological lines readable */
        n = SHOWN_BYTES;
        while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80)
            n--;   /* not in the middle of a character */
        *cut = true;
    }
    char *s = cs_mem_alloc(n + 1);
    if (s) {
        memcpy(s, p, n);
        s[n] = '\0';
    }
    return s;
}

/* Out of memory dominates: what follows it may be its consequence (a missing object, then
 * a dangling reference), so the run's status is CS_ERR_NOMEM. */
static void note_class(cs_diags *d, cs_status cls)
{
    if (d->worst == CS_ERR_NOMEM)
        return;
    if (cls == CS_ERR_NOMEM || d->worst == CS_OK || cls < d->worst)
        d->worst = cls;
}

static cs_status push(cs_diags *d, cs_status cls, char *where, char *msg, char *src,
                      uint32_t col)
{
    note_class(d, cls);
    cs_diag *v = NULL;
    if (msg && d->n < CS_DIAG_MAX)
        v = cs_mem_grow(d->v, &d->cap, d->n + 1, sizeof *d->v);
    if (!v) {
        d->dropped++;
        cs_mem_free(where);
        cs_mem_free(msg);
        cs_mem_free(src);
        return cls;
    }
    d->v = v;
    d->v[d->n++] = (cs_diag){cls, where, msg, src, col};
    return cls;
}

cs_status cs_diag_at(cs_diags *d, cs_status cls, const cs_loc *loc, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    cs_status st = cs_diag_vat(d, cls, loc, f, ap);
    va_end(ap);
    return st;
}

cs_status cs_diag_vat(cs_diags *d, cs_status cls, const cs_loc *loc, const char *f,
                      va_list ap)
{
    if (cs_diags_full(d))   /* counted only: no work for an error that is not shown */
        return push(d, cls, NULL, NULL, NULL, 0);
    char *msg = vfmt(f, ap);
    char *where = NULL, *src = NULL;
    uint32_t col = 0;
    if (loc && loc->file) {
        where = loc->line ? fmt("%s:%u:%u", loc->file->name, (unsigned)loc->line,
                                (unsigned)loc->col)
                          : fmt("%s", loc->file->name);
        bool cut;
        src = copy_line(d, loc->file, loc->line, &cut);
        col = src ? loc->col : 0;
        /* No caret past the part of a long line that is shown. */
        uint32_t shown = 0;
        for (const unsigned char *c = (const unsigned char *)src; src && *c; c++)
            shown += (*c & 0xC0) != 0x80;
        if (cut && col > shown)
            col = 0;
    }
    return push(d, cls, where, msg, src, col);
}

cs_status cs_diag_file(cs_diags *d, cs_status cls, const char *file, const char *f, ...)
{
    if (cs_diags_full(d))
        return push(d, cls, NULL, NULL, NULL, 0);
    va_list ap;
    va_start(ap, f);
    char *msg = vfmt(f, ap);
    va_end(ap);
    return push(d, cls, file ? fmt("%s", file) : NULL, msg, NULL, 0);
}

/* Print the caret under character column col (1-based) of line, keeping tabs so that it
 * lines up, and counting a UTF-8 sequence as one column. */
/* The control character at p, as a code point (C0 but tab, DEL, C1 in UTF-8), or -1; *n is
 * its length in bytes. Data files may hold them, and a diagnostic quotes data: written raw,
 * an escape sequence would retitle, clear or reprogram the user's terminal. */
static int control_at(const unsigned char *p, size_t *n)
{
    *n = 1;
    if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
        return *p;
    if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
        *n = 2;
        return p[1];
    }
    return -1;
}

/* Write s with each control character as \xHH (as the text reports do). */
static void put_escaped(FILE *out, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t n;
        int c = control_at(p, &n);
        if (c >= 0)
            fprintf(out, "\\x%02x", (unsigned)c);
        else
            fputc(*p, out);
        p += n;
    }
}

static void print_caret(FILE *out, const char *line, uint32_t col)
{
    fputs("  ", out);
    uint32_t c = 1;
    for (const unsigned char *p = (const unsigned char *)line; *p && c < col;) {
        size_t n;
        if (control_at(p, &n) >= 0) {
            fputs("    ", out);   /* under its \xHH */
            p += n;
            c++;
            continue;
        }
        if ((*p & 0xC0) != 0x80) {
            fputc(*p == '\t' ? '\t' : ' ', out);
            c++;
        }
        p++;
    }
    fputs("^\n", out);
}

void cs_diags_print(const cs_diags *d, FILE *out)
{
    for (size_t i = 0; i < d->n; i++) {
        const cs_diag *g = &d->v[i];
        if (g->where) {
            put_escaped(out, g->where);
            fputs(": ", out);
        }
        fputs("error: ", out);
        put_escaped(out, g->msg);
        fputc('\n', out);
        if (g->src) {
            fputs("  ", out);
            put_escaped(out, g->src);
            fputc('\n', out);
            if (g->col)
                print_caret(out, g->src, g->col);
        }
    }
    if (d->dropped)
        fprintf(out, "casus: %zu more error%s not shown\n", d->dropped,
                d->dropped == 1 ? "" : "s");
}

/* Levenshtein distance, bounded to short words (ids and keys). */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 99;
    size_t row[64];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cur = row[j];
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = prev + cost;
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            prev = cur;
        }
    }
    return row[lb];
}

const char *cs_suggest(const char *word, const char *const *cands, size_t n)
{
    const char *best = NULL;
    size_t bestd = 99, len = strlen(word);
    for (size_t i = 0; i < n; i++) {
        if (!cands[i])
            continue;
        size_t dist = edit_distance(word, cands[i]);
        if (dist < bestd) {
            bestd = dist;
            best = cands[i];
        }
    }
    /* Close enough: a third of the word, at least one edit, at most three. */
    size_t limit = len / 3;
    if (limit < 1)
        limit = 1;
    if (limit > 3)
        limit = 3;
    return bestd <= limit ? best : NULL;
}
