/* opsreport.h - reports of the operational simulation: text, JSON and CSV files.
 *
 * All read a finished run's result. Times print in the scenario's local time. The JSON
 * function returns a new jansson object the caller owns.
 *
 * cs_opsreport_csv writes timeline.csv, in_theater.csv, flights.csv and sites.csv into the
 * folder `dir`, which must not exist yet or be a folder holding nothing but those files (an
 * earlier output, whole or in part, or an empty folder). Anything else there (a file, a
 * link, a folder with other files) is refused before anything is touched. The files are
 * written into a new folder beside `dir`; only when all four are complete is the earlier
 * folder renamed aside, the new one renamed into place and the old one removed. So a
 * failure leaves `dir` as it was and nothing half-written. Failures are reported in the
 * diagnostics as CS_ERR_OUTPUT (exit status 9).
 */
#ifndef CS_OPSREPORT_H
#define CS_OPSREPORT_H

#include "ops/ops.h"

#include <jansson.h>
#include <stdio.h>

bool cs_opsreport_text(FILE *out, const cs_ops_result *r);
json_t *cs_opsreport_json(const cs_ops_result *r);
cs_status cs_opsreport_csv(const cs_ops_result *r, const char *dir, cs_diags *d);
/* Hours from the scenario's start as local time "2022-01-06 08:30". */
void cs_opsreport_time(const cs_ops_result *r, double h, char *buf, size_t n);

#endif
