/* compile.c - compile the expressions of a linked library: doctrine definitions (with their
 * cycles), clause triggers and political factors, against the slot layout of
 * model/names.h. Errors point at the column inside the YAML file. */
#include "expr/expr.h"
#include "load/load_internal.h"
#include "model/names.h"
#include "support/mem.h"

#include <stdlib.h>
#include <string.h>

enum { DEF_TODO, DEF_BUSY, DEF_DONE, DEF_FAILED };

/* The definitions of one doctrine, by alliance-wide name index: sorted (name, k) pairs. */
typedef struct defpair {
    uint32_t name, k;
} defpair;

typedef struct compiler {
    cs_loader *l;
    cs_model *m;
    cs_alliance *a;
    /* Every defined name of the alliance, hashed (open addressing; 0 = empty slot, else
     * name index + 1), so that a library of many definitions loads in linear time. */
    uint32_t *hash;
    size_t hcap;
    defpair **docpairs;      /* per doctrine, sorted by name index */
    uint32_t *npairs;
    cs_doctrine *doc;        /* compiling this doctrine's definitions, or NULL */
    uint32_t idoc;
    unsigned char *state;    /* per definition of doc: DEF_* */
    uint32_t *height;        /* per definition of doc: definitions nested in it, itself too */
    uint32_t depth;          /* definitions being compiled inside one another */
    uint32_t inner;          /* the tallest definition referred to by the one compiling */
    bool deep_reported;      /* one "nested too deeply" per doctrine is enough */
    const char **known;
    size_t nknown;
    bool oom;
} compiler;

static uint32_t hash_str(const char *s)
{
    uint32_t h = 2166136261u;   /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* The slot of name in c->hash: its entry, or the empty slot where it would go. */
static uint32_t *hash_slot(const compiler *c, const char *name)
{
    size_t i = hash_str(name) & (c->hcap - 1);
    while (c->hash[i] && strcmp(c->a->defnames[c->hash[i] - 1], name) != 0)
        i = (i + 1) & (c->hcap - 1);
    return &c->hash[i];
}

static int def_index(const compiler *c, const char *name)
{
    uint32_t e = *hash_slot(c, name);
    return e ? (int)(e - 1) : -1;
}

/* The definition of name index di in doctrine i, or NULL. */
static const cs_def *doc_def(const compiler *c, uint32_t i, int di)
{
    const cs_doctrine *d = &c->a->doctrines[i];
    const defpair *p = c->docpairs[i];
    size_t n = c->npairs[i], lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (p[mid].name < (uint32_t)di)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && p[lo].name == (uint32_t)di ? &d->defs[p[lo].k] : NULL;
}

static bool compile_def(compiler *c, uint32_t k, const cs_loc *where);

static cs_resolved resolve(void *ctx, const char *name, const cs_loc *where, cs_symbol *out)
{
    compiler *c = ctx;
    int slot = cs_slot_index(c->m, name);
    if (slot >= 0) {
        out->kind = CS_SYM_SLOT;
        out->index = (uint32_t)slot;
        out->type = slot < CS_NBUILTIN ? cs_builtins[slot].type
                                       : c->m->vocab[slot - CS_NBUILTIN]->type;
        return CS_RESOLVE_FOUND;
    }
    int di = def_index(c, name);
    if (di < 0)
        return CS_RESOLVE_UNKNOWN;
    out->kind = CS_SYM_DEF;
    out->index = (uint32_t)di;
    if (c->doc) {
        /* Inside a doctrine: the name must be one of its own definitions. */
        const cs_def *d = doc_def(c, c->idoc, di);
        if (!d) {
            cs_diag_at(c->l->d, CS_ERR_EXPR, where, "doctrine '%s' does not define '%s'",
                       c->doc->id, name);
            return CS_RESOLVE_FAILED;
        }
        uint32_t k = (uint32_t)(d - c->doc->defs);
        if (c->state[k] == DEF_BUSY) {
            cs_diag_at(c->l->d, CS_ERR_EXPR, where,
                       "definition '%s' refers to itself (a cycle of definitions in doctrine "
                       "'%s')", name, c->doc->id);
            return CS_RESOLVE_FAILED;
        }
        if (!compile_def(c, k, where))
            return CS_RESOLVE_FAILED;
        if (c->height[k] > c->inner)
            c->inner = c->height[k];
        out->type = c->a->deftypes[di];
        return CS_RESOLVE_FOUND;
    }
    /* Outside doctrines: every doctrine must define it, since any may be in force. */
    for (uint32_t i = 0; i < c->a->ndoctrines; i++)
        if (!doc_def(c, i, di)) {
            cs_diag_at(c->l->d, CS_ERR_EXPR, where,
                       "'%s' is not defined by doctrine '%s', which may be in force",
                       name, c->a->doctrines[i].id);
            return CS_RESOLVE_FAILED;
        }
    out->type = c->a->deftypes[di];
    return CS_RESOLVE_FOUND;
}

/* Parse and check one expression; its type must be `want` (or any, when want < 0). */
static const cs_expr *compile(compiler *c, cs_exprsrc *src, int want, const char *what,
                              cs_type *got)
{
    cs_expr *e = cs_expr_parse(c->l->arena, src, c->l->d);
    if (!e)
        return NULL;
    cs_resolver r = {resolve, c, c->known, c->nknown};
    cs_type t = CS_T_UNKNOWN;
    if (!cs_expr_check(e, &r, c->l->d, &t))
        return NULL;
    if (want >= 0 && t != (cs_type)want) {
        cs_loc loc = cs_expr_loc(src, 0);
        cs_diag_at(c->l->d, CS_ERR_EXPR, &loc, "%s must be a %s, found a %s", what,
                   cs_type_name((cs_type)want), cs_type_name(t));
        return NULL;
    }
    if (got)
        *got = t;
    src->compiled = e;
    return e;
}

/* Report, once per doctrine, definitions nested deeper than evaluation goes. */
static void too_deep(compiler *c, const cs_loc *where, const char *name)
{
    if (c->deep_reported)
        return;
    c->deep_reported = true;
    cs_diag_at(c->l->d, CS_ERR_EXPR, where,
               "definitions nested more than %d deep at '%s' (evaluation could never reach "
               "the innermost)", CS_EXPR_MAX_CALL_DEPTH, name);
}

/* Compile definition k of c->doc, first compiling the definitions it refers to (so the
 * recursion is as deep as definitions nest; it stops past CS_EXPR_MAX_CALL_DEPTH, since
 * evaluation could never go deeper). `where` is the reference that asked, or NULL. */
static bool compile_def(compiler *c, uint32_t k, const cs_loc *where)
{
    if (c->state[k] == DEF_DONE)
        return true;
    if (c->state[k] == DEF_FAILED)
        return false;
    cs_def *d = &c->doc->defs[k];
    if (c->depth >= CS_EXPR_MAX_CALL_DEPTH) {
        too_deep(c, where ? where : &d->loc, d->name);
        return false;   /* left to do: compiled from a shallower place, or reported there */
    }
    c->state[k] = DEF_BUSY;
    uint32_t outer = c->inner;
    c->inner = 0;
    c->depth++;
    cs_type t = CS_T_UNKNOWN;
    char what[96];
    snprintf(what, sizeof what, "definition '%s'", d->name);
    const cs_expr *e = compile(c, &d->expr, -1, what, &t);
    c->depth--;
    c->height[k] = c->inner + 1;
    c->inner = outer;
    if (e && c->height[k] > CS_EXPR_MAX_CALL_DEPTH) {
        too_deep(c, &d->loc, d->name);
        e = NULL;
    }
    int di = def_index(c, d->name);
    if (e && di >= 0) {
        /* The first doctrine compiled sets the type; the others must agree. */
        if (c->a->deftypes[di] == CS_T_UNKNOWN)
            c->a->deftypes[di] = t;
        else if (c->a->deftypes[di] != t) {
            cs_diag_at(c->l->d, CS_ERR_EXPR, &d->loc,
                       "'%s' is a %s here but a %s in another doctrine", d->name,
                       cs_type_name(t), cs_type_name(c->a->deftypes[di]));
            e = NULL;
        }
        c->doc->bydef[di] = e;
    }
    c->state[k] = e ? DEF_DONE : DEF_FAILED;
    return e != NULL;
}

static int cmp_pair(const void *x, const void *y)
{
    const defpair *a = x, *b = y;
    return a->name < b->name ? -1 : a->name > b->name;
}

static bool collect_names(compiler *c)
{
    cs_alliance *a = c->a;
    uint32_t max = 0;
    for (uint32_t i = 0; i < a->ndoctrines; i++)
        max += a->doctrines[i].ndefs;
    a->defnames = cs_arena_array(c->l->arena, max ? max : 1, sizeof *a->defnames);
    a->deftypes = cs_arena_array(c->l->arena, max ? max : 1, sizeof *a->deftypes);
    if (!a->defnames || !a->deftypes)
        return false;
    c->hcap = 16;
    while (c->hcap < 2 * (size_t)max)
        c->hcap *= 2;
    c->hash = cs_mem_calloc(c->hcap, sizeof *c->hash);
    c->docpairs = cs_mem_calloc(a->ndoctrines ? a->ndoctrines : 1, sizeof *c->docpairs);
    c->npairs = cs_mem_calloc(a->ndoctrines ? a->ndoctrines : 1, sizeof *c->npairs);
    if (!c->hash || !c->docpairs || !c->npairs)
        return false;
    for (uint32_t i = 0; i < a->ndoctrines; i++) {
        const cs_doctrine *d = &a->doctrines[i];
        defpair *p = cs_mem_calloc(d->ndefs ? d->ndefs : 1, sizeof *p);
        if (!p)
            return false;
        c->docpairs[i] = p;
        size_t np = 0;
        for (uint32_t k = 0; k < d->ndefs; k++) {
            const char *n = d->defs[k].name;
            if (!n)
                continue;
            uint32_t *slot = hash_slot(c, n);
            if (!*slot) {
                a->deftypes[a->ndefnames] = CS_T_UNKNOWN;
                a->defnames[a->ndefnames++] = n;
                *slot = a->ndefnames;
            }
            p[np++] = (defpair){*slot - 1, k};
        }
        /* A doctrine defines a name once (the reader reports repeats): sorted by name. */
        qsort(p, np, sizeof *p, cmp_pair);
        c->npairs[i] = (uint32_t)np;
    }
    size_t nk = CS_NBUILTIN + c->m->nvocab + a->ndefnames;
    c->known = cs_mem_calloc(nk, sizeof *c->known);
    if (!c->known)
        return false;
    for (int i = 0; i < CS_NBUILTIN; i++)
        c->known[c->nknown++] = cs_builtins[i].name;
    for (uint32_t i = 0; i < c->m->nvocab; i++)
        c->known[c->nknown++] = c->m->vocab[i]->path;
    for (uint32_t i = 0; i < a->ndefnames; i++)
        c->known[c->nknown++] = a->defnames[i];
    return true;
}

static bool compile_alliance(compiler *c)
{
    cs_alliance *a = c->a;
    if (!collect_names(c))
        return false;
    for (uint32_t i = 0; i < a->ndoctrines; i++) {
        cs_doctrine *d = &a->doctrines[i];
        d->bydef = cs_arena_array(c->l->arena, a->ndefnames ? a->ndefnames : 1,
                                  sizeof *d->bydef);
        c->state = cs_mem_calloc(d->ndefs ? d->ndefs : 1, 1);
        c->height = cs_mem_calloc(d->ndefs ? d->ndefs : 1, sizeof *c->height);
        if (!d->bydef || !c->state || !c->height)
            return false;
        c->doc = d;
        c->idoc = i;
        c->deep_reported = false;
        for (uint32_t k = 0; k < d->ndefs; k++)
            if (d->defs[k].name)
                compile_def(c, k, NULL);
        cs_mem_free(c->state);
        cs_mem_free(c->height);
        c->state = NULL;
        c->height = NULL;
        c->doc = NULL;
    }
    char what[128];
    for (uint32_t i = 0; i < a->nclauses; i++) {
        snprintf(what, sizeof what, "the trigger of clause '%s'", a->clauses[i].id);
        compile(c, &a->clauses[i].trigger, CS_T_BOOL, what, NULL);
    }
    for (uint32_t i = 0; i < a->ntasks; i++) {
        snprintf(what, sizeof what, "the condition of task '%s'", a->tasks[i].id);
        compile(c, &a->tasks[i].when, CS_T_BOOL, what, NULL);
    }
    for (uint32_t i = 0; i < a->politics.nfactors; i++) {
        cs_factor *f = &a->politics.factors[i];
        snprintf(what, sizeof what, "the condition of factor '%s'", f->id);
        if (f->has_when)
            compile(c, &f->when, CS_T_BOOL, what, NULL);
        snprintf(what, sizeof what, "the value of factor '%s'", f->id);
        if (f->has_value)
            compile(c, &f->value, CS_T_NUM, what, NULL);
    }
    return true;
}

bool cs_compile_library(cs_loader *l, cs_model *m)
{
    /* The loader's own list holds the alliances as writable objects. */
    for (size_t i = 0; i < l->objs[CS_K_ALLIANCES].n; i++) {
        compiler c = {.l = l, .m = m, .a = l->objs[CS_K_ALLIANCES].v[i]};
        bool ok = compile_alliance(&c);
        cs_mem_free(c.known);
        cs_mem_free(c.state);
        cs_mem_free(c.height);
        cs_mem_free(c.hash);
        for (uint32_t k = 0; c.docpairs && k < c.a->ndoctrines; k++)
            cs_mem_free(c.docpairs[k]);
        cs_mem_free(c.docpairs);
        cs_mem_free(c.npairs);
        if (!ok) {
            cs_diag_file(l->d, CS_ERR_NOMEM, NULL, "out of memory");
            return false;
        }
    }
    return true;
}
