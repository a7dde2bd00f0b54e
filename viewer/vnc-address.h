/*
 * gtk-vnc tools: the server argument of gvncviewer and gvnccapture
 *
 * Both tools name a server the same way; this is the one parser they
 * share. Accepted forms:
 *
 *   HOST               display 0 (port 5900), or the tool's --port
 *   HOST:DISPLAY       port 5900 + DISPLAY
 *   HOST::PORT         that TCP port
 *   [IPV6]...          any of the above with a bracketed IPv6 address
 *   vnc://HOST[:PORT]  a VNC URI (RFC 7869): PORT is a TCP port, 5900 when
 *                      left out; vnc://USER@HOST names the user too, and
 *                      vnc://[IPV6]:PORT takes an IPv6 address
 *   PATH               a unix socket, when the argument contains a '/'
 *                      and is not a URI
 *
 * An empty HOST means localhost.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_ADDRESS_H
#define VNC_ADDRESS_H

#include <glib.h>

G_BEGIN_DECLS

/* VNC displays are numbered from this TCP port on. */
#define VNC_ADDRESS_BASE_PORT 5900

typedef struct {
    char *host;         /* NULL for a unix socket */
    char *port;         /* the TCP port as text; NULL for a unix socket */
    char *socket_path;  /* NULL for TCP */
    char *username;     /* from vnc://USER@HOST, or NULL */
    char *label;        /* the argument as given, for messages */
} VncAddress;

/* Errors are in G_OPTION_ERROR: a bad address is a bad command line.
 * @port_option is the tool's --port (0 when not given); giving a port
 * both there and in @text is an error. */
VncAddress *vnc_address_parse(const char *text, int port_option, GError **err);
void vnc_address_free(VncAddress *address);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(VncAddress, vnc_address_free)

G_END_DECLS

#endif /* VNC_ADDRESS_H */
