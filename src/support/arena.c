#include "support/arena.h"
#include "support/mem.h"

#include <stdalign.h>
#include <stdint.h>
#include <string.h>

enum { ARENA_BLOCK = 64 * 1024 };

typedef struct block {
    struct block *next;
    size_t used, cap;
    alignas(max_align_t) unsigned char data[];
} block;

/* Blocks form one list in the order they were first needed; `cur` is the block being
 * filled. After a reset the same blocks are filled again in the same order, so a run that
 * makes the same allocations as the previous one allocates nothing new. */
struct cs_arena {
    block *head, *cur;
    size_t bytes;
    bool failed;                 /* an allocation failed since the last reset */
};

cs_arena *cs_arena_new(void)
{
    return cs_mem_calloc(1, sizeof(cs_arena));
}

void cs_arena_free(cs_arena *a)
{
    if (!a)
        return;
    block *b = a->head;
    while (b) {
        block *n = b->next;
        cs_mem_free(b);
        b = n;
    }
    cs_mem_free(a);
}

void cs_arena_reset(cs_arena *a)
{
    for (block *b = a->head; b; b = b->next)
        b->used = 0;
    a->cur = a->head;
    a->bytes = 0;
    a->failed = false;
}

bool cs_arena_failed(const cs_arena *a) { return a->failed; }

void *cs_arena_alloc(cs_arena *a, size_t size)
{
    const size_t align = alignof(max_align_t);
    if (size > SIZE_MAX - align) {
        a->failed = true;
        return NULL;
    }
    size = (size + align - 1) & ~(align - 1);
    if (size == 0)
        size = align;
    /* The first block from the current one on with room: after a reset, the blocks that
     * the previous run filled. */
    block *b = a->cur;
    while (b && b->cap - b->used < size)
        b = b->next;
    if (!b) {
        size_t cap = size > ARENA_BLOCK ? size : ARENA_BLOCK;
        b = cap <= SIZE_MAX - sizeof(block) ? cs_mem_alloc(sizeof(block) + cap) : NULL;
        if (!b) {
            a->failed = true;
            return NULL;
        }
        b->used = 0;
        b->cap = cap;
        if (a->cur) {
            /* Goes right behind the current block. A big one-off block does not become
             * the current one, so the current one keeps filling. */
            b->next = a->cur->next;
            a->cur->next = b;
            if (size <= ARENA_BLOCK)
                a->cur = b;
        } else {
            b->next = NULL;
            a->head = a->cur = b;
        }
    } else if (b != a->cur && a->cur->cap - a->cur->used < align) {
        a->cur = b;   /* the current block is full: move on */
    }
    void *p = b->data + b->used;
    b->used += size;
    a->bytes += size;
    memset(p, 0, size);
    return p;
}

void *cs_arena_array(cs_arena *a, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size) {
        a->failed = true;
        return NULL;
    }
    return cs_arena_alloc(a, count * size);
}

char *cs_arena_strndup(cs_arena *a, const char *s, size_t n)
{
    if (n == SIZE_MAX) {
        a->failed = true;
        return NULL;
    }
    char *p = cs_arena_alloc(a, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *cs_arena_strdup(cs_arena *a, const char *s)
{
    return cs_arena_strndup(a, s, strlen(s));
}

size_t cs_arena_bytes(const cs_arena *a) { return a->bytes; }
