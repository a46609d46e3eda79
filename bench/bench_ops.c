/* bench_ops - speed of the operational simulation, against the SimPy yardstick.
 *
 * 1. The shipped Kazakhstan 2022 case: one replication of the operation, in process (loading,
 *    law and politics excluded), through the run object.
 * 2. A synthetic scenario of 100 contributing states, 10,000 units and 500 aircraft, written
 *    as a data library into a temporary folder and loaded like any other: one replication,
 *    events per second, peak memory; and the time to build the simulation at 10,000 and
 *    20,000 units, whose ratio is 2 when the build is linear in units.
 * 3. With --casus: the whole process `casus run --data DATA kaz-2022`.
 *
 * Times are medians with their interquartile range, never means: on a shared machine a few
 * runs are slowed by others, which inflates a mean. With --yardstick (simpy_kaz.py, the same
 * model in SimPy), each comparison alternates rounds of casus and of SimPy, and the ratio is
 * the median over rounds of SimPy's round median over casus's, so that a slow stretch of the
 * machine weighs on both. The yardstick must also agree with casus: its --check compares
 * a `casus run --json` output figure by figure, and bench_ops reports any difference.
 *
 * usage: bench_ops [--rounds N] [--kaz-runs N] [--data DIR]
 *                  [--casus PATH] [--yardstick simpy_kaz.py] [--python PATH]
 * Exits 0 when everything ran (whether or not a goal is met), 1 when something failed.
 */
#include "load/load.h"
#include "ops/ops.h"
#include "run/run.h"
#include "support/arena.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

enum { NSTATES = 100, UNITS_PER_STATE = 100, NLIFTERS = 1, AIRCRAFT_PER_LIFTER = 500 };

/* Parameters that casus's model needs and the yardstick does not read, written last in the
 * catalog: the only difference between the two synthetic libraries. The yardstick holds
 * unlimited parliament sittings; with a quorum chance of 0.5, ten failed sittings in a row
 * are too rare to matter, and --check confirms it. */
#define EXTRA_PARAMS "  - {id: parliament-max-sittings, value: 10, unit: u, why: w," \
                     " source: synthetic}\n"

/* The goals, as ratios to the yardstick. */
#define GOAL_KAZ 200.0
#define GOAL_SYNTHETIC 100.0
#define GOAL_PROCESS 30.0

typedef struct options {
    int rounds;            /* alternating rounds per comparison */
    long kaz_runs;         /* casus replications in one round of the Kazakhstan case */
    const char *data;      /* the shipped library */
    const char *casus;     /* the casus program, for the whole-process comparison */
    const char *yardstick; /* simpy_kaz.py */
    const char *python;    /* the Python that has SimPy */
    char scratch[64];      /* a temporary file for the output of a child process */
} options;

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* The temporary folder of this run, removed by die() too (a benchmark program may keep
 * state of its own; the library may not). */
static char scratch_dir[64];
static void remove_dir(const char *dir);
static void remove_scratch(void);

/* CPU time of this process, and of its waited-for children (user and system). */
static double cpu_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static double children_cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
}

/* The machine's 1-minute load average (Linux), or -1. */
static double loadavg(void)
{
    double l = -1;
    FILE *f = fopen("/proc/loadavg", "r");
    if (f) {
        if (fscanf(f, "%lf", &l) != 1)
            l = -1;
        fclose(f);
    }
    return l;
}

static void die(const char *what, const char *arg)
{
    fprintf(stderr, "bench_ops: %s%s%s\n", what, arg ? ": " : "", arg ? arg : "");
    remove_scratch();
    exit(1);
}

/* ---- statistics ---------------------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The p-quantile (0..1) of n values, interpolated between order statistics; sorts v. */
static double quantile(double *v, size_t n, double p)
{
    if (n == 0)
        return 0;
    qsort(v, n, sizeof *v, cmp_double);
    double pos = p * (double)(n - 1);
    size_t i = (size_t)pos;
    if (i + 1 >= n)
        return v[n - 1];
    return v[i] + (pos - (double)i) * (v[i + 1] - v[i]);
}

typedef struct spread {
    double median, q1, q3;
    size_t n;
} spread;

static spread spread_of(double *v, size_t n)
{
    spread s = {quantile(v, n, 0.5), quantile(v, n, 0.25), quantile(v, n, 0.75), n};
    return s;
}

/* "110.3 us, IQR 108.1-114.0" with a unit suited to the size. */
static void print_spread(const char *who, spread s, const char *what)
{
    double scale = 1e6;
    const char *unit = "us";
    if (s.median >= 1.0) {
        scale = 1;
        unit = "s";
    } else if (s.median >= 1e-3) {
        scale = 1e3;
        unit = "ms";
    }
    printf("  %-6s median %8.2f %s, IQR %.2f-%.2f %s (%s)\n", who, s.median * scale, unit,
           s.q1 * scale, s.q3 * scale, unit, what);
}

/* ---- child processes ----------------------------------------------------------------- */

typedef struct argv_buf {
    char text[16384];
    size_t used;
    char *v[32];
    int n;
} argv_buf;

static void arg(argv_buf *a, const char *s)
{
    size_t len = strlen(s) + 1;
    if (a->n + 1 >= (int)(sizeof a->v / sizeof *a->v) || a->used + len > sizeof a->text)
        die("command line too long", s);
    memcpy(a->text + a->used, s, len);
    a->v[a->n++] = a->text + a->used;
    a->v[a->n] = NULL;
    a->used += len;
}

/* Run a->v[0] with stdout into the file `to` (created or truncated), or to /dev/null when
 * to is NULL. Returns the exit status (-1 if it could not run or was killed) and the wall
 * time in *secs. */
static int run_child(argv_buf *a, const char *to, double *secs)
{
    posix_spawn_file_actions_t fa;
    if (posix_spawn_file_actions_init(&fa) != 0)
        die("posix_spawn_file_actions_init", NULL);
    posix_spawn_file_actions_addopen(&fa, 1, to ? to : "/dev/null",
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid;
    double t0 = now_s();
    int e = posix_spawn(&pid, a->v[0], &fa, NULL, a->v, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (e != 0) {
        fprintf(stderr, "bench_ops: cannot run %s: %s\n", a->v[0], strerror(e));
        return -1;
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            die("waitpid", strerror(errno));
    *secs = now_s() - t0;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *slurp(const char *path, size_t *len);

/* Run a->v[0] and return its standard output as a new string (NULL if it could not be
 * read); the exit status in *status. The output passes through the file `scratch`. */
static char *capture(argv_buf *a, const char *scratch, int *status)
{
    double secs;
    size_t n;
    *status = run_child(a, scratch, &secs);
    char *out = slurp(scratch, &n);
    unlink(scratch);
    return out;
}

/* The yardstick's "--runs N" report: the median wall-clock time of one run and the mean CPU
 * time of one run, in seconds. */
typedef struct simpy_times {
    double wall, cpu;
} simpy_times;

static simpy_times simpy_round(const options *o, const char *data, const char *scenario, int runs,
                          int warmup)
{
    argv_buf a = {.n = 0};
    char n[32], w[32];
    snprintf(n, sizeof n, "%d", runs);
    snprintf(w, sizeof w, "%d", warmup);
    arg(&a, o->python);
    arg(&a, o->yardstick);
    arg(&a, "--runs");
    arg(&a, n);
    arg(&a, "--warmup");
    arg(&a, w);
    arg(&a, "--data");
    arg(&a, data);
    arg(&a, "--scenario");
    arg(&a, scenario);
    int st;
    char *out = capture(&a, o->scratch, &st);
    if (st != 0 || !out)
        die("the yardstick failed", o->yardstick);
    const char *m = strstr(out, "(median "), *c = strstr(out, "), cpu ");
    if (!m || !c)
        die("cannot read the yardstick's report", out);
    simpy_times t = {strtod(m + 8, NULL) * 1e-6, strtod(c + 7, NULL) * 1e-6};
    free(out);
    return t;
}

/* ---- the synthetic library ------------------------------------------------------------ */

/* dir/name into buf; false when it does not fit. */
static bool join(char *buf, size_t n, const char *dir, const char *name)
{
    int k = snprintf(buf, n, "%s/%s", dir, name);
    return k >= 0 && (size_t)k < n;
}

static FILE *open_in(const char *dir, const char *name)
{
    char path[8192];
    FILE *f = join(path, sizeof path, dir, name) ? fopen(path, "w") : NULL;
    if (!f)
        die("cannot write the synthetic library", path);
    return f;
}

static void state_id(char id[4], int s)
{
    if (s == NSTATES) {
        memcpy(id, "HST", 4);
        return;
    }
    id[0] = 'X';
    id[1] = (char)('A' + s / 26);
    id[2] = (char)('A' + s % 26);
    id[3] = 0;
}

/* The synthetic library: states XAA.. each with `units` units at its own airfield; the lead
 * state XAA flies everyone with 500 aircraft; host HST with ten airfields and 200 sites.
 * With units == UNITS_PER_STATE it is byte for byte the library that the yardstick's
 * --write-synthetic writes. */
static void write_library(const char *dir, int units)
{
    FILE *f = open_in(dir, "sources.yaml");
    fputs("casus: 1\nkind: sources\nsources:\n"
          "  - {id: synthetic, type: assumption, title: \"A synthetic benchmark library\"}\n", f);
    fclose(f);
    f = open_in(dir, "vocabulary.yaml");
    fputs("casus: 1\nkind: vocabulary\nfacts:\n"
          "  - {path: crisis.attack, type: bool, default: false, doc: an attack}\n", f);
    fclose(f);
    f = open_in(dir, "catalog.yaml");
    fputs("casus: 1\nkind: catalog\naircraft_types:\n"
          "  - {id: lifter, name: Lifter, payload_t: 40, seats: 100, cruise_kmh: 750,"
          " turnaround_h: 2, vehicles: 3, source: synthetic}\n"
          "unit_types:\n  - {id: infantry, name: Infantry, readiness_h: 12, kit_t: 0.1,"
          " vehicle_t: 8, source: synthetic}\n"
          "site_kinds:\n  - {id: post, name: Post, guard_personnel: 50, frees_host: 40,"
          " source: synthetic}\nparameters:\n", f);
    const char *params[][2] = {{"road-kmh", "40"}, {"load-h", "2"},
                               {"handover-sites-per-day", "4"}, {"road-max-km", "300"},
                               {"road-detour", "1.2"}, {"executive-decision-h", "6"},
                               {"parliament-quorum-p", "0.5"}, {"withdrawal-delay-h", "48"},
                               {"airfield-default-max-on-ground", "8"},
                               {"airfield-default-landings-per-h", "6"},
                               {"airlift-utilization", "0.8"}};
    for (size_t i = 0; i < sizeof params / sizeof *params; i++)
        fprintf(f, "  - {id: %s, value: %s, unit: u, why: w, source: synthetic}\n",
                params[i][0], params[i][1]);
    fputs(EXTRA_PARAMS, f);
    fclose(f);
    for (int s = 0; s <= NSTATES; s++) {
        char id[4];
        state_id(id, s);
        char name[32];
        snprintf(name, sizeof name, "%s.yaml", id);
        f = open_in(dir, name);
        double lat = 40 + (s % 10), lon = 20 + (s / 10) * 3;
        fprintf(f, "casus: 1\nkind: state\nid: %s\nname: State %s\ngovernment: presidential\n"
                "capital: {name: C%s, lat: %.2f, lon: %.2f}\nutc_offset: \"+00:00\"\n"
                "source: synthetic\n", id, id, id, lat, lon);
        fprintf(f, "authorization: {procedure: %s, convene_h: %d, %ssource: synthetic}\n",
                s % 10 == 9 ? "parliament-vote" : "executive", 6 + s % 12,
                s % 10 == 9 ? "seats: 100, majority: 1/2, " : "");
        if (s == NSTATES) {
            fputs("admission: {procedure: executive, source: synthetic}\nairfields:\n", f);
            for (int a = 0; a < 10; a++)
                fprintf(f, "  - {id: hst-%d, name: A%d, lat: %.1f, lon: %.1f, max_on_ground: 20,"
                        " landings_per_h: 12, source: synthetic}\n", a, a, 45 + a * 0.3,
                        60 + a * 0.2);
        } else {
            fprintf(f, "airfields:\n  - {id: af-%s, name: Field %s, lat: %.2f, lon: %.2f,"
                    " source: synthetic}\nunits:\n", id, id, lat + 0.1, lon + 0.1);
            for (int u = 0; u < units; u++)
                fprintf(f, "  - {id: u-%s-%d, name: Unit %d, type: infantry, personnel: %d,"
                        " vehicles: %d, readiness_h: %d, airfield: af-%s, source: synthetic}\n",
                        id, u, u, 20 + (u * 37) % 80, (u * 13) % 5, 6 + (u * 7) % 60, id);
            if (s < NLIFTERS)
                fprintf(f, "airlift: [{type: lifter, count: %d, base: af-%s, source: synthetic}]\n",
                        AIRCRAFT_PER_LIFTER, id);
        }
        fclose(f);
    }
    f = open_in(dir, "alliance.yaml");
    fputs("casus: 1\nkind: alliance\nid: SYN\nname: Synthetic\nfounded: 2000-01-01\n"
          "lead: XAA\nsource: synthetic\nmembers:\n", f);
    for (int s = 0; s <= NSTATES; s++) {
        char id[4];
        state_id(id, s);
        fprintf(f, "  - {state: %s, history: [{event: joined, date: 2000-01-01, source: synthetic}]}\n",
                id);
    }
    fputs("organs: [{id: council, name: Council, composition: heads-of-state, rule: consensus,"
          " source: synthetic}]\n"
          "clauses: [{id: art1, name: Art 1, requires_request: true,"
          " trigger: \"request.formal and aggression\", source: synthetic}]\n"
          "doctrines: [{id: d, name: D, from: 2000-01-01, reading: r,"
          " defines: {aggression: crisis.attack}, source: synthetic}]\n"
          "tasks: [{id: all, name: All, when: \"request.formal\", source: synthetic}]\n"
          "pools:\n  - id: pool\n    name: Pool\n    mandate: [all]\n    source: synthetic\n"
          "    pledges:\n", f);
    for (int s = 0; s < NSTATES; s++) {
        char id[4];
        state_id(id, s);
        fprintf(f, "      - state: %s\n        source: synthetic\n        units: [", id);
        for (int u = 0; u < units; u++)
            fprintf(f, "%su-%s-%d", u ? ", " : "", id, u);
        fputs("]\n", f);
    }
    fputs("politics:\n  support_at: 1\n  oppose_at: -1\n  why: w\n  source: synthetic\n"
          "  factors:\n    - {id: cover, name: Cover, applies_to: all, when: law.triggered,"
          " weight: 2, why: w, source: synthetic}\n", f);
    fclose(f);
    f = open_in(dir, "scenario.yaml");
    fputs("casus: 1\nkind: scenario\nid: synthetic\nname: Synthetic\nalliance: SYN\n"
          "host: HST\nstart: 2030-01-01\nutc_offset: \"+00:00\"\nsource: synthetic\n"
          "facts: [{path: crisis.attack, value: true, status: evidenced, source: synthetic}]\n"
          "events:\n"
          "  - {id: req, at: 2030-01-02T00:00, kind: request, by: HST, to: SYN, under: art1,"
          " purpose: p, formal: true, source: synthetic}\n"
          "  - {id: end, at: 2030-02-15T00:00, kind: end-request, by: HST, source: synthetic}\n"
          "sites:\n", f);
    for (int i = 0; i < 200; i++)
        fprintf(f, "  - {id: s%d, name: Site %d, kind: post, lat: 45, lon: 60, handover: %d,"
                " source: synthetic}\n", i, i, i + 1);
    fclose(f);
}

/* Remove a folder of plain files (the libraries this program wrote). */
static void remove_dir(const char *dir)
{
    DIR *dp = opendir(dir);
    if (dp) {
        char path[8192];
        for (struct dirent *e; (e = readdir(dp)) != NULL;)
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
                join(path, sizeof path, dir, e->d_name))
                unlink(path);
        closedir(dp);
    }
    if (rmdir(dir) != 0)
        fprintf(stderr, "bench_ops: could not remove %s\n", dir);
}

/* Remove the temporary folder and whatever was written beside it (-out, -simpy, -N). */
static void remove_scratch(void)
{
    if (!scratch_dir[0])
        return;
    char p[128];
    const char *files[] = {"out", "kaz-2022.json", "synthetic.json"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        snprintf(p, sizeof p, "%s-%s", scratch_dir, files[i]);
        unlink(p);
    }
    const char *sub[] = {"simpy", "100", "200"};
    for (size_t i = 0; i < sizeof sub / sizeof *sub; i++) {
        snprintf(p, sizeof p, "%s-%s", scratch_dir, sub[i]);
        if (access(p, F_OK) == 0)
            remove_dir(p);
    }
    remove_dir(scratch_dir);
    scratch_dir[0] = 0;
}

/* Read a whole file into a new NUL-terminated buffer (NULL if it cannot). */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    for (size_t k; b && (k = fread(b + n, 1, cap - 1 - n, f)) > 0;) {
        n += k;
        if (n == cap - 1) {
            char *nb = realloc(b, cap *= 2);
            if (!nb)
                free(b);
            b = nb;
        }
    }
    fclose(f);
    if (b)
        b[n] = 0;
    *len = n;
    return b;
}

/* Do folders a and b hold the same files with the same bytes? Names the first difference. */
static bool same_files(const char *a, const char *b, char *why, size_t n)
{
    for (int pass = 0; pass < 2; pass++) {
        const char *x = pass ? b : a, *y = pass ? a : b;
        DIR *dp = opendir(x);
        if (!dp) {
            snprintf(why, n, "cannot read %.200s", x);
            return false;
        }
        bool same = true;
        for (struct dirent *e; same && (e = readdir(dp)) != NULL;) {
            if (e->d_name[0] == '.')
                continue;
            char px[8192], py[8192];
            size_t lx = 0, ly = 0;
            char *cx = join(px, sizeof px, x, e->d_name) ? slurp(px, &lx) : NULL;
            char *cy = join(py, sizeof py, y, e->d_name) ? slurp(py, &ly) : NULL;
            /* ours: theirs with EXTRA_PARAMS at the end of the catalog */
            size_t extra = strcmp(e->d_name, "catalog.yaml") == 0 ? strlen(EXTRA_PARAMS) : 0;
            size_t lo = pass ? ly : lx, lt = pass ? lx : ly;
            const char *co = pass ? cy : cx, *ct = pass ? cx : cy;
            if (cx && cy && extra && lo == lt + extra && memcmp(co, ct, lt) == 0 &&
                memcmp(co + lt, EXTRA_PARAMS, extra) == 0)
                lx = ly = 0;   /* the same, but for the extra parameters */
            if (!cx || !cy || lx != ly || memcmp(cx, cy, lx) != 0) {
                snprintf(why, n, "%.200s differs", e->d_name);
                same = false;
            }
            free(cx);
            free(cy);
        }
        closedir(dp);
        if (!same)
            return false;
    }
    return true;
}

/* ---- loading and deciding ------------------------------------------------------------- */

typedef struct loaded {
    cs_model *m;
    const cs_scenario *s;
    cs_run *run;
} loaded;

/* Load dir, decide scenario id (which must act) and, if simulate, simulate it once. */
static void load_and_decide(loaded *l, const char *dir, const char *id, bool simulate)
{
    cs_diags d;
    cs_diags_init(&d);
    cs_loader *ld = cs_loader_new(&d);
    if (!ld)
        die("out of memory", NULL);
    cs_loader_add_dir(ld, dir);
    l->m = cs_loader_finish(ld);
    if (!l->m) {
        cs_diags_print(&d, stderr);
        die("cannot load the library", dir);
    }
    l->s = cs_model_scenario(l->m, id);
    if (!l->s)
        die("no such scenario", id);
    l->run = cs_run_new(l->m);
    cs_run_opts o = {.seed = 1, .index = 0, .simulate = simulate};
    if (!l->run || cs_run_exec(l->run, l->s, &o, &d) != CS_OK) {
        cs_diags_print(&d, stderr);
        die("cannot decide the scenario", id);
    }
    if (cs_run_politics(l->run)->decision != CS_DEC_ACT)
        die("the scenario does not decide to act", id);
    cs_diags_free(&d);
}

static void unload(loaded *l)
{
    cs_run_free(l->run);
    cs_model_free(l->m);
}

/* One replication, timed. */
static double replicate(loaded *l, uint64_t index)
{
    cs_diags d;
    cs_diags_init(&d);
    double t = now_s();
    cs_status st = cs_run_replicate(l->run, 1, index, &d);
    t = now_s() - t;
    if (st != CS_OK) {
        cs_diags_print(&d, stderr);
        die("a replication failed", NULL);
    }
    cs_diags_free(&d);
    return t;
}

/* Median CPU time of building the simulation (configuration and state) of a decided run:
 * CPU time, so that other programs on the machine do not blur the ratio of two sizes. */
static double build_time(loaded *l, int reps)
{
    double t[16];
    if (reps > 16)
        reps = 16;
    for (int i = 0; i < reps; i++) {
        cs_diags d;
        cs_diags_init(&d);
        cs_arena *a = cs_arena_new();
        if (!a)
            die("out of memory", NULL);
        double t0 = cpu_s();
        const cs_ops_config *cfg =
            cs_ops_config_new(l->m, cs_run_law(l->run), cs_run_politics(l->run), a, &d);
        cs_ops *o = cfg ? cs_ops_new(cfg, a, &d) : NULL;
        t[i] = cpu_s() - t0;
        if (!o) {
            cs_diags_print(&d, stderr);
            die("cannot build the simulation", NULL);
        }
        cs_arena_free(a);
        cs_diags_free(&d);
    }
    return quantile(t, (size_t)reps, 0.5);
}

static long peak_kib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* ---- the comparisons ------------------------------------------------------------------ */

/* A comparison: the ratio of wall-clock times (the goal's measure) and, steadier when other
 * programs share the machine, the ratio of CPU times. */
typedef struct verdict {
    const char *what;
    double ratio, lo, hi, cpu, goal;
    bool measured;
} verdict;

static void print_ratio(verdict *v, double *ratios, double *cpu, int n)
{
    v->ratio = quantile(ratios, (size_t)n, 0.5);
    v->lo = ratios[0];
    v->hi = ratios[n - 1];
    v->cpu = quantile(cpu, (size_t)n, 0.5);
    v->measured = true;
    printf("  ratio  %.1f (SimPy's time over casus's; rounds %.1f-%.1f), goal %.0f: %s\n",
           v->ratio, v->lo, v->hi, v->goal, v->ratio >= v->goal ? "met" : "NOT MET");
    printf("         %.1f in CPU time (rounds %.1f-%.1f)\n", v->cpu, cpu[0], cpu[n - 1]);
}

static void bench_kaz(const options *o, verdict *v)
{
    printf("kaz-2022: one replication of the operation in process (loading, law and politics "
           "excluded)\n");
    loaded k;
    load_and_decide(&k, o->data, "kaz-2022", true);
    const cs_ops_result *r = cs_run_ops(k.run);
    printf("  %llu events, %u flights in a run\n", (unsigned long long)r->events, r->nflights);
    int rounds = o->yardstick ? o->rounds : 1;
    size_t nall = (size_t)rounds * (size_t)o->kaz_runs;
    double *all = malloc(nall * sizeof *all), *one = malloc((size_t)o->kaz_runs * sizeof *one);
    double cr[64], sr[64], ratio[64], cpu[64];
    if (!all || !one)
        die("out of memory", NULL);
    for (long i = 0; i < 20; i++)
        replicate(&k, (uint64_t)i);   /* warm the caches */
    for (int round = 0; round < rounds; round++) {
        double c0 = cpu_s();
        for (long i = 0; i < o->kaz_runs; i++)
            one[i] = all[(size_t)round * (size_t)o->kaz_runs + (size_t)i] =
                replicate(&k, (uint64_t)i);
        double ccpu = (cpu_s() - c0) / (double)o->kaz_runs;
        cr[round] = quantile(one, (size_t)o->kaz_runs, 0.5);
        if (o->yardstick) {
            simpy_times t = simpy_round(o, o->data, "kaz-2022", 40, 1);
            sr[round] = t.wall;
            ratio[round] = t.wall / cr[round];
            cpu[round] = t.cpu / ccpu;
        }
    }
    char what[128];
    snprintf(what, sizeof what, "%zu runs in %d rounds", nall, rounds);
    print_spread("casus", spread_of(all, nall), what);
    if (o->yardstick) {
        print_spread("SimPy", spread_of(sr, (size_t)rounds), "round medians, 40 runs a round");
        print_ratio(v, ratio, cpu, rounds);
    }
    free(all);
    free(one);
    unload(&k);
}

static void bench_synthetic(const options *o, const char *dir, verdict *v)
{
    printf("synthetic: %d contributing states, %d units, %d aircraft; one replication in "
           "process\n", NSTATES, NSTATES * UNITS_PER_STATE, NLIFTERS * AIRCRAFT_PER_LIFTER);
    double t0 = now_s();
    loaded s;
    load_and_decide(&s, dir, "synthetic", true);
    printf("  load, decide, build and run once: %.3f s\n", now_s() - t0);
    const cs_ops_result *r = cs_run_ops(s.run);
    uint64_t events = r->events;
    printf("  %llu events, %u flights, %u sites; deployment complete after %.0f h, last home "
           "after %.0f h\n", (unsigned long long)events, r->nflights, r->nsites,
           r->deployed - r->t0, r->end - r->t0);
    enum { RUNS = 9 };
    int rounds = o->yardstick ? o->rounds : 1;
    double all[64 * RUNS], one[RUNS], sr[64], ratio[64], cpu[64];
    size_t nall = 0;
    for (int round = 0; round < rounds; round++) {
        double c0 = cpu_s();
        for (int i = 0; i < RUNS; i++)
            one[i] = all[nall++] = replicate(&s, (uint64_t)i);
        double ccpu = (cpu_s() - c0) / RUNS;
        double c = quantile(one, RUNS, 0.5);
        if (o->yardstick) {
            simpy_times t = simpy_round(o, dir, "synthetic", 1, 0);
            sr[round] = t.wall;
            ratio[round] = t.wall / c;
            cpu[round] = t.cpu / ccpu;
        }
    }
    char what[128];
    snprintf(what, sizeof what, "%zu runs in %d rounds", nall, rounds);
    spread cs = spread_of(all, nall);
    print_spread("casus", cs, what);
    printf("         %.2f million events/s; peak memory %.1f MiB\n",
           (double)events / cs.median / 1e6, (double)peak_kib() / 1024.0);
    if (o->yardstick) {
        print_spread("SimPy", spread_of(sr, (size_t)rounds), "round medians, 1 run a round");
        print_ratio(v, ratio, cpu, rounds);
    }
    unload(&s);
}

/* Building the simulation at two sizes: linear in units when the ratio is near 2. */
static void bench_build(const char *dir)
{
    printf("synthetic: building the simulation (configuration and state of a run)\n");
    double build[2], load[2];
    int sizes[2] = {UNITS_PER_STATE, 2 * UNITS_PER_STATE};
    for (int i = 0; i < 2; i++) {
        char sub[4200];
        snprintf(sub, sizeof sub, "%s-%d", dir, sizes[i]);
        if (mkdir(sub, 0700) != 0)
            die("cannot make a temporary folder", sub);
        write_library(sub, sizes[i]);
        double t0 = cpu_s();
        loaded s;
        load_and_decide(&s, sub, "synthetic", false);
        load[i] = cpu_s() - t0;
        build[i] = build_time(&s, 7);
        printf("  %6d units: build %.2f ms (median of 7); load and decide %.1f ms (CPU time)\n",
               NSTATES * sizes[i], build[i] * 1e3, load[i] * 1e3);
        unload(&s);
        remove_dir(sub);
    }
    printf("  twice the units: build x%.2f, load and decide x%.2f (linear: 2, quadratic: 4)\n",
           build[1] / build[0], load[1] / load[0]);
}

static void bench_process(const options *o, verdict *v)
{
    printf("casus run --data DATA kaz-2022: the whole process (load, decide, simulate, "
           "report)\n");
    enum { CASUS_RUNS = 20, SIMPY_RUNS = 5 };
    argv_buf c = {.n = 0}, p = {.n = 0};
    arg(&c, o->casus);
    arg(&c, "run");
    arg(&c, "--data");
    arg(&c, o->data);
    arg(&c, "kaz-2022");
    if (o->yardstick) {
        arg(&p, o->python);
        arg(&p, o->yardstick);
        arg(&p, "--data");
        arg(&p, o->data);
    }
    double call[64 * CASUS_RUNS], one[CASUS_RUNS], sr[64], ratio[64], cpu[64];
    size_t nall = 0;
    double t;
    if (run_child(&c, NULL, &t) != 0)   /* warm the file cache */
        die("casus run failed", o->casus);
    if (o->yardstick && run_child(&p, NULL, &t) != 0)
        die("the yardstick failed", o->yardstick);
    int rounds = o->yardstick ? o->rounds : 1;
    for (int round = 0; round < rounds; round++) {
        double c0 = children_cpu_s();
        for (int i = 0; i < CASUS_RUNS; i++) {
            if (run_child(&c, NULL, &one[i]) != 0)
                die("casus run failed", o->casus);
            call[nall++] = one[i];
        }
        double ccpu = (children_cpu_s() - c0) / CASUS_RUNS;
        double cm = quantile(one, CASUS_RUNS, 0.5);
        if (o->yardstick) {
            double s[SIMPY_RUNS];
            double s0 = children_cpu_s();
            for (int i = 0; i < SIMPY_RUNS; i++)
                if (run_child(&p, NULL, &s[i]) != 0)
                    die("the yardstick failed", o->yardstick);
            double scpu = (children_cpu_s() - s0) / SIMPY_RUNS;
            sr[round] = quantile(s, SIMPY_RUNS, 0.5);
            ratio[round] = sr[round] / cm;
            cpu[round] = ccpu > 0 ? scpu / ccpu : 0;
        }
    }
    char what[128];
    snprintf(what, sizeof what, "%zu processes in %d rounds", nall, rounds);
    print_spread("casus", spread_of(call, nall), what);
    if (o->yardstick) {
        print_spread("SimPy", spread_of(sr, (size_t)rounds), "round medians, 5 processes a round");
        print_ratio(v, ratio, cpu, rounds);
    }
}

/* Does casus's run agree with the yardstick's, figure by figure? Prints the differences. */
static bool check_model(const options *o, const char *data, const char *scenario,
                        const char *tmpdir)
{
    char json[4200];
    snprintf(json, sizeof json, "%s-%s.json", tmpdir, scenario);
    argv_buf c = {.n = 0}, p = {.n = 0};
    arg(&c, o->casus);
    arg(&c, "run");
    arg(&c, "--data");
    arg(&c, data);
    arg(&c, "--json");
    arg(&c, scenario);
    double t;
    int st = run_child(&c, json, &t);
    if (st != 0 && st != 1) {   /* 1: ran, but the record disagrees (not a failure here) */
        printf("  %s: casus run --json failed (exit %d)\n", scenario, st);
        unlink(json);
        return false;
    }
    arg(&p, o->python);
    arg(&p, o->yardstick);
    arg(&p, "--check");
    arg(&p, json);
    arg(&p, "--data");
    arg(&p, data);
    arg(&p, "--scenario");
    arg(&p, scenario);
    char *out = capture(&p, o->scratch, &st);
    unlink(json);
    if (!out) {
        printf("  %s: the yardstick's check gave no output (exit %d)\n", scenario, st);
        return false;
    }
    int rows = 0, differ = 0;
    /* Count the rows and show those that differ. Like the yardstick's own verdict, leave
     * out the count of scheduler events (SimPy schedules a process's every step) and the
     * order of entries at the same time (the sorted comparison is kept). */
    int ignored = 0;
    for (char *l = out; *l;) {
        char *e = strchr(l, '\n');
        if (e)
            *e = 0;
        size_t n = strlen(l);
        bool yes = n > 4 && strcmp(l + n - 4, " yes") == 0;
        bool no = n > 3 && strcmp(l + n - 3, " NO") == 0;
        if (yes || no) {
            if (strncmp(l, "scheduler events", 16) == 0 || strstr(l, "(in order)")) {
                ignored++;
            } else {
                rows++;
                if (no) {
                    differ++;
                    printf("  %s: differs: %s\n", scenario, l);
                }
            }
        }
        if (!e)
            break;
        l = e + 1;
    }
    if (st == 0 && differ == 0)
        printf("  %s: the same on all %d figures compared (%d more not compared: the event "
               "count, and the order of entries at one time)\n", scenario, rows, ignored);
    else
        printf("  %s: %d of %d figures differ; the yardstick's check exited %d\n", scenario,
               differ, rows, st);
    free(out);
    return st == 0 && differ == 0;
}

static void usage(void)
{
    fputs("usage: bench_ops [--rounds N] [--kaz-runs N] [--data DIR] [--casus PATH]\n"
          "                 [--yardstick simpy_kaz.py] [--python PATH]\n", stderr);
    exit(2);
}

int main(int argc, char **argv)
{
    options o = {7, 2000, CASUS_SOURCE_DIR "/data", NULL, NULL, "/usr/bin/python3", ""};
    for (int i = 1; i < argc; i += 2) {   /* every option takes a value */
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!val)
            usage();
        if (strcmp(a, "--rounds") == 0)
            o.rounds = (int)strtol(val, NULL, 10);
        else if (strcmp(a, "--kaz-runs") == 0)
            o.kaz_runs = strtol(val, NULL, 10);
        else if (strcmp(a, "--data") == 0)
            o.data = val;
        else if (strcmp(a, "--casus") == 0)
            o.casus = val;
        else if (strcmp(a, "--yardstick") == 0)
            o.yardstick = val;
        else if (strcmp(a, "--python") == 0)
            o.python = val;
        else
            usage();
    }
    if (o.rounds < 1 || o.rounds > 64 || o.kaz_runs < 1)
        usage();
    if (o.yardstick && access(o.yardstick, R_OK) != 0)
        die("the yardstick cannot be read (see ../shared/perf/README.md)", o.yardstick);
    if (o.yardstick && access(o.python, X_OK) != 0)
        die("no Python to run the yardstick (scripts/deps.sh bench installs it)", o.python);

    verdict v[3] = {{"the Kazakhstan operation, in process", 0, 0, 0, 0, GOAL_KAZ, false},
                    {"the synthetic operation, in process", 0, 0, 0, 0, GOAL_SYNTHETIC, false},
                    {"casus run kaz-2022, whole process", 0, 0, 0, 0, GOAL_PROCESS, false}};
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    double load0 = loadavg();
    if (o.yardstick)
        printf("Ratios: SimPy's time over casus's, the median over %d rounds that alternate "
               "casus and SimPy (%s %s).\n\n", o.rounds, o.python, o.yardstick);
    char dir[] = "/tmp/casus-bench-XXXXXX";
    if (!mkdtemp(dir))
        die("cannot make a temporary folder", NULL);
    memcpy(scratch_dir, dir, sizeof dir);
    snprintf(o.scratch, sizeof o.scratch, "%s-out", dir);
    bench_kaz(&o, &v[0]);

    write_library(dir, UNITS_PER_STATE);
    bool ok = true;
    if (o.yardstick) {
        char theirs[4200], why[256];
        snprintf(theirs, sizeof theirs, "%s-simpy", dir);
        argv_buf w = {.n = 0};
        arg(&w, o.python);
        arg(&w, o.yardstick);
        arg(&w, "--write-synthetic");
        arg(&w, theirs);
        double t;
        if (run_child(&w, NULL, &t) != 0)
            die("the yardstick cannot write its synthetic library", theirs);
        if (!same_files(dir, theirs, why, sizeof why)) {
            printf("warning: the yardstick's synthetic library is not casus's: %s\n", why);
            ok = false;
        }
        remove_dir(theirs);
    }
    printf("\n");
    bench_synthetic(&o, dir, &v[1]);
    printf("\n");
    bench_build(dir);
    if (o.casus) {
        printf("\n");
        bench_process(&o, &v[2]);
    }
    if (o.casus && o.yardstick) {
        printf("\nThe same model? (simpy_kaz.py --check on casus run --json, seed 1)\n");
        ok &= check_model(&o, o.data, "kaz-2022", dir);
        ok &= check_model(&o, dir, "synthetic", dir);
    }
    remove_scratch();

    if (o.yardstick) {
        double load1 = loadavg();
        printf("\nSummary: casus against the SimPy yardstick (wall-clock; CPU time)\n");
        for (int i = 0; i < 3; i++)
            if (v[i].measured)
                printf("  %-38s %7.1f times; %7.1f  (goal %3.0f: %s)\n", v[i].what,
                       v[i].ratio, v[i].cpu, v[i].goal,
                       v[i].ratio >= v[i].goal ? "met" : "NOT MET");
        printf("  %ld cores; load average %.1f at the start, %.1f at the end\n", cores, load0,
               load1);
        if (load0 > (double)cores || load1 > (double)cores)
            printf("  warning: other programs kept the machine busy; wall-clock ratios are then "
                   "unreliable (SimPy's longer runs are interrupted more often), CPU-time "
                   "ratios less so\n");
    }
    return ok ? 0 : 1;
}
