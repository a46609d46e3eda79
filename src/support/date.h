/* date.h - calendar dates and times, exact and partial.
 *
 * A cs_time counts minutes from 1970-01-01 00:00 in the local time of whatever it belongs
 * to (a scenario's clock, a treaty's date). Partial dates (a year, a month) start at the
 * first minute of their period and remember their precision for printing.
 */
#ifndef CS_DATE_H
#define CS_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum cs_prec {
    CS_PREC_YEAR = 1,
    CS_PREC_MONTH = 2,
    CS_PREC_DAY = 4,
    CS_PREC_MINUTE = 8,
} cs_prec;

typedef struct cs_time {
    int64_t min;     /* minutes since 1970-01-01T00:00 */
    cs_prec prec;
} cs_time;

/* Parse "YYYY", "YYYY-MM", "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM". Only forms whose precision
 * is in `allowed` (a mask of cs_prec) are accepted. On error returns false, sets *err to a
 * message and *errpos to the offset of the offending character. Years 1000..9999. */
bool cs_date_parse(const char *s, unsigned allowed, cs_time *out, const char **err,
                   size_t *errpos);

int64_t cs_date_days_from_civil(int y, unsigned m, unsigned d);
void cs_date_civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d);
bool cs_date_valid(int y, unsigned m, unsigned d);

/* Format at the time's own precision ("2022-01-05", "1999", "2022-01-05 21:00"). */
void cs_date_format(cs_time t, char *buf, size_t n);
/* Format at a given precision regardless of the time's own. */
void cs_date_format_as(cs_time t, cs_prec prec, char *buf, size_t n);

/* The first minute after the period a time stands for (a day, a month, a year...). */
int64_t cs_date_end(cs_time t);
/* True if the whole period of a ends before b begins. */
bool cs_date_before(cs_time a, cs_time b);

/* Parse a UTC offset "+06:00" / "-03:30" into minutes. */
bool cs_date_parse_offset(const char *s, int *minutes);

#endif
