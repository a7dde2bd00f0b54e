/*
 * gtk-vnc: the inside of VncConnection, shared by its files
 *
 *   vncconnection.c            GObject boilerplate, public getters/setters,
 *                              signal emission, the session's life cycle
 *   vncconnection-open.c       the transports: host, address, fd
 *   vncconnection-handshake.c  version, security negotiation, ServerInit
 *   vncconnection-messages.c   the server message loop; client messages
 *   vncconnection-pseudo.c     the table of pseudo-encodings
 *   vncconnection-cursor.c     rich, X and alpha cursors
 *   vncconnection-extensions.c desktop size and layout, WMVi, name, LEDs,
 *                              pointer mode, QEMU audio, xvp, Fence,
 *                              continuous updates
 *   vncconnection-clipboard.c  cut text, plain and extended
 *   auth/                      one file per security type
 *   decode/                    one file per encoding
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_CONNECTION_PRIV_H
#define VNC_CONNECTION_PRIV_H

#include "vncconnection.h"
#include "vncconnectionenums.h"
#include "vncstream-priv.h"
#include "vncerror-priv.h"
#include "vnclimits-priv.h"
#include "coroutine.h"
#include "decode/vncdecoder-priv.h"

G_BEGIN_DECLS

/* Seconds to wait for the connection to the server (the name lookup and
 * every address of the name) before giving up. */
#define VNC_CONNECT_TIMEOUT_SECONDS 30

typedef enum {
    VNC_SIGNAL_CURSOR_CHANGED,
    VNC_SIGNAL_POINTER_MODE_CHANGED,
    VNC_SIGNAL_BELL,
    VNC_SIGNAL_SERVER_CUT_TEXT,
    VNC_SIGNAL_FRAMEBUFFER_UPDATE,
    VNC_SIGNAL_DESKTOP_RESIZE,
    VNC_SIGNAL_PIXEL_FORMAT_CHANGED,
    VNC_SIGNAL_AUTH_FAILURE,
    VNC_SIGNAL_AUTH_UNSUPPORTED,
    VNC_SIGNAL_AUTH_CREDENTIAL,
    VNC_SIGNAL_AUTH_CHOOSE_TYPE,
    VNC_SIGNAL_AUTH_CHOOSE_SUBTYPE,
    VNC_SIGNAL_CONNECTED,
    VNC_SIGNAL_INITIALIZED,
    VNC_SIGNAL_DISCONNECTED,
    VNC_SIGNAL_LED_STATE,
    VNC_SIGNAL_ERROR,
    VNC_SIGNAL_POWER_CONTROL_INITIALIZED,
    VNC_SIGNAL_POWER_CONTROL_FAILED,
    VNC_SIGNAL_DESKTOP_RENAME,
    VNC_SIGNAL_DESKTOP_RESIZE_FAILED,
    VNC_N_SIGNALS
} VncConnectionSignal;

/* One screen of an ExtendedDesktopSize layout (a viewport into the
 * framebuffer), as the wire carries it. */
typedef struct {
    guint32 id;
    guint16 x, y, width, height;
    guint32 flags;
} VncConnectionScreen;

typedef struct {
    guint16 x, y, width, height;
} VncDamage;

/* Where to connect: set by vnc_connection_open_*, used by the coroutine. */
typedef struct {
    char *host;              /* open_host: name or address */
    char *port;              /* open_host: port number */
    GSocketAddress *addr;    /* open_addr: TCP or unix socket address */
    int fd;                  /* open_fd: connected socket, or -1 */
    char *hostname;          /* for certificate checks; may be NULL */
} VncConnectionTarget;

struct _VncConnectionPrivate {
    VncConnectionTarget target;

    /* The session: from open until vnc-disconnected. */
    VncCoroutine *coroutine;
    guint start_idle;           /* starts the coroutine */
    GCancellable *cancellable;  /* cancels a connect in progress */
    GSocket *socket;
    GSocketConnection *socket_conn;
    VncStream *stream;
    gboolean open;              /* between open and disconnected */
    gboolean initialized;       /* ServerInit received */
    gboolean cancelled;         /* vnc_connection_shutdown() called */
    gboolean reopen_pending;    /* opened again while the last session wound down */
    GError *error;              /* the first error; it ends the session */

    /* Credentials and choices made through signals while the coroutine waits. */
    gboolean waiting_for_main;  /* yielded until vnc_connection_priv_wake() */
    guint wake_idle;
    unsigned int auth_type;     /* chosen security type, 0 = not yet */
    unsigned int auth_subtype;
    char *cred_username;
    char *cred_password;
    char *cred_clientname;

    /* The TLS layer on the stream, if any: the strength of its cipher in
     * bits (the key size), set by the TLS code (VeNCrypt, security type
     * 18) when it pushes its layer, 0 otherwise, and cleared with the
     * stream when the session ends. SASL reads it (auth/vncauth-sasl.c):
     * over TLS it tells the mechanism this external SSF and needs no
     * security layer of its own. */
    guint tls_ssf;

    /* What the server said. */
    int major, minor;           /* protocol version in use */
    guint16 width, height;
    char *name;
    VncPixelFormat server_format;  /* from ServerInit */
    VncPixelFormat format;         /* what the server sends now */
    gboolean shared_flag;

    /* What we asked for. */
    gint32 *encodings;
    int n_encodings;

    /* Decoding. */
    GArray *damage;             /* VncDamage: decoded, not yet announced */
    VncFramebuffer *fb;
    VncColorMap *color_map;     /* every entry the server has set so far */
    VncDecoderState *decoder_state;

    /* Extensions the server enabled. */
    VncCursor *cursor;
    gboolean abs_pointer;
    gboolean has_ext_key_event;
    gboolean has_power_control;
    int ledstate;
    gboolean has_desktop_resize;  /* the server can resize the desktop */

    /* Audio sink (set by the embedder), format and state. */
    VncAudio *audio;
    VncAudioFormat audio_format;
    gboolean audio_format_set;
    gboolean audio_enabled;

    /* Pseudo-encodings and protocol extensions (vncconnection-pseudo.c,
     * -cursor.c, -extensions.c, -clipboard.c). Everything here describes
     * one session: vnc_connection_priv_extensions_reset() clears it. */

    /* QEMU audio: the server announced it; a stream is playing. */
    gboolean has_audio;
    gboolean audio_playing;

    /* xvp: the version the server announced (0: no xvp). */
    guint8 xvp_version;

    /* ExtendedDesktopSize: the server's screen layout, as it last said,
     * and the outcome of our last SetDesktopSize (a
     * VncConnectionResizeStatus; -1 until the server has answered). */
    VncConnectionScreen *screens;
    guint n_screens;
    int resize_status;

    /* Fence: the server sent one, so it understands ours. */
    gboolean has_fence;

    /* ContinuousUpdates: the server said it can (EndOfContinuousUpdates);
     * they are on, so no FramebufferUpdateRequest follows an update. */
    gboolean has_continuous_updates;
    gboolean continuous_updates;

    /* ExtendedClipboard: the server's capabilities (flags and the most
     * text it takes unsolicited), and our latest text, kept to answer
     * its requests. */
    gboolean has_ext_clipboard;
    guint32 clipboard_server_flags;
    guint32 clipboard_server_text_max;
    char *clipboard_text;

    /* TLS and encryption (vncconnection-tls.c): the x509 files the
     * embedder set (when none is, they are looked up where gtk-vnc 1.x
     * looks), and whether only encrypted security types may be used.
     * Whether this session runs over TLS already is tls_ssf > 0. */
    char *tls_ca_file;
    char *tls_crl_file;
    char *tls_client_cert_file;
    char *tls_client_key_file;
    gboolean require_encryption;
};

/*
 * Emits @signal on @conn in the main context and returns when every
 * handler has run. From the coroutine it hops: it schedules the emission
 * in an idle callback and yields until then, so handlers never run on the
 * coroutine's stack or thread. The variable arguments are the signal's
 * parameters, in the types the signal was created with.
 *
 * coroutine context (or main context, where it emits directly).
 */
void vnc_connection_priv_emit(VncConnection *conn, VncConnectionSignal signal, ...);
/* The same for a signal that returns a boolean (vnc-auth-certificate,
 * made outside the table above, so named by its id): returns what the
 * emission returned, FALSE when nobody handled it. */
gboolean vnc_connection_priv_emit_boolean(VncConnection *conn, guint signal_id, ...);

/* The list a vnc-auth-choose-type, vnc-auth-choose-subtype or
 * vnc-auth-credential handler receives: @n enum values of @enum_type,
 * read from @values, an array of elements of @value_size bytes (1, 4:
 * what the wire gave, or a C enum). Free with g_value_array_free(). */
GValueArray *vnc_connection_priv_enum_list_new(GType enum_type, gconstpointer values,
                                               gsize value_size, guint n);

/* coroutine context (or main context, where it calls at once): runs
 * @func(@conn, @data) in the main context and returns when it has run. */
typedef void (*VncMainFunc)(VncConnection *conn, gpointer data);
void vnc_connection_priv_run_in_main(VncConnection *conn, VncMainFunc func, gpointer data);

/* Notes a rectangle of the framebuffer as changed. The embedder hears of
 * it (vnc-framebuffer-update) at the next vnc_connection_priv_flush_damage,
 * all rectangles of an update in one hop to the main context: one hop per
 * rectangle would cost more than decoding most of them. */
void vnc_connection_priv_add_damage(VncConnection *conn, guint16 x, guint16 y,
                                    guint16 width, guint16 height);
/* coroutine context */
void vnc_connection_priv_flush_damage(VncConnection *conn);

/* coroutine context: yields until the main context calls
 * vnc_connection_priv_wake() (a credential was set, an auth type chosen)
 * or the connection is shut down. FALSE with @err after shutdown. */
gboolean vnc_connection_priv_wait(VncConnection *conn, GError **err);
void vnc_connection_priv_wake(VncConnection *conn);

/* coroutine context: asks the embedder for the credentials in @wanted
 * (VncConnectionCredential values) through vnc-auth-credential and waits
 * until all of them are set. */
gboolean vnc_connection_priv_want_credentials(VncConnection *conn,
                                              const VncConnectionCredential *wanted,
                                              guint n_wanted,
                                              GError **err);

/* The parts of the session. coroutine context. */
gboolean vnc_connection_priv_connect(VncConnection *conn, GError **err);
/* Tests only: the connect timeout of every connection opened from now
 * on, in seconds; 0 restores VNC_CONNECT_TIMEOUT_SECONDS. */
void vnc_connection_priv_set_connect_timeout(guint seconds);
gboolean vnc_connection_priv_handshake(VncConnection *conn, GError **err);
/* The security part of the handshake: the type (chosen from the server's
 * list, or the server's at 3.3), its method, then the SecurityResult.
 * The TLS type runs it again inside the encrypted channel. */
gboolean vnc_connection_priv_negotiate_security(VncConnection *conn, GError **err);
/* The SecurityResult after a security type's exchange: a failure (with
 * the server's reason at 3.8) emits vnc-auth-failure and fails. */
gboolean vnc_connection_priv_check_security_result(VncConnection *conn, GError **err);
/* The security exchange failed for @reason (a sentence for a person):
 * emits vnc-auth-failure with it and fails with VNC_ERROR_AUTH. For
 * failures the server shows other than by a SecurityResult (SASL's server
 * hanging up). Always FALSE. coroutine context */
gboolean vnc_connection_priv_auth_failed(VncConnection *conn, const char *reason,
                                         GError **err);
gboolean vnc_connection_priv_server_message(VncConnection *conn, GError **err);

/* Pseudo-encodings inside a FramebufferUpdate. Sets *handled to FALSE when
 * @encoding is not a pseudo-encoding. */
gboolean vnc_connection_priv_pseudo_encoding(VncConnection *conn, gint32 encoding,
                                             guint16 x, guint16 y,
                                             guint16 width, guint16 height,
                                             gboolean *handled, gboolean *last_rect,
                                             GError **err);

/* Whether a desktop of @width x @height is within our limits. */
gboolean vnc_connection_priv_resize_check(guint16 width, guint16 height, GError **err);

/* Whether the connection handles the pseudo-encoding @encoding, and so
 * may offer it to the server. */
gboolean vnc_connection_priv_pseudo_encoding_supported(gint32 encoding);

/* Pseudo-encodings and extensions: vncconnection-pseudo.c dispatches the
 * rectangles to these; vnc_connection_priv_server_message() the messages.
 * coroutine context */
gboolean vnc_connection_priv_rich_cursor(VncConnection *conn, guint16 x, guint16 y,
                                         guint16 width, guint16 height, GError **err);
gboolean vnc_connection_priv_x_cursor(VncConnection *conn, guint16 x, guint16 y,
                                      guint16 width, guint16 height, GError **err);
gboolean vnc_connection_priv_alpha_cursor(VncConnection *conn, guint16 x, guint16 y,
                                          guint16 width, guint16 height, GError **err);
gboolean vnc_connection_priv_pointer_change(VncConnection *conn, guint16 x, guint16 y,
                                            guint16 width, guint16 height, GError **err);
gboolean vnc_connection_priv_ext_key_event(VncConnection *conn, guint16 x, guint16 y,
                                           guint16 width, guint16 height, GError **err);
gboolean vnc_connection_priv_audio(VncConnection *conn, guint16 x, guint16 y,
                                   guint16 width, guint16 height, GError **err);
gboolean vnc_connection_priv_led_state(VncConnection *conn, guint16 x, guint16 y,
                                       guint16 width, guint16 height, GError **err);
gboolean vnc_connection_priv_desktop_name(VncConnection *conn, guint16 x, guint16 y,
                                          guint16 width, guint16 height, GError **err);
gboolean vnc_connection_priv_desktop_size(VncConnection *conn, guint16 x, guint16 y,
                                          guint16 width, guint16 height, GError **err);
gboolean vnc_connection_priv_extended_desktop_size(VncConnection *conn,
                                                   guint16 x, guint16 y,
                                                   guint16 width, guint16 height,
                                                   GError **err);
gboolean vnc_connection_priv_wmvi(VncConnection *conn, guint16 x, guint16 y,
                                  guint16 width, guint16 height, GError **err);

/* Server messages of the extensions (the type byte already read). */
gboolean vnc_connection_priv_read_xvp(VncConnection *conn, GError **err);
gboolean vnc_connection_priv_read_qemu(VncConnection *conn, GError **err);
gboolean vnc_connection_priv_read_fence(VncConnection *conn, GError **err);
gboolean vnc_connection_priv_read_end_of_continuous_updates(VncConnection *conn,
                                                            GError **err);
/* ServerCutText, plain (Latin-1) or extended (negative length). */
gboolean vnc_connection_priv_read_cut_text(VncConnection *conn, GError **err);

/* Whether we offered @encoding in the last SetEncodings. */
gboolean vnc_connection_priv_offered(VncConnection *conn, gint32 encoding);

/* ClientCutText through the extended clipboard, if the server has it:
 * TRUE when the text was sent (or announced) that way. main context */
gboolean vnc_connection_priv_clipboard_send(VncConnection *conn,
                                            const void *data, gsize length);

/* The embedder changed the audio format: tells the server, if it plays
 * audio. main context */
void vnc_connection_priv_audio_format_changed(VncConnection *conn);

/* Forgets everything the extensions learnt about the session. */
void vnc_connection_priv_extensions_reset(VncConnection *conn);

/* Appends a QEMU extended key event (keysym and scancode) to the output. */
void vnc_connection_priv_write_ext_key_event(VncConnection *conn, gboolean down,
                                             guint32 keysym, guint16 scancode);

/* The desktop changed size: checks the limits, records it and tells the
 * embedder (who then replaces the framebuffer). */
gboolean vnc_connection_priv_resize(VncConnection *conn, guint16 width, guint16 height,
                                    GError **err);

/* coroutine context: reads the 16-byte wire form of a pixel format
 * (ServerInit, WMVi) and checks that we can decode it. */
gboolean vnc_connection_priv_read_pixel_format(VncConnection *conn, VncPixelFormat *format,
                                               GError **err);

/* coroutine context: reads a u32 length, at most @limit, and that many
 * bytes, as they are, into *@data (NUL-terminated beyond them; *@len
 * does not count the NUL). @what names the data in the error when the
 * length is over the limit ("SASL mechanism list"). */
gboolean vnc_connection_priv_read_sized(VncConnection *conn, guint32 limit, const char *what,
                                        char **data, guint32 *len, GError **err);

/* coroutine context: reads a u32 length and that many bytes of text, at
 * most @limit, as UTF-8 (converting from Latin-1 when it is not UTF-8).
 * @what names the text in error messages ("failure reason"). */
gboolean vnc_connection_priv_read_string(VncConnection *conn, guint32 limit,
                                         const char *what, char **text, GError **err);

/* Whether client messages may be sent now: between ServerInit and the
 * end of the session. */
gboolean vnc_connection_priv_can_send(VncConnection *conn);

/* Sends a message built in the stream's output buffer. any context */
void vnc_connection_priv_send(VncConnection *conn);

/* Clears a secret string in place and frees it. */
void vnc_connection_priv_free_secret(char *secret);

/* TLS and encryption (vncconnection-tls.c). */

/* The class's TLS properties and the vnc-auth-certificate signal; called
 * from class_init. The property functions return FALSE for ids that are
 * not theirs. */
void vnc_connection_priv_tls_class_init(GObjectClass *object_class);
gboolean vnc_connection_priv_tls_get_property(VncConnection *conn, guint prop_id,
                                              GValue *value);
gboolean vnc_connection_priv_tls_set_property(VncConnection *conn, guint prop_id,
                                              const GValue *value);
void vnc_connection_priv_tls_finalize(VncConnection *conn);

/* Whether security type @type may be used: with require-encryption set
 * and no TLS underneath, only types that encrypt (TLS, VeNCrypt, SASL)
 * may. SASL must then itself insist on a security layer: see
 * vnc_connection_priv_encryption_required(). */
gboolean vnc_connection_priv_auth_allowed(VncConnection *conn, guint type);
/* The same, with an error that says why not. */
gboolean vnc_connection_priv_check_auth_allowed(VncConnection *conn, guint type,
                                                GError **err);
/* TRUE when the embedder requires encryption and nothing below the
 * current security type provides it (no TLS layer yet). */
gboolean vnc_connection_priv_encryption_required(VncConnection *conn);

/* coroutine context: sends what is buffered, runs a TLS handshake
 * (anonymous, or x509 with the server's certificate checked and, if it
 * fails, offered to the embedder through vnc-auth-certificate), and puts
 * the TLS layer on the stream. */
gboolean vnc_connection_priv_start_tls(VncConnection *conn, gboolean x509, GError **err);

/* coroutine context: sends @len bytes that hold a secret (a password)
 * straight through the stream's layers, after what is buffered, so that
 * no copy stays behind in the stream's output buffer. The caller wipes
 * @data. */
gboolean vnc_connection_priv_send_secret(VncConnection *conn, const guint8 *data,
                                         gsize len, GError **err);

G_END_DECLS

#endif /* VNC_CONNECTION_PRIV_H */
