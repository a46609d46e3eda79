/* arena.h - region allocator.
 *
 * A loaded model lives in one arena and dies with it: everything allocated from an arena is
 * freed by cs_arena_free (or forgotten at once by cs_arena_reset), never one by one. Allocations are zeroed and aligned for any type.
 * All functions return NULL when memory runs out; the arena stays valid.
 */
#ifndef CS_ARENA_H
#define CS_ARENA_H

#include <stdbool.h>
#include <stddef.h>

typedef struct cs_arena cs_arena;

cs_arena *cs_arena_new(void);
void cs_arena_free(cs_arena *a);                         /* NULL is fine */
/* Forget every allocation but keep the memory: the next allocations reuse it. */
void cs_arena_reset(cs_arena *a);
void *cs_arena_alloc(cs_arena *a, size_t size);
void *cs_arena_array(cs_arena *a, size_t count, size_t size);   /* overflow-checked */
char *cs_arena_strdup(cs_arena *a, const char *s);
char *cs_arena_strndup(cs_arena *a, const char *s, size_t n);
size_t cs_arena_bytes(const cs_arena *a);
/* Whether an allocation failed since the arena was made or last reset: a net under every
 * caller, so that a failure some caller let pass is still reported as out of memory. */
bool cs_arena_failed(const cs_arena *a);                /* bytes handed out so far */

#endif
