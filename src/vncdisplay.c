/*
 * gtk-vnc: VncDisplay, the object, its properties, signals and public
 * functions
 *
 * The widget owns one VncConnection for its whole life and listens to
 * it: the connection's signals become the widget's (most of them simply
 * forwarded), and the widget's properties decide what it asks of the
 * connection. Painting, input and grabs live in the other vncdisplay-*
 * files (see vncdisplay-priv.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/**
 * SECTION:vncdisplay
 * @title: VncDisplay
 * @short_description: a widget that shows a VNC desktop
 * @see_also: #VncConnection, #VncGrabSequence
 *
 * #VncDisplay shows the desktop of a VNC server and sends the server the
 * keyboard and pointer input it receives, like any other widget. It
 * owns a #VncConnection (vnc_display_get_connection()) for its whole
 * life, and most of the connection's signals are forwarded as its own.
 *
 * Open a connection with vnc_display_open_host(),
 * vnc_display_open_addr() or vnc_display_open_fd(); answer
 * #VncDisplay::vnc-auth-credential with vnc_display_set_credential();
 * and watch #VncDisplay::vnc-initialized, #VncDisplay::vnc-error and
 * #VncDisplay::vnc-disconnected. vnc_display_close() ends the session,
 * and the same widget may then be opened again.
 *
 * How the desktop is drawn: at its own size times the zoom level
 * (vnc_display_set_zoom_level()), or scaled to the widget's size
 * (vnc_display_set_scaling(), with vnc_display_set_keep_aspect_ratio()
 * and vnc_display_set_smoothing()), turned by a rotation, with the
 * widget asking the server to follow its size
 * (vnc_display_set_allow_resize()) when the server can.
 *
 * How input is taken: keys are sent with their scan codes to servers
 * that accept them (QEMU), so that guests see the keyboard the person
 * has. A keyboard grab sends key combinations the desktop environment
 * would otherwise take; a pointer grab keeps the pointer in the
 * widget, as a relative pointer needs. The grab sequence
 * (vnc_display_set_grab_keys(), Control_L+Alt_L unless changed) grabs
 * and releases both. vnc_display_send_keys() sends combinations a
 * person cannot type, such as Ctrl+Alt+Del, and read-only mode sends
 * nothing at all.
 */
#include <config.h>

#include <string.h>

#include "vncdisplay-priv.h"
#include "vncdisplayenums.h"

/**
 * VncDisplay:
 *
 * The VNC display widget. Its fields are private.
 */
enum {
    PROP_0,
    PROP_POINTER_LOCAL,
    PROP_POINTER_GRAB,
    PROP_KEYBOARD_GRAB,
    PROP_READ_ONLY,
    PROP_WIDTH,
    PROP_HEIGHT,
    PROP_NAME,
    PROP_LOSSY_ENCODING,
    PROP_SCALING,
    PROP_SHARED_FLAG,
    PROP_FORCE_SIZE,
    PROP_ALLOW_RESIZE,
    PROP_SMOOTHING,
    PROP_KEEP_ASPECT_RATIO,
    PROP_ROTATION,
    PROP_DEPTH,
    PROP_ZOOM_LEVEL,
    PROP_GRAB_KEYS,
    PROP_CONNECTION,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];
static guint signals[VNC_DISPLAY_N_SIGNALS];

G_DEFINE_TYPE_WITH_PRIVATE(VncDisplay, vnc_display, GTK_TYPE_DRAWING_AREA)

void
vnc_display_priv_emit(VncDisplay *display, VncDisplaySignal signal)
{
    g_signal_emit(display, signals[signal], 0);
}

/* The connection's signals. */

static void
on_connected(VncConnection *conn, VncDisplay *display)
{
    VNC_DEBUG("Connected to the server");
    g_signal_emit(display, signals[VNC_DISPLAY_SIGNAL_CONNECTED], 0);
}

static void
on_initialized(VncConnection *conn, VncDisplay *display)
{
    vnc_display_priv_setup_session(display);
    if (!display->priv->initialized)
        return;

    g_object_notify_by_pspec(G_OBJECT(display), properties[PROP_WIDTH]);
    g_object_notify_by_pspec(G_OBJECT(display), properties[PROP_HEIGHT]);
    g_object_notify_by_pspec(G_OBJECT(display), properties[PROP_NAME]);
    g_signal_emit(display, signals[VNC_DISPLAY_SIGNAL_INITIALIZED], 0);
}

static void
on_disconnected(VncConnection *conn, VncDisplay *display)
{
    VncDisplayPrivate *priv = display->priv;

    VNC_DEBUG("Disconnected from the server");
    /* Nothing can reach the server any more: let go of the person's
     * keyboard and pointer. The last picture stays on screen. */
    priv->initialized = FALSE;
    vnc_display_priv_ungrab_all(display);
    g_array_set_size(priv->held_keys, 0);
    priv->button_mask = 0;
    vnc_display_priv_cancel_resize(display);
    g_signal_emit(display, signals[VNC_DISPLAY_SIGNAL_DISCONNECTED], 0);
}

static void
on_error(VncConnection *conn, const char *message, VncDisplay *display)
{
    VNC_DEBUG("Connection error: %s", message);
    g_signal_emit(display, signals[VNC_DISPLAY_SIGNAL_ERROR], 0, message);
}

static void
on_auth_credential(VncConnection *conn, GValueArray *creds, VncDisplay *display)
{
    /* The connection's credential values are the display's too. */
    g_signal_emit(display, signals[VNC_DISPLAY_SIGNAL_AUTH_CREDENTIAL], 0, creds);
}

static void
on_auth_failure(VncConnection *conn, const char *reason, VncDisplay *display)
{
    g_signal_emit(display, signals[VNC_DISPLAY_SIGNAL_AUTH_FAILURE], 0, reason);
}

static void
on_auth_unsupported(VncConnection *conn, guint type, VncDisplay *display)
{
    g_signal_emit(display, signals[VNC_DISPLAY_SIGNAL_AUTH_UNSUPPORTED], 0, type);
}

static void
on_framebuffer_update(VncConnection *conn, int x, int y, int width, int height,
                      VncDisplay *display)
{
    vnc_display_priv_invalidate(display, x, y, width, height);
    /* The first update is where a server shows that it can resize. */
    vnc_display_priv_retry_resize(display);
}

static void
on_desktop_resize_failed(VncConnection *conn, VncConnectionResizeStatus status,
                         VncDisplay *display)
{
    vnc_display_priv_resize_refused(display, status);
}

static void
on_desktop_resize(VncConnection *conn, int width, int height, VncDisplay *display)
{
    VncDisplayPrivate *priv = display->priv;

    VNC_DEBUG("The desktop is now %dx%d", width, height);
    if (!vnc_display_priv_new_framebuffer(display))
        return;
    /* The new framebuffer starts black: ask for all of it. */
    vnc_connection_framebuffer_update_request(priv->conn, FALSE, 0, 0, width, height);
    vnc_display_priv_geometry_changed(display);
    g_object_notify_by_pspec(G_OBJECT(display), properties[PROP_WIDTH]);
    g_object_notify_by_pspec(G_OBJECT(display), properties[PROP_HEIGHT]);
    g_signal_emit(display, signals[VNC_DISPLAY_SIGNAL_DESKTOP_RESIZE], 0, width, height);
}

static void
on_pixel_format_changed(VncConnection *conn, VncPixelFormat *format, VncDisplay *display)
{
    VncDisplayPrivate *priv = display->priv;

    /* The server switched format on its own (WMVi): a framebuffer that
     * converts from the new one, and all of the desktop again. */
    if (!vnc_display_priv_new_framebuffer(display))
        return;
    vnc_connection_framebuffer_update_request(priv->conn, FALSE, 0, 0,
                                              vnc_connection_get_width(conn),
                                              vnc_connection_get_height(conn));
    gtk_widget_queue_draw(GTK_WIDGET(display));
}

static void
on_desktop_rename(VncConnection *conn, const char *name, VncDisplay *display)
{
    g_object_notify_by_pspec(G_OBJECT(display), properties[PROP_NAME]);
    g_signal_emit(display, signals[VNC_DISPLAY_SIGNAL_DESKTOP_RENAME], 0, name);
}

static void
on_cursor_changed(VncConnection *conn, VncCursor *cursor, VncDisplay *display)
{
    vnc_display_priv_set_remote_cursor(display, cursor);
}

static void
on_pointer_mode_changed(VncConnection *conn, gboolean absolute, VncDisplay *display)
{
    vnc_display_priv_set_pointer_mode(display, absolute);
}

static void
on_server_cut_text(VncConnection *conn, const char *text, VncDisplay *display)
{
    g_signal_emit(display, signals[VNC_DISPLAY_SIGNAL_SERVER_CUT_TEXT], 0, text);
}

static void
on_bell(VncConnection *conn, VncDisplay *display)
{
    GdkWindow *window = gtk_widget_get_window(GTK_WIDGET(display));

    if (window)
        gdk_window_beep(window);
    g_signal_emit(display, signals[VNC_DISPLAY_SIGNAL_BELL], 0);
}

static void
on_power_control_initialized(VncConnection *conn, VncDisplay *display)
{
    g_signal_emit(display, signals[VNC_DISPLAY_SIGNAL_POWER_CONTROL_INITIALIZED], 0);
}

static void
on_power_control_failed(VncConnection *conn, VncDisplay *display)
{
    g_signal_emit(display, signals[VNC_DISPLAY_SIGNAL_POWER_CONTROL_FAILED], 0);
}

/* GObject. */

static void
vnc_display_get_property(GObject *object, guint prop_id, GValue *value,
                         GParamSpec *pspec)
{
    VncDisplay *display = VNC_DISPLAY(object);
    VncDisplayPrivate *priv = display->priv;

    switch (prop_id) {
    case PROP_POINTER_LOCAL:
        g_value_set_boolean(value, priv->local_pointer);
        break;
    case PROP_POINTER_GRAB:
        g_value_set_boolean(value, priv->grab_pointer);
        break;
    case PROP_KEYBOARD_GRAB:
        g_value_set_boolean(value, priv->grab_keyboard);
        break;
    case PROP_READ_ONLY:
        g_value_set_boolean(value, priv->read_only);
        break;
    case PROP_WIDTH:
        g_value_set_int(value, vnc_display_get_width(display));
        break;
    case PROP_HEIGHT:
        g_value_set_int(value, vnc_display_get_height(display));
        break;
    case PROP_NAME:
        g_value_set_string(value, vnc_display_get_name(display));
        break;
    case PROP_LOSSY_ENCODING:
        g_value_set_boolean(value, priv->lossy_encoding);
        break;
    case PROP_SCALING:
        g_value_set_boolean(value, priv->scaling);
        break;
    case PROP_SHARED_FLAG:
        g_value_set_boolean(value, priv->shared_flag);
        break;
    case PROP_FORCE_SIZE:
        g_value_set_boolean(value, priv->force_size);
        break;
    case PROP_ALLOW_RESIZE:
        g_value_set_boolean(value, priv->allow_resize);
        break;
    case PROP_SMOOTHING:
        g_value_set_boolean(value, priv->smoothing);
        break;
    case PROP_KEEP_ASPECT_RATIO:
        g_value_set_boolean(value, priv->keep_aspect_ratio);
        break;
    case PROP_ROTATION:
        g_value_set_uint(value, priv->rotation);
        break;
    case PROP_DEPTH:
        g_value_set_enum(value, priv->depth);
        break;
    case PROP_ZOOM_LEVEL:
        g_value_set_uint(value, priv->zoom_level);
        break;
    case PROP_GRAB_KEYS:
        g_value_set_boxed(value, priv->grab_keys);
        break;
    case PROP_CONNECTION:
        g_value_set_object(value, priv->conn);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
        break;
    }
}

static void
vnc_display_set_property(GObject *object, guint prop_id, const GValue *value,
                         GParamSpec *pspec)
{
    VncDisplay *display = VNC_DISPLAY(object);

    switch (prop_id) {
    case PROP_POINTER_LOCAL:
        vnc_display_set_pointer_local(display, g_value_get_boolean(value));
        break;
    case PROP_POINTER_GRAB:
        vnc_display_set_pointer_grab(display, g_value_get_boolean(value));
        break;
    case PROP_KEYBOARD_GRAB:
        vnc_display_set_keyboard_grab(display, g_value_get_boolean(value));
        break;
    case PROP_READ_ONLY:
        vnc_display_set_read_only(display, g_value_get_boolean(value));
        break;
    case PROP_LOSSY_ENCODING:
        vnc_display_set_lossy_encoding(display, g_value_get_boolean(value));
        break;
    case PROP_SCALING:
        vnc_display_set_scaling(display, g_value_get_boolean(value));
        break;
    case PROP_SHARED_FLAG:
        vnc_display_set_shared_flag(display, g_value_get_boolean(value));
        break;
    case PROP_FORCE_SIZE:
        vnc_display_set_force_size(display, g_value_get_boolean(value));
        break;
    case PROP_ALLOW_RESIZE:
        vnc_display_set_allow_resize(display, g_value_get_boolean(value));
        break;
    case PROP_SMOOTHING:
        vnc_display_set_smoothing(display, g_value_get_boolean(value));
        break;
    case PROP_KEEP_ASPECT_RATIO:
        vnc_display_set_keep_aspect_ratio(display, g_value_get_boolean(value));
        break;
    case PROP_ROTATION:
        vnc_display_set_rotation(display, g_value_get_uint(value));
        break;
    case PROP_DEPTH:
        vnc_display_set_depth(display, g_value_get_enum(value));
        break;
    case PROP_ZOOM_LEVEL:
        vnc_display_set_zoom_level(display, g_value_get_uint(value));
        break;
    case PROP_GRAB_KEYS:
        vnc_display_set_grab_keys(display, g_value_get_boxed(value));
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
        break;
    }
}

static void
vnc_display_dispose(GObject *object)
{
    VncDisplay *display = VNC_DISPLAY(object);
    VncDisplayPrivate *priv = display->priv;

    vnc_display_priv_cancel_resize(display);
    /* Destroying the widget unparents it, and the focus-out that follows
     * would release held keys through a connection that is gone. */
    priv->initialized = FALSE;
    if (priv->conn) {
        /* Nothing the connection says from here on concerns us; it
         * closes its socket when the last reference goes. */
        g_signal_handlers_disconnect_by_data(priv->conn, display);
        vnc_connection_shutdown(priv->conn);
        g_clear_object(&priv->conn);
    }
    g_clear_object(&priv->fb);
    g_clear_pointer(&priv->remote_cursor, vnc_gtk_cursor_unref);
    g_clear_object(&priv->cursor_image);
    g_clear_pointer(&priv->blank_cursor, vnc_gtk_cursor_unref);

    G_OBJECT_CLASS(vnc_display_parent_class)->dispose(object);
}

static void
vnc_display_finalize(GObject *object)
{
    VncDisplay *display = VNC_DISPLAY(object);
    VncDisplayPrivate *priv = display->priv;

    g_clear_pointer(&priv->grab_keys, vnc_grab_sequence_free);
    g_clear_pointer(&priv->grab_keys_down, g_free);
    g_clear_pointer(&priv->held_keys, g_array_unref);

    G_OBJECT_CLASS(vnc_display_parent_class)->finalize(object);
}

static void
vnc_display_init(VncDisplay *display)
{
    GtkWidget *widget = GTK_WIDGET(display);
    VncDisplayPrivate *priv;

    priv = display->priv = vnc_display_get_instance_private(display);

    gtk_widget_add_events(widget,
                          GDK_POINTER_MOTION_MASK |
                          GDK_BUTTON_PRESS_MASK |
                          GDK_BUTTON_RELEASE_MASK |
                          GDK_BUTTON_MOTION_MASK |
                          GDK_SCROLL_MASK |
#if VNC_GTK3
                          GDK_SMOOTH_SCROLL_MASK |
#endif
                          GDK_ENTER_NOTIFY_MASK |
                          GDK_LEAVE_NOTIFY_MASK |
                          GDK_KEY_PRESS_MASK |
                          GDK_KEY_RELEASE_MASK |
                          GDK_FOCUS_CHANGE_MASK);
    gtk_widget_set_can_focus(widget, TRUE);

    /* Construct properties set the rest; these hold until the server
     * says otherwise. */
    priv->absolute = TRUE;
    priv->zoom_level = 100;
    priv->held_keys = g_array_new(FALSE, FALSE, sizeof(VncDisplayHeldKey));

    priv->conn = vnc_connection_new();
#define CONNECT(name, handler) \
    g_signal_connect(priv->conn, name, G_CALLBACK(handler), display)
    CONNECT("vnc-connected", on_connected);
    CONNECT("vnc-initialized", on_initialized);
    CONNECT("vnc-disconnected", on_disconnected);
    CONNECT("vnc-error", on_error);
    CONNECT("vnc-auth-credential", on_auth_credential);
    CONNECT("vnc-auth-failure", on_auth_failure);
    CONNECT("vnc-auth-unsupported", on_auth_unsupported);
    CONNECT("vnc-framebuffer-update", on_framebuffer_update);
    CONNECT("vnc-desktop-resize", on_desktop_resize);
    CONNECT("vnc-desktop-resize-failed", on_desktop_resize_failed);
    CONNECT("vnc-pixel-format-changed", on_pixel_format_changed);
    CONNECT("vnc-desktop-rename", on_desktop_rename);
    CONNECT("vnc-cursor-changed", on_cursor_changed);
    CONNECT("vnc-pointer-mode-changed", on_pointer_mode_changed);
    CONNECT("vnc-server-cut-text", on_server_cut_text);
    CONNECT("vnc-bell", on_bell);
    CONNECT("vnc-power-control-initialized", on_power_control_initialized);
    CONNECT("vnc-power-control-failed", on_power_control_failed);
#undef CONNECT
}

static void
vnc_display_class_init(VncDisplayClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS(klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
    const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS;
    const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

    object_class->get_property = vnc_display_get_property;
    object_class->set_property = vnc_display_set_property;
    object_class->dispose = vnc_display_dispose;
    object_class->finalize = vnc_display_finalize;

    vnc_display_priv_draw_class_init(widget_class);
    vnc_display_priv_pointer_class_init(widget_class);
    vnc_display_priv_keyboard_class_init(widget_class);

    /* Names, types, ranges and defaults are those of gtk-vnc 1.x. */
    properties[PROP_POINTER_LOCAL] =
        g_param_spec_boolean("local-pointer", "Local pointer",
                             "Show the local pointer instead of the server's",
                             FALSE, rw);
    properties[PROP_POINTER_GRAB] =
        g_param_spec_boolean("grab-pointer", "Grab pointer",
                             "Grab the pointer when the desktop is clicked",
                             FALSE, rw);
    properties[PROP_KEYBOARD_GRAB] =
        g_param_spec_boolean("grab-keyboard", "Grab keyboard",
                             "Grab the keyboard while the pointer is over the desktop",
                             FALSE, rw);
    properties[PROP_READ_ONLY] =
        g_param_spec_boolean("read-only", "Read-only",
                             "Only watch: send no keyboard or pointer input",
                             FALSE, rw);
    properties[PROP_WIDTH] =
        g_param_spec_int("width", "Width", "The desktop's width in pixels",
                         0, G_MAXINT, 0, ro);
    properties[PROP_HEIGHT] =
        g_param_spec_int("height", "Height", "The desktop's height in pixels",
                         0, G_MAXINT, 0, ro);
    properties[PROP_NAME] =
        g_param_spec_string("name", "Name", "The desktop's name", NULL, ro);
    properties[PROP_LOSSY_ENCODING] =
        g_param_spec_boolean("lossy-encoding", "Lossy encoding",
                             "Accept encodings that lose detail (JPEG) to save bandwidth",
                             FALSE, rw);
    properties[PROP_SCALING] =
        g_param_spec_boolean("scaling", "Scaling",
                             "Scale the desktop to fill the widget",
                             FALSE, rw);
    properties[PROP_SHARED_FLAG] =
        g_param_spec_boolean("shared-flag", "Shared",
                             "Let other clients stay connected to the server",
                             FALSE, rw);
    properties[PROP_FORCE_SIZE] =
        g_param_spec_boolean("force-size", "Force size",
                             "Make the widget as large as the desktop",
                             TRUE, rw);
    properties[PROP_ALLOW_RESIZE] =
        g_param_spec_boolean("allow-resize", "Allow resize",
                             "Ask the server to resize its desktop to the widget's size",
                             FALSE, rw);
    properties[PROP_SMOOTHING] =
        g_param_spec_boolean("smoothing", "Smoothing",
                             "Interpolate pixels when scaling",
                             TRUE, rw);
    properties[PROP_KEEP_ASPECT_RATIO] =
        g_param_spec_boolean("keep-aspect-ratio", "Keep aspect ratio",
                             "Keep the desktop's proportions when scaling",
                             FALSE, rw);
    properties[PROP_ROTATION] =
        g_param_spec_uint("rotation", "Rotation",
                          "Degrees the desktop is turned clockwise: 0, 90, 180 or 270",
                          0, 270, 0, rw);
    properties[PROP_DEPTH] =
        g_param_spec_enum("depth", "Depth",
                          "The colour depth to ask the server for",
                          VNC_TYPE_DISPLAY_DEPTH_COLOR,
                          VNC_DISPLAY_DEPTH_COLOR_DEFAULT, rw);
    properties[PROP_ZOOM_LEVEL] =
        g_param_spec_uint("zoom-level", "Zoom level",
                          "Size of the desktop in percent, when not scaling to fit",
                          10, 400, 100, rw);
    properties[PROP_GRAB_KEYS] =
        g_param_spec_boxed("grab-keys", "Grab keys",
                           "The keys that grab and release keyboard and pointer",
                           VNC_TYPE_GRAB_SEQUENCE, rw);
    properties[PROP_CONNECTION] =
        g_param_spec_object("connection", "Connection",
                            "The connection to the server",
                            VNC_TYPE_CONNECTION, ro);
    g_object_class_install_properties(object_class, N_PROPS, properties);

    /* Signals as in gtk-vnc 1.x: the four with class slots run first,
     * the others last and without emission hooks. */
    /**
     * VncDisplay::vnc-connected:
     * @display: the display
     *
     * The connection to the server is made; the handshake follows.
     */
    signals[VNC_DISPLAY_SIGNAL_CONNECTED] =
        g_signal_new("vnc-connected", G_OBJECT_CLASS_TYPE(object_class),
                     G_SIGNAL_RUN_FIRST, G_STRUCT_OFFSET(VncDisplayClass, vnc_connected),
                     NULL, NULL, NULL, G_TYPE_NONE, 0);
    /**
     * VncDisplay::vnc-initialized:
     * @display: the display
     *
     * The handshake is over and the desktop is being shown: its name
     * and size are known (vnc_display_get_name(),
     * vnc_display_get_width(), vnc_display_get_height()).
     */
    signals[VNC_DISPLAY_SIGNAL_INITIALIZED] =
        g_signal_new("vnc-initialized", G_OBJECT_CLASS_TYPE(object_class),
                     G_SIGNAL_RUN_FIRST, G_STRUCT_OFFSET(VncDisplayClass, vnc_initialized),
                     NULL, NULL, NULL, G_TYPE_NONE, 0);
    /**
     * VncDisplay::vnc-disconnected:
     * @display: the display
     *
     * The session is over, however it ended (after
     * #VncDisplay::vnc-error if it failed). Keyboard and pointer are
     * released; the last picture stays. The display may be opened
     * again.
     */
    signals[VNC_DISPLAY_SIGNAL_DISCONNECTED] =
        g_signal_new("vnc-disconnected", G_OBJECT_CLASS_TYPE(object_class),
                     G_SIGNAL_RUN_FIRST, G_STRUCT_OFFSET(VncDisplayClass, vnc_disconnected),
                     NULL, NULL, NULL, G_TYPE_NONE, 0);
    /**
     * VncDisplay::vnc-error:
     * @display: the display
     * @message: what went wrong, in a sentence for a person
     *
     * The session failed: the server could not be reached, refused the
     * connection or the login, or sent something unacceptable.
     * #VncDisplay::vnc-disconnected follows.
     */
    signals[VNC_DISPLAY_SIGNAL_ERROR] =
        g_signal_new("vnc-error", G_OBJECT_CLASS_TYPE(object_class),
                     G_SIGNAL_RUN_FIRST, 0,
                     NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
    G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    /**
     * VncDisplay::vnc-auth-credential:
     * @display: the display
     * @credentials: (type GObject.ValueArray): #GValue items holding the
     *   credentials wanted, as #VncConnectionCredential values (the same
     *   numbers as #VncDisplayCredential)
     *
     * The server wants credentials that have not been given yet. Give
     * each with vnc_display_set_credential(), in the handler or later
     * (after asking a person); vnc_display_close() gives up.
     */
    signals[VNC_DISPLAY_SIGNAL_AUTH_CREDENTIAL] =
        g_signal_new("vnc-auth-credential", G_OBJECT_CLASS_TYPE(object_class),
                     G_SIGNAL_RUN_FIRST, G_STRUCT_OFFSET(VncDisplayClass, vnc_auth_credential),
                     NULL, NULL, NULL, G_TYPE_NONE, 1, g_value_array_get_type());
    G_GNUC_END_IGNORE_DEPRECATIONS

#define SIMPLE_SIGNAL(id, name, ...)                                    \
    signals[id] = g_signal_new(name, G_OBJECT_CLASS_TYPE(object_class), \
                               G_SIGNAL_RUN_LAST | G_SIGNAL_NO_HOOKS,   \
                               0, NULL, NULL, NULL, G_TYPE_NONE, __VA_ARGS__)
    /**
     * VncDisplay::vnc-pointer-grab:
     * @display: the display
     *
     * The display grabbed the pointer (and with it the keyboard): a
     * good moment to tell the person how to let go (the grab keys).
     */
    SIMPLE_SIGNAL(VNC_DISPLAY_SIGNAL_POINTER_GRAB, "vnc-pointer-grab", 0);
    /**
     * VncDisplay::vnc-pointer-ungrab:
     * @display: the display
     *
     * The display released the pointer.
     */
    SIMPLE_SIGNAL(VNC_DISPLAY_SIGNAL_POINTER_UNGRAB, "vnc-pointer-ungrab", 0);
    /**
     * VncDisplay::vnc-keyboard-grab:
     * @display: the display
     *
     * The display grabbed the keyboard: all keys go to the server.
     */
    SIMPLE_SIGNAL(VNC_DISPLAY_SIGNAL_KEYBOARD_GRAB, "vnc-keyboard-grab", 0);
    /**
     * VncDisplay::vnc-keyboard-ungrab:
     * @display: the display
     *
     * The display released the keyboard.
     */
    SIMPLE_SIGNAL(VNC_DISPLAY_SIGNAL_KEYBOARD_UNGRAB, "vnc-keyboard-ungrab", 0);
    /**
     * VncDisplay::vnc-desktop-resize:
     * @display: the display
     * @width: the desktop's new width in pixels
     * @height: the desktop's new height in pixels
     *
     * The server's desktop changed size; the display has already
     * adapted (a window around it may want to follow).
     */
    SIMPLE_SIGNAL(VNC_DISPLAY_SIGNAL_DESKTOP_RESIZE, "vnc-desktop-resize",
                  2, G_TYPE_INT, G_TYPE_INT);
    /**
     * VncDisplay::vnc-desktop-rename:
     * @display: the display
     * @name: the desktop's new name
     *
     * The server renamed its desktop.
     */
    SIMPLE_SIGNAL(VNC_DISPLAY_SIGNAL_DESKTOP_RENAME, "vnc-desktop-rename",
                  1, G_TYPE_STRING);
    /**
     * VncDisplay::vnc-auth-failure:
     * @display: the display
     * @reason: the server's explanation, or a general one
     *
     * The server refused the credentials; #VncDisplay::vnc-error and
     * #VncDisplay::vnc-disconnected follow.
     */
    SIMPLE_SIGNAL(VNC_DISPLAY_SIGNAL_AUTH_FAILURE, "vnc-auth-failure",
                  1, G_TYPE_STRING);
    /**
     * VncDisplay::vnc-auth-unsupported:
     * @display: the display
     * @auth_type: the security type (or VeNCrypt sub-type) concerned
     *
     * The server offers no security type the library supports.
     */
    SIMPLE_SIGNAL(VNC_DISPLAY_SIGNAL_AUTH_UNSUPPORTED, "vnc-auth-unsupported",
                  1, G_TYPE_UINT);
    /**
     * VncDisplay::vnc-server-cut-text:
     * @display: the display
     * @text: the server's clipboard text, in UTF-8
     *
     * The server's clipboard changed. The display does not touch the
     * local clipboard itself: the application decides whether to share
     * it (and sends text the other way with
     * vnc_display_client_cut_text()).
     */
    SIMPLE_SIGNAL(VNC_DISPLAY_SIGNAL_SERVER_CUT_TEXT, "vnc-server-cut-text",
                  1, G_TYPE_STRING);
    /**
     * VncDisplay::vnc-bell:
     * @display: the display
     *
     * The server rang its bell; the display has already beeped.
     */
    SIMPLE_SIGNAL(VNC_DISPLAY_SIGNAL_BELL, "vnc-bell", 0);
    /**
     * VncDisplay::vnc-power-control-initialized:
     * @display: the display
     *
     * The server accepts power control requests (send them with
     * vnc_connection_power_control() on vnc_display_get_connection()).
     */
    SIMPLE_SIGNAL(VNC_DISPLAY_SIGNAL_POWER_CONTROL_INITIALIZED,
                  "vnc-power-control-initialized", 0);
    /**
     * VncDisplay::vnc-power-control-failed:
     * @display: the display
     *
     * The server could not carry out a power control request.
     */
    SIMPLE_SIGNAL(VNC_DISPLAY_SIGNAL_POWER_CONTROL_FAILED,
                  "vnc-power-control-failed", 0);
#undef SIMPLE_SIGNAL
}

/**
 * vnc_display_new:
 *
 * Makes a display widget, not yet connected. Open a connection with one
 * of vnc_display_open_host(), vnc_display_open_addr() or
 * vnc_display_open_fd().
 *
 * Returns: (transfer full): the new widget
 */
GtkWidget *
vnc_display_new(void)
{
    return GTK_WIDGET(g_object_new(VNC_TYPE_DISPLAY, NULL));
}

/* Opening and closing. */

/**
 * vnc_display_open_fd:
 * @obj: the display
 * @fd: a connected stream socket; the display takes it over
 *
 * Talks VNC over @fd, a connection made by the caller (through an SSH
 * tunnel, say, or a socket handed over by libvirt). The display closes
 * it when the session ends. For a TCP connection prefer
 * vnc_display_open_fd_with_hostname(), since x509 certificate checks
 * need the server's name.
 *
 * Returns: %TRUE if the connection started, %FALSE if one is already open
 */
gboolean
vnc_display_open_fd(VncDisplay *obj, int fd)
{
    return vnc_display_open_fd_with_hostname(obj, fd, NULL);
}

/**
 * vnc_display_open_fd_with_hostname:
 * @obj: the display
 * @fd: a connected stream socket; the display takes it over
 * @hostname: (nullable): the name of the server at the other end, for
 *   the security types that check it (x509)
 *
 * Talks VNC over @fd, an open connection made by the caller.
 *
 * Returns: %TRUE if the connection started, %FALSE if one is already open
 */
gboolean
vnc_display_open_fd_with_hostname(VncDisplay *obj, int fd, const char *hostname)
{
    g_return_val_if_fail(VNC_IS_DISPLAY(obj), FALSE);
    VncDisplayPrivate *priv = obj->priv;

    if (vnc_connection_is_open(priv->conn))
        return FALSE;
    vnc_connection_set_shared(priv->conn, priv->shared_flag);
    return vnc_connection_open_fd_with_hostname(priv->conn, fd, hostname);
}

/**
 * vnc_display_open_addr:
 * @obj: the display
 * @addr: the server's address: TCP (IPv4 or IPv6) or a unix socket
 * @hostname: (nullable): the server's name, when @addr does not say it
 *   (for example when @addr is a proxy's); used by x509 checks
 *
 * Connects to the server at @addr.
 *
 * Returns: %TRUE if the connection started, %FALSE if one is already open
 */
gboolean
vnc_display_open_addr(VncDisplay *obj, GSocketAddress *addr, const char *hostname)
{
    g_return_val_if_fail(VNC_IS_DISPLAY(obj), FALSE);
    g_return_val_if_fail(G_IS_SOCKET_ADDRESS(addr), FALSE);
    VncDisplayPrivate *priv = obj->priv;

    if (vnc_connection_is_open(priv->conn))
        return FALSE;
    vnc_connection_set_shared(priv->conn, priv->shared_flag);
    return vnc_connection_open_addr(priv->conn, addr, hostname);
}

/**
 * vnc_display_open_host:
 * @obj: the display
 * @host: the server's host name or address
 * @port: (nullable): the TCP port as a decimal number; %NULL means 5900
 *
 * Connects to the server at @host and @port. The port is a TCP port,
 * not a VNC display number: display 1 is usually port 5901.
 *
 * Returns: %TRUE if the connection started, %FALSE if one is already open
 */
gboolean
vnc_display_open_host(VncDisplay *obj, const char *host, const char *port)
{
    g_return_val_if_fail(VNC_IS_DISPLAY(obj), FALSE);
    g_return_val_if_fail(host != NULL, FALSE);
    VncDisplayPrivate *priv = obj->priv;

    if (vnc_connection_is_open(priv->conn))
        return FALSE;
    vnc_connection_set_shared(priv->conn, priv->shared_flag);
    return vnc_connection_open_host(priv->conn, host, port);
}

/**
 * vnc_display_is_open:
 * @obj: the display
 *
 * Tells whether a session is running.
 *
 * Returns: %TRUE while the connection is open, %FALSE once it is closing
 *   or closed
 */
gboolean
vnc_display_is_open(VncDisplay *obj)
{
    g_return_val_if_fail(VNC_IS_DISPLAY(obj), FALSE);
    return vnc_connection_is_open(obj->priv->conn);
}

/**
 * vnc_display_close:
 * @obj: the display
 *
 * Closes the connection. Closing finishes later, in the main loop;
 * #VncDisplay::vnc-disconnected says when.
 */
void
vnc_display_close(VncDisplay *obj)
{
    g_return_if_fail(VNC_IS_DISPLAY(obj));
    VncDisplayPrivate *priv = obj->priv;

    /* Release the person's keys on the server while it can still hear
     * it, then let go of keyboard and pointer here. */
    vnc_display_priv_release_keys(obj);
    vnc_display_priv_release_buttons(obj);
    vnc_display_priv_ungrab_all(obj);
    vnc_display_priv_cancel_resize(obj);
    if (vnc_connection_is_open(priv->conn))
        vnc_connection_shutdown(priv->conn);
}

/**
 * vnc_display_get_connection:
 * @obj: the display
 *
 * The connection the display uses, for what the display does not offer
 * itself (TLS settings, audio, power control...).
 *
 * Returns: (transfer none): the connection
 */
VncConnection *
vnc_display_get_connection(VncDisplay *obj)
{
    g_return_val_if_fail(VNC_IS_DISPLAY(obj), NULL);
    return obj->priv->conn;
}

/**
 * vnc_display_set_credential:
 * @obj: the display
 * @type: a #VncDisplayCredential
 * @data: its value, in UTF-8
 *
 * Answers #VncDisplay::vnc-auth-credential, one credential at a time.
 * The password is forgotten when the session ends.
 *
 * Returns: %TRUE if the credential could NOT be set, %FALSE when it
 *   was (the inverted sense is gtk-vnc 1.x's, kept for its users)
 */
gboolean
vnc_display_set_credential(VncDisplay *obj, int type, const gchar *data)
{
    g_return_val_if_fail(VNC_IS_DISPLAY(obj), TRUE);
    return !vnc_connection_set_credential(obj->priv->conn, type, data);
}

/* Desktop facts. */

/**
 * vnc_display_get_width:
 * @obj: the display
 *
 * The width of the server's desktop.
 *
 * Returns: the desktop's width in pixels, known from
 *   #VncDisplay::vnc-initialized on
 */
int
vnc_display_get_width(VncDisplay *obj)
{
    g_return_val_if_fail(VNC_IS_DISPLAY(obj), 0);
    return vnc_connection_get_width(obj->priv->conn);
}

/**
 * vnc_display_get_height:
 * @obj: the display
 *
 * The height of the server's desktop.
 *
 * Returns: the desktop's height in pixels, known from
 *   #VncDisplay::vnc-initialized on
 */
int
vnc_display_get_height(VncDisplay *obj)
{
    g_return_val_if_fail(VNC_IS_DISPLAY(obj), 0);
    return vnc_connection_get_height(obj->priv->conn);
}

/**
 * vnc_display_get_name:
 * @obj: the display
 *
 * The name of the server's desktop.
 *
 * Returns: (nullable): the desktop's name, known from
 *   #VncDisplay::vnc-initialized on
 */
const char *
vnc_display_get_name(VncDisplay *obj)
{
    g_return_val_if_fail(VNC_IS_DISPLAY(obj), NULL);
    return vnc_connection_get_name(obj->priv->conn);
}

/**
 * vnc_display_is_pointer_absolute:
 * @obj: the display
 *
 * Tells how the server takes pointer input.
 *
 * Returns: %TRUE when the server takes pointer positions, %FALSE when
 *   it takes movements (a relative pointer, after QEMU's pointer type
 *   change)
 */
gboolean
vnc_display_is_pointer_absolute(VncDisplay *obj)
{
    g_return_val_if_fail(VNC_IS_DISPLAY(obj), TRUE);
    return obj->priv->absolute;
}

/**
 * vnc_display_get_pixbuf:
 * @obj: the display
 *
 * A copy of the desktop as it is now, at its own size (no scaling or
 * rotation).
 *
 * Returns: (transfer full) (nullable): the picture, or %NULL before the
 *   first connection
 */
GdkPixbuf *
vnc_display_get_pixbuf(VncDisplay *obj)
{
    g_return_val_if_fail(VNC_IS_DISPLAY(obj), NULL);
    VncDisplayPrivate *priv = obj->priv;
    cairo_surface_t *surface;
    GdkPixbuf *pixbuf;

    if (!priv->fb)
        return NULL;
    surface = vnc_cairo_framebuffer_get_surface(priv->fb);
    cairo_surface_flush(surface);

    int width = cairo_image_surface_get_width(surface);
    int height = cairo_image_surface_get_height(surface);
    int stride = cairo_image_surface_get_stride(surface);
    const guint8 *src = cairo_image_surface_get_data(surface);

    pixbuf = gdk_pixbuf_new(GDK_COLORSPACE_RGB, FALSE, 8, width, height);
    if (!pixbuf)
        return NULL;
    guint8 *dst = gdk_pixbuf_get_pixels(pixbuf);
    int dst_stride = gdk_pixbuf_get_rowstride(pixbuf);

    /* RGB24 words, native-endian 0x??RRGGBB, to bytes R, G, B. */
    for (int y = 0; y < height; y++) {
        const guint32 *in = (const guint32 *)(src + (gsize)y * stride);
        guint8 *out = dst + (gsize)y * dst_stride;

        for (int x = 0; x < width; x++) {
            guint32 pixel = in[x];

            *out++ = (pixel >> 16) & 0xff;
            *out++ = (pixel >> 8) & 0xff;
            *out++ = pixel & 0xff;
        }
    }
    return pixbuf;
}

/**
 * vnc_display_request_update:
 * @obj: the display
 *
 * Asks the server for the whole desktop again, changed or not.
 *
 * Returns: %TRUE if the request was sent
 */
gboolean
vnc_display_request_update(VncDisplay *obj)
{
    g_return_val_if_fail(VNC_IS_DISPLAY(obj), FALSE);
    VncDisplayPrivate *priv = obj->priv;

    if (!priv->initialized)
        return FALSE;
    VNC_DEBUG("Requesting a full update");
    return vnc_connection_framebuffer_update_request(priv->conn, FALSE, 0, 0,
                                                     vnc_connection_get_width(priv->conn),
                                                     vnc_connection_get_height(priv->conn));
}

/**
 * vnc_display_client_cut_text:
 * @obj: the display
 * @text: UTF-8 text, as a clipboard holds it
 *
 * Gives the server's clipboard @text. RFB carries Latin-1 (unless the
 * server speaks the extended clipboard): characters outside it become
 * '?'. Nothing is sent in read-only mode.
 */
void
vnc_display_client_cut_text(VncDisplay *obj, const gchar *text)
{
    g_return_if_fail(VNC_IS_DISPLAY(obj));
    g_return_if_fail(text != NULL);
    VncDisplayPrivate *priv = obj->priv;

    if (priv->read_only || !priv->initialized)
        return;
    vnc_connection_client_cut_text(priv->conn, text, strlen(text));
}

/**
 * vnc_display_send_pointer:
 * @obj: the display
 * @x: the horizontal position on the desktop, in desktop pixels
 * @y: the vertical position
 * @button_mask: the buttons held, bit 0 for button 1 and so on
 *
 * Moves the server's pointer to (@x, @y) with @button_mask held. Only
 * for an absolute pointer; with a relative one it does nothing.
 */
void
vnc_display_send_pointer(VncDisplay *obj, gint x, gint y, int button_mask)
{
    g_return_if_fail(VNC_IS_DISPLAY(obj));
    VncDisplayPrivate *priv = obj->priv;

    if (!priv->initialized || !priv->absolute)
        return;
    x = CLAMP(x, 0, MAX(vnc_connection_get_width(priv->conn) - 1, 0));
    y = CLAMP(y, 0, MAX(vnc_connection_get_height(priv->conn) - 1, 0));
    priv->button_mask = button_mask & 0xff;
    priv->sent_position = TRUE;
    priv->last_sent_x = x;
    priv->last_sent_y = y;
    vnc_connection_pointer_event(priv->conn, priv->button_mask, x, y);
}

/* The boolean properties share one setter: @field takes @enable, then
 * @apply (if any) makes the change felt, and only then are listeners
 * told, so that they see the widget in its new state. Nothing happens
 * when the value stays the same. */
static void
set_flag(VncDisplay *display, gboolean *field, gboolean enable, guint prop,
         void (*apply)(VncDisplay *display))
{
    enable = !!enable;
    if (*field == enable)
        return;
    *field = enable;
    if (apply)
        apply(display);
    g_object_notify_by_pspec(G_OBJECT(display), properties[prop]);
}

/* Properties: the view. */

/**
 * vnc_display_set_scaling:
 * @obj: the display
 * @enable: %TRUE to scale the desktop to the widget's size, %FALSE to
 *   draw it at the zoom level
 *
 * Scales the desktop to the widget's size, or not.
 *
 * Returns: %TRUE (always; kept for gtk-vnc 1.x's signature)
 */
gboolean
vnc_display_set_scaling(VncDisplay *obj, gboolean enable)
{
    g_return_val_if_fail(VNC_IS_DISPLAY(obj), FALSE);
    set_flag(obj, &obj->priv->scaling, enable, PROP_SCALING, vnc_display_priv_geometry_changed);
    return TRUE;
}

/**
 * vnc_display_get_scaling:
 * @obj: the display
 *
 * Tells whether the desktop is scaled to the widget.
 *
 * Returns: %TRUE if the desktop is scaled to the widget's size
 */
gboolean
vnc_display_get_scaling(VncDisplay *obj)
{
    g_return_val_if_fail(VNC_IS_DISPLAY(obj), FALSE);
    return obj->priv->scaling;
}

/**
 * vnc_display_set_force_size:
 * @obj: the display
 * @enable: %TRUE to make the widget ask for the desktop's size
 *
 * With force-size the widget asks its container for room to show the
 * whole desktop (at the zoom level). Without it, or when the container
 * gives less, part of the desktop may be hidden unless scaling is on;
 * when it gives more, a black border surrounds the desktop.
 */
void
vnc_display_set_force_size(VncDisplay *obj, gboolean enable)
{
    g_return_if_fail(VNC_IS_DISPLAY(obj));
    set_flag(obj, &obj->priv->force_size, enable, PROP_FORCE_SIZE,
             vnc_display_priv_geometry_changed);
}

/**
 * vnc_display_get_force_size:
 * @obj: the display
 *
 * Tells whether the widget asks for the desktop's size.
 *
 * Returns: %TRUE if the widget asks for the desktop's size
 */
gboolean
vnc_display_get_force_size(VncDisplay *obj)
{
    g_return_val_if_fail(VNC_IS_DISPLAY(obj), FALSE);
    return obj->priv->force_size;
}

/**
 * vnc_display_set_allow_resize:
 * @obj: the display
 * @enable: %TRUE to ask the server to match the widget's size
 *
 * With allow-resize, the widget asks the server (SetDesktopSize) to make
 * its desktop as large as the widget, shortly after the widget stops
 * changing size. Servers may refuse; until the desktop fits, and for
 * good if it never does, the widget scales it. A size the server refused
 * (#VncConnection::vnc-desktop-resize-failed) is not asked for again, nor
 * any size once the server says resizing is prohibited, until
 * allow-resize is switched off and on again or the next session.
 */
void
vnc_display_set_allow_resize(VncDisplay *obj, gboolean enable)
{
    g_return_if_fail(VNC_IS_DISPLAY(obj));
    VncDisplayPrivate *priv = obj->priv;

    set_flag(obj, &priv->allow_resize, enable, PROP_ALLOW_RESIZE,
             vnc_display_priv_geometry_changed);
    if (priv->allow_resize)
        vnc_display_priv_schedule_resize(obj);
    else
        vnc_display_priv_cancel_resize(obj);
}

/**
 * vnc_display_get_allow_resize:
 * @obj: the display
 *
 * Tells whether the widget asks the server to resize.
 *
 * Returns: %TRUE if the widget asks the server to follow its size
 */
gboolean
vnc_display_get_allow_resize(VncDisplay *obj)
{
    g_return_val_if_fail(VNC_IS_DISPLAY(obj), FALSE);
    return obj->priv->allow_resize;
}

/**
 * vnc_display_set_smoothing:
 * @obj: the display
 * @enable: %TRUE to interpolate when scaling, %FALSE to repeat pixels
 *
 * Chooses how pixels are scaled.
 */
void
vnc_display_set_smoothing(VncDisplay *obj, gboolean enable)
{
    g_return_if_fail(VNC_IS_DISPLAY(obj));
    set_flag(obj, &obj->priv->smoothing, enable, PROP_SMOOTHING,
             vnc_display_priv_geometry_changed);
}

/**
 * vnc_display_get_smoothing:
 * @obj: the display
 *
 * Tells how pixels are scaled.
 *
 * Returns: %TRUE if scaled pixels are interpolated
 */
gboolean
vnc_display_get_smoothing(VncDisplay *obj)
{
    g_return_val_if_fail(VNC_IS_DISPLAY(obj), FALSE);
    return obj->priv->smoothing;
}

/**
 * vnc_display_set_keep_aspect_ratio:
 * @obj: the display
 * @enable: %TRUE to scale both directions alike, with borders where the
 *   widget's shape differs from the desktop's
 *
 * Keeps the desktop's proportions when scaling, or not.
 */
void
vnc_display_set_keep_aspect_ratio(VncDisplay *obj, gboolean enable)
{
    g_return_if_fail(VNC_IS_DISPLAY(obj));
    set_flag(obj, &obj->priv->keep_aspect_ratio, enable, PROP_KEEP_ASPECT_RATIO,
             vnc_display_priv_geometry_changed);
}

/**
 * vnc_display_get_keep_aspect_ratio:
 * @obj: the display
 *
 * Tells whether scaling keeps the desktop's proportions.
 *
 * Returns: %TRUE if scaling keeps the desktop's proportions
 */
gboolean
vnc_display_get_keep_aspect_ratio(VncDisplay *obj)
{
    g_return_val_if_fail(VNC_IS_DISPLAY(obj), FALSE);
    return obj->priv->keep_aspect_ratio;
}

/**
 * vnc_display_set_rotation:
 * @obj: the display
 * @rotation: degrees clockwise: 0, 90, 180 or 270
 *
 * Shows the desktop turned by @rotation; the pointer follows.
 */
void
vnc_display_set_rotation(VncDisplay *obj, guint rotation)
{
    g_return_if_fail(VNC_IS_DISPLAY(obj));
    g_return_if_fail(rotation % 90 == 0 && rotation <= 270);
    VncDisplayPrivate *priv = obj->priv;

    if (priv->rotation == rotation)
        return;
    priv->rotation = rotation;
    vnc_display_priv_geometry_changed(obj);
    vnc_display_priv_schedule_resize(obj);
    g_object_notify_by_pspec(G_OBJECT(obj), properties[PROP_ROTATION]);
}

/**
 * vnc_display_get_rotation:
 * @obj: the display
 *
 * Tells how far the desktop is turned.
 *
 * Returns: the rotation in degrees clockwise
 */
guint
vnc_display_get_rotation(VncDisplay *obj)
{
    g_return_val_if_fail(VNC_IS_DISPLAY(obj), 0);
    return obj->priv->rotation;
}

/**
 * vnc_display_set_zoom_level:
 * @obj: the display
 * @zoom: the size in percent, 10 to 400
 *
 * Shows the desktop at @zoom percent of its size when not scaling; the
 * widget's preferred size follows the zoom level either way.
 */
void
vnc_display_set_zoom_level(VncDisplay *obj, guint zoom)
{
    g_return_if_fail(VNC_IS_DISPLAY(obj));
    VncDisplayPrivate *priv = obj->priv;

    zoom = CLAMP(zoom, 10, 400);
    if (priv->zoom_level == zoom)
        return;
    priv->zoom_level = zoom;
    vnc_display_priv_geometry_changed(obj);
    g_object_notify_by_pspec(G_OBJECT(obj), properties[PROP_ZOOM_LEVEL]);
}

/**
 * vnc_display_get_zoom_level:
 * @obj: the display
 *
 * The size of the desktop when not scaling.
 *
 * Returns: the zoom level in percent, 10 to 400
 */
guint
vnc_display_get_zoom_level(VncDisplay *obj)
{
    g_return_val_if_fail(VNC_IS_DISPLAY(obj), 100);
    return obj->priv->zoom_level;
}

/* Properties: the session. */

/* A session under way takes the new list at once. */
static void
resend_encodings(VncDisplay *display)
{
    if (display->priv->initialized)
        vnc_display_priv_send_encodings(display);
}

/**
 * vnc_display_set_lossy_encoding:
 * @obj: the display
 * @enable: %TRUE to accept JPEG and other lossy encodings
 *
 * Lossy encodings need far less bandwidth for photographs and video, at
 * the price of a picture that is no longer exact. Takes effect at once.
 */
void
vnc_display_set_lossy_encoding(VncDisplay *obj, gboolean enable)
{
    g_return_if_fail(VNC_IS_DISPLAY(obj));
    set_flag(obj, &obj->priv->lossy_encoding, enable, PROP_LOSSY_ENCODING,
             resend_encodings);
}

/**
 * vnc_display_get_lossy_encoding:
 * @obj: the display
 *
 * Tells whether lossy encodings are accepted.
 *
 * Returns: %TRUE if lossy encodings are accepted
 */
gboolean
vnc_display_get_lossy_encoding(VncDisplay *obj)
{
    g_return_val_if_fail(VNC_IS_DISPLAY(obj), FALSE);
    return obj->priv->lossy_encoding;
}

/**
 * vnc_display_set_shared_flag:
 * @obj: the display
 * @shared: %TRUE to let other clients stay connected, %FALSE to ask the
 *   server to disconnect them
 *
 * Takes effect at the next connection.
 */
void
vnc_display_set_shared_flag(VncDisplay *obj, gboolean shared)
{
    g_return_if_fail(VNC_IS_DISPLAY(obj));
    set_flag(obj, &obj->priv->shared_flag, shared, PROP_SHARED_FLAG, NULL);
}

/**
 * vnc_display_get_shared_flag:
 * @obj: the display
 *
 * Tells whether the desktop is shared with other clients.
 *
 * Returns: %TRUE if other clients may stay connected
 */
gboolean
vnc_display_get_shared_flag(VncDisplay *obj)
{
    g_return_val_if_fail(VNC_IS_DISPLAY(obj), FALSE);
    return obj->priv->shared_flag;
}

/**
 * vnc_display_set_depth:
 * @obj: the display
 * @depth: the colour depth to ask for
 *
 * Fewer colours need less bandwidth. Takes effect at the next
 * connection.
 */
void
vnc_display_set_depth(VncDisplay *obj, VncDisplayDepthColor depth)
{
    g_return_if_fail(VNC_IS_DISPLAY(obj));
    g_return_if_fail(depth <= VNC_DISPLAY_DEPTH_COLOR_ULTRA_LOW);
    VncDisplayPrivate *priv = obj->priv;

    if (priv->depth == depth)
        return;
    priv->depth = depth;
    g_object_notify_by_pspec(G_OBJECT(obj), properties[PROP_DEPTH]);
}

/**
 * vnc_display_get_depth:
 * @obj: the display
 *
 * The colour depth the widget asks the server for.
 *
 * Returns: the colour depth asked for
 */
VncDisplayDepthColor
vnc_display_get_depth(VncDisplay *obj)
{
    g_return_val_if_fail(VNC_IS_DISPLAY(obj), VNC_DISPLAY_DEPTH_COLOR_DEFAULT);
    return obj->priv->depth;
}

/* Properties: input. */

/**
 * vnc_display_set_read_only:
 * @obj: the display
 * @enable: %TRUE to only watch the desktop
 *
 * In read-only mode the widget sends no keys, pointer events or
 * clipboard text; keys held when it is switched on are released.
 */
void
vnc_display_set_read_only(VncDisplay *obj, gboolean enable)
{
    g_return_if_fail(VNC_IS_DISPLAY(obj));
    VncDisplayPrivate *priv = obj->priv;

    /* Keys and buttons held come up first, while input still goes out. */
    if (enable && !priv->read_only) {
        vnc_display_priv_release_keys(obj);
        vnc_display_priv_release_buttons(obj);
    }
    set_flag(obj, &priv->read_only, enable, PROP_READ_ONLY,
             vnc_display_priv_update_keyboard_grab);
}

/**
 * vnc_display_get_read_only:
 * @obj: the display
 *
 * Tells whether the widget only watches.
 *
 * Returns: %TRUE in read-only mode
 */
gboolean
vnc_display_get_read_only(VncDisplay *obj)
{
    g_return_val_if_fail(VNC_IS_DISPLAY(obj), FALSE);
    return obj->priv->read_only;
}

/**
 * vnc_display_set_pointer_local:
 * @obj: the display
 * @enable: %TRUE to show the local pointer over the desktop, %FALSE to
 *   show the server's cursor (or none)
 *
 * Chooses which pointer is shown over the desktop.
 */
void
vnc_display_set_pointer_local(VncDisplay *obj, gboolean enable)
{
    g_return_if_fail(VNC_IS_DISPLAY(obj));
    set_flag(obj, &obj->priv->local_pointer, enable, PROP_POINTER_LOCAL,
             vnc_display_priv_update_cursor);
}

/**
 * vnc_display_get_pointer_local:
 * @obj: the display
 *
 * Tells which pointer is shown over the desktop.
 *
 * Returns: %TRUE if the local pointer is shown
 */
gboolean
vnc_display_get_pointer_local(VncDisplay *obj)
{
    g_return_val_if_fail(VNC_IS_DISPLAY(obj), FALSE);
    return obj->priv->local_pointer;
}

/* Without pointer-grab an absolute pointer needs no grab; a relative one
 * keeps it, since it cannot work otherwise. */
static void
drop_unwanted_pointer_grab(VncDisplay *display)
{
    VncDisplayPrivate *priv = display->priv;

    if (!priv->grab_pointer && priv->absolute && priv->in_pointer_grab)
        vnc_display_priv_ungrab_pointer(display);
}

/**
 * vnc_display_set_pointer_grab:
 * @obj: the display
 * @enable: %TRUE to grab the pointer (and keyboard) when the desktop is
 *   clicked
 *
 * A relative pointer is grabbed on a click whatever this says, since it
 * cannot work otherwise. The grab sequence releases the grab.
 */
void
vnc_display_set_pointer_grab(VncDisplay *obj, gboolean enable)
{
    g_return_if_fail(VNC_IS_DISPLAY(obj));
    set_flag(obj, &obj->priv->grab_pointer, enable, PROP_POINTER_GRAB,
             drop_unwanted_pointer_grab);
}

/**
 * vnc_display_get_pointer_grab:
 * @obj: the display
 *
 * Tells whether a click grabs the pointer.
 *
 * Returns: %TRUE if a click grabs the pointer
 */
gboolean
vnc_display_get_pointer_grab(VncDisplay *obj)
{
    g_return_val_if_fail(VNC_IS_DISPLAY(obj), FALSE);
    return obj->priv->grab_pointer;
}

/**
 * vnc_display_set_keyboard_grab:
 * @obj: the display
 * @enable: %TRUE to grab the keyboard while the pointer is over the
 *   desktop
 *
 * A grabbed keyboard sends every key to the server, including the
 * combinations the desktop environment would otherwise take (Alt+Tab).
 */
void
vnc_display_set_keyboard_grab(VncDisplay *obj, gboolean enable)
{
    g_return_if_fail(VNC_IS_DISPLAY(obj));
    set_flag(obj, &obj->priv->grab_keyboard, enable, PROP_KEYBOARD_GRAB,
             vnc_display_priv_update_keyboard_grab);
}

/**
 * vnc_display_get_keyboard_grab:
 * @obj: the display
 *
 * Tells whether the keyboard is grabbed automatically.
 *
 * Returns: %TRUE if the keyboard is grabbed while the pointer is over
 *   the desktop
 */
gboolean
vnc_display_get_keyboard_grab(VncDisplay *obj)
{
    g_return_val_if_fail(VNC_IS_DISPLAY(obj), FALSE);
    return obj->priv->grab_keyboard;
}

/**
 * vnc_display_set_grab_keys:
 * @obj: the display
 * @seq: (nullable): the keys that, held together, grab keyboard and
 *   pointer or release them; %NULL for the default, Control_L+Alt_L
 *
 * The display keeps a copy of @seq.
 */
void
vnc_display_set_grab_keys(VncDisplay *obj, VncGrabSequence *seq)
{
    g_return_if_fail(VNC_IS_DISPLAY(obj));
    VncDisplayPrivate *priv = obj->priv;

    g_clear_pointer(&priv->grab_keys, vnc_grab_sequence_free);
    if (seq)
        priv->grab_keys = vnc_grab_sequence_copy(seq);
    else
        priv->grab_keys = vnc_grab_sequence_new_from_string("Control_L+Alt_L");
    vnc_display_priv_reset_grab_sequence(obj);
    g_object_notify_by_pspec(G_OBJECT(obj), properties[PROP_GRAB_KEYS]);
}

/**
 * vnc_display_get_grab_keys:
 * @obj: the display
 *
 * The key combination that grabs and releases keyboard and pointer.
 *
 * Returns: (transfer none): the grab sequence, owned by the display
 */
VncGrabSequence *
vnc_display_get_grab_keys(VncDisplay *obj)
{
    g_return_val_if_fail(VNC_IS_DISPLAY(obj), NULL);
    return obj->priv->grab_keys;
}

/**
 * vnc_display_force_grab:
 * @obj: the display
 * @enable: %TRUE to grab the pointer (and keyboard) now, %FALSE to let
 *   go of them now
 *
 * Grabs or releases whatever the automatic grabs did.
 */
void
vnc_display_force_grab(VncDisplay *obj, gboolean enable)
{
    g_return_if_fail(VNC_IS_DISPLAY(obj));

    if (enable)
        vnc_display_priv_grab_pointer(obj);
    else
        vnc_display_priv_ungrab_pointer(obj);
}

/* The command line. */

static gboolean
on_debug_option(const gchar *option_name, const gchar *value,
                gpointer data, GError **error)
{
    vnc_util_set_debug(TRUE);
    return TRUE;
}

static const GOptionEntry option_entries[] = {
    { "gtk-vnc-debug", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK,
      (gpointer)on_debug_option, "Print the VNC widget's and library's debug messages",
      NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL }
};

/**
 * vnc_display_get_option_entries:
 *
 * The widget's command line options (--gtk-vnc-debug), for a program
 * that builds its own option groups.
 *
 * Returns: (transfer none) (array zero-terminated=1): the entries, ending
 *   with an empty one
 */
const GOptionEntry *
vnc_display_get_option_entries(void)
{
    return option_entries;
}

/**
 * vnc_display_get_option_group:
 *
 * The widget's command line options as a group named "gtk-vnc", to add
 * to a #GOptionContext.
 *
 * Returns: (transfer full): a new option group
 */
GOptionGroup *
vnc_display_get_option_group(void)
{
    GOptionGroup *group = g_option_group_new("gtk-vnc", "GTK-VNC options:",
                                             "Show the VNC widget's options",
                                             NULL, NULL);

    g_option_group_add_entries(group, option_entries);
    return group;
}
