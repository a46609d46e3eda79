#include "load/load_internal.h"
#include "load/read.h"
#include "support/mem.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>

static bool vec_push(cs_loader *l, cs_vec *v, void *p)
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
    cs_mem_free(l->files.v);
    for (int k = 0; k < CS_NKINDS; k++)
        cs_mem_free(l->objs[k].v);
}

void cs_loader_abandon(cs_loader *l)
{
    if (!l)
        return;
    free_vecs(l);
    cs_arena_free(l->arena);
    cs_mem_free(l);
}

/* A file or folder that could not be opened: out of memory when the C library says so
 * (realpath, fopen and opendir allocate), else an I/O error with its reason. */
static cs_status open_error(cs_loader *l, const char *path, const char *what)
{
    if (errno == ENOMEM)
        return cs_diag_file(l->d, CS_ERR_NOMEM, path, "out of memory");
    return cs_diag_file(l->d, CS_ERR_IO, path, "cannot open%s: %s", what, strerror(errno));
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

/* The kinds of document, by the name after `kind:`. */
static const cs_doc_kind doc_kinds[] = {
    {"sources", cs_read_sources, &cs_sources_doc, NULL},
    {"vocabulary", cs_read_vocabulary, &cs_vocabulary_doc, NULL},
    {"catalog", cs_read_catalog, &cs_catalog_doc, NULL},
    {"state", cs_read_state, &cs_state_doc, NULL},
    {"alliance", cs_read_alliance, &cs_alliance_doc, NULL},
    {"scenario", cs_read_scenario, &cs_scenario_doc, cs_scenario_more},
};
enum { NDOC_KINDS = sizeof doc_kinds / sizeof *doc_kinds };

/* Where each kind of object keeps its id. */
static const size_t id_offset[CS_NKINDS] = {
#define ID_OFFSET_(NAME, field, type, id, what) [CS_K_##NAME] = offsetof(type, id),
    CS_MODEL_KINDS(ID_OFFSET_)
#undef ID_OFFSET_
};

/* The document's kind, after its version: NULL when either is wrong (reported). */
static const cs_doc_kind *doc_kind(cs_yread *r, cs_ynode *root)
{
    const char *names[NDOC_KINDS + 1];
    for (size_t i = 0; i < NDOC_KINDS; i++)
        names[i] = doc_kinds[i].name;
    names[NDOC_KINDS] = NULL;
    if (root->type != YAML_MAPPING_NODE) {
        cs_yread_error(r, root, "expected a mapping with 'casus' and 'kind' at the top of "
                       "the file, found %s", cs_ynode_kind(root));
        return NULL;
    }
    double version;
    if (!cs_yread_int(r, root, "casus", CS_REQ, "the file", 0, 1000000, &version))
        return NULL;
    if (version != 1) {
        cs_yread_error(r, cs_yread_get(r, root, "casus", CS_OPT, ""),
                       "unsupported format version %.0f (this casus reads version 1)",
                       version);
        return NULL;
    }
    int kind;
    if (!cs_yread_enum(r, root, "kind", CS_REQ, "the file", names, &kind))
        return NULL;
    return &doc_kinds[kind];
}

/* Parse one file's text (already in the arena) and add the objects it defines that have
 * an id (one without has been reported). */
static cs_status load_text(cs_loader *l, cs_srcfile *f)
{
    if (!vec_push(l, &l->files, f))
        return CS_ERR_NOMEM;
    cs_yread r;
    size_t before = l->d->n + l->d->dropped;
    cs_ynode *root = cs_yread_open(&r, f, l->arena, l->d);
    if (root) {
        const cs_doc_kind *dk = doc_kind(&r, root);
        cs_found found;
        memset(&found, 0, sizeof found);
        if (dk)
            dk->read(&r, root, &found);
        cs_yread_close(&r);
        for (int k = 0; k < CS_NKINDS; k++)
            for (uint32_t i = 0; i < found.of[k].n; i++) {
                char *obj = (char *)found.of[k].base + (size_t)i * found.of[k].stride;
                if (*(const char **)(obj + id_offset[k]) && !vec_push(l, &l->objs[k], obj))
                    return CS_ERR_NOMEM;
            }
    }
    return l->d->n + l->d->dropped == before ? CS_OK : l->d->worst;
}

void cs_load_print_keys(FILE *out)
{
    const cs_record *seen[128];
    size_t n = 0;
    fprintf(out, "| record | required keys | optional keys |\n|---|---|---|\n");
    for (size_t i = 0; i < NDOC_KINDS; i++) {
        cs_schema_print_record(out, doc_kinds[i].root, seen, &n, 128);
        for (const cs_record *const *m = doc_kinds[i].more; m && *m; m++)
            cs_schema_print_record(out, *m, seen, &n, 128);
    }
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
        return open_error(l, path, "");
    if (already_loaded(l, real))
        return CS_OK;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return open_error(l, path, "");
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
 * a library loads the same way on every file system. Returns the first error (a folder
 * that cannot be opened), or CS_ERR_NOMEM at once. */
static cs_status collect(cs_loader *l, const char *dir, int depth, cs_vec *out)
{
    if (depth > 8)
        return CS_OK;
    DIR *dp = opendir(dir);
    if (!dp)
        return open_error(l, dir, " folder");
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
        cs_status s = CS_OK;
        if (S_ISDIR(sb.st_mode))
            s = collect(l, p, depth + 1, out);
        else if (S_ISREG(sb.st_mode) && has_suffix(e->d_name, ".yaml"))
            s = vec_push(l, out, p) ? CS_OK : CS_ERR_NOMEM;
        if (s == CS_ERR_NOMEM) {
            st = s;
            break;
        }
        /* A folder that cannot be read is reported; the files found elsewhere still load,
         * whatever order the entries come in. */
        if (st == CS_OK)
            st = s;
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
    if (st != CS_ERR_NOMEM) {
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

cs_model *cs_loader_finish(cs_loader *l)
{
    cs_model *m = cs_arena_alloc(l->arena, sizeof *m);
    bool ok = m != NULL;
    /* Each vector becomes an arena array of its own element type, filled element by
     * element (no pointer is read through another pointer type). */
#define FREEZE(vec, T, field, count)                                                    \
    do {                                                                                \
        const T **a_ = ok ? cs_arena_array(l->arena, (vec).n ? (vec).n : 1, sizeof *a_)   \
                          : NULL;                                                       \
        ok = a_ != NULL;                                                                \
        for (size_t i_ = 0; ok && i_ < (vec).n; i_++)                                   \
            a_[i_] = (vec).v[i_];                                                       \
        if (ok) {                                                                       \
            m->field = a_;                                                              \
            m->count = (uint32_t)(vec).n;                                               \
        }                                                                               \
    } while (0)
    FREEZE(l->files, cs_srcfile, files, nfiles);
#define FREEZE_KIND_(NAME, field, type, id, what) \
    FREEZE(l->objs[CS_K_##NAME], type, field, n##field);
    CS_MODEL_KINDS(FREEZE_KIND_)
#undef FREEZE_KIND_
#undef FREEZE
    /* A fact's slot in an environment is its place in the vocabulary (model/names.h). */
    for (size_t i = 0; ok && i < l->objs[CS_K_VOCAB].n; i++)
        ((cs_vocab *)l->objs[CS_K_VOCAB].v[i])->index = (uint32_t)i;
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
