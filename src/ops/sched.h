/* sched.h - the discrete-event scheduler: a binary min-heap ordered by (time, sequence).
 *
 * Events with equal times run in the order they were scheduled, so a run is deterministic.
 * Capacity is fixed when the scheduler is made: scheduling never allocates, and returns
 * CS_SCHED_NONE when the heap is full. Cancellation is lazy: a cancelled event stays in the
 * heap and is skipped when it comes up. The scheduler's arrays come from an arena and go
 * with it.
 *
 * The heap holds 16-byte entries (time; sequence and slot in one word) and sifts by moving
 * a hole, so a push or pop copies each entry on its path once; an event's callback and
 * arguments stay in its slot, out of the heap.
 */
#ifndef CS_SCHED_H
#define CS_SCHED_H

#include "support/arena.h"

#include <stdbool.h>
#include <stdint.h>

typedef void (*cs_event_fn)(void *ctx, uint32_t a, uint32_t b);

typedef uint32_t cs_handle;           /* identifies a scheduled event, for cancellation */
#define CS_SCHED_NONE UINT32_MAX

typedef struct cs_sched_key {
    double t;
    uint64_t order;                   /* sequence << CS_SCHED_SLOT_BITS | slot */
} cs_sched_key;

typedef struct cs_sched_ev {
    cs_event_fn fn;
    uint32_t a, b;                    /* the callback's arguments */
} cs_sched_ev;

#define CS_SCHED_SLOT_BITS 20
#define CS_SCHED_MAX_CAP ((1u << CS_SCHED_SLOT_BITS) - 1)

typedef struct cs_sched {
    cs_sched_key *heap;
    uint32_t n, cap;
    cs_sched_ev *ev;                  /* per slot: the event in it */
    uint32_t *gen;                    /* per slot: generation of its current event */
    uint32_t *free_slots;             /* stack of slots not in use */
    uint32_t nfree;
    bool *live;                       /* per slot: the event has not been cancelled */
    uint64_t seq;
    double now;
    uint64_t executed;
} cs_sched;

/* Make a scheduler for at most cap pending events (1 to CS_SCHED_MAX_CAP), from arena a.
 * False when cap is out of range or memory runs out. */
bool cs_sched_init(cs_sched *s, uint32_t cap, cs_arena *a);
void cs_sched_reset(cs_sched *s);                 /* empty, time 0; keeps the memory */
/* Schedule fn(ctx, a, b) at time t (an earlier t than now means now). Returns a handle, or
 * CS_SCHED_NONE if full. */
cs_handle cs_sched_at(cs_sched *s, double t, cs_event_fn fn, uint32_t a, uint32_t b);
/* Cancel a pending event; false if it already ran or was cancelled. */
bool cs_sched_cancel(cs_sched *s, cs_handle h);
/* Run the next live event; false when none is left or the next is after `until`. */
bool cs_sched_step(cs_sched *s, void *ctx, double until);
uint32_t cs_sched_pending(const cs_sched *s);    /* events in the heap, cancelled included */

#endif
