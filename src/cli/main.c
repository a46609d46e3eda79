/* main.c - the casus command line: a table of subcommands, each with its options and help.
 * Only this file prints diagnostics and chooses exit statuses. */
#include "law/law.h"
#include "load/load.h"
#include "ops/ops.h"
#include "report/opsreport.h"
#include "support/num.h"
#include "politics/politics.h"
#include "report/decision.h"
#include "report/show.h"

#include <jansson.h>
#include "support/diag.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef CASUS_VERSION
#define CASUS_VERSION "0"
#endif
#ifndef CASUS_DATADIR
#define CASUS_DATADIR "/usr/local/share/casus/data"
#endif

/* Options a command may take; its table entry says which (OPT_* bits). */
enum { OPT_JSON = 1, OPT_DOCTRINE = 2, OPT_SET = 4, OPT_CSV = 8, OPT_SEED = 16 };

typedef struct opts {
    const char *data;
    const char **args;
    int nargs;
    bool json;
    const char *doctrine;
    cs_override *sets;
    uint32_t nsets;
    const char *csv;
    uint64_t seed;
} opts;

typedef struct command {
    const char *name, *usage, *summary, *help;
    int (*run)(opts *o);
    int min_args, max_args;   /* max -1: any */
    unsigned options;
} command;

static int cmd_check(opts *o);
static int cmd_show(opts *o);
static int cmd_run(opts *o);
static int cmd_explain(opts *o);
static int cmd_cases(opts *o);
static int cmd_help(opts *o);

#define COUNTERFACTUAL_HELP                                                                 \
    "Counterfactuals:\n"                                                                    \
    "  --doctrine ID      read the treaty under doctrine ID instead of the one in force\n"  \
    "  --set PATH=VALUE   set a fact (e.g. crisis.foreign_link=false); repeatable\n"

static const command commands[] = {
    {"run", "casus run [--data DIR] [--json] [--doctrine ID] [--set PATH=VALUE]... SCENARIO",
     "decide a scenario: is a clause triggered, does the council act, and why",
     "SCENARIO is a scenario id (kaz-2022) or the path of a scenario file. Prints the legal\n"
     "findings at the moment of the request (clauses, the doctrine applied, the host's law,\n"
     "legal facts, tasks and force pools), each member's position, the council's decision\n"
     "with its reasons ranked by weight, and the recorded outcome for comparison.\n\n"
     "When the council acts, the operation is simulated: authorization by each contributing\n"
     "state, force generation, airlift, site protection, handover and withdrawal. The report\n"
     "gives the key dates against the record, the contingents, the timeline, personnel in\n"
     "theater by country and day, and flights by day and route.\n\n"
     "  --json             print the same as JSON\n"
     "  --csv DIR          also write timeline.csv, in_theater.csv, flights.csv, sites.csv\n"
     "  --seed N           the random stream's seed (default 1)\n" COUNTERFACTUAL_HELP,
     cmd_run, 1, 1, OPT_JSON | OPT_DOCTRINE | OPT_SET | OPT_CSV | OPT_SEED},
    {"explain", "casus explain [--data DIR] [--doctrine ID] [--set PATH=VALUE]... SCENARIO",
     "show the whole trace of a decision as an indented tree",
     "Prints every expression evaluated for the decision as a tree: each sub-expression with\n"
     "its value, each fact with its sources and whether it is claimed or evidenced.\n\n"
     COUNTERFACTUAL_HELP,
     cmd_explain, 1, 1, OPT_DOCTRINE | OPT_SET},
    {"cases", "casus cases [--data DIR] [DIR]",
     "run the case library as a backtest against the recorded outcomes",
     "Runs every scenario (of the library, or the scenario files under DIR loaded with it),\n"
     "compares the predicted decision with the recorded one and prints a table. Exits 1 if\n"
     "any prediction does not match.\n",
     cmd_cases, 0, 1, 0},
    {"show", "casus show [--data DIR] SCENARIO",
     "print what was loaded for a scenario",
     "Prints the loaded scenario, its alliance as of the scenario's start, the facts with\n"
     "their sources (claimed facts apart from evidenced ones), the events, the sites and the\n"
     "recorded outcome.\n",
     cmd_show, 1, 1, 0},
    {"check", "casus check [--data DIR] [FILE...]",
     "validate data files",
     "Loads the data library together with the FILEs (or the library alone) and checks every\n"
     "key, type, number, date, reference, timeline and expression. Prints `ok FILE` for each\n"
     "file when all is well; otherwise prints each error as file:line:col: error: message,\n"
     "with the line and a caret, and exits with the status of the error's class.\n",
     cmd_check, 0, -1, 0},
    {"help", "casus help [COMMAND]", "show help for casus or a command", "", cmd_help, 0, 1, 0},
};
enum { NCOMMANDS = sizeof commands / sizeof *commands };

static const char *exit_help =
    "Exit status:\n"
    "  0  success\n"
    "  1  a prediction did not match the record (casus cases)\n"
    "  2  bad command line\n"
    "  3  a file could not be read, or is too large\n"
    "  4  YAML syntax error\n"
    "  5  schema error: unknown key, wrong type, bad number or date, duplicate, limit\n"
    "  6  dangling reference\n"
    "  7  impossible timeline\n"
    "  8  error in an expression\n"
    "  9  an output could not be written\n"
    " 10  out of memory\n"
    " 11  the data cannot support the operation (no aircraft or airfield for it)\n";

static void usage_all(FILE *out)
{
    fputs("usage: casus [--version] [--help] COMMAND [ARGS]\n\n"
          "casus simulates and explains how a collective-security alliance responds to a\n"
          "crisis: law, politics, operations. Commands:\n",
          out);
    for (int i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fputs("\nOptions for every command:\n"
          "  --data DIR   the data library (default: $CASUS_DATA, ./data, or the installed one)\n"
          "  -h, --help   help for the command\n\n",
          out);
    fputs(exit_help, out);
}

static void usage_cmd(FILE *out, const command *c)
{
    fprintf(out, "usage: %s\n\n%s: %s\n\n%s", c->usage, c->name, c->summary, c->help);
}

static const command *find_command(const char *name)
{
    for (int i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static int cmd_help(opts *o)
{
    if (o->nargs == 0) {
        usage_all(stdout);
        return 0;
    }
    const command *c = find_command(o->args[0]);
    if (!c) {
        fprintf(stderr, "casus: no command '%s'\n", o->args[0]);
        return CS_ERR_USAGE;
    }
    usage_cmd(stdout, c);
    return 0;
}

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static const char *data_dir(const opts *o)
{
    if (o->data)
        return o->data;
    const char *env = getenv("CASUS_DATA");
    if (env && *env)
        return env;
    if (is_dir("data"))
        return "data";
    return CASUS_DATADIR;
}

static bool looks_like_path(const char *s)
{
    size_t n = strlen(s);
    return strchr(s, '/') || (n > 5 && strcmp(s + n - 5, ".yaml") == 0);
}

/* Load the library plus extra files and an extra folder (or NULL); on failure print the
 * diagnostics and return NULL with *status set. */
static cs_model *load(const opts *o, const char **extra, int nextra, const char *extra_dir,
                      int *status)
{
    cs_diags d;
    cs_diags_init(&d);
    cs_loader *l = cs_loader_new(&d);
    if (!l) {
        fputs("casus: out of memory\n", stderr);
        *status = CS_ERR_NOMEM;
        return NULL;
    }
    cs_loader_add_dir(l, data_dir(o));
    if (extra_dir)
        cs_loader_add_dir(l, extra_dir);
    for (int i = 0; i < nextra; i++)
        cs_loader_add_file(l, extra[i]);
    cs_model *m = cs_loader_finish(l);
    if (!m) {
        cs_diags_print(&d, stderr);
        *status = d.worst != CS_OK ? (int)d.worst : CS_ERR_NOMEM;
    }
    cs_diags_free(&d);
    return m;
}

static int cmd_check(opts *o)
{
    int status = 0;
    cs_model *m = load(o, o->args, o->nargs, NULL, &status);
    if (!m)
        return status;
    if (o->nargs)
        for (int i = 0; i < o->nargs; i++)
            printf("ok %s\n", o->args[i]);
    else
        for (uint32_t i = 0; i < m->nfiles; i++)
            printf("ok %s\n", m->files[i]->name);
    cs_model_free(m);
    return 0;
}

static const cs_scenario *pick_scenario(const cs_model *m, const char *arg)
{
    const cs_scenario *s = looks_like_path(arg) ? cs_model_scenario_in_file(m, arg)
                                                : cs_model_scenario(m, arg);
    if (!s) {
        fprintf(stderr, "casus: no scenario '%s'; the library has:", arg);
        for (uint32_t i = 0; i < m->nscenarios; i++)
            fprintf(stderr, " %s", m->scenarios[i]->id);
        fputc('\n', stderr);
    }
    return s;
}

/* Load the library and the command's SCENARIO argument (an id, or a file loaded with the
 * library). NULL with *status set when either fails. */
static cs_model *load_scenario(const opts *o, const cs_scenario **s, int *status)
{
    const char *arg = o->args[0];
    bool path = looks_like_path(arg);
    cs_model *m = load(o, path ? &arg : NULL, path ? 1 : 0, NULL, status);
    if (!m)
        return NULL;
    *s = pick_scenario(m, arg);
    if (!*s) {
        cs_model_free(m);
        *status = CS_ERR_USAGE;
        return NULL;
    }
    return m;
}

/* Decide a scenario: law, then politics. On failure the diagnostics are printed. */
typedef struct decided {
    cs_arena *arena;
    cs_law_opts lopts;
    cs_law_result law;
    cs_pol_result pol;
} decided;

static int decide(decided *r, const cs_model *m, const cs_scenario *s, const opts *o,
                  uint32_t trace_cap)
{
    memset(r, 0, sizeof *r);
    r->arena = cs_arena_new();
    if (!r->arena) {
        fputs("casus: out of memory\n", stderr);
        return CS_ERR_NOMEM;
    }
    r->lopts = (cs_law_opts){o->doctrine, o->sets, o->nsets, trace_cap};
    cs_diags d;
    cs_diags_init(&d);
    cs_status st = cs_law_eval(&r->law, m, s, &r->lopts, r->arena, &d);
    if (st == CS_OK)
        st = cs_politics_eval(&r->pol, &r->law, r->arena, &d, trace_cap);
    if (st != CS_OK)
        cs_diags_print(&d, stderr);
    cs_diags_free(&d);
    return (int)st;
}

static int finish_output(bool ok)
{
    if (fflush(stdout) != 0 || !ok) {
        fputs("casus: cannot write the report\n", stderr);
        return CS_ERR_OUTPUT;
    }
    return 0;
}

static int run_or_explain(opts *o, bool explain)
{
    int status = 0;
    const cs_scenario *s;
    cs_model *m = load_scenario(o, &s, &status);
    if (!m)
        return status;
    decided r;
    status = decide(&r, m, s, o, 512);
    cs_ops *ops = NULL;
    const cs_ops_result *res = NULL;
    if (status == 0 && !explain && r.pol.decision == CS_DEC_ACT) {
        cs_diags d;
        cs_diags_init(&d);
        ops = cs_ops_new(m, &r.law, &r.pol, &d);
        status = ops ? (int)cs_ops_run(ops, o->seed, 0) : (int)d.worst;
        if (status == 0) {
            res = cs_ops_result_of(ops);
            if (o->csv)
                status = (int)cs_opsreport_csv(res, o->csv, &d);
        }
        if (status != 0)
            cs_diags_print(&d, stderr);
        cs_diags_free(&d);
    }
    if (status == 0) {
        cs_run_view v = {&r.lopts, &r.law, &r.pol};
        bool ok;
        if (o->json) {
            json_t *j = cs_decision_json(&v);
            if (j && res)
                json_object_set_new(j, "operation", cs_opsreport_json(res));
            ok = j && json_dumpf(j, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(10)) == 0 &&
                 fputc('\n', stdout) != EOF;
            json_decref(j);
        } else {
            ok = explain ? cs_decision_explain(stdout, &v) : cs_decision_text(stdout, &v);
            if (ok && res)
                ok = cs_opsreport_text(stdout, res);
        }
        status = finish_output(ok);
    }
    cs_ops_free(ops);
    cs_arena_free(r.arena);
    cs_model_free(m);
    return status;
}

static int cmd_run(opts *o) { return run_or_explain(o, false); }
static int cmd_explain(opts *o) { return run_or_explain(o, true); }

static int cmd_cases(opts *o)
{
    int status = 0;
    /* With DIR: the scenario files under it, loaded with the library. */
    cs_model *m = load(o, NULL, 0, o->nargs ? o->args[0] : NULL, &status);
    if (!m)
        return status;
    printf("%-12s %-10s %-9s %-9s %-5s %s\n", "case", "date", "recorded", "predicted",
           "match", "decisive reason");
    int mismatches = 0, ran = 0;
    char root[PATH_MAX] = "";
    if (o->nargs && !realpath(o->args[0], root))
        root[0] = '\0';
    size_t rootlen = strlen(root);
    for (uint32_t i = 0; i < m->nscenarios && status == 0; i++) {
        const cs_scenario *s = m->scenarios[i];
        if (!s->outcome.present)
            continue;
        /* With DIR, its scenarios only: the library supplies alliances and states. */
        const char *real = s->file ? s->file->real : NULL;
        if (rootlen && (!real || strncmp(real, root, rootlen) != 0 || real[rootlen] != '/'))
            continue;
        decided r;
        status = decide(&r, m, s, o, 0);
        if (status == 0) {
            char when[32], reason[256];
            cs_date_format((cs_time){r.law.sit.moment.min, CS_PREC_DAY}, when, sizeof when);
            cs_decision_reason(&r.pol, reason, sizeof reason);
            bool match = r.pol.decision == s->outcome.decision;
            mismatches += !match;
            ran++;
            printf("%-12s %-10s %-9s %-9s %-5s %s\n", s->id, when,
                   cs_decision_name(s->outcome.decision), cs_decision_name(r.pol.decision),
                   match ? "yes" : "NO", reason);
        }
        cs_arena_free(r.arena);
    }
    cs_model_free(m);
    if (status != 0)
        return status;
    printf("\n%d cases: %d matched, %d did not\n", ran, ran - mismatches, mismatches);
    status = finish_output(true);
    return status ? status : mismatches ? CS_MISMATCH : 0;
}

static int cmd_show(opts *o)
{
    int status = 0;
    const cs_scenario *s;
    cs_model *m = load_scenario(o, &s, &status);
    if (!m)
        return status;
    bool ok = cs_show_scenario(stdout, m, s);
    cs_model_free(m);
    if (fflush(stdout) != 0 || !ok) {
        fputs("casus: cannot write the report\n", stderr);
        return CS_ERR_OUTPUT;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage_all(stderr);
        return CS_ERR_USAGE;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("casus %s\n", CASUS_VERSION);
        return 0;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage_all(stdout);
        return 0;
    }
    const command *c = find_command(argv[1]);
    if (!c) {
        fprintf(stderr, "casus: unknown command '%s' (see casus --help)\n", argv[1]);
        return CS_ERR_USAGE;
    }
    opts o = {0};
    o.seed = 1;
    o.args = calloc((size_t)argc, sizeof *o.args);
    o.sets = calloc((size_t)argc, sizeof *o.sets);
    if (!o.args || !o.sets) {
        free(o.args);
        free(o.sets);
        fputs("casus: out of memory\n", stderr);
        return CS_ERR_NOMEM;
    }
    bool only_args = false;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (only_args || a[0] != '-' || a[1] == '\0')
            o.args[o.nargs++] = a;
        else if (strcmp(a, "--") == 0)
            only_args = true;
        else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage_cmd(stdout, c);
            free(o.args);
            free(o.sets);
            return 0;
        } else if (strcmp(a, "--data") == 0 && i + 1 < argc)
            o.data = argv[++i];
        else if (strncmp(a, "--data=", 7) == 0)
            o.data = a + 7;
        else if ((c->options & OPT_JSON) && strcmp(a, "--json") == 0)
            o.json = true;
        else if ((c->options & OPT_CSV) && strcmp(a, "--csv") == 0 && i + 1 < argc)
            o.csv = argv[++i];
        else if ((c->options & OPT_SEED) && strcmp(a, "--seed") == 0 && i + 1 < argc) {
            long long v;
            const char *err;
            size_t pos;
            if (!cs_num_int(argv[++i], &v, &err, &pos) || v < 0) {
                fprintf(stderr, "casus %s: --seed takes a whole number >= 0, not '%s'\n",
                        c->name, argv[i]);
                free(o.args);
                free(o.sets);
                return CS_ERR_USAGE;
            }
            o.seed = (uint64_t)v;
        }
        else if ((c->options & OPT_DOCTRINE) && strcmp(a, "--doctrine") == 0 && i + 1 < argc)
            o.doctrine = argv[++i];
        else if ((c->options & OPT_SET) && strcmp(a, "--set") == 0 && i + 1 < argc) {
            const char *kv = argv[++i], *eq = strchr(kv, '=');
            if (!eq || eq == kv) {
                fprintf(stderr, "casus %s: --set takes PATH=VALUE, not '%s'\n", c->name, kv);
                free(o.args);
                free(o.sets);
                return CS_ERR_USAGE;
            }
            /* argv outlives the run: split it in place. */
            argv[i][eq - kv] = '\0';
            o.sets[o.nsets++] = (cs_override){kv, eq + 1};
        } else {
            fprintf(stderr, "casus %s: unknown option '%s'\n", c->name, a);
            usage_cmd(stderr, c);
            free(o.args);
            free(o.sets);
            return CS_ERR_USAGE;
        }
    }
    if (o.nargs < c->min_args || (c->max_args >= 0 && o.nargs > c->max_args)) {
        usage_cmd(stderr, c);
        free(o.args);
        free(o.sets);
        return CS_ERR_USAGE;
    }
    int st = c->run(&o);
    free(o.args);
    free(o.sets);
    return st;
}
