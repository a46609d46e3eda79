/* failmalloc - for tests: a preloaded allocator that makes the Nth allocation of the whole
 * process fail (casus's own code, libyaml, jansson and libc alike), to check that every
 * allocation failure ends in the right result or a clean out-of-memory error.
 *
 *   CASUS_FAIL_AT=N       the Nth call of malloc, calloc or realloc (from 1) returns NULL
 *   CASUS_ALLOC_REPORT=F  at exit, append "ALLOCS LIVE" to file F: the calls counted and
 *                         the blocks not freed
 *
 * Counting starts when this library is initialised, before main. It forwards to glibc's
 * own allocator (__libc_malloc and friends), which glibc exports for this purpose.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);

static long fail_at, calls, live;
static int armed;

static void report(void)
{
    const char *f = getenv("CASUS_ALLOC_REPORT");
    armed = 0;
    if (!f)
        return;
    FILE *out = fopen(f, "a");
    if (out) {
        fprintf(out, "%ld %ld\n", calls, live);
        fclose(out);
    }
}

__attribute__((constructor)) static void init(void)
{
    const char *n = getenv("CASUS_FAIL_AT");
    fail_at = n ? strtol(n, NULL, 10) : 0;
    armed = 1;
    atexit(report);
}

/* Whether this call fails; a failing call sets errno as glibc's allocator does, so that
 * the C library's own functions (opendir, realpath) report ENOMEM. */
static int fails(void)
{
    if (!armed)
        return 0;
    if (++calls != fail_at)
        return 0;
    errno = ENOMEM;
    return 1;
}

void *malloc(size_t n)
{
    if (fails())
        return NULL;
    void *p = __libc_malloc(n);
    live += p != NULL;
    return p;
}

void *calloc(size_t c, size_t n)
{
    if (fails())
        return NULL;
    void *p = __libc_calloc(c, n);
    live += p != NULL;
    return p;
}

void *realloc(void *q, size_t n)
{
    if (fails())
        return NULL;
    void *p = __libc_realloc(q, n);
    if (!q)
        live += p != NULL;
    else if (n == 0 && !p)
        live--;
    return p;
}

void free(void *p)
{
    live -= p != NULL;
    __libc_free(p);
}
