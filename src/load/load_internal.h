/* load_internal.h - shared by the loader's files (load.c, parse.c, link.c); not an API. */
#ifndef CS_LOAD_INTERNAL_H
#define CS_LOAD_INTERNAL_H

#include "load/load.h"
#include "load/yread.h"

typedef struct cs_vec {
    void **v;
    size_t n, cap;
} cs_vec;

struct cs_loader {
    cs_diags *d;
    cs_arena *arena;          /* becomes the model's arena */
    cs_vec files, sources, vocab, aircraft, unit_types, site_kinds, params;
    cs_vec states, airfields, units, alliances, scenarios;
};

bool cs_vec_push(cs_loader *l, cs_vec *v, void *p);
void *cs_load_alloc(cs_loader *l, cs_yread *r, size_t size);   /* reports OOM */
void *cs_load_array(cs_loader *l, cs_yread *r, uint32_t n, size_t size);

/* Reading shared by all kinds (parse.c). */
bool cs_parse_cite(cs_yread *r, cs_ynode *map, int req, const char *what, cs_cite *out);
bool cs_parse_alts(cs_yread *r, cs_ynode *map, const char *what, cs_alts *out);
bool cs_parse_figure(cs_yread *r, cs_ynode *map, const char *key, const char *what,
                     bool date, cs_figure *out);
/* Dispatch a document by its kind; the root has been checked to be a mapping. */
void cs_parse_document(cs_loader *l, cs_yread *r, cs_ynode *root);

/* Link every reference, check ids, types of facts and timelines (link.c). Returns false
 * if anything was reported. */
bool cs_link(cs_loader *l, cs_model *m);
/* Compile every expression of a linked library (compile.c). False only when memory ran
 * out; expression errors are in the diagnostics. */
bool cs_compile_library(cs_loader *l, cs_model *m);

#endif
