/* decision.h - reports of the legal and political layers: text, the full explanation
 * (every trace as an indented tree) and JSON.
 *
 * The text functions write to `out` and return false if writing failed. cs_decision_json
 * returns a new jansson object the caller owns (json_decref), or NULL when memory runs out.
 */
#ifndef CS_DECISION_REPORT_H
#define CS_DECISION_REPORT_H

#include "law/law.h"
#include "politics/politics.h"
#include "run/run.h"

#include <jansson.h>
#include <stdio.h>

typedef struct cs_run_view {
    const cs_law_opts *opts;       /* the counterfactuals applied */
    const cs_law_result *law;
    const cs_pol_result *pol;
    const cs_flip *flips;          /* the changes that flip the decision, smallest first */
    uint32_t nflips;
} cs_run_view;

/* The report of a run whose law and politics succeeded (CS_OK): after an evaluation error
 * the results are incomplete and must not be reported. */
bool cs_decision_text(FILE *out, const cs_run_view *v);
/* The same with every trace (needs law and politics run with a trace capacity). */
bool cs_decision_explain(FILE *out, const cs_run_view *v);
json_t *cs_decision_json(const cs_run_view *v);
/* The decisive reason in one line, into buf: the smallest change that flips the decision
 * ("RUS support -> abstain (margin 2.5)"), else the decision's headline. */
void cs_decision_reason(const cs_run_view *v, char *buf, size_t n);
/* Whether the recorded outcome is the one predicted: the same level of the ladder, by the
 * same actor (the engine predicts the alliance's answer; a recorded `actor` is a state
 * that answered bilaterally). */
bool cs_outcome_matches(const cs_outcome *o, const cs_pol_result *p);
/* The recorded outcome as "level" or "level by STATE" (bilaterally), into buf. */
void cs_outcome_format(const cs_outcome *o, char *buf, size_t n);
/* One change that flips the decision, in words, into buf. */
void cs_flip_describe(const cs_flip *f, const cs_politics *pol, char *buf, size_t n);

#endif
