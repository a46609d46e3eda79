/* yread.h - typed reading of a libyaml document, with diagnostics at file:line:col.
 *
 * A cs_yread wraps one parsed document. The getters look a key up in a mapping, check its
 * type and convert it; on any problem they add an error to the diagnostics list and return
 * false, so that a loader can go on and report every error of a file in one run. Strings
 * returned live in the arena given at cs_yread_open; cs_yread_close frees only the nodes.
 */
#ifndef CS_YREAD_H
#define CS_YREAD_H

#include "model/model.h"
#include "support/arena.h"
#include "support/diag.h"

#include <yaml.h>

enum {
    CS_YAML_MAX_BYTES = 1024 * 1024,       /* largest input file */
    CS_YAML_MAX_DEPTH = 24,                /* deepest nesting of mappings and sequences */
    CS_YAML_MAX_NODES = 500000,            /* most nodes in one document */
    CS_YAML_MAX_STRING = 64 * 1024,        /* longest scalar */
};

/* A node of a parsed document. Nodes are numbered in document order, a parent before its
 * children; a container's children are the indices r->kids[kids .. kids + n). */
typedef uint32_t cs_yitem;

typedef struct cs_ynode {
    yaml_node_type_t type;       /* YAML_SCALAR_NODE, YAML_SEQUENCE_NODE, YAML_MAPPING_NODE */
    yaml_scalar_style_t style;   /* scalars */
    uint32_t line, col;          /* libyaml's 0-based start (cs_yread_loc maps it) */
    uint32_t end_line;
    uint32_t n;                  /* scalar: length; sequence: items; mapping: 2 x pairs */
    uint32_t kids;               /* first child in the reader's kids */
    const char *s;               /* scalar text in the arena, NUL-terminated */
} cs_ynode;

typedef struct cs_yread {
    cs_ynode *nodes;             /* the document, built from libyaml's events */
    size_t nnodes;
    cs_yitem *kids;
    size_t nkids;
    /* For files with NEL, LS or PS characters, which libyaml counts as line breaks and
     * editors do not: libyaml's line n starts at editor line linemap[2n], column
     * linemap[2n+1]. NULL for other files, where the two agree. */
    uint32_t *linemap;
    size_t nlinemap;
    const cs_srcfile *file;
    cs_arena *arena;
    cs_diags *diags;
} cs_yread;

enum { CS_OPT = 0, CS_REQ = 1 };

/* Parse the file's text into r. Reports YAML syntax errors, an empty file, more than one
 * document, nesting deeper than CS_YAML_MAX_DEPTH and anchors/aliases (not accepted).
 * Returns the root node, or NULL (errors reported; r is closed). */
cs_ynode *cs_yread_open(cs_yread *r, const cs_srcfile *file, cs_arena *arena, cs_diags *d);
void cs_yread_close(cs_yread *r);

cs_loc cs_yread_loc(const cs_yread *r, const cs_ynode *n);
const char *cs_ynode_kind(const cs_ynode *n);

/* The value of key in mapping n, or NULL. With CS_REQ, a missing key is reported. */
cs_ynode *cs_yread_get(cs_yread *r, cs_ynode *map, const char *key, int req, const char *what);
/* Items of a sequence value (NULL-safe). Reports a non-sequence. */
bool cs_yread_seq(cs_yread *r, cs_ynode *n, const char *what, const cs_yitem **items,
                  uint32_t *count);
static inline cs_ynode *cs_yread_item(cs_yread *r, cs_yitem item) { return &r->nodes[item]; }
/* Child i of a container (a mapping's key 2k is followed by its value 2k+1). */
static inline cs_ynode *cs_yread_kid(cs_yread *r, const cs_ynode *n, uint32_t i)
{
    return &r->nodes[r->kids[n->kids + i]];
}
/* The value of a key found in a mapping: NULL when it is null (reported with CS_REQ, at
 * the key k). */
cs_ynode *cs_yread_value_of(cs_yread *r, cs_ynode *k, cs_ynode *v, int req, const char *key,
                            const char *what);
/* The messages about a mapping's keys (schema.c checks them against a record's table):
 * a key not allowed, with a "did you mean" among `allowed`; a key given twice. */
void cs_yread_unknown_key(cs_yread *r, const cs_ynode *k, const char *what,
                          const char *const *allowed, size_t nallowed);
void cs_yread_duplicate_key(cs_yread *r, const cs_ynode *k, const char *what,
                            const cs_ynode *first);

/* Conversions of a value node. `key` is the key it stands under and `what` the object
 * ("unit 'x'"): messages say "'key' of what", formatted only when something is reported;
 * with key NULL, `what` is the whole description. Each returns false after reporting. */
bool cs_yval_str(cs_yread *r, cs_ynode *n, const char *key, const char *what,
                 const char **out);
bool cs_yval_id(cs_yread *r, cs_ynode *n, const char *key, const char *what,
                const char **out);
bool cs_yval_ref(cs_yread *r, cs_ynode *n, const char *key, const char *what, bool state,
                 cs_ref *out);
bool cs_yval_real(cs_yread *r, cs_ynode *n, const char *key, const char *what, double *out);
bool cs_yval_num(cs_yread *r, cs_ynode *n, const char *key, const char *what, double min,
                 double max, double *out);
bool cs_yval_int(cs_yread *r, cs_ynode *n, const char *key, const char *what, long long min,
                 long long max, double *out);
bool cs_yval_frac(cs_yread *r, cs_ynode *n, const char *key, const char *what, double *out);
bool cs_yval_bool(cs_yread *r, cs_ynode *n, const char *key, const char *what, bool *out);
bool cs_yval_time(cs_yread *r, cs_ynode *n, const char *key, const char *what,
                  unsigned prec_mask, cs_time *out);
bool cs_yval_enum(cs_yread *r, cs_ynode *n, const char *key, const char *what,
                  const char *const *names, int *out);
bool cs_yval_offset(cs_yread *r, cs_ynode *n, const char *key, const char *what, int *out);
bool cs_yval_expr(cs_yread *r, cs_ynode *n, const char *key, const char *what,
                  cs_exprsrc *out);

/* Typed values of a key. Each returns true when the key is present and valid; false when
 * absent (reported with CS_REQ) or invalid (always reported). */
bool cs_yread_str(cs_yread *r, cs_ynode *map, const char *key, int req, const char *what,
                  const char **out);
bool cs_yread_int(cs_yread *r, cs_ynode *map, const char *key, int req, const char *what,
                  long long min, long long max, double *out);
bool cs_yread_enum(cs_yread *r, cs_ynode *map, const char *key, int req, const char *what,
                   const char *const *names, int *out);

/* Node-level conversions (for sequence items and generic values). */
bool cs_yread_scalar(cs_yread *r, cs_ynode *n, const char *what, const char **out);
bool cs_yread_node_id(cs_yread *r, cs_ynode *n, const char *what, const char **out);
bool cs_yread_node_real(cs_yread *r, cs_ynode *n, const char *what, double *out);
bool cs_yread_node_time(cs_yread *r, cs_ynode *n, const char *what, unsigned prec_mask,
                        cs_time *out);
/* A reference: an id at n, with its place. */
bool cs_yread_node_ref(cs_yread *r, cs_ynode *n, const char *what, bool state, cs_ref *out);
/* A fact value: plain true/false -> bool, a strict number -> number, a date -> date,
 * a sequence of scalars -> list, anything else (and every quoted scalar) -> string. */
bool cs_yread_value(cs_yread *r, cs_ynode *n, const char *what, cs_value *out);
/* An expression string with its position and style. */
bool cs_yread_node_expr(cs_yread *r, cs_ynode *n, const char *what, cs_exprsrc *out);

/* Report at a node (class CS_ERR_SCHEMA unless given). */
void cs_yread_error(cs_yread *r, const cs_ynode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
