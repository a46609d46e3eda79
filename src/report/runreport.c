/* runreport.c - the decision's report followed by the operation's, in each format. */
#include "report/runreport.h"
#include "report/decision.h"
#include "report/opsreport.h"

static cs_run_view view_of(const cs_run *r)
{
    uint32_t n;
    const cs_flip *f = cs_run_flips(r, &n);
    return (cs_run_view){cs_run_law_options(r), cs_run_law(r), cs_run_politics(r), f, n};
}

bool cs_runreport_text(FILE *out, const cs_run *r)
{
    cs_run_view v = view_of(r);
    const cs_ops_result *ops = cs_run_ops(r);
    return cs_decision_text(out, &v) && (!ops || cs_opsreport_text(out, ops));
}

bool cs_runreport_explain(FILE *out, const cs_run *r)
{
    cs_run_view v = view_of(r);
    return cs_decision_explain(out, &v);
}

cs_status cs_runreport_json_fits(const cs_run *r, cs_diags *d)
{
    const cs_ops_result *ops = cs_run_ops(r);
    return ops ? cs_opsreport_json_fits(ops, d) : CS_OK;
}

json_t *cs_runreport_json(const cs_run *r)
{
    cs_run_view v = view_of(r);
    json_t *j = cs_decision_json(&v);
    const cs_ops_result *ops = cs_run_ops(r);
    if (j && ops && json_object_set_new(j, "operation", cs_opsreport_json(ops)) != 0) {
        json_decref(j);
        return NULL;
    }
    return j;
}

/* Where the document is written, and whether a write failed. */
typedef struct dump_sink {
    FILE *out;
    bool failed;
} dump_sink;

/* Once a write has failed, every later one fails too: jansson does not check the result of
 * writing an object's key, so a key lost to a full memory stream would otherwise leave a
 * document that looks whole and is not. */
static int dump_write(const char *buf, size_t n, void *data)
{
    dump_sink *s = data;
    if (s->failed || fwrite(buf, 1, n, s->out) != n) {
        s->failed = true;
        return -1;
    }
    return 0;
}

bool cs_runreport_dump(FILE *out, const json_t *j)
{
    dump_sink s = {out, false};
    int st = json_dump_callback(j, dump_write, &s, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
    return st == 0 && !s.failed && fputc('\n', out) != EOF;
}
