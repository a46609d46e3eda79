#include "ops/rng.h"

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void cs_rng_seed(cs_rng *r, uint64_t seed, uint64_t index)
{
    /* The seed, then the index, each through splitmix64 in turn: (seed, index) and
     * (index, seed) give different streams, and neighbouring indices unrelated ones. */
    uint64_t x = seed;
    uint64_t y = splitmix64(&x) + index * 0xD1B54A32D192ED03ull;
    uint64_t z = splitmix64(&y);
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&z);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t cs_rng_next(cs_rng *r)
{
    uint64_t *s = r->s;
    const uint64_t result = rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double cs_rng_uniform(cs_rng *r) { return (double)(cs_rng_next(r) >> 11) * 0x1.0p-53; }
