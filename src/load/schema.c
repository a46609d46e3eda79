/* schema.c - the reader driven by record tables (schema.h). */
#include "load/schema.h"
#include "support/mem.h"

#include <string.h>

enum { DESC = 160 };   /* descriptions are cut here, as they always were */

static void *at(void *obj, size_t off) { return (char *)obj + off; }

static void nomem(cs_yread *r)
{
    cs_diag_file(r->diags, CS_ERR_NOMEM, r->file->name, "out of memory");
}

/* The text a naming field holds. */
static const char *name_of(void *obj, const cs_field *f)
{
    if (f->kind == CS_F_REF || f->kind == CS_F_STATE_REF)
        return ((const cs_ref *)at(obj, f->off))->id;
    return *(const char **)at(obj, f->off);
}

static int req_of(const cs_field *f, const void *obj)
{
    if (f->req == CS_COND)   /* without need, a hook decides */
        return f->need && f->need(obj) ? CS_REQ : CS_OPT;
    return f->req;
}

/* Read field f of c->obj from the mapping (whose key scan found key node k, or NULL), with
 * `what` describing the object. Returns whether a valid value was read. */
static bool read_field(cs_rctx *c, const cs_field *f, cs_ynode *k, cs_ynode *v,
                       const char *what)
{
    cs_yread *r = c->r;
    void *p = c->obj ? at(c->obj, f->off) : NULL;   /* a document root may have no object */
    int req = req_of(f, c->obj);
    bool ok = false;
    switch (f->kind) {
    case CS_F_CITE: return cs_read_cite(r, c->map, req, what, p);
    case CS_F_ALTS: return cs_read_alts(r, c->map, what, p);
    case CS_F_FIGURE:
    case CS_F_DATE_FIGURE:
        return cs_read_figure(r, c->map, f->key, what, f->kind == CS_F_DATE_FIGURE, p);
    case CS_F_PLACE:
        ok = cs_read_place(r, c->map, f->key, what, p);
        if (req && !((cs_place *)p)->present)
            cs_yread_get(r, c->map, f->key, CS_REQ, what);
        return ok;
    case CS_F_REFS:
        return cs_read_refs(r, c->map, f->key, what, f->lo != 0, p, at(c->obj, f->cnt));
    case CS_F_LIST:
        return cs_read_list(r, c->map, f->key, what, f->sub, c->obj, f->count, p,
                            at(c->obj, f->cnt));
    case CS_F_MAP: {
        const cs_record *sub = f->sub;
        if (sub->init)
            sub->init(p, c->obj);
        cs_ynode *m = cs_yread_get(r, c->map, f->key, CS_OPT, what);
        if (!m || !cs_read_record(r, m, sub, p, c->obj, what, NULL))
            return false;
        *(cs_loc *)at(p, sub->loc) = cs_yread_loc(r, m);
        ok = true;
        break;
    }
    case CS_F_CUSTOM:
    case CS_F_CHECK: return f->hook(c, f);
    case CS_F_SKIP: return true;
    default: {
        if (!k) {
            if (req)
                cs_yread_error(r, c->map, "missing required key '%s' in %s", f->key, what);
            return false;
        }
        v = cs_yread_value_of(r, k, v, req, f->key, what);
        if (!v)
            return false;
        const char *key = f->key;
        switch (f->kind) {
        case CS_F_STR: ok = cs_yval_str(r, v, key, what, p); break;
        case CS_F_ID: ok = cs_yval_id(r, v, key, what, p); break;
        case CS_F_STATE_ID: {
            cs_ref ref;
            ok = cs_yval_ref(r, v, key, what, true, &ref);
            if (ok)
                *(const char **)p = ref.id;
            break;
        }
        case CS_F_REF:
        case CS_F_STATE_REF:
            ok = cs_yval_ref(r, v, key, what, f->kind == CS_F_STATE_REF, p);
            break;
        case CS_F_INT:
            ok = cs_yval_int(r, v, key, what, (long long)f->lo, (long long)f->hi, p);
            break;
        case CS_F_NUM: ok = cs_yval_num(r, v, key, what, f->lo, f->hi, p); break;
        case CS_F_FRAC: ok = cs_yval_frac(r, v, key, what, p); break;
        case CS_F_BOOL: ok = cs_yval_bool(r, v, key, what, p); break;
        case CS_F_TIME: ok = cs_yval_time(r, v, key, what, f->prec, p); break;
        case CS_F_OFFSET: ok = cs_yval_offset(r, v, key, what, p); break;
        case CS_F_EXPR: ok = cs_yval_expr(r, v, key, what, p); break;
        case CS_F_ENUM:
        case CS_F_ENUM_STR: {
            int i;
            ok = cs_yval_enum(r, v, key, what, f->names, &i);
            if (ok && f->kind == CS_F_ENUM)
                *(int *)p = i + (int)f->lo;   /* an enum is an int (or its unsigned type) */
            else if (ok)
                *(const char **)p = f->names[i];
            break;
        }
        default: break;
        }
        if (ok && f->hook) {
            c->value = v;
            ok = f->hook(c, f);
        }
    }
    }
    return ok;
}

static void set_has(void *obj, const cs_field *f, bool ok)
{
    if (f->has)
        *(bool *)at(obj, f->has - 1) = ok;
}

enum { MAXF = 48 };   /* keys in one record, at most */

/* The first pair of map whose key is the scalar key: its key and value nodes. */
static void find_key(cs_yread *r, cs_ynode *map, const char *key, cs_ynode **k, cs_ynode **v)
{
    *k = *v = NULL;
    if (map->type != YAML_MAPPING_NODE)
        return;
    for (uint32_t p = 0; p + 1 < map->n; p += 2) {
        cs_ynode *kn = cs_yread_kid(r, map, p);
        if (kn->type == YAML_SCALAR_NODE && strcmp(kn->s, key) == 0) {
            *k = kn;
            *v = cs_yread_kid(r, map, p + 1);
            return;
        }
    }
}

/* Check n's keys against rec's (plain scalars, known, each once) and note, for each field,
 * the first pair with its key. False if n is not a mapping. */
static bool scan_keys(cs_yread *r, cs_ynode *n, const char *what, const cs_record *rec,
                      cs_ynode **keys, cs_ynode **values)
{
    if (n->type != YAML_MAPPING_NODE) {
        cs_yread_error(r, n, "expected a mapping for %s, found %s", what, cs_ynode_kind(n));
        return false;
    }
    const char *allowed[MAXF];
    size_t field_of[MAXF], na = 0;
    for (size_t i = 0; i < rec->nfields && na < MAXF; i++)
        if (rec->fields[i].key) {
            field_of[na] = i;
            allowed[na++] = rec->fields[i].key;
        }
    for (uint32_t p = 0; p + 1 < n->n; p += 2) {
        cs_ynode *k = cs_yread_kid(r, n, p);
        if (k->type != YAML_SCALAR_NODE) {
            cs_yread_error(r, k, "keys of %s must be plain names, found %s", what,
                           cs_ynode_kind(k));
            continue;
        }
        size_t i = 0;
        while (i < na && strcmp(allowed[i], k->s) != 0)
            i++;
        if (i == na) {
            cs_yread_unknown_key(r, k, what, allowed, na);
            continue;
        }
        size_t f = field_of[i];
        if (keys[f]) {
            cs_yread_duplicate_key(r, k, what, keys[f]);
            continue;
        }
        keys[f] = k;
        values[f] = cs_yread_kid(r, n, p + 1);
    }
    return true;
}

void cs_desc_cat(char *buf, size_t n, const char *a, const char *b, const char *c,
                 const char *d)
{
    const char *parts[] = {a, b, c, d};
    size_t used = 0;
    for (size_t i = 0; i < 4; i++)
        for (const char *p = parts[i]; p && *p && used + 1 < n; p++)
            buf[used++] = *p;
    buf[used] = '\0';
}

static void name_desc(char *desc, const char *name, const char *id)
{
    cs_desc_cat(desc, DESC, name, " '", id ? id : "?", "'");
}

bool cs_read_record(cs_yread *r, cs_ynode *n, const cs_record *rec, void *obj, void *parent,
                    const char *pdesc, struct cs_idset **ids)
{
    char desc[DESC];
    cs_rctx c = {r, n, desc, obj, parent, NULL, 0, ids};
    const cs_field *fs = rec->fields;
    uint64_t done = 0;   /* fields read before the key check */
    cs_ynode *keys[MAXF] = {0}, *values[MAXF] = {0};
    if (rec->init && !rec->init_in_parent)
        rec->init(obj, parent);
    if (rec->naming == CS_NAMED_FIRST) {
        /* The name comes first, for the messages about the record's keys. */
        find_key(r, n, fs[0].key, &keys[0], &values[0]);
        if (read_field(&c, &fs[0], keys[0], values[0], rec->what))
            c.got |= 1;
        set_has(obj, &fs[0], c.got & 1);
        name_desc(desc, rec->name, name_of(obj, &fs[0]));
        done = 1;
        for (size_t i = 1; i < rec->nfields && i < 64; i++)
            if (fs[i].first) {
                find_key(r, n, fs[i].key, &keys[i], &values[i]);
                bool ok = read_field(&c, &fs[i], keys[i], values[i], desc);
                set_has(obj, &fs[i], ok);
                c.got |= (uint64_t)ok << i;
                done |= (uint64_t)1 << i;
            }
        memset(keys, 0, sizeof keys);
        memset(values, 0, sizeof values);
    } else if (rec->naming == CS_UNNAMED) {
        /* rec->desc is fixed text, or holds one %s for the parent's description. */
        const char *hole = strstr(rec->desc, "%s");
        if (hole) {
            char head[DESC];
            size_t nh = (size_t)(hole - rec->desc) < DESC ? (size_t)(hole - rec->desc) : 0;
            memcpy(head, rec->desc, nh);
            head[nh] = '\0';
            cs_desc_cat(desc, DESC, head, pdesc, hole + 2, NULL);
        } else
            cs_desc_cat(desc, DESC, rec->desc, NULL, NULL, NULL);
    }
    const char *kwhat = rec->naming == CS_NAMED_AFTER ? rec->what
                        : rec->map_what                ? rec->map_what
                                                       : desc;
    if (!scan_keys(r, n, kwhat, rec, keys, values))
        return false;
    if (rec->naming == CS_NAMED_AFTER) {
        if (read_field(&c, &fs[0], keys[0], values[0], rec->what))
            c.got |= 1;
        set_has(obj, &fs[0], c.got & 1);
        name_desc(desc, rec->name, name_of(obj, &fs[0]));
        done = 1;
    }
    for (size_t i = 0; i < rec->nfields; i++) {
        if (i < 64 && (done >> i & 1))
            continue;
        bool ok = read_field(&c, &fs[i], keys[i], values[i], desc);
        set_has(obj, &fs[i], ok);
        if (ok && i < 64)
            c.got |= (uint64_t)1 << i;
    }
    return true;
}

bool cs_read_list(cs_yread *r, cs_ynode *map, const char *key, const char *what,
                  const cs_record *rec, void *parent, int count, void **out, uint32_t *n)
{
    const cs_yitem *it = NULL;
    uint32_t cnt = 0;
    cs_ynode *v = cs_yread_get(r, map, key, CS_OPT, what);
    if (v && v->type != YAML_SEQUENCE_NODE) {
        char desc[DESC];
        snprintf(desc, sizeof desc, "'%s' of %s", key, what);
        cs_yread_seq(r, v, desc, &it, &cnt);
    } else if (v) {
        it = r->kids + v->kids;
        cnt = v->n;
    }
    char *a = cs_arena_array(r->arena, cnt ? cnt : 1, rec->size);
    *out = a;
    *n = 0;
    if (!a) {
        nomem(r);
        return false;
    }
    uint32_t last = 0;
    cs_idset *ids = NULL;
    for (uint32_t i = 0; i < cnt; i++) {
        cs_ynode *item = cs_yread_item(r, it[i]);
        void *obj = a + (size_t)i * rec->size;
        *(cs_loc *)at(obj, rec->loc) = cs_yread_loc(r, item);
        if (cs_read_record(r, item, rec, obj, parent, what, &ids))
            last = i + 1;
    }
    cs_idset_free(ids);
    *n = count == CS_COUNT_ALL ? cnt : last;
    return true;
}

/* ---- repeated ids ----------------------------------------------------------------- */

typedef struct ident {
    const char *id;
    uint32_t line, next, tail;   /* next and tail: 1 + index, 0 for none */
} ident;

struct cs_idset {
    uint32_t *slots;             /* 1 + index of the first entry of an id, 0: empty */
    size_t cap;
    ident *e;
    size_t n, ecap;
};

static uint32_t hash_id(const char *s)
{
    uint32_t h = 2166136261u;   /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static uint32_t *slot_of(cs_idset *s, const char *id)
{
    size_t i = hash_id(id) & (s->cap - 1);
    while (s->slots[i] && strcmp(s->e[s->slots[i] - 1].id, id) != 0)
        i = (i + 1) & (s->cap - 1);
    return &s->slots[i];
}

static bool rehash(cs_idset *s, size_t cap)
{
    uint32_t *old = s->slots;
    size_t oldcap = s->cap;
    s->slots = cs_mem_calloc(cap, sizeof *s->slots);
    if (!s->slots) {
        s->slots = old;
        return false;
    }
    s->cap = cap;
    for (size_t i = 0; i < oldcap; i++)
        if (old[i])
            *slot_of(s, s->e[old[i] - 1].id) = old[i];
    cs_mem_free(old);
    return true;
}

bool cs_idset_add(cs_idset **set, const char *id, uint32_t line, cs_yread *r, cs_ynode *where,
                  cs_dup_report report, const void *ctx)
{
    if (!id)
        return true;
    cs_idset *s = *set;
    if (!s) {
        s = cs_mem_calloc(1, sizeof *s);
        if (!s || !rehash(s, 16)) {
            cs_mem_free(s);
            nomem(r);
            return false;
        }
        *set = s;
    }
    if (2 * (s->n + 1) > s->cap && !rehash(s, 2 * s->cap)) {
        nomem(r);
        return false;
    }
    ident *e = cs_mem_grow(s->e, &s->ecap, s->n + 1, sizeof *e);
    if (!e) {
        nomem(r);
        return false;
    }
    s->e = e;
    uint32_t *slot = slot_of(s, id);
    uint32_t me = (uint32_t)s->n + 1;
    s->e[s->n++] = (ident){id, line, 0, me};
    if (!*slot) {
        *slot = me;
        return true;
    }
    uint32_t head = *slot;
    for (uint32_t j = head; j; j = s->e[j - 1].next)
        report(r, where, id, s->e[j - 1].line, ctx);
    s->e[s->e[head - 1].tail - 1].next = me;
    s->e[head - 1].tail = me;
    return true;
}

void cs_idset_free(cs_idset *s)
{
    if (!s)
        return;
    cs_mem_free(s->slots);
    cs_mem_free(s->e);
    cs_mem_free(s);
}

/* ---- the key reference ------------------------------------------------------------ */

static void print_keys(FILE *out, const cs_record *rec, bool required)
{
    bool first = true;
    for (size_t i = 0; i < rec->nfields; i++) {
        const cs_field *f = &rec->fields[i];
        if (!f->key || (f->req == CS_REQ) != required)
            continue;
        fprintf(out, "%s`%s`", first ? " " : ", ", f->key);
        if (f->req == CS_COND && f->doc)
            fprintf(out, " (required %s)", f->doc);
        first = false;
    }
    fprintf(out, "%s |", first ? " -" : "");
}

void cs_schema_print_record(FILE *out, const cs_record *rec, const cs_record **seen,
                            size_t *n, size_t max)
{
    for (size_t i = 0; i < *n; i++)
        if (seen[i] == rec)
            return;
    if (*n < max)
        seen[(*n)++] = rec;
    fprintf(out, "| %s |", rec->title);
    print_keys(out, rec, true);
    print_keys(out, rec, false);
    fprintf(out, "\n");
    for (size_t i = 0; i < rec->nfields; i++)
        if (rec->fields[i].sub)
            cs_schema_print_record(out, rec->fields[i].sub, seen, n, max);
}
