/* read.h - the document readers (one file per kind of document) and what they share.
 *
 * A document reader takes the parsed document and fills objects in its arena; it never
 * sees the loader. It says which objects the loader is to add to the library in a
 * cs_found: for each kind of object, the records it read (load.c adds those with an id).
 */
#ifndef CS_READ_H
#define CS_READ_H

#include "load/schema.h"
#include "model/kinds.h"

typedef struct cs_found {
    struct {
        void *base;          /* n records of `stride` bytes */
        uint32_t n;
        size_t stride;
    } of[CS_NKINDS];
} cs_found;

typedef void (*cs_doc_reader)(cs_yread *r, cs_ynode *root, cs_found *out);

/* One kind of document: the name after `kind:`, its reader and its root record. */
typedef struct cs_doc_kind {
    const char *name;
    cs_doc_reader read;
    const cs_record *root;
    const cs_record *const *more;   /* records read by hand below it, NULL-terminated */
} cs_doc_kind;

void cs_read_sources(cs_yread *r, cs_ynode *root, cs_found *out);      /* catalog.c */
void cs_read_vocabulary(cs_yread *r, cs_ynode *root, cs_found *out);
void cs_read_catalog(cs_yread *r, cs_ynode *root, cs_found *out);
void cs_read_state(cs_yread *r, cs_ynode *root, cs_found *out);        /* state.c */
void cs_read_alliance(cs_yread *r, cs_ynode *root, cs_found *out);     /* alliance.c */
void cs_read_scenario(cs_yread *r, cs_ynode *root, cs_found *out);     /* scenario.c */
void cs_read_actors(cs_yread *r, cs_ynode *root, cs_found *out);       /* actors.c */
/* A scenario's own sources, vocabulary entries and actors (its keys `sources`,
 * `vocabulary`, `actors`), added to the library with it (actors.c). */
void cs_read_scenario_extras(cs_yread *r, cs_ynode *root, cs_found *out);
/* The list under `key` of a document, read as records of rec and found as objects of kind
 * k (catalog.c). */
void cs_read_found(cs_yread *r, cs_ynode *root, const char *key, const char *what,
                   const cs_record *rec, cs_found *out, cs_kind k);

extern const cs_record cs_sources_doc, cs_vocabulary_doc, cs_catalog_doc, cs_state_doc,
    cs_alliance_doc, cs_scenario_doc, cs_actors_doc;
extern const cs_record *const cs_scenario_more[];   /* events, by kind */

/* Shared records (read.c). */
extern const cs_record cs_alt_record, cs_figure_record, cs_place_record, cs_fact_record;
extern const cs_record cs_source_record, cs_vocab_record, cs_actor_record, cs_vocab_ext_record;

static const double CS_BIG = 1e9;   /* bound of free numbers: anything larger is a typo */

#endif
