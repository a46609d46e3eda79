/* opsreport.h - reports of the operational simulation: text, JSON and CSV files.
 *
 * All read a finished run's result. Times print in the scenario's local time. The JSON
 * function returns a new jansson object the caller owns. cs_opsreport_csv writes its files
 * into a fresh folder next to `dir` and renames it into place, so a failed write leaves
 * nothing half-written; it reports failures in the diagnostics (CS_ERR_OUTPUT).
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
