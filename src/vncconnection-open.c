/*
 * gtk-vnc: reaching the server: a host and port, a socket address
 * (TCP or unix), or a socket the embedder already connected
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

#include <gio/gunixsocketaddress.h>

#include "vncconnection-priv.h"

/* VNC_CONNECT_TIMEOUT_SECONDS, or a shorter time a test set: the
 * timeout test (tests/test-protocol-connect-timeout.c) cannot wait half
 * a minute. Not exported; real embedders get the constant. */
static guint connect_timeout_seconds = VNC_CONNECT_TIMEOUT_SECONDS;

void
vnc_connection_priv_set_connect_timeout(guint seconds)
{
    connect_timeout_seconds = seconds ? seconds : VNC_CONNECT_TIMEOUT_SECONDS;
}

/* The outcome of an asynchronous connect, filled in by its callback
 * while the coroutine waits. */
typedef struct {
    VncCoroutine *waiting;
    gboolean done;
    GSocketConnection *result;
    GError *error;
    /* The connect's own: cancelled by the timeout, or when the
     * connection's is (the embedder shut it down). */
    GCancellable *cancellable;
    gboolean timed_out;
} VncConnectWait;

static void
connect_done(GObject *source, GAsyncResult *res, gpointer data)
{
    VncConnectWait *wait = data;

    wait->result = g_socket_client_connect_finish(G_SOCKET_CLIENT(source), res,
                                                  &wait->error);
    wait->done = TRUE;
    vnc_coroutine_enter(wait->waiting, NULL);
}

static gboolean
connect_timed_out(gpointer data)
{
    VncConnectWait *wait = data;

    wait->timed_out = TRUE;
    g_cancellable_cancel(wait->cancellable);
    return G_SOURCE_REMOVE;
}

static void
connect_cancelled(GCancellable *connection_cancellable, gpointer data)
{
    g_cancellable_cancel(data);
}

/* Accepts "host", "[v6 literal]" and "v6 literal" alike. */
static char *
strip_brackets(const char *host)
{
    gsize len = strlen(host);

    if (len >= 2 && host[0] == '[' && host[len - 1] == ']')
        return g_strndup(host + 1, len - 2);
    return g_strdup(host);
}

static GSocketConnectable *
target_connectable(VncConnectionTarget *target, GError **err)
{
    guint64 port;

    if (target->addr)
        return G_SOCKET_CONNECTABLE(g_object_ref(target->addr));

    if (!g_ascii_string_to_unsigned(target->port, 10, 1, 65535, &port, NULL)) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_IO,
                    "'%s' is not a valid port number", target->port);
        return NULL;
    }
    g_autofree char *host = strip_brackets(target->host);
    return g_network_address_new(host, port);
}

static char *
describe_target(VncConnectionTarget *target)
{
    if (target->host)
        return g_strdup_printf("%s port %s", target->host, target->port);
    if (target->addr && G_IS_UNIX_SOCKET_ADDRESS(target->addr))
        return g_strdup(g_unix_socket_address_get_path(G_UNIX_SOCKET_ADDRESS(target->addr)));
    if (target->addr)
        return g_socket_connectable_to_string(G_SOCKET_CONNECTABLE(target->addr));
    return g_strdup("the server");
}

/* coroutine context */
static GSocket *
connect_socket(VncConnection *conn, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;
    VncConnectWait wait = { .waiting = vnc_coroutine_self() };

    g_autoptr(GSocketConnectable) connectable = target_connectable(&priv->target, err);
    if (!connectable)
        return NULL;

    /* The timeout is ours, over the whole connect (the name lookup and
     * every address the name has; GSocketClient tries them in parallel,
     * a quarter of a second apart, and needs no timeout to move on).
     * Not g_socket_client_set_timeout(): GLib 2.74's GSocketClient
     * leaks the state of an attempt that times out, and cancelling does
     * not. */
    guint timeout = connect_timeout_seconds;
    wait.cancellable = g_cancellable_new();
    gulong forward = g_cancellable_connect(priv->cancellable, G_CALLBACK(connect_cancelled),
                                           wait.cancellable, NULL);
    guint timer = g_timeout_add((guint64)timeout * 1000 > G_MAXUINT ? G_MAXUINT : timeout * 1000,
                                connect_timed_out, &wait);

    g_autoptr(GSocketClient) client = g_socket_client_new();
    g_socket_client_connect_async(client, connectable, wait.cancellable,
                                  connect_done, &wait);
    while (!wait.done)
        vnc_coroutine_yield(NULL);

    if (!wait.timed_out)
        g_source_remove(timer);
    g_cancellable_disconnect(priv->cancellable, forward);
    g_clear_object(&wait.cancellable);

    if (!wait.result) {
        g_autofree char *where = describe_target(&priv->target);
        if (g_cancellable_is_cancelled(priv->cancellable)) {
            g_set_error_literal(err, VNC_ERROR, VNC_ERROR_CANCELLED,
                                "The connection was closed");
        } else if (wait.timed_out &&
                   g_error_matches(wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
            if (timeout == 1)
                g_set_error(err, VNC_ERROR, VNC_ERROR_IO,
                            "Unable to connect to %s: no answer within 1 second", where);
            else
                g_set_error(err, VNC_ERROR, VNC_ERROR_IO,
                            "Unable to connect to %s: no answer within %u seconds",
                            where, timeout);
        } else {
            g_set_error(err, VNC_ERROR, VNC_ERROR_IO, "Unable to connect to %s: %s",
                        where, wait.error->message);
        }
        g_clear_error(&wait.error);
        return NULL;
    }

    priv->socket_conn = wait.result;
    return g_object_ref(g_socket_connection_get_socket(wait.result));
}

/* coroutine context */
gboolean
vnc_connection_priv_connect(VncConnection *conn, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;
    GSocket *socket;

    if (priv->target.fd >= 0) {
        socket = g_socket_new_from_fd(priv->target.fd, err);
        if (!socket) {
            g_prefix_error(err, "The socket handed to the connection is unusable: ");
            return FALSE;
        }
        /* The GSocket owns (and will close) the fd from now on. */
        priv->target.fd = -1;
    } else {
        socket = connect_socket(conn, err);
        if (!socket)
            return FALSE;
    }

    /* Small input messages (keys, pointer) must leave at once. */
    if (g_socket_get_family(socket) == G_SOCKET_FAMILY_IPV4 ||
        g_socket_get_family(socket) == G_SOCKET_FAMILY_IPV6)
        g_socket_set_option(socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);

    priv->socket = socket;
    priv->stream = vnc_stream_new_socket(socket);
    VNC_DEBUG("Connected");
    return TRUE;
}
