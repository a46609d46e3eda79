/* load_internal.h - shared by the loader's driver (load.c), linker (link.c) and compiler
 * (compile.c); not an API. The document readers do not see it (read.h). */
#ifndef CS_LOAD_INTERNAL_H
#define CS_LOAD_INTERNAL_H

#include "load/load.h"
#include "load/yread.h"

typedef struct cs_vec {
    void **v;
    size_t n, cap;
} cs_vec;

/* The loader: the files read so far and, for each kind of object (model/kinds.h), the
 * objects the document readers found, in load order. Only load.c adds to them. */
struct cs_loader {
    cs_diags *d;
    cs_arena *arena;          /* becomes the model's arena */
    cs_vec files;
    cs_vec objs[CS_NKINDS];
    /* The real paths of the files read, hashed (open addressing, a power of two slots), so
     * that a file met again is skipped in constant time. */
    const char **seen;
    size_t nseen, seencap;
};

/* Link every reference, check ids, types of facts and timelines (link.c). Returns false
 * if anything was reported. On success, the model gets its sorted indexes (byid). */
bool cs_link(cs_loader *l, cs_model *m);
/* Compile every expression of a linked library (compile.c). False only when memory ran
 * out; expression errors are in the diagnostics. */
bool cs_compile_library(cs_loader *l, cs_model *m);

#endif
