/* libFuzzer target for the loader: the input is one YAML file, loaded together with a small
 * library so that references can resolve and the link and timeline checks run too. Any
 * outcome but a crash, a leak or undefined behaviour is fine. */
#include "load/load.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const library[] = {
    "casus: 1\nkind: sources\nsources:\n"
    "  - {id: s1, type: seed, ref: seeds/x.txt, title: A source}\n",
    "casus: 1\nkind: vocabulary\nfacts:\n"
    "  - {path: crisis.kind, type: string, values: [riot, war], doc: kind}\n"
    "  - {path: crisis.border_violation, type: bool, default: false, doc: b}\n",
    "casus: 1\nkind: state\nid: AAA\nname: Alpha\ngovernment: presidential\n"
    "capital: {name: A, lat: 0, lon: 0}\nutc_offset: \"+01:00\"\nsource: s1\n",
    "casus: 1\nkind: catalog\nunit_types: [{id: u, name: U, readiness_h: 1, kit_t: 0,"
    " vehicle_t: 1, source: s1}]\nsite_kinds: [{id: k, name: K, guard_personnel: 1,"
    " frees_host: 1, source: s1}]\n",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cs_diags d;
    cs_diags_init(&d);
    cs_loader *l = cs_loader_new(&d);
    if (!l)
        return 0;
    for (size_t i = 0; i < sizeof library / sizeof *library; i++)
        cs_loader_add_buffer(l, "lib.yaml", library[i], strlen(library[i]));
    cs_loader_add_buffer(l, "fuzz.yaml", (const char *)data, size);
    cs_model *m = cs_loader_finish(l);
    cs_model_free(m);
    cs_diags_free(&d);
    return 0;
}
