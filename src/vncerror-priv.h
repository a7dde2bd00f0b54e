/*
 * gtk-vnc: the error domain of everything that can end a connection
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_ERROR_PRIV_H
#define VNC_ERROR_PRIV_H

#include <glib.h>

G_BEGIN_DECLS

#define VNC_ERROR (vnc_error_quark())
GQuark vnc_error_quark(void);

typedef enum {
    VNC_ERROR_PROTOCOL,     /* the server sent something the protocol forbids */
    VNC_ERROR_UNSUPPORTED,  /* legal, but not something this client implements */
    VNC_ERROR_LIMIT,        /* a size or count beyond one of vnclimits-priv.h */
    VNC_ERROR_IO,           /* the socket failed */
    VNC_ERROR_CLOSED,       /* the server closed the connection */
    VNC_ERROR_AUTH,         /* authentication failed or was refused */
    VNC_ERROR_TLS,          /* a TLS or certificate problem */
    VNC_ERROR_CANCELLED,    /* the embedder shut the connection down */
} VncErrorCode;

G_END_DECLS

#endif /* VNC_ERROR_PRIV_H */
