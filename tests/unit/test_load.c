/* Unit tests of the loader and the model's queries, on small libraries held in memory, and
 * of out-of-memory handling on the shipped library. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "load/load.h"
#include "support/mem.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *SOURCES =
    "casus: 1\nkind: sources\nsources:\n"
    "  - {id: s1, type: seed, ref: seeds/x.txt, title: A source}\n";
static const char *VOCAB =
    "casus: 1\nkind: vocabulary\nfacts:\n"
    "  - {path: crisis.kind, type: string, values: [riot, war], doc: kind}\n"
    "  - {path: crisis.border_violation, type: bool, default: false, doc: b}\n";
static const char *STATE_A =
    "casus: 1\nkind: state\nid: AAA\nname: Alpha\ngovernment: presidential\n"
    "capital: {name: A-town, lat: 0, lon: 0}\nutc_offset: \"+01:00\"\nsource: s1\n"
    "borders: [{state: BBB, km: 100, source: s1}]\n";
static const char *STATE_B =
    "casus: 1\nkind: state\nid: BBB\nname: Beta\ngovernment: parliamentary\n"
    "capital: {name: B-town, lat: 0, lon: 1}\nutc_offset: \"+01:00\"\nsource: s1\n";
static const char *ALLIANCE =
    "casus: 1\nkind: alliance\nid: ALL\nname: The Alliance\nfounded: 2000-01-01\n"
    "lead: AAA\nsource: s1\n"
    "members:\n"
    "  - state: AAA\n    history: [{event: joined, date: 2000-01-01, source: s1}]\n"
    "  - state: BBB\n    history:\n"
    "      - {event: joined, date: 2000, source: s1}\n"
    "      - {event: withdrew, date: 2005-06-30, source: s1}\n"
    "      - {event: joined, date: 2010-01-01, source: s1}\n"
    "organs: [{id: council, name: Council, composition: heads-of-state, rule: consensus,"
    " source: s1}]\n"
    "chairs: [{organ: council, state: BBB, from: 2010-01, to: 2010-12, source: s1}]\n"
    "clauses: [{id: art1, name: Article 1, requires_request: true, trigger: aggression,"
    " source: s1}]\n"
    "doctrines:\n"
    "  - {id: d1, name: Old, from: 2000-01-01, to: 2009-12-31, reading: r,"
    " defines: {aggression: crisis.border_violation}, source: s1}\n"
    "  - {id: d2, name: New, from: 2010-01-01, reading: r,"
    " defines: {aggression: 'true'}, source: s1}\n";

static cs_model *load_texts(const char *const *texts, size_t n, cs_diags *d)
{
    cs_diags_init(d);
    cs_loader *l = cs_loader_new(d);
    assert_non_null(l);
    for (size_t i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof name, "t%zu.yaml", i);
        cs_loader_add_buffer(l, name, texts[i], strlen(texts[i]));
    }
    return cs_loader_finish(l);
}

static cs_time day(int y, unsigned m, unsigned dd)
{
    return (cs_time){cs_date_days_from_civil(y, m, dd) * 1440, CS_PREC_DAY};
}

static void test_membership_and_doctrine(void **state)
{
    (void)state;
    const char *texts[] = {SOURCES, VOCAB, STATE_A, STATE_B, ALLIANCE};
    cs_diags d;
    cs_model *m = load_texts(texts, 5, &d);
    if (!m)
        cs_diags_print(&d, stderr);
    assert_non_null(m);
    const cs_alliance *a = cs_model_alliance(m, "ALL");
    assert_non_null(a);
    assert_true(cs_alliance_is_member(a, "BBB", day(2003, 1, 1)));
    assert_false(cs_alliance_is_member(a, "BBB", day(2007, 1, 1)));
    assert_true(cs_alliance_is_member(a, "BBB", day(2010, 1, 1)));
    assert_false(cs_alliance_is_member(a, "CCC", day(2010, 1, 1)));
    cs_mevent st;
    assert_non_null(cs_alliance_member_on(a, "BBB", day(2007, 1, 1), &st));
    assert_int_equal(st, CS_M_WITHDREW);
    assert_string_equal(cs_alliance_doctrine_on(a, day(2009, 12, 31))->id, "d1");
    assert_string_equal(cs_alliance_doctrine_on(a, day(2010, 1, 1))->id, "d2");
    assert_null(cs_alliance_doctrine_on(a, day(1999, 1, 1)));
    assert_non_null(cs_alliance_chair_on(a, "council", day(2010, 12, 31)));
    assert_null(cs_alliance_chair_on(a, "council", day(2011, 1, 1)));
    const cs_state *sa = cs_model_state(m, "AAA");
    assert_ptr_equal(sa->borders[0].state.to, cs_model_state(m, "BBB"));
    /* One degree of longitude on the equator. */
    double km = cs_geo_km(0, 0, 0, 1);
    assert_true(km > 111.1 && km < 111.3);
    cs_model_free(m);
    cs_diags_free(&d);
}

static void test_errors_collected(void **state)
{
    (void)state;
    /* One file with several independent errors: all are reported, with their classes. */
    const char *bad =
        "casus: 1\nkind: state\nid: CCC\nname: Gamma\ngovernment: presidental\n"
        "capital: {name: C, lat: 91, lon: 0}\nutc_offset: \"+01:00\"\nsource: nosuch\n"
        "borders: [{state: AAA, km: 12abc, source: s1}]\n";
    const char *texts[] = {SOURCES, VOCAB, STATE_A, STATE_B, bad};
    cs_diags d;
    cs_model *m = load_texts(texts, 5, &d);
    assert_null(m);
    /* government, lat, km; then linking still reports the unknown source. */
    assert_int_equal(d.n, 4);
    assert_int_equal(d.worst, CS_ERR_SCHEMA);
    assert_non_null(strstr(d.v[0].msg, "did you mean 'presidential'"));
    assert_string_equal(d.v[0].where, "t4.yaml:5:13");
    assert_string_equal(d.v[2].where, "t4.yaml:9:30");
    assert_string_equal(d.v[3].msg, "unknown source 'nosuch'");
    cs_diags_free(&d);
}

static void test_dangling_reference(void **state)
{
    (void)state;
    const char *bad =
        "casus: 1\nkind: state\nid: CCC\nname: Gamma\ngovernment: presidential\n"
        "capital: {name: C, lat: 1, lon: 0}\nutc_offset: \"+01:00\"\nsource: s2\n"
        "borders: [{state: AAB, km: 1, source: s1}]\n";
    const char *texts[] = {SOURCES, VOCAB, STATE_A, STATE_B, bad};
    cs_diags d;
    cs_model *m = load_texts(texts, 5, &d);
    assert_null(m);
    assert_int_equal(d.worst, CS_ERR_REF);
    assert_int_equal(d.n, 2);
    assert_string_equal(d.v[0].msg, "unknown source 's2' (did you mean 's1'?)");
    assert_string_equal(d.v[1].msg, "unknown state 'AAB' (did you mean 'AAA'?)");
    cs_diags_free(&d);
}

/* Fail each allocation of a full load in turn: every failure must end in a clean
 * out-of-memory error (and, under the sanitizers, no leak). */
static void test_every_allocation_failure(void **state)
{
    (void)state;
    const char *root = getenv("CASUS_SOURCE_DIR");
    if (!root)
        skip();
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/data", root);
    int failures = 0;
    for (long n = 1;; n++) {
        cs_diags d;
        cs_diags_init(&d);
        cs_mem_fail_at(n);
        cs_loader *l = cs_loader_new(&d);
        cs_model *m = NULL;
        if (l) {
            cs_loader_add_dir(l, dir);
            m = cs_loader_finish(l);
        }
        cs_mem_fail_at(0);
        if (m) {
            assert_int_equal(d.n, 0);
            cs_model_free(m);
            cs_diags_free(&d);
            break;
        }
        failures++;
        /* The only error class allowed when memory runs out is CS_ERR_NOMEM. */
        if (l)
            assert_int_equal(d.worst, CS_ERR_NOMEM);
        cs_diags_free(&d);
        assert_true(n < 100000);
    }
    assert_true(failures > 10);
}

/* A state fact's path is looked up whole, however long (it was cut at 256 characters). */
static void test_long_fact_path(void **state)
{
    (void)state;
    char path[400], vocab[1024];
    size_t n = 0;
    for (int i = 0; i < 30; i++)
        n += (size_t)snprintf(path + n, sizeof path - n, "%ssegment_%02d", i ? "." : "", i);
    assert_true(n > 300);
    snprintf(vocab, sizeof vocab,
             "casus: 1\nkind: vocabulary\nfacts:\n  - {path: state.%s, type: bool, doc: d}\n",
             path);
    char state_a[2048];
    snprintf(state_a, sizeof state_a, "%sfacts:\n  - {path: %s, value: true, "
             "status: evidenced, source: s1}\n", STATE_B, path);
    const char *texts[] = {SOURCES, vocab, state_a};
    cs_diags d;
    cs_model *m = load_texts(texts, 3, &d);
    if (!m)
        cs_diags_print(&d, stderr);
    assert_non_null(m);
    const cs_state *b = cs_model_state(m, "BBB");
    assert_non_null(b);
    assert_int_equal(b->nfacts, 1);
    assert_non_null(b->facts[0].decl);
    cs_model_free(m);
    cs_diags_free(&d);
}

/* A folder that cannot be opened is reported, and the files found elsewhere still load,
 * whatever order the folder's entries come in (a subfolder read last used to stop them).
 * Root opens any folder, so the subfolder is made unopenable by leaving no descriptor for
 * it: the limit lets the loader open the top folder and nothing more at the same time. */
static void test_unreadable_subfolder(void **state)
{
    (void)state;
    char top[] = "/tmp/casus-test-XXXXXX";
    assert_non_null(mkdtemp(top));
    char path[256];
    snprintf(path, sizeof path, "%s/sub", top);
    assert_int_equal(mkdir(path, 0700), 0);
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof path, i ? "%s/sub/b.yaml" : "%s/a.yaml", top);
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs("casus: 1\nkind: sources\nsourcez: []\n", f);
        fclose(f);
    }
    cs_diags d;
    cs_diags_init(&d);
    cs_loader *l = cs_loader_new(&d);
    assert_non_null(l);
    int lowest = dup(0);   /* the next descriptor: the top folder gets it */
    assert_true(lowest >= 0);
    close(lowest);
    struct rlimit old, tight;
    assert_int_equal(getrlimit(RLIMIT_NOFILE, &old), 0);
    tight = old;
    tight.rlim_cur = (rlim_t)lowest + 1;
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &tight), 0);
    cs_status st = cs_loader_add_dir(l, top);
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &old), 0);
    assert_int_equal(st, CS_ERR_IO);
    bool folder = false, key = false;
    for (size_t i = 0; i < d.n; i++) {
        folder |= strstr(d.v[i].msg, "cannot open folder") != NULL;
        key |= strstr(d.v[i].msg, "unknown key 'sourcez'") != NULL;
    }
    assert_true(folder);
    assert_true(key);   /* a.yaml was read */
    cs_loader_abandon(l);
    cs_diags_free(&d);
    snprintf(path, sizeof path, "rm -rf '%s'", top);
    assert_int_equal(system(path), 0);
}

/* The text of a file under the source folder (NULL when CASUS_SOURCE_DIR is not set). */
static char *source_file(const char *rel)
{
    const char *root = getenv("CASUS_SOURCE_DIR");
    if (!root)
        return NULL;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = NULL;
    size_t len = 0, cap = 0, got;
    char chunk[4096];
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (len + got + 1 > cap) {
            cap = 2 * (len + got + 1);
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
        memcpy(buf + len, chunk, got);
        len += got;
    }
    fclose(f);
    if (!buf)
        buf = calloc(1, 1);
    buf[len] = '\0';
    return buf;
}

/* The key reference in docs/format.md is the one the loader's tables print. */
static void test_key_reference_matches_docs(void **state)
{
    (void)state;
    char *doc = source_file("docs/format.md");
    if (!doc)
        skip();
    const char *begin = "<!-- keys: begin -->\n", *end = "<!-- keys: end -->";
    char *b = strstr(doc, begin), *e = b ? strstr(b, end) : NULL;
    assert_non_null(b);
    assert_non_null(e);
    b += strlen(begin);
    char *want = NULL;
    size_t nwant = 0;
    FILE *out = open_memstream(&want, &nwant);
    assert_non_null(out);
    cs_load_print_keys(out);
    fclose(out);
    bool same = (size_t)(e - b) == nwant && memcmp(b, want, nwant) == 0;
    if (!same)
        fprintf(stderr, "docs/format.md: the key reference differs from the loader's tables; "
                "between the markers it should read:\n%s", want);
    assert_true(same);
    free(want);
    free(doc);
}

/* Every key in the YAML examples of docs/format.md is one the loader knows (a name under
 * `defines:` is a definition, not a key). */
static void test_doc_examples_use_known_keys(void **state)
{
    (void)state;
    char *doc = source_file("docs/format.md");
    if (!doc)
        skip();
    char *ref = NULL;
    size_t nref = 0;
    FILE *out = open_memstream(&ref, &nref);
    assert_non_null(out);
    cs_load_print_keys(out);
    fclose(out);
    int unknown = 0, seen = 0;
    bool in_yaml = false;
    int defines_at = -1;   /* indentation of a `defines:` line, while inside it */
    for (char *line = doc, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if (strncmp(line, "```", 3) == 0) {
            in_yaml = !in_yaml && strncmp(line, "```yaml", 7) == 0;
            defines_at = -1;
            continue;
        }
        if (!in_yaml)
            continue;
        int indent = (int)strspn(line, " ");
        if (defines_at >= 0 && indent > defines_at)
            continue;
        defines_at = -1;
        char *hash = strstr(line, " #");
        if (hash)
            *hash = '\0';
        /* A key starts the line (after "- ") or follows '{' or ','. */
        for (char *p = line; *p; p++) {
            bool start = p == line + indent || (p >= line + 2 && p[-1] == ' ' && p[-2] == '-' &&
                                                p - 2 == line + indent);
            if (!start && !(p > line && (p[-1] == '{' || p[-1] == ',' ||
                                         (p[-1] == ' ' && p > line + 1 &&
                                          (p[-2] == '{' || p[-2] == ',')))))
                continue;
            size_t k = strspn(p, "abcdefghijklmnopqrstuvwxyz_");
            if (!k || p[k] != ':')
                continue;
            char key[64];
            snprintf(key, sizeof key, "`%.*s`", (int)k, p);
            seen++;
            if (!strstr(ref, key)) {
                fprintf(stderr, "docs/format.md: the example key %s is not in the loader's "
                        "tables\n", key);
                unknown++;
            }
            if (strcmp(key, "`defines`") == 0)
                defines_at = indent;
        }
    }
    assert_true(seen > 100);
    assert_int_equal(unknown, 0);
    free(ref);
    free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_long_fact_path),
        cmocka_unit_test(test_unreadable_subfolder),
        cmocka_unit_test(test_key_reference_matches_docs),
        cmocka_unit_test(test_doc_examples_use_known_keys),
        cmocka_unit_test(test_membership_and_doctrine),
        cmocka_unit_test(test_errors_collected),
        cmocka_unit_test(test_dangling_reference),
        cmocka_unit_test(test_every_allocation_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
