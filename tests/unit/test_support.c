/* Unit tests of the support layer: dates, strict numbers, arena, diagnostics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "support/arena.h"
#include "support/date.h"
#include "support/diag.h"
#include "support/mem.h"
#include "support/num.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_date_roundtrip(void **state)
{
    (void)state;
    /* Every day from 1600 to 2400 converts to civil and back. */
    int64_t first = cs_date_days_from_civil(1600, 1, 1);
    int64_t last = cs_date_days_from_civil(2400, 12, 31);
    for (int64_t z = first; z <= last; z++) {
        int y;
        unsigned m, d;
        cs_date_civil_from_days(z, &y, &m, &d);
        assert_true(cs_date_valid(y, m, d));
        assert_int_equal(cs_date_days_from_civil(y, m, d), z);
    }
    assert_int_equal(cs_date_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(cs_date_days_from_civil(2022, 1, 6) - cs_date_days_from_civil(2022, 1, 5), 1);
}

static void test_date_parse(void **state)
{
    (void)state;
    cs_time t;
    const char *err;
    size_t pos;
    unsigned all = CS_PREC_YEAR | CS_PREC_MONTH | CS_PREC_DAY | CS_PREC_MINUTE;
    assert_true(cs_date_parse("2022-01-05T21:30", all, &t, &err, &pos));
    assert_int_equal(t.prec, CS_PREC_MINUTE);
    assert_int_equal(t.min, cs_date_days_from_civil(2022, 1, 5) * 1440 + 21 * 60 + 30);
    assert_true(cs_date_parse("1999", all, &t, &err, &pos));
    assert_int_equal(t.prec, CS_PREC_YEAR);
    assert_true(cs_date_parse("2024-02-29", all, &t, &err, &pos));   /* leap year */

    assert_false(cs_date_parse("2021-02-29", all, &t, &err, &pos));
    assert_int_equal(pos, 8);
    assert_false(cs_date_parse("2022-13-01", all, &t, &err, &pos));
    assert_int_equal(pos, 5);
    assert_false(cs_date_parse("2022-01-05T24:00", all, &t, &err, &pos));
    assert_false(cs_date_parse("2022-01-05x", all, &t, &err, &pos));
    assert_int_equal(pos, 10);
    assert_false(cs_date_parse("22-01-05", all, &t, &err, &pos));
    /* Precision not allowed here. */
    assert_false(cs_date_parse("1999", CS_PREC_DAY, &t, &err, &pos));
    assert_false(cs_date_parse("2022-01-05T10:00", CS_PREC_DAY, &t, &err, &pos));

    char buf[32];
    cs_date_parse("2022-01-05T09:05", all, &t, &err, &pos);
    cs_date_format(t, buf, sizeof buf);
    assert_string_equal(buf, "2022-01-05 09:05");
    cs_date_parse("1999-04", all, &t, &err, &pos);
    cs_date_format(t, buf, sizeof buf);
    assert_string_equal(buf, "1999-04");
}

static void test_date_periods(void **state)
{
    (void)state;
    cs_time y, d, m;
    const char *err;
    size_t pos;
    unsigned all = CS_PREC_YEAR | CS_PREC_MONTH | CS_PREC_DAY | CS_PREC_MINUTE;
    cs_date_parse("1999", all, &y, &err, &pos);
    cs_date_parse("1999-12-31", all, &d, &err, &pos);
    cs_date_parse("1999-12-31T23:59", all, &m, &err, &pos);
    /* A year does not end before its last day; a day ends before the next year. */
    assert_false(cs_date_before(y, d));
    assert_false(cs_date_before(d, m));
    assert_int_equal(cs_date_end(y), cs_date_days_from_civil(2000, 1, 1) * 1440);
    cs_time next;
    cs_date_parse("2000-01-01", all, &next, &err, &pos);
    assert_true(cs_date_before(y, next));
    int off;
    assert_true(cs_date_parse_offset("+06:00", &off));
    assert_int_equal(off, 360);
    assert_true(cs_date_parse_offset("-03:30", &off));
    assert_int_equal(off, -210);
    assert_false(cs_date_parse_offset("06:00", &off));
    assert_false(cs_date_parse_offset("+6", &off));
}

static void test_numbers(void **state)
{
    (void)state;
    long long i;
    double x;
    const char *err;
    size_t pos;
    assert_true(cs_num_int("150", &i, &err, &pos));
    assert_int_equal(i, 150);
    assert_true(cs_num_int("-3", &i, &err, &pos));
    assert_int_equal(i, -3);
    assert_false(cs_num_int("12abc", &i, &err, &pos));
    assert_int_equal(pos, 2);
    assert_false(cs_num_int("1,5", &i, &err, &pos));
    assert_int_equal(pos, 1);
    assert_non_null(strstr(err, "','"));
    assert_false(cs_num_int("1.5", &i, &err, &pos));
    assert_false(cs_num_int("+4", &i, &err, &pos));
    assert_false(cs_num_int("0x10", &i, &err, &pos));
    assert_non_null(strstr(err, "hexadecimal"));
    assert_false(cs_num_int("007", &i, &err, &pos));
    assert_int_equal(pos, 1);
    assert_non_null(strstr(err, "leading zeros"));
    assert_false(cs_num_real("01.5", &x, &err, &pos));
    assert_true(cs_num_real("0.5", &x, &err, &pos));
    assert_true(cs_num_int("0", &i, &err, &pos));
    assert_true(cs_num_int("-0", &i, &err, &pos));
    assert_false(cs_num_int("99999999999999999999", &i, &err, &pos));
    assert_true(cs_num_real("0.75", &x, &err, &pos));
    assert_true(x == 0.75);
    assert_false(cs_num_real("1e3", &x, &err, &pos));
    assert_int_equal(pos, 1);
    assert_false(cs_num_real("nan", &x, &err, &pos));
    assert_false(cs_num_real("inf", &x, &err, &pos));
    assert_false(cs_num_real("1.", &x, &err, &pos));
    assert_false(cs_num_real("", &x, &err, &pos));
    assert_true(cs_num_fraction("2/3", &x, &err, &pos));
    assert_true(x > 0.6666 && x < 0.6667);
    assert_true(cs_num_fraction("0.5", &x, &err, &pos));
    assert_false(cs_num_fraction("3/2", &x, &err, &pos));
    assert_false(cs_num_fraction("1/0", &x, &err, &pos));
    assert_false(cs_num_fraction("-1/2", &x, &err, &pos));
    assert_false(cs_num_fraction("2/3x", &x, &err, &pos));
}

static void test_arena(void **state)
{
    (void)state;
    cs_arena *a = cs_arena_new();
    assert_non_null(a);
    /* Many small and a few large allocations, all zeroed, aligned and distinct. */
    char *prev = NULL;
    for (int i = 0; i < 10000; i++) {
        char *p = cs_arena_alloc(a, (size_t)(i % 97) + 1);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
        assert_int_equal(p[0], 0);
        p[0] = 'x';
        assert_ptr_not_equal(p, prev);
        prev = p;
    }
    char *big = cs_arena_alloc(a, 1 << 20);
    assert_non_null(big);
    assert_int_equal(big[(1 << 20) - 1], 0);
    assert_false(cs_arena_failed(a));
    assert_null(cs_arena_array(a, SIZE_MAX / 2, 4));
    assert_true(cs_arena_failed(a));   /* remembered for whoever checks later */
    char *s = cs_arena_strdup(a, "casus");
    assert_string_equal(s, "casus");
    assert_true(cs_arena_bytes(a) >= (1u << 20));
    cs_arena_free(a);

    /* After a reset the same allocations reuse the same memory: nothing new is allocated. */
    a = cs_arena_new();
    assert_non_null(a);
    for (int round = 0; round < 3; round++) {
        long before = cs_mem_count();
        for (int i = 0; i < 5000; i++) {
            char *p = cs_arena_alloc(a, (size_t)(i % 300) + 1);
            assert_non_null(p);
            assert_int_equal(p[0], 0);   /* zeroed again after the reset */
            p[0] = 'x';
        }
        assert_non_null(cs_arena_alloc(a, 1 << 18));   /* a big one-off block */
        if (round > 0)
            assert_int_equal(cs_mem_count(), before);
        cs_arena_reset(a);
        assert_int_equal(cs_arena_bytes(a), 0);
    }
    cs_arena_free(a);
}

static void test_arena_oom(void **state)
{
    (void)state;
    cs_arena *a = cs_arena_new();
    cs_mem_fail_at(1);
    assert_null(cs_arena_alloc(a, 100));   /* first block allocation fails */
    assert_non_null(cs_arena_alloc(a, 100));   /* and the arena is still usable */
    cs_arena_free(a);
    cs_mem_fail_at(0);
}

/* Line starts from the index equal those found by counting, for LF, CR LF and CR. */
static void test_srcfile_lines(void **state)
{
    (void)state;
    const char *text = "a\r\nbb\rccc\nd\n\ne";
    cs_srcfile f = {"x.yaml", NULL, text, strlen(text), NULL, 0};
    const char *want[] = {"a", "bb", "ccc", "d", "", "e"};
    for (uint32_t i = 1; i <= 6; i++)
        assert_int_equal(strncmp(cs_srcfile_line(&f, i), want[i - 1], strlen(want[i - 1])), 0);
    assert_null(cs_srcfile_line(&f, 7));
    cs_arena *a = cs_arena_new();
    assert_non_null(a);
    assert_true(cs_srcfile_index(&f, a));
    assert_int_equal(f.nlines, 6);
    cs_srcfile g = {"x.yaml", NULL, text, strlen(text), NULL, 0};
    for (uint32_t i = 0; i <= 7; i++)
        assert_ptr_equal(cs_srcfile_line(&f, i), cs_srcfile_line(&g, i));
    cs_arena_free(a);
}

static void test_diag_format(void **state)
{
    (void)state;
    cs_srcfile f = {"x.yaml", NULL, "a: 1\nname: caf\xc3\xa9 12abc\n", 0, NULL, 0};
    f.len = strlen(f.text);
    cs_diags d;
    cs_diags_init(&d);
    cs_loc l = {&f, 2, 12};
    cs_diag_at(&d, CS_ERR_SCHEMA, &l, "bad %s", "thing");
    cs_diag_file(&d, CS_ERR_IO, "y.yaml", "cannot open");
    assert_int_equal(d.n, 2);
    assert_int_equal(d.worst, CS_ERR_IO);   /* the lowest class wins */
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    cs_diags_print(&d, out);
    fclose(out);
    /* The caret stands under column 12, counting the UTF-8 e-acute as one column. */
    assert_string_equal(buf, "x.yaml:2:12: error: bad thing\n"
                             "  name: caf\xc3\xa9 12abc\n"
                             "             ^\n"
                             "y.yaml: error: cannot open\n");
    free(buf);
    cs_diags_free(&d);
}

static void test_diag_limit(void **state)
{
    (void)state;
    cs_diags d;
    cs_diags_init(&d);
    for (int i = 0; i < CS_DIAG_MAX + 7; i++)
        cs_diag_file(&d, CS_ERR_SCHEMA, "f", "error %d", i);
    assert_int_equal(d.n, CS_DIAG_MAX);
    assert_int_equal(d.dropped, 7);
    cs_diags_free(&d);
}

/* An error past the limit is counted and its class noted, and costs no allocation: it is
 * not located, formatted or copied (a file of 100,000 errors used to take half a minute). */
static void test_diag_limit_no_work(void **state)
{
    (void)state;
    cs_srcfile f = {"x.yaml", NULL, "a: 1\nb: 2\n", 0, NULL, 0};
    f.len = strlen(f.text);
    cs_diags d;
    cs_diags_init(&d);
    cs_loc l = {&f, 2, 1};
    for (int i = 0; i < CS_DIAG_MAX; i++)
        cs_diag_at(&d, CS_ERR_SCHEMA, &l, "error %d", i);
    assert_true(cs_diags_full(&d));
    long before = cs_mem_count();
    for (int i = 0; i < 1000; i++)
        cs_diag_at(&d, CS_ERR_SCHEMA, &l, "error %d", i);
    cs_diag_file(&d, CS_ERR_IO, "y.yaml", "cannot open");
    assert_int_equal(cs_mem_count(), before);
    assert_int_equal(d.n, CS_DIAG_MAX);
    assert_int_equal(d.dropped, 1001);
    assert_int_equal(d.worst, CS_ERR_IO);   /* the class of a dropped error still counts */
    cs_diags_free(&d);
}

/* Lines are quoted by the rules of cs_srcfile_loc (LF, CR LF and CR each end a line), in
 * any order and alternating between files, from an index of each file's lines. */
static void test_diag_quotes_lines(void **state)
{
    (void)state;
    cs_srcfile f = {"x.yaml", NULL, "a\r\nb\rc\nd\n\re", 0, NULL, 0}, g = {"y.yaml", NULL, "1\n2\n", 0, NULL, 0};
    f.len = strlen(f.text);
    g.len = strlen(g.text);
    static const struct {
        int file;
        uint32_t line;
        const char *src;   /* NULL: no such line */
    } cases[] = {{0, 6, "e"}, {0, 1, "a"}, {1, 2, "2"}, {0, 3, "c"}, {0, 5, ""},
                 {1, 1, "1"}, {1, 3, ""},  {1, 4, NULL}, {0, 2, "b"}, {0, 4, "d"},
                 {0, 7, NULL}};
    /* Each case alone in a list, and all in one list, whose index of the last file quoted
     * is reused or replaced. */
    cs_diags shared;
    cs_diags_init(&shared);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        cs_diags d;
        cs_diags_init(&d);
        cs_loc l = {cases[i].file ? &g : &f, cases[i].line, 1};
        cs_diag_at(&d, CS_ERR_SCHEMA, &l, "e");
        cs_diag_at(&shared, CS_ERR_SCHEMA, &l, "e");
        const char *got[] = {d.v[0].src, shared.v[i].src};
        for (int k = 0; k < 2; k++) {
            if (cases[i].src)
                assert_string_equal(got[k], cases[i].src);
            else
                assert_null(got[k]);
        }
        cs_diags_free(&d);
    }
    cs_diags_free(&shared);
    /* The same lines as cs_srcfile_loc counts: each byte's line is the line quoted there. */
    for (size_t off = 0; off < f.len; off++) {
        cs_loc l = cs_srcfile_loc(&f, off);
        cs_diags d;
        cs_diags_init(&d);
        cs_diag_at(&d, CS_ERR_SCHEMA, &l, "e");
        assert_non_null(d.v[0].src);
        cs_diags_free(&d);
    }
}

/* A line of a megabyte is quoted in part, without reading it to its end. */
static void test_diag_long_line(void **state)
{
    (void)state;
    size_t n = 1 << 20;
    char *t = malloc(n + 1);
    assert_non_null(t);
    memset(t, 'x', n);
    t[n] = '\0';
    cs_srcfile f = {"x.yaml", NULL, t, n, NULL, 0};
    cs_diags d;
    cs_diags_init(&d);
    cs_loc l = {&f, 1, 3};
    cs_diag_at(&d, CS_ERR_SCHEMA, &l, "e");
    assert_int_equal(strlen(d.v[0].src), 400);
    assert_int_equal(d.v[0].col, 3);
    l.col = 500;   /* past the part shown: no caret */
    cs_diag_at(&d, CS_ERR_SCHEMA, &l, "e");
    assert_int_equal(d.v[1].col, 0);
    cs_diags_free(&d);
    free(t);
}

static void test_suggest(void **state)
{
    (void)state;
    const char *keys[] = {"personnel", "vehicles", "tonnage_t", "name"};
    assert_string_equal(cs_suggest("personel", keys, 4), "personnel");
    assert_string_equal(cs_suggest("vehicle", keys, 4), "vehicles");
    assert_null(cs_suggest("colour", keys, 4));
    assert_null(cs_suggest("x", keys, 4));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_roundtrip), cmocka_unit_test(test_date_parse),
        cmocka_unit_test(test_date_periods),   cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_arena),          cmocka_unit_test(test_arena_oom),
        cmocka_unit_test(test_diag_format),    cmocka_unit_test(test_diag_limit),
        cmocka_unit_test(test_diag_limit_no_work), cmocka_unit_test(test_diag_quotes_lines),
        cmocka_unit_test(test_diag_long_line),
        cmocka_unit_test(test_srcfile_lines),
        cmocka_unit_test(test_suggest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
