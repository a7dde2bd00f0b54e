/*
 * gtk-vnc tests: version and debug functions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "vncutil.h"
#include "vncversion.h"

static void
test_version(void)
{
    g_autofree char *text = g_strdup_printf("%d.%d.%d", VNC_MAJOR_VERSION,
                                            VNC_MINOR_VERSION,
                                            VNC_MICRO_VERSION);

    g_assert_cmphex(vnc_util_get_version(), ==,
                    (VNC_MAJOR_VERSION << 16) | (VNC_MINOR_VERSION << 8) |
                    VNC_MICRO_VERSION);
    g_assert_cmpstr(vnc_util_get_version_string(), ==, text);
    g_assert_cmpstr(vnc_util_get_version_string(), ==, PACKAGE_VERSION);
}

static void
test_check_version(void)
{
    const int major = VNC_MAJOR_VERSION, minor = VNC_MINOR_VERSION,
        micro = VNC_MICRO_VERSION;

    g_assert_true(vnc_util_check_version(major, minor, micro));
    g_assert_true(vnc_util_check_version(0, 0, 0));
    g_assert_true(vnc_util_check_version(major - 1, 99, 99));
    g_assert_true(vnc_util_check_version(major, minor, 0));
    if (micro > 0)
        g_assert_true(vnc_util_check_version(major, minor, micro - 1));
    g_assert_false(vnc_util_check_version(major, minor, micro + 1));
    g_assert_false(vnc_util_check_version(major, minor + 1, 0));
    g_assert_false(vnc_util_check_version(major + 1, 0, 0));

    /* The run-time check agrees with the compile-time one. */
    g_assert_true(VNC_CHECK_VERSION(major, minor, micro));
    g_assert_false(VNC_CHECK_VERSION(major, minor, micro + 1));
}

/* Each debug test runs its body in a child process (the same test,
 * started again by g_test_trap_subprocess), so that the child reads an
 * environment the parent chose, once, as a real program would. */

/* GTK_VNC_DEBUG=1 turns debugging on, and the messages of both our log
 * domains are then printed (GLib drops them otherwise). */
static void
test_debug_from_env(void)
{
    if (g_test_subprocess()) {
        g_assert_true(vnc_util_get_debug());
        g_log("gvnc", G_LOG_LEVEL_DEBUG, "message from gvnc");
        g_log("gtk-vnc", G_LOG_LEVEL_DEBUG, "message from gtk-vnc");
        return;
    }
    g_setenv("GTK_VNC_DEBUG", "1", TRUE);
    g_unsetenv("G_MESSAGES_DEBUG");
    g_test_trap_subprocess(NULL, 0, 0);
    g_unsetenv("GTK_VNC_DEBUG");
    g_test_trap_assert_passed();
    g_test_trap_assert_stdout("*message from gvnc*");
    g_test_trap_assert_stdout("*message from gtk-vnc*");
}

static void
test_debug_off(void)
{
    if (g_test_subprocess()) {
        g_assert_false(vnc_util_get_debug());
        g_log("gvnc", G_LOG_LEVEL_DEBUG, "message from gvnc");
        return;
    }
    g_unsetenv("GTK_VNC_DEBUG");
    g_unsetenv("G_MESSAGES_DEBUG");
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_passed();
    g_test_trap_assert_stdout_unmatched("*message from gvnc*");
}

/* vnc_util_set_debug(TRUE) adds our domains to what the user already
 * asked for, without losing it, and FALSE turns it off again. */
static void
test_debug_set(void)
{
    if (g_test_subprocess()) {
        vnc_util_set_debug(TRUE);
        g_assert_true(vnc_util_get_debug());
        g_assert_nonnull(strstr(g_getenv("G_MESSAGES_DEBUG"), "something"));
        g_log("gvnc", G_LOG_LEVEL_DEBUG, "message from gvnc");
        /* Domains nobody asked for stay quiet. */
        g_log("other", G_LOG_LEVEL_DEBUG, "message from other");
        vnc_util_set_debug(FALSE);
        g_assert_false(vnc_util_get_debug());
        return;
    }
    g_unsetenv("GTK_VNC_DEBUG");
    g_setenv("G_MESSAGES_DEBUG", "something", TRUE);
    g_test_trap_subprocess(NULL, 0, 0);
    g_unsetenv("G_MESSAGES_DEBUG");
    g_test_trap_assert_passed();
    g_test_trap_assert_stdout("*message from gvnc*");
    g_test_trap_assert_stdout_unmatched("*message from other*");
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/util/version", test_version);
    g_test_add_func("/util/check-version", test_check_version);
    g_test_add_func("/util/debug/from-env", test_debug_from_env);
    g_test_add_func("/util/debug/off", test_debug_off);
    g_test_add_func("/util/debug/set", test_debug_set);

    return g_test_run();
}
