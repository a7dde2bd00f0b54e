/*
 * gtk-vnc: utility functions shared by the libraries
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/**
 * SECTION:vncutil
 * @title: Utilities
 * @short_description: debug output and the library's version
 *
 * Debug messages of both gtk-vnc libraries can be turned on at run time
 * (as the environment variable GTK_VNC_DEBUG=1 and the widget's
 * --gtk-vnc-debug option do), and the version of the library in use
 * can be checked against the one a program needs.
 */
#include <config.h>

#include <string.h>
#ifdef HAVE_DLFCN_H
#include <dlfcn.h>
#endif

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

/* GLib 2.80 and later may read G_MESSAGES_DEBUG only once, at the first
 * message, and offer g_log_writer_default_set_debug_domains() to change
 * the list afterwards. We build against an older GLib, so look for it at
 * run time and hand it the list we just put in the environment. */
static void
vnc_util_update_glib_debug_domains(void)
{
#if defined(HAVE_DLFCN_H) && defined(RTLD_DEFAULT)
    typedef void (*SetDebugDomainsFunc)(const gchar *const *domains);
    SetDebugDomainsFunc set_domains;
    const char *current = g_getenv("G_MESSAGES_DEBUG");
    g_auto(GStrv) names = NULL;

    if (current == NULL || glib_check_version(2, 80, 0) != NULL)
        return;
    set_domains = (SetDebugDomainsFunc)dlsym(
        RTLD_DEFAULT, "g_log_writer_default_set_debug_domains");
    if (set_domains == NULL)
        return;
    names = g_strsplit_set(current, " ,:", -1);
    set_domains((const gchar *const *)names);
#endif
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
        vnc_util_update_glib_debug_domains();
    }
    vnc_debug_enabled = enabled ? TRUE : FALSE;
}

/**
 * vnc_util_get_debug:
 *
 * Tells whether debug output is on (see vnc_util_set_debug()).
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
