#include "load/yread.h"
#include "support/date.h"
#include "support/mem.h"
#include "support/num.h"

#include <stdarg.h>
#include <string.h>

static cs_loc loc_at(const cs_yread *r, yaml_mark_t m)
{
    if (r->linemap && m.line < r->nlinemap) {
        uint32_t line = r->linemap[2 * m.line], col0 = r->linemap[2 * m.line + 1];
        return (cs_loc){r->file, line, col0 + (uint32_t)m.column};
    }
    return (cs_loc){r->file, (uint32_t)m.line + 1, (uint32_t)m.column + 1};
}

/* Build r->linemap when the file holds a line break libyaml counts and editors do not. */
static bool build_linemap(cs_yread *r)
{
    const unsigned char *t = (const unsigned char *)r->file->text;
    size_t n = r->file->len, lines = 1;
    bool odd = false;
    for (size_t i = 0; i + 1 < n; i++)
        if ((t[i] == 0xC2 && t[i + 1] == 0x85) ||
            (i + 2 < n && t[i] == 0xE2 && t[i + 1] == 0x80 && (t[i + 2] == 0xA8 || t[i + 2] == 0xA9)))
            odd = true;
    if (!odd)
        return true;
    for (size_t i = 0; i < n; i++)
        lines += t[i] == '\n' || t[i] == '\r' || t[i] == 0x85 || t[i] == 0xA8 || t[i] == 0xA9;
    r->linemap = cs_arena_array(r->arena, 2 * lines + 2, sizeof *r->linemap);
    if (!r->linemap)
        return false;
    uint32_t eline = 1, ecol = 1;
    size_t k = 0;
    r->linemap[k++] = eline;
    r->linemap[k++] = ecol;
    for (size_t i = 0; i < n;) {
        size_t brk = 0;
        bool editor = false;
        if (t[i] == '\n')
            brk = 1, editor = true;
        else if (t[i] == '\r')
            brk = i + 1 < n && t[i + 1] == '\n' ? 2 : 1, editor = true;
        else if (i + 1 < n && t[i] == 0xC2 && t[i + 1] == 0x85)
            brk = 2;
        else if (i + 2 < n && t[i] == 0xE2 && t[i + 1] == 0x80 && (t[i + 2] == 0xA8 || t[i + 2] == 0xA9))
            brk = 3;
        if (!brk) {
            ecol += (t[i] & 0xC0) != 0x80;
            i++;
            continue;
        }
        i += brk;
        if (editor) {
            eline++;
            ecol = 1;
        } else
            ecol++;   /* the separator is a character of the editor's line */
        if (k + 2 <= 2 * lines + 2) {
            r->linemap[k++] = eline;
            r->linemap[k++] = ecol;
        }
    }
    r->nlinemap = k / 2;
    return true;
}

cs_loc cs_yread_loc(const cs_yread *r, const cs_ynode *n)
{
    return loc_at(r, n->start_mark);
}

/* The place of character `off` of a single-line scalar's value. */
static cs_loc scalar_loc(const cs_yread *r, const cs_ynode *n, size_t off)
{
    cs_loc l = cs_yread_loc(r, n);
    bool quoted = n->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
                  n->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
    if (n->start_mark.line == n->end_mark.line)
        l.col += (uint32_t)off + (quoted ? 1 : 0);
    return l;
}

static void verror(cs_yread *r, cs_status cls, cs_loc l, const char *fmt, va_list ap)
{
    char buf[512];
    vsnprintf(buf, sizeof buf, fmt, ap);
    cs_diag_at(r->diags, cls, &l, "%s", buf);
}

void cs_yread_error(cs_yread *r, const cs_ynode *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verror(r, CS_ERR_SCHEMA, cs_yread_loc(r, n), fmt, ap);
    va_end(ap);
}

static void error_at(cs_yread *r, cs_loc l, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void error_at(cs_yread *r, cs_loc l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verror(r, CS_ERR_SCHEMA, l, fmt, ap);
    va_end(ap);
}

const char *cs_ynode_kind(const cs_ynode *n)
{
    switch (n->type) {
    case YAML_SCALAR_NODE: return "a scalar";
    case YAML_SEQUENCE_NODE: return "a list";
    case YAML_MAPPING_NODE: return "a mapping";
    default: return "nothing";
    }
}

/* ---- opening a document ---------------------------------------------------------- */

/* Report a libyaml error where a user would look for it: a reader error (bad UTF-8) at its
 * byte offset; an error at the end of the file, or on an empty line, where the construct
 * left open began (the quote, the bracket); a tab that indents, in words. */
static void syntax_error(cs_yread *r, yaml_parser_t *p)
{
    cs_loc l = loc_at(r, p->problem_mark);
    if (p->error == YAML_MEMORY_ERROR) {
        cs_diag_at(r->diags, CS_ERR_NOMEM, &l, "out of memory while reading YAML");
        return;
    }
    const char *problem = p->problem ? p->problem : "malformed YAML";
    if (p->error == YAML_READER_ERROR) {
        /* libyaml gives the offset of the bad byte; point at the character it breaks. */
        size_t off = p->problem_offset;
        const unsigned char *t = (const unsigned char *)r->file->text;
        for (int back = 0; back < 3 && off > 0 && off < r->file->len &&
                           (t[off] & 0xC0) != 0xC0 && (t[off - 1] & 0x80); back++)
            off--;
        l = cs_srcfile_loc(r->file, off);
        cs_diag_at(r->diags, CS_ERR_SYNTAX, &l, "YAML syntax: %s", problem);
        return;
    }
    /* libyaml's mark.index counts characters: find the byte. */
    size_t at = 0;
    for (size_t chars = 0; at < r->file->len && chars < p->problem_mark.index; at++)
        if (((unsigned char)r->file->text[at + 1] & 0xC0) != 0x80)
            chars++;
    bool at_end = at >= r->file->len, empty_line = false;
    if (!at_end) {
        const char *s = r->file->text + at;
        empty_line = p->problem_mark.column == 0 && (*s == '\n' || *s == '\r');
        if (*s == '\t' && strstr(problem, "cannot start any token")) {
            cs_diag_at(r->diags, CS_ERR_SYNTAX, &l, "YAML syntax: a tab character cannot "
                       "indent YAML (indent with spaces)");
            return;
        }
    }
    if (p->context && (at_end || empty_line))
        l = loc_at(r, p->context_mark);
    if (p->context)
        cs_diag_at(r->diags, CS_ERR_SYNTAX, &l, "YAML syntax: %s %s", problem, p->context);
    else
        cs_diag_at(r->diags, CS_ERR_SYNTAX, &l, "YAML syntax: %s", problem);
}

/* The document must be a tree of at most CS_YAML_MAX_DEPTH levels: no node referenced
 * twice (aliases), the root not referenced at all (recursive aliases). libyaml appends a
 * parent before its children, so one pass in index order computes depths. */
static bool check_tree(cs_yread *r)
{
    yaml_document_t *doc = &r->doc;
    size_t n = (size_t)(doc->nodes.top - doc->nodes.start);
    if (n > CS_YAML_MAX_NODES) {
        cs_loc l = {r->file, 0, 0};
        cs_diag_at(r->diags, CS_ERR_SCHEMA, &l, "too many YAML nodes (more than %d)",
                   CS_YAML_MAX_NODES);
        return false;
    }
    unsigned char *refs = cs_mem_calloc(n + 1, 1);
    unsigned char *depth = cs_mem_calloc(n + 1, 1);
    if (!refs || !depth) {
        cs_mem_free(refs);
        cs_mem_free(depth);
        cs_diag_file(r->diags, CS_ERR_NOMEM, r->file->name, "out of memory");
        return false;
    }
    bool ok = true;
    depth[1] = 1;
    for (size_t i = 1; i <= n && ok; i++) {
        yaml_node_t *node = yaml_document_get_node(doc, (int)i);
        int kids[2];
        size_t nk = 0;
        yaml_node_item_t *it = NULL, *end = NULL;
        yaml_node_pair_t *pr = NULL, *pend = NULL;
        if (node->type == YAML_SEQUENCE_NODE) {
            it = node->data.sequence.items.start;
            end = node->data.sequence.items.top;
        } else if (node->type == YAML_MAPPING_NODE) {
            pr = node->data.mapping.pairs.start;
            pend = node->data.mapping.pairs.top;
        }
        for (;;) {
            nk = 0;
            if (it && it < end)
                kids[nk++] = *it++;
            else if (pr && pr < pend) {
                kids[nk++] = pr->key;
                kids[nk++] = pr->value;
                pr++;
            } else
                break;
            for (size_t k = 0; k < nk; k++) {
                size_t c = (size_t)kids[k];
                yaml_node_t *child = yaml_document_get_node(doc, kids[k]);
                if (c <= i || refs[c]++) {
                    cs_yread_error(r, child, "anchors and aliases are not accepted");
                    ok = false;
                    break;
                }
                depth[c] = (unsigned char)(depth[i] + 1);
                if (depth[c] > CS_YAML_MAX_DEPTH) {
                    cs_yread_error(r, child, "nested too deeply (more than %d levels)",
                                   CS_YAML_MAX_DEPTH);
                    ok = false;
                    break;
                }
            }
            if (!ok)
                break;
        }
    }
    cs_mem_free(refs);
    cs_mem_free(depth);
    return ok;
}

/* Walk the file's events and stop at the first nesting past CS_YAML_MAX_DEPTH or node past
 * CS_YAML_MAX_NODES. libyaml's scanner slows down quadratically with nesting depth, so
 * a deep file must be refused before the whole of it is scanned into a document. Syntax
 * errors are left to the document load, which reports them. */
static bool prescan(cs_yread *r)
{
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) {
        cs_diag_file(r->diags, CS_ERR_NOMEM, r->file->name, "out of memory");
        return false;
    }
    yaml_parser_set_input_string(&p, (const unsigned char *)r->file->text, r->file->len);
    int depth = 0;
    long nodes = 0;
    bool ok = true, done = false;
    while (ok && !done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev))
            break;
        cs_loc l = loc_at(r, ev.start_mark);
        switch (ev.type) {
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            if (++depth > CS_YAML_MAX_DEPTH) {
                cs_diag_at(r->diags, CS_ERR_SCHEMA, &l, "nested too deeply (more than %d "
                           "levels)", CS_YAML_MAX_DEPTH);
                ok = false;
            }
            /* fall through */
        case YAML_SCALAR_EVENT:
        case YAML_ALIAS_EVENT:
            if (ok && ++nodes > CS_YAML_MAX_NODES) {
                cs_diag_at(r->diags, CS_ERR_SCHEMA, &l, "too many YAML nodes (more than %d)",
                           CS_YAML_MAX_NODES);
                ok = false;
            }
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: depth--; break;
        case YAML_STREAM_END_EVENT: done = true; break;
        default: break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    return ok;
}

cs_ynode *cs_yread_open(cs_yread *r, const cs_srcfile *file, cs_arena *arena, cs_diags *d)
{
    memset(r, 0, sizeof *r);
    r->file = file;
    r->arena = arena;
    r->diags = d;
    if (file->len > CS_YAML_MAX_BYTES) {
        cs_diag_file(d, CS_ERR_IO, file->name, "file too large (%zu bytes; the limit is %d)",
                     file->len, CS_YAML_MAX_BYTES);
        return NULL;
    }
    const char *nul = memchr(file->text, '\0', file->len);
    if (nul) {
        cs_loc l = cs_srcfile_loc(file, (size_t)(nul - file->text));
        cs_diag_at(d, CS_ERR_SYNTAX, &l, "file contains a NUL byte");
        return NULL;
    }
    if (!build_linemap(r)) {
        cs_diag_file(d, CS_ERR_NOMEM, file->name, "out of memory");
        return NULL;
    }
    if (!prescan(r))
        return NULL;
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) {
        cs_diag_file(d, CS_ERR_NOMEM, file->name, "out of memory");
        return NULL;
    }
    yaml_parser_set_input_string(&p, (const unsigned char *)file->text, file->len);
    if (!yaml_parser_load(&p, &r->doc)) {
        syntax_error(r, &p);
        yaml_parser_delete(&p);
        return NULL;
    }
    r->loaded = true;
    cs_ynode *root = yaml_document_get_root_node(&r->doc);
    if (!root) {
        cs_diag_file(d, CS_ERR_SCHEMA, file->name, "empty file: expected a mapping with "
                     "'casus' and 'kind'");
        yaml_parser_delete(&p);
        cs_yread_close(r);
        return NULL;
    }
    yaml_document_t next;
    if (!yaml_parser_load(&p, &next)) {
        syntax_error(r, &p);
        root = NULL;
    } else {
        yaml_node_t *nroot = yaml_document_get_root_node(&next);
        if (nroot) {
            cs_loc l = loc_at(r, nroot->start_mark);
            cs_diag_at(d, CS_ERR_SCHEMA, &l, "more than one YAML document in a file");
            root = NULL;
        }
        yaml_document_delete(&next);
    }
    yaml_parser_delete(&p);
    if (root && !check_tree(r))
        root = NULL;
    if (!root)
        cs_yread_close(r);
    return root;
}

void cs_yread_close(cs_yread *r)
{
    if (r->loaded)
        yaml_document_delete(&r->doc);
    r->loaded = false;
}

/* ---- mappings and sequences ------------------------------------------------------- */

static const char *sv(const cs_ynode *n) { return (const char *)n->data.scalar.value; }

static bool is_plain(const cs_ynode *n)
{
    return n->type == YAML_SCALAR_NODE && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

/* `key:` with nothing after it reads as an empty plain scalar (or ~ / null). */
static bool is_null(const cs_ynode *n)
{
    if (!is_plain(n))
        return false;
    const char *s = sv(n);
    return !*s || strcmp(s, "~") == 0 || strcmp(s, "null") == 0;
}

bool cs_yread_map(cs_yread *r, cs_ynode *n, const char *what, const char *const *allowed)
{
    if (n->type != YAML_MAPPING_NODE) {
        cs_yread_error(r, n, "expected a mapping for %s, found %s", what, cs_ynode_kind(n));
        return false;
    }
    size_t nallowed = 0;
    while (allowed[nallowed])
        nallowed++;
    int first[64];   /* node index of the first occurrence of each allowed key */
    if (nallowed > 64)
        nallowed = 64;
    memset(first, 0, sizeof first);
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        cs_ynode *k = yaml_document_get_node(&r->doc, p->key);
        if (k->type != YAML_SCALAR_NODE) {
            cs_yread_error(r, k, "keys of %s must be plain names, found %s", what,
                           cs_ynode_kind(k));
            continue;
        }
        size_t i = 0;
        while (i < nallowed && strcmp(allowed[i], sv(k)) != 0)
            i++;
        if (i == nallowed) {
            const char *s = cs_suggest(sv(k), allowed, nallowed);
            if (s)
                cs_yread_error(r, k, "unknown key '%s' in %s (did you mean '%s'?)", sv(k),
                               what, s);
            else
                cs_yread_error(r, k, "unknown key '%s' in %s", sv(k), what);
            continue;
        }
        if (first[i]) {
            cs_ynode *prev = yaml_document_get_node(&r->doc, first[i]);
            cs_loc pl = loc_at(r, prev->start_mark);
            cs_yread_error(r, k, "duplicate key '%s' in %s (first at line %u, column %u)",
                           sv(k), what, (unsigned)pl.line, (unsigned)pl.col);
            continue;
        }
        first[i] = p->key;
    }
    return true;
}

cs_ynode *cs_yread_get(cs_yread *r, cs_ynode *map, const char *key, int req, const char *what)
{
    if (map && map->type == YAML_MAPPING_NODE) {
        for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
             p < map->data.mapping.pairs.top; p++) {
            cs_ynode *k = yaml_document_get_node(&r->doc, p->key);
            if (k->type == YAML_SCALAR_NODE && strcmp(sv(k), key) == 0) {
                cs_ynode *v = yaml_document_get_node(&r->doc, p->value);
                if (is_null(v)) {
                    if (req)
                        cs_yread_error(r, k, "'%s' of %s has no value", key, what);
                    return NULL;
                }
                return v;
            }
        }
    }
    if (req && map)
        cs_yread_error(r, map, "missing required key '%s' in %s", key, what);
    return NULL;
}

bool cs_yread_seq(cs_yread *r, cs_ynode *n, const char *what, yaml_node_item_t **items,
                  uint32_t *count)
{
    *items = NULL;
    *count = 0;
    if (!n)
        return false;
    if (n->type != YAML_SEQUENCE_NODE) {
        cs_yread_error(r, n, "expected a list for %s, found %s", what, cs_ynode_kind(n));
        return false;
    }
    *items = n->data.sequence.items.start;
    *count = (uint32_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    return true;
}

cs_ynode *cs_yread_item(cs_yread *r, yaml_node_item_t item)
{
    return yaml_document_get_node(&r->doc, item);
}

/* ---- scalars ---------------------------------------------------------------------- */

bool cs_yread_scalar(cs_yread *r, cs_ynode *n, const char *what, const char **out)
{
    if (n->type != YAML_SCALAR_NODE) {
        cs_yread_error(r, n, "expected a string for %s, found %s", what, cs_ynode_kind(n));
        return false;
    }
    size_t len = n->data.scalar.length;
    if (len > CS_YAML_MAX_STRING) {
        cs_yread_error(r, n, "%s is too long (%zu characters; the limit is %d)", what, len,
                       CS_YAML_MAX_STRING);
        return false;
    }
    if (strlen(sv(n)) != len) {
        cs_yread_error(r, n, "%s contains a NUL character", what);
        return false;
    }
    char *s = cs_arena_strndup(r->arena, sv(n), len);
    if (!s) {
        cs_loc l = cs_yread_loc(r, n);
        cs_diag_at(r->diags, CS_ERR_NOMEM, &l, "out of memory");
        return false;
    }
    *out = s;
    return true;
}

static bool id_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_';
}

bool cs_yread_node_id(cs_yread *r, cs_ynode *n, const char *what, const char **out)
{
    if (!cs_yread_scalar(r, n, what, out))
        return false;
    const char *s = *out;
    size_t i = 0;
    for (; s[i]; i++) {
        if (!id_char(s[i])) {
            cs_loc l = scalar_loc(r, n, i);
            error_at(r, l, "invalid character in %s '%s': ids use letters, digits, '-' and "
                     "'_'", what, s);
            return false;
        }
    }
    if (i == 0 || i > 64) {
        cs_yread_error(r, n, "%s must be 1 to 64 characters", what);
        return false;
    }
    return true;
}

static bool state_code(const char *s)
{
    for (int i = 0; i < 3; i++)
        if (s[i] < 'A' || s[i] > 'Z')
            return false;
    return s[3] == '\0';
}

bool cs_yread_node_ref(cs_yread *r, cs_ynode *n, const char *what, bool state, cs_ref *out)
{
    const char *id;
    if (!cs_yread_node_id(r, n, what, &id))
        return false;
    if (state && !state_code(id)) {
        cs_yread_error(r, n, "%s '%s' is not a state code (three capital letters, "
                       "ISO 3166 alpha-3)", what, id);
        return false;
    }
    out->id = id;
    out->loc = cs_yread_loc(r, n);
    out->to = NULL;
    return true;
}

bool cs_yread_node_real(cs_yread *r, cs_ynode *n, const char *what, double *out)
{
    if (n->type != YAML_SCALAR_NODE) {
        cs_yread_error(r, n, "expected a number for %s, found %s", what, cs_ynode_kind(n));
        return false;
    }
    if (!is_plain(n)) {
        cs_yread_error(r, n, "expected a number for %s, found a quoted string", what);
        return false;
    }
    const char *err;
    size_t pos;
    if (!cs_num_real(sv(n), out, &err, &pos)) {
        error_at(r, scalar_loc(r, n, pos), "%s for %s: '%s'", err, what, sv(n));
        return false;
    }
    return true;
}

bool cs_yread_node_time(cs_yread *r, cs_ynode *n, const char *what, unsigned prec_mask,
                        cs_time *out)
{
    if (n->type != YAML_SCALAR_NODE) {
        cs_yread_error(r, n, "expected a date for %s, found %s", what, cs_ynode_kind(n));
        return false;
    }
    const char *err;
    size_t pos;
    if (!cs_date_parse(sv(n), prec_mask, out, &err, &pos)) {
        error_at(r, scalar_loc(r, n, pos), "%s for %s: '%s'", err, what, sv(n));
        return false;
    }
    return true;
}

#define KEY_VALUE(r, map, key, req, what)                                               \
    cs_ynode *v = cs_yread_get(r, map, key, req, what);                                   \
    if (!v)                                                                             \
        return false;                                                                   \
    char desc[160];                                                                     \
    snprintf(desc, sizeof desc, "'%s' of %s", key, what)

bool cs_yread_str(cs_yread *r, cs_ynode *map, const char *key, int req, const char *what,
                  const char **out)
{
    KEY_VALUE(r, map, key, req, what);
    return cs_yread_scalar(r, v, desc, out);
}

bool cs_yread_id(cs_yread *r, cs_ynode *map, const char *key, int req, const char *what,
                 const char **out)
{
    KEY_VALUE(r, map, key, req, what);
    return cs_yread_node_id(r, v, desc, out);
}

bool cs_yread_state_id(cs_yread *r, cs_ynode *map, const char *key, int req,
                       const char *what, const char **out)
{
    cs_ref ref;
    KEY_VALUE(r, map, key, req, what);
    if (!cs_yread_node_ref(r, v, desc, true, &ref))
        return false;
    *out = ref.id;
    return true;
}

bool cs_yread_ref(cs_yread *r, cs_ynode *map, const char *key, int req, const char *what,
                  bool state, cs_ref *out)
{
    KEY_VALUE(r, map, key, req, what);
    return cs_yread_node_ref(r, v, desc, state, out);
}

bool cs_yread_num(cs_yread *r, cs_ynode *map, const char *key, int req, const char *what,
                  double min, double max, double *out)
{
    KEY_VALUE(r, map, key, req, what);
    double x;
    if (!cs_yread_node_real(r, v, desc, &x))
        return false;
    if (x < min || x > max) {
        if (x < 0 && min >= 0)
            cs_yread_error(r, v, "%s may not be negative (%s)", desc, sv(v));
        else
            cs_yread_error(r, v, "%s is out of range: %s (expected %g to %g)", desc, sv(v),
                           min, max);
        return false;
    }
    *out = x;
    return true;
}

bool cs_yread_int(cs_yread *r, cs_ynode *map, const char *key, int req, const char *what,
                  long long min, long long max, double *out)
{
    KEY_VALUE(r, map, key, req, what);
    if (v->type != YAML_SCALAR_NODE || !is_plain(v)) {
        cs_yread_error(r, v, "expected a whole number for %s, found %s", desc,
                       v->type == YAML_SCALAR_NODE ? "a quoted string" : cs_ynode_kind(v));
        return false;
    }
    long long x;
    const char *err;
    size_t pos;
    if (!cs_num_int(sv(v), &x, &err, &pos)) {
        error_at(r, scalar_loc(r, v, pos), "%s for %s: '%s'", err, desc, sv(v));
        return false;
    }
    if (x < min || x > max) {
        if (x < 0 && min >= 0)
            cs_yread_error(r, v, "%s may not be negative (%s)", desc, sv(v));
        else
            cs_yread_error(r, v, "%s is out of range: %s (expected %lld to %lld)", desc,
                           sv(v), min, max);
        return false;
    }
    *out = (double)x;
    return true;
}

bool cs_yread_frac(cs_yread *r, cs_ynode *map, const char *key, int req, const char *what,
                   double *out)
{
    KEY_VALUE(r, map, key, req, what);
    if (v->type != YAML_SCALAR_NODE || !is_plain(v)) {
        cs_yread_error(r, v, "expected a fraction such as 2/3 for %s", desc);
        return false;
    }
    const char *err;
    size_t pos;
    if (!cs_num_fraction(sv(v), out, &err, &pos)) {
        error_at(r, scalar_loc(r, v, pos), "%s for %s: '%s'", err, desc, sv(v));
        return false;
    }
    return true;
}

bool cs_yread_bool(cs_yread *r, cs_ynode *map, const char *key, int req, const char *what,
                   bool *out)
{
    KEY_VALUE(r, map, key, req, what);
    if (is_plain(v) && strcmp(sv(v), "true") == 0)
        *out = true;
    else if (is_plain(v) && strcmp(sv(v), "false") == 0)
        *out = false;
    else {
        cs_yread_error(r, v, "expected true or false for %s", desc);
        return false;
    }
    return true;
}

bool cs_yread_time(cs_yread *r, cs_ynode *map, const char *key, int req, const char *what,
                   unsigned prec_mask, cs_time *out)
{
    KEY_VALUE(r, map, key, req, what);
    return cs_yread_node_time(r, v, desc, prec_mask, out);
}

bool cs_yread_enum(cs_yread *r, cs_ynode *map, const char *key, int req, const char *what,
                   const char *const *names, int *out)
{
    KEY_VALUE(r, map, key, req, what);
    if (v->type != YAML_SCALAR_NODE) {
        cs_yread_error(r, v, "expected a name for %s, found %s", desc, cs_ynode_kind(v));
        return false;
    }
    size_t n = 0;
    for (; names[n]; n++)
        if (strcmp(names[n], sv(v)) == 0) {
            *out = (int)n;
            return true;
        }
    char list[400];
    size_t used = 0;
    list[0] = '\0';
    for (size_t i = 0; i < n && used < sizeof list; i++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "",
                                 names[i]);
    const char *s = cs_suggest(sv(v), names, n);
    if (s)
        cs_yread_error(r, v, "unknown value '%s' for %s (did you mean '%s'?)", sv(v), desc, s);
    else
        cs_yread_error(r, v, "unknown value '%s' for %s (expected one of: %s)", sv(v), desc,
                       list);
    return false;
}

bool cs_yread_offset(cs_yread *r, cs_ynode *map, const char *key, int req, const char *what,
                     int *out)
{
    KEY_VALUE(r, map, key, req, what);
    if (v->type != YAML_SCALAR_NODE || !cs_date_parse_offset(sv(v), out)) {
        cs_yread_error(r, v, "expected a UTC offset such as \"+06:00\" for %s", desc);
        return false;
    }
    return true;
}

/* ---- values and expressions ------------------------------------------------------- */

static bool scalar_value(cs_yread *r, cs_ynode *n, const char *what, cs_value *out)
{
    const char *s;
    if (!cs_yread_scalar(r, n, what, &s))
        return false;
    if (is_plain(n)) {
        const char *err;
        size_t pos;
        double x;
        cs_time t;
        if (strcmp(s, "true") == 0 || strcmp(s, "false") == 0) {
            *out = (cs_value){.kind = CS_V_BOOL, .b = s[0] == 't'};
            return true;
        }
        if (cs_num_real(s, &x, &err, &pos)) {
            *out = (cs_value){.kind = CS_V_NUM, .num = x};
            return true;
        }
        if (cs_date_parse(s, CS_PREC_DAY | CS_PREC_MINUTE, &t, &err, &pos)) {
            *out = (cs_value){.kind = CS_V_DATE, .t = t};
            return true;
        }
    }
    *out = (cs_value){.kind = CS_V_STR, .str = s};
    return true;
}

bool cs_yread_value(cs_yread *r, cs_ynode *n, const char *what, cs_value *out)
{
    if (n->type == YAML_SEQUENCE_NODE) {
        yaml_node_item_t *it;
        uint32_t cnt;
        cs_yread_seq(r, n, what, &it, &cnt);
        cs_value *items = cs_arena_array(r->arena, cnt ? cnt : 1, sizeof *items);
        if (!items) {
            cs_diag_file(r->diags, CS_ERR_NOMEM, r->file->name, "out of memory");
            return false;
        }
        bool ok = true;
        for (uint32_t i = 0; i < cnt; i++) {
            cs_ynode *c = cs_yread_item(r, it[i]);
            if (c->type != YAML_SCALAR_NODE) {
                cs_yread_error(r, c, "items of %s must be scalars", what);
                ok = false;
            } else
                ok &= scalar_value(r, c, what, &items[i]);
        }
        *out = (cs_value){.kind = CS_V_LIST, .list = {items, cnt}};
        return ok;
    }
    if (n->type == YAML_MAPPING_NODE) {
        cs_yread_error(r, n, "expected a value for %s, found a mapping", what);
        return false;
    }
    return scalar_value(r, n, what, out);
}

bool cs_yread_node_expr(cs_yread *r, cs_ynode *n, const char *what, cs_exprsrc *out)
{
    if (!cs_yread_scalar(r, n, what, &out->text))
        return false;
    out->loc = cs_yread_loc(r, n);
    switch (n->data.scalar.style) {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE: out->style = CS_EX_SINGLE; break;
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: out->style = CS_EX_DOUBLE; break;
    case YAML_LITERAL_SCALAR_STYLE: out->style = CS_EX_LITERAL; break;
    case YAML_FOLDED_SCALAR_STYLE: out->style = CS_EX_FOLDED; break;
    default: out->style = CS_EX_PLAIN; break;
    }
    out->compiled = NULL;
    return true;
}

bool cs_yread_expr(cs_yread *r, cs_ynode *map, const char *key, int req, const char *what,
                   cs_exprsrc *out)
{
    KEY_VALUE(r, map, key, req, what);
    return cs_yread_node_expr(r, v, desc, out);
}
