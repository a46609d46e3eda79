/* main.c - the casus command line: a table of subcommands, each with its options and help.
 * Only this file prints diagnostics and chooses exit statuses. */
#include "law/law.h"
#include "load/load.h"
#include "ops/ops.h"
#include "report/opsreport.h"
#include "politics/politics.h"
#include "report/decision.h"
#include "report/runreport.h"
#include "report/show.h"
#include "run/run.h"

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

/* Options a command may take; its table entry says which (OPT_* bits). OPT_GLOBAL options
 * are taken by every command, before or after the command's name, as git takes them. */
enum {
    OPT_GLOBAL = 1, OPT_HELP = 2, OPT_JSON = 4, OPT_CSV = 8, OPT_SEED = 16, OPT_DOCTRINE = 32,
    OPT_SET = 64
};

typedef struct opts {
    FILE *out;               /* the command's output, in memory until the command is done */
    cs_run *csv_run;         /* a run whose CSV files are written after its report */
    cs_model *csv_model;     /* and its model */
    const char *data;
    const char **args;
    int nargs;
    bool json, help;
    const char *doctrine;
    cs_override *sets;
    uint32_t nsets;
    const char *csv;
    uint64_t seed;
} opts;

typedef struct command command;

/* One option: its spelling, its argument's name (NULL: none), the bit a command's table
 * entry names it by, its help, and what it does to the options (0 or an exit status). */
typedef struct option {
    const char *name, *alias, *arg;
    unsigned bit;
    bool repeat;
    const char *help;
    int (*set)(opts *o, const command *c, char *arg);
} option;

struct command {
    const char *name, *args, *summary, *help;
    int (*run)(opts *o);
    int min_args, max_args;   /* max -1: any */
    unsigned options;
};

static int cmd_check(opts *o);
static int cmd_show(opts *o);
static int cmd_run(opts *o);
static int cmd_explain(opts *o);
static int cmd_cases(opts *o);
static int cmd_help(opts *o);

static int set_data(opts *o, const command *c, char *arg) { (void)c; o->data = arg; return 0; }
static int set_help(opts *o, const command *c, char *arg) { (void)c; (void)arg; o->help = true; return 0; }
static int set_json(opts *o, const command *c, char *arg) { (void)c; (void)arg; o->json = true; return 0; }
static int set_csv(opts *o, const command *c, char *arg) { (void)c; o->csv = arg; return 0; }
static int set_doctrine(opts *o, const command *c, char *arg) { (void)c; o->doctrine = arg; return 0; }

/* A seed is any 64-bit unsigned number, written in decimal digits only. */
static int set_seed(opts *o, const command *c, char *arg)
{
    uint64_t v = 0;
    bool ok = *arg != '\0';
    for (const char *p = arg; ok && *p; p++) {
        unsigned dgt = (unsigned)(*p - '0');
        ok = *p >= '0' && *p <= '9' && v <= (UINT64_MAX - dgt) / 10;
        v = v * 10 + dgt;
    }
    if (!ok) {
        fprintf(stderr, "casus %s: --seed takes a whole number from 0 to %llu, not '%s'\n",
                c->name, (unsigned long long)UINT64_MAX, arg);
        return CS_ERR_USAGE;
    }
    o->seed = v;
    return 0;
}

static int set_fact(opts *o, const command *c, char *arg)
{
    char *eq = strchr(arg, '=');
    if (!eq || eq == arg) {
        fprintf(stderr, "casus %s: --set takes PATH=VALUE, not '%s'\n", c->name, arg);
        return CS_ERR_USAGE;
    }
    /* argv outlives the run: split it in place. */
    *eq = '\0';
    o->sets[o->nsets++] = (cs_override){arg, eq + 1};
    return 0;
}

static const option options[] = {
    {"--data", NULL, "DIR", OPT_GLOBAL, false,
     "the data library: every *.yaml file below DIR, not following links out of it "
     "(default: $CASUS_DATA, ./data, or the installed one)", set_data},
    {"--help", "-h", NULL, OPT_GLOBAL | OPT_HELP, false, "help for the command", set_help},
    {"--json", NULL, NULL, OPT_JSON, false,
     "print the same as JSON (an operation of more than 250,000 entries is refused: use "
     "--csv)", set_json},
    {"--csv", NULL, "DIR", OPT_CSV, false,
     "also write timeline.csv, in_theater.csv, flights.csv, sites.csv into DIR (a folder "
     "holding other files is not replaced)", set_csv},
    {"--seed", NULL, "N", OPT_SEED, false, "the random stream's seed (default 1)", set_seed},
    {"--doctrine", NULL, "ID", OPT_DOCTRINE, false,
     "read the treaty under doctrine ID instead of the one in force", set_doctrine},
    {"--set", NULL, "PATH=VALUE", OPT_SET, true,
     "set a fact (e.g. crisis.foreign_link=false); repeatable", set_fact},
};
enum { NOPTIONS = sizeof options / sizeof *options };

static const command commands[] = {
    {"run", "SCENARIO",
     "decide a scenario: is a clause triggered, does the council act, and why",
     "SCENARIO is a scenario id (kaz-2022) or the path of a scenario file. Prints the legal\n"
     "findings at the moment of the request (clauses, the doctrine applied, the host's law,\n"
     "legal facts, tasks and force pools), each member's position, the council's decision\n"
     "with its reasons ranked by weight, and the recorded outcome for comparison.\n\n"
     "When the council acts, the operation is simulated: authorization by each contributing\n"
     "state, force generation, airlift, site protection, handover and withdrawal. The report\n"
     "gives the key dates against the record, the contingents, the timeline, personnel in\n"
     "theater by country and day, and flights by day and route.\n",
     cmd_run, 1, 1, OPT_JSON | OPT_CSV | OPT_SEED | OPT_DOCTRINE | OPT_SET},
    {"explain", "SCENARIO",
     "show the whole trace of a decision as an indented tree",
     "Prints every expression evaluated for the decision as a tree: each sub-expression with\n"
     "its value, each fact with its sources and whether it is claimed or evidenced.\n",
     cmd_explain, 1, 1, OPT_DOCTRINE | OPT_SET},
    {"cases", "[DIR]",
     "run the case library as a backtest against the recorded outcomes",
     "Runs every scenario (of the library, or the scenario files under DIR loaded with it),\n"
     "compares the predicted decision with the recorded one and prints a table. Exits 1 if\n"
     "any prediction does not match.\n",
     cmd_cases, 0, 1, 0},
    {"show", "SCENARIO",
     "print what was loaded for a scenario",
     "Prints the loaded scenario, its alliance as of the scenario's start, the facts with\n"
     "their sources (claimed facts apart from evidenced ones), the events, the sites and the\n"
     "recorded outcome.\n",
     cmd_show, 1, 1, 0},
    {"check", "[FILE...]",
     "validate data files",
     "Loads the data library together with the FILEs (or the library alone) and checks every\n"
     "key, type, number, date, reference, timeline and expression. Prints `ok FILE` for each\n"
     "file when all is well; otherwise prints each error as file:line:col: error: message,\n"
     "with the line and a caret, and exits with the status of the error's class.\n",
     cmd_check, 0, -1, 0},
    {"help", "[--man] [COMMAND]", "show help for casus or a command",
     "With COMMAND, its usage, what it does and its options. With --man, the manual page's\n"
     "sections on commands and options, in roff (docs/casus.1 holds them).\n",
     cmd_help, 0, 1, 0},
};
enum { NCOMMANDS = sizeof commands / sizeof *commands };

/* The exit statuses, by class (src/support/diag.h); the README, the man page and this
 * table say the same (tests/cli). */
static const char *const exit_meaning[] = {
    [CS_OK] = "success",
    [CS_MISMATCH] = "a prediction did not match the record (casus cases)",
    [CS_ERR_USAGE] = "bad command line",
    [CS_ERR_IO] = "a file could not be read, or is too large",
    [CS_ERR_SYNTAX] = "YAML syntax error",
    [CS_ERR_SCHEMA] = "schema error: unknown key, wrong type, bad number or date, duplicate, limit",
    [CS_ERR_REF] = "dangling reference",
    [CS_ERR_TIMELINE] = "impossible timeline",
    [CS_ERR_EXPR] = "error in an expression",
    [CS_ERR_OUTPUT] = "an output could not be written",
    [CS_ERR_NOMEM] = "out of memory",
    [CS_ERR_OPS] = ("the data cannot support the operation: no aircraft or airfield for it, "
                    "cargo no aircraft can take"),
};
_Static_assert(sizeof exit_meaning / sizeof *exit_meaning == CS_ERR_OPS + 1,
               "one meaning per exit status");

static void exit_help(FILE *out)
{
    fputs("Exit status:\n", out);
    for (int i = 0; i <= CS_ERR_OPS; i++)
        fprintf(out, "%3d  %s\n", i, exit_meaning[i]);
}

/* "--set PATH=VALUE" */
static void option_spelling(const option *op, char *buf, size_t n)
{
    snprintf(buf, n, "%s%s%s%s%s", op->alias ? op->alias : "", op->alias ? ", " : "",
             op->name, op->arg ? " " : "", op->arg ? op->arg : "");
}

/* The usage line: "casus run [--data DIR] [--json] ... SCENARIO", into buf. */
static void usage_line(char *buf, size_t n, const command *c)
{
    size_t used = (size_t)snprintf(buf, n, "casus %s", c->name);
    for (int i = 0; i < NOPTIONS && used < n; i++) {
        const option *op = &options[i];
        if ((op->bit & OPT_HELP) || !(op->bit & (c->options | OPT_GLOBAL)))
            continue;
        if ((op->bit & OPT_GLOBAL) && c->run == cmd_help)
            continue;
        used += (size_t)snprintf(buf + used, n - used, " [%s%s%s]%s", op->name,
                                 op->arg ? " " : "", op->arg ? op->arg : "",
                                 op->repeat ? "..." : "");
    }
    if (used < n)
        snprintf(buf + used, n - used, " %s", c->args);
}

static void option_help(FILE *out, unsigned bits)
{
    for (int i = 0; i < NOPTIONS; i++) {
        if (!(options[i].bit & bits))
            continue;
        char sp[64];
        option_spelling(&options[i], sp, sizeof sp);
        fprintf(out, "  %-20s %s\n", sp, options[i].help);
    }
}

static void usage_all(FILE *out)
{
    fputs("usage: casus [--version] [--help] [--data DIR] COMMAND [ARGS]\n\n"
          "casus simulates and explains how a collective-security alliance responds to a\n"
          "crisis: law, politics, operations. Commands:\n",
          out);
    for (int i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fputs("\nOptions for every command, before or after its name:\n", out);
    option_help(out, OPT_GLOBAL);
    fputs("\nSee casus help COMMAND for a command's usage and options.\n\n", out);
    exit_help(out);
}

static void usage_cmd(FILE *out, const command *c)
{
    char line[256];
    usage_line(line, sizeof line, c);
    fprintf(out, "usage: %s\n\n%s: %s\n\n%s", line, c->name, c->summary, c->help);
    if (c->options) {
        fputs("\nOptions:\n", out);
        option_help(out, c->options & ~(unsigned)OPT_GLOBAL);
    }
    if (c->run != cmd_help) {
        fputs("\nOptions for every command:\n", out);
        option_help(out, OPT_GLOBAL);
    }
}

/* roff text: '-' as \-, backslashes doubled, a leading '.' or '\'' escaped. */
static void roff(FILE *out, const char *s)
{
    if (*s == '.' || *s == '\'')
        fputs("\\&", out);
    for (; *s; s++) {
        if (*s == '-')
            fputs("\\-", out);
        else if (*s == '\\')
            fputs("\\e", out);
        else
            fputc(*s, out);
    }
}

/* The manual page's COMMANDS, OPTIONS and EXIT STATUS sections, from the tables. */
static void man_sections(FILE *out)
{
    fputs(".SH COMMANDS\n", out);
    for (int i = 0; i < NCOMMANDS; i++) {
        const command *c = &commands[i];
        fputs(".TP\n.B casus ", out);
        roff(out, c->name);
        fputs("\n", out);
        char line[256];
        usage_line(line, sizeof line, c);
        fputs(".br\n", out);
        roff(out, line);
        fputs("\n.br\n", out);
        roff(out, c->summary);
        fputs(".\n", out);
        /* The help text, paragraph by paragraph; a line break inside one is a space. */
        const char *h = c->help;
        while (*h) {
            const char *e = strstr(h, "\n\n");
            size_t n = e ? (size_t)(e - h) : strlen(h);
            fputs(".IP\n", out);
            char text[1024];
            for (size_t k = 0; k < n;) {
                size_t m = 0;
                while (k < n && h[k] != '\n' && m + 1 < sizeof text)
                    text[m++] = h[k++];
                text[m] = '\0';
                if (k < n && h[k] == '\n')
                    k++;
                if (m) {
                    roff(out, text);
                    fputc('\n', out);
                }
            }
            h += n;
            while (*h == '\n')
                h++;
        }
        if (c->options & ~(unsigned)OPT_GLOBAL) {
            fputs(".IP\nOptions:", out);
            for (int k = 0; k < NOPTIONS; k++)
                if (options[k].bit & c->options & ~(unsigned)OPT_GLOBAL) {
                    fputc(' ', out);
                    roff(out, options[k].name);
                }
            fputs(".\n", out);
        }
    }
    fputs(".SH OPTIONS\n", out);
    for (int i = 0; i < NOPTIONS; i++) {
        char sp[64];
        option_spelling(&options[i], sp, sizeof sp);
        fputs(".TP\n.B ", out);
        roff(out, sp);
        fputs("\n", out);
        roff(out, options[i].help);
        fputs(options[i].bit & OPT_GLOBAL ? ". Every command.\n" : ".\n", out);
    }
    fputs(".SH EXIT STATUS\n", out);
    for (int i = 0; i <= CS_ERR_OPS; i++) {
        fprintf(out, ".TP\n.B %d\n", i);
        roff(out, exit_meaning[i]);
        fputc('\n', out);
    }
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
        usage_all(o->out);
        return 0;
    }
    if (strcmp(o->args[0], "--man") == 0) {
        man_sections(o->out);
        return 0;
    }
    const command *c = find_command(o->args[0]);
    if (!c) {
        fprintf(stderr, "casus: no command '%s'\n", o->args[0]);
        return CS_ERR_USAGE;
    }
    usage_cmd(o->out, c);
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
            fprintf(o->out, "ok %s\n", o->args[i]);
    else
        for (uint32_t i = 0; i < m->nfiles; i++)
            fprintf(o->out, "ok %s\n", m->files[i]->name);
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

/* Standard output after everything is written to it: 0, or 9 when it failed. */
static int finish_output(bool ok)
{
    if (fflush(stdout) != 0 || !ok) {
        fputs("casus: cannot write the report\n", stderr);
        return CS_ERR_OUTPUT;
    }
    return 0;
}

static int out_of_memory(void)
{
    fputs("casus: out of memory\n", stderr);
    return CS_ERR_NOMEM;
}

/* A report written into the command's output, which is memory: 0, or out of memory. */
static int reported(bool ok) { return ok ? 0 : out_of_memory(); }

/* A run object for the model, or NULL after saying why. */
static cs_run *new_run(const cs_model *m)
{
    cs_run *r = cs_run_new(m);
    if (!r)
        fputs("casus: out of memory\n", stderr);
    return r;
}

/* Run a scenario through the run object; on failure print the diagnostics. */
static int exec_run(cs_run *r, const cs_scenario *s, const cs_run_opts *ro)
{
    cs_diags d;
    cs_diags_init(&d);
    int st = (int)cs_run_exec(r, s, ro, &d);
    if (st != 0)
        cs_diags_print(&d, stderr);
    cs_diags_free(&d);
    return st;
}

static int run_or_explain(opts *o, bool explain)
{
    int status = 0;
    const cs_scenario *s;
    cs_model *m = load_scenario(o, &s, &status);
    if (!m)
        return status;
    cs_run *r = new_run(m);
    cs_run_opts ro = {.doctrine = o->doctrine, .sets = o->sets, .nsets = o->nsets,
                      .seed = o->seed, .trace_cap = 512, .simulate = !explain};
    status = r ? exec_run(r, s, &ro) : CS_ERR_NOMEM;
    /* An operation too large for a JSON document is refused before one is built. */
    if (status == 0 && o->json) {
        cs_diags d;
        cs_diags_init(&d);
        status = (int)cs_runreport_json_fits(r, &d);
        if (status != 0)
            cs_diags_print(&d, stderr);
        cs_diags_free(&d);
    }
    /* The report first, then the CSV files: when memory runs out for the report, no
     * CSV folder is written either. */
    if (status == 0) {
        bool ok;
        if (o->json) {
            json_t *j = cs_runreport_json(r);
            ok = j && cs_runreport_dump(o->out, j);
            json_decref(j);
        } else {
            ok = explain ? cs_runreport_explain(o->out, r) : cs_runreport_text(o->out, r);
        }
        status = reported(ok);
    }
    /* The CSV files are written only once the report is whole in memory (run_command):
     * a report that fails, even at its last byte, leaves no CSV folder behind. */
    if (status == 0 && r && cs_run_ops(r) && o->csv) {
        o->csv_run = r;
        o->csv_model = m;
        return 0;
    }
    cs_run_free(r);
    cs_model_free(m);
    return status;
}

/* Write the CSV files a run left for after its report (see run_or_explain). */
static int write_csv(opts *o)
{
    cs_diags d;
    cs_diags_init(&d);
    int st = (int)cs_opsreport_csv(cs_run_ops(o->csv_run), o->csv, &d);
    if (st != 0)
        cs_diags_print(&d, stderr);
    cs_diags_free(&d);
    return st;
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
    cs_run *r = new_run(m);
    if (!r) {
        cs_model_free(m);
        return CS_ERR_NOMEM;
    }
    fprintf(o->out, "%-12s %-10s %-9s %-9s %-5s %s\n", "case", "date", "recorded",
            "predicted", "match", "decisive reason");
    int mismatches = 0, ran = 0;
    char root[PATH_MAX] = "";
    if (o->nargs && !realpath(o->args[0], root))
        root[0] = '\0';
    size_t rootlen = strlen(root);
    const cs_run_opts ro = {.seed = o->seed};
    for (uint32_t i = 0; i < m->nscenarios && status == 0; i++) {
        const cs_scenario *s = m->scenarios[i];
        if (!s->outcome.present)
            continue;
        /* With DIR, its scenarios only: the library supplies alliances and states. */
        const char *real = s->file ? s->file->real : NULL;
        if (rootlen && (!real || strncmp(real, root, rootlen) != 0 || real[rootlen] != '/'))
            continue;
        status = exec_run(r, s, &ro);
        if (status == 0) {
            const cs_pol_result *pol = cs_run_politics(r);
            char when[32], reason[256];
            cs_date_format((cs_time){cs_run_law(r)->sit.moment.min, CS_PREC_DAY}, when,
                           sizeof when);
            uint32_t nflips;
            const cs_flip *flips = cs_run_flips(r, &nflips);
            cs_run_view rv = {cs_run_law_options(r), cs_run_law(r), pol, flips, nflips};
            cs_decision_reason(&rv, reason, sizeof reason);
            bool match = cs_outcome_matches(&s->outcome, pol);
            char rec[64];
            cs_outcome_format(&s->outcome, rec, sizeof rec);
            mismatches += !match;
            ran++;
            fprintf(o->out, "%-12s %-10s %-9s %-9s %-5s %s\n", s->id, when,
                    rec, cs_decision_name(pol->decision),
                    match ? "yes" : "NO", reason);
        }
    }
    cs_run_free(r);
    cs_model_free(m);
    if (status != 0)
        return status;
    fprintf(o->out, "\n%d cases: %d matched, %d did not\n", ran, ran - mismatches,
            mismatches);
    return mismatches ? CS_MISMATCH : 0;
}

static int cmd_show(opts *o)
{
    int status = 0;
    const cs_scenario *s;
    cs_model *m = load_scenario(o, &s, &status);
    if (!m)
        return status;
    bool ok = cs_show_scenario(o->out, m, s);
    cs_model_free(m);
    return reported(ok);
}

/* Run a command with its output gathered in memory, then written at once: a command that
 * fails (or runs out of memory) writes nothing to standard output, never half a report.
 * Text goes through the escaping stream of the text reports (report/show.h), so that no
 * control character from the data reaches the terminal and every failed write is seen;
 * JSON does not (jansson escapes, and \xHH is no JSON). */
static int run_command(const command *c, opts *o)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        return out_of_memory();
    cs_show_buf esc;
    bool escaped = !o->json;
    if (escaped && !cs_show_begin(&esc, mem)) {
        fclose(mem);
        free(buf);
        return out_of_memory();
    }
    o->out = escaped ? esc.f : mem;
    int st = c->run(o);
    bool ok = !escaped || cs_show_end(&esc);
    ok &= !ferror(mem) && fflush(mem) == 0;
    long written = ftell(mem);
    ok &= fclose(mem) == 0;
    /* glibc may lose the text when the stream's last growth fails and still close with 0:
     * all that was written must be there. */
    ok &= written >= 0 && (size_t)written == len && (len == 0 || buf != NULL);
    o->out = NULL;
    if (!ok && st <= CS_MISMATCH)
        st = out_of_memory();
    if (o->csv_run) {
        if (st == 0)
            st = write_csv(o);
        cs_run_free(o->csv_run);
        cs_model_free(o->csv_model);
        o->csv_run = NULL;
    }
    if (st <= CS_MISMATCH) {
        int w = finish_output(fwrite(buf, 1, len, stdout) == len);
        st = w ? w : st;
    }
    free(buf);
    return st;
}

static const option *find_option(const char *a, const char **inline_arg)
{
    *inline_arg = NULL;
    for (int i = 0; i < NOPTIONS; i++) {
        const option *op = &options[i];
        size_t n = strlen(op->name);
        if (strcmp(a, op->name) == 0 || (op->alias && strcmp(a, op->alias) == 0))
            return op;
        if (op->arg && strncmp(a, op->name, n) == 0 && a[n] == '=') {
            *inline_arg = a + n + 1;
            return op;
        }
    }
    return NULL;
}

/* Take option argv[*i] for command c (NULL: before the command, where only the options of
 * every command are allowed). 0, or the exit status of a usage error. */
static int take_option(opts *o, const command *c, int argc, char **argv, int *i)
{
    const char *a = argv[*i], *inl;
    const option *op = find_option(a, &inl);
    unsigned allowed = OPT_GLOBAL | (c ? c->options : 0);
    if (!op || !(op->bit & allowed)) {
        if (c) {
            fprintf(stderr, "casus %s: unknown option '%s'\n", c->name, a);
            usage_cmd(stderr, c);
        } else if (op) {
            fprintf(stderr, "casus: option '%s' goes after the command's name\n", a);
        } else {
            fprintf(stderr, "casus: unknown option '%s' (see casus --help)\n", a);
        }
        return CS_ERR_USAGE;
    }
    char *arg = NULL;
    if (op->arg && inl) {
        arg = argv[*i] + (inl - a);
    } else if (op->arg) {
        if (*i + 1 >= argc) {
            fprintf(stderr, "casus%s%s: option '%s' needs %s\n", c ? " " : "",
                    c ? c->name : "", op->name, op->arg);
            return CS_ERR_USAGE;
        }
        arg = argv[++*i];
    }
    static const command none = {"", "", "", "", NULL, 0, 0, 0};
    return op->set(o, c ? c : &none, arg);
}

static int parse_and_run(int argc, char **argv, opts *o)
{
    int i = 1;
    /* Options of every command may come before its name. */
    for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
        if (strcmp(argv[i], "--version") == 0) {
            printf("casus %s\n", CASUS_VERSION);
            return finish_output(true);
        }
        int st = take_option(o, NULL, argc, argv, &i);
        if (st)
            return st;
    }
    if (i >= argc) {
        usage_all(o->help ? stdout : stderr);
        return o->help ? finish_output(true) : CS_ERR_USAGE;
    }
    const command *c = find_command(argv[i]);
    if (!c) {
        fprintf(stderr, "casus: unknown command '%s' (see casus --help)\n", argv[i]);
        return CS_ERR_USAGE;
    }
    bool only_args = false;
    for (i++; i < argc; i++) {
        const char *a = argv[i];
        if (only_args || a[0] != '-' || a[1] == '\0' ||
            (c->run == cmd_help && strcmp(a, "--man") == 0))
            o->args[o->nargs++] = a;
        else if (strcmp(a, "--") == 0)
            only_args = true;
        else {
            int st = take_option(o, c, argc, argv, &i);
            if (st)
                return st;
        }
    }
    if (o->help) {
        usage_cmd(stdout, c);
        return finish_output(true);
    }
    if (o->nargs < c->min_args || (c->max_args >= 0 && o->nargs > c->max_args)) {
        usage_cmd(stderr, c);
        return CS_ERR_USAGE;
    }
    return run_command(c, o);
}

int main(int argc, char **argv)
{
    opts o = {0};
    o.seed = 1;
    o.args = calloc((size_t)argc + 1, sizeof *o.args);
    o.sets = calloc((size_t)argc + 1, sizeof *o.sets);
    int st;
    if (!o.args || !o.sets) {
        fputs("casus: out of memory\n", stderr);
        st = CS_ERR_NOMEM;
    } else {
        st = parse_and_run(argc, argv, &o);
    }
    free(o.args);
    free(o.sets);
    return st;
}
