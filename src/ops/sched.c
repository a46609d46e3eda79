#include "ops/sched.h"
#include "support/mem.h"

#include <string.h>

/* A handle packs a slot (low 20 bits) and that slot's generation (high 12 bits), so a stale
 * handle of a finished event cannot cancel a newer event in the same slot. */
enum { SLOT_BITS = 20, SLOT_MASK = (1u << SLOT_BITS) - 1 };

bool cs_sched_init(cs_sched *s, uint32_t cap)
{
    memset(s, 0, sizeof *s);
    if (cap == 0 || cap > SLOT_MASK)
        return false;
    s->heap = cs_mem_calloc(cap, sizeof *s->heap);
    s->gen = cs_mem_calloc(cap, sizeof *s->gen);
    s->free_slots = cs_mem_calloc(cap, sizeof *s->free_slots);
    s->live = cs_mem_calloc(cap, sizeof *s->live);
    if (!s->heap || !s->gen || !s->free_slots || !s->live) {
        cs_sched_free(s);
        return false;
    }
    s->cap = cap;
    cs_sched_reset(s);
    return true;
}

void cs_sched_free(cs_sched *s)
{
    cs_mem_free(s->heap);
    cs_mem_free(s->gen);
    cs_mem_free(s->free_slots);
    cs_mem_free(s->live);
    memset(s, 0, sizeof *s);
}

void cs_sched_reset(cs_sched *s)
{
    s->n = 0;
    s->seq = 0;
    s->now = 0;
    s->executed = 0;
    s->nfree = s->cap;
    for (uint32_t i = 0; i < s->cap; i++)
        s->free_slots[i] = s->cap - 1 - i;
}

static bool before(const cs_sched_ev *x, const cs_sched_ev *y)
{
    return x->t < y->t || (x->t == y->t && x->seq < y->seq);
}

static void swap(cs_sched_ev *a, cs_sched_ev *b)
{
    cs_sched_ev t = *a;
    *a = *b;
    *b = t;
}

cs_handle cs_sched_at(cs_sched *s, double t, cs_event_fn fn, uint32_t a, uint32_t b)
{
    if (s->n == s->cap || s->nfree == 0)
        return CS_SCHED_NONE;
    if (t < s->now)
        t = s->now;
    uint32_t slot = s->free_slots[--s->nfree];
    s->live[slot] = true;
    s->gen[slot] = (s->gen[slot] + 1) & 0xFFF;
    uint32_t i = s->n++;
    s->heap[i] = (cs_sched_ev){t, s->seq++, fn, a, b, slot};
    while (i > 0) {
        uint32_t p = (i - 1) / 2;
        if (!before(&s->heap[i], &s->heap[p]))
            break;
        swap(&s->heap[i], &s->heap[p]);
        i = p;
    }
    return slot | (s->gen[slot] << SLOT_BITS);
}

bool cs_sched_cancel(cs_sched *s, cs_handle h)
{
    uint32_t slot = h & SLOT_MASK;
    if (h == CS_SCHED_NONE || slot >= s->cap || s->gen[slot] != (h >> SLOT_BITS) ||
        !s->live[slot])
        return false;
    s->live[slot] = false;
    return true;
}

static cs_sched_ev pop(cs_sched *s)
{
    cs_sched_ev top = s->heap[0];
    s->heap[0] = s->heap[--s->n];
    uint32_t i = 0;
    for (;;) {
        uint32_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < s->n && before(&s->heap[l], &s->heap[m]))
            m = l;
        if (r < s->n && before(&s->heap[r], &s->heap[m]))
            m = r;
        if (m == i)
            break;
        swap(&s->heap[i], &s->heap[m]);
        i = m;
    }
    return top;
}

bool cs_sched_step(cs_sched *s, void *ctx, double until)
{
    while (s->n > 0) {
        if (s->heap[0].t > until)
            return false;
        cs_sched_ev ev = pop(s);
        bool live = s->live[ev.slot];
        s->live[ev.slot] = false;
        s->free_slots[s->nfree++] = ev.slot;
        if (!live)
            continue;
        s->now = ev.t;
        s->executed++;
        ev.fn(ctx, ev.a, ev.b);
        return true;
    }
    return false;
}

uint32_t cs_sched_pending(const cs_sched *s) { return s->n; }
