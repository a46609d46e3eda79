/* mem.h - the one allocation funnel of the library.
 *
 * Every heap allocation made by casus code goes through these functions. They return NULL
 * on failure (never abort): the library reports out-of-memory as an error, only the CLI may
 * give up. Sizes are overflow-checked. Tests can make the Nth allocation fail to check that
 * every caller cleans up (see cs_mem_fail_at).
 */
#ifndef CS_MEM_H
#define CS_MEM_H

#include <stddef.h>

void *cs_mem_alloc(size_t size);                  /* uninitialised; NULL on failure */
void *cs_mem_calloc(size_t count, size_t size);   /* zeroed; NULL on failure or overflow */
void *cs_mem_realloc(void *p, size_t size);       /* like realloc; p is kept on failure */
void *cs_mem_grow(void *p, size_t *cap, size_t need, size_t elem);
                                                  /* grow an array to hold need elements */
void cs_mem_free(void *p);

/* Test hooks: after cs_mem_fail_at(n), the nth allocation from now fails (n >= 1);
 * n = 0 disables. cs_mem_count() counts allocations since the thread started. Both are per
 * thread. */
void cs_mem_fail_at(long n);
long cs_mem_count(void);

#endif
