/* loc.c - the place in the YAML file of a character of an expression.
 *
 * An expression's text is a YAML scalar's value, which is not always the characters of the
 * file: quotes surround it, '' and backslash escapes shorten it, line breaks fold into
 * spaces, block scalars lose their indentation. When the file's text is at hand we walk
 * the scalar in the file alongside the value, undoing each of these, and so find the exact
 * line and column even in a scalar that spans lines. When the walk cannot follow (no file
 * text, or a scalar written in a way it does not know) we fall back to the rules:
 *   plain          line of the scalar, column of the scalar + offset
 *   quoted         the same, + 1 for the quote
 *   block (| >)    line of the scalar + 1 + the line within the text; column = that line's
 *                  indentation in the file + the offset within the line + 1
 * Columns count characters (a UTF-8 sequence is one column), as cs_loc does.
 */
#include "expr/expr_internal.h"

#include <string.h>

static bool is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }

/* Characters (not bytes) in s[0..n). */
static uint32_t chars(const char *s, size_t n)
{
    uint32_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (!is_cont((unsigned char)s[i]))
            c++;
    return c;
}

typedef struct walker {
    const char *p;      /* in the file's text */
    const char *ls;     /* start of p's line */
    const char *end;    /* end of the file's text */
    uint32_t line;
} walker;

/* Step over a line break at w->p (\n, \r\n or \r); false if there is none. */
static bool walk_break(walker *w)
{
    const char *q = w->p;
    if (q < w->end && *q == '\r')
        q++;
    if (q < w->end && *q == '\n')
        q++;
    if (q == w->p)
        return false;
    w->p = w->ls = q;
    w->line++;
    return true;
}

static void skip_blanks(walker *w)
{
    while (w->p < w->end && (*w->p == ' ' || *w->p == '\t'))
        w->p++;
}

static unsigned hexval(char c)
{
    if (c >= '0' && c <= '9')
        return (unsigned)(c - '0');
    if (c >= 'a' && c <= 'f')
        return (unsigned)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F')
        return (unsigned)(c - 'A' + 10);
    return 16;
}

/* A double-quoted escape at s (its backslash): its length in the file and the bytes it
 * stands for in the value; false if it is not one YAML knows. */
static bool escape(const char *s, const char *end, size_t *srclen, size_t *bytes)
{
    if (end - s < 2)
        return false;
    size_t hex = 0;
    switch (s[1]) {
    case '0': case 'a': case 'b': case 't': case '\t': case 'n': case 'v': case 'f':
    case 'r': case 'e': case ' ': case '"': case '/': case '\\':
        *srclen = 2, *bytes = 1;
        return true;
    case 'N': case '_': *srclen = 2, *bytes = 2; return true;
    case 'L': case 'P': *srclen = 2, *bytes = 3; return true;
    case 'x': hex = 2; break;
    case 'u': hex = 4; break;
    case 'U': hex = 8; break;
    default: return false;
    }
    if ((size_t)(end - s) < 2 + hex)
        return false;
    unsigned long cp = 0;
    for (size_t k = 0; k < hex; k++) {
        unsigned v = hexval(s[2 + k]);
        if (v > 15)
            return false;
        cp = cp * 16 + v;
    }
    *srclen = 2 + hex;
    *bytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    return true;
}

/* Walk a plain or quoted scalar from its first character of value to `off` bytes into the
 * value. Line breaks in the file fold: one break is a space in the value, n+1 breaks are n
 * newlines; whitespace around a break is dropped. */
static bool walk_flow(walker *w, cs_exstyle style, const char *text, size_t off)
{
    size_t i = 0;
    while (i < off) {
        if (w->p >= w->end)
            return false;
        char s = *w->p, c = text[i];
        if (style == CS_EX_SINGLE && s == '\'') {
            if (w->p + 1 < w->end && w->p[1] == '\'' && c == '\'') {
                w->p += 2;
                i++;
                continue;
            }
            return false;   /* the closing quote, before the offset */
        }
        if (style == CS_EX_DOUBLE && s == '"')
            return false;
        if (style == CS_EX_DOUBLE && s == '\\') {
            if (w->p + 1 < w->end && (w->p[1] == '\n' || w->p[1] == '\r')) {
                w->p++;   /* an escaped line break: nothing in the value */
                walk_break(w);
                skip_blanks(w);
                continue;
            }
            size_t srclen, bytes;
            if (!escape(w->p, w->end, &srclen, &bytes))
                return false;
            w->p += srclen;
            i += bytes;
            continue;
        }
        if (s == '\n' || s == '\r') {
            walk_break(w);
            skip_blanks(w);
            if (c == ' ' || c == '\n')
                i++;   /* the fold; a further break of the same fold is a '\n' or nothing */
            continue;
        }
        if ((s == ' ' || s == '\t') && c != s) {
            w->p++;    /* trailing whitespace of a folded line */
            continue;
        }
        if (s != c)
            return false;
        w->p++;
        i++;
    }
    return true;
}

/* Walk a block scalar: w->p is at its indicator ('|' or '>'). */
static bool walk_block(walker *w, const char *text, size_t off)
{
    while (w->p < w->end && *w->p != '\n' && *w->p != '\r')
        w->p++;   /* the rest of the header: chomping, indentation indicator, comment */
    if (!walk_break(w))
        return false;
    /* The block's indentation is that of its first line that is not blank. */
    size_t indent = 0;
    for (const char *q = w->p; q < w->end;) {
        size_t n = 0;
        while (q + n < w->end && q[n] == ' ')
            n++;
        if (q + n < w->end && q[n] != '\n' && q[n] != '\r') {
            indent = n;
            break;
        }
        const char *nl = memchr(q, '\n', (size_t)(w->end - q));
        if (!nl)
            break;
        q = nl + 1;
    }
    if (indent == 0)
        return false;
    size_t i = 0;
    for (size_t k = 0; k < indent && w->p < w->end && *w->p == ' '; k++)
        w->p++;
    while (i < off) {
        if (w->p >= w->end)
            return false;
        char s = *w->p, c = text[i];
        if (s == '\n' || s == '\r') {
            walk_break(w);
            for (size_t k = 0; k < indent && w->p < w->end && *w->p == ' '; k++)
                w->p++;
            if (c == '\n' || c == ' ')
                i++;   /* literal: every break; folded: a space, or a kept break */
            continue;
        }
        if (s != c)
            return false;
        w->p++;
        i++;
    }
    return true;
}

/* The rules, for when the file cannot be walked. */
static cs_loc by_rule(const cs_exprsrc *src, const char *text, size_t off)
{
    cs_loc l = src->loc;
    switch (src->style) {
    case CS_EX_PLAIN: l.col += chars(text, off); break;
    case CS_EX_SINGLE:
    case CS_EX_DOUBLE: l.col += 1 + chars(text, off); break;
    case CS_EX_LITERAL:
    case CS_EX_FOLDED: {
        uint32_t lines = 0;
        size_t bol = 0;
        for (size_t i = 0; i < off; i++)
            if (text[i] == '\n') {
                lines++;
                bol = i + 1;
            }
        l.line += 1 + lines;
        uint32_t indent = 0;
        const char *ls = cs_srcfile_line(src->loc.file, l.line);
        while (ls && ls[indent] == ' ')
            indent++;
        l.col = indent + chars(text + bol, off - bol) + 1;
        break;
    }
    }
    return l;
}

cs_loc cs_expr_loc(const cs_exprsrc *src, size_t offset)
{
    const char *text = src->text ? src->text : "";
    size_t len = strlen(text);
    if (offset > len)
        offset = len;
    const cs_srcfile *f = src->loc.file;
    const char *ls = cs_srcfile_line(f, src->loc.line);
    if (!ls || src->loc.col == 0)
        return by_rule(src, text, offset);
    walker w = {.p = ls, .ls = ls, .end = f->text + f->len, .line = src->loc.line};
    /* To the scalar's first character: col - 1 characters into its line. */
    for (uint32_t c = 1; c < src->loc.col; c++) {
        if (w.p >= w.end || *w.p == '\n' || *w.p == '\r')
            return by_rule(src, text, offset);
        w.p++;
        while (w.p < w.end && is_cont((unsigned char)*w.p))
            w.p++;
    }
    bool ok;
    switch (src->style) {
    case CS_EX_SINGLE:
    case CS_EX_DOUBLE:
        if (w.p >= w.end || *w.p != (src->style == CS_EX_SINGLE ? '\'' : '"'))
            return by_rule(src, text, offset);
        w.p++;
        ok = walk_flow(&w, src->style, text, offset);
        break;
    case CS_EX_LITERAL:
    case CS_EX_FOLDED:
        if (w.p >= w.end || (*w.p != '|' && *w.p != '>'))
            return by_rule(src, text, offset);
        ok = walk_block(&w, text, offset);
        break;
    default:
        ok = walk_flow(&w, CS_EX_PLAIN, text, offset);
        break;
    }
    if (!ok)
        return by_rule(src, text, offset);
    return (cs_loc){f, w.line, 1 + chars(w.ls, (size_t)(w.p - w.ls))};
}
