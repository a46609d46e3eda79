#include "support/num.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Scan the strict grammar; returns the length of the valid prefix and whether it had a
 * fraction. A number must start with a digit or '-' followed by a digit. */
static size_t scan(const char *s, bool allow_frac, bool *frac)
{
    size_t i = 0;
    *frac = false;
    if (s[i] == '-')
        i++;
    size_t d0 = i;
    while (s[i] >= '0' && s[i] <= '9')
        i++;
    if (i == d0)
        return 0;
    if (s[d0] == '0' && i - d0 > 1)
        return d0 + 1;   /* a leading zero: "007" stops after its first digit */
    if (allow_frac && s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9') {
        i++;
        while (s[i] >= '0' && s[i] <= '9')
            i++;
        *frac = true;
    }
    return i;
}

static bool junk(const char *s, size_t i, const char **err, size_t *errpos)
{
    if (i > 0 && s[i - 1] == '0' && s[i] >= '0' && s[i] <= '9' &&
        (i == 1 || s[i - 2] < '0' || s[i - 2] > '9'))
        *err = "a number may not have leading zeros";
    else if (s[i] == 'x' && i == 1 && s[0] == '0')
        *err = "hexadecimal numbers are not accepted";
    else if (s[i] == ',' )
        *err = "unexpected ',' in a number (write 1.5, not 1,5; no thousands separators)";
    else if (s[i] == '.' )
        *err = "a number must have digits after its '.'";
    else if (s[i] == 'e' || s[i] == 'E')
        *err = "exponents are not accepted in numbers";
    else
        *err = "unexpected characters after the number";
    *errpos = i;
    return false;
}

static bool not_a_number(const char *s, const char **err, size_t *errpos)
{
    *err = s[0] == '+' ? "a number may not start with '+'" : "expected a number";
    *errpos = 0;
    return false;
}

bool cs_num_int(const char *s, long long *out, const char **err, size_t *errpos)
{
    bool frac;
    size_t n = scan(s, false, &frac);
    if (n == 0)
        return not_a_number(s, err, errpos);
    if (s[n] == '.' && s[n + 1] >= '0' && s[n + 1] <= '9') {
        *err = "expected a whole number";
        *errpos = n;
        return false;
    }
    if (s[n] != '\0')
        return junk(s, n, err, errpos);
    errno = 0;
    long long v = strtoll(s, NULL, 10);
    if (errno == ERANGE) {
        *err = "number out of range";
        *errpos = 0;
        return false;
    }
    *out = v;
    return true;
}

bool cs_num_real(const char *s, double *out, const char **err, size_t *errpos)
{
    bool frac;
    size_t n = scan(s, true, &frac);
    if (n == 0)
        return not_a_number(s, err, errpos);
    if (s[n] != '\0')
        return junk(s, n, err, errpos);
    errno = 0;
    double v = strtod(s, NULL);
    if (errno == ERANGE || !isfinite(v)) {
        *err = "number out of range";
        *errpos = 0;
        return false;
    }
    *out = v;
    return true;
}

bool cs_num_fraction(const char *s, double *out, const char **err, size_t *errpos)
{
    const char *slash = strchr(s, '/');
    if (!slash) {
        if (!cs_num_real(s, out, err, errpos))
            return false;
    } else {
        bool frac;
        size_t n = scan(s, false, &frac);
        if (n == 0 || s + n != slash || s[0] == '-') {
            *err = "expected a fraction such as 2/3";
            *errpos = 0;
            return false;
        }
        size_t m = scan(slash + 1, false, &frac);
        if (m == 0 || slash[1] == '-' || slash[1 + m] != '\0') {
            *err = "expected a fraction such as 2/3";
            *errpos = (size_t)(slash - s) + 1 + m;
            return false;
        }
        double num = strtod(s, NULL), den = strtod(slash + 1, NULL);
        if (den == 0) {
            *err = "a fraction's denominator may not be 0";
            *errpos = (size_t)(slash - s) + 1;
            return false;
        }
        *out = num / den;
    }
    if (*out < 0 || *out > 1) {
        *err = "a fraction must be between 0 and 1";
        *errpos = 0;
        return false;
    }
    return true;
}
