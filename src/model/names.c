#include "model/names.h"

#include <string.h>

const cs_builtin cs_builtins[CS_NBUILTIN] = {
    [CS_SLOT_HOST] = {"host", CS_T_STATE, "the host state of the scenario"},
    [CS_SLOT_LEAD] = {"lead", CS_T_STATE, "the alliance's lead state"},
    [CS_SLOT_ALLIANCE] = {"alliance", CS_T_STR, "the alliance's id"},
    [CS_SLOT_DATE] = {"date", CS_T_DATE, "the moment evaluated (the request, or the start)"},
    [CS_SLOT_REQ_MADE] = {"request.made", CS_T_BOOL,
                          "the host asked the alliance for aid or consultations"},
    [CS_SLOT_REQ_KIND] = {"request.kind", CS_T_STR,
                          "aid, consultations, informal (a plea outside the procedure) or none"},
    [CS_SLOT_REQ_FORMAL] = {"request.formal", CS_T_BOOL, "the request was formal"},
    [CS_SLOT_REQ_BY] = {"request.by", CS_T_STATE, "the state that asked"},
    [CS_SLOT_REQ_UNDER] = {"request.under", CS_T_STR, "the clause invoked"},
    [CS_SLOT_MEMBER] = {"member", CS_T_STATE, "the member whose position is weighed"},
    [CS_SLOT_TRIGGERED] = {"law.triggered", CS_T_BOOL,
                           "the clause invoked by the request is triggered"},
    [CS_SLOT_LEAD_POSITION] = {"lead.position", CS_T_NUM,
                               "the lead state's position: 1 support, 0 abstain, -1 oppose"},
};

int cs_slot_index(const cs_model *m, const char *name)
{
    for (int i = 0; i < CS_NBUILTIN; i++)
        if (strcmp(cs_builtins[i].name, name) == 0)
            return i;
    if (m->byid[CS_K_VOCAB]) {   /* a loaded model: its sorted index */
        const cs_vocab *v = cs_model_vocab(m, name);
        return v ? (int)(CS_NBUILTIN + v->index) : -1;
    }
    for (uint32_t i = 0; i < m->nvocab; i++)
        if (strcmp(m->vocab[i]->path, name) == 0)
            return (int)(CS_NBUILTIN + i);
    return -1;
}
