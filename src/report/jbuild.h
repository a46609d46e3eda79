/* jbuild.h - building a jansson document that is either whole or not made at all.
 *
 * Each jansson constructor returns NULL when memory runs out, and json_object_set_new and
 * json_array_append_new then fail (freeing the value they were given). Rather than test
 * every call, a builder remembers the first failure: the calls below go on harmlessly
 * after it (jansson takes NULL containers and values), and jb_done frees the document and
 * returns NULL. So a report is never a valid-looking but incomplete document.
 *
 * Private to src/report.
 */
#ifndef CS_JBUILD_H
#define CS_JBUILD_H

#include <jansson.h>
#include <stdbool.h>

typedef struct cs_jb {
    bool failed;   /* some value could not be made or stored */
} cs_jb;

/* v itself; a NULL v (a constructor that failed) is remembered. */
static inline json_t *jb(cs_jb *b, json_t *v)
{
    if (!v)
        b->failed = true;
    return v;
}

/* o[key] = v, taking v; a failure (NULL o or v, no memory) is remembered. */
static inline void jb_set(cs_jb *b, json_t *o, const char *key, json_t *v)
{
    if (json_object_set_new(o, key, v) != 0)
        b->failed = true;
}

/* Append v to array a, taking v; a failure is remembered. */
static inline void jb_add(cs_jb *b, json_t *a, json_t *v)
{
    if (json_array_append_new(a, v) != 0)
        b->failed = true;
}

/* The finished document: o when everything was made, else NULL after freeing o. */
static inline json_t *jb_done(cs_jb *b, json_t *o)
{
    if (b->failed || !o) {
        json_decref(o);
        return NULL;
    }
    return o;
}

#endif
