/* num.h - strict decimal numbers as written in input files.
 *
 * Accepted: an optional '-', digits, and for reals an optional '.' and digits. Anything
 * else (trailing junk, "1,5", hex, exponents, "nan", a leading '+') is an error, reported
 * with the offset of the first offending character.
 */
#ifndef CS_NUM_H
#define CS_NUM_H

#include <stdbool.h>
#include <stddef.h>

bool cs_num_int(const char *s, long long *out, const char **err, size_t *errpos);
bool cs_num_real(const char *s, double *out, const char **err, size_t *errpos);
/* "N/D" with 0 <= N <= D, D > 0, or a real in [0, 1]. */
bool cs_num_fraction(const char *s, double *out, const char **err, size_t *errpos);

#endif
