/* diag.h - diagnostics: status codes, places in files, and the list of errors.
 *
 * Errors are values: loaders and evaluators add diagnostics to a cs_diags list and return a
 * status; only the CLI prints them (cs_diags_print). A cs_diags owns the copies of messages
 * and source lines it holds; cs_srcfile text is owned by whoever loaded the file.
 */
#ifndef CS_DIAG_H
#define CS_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Exit statuses, one per class of failure (documented in casus(1)). A lower number is an
 * earlier stage: when a run has several errors, the lowest class is the exit status. */
typedef enum cs_status {
    CS_OK = 0,
    CS_MISMATCH = 1,     /* ran, but a prediction did not match the record */
    CS_ERR_USAGE = 2,    /* bad command line */
    CS_ERR_IO = 3,       /* a file could not be read (or is too large) */
    CS_ERR_SYNTAX = 4,   /* YAML syntax */
    CS_ERR_SCHEMA = 5,   /* unknown key, wrong type, bad number or date, duplicate, limit */
    CS_ERR_REF = 6,      /* dangling reference */
    CS_ERR_TIMELINE = 7, /* impossible dates or order of events */
    CS_ERR_EXPR = 8,     /* error in an expression */
    CS_ERR_OUTPUT = 9,   /* an output could not be written */
    CS_ERR_NOMEM = 10,   /* out of memory */
    CS_ERR_OPS = 11,     /* the data cannot support the operation (no aircraft, no airfield) */
} cs_status;

const char *cs_status_name(cs_status s);

/* A loaded file's name and text (NUL-terminated), and where its lines start once
 * cs_srcfile_index has run (lines[i] is the byte offset of line i + 1; NULL before). */
typedef struct cs_srcfile {
    const char *name;
    const char *real;   /* resolved path, or NULL for text from memory */
    const char *text;
    size_t len;
    const size_t *lines;
    size_t nlines;
} cs_srcfile;

/* A place in a file: 1-based line and column (columns count characters). */
typedef struct cs_loc {
    const cs_srcfile *file;
    uint32_t line, col;
} cs_loc;

typedef struct cs_diag {
    cs_status cls;
    char *where;   /* "file:line:col" or a file name, or NULL */
    char *msg;
    char *src;     /* the line of the file, or NULL */
    uint32_t col;  /* caret column within src (1-based), 0 for none */
} cs_diag;

/* Errors kept; more are counted, not stored. An error past the limit costs a count and
 * its class: it is not located in its file, formatted or copied. */
enum { CS_DIAG_MAX = 50 };

typedef struct cs_diags {
    cs_diag *v;
    size_t n, cap;
    size_t dropped;      /* errors past CS_DIAG_MAX, or lost to out-of-memory */
    cs_status worst;     /* lowest non-OK class seen (CS_ERR_NOMEM if any), CS_OK if none */
    /* Where the lines of the last file quoted start (byte offsets; lines[i] is line i+1),
     * so that quoting many lines of one file reads it once. Keyed by the file and its
     * text and length: a cs_srcfile's text must not change while the list quotes it. */
    const cs_srcfile *lines_of;
    const char *lines_text;
    size_t lines_len;
    size_t *lines;
    size_t nlines;
} cs_diags;

void cs_diags_init(cs_diags *d);
void cs_diags_free(cs_diags *d);
bool cs_diags_any(const cs_diags *d);
/* True when the list keeps no more errors: a caller may then skip the work of building a
 * message (cs_diag_at still counts the error and its class). */
bool cs_diags_full(const cs_diags *d);
/* Add an error at loc (loc may be NULL, or have a NULL file). Returns cls, so that
 * `return cs_diag_at(...)` reads naturally. Never fails: out of memory is counted. */
cs_status cs_diag_at(cs_diags *d, cs_status cls, const cs_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* cs_diag_at with the arguments as a va_list, for modules that wrap it in their own
 * printf-like helper (which should carry format(printf, N, M) in turn). ap is consumed. */
cs_status cs_diag_vat(cs_diags *d, cs_status cls, const cs_loc *loc, const char *fmt,
                      va_list ap) __attribute__((format(printf, 4, 0)));
/* Add an error about a whole file (no line). */
cs_status cs_diag_file(cs_diags *d, cs_status cls, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
struct cs_arena;
/* Index where f's lines start, by the rules of cs_srcfile_loc, into memory from arena a.
 * False when memory runs out (f is then left without an index). */
bool cs_srcfile_index(cs_srcfile *f, struct cs_arena *a);
/* The start of line `line` (1-based) of f's text, from its index when it has one; NULL
 * when there is no such line. */
const char *cs_srcfile_line(const cs_srcfile *f, uint32_t line);

/* The place of byte `offset` of a file, counting lines as editors and grep do: line breaks
 * are LF, CR LF and CR (not NEL, LS or PS, which libyaml also counts); a column is a
 * character. */
cs_loc cs_srcfile_loc(const cs_srcfile *f, size_t offset);
/* Print as `file:line:col: error: msg`, then the line and a caret. */
void cs_diags_print(const cs_diags *d, FILE *out);

/* The candidate closest to word by edit distance, if close enough to suggest; or NULL. */
const char *cs_suggest(const char *word, const char *const *cands, size_t n);

#endif
