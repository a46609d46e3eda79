/* rng.h - the simulation's random stream: xoshiro256** seeded through splitmix64.
 *
 * A stream is a value (no allocation); a replication's stream is a pure function of
 * (seed, index), so runs are reproducible whatever the thread count.
 */
#ifndef CS_RNG_H
#define CS_RNG_H

#include <stdint.h>

typedef struct cs_rng {
    uint64_t s[4];
} cs_rng;

void cs_rng_seed(cs_rng *r, uint64_t seed, uint64_t index);
uint64_t cs_rng_next(cs_rng *r);
double cs_rng_uniform(cs_rng *r);        /* [0, 1) with 53 random bits */

#endif
