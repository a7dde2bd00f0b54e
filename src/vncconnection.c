/*
 * gtk-vnc: VncConnection, its GObject side and the life of a session
 *
 * A session runs in one coroutine, from vnc_connection_open_*() until
 * vnc-disconnected: connect, handshake, then the server message loop.
 * Public functions called by the embedder run in the main context; the
 * ones that send a message only append it to the stream's output buffer
 * and wake the coroutine, which does all socket I/O.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/**
 * SECTION:vncconnection
 * @title: VncConnection
 * @short_description: a session with a VNC server
 * @see_also: #VncFramebuffer, #VncBaseFramebuffer
 *
 * A #VncConnection speaks the RFB protocol to one VNC server: it
 * connects, agrees on a protocol version and a security type, asks the
 * embedder for whatever credentials that needs, and then decodes the
 * server's framebuffer updates into a #VncFramebuffer the embedder
 * provides. It needs nothing but GLib and runs in the thread of the
 * default #GMainContext: all network I/O happens there without blocking,
 * and every signal is emitted there.
 *
 * A session goes through these steps:
 *
 * - vnc_connection_new(), then any settings that must be known before
 *   the handshake: vnc_connection_set_shared(), the TLS files
 *   (vnc_connection_set_tls_ca_file() and its siblings),
 *   vnc_connection_set_require_encryption(), and credentials known in
 *   advance (vnc_connection_set_credential()).
 * - vnc_connection_open_host(), vnc_connection_open_addr() or
 *   vnc_connection_open_fd(). Opening returns at once; the connection is
 *   made from the main loop, so handlers connected right after opening
 *   see every signal.
 * - #VncConnection::vnc-connected once the transport is up, then the
 *   security handshake: #VncConnection::vnc-auth-choose-type (and
 *   #VncConnection::vnc-auth-choose-subtype for VeNCrypt) let the
 *   embedder pick a security type, #VncConnection::vnc-auth-credential
 *   asks for a password or user name, #VncConnection::vnc-auth-certificate
 *   asks whether to trust a certificate that failed its checks, and
 *   #VncConnection::vnc-auth-failure reports a refusal.
 * - #VncConnection::vnc-initialized once the server has described its
 *   desktop (vnc_connection_get_width(), vnc_connection_get_height(),
 *   vnc_connection_get_name(), vnc_connection_get_pixel_format()). The
 *   handler must give the connection a framebuffer of that size with
 *   vnc_connection_set_framebuffer(), should choose encodings with
 *   vnc_connection_set_encodings() and, if it wants pixels in another
 *   format, vnc_connection_set_pixel_format(); then it asks for the
 *   screen with vnc_connection_framebuffer_update_request().
 * - While the session lasts, #VncConnection::vnc-framebuffer-update
 *   names each rectangle that changed in the framebuffer. The
 *   connection asks for the next update itself after each one (or lets
 *   the server send them unasked, where it supports continuous
 *   updates). The embedder sends input with vnc_connection_key_event(),
 *   vnc_connection_pointer_event() and vnc_connection_client_cut_text().
 *   #VncConnection::vnc-desktop-resize and
 *   #VncConnection::vnc-pixel-format-changed mean the framebuffer must
 *   be replaced.
 * - The session ends when vnc_connection_shutdown() is called, when the
 *   server closes it, or on an error: #VncConnection::vnc-error carries
 *   a sentence saying what went wrong, and #VncConnection::vnc-disconnected
 *   always comes last. The same object may then be opened again.
 *
 * Data from the server is never trusted: a malformed or oversized
 * message ends the session with #VncConnection::vnc-error instead of
 * being used.
 */
#include <config.h>

#include <string.h>
#include <unistd.h>
#include <gobject/gvaluecollector.h>

#include "vncconnection-priv.h"
#include "vncconnectionenums.h"

/**
 * VncConnection:
 *
 * A connection to one VNC server. Its fields are private.
 */

enum {
    PROP_0,
    PROP_FRAMEBUFFER,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];
static guint signals[VNC_N_SIGNALS];

G_DEFINE_TYPE_WITH_PRIVATE(VncConnection, vnc_connection, G_TYPE_OBJECT)

/* Signal emission: handlers always run in the main context. */

static void emit_values(VncConnection *conn, gpointer data);

#define VNC_MAX_SIGNAL_PARAMS 4

typedef struct {
    GValue values[1 + VNC_MAX_SIGNAL_PARAMS];  /* the instance, then the parameters */
    guint n_values;
    guint signal_id;
    GValue *return_value;                      /* NULL for signals without one */
} VncEmission;

static void
emit_values(VncConnection *conn, gpointer data)
{
    VncEmission *emission = data;

    g_signal_emitv(emission->values, emission->signal_id, 0, emission->return_value);
}

/* coroutine context, or main context: what both emit helpers share. */
static void
emit_valist(VncConnection *conn, guint signal_id, GValue *return_value, va_list args)
{
    VncEmission emission = { .signal_id = signal_id, .return_value = return_value };
    GSignalQuery query;

    g_signal_query(emission.signal_id, &query);
    g_return_if_fail(query.n_params <= VNC_MAX_SIGNAL_PARAMS);

    g_value_init(&emission.values[0], VNC_TYPE_CONNECTION);
    g_value_set_object(&emission.values[0], conn);
    emission.n_values = 1;

    for (guint i = 0; i < query.n_params; i++) {
        GType type = query.param_types[i] & ~G_SIGNAL_TYPE_STATIC_SCOPE;
        g_autofree gchar *collect_error = NULL;

        /* The emission finishes before this function returns, so the
         * values may point at the caller's data instead of copying it. */
        G_VALUE_COLLECT_INIT(&emission.values[emission.n_values], type, args,
                             G_VALUE_NOCOPY_CONTENTS, &collect_error);
        if (collect_error) {
            g_critical("%s: %s", G_STRFUNC, collect_error);
            goto cleanup;
        }
        emission.n_values++;
    }

    /* Rectangles decoded so far are announced first, in order. */
    if (signal_id != signals[VNC_SIGNAL_FRAMEBUFFER_UPDATE] && vnc_coroutine_self() &&
        conn->priv->damage->len)
        vnc_connection_priv_flush_damage(conn);
    vnc_connection_priv_run_in_main(conn, emit_values, &emission);

 cleanup:
    for (guint i = 0; i < emission.n_values; i++)
        g_value_unset(&emission.values[i]);
}

/* coroutine context, or main context */
void
vnc_connection_priv_emit(VncConnection *conn, VncConnectionSignal signal, ...)
{
    va_list args;

    va_start(args, signal);
    emit_valist(conn, signals[signal], NULL, args);
    va_end(args);
}

/* coroutine context, or main context */
gboolean
vnc_connection_priv_emit_boolean(VncConnection *conn, guint signal_id, ...)
{
    GValue result = G_VALUE_INIT;
    gboolean handled;
    va_list args;

    /* No handler, or an emission that failed, leaves FALSE. */
    g_value_init(&result, G_TYPE_BOOLEAN);
    va_start(args, signal_id);
    emit_valist(conn, signal_id, &result, args);
    va_end(args);
    handled = g_value_get_boolean(&result);
    g_value_unset(&result);
    return handled;
}

/* Running code in the main context from the coroutine. */

typedef struct {
    VncConnection *conn;
    VncMainFunc func;
    gpointer data;
    VncCoroutine *waiting;
} VncMainCall;

static gboolean
run_from_idle(gpointer data)
{
    VncMainCall *call = data;

    call->func(call->conn, call->data);
    vnc_coroutine_enter(call->waiting, NULL);
    return G_SOURCE_REMOVE;
}

void
vnc_connection_priv_run_in_main(VncConnection *conn, VncMainFunc func, gpointer data)
{
    VncMainCall call = { conn, func, data, vnc_coroutine_self() };

    if (!call.waiting) {
        func(conn, data);
        return;
    }
    g_idle_add_full(G_PRIORITY_DEFAULT, run_from_idle, &call, NULL);
    vnc_coroutine_yield(NULL);
}

void
vnc_connection_priv_add_damage(VncConnection *conn, guint16 x, guint16 y,
                               guint16 width, guint16 height)
{
    VncDamage rect = { x, y, width, height };

    g_array_append_val(conn->priv->damage, rect);
}

static void
emit_damage(VncConnection *conn, gpointer data)
{
    GArray *damage = data;

    for (guint i = 0; i < damage->len; i++) {
        const VncDamage *rect = &g_array_index(damage, VncDamage, i);
        g_signal_emit(conn, signals[VNC_SIGNAL_FRAMEBUFFER_UPDATE], 0,
                      (int)rect->x, (int)rect->y, (int)rect->width, (int)rect->height);
    }
}

/* coroutine context */
void
vnc_connection_priv_flush_damage(VncConnection *conn)
{
    VncConnectionPrivate *priv = conn->priv;

    if (priv->damage->len == 0)
        return;
    /* Handlers may decode nothing, but take the array anyway: a handler
     * cannot add to it while we walk it. */
    g_autoptr(GArray) damage = g_steal_pointer(&priv->damage);
    priv->damage = g_array_new(FALSE, FALSE, sizeof(VncDamage));
    vnc_connection_priv_run_in_main(conn, emit_damage, damage);
}

/* vnc-framebuffer-update is emitted for every rectangle: a marshaller of
 * its own spares it GLib's generic (libffi) one. */
static void
marshal_VOID__INT_INT_INT_INT(GClosure *closure, GValue *return_value,
                              guint n_param_values, const GValue *param_values,
                              gpointer invocation_hint, gpointer marshal_data)
{
    typedef void (*Callback)(gpointer instance, gint x, gint y, gint width, gint height,
                             gpointer data);
    GCClosure *cclosure = (GCClosure *)closure;
    gpointer instance = g_value_peek_pointer(&param_values[0]);
    gpointer first = instance, last = closure->data;

    g_return_if_fail(n_param_values == 5);
    if (G_CCLOSURE_SWAP_DATA(closure)) {
        first = closure->data;
        last = instance;
    }
    Callback callback = (Callback)(marshal_data ? marshal_data : cclosure->callback);
    callback(first, g_value_get_int(&param_values[1]), g_value_get_int(&param_values[2]),
             g_value_get_int(&param_values[3]), g_value_get_int(&param_values[4]), last);
}

/* The same for emissions with g_signal_emit(): with a va_list
 * marshaller GObject calls a lone handler straight from the arguments,
 * without boxing each of them in a GValue first (its "single handler"
 * fast path), which is most of the cost of an emission. */
static void
marshal_VOID__INT_INT_INT_INTv(GClosure *closure, GValue *return_value,
                               gpointer instance, va_list args, gpointer marshal_data,
                               int n_params, GType *param_types)
{
    typedef void (*Callback)(gpointer instance, gint x, gint y, gint width, gint height,
                             gpointer data);
    GCClosure *cclosure = (GCClosure *)closure;
    gpointer first = instance, last = closure->data;
    va_list copy;
    gint x, y, width, height;

    G_VA_COPY(copy, args);
    x = va_arg(copy, gint);
    y = va_arg(copy, gint);
    width = va_arg(copy, gint);
    height = va_arg(copy, gint);
    va_end(copy);

    if (G_CCLOSURE_SWAP_DATA(closure)) {
        first = closure->data;
        last = instance;
    }
    Callback callback = (Callback)(marshal_data ? marshal_data : cclosure->callback);
    callback(first, x, y, width, height, last);
}

/* Waiting for the embedder. */

static gboolean
wake_from_idle(gpointer data)
{
    VncConnection *conn = data;
    VncConnectionPrivate *priv = conn->priv;

    priv->wake_idle = 0;
    if (priv->waiting_for_main)
        vnc_coroutine_enter(priv->coroutine, NULL);
    return G_SOURCE_REMOVE;
}

void
vnc_connection_priv_wake(VncConnection *conn)
{
    VncConnectionPrivate *priv = conn->priv;

    if (priv->waiting_for_main && priv->wake_idle == 0)
        priv->wake_idle = g_idle_add(wake_from_idle, conn);
}

/* coroutine context */
gboolean
vnc_connection_priv_wait(VncConnection *conn, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;

    if (!priv->cancelled) {
        priv->waiting_for_main = TRUE;
        vnc_coroutine_yield(NULL);
        priv->waiting_for_main = FALSE;
    }
    if (priv->cancelled) {
        g_set_error_literal(err, VNC_ERROR, VNC_ERROR_CANCELLED,
                            "The connection was closed");
        return FALSE;
    }
    return TRUE;
}

static const char *
credential_value(VncConnectionPrivate *priv, VncConnectionCredential which)
{
    switch (which) {
    case VNC_CONNECTION_CREDENTIAL_PASSWORD:
        return priv->cred_password;
    case VNC_CONNECTION_CREDENTIAL_USERNAME:
        return priv->cred_username;
    case VNC_CONNECTION_CREDENTIAL_CLIENTNAME:
        return priv->cred_clientname;
    default:
        return NULL;
    }
}

static gboolean
have_credentials(VncConnectionPrivate *priv,
                 const VncConnectionCredential *wanted, guint n_wanted)
{
    for (guint i = 0; i < n_wanted; i++) {
        if (!credential_value(priv, wanted[i]))
            return FALSE;
    }
    return TRUE;
}

GValueArray *
vnc_connection_priv_enum_list_new(GType enum_type, gconstpointer values,
                                  gsize value_size, guint n)
{
    const guint8 *bytes = values;

    g_return_val_if_fail(value_size == 1 || value_size == sizeof(gint32), NULL);
    G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    GValueArray *list = g_value_array_new(n);
    for (guint i = 0; i < n; i++) {
        GValue value = G_VALUE_INIT;
        gint32 wide;

        if (value_size == 1) {
            wide = bytes[i];
        } else {
            memcpy(&wide, bytes + (gsize)i * value_size, sizeof(wide));
        }
        g_value_init(&value, enum_type);
        g_value_set_enum(&value, wide);
        g_value_array_append(list, &value);
        g_value_unset(&value);
    }
    G_GNUC_END_IGNORE_DEPRECATIONS
    return list;
}

/* coroutine context */
gboolean
vnc_connection_priv_want_credentials(VncConnection *conn,
                                     const VncConnectionCredential *wanted,
                                     guint n_wanted,
                                     GError **err)
{
    VncConnectionPrivate *priv = conn->priv;

    G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    GValueArray *list = vnc_connection_priv_enum_list_new(VNC_TYPE_CONNECTION_CREDENTIAL,
                                                          wanted, sizeof(*wanted), n_wanted);
    VNC_DEBUG("Asking for %u credential(s)", n_wanted);
    vnc_connection_priv_emit(conn, VNC_SIGNAL_AUTH_CREDENTIAL, list);
    g_value_array_free(list);
    G_GNUC_END_IGNORE_DEPRECATIONS

    /* The embedder may answer at once, in its handler, or later (after
     * asking a person); either way vnc_connection_set_credential wakes us. */
    while (!have_credentials(priv, wanted, n_wanted)) {
        if (!vnc_connection_priv_wait(conn, err))
            return FALSE;
    }
    return TRUE;
}

void
vnc_connection_priv_free_secret(char *secret)
{
    if (!secret)
        return;
    explicit_bzero(secret, strlen(secret));
    g_free(secret);
}

void
vnc_connection_priv_send(VncConnection *conn)
{
    if (conn->priv->stream)
        vnc_stream_wakeup(conn->priv->stream);
}

/* The session. */

static void start_session(VncConnection *conn);

static void
clear_session(VncConnection *conn)
{
    VncConnectionPrivate *priv = conn->priv;

    g_clear_pointer(&priv->stream, vnc_stream_free);
    priv->tls_ssf = 0;  /* the TLS layer went with the stream */
    if (priv->socket)
        g_socket_close(priv->socket, NULL);
    g_clear_object(&priv->socket);
    g_clear_object(&priv->socket_conn);
    g_clear_object(&priv->cancellable);
    g_clear_pointer(&priv->decoder_state, vnc_decoder_state_free);
    g_clear_pointer(&priv->cred_password, vnc_connection_priv_free_secret);
    vnc_connection_priv_extensions_reset(conn);
}

static void
clear_target(VncConnectionTarget *target)
{
    g_clear_pointer(&target->host, g_free);
    g_clear_pointer(&target->port, g_free);
    g_clear_object(&target->addr);
    g_clear_pointer(&target->hostname, g_free);
    if (target->fd >= 0) {
        /* An fd handed to us but never used is still ours to close. */
        close(target->fd);
        target->fd = -1;
    }
}

/* Runs in the main context once the coroutine has returned: its stack
 * cannot be freed from inside it. */
static gboolean
finish_session(gpointer data)
{
    VncConnection *conn = data;
    VncConnectionPrivate *priv = conn->priv;

    g_clear_pointer(&priv->coroutine, vnc_coroutine_free);
    if (priv->reopen_pending) {
        priv->reopen_pending = FALSE;
        start_session(conn);
    }
    g_object_unref(conn);  /* the session's reference */
    return G_SOURCE_REMOVE;
}

/* coroutine context */
static void
end_session(VncConnection *conn, GError *error)
{
    VncConnectionPrivate *priv = conn->priv;

    if (error && !g_error_matches(error, VNC_ERROR, VNC_ERROR_CANCELLED)) {
        VNC_DEBUG("Session ended: %s", error->message);
        g_clear_error(&priv->error);
        priv->error = g_error_copy(error);
        vnc_connection_priv_emit(conn, VNC_SIGNAL_ERROR, error->message);
    }
    g_clear_error(&error);

    clear_session(conn);
    priv->open = FALSE;
    priv->initialized = FALSE;
    vnc_connection_priv_emit(conn, VNC_SIGNAL_DISCONNECTED);

    g_idle_add(finish_session, conn);
}

static gpointer
run_session(gpointer data)
{
    VncConnection *conn = data;
    VncConnectionPrivate *priv = conn->priv;
    GError *error = NULL;

    if (priv->cancelled)
        goto done;
    if (!vnc_connection_priv_connect(conn, &error))
        goto done;
    vnc_connection_priv_emit(conn, VNC_SIGNAL_CONNECTED);

    if (!vnc_connection_priv_handshake(conn, &error))
        goto done;
    priv->initialized = TRUE;
    vnc_connection_priv_emit(conn, VNC_SIGNAL_INITIALIZED);

    while (!priv->cancelled) {
        if (!vnc_connection_priv_server_message(conn, &error))
            break;
    }

 done:
    end_session(conn, error);
    return NULL;
}

static gboolean
start_from_idle(gpointer data)
{
    VncConnection *conn = data;
    VncConnectionPrivate *priv = conn->priv;

    priv->start_idle = 0;
    vnc_coroutine_enter(priv->coroutine, conn);
    return G_SOURCE_REMOVE;
}

static void
start_session(VncConnection *conn)
{
    VncConnectionPrivate *priv = conn->priv;

    g_clear_error(&priv->error);
    priv->cancelled = FALSE;
    priv->initialized = FALSE;
    priv->auth_type = VNC_CONNECTION_AUTH_INVALID;
    priv->auth_subtype = VNC_CONNECTION_AUTH_INVALID;
    priv->cancellable = g_cancellable_new();
    priv->coroutine = vnc_coroutine_new(run_session, 0);
    g_object_ref(conn);  /* released by finish_session */
    /* Start from the main loop, so the embedder can connect its signal
     * handlers after calling open. */
    priv->start_idle = g_idle_add(start_from_idle, conn);
}

/* Common to every vnc_connection_open_*(): takes over @target. */
static gboolean
open_target(VncConnection *conn, VncConnectionTarget *target)
{
    VncConnectionPrivate *priv = conn->priv;

    if (priv->open) {
        g_warning("vnc_connection_open: the connection is already open");
        clear_target(target);
        return FALSE;
    }

    clear_target(&priv->target);
    priv->target = *target;
    priv->open = TRUE;
    if (priv->coroutine) {
        /* The last session is still winding down (we are probably inside
         * its vnc-disconnected handler): start when it is gone. */
        priv->reopen_pending = TRUE;
    } else {
        start_session(conn);
    }
    return TRUE;
}

/**
 * vnc_connection_open_fd:
 * @conn: the connection
 * @fd: a connected stream socket
 *
 * Starts a session over a socket that is already connected to the server
 * (a TCP or unix socket, or one end of a socketpair). The connection takes
 * the descriptor over and closes it when the session ends; the caller
 * must not use or close it any more.
 *
 * With no host name there is nothing to check an x509 certificate
 * against; use vnc_connection_open_fd_with_hostname() for servers that
 * use one.
 *
 * Returns: %TRUE if the session is starting, %FALSE if @conn is already
 *   open
 */
gboolean
vnc_connection_open_fd(VncConnection *conn, int fd)
{
    return vnc_connection_open_fd_with_hostname(conn, fd, NULL);
}

/**
 * vnc_connection_open_fd_with_hostname:
 * @conn: the connection
 * @fd: a connected stream socket
 * @hostname: (nullable): the server's host name, which its x509
 *   certificate must name, or %NULL
 *
 * Like vnc_connection_open_fd(), with a host name for the TLS
 * certificate check. The connection takes the descriptor over.
 *
 * Returns: %TRUE if the session is starting, %FALSE if @conn is already
 *   open
 */
gboolean
vnc_connection_open_fd_with_hostname(VncConnection *conn, int fd, const char *hostname)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), FALSE);
    g_return_val_if_fail(fd >= 0, FALSE);

    VncConnectionTarget target = { .fd = fd, .hostname = g_strdup(hostname) };
    return open_target(conn, &target);
}

/**
 * vnc_connection_open_host:
 * @conn: the connection
 * @host: the server's host name or address (IPv4, or IPv6 with or
 *   without square brackets)
 * @port: (nullable): the TCP port as a decimal number, 1 to 65535;
 *   %NULL means 5900
 *
 * Starts a session with the server at @host and @port. The name is
 * resolved and each of its addresses tried in turn, without blocking;
 * @host is also the name the server's x509 certificate must carry. A
 * port that is not a number ends the session with
 * #VncConnection::vnc-error.
 *
 * Note that @port is a TCP port, not a VNC display number: display 1 is
 * usually port 5901.
 *
 * Returns: %TRUE if the session is starting, %FALSE if @conn is already
 *   open
 */
gboolean
vnc_connection_open_host(VncConnection *conn, const char *host, const char *port)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), FALSE);
    g_return_val_if_fail(host != NULL, FALSE);

    VncConnectionTarget target = {
        .fd = -1,
        .host = g_strdup(host),
        .port = g_strdup(port ? port : "5900"),
        .hostname = g_strdup(host),
    };
    return open_target(conn, &target);
}

/**
 * vnc_connection_open_addr:
 * @conn: the connection
 * @addr: the server's address: an IPv4 or IPv6 #GInetSocketAddress or a
 *   #GUnixSocketAddress
 * @hostname: (nullable): the server's host name, which its x509
 *   certificate must name, or %NULL
 *
 * Starts a session with the server at @addr.
 *
 * Returns: %TRUE if the session is starting, %FALSE if @conn is already
 *   open
 */
gboolean
vnc_connection_open_addr(VncConnection *conn, GSocketAddress *addr, const char *hostname)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), FALSE);
    g_return_val_if_fail(G_IS_SOCKET_ADDRESS(addr), FALSE);

    VncConnectionTarget target = {
        .fd = -1,
        .addr = g_object_ref(addr),
        .hostname = g_strdup(hostname),
    };
    return open_target(conn, &target);
}

/**
 * vnc_connection_is_open:
 * @conn: the connection
 *
 * Tells whether a session has been opened and has not yet ended.
 *
 * Returns: %TRUE from vnc_connection_open_host() (or its siblings) until
 *   the session ends, just before #VncConnection::vnc-disconnected
 */
gboolean
vnc_connection_is_open(VncConnection *conn)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), FALSE);
    return conn->priv->open;
}

/**
 * vnc_connection_is_initialized:
 * @conn: the connection
 *
 * Tells whether the handshake is over, so that the desktop's size,
 * name and pixel format are known and client messages may be sent.
 *
 * Returns: %TRUE from #VncConnection::vnc-initialized until the session
 *   ends
 */
gboolean
vnc_connection_is_initialized(VncConnection *conn)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), FALSE);
    return conn->priv->open && conn->priv->initialized;
}

/**
 * vnc_connection_shutdown:
 * @conn: the connection
 *
 * Ends the session. The socket is closed from the main loop, after
 * which #VncConnection::vnc-disconnected is emitted (without
 * #VncConnection::vnc-error). Calling it when no session is running, or
 * twice, does nothing.
 */
void
vnc_connection_shutdown(VncConnection *conn)
{
    g_return_if_fail(VNC_IS_CONNECTION(conn));
    VncConnectionPrivate *priv = conn->priv;

    VNC_DEBUG("Shutdown requested");
    priv->reopen_pending = FALSE;
    if (!priv->coroutine || priv->cancelled)
        return;
    priv->cancelled = TRUE;
    if (priv->cancellable)
        g_cancellable_cancel(priv->cancellable);
    if (priv->stream)
        vnc_stream_cancel(priv->stream);
    vnc_connection_priv_wake(conn);
}

/**
 * vnc_connection_has_error:
 * @conn: the connection
 *
 * Tells whether the last session ended with an error (the one
 * #VncConnection::vnc-error reported). A session closed with
 * vnc_connection_shutdown() is not an error. Opening a new session
 * clears it.
 *
 * Returns: %TRUE if the last session failed
 */
gboolean
vnc_connection_has_error(VncConnection *conn)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), FALSE);
    return conn->priv->error != NULL;
}

/* Credentials and security choices. */

/**
 * vnc_connection_set_credential:
 * @conn: the connection
 * @type: a #VncConnectionCredential
 * @data: the value, as nul-terminated UTF-8
 *
 * Gives the connection a credential, usually in answer to
 * #VncConnection::vnc-auth-credential: either inside the handler or
 * later, after asking a person; the handshake waits until every
 * credential it asked for has been given (or the connection is shut
 * down). Credentials may also be set before opening.
 *
 * The previous value is overwritten in memory before it is freed. The
 * password is wiped when the session ends, so a new session asks for it
 * again; the user name and client name are kept.
 *
 * Returns: %TRUE if the credential was stored, %FALSE for an unknown
 *   @type or a %NULL @data
 */
gboolean
vnc_connection_set_credential(VncConnection *conn, int type, const gchar *data)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), FALSE);
    VncConnectionPrivate *priv = conn->priv;
    char **slot;

    switch (type) {
    case VNC_CONNECTION_CREDENTIAL_PASSWORD:
        slot = &priv->cred_password;
        break;
    case VNC_CONNECTION_CREDENTIAL_USERNAME:
        slot = &priv->cred_username;
        break;
    case VNC_CONNECTION_CREDENTIAL_CLIENTNAME:
        slot = &priv->cred_clientname;
        break;
    default:
        g_warning("Unknown credential type %d", type);
        return FALSE;
    }
    if (!data)
        return FALSE;

    /* Every credential is wiped when replaced: a user name or client
     * name is not secret, but treating them alike costs nothing. */
    vnc_connection_priv_free_secret(*slot);
    *slot = g_strdup(data);
    vnc_connection_priv_wake(conn);
    return TRUE;
}

/**
 * vnc_connection_set_auth_type:
 * @conn: the connection
 * @type: a #VncConnectionAuth, one of those the server offered
 *
 * Picks the security type to use. It takes effect only when called from
 * a handler of #VncConnection::vnc-auth-choose-type; when no handler
 * picks one, the first type in the server's list that this library
 * supports (and that #VncConnection:require-encryption allows) is used.
 * A type the server did not offer ends the session with
 * #VncConnection::vnc-error.
 *
 * Returns: %TRUE
 */
gboolean
vnc_connection_set_auth_type(VncConnection *conn, unsigned int type)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), FALSE);

    VNC_DEBUG("Auth type %u chosen", type);
    conn->priv->auth_type = type;
    vnc_connection_priv_wake(conn);
    return TRUE;
}

/**
 * vnc_connection_set_auth_subtype:
 * @conn: the connection
 * @type: a #VncConnectionAuthVencrypt, one of those the server offered
 *
 * Picks the VeNCrypt sub-type to use. It takes effect only when called
 * from a handler of #VncConnection::vnc-auth-choose-subtype; otherwise
 * the first offered sub-type that this library supports is used.
 *
 * Returns: %TRUE
 */
gboolean
vnc_connection_set_auth_subtype(VncConnection *conn, unsigned int type)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), FALSE);

    VNC_DEBUG("Auth subtype %u chosen", type);
    conn->priv->auth_subtype = type;
    vnc_connection_priv_wake(conn);
    return TRUE;
}

/* Settings and state. */

/**
 * vnc_connection_set_shared:
 * @conn: the connection
 * @shared: %TRUE to share the desktop with other clients, %FALSE to ask
 *   the server to disconnect them
 *
 * Sets the shared flag sent to the server at the end of the handshake
 * (ClientInit). The default is %FALSE.
 *
 * Returns: %TRUE, or %FALSE once the handshake is over and the flag
 *   can no longer change anything
 */
gboolean
vnc_connection_set_shared(VncConnection *conn, gboolean shared)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), FALSE);
    /* Only meaningful before ClientInit is sent. */
    if (conn->priv->initialized)
        return FALSE;
    conn->priv->shared_flag = shared ? TRUE : FALSE;
    return TRUE;
}

/**
 * vnc_connection_get_shared:
 * @conn: the connection
 *
 * Tells which shared flag is sent to the server (see
 * vnc_connection_set_shared()).
 *
 * Returns: the shared flag
 */
gboolean
vnc_connection_get_shared(VncConnection *conn)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), FALSE);
    return conn->priv->shared_flag;
}

/**
 * vnc_connection_set_framebuffer:
 * @conn: the connection
 * @fb: (nullable): where decoded pixels go, or %NULL to let go of the
 *   current one
 *
 * Sets the framebuffer that updates are decoded into. It must be as big
 * as the desktop (vnc_connection_get_width() by
 * vnc_connection_get_height()) and its remote format must be the one
 * the server sends (vnc_connection_get_pixel_format()): set one in the
 * handler of #VncConnection::vnc-initialized, and replace it in the
 * handlers of #VncConnection::vnc-desktop-resize and
 * #VncConnection::vnc-pixel-format-changed. A framebuffer update that
 * arrives while none is set ends the session with an error.
 *
 * The connection keeps a reference to @fb, and hands it the colour map
 * of a colour-map server.
 *
 * Returns: %TRUE
 */
gboolean
vnc_connection_set_framebuffer(VncConnection *conn, VncFramebuffer *fb)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), FALSE);
    g_return_val_if_fail(fb == NULL || VNC_IS_FRAMEBUFFER(fb), FALSE);
    VncConnectionPrivate *priv = conn->priv;

    if (fb)
        g_object_ref(fb);
    g_clear_object(&priv->fb);
    priv->fb = fb;
    if (fb && priv->color_map)
        vnc_framebuffer_set_color_map(fb, priv->color_map);
    g_object_notify_by_pspec(G_OBJECT(conn), properties[PROP_FRAMEBUFFER]);
    return TRUE;
}

/**
 * vnc_connection_get_pixel_format:
 * @conn: the connection
 *
 * The pixel format the server sends pixels in: its native format after
 * the handshake, then whatever vnc_connection_set_pixel_format() asked
 * for or the server announced (#VncConnection::vnc-pixel-format-changed).
 *
 * Returns: (transfer none): the server's pixel format, owned by @conn
 *   and valid until it changes
 */
const VncPixelFormat *
vnc_connection_get_pixel_format(VncConnection *conn)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), NULL);
    return &conn->priv->format;
}

/**
 * vnc_connection_get_name:
 * @conn: the connection
 *
 * The name of the desktop, as the server gave it in the handshake or
 * later (#VncConnection::vnc-desktop-rename).
 *
 * Returns: (nullable) (transfer none): the name in UTF-8, or %NULL
 *   before #VncConnection::vnc-initialized
 */
const char *
vnc_connection_get_name(VncConnection *conn)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), NULL);
    return conn->priv->name;
}

/**
 * vnc_connection_get_width:
 * @conn: the connection
 *
 * The width of the server's desktop.
 *
 * Returns: the width in pixels, 0 before #VncConnection::vnc-initialized
 */
int
vnc_connection_get_width(VncConnection *conn)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), 0);
    return conn->priv->width;
}

/**
 * vnc_connection_get_height:
 * @conn: the connection
 *
 * The height of the server's desktop.
 *
 * Returns: the height in pixels, 0 before #VncConnection::vnc-initialized
 */
int
vnc_connection_get_height(VncConnection *conn)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), 0);
    return conn->priv->height;
}

/**
 * vnc_connection_get_cursor:
 * @conn: the connection
 *
 * The cursor shape the server last sent, for servers that let the
 * client draw the cursor (rich, X and alpha cursor pseudo-encodings).
 *
 * Returns: (nullable) (transfer none): the cursor, or %NULL if the
 *   server has sent none; owned by @conn
 */
VncCursor *
vnc_connection_get_cursor(VncConnection *conn)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), NULL);
    return conn->priv->cursor;
}

/**
 * vnc_connection_get_abs_pointer:
 * @conn: the connection
 *
 * Tells whether the server takes pointer positions as absolute
 * coordinates (the usual case) or, after a QEMU pointer-type-change
 * pseudo-encoding, as relative motion.
 *
 * Returns: %TRUE for absolute positions
 */
gboolean
vnc_connection_get_abs_pointer(VncConnection *conn)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), FALSE);
    return conn->priv->abs_pointer;
}

/**
 * vnc_connection_get_ext_key_event:
 * @conn: the connection
 *
 * Tells whether the server accepts QEMU extended key events, which
 * carry a scan code beside the keysym (see vnc_connection_key_event()).
 *
 * Returns: %TRUE if scan codes reach the server
 */
gboolean
vnc_connection_get_ext_key_event(VncConnection *conn)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), FALSE);
    return conn->priv->has_ext_key_event;
}

/**
 * vnc_connection_get_power_control:
 * @conn: the connection
 *
 * Tells whether the server accepts xvp power control requests
 * (vnc_connection_power_control()).
 *
 * Returns: %TRUE after #VncConnection::vnc-power-control-initialized
 */
gboolean
vnc_connection_get_power_control(VncConnection *conn)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), FALSE);
    return conn->priv->has_power_control;
}

/**
 * vnc_connection_get_ledstate:
 * @conn: the connection
 *
 * The state of the keyboard lock lights on the server, for servers that
 * send it (QEMU's LED state pseudo-encoding); it changes with
 * #VncConnection::vnc-led-state.
 *
 * Returns: a mask of %VNC_LEDSTATE_SCROLL_LOCK, %VNC_LEDSTATE_NUM_LOCK
 *   and %VNC_LEDSTATE_CAPS_LOCK
 */
int
vnc_connection_get_ledstate(VncConnection *conn)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), 0);
    return conn->priv->ledstate;
}

/* Audio: the sink and format are kept here; the audio messages live
 * with the other extensions. */

/**
 * vnc_connection_set_audio:
 * @conn: the connection
 * @audio: (nullable): the sink that plays the server's audio, or %NULL
 *
 * Sets where audio from the server goes once
 * vnc_connection_audio_enable() has asked for it. The connection keeps
 * a reference.
 *
 * Returns: %TRUE
 */
gboolean
vnc_connection_set_audio(VncConnection *conn, VncAudio *audio)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), FALSE);
    g_return_val_if_fail(audio == NULL || VNC_IS_AUDIO(audio), FALSE);

    if (audio)
        g_object_ref(audio);
    g_clear_object(&conn->priv->audio);
    conn->priv->audio = audio;
    return TRUE;
}

/**
 * vnc_connection_set_audio_format:
 * @conn: the connection
 * @fmt: the sample format wanted
 *
 * Sets the format the server is asked to send audio in; it is sent to
 * the server at once if audio is enabled, else when it is.
 *
 * Returns: %TRUE
 */
gboolean
vnc_connection_set_audio_format(VncConnection *conn, const VncAudioFormat *fmt)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), FALSE);
    g_return_val_if_fail(fmt != NULL, FALSE);

    conn->priv->audio_format = *fmt;
    conn->priv->audio_format_set = TRUE;
    vnc_connection_priv_audio_format_changed(conn);
    return TRUE;
}

/**
 * vnc_connection_get_audio_format:
 * @conn: the connection
 *
 * The audio format set with vnc_connection_set_audio_format().
 *
 * Returns: (transfer none): the audio format, owned by @conn
 */
const VncAudioFormat *
vnc_connection_get_audio_format(VncConnection *conn)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), NULL);
    return &conn->priv->audio_format;
}

/* GObject. */

static void
vnc_connection_get_property(GObject *object, guint prop_id,
                            GValue *value, GParamSpec *pspec)
{
    VncConnection *conn = VNC_CONNECTION(object);

    switch (prop_id) {
    case PROP_FRAMEBUFFER:
        g_value_set_object(value, conn->priv->fb);
        break;
    default:
        if (!vnc_connection_priv_tls_get_property(conn, prop_id, value))
            G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
    }
}

static void
vnc_connection_set_property(GObject *object, guint prop_id,
                            const GValue *value, GParamSpec *pspec)
{
    VncConnection *conn = VNC_CONNECTION(object);

    switch (prop_id) {
    case PROP_FRAMEBUFFER:
        vnc_connection_set_framebuffer(conn, g_value_get_object(value));
        break;
    default:
        if (!vnc_connection_priv_tls_set_property(conn, prop_id, value))
            G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
    }
}

static void
vnc_connection_dispose(GObject *object)
{
    VncConnection *conn = VNC_CONNECTION(object);
    VncConnectionPrivate *priv = conn->priv;

    /* A running session holds a reference, so none is running here. */
    g_clear_object(&priv->fb);
    g_clear_object(&priv->cursor);
    g_clear_object(&priv->audio);
    clear_session(conn);

    G_OBJECT_CLASS(vnc_connection_parent_class)->dispose(object);
}

static void
vnc_connection_finalize(GObject *object)
{
    VncConnection *conn = VNC_CONNECTION(object);
    VncConnectionPrivate *priv = conn->priv;

    clear_target(&priv->target);
    g_clear_error(&priv->error);
    g_clear_pointer(&priv->damage, g_array_unref);
    g_clear_pointer(&priv->name, g_free);
    g_clear_pointer(&priv->encodings, g_free);
    g_clear_pointer(&priv->color_map, vnc_color_map_free);
    vnc_connection_priv_free_secret(priv->cred_username);
    vnc_connection_priv_free_secret(priv->cred_password);
    vnc_connection_priv_free_secret(priv->cred_clientname);
    vnc_connection_priv_tls_finalize(conn);

    G_OBJECT_CLASS(vnc_connection_parent_class)->finalize(object);
}

static void
vnc_connection_init(VncConnection *conn)
{
    conn->priv = vnc_connection_get_instance_private(conn);
    conn->priv->target.fd = -1;
    conn->priv->abs_pointer = TRUE;
    conn->priv->damage = g_array_new(FALSE, FALSE, sizeof(VncDamage));
}

#define DEFINE_SIGNAL(id, name, field, ...)                                     \
    signals[id] = g_signal_new(name, G_OBJECT_CLASS_TYPE(object_class),         \
                               G_SIGNAL_RUN_FIRST | G_SIGNAL_NO_HOOKS,          \
                               G_STRUCT_OFFSET(VncConnectionClass, field),      \
                               NULL, NULL, NULL, G_TYPE_NONE, __VA_ARGS__)

static void
vnc_connection_class_init(VncConnectionClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS(klass);

    object_class->get_property = vnc_connection_get_property;
    object_class->set_property = vnc_connection_set_property;
    object_class->dispose = vnc_connection_dispose;
    object_class->finalize = vnc_connection_finalize;

    /**
     * VncConnection:framebuffer:
     *
     * The framebuffer that updates are decoded into; see
     * vnc_connection_set_framebuffer().
     */
    properties[PROP_FRAMEBUFFER] =
        g_param_spec_object("framebuffer", "Framebuffer",
                            "Where decoded pixels are stored",
                            VNC_TYPE_FRAMEBUFFER,
                            G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties(object_class, N_PROPS, properties);
    vnc_connection_priv_tls_class_init(object_class);

    /* Names, parameter types and class slots are those of gtk-vnc 1.x. */
    /**
     * VncConnection::vnc-cursor-changed:
     * @conn: the connection
     * @cursor: the new cursor; one of size 0x0 means that no cursor
     *   should be shown
     *
     * The server sent a new cursor shape, for the client to draw at the
     * pointer's position. It is only sent when the client offered a
     * cursor pseudo-encoding (rich, X or alpha cursor) and the server
     * uses it; vnc_connection_get_cursor() returns the same object.
     */
    DEFINE_SIGNAL(VNC_SIGNAL_CURSOR_CHANGED, "vnc-cursor-changed",
                  vnc_cursor_changed, 1, VNC_TYPE_CURSOR);
    /**
     * VncConnection::vnc-pointer-mode-changed:
     * @conn: the connection
     * @absolute: %TRUE if the server now takes absolute positions,
     *   %FALSE if it takes relative motion
     *
     * The server switched between absolute and relative pointer input
     * (QEMU's pointer type change pseudo-encoding). With relative input
     * the client should grab the pointer and send motion deltas around
     * the middle of the desktop.
     */
    DEFINE_SIGNAL(VNC_SIGNAL_POINTER_MODE_CHANGED, "vnc-pointer-mode-changed",
                  vnc_pointer_mode_changed, 1, G_TYPE_BOOLEAN);
    /**
     * VncConnection::vnc-bell:
     * @conn: the connection
     *
     * The server rang its bell.
     */
    DEFINE_SIGNAL(VNC_SIGNAL_BELL, "vnc-bell", vnc_bell, 0);
    /**
     * VncConnection::vnc-server-cut-text:
     * @conn: the connection
     * @text: the new clipboard text, in UTF-8
     *
     * The server's clipboard now holds @text. Text that older servers
     * send in Latin-1 is converted; with the extended clipboard
     * extension it arrives as UTF-8 in the first place.
     */
    DEFINE_SIGNAL(VNC_SIGNAL_SERVER_CUT_TEXT, "vnc-server-cut-text",
                  vnc_server_cut_text, 1, G_TYPE_STRING);
    /**
     * VncConnection::vnc-framebuffer-update:
     * @conn: the connection
     * @x: the left column of the rectangle
     * @y: the top row of the rectangle
     * @width: the width of the rectangle
     * @height: the height of the rectangle
     *
     * A rectangle of the framebuffer holds new pixels, to be drawn on
     * the screen. It is emitted once per rectangle, after each update
     * message from the server has been decoded (and before any other
     * signal that follows it).
     */
    signals[VNC_SIGNAL_FRAMEBUFFER_UPDATE] =
        g_signal_new("vnc-framebuffer-update", G_OBJECT_CLASS_TYPE(object_class),
                     G_SIGNAL_RUN_FIRST | G_SIGNAL_NO_HOOKS,
                     G_STRUCT_OFFSET(VncConnectionClass, vnc_framebuffer_update),
                     NULL, NULL, marshal_VOID__INT_INT_INT_INT, G_TYPE_NONE, 4,
                     G_TYPE_INT, G_TYPE_INT, G_TYPE_INT, G_TYPE_INT);
    g_signal_set_va_marshaller(signals[VNC_SIGNAL_FRAMEBUFFER_UPDATE],
                               G_TYPE_FROM_CLASS(object_class),
                               marshal_VOID__INT_INT_INT_INTv);
    /**
     * VncConnection::vnc-desktop-resize:
     * @conn: the connection
     * @width: the new width in pixels
     * @height: the new height in pixels
     *
     * The server's desktop changed size, on its own or in answer to
     * vnc_connection_set_size(). The pixels that follow are for the new
     * size, so the handler must give the connection a framebuffer of
     * that size with vnc_connection_set_framebuffer(), and usually asks
     * for the whole screen again with
     * vnc_connection_framebuffer_update_request().
     */
    DEFINE_SIGNAL(VNC_SIGNAL_DESKTOP_RESIZE, "vnc-desktop-resize",
                  vnc_desktop_resize, 2, G_TYPE_INT, G_TYPE_INT);
    /**
     * VncConnection::vnc-pixel-format-changed:
     * @conn: the connection
     * @format: the pixel format the server sends from now on
     *
     * The server announced a new pixel format (the WMVi
     * pseudo-encoding). The handler must replace the framebuffer with
     * one whose remote format is @format; @format is owned by the
     * connection and the handler should copy it if it keeps it.
     */
    DEFINE_SIGNAL(VNC_SIGNAL_PIXEL_FORMAT_CHANGED, "vnc-pixel-format-changed",
                  vnc_pixel_format_changed, 1, VNC_TYPE_PIXEL_FORMAT);
    /**
     * VncConnection::vnc-auth-failure:
     * @conn: the connection
     * @reason: the server's explanation (servers older than RFB 3.8 give
     *   none, and a general one is used)
     *
     * The server refused the credentials. The session then ends with
     * #VncConnection::vnc-error and #VncConnection::vnc-disconnected;
     * the password has to be given again for the next attempt.
     */
    DEFINE_SIGNAL(VNC_SIGNAL_AUTH_FAILURE, "vnc-auth-failure",
                  vnc_auth_failure, 1, G_TYPE_STRING);
    /**
     * VncConnection::vnc-auth-unsupported:
     * @conn: the connection
     * @auth_type: the security type (or VeNCrypt sub-type) concerned:
     *   the one the server requires, or the first one it offered
     *
     * The server offers no security type (or VeNCrypt sub-type) that
     * this library supports. The session then ends with
     * #VncConnection::vnc-error.
     */
    DEFINE_SIGNAL(VNC_SIGNAL_AUTH_UNSUPPORTED, "vnc-auth-unsupported",
                  vnc_auth_unsupported, 1, G_TYPE_UINT);
    G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    /**
     * VncConnection::vnc-auth-credential:
     * @conn: the connection
     * @credentials: (type GObject.ValueArray): #GValue<!-- -->s holding the
     *   #VncConnectionCredential values wanted
     *
     * The security type needs credentials that have not been given yet:
     * a password, a user name, or the client name that chooses the
     * x509 client certificate. Give each with
     * vnc_connection_set_credential(), in the handler or later (after
     * asking a person); the handshake waits until all have arrived, or
     * until vnc_connection_shutdown() gives up.
     */
    DEFINE_SIGNAL(VNC_SIGNAL_AUTH_CREDENTIAL, "vnc-auth-credential",
                  vnc_auth_credential, 1, g_value_array_get_type());
    /**
     * VncConnection::vnc-auth-choose-type:
     * @conn: the connection
     * @types: (type GObject.ValueArray): #GValue<!-- -->s holding the
     *   #VncConnectionAuth values the server offers, in its order of
     *   preference
     *
     * The server offers a choice of security types. A handler may pick
     * one with vnc_connection_set_auth_type() before it returns;
     * otherwise the first one this library supports is used.
     */
    DEFINE_SIGNAL(VNC_SIGNAL_AUTH_CHOOSE_TYPE, "vnc-auth-choose-type",
                  vnc_auth_choose_type, 1, g_value_array_get_type());
    /**
     * VncConnection::vnc-auth-choose-subtype:
     * @conn: the connection
     * @auth_type: the security type whose sub-types are offered
     *   (%VNC_CONNECTION_AUTH_VENCRYPT)
     * @subtypes: (type GObject.ValueArray): #GValue<!-- -->s holding the
     *   #VncConnectionAuthVencrypt values the server offers
     *
     * The server offers a choice of VeNCrypt sub-types. A handler may
     * pick one with vnc_connection_set_auth_subtype() before it returns;
     * otherwise the first one this library supports is used.
     */
    DEFINE_SIGNAL(VNC_SIGNAL_AUTH_CHOOSE_SUBTYPE, "vnc-auth-choose-subtype",
                  vnc_auth_choose_subtype, 2, G_TYPE_UINT, g_value_array_get_type());
    G_GNUC_END_IGNORE_DEPRECATIONS
    /**
     * VncConnection::vnc-connected:
     * @conn: the connection
     *
     * The connection to the server is made; the handshake follows.
     */
    DEFINE_SIGNAL(VNC_SIGNAL_CONNECTED, "vnc-connected", vnc_connected, 0);
    /**
     * VncConnection::vnc-initialized:
     * @conn: the connection
     *
     * The handshake is over: the desktop's size, name and pixel format
     * are known, and client messages may be sent. The handler sets a
     * framebuffer (vnc_connection_set_framebuffer()), chooses encodings
     * and perhaps a pixel format, and asks for the first update.
     */
    DEFINE_SIGNAL(VNC_SIGNAL_INITIALIZED, "vnc-initialized", vnc_initialized, 0);
    /**
     * VncConnection::vnc-disconnected:
     * @conn: the connection
     *
     * The session is over, whether it was shut down, closed by the
     * server or failed (then #VncConnection::vnc-error came first). It is
     * the last signal of every session, and the connection may be opened
     * again from its handler.
     */
    DEFINE_SIGNAL(VNC_SIGNAL_DISCONNECTED, "vnc-disconnected", vnc_disconnected, 0);
    /**
     * VncConnection::vnc-led-state:
     * @conn: the connection
     *
     * The server's keyboard lock lights changed; vnc_connection_get_ledstate()
     * has the new state.
     */
    DEFINE_SIGNAL(VNC_SIGNAL_LED_STATE, "vnc-led-state", vnc_led_state, 0);
    /**
     * VncConnection::vnc-error:
     * @conn: the connection
     * @message: what went wrong, in a sentence for a person
     *
     * The session failed: the server could not be reached, refused the
     * connection or the credentials, sent something this library will
     * not accept, or closed the connection. #VncConnection::vnc-disconnected
     * follows. A session ended with vnc_connection_shutdown() emits no
     * error.
     */
    DEFINE_SIGNAL(VNC_SIGNAL_ERROR, "vnc-error", vnc_error, 1, G_TYPE_STRING);
    /**
     * VncConnection::vnc-power-control-initialized:
     * @conn: the connection
     *
     * The server accepts xvp power control requests from now on
     * (vnc_connection_power_control()).
     */
    DEFINE_SIGNAL(VNC_SIGNAL_POWER_CONTROL_INITIALIZED, "vnc-power-control-initialized",
                  vnc_power_control_initialized, 0);
    /**
     * VncConnection::vnc-power-control-failed:
     * @conn: the connection
     *
     * The server could not carry out a power control request.
     */
    DEFINE_SIGNAL(VNC_SIGNAL_POWER_CONTROL_FAILED, "vnc-power-control-failed",
                  vnc_power_control_failed, 0);
    /**
     * VncConnection::vnc-desktop-rename:
     * @conn: the connection
     * @name: the desktop's new name, in UTF-8
     *
     * The server renamed its desktop.
     */
    DEFINE_SIGNAL(VNC_SIGNAL_DESKTOP_RENAME, "vnc-desktop-rename",
                  vnc_desktop_rename, 1, G_TYPE_STRING);
    /**
     * VncConnection::vnc-desktop-resize-failed:
     * @conn: the connection
     * @status: why the server refused: a #VncConnectionResizeStatus
     *   from %VNC_CONNECTION_RESIZE_STATUS_ADMIN_PROHIBITED on (or a
     *   code of the server's that this library does not know)
     *
     * The server refused the desktop size last asked for with
     * vnc_connection_set_size(); its desktop keeps its size. A client
     * that follows its window's size should stop asking for that size
     * (for any size, when resizing is prohibited) and scale the desktop
     * instead. A request the server merely passed on
     * (%VNC_CONNECTION_RESIZE_STATUS_FORWARDED) is no refusal.
     *
     * The signal has no slot in #VncConnectionClass, which keeps
     * gtk-vnc 1.x's layout.
     *
     * Since: 1.4
     */
    signals[VNC_SIGNAL_DESKTOP_RESIZE_FAILED] =
        g_signal_new("vnc-desktop-resize-failed", G_OBJECT_CLASS_TYPE(object_class),
                     G_SIGNAL_RUN_LAST | G_SIGNAL_NO_HOOKS, 0,
                     NULL, NULL, NULL, G_TYPE_NONE, 1,
                     VNC_TYPE_CONNECTION_RESIZE_STATUS);
}

/**
 * vnc_connection_new:
 *
 * Creates a connection that is not yet open.
 *
 * Returns: (transfer full): a new #VncConnection
 */
VncConnection *
vnc_connection_new(void)
{
    return g_object_new(VNC_TYPE_CONNECTION, NULL);
}
