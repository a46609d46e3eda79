/* compile.c - compile the expressions of a linked library: doctrine definitions (with their
 * cycles), clause triggers and political factors, against the slot layout of
 * model/names.h. Errors point at the column inside the YAML file. */
#include "expr/expr.h"
#include "load/load_internal.h"
#include "model/names.h"
#include "support/mem.h"

#include <string.h>

enum { DEF_TODO, DEF_BUSY, DEF_DONE, DEF_FAILED };

typedef struct compiler {
    cs_loader *l;
    cs_model *m;
    cs_alliance *a;
    cs_doctrine *doc;        /* compiling this doctrine's definitions, or NULL */
    unsigned char *state;    /* per definition of doc: DEF_* */
    const char **known;
    size_t nknown;
    bool oom;
} compiler;

static int def_index(const cs_alliance *a, const char *name)
{
    for (uint32_t i = 0; i < a->ndefnames; i++)
        if (strcmp(a->defnames[i], name) == 0)
            return (int)i;
    return -1;
}

static const cs_def *doc_def(const cs_doctrine *d, const char *name)
{
    for (uint32_t i = 0; i < d->ndefs; i++)
        if (d->defs[i].name && strcmp(d->defs[i].name, name) == 0)
            return &d->defs[i];
    return NULL;
}

static bool compile_def(compiler *c, uint32_t k);

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
    int di = def_index(c->a, name);
    if (di < 0)
        return CS_RESOLVE_UNKNOWN;
    out->kind = CS_SYM_DEF;
    out->index = (uint32_t)di;
    if (c->doc) {
        /* Inside a doctrine: the name must be one of its own definitions. */
        const cs_def *d = doc_def(c->doc, name);
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
        if (!compile_def(c, k))
            return CS_RESOLVE_FAILED;
        out->type = c->a->deftypes[di];
        return CS_RESOLVE_FOUND;
    }
    /* Outside doctrines: every doctrine must define it, since any may be in force. */
    for (uint32_t i = 0; i < c->a->ndoctrines; i++)
        if (!doc_def(&c->a->doctrines[i], name)) {
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
    cs_type t;
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

static bool compile_def(compiler *c, uint32_t k)
{
    if (c->state[k] == DEF_DONE)
        return true;
    if (c->state[k] == DEF_FAILED)
        return false;
    cs_def *d = &c->doc->defs[k];
    c->state[k] = DEF_BUSY;
    cs_type t;
    char what[96];
    snprintf(what, sizeof what, "definition '%s'", d->name);
    const cs_expr *e = compile(c, &d->expr, -1, what, &t);
    int di = def_index(c->a, d->name);
    if (e && di >= 0) {
        /* The first doctrine compiled sets the type; the others must agree. */
        if (c->a->deftypes[di] == (cs_type)-1)
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
    for (uint32_t i = 0; i < a->ndoctrines; i++)
        for (uint32_t k = 0; k < a->doctrines[i].ndefs; k++) {
            const char *n = a->doctrines[i].defs[k].name;
            if (n && def_index(a, n) < 0) {
                a->deftypes[a->ndefnames] = (cs_type)-1;
                a->defnames[a->ndefnames++] = n;
            }
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
        if (!d->bydef || !c->state)
            return false;
        c->doc = d;
        for (uint32_t k = 0; k < d->ndefs; k++)
            if (d->defs[k].name)
                compile_def(c, k);
        cs_mem_free(c->state);
        c->state = NULL;
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
    for (size_t i = 0; i < l->alliances.n; i++) {
        compiler c = {.l = l, .m = m, .a = l->alliances.v[i]};
        bool ok = compile_alliance(&c);
        cs_mem_free(c.known);
        cs_mem_free(c.state);
        if (!ok) {
            cs_diag_file(l->d, CS_ERR_NOMEM, NULL, "out of memory");
            return false;
        }
    }
    return true;
}
