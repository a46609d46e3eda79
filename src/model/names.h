/* names.h - the names expressions can read, and where their values sit in an environment.
 *
 * An environment's slots are laid out as: the built-in names below (CS_SLOT_*), then one
 * slot per vocabulary entry, in the model's vocabulary order. The loader compiles
 * expressions against this layout; the law and politics layers fill the slots.
 */
#ifndef CS_NAMES_H
#define CS_NAMES_H

#include "model/model.h"

enum cs_builtin_slot {
    CS_SLOT_HOST,            /* state: the host of the scenario */
    CS_SLOT_LEAD,            /* state: the alliance's lead state */
    CS_SLOT_ALLIANCE,        /* string: the alliance's id */
    CS_SLOT_DATE,            /* date: the moment evaluated */
    CS_SLOT_REQ_MADE,        /* bool: the host asked the alliance (aid or consultations) */
    CS_SLOT_REQ_KIND,        /* string: aid | consultations | informal | none */
    CS_SLOT_REQ_FORMAL,      /* bool: a formal request */
    CS_SLOT_REQ_BY,          /* state: who asked */
    CS_SLOT_REQ_UNDER,       /* string: the clause invoked */
    CS_SLOT_MEMBER,          /* state: the member whose position is weighed (politics) */
    CS_SLOT_TRIGGERED,       /* bool: the clause invoked is triggered (politics) */
    CS_SLOT_LEAD_POSITION,   /* number: +1 support, 0 abstain, -1 oppose (politics) */
    CS_NBUILTIN
};

typedef struct cs_builtin {
    const char *name;
    cs_type type;
    const char *doc;
} cs_builtin;

extern const cs_builtin cs_builtins[CS_NBUILTIN];

static inline uint32_t cs_nslots(const cs_model *m) { return CS_NBUILTIN + m->nvocab; }
/* The slot of a name (builtin or vocabulary path), or -1; O(log n) in a loaded model. */
int cs_slot_index(const cs_model *m, const char *name);

#endif
