/* lex.c - the tokens of the expression language.
 *
 * Names are [A-Za-z_][A-Za-z0-9_]* joined by '.' into one path token; a path of one name
 * may be a keyword. Numbers follow the strict rules of support/num.h; a token of exactly
 * the form YYYY-MM-DD is a date; strings are in single quotes, with '' for a quote.
 */
#include "expr/expr_internal.h"
#include "support/num.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_name_start(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
static bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }
static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

void cs_expr_perror(cs_parser *p, uint32_t off, const char *fmt, ...)
{
    if (p->failed)   /* one error per expression: what follows the first is noise */
        return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cs_loc loc = cs_expr_loc(p->src, off);
    cs_diag_at(p->d, CS_ERR_EXPR, &loc, "%s", msg);
    p->failed = true;
}

void cs_expr_nomem(cs_parser *p)
{
    if (!p->failed) {
        cs_loc loc = cs_expr_loc(p->src, 0);
        cs_diag_at(p->d, CS_ERR_NOMEM, &loc, "out of memory");
    }
    p->failed = true;
}

static const struct {
    const char *word;
    cs_tok kind;
} keywords[] = {
    {"and", TK_AND}, {"or", TK_OR}, {"not", TK_NOT}, {"if", TK_IF}, {"then", TK_THEN},
    {"else", TK_ELSE}, {"in", TK_IN}, {"true", TK_TRUE}, {"false", TK_FALSE},
};

/* Fail: report at off, leave an end-of-text token so that the parser unwinds. */
static void lex_fail(cs_parser *p, uint32_t off)
{
    p->tok.kind = TK_EOF;
    p->tok.off = off;
    p->tok.len = 0;
}

/* True if the text at i is exactly DDDD-DD-DD. */
static bool looks_like_date(const char *s)
{
    static const char shape[] = "dddd-dd-dd";
    for (size_t k = 0; k < sizeof shape - 1; k++) {
        if (shape[k] == 'd' ? !is_digit(s[k]) : s[k] != '-')
            return false;
    }
    return true;
}

static void lex_date(cs_parser *p, uint32_t i)
{
    const char *s = p->text + i;
    if (is_name_char(s[10]) || s[10] == '.') {
        cs_expr_perror(p, i + 10, "unexpected characters after the date '%.10s'", s);
        lex_fail(p, i);
        return;
    }
    char buf[11];
    memcpy(buf, s, 10);
    buf[10] = '\0';
    const char *err;
    size_t at;
    cs_time t;
    if (!cs_date_parse(buf, CS_PREC_DAY, &t, &err, &at)) {
        cs_expr_perror(p, i + (uint32_t)at, "%s: '%s'", err, buf);
        lex_fail(p, i);
        return;
    }
    p->tok = (cs_token){.kind = TK_DATE, .off = i, .len = 10, .t = t};
    p->pos = i + 10;
}

/* A number: the whole run of name characters and dots is checked, so that `12abc` is one
 * bad number (pointing at the 'a'), not a number followed by a name. */
static void lex_number(cs_parser *p, uint32_t i)
{
    uint32_t e = i;
    while (e < p->len && (is_name_char(p->text[e]) || p->text[e] == '.'))
        e++;
    char small[64];
    char *buf = small;
    size_t n = e - i;
    if (n >= sizeof small) {
        buf = cs_arena_strndup(p->a, p->text + i, n);
        if (!buf) {
            cs_expr_nomem(p);
            lex_fail(p, i);
            return;
        }
    } else {
        memcpy(small, p->text + i, n);
        small[n] = '\0';
    }
    const char *err;
    size_t at;
    double x;
    if (!cs_num_real(buf, &x, &err, &at)) {
        cs_expr_perror(p, i + (uint32_t)at, "%s", err);
        lex_fail(p, i);
        return;
    }
    p->tok = (cs_token){.kind = TK_NUM, .off = i, .len = e - i, .num = x};
    p->pos = e;
}

static void lex_string(cs_parser *p, uint32_t i)
{
    /* Find the end and the length once unquoted, then copy. */
    uint32_t k = i + 1;
    size_t n = 0;
    for (;;) {
        if (k >= p->len) {
            cs_expr_perror(p, i, "unterminated string (a string ends with ')");
            lex_fail(p, i);
            return;
        }
        if (p->text[k] == '\'') {
            if (k + 1 < p->len && p->text[k + 1] == '\'') {
                k += 2;
                n++;
                continue;
            }
            break;
        }
        k++;
        n++;
    }
    char *s = cs_arena_alloc(p->a, n + 1);
    if (!s) {
        cs_expr_nomem(p);
        lex_fail(p, i);
        return;
    }
    size_t o = 0;
    for (uint32_t j = i + 1; j < k; j++) {
        s[o++] = p->text[j];
        if (p->text[j] == '\'')
            j++;   /* the second quote of '' */
    }
    s[o] = '\0';
    p->tok = (cs_token){.kind = TK_STR, .off = i, .len = k + 1 - i, .str = s};
    p->pos = k + 1;
}

static void lex_name(cs_parser *p, uint32_t i)
{
    uint32_t e = i;
    for (;;) {
        while (e < p->len && is_name_char(p->text[e]))
            e++;
        if (e < p->len && p->text[e] == '.') {
            if (e + 1 < p->len && is_name_start(p->text[e + 1])) {
                e++;
                continue;
            }
            cs_expr_perror(p, e + 1, "expected a name after '.' in '%.*s.'", (int)(e - i),
                           p->text + i);
            lex_fail(p, i);
            return;
        }
        break;
    }
    uint32_t n = e - i;
    p->pos = e;
    for (size_t k = 0; k < sizeof keywords / sizeof keywords[0]; k++)
        if (strlen(keywords[k].word) == n && memcmp(keywords[k].word, p->text + i, n) == 0) {
            p->tok = (cs_token){.kind = keywords[k].kind, .off = i, .len = n};
            return;
        }
    char *s = cs_arena_strndup(p->a, p->text + i, n);
    if (!s) {
        cs_expr_nomem(p);
        lex_fail(p, i);
        return;
    }
    p->tok = (cs_token){.kind = TK_NAME, .off = i, .len = n, .str = s};
}

static void lex_bad_char(cs_parser *p, uint32_t i)
{
    unsigned char c = (unsigned char)p->text[i];
    switch (c) {
    case '=': cs_expr_perror(p, i, "unexpected '=' (write '==' to compare)"); break;
    case '!': cs_expr_perror(p, i, "unexpected '!' (write 'not', or '!=' to compare)"); break;
    case '&': cs_expr_perror(p, i, "unexpected '&' (write 'and')"); break;
    case '|': cs_expr_perror(p, i, "unexpected '|' (write 'or')"); break;
    case '"':
        cs_expr_perror(p, i, "unexpected '\"' (strings are written in single quotes: 'text')");
        break;
    default:
        if (c >= 0x80)
            cs_expr_perror(p, i, "unexpected non-ASCII character (allowed only in strings)");
        else if (c < 0x20 || c == 0x7f)
            cs_expr_perror(p, i, "unexpected control character (code %u)", (unsigned)c);
        else
            cs_expr_perror(p, i, "unexpected character '%c'", c);
    }
    lex_fail(p, i);
}

void cs_expr_lex_next(cs_parser *p)
{
    if (p->failed) {
        lex_fail(p, p->pos);
        return;
    }
    uint32_t i = p->pos;
    while (i < p->len && is_space(p->text[i]))
        i++;
    p->pos = i;
    if (i >= p->len) {
        p->tok = (cs_token){.kind = TK_EOF, .off = p->len, .len = 0};
        return;
    }
    const char *s = p->text + i;
    char c = s[0];
    if (is_digit(c)) {
        if (p->len - i >= 10 && looks_like_date(s))
            lex_date(p, i);
        else
            lex_number(p, i);
        return;
    }
    if (c == '\'') {
        lex_string(p, i);
        return;
    }
    if (is_name_start(c)) {
        lex_name(p, i);
        return;
    }
    cs_tok k;
    uint32_t n = 1;
    switch (c) {
    case '=':
        if (s[1] != '=') {
            lex_bad_char(p, i);
            return;
        }
        k = TK_EQ, n = 2;
        break;
    case '!':
        if (s[1] != '=') {
            lex_bad_char(p, i);
            return;
        }
        k = TK_NE, n = 2;
        break;
    case '<':
        k = s[1] == '=' ? TK_LE : TK_LT;
        n = s[1] == '=' ? 2 : 1;
        break;
    case '>':
        k = s[1] == '=' ? TK_GE : TK_GT;
        n = s[1] == '=' ? 2 : 1;
        break;
    case '+': k = TK_PLUS; break;
    case '-': k = TK_MINUS; break;
    case '*': k = TK_STAR; break;
    case '/': k = TK_SLASH; break;
    case '(': k = TK_LPAREN; break;
    case ')': k = TK_RPAREN; break;
    case '[': k = TK_LBRACK; break;
    case ']': k = TK_RBRACK; break;
    case ',': k = TK_COMMA; break;
    default:
        lex_bad_char(p, i);
        return;
    }
    p->tok = (cs_token){.kind = k, .off = i, .len = n};
    p->pos = i + n;
}

void cs_expr_tok_describe(const cs_parser *p, const cs_token *t, char *buf, size_t n)
{
    int len = (int)(t->len > 40 ? 40 : t->len);
    const char *s = p->text + t->off;
    switch (t->kind) {
    case TK_EOF: snprintf(buf, n, "the end of the expression"); break;
    case TK_NUM: snprintf(buf, n, "the number %.*s", len, s); break;
    case TK_DATE: snprintf(buf, n, "the date %.*s", len, s); break;
    case TK_STR: snprintf(buf, n, "the string %.*s%s", len, s, t->len > 40 ? "..." : ""); break;
    default: snprintf(buf, n, "'%.*s'", len, s); break;
    }
}
