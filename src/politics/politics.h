/* politics.h - the political layer: each member's position from the alliance's weighted
 * factors, the council's decision under its rule, and the reasons ranked by weight.
 *
 * Takes the legal layer's result as input (and writes the politics slots of its situation:
 * member, law.triggered, lead.position). Arrays come from the arena given; they die with it.
 */
#ifndef CS_POLITICS_H
#define CS_POLITICS_H

#include "law/law.h"

typedef enum cs_position { CS_POS_SUPPORT, CS_POS_ABSTAIN, CS_POS_OPPOSE } cs_position;

extern const char *const cs_position_names[];

typedef struct cs_contrib {
    const cs_factor *factor;
    bool applied;            /* its condition held */
    double value;            /* its value expression (1 when absent) */
    double amount;           /* weight x value when applied, else 0 */
    cs_finding when;         /* the condition's evaluation, with its trace */
} cs_contrib;

typedef struct cs_view {
    const cs_state *state;
    bool is_lead, is_host;
    double score;
    cs_position pos;
    cs_contrib *contribs;
    uint32_t ncontribs;
} cs_view;

typedef struct cs_reason {
    const cs_view *who;
    const cs_contrib *c;
    double strength;         /* its amount in the decision's direction: + for act */
} cs_reason;

typedef struct cs_pol_result {
    cs_decision decision;
    const char *headline;    /* the decision's one-line explanation */
    const cs_organ *organ;   /* the deciding organ */
    const cs_chair *chair;   /* who chaired (and announces) */
    bool has_date;
    cs_time date;            /* when the council took it up */
    cs_view *views;          /* members' positions (aid requests only) */
    uint32_t nviews;
    cs_reason *reasons;      /* contributions of the decisive members, strongest first */
    uint32_t nreasons;
} cs_pol_result;

cs_status cs_politics_eval(cs_pol_result *p, cs_law_result *law, cs_arena *a, cs_diags *d,
                           uint32_t trace_cap);

#endif
