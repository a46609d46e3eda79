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

/* Write text to path (the test fails if it cannot). */
static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

/* How many kept errors contain s in their message. */
static int count_msgs(const cs_diags *d, const char *s)
{
    int n = 0;
    for (size_t i = 0; i < d->n; i++)
        n += strstr(d->v[i].msg, s) != NULL;
    return n;
}

/* The kept error whose message contains s: its place ("file:line:col"), or NULL. */
static const char *where_of(const cs_diags *d, const char *s)
{
    for (size_t i = 0; i < d->n; i++)
        if (strstr(d->v[i].msg, s))
            return d->v[i].where;
    return NULL;
}

static const char *BAD_SOURCES = "casus: 1\nkind: sources\nsourcez: []\n";

/* A data folder in a new temporary folder: top/data (its path in data, 256 bytes). */
static void make_data_folder(char *top, char *data)
{
    assert_non_null(mkdtemp(top));
    snprintf(data, 256, "%s/data", top);
    assert_int_equal(mkdir(data, 0700), 0);
}

static void remove_tree(const char *top)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
    assert_int_equal(system(cmd), 0);
}

/* A symbolic link whose target is outside the data folder is reported and not followed,
 * and the files on either side of it in sorted order still load. */
static void test_link_outside_folder(void **state)
{
    (void)state;
    char top[] = "/tmp/casus-test-XXXXXX", data[256], path[300];
    make_data_folder(top, data);
    snprintf(path, sizeof path, "%s/out", top);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/out/b.yaml", top);
    write_text(path, "casus: 1\nkind: sources\noutsidez: []\n");
    snprintf(path, sizeof path, "%s/a.yaml", data);
    write_text(path, BAD_SOURCES);
    snprintf(path, sizeof path, "%s/z.yaml", data);
    write_text(path, BAD_SOURCES);
    snprintf(path, sizeof path, "%s/m", data);
    assert_int_equal(symlink("../out", path), 0);
    cs_diags d;
    cs_diags_init(&d);
    cs_loader *l = cs_loader_new(&d);
    assert_non_null(l);
    assert_int_equal(cs_loader_add_dir(l, data), CS_ERR_IO);
    assert_int_equal(count_msgs(&d, "outside the data folder: not followed"), 1);
    snprintf(path, sizeof path, "%s/m", data);
    assert_string_equal(where_of(&d, "outside the data folder"), path);
    assert_int_equal(count_msgs(&d, "unknown key 'sourcez'"), 2);   /* a.yaml and z.yaml */
    assert_int_equal(count_msgs(&d, "outsidez"), 0);                /* out/b.yaml: not read */
    cs_loader_abandon(l);
    cs_diags_free(&d);
    remove_tree(top);
}

/* Links back to a folder already walked (to '.', to '..' from a subfolder) are not
 * followed again: each file is read once, under the name it has outside any link. */
static void test_link_loops(void **state)
{
    (void)state;
    char top[] = "/tmp/casus-test-XXXXXX", data[256], path[300];
    make_data_folder(top, data);
    snprintf(path, sizeof path, "%s/sub", data);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/a.yaml", data);
    write_text(path, BAD_SOURCES);
    snprintf(path, sizeof path, "%s/sub/c.yaml", data);
    write_text(path, "casus: 1\nkind: sources\nsourcec: []\n");
    for (int i = 0; i < 6; i++) {
        snprintf(path, sizeof path, "%s/self%d", data, i);
        assert_int_equal(symlink(".", path), 0);
    }
    snprintf(path, sizeof path, "%s/sub/back", data);
    assert_int_equal(symlink("..", path), 0);
    cs_diags d;
    cs_diags_init(&d);
    cs_loader *l = cs_loader_new(&d);
    assert_non_null(l);
    assert_int_equal(cs_loader_add_dir(l, data), CS_OK);
    assert_int_equal(count_msgs(&d, "unknown key 'sourcez'"), 1);
    assert_int_equal(count_msgs(&d, "unknown key 'sourcec'"), 1);
    snprintf(path, sizeof path, "%s/sub/c.yaml:3:1", data);
    assert_string_equal(where_of(&d, "sourcec"), path);
    cs_loader_abandon(l);
    cs_diags_free(&d);
    remove_tree(top);
}

/* A *.yaml entry that cannot be read as a file is an error, not a file left out in
 * silence: a broken link (root reads any file, so this is how a test makes one that
 * cannot be read), and a FIFO, which is never opened (it would block). */
static void test_unreadable_entries(void **state)
{
    (void)state;
    char top[] = "/tmp/casus-test-XXXXXX", data[256], path[300];
    make_data_folder(top, data);
    snprintf(path, sizeof path, "%s/a.yaml", data);
    write_text(path, BAD_SOURCES);
    snprintf(path, sizeof path, "%s/gone.yaml", data);
    assert_int_equal(symlink("nowhere.yaml", path), 0);
    snprintf(path, sizeof path, "%s/gone-too", data);   /* not *.yaml: not data */
    assert_int_equal(symlink("nowhere", path), 0);
    snprintf(path, sizeof path, "%s/pipe.yaml", data);
    assert_int_equal(mkfifo(path, 0600), 0);
    cs_diags d;
    cs_diags_init(&d);
    cs_loader *l = cs_loader_new(&d);
    assert_non_null(l);
    assert_int_equal(cs_loader_add_dir(l, data), CS_ERR_IO);
    assert_int_equal(count_msgs(&d, "broken symbolic link"), 1);
    snprintf(path, sizeof path, "%s/gone.yaml", data);
    assert_string_equal(where_of(&d, "broken symbolic link"), path);
    snprintf(path, sizeof path, "%s/pipe.yaml", data);
    assert_string_equal(where_of(&d, "not a regular file"), path);
    assert_int_equal(count_msgs(&d, "unknown key 'sourcez'"), 1);   /* a.yaml still read */
    /* Named on its own, the FIFO is refused at once too. */
    assert_int_equal(cs_loader_add_file(l, path), CS_ERR_IO);
    assert_int_equal(count_msgs(&d, "not a regular file"), 2);
    cs_loader_abandon(l);
    cs_diags_free(&d);
    remove_tree(top);
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
        cmocka_unit_test(test_link_outside_folder),
        cmocka_unit_test(test_link_loops),
        cmocka_unit_test(test_unreadable_entries),
        cmocka_unit_test(test_key_reference_matches_docs),
        cmocka_unit_test(test_doc_examples_use_known_keys),
        cmocka_unit_test(test_membership_and_doctrine),
        cmocka_unit_test(test_errors_collected),
        cmocka_unit_test(test_dangling_reference),
        cmocka_unit_test(test_every_allocation_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
