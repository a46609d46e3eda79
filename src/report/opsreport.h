/* opsreport.h - reports of the operational simulation: text, JSON and CSV files.
 *
 * All read a finished run's result. Times print in the scenario's local time. The text
 * function returns false when writing failed or memory ran out; the JSON function returns
 * a new jansson object the caller owns, or NULL.
 *
 * cs_opsreport_csv writes timeline.csv, in_theater.csv, flights.csv and sites.csv into the
 * folder `dir`, which must not exist yet or be a folder holding nothing but those files (an
 * earlier output, whole or in part, or an empty folder). Anything else there (a file, a
 * link, a folder with other files) is refused before anything is touched. The files are
 * written into a new folder beside `dir`; only when all four are complete is the earlier
 * folder renamed aside, the new one renamed into place and the old one removed. So a
 * failure leaves `dir` as it was and nothing half-written. Failures are reported in the
 * diagnostics as CS_ERR_OUTPUT (exit status 9), or CS_ERR_NOMEM when memory ran out.
 */
#ifndef CS_OPSREPORT_H
#define CS_OPSREPORT_H

#include "ops/ops.h"

#include <jansson.h>
#include <stdio.h>

bool cs_opsreport_text(FILE *out, const cs_ops_result *r);

/* The JSON report holds at most this many entries in the operation's lists (contingents,
 * timeline, in_theater, flights and sites together). jansson keeps the whole document in
 * memory, about 2 KB an entry, before a byte is written: an operation of a million flights
 * took 4.3 GB and 27 s for 734 MB of JSON. 250,000 entries are about 500 MB and a few
 * seconds; the synthetic operation of bench/ (10,000 units, 62,336 flights) has 115,000.
 * Larger operations are refused (cs_opsreport_json_fits) and can be written as CSV files,
 * which are written row by row. */
enum { CS_OPSREPORT_JSON_MAX_ROWS = 250000 };
/* The entries the JSON report of r would hold. */
size_t cs_opsreport_json_rows(const cs_ops_result *r);
/* CS_OK when r's JSON report is within CS_OPSREPORT_JSON_MAX_ROWS; else CS_ERR_OUTPUT, with
 * a diagnostic that gives the count and the limit and suggests --csv. */
cs_status cs_opsreport_json_fits(const cs_ops_result *r, cs_diags *d);
/* NULL when memory runs out, or when r is over the limit (nothing is built then). */
json_t *cs_opsreport_json(const cs_ops_result *r);
cs_status cs_opsreport_csv(const cs_ops_result *r, const char *dir, cs_diags *d);
/* Hours from the scenario's start as local time "2022-01-06 08:30". */
void cs_opsreport_time(const cs_ops_result *r, double h, char *buf, size_t n);

#endif
