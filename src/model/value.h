/* value.h - the values facts hold and expressions compute.
 *
 * A cs_value does not own what it points to: strings and list items live in the model's
 * arena (facts) or in a compiled expression's constant pool.
 */
#ifndef CS_VALUE_H
#define CS_VALUE_H

#include "support/date.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum cs_vkind {
    CS_V_NONE = 0,   /* absent / unknown */
    CS_V_BOOL,
    CS_V_NUM,
    CS_V_STR,
    CS_V_DATE,
    CS_V_LIST,
} cs_vkind;

typedef struct cs_value {
    cs_vkind kind;
    union {
        bool b;
        double num;
        const char *str;
        cs_time t;
        struct {
            const struct cs_value *items;
            uint32_t n;
        } list;
    };
} cs_value;

const char *cs_vkind_name(cs_vkind k);
bool cs_value_equal(const cs_value *a, const cs_value *b);
/* Render for reports: true, 12, 'text', 2022-01-05, [a, b]. Truncates to n. */
void cs_value_format(const cs_value *v, char *buf, size_t n);
/* The value of a plain (unquoted) YAML scalar as a list item or untyped fact reads it:
 * true or false, else a number, else a date (day or minute), else the string s itself
 * (not copied). The rule of the loader's scalar_value, for --set list items. */
cs_value cs_value_plain(const char *s);

#endif
