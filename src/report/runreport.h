/* runreport.h - a whole run as the user reads it: the decision (law and politics) and, when
 * one was simulated, the operation; as text, as the full explanation, or as one JSON
 * document. The one place where the layers' reports are put together.
 *
 * The text functions write to `out` and return false if writing failed. cs_runreport_json
 * returns a new jansson object the caller owns (json_decref), or NULL when memory runs out.
 */
#ifndef CS_RUNREPORT_H
#define CS_RUNREPORT_H

#include "run/run.h"

#include <jansson.h>
#include <stdio.h>

bool cs_runreport_text(FILE *out, const cs_run *r);
bool cs_runreport_explain(FILE *out, const cs_run *r);
/* CS_OK when the run's JSON report is within its size limit (see opsreport.h); else
 * CS_ERR_OUTPUT with a diagnostic. Ask before cs_runreport_json, which returns NULL above
 * the limit as when memory runs out. */
cs_status cs_runreport_json_fits(const cs_run *r, cs_diags *d);
json_t *cs_runreport_json(const cs_run *r);
/* Print a JSON document as `casus run --json` does; false if writing failed. */
bool cs_runreport_dump(FILE *out, const json_t *j);

#endif
