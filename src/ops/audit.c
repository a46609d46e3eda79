/* audit.c - invariants of a run's state, for tests and hooks. */
#include "ops/ops_internal.h"

#include <math.h>

void cs_ops_audit_state(const cs_ops *o, cs_ops_audit *a)
{
    const cs_ops_config *g = o->cfg;
    const double eps = 1e-6;
    for (uint32_t u = 0; u < g->nunits; u++) {
        const unit_state *x = &o->us[u];
        const cs_ops_unit *cu = &g->units[u];
        double p = x->wait_pers + x->resv_pers + x->air_pers + x->th_pers + x->out_pers +
                   x->road_pers + x->back_pers;
        double v = x->wait_veh + x->resv_veh + x->air_veh + x->th_veh + x->out_veh +
                   x->road_veh + x->back_veh;
        if (fabs(p - cu->personnel) > eps || fabs(v - cu->vehicles) > eps)
            a->conservation++;
        const cs_ops_contingent *k = &o->cont[cu->c];
        bool gone = x->air_pers + x->air_veh + x->th_pers + x->th_veh > eps;
        if (gone && (!k->authorized || o->sched.now + eps < k->auth_t ||
                     o->sched.now + eps < cu->ready_t))
            a->early++;
    }
    for (uint32_t f = 0; f < g->nafs; f++)
        if (o->as[f].on_ground > g->afs[f].mog + eps)
            a->ground++;
    for (uint32_t i = 0; i < g->nac; i++) {
        const aircraft *ac = &o->ac[i];
        if (ac->unit < 0)
            continue;
        const cs_ops_unit *cu = &g->units[ac->unit];
        const cs_aircraft_type *t = g->ac[i].type;
        double w = ac->veh * cu->vehicle_t + ac->pers * cu->kit_t;
        if (ac->pers > t->seats + eps || w > t->payload_t + eps ||
            (t->vehicles >= 0 && ac->veh > t->vehicles + eps))
            a->load++;
    }
}
