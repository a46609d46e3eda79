/* Reports: control characters from the data never reach the terminal raw; the JSON
 * documents are whole or not made when memory runs out; the JSON report's size limit. */
#define _GNU_SOURCE   /* fopencookie: a stream that fails one chosen write */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "pipeline.h"
#include "report/runreport.h"
#include "report/show.h"

/* ---- helpers ---------------------------------------------------------------------- */

/* What a report function writes, as a string the caller frees. */
typedef struct captured {
    FILE *f;
    char *text;
    size_t len;
} captured;

static FILE *capture_begin(captured *c)
{
    c->text = NULL;
    c->len = 0;
    c->f = open_memstream(&c->text, &c->len);
    assert_non_null(c->f);
    return c->f;
}

static char *capture_end(captured *c)
{
    assert_int_equal(fclose(c->f), 0);
    return c->text;
}

static bool has_byte(const char *s, size_t n, unsigned char b)
{
    return memchr(s, b, n) != NULL;
}

/* No C0 control but the line break, no DEL and no C1 control (0xC2 0x80-0x9F). */
static void assert_no_controls(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n; i++) {
        if ((p[i] < 0x20 && p[i] != '\n') || p[i] == 0x7f)
            fail_msg("control character 0x%02x at byte %zu", p[i], i);
        if (p[i] == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0x9f)
            fail_msg("C1 control U+00%02X at byte %zu", p[i + 1], i);
    }
}

/* ---- control characters ----------------------------------------------------------- */

static void escape_rules(void **state)
{
    (void)state;
    static const char in[] = "a\x1b]0;t\x07 b\tc\r\nd\x7f"
                             "e\xc2\x9b" "f\xc2\xa0g\xc3\xa9h\x01";
    captured c;
    assert_true(cs_show_escape(capture_begin(&c), in, sizeof in - 1));
    char *out = capture_end(&c);
    /* Controls as \xHH of their code point; the line break, the no-break space (C2 A0)
     * and other characters as they are. */
    assert_string_equal(out, "a\\x1b]0;t\\x07 b\\x09c\\x0d\nd\\x7f"
                             "e\\x9b" "f\xc2\xa0g\xc3\xa9h\\x01");
    free(out);

    /* Through the stream: a C1 control split between two writes is still one control;
     * a 0xC2 that starts no control, or ends the text, stays as it is. */
    cs_show_buf b;
    assert_true(cs_show_begin(&b, capture_begin(&c)));
    assert_int_equal(setvbuf(b.f, NULL, _IONBF, 0), 0);
    fputs("a\xc2", b.f);
    fputs("\x9b" "b\xc2", b.f);
    fputs("\xa0" "c\x1b\xc2", b.f);
    assert_true(cs_show_end(&b));
    out = capture_end(&c);
    assert_string_equal(out, "a\\x9b" "b\xc2\xa0" "c\\x1b\xc2");
    free(out);

    /* A NUL inside the text is escaped too, and nothing past n is read. */
    assert_true(cs_show_escape(capture_begin(&c), "x\0y", 3));
    out = capture_end(&c);
    assert_string_equal(out, "x\\x00y");
    free(out);
}

/* The scenario's name carries a terminal title sequence and a C1 control (CSI); a note
 * carries a carriage return. */
static const char *const hostile[][3] = {
    {"scenarios/kaz-2022.yaml", "name: Kazakhstan, January 2022",
     "name: \"Kazakhstan \\e]0;pwned\\a January\\x9b2022\""},
};

static void text_reports_escape_controls(void **state)
{
    (void)state;
    const char *dir = data_copy(hostile, sizeof hostile / sizeof hostile[0]);
    pipeline p;
    pipeline_decide_in(&p, dir, "kaz-2022", NULL);
    pipeline_run(&p, 1);

    /* The run's text report (decision and operation), the explanation, the scenario. */
    captured c;
    assert_true(cs_runreport_text(capture_begin(&c), p.run));
    char *text = capture_end(&c);
    size_t n = c.len;
    assert_no_controls(text, n);
    assert_non_null(strstr(text, "kaz-2022: Kazakhstan \\x1b]0;pwned\\x07 January\\x9b" "2022\n"));
    assert_non_null(strstr(text, "\nOperation (simulated"));
    free(text);

    assert_true(cs_runreport_explain(capture_begin(&c), p.run));
    text = capture_end(&c);
    assert_no_controls(text, c.len);
    assert_non_null(strstr(text, "\\x1b]0;pwned\\x07"));
    free(text);

    assert_true(cs_show_scenario(capture_begin(&c), p.m, p.s));
    text = capture_end(&c);
    assert_no_controls(text, c.len);
    assert_non_null(strstr(text, "Scenario kaz-2022: Kazakhstan \\x1b]0;pwned\\x07"));
    free(text);

    /* JSON keeps the name as it is; jansson writes the controls as \u escapes. */
    json_t *j = cs_runreport_json(p.run);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "name")),
                        "Kazakhstan \x1b]0;pwned\x07 January\xc2\x9b" "2022");
    assert_true(cs_runreport_dump(capture_begin(&c), j));
    text = capture_end(&c);
    assert_false(has_byte(text, c.len, 0x1b));
    assert_non_null(strstr(text, "Kazakhstan \\u001B]0;pwned\\u0007 January"));
    free(text);
    json_decref(j);

    pipeline_free(&p);
    data_remove(dir);
}

/* ---- memory running out in jansson ------------------------------------------------ */

/* jansson's allocator for the test: the fail_at-th call from now fails; live counts the
 * blocks not freed. One thread only. */
static long jcalls, jfail_at, jlive;

static void *test_jmalloc(size_t n)
{
    if (++jcalls == jfail_at)
        return NULL;
    void *p = malloc(n);
    jlive += p != NULL;
    return p;
}

static void test_jfree(void *p)
{
    jlive -= p != NULL;
    free(p);
}

/* For every sampled allocation of the JSON report, failing it gives NULL (never a
 * document that differs from the whole one) and leaves nothing allocated. */
static void json_whole_or_nothing(void **state)
{
    (void)state;
    pipeline p;
    pipeline_decide(&p, "kaz-2022", NULL);
    pipeline_run(&p, 1);
    json_set_alloc_funcs(test_jmalloc, test_jfree);

    jcalls = 0;
    jfail_at = 0;
    json_t *ref = cs_runreport_json(p.run);
    assert_non_null(ref);
    long total = jcalls;
    assert_true(total > 1000);

    /* Every allocation near the start and the end, and a sample in between. */
    long failed = 0, whole = 0;
    for (long k = 1; k <= total; k += k < 200 || k > total - 200 ? 1 : 97) {
        jcalls = 0;
        jfail_at = k;
        long live0 = jlive;
        json_t *j = cs_runreport_json(p.run);
        if (j) {
            if (!json_equal(j, ref))
                fail_msg("allocation %ld of %ld failed: a different document", k, total);
            whole++;
            json_decref(j);
        } else {
            failed++;
        }
        if (jlive != live0)
            fail_msg("allocation %ld of %ld failed: %ld blocks leaked", k, total,
                     jlive - live0);
    }
    jfail_at = 0;
    json_decref(ref);
    assert_int_equal(jlive, 0);
    json_set_alloc_funcs(malloc, free);
    /* Each failed allocation is one the document needed. */
    assert_true(failed > 0);
    assert_int_equal(whole, 0);
    pipeline_free(&p);
}

/* A stream that fails its fail_at-th write (from 1) and takes every other. */
typedef struct flaky {
    int calls, fail_at;
} flaky;

static ssize_t flaky_write(void *cookie, const char *buf, size_t n)
{
    (void)buf;
    flaky *f = cookie;
    return ++f->calls == f->fail_at ? 0 : (ssize_t)n;
}

/* Printing a document fails whichever write fails, also one that writes an object's key
 * (which jansson does not check). */
static void dump_fails_on_any_write(void **state)
{
    (void)state;
    json_t *j = json_pack("{s:i, s:[i, {s:s, s:n}], s:{}}", "a", 1, "bb", 2, "c", "d",
                          "e", "f");
    assert_non_null(j);
    flaky f = {0, 0};
    FILE *out = fopencookie(&f, "w", (cookie_io_functions_t){.write = flaky_write});
    assert_non_null(out);
    assert_int_equal(setvbuf(out, NULL, _IONBF, 0), 0);   /* one write a call */
    assert_true(cs_runreport_dump(out, j));
    fclose(out);
    int writes = f.calls;
    assert_true(writes > 10);
    for (int k = 1; k <= writes; k++) {
        f = (flaky){0, k};
        out = fopencookie(&f, "w", (cookie_io_functions_t){.write = flaky_write});
        assert_non_null(out);
        assert_int_equal(setvbuf(out, NULL, _IONBF, 0), 0);
        if (cs_runreport_dump(out, j))
            fail_msg("write %d of %d failed, and the dump says it succeeded", k, writes);
        fclose(out);
    }
    json_decref(j);
}

/* ---- the JSON report's size limit ------------------------------------------------- */

static void json_size_limit(void **state)
{
    (void)state;
    pipeline p;
    pipeline_decide(&p, "kaz-2022", NULL);
    const cs_ops_result *real = pipeline_run(&p, 1);
    cs_diags d;
    cs_diags_init(&d);
    size_t rows = cs_opsreport_json_rows(real);
    assert_int_equal(rows, (size_t)real->ncontingents + real->ntimeline + real->nsamples +
                               real->nflights + real->nsites);
    assert_int_equal(cs_opsreport_json_fits(real, &d), CS_OK);
    assert_int_equal(cs_runreport_json_fits(p.run, &d), CS_OK);
    assert_false(cs_diags_any(&d));

    /* The same result with as many flights as bring it to the limit fits; one more does
     * not. Only the counts are read: the report is refused before any flight is. */
    cs_ops_result big = *real;
    big.nflights = (uint32_t)(CS_OPSREPORT_JSON_MAX_ROWS - (rows - real->nflights));
    assert_int_equal(cs_opsreport_json_rows(&big), CS_OPSREPORT_JSON_MAX_ROWS);
    assert_int_equal(cs_opsreport_json_fits(&big, &d), CS_OK);
    big.nflights++;
    big.flights = NULL;
    assert_int_equal(cs_opsreport_json_fits(&big, &d), CS_ERR_OUTPUT);
    assert_null(cs_opsreport_json(&big));
    assert_int_equal(d.n, 1);
    assert_non_null(strstr(d.v[0].msg, "too large for the JSON report"));
    assert_non_null(strstr(d.v[0].msg, "--csv DIR"));
    char count[64];
    snprintf(count, sizeof count, "%d entries", CS_OPSREPORT_JSON_MAX_ROWS + 1);
    assert_non_null(strstr(d.v[0].msg, count));
    cs_diags_free(&d);
    pipeline_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(escape_rules),
        cmocka_unit_test(text_reports_escape_controls),
        cmocka_unit_test(json_whole_or_nothing),
        cmocka_unit_test(dump_fails_on_any_write),
        cmocka_unit_test(json_size_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
