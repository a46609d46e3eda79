#include "load/load_internal.h"
#include "load/read.h"
#include "support/mem.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
    cs_mem_free(l->seen);
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

/* FNV-1a: the hash of the real-path set. */
static size_t hash_str(const char *s)
{
    uint64_t h = 14695981039346656037u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return (size_t)h;
}

/* The slot of real in the set: where it is, or the empty slot where it would go. The set
 * is never full (seen_add keeps it at most half full). */
static size_t seen_slot(const cs_loader *l, const char *real)
{
    size_t mask = l->seencap - 1, i = hash_str(real) & mask;
    while (l->seen[i] && strcmp(l->seen[i], real) != 0)
        i = (i + 1) & mask;
    return i;
}

static bool already_loaded(const cs_loader *l, const char *real)
{
    return l->seencap && l->seen[seen_slot(l, real)];
}

/* Add a real path (kept, not copied) to the set; false when out of memory (reported). */
static bool seen_add(cs_loader *l, const char *real)
{
    if (2 * (l->nseen + 1) > l->seencap) {
        size_t cap = l->seencap ? 2 * l->seencap : 64;
        const char **old = l->seen;
        size_t oldcap = l->seencap;
        l->seen = cs_mem_calloc(cap, sizeof *l->seen);
        if (!l->seen) {
            l->seen = old;
            cs_diag_file(l->d, CS_ERR_NOMEM, real, "out of memory");
            return false;
        }
        l->seencap = cap;
        for (size_t i = 0; i < oldcap; i++)
            if (old[i])
                l->seen[seen_slot(l, old[i])] = old[i];
        cs_mem_free(old);
    }
    l->seen[seen_slot(l, real)] = real;
    l->nseen++;
    return true;
}

/* The kinds of document, by the name after `kind:`. */
static const cs_doc_kind doc_kinds[] = {
    {"sources", cs_read_sources, &cs_sources_doc, NULL},
    {"vocabulary", cs_read_vocabulary, &cs_vocabulary_doc, NULL},
    {"catalog", cs_read_catalog, &cs_catalog_doc, NULL},
    {"state", cs_read_state, &cs_state_doc, NULL},
    {"actors", cs_read_actors, &cs_actors_doc, NULL},
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
    if (!cs_srcfile_index(f, l->arena) || !vec_push(l, &l->files, f))
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
    *f = (cs_srcfile){n, NULL, t, len, NULL, 0};
    return load_text(l, f);
}

/* Read len bytes of fd into t; false on a read error or a file that shrank. */
static bool read_all(int fd, char *t, size_t len)
{
    size_t got = 0;
    while (got < len) {
        ssize_t n = read(fd, t + got, len - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        got += (size_t)n;
    }
    return true;
}

cs_status cs_loader_add_file(cs_loader *l, const char *path)
{
    char real[PATH_MAX];
    if (!realpath(path, real))
        return open_error(l, path, "");
    if (already_loaded(l, real))
        return CS_OK;
    /* Opened without waiting, then checked on the open file: a FIFO (or a device) named
     * like a data file is refused instead of blocking the run, and nothing can be swapped
     * in between the check and the read. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return open_error(l, path, "");
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return cs_diag_file(l->d, CS_ERR_IO, path, "not a regular file");
    }
    if (st.st_size > CS_YAML_MAX_BYTES) {
        close(fd);
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
        close(fd);
        return cs_diag_file(l->d, CS_ERR_NOMEM, path, "out of memory");
    }
    bool ok = read_all(fd, t, len);
    close(fd);
    if (!ok)
        return cs_diag_file(l->d, CS_ERR_IO, path, "read error");
    t[len] = '\0';
    *f = (cs_srcfile){n, rp, t, len, NULL, 0};
    if (!seen_add(l, rp))
        return CS_ERR_NOMEM;
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

/* A folder walked: its device and inode. */
typedef struct dir_id {
    dev_t dev;
    ino_t ino;
} dir_id;

/* The state of a walk of the data folder: where it is (its real path), the folders
 * already walked (hashed, open addressing, at most half full) and the paths found. */
typedef struct walk {
    cs_loader *l;
    const char *top;          /* real path of the data folder */
    size_t ntop;
    dir_id *dirs;
    bool *used;
    size_t ndirs, dircap;
    cs_vec *out;
} walk;

static size_t dir_hash(dir_id id, size_t mask)
{
    uint64_t h = ((uint64_t)id.dev * 0x9E3779B97F4A7C15u) ^ (uint64_t)id.ino;
    h *= 0xBF58476D1CE4E5B9u;
    return (size_t)(h ^ (h >> 31)) & mask;
}

/* Mark a folder walked. Returns 1 when it is new, 0 when it was walked already (a link
 * back to it, or a second link), -1 when out of memory (reported). */
static int visit(walk *w, const struct stat *sb)
{
    dir_id id = {sb->st_dev, sb->st_ino};
    if (2 * (w->ndirs + 1) > w->dircap) {
        size_t cap = w->dircap ? 2 * w->dircap : 64;
        dir_id *d = cs_mem_calloc(cap, sizeof *d);
        bool *u = d ? cs_mem_calloc(cap, sizeof *u) : NULL;
        if (!u) {
            cs_mem_free(d);
            cs_diag_file(w->l->d, CS_ERR_NOMEM, NULL, "out of memory");
            return -1;
        }
        for (size_t i = 0; i < w->dircap; i++) {
            if (!w->used[i])
                continue;
            size_t j = dir_hash(w->dirs[i], cap - 1);
            while (u[j])
                j = (j + 1) & (cap - 1);
            d[j] = w->dirs[i];
            u[j] = true;
        }
        cs_mem_free(w->dirs);
        cs_mem_free(w->used);
        w->dirs = d;
        w->used = u;
        w->dircap = cap;
    }
    size_t mask = w->dircap - 1, i = dir_hash(id, mask);
    for (; w->used[i]; i = (i + 1) & mask)
        if (w->dirs[i].dev == id.dev && w->dirs[i].ino == id.ino)
            return 0;
    w->dirs[i] = id;
    w->used[i] = true;
    w->ndirs++;
    return 1;
}

/* True when the real path p is the data folder or inside it. */
static bool inside(const walk *w, const char *p)
{
    if (strcmp(w->top, "/") == 0)
        return true;
    return strncmp(p, w->top, w->ntop) == 0 && (p[w->ntop] == '\0' || p[w->ntop] == '/');
}

/* The names in dir that do not start with '.', sorted (in the arena, with their count);
 * NULL with *n = 0 for an empty folder. *st is an error when the folder cannot be read
 * (reported) or memory ran out. */
static char **sorted_names(walk *w, const char *dir, size_t *n, cs_status *st)
{
    cs_vec names = {0};
    *n = 0;
    *st = CS_OK;
    DIR *dp = opendir(dir);
    if (!dp) {
        *st = open_error(w->l, dir, " folder");
        return NULL;
    }
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char *name = cs_arena_strdup(w->l->arena, e->d_name);
        if (!name || !vec_push(w->l, &names, name)) {
            if (!name)
                cs_diag_file(w->l->d, CS_ERR_NOMEM, dir, "out of memory");
            *st = CS_ERR_NOMEM;
            break;
        }
    }
    closedir(dp);
    if (*st == CS_OK)
        qsort(names.v, names.n, sizeof *names.v, cmp_str);
    char **v = cs_arena_array(w->l->arena, names.n ? names.n : 1, sizeof *v);
    if (!v && *st == CS_OK) {
        cs_diag_file(w->l->d, CS_ERR_NOMEM, dir, "out of memory");
        *st = CS_ERR_NOMEM;
    }
    if (*st == CS_OK) {
        for (size_t i = 0; i < names.n; i++)
            v[i] = names.v[i];
        *n = names.n;
    }
    cs_mem_free(names.v);
    return *st == CS_OK ? v : NULL;
}

static cs_status collect(walk *w, const char *dir, int depth);

/* One entry p of a folder at depth, named name: walked when a folder, collected when a
 * *.yaml file (see collect). Returns its error, CS_OK if none. */
static cs_status collect_entry(walk *w, char *p, const char *name, int depth)
{
    cs_loader *l = w->l;
    bool yaml = has_suffix(name, ".yaml");
    struct stat sb;
    if (lstat(p, &sb) != 0)
        return yaml ? open_error(l, p, "") : CS_OK;
    if (S_ISLNK(sb.st_mode)) {
        char real[PATH_MAX];
        if (!realpath(p, real) || stat(p, &sb) != 0) {
            if (errno == ENOMEM)
                return cs_diag_file(l->d, CS_ERR_NOMEM, p, "out of memory");
            /* A broken link may have been a folder: only a *.yaml name says it mattered. */
            return yaml ? cs_diag_file(l->d, CS_ERR_IO, p, "broken symbolic link: %s",
                                       strerror(errno))
                        : CS_OK;
        }
        if ((S_ISDIR(sb.st_mode) || yaml) && !inside(w, real))
            return cs_diag_file(l->d, CS_ERR_IO, p, "symbolic link to %s, outside the data "
                                "folder: not followed", real);
    }
    if (S_ISDIR(sb.st_mode)) {
        int fresh = visit(w, &sb);
        return fresh < 0 ? CS_ERR_NOMEM : fresh ? collect(w, p, depth + 1) : CS_OK;
    }
    if (!yaml)
        return CS_OK;
    if (!S_ISREG(sb.st_mode))   /* never opened: a FIFO would block */
        return cs_diag_file(l->d, CS_ERR_IO, p, "not a regular file");
    return vec_push(l, w->out, p) ? CS_OK : CS_ERR_NOMEM;
}

/* Collect *.yaml paths below dir (depth-limited) into w->out. Each folder is walked once,
 * however many links lead to it, and its entries in sorted order, so that the paths found
 * do not depend on the order a file system lists them. A symbolic link is followed only
 * when its target is inside the data folder: one that leads out is reported and not
 * followed (a link to / would otherwise load every *.yaml of the machine). A *.yaml entry
 * that cannot be read as a file (a broken link, a FIFO) is reported. Returns the first
 * error met: the walk goes on after any but CS_ERR_NOMEM, which stops it. */
static cs_status collect(walk *w, const char *dir, int depth)
{
    if (depth > 8)
        return CS_OK;
    size_t n;
    cs_status st;
    char **names = sorted_names(w, dir, &n, &st);
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(dir) + strlen(names[i]) + 2;
        char *p = cs_arena_alloc(w->l->arena, len);
        if (!p)
            return cs_diag_file(w->l->d, CS_ERR_NOMEM, dir, "out of memory");
        snprintf(p, len, "%s/%s", dir, names[i]);
        cs_status s = collect_entry(w, p, names[i], depth);
        if (s == CS_ERR_NOMEM)
            return s;
        /* A folder that cannot be read is reported; the files found elsewhere still load,
         * whatever order the entries come in. */
        if (st == CS_OK)
            st = s;
    }
    return st;
}

cs_status cs_loader_add_dir(cs_loader *l, const char *dir)
{
    cs_vec paths = {0};
    walk w = {.l = l, .out = &paths};
    char top[PATH_MAX];
    struct stat sb;
    cs_status st = CS_OK;
    if (!realpath(dir, top))
        st = open_error(l, dir, " folder");
    else if (stat(top, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        errno = ENOTDIR;
        st = open_error(l, dir, " folder");
    } else {
        w.top = top;
        w.ntop = strlen(top);
        st = visit(&w, &sb) < 0 ? CS_ERR_NOMEM : collect(&w, dir, 0);
    }
    cs_mem_free(w.dirs);
    cs_mem_free(w.used);
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
    /* Memory that ran out where no reader noticed is out of memory all the same: a model
     * with a value silently missing would be a wrong result, not an error. */
    if (cs_arena_failed(l->arena) && l->d->worst != CS_ERR_NOMEM) {
        cs_diag_file(l->d, CS_ERR_NOMEM, NULL, "out of memory");
        ok = false;
    }
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
