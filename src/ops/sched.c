/* sched.c - binary min-heap of events; see sched.h. */
#include "ops/sched.h"

#include <assert.h>
#include <string.h>

/* A handle packs a slot (low 20 bits) and that slot's generation (high 12 bits), so a stale
 * handle of a finished event cannot cancel a newer event in the same slot. The heap orders
 * by (t, order); order's high bits are a sequence number unique per event (2^44 events per
 * reset), so ties in time go by the order of scheduling. */
enum { SLOT_MASK = CS_SCHED_MAX_CAP };

bool cs_sched_init(cs_sched *s, uint32_t cap, cs_arena *a)
{
    memset(s, 0, sizeof *s);
    if (cap == 0 || cap > CS_SCHED_MAX_CAP)
        return false;
    s->heap = cs_arena_array(a, cap, sizeof *s->heap);
    s->ev = cs_arena_array(a, cap, sizeof *s->ev);
    s->gen = cs_arena_array(a, cap, sizeof *s->gen);
    s->free_slots = cs_arena_array(a, cap, sizeof *s->free_slots);
    s->live = cs_arena_array(a, cap, sizeof *s->live);
    if (!s->heap || !s->ev || !s->gen || !s->free_slots || !s->live)
        return false;
    s->cap = cap;
    cs_sched_reset(s);
    return true;
}

void cs_sched_reset(cs_sched *s)
{
    s->n = 0;
    s->seq = 0;
    s->now = 0;
    s->executed = 0;
    s->nfree = s->cap;
    for (uint32_t i = 0; i < s->cap; i++) {
        s->free_slots[i] = s->cap - 1 - i;
        s->live[i] = false;
    }
}

static inline bool before(const cs_sched_key *x, const cs_sched_key *y)
{
    return x->t < y->t || (x->t == y->t && x->order < y->order);
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
    s->ev[slot] = (cs_sched_ev){fn, a, b};
    cs_sched_key k = {t, (s->seq++ << CS_SCHED_SLOT_BITS) | slot};
    /* Sift up: move parents down into the hole until k fits. */
    uint32_t i = s->n++;
    while (i > 0) {
        uint32_t p = (i - 1) / 2;
        if (!before(&k, &s->heap[p]))
            break;
        s->heap[i] = s->heap[p];
        i = p;
    }
    s->heap[i] = k;
    return slot | (s->gen[slot] << CS_SCHED_SLOT_BITS);
}

bool cs_sched_cancel(cs_sched *s, cs_handle h)
{
    uint32_t slot = h & SLOT_MASK;
    if (h == CS_SCHED_NONE || slot >= s->cap || s->gen[slot] != (h >> CS_SCHED_SLOT_BITS) ||
        !s->live[slot])
        return false;
    s->live[slot] = false;
    return true;
}

/* Remove the root: sift the hole down along the smaller children, then place the last entry
 * in it. */
static void pop_root(cs_sched *s)
{
    cs_sched_key last = s->heap[--s->n];
    uint32_t n = s->n, i = 0;
    for (;;) {
        uint32_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && before(&s->heap[c + 1], &s->heap[c]))
            c++;
        if (!before(&s->heap[c], &last))
            break;
        s->heap[i] = s->heap[c];
        i = c;
    }
    if (n > 0)
        s->heap[i] = last;
}

bool cs_sched_step(cs_sched *s, void *ctx, double until)
{
    while (s->n > 0) {
        cs_sched_key top = s->heap[0];
        if (top.t > until)
            return false;
        pop_root(s);
        uint32_t slot = (uint32_t)(top.order & SLOT_MASK);
        assert(slot < s->cap);
        bool live = s->live[slot];
        s->live[slot] = false;
        s->free_slots[s->nfree++] = slot;
        if (!live)
            continue;
        s->now = top.t;
        s->executed++;
        cs_sched_ev ev = s->ev[slot];
        ev.fn(ctx, ev.a, ev.b);
        return true;
    }
    return false;
}

uint32_t cs_sched_pending(const cs_sched *s) { return s->n; }
