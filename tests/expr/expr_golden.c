/* expr_golden.c - the golden tests of the expression language.
 *
 *   expr_golden FILE.test
 *
 * Reads a file of cases; for each, compiles an expression against the names the case
 * declares, and compares what happens with what the case expects: the value and the
 * printed trace, or the printed diagnostics. Prints every difference; exits 1 if any.
 *
 * The file (see eval.test and errors.test for examples):
 *
 *   # a comment (outside blocks)
 *   slot NAME TYPE VALUE [ORIGIN] [by=STATE] [src=ID,ID...]
 *        TYPE  bool | number | string | state | date | list
 *        VALUE true | false | 12.5 | 'text' | word | 2022-01-05 | [a b 'c d'] | ? (unknown)
 *        ORIGIN evidenced (the default) | claimed | default | set (on the command line)
 *   def NAME TYPE = EXPRESSION       a definition the environment defines
 *   undef NAME TYPE                  a definition it does not
 *   date YYYY-MM-DD                  the environment's date (2022-01-05 unless given)
 *   === TITLE                        starts a case; lines above the first case declare
 *                                    names for every case, lines in a case for that case
 *   expr EXPRESSION                  the expression, in a file t.yaml on a line of its own
 *   yaml ... end                     or a YAML document; the expression is its last scalar,
 *                                    in whatever style it is written
 *   value VALUE                      the value expected, as cs_value_format prints it
 *   status NAME                      the status expected (cs_evalst_name; default ok)
 *   trace ... end                    the trace expected, as cs_trace_print prints it
 *   error ... end                    the diagnostics expected, as cs_diags_print prints them
 *
 * The functions of the language read a small world built below: states KAZ, KGZ, RUS and
 * ARM; an alliance CSTO of which KAZ, KGZ and ARM are members since 1992-05-15 and UZB was
 * one from 1992-05-15, withdrew 1999-04-02, joined again 2006-08-16, suspended 2012-12-19.
 */
#include "expr/expr.h"
#include "support/num.h"

#include <yaml.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the world -------------------------------------------------------------------- */

static cs_time day(int y, unsigned m, unsigned d)
{
    return (cs_time){cs_date_days_from_civil(y, m, d) * 1440, CS_PREC_DAY};
}

static cs_border kaz_borders[] = {{.state = {.id = "KGZ"}, .km = 1212},
                                  {.state = {.id = "RUS"}, .km = 7644}};
static cs_asset kaz_assets[] = {{.id = "baikonur", .name = "Baikonur", .user = {.id = "RUS"}}};
static cs_base kgz_bases[] = {{.name = "Kant air base", .of = {.id = "RUS"}}};
static cs_base arm_bases[] = {{.name = "102nd base", .of = {.id = "RUS"}}};
static cs_state kaz = {.id = "KAZ", .capital = {true, "Astana", 51.1694, 71.4491, {0}, {0}},
                       .borders = kaz_borders, .nborders = 2,
                       .assets = kaz_assets, .nassets = 1};
static cs_state kgz = {.id = "KGZ", .capital = {true, "Bishkek", 42.8746, 74.5698, {0}, {0}},
                       .bases = kgz_bases, .nbases = 1};
static cs_state rus = {.id = "RUS", .capital = {true, "Moscow", 55.7558, 37.6173, {0}, {0}}};
static cs_state arm = {.id = "ARM", .capital = {false, NULL, 0, 0, {0}, {0}},
                       .bases = arm_bases, .nbases = 1};
static const cs_state *world_states[] = {&kaz, &kgz, &rus, &arm};
static cs_member_event since_1992[1], uzb_hist[4];
static cs_member members[] = {
    {.state = {.id = "KAZ"}, .hist = since_1992, .nhist = 1},
    {.state = {.id = "KGZ"}, .hist = since_1992, .nhist = 1},
    {.state = {.id = "ARM"}, .hist = since_1992, .nhist = 1},
    {.state = {.id = "UZB"}, .hist = uzb_hist, .nhist = 4},
};
static cs_alliance csto = {.id = "CSTO", .members = members, .nmembers = 4};
static cs_model world = {.states = world_states, .nstates = 4};

static void build_world(void)
{
    since_1992[0] = (cs_member_event){.event = CS_M_JOINED, .date = day(1992, 5, 15)};
    uzb_hist[0] = (cs_member_event){.event = CS_M_JOINED, .date = day(1992, 5, 15)};
    uzb_hist[1] = (cs_member_event){.event = CS_M_WITHDREW, .date = day(1999, 4, 2)};
    uzb_hist[2] = (cs_member_event){.event = CS_M_JOINED, .date = day(2006, 8, 16)};
    uzb_hist[3] = (cs_member_event){.event = CS_M_SUSPENDED, .date = day(2012, 12, 19)};
}

/* ---- declarations ----------------------------------------------------------------- */

enum { MAX_DECLS = 64, MAX_LINE = 4096 };

typedef struct decl {
    char kind;              /* 's' slot, 'd' definition, 'u' undefined definition */
    const char *name;
    cs_type type;
    cs_slot slot;
    const char *body;
    int line;               /* where it is declared */
    uint32_t index;         /* in the slots or definitions of the case */
} decl;

typedef struct suite {
    const char *path;
    cs_arena *a;            /* strings and lists of the whole file */
    decl decls[MAX_DECLS];
    size_t ndecls, nglobal;
    cs_time date, global_date;
    int failures, cases;
} suite;

static void complain(suite *s, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void complain(suite *s, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s:%d: ", s->path, line);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    s->failures++;
}

/* The next word of *p: a quoted string ('' is a quote), a [list], or up to a space. */
static char *word(char **p)
{
    char *s = *p;
    while (*s == ' ')
        s++;
    if (!*s)
        return NULL;
    char *start = s;
    if (*s == '\'') {
        for (s++; *s && !(*s == '\'' && s[1] != '\''); s++)
            if (*s == '\'')
                s++;
        if (*s)
            s++;
    } else if (*s == '[') {
        while (*s && *s != ']')
            s++;
        if (*s)
            s++;
    } else {
        while (*s && *s != ' ')
            s++;
    }
    if (*s)
        *s++ = '\0';
    *p = s;
    return start;
}

static bool parse_type(const char *w, cs_type *t)
{
    for (int i = CS_T_BOOL; i <= CS_T_LIST; i++)
        if (strcmp(w, cs_type_name((cs_type)i)) == 0) {
            *t = (cs_type)i;
            return true;
        }
    return false;
}

/* A scalar: number, date, 'string', true/false, else a bare word as a string. */
static bool parse_scalar(suite *s, const char *w, cs_value *v)
{
    const char *err;
    size_t pos;
    double x;
    cs_time t;
    if (strcmp(w, "?") == 0)
        *v = (cs_value){.kind = CS_V_NONE};
    else if (strcmp(w, "true") == 0 || strcmp(w, "false") == 0)
        *v = (cs_value){.kind = CS_V_BOOL, .b = w[0] == 't'};
    else if (cs_num_real(w, &x, &err, &pos))
        *v = (cs_value){.kind = CS_V_NUM, .num = x};
    else if (cs_date_parse(w, CS_PREC_DAY | CS_PREC_MINUTE, &t, &err, &pos))
        *v = (cs_value){.kind = CS_V_DATE, .t = t};
    else if (w[0] == '\'') {
        size_t n = strlen(w);
        if (n < 2 || w[n - 1] != '\'')
            return false;
        char *str = cs_arena_alloc(s->a, n);
        size_t o = 0;
        for (size_t i = 1; i + 1 < n; i++) {
            str[o++] = w[i];
            if (w[i] == '\'')
                i++;
        }
        str[o] = '\0';
        *v = (cs_value){.kind = CS_V_STR, .str = str};
    } else
        *v = (cs_value){.kind = CS_V_STR, .str = cs_arena_strdup(s->a, w)};
    return true;
}

static bool parse_value(suite *s, char *w, cs_value *v)
{
    if (w[0] != '[')
        return parse_scalar(s, w, v);
    size_t n = strlen(w);
    if (w[n - 1] != ']')
        return false;
    w[n - 1] = '\0';
    cs_value *items = cs_arena_array(s->a, n, sizeof *items);
    uint32_t k = 0;
    char *p = w + 1, *it;
    while ((it = word(&p)))
        if (!parse_scalar(s, it, &items[k++]))
            return false;
    *v = (cs_value){.kind = CS_V_LIST, .list = {items, k}};
    return true;
}

static bool parse_sources(suite *s, char *list, const cs_cite **out)
{
    cs_cite *c = cs_arena_alloc(s->a, sizeof *c);
    c->v = cs_arena_array(s->a, strlen(list) + 1, sizeof *c->v);
    for (char *p = list; *p;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        c->v[c->n++].id = cs_arena_strdup(s->a, p);
        if (!comma)
            break;
        p = comma + 1;
    }
    *out = c;
    return true;
}

/* slot NAME TYPE VALUE [ORIGIN] [by=STATE] [src=ID,...] */
static bool parse_slot(suite *s, char *rest, decl *d)
{
    char *name = word(&rest), *type = word(&rest), *value = word(&rest), *w;
    if (!name || !type || !value || !parse_type(type, &d->type))
        return false;
    d->kind = 's';
    d->name = cs_arena_strdup(s->a, name);
    d->slot = (cs_slot){.name = d->name, .type = d->type, .stated = true};
    if (!parse_value(s, value, &d->slot.v))
        return false;
    while ((w = word(&rest))) {
        if (strcmp(w, "evidenced") == 0)
            d->slot.stated = true;
        else if (strcmp(w, "claimed") == 0)
            d->slot.claimed = true;
        else if (strcmp(w, "default") == 0)
            d->slot.stated = false;
        else if (strcmp(w, "set") == 0)
            d->slot.stated = false, d->slot.overridden = true;
        else if (strncmp(w, "by=", 3) == 0)
            d->slot.by = cs_arena_strdup(s->a, w + 3);
        else if (strncmp(w, "src=", 4) == 0)
            parse_sources(s, w + 4, &d->slot.src);
        else
            return false;
    }
    return true;
}

/* def NAME TYPE = EXPRESSION | undef NAME TYPE */
static bool parse_def(suite *s, char *rest, decl *d, bool defined)
{
    char *name = word(&rest), *type = word(&rest);
    if (!name || !type || !parse_type(type, &d->type))
        return false;
    d->kind = defined ? 'd' : 'u';
    d->name = cs_arena_strdup(s->a, name);
    if (defined) {
        while (*rest == ' ')
            rest++;
        if (*rest != '=')
            return false;
        rest++;
        while (*rest == ' ')
            rest++;
        d->body = cs_arena_strdup(s->a, rest);
    }
    return true;
}

/* A declaration line; false if the line is not one. */
static bool declaration(suite *s, char *line, int lineno)
{
    char *rest = line;
    char *kw = word(&rest);
    if (!kw)
        return false;
    if (strcmp(kw, "date") == 0) {
        const char *err;
        size_t pos;
        char *w = word(&rest);
        if (!w || !cs_date_parse(w, CS_PREC_DAY, &s->date, &err, &pos))
            complain(s, lineno, "bad date: %s", w ? w : "");
        return true;
    }
    if (strcmp(kw, "slot") && strcmp(kw, "def") && strcmp(kw, "undef"))
        return false;
    if (s->ndecls == MAX_DECLS) {
        complain(s, lineno, "%s", "too many declarations");
        return true;
    }
    decl *d = &s->decls[s->ndecls];
    *d = (decl){.line = lineno};
    bool ok = kw[0] == 's' ? parse_slot(s, rest, d) : parse_def(s, rest, d, kw[0] == 'd');
    if (!ok)
        complain(s, lineno, "bad declaration: %s", kw);
    else
        s->ndecls++;
    return true;
}

/* ---- a case ----------------------------------------------------------------------- */

typedef struct tcase {
    const char *title;
    int line;
    const char *expr;       /* expr EXPRESSION */
    char *yaml;             /* yaml ... end */
    const char *value;
    const char *status;
    char *trace;            /* trace ... end */
    char *error;            /* error ... end */
} tcase;

typedef struct env_build {
    suite *s;
    cs_slot slots[MAX_DECLS];
    const cs_expr *defs[MAX_DECLS];
    const char *def_names[MAX_DECLS];
    const char *known[MAX_DECLS];
    uint32_t nslots, ndefs, nknown;
} env_build;

/* The case's names: a later declaration hides an earlier one of the same name. */
static const decl *lookup(const suite *s, const char *name)
{
    for (size_t i = s->ndecls; i-- > 0;)
        if (strcmp(s->decls[i].name, name) == 0)
            return &s->decls[i];
    return NULL;
}

static cs_resolved resolve(void *ctx, const char *name, const cs_loc *where, cs_symbol *out)
{
    (void)where;
    const decl *d = lookup(ctx, name);
    if (!d)
        return CS_RESOLVE_UNKNOWN;
    *out = (cs_symbol){d->kind == 's' ? CS_SYM_SLOT : CS_SYM_DEF, d->type, d->index};
    return CS_RESOLVE_FOUND;
}

/* What a printer wrote to a tmpfile(), as a string (the file is closed). */
static char *capture_end(FILE *f)
{
    if (!f)
        return calloc(1, 1);
    long n = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)(n > 0 ? n : 0) + 1);
    size_t got = fread(buf, 1, (size_t)(n > 0 ? n : 0), f);
    buf[got] = '\0';
    fclose(f);
    return buf;
}

/* The expression of a yaml block: its last scalar, located as the loader locates it. */
static bool from_yaml(const char *text, cs_srcfile *file, cs_exprsrc *src, cs_arena *a)
{
    yaml_parser_t p;
    yaml_event_t ev;
    bool found = false, done = false;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, (const unsigned char *)text, strlen(text));
    while (!done) {
        if (!yaml_parser_parse(&p, &ev)) {
            yaml_parser_delete(&p);
            return false;
        }
        if (ev.type == YAML_SCALAR_EVENT) {
            src->text = cs_arena_strndup(a, (const char *)ev.data.scalar.value,
                                         ev.data.scalar.length);
            src->loc = (cs_loc){file, (uint32_t)ev.start_mark.line + 1,
                                (uint32_t)ev.start_mark.column + 1};
            switch (ev.data.scalar.style) {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: src->style = CS_EX_SINGLE; break;
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: src->style = CS_EX_DOUBLE; break;
            case YAML_LITERAL_SCALAR_STYLE: src->style = CS_EX_LITERAL; break;
            case YAML_FOLDED_SCALAR_STYLE: src->style = CS_EX_FOLDED; break;
            default: src->style = CS_EX_PLAIN; break;
            }
            found = true;
        }
        done = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    return found;
}

static void show_diff(suite *s, const tcase *c, const char *what, const char *want,
                      const char *got)
{
    fprintf(stderr, "%s:%d: FAIL %s: %s differs\n--- expected\n%s--- got\n%s---\n", s->path,
            c->line, c->title, what, want, got);
    s->failures++;
}

static void run_case(suite *s, const tcase *c)
{
    s->cases++;
    int failures = s->failures;
    cs_arena *a = cs_arena_new();
    cs_diags d;
    cs_diags_init(&d);
    env_build b = {.s = s};
    /* Number the slots and definitions; a hidden declaration keeps an unused index. */
    for (size_t i = 0; i < s->ndecls; i++) {
        decl *dc = &s->decls[i];
        if (lookup(s, dc->name) != dc)
            continue;
        b.known[b.nknown++] = dc->name;
        if (dc->kind == 's') {
            dc->index = b.nslots;
            b.slots[b.nslots++] = dc->slot;
        } else {
            dc->index = b.ndefs;
            b.def_names[b.ndefs++] = dc->name;
        }
    }
    cs_resolver r = {resolve, s, b.known, b.nknown};
    /* The definitions: each compiled against the same names. */
    for (size_t i = 0; i < s->ndecls; i++) {
        decl *dc = &s->decls[i];
        if (lookup(s, dc->name) != dc || dc->kind != 'd')
            continue;
        cs_exprsrc ds = {dc->body, {NULL, (uint32_t)dc->line, 1}, CS_EX_PLAIN, NULL};
        cs_expr *e = cs_expr_parse(a, &ds, &d);
        cs_type t;
        if (!e || !cs_expr_check(e, &r, &d, &t) || t != dc->type) {
            complain(s, dc->line, "definition %s does not compile to its type", dc->name);
            cs_diags_print(&d, stderr);
            goto done;
        }
        b.defs[dc->index] = e;
    }
    /* The expression, from a line or a YAML document. */
    cs_srcfile file = {"t.yaml", NULL, NULL, 0, NULL, 0};
    cs_exprsrc src = {NULL, {&file, 1, 1}, CS_EX_PLAIN, NULL};
    if (c->yaml) {
        file.text = c->yaml;
        if (!from_yaml(c->yaml, &file, &src, a)) {
            complain(s, c->line, "%s: no scalar in the yaml block", c->title);
            goto done;
        }
    } else if (c->expr) {
        char *t = cs_arena_alloc(a, strlen(c->expr) + 2);
        snprintf(t, strlen(c->expr) + 2, "%s\n", c->expr);
        file.text = t;
        src.text = c->expr;
    } else {
        complain(s, c->line, "%s: no expression", c->title);
        goto done;
    }
    file.len = strlen(file.text);
    cs_expr *e = cs_expr_parse(a, &src, &d);
    cs_type type;
    bool ok = e && cs_expr_check(e, &r, &d, &type);
    FILE *f = tmpfile();
    if (f)
        cs_diags_print(&d, f);
    char *diags = capture_end(f);
    if (c->error) {
        if (strcmp(diags, c->error) != 0)
            show_diff(s, c, "the diagnostics", c->error, diags);
        free(diags);
        goto done;
    }
    if (!ok) {
        show_diff(s, c, "the diagnostics", "", diags);
        free(diags);
        goto done;
    }
    free(diags);
    cs_env env = {b.slots, b.nslots, b.defs, b.def_names, b.ndefs, &world, &csto, s->date,
                  cs_expr_memo_new(a, b.ndefs)};
    cs_trace_rec recs[256];
    cs_trace tr = {recs, 0, 256, false};
    cs_value v;
    cs_evalst st = cs_expr_eval(e, &env, &v, &tr);
    const char *want_st = c->status ? c->status : "ok";
    if (strcmp(cs_evalst_name(st), want_st) != 0)
        complain(s, c->line, "status differs: got %s", cs_evalst_name(st));
    if (c->value) {
        char buf[512];
        cs_value_format(&v, buf, sizeof buf);
        if (strcmp(buf, c->value) != 0) {
            char want[600], got[600];
            snprintf(want, sizeof want, "%s\n", c->value);
            snprintf(got, sizeof got, "%s\n", buf);
            show_diff(s, c, "the value", want, got);
        }
    }
    if (c->trace) {
        f = tmpfile();
        if (f)
            cs_trace_print(f, &tr, 0);
        char *got = capture_end(f);
        if (strcmp(got, c->trace) != 0)
            show_diff(s, c, "the trace", c->trace, got);
        free(got);
    }
done:
    if (s->failures > failures)
        fprintf(stderr, "  (case '%s')\n", c->title);
    cs_diags_free(&d);
    cs_arena_free(a);
}

/* ---- the file --------------------------------------------------------------------- */

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    size_t got = fread(buf, 1, (size_t)n, f);
    buf[got] = '\0';
    fclose(f);
    return buf;
}

/* The lines of a block up to a line `end`, joined, each with its newline; advances
 * *line. */
static char *block(suite *s, char **lines, int nlines, int *line)
{
    size_t len = 0;
    int i;
    for (i = *line + 1; i < nlines && strcmp(lines[i], "end") != 0; i++)
        len += strlen(lines[i]) + 1;
    if (i == nlines) {
        complain(s, *line + 1, "%s", "a block without 'end'");
        *line = nlines;
        return NULL;
    }
    char *out = cs_arena_alloc(s->a, len + 1), *p = out;
    for (int k = *line + 1; k < i; k++) {
        size_t n = strlen(lines[k]);
        memcpy(p, lines[k], n);
        p[n] = '\n';
        p += n + 1;
    }
    *p = '\0';
    *line = i;
    return out;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: expr_golden FILE.test\n");
        return 2;
    }
    build_world();
    suite s = {.path = argv[1], .a = cs_arena_new(), .date = day(2022, 1, 5)};
    char *text = read_file(argv[1]);
    if (!text || !s.a) {
        fprintf(stderr, "expr_golden: cannot read %s\n", argv[1]);
        return 2;
    }
    /* Split into lines. */
    int nlines = 0, cap = 256;
    char **lines = malloc((size_t)cap * sizeof *lines);
    for (char *p = text; *p;) {
        if (nlines == cap)
            lines = realloc(lines, (size_t)(cap *= 2) * sizeof *lines);
        lines[nlines++] = p;
        char *nl = strchr(p, '\n');
        if (!nl)
            break;
        *nl = '\0';
        p = nl + 1;
    }
    tcase c = {0};
    bool in_case = false;
    for (int i = 0; i < nlines; i++) {
        char *l = lines[i];
        if (strncmp(l, "=== ", 4) == 0) {
            if (in_case)
                run_case(&s, &c);
            else {
                s.nglobal = s.ndecls;
                s.global_date = s.date;
            }
            in_case = true;
            s.ndecls = s.nglobal;
            s.date = s.global_date;
            c = (tcase){.title = l + 4, .line = i + 1};
        } else if (l[0] == '\0' || l[0] == '#') {
            continue;
        } else if (strncmp(l, "expr ", 5) == 0) {
            c.expr = l + 5;
        } else if (strcmp(l, "yaml") == 0) {
            c.yaml = block(&s, lines, nlines, &i);
        } else if (strncmp(l, "value ", 6) == 0) {
            c.value = l + 6;
        } else if (strncmp(l, "status ", 7) == 0) {
            c.status = l + 7;
        } else if (strcmp(l, "trace") == 0) {
            c.trace = block(&s, lines, nlines, &i);
        } else if (strcmp(l, "error") == 0) {
            c.error = block(&s, lines, nlines, &i);
        } else {
            char copy[MAX_LINE];
            snprintf(copy, sizeof copy, "%s", l);
            if (!declaration(&s, l, i + 1))
                complain(&s, i + 1, "not understood: %s", copy);
        }
    }
    if (in_case)
        run_case(&s, &c);
    printf("%s: %d cases, %d failure%s\n", argv[1], s.cases, s.failures,
           s.failures == 1 ? "" : "s");
    free(lines);
    free(text);
    cs_arena_free(s.a);
    return s.failures || s.cases == 0 ? 1 : 0;
}
