/* bench_ops - speed of the operational simulation.
 *
 * 1. The shipped Kazakhstan 2022 case: the mean time of one run (loading, law and politics
 *    excluded), over many runs of one simulation object.
 * 2. A synthetic scenario of 100 contributing states, 10,000 units and 500 aircraft,
 *    written as a data library into a temporary folder and loaded like any other: time of
 *    one run, events per second, and the process's peak memory.
 *
 * usage: bench_ops [KAZ_RUNS]   (default 2000)
 */
#include "law/law.h"
#include "load/load.h"
#include "ops/ops.h"
#include "politics/politics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { NSTATES = 100, UNITS_PER_STATE = 100, NLIFTERS = 1, AIRCRAFT_PER_LIFTER = 500 };

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void die(const char *what)
{
    fprintf(stderr, "bench_ops: %s\n", what);
    exit(1);
}

typedef struct decided {
    cs_model *m;
    cs_arena *arena;
    cs_law_result law;
    cs_pol_result pol;
} decided;

static void decide(decided *r, const char *dir, const char *id)
{
    cs_diags d;
    cs_diags_init(&d);
    cs_loader *l = cs_loader_new(&d);
    if (!l)
        die("out of memory");
    cs_loader_add_dir(l, dir);
    r->m = cs_loader_finish(l);
    if (!r->m) {
        cs_diags_print(&d, stderr);
        die("cannot load the library");
    }
    const cs_scenario *s = cs_model_scenario(r->m, id);
    r->arena = cs_arena_new();
    cs_law_opts o = {0};
    if (!s || !r->arena || cs_law_eval(&r->law, r->m, s, &o, r->arena, &d) != CS_OK ||
        cs_politics_eval(&r->pol, &r->law, r->arena, &d, 0) != CS_OK) {
        cs_diags_print(&d, stderr);
        die("cannot decide the scenario");
    }
    if (r->pol.decision != CS_DEC_ACT)
        die("the scenario does not decide to act");
    cs_diags_free(&d);
}

static cs_ops *make_ops(decided *r)
{
    cs_diags d;
    cs_diags_init(&d);
    cs_ops *o = cs_ops_new(r->m, &r->law, &r->pol, &d);
    if (!o) {
        cs_diags_print(&d, stderr);
        die("cannot build the simulation");
    }
    cs_diags_free(&d);
    return o;
}

static FILE *open_in(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        die("cannot write the synthetic library");
    return f;
}

/* The synthetic library: states XAA.. each with 100 units at its own airfield; the lead
 * state XAA flies everyone with 500 aircraft; host HST with ten airfields and 200 sites. */
static void write_library(const char *dir)
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
    fclose(f);
    for (int s = 0; s <= NSTATES; s++) {
        char id[4] = {'X', (char)('A' + s / 26), (char)('A' + s % 26), 0};
        if (s == NSTATES)
            memcpy(id, "HST", 4);
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
            for (int u = 0; u < UNITS_PER_STATE; u++)
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
        char id[4] = {'X', (char)('A' + s / 26), (char)('A' + s % 26), 0};
        fprintf(f, "  - {state: %s, history: [{event: joined, date: 2000-01-01, source: synthetic}]}\n",
                s == NSTATES ? "HST" : id);
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
        char id[4] = {'X', (char)('A' + s / 26), (char)('A' + s % 26), 0};
        fprintf(f, "      - state: %s\n        source: synthetic\n        units: [", id);
        for (int u = 0; u < UNITS_PER_STATE; u++)
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

static long peak_kib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

int main(int argc, char **argv)
{
    long runs = argc > 1 ? strtol(argv[1], NULL, 10) : 2000;
    if (runs < 1)
        runs = 1;

    decided k;
    decide(&k, CASUS_SOURCE_DIR "/data", "kaz-2022");
    cs_ops *o = make_ops(&k);
    cs_ops_run(o, 1, 0);   /* warm up */
    double t = now_s();
    for (long i = 0; i < runs; i++)
        cs_ops_run(o, 1, (uint64_t)i);
    double per = (now_s() - t) / (double)runs;
    const cs_ops_result *r = cs_ops_result_of(o);
    printf("kaz-2022: %.1f us per run (%ld runs; %llu events, %u flights per run)\n",
           per * 1e6, runs, (unsigned long long)r->events, r->nflights);
    cs_ops_free(o);
    cs_arena_free(k.arena);
    cs_model_free(k.m);

    char dir[] = "/tmp/casus-bench-XXXXXX";
    if (!mkdtemp(dir))
        die("cannot make a temporary folder");
    write_library(dir);
    double t0 = now_s();
    decided s;
    decide(&s, dir, "synthetic");
    double t1 = now_s();
    o = make_ops(&s);
    double t2 = now_s();
    if (cs_ops_run(o, 1, 0) != CS_OK)
        die("the synthetic run failed");
    double t3 = now_s();
    r = cs_ops_result_of(o);
    printf("synthetic: %u contributing states, %u units, %u aircraft\n", r->ncontingents,
           r->nunits, r->naircraft);
    printf("  load, law and politics %.3f s; build the simulation %.3f s\n", t1 - t0, t2 - t1);
    printf("  run %.3f s: %llu events (%.2f million events/s), %u flights, %u sites\n",
           t3 - t2, (unsigned long long)r->events, (double)r->events / (t3 - t2) / 1e6,
           r->nflights, r->nsites);
    printf("  deployment complete after %.0f h; last home after %.0f h\n",
           r->deployed - r->t0, r->end - r->t0);
    printf("  peak memory %.1f MiB\n", (double)peak_kib() / 1024.0);
    if (getenv("BENCH_DEBUG"))
        for (uint32_t c = 0; c < r->ncontingents; c++)
            if (r->contingents[c].complete < 0 || r->contingents[c].home < 0)
                printf("  %s auth %.1f refused %d first %.1f complete %.1f home %.1f\n",
                       r->contingents[c].state->id, r->contingents[c].auth_t,
                       r->contingents[c].refused, r->contingents[c].first_arrival,
                       r->contingents[c].complete, r->contingents[c].home);
    cs_ops_free(o);
    cs_arena_free(s.arena);
    cs_model_free(s.m);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "bench_ops: could not remove %s\n", dir);
    return 0;
}
