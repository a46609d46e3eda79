#include "support/date.h"

#include <stdio.h>

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's
 * algorithm, exact for all years). */
int64_t cs_date_days_from_civil(int y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void cs_date_civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t yy = (int64_t)yoe + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yy + (*m <= 2));
}

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool cs_date_valid(int y, unsigned m, unsigned d)
{
    static const unsigned mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1)
        return false;
    unsigned max = mdays[m - 1] + (m == 2 && leap(y));
    return d <= max;
}

/* Read exactly n digits at s+*i. */
static bool digits(const char *s, size_t *i, int n, int *out)
{
    int v = 0;
    for (int k = 0; k < n; k++) {
        char c = s[*i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
        (*i)++;
    }
    *out = v;
    return true;
}

#define FAIL(msg, pos) do { *err = (msg); *errpos = (pos); return false; } while (0)

bool cs_date_parse(const char *s, unsigned allowed, cs_time *out, const char **err,
                   size_t *errpos)
{
    size_t i = 0;
    int y, mo = 1, d = 1, hh = 0, mm = 0;
    cs_prec prec = CS_PREC_YEAR;
    if (!digits(s, &i, 4, &y))
        FAIL("expected a date as YYYY-MM-DD", i);
    if (y < 1000)
        FAIL("year out of range", 0);
    if (s[i] == '-') {
        i++;
        size_t at = i;
        if (!digits(s, &i, 2, &mo))
            FAIL("expected a two-digit month", i);
        if (mo < 1 || mo > 12)
            FAIL("impossible month", at);
        prec = CS_PREC_MONTH;
        if (s[i] == '-') {
            i++;
            at = i;
            if (!digits(s, &i, 2, &d))
                FAIL("expected a two-digit day", i);
            if (!cs_date_valid(y, (unsigned)mo, (unsigned)d))
                FAIL("impossible date: no such day in that month", at);
            prec = CS_PREC_DAY;
            if (s[i] == 'T' || s[i] == ' ') {
                i++;
                at = i;
                if (!digits(s, &i, 2, &hh))
                    FAIL("expected a time as HH:MM", i);
                if (s[i] != ':')
                    FAIL("expected ':' between hours and minutes", i);
                i++;
                size_t at2 = i;
                if (!digits(s, &i, 2, &mm))
                    FAIL("expected two-digit minutes", i);
                if (hh > 23)
                    FAIL("impossible time: hour past 23", at);
                if (mm > 59)
                    FAIL("impossible time: minute past 59", at2);
                prec = CS_PREC_MINUTE;
            }
        }
    }
    if (s[i] != '\0')
        FAIL("unexpected characters after the date", i);
    if (!(allowed & prec)) {
        if (prec == CS_PREC_MINUTE)
            FAIL("a date without a time is expected here", 10);
        FAIL(allowed & CS_PREC_MINUTE ? "expected a full date (YYYY-MM-DD) or date and time"
                                      : "expected a full date (YYYY-MM-DD)",
             i);
    }
    int64_t days = cs_date_days_from_civil(y, (unsigned)mo, (unsigned)d);
    out->min = days * 1440 + hh * 60 + mm;
    out->prec = prec;
    return true;
}

void cs_date_format_as(cs_time t, cs_prec prec, char *buf, size_t n)
{
    int64_t days = t.min >= 0 ? t.min / 1440 : -((-t.min + 1439) / 1440);
    int64_t mins = t.min - days * 1440;
    int y;
    unsigned m, d;
    cs_date_civil_from_days(days, &y, &m, &d);
    switch (prec) {
    case CS_PREC_YEAR: snprintf(buf, n, "%04d", y); break;
    case CS_PREC_MONTH: snprintf(buf, n, "%04d-%02u", y, m); break;
    case CS_PREC_DAY: snprintf(buf, n, "%04d-%02u-%02u", y, m, d); break;
    case CS_PREC_MINUTE:
        snprintf(buf, n, "%04d-%02u-%02u %02d:%02d", y, m, d, (int)(mins / 60),
                 (int)(mins % 60));
        break;
    }
}

void cs_date_format(cs_time t, char *buf, size_t n) { cs_date_format_as(t, t.prec, buf, n); }

bool cs_date_parse_offset(const char *s, int *minutes)
{
    if ((s[0] != '+' && s[0] != '-'))
        return false;
    size_t i = 1;
    int hh, mm;
    if (!digits(s, &i, 2, &hh) || s[i] != ':')
        return false;
    i++;
    if (!digits(s, &i, 2, &mm) || s[i] != '\0' || hh > 14 || mm > 59)
        return false;
    *minutes = (s[0] == '-' ? -1 : 1) * (hh * 60 + mm);
    return true;
}

int64_t cs_date_end(cs_time t)
{
    int64_t days = t.min >= 0 ? t.min / 1440 : -((-t.min + 1439) / 1440);
    int y;
    unsigned m, d;
    cs_date_civil_from_days(days, &y, &m, &d);
    switch (t.prec) {
    case CS_PREC_YEAR: return cs_date_days_from_civil(y + 1, 1, 1) * 1440;
    case CS_PREC_MONTH:
        return (m == 12 ? cs_date_days_from_civil(y + 1, 1, 1)
                        : cs_date_days_from_civil(y, m + 1, 1)) * 1440;
    case CS_PREC_DAY: return (days + 1) * 1440;
    case CS_PREC_MINUTE: return t.min + 1;
    }
    return t.min + 1;
}

bool cs_date_before(cs_time a, cs_time b) { return cs_date_end(a) <= b.min; }
