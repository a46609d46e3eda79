#include "model/value.h"
#include "support/num.h"

#include <stdio.h>
#include <string.h>

const char *cs_vkind_name(cs_vkind k)
{
    switch (k) {
    case CS_V_NONE: return "nothing";
    case CS_V_BOOL: return "bool";
    case CS_V_NUM: return "number";
    case CS_V_STR: return "string";
    case CS_V_DATE: return "date";
    case CS_V_LIST: return "list";
    }
    return "?";
}

bool cs_value_equal(const cs_value *a, const cs_value *b)
{
    if (a->kind != b->kind)
        return false;
    switch (a->kind) {
    case CS_V_NONE: return true;
    case CS_V_BOOL: return a->b == b->b;
    case CS_V_NUM: return a->num == b->num;
    case CS_V_STR: return strcmp(a->str, b->str) == 0;
    case CS_V_DATE: return a->t.min == b->t.min;
    case CS_V_LIST:
        if (a->list.n != b->list.n)
            return false;
        for (uint32_t i = 0; i < a->list.n; i++)
            if (!cs_value_equal(&a->list.items[i], &b->list.items[i]))
                return false;
        return true;
    }
    return false;
}

void cs_value_format(const cs_value *v, char *buf, size_t n)
{
    if (n == 0)
        return;
    buf[0] = '\0';
    switch (v->kind) {
    case CS_V_NONE: snprintf(buf, n, "unknown"); break;
    case CS_V_BOOL: snprintf(buf, n, "%s", v->b ? "true" : "false"); break;
    case CS_V_NUM: snprintf(buf, n, "%.10g", v->num); break;
    case CS_V_STR: snprintf(buf, n, "%s", v->str); break;
    case CS_V_DATE: cs_date_format(v->t, buf, n); break;
    case CS_V_LIST: {
        size_t used = (size_t)snprintf(buf, n, "[");
        for (uint32_t i = 0; i < v->list.n && used < n; i++) {
            if (i)
                used += (size_t)snprintf(buf + used, n - used, ", ");
            if (used >= n)
                break;
            cs_value_format(&v->list.items[i], buf + used, n - used);
            used += strlen(buf + used);
        }
        if (used < n)
            snprintf(buf + used, n - used, "]");
        break;
    }
    }
}

cs_value cs_value_plain(const char *s)
{
    const char *err;
    size_t pos;
    double x;
    cs_time t;
    if (strcmp(s, "true") == 0 || strcmp(s, "false") == 0)
        return (cs_value){.kind = CS_V_BOOL, .b = s[0] == 't'};
    if (cs_num_real(s, &x, &err, &pos))
        return (cs_value){.kind = CS_V_NUM, .num = x};
    if (cs_date_parse(s, CS_PREC_DAY | CS_PREC_MINUTE, &t, &err, &pos))
        return (cs_value){.kind = CS_V_DATE, .t = t};
    return (cs_value){.kind = CS_V_STR, .str = s};
}
