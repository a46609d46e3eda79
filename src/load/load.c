#include "load/load_internal.h"
#include "support/mem.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

bool cs_vec_push(cs_loader *l, cs_vec *v, void *p)
{
    void **nv = cs_mem_grow(v->v, &v->cap, v->n + 1, sizeof *v->v);
    if (!nv) {
        cs_diag_file(l->d, CS_ERR_NOMEM, NULL, "out of memory");
        return false;
    }
    v->v = nv;
    v->v[v->n++] = p;
    return true;
}

void *cs_load_alloc(cs_loader *l, cs_yread *r, size_t size)
{
    void *p = cs_arena_alloc(l->arena, size);
    if (!p)
        cs_diag_file(l->d, CS_ERR_NOMEM, r ? r->file->name : NULL, "out of memory");
    return p;
}

void *cs_load_array(cs_loader *l, cs_yread *r, uint32_t n, size_t size)
{
    void *p = cs_arena_array(l->arena, n ? n : 1, size);
    if (!p)
        cs_diag_file(l->d, CS_ERR_NOMEM, r ? r->file->name : NULL, "out of memory");
    return p;
}

cs_loader *cs_loader_new(cs_diags *d)
{
    cs_loader *l = cs_mem_calloc(1, sizeof *l);
    if (!l)
        return NULL;
    l->d = d;
    l->arena = cs_arena_new();
    if (!l->arena) {
        cs_mem_free(l);
        return NULL;
    }
    return l;
}

static void free_vecs(cs_loader *l)
{
    cs_vec *all[] = {&l->files, &l->sources, &l->vocab, &l->aircraft, &l->unit_types,
                     &l->site_kinds, &l->params, &l->states, &l->airfields, &l->units,
                     &l->alliances, &l->scenarios};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        cs_mem_free(all[i]->v);
}

void cs_loader_abandon(cs_loader *l)
{
    if (!l)
        return;
    free_vecs(l);
    cs_arena_free(l->arena);
    cs_mem_free(l);
}

static bool already_loaded(cs_loader *l, const char *real)
{
    for (size_t i = 0; i < l->files.n; i++) {
        const cs_srcfile *f = l->files.v[i];
        if (f->real && strcmp(f->real, real) == 0)
            return true;
    }
    return false;
}

/* Parse one file's text (already in the arena) and add what it defines. */
static cs_status load_text(cs_loader *l, cs_srcfile *f)
{
    if (!cs_vec_push(l, &l->files, f))
        return CS_ERR_NOMEM;
    cs_yread r;
    size_t before = l->d->n + l->d->dropped;
    cs_ynode *root = cs_yread_open(&r, f, l->arena, l->d);
    if (root) {
        cs_parse_document(l, &r, root);
        cs_yread_close(&r);
    }
    return l->d->n + l->d->dropped == before ? CS_OK : l->d->worst;
}

cs_status cs_loader_add_buffer(cs_loader *l, const char *name, const char *text, size_t len)
{
    cs_srcfile *f = cs_arena_alloc(l->arena, sizeof *f);
    char *t = f ? cs_arena_strndup(l->arena, text, len) : NULL;
    char *n = t ? cs_arena_strdup(l->arena, name) : NULL;
    if (!n)
        return cs_diag_file(l->d, CS_ERR_NOMEM, name, "out of memory");
    *f = (cs_srcfile){n, NULL, t, len};
    return load_text(l, f);
}

cs_status cs_loader_add_file(cs_loader *l, const char *path)
{
    char real[PATH_MAX];
    if (!realpath(path, real))
        return cs_diag_file(l->d, CS_ERR_IO, path, "cannot open: %s", strerror(errno));
    if (already_loaded(l, real))
        return CS_OK;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return cs_diag_file(l->d, CS_ERR_IO, path, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fileno(fp), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(fp);
        return cs_diag_file(l->d, CS_ERR_IO, path, "not a regular file");
    }
    if (st.st_size > CS_YAML_MAX_BYTES) {
        fclose(fp);
        return cs_diag_file(l->d, CS_ERR_IO, path,
                            "file too large (%lld bytes; the limit is %d)",
                            (long long)st.st_size, CS_YAML_MAX_BYTES);
    }
    size_t len = (size_t)st.st_size;
    cs_srcfile *f = cs_arena_alloc(l->arena, sizeof *f);
    char *t = f ? cs_arena_alloc(l->arena, len + 1) : NULL;
    char *n = t ? cs_arena_strdup(l->arena, path) : NULL;
    char *rp = n ? cs_arena_strdup(l->arena, real) : NULL;
    if (!rp) {
        fclose(fp);
        return cs_diag_file(l->d, CS_ERR_NOMEM, path, "out of memory");
    }
    size_t got = fread(t, 1, len, fp);
    int err = ferror(fp);
    fclose(fp);
    if (err || got != len)
        return cs_diag_file(l->d, CS_ERR_IO, path, "read error");
    t[len] = '\0';
    *f = (cs_srcfile){n, rp, t, len};
    return load_text(l, f);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n > m && strcmp(s + n - m, suf) == 0;
}

/* Collect *.yaml paths below dir (depth-limited), then load them in sorted order so that
 * a library loads the same way on every file system. */
static cs_status collect(cs_loader *l, const char *dir, int depth, cs_vec *out)
{
    if (depth > 8)
        return CS_OK;
    DIR *dp = opendir(dir);
    if (!dp)
        return cs_diag_file(l->d, CS_ERR_IO, dir, "cannot open folder: %s", strerror(errno));
    cs_status st = CS_OK;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        size_t n = strlen(dir) + strlen(e->d_name) + 2;
        char *p = cs_arena_alloc(l->arena, n);
        if (!p) {
            st = cs_diag_file(l->d, CS_ERR_NOMEM, dir, "out of memory");
            break;
        }
        snprintf(p, n, "%s/%s", dir, e->d_name);
        struct stat sb;
        if (stat(p, &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode))
            st = collect(l, p, depth + 1, out);
        else if (S_ISREG(sb.st_mode) && has_suffix(e->d_name, ".yaml"))
            st = cs_vec_push(l, out, p) ? CS_OK : CS_ERR_NOMEM;
        if (st == CS_ERR_NOMEM)
            break;
    }
    closedir(dp);
    return st;
}

cs_status cs_loader_add_dir(cs_loader *l, const char *dir)
{
    cs_vec paths = {0};
    cs_status st = collect(l, dir, 0, &paths);
    if (st == CS_OK && paths.n == 0)
        st = cs_diag_file(l->d, CS_ERR_IO, dir, "no .yaml files in the data folder");
    if (st == CS_OK) {
        qsort(paths.v, paths.n, sizeof *paths.v, cmp_str);
        for (size_t i = 0; i < paths.n; i++) {
            cs_status s = cs_loader_add_file(l, paths.v[i]);
            if (s == CS_ERR_NOMEM) {
                st = s;
                break;
            }
        }
    }
    cs_mem_free(paths.v);
    return st;
}

/* Copy a vector into an arena array of const pointers. */
static bool freeze(cs_loader *l, cs_vec *v, const void ***out, uint32_t *n)
{
    *out = cs_arena_array(l->arena, v->n ? v->n : 1, sizeof **out);
    if (!*out)
        return false;
    if (v->n)
        memcpy((void *)*out, v->v, v->n * sizeof *v->v);
    *n = (uint32_t)v->n;
    return true;
}

cs_model *cs_loader_finish(cs_loader *l)
{
    cs_model *m = cs_arena_alloc(l->arena, sizeof *m);
    bool ok = m != NULL;
#define FREEZE(vec, field, count) ok = ok && freeze(l, &l->vec, (const void ***)&m->field, &m->count)
    FREEZE(files, files, nfiles);
    FREEZE(sources, sources, nsources);
    FREEZE(vocab, vocab, nvocab);
    FREEZE(aircraft, aircraft, naircraft);
    FREEZE(unit_types, unit_types, nunit_types);
    FREEZE(site_kinds, site_kinds, nsite_kinds);
    FREEZE(params, params, nparams);
    FREEZE(states, states, nstates);
    FREEZE(airfields, airfields, nairfields);
    FREEZE(units, units, nunits);
    FREEZE(alliances, alliances, nalliances);
    FREEZE(scenarios, scenarios, nscenarios);
#undef FREEZE
    if (!ok)
        cs_diag_file(l->d, CS_ERR_NOMEM, NULL, "out of memory");
    /* Link even after parse errors: dangling references are worth reporting together. */
    if (ok && l->d->worst != CS_ERR_NOMEM)
        ok = cs_link(l, m) && !cs_diags_any(l->d);
    /* Expressions compile against a clean library: names and types must be settled. */
    if (ok)
        ok = cs_compile_library(l, m) && !cs_diags_any(l->d);
    else
        ok = false;
    if (!ok) {
        cs_loader_abandon(l);
        return NULL;
    }
    m->arena = l->arena;
    l->arena = NULL;
    cs_loader_abandon(l);
    return m;
}

const cs_scenario *cs_model_scenario_in_file(const cs_model *m, const char *path)
{
    char real[PATH_MAX];
    if (!realpath(path, real))
        return NULL;
    for (uint32_t i = 0; i < m->nscenarios; i++) {
        const cs_srcfile *f = m->scenarios[i]->file;
        if (f && f->real && strcmp(f->real, real) == 0)
            return m->scenarios[i];
    }
    return NULL;
}
