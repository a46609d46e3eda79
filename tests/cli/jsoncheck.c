/* jsoncheck - for tests: parse JSON on standard input and check paths.
 *
 * usage: jsoncheck [PATH=VALUE | PATH?]...
 * A PATH is keys and array indices joined by '.' (politics.reasons.0.factor). PATH=VALUE
 * checks that the value there, printed as text (strings bare, numbers as %g, true/false,
 * null), equals VALUE; PATH? checks only that it exists. Exit 0 when the input parses and
 * every check holds; 1 with a message otherwise.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *walk(json_t *j, const char *path)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf, *next; j && p; p = next) {
        next = strchr(p, '.');
        if (next)
            *next++ = '\0';
        if (json_is_array(j)) {
            char *end;
            long i = strtol(p, &end, 10);
            j = *end ? NULL : json_array_get(j, (size_t)i);
        } else
            j = json_object_get(j, p);
    }
    return j;
}

static void text(json_t *v, char *buf, size_t n)
{
    if (json_is_string(v))
        snprintf(buf, n, "%s", json_string_value(v));
    else if (json_is_number(v))
        snprintf(buf, n, "%g", json_number_value(v));
    else if (json_is_true(v))
        snprintf(buf, n, "true");
    else if (json_is_false(v))
        snprintf(buf, n, "false");
    else if (json_is_null(v))
        snprintf(buf, n, "null");
    else
        snprintf(buf, n, "(%s)", json_is_array(v) ? "array" : "object");
}

int main(int argc, char **argv)
{
    json_error_t err;
    json_t *root = json_loadf(stdin, 0, &err);
    if (!root) {
        fprintf(stderr, "jsoncheck: invalid JSON at line %d: %s\n", err.line, err.text);
        return 1;
    }
    int bad = 0;
    for (int i = 1; i < argc; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s", argv[i]);
        char *eq = strchr(path, '=');
        size_t len = strlen(path);
        bool exists_only = !eq && len && path[len - 1] == '?';
        if (exists_only)
            path[len - 1] = '\0';
        else if (eq)
            *eq = '\0';
        json_t *v = walk(root, path);
        if (!v) {
            fprintf(stderr, "jsoncheck: no %s\n", path);
            bad = 1;
            continue;
        }
        if (eq) {
            char got[512];
            text(v, got, sizeof got);
            if (strcmp(got, eq + 1) != 0) {
                fprintf(stderr, "jsoncheck: %s is %s, expected %s\n", path, got, eq + 1);
                bad = 1;
            }
        }
    }
    json_decref(root);
    return bad;
}
