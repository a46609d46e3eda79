/* show.h - the "what was loaded" report: a scenario with the alliance as of its date.
 *
 * Writes text to `out`; reads the model only. Returns false if writing failed. */
#ifndef CS_SHOW_H
#define CS_SHOW_H

#include "model/model.h"

#include <stdio.h>

bool cs_show_scenario(FILE *out, const cs_model *m, const cs_scenario *s);
/* "seed-001, kz22-4" into buf. */
void cs_show_cite(const cs_cite *c, char *buf, size_t n);
/* Format a scenario time in its own zone: "2022-01-05 21:00 (+06:00)" or a date. */
void cs_show_time(const cs_scenario *s, cs_time t, bool approx, char *buf, size_t n);

#endif
