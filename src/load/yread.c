#include "load/yread.h"
#include "support/date.h"
#include "support/mem.h"
#include "support/num.h"

#include <stdarg.h>
#include <string.h>

/* The editor's place of libyaml's 0-based line and column. */
static cs_loc loc_lc(const cs_yread *r, size_t line, size_t column)
{
    if (r->linemap && line < r->nlinemap) {
        uint32_t eline = r->linemap[2 * line], col0 = r->linemap[2 * line + 1];
        return (cs_loc){r->file, eline, col0 + (uint32_t)column};
    }
    return (cs_loc){r->file, (uint32_t)line + 1, (uint32_t)column + 1};
}

static cs_loc loc_at(const cs_yread *r, yaml_mark_t m)
{
    return loc_lc(r, m.line, m.column);
}

/* Build r->linemap when the file holds a line break libyaml counts and editors do not. */
static bool build_linemap(cs_yread *r)
{
    const unsigned char *t = (const unsigned char *)r->file->text;
    size_t n = r->file->len, lines = 1;
    bool odd = false;
    /* Most files are ASCII: look only at the bytes that can start NEL, LS or PS. */
    for (const unsigned char *p = t; !odd && (p = memchr(p, 0xC2, n - (size_t)(p - t)));
         p++)
        odd = (size_t)(p - t) + 1 < n && p[1] == 0x85;
    for (const unsigned char *p = t; !odd && (p = memchr(p, 0xE2, n - (size_t)(p - t)));
         p++)
        odd = (size_t)(p - t) + 2 < n && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9);
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
    return loc_lc(r, n->line, n->col);
}

/* The place of character `off` of a single-line scalar's value. */
static cs_loc scalar_loc(const cs_yread *r, const cs_ynode *n, size_t off)
{
    cs_loc l = cs_yread_loc(r, n);
    bool quoted = n->style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
                  n->style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
    if (n->line == n->end_line)
        l.col += (uint32_t)off + (quoted ? 1 : 0);
    return l;
}

static void verror(cs_yread *r, cs_status cls, cs_loc l, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));
static void verror(cs_yread *r, cs_status cls, cs_loc l, const char *fmt, va_list ap)
{
    if (cs_diags_full(r->diags)) {   /* counted, not formatted */
        cs_diag_at(r->diags, cls, &l, "%s", "");
        return;
    }
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
/* A problem found while reading the stream, kept to be reported once the whole stream
 * has been walked (a limit found later takes precedence, as it did when limits were
 * checked in a pass of their own before the document was built). */
typedef struct yproblem {
    bool set;
    int phase;                /* 1: first document, 2: second, 3: later */
    yaml_error_type_t error;
    const char *problem, *context;   /* libyaml's messages are string literals */
    yaml_mark_t problem_mark, context_mark;
    size_t problem_offset;
} yproblem;

static void syntax_error(cs_yread *r, const yproblem *p)
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
 * twice (aliases), the root not referenced at all (recursive aliases). Nodes are numbered
 * parent before children, so one pass in index order computes depths. */
static bool check_tree(cs_yread *r)
{
    size_t n = r->nnodes;
    unsigned char *refs = cs_mem_calloc(n + 1, 1);
    unsigned char *depth = cs_mem_calloc(n + 1, 1);
    if (!refs || !depth) {
        cs_mem_free(refs);
        cs_mem_free(depth);
        cs_diag_file(r->diags, CS_ERR_NOMEM, r->file->name, "out of memory");
        return false;
    }
    bool ok = true;
    depth[0] = 1;
    for (size_t i = 0; i < n && ok; i++) {
        const cs_ynode *node = &r->nodes[i];
        if (node->type == YAML_SCALAR_NODE)
            continue;
        for (uint32_t k = 0; k < node->n && ok; k++) {
            size_t c = r->kids[node->kids + k];
            cs_ynode *child = &r->nodes[c];
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
            }
        }
    }
    cs_mem_free(refs);
    cs_mem_free(depth);
    return ok;
}

static void problem_of_parser(yproblem *pb, const yaml_parser_t *p, int phase)
{
    *pb = (yproblem){true, phase, p->error, p->problem, p->context, p->problem_mark,
                     p->context_mark, p->problem_offset};
}

/* The anchors of the current document: libyaml's composer refused undefined aliases and
 * duplicate anchors with these words, and reports keep them. */
typedef struct yanchor {
    char *name;
    uint32_t node;
    yaml_mark_t mark;
} yanchor;

typedef struct ybuild {
    cs_yread *r;
    cs_yitem *pend;           /* children of the open containers, innermost last */
    size_t npend, cappend;
    size_t capnodes, capkids;
    struct { uint32_t node, pend0; } open[CS_YAML_MAX_DEPTH + 2];
    int nopen;
    yanchor *anchors;
    size_t nanchors, capanchors;
    bool oom;
} ybuild;

static bool push_pend(ybuild *b, cs_yitem it)
{
    if (b->npend < b->cappend) {   /* the common case, without a call */
        b->pend[b->npend++] = it;
        return true;
    }
    cs_yitem *v = cs_mem_grow(b->pend, &b->cappend, b->npend + 1, sizeof *v);
    if (!v) {
        b->oom = true;
        return false;
    }
    b->pend = v;
    b->pend[b->npend++] = it;
    return true;
}

static void drop_anchors(ybuild *b)
{
    for (size_t i = 0; i < b->nanchors; i++)
        cs_mem_free(b->anchors[i].name);
    b->nanchors = 0;
}

/* Register an anchor (node is UINT32_MAX outside the first document). False with *pb set
 * for a duplicate. */
static bool add_anchor(ybuild *b, const yaml_char_t *name, uint32_t node, yaml_mark_t mark,
                       yproblem *pb, int phase)
{
    if (!name)
        return true;
    for (size_t i = 0; i < b->nanchors; i++)
        if (strcmp(b->anchors[i].name, (const char *)name) == 0) {
            *pb = (yproblem){true, phase, YAML_COMPOSER_ERROR, "second occurrence",
                             "found duplicate anchor; first occurrence", mark,
                             b->anchors[i].mark, 0};
            return false;
        }
    yanchor *v = cs_mem_grow(b->anchors, &b->capanchors, b->nanchors + 1, sizeof *v);
    size_t len = strlen((const char *)name);
    char *copy = v ? cs_mem_calloc(len + 1, 1) : NULL;
    if (!copy) {
        if (v)
            b->anchors = v;
        b->oom = true;
        return true;
    }
    memcpy(copy, name, len);
    b->anchors = v;
    b->anchors[b->nanchors++] = (yanchor){copy, node, mark};
    return true;
}

/* Append a node of the first document and make it a child of the open container. */
static cs_ynode *add_node(ybuild *b, yaml_node_type_t type, const yaml_event_t *ev)
{
    cs_yread *r = b->r;
    cs_ynode *v = r->nnodes < b->capnodes
                      ? r->nodes
                      : cs_mem_grow(r->nodes, &b->capnodes, r->nnodes + 1, sizeof *v);
    if (!v || !push_pend(b, (cs_yitem)r->nnodes)) {
        if (v)
            r->nodes = v;
        b->oom = true;
        return NULL;
    }
    r->nodes = v;
    cs_ynode *n = &r->nodes[r->nnodes++];
    *n = (cs_ynode){.type = type, .line = (uint32_t)ev->start_mark.line,
                    .col = (uint32_t)ev->start_mark.column,
                    .end_line = (uint32_t)ev->end_mark.line};
    return n;
}

/* Close the innermost container: its children move from the pending stack to r->kids. */
static void close_node(ybuild *b)
{
    cs_yread *r = b->r;
    b->nopen--;
    uint32_t node = b->open[b->nopen].node, p0 = b->open[b->nopen].pend0;
    size_t nk = b->npend - p0;
    if (nk) {
        cs_yitem *v = cs_mem_grow(r->kids, &b->capkids, r->nkids + nk, sizeof *v);
        if (!v) {
            b->oom = true;
            return;
        }
        r->kids = v;
        memcpy(r->kids + r->nkids, b->pend + p0, nk * sizeof *v);
    }
    r->nodes[node].kids = (uint32_t)r->nkids;
    r->nodes[node].n = (uint32_t)nk;
    r->nkids += nk;
    b->npend = p0;
}

/* One pass over libyaml's events: limits (depth, node count) over the whole stream first
 * of all, as libyaml's scanner slows down quadratically with nesting depth, so a deep file
 * is refused early; the first document built into r->nodes; the second only noticed.
 * Returns the root, or NULL with the problem reported. */
static cs_ynode *build(cs_yread *r)
{
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) {
        cs_diag_file(r->diags, CS_ERR_NOMEM, r->file->name, "out of memory");
        return NULL;
    }
    yaml_parser_set_input_string(&p, (const unsigned char *)r->file->text, r->file->len);
    ybuild b = {.r = r};
    yproblem first = {0}, second = {0};   /* composer or syntax problems, by document */
    bool limit = false, done = false, has_root = false, more = false;
    yaml_mark_t more_mark = {0, 0, 0};
    int phase = 1, depth = 0;
    long nodes = 0;
    while (!limit && !done && !b.oom) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            yproblem *pb = phase == 1 ? &first : &second;
            if (phase <= 2 && !pb->set)
                problem_of_parser(pb, &p, phase);
            break;
        }
        bool node = false;
        switch (ev.type) {
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            if (++depth > CS_YAML_MAX_DEPTH) {
                cs_loc l = loc_at(r, ev.start_mark);
                cs_diag_at(r->diags, CS_ERR_SCHEMA, &l, "nested too deeply (more than %d "
                           "levels)", CS_YAML_MAX_DEPTH);
                limit = true;
            }
            /* fall through */
        case YAML_SCALAR_EVENT:
        case YAML_ALIAS_EVENT:
            if (!limit && ++nodes > CS_YAML_MAX_NODES) {
                cs_loc l = loc_at(r, ev.start_mark);
                cs_diag_at(r->diags, CS_ERR_SCHEMA, &l, "too many YAML nodes (more than %d)",
                           CS_YAML_MAX_NODES);
                limit = true;
            }
            node = !limit;
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            depth--;
            if (phase == 1 && !first.set)
                close_node(&b);
            break;
        case YAML_DOCUMENT_END_EVENT:
            drop_anchors(&b);
            phase++;
            break;
        case YAML_STREAM_END_EVENT: done = true; break;
        default: break;
        }
        if (node && phase == 2 && !more) {
            more = true;
            more_mark = ev.start_mark;
        }
        yproblem *pb = phase == 1 ? &first : &second;
        if (node && phase <= 2 && !pb->set) {
            const yaml_char_t *anchor = NULL;
            yaml_node_type_t type = YAML_SCALAR_NODE;
            if (ev.type == YAML_ALIAS_EVENT) {
                size_t i = 0;
                while (i < b.nanchors &&
                       strcmp(b.anchors[i].name, (const char *)ev.data.alias.anchor) != 0)
                    i++;
                if (i == b.nanchors)
                    *pb = (yproblem){true, phase, YAML_COMPOSER_ERROR, "found undefined alias",
                                     NULL, ev.start_mark, {0, 0, 0}, 0};
                else if (phase == 1)
                    push_pend(&b, b.anchors[i].node);   /* check_tree refuses it */
            } else if (ev.type == YAML_SCALAR_EVENT) {
                anchor = ev.data.scalar.anchor;
            } else if (ev.type == YAML_SEQUENCE_START_EVENT) {
                anchor = ev.data.sequence_start.anchor;
                type = YAML_SEQUENCE_NODE;
            } else {
                anchor = ev.data.mapping_start.anchor;
                type = YAML_MAPPING_NODE;
            }
            uint32_t index = UINT32_MAX;
            if (ev.type != YAML_ALIAS_EVENT && phase == 1) {
                cs_ynode *n = add_node(&b, type, &ev);
                if (n && type == YAML_SCALAR_NODE) {
                    size_t len = ev.data.scalar.length;
                    char *s = cs_arena_alloc(r->arena, len + 1);
                    if (s) {
                        memcpy(s, ev.data.scalar.value, len);
                        n->s = s;
                        n->n = (uint32_t)len;
                        n->style = ev.data.scalar.style;
                    } else
                        b.oom = true;
                } else if (n) {
                    b.open[b.nopen].node = (uint32_t)(r->nnodes - 1);
                    b.open[b.nopen++].pend0 = (uint32_t)b.npend;
                }
                has_root = true;
                index = (uint32_t)(r->nnodes - 1);
            }
            if (ev.type != YAML_ALIAS_EVENT)
                add_anchor(&b, anchor, index, ev.start_mark, pb, phase);
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    drop_anchors(&b);
    cs_mem_free(b.anchors);
    cs_mem_free(b.pend);
    if (b.oom) {
        cs_diag_file(r->diags, CS_ERR_NOMEM, r->file->name, "out of memory");
        return NULL;
    }
    if (limit)
        return NULL;
    if (first.set) {
        syntax_error(r, &first);
        return NULL;
    }
    if (!has_root) {
        cs_diag_file(r->diags, CS_ERR_SCHEMA, r->file->name, "empty file: expected a mapping "
                     "with 'casus' and 'kind'");
        return NULL;
    }
    if (second.set) {
        syntax_error(r, &second);
        return NULL;
    }
    if (more) {
        cs_loc l = loc_at(r, more_mark);
        cs_diag_at(r->diags, CS_ERR_SCHEMA, &l, "more than one YAML document in a file");
        return NULL;
    }
    return check_tree(r) ? &r->nodes[0] : NULL;
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
    cs_ynode *root = build(r);
    if (!root)
        cs_yread_close(r);
    return root;
}

void cs_yread_close(cs_yread *r)
{
    cs_mem_free(r->nodes);
    cs_mem_free(r->kids);
    r->nodes = NULL;
    r->kids = NULL;
    r->nnodes = r->nkids = 0;
}

/* ---- mappings and sequences ------------------------------------------------------- */

static const char *sv(const cs_ynode *n) { return n->s; }

static bool is_plain(const cs_ynode *n)
{
    return n->type == YAML_SCALAR_NODE && n->style == YAML_PLAIN_SCALAR_STYLE;
}

/* `key:` with nothing after it reads as an empty plain scalar (or ~ / null). */
static bool is_null(const cs_ynode *n)
{
    if (!is_plain(n))
        return false;
    const char *s = sv(n);
    return !*s || strcmp(s, "~") == 0 || strcmp(s, "null") == 0;
}


void cs_yread_unknown_key(cs_yread *r, const cs_ynode *k, const char *what,
                          const char *const *allowed, size_t nallowed)
{
    const char *s = cs_suggest(sv(k), allowed, nallowed);
    if (s)
        cs_yread_error(r, k, "unknown key '%s' in %s (did you mean '%s'?)", sv(k), what, s);
    else
        cs_yread_error(r, k, "unknown key '%s' in %s", sv(k), what);
}

void cs_yread_duplicate_key(cs_yread *r, const cs_ynode *k, const char *what,
                            const cs_ynode *first)
{
    cs_loc pl = cs_yread_loc(r, first);
    cs_yread_error(r, k, "duplicate key '%s' in %s (first at line %u, column %u)", sv(k),
                   what, (unsigned)pl.line, (unsigned)pl.col);
}

cs_ynode *cs_yread_value_of(cs_yread *r, cs_ynode *k, cs_ynode *v, int req, const char *key,
                            const char *what)
{
    if (is_null(v)) {
        if (req)
            cs_yread_error(r, k, "'%s' of %s has no value", key, what);
        return NULL;
    }
    return v;
}

cs_ynode *cs_yread_get(cs_yread *r, cs_ynode *map, const char *key, int req, const char *what)
{
    if (map && map->type == YAML_MAPPING_NODE) {
        for (uint32_t p = 0; p + 1 < map->n; p += 2) {
            cs_ynode *k = cs_yread_kid(r, map, p);
            if (k->type == YAML_SCALAR_NODE && strcmp(sv(k), key) == 0)
                return cs_yread_value_of(r, k, cs_yread_kid(r, map, p + 1), req, key, what);
        }
    }
    if (req && map)
        cs_yread_error(r, map, "missing required key '%s' in %s", key, what);
    return NULL;
}

bool cs_yread_seq(cs_yread *r, cs_ynode *n, const char *what, const cs_yitem **items,
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
    *items = r->kids + n->kids;
    *count = n->n;
    return true;
}

/* ---- scalars ----------------------------------------------------------------------

 * Every conversion takes the key the value stands under and the object's description, and
 * builds the words "'key' of object" only when it reports (key NULL: `what` is the whole
 * description). Loading a valid file therefore formats no text. */

typedef struct ydesc {
    char buf[160];   /* as long as the loader has always cut descriptions */
} ydesc;

static const char *D(ydesc *d, const char *key, const char *what)
{
    if (!key)
        return what;
    snprintf(d->buf, sizeof d->buf, "'%s' of %s", key, what);
    return d->buf;
}

bool cs_yval_str(cs_yread *r, cs_ynode *n, const char *key, const char *what,
                 const char **out)
{
    ydesc d;
    if (n->type != YAML_SCALAR_NODE) {
        cs_yread_error(r, n, "expected a string for %s, found %s", D(&d, key, what),
                       cs_ynode_kind(n));
        return false;
    }
    size_t len = n->n;
    if (len > CS_YAML_MAX_STRING) {
        cs_yread_error(r, n, "%s is too long (%zu characters; the limit is %d)",
                       D(&d, key, what), len, CS_YAML_MAX_STRING);
        return false;
    }
    if (strlen(sv(n)) != len) {
        cs_yread_error(r, n, "%s contains a NUL character", D(&d, key, what));
        return false;
    }
    *out = sv(n);   /* already in the arena */
    return true;
}

static bool id_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_';
}

bool cs_yval_id(cs_yread *r, cs_ynode *n, const char *key, const char *what, const char **out)
{
    if (!cs_yval_str(r, n, key, what, out))
        return false;
    const char *s = *out;
    size_t i = 0;
    ydesc d;
    for (; s[i]; i++) {
        if (!id_char(s[i])) {
            cs_loc l = scalar_loc(r, n, i);
            error_at(r, l, "invalid character in %s '%s': ids use letters, digits, '-' and "
                     "'_'", D(&d, key, what), s);
            return false;
        }
    }
    if (i == 0 || i > 64) {
        cs_yread_error(r, n, "%s must be 1 to 64 characters", D(&d, key, what));
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

bool cs_yval_ref(cs_yread *r, cs_ynode *n, const char *key, const char *what, bool state,
                 cs_ref *out)
{
    const char *id;
    if (!cs_yval_id(r, n, key, what, &id))
        return false;
    if (state && !state_code(id)) {
        ydesc d;
        cs_yread_error(r, n, "%s '%s' is not a state code (three capital letters, "
                       "ISO 3166 alpha-3)", D(&d, key, what), id);
        return false;
    }
    out->id = id;
    out->loc = cs_yread_loc(r, n);
    out->to = NULL;
    return true;
}

bool cs_yval_real(cs_yread *r, cs_ynode *n, const char *key, const char *what, double *out)
{
    ydesc d;
    if (n->type != YAML_SCALAR_NODE) {
        cs_yread_error(r, n, "expected a number for %s, found %s", D(&d, key, what),
                       cs_ynode_kind(n));
        return false;
    }
    if (!is_plain(n)) {
        cs_yread_error(r, n, "expected a number for %s, found a quoted string",
                       D(&d, key, what));
        return false;
    }
    const char *err;
    size_t pos;
    if (!cs_num_real(sv(n), out, &err, &pos)) {
        error_at(r, scalar_loc(r, n, pos), "%s for %s: '%s'", err, D(&d, key, what), sv(n));
        return false;
    }
    return true;
}

bool cs_yval_time(cs_yread *r, cs_ynode *n, const char *key, const char *what,
                  unsigned prec_mask, cs_time *out)
{
    ydesc d;
    if (n->type != YAML_SCALAR_NODE) {
        cs_yread_error(r, n, "expected a date for %s, found %s", D(&d, key, what),
                       cs_ynode_kind(n));
        return false;
    }
    const char *err;
    size_t pos;
    if (!cs_date_parse(sv(n), prec_mask, out, &err, &pos)) {
        error_at(r, scalar_loc(r, n, pos), "%s for %s: '%s'", err, D(&d, key, what), sv(n));
        return false;
    }
    return true;
}

bool cs_yval_num(cs_yread *r, cs_ynode *v, const char *key, const char *what, double min,
                 double max, double *out)
{
    double x;
    if (!cs_yval_real(r, v, key, what, &x))
        return false;
    if (x < min || x > max) {
        ydesc d;
        if (x < 0 && min >= 0)
            cs_yread_error(r, v, "%s may not be negative (%s)", D(&d, key, what), sv(v));
        else
            cs_yread_error(r, v, "%s is out of range: %s (expected %g to %g)",
                           D(&d, key, what), sv(v), min, max);
        return false;
    }
    *out = x;
    return true;
}

bool cs_yval_int(cs_yread *r, cs_ynode *v, const char *key, const char *what, long long min,
                 long long max, double *out)
{
    ydesc d;
    if (v->type != YAML_SCALAR_NODE || !is_plain(v)) {
        cs_yread_error(r, v, "expected a whole number for %s, found %s", D(&d, key, what),
                       v->type == YAML_SCALAR_NODE ? "a quoted string" : cs_ynode_kind(v));
        return false;
    }
    long long x;
    const char *err;
    size_t pos;
    if (!cs_num_int(sv(v), &x, &err, &pos)) {
        error_at(r, scalar_loc(r, v, pos), "%s for %s: '%s'", err, D(&d, key, what), sv(v));
        return false;
    }
    if (x < min || x > max) {
        if (x < 0 && min >= 0)
            cs_yread_error(r, v, "%s may not be negative (%s)", D(&d, key, what), sv(v));
        else
            cs_yread_error(r, v, "%s is out of range: %s (expected %lld to %lld)",
                           D(&d, key, what), sv(v), min, max);
        return false;
    }
    *out = (double)x;
    return true;
}

bool cs_yval_frac(cs_yread *r, cs_ynode *v, const char *key, const char *what, double *out)
{
    ydesc d;
    if (v->type != YAML_SCALAR_NODE || !is_plain(v)) {
        cs_yread_error(r, v, "expected a fraction such as 2/3 for %s", D(&d, key, what));
        return false;
    }
    const char *err;
    size_t pos;
    if (!cs_num_fraction(sv(v), out, &err, &pos)) {
        error_at(r, scalar_loc(r, v, pos), "%s for %s: '%s'", err, D(&d, key, what), sv(v));
        return false;
    }
    return true;
}

bool cs_yval_bool(cs_yread *r, cs_ynode *v, const char *key, const char *what, bool *out)
{
    if (is_plain(v) && strcmp(sv(v), "true") == 0)
        *out = true;
    else if (is_plain(v) && strcmp(sv(v), "false") == 0)
        *out = false;
    else {
        ydesc d;
        cs_yread_error(r, v, "expected true or false for %s", D(&d, key, what));
        return false;
    }
    return true;
}

bool cs_yval_enum(cs_yread *r, cs_ynode *v, const char *key, const char *what,
                  const char *const *names, int *out)
{
    ydesc d;
    if (v->type != YAML_SCALAR_NODE) {
        cs_yread_error(r, v, "expected a name for %s, found %s", D(&d, key, what),
                       cs_ynode_kind(v));
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
        cs_yread_error(r, v, "unknown value '%s' for %s (did you mean '%s'?)", sv(v),
                       D(&d, key, what), s);
    else
        cs_yread_error(r, v, "unknown value '%s' for %s (expected one of: %s)", sv(v),
                       D(&d, key, what), list);
    return false;
}

bool cs_yval_offset(cs_yread *r, cs_ynode *v, const char *key, const char *what, int *out)
{
    if (v->type != YAML_SCALAR_NODE || !cs_date_parse_offset(sv(v), out)) {
        ydesc d;
        cs_yread_error(r, v, "expected a UTC offset such as \"+06:00\" for %s",
                       D(&d, key, what));
        return false;
    }
    return true;
}

bool cs_yval_expr(cs_yread *r, cs_ynode *n, const char *key, const char *what,
                  cs_exprsrc *out)
{
    if (!cs_yval_str(r, n, key, what, &out->text))
        return false;
    out->loc = cs_yread_loc(r, n);
    switch (n->style) {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE: out->style = CS_EX_SINGLE; break;
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: out->style = CS_EX_DOUBLE; break;
    case YAML_LITERAL_SCALAR_STYLE: out->style = CS_EX_LITERAL; break;
    case YAML_FOLDED_SCALAR_STYLE: out->style = CS_EX_FOLDED; break;
    default: out->style = CS_EX_PLAIN; break;
    }
    out->compiled = NULL;
    return true;
}

/* ---- node-level and keyed forms --------------------------------------------------- */

bool cs_yread_scalar(cs_yread *r, cs_ynode *n, const char *what, const char **out)
{
    return cs_yval_str(r, n, NULL, what, out);
}

bool cs_yread_node_id(cs_yread *r, cs_ynode *n, const char *what, const char **out)
{
    return cs_yval_id(r, n, NULL, what, out);
}

bool cs_yread_node_ref(cs_yread *r, cs_ynode *n, const char *what, bool state, cs_ref *out)
{
    return cs_yval_ref(r, n, NULL, what, state, out);
}

bool cs_yread_node_real(cs_yread *r, cs_ynode *n, const char *what, double *out)
{
    return cs_yval_real(r, n, NULL, what, out);
}

bool cs_yread_node_time(cs_yread *r, cs_ynode *n, const char *what, unsigned prec_mask,
                        cs_time *out)
{
    return cs_yval_time(r, n, NULL, what, prec_mask, out);
}

bool cs_yread_node_expr(cs_yread *r, cs_ynode *n, const char *what, cs_exprsrc *out)
{
    return cs_yval_expr(r, n, NULL, what, out);
}

#define KEY_VALUE(r, map, key, req, what)                                               \
    cs_ynode *v = cs_yread_get(r, map, key, req, what);                                   \
    if (!v)                                                                             \
    return false

bool cs_yread_str(cs_yread *r, cs_ynode *map, const char *key, int req, const char *what,
                  const char **out)
{
    KEY_VALUE(r, map, key, req, what);
    return cs_yval_str(r, v, key, what, out);
}





bool cs_yread_int(cs_yread *r, cs_ynode *map, const char *key, int req, const char *what,
                  long long min, long long max, double *out)
{
    KEY_VALUE(r, map, key, req, what);
    return cs_yval_int(r, v, key, what, min, max, out);
}




bool cs_yread_enum(cs_yread *r, cs_ynode *map, const char *key, int req, const char *what,
                   const char *const *names, int *out)
{
    KEY_VALUE(r, map, key, req, what);
    return cs_yval_enum(r, v, key, what, names, out);
}



/* ---- values ----------------------------------------------------------------------- */

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
        const cs_yitem *it;
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
