/* fuzz_cli.c - libFuzzer target for the command line: options, arguments and commands.
 *
 * The input's first line is the command line after `casus`, split into words at spaces
 * and tabs (`run kaz-2022 --seed 7 --set crisis.kind=war --csv out`); the rest of the
 * input, if any, is written to the file in.yaml, which the words may name (`run in.yaml`,
 * `check in.yaml`). The command runs as `casus` runs it, through the command line's own
 * parse-and-run (src/cli/main.c, included here with its main renamed), with the shipped
 * library as its data, in a temporary folder that is emptied after every input.
 *
 * Words that would reach outside that folder are refused before anything runs: --data
 * (the library is fixed), and any absolute path or path through "..". Standard output
 * and error are the command's: fuzz/run.sh closes them (-close_fd_mask=3).
 *
 * The library's folder is CASUS_FUZZ_DATA (fuzz/run.sh and tests/CMakeLists.txt define
 * it), or $CASUS_DATA.
 */
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int casus_main(int argc, char **argv);

#define main casus_main
#include "../src/cli/main.c"
#undef main

#ifndef CASUS_FUZZ_DATA
#define CASUS_FUZZ_DATA "data"
#endif

enum { MAX_WORDS = 64, MAX_LINE = 4096 };

static char tmpdir[64] = "/tmp/casus-fuzz-cli-XXXXXX";
static bool ready;

static void die(const char *what)
{
    fprintf(stderr, "fuzz_cli: %s\n", what);
    abort();
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw);

/* At exit: the temporary folder goes. */
static void cleanup(void)
{
    if (chdir("/") == 0)
        nftw(tmpdir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    rmdir(tmpdir);
}

/* Once: the library as $CASUS_DATA (an absolute path: the commands run elsewhere), and
 * the temporary folder as the current one. */
static void setup(void)
{
    char lib[PATH_MAX];
    const char *env = getenv("CASUS_DATA");
    if (!realpath(env && *env ? env : CASUS_FUZZ_DATA, lib))
        die("no data library (set CASUS_DATA to the data folder)");
    if (setenv("CASUS_DATA", lib, 1) != 0 || !mkdtemp(tmpdir) || chdir(tmpdir) != 0)
        die("cannot make and enter a temporary folder");
    atexit(cleanup);
    ready = true;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    if (ftw->level > 0)
        remove(path);
    return 0;
}

/* A word that could read or write outside the temporary folder, or choose the library. */
static bool outside(const char *w)
{
    return strncmp(w, "--data", 6) == 0 || w[0] == '/' || strstr(w, "=/") ||
           strstr(w, "..");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ready)
        setup();
    const uint8_t *nl = memchr(data, '\n', size);
    size_t linelen = nl ? (size_t)(nl - data) : size;
    if (linelen >= MAX_LINE)
        return 0;
    char line[MAX_LINE];
    memcpy(line, data, linelen);
    line[linelen] = '\0';

    char prog[] = "casus";
    char *argv[MAX_WORDS + 2];
    int argc = 0;
    argv[argc++] = prog;
    for (char *p = line; *p;) {
        while (*p == ' ' || *p == '\t')
            *p++ = '\0';
        if (!*p)
            break;
        if (argc > MAX_WORDS)
            return 0;
        argv[argc++] = p;
        while (*p && *p != ' ' && *p != '\t')
            p++;
    }
    argv[argc] = NULL;
    for (int i = 1; i < argc; i++)
        if (outside(argv[i]))
            return 0;

    if (nl) {
        FILE *f = fopen("in.yaml", "wb");
        if (!f)
            die("cannot write in.yaml");
        fwrite(nl + 1, 1, size - linelen - 1, f);
        fclose(f);
    }
    fflush(stdout);
    casus_main(argc, argv);
    fflush(stdout);
    fflush(stderr);
    /* Empty the folder (what --csv wrote, in.yaml) for the next input. */
    nftw(".", remove_one, 16, FTW_DEPTH | FTW_PHYS);
    return 0;
}
