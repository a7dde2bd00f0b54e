/*
 * gtk-vnc: utility functions shared by the libraries
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>

#include "vncutil.h"
#include "vncversion.h"

/* The log domains of our two libraries. GLib drops g_debug() output
 * unless its domain is named in G_MESSAGES_DEBUG, so turning debugging
 * on must also name these there, or VNC_DEBUG would print nothing. */
static const char *const vnc_debug_domains[] = { "gvnc", "gtk-vnc" };

static gboolean vnc_debug_enabled;

/* Adds @domain to G_MESSAGES_DEBUG unless it (or "all") is already
 * there. */
static void
vnc_util_enable_log_domain(const char *domain)
{
    const char *current = g_getenv("G_MESSAGES_DEBUG");
    g_autofree char *updated = NULL;

    if (current != NULL && *current != '\0') {
        g_auto(GStrv) names = g_strsplit_set(current, " ,:", -1);
        for (gsize i = 0; names[i] != NULL; i++) {
            if (g_str_equal(names[i], "all") || g_str_equal(names[i], domain))
                return;
        }
        updated = g_strconcat(current, " ", domain, NULL);
    } else {
        updated = g_strdup(domain);
    }
    g_setenv("G_MESSAGES_DEBUG", updated, TRUE);
}

/* Reads GTK_VNC_DEBUG once, the first time anyone asks. */
static void
vnc_util_debug_init(void)
{
    static gsize initialized;

    if (g_once_init_enter(&initialized)) {
        const char *env = g_getenv("GTK_VNC_DEBUG");
        if (env != NULL && g_str_equal(env, "1"))
            vnc_util_set_debug(TRUE);
        g_once_init_leave(&initialized, 1);
    }
}

/**
 * vnc_util_set_debug:
 * @enabled: whether to print debug messages
 *
 * Turns debug output of the gtk-vnc libraries on or off. It is also on
 * when the environment variable GTK_VNC_DEBUG is "1" at startup.
 *
 * Turning it on adds the libraries' log domains to G_MESSAGES_DEBUG so
 * that GLib's default log handler prints their messages. Changing the
 * environment is not thread-safe, so call this early, before other
 * threads run.
 */
void
vnc_util_set_debug(gboolean enabled)
{
    if (enabled) {
        for (gsize i = 0; i < G_N_ELEMENTS(vnc_debug_domains); i++)
            vnc_util_enable_log_domain(vnc_debug_domains[i]);
    }
    vnc_debug_enabled = enabled ? TRUE : FALSE;
}

/**
 * vnc_util_get_debug:
 *
 * Returns: whether debug output of the gtk-vnc libraries is on
 */
gboolean
vnc_util_get_debug(void)
{
    vnc_util_debug_init();
    return vnc_debug_enabled;
}

/**
 * vnc_util_get_version:
 *
 * The version of the library at run time, as one number:
 * major << 16 | minor << 8 | micro.
 *
 * Returns: the version number
 */
gint
vnc_util_get_version(void)
{
    return (VNC_MAJOR_VERSION << 16) |
        (VNC_MINOR_VERSION << 8) |
        VNC_MICRO_VERSION;
}

/**
 * vnc_util_get_version_string:
 *
 * The version of the library at run time, as text.
 *
 * Returns: (transfer none): the version, "major.minor.micro"
 */
const gchar *
vnc_util_get_version_string(void)
{
    return PACKAGE_VERSION;
}

/**
 * vnc_util_check_version:
 * @major: the major version wanted
 * @minor: the minor version wanted
 * @micro: the micro version wanted
 *
 * The run-time counterpart of VNC_CHECK_VERSION().
 *
 * Returns: %TRUE if the library is at least version @major.@minor.@micro
 */
gboolean
vnc_util_check_version(gint major, gint minor, gint micro)
{
    if (VNC_MAJOR_VERSION != major)
        return VNC_MAJOR_VERSION > major;
    if (VNC_MINOR_VERSION != minor)
        return VNC_MINOR_VERSION > minor;
    return VNC_MICRO_VERSION >= micro;
}
