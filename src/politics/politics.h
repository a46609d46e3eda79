/* politics.h - the political layer: each member's position from the alliance's weighted
 * factors, the council's decision under its rule, and the reasons ranked by weight.
 *
 * Takes the legal layer's result as input and writes the politics slots of its situation
 * (member, law.triggered, lead.position), which it resets first: calling cs_politics_eval
 * again on the same law result gives the same result. Two calls on one law result must not
 * run at once. Arrays come from the arena given; they die with it.
 */
#ifndef CS_POLITICS_H
#define CS_POLITICS_H

#include "law/law.h"

typedef enum cs_position { CS_POS_SUPPORT, CS_POS_ABSTAIN, CS_POS_OPPOSE } cs_position;
enum { CS_NPOSITIONS = CS_POS_OPPOSE + 1 };

/* "support", "abstain", "oppose": indexed by cs_position. */
extern const char *const cs_position_names[CS_NPOSITIONS + 1];

typedef struct cs_contrib {
    const cs_factor *factor;
    bool applied;            /* its condition held */
    double value;            /* its value expression (1 when absent, 0 when unknown) */
    double amount;           /* weight x value when applied, else 0 */
    cs_finding when;         /* the condition's evaluation, with its trace */
    cs_evalst value_st;      /* the value's evaluation (not CS_EVAL_OK: the run fails) */
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
    bool lead_needed;        /* consensus needed the lead state's support (the organ's
                                consensus is lead-support and the lead is a member) */
    bool has_date;
    cs_time date;            /* when the council took it up */
    cs_view *views;          /* members' positions (aid requests only) */
    uint32_t nviews;
    const cs_clause *self_invoked;   /* a clause that needs no request, triggered without a
                                        formal request for aid: the council takes it up */
    cs_reason *reasons;      /* contributions of the decisive members, strongest first */
    uint32_t nreasons;
} cs_pol_result;

/* Decide on the law result's request: no decision without a formal request; consult or
 * refuse on a request for consultations; on a formal request for aid, each member's
 * position (trace_cap records per factor condition) and the deciding organ's rule. The
 * decisive members are those whose positions the rule needed (docs/model.md, "The decision
 * procedure"): their contributions are the reasons.
 * Returns CS_OK; CS_ERR_EXPR when a factor's condition or value cannot be evaluated, or
 * gives a score that is not a finite number (each factor's error reported once, at its
 * file:line:col, naming the first member it failed for; the result is not to be used);
 * CS_ERR_NOMEM. */
cs_status cs_politics_eval(cs_pol_result *p, cs_law_result *law, cs_arena *a, cs_diags *d,
                           uint32_t trace_cap);

/* A change tried to explain a decision (cs_politics_eval_with): one factor left out of every
 * member's weighing, or one member's position set whatever its score. */
typedef struct cs_pol_change {
    const cs_factor *drop;       /* a factor of the alliance's politics, or NULL */
    const cs_state *member;      /* a member whose position is set, or NULL */
    cs_position pos;             /* its position, when member is set */
} cs_pol_change;

/* cs_politics_eval under a change (NULL: none). A member whose position is set keeps its
 * score, and the lead's set position is what the others read as lead.position. */
cs_status cs_politics_eval_with(cs_pol_result *p, cs_law_result *law, cs_arena *a,
                                cs_diags *d, uint32_t trace_cap, const cs_pol_change *chg);

/* What moves a member's position: how far its score is above the support threshold and
 * above the oppose threshold (negative: below). */
double cs_view_margin_support(const cs_view *v, const cs_politics *pol);
double cs_view_margin_oppose(const cs_view *v, const cs_politics *pol);

#endif
