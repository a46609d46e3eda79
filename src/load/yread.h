/* yread.h - typed reading of a libyaml document, with diagnostics at file:line:col.
 *
 * A cs_yread wraps one parsed document. The getters look a key up in a mapping, check its
 * type and convert it; on any problem they add an error to the diagnostics list and return
 * false, so that a loader can go on and report every error of a file in one run. Strings
 * returned are copied into the arena given at cs_yread_open; nothing returned points into
 * the libyaml document, which cs_yread_close frees.
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

typedef struct cs_yread {
    yaml_document_t doc;
    bool loaded;
    /* For files with NEL, LS or PS characters, which libyaml counts as line breaks and
     * editors do not: libyaml's line n starts at editor line linemap[2n], column
     * linemap[2n+1]. NULL for other files, where the two agree. */
    uint32_t *linemap;
    size_t nlinemap;
    const cs_srcfile *file;
    cs_arena *arena;
    cs_diags *diags;
} cs_yread;

typedef yaml_node_t cs_ynode;

enum { CS_OPT = 0, CS_REQ = 1 };

/* Parse the file's text into r. Reports YAML syntax errors, an empty file, more than one
 * document, nesting deeper than CS_YAML_MAX_DEPTH and anchors/aliases (not accepted).
 * Returns the root node, or NULL (errors reported; r is closed). */
cs_ynode *cs_yread_open(cs_yread *r, const cs_srcfile *file, cs_arena *arena, cs_diags *d);
void cs_yread_close(cs_yread *r);

cs_loc cs_yread_loc(const cs_yread *r, const cs_ynode *n);
const char *cs_ynode_kind(const cs_ynode *n);

/* Check that n is a mapping whose keys are plain scalars, unique, and among `allowed`
 * (NULL-terminated). `what` names the object in messages ("unit"). Unknown keys get a
 * "did you mean". Returns false if n is not a mapping (other problems are reported but the
 * mapping is still usable). */
bool cs_yread_map(cs_yread *r, cs_ynode *n, const char *what, const char *const *allowed);
/* The value of key in mapping n, or NULL. With CS_REQ, a missing key is reported. */
cs_ynode *cs_yread_get(cs_yread *r, cs_ynode *map, const char *key, int req, const char *what);
/* Items of a sequence value (NULL-safe). Reports a non-sequence. */
bool cs_yread_seq(cs_yread *r, cs_ynode *n, const char *what, yaml_node_item_t **items,
                  uint32_t *count);
cs_ynode *cs_yread_item(cs_yread *r, yaml_node_item_t item);

/* Typed values of a key. Each returns true when the key is present and valid; false when
 * absent (reported with CS_REQ) or invalid (always reported). */
bool cs_yread_str(cs_yread *r, cs_ynode *map, const char *key, int req, const char *what,
                  const char **out);
bool cs_yread_id(cs_yread *r, cs_ynode *map, const char *key, int req, const char *what,
                 const char **out);
bool cs_yread_state_id(cs_yread *r, cs_ynode *map, const char *key, int req,
                       const char *what, const char **out);
bool cs_yread_int(cs_yread *r, cs_ynode *map, const char *key, int req, const char *what,
                  long long min, long long max, double *out);
bool cs_yread_num(cs_yread *r, cs_ynode *map, const char *key, int req, const char *what,
                  double min, double max, double *out);
bool cs_yread_frac(cs_yread *r, cs_ynode *map, const char *key, int req, const char *what,
                   double *out);
bool cs_yread_bool(cs_yread *r, cs_ynode *map, const char *key, int req, const char *what,
                   bool *out);
bool cs_yread_time(cs_yread *r, cs_ynode *map, const char *key, int req, const char *what,
                   unsigned prec_mask, cs_time *out);
bool cs_yread_enum(cs_yread *r, cs_ynode *map, const char *key, int req, const char *what,
                   const char *const *names, int *out);
bool cs_yread_offset(cs_yread *r, cs_ynode *map, const char *key, int req, const char *what,
                     int *out);

/* Node-level conversions (for sequence items and generic values). */
bool cs_yread_scalar(cs_yread *r, cs_ynode *n, const char *what, const char **out);
bool cs_yread_node_id(cs_yread *r, cs_ynode *n, const char *what, const char **out);
bool cs_yread_node_real(cs_yread *r, cs_ynode *n, const char *what, double *out);
bool cs_yread_node_time(cs_yread *r, cs_ynode *n, const char *what, unsigned prec_mask,
                        cs_time *out);
/* A reference: an id at n, with its place. */
bool cs_yread_node_ref(cs_yread *r, cs_ynode *n, const char *what, bool state, cs_ref *out);
bool cs_yread_ref(cs_yread *r, cs_ynode *map, const char *key, int req, const char *what,
                  bool state, cs_ref *out);
/* A fact value: plain true/false -> bool, a strict number -> number, a date -> date,
 * a sequence of scalars -> list, anything else (and every quoted scalar) -> string. */
bool cs_yread_value(cs_yread *r, cs_ynode *n, const char *what, cs_value *out);
/* An expression string with its position and style. */
bool cs_yread_expr(cs_yread *r, cs_ynode *map, const char *key, int req, const char *what,
                   cs_exprsrc *out);
bool cs_yread_node_expr(cs_yread *r, cs_ynode *n, const char *what, cs_exprsrc *out);

/* Report at a node (class CS_ERR_SCHEMA unless given). */
void cs_yread_error(cs_yread *r, const cs_ynode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
