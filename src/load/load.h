/* load.h - reading a data library into a cs_model.
 *
 * Usage: cs_loader_new, then any number of cs_loader_add_dir / _add_file / _add_buffer,
 * then cs_loader_finish, which links references, checks timelines and hands back the
 * model (or NULL when anything was wrong; every problem is in the diagnostics list).
 * The loader owns everything until finish; finish frees the loader in every case, and the
 * caller then owns the model (cs_model_free). Files are read whole; none is written.
 */
#ifndef CS_LOAD_H
#define CS_LOAD_H

#include "model/model.h"
#include "support/diag.h"

#include <stdio.h>

typedef struct cs_loader cs_loader;

cs_loader *cs_loader_new(cs_diags *d);            /* NULL when out of memory */
/* Every *.yaml file below dir, in sorted path order. Each folder is walked once, however
 * many links lead to it; a symbolic link whose target is outside dir is reported (CS_ERR_IO)
 * and not followed, and so is a *.yaml entry that is not a regular file or a broken link.
 * Returns the first such error (the other files are still read), or CS_ERR_NOMEM. */
cs_status cs_loader_add_dir(cs_loader *l, const char *dir);
/* One file; a file already added (same real path) is skipped, so a file named on the
 * command line that is also part of the library is read once. A FIFO or device is refused
 * (CS_ERR_IO) without waiting on it. */
cs_status cs_loader_add_file(cs_loader *l, const char *path);
/* Text in memory, under a display name (copied). */
cs_status cs_loader_add_buffer(cs_loader *l, const char *name, const char *text, size_t len);
cs_model *cs_loader_finish(cs_loader *l);
void cs_loader_abandon(cs_loader *l);             /* free without finishing */

/* Print the key reference: every record's required and optional keys, as the loader's
 * tables define them (one Markdown table; docs/format.md holds a copy that a test keeps
 * equal). */
void cs_load_print_keys(FILE *out);

/* The file that defined a scenario, given its path, or NULL. */
const cs_scenario *cs_model_scenario_in_file(const cs_model *m, const char *path);

#endif
