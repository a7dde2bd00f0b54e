/*
 * gtk-vnc: utility functions shared by the libraries
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_UTIL_H
#define VNC_UTIL_H

#include <glib.h>

G_BEGIN_DECLS

void vnc_util_set_debug(gboolean enabled);
gboolean vnc_util_get_debug(void);

gint vnc_util_get_version(void);
const gchar *vnc_util_get_version_string(void);
gboolean vnc_util_check_version(gint major, gint minor, gint micro);

/* Debug output goes through GLib's log with our G_LOG_DOMAIN, and only
 * when enabled (vnc_util_set_debug, GTK_VNC_DEBUG=1, --gtk-vnc-debug). */

/**
 * VNC_DEBUG:
 * @fmt: a printf() format
 * @...: its arguments
 *
 * Logs a debug message with g_debug(), prefixed with the source file's
 * name, when vnc_util_get_debug() is on. Meant for the libraries
 * themselves; the message goes to the caller's G_LOG_DOMAIN.
 */
#define VNC_DEBUG(fmt, ...)                                     \
    do {                                                        \
        if (G_UNLIKELY(vnc_util_get_debug()))                   \
            g_debug(__FILE__ " " fmt, ## __VA_ARGS__);          \
    } while (0)

/* Reserved slots kept at the end of public class structures, so that the
 * layout stays compatible with programs built against gtk-vnc 1.x. */

/**
 * VNC_PADDING:
 *
 * The number of reserved pointers at the end of most public class
 * structures.
 */
#define VNC_PADDING 4

/**
 * VNC_PADDING_LARGE:
 *
 * The size of the reserve of pointers at the end of #VncConnectionClass
 * (part of which signals added since have taken).
 */
#define VNC_PADDING_LARGE 20

G_END_DECLS

#endif /* VNC_UTIL_H */
