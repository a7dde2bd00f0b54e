/*
 * gtk-vnc: the socket transport, the bottom layer of a network stream
 *
 * It talks to the file descriptor directly with non-blocking recv/send:
 * that gives the OS's own words for errors ("Connection reset by peer")
 * and costs no GError allocation on the would-block path beyond the one
 * the stream needs to see.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <errno.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "vncstream-priv.h"
#include "vncerror-priv.h"

/* Writing to a socket the peer has closed must give EPIPE, not kill the
 * application with SIGPIPE. (Where MSG_NOSIGNAL is missing, GSocket sets
 * SO_NOSIGPIPE on the socket instead.) */
#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0
#endif
#ifndef MSG_DONTWAIT
#define MSG_DONTWAIT 0
#endif

static gboolean
vnc_stream_socket_would_block(int errsv, GError **err)
{
    if (errsv == EAGAIN || errsv == EWOULDBLOCK) {
        g_set_error_literal(err, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK,
                            "The socket is not ready");
        return TRUE;
    }
    return FALSE;
}

/* A reset or a broken pipe is the server going away, and says so. */
static void
vnc_stream_socket_error(int errsv, const char *doing, GError **err)
{
    if (errsv == EPIPE || errsv == ECONNRESET)
        g_set_error_literal(err, VNC_ERROR, VNC_ERROR_CLOSED,
                            "The server closed the connection");
    else
        g_set_error(err, VNC_ERROR, VNC_ERROR_IO, "Cannot %s the server: %s",
                    doing, g_strerror(errsv));
}

/* The rows of a rectangle, received in one system call. */
static gssize
vnc_stream_socket_recv_vectors(VncStreamLayer *layer, GInputVector *vectors,
                               guint n_vectors, GError **err)
{
    int fd = g_socket_get_fd(layer->data);
    struct iovec iov[64];
    struct msghdr msg = { 0 };

    n_vectors = MIN(n_vectors, G_N_ELEMENTS(iov));
    for (guint i = 0; i < n_vectors; i++) {
        iov[i].iov_base = vectors[i].buffer;
        iov[i].iov_len = vectors[i].size;
    }
    msg.msg_iov = iov;
    msg.msg_iovlen = n_vectors;

    for (;;) {
        ssize_t got = recvmsg(fd, &msg, MSG_DONTWAIT);
        int errsv = errno;

        if (got >= 0)
            return got;
        if (errsv == EINTR)
            continue;
        if (!vnc_stream_socket_would_block(errsv, err))
            vnc_stream_socket_error(errsv, "read from", err);
        return -1;
    }
}

static gssize
vnc_stream_socket_recv(VncStreamLayer *layer, guint8 *buf, gsize len, GError **err)
{
    GInputVector vector = { buf, len };

    return vnc_stream_socket_recv_vectors(layer, &vector, 1, err);
}

static gssize
vnc_stream_socket_send(VncStreamLayer *layer, const guint8 *buf, gsize len, GError **err)
{
    int fd = g_socket_get_fd(layer->data);

    for (;;) {
        ssize_t sent = send(fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL);
        int errsv = errno;

        if (sent >= 0)
            return sent;
        if (errsv == EINTR)
            continue;
        if (!vnc_stream_socket_would_block(errsv, err))
            vnc_stream_socket_error(errsv, "send to", err);
        return -1;
    }
}

static const VncStreamLayerFuncs vnc_stream_socket_funcs = {
    .name = "socket",
    .recv = vnc_stream_socket_recv,
    .send = vnc_stream_socket_send,
    .pending = NULL,
    .free = g_object_unref,
    .recv_vectors = vnc_stream_socket_recv_vectors,
};

VncStream *
vnc_stream_new_socket(GSocket *socket)
{
    g_return_val_if_fail(G_IS_SOCKET(socket), NULL);

    /* GSocket keeps the descriptor non-blocking underneath anyway; this
     * makes its own calls (condition waits aside) behave the same. */
    g_socket_set_blocking(socket, FALSE);
    return vnc_stream_new_transport(&vnc_stream_socket_funcs, g_object_ref(socket), socket);
}
