#include "support/mem.h"

#include <stdint.h>
#include <stdlib.h>

/* The test hooks count per thread: threads that share a model each allocate for their own
 * run, and a test that injects a failure sees only its own thread's allocations. These are
 * the only mutable variables of static duration in the library (tests/statics.sh). */
static _Thread_local long fail_countdown;
static _Thread_local long alloc_count;

static int injected_failure(void)
{
    alloc_count++;
    if (fail_countdown > 0 && --fail_countdown == 0)
        return 1;
    return 0;
}

void cs_mem_fail_at(long n) { fail_countdown = n > 0 ? n : 0; }
long cs_mem_count(void) { return alloc_count; }

void *cs_mem_alloc(size_t size)
{
    if (injected_failure())
        return NULL;
    return malloc(size ? size : 1);
}

void *cs_mem_calloc(size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    if (injected_failure())
        return NULL;
    return calloc(count ? count : 1, size ? size : 1);
}

void *cs_mem_realloc(void *p, size_t size)
{
    if (injected_failure())
        return NULL;
    return realloc(p, size ? size : 1);
}

void *cs_mem_grow(void *p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return p;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return NULL;
        ncap *= 2;
    }
    if (elem && ncap > SIZE_MAX / elem)
        return NULL;
    void *np = cs_mem_realloc(p, ncap * elem);
    if (!np)
        return NULL;
    *cap = ncap;
    return np;
}

void cs_mem_free(void *p) { free(p); }
