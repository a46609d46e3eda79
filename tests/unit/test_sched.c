/* Unit tests of the scheduler (ordering, ties, cancellation, capacity, no allocation) and
 * of the random stream. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ops/rng.h"
#include "ops/sched.h"
#include "support/mem.h"

typedef struct log {
    uint32_t order[64];
    double times[64];
    uint32_t n;
    cs_sched *s;
} log_t;

static void record(void *ctx, uint32_t a, uint32_t b)
{
    (void)b;
    log_t *l = ctx;
    l->times[l->n] = l->s->now;
    l->order[l->n++] = a;
}

/* An event that schedules another: the chain must keep time order. */
static void chain(void *ctx, uint32_t a, uint32_t b)
{
    log_t *l = ctx;
    record(ctx, a, b);
    if (b > 0)
        cs_sched_at(l->s, l->s->now + 1.5, chain, a + 100, b - 1);
}

static void test_order_and_ties(void **state)
{
    (void)state;
    cs_sched s;
    cs_arena *ar = cs_arena_new();
    assert_non_null(ar);
    assert_true(cs_sched_init(&s, 16, ar));
    log_t l = {.s = &s};
    double t[] = {5, 1, 3, 3, 0.5, 3, 9, 1};
    for (uint32_t i = 0; i < 8; i++)
        assert_int_not_equal(cs_sched_at(&s, t[i], record, i, 0), CS_SCHED_NONE);
    while (cs_sched_step(&s, &l, 1e9))
        ;
    /* By time; equal times in the order scheduled (2, 3, 5 at t=3; 1, 7 at t=1). */
    uint32_t want[] = {4, 1, 7, 2, 3, 5, 0, 6};
    assert_int_equal(l.n, 8);
    for (uint32_t i = 0; i < 8; i++)
        assert_int_equal(l.order[i], want[i]);
    assert_true(s.now == 9);
    assert_int_equal(s.executed, 8);
    cs_arena_free(ar);
}

static void test_cancel(void **state)
{
    (void)state;
    cs_sched s;
    cs_arena *ar = cs_arena_new();
    assert_non_null(ar);
    assert_true(cs_sched_init(&s, 8, ar));
    log_t l = {.s = &s};
    cs_handle a = cs_sched_at(&s, 1, record, 1, 0);
    cs_handle b = cs_sched_at(&s, 2, record, 2, 0);
    cs_sched_at(&s, 3, record, 3, 0);
    assert_true(cs_sched_cancel(&s, b));
    assert_false(cs_sched_cancel(&s, b));   /* twice */
    assert_true(cs_sched_step(&s, &l, 1e9));
    assert_false(cs_sched_cancel(&s, a));   /* already ran */
    /* a's slot is reused by a new event: a's stale handle must not cancel it. */
    cs_handle c = cs_sched_at(&s, 4, record, 4, 0);
    assert_false(cs_sched_cancel(&s, a));
    (void)c;
    while (cs_sched_step(&s, &l, 1e9))
        ;
    assert_int_equal(l.n, 3);
    assert_int_equal(l.order[0], 1);
    assert_int_equal(l.order[1], 3);
    assert_int_equal(l.order[2], 4);
    cs_arena_free(ar);
}

static void test_capacity_until_and_no_allocation(void **state)
{
    (void)state;
    cs_sched s;
    cs_arena *ar = cs_arena_new();
    assert_non_null(ar);
    assert_true(cs_sched_init(&s, 4, ar));
    for (uint32_t i = 0; i < 4; i++)
        assert_int_not_equal(cs_sched_at(&s, i, record, i, 0), CS_SCHED_NONE);
    assert_int_equal(cs_sched_at(&s, 9, record, 9, 0), CS_SCHED_NONE);   /* full */
    log_t l = {.s = &s};
    long before = cs_mem_count();
    /* `until` stops before later events, which stay pending. */
    while (cs_sched_step(&s, &l, 1.5))
        ;
    assert_int_equal(l.n, 2);
    assert_int_equal(cs_sched_pending(&s), 2);
    cs_sched_reset(&s);
    l.n = 0;
    cs_sched_at(&s, 0, chain, 1, 5);
    while (cs_sched_step(&s, &l, 1e9))
        ;
    assert_int_equal(cs_mem_count(), before);   /* the loop never allocates */
    assert_int_equal(l.n, 6);
    for (uint32_t i = 1; i < l.n; i++)
        assert_true(l.times[i] == l.times[i - 1] + 1.5);
    cs_arena_free(ar);
}

/* Many events at few distinct times, scheduled in a shuffled order and interleaved with
 * runs: they come out by (time, order of scheduling), as a sort says. */
typedef struct order_log {
    cs_sched *s;
    uint32_t n;
    double t[4096];
    uint32_t id[4096];
} order_log;

static void note_order(void *ctx, uint32_t a, uint32_t b)
{
    (void)b;
    order_log *l = ctx;
    l->t[l->n] = l->s->now;
    l->id[l->n++] = a;
}

static void test_heap_order_against_a_sort(void **state)
{
    (void)state;
    cs_arena *ar = cs_arena_new();
    assert_non_null(ar);
    cs_sched s;
    assert_true(cs_sched_init(&s, 4096, ar));
    static order_log l;
    l.s = &s;
    l.n = 0;
    cs_rng r;
    cs_rng_seed(&r, 5, 0);
    /* 3000 events in 30 rounds; between rounds, half of what is pending runs. Times are
     * whole hours from now, so that many tie. id = the order of scheduling. */
    uint32_t next = 0;
    double when[3000];
    for (int round = 0; round < 30; round++) {
        for (int k = 0; k < 100; k++) {
            double t = s.now + (double)(cs_rng_next(&r) % 8);
            when[next] = t;
            assert_int_not_equal(cs_sched_at(&s, t, note_order, next++, 0), CS_SCHED_NONE);
        }
        for (uint32_t k = cs_sched_pending(&s) / 2; k > 0; k--)
            assert_true(cs_sched_step(&s, &l, 1e9));
    }
    while (cs_sched_step(&s, &l, 1e9))
        ;
    assert_int_equal(l.n, 3000);
    for (uint32_t i = 0; i < l.n; i++)
        assert_true(l.t[i] == when[l.id[i]]);
    /* Non-decreasing times; equal times in the order they were scheduled. */
    for (uint32_t i = 1; i < l.n; i++) {
        assert_true(l.t[i] >= l.t[i - 1]);
        if (l.t[i] == l.t[i - 1])
            assert_true(l.id[i] > l.id[i - 1]);
    }
    cs_arena_free(ar);
}

static void test_rng(void **state)
{
    (void)state;
    /* xoshiro256** reference: from state {1, 2, 3, 4} the first output is 11520. */
    cs_rng r = {{1, 2, 3, 4}};
    assert_int_equal(cs_rng_next(&r), 11520);
    assert_int_equal(cs_rng_next(&r), 0);
    assert_int_equal(cs_rng_next(&r), 1509978240);
    cs_rng x, y, z;
    cs_rng_seed(&x, 42, 7);
    cs_rng_seed(&y, 42, 7);
    cs_rng_seed(&z, 42, 8);
    int same = 0;
    double sum = 0;
    for (int i = 0; i < 10000; i++) {
        uint64_t a = cs_rng_next(&x);
        assert_int_equal(a, cs_rng_next(&y));
        same += a == cs_rng_next(&z);
        double u = cs_rng_uniform(&x);
        cs_rng_uniform(&y);
        assert_true(u >= 0 && u < 1);
        sum += u;
    }
    assert_int_equal(same, 0);
    cs_rng p, q;   /* seed and index are not interchangeable */
    cs_rng_seed(&p, 1, 2);
    cs_rng_seed(&q, 2, 1);
    assert_true(cs_rng_next(&p) != cs_rng_next(&q));
    assert_true(sum / 10000 > 0.48 && sum / 10000 < 0.52);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_order_and_ties),
        cmocka_unit_test(test_cancel),
        cmocka_unit_test(test_capacity_until_and_no_allocation),
        cmocka_unit_test(test_heap_order_against_a_sort),
        cmocka_unit_test(test_rng),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
