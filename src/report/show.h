/* show.h - the "what was loaded" report: a scenario with the alliance as of its date; and
 * what every text report shares: control characters from the data are never written raw.
 *
 * Writes text to `out`; reads the model only. Returns false if writing failed. */
#ifndef CS_SHOW_H
#define CS_SHOW_H

#include "model/model.h"

#include <stdio.h>

/* Text reports print names, notes and values from the data, which may hold control
 * characters: an escape sequence that retitles, clears or reprograms the terminal. So a
 * text report is written through a stream that copies it to its destination with each
 * control character but the line break (C0 controls, DEL, and the C1 controls U+0080 to
 * U+009F) written as \xHH, its code point in hexadecimal: "\e]0;x\a" prints as
 * \x1b]0;x\x07. JSON output needs none of this (jansson escapes control characters) and
 * CSV keeps the data as it is.
 *
 * The stream also reports every failure: a memory stream (open_memstream) that cannot grow
 * loses what was written without setting its error indicator, so the destination's writes
 * are checked one by one here and any failure makes cs_show_end return false. */
typedef struct cs_show_buf {
    FILE *f;        /* write the report here */
    FILE *out;      /* where it goes, escaped */
    bool c2;        /* a 0xC2 byte held back: the first byte of a C1 control, or not */
    bool failed;    /* a write to out failed */
} cs_show_buf;
/* Open b->f, which writes to out; false when memory runs out. b must stay in place until
 * cs_show_end. */
bool cs_show_begin(cs_show_buf *b, FILE *out);
/* Close b->f: false if anything failed (memory, or a write to out), and then what reached
 * out may be incomplete. Once after each cs_show_begin that succeeded. */
bool cs_show_end(cs_show_buf *b);
/* Write text[0, n) to out with control characters escaped as above; false if writing
 * failed. */
bool cs_show_escape(FILE *out, const char *text, size_t n);

bool cs_show_scenario(FILE *out, const cs_model *m, const cs_scenario *s);
/* "seed-001, kz22-4" into buf. */
void cs_show_cite(const cs_cite *c, char *buf, size_t n);
/* Format a scenario time in its own zone: "2022-01-05 21:00 (+06:00)" or a date. */
void cs_show_time(const cs_scenario *s, cs_time t, bool approx, char *buf, size_t n);

#endif
