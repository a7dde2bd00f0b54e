/*
 * gtk-vnc: one connection to a VNC (RFB) server
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_CONNECTION_H
#define VNC_CONNECTION_H

#include <glib-object.h>
#include <gio/gio.h>

#include "vncframebuffer.h"
#include "vnccursor.h"
#include "vncaudio.h"
#include "vncutil.h"

G_BEGIN_DECLS

#define VNC_TYPE_CONNECTION            (vnc_connection_get_type())
#define VNC_CONNECTION(obj)            (G_TYPE_CHECK_INSTANCE_CAST((obj), VNC_TYPE_CONNECTION, VncConnection))
#define VNC_CONNECTION_CLASS(klass)    (G_TYPE_CHECK_CLASS_CAST((klass), VNC_TYPE_CONNECTION, VncConnectionClass))
#define VNC_IS_CONNECTION(obj)         (G_TYPE_CHECK_INSTANCE_TYPE((obj), VNC_TYPE_CONNECTION))
#define VNC_IS_CONNECTION_CLASS(klass) (G_TYPE_CHECK_CLASS_TYPE((klass), VNC_TYPE_CONNECTION))
#define VNC_CONNECTION_GET_CLASS(obj)  (G_TYPE_INSTANCE_GET_CLASS((obj), VNC_TYPE_CONNECTION, VncConnectionClass))

/* Bits of the value returned by vnc_connection_get_ledstate(). */

/**
 * VNC_LEDSTATE_SCROLL_LOCK:
 *
 * The bit of vnc_connection_get_ledstate() that is set while the
 * server's Scroll Lock light is on.
 */
#define VNC_LEDSTATE_SCROLL_LOCK (1 << 0)

/**
 * VNC_LEDSTATE_NUM_LOCK:
 *
 * The bit of vnc_connection_get_ledstate() that is set while the
 * server's Num Lock light is on.
 */
#define VNC_LEDSTATE_NUM_LOCK    (1 << 1)

/**
 * VNC_LEDSTATE_CAPS_LOCK:
 *
 * The bit of vnc_connection_get_ledstate() that is set while the
 * server's Caps Lock light is on.
 */
#define VNC_LEDSTATE_CAPS_LOCK   (1 << 2)

typedef struct _VncConnection VncConnection;
typedef struct _VncConnectionPrivate VncConnectionPrivate;
typedef struct _VncConnectionClass VncConnectionClass;

/* Layout kept as gtk-vnc 1.x's: parent and a private pointer. */
struct _VncConnection {
    GObject parent;
    VncConnectionPrivate *priv;
};

/**
 * VncConnectionClass:
 * @parent_class: the parent class
 * @vnc_cursor_changed: class handler of #VncConnection::vnc-cursor-changed
 * @vnc_pointer_mode_changed: class handler of
 *   #VncConnection::vnc-pointer-mode-changed
 * @vnc_bell: class handler of #VncConnection::vnc-bell
 * @vnc_server_cut_text: class handler of #VncConnection::vnc-server-cut-text;
 *   despite the type declared here, what it receives is a nul-terminated
 *   UTF-8 string
 * @vnc_framebuffer_update: class handler of
 *   #VncConnection::vnc-framebuffer-update
 * @vnc_desktop_resize: class handler of #VncConnection::vnc-desktop-resize
 * @vnc_pixel_format_changed: class handler of
 *   #VncConnection::vnc-pixel-format-changed
 * @vnc_auth_failure: class handler of #VncConnection::vnc-auth-failure
 * @vnc_auth_unsupported: class handler of #VncConnection::vnc-auth-unsupported
 * @vnc_auth_credential: class handler of #VncConnection::vnc-auth-credential
 * @vnc_auth_choose_type: class handler of #VncConnection::vnc-auth-choose-type
 * @vnc_auth_choose_subtype: class handler of
 *   #VncConnection::vnc-auth-choose-subtype
 * @vnc_connected: class handler of #VncConnection::vnc-connected
 * @vnc_initialized: class handler of #VncConnection::vnc-initialized
 * @vnc_disconnected: class handler of #VncConnection::vnc-disconnected
 * @vnc_led_state: class handler of #VncConnection::vnc-led-state
 * @vnc_error: class handler of #VncConnection::vnc-error
 * @vnc_power_control_initialized: class handler of
 *   #VncConnection::vnc-power-control-initialized
 * @vnc_power_control_failed: class handler of
 *   #VncConnection::vnc-power-control-failed
 * @vnc_desktop_rename: class handler of #VncConnection::vnc-desktop-rename
 *
 * The class holds one default handler slot per signal, in the order of
 * gtk-vnc 1.x, so that subclasses built against it keep working.
 */
struct _VncConnectionClass {
    GObjectClass parent_class;

    /* Signals */
    void (*vnc_cursor_changed)(VncConnection *conn, VncCursor *cursor);
    void (*vnc_pointer_mode_changed)(VncConnection *conn, gboolean absPointer);
    void (*vnc_bell)(VncConnection *conn);
    void (*vnc_server_cut_text)(VncConnection *conn, const GString *text);
    void (*vnc_framebuffer_update)(VncConnection *conn, guint16 x, guint16 y,
                                   guint16 width, guint16 height);
    void (*vnc_desktop_resize)(VncConnection *conn, guint16 width, guint16 height);
    void (*vnc_pixel_format_changed)(VncConnection *conn, VncPixelFormat *format);
    void (*vnc_auth_failure)(VncConnection *conn, const char *reason);
    void (*vnc_auth_unsupported)(VncConnection *conn, unsigned int authType);
    void (*vnc_auth_credential)(VncConnection *conn, GValueArray *creds);
    void (*vnc_auth_choose_type)(VncConnection *conn, GValueArray *types);
    void (*vnc_auth_choose_subtype)(VncConnection *conn, unsigned int type,
                                    GValueArray *subtypes);
    void (*vnc_connected)(VncConnection *conn);
    void (*vnc_initialized)(VncConnection *conn);
    void (*vnc_disconnected)(VncConnection *conn);
    void (*vnc_led_state)(VncConnection *conn);
    void (*vnc_error)(VncConnection *conn, const char *message);
    void (*vnc_power_control_initialized)(VncConnection *conn);
    void (*vnc_power_control_failed)(VncConnection *conn);
    void (*vnc_desktop_rename)(VncConnection *conn, const char *name);

    /*< private >*/
    gpointer _vnc_reserved[VNC_PADDING_LARGE - 5];
};

/**
 * VncConnectionEncoding:
 * @VNC_CONNECTION_ENCODING_RAW: pixels as they are
 * @VNC_CONNECTION_ENCODING_COPY_RECT: a copy of another part of the screen
 * @VNC_CONNECTION_ENCODING_RRE: rise-and-run-length: rectangles of one
 *   colour on a background
 * @VNC_CONNECTION_ENCODING_CORRE: RRE with 8-bit coordinates
 * @VNC_CONNECTION_ENCODING_HEXTILE: RRE-like, in tiles of 16x16 pixels
 * @VNC_CONNECTION_ENCODING_ZLIB: raw pixels compressed with zlib
 * @VNC_CONNECTION_ENCODING_TIGHT: palettes, gradients, zlib and JPEG,
 *   chosen per rectangle
 * @VNC_CONNECTION_ENCODING_TRLE: tiled run-length encoding
 * @VNC_CONNECTION_ENCODING_ZRLE: TRLE in 64x64 tiles, compressed with zlib
 * @VNC_CONNECTION_ENCODING_ZYWRLE: ZRLE after a lossy wavelet transform
 * @VNC_CONNECTION_ENCODING_TIGHT_JPEG0: Tight JPEG quality level 0 (the
 *   lowest), a pseudo-encoding
 * @VNC_CONNECTION_ENCODING_TIGHT_JPEG1: Tight JPEG quality level 1
 * @VNC_CONNECTION_ENCODING_TIGHT_JPEG2: Tight JPEG quality level 2
 * @VNC_CONNECTION_ENCODING_TIGHT_JPEG3: Tight JPEG quality level 3
 * @VNC_CONNECTION_ENCODING_TIGHT_JPEG4: Tight JPEG quality level 4
 * @VNC_CONNECTION_ENCODING_TIGHT_JPEG5: Tight JPEG quality level 5
 * @VNC_CONNECTION_ENCODING_TIGHT_JPEG6: Tight JPEG quality level 6
 * @VNC_CONNECTION_ENCODING_TIGHT_JPEG7: Tight JPEG quality level 7
 * @VNC_CONNECTION_ENCODING_TIGHT_JPEG8: Tight JPEG quality level 8
 * @VNC_CONNECTION_ENCODING_TIGHT_JPEG9: Tight JPEG quality level 9 (the
 *   highest)
 * @VNC_CONNECTION_ENCODING_COMPRESS_LEVEL0: Tight compression level 0
 *   (the fastest); level n is this value + n
 * @VNC_CONNECTION_ENCODING_COMPRESS_LEVEL9: Tight compression level 9
 *   (the strongest)
 * @VNC_CONNECTION_ENCODING_DESKTOP_RESIZE: the server may change the
 *   desktop's size (DesktopSize)
 * @VNC_CONNECTION_ENCODING_LAST_RECT: an update may end before its
 *   announced number of rectangles
 * @VNC_CONNECTION_ENCODING_WMVi: the server may change its pixel format
 * @VNC_CONNECTION_ENCODING_CURSOR_POS: the server tells where its
 *   pointer is
 * @VNC_CONNECTION_ENCODING_RICH_CURSOR: the server sends the cursor's
 *   shape in its pixel format, with a transparency mask
 * @VNC_CONNECTION_ENCODING_XCURSOR: the server sends the cursor's shape
 *   as a two-colour bitmap
 * @VNC_CONNECTION_ENCODING_POINTER_CHANGE: the server may switch between
 *   absolute and relative pointer input (QEMU)
 * @VNC_CONNECTION_ENCODING_EXT_KEY_EVENT: the server takes key events
 *   with scan codes (QEMU)
 * @VNC_CONNECTION_ENCODING_AUDIO: the server can send audio (QEMU)
 * @VNC_CONNECTION_ENCODING_TIGHT_PNG: Tight with PNG instead of zlib
 *   (QEMU)
 * @VNC_CONNECTION_ENCODING_LED_STATE: the server reports its keyboard
 *   lights (QEMU)
 * @VNC_CONNECTION_ENCODING_DESKTOP_NAME: the server may rename its
 *   desktop
 * @VNC_CONNECTION_ENCODING_EXTENDED_DESKTOP_RESIZE: the server reports
 *   its screen layout and accepts size requests (ExtendedDesktopSize)
 * @VNC_CONNECTION_ENCODING_XVP: the server accepts power control
 *   requests (xvp)
 * @VNC_CONNECTION_ENCODING_FENCE: the client and server can
 *   synchronise with fence messages
 * @VNC_CONNECTION_ENCODING_CONTINUOUS_UPDATES: the server can send
 *   updates without waiting for requests
 * @VNC_CONNECTION_ENCODING_ALPHA_CURSOR: the server sends the cursor's
 *   shape with an alpha channel
 * @VNC_CONNECTION_ENCODING_FINE_QUALITY_LEVEL0: JPEG quality 0 of 100;
 *   quality n is this value + n
 * @VNC_CONNECTION_ENCODING_FINE_QUALITY_LEVEL100: JPEG quality 100 of 100
 * @VNC_CONNECTION_ENCODING_SUBSAMP_1X: JPEG without chroma subsampling;
 *   the following values ask for 4X, 2X and grayscale
 * @VNC_CONNECTION_ENCODING_SUBSAMP_GRAY: grayscale JPEG
 * @VNC_CONNECTION_ENCODING_EXTENDED_CLIPBOARD: clipboard text in UTF-8,
 *   compressed, on request (ExtendedClipboard)
 *
 * The encodings (positive numbers, and WMVi) and pseudo-encodings
 * (negative numbers) a client may offer with
 * vnc_connection_set_encodings(). Offering a pseudo-encoding tells the
 * server that the client understands an extension. The numbers are
 * those of the RFB protocol's registry.
 */
typedef enum {
    VNC_CONNECTION_ENCODING_RAW = 0,
    VNC_CONNECTION_ENCODING_COPY_RECT = 1,
    VNC_CONNECTION_ENCODING_RRE = 2,
    VNC_CONNECTION_ENCODING_CORRE = 4,
    VNC_CONNECTION_ENCODING_HEXTILE = 5,
    VNC_CONNECTION_ENCODING_ZLIB = 6,
    VNC_CONNECTION_ENCODING_TIGHT = 7,
    VNC_CONNECTION_ENCODING_TRLE = 15,
    VNC_CONNECTION_ENCODING_ZRLE = 16,
    VNC_CONNECTION_ENCODING_ZYWRLE = 17,

    /* Tight JPEG quality levels */
    VNC_CONNECTION_ENCODING_TIGHT_JPEG0 = -32,
    VNC_CONNECTION_ENCODING_TIGHT_JPEG1 = -31,
    VNC_CONNECTION_ENCODING_TIGHT_JPEG2 = -30,
    VNC_CONNECTION_ENCODING_TIGHT_JPEG3 = -29,
    VNC_CONNECTION_ENCODING_TIGHT_JPEG4 = -28,
    VNC_CONNECTION_ENCODING_TIGHT_JPEG5 = -27,
    VNC_CONNECTION_ENCODING_TIGHT_JPEG6 = -26,
    VNC_CONNECTION_ENCODING_TIGHT_JPEG7 = -25,
    VNC_CONNECTION_ENCODING_TIGHT_JPEG8 = -24,
    VNC_CONNECTION_ENCODING_TIGHT_JPEG9 = -23,

    /* Tight compression levels */
    VNC_CONNECTION_ENCODING_COMPRESS_LEVEL0 = -256,
    VNC_CONNECTION_ENCODING_COMPRESS_LEVEL9 = -247,

    /* Pseudo encodings */
    VNC_CONNECTION_ENCODING_DESKTOP_RESIZE = -223,
    VNC_CONNECTION_ENCODING_LAST_RECT = -224,
    VNC_CONNECTION_ENCODING_WMVi = 0x574D5669,

    VNC_CONNECTION_ENCODING_CURSOR_POS = -232,
    VNC_CONNECTION_ENCODING_RICH_CURSOR = -239,
    VNC_CONNECTION_ENCODING_XCURSOR = -240,

    VNC_CONNECTION_ENCODING_POINTER_CHANGE = -257,
    VNC_CONNECTION_ENCODING_EXT_KEY_EVENT = -258,
    VNC_CONNECTION_ENCODING_AUDIO = -259,
    VNC_CONNECTION_ENCODING_TIGHT_PNG = -260,
    VNC_CONNECTION_ENCODING_LED_STATE = -261,
    VNC_CONNECTION_ENCODING_DESKTOP_NAME = -307,
    VNC_CONNECTION_ENCODING_EXTENDED_DESKTOP_RESIZE = -308,
    VNC_CONNECTION_ENCODING_XVP = -309,
    VNC_CONNECTION_ENCODING_FENCE = -312,
    VNC_CONNECTION_ENCODING_CONTINUOUS_UPDATES = -313,
    VNC_CONNECTION_ENCODING_ALPHA_CURSOR = -314,

    /* Fine-grained JPEG quality (0..100) and chroma subsampling levels */
    VNC_CONNECTION_ENCODING_FINE_QUALITY_LEVEL0 = -512,
    VNC_CONNECTION_ENCODING_FINE_QUALITY_LEVEL100 = -412,
    VNC_CONNECTION_ENCODING_SUBSAMP_1X = -768,
    VNC_CONNECTION_ENCODING_SUBSAMP_GRAY = -765,

    /* 0xC0A1E5CE as a signed 32-bit number, written so that GObject
     * Introspection (which ignores casts) gets the value GType has. */
    VNC_CONNECTION_ENCODING_EXTENDED_CLIPBOARD = -0x3F5E1A32,
} VncConnectionEncoding;

/**
 * VncConnectionAuth:
 * @VNC_CONNECTION_AUTH_INVALID: no security type (a refusal)
 * @VNC_CONNECTION_AUTH_NONE: no authentication
 * @VNC_CONNECTION_AUTH_VNC: VNC authentication: a DES challenge and
 *   response with a password of up to 8 characters
 * @VNC_CONNECTION_AUTH_RA2: RealVNC's RA2 (not supported)
 * @VNC_CONNECTION_AUTH_RA2NE: RealVNC's RA2ne (not supported)
 * @VNC_CONNECTION_AUTH_TIGHT: TightVNC's tunnelling and authentication
 *   (not supported)
 * @VNC_CONNECTION_AUTH_ULTRA: UltraVNC's (not supported)
 * @VNC_CONNECTION_AUTH_TLS: anonymous TLS, then another security type
 * @VNC_CONNECTION_AUTH_VENCRYPT: VeNCrypt: TLS (anonymous or x509) and
 *   a sub-type, see #VncConnectionAuthVencrypt
 * @VNC_CONNECTION_AUTH_SASL: SASL authentication, with a security layer
 *   when the mechanism offers one
 * @VNC_CONNECTION_AUTH_ARD: Apple Remote Desktop: a user name and a
 *   password, protected by Diffie-Hellman key agreement
 * @VNC_CONNECTION_AUTH_MSLOGONII: UltraVNC's MS-Logon II: a user name
 *   and a password, protected by Diffie-Hellman key agreement
 * @VNC_CONNECTION_AUTH_MSLOGON: UltraVNC's older MS-Logon (not supported)
 *
 * RFB security types, as the server offers them in
 * #VncConnection::vnc-auth-choose-type.
 */
typedef enum {
    VNC_CONNECTION_AUTH_INVALID = 0,
    VNC_CONNECTION_AUTH_NONE = 1,
    VNC_CONNECTION_AUTH_VNC = 2,
    VNC_CONNECTION_AUTH_RA2 = 5,
    VNC_CONNECTION_AUTH_RA2NE = 6,
    VNC_CONNECTION_AUTH_TIGHT = 16,
    VNC_CONNECTION_AUTH_ULTRA = 17,
    VNC_CONNECTION_AUTH_TLS = 18,
    VNC_CONNECTION_AUTH_VENCRYPT = 19,
    VNC_CONNECTION_AUTH_SASL = 20,
    VNC_CONNECTION_AUTH_ARD = 30,
    VNC_CONNECTION_AUTH_MSLOGONII = 0x71,
    /* 0xfffffffa (250 as the one byte of a security type list), written
     * as the signed value GType registers, so that introspection data
     * and GType agree and bindings can use this enumeration. */
    VNC_CONNECTION_AUTH_MSLOGON = -6,
} VncConnectionAuth;

/**
 * VncConnectionAuthVencrypt:
 * @VNC_CONNECTION_AUTH_VENCRYPT_PLAIN: user name and password in clear
 *   text, without TLS
 * @VNC_CONNECTION_AUTH_VENCRYPT_TLSNONE: anonymous TLS, no authentication
 * @VNC_CONNECTION_AUTH_VENCRYPT_TLSVNC: anonymous TLS, then VNC
 *   authentication
 * @VNC_CONNECTION_AUTH_VENCRYPT_TLSPLAIN: anonymous TLS, then user name
 *   and password
 * @VNC_CONNECTION_AUTH_VENCRYPT_X509NONE: TLS with the server's x509
 *   certificate checked, no authentication
 * @VNC_CONNECTION_AUTH_VENCRYPT_X509VNC: x509 TLS, then VNC authentication
 * @VNC_CONNECTION_AUTH_VENCRYPT_X509PLAIN: x509 TLS, then user name and
 *   password
 * @VNC_CONNECTION_AUTH_VENCRYPT_X509SASL: x509 TLS, then SASL
 * @VNC_CONNECTION_AUTH_VENCRYPT_TLSSASL: anonymous TLS, then SASL
 *
 * Sub-types of the VeNCrypt security type, as the server offers them in
 * #VncConnection::vnc-auth-choose-subtype. Anonymous TLS encrypts but
 * does not prove who the server is; the x509 sub-types do.
 */
typedef enum {
    VNC_CONNECTION_AUTH_VENCRYPT_PLAIN = 256,
    VNC_CONNECTION_AUTH_VENCRYPT_TLSNONE = 257,
    VNC_CONNECTION_AUTH_VENCRYPT_TLSVNC = 258,
    VNC_CONNECTION_AUTH_VENCRYPT_TLSPLAIN = 259,
    VNC_CONNECTION_AUTH_VENCRYPT_X509NONE = 260,
    VNC_CONNECTION_AUTH_VENCRYPT_X509VNC = 261,
    VNC_CONNECTION_AUTH_VENCRYPT_X509PLAIN = 262,
    VNC_CONNECTION_AUTH_VENCRYPT_X509SASL = 263,
    VNC_CONNECTION_AUTH_VENCRYPT_TLSSASL = 264,
} VncConnectionAuthVencrypt;

/**
 * VncConnectionCredential:
 * @VNC_CONNECTION_CREDENTIAL_PASSWORD: the password
 * @VNC_CONNECTION_CREDENTIAL_USERNAME: the user name
 * @VNC_CONNECTION_CREDENTIAL_CLIENTNAME: the client's name, which picks
 *   the x509 client certificate when none is set (see
 *   vnc_connection_set_tls_ca_file())
 *
 * The credentials #VncConnection::vnc-auth-credential may ask for, and
 * vnc_connection_set_credential() gives.
 */
typedef enum {
    VNC_CONNECTION_CREDENTIAL_PASSWORD,
    VNC_CONNECTION_CREDENTIAL_USERNAME,
    VNC_CONNECTION_CREDENTIAL_CLIENTNAME,
} VncConnectionCredential;

/**
 * VncConnectionPowerAction:
 * @VNC_CONNECTION_POWER_ACTION_SHUTDOWN: shut the machine down cleanly
 * @VNC_CONNECTION_POWER_ACTION_REBOOT: restart the machine cleanly
 * @VNC_CONNECTION_POWER_ACTION_RESET: reset the machine at once
 *
 * The xvp power control requests of vnc_connection_power_control().
 */
typedef enum {
    VNC_CONNECTION_POWER_ACTION_SHUTDOWN = 2,
    VNC_CONNECTION_POWER_ACTION_REBOOT = 3,
    VNC_CONNECTION_POWER_ACTION_RESET = 4,
} VncConnectionPowerAction;

/**
 * VncConnectionResizeStatus:
 * @VNC_CONNECTION_RESIZE_STATUS_UNSUPPORTED: the server cannot be asked
 *   to resize (or has not answered yet)
 * @VNC_CONNECTION_RESIZE_STATUS_OK: the request was sent, or granted
 * @VNC_CONNECTION_RESIZE_STATUS_ADMIN_PROHIBITED: the server's
 *   administrator forbids resizing
 * @VNC_CONNECTION_RESIZE_STATUS_OUT_OF_RESOURCES: the server lacks the
 *   resources for that size
 * @VNC_CONNECTION_RESIZE_STATUS_INVALID_LAOUT: the size or screen layout
 *   is not acceptable (the misspelt name is gtk-vnc 1.x's)
 * @VNC_CONNECTION_RESIZE_STATUS_FORWARDED: the request was passed on to
 *   the desktop, which will decide
 *
 * The outcome of vnc_connection_set_size(); the values from 1 on are
 * those the ExtendedDesktopSize extension defines for a server's answer.
 */
typedef enum {
    VNC_CONNECTION_RESIZE_STATUS_UNSUPPORTED = -1,
    VNC_CONNECTION_RESIZE_STATUS_OK = 0,
    VNC_CONNECTION_RESIZE_STATUS_ADMIN_PROHIBITED = 1,
    VNC_CONNECTION_RESIZE_STATUS_OUT_OF_RESOURCES = 2,
    VNC_CONNECTION_RESIZE_STATUS_INVALID_LAOUT = 3,
    VNC_CONNECTION_RESIZE_STATUS_FORWARDED = 4,
} VncConnectionResizeStatus;

GType vnc_connection_get_type(void) G_GNUC_CONST;

VncConnection *vnc_connection_new(void);

gboolean vnc_connection_open_fd(VncConnection *conn, int fd);
gboolean vnc_connection_open_fd_with_hostname(VncConnection *conn, int fd,
                                              const char *hostname);
gboolean vnc_connection_open_host(VncConnection *conn, const char *host,
                                  const char *port);
gboolean vnc_connection_open_addr(VncConnection *conn, GSocketAddress *addr,
                                  const char *hostname);
gboolean vnc_connection_is_open(VncConnection *conn);
void vnc_connection_shutdown(VncConnection *conn);

gboolean vnc_connection_set_auth_type(VncConnection *conn, unsigned int type);
gboolean vnc_connection_set_auth_subtype(VncConnection *conn, unsigned int type);
gboolean vnc_connection_set_credential(VncConnection *conn, int type,
                                       const gchar *data);

/* TLS: the x509 files to trust and present, and refusing every security
 * type that does not encrypt. */
gboolean vnc_connection_set_tls_ca_file(VncConnection *conn, const char *file);
const char *vnc_connection_get_tls_ca_file(VncConnection *conn);
gboolean vnc_connection_set_tls_crl_file(VncConnection *conn, const char *file);
const char *vnc_connection_get_tls_crl_file(VncConnection *conn);
gboolean vnc_connection_set_tls_client_cert_file(VncConnection *conn, const char *file);
const char *vnc_connection_get_tls_client_cert_file(VncConnection *conn);
gboolean vnc_connection_set_tls_client_key_file(VncConnection *conn, const char *file);
const char *vnc_connection_get_tls_client_key_file(VncConnection *conn);
gboolean vnc_connection_set_require_encryption(VncConnection *conn, gboolean require);
gboolean vnc_connection_get_require_encryption(VncConnection *conn);

gboolean vnc_connection_is_initialized(VncConnection *conn);

gboolean vnc_connection_client_cut_text(VncConnection *conn,
                                        const void *data, size_t length);
gboolean vnc_connection_pointer_event(VncConnection *conn, guint8 button_mask,
                                      guint16 x, guint16 y);
gboolean vnc_connection_key_event(VncConnection *conn, gboolean down_flag,
                                  guint32 key, guint16 scancode);
gboolean vnc_connection_framebuffer_update_request(VncConnection *conn,
                                                   gboolean incremental,
                                                   guint16 x, guint16 y,
                                                   guint16 width, guint16 height);

gboolean vnc_connection_set_encodings(VncConnection *conn, int n_encoding,
                                      gint32 *encoding);
gboolean vnc_connection_set_pixel_format(VncConnection *conn,
                                         const VncPixelFormat *fmt);
const VncPixelFormat *vnc_connection_get_pixel_format(VncConnection *conn);

gboolean vnc_connection_set_shared(VncConnection *conn, gboolean shared);
gboolean vnc_connection_get_shared(VncConnection *conn);

gboolean vnc_connection_has_error(VncConnection *conn);

gboolean vnc_connection_set_framebuffer(VncConnection *conn, VncFramebuffer *fb);

const char *vnc_connection_get_name(VncConnection *conn);
int vnc_connection_get_width(VncConnection *conn);
int vnc_connection_get_height(VncConnection *conn);

VncCursor *vnc_connection_get_cursor(VncConnection *conn);
gboolean vnc_connection_get_abs_pointer(VncConnection *conn);
gboolean vnc_connection_get_ext_key_event(VncConnection *conn);
gboolean vnc_connection_get_power_control(VncConnection *conn);
int vnc_connection_get_ledstate(VncConnection *conn);

gboolean vnc_connection_set_audio(VncConnection *conn, VncAudio *audio);
gboolean vnc_connection_set_audio_format(VncConnection *conn,
                                         const VncAudioFormat *fmt);
const VncAudioFormat *vnc_connection_get_audio_format(VncConnection *conn);
gboolean vnc_connection_audio_enable(VncConnection *conn);
gboolean vnc_connection_audio_disable(VncConnection *conn);

gboolean vnc_connection_power_control(VncConnection *conn,
                                      VncConnectionPowerAction action);
VncConnectionResizeStatus vnc_connection_set_size(VncConnection *conn,
                                                  guint width, guint height);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(VncConnection, g_object_unref)

G_END_DECLS

#endif /* VNC_CONNECTION_H */
