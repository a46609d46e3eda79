#include "report/opsreport.h"
#include "report/jbuild.h"
#include "report/show.h"
#include "support/mem.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void cs_opsreport_time(const cs_ops_result *r, double h, char *buf, size_t n)
{
    if (h < 0) {
        snprintf(buf, n, "-");
        return;
    }
    cs_time t = {r->s->start.min + (int64_t)llround(h * 60), CS_PREC_MINUTE};
    cs_date_format(t, buf, n);
}

static int day_of(const cs_ops_result *r, double h)
{
    int64_t m = r->s->start.min + (int64_t)llround(h * 60);
    return (int)(m >= 0 ? m / 1440 : -((-m + 1439) / 1440));
}

static void day_name(int day, char *buf, size_t n)
{
    cs_date_format((cs_time){(int64_t)day * 1440, CS_PREC_DAY}, buf, n);
}

static const char *recorded(const cs_figure *f, char *buf, size_t n)
{
    if (!f->present) {
        snprintf(buf, n, "not recorded");
        return buf;
    }
    char v[32];
    cs_value_format(&f->v, v, sizeof v);
    snprintf(buf, n, "%s%s%s", f->qual == CS_Q_EXACT ? "" : cs_qual_name(f->qual),
             f->qual == CS_Q_EXACT ? "" : " ", v);
    return buf;
}

/* The state's id of a contingent, of a unit's contingent. */
static const char *cid(const cs_ops_result *r, int32_t c)
{
    return c >= 0 ? r->contingents[c].state->id : "";
}

static void describe(const cs_ops_result *r, const cs_oev *e, char *buf, size_t n)
{
    const char *unit = e->u >= 0 ? r->units[e->u].unit->id : "";
    const char *site = e->s >= 0 ? r->sites[e->s].site->id : "";
    switch (e->kind) {
    case CS_OEV_DECISION: snprintf(buf, n, "the council decides to act"); break;
    case CS_OEV_AUTHORIZED: snprintf(buf, n, "%s authorizes its contingent (%.0f)", cid(r, e->c), e->value); break;
    case CS_OEV_NO_QUORUM: snprintf(buf, n, "%s parliament: no quorum, vote put off", cid(r, e->c)); break;
    case CS_OEV_VOTE_FAILED: snprintf(buf, n, "%s parliament says no (%.0f for): the contingent stays home", cid(r, e->c), e->value); break;
    case CS_OEV_UNIT_READY: snprintf(buf, n, "%s %s ready at its airfield (%.0f)", cid(r, e->c), unit, e->value); break;
    case CS_OEV_FIRST_ARRIVAL: snprintf(buf, n, "%s: first boots on the ground (%.0f)", cid(r, e->c), e->value); break;
    case CS_OEV_CONTINGENT_IN: snprintf(buf, n, "%s contingent all in theater (%.0f)", cid(r, e->c), e->value); break;
    case CS_OEV_DEPLOYED: snprintf(buf, n, "deployment complete: %.0f personnel in theater", e->value); break;
    case CS_OEV_SITE_NEEDED: snprintf(buf, n, "site %s must be protected (%.0f guards)", site, e->value); break;
    case CS_OEV_SITE_COVERED: snprintf(buf, n, "site %s taken over by %s %s", site, cid(r, e->c), unit); break;
    case CS_OEV_MISSION_END: snprintf(buf, n, "the host asks the force to leave"); break;
    case CS_OEV_WITHDRAWAL: snprintf(buf, n, "handover and withdrawal begin"); break;
    case CS_OEV_HANDED_OVER: snprintf(buf, n, "site %s handed back by %s", site, cid(r, e->c)); break;
    case CS_OEV_UNIT_LEAVES: snprintf(buf, n, "%s %s leaves for home (%.0f)", cid(r, e->c), unit, e->value); break;
    case CS_OEV_CONTINGENT_OUT: snprintf(buf, n, "%s contingent out of theater", cid(r, e->c)); break;
    case CS_OEV_CONTINGENT_HOME: snprintf(buf, n, "%s contingent home", cid(r, e->c)); break;
    case CS_OEV_END: snprintf(buf, n, "the last contingent is home"); break;
    }
}

/* Personnel in theater of each contingent at the end of each day, from the samples. False
 * when memory runs out. */
static bool daily_series(FILE *out, const cs_ops_result *r)
{
    if (!r->nsamples)
        return true;
    int first = day_of(r, r->t0), last = day_of(r, r->end >= 0 ? r->end : r->samples[r->nsamples - 1].t);
    double *cur = cs_mem_calloc(r->ncontingents ? r->ncontingents : 1, sizeof *cur);
    uint32_t nc = r->ncontingents, k = 0;
    if (!cur)
        return false;
    fputs("\nPersonnel in theater, and sites covered, at the end of each day\n  date      ", out);
    for (uint32_t c = 0; c < nc; c++)
        fprintf(out, " %6s", r->contingents[c].state->id);
    fputs("   total  sites  host freed\n", out);
    for (int day = first; day <= last; day++) {
        double end_h = ((double)day + 1) * 24 - (double)r->s->start.min / 60.0;
        while (k < r->nsamples && r->samples[k].t < end_h) {
            if (r->samples[k].c < nc)
                cur[r->samples[k].c] = r->samples[k].personnel;
            k++;
        }
        char d[16];
        day_name(day, d, sizeof d);
        fprintf(out, "  %s", d);
        double tot = 0;
        for (uint32_t c = 0; c < nc; c++) {
            fprintf(out, " %6.0f", cur[c]);
            tot += cur[c];
        }
        uint32_t covered = 0, needed = 0;
        double freed = 0;
        for (uint32_t i = 0; i < r->nsites; i++) {
            const cs_ops_site *st = &r->sites[i];
            needed += st->from < end_h && (st->handed < 0 || st->handed >= end_h);
            if (st->covered >= 0 && st->covered < end_h && (st->handed < 0 || st->handed >= end_h)) {
                covered++;
                freed += st->frees_host;
            }
        }
        fprintf(out, "  %6.0f  %2u/%-2u  %10.0f\n", tot, covered, needed, freed);
    }
    cs_mem_free(cur);
    return true;
}

/* Loaded flights by day of departure and route: sorted once by (day, origin, destination),
 * then summed group by group. */
typedef struct route_key {
    int day;
    uint32_t from, to, i;
} route_key;

static int cmp_route(const void *a, const void *b)
{
    const route_key *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    if (x->to != y->to)
        return x->to < y->to ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* False when memory runs out. */
static bool flights_by_route(FILE *out, const cs_ops_result *r)
{
    fputs("\nFlights by day and route (loaded flights; day of departure)\n", out);
    route_key *k = cs_mem_calloc(r->nflights ? r->nflights : 1, sizeof *k);
    if (!k)
        return false;
    uint32_t n = 0;
    for (uint32_t i = 0; i < r->nflights; i++)
        if (r->flights[i].unit >= 0)
            k[n++] = (route_key){day_of(r, r->flights[i].dep), r->flights[i].from,
                                 r->flights[i].to, i};
    qsort(k, n, sizeof *k, cmp_route);
    for (uint32_t a = 0, b; a < n; a = b) {
        uint32_t count = 0;
        double pers = 0, veh = 0;
        for (b = a; b < n && k[b].day == k[a].day && k[b].from == k[a].from &&
                    k[b].to == k[a].to; b++) {
            count++;
            pers += r->flights[k[b].i].personnel;
            veh += r->flights[k[b].i].vehicles;
        }
        char d[16];
        day_name(k[a].day, d, sizeof d);
        fprintf(out, "  %s  %-20s -> %-20s %4u flights %6.0f personnel %4.0f vehicles\n", d,
                r->airfields[k[a].from].af->id, r->airfields[k[a].to].af->id, count, pers, veh);
    }
    cs_mem_free(k);
    return true;
}

/* The operation's report; false when memory runs out. */
static bool opsreport_text(FILE *out, const cs_ops_result *r)
{
    const cs_operation_rec *rec = &r->s->outcome.op;
    char a[32], b[64];
    fputs("\nOperation (simulated; the record in brackets)\n", out);
#define ROW(label, h, fig)                                                              \
    cs_opsreport_time(r, h, a, sizeof a);                                               \
    fprintf(out, "  %-26s %-18s [%s]\n", label, a, recorded(fig, b, sizeof b))
    cs_figure none = {0};
    ROW("decision", r->t0, &none);
    ROW("first boots on the ground", r->first_arrival, &rec->first_arrival);
    ROW("deployment complete", r->deployed, &rec->complete);
    ROW("handover and withdrawal", r->withdrawal, &rec->withdrawal_start);
    ROW("last contingent home", r->end, &rec->withdrawal_end);
#undef ROW
    fprintf(out, "  %-26s %-18.0f [%s]\n", "personnel when deployed", r->personnel_deployed,
            recorded(&rec->personnel, b, sizeof b));
    fprintf(out, "  %-26s %-18.0f [%s]\n", "vehicles when deployed", r->vehicles_deployed,
            recorded(&rec->equipment, b, sizeof b));
    fprintf(out, "  %-26s %-18u [%s]\n", "flights in", r->flights_in,
            recorded(&rec->flights_in, b, sizeof b));
    fprintf(out, "  %-26s %-18u [%s]\n", "flights out", r->flights_out,
            recorded(&rec->flights_out, b, sizeof b));
    fprintf(out, "  %-26s %u (aircraft: %u)\n", "positioning flights", r->ferry_flights,
            r->naircraft);
    double freed = 0;
    uint32_t covered = 0;
    for (uint32_t i = 0; i < r->nsites; i++)
        if (r->sites[i].covered >= 0) {
            covered++;
            freed += r->sites[i].frees_host;
        }
    fprintf(out, "  %-26s %u of %u, freeing %.0f host personnel [%s]\n", "sites covered",
            covered, r->nsites, freed, recorded(&rec->freed_host, b, sizeof b));
    if (r->truncated)
        fputs("  (some records were dropped: a buffer was full)\n", out);

    fputs("\nContingents\n  state  personnel vehicles  authorized        first in          "
          "all in            left              home\n", out);
    for (uint32_t c = 0; c < r->ncontingents; c++) {
        const cs_ops_contingent *k = &r->contingents[c];
        char t1[32], t2[32], t3[32], t4[32], t5[32];
        cs_opsreport_time(r, k->auth_t, t1, sizeof t1);
        cs_opsreport_time(r, k->first_arrival, t2, sizeof t2);
        cs_opsreport_time(r, k->complete, t3, sizeof t3);
        cs_opsreport_time(r, k->left, t4, sizeof t4);
        cs_opsreport_time(r, k->home, t5, sizeof t5);
        fprintf(out, "  %-6s %9.0f %8.0f  %-17s %-17s %-17s %-17s %s%s%s\n", k->state->id,
                k->personnel, k->vehicles, k->refused ? "REFUSED" : t1, t2, t3, t4, t5,
                k->home_by_road ? " by road" : "", k->lifter != k->state ? "" : "");
    }
    fputs("\nTimeline\n", out);
    for (uint32_t i = 0; i < r->ntimeline; i++) {
        const cs_oev *e = &r->timeline[i];
        if (e->kind == CS_OEV_UNIT_READY || e->kind == CS_OEV_SITE_NEEDED)
            continue;
        char t[32], text[200];
        cs_opsreport_time(r, e->t, t, sizeof t);
        describe(r, e, text, sizeof text);
        fprintf(out, "  %s  %s\n", t, text);
    }
    return daily_series(out, r) && flights_by_route(out, r);
}

/* Written through a stream that escapes control characters (see show.h). */
bool cs_opsreport_text(FILE *out, const cs_ops_result *r)
{
    cs_show_buf b;
    if (!cs_show_begin(&b, out))
        return false;
    bool ok = opsreport_text(b.f, r);
    return cs_show_end(&b) && ok;
}

/* ---- JSON ------------------------------------------------------------------------- */

size_t cs_opsreport_json_rows(const cs_ops_result *r)
{
    return (size_t)r->ncontingents + r->ntimeline + r->nsamples + r->nflights + r->nsites;
}

cs_status cs_opsreport_json_fits(const cs_ops_result *r, cs_diags *d)
{
    size_t n = cs_opsreport_json_rows(r);
    if (n <= CS_OPSREPORT_JSON_MAX_ROWS)
        return CS_OK;
    return cs_diag_at(d, CS_ERR_OUTPUT, NULL, "the operation is too large for the JSON "
                      "report: %zu entries (%u flights), and it holds at most %d; write it "
                      "as CSV files with --csv DIR instead", n, r->nflights,
                      CS_OPSREPORT_JSON_MAX_ROWS);
}

static json_t *jt(cs_jb *b, const cs_ops_result *r, double h)
{
    if (h < 0)
        return json_null();
    char buf[32];
    cs_opsreport_time(r, h, buf, sizeof buf);
    return jb(b, json_string(buf));
}

/* The figures and the contingents. */
static void jsummary(cs_jb *b, json_t *o, const cs_ops_result *r)
{
    jb_set(b, o, "decision", jt(b, r, r->t0));
    jb_set(b, o, "first_arrival", jt(b, r, r->first_arrival));
    jb_set(b, o, "deployed", jt(b, r, r->deployed));
    jb_set(b, o, "withdrawal_start", jt(b, r, r->withdrawal));
    jb_set(b, o, "end", jt(b, r, r->end));
    jb_set(b, o, "hours", jb(b, json_pack("{s:f, s:f, s:f, s:f, s:f}", "decision", r->t0,
                                          "first_arrival", r->first_arrival, "deployed",
                                          r->deployed, "withdrawal_start", r->withdrawal,
                                          "end", r->end)));
    jb_set(b, o, "personnel_deployed", jb(b, json_real(r->personnel_deployed)));
    jb_set(b, o, "vehicles_deployed", jb(b, json_real(r->vehicles_deployed)));
    jb_set(b, o, "peak_personnel", jb(b, json_real(r->peak_personnel)));
    jb_set(b, o, "flights_in", jb(b, json_integer(r->flights_in)));
    jb_set(b, o, "flights_out", jb(b, json_integer(r->flights_out)));
    jb_set(b, o, "positioning_flights", jb(b, json_integer(r->ferry_flights)));
    jb_set(b, o, "aircraft", jb(b, json_integer(r->naircraft)));
    jb_set(b, o, "events", jb(b, json_integer((json_int_t)r->events)));
    jb_set(b, o, "truncated", json_boolean(r->truncated));
    json_t *cs = jb(b, json_array());
    for (uint32_t c = 0; cs && !b->failed && c < r->ncontingents; c++) {
        const cs_ops_contingent *k = &r->contingents[c];
        json_t *j = jb(b, json_pack("{s:s, s:s, s:f, s:f, s:b, s:b, s:b}", "state",
                                    k->state->id, "lifted_by", k->lifter->id, "personnel",
                                    k->personnel, "vehicles", k->vehicles, "authorized",
                                    k->authorized, "refused", k->refused, "home_by_road",
                                    k->home_by_road));
        jb_set(b, j, "authorized_at", jt(b, r, k->auth_t));
        jb_set(b, j, "first_arrival", jt(b, r, k->first_arrival));
        jb_set(b, j, "all_in", jt(b, r, k->complete));
        jb_set(b, j, "left", jt(b, r, k->left));
        jb_set(b, j, "home", jt(b, r, k->home));
        jb_add(b, cs, j);
    }
    jb_set(b, o, "contingents", cs);
}

/* The timeline and the personnel in theater over time. */
static void jseries(cs_jb *b, json_t *o, const cs_ops_result *r)
{
    json_t *tl = jb(b, json_array());
    for (uint32_t i = 0; tl && !b->failed && i < r->ntimeline; i++) {
        const cs_oev *e = &r->timeline[i];
        char text[200];
        describe(r, e, text, sizeof text);
        json_t *j = jb(b, json_pack("{s:o, s:f, s:s, s:s}", "time", jt(b, r, e->t), "hours",
                                    e->t, "event", cs_oev_names[e->kind], "text", text));
        if (e->c >= 0)
            jb_set(b, j, "state", jb(b, json_string(cid(r, e->c))));
        if (e->u >= 0)
            jb_set(b, j, "unit", jb(b, json_string(r->units[e->u].unit->id)));
        if (e->s >= 0)
            jb_set(b, j, "site", jb(b, json_string(r->sites[e->s].site->id)));
        jb_add(b, tl, j);
    }
    jb_set(b, o, "timeline", tl);
    json_t *series = jb(b, json_array());
    for (uint32_t i = 0; series && !b->failed && i < r->nsamples; i++) {
        const cs_sample *s = &r->samples[i];
        jb_add(b, series, jb(b, json_pack("{s:o, s:f, s:s, s:f, s:f}", "time",
                                          jt(b, r, s->t), "hours", s->t, "state",
                                          cid(r, (int32_t)s->c), "personnel", s->personnel,
                                          "vehicles", s->vehicles)));
    }
    jb_set(b, o, "in_theater", series);
}

/* Every flight, and the sites. */
static void jflights_sites(cs_jb *b, json_t *o, const cs_ops_result *r)
{
    json_t *fl = jb(b, json_array());
    for (uint32_t i = 0; fl && !b->failed && i < r->nflights; i++) {
        const cs_flight *f = &r->flights[i];
        json_t *j = jb(b, json_pack("{s:o, s:o, s:s, s:s, s:s, s:i, s:f, s:f, s:f}", "departs",
                                    jt(b, r, f->dep), "arrives", jt(b, r, f->arr), "from",
                                    r->airfields[f->from].af->id, "to",
                                    r->airfields[f->to].af->id, "direction",
                                    f->unit < 0 ? "positioning" : f->inbound ? "in" : "out",
                                    "aircraft", (int)f->aircraft, "personnel", f->personnel,
                                    "vehicles", f->vehicles, "tonnes", f->tonnes));
        if (f->unit >= 0)
            jb_set(b, j, "unit", jb(b, json_string(r->units[f->unit].unit->id)));
        jb_add(b, fl, j);
    }
    jb_set(b, o, "flights", fl);
    json_t *st = jb(b, json_array());
    for (uint32_t i = 0; st && !b->failed && i < r->nsites; i++) {
        const cs_ops_site *s = &r->sites[i];
        json_t *j = jb(b, json_pack("{s:s, s:f, s:o, s:o, s:o}", "site", s->site->id,
                                    "guards", s->need, "needed_from", jt(b, r, s->from),
                                    "covered", jt(b, r, s->covered), "handed_over",
                                    jt(b, r, s->handed)));
        jb_set(b, j, "by", s->by >= 0
                               ? jb(b, json_string(cid(r, (int32_t)r->units[s->by].c)))
                               : json_null());
        jb_add(b, st, j);
    }
    jb_set(b, o, "sites", st);
}

json_t *cs_opsreport_json(const cs_ops_result *r)
{
    if (cs_opsreport_json_rows(r) > CS_OPSREPORT_JSON_MAX_ROWS)
        return NULL;
    cs_jb bld = {false}, *b = &bld;
    json_t *o = jb(b, json_object());
    if (!o)
        return NULL;
    jsummary(b, o, r);
    jseries(b, o, r);
    jflights_sites(b, o, r);
    return jb_done(b, o);
}

/* ---- CSV -------------------------------------------------------------------------- */

/* A field that may hold commas or quotes. */
static void csv_text(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static bool write_csv(const cs_ops_result *r, const char *dir, const char *name, int which)
{
    char path[4096], t[32], t2[32];
    int pn = snprintf(path, sizeof path, "%s/%s", dir, name);
    if (pn < 0 || (size_t)pn >= sizeof path)
        return false;
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    switch (which) {
    case 0:
        fputs("time,hours,event,state,unit,site,text\n", f);
        for (uint32_t i = 0; i < r->ntimeline; i++) {
            const cs_oev *e = &r->timeline[i];
            char text[200];
            describe(r, e, text, sizeof text);
            cs_opsreport_time(r, e->t, t, sizeof t);
            fprintf(f, "%s,%.4f,%s,%s,%s,%s,", t, e->t, cs_oev_names[e->kind], cid(r, e->c),
                    e->u >= 0 ? r->units[e->u].unit->id : "",
                    e->s >= 0 ? r->sites[e->s].site->id : "");
            csv_text(f, text);
            fputc('\n', f);
        }
        break;
    case 1:
        fputs("time,hours,state,personnel,vehicles\n", f);
        for (uint32_t i = 0; i < r->nsamples; i++) {
            const cs_sample *s = &r->samples[i];
            cs_opsreport_time(r, s->t, t, sizeof t);
            fprintf(f, "%s,%.4f,%s,%.0f,%.0f\n", t, s->t, cid(r, (int32_t)s->c),
                    s->personnel, s->vehicles);
        }
        break;
    case 2:
        fputs("departs,arrives,from,to,direction,aircraft,unit,personnel,vehicles,tonnes\n", f);
        for (uint32_t i = 0; i < r->nflights; i++) {
            const cs_flight *fl = &r->flights[i];
            cs_opsreport_time(r, fl->dep, t, sizeof t);
            cs_opsreport_time(r, fl->arr, t2, sizeof t2);
            fprintf(f, "%s,%s,%s,%s,%s,%u,%s,%.0f,%.0f,%.2f\n", t, t2,
                    r->airfields[fl->from].af->id, r->airfields[fl->to].af->id,
                    fl->unit < 0 ? "positioning" : fl->inbound ? "in" : "out", fl->aircraft,
                    fl->unit >= 0 ? r->units[fl->unit].unit->id : "", fl->personnel,
                    fl->vehicles, fl->tonnes);
        }
        break;
    case 3:
        fputs("site,guards,needed_from,covered,by,handed_over\n", f);
        for (uint32_t i = 0; i < r->nsites; i++) {
            const cs_ops_site *s = &r->sites[i];
            char t3[32];
            cs_opsreport_time(r, s->from, t, sizeof t);
            cs_opsreport_time(r, s->covered, t2, sizeof t2);
            cs_opsreport_time(r, s->handed, t3, sizeof t3);
            fprintf(f, "%s,%.0f,%s,%s,%s,%s\n", s->site->id, s->need, t, t2,
                    s->by >= 0 ? cid(r, (int32_t)r->units[s->by].c) : "", t3);
        }
        break;
    }
    bool ok = !ferror(f);
    return fclose(f) == 0 && ok;
}

/* The four files of a CSV folder, in the order write_csv numbers them. */
static const char *const csv_names[] = {"timeline.csv", "in_theater.csv", "flights.csv",
                                        "sites.csv"};
enum { NCSV = sizeof csv_names / sizeof *csv_names };

/* Remove a folder that holds nothing but (some of) the four CSV files: unlink those, then
 * rmdir, which fails and keeps the folder if anything else has appeared in it since. */
static void remove_csv_folder(const char *dir)
{
    char path[4096];
    for (size_t i = 0; i < NCSV; i++) {
        int n = snprintf(path, sizeof path, "%s/%s", dir, csv_names[i]);
        if (n > 0 && (size_t)n < sizeof path)
            unlink(path);
    }
    rmdir(dir);
}

static bool is_csv_name(const char *name)
{
    for (size_t i = 0; i < NCSV; i++)
        if (strcmp(name, csv_names[i]) == 0)
            return true;
    return false;
}

/* May `dir` (no trailing slash) be replaced? It may if it does not exist (*exists = false),
 * or is a real folder (not a link) holding nothing but the four CSV files, some of them or
 * none. Anything else is refused with a diagnostic naming the reason, before any file is
 * touched. */
static cs_status check_replaceable(const char *dir, bool *exists, cs_diags *d)
{
    struct stat st;
    *exists = false;
    if (lstat(dir, &st) != 0) {
        if (errno == ENOENT)
            return CS_OK;
        return cs_diag_file(d, CS_ERR_OUTPUT, dir, "cannot examine: %s", strerror(errno));
    }
    *exists = true;
    if (S_ISLNK(st.st_mode))
        return cs_diag_file(d, CS_ERR_OUTPUT, dir, "is a symbolic link: not replaced; "
                            "give a new folder or an earlier CSV output folder");
    if (!S_ISDIR(st.st_mode))
        return cs_diag_file(d, CS_ERR_OUTPUT, dir, "exists and is not a folder: not replaced; "
                            "give a new folder or an earlier CSV output folder");
    DIR *dp = opendir(dir);
    if (!dp && errno == ENOMEM)
        return cs_diag_file(d, CS_ERR_NOMEM, dir, "out of memory");
    if (!dp)
        return cs_diag_file(d, CS_ERR_OUTPUT, dir, "cannot read the folder: %s",
                            strerror(errno));
    cs_status res = CS_OK;
    for (struct dirent *e; (e = readdir(dp)) != NULL;) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
            is_csv_name(e->d_name))
            continue;
        res = cs_diag_file(d, CS_ERR_OUTPUT, dir, "holds '%s', which is not casus's CSV "
                           "output: not replaced; give a new folder or remove it", e->d_name);
        break;
    }
    closedir(dp);
    return res;
}

/* Make a new folder "<dir>.<what>-<pid>[-<k>]" beside dir and put its path in buf. */
static bool make_beside(const char *dir, const char *what, char *buf, size_t n)
{
    for (int k = 0; k < 100; k++) {
        int w = k ? snprintf(buf, n, "%s.%s-%ld-%d", dir, what, (long)getpid(), k)
                  : snprintf(buf, n, "%s.%s-%ld", dir, what, (long)getpid());
        if (w < 0 || (size_t)w >= n) {
            errno = ENAMETOOLONG;
            return false;
        }
        if (mkdir(buf, 0777) == 0)
            return true;
        if (errno != EEXIST)
            return false;
    }
    return false;
}

/* A free name "<dir>.old-<pid>[-<k>]" beside dir, for the folder being replaced. */
static bool name_beside(const char *dir, char *buf, size_t n)
{
    struct stat st;
    for (int k = 0; k < 100; k++) {
        int w = k ? snprintf(buf, n, "%s.old-%ld-%d", dir, (long)getpid(), k)
                  : snprintf(buf, n, "%s.old-%ld", dir, (long)getpid());
        if (w < 0 || (size_t)w >= n) {
            errno = ENAMETOOLONG;
            return false;
        }
        if (lstat(buf, &st) != 0 && errno == ENOENT)
            return true;
    }
    errno = EEXIST;
    return false;
}

/* The files are written into a new folder beside dir; only when all four are complete is
 * an earlier output folder renamed aside, the new one renamed into its place, and the old
 * one removed. A failure at any step leaves dir as it was (and no temporary folder). */
cs_status cs_opsreport_csv(const cs_ops_result *r, const char *dir, cs_diags *d)
{
    char base[4096], tmp[4200], old[4200];
    size_t bl = strlen(dir);
    while (bl > 1 && dir[bl - 1] == '/')   /* "out/" is the folder "out", not inside it */
        bl--;
    if (bl == 0 || bl >= sizeof base)
        return cs_diag_file(d, CS_ERR_OUTPUT, dir, "not a usable folder name");
    memcpy(base, dir, bl);
    base[bl] = 0;
    if (strcmp(base, "/") == 0 || strcmp(base, ".") == 0 || strcmp(base, "..") == 0 ||
        (bl >= 2 && strcmp(base + bl - 2, "/.") == 0) ||
        (bl >= 3 && strcmp(base + bl - 3, "/..") == 0))
        return cs_diag_file(d, CS_ERR_OUTPUT, dir, "give a folder by its name, to be "
                            "created or replaced: not replaced");
    bool exists;
    cs_status st = check_replaceable(base, &exists, d);
    if (st != CS_OK)
        return st;
    if (!make_beside(base, "tmp", tmp, sizeof tmp))
        return cs_diag_file(d, CS_ERR_OUTPUT, dir, "cannot create a folder next to it: %s",
                            strerror(errno));
    for (int i = 0; i < (int)NCSV; i++)
        if (!write_csv(r, tmp, csv_names[i], i)) {
            int e = errno;
            remove_csv_folder(tmp);
            if (e == ENOMEM)   /* fopen allocates: memory, not the file, ran out */
                return cs_diag_file(d, CS_ERR_NOMEM, dir, "out of memory writing %s",
                                    csv_names[i]);
            return cs_diag_file(d, CS_ERR_OUTPUT, dir, "cannot write %s: %s", csv_names[i],
                                strerror(e));
        }
    if (exists) {
        if (!name_beside(base, old, sizeof old) || rename(base, old) != 0) {
            int e = errno;
            remove_csv_folder(tmp);
            return cs_diag_file(d, CS_ERR_OUTPUT, dir, "cannot move the earlier output "
                                "aside: %s; not replaced", strerror(e));
        }
    }
    if (rename(tmp, base) != 0) {
        int e = errno;
        if (exists && rename(old, base) != 0) {
            remove_csv_folder(tmp);
            return cs_diag_file(d, CS_ERR_OUTPUT, dir, "cannot replace: %s; the earlier "
                                "output is in %s", strerror(e), old);
        }
        remove_csv_folder(tmp);
        return cs_diag_file(d, CS_ERR_OUTPUT, dir, "cannot create: %s", strerror(e));
    }
    if (exists)
        remove_csv_folder(old);
    return CS_OK;
}
