/*
 * gtk-vnc fuzzing: replays inputs through the fuzz target without
 * libFuzzer
 *
 * Built with the normal compiler by `make check`, which runs the seed
 * corpus and every kept reproducer (tests/fuzz/corpus/,
 * tests/fuzz/regressions/) as a test, and under valgrind by `make
 * check-valgrind`. Also the way to look at a crash without clang:
 *
 *   tests/fuzz/fuzz-standalone [--tap] [FILE-OR-DIRECTORY...]
 *
 * Without paths it runs the target's two directories of the source tree
 * ($G_TEST_SRCDIR/fuzz/FUZZ_CORPUS and fuzz/FUZZ_REGRESSIONS, which the
 * build defines for each target). Each file is one TAP test case. A finding
 * aborts the program (the target aborts, or the sanitizer does): the
 * line before the abort names the input.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "fuzz-target.h"

/* The seeds and the kept reproducers of the target this program is built
 * with, under $G_TEST_SRCDIR/fuzz (tests/fuzz.am). */
#ifndef FUZZ_CORPUS
# define FUZZ_CORPUS "corpus"
#endif
#ifndef FUZZ_REGRESSIONS
# define FUZZ_REGRESSIONS "regressions"
#endif

static int
compare_paths(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Adds @path, or the regular files in it (sorted, so that the test
 * numbers stay put). A directory that does not exist adds nothing:
 * there may be no reproducers yet. */
static gboolean
add_path(GPtrArray *files, const char *path, gboolean must_exist)
{
    if (g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
        g_ptr_array_add(files, g_strdup(path));
        return TRUE;
    }
    if (!g_file_test(path, G_FILE_TEST_IS_DIR)) {
        if (must_exist) {
            fprintf(stderr, "fuzz-standalone: %s: no such file or directory\n", path);
            return FALSE;
        }
        return TRUE;
    }

    GError *err = NULL;
    GDir *dir = g_dir_open(path, 0, &err);
    if (!dir) {
        fprintf(stderr, "fuzz-standalone: %s\n", err->message);
        g_error_free(err);
        return FALSE;
    }
    GPtrArray *found = g_ptr_array_new();
    const char *name;
    while ((name = g_dir_read_name(dir))) {
        char *file = g_build_filename(path, name, NULL);
        /* README and the like are not inputs. */
        if (name[0] != '.' && !g_str_has_suffix(name, ".md") &&
            g_file_test(file, G_FILE_TEST_IS_REGULAR))
            g_ptr_array_add(found, file);
        else
            g_free(file);
    }
    g_dir_close(dir);
    g_ptr_array_sort(found, compare_paths);
    for (guint i = 0; i < found->len; i++)
        g_ptr_array_add(files, found->pdata[i]);
    g_ptr_array_free(found, TRUE);
    return TRUE;
}

int
main(int argc, char **argv)
{
    GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
    gboolean explicit = FALSE;
    int status = 0;

    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-')
            continue;  /* --tap and the like: TAP is all we print */
        explicit = TRUE;
        if (!add_path(files, argv[i], TRUE))
            return 1;
    }
    if (!explicit) {
        const char *srcdir = g_getenv("G_TEST_SRCDIR");
        if (!srcdir)
            srcdir = ".";
        char *corpus = g_build_filename(srcdir, "fuzz", FUZZ_CORPUS, NULL);
        char *regressions = g_build_filename(srcdir, "fuzz", FUZZ_REGRESSIONS, NULL);
        gboolean ok = add_path(files, corpus, TRUE) && add_path(files, regressions, FALSE);
        g_free(corpus);
        g_free(regressions);
        if (!ok)
            return 1;
    }

    /* Test names relative to the source tree when they are in it. */
    const char *srcdir = g_getenv("G_TEST_SRCDIR");
    gsize prefix = srcdir ? strlen(srcdir) : 0;

    printf("1..%u\n", files->len);
    for (guint i = 0; i < files->len; i++) {
        const char *file = files->pdata[i];
        const char *name = file;
        char *data = NULL;
        gsize length = 0;
        GError *err = NULL;

        if (prefix && strncmp(file, srcdir, prefix) == 0 && file[prefix] == G_DIR_SEPARATOR)
            name = file + prefix + 1;
        if (!g_file_get_contents(file, &data, &length, &err)) {
            printf("not ok %u - %s: %s\n", i + 1, name, err->message);
            g_error_free(err);
            status = 1;
            continue;
        }
        /* Said before running, so that a crash names its input. */
        printf("# %s (%" G_GSIZE_FORMAT " bytes)\n", name, length);
        fflush(stdout);
        LLVMFuzzerTestOneInput((const uint8_t *)data, length);
        printf("ok %u - %s\n", i + 1, name);
        fflush(stdout);
        g_free(data);
    }
    g_ptr_array_free(files, TRUE);
    return status;
}
