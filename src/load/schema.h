/* schema.h - records described by tables, and the one reader that works from them.
 *
 * Each kind of record (a unit, a clause, a site...) has one cs_record: its keys in the
 * order they are read, each with its type, whether it is required, its limits or names,
 * and where its value goes. cs_read_record checks a mapping's keys against the table
 * (unknown keys get a "did you mean", repeated keys are refused) and reads every field;
 * the key reference in docs/format.md is printed from the same tables (cs_schema_print),
 * so that the documentation cannot drift from the reader.
 *
 * Readers take only a cs_yread (the document, its arena and its diagnostics) and fill
 * objects in that arena; they never see the loader.
 */
#ifndef CS_SCHEMA_H
#define CS_SCHEMA_H

#include "load/yread.h"

#include <stddef.h>
#include <stdio.h>

typedef enum cs_fkind {
    CS_F_STR,          /* const char * */
    CS_F_ID,           /* const char *, an id */
    CS_F_STATE_ID,     /* const char *, a state code */
    CS_F_REF,          /* cs_ref to an id */
    CS_F_STATE_REF,    /* cs_ref to a state code */
    CS_F_INT,          /* double holding a whole number in [lo, hi] */
    CS_F_NUM,          /* double in [lo, hi] */
    CS_F_FRAC,         /* double, a fraction */
    CS_F_BOOL,         /* bool */
    CS_F_TIME,         /* cs_time of the precisions in prec */
    CS_F_ENUM,         /* an enum: the index of the name in names, plus lo */
    CS_F_ENUM_STR,     /* const char *: the name itself, one of names */
    CS_F_OFFSET,       /* int: minutes from UTC */
    CS_F_EXPR,         /* cs_exprsrc */
    CS_F_CITE,         /* cs_cite (the key is "source") */
    CS_F_ALTS,         /* cs_alts (the key is "alternatives") */
    CS_F_FIGURE,       /* cs_figure holding a number */
    CS_F_DATE_FIGURE,  /* cs_figure holding a date */
    CS_F_PLACE,        /* cs_place */
    CS_F_REFS,         /* cs_ref * with its uint32_t count at cnt (lo != 0: states) */
    CS_F_LIST,         /* a list of sub records: pointer at off, uint32_t count at cnt */
    CS_F_MAP,          /* one sub record, in place at off */
    CS_F_CUSTOM,       /* read by hook */
    CS_F_CHECK,        /* no key: hook checks what the fields before it read */
    CS_F_SKIP,         /* a key allowed here and read elsewhere (casus, kind) */
} cs_fkind;

enum { CS_COND = 2 };   /* required when need(obj) says so */

/* How a list counts its items: all of them, or up to the last that was a mapping. */
enum { CS_COUNT_READ = 0, CS_COUNT_ALL = 1 };

typedef struct cs_field cs_field;
typedef struct cs_record cs_record;

/* What a hook sees: the reader, the record's mapping, its description, the object and its
 * parent, the value under the field's key (NULL when absent or null), and which fields
 * before it were read (bit i: field i read and valid). */
typedef struct cs_rctx {
    cs_yread *r;
    cs_ynode *map;
    const char *desc;
    void *obj, *parent;
    cs_ynode *value;
    uint64_t got;
    struct cs_idset **ids;   /* the list's ids so far, for hooks that refuse repeats */
} cs_rctx;

typedef bool (*cs_fhook)(cs_rctx *c, const cs_field *f);

struct cs_field {
    const char *key;         /* NULL for CS_F_CHECK */
    cs_fkind kind;
    int req;                 /* CS_OPT, CS_REQ or CS_COND */
    size_t off;              /* where the value goes */
    size_t has;              /* 1 + offset of a bool set when the value is read; 0: none */
    size_t cnt;              /* CS_F_LIST, CS_F_REFS: offset of the uint32_t count */
    double lo, hi;           /* limits; CS_F_ENUM: added to the index (lo) */
    const char *const *names;   /* CS_F_ENUM, CS_F_ENUM_STR */
    unsigned prec;           /* CS_F_TIME */
    const cs_record *sub;    /* CS_F_LIST, CS_F_MAP */
    int count;               /* CS_F_LIST: CS_COUNT_READ or CS_COUNT_ALL */
    bool (*need)(const void *obj);   /* CS_COND */
    cs_fhook hook;           /* CS_F_CUSTOM, CS_F_CHECK; else run after a valid value */
    bool first;              /* read before the keys are checked (after a CS_NAMED_FIRST
                              * record's name), as a kind that decides the keys is */
    const char *doc;         /* for the key reference: what the value is, when not obvious */
};

typedef enum cs_naming {
    CS_UNNAMED,              /* described by desc (a format of the parent's description) */
    CS_NAMED_FIRST,          /* fields[0] names it and is read before the keys are checked,
                              * as are the fields marked first */
    CS_NAMED_AFTER,          /* fields[0] names it, read after the keys are checked */
} cs_naming;

struct cs_record {
    const char *title;       /* in the key reference */
    const char *name;        /* "unit": messages say "unit 'x'" */
    const char *what;        /* "a unit": the record before its name is known */
    const char *desc;        /* CS_UNNAMED: "a border of %s" (the parent's), or fixed text */
    const char *map_what;    /* the description for the key check, if not desc */
    cs_naming naming;
    size_t size;
    size_t loc;              /* offset of its cs_loc */
    const cs_field *fields;
    size_t nfields;
    void (*init)(void *obj, void *parent);   /* defaults, before anything is read */
    bool init_in_parent;     /* CS_F_MAP records: init runs even when the key is absent */
};

#define CS_FIELDS(a) (a), (sizeof(a) / sizeof *(a))

/* Read the record at n into obj (zeroed, in the arena; NULL for a document root whose
 * keys are all read elsewhere). parent is the object it belongs to (for init and hooks),
 * pdesc the parent's description (for "a border of %s"), ids the repeats' set of the list
 * it is an item of (or NULL). Returns false if n is not a mapping (reported); other
 * problems are reported and the record is still filled. */
bool cs_read_record(cs_yread *r, cs_ynode *n, const cs_record *rec, void *obj, void *parent,
                    const char *pdesc, struct cs_idset **ids);
/* The list under key in map: items read as rec into a new arena array (*out, *n).
 * Absent: *n = 0. Returns false only when memory ran out (reported). */
bool cs_read_list(cs_yread *r, cs_ynode *map, const char *key, const char *what,
                  const cs_record *rec, void *parent, int count, void **out, uint32_t *n);

/* a, b, c and d (any may be NULL) one after the other in buf, cut to n - 1 characters as
 * snprintf would: descriptions are built this way, without formatting. */
void cs_desc_cat(char *buf, size_t n, const char *a, const char *b, const char *c,
                 const char *d);

/* Field readers shared with hooks (read.c). */
bool cs_read_cite(cs_yread *r, cs_ynode *map, int req, const char *what, cs_cite *out);
bool cs_read_alts(cs_yread *r, cs_ynode *map, const char *what, cs_alts *out);
bool cs_read_figure(cs_yread *r, cs_ynode *map, const char *key, const char *what, bool date,
                    cs_figure *out);
bool cs_read_place(cs_yread *r, cs_ynode *map, const char *key, const char *what,
                   cs_place *out);
bool cs_read_refs(cs_yread *r, cs_ynode *map, const char *key, const char *what, bool state,
                  cs_ref **out, uint32_t *n);
/* A fact path: names of lower-case letters, digits and '_', joined by '.'. */
bool cs_fact_path_ok(const char *s);

/* Ids seen so far in one list, to report repeats in linear time. cs_idset_add calls report
 * once for every earlier item with the same id, oldest first, then remembers this one (a
 * NULL id is ignored). False only when memory ran out (reported). */
typedef struct cs_idset cs_idset;
typedef void (*cs_dup_report)(cs_yread *r, cs_ynode *at, const char *id, uint32_t first_line,
                              const void *ctx);
bool cs_idset_add(cs_idset **set, const char *id, uint32_t line, cs_yread *r, cs_ynode *at,
                  cs_dup_report report, const void *ctx);
void cs_idset_free(cs_idset *set);

/* Print the keys of rec and of every record below it not printed yet (seen, n: the records
 * printed so far), one Markdown table row each: title, required keys, optional keys. */
void cs_schema_print_record(FILE *out, const cs_record *rec, const cs_record **seen,
                            size_t *n, size_t max);

#endif
