/*
 * gtk-vnc: the parts of VncDisplay shared between its source files
 *
 * The widget is split by concern: vncdisplay.c holds the object, its
 * properties, signals and public functions; vncdisplay-session.c what it
 * asks of the connection (pixel format, encodings, framebuffer);
 * vncdisplay-draw.c geometry, painting and size negotiation;
 * vncdisplay-resize.c remote desktop resizing; vncdisplay-pointer.c and
 * vncdisplay-keyboard.c the input; vncdisplay-grab.c keyboard and
 * pointer grabs.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_DISPLAY_PRIV_H
#define VNC_DISPLAY_PRIV_H

#include "vncdisplay.h"
#include "vnccairoframebuffer.h"
#include "vncgtkcompat-priv.h"

G_BEGIN_DECLS

typedef enum {
    VNC_DISPLAY_SIGNAL_CONNECTED,
    VNC_DISPLAY_SIGNAL_INITIALIZED,
    VNC_DISPLAY_SIGNAL_DISCONNECTED,
    VNC_DISPLAY_SIGNAL_ERROR,
    VNC_DISPLAY_SIGNAL_AUTH_CREDENTIAL,
    VNC_DISPLAY_SIGNAL_POINTER_GRAB,
    VNC_DISPLAY_SIGNAL_POINTER_UNGRAB,
    VNC_DISPLAY_SIGNAL_KEYBOARD_GRAB,
    VNC_DISPLAY_SIGNAL_KEYBOARD_UNGRAB,
    VNC_DISPLAY_SIGNAL_DESKTOP_RESIZE,
    VNC_DISPLAY_SIGNAL_DESKTOP_RENAME,
    VNC_DISPLAY_SIGNAL_AUTH_FAILURE,
    VNC_DISPLAY_SIGNAL_AUTH_UNSUPPORTED,
    VNC_DISPLAY_SIGNAL_SERVER_CUT_TEXT,
    VNC_DISPLAY_SIGNAL_BELL,
    VNC_DISPLAY_SIGNAL_POWER_CONTROL_INITIALIZED,
    VNC_DISPLAY_SIGNAL_POWER_CONTROL_FAILED,
    VNC_DISPLAY_N_SIGNALS
} VncDisplaySignal;

/* A key held down, as it was sent: the release must carry the same
 * keysym and scancode even if the modifiers changed meanwhile (press
 * Shift, press a, release Shift, release a: the server saw "A" go down,
 * so "A" must come up). */
typedef struct {
    guint16 keycode;
    guint32 keysym;
    guint16 scancode;
} VncDisplayHeldKey;

/* Where the desktop lands in the widget, for painting and for mapping
 * the pointer back. */
typedef struct {
    gboolean valid;            /* there is a desktop to show */
    cairo_matrix_t to_widget;  /* desktop pixels -> widget (logical) */
    cairo_matrix_t to_desktop; /* the inverse */
    /* The desktop's rectangle in the widget, logical pixels. */
    double x, y, width, height;
    /* One desktop pixel is exactly one device pixel, unrotated: paint
     * without filtering. */
    gboolean exact;
} VncDisplayGeometry;

struct _VncDisplayPrivate {
    VncConnection *conn;
    VncCairoFramebuffer *fb;

    /* Properties. */
    gboolean local_pointer;
    gboolean grab_pointer;
    gboolean grab_keyboard;
    gboolean read_only;
    gboolean lossy_encoding;
    gboolean scaling;
    gboolean shared_flag;
    gboolean force_size;
    gboolean allow_resize;
    gboolean smoothing;
    gboolean keep_aspect_ratio;
    guint rotation;
    guint zoom_level;
    VncDisplayDepthColor depth;
    VncGrabSequence *grab_keys;

    /* The session: between vnc-initialized and vnc-disconnected. */
    gboolean initialized;

    /* Pointer. */
    gboolean absolute;          /* the server's pointer mode */
    gboolean in_pointer_grab;
    gboolean pointer_inside;    /* over the widget (enter/leave) */
    gboolean has_focus;         /* the widget has the keyboard focus */
    guint8 button_mask;
    gboolean sent_position;     /* last_sent_x/y hold the last absolute event */
    guint16 last_sent_x, last_sent_y;
    gboolean have_root;         /* relative mode: last root position known */
    double last_root_x, last_root_y;
    double rel_rest_x, rel_rest_y; /* sub-pixel motion not sent yet */
    double scroll_rest_x, scroll_rest_y; /* smooth scrolling not sent yet */
    GdkPixbuf *cursor_image;    /* the server's cursor; NULL: none */
    int cursor_hotx, cursor_hoty;
    GdkCursor *remote_cursor;   /* cursor_image as shown now */
    double cursor_scale;        /* the desktop's scale it was made for */
    guint cursor_rotation;
    GdkCursor *blank_cursor;

    /* Keyboard. */
    gboolean in_keyboard_grab;
    gboolean keyboard_grab_with_pointer; /* taken by a pointer grab */
    gboolean ungrabbing_all;    /* no grab may be taken just now */
    GArray *held_keys;          /* VncDisplayHeldKey */
    gboolean *grab_keys_down;   /* one per key of grab_keys */
    gboolean grab_armed;        /* the whole sequence is held */

    /* Remote resizing (allow-resize). */
    guint resize_timeout;
    gboolean resize_wanted;     /* retry when the server says it can */
    guint asked_width, asked_height; /* the last size asked for */
    GHashTable *refused_sizes;  /* sizes the server refused (see resize.c) */
    gboolean resize_prohibited; /* the server refuses every size */
};

/* vncdisplay.c */
void vnc_display_priv_emit(VncDisplay *display, VncDisplaySignal signal);

/* vncdisplay-session.c */
void vnc_display_priv_setup_session(VncDisplay *display);
gboolean vnc_display_priv_new_framebuffer(VncDisplay *display);
void vnc_display_priv_send_encodings(VncDisplay *display);

/* vncdisplay-draw.c */
void vnc_display_priv_draw_class_init(GtkWidgetClass *widget_class);
void vnc_display_priv_get_geometry(VncDisplay *display, VncDisplayGeometry *geom);
void vnc_display_priv_invalidate(VncDisplay *display, int x, int y, int width, int height);
gboolean vnc_display_priv_fits_widget(VncDisplay *display);
gboolean vnc_display_priv_to_desktop(VncDisplay *display, double wx, double wy,
                                     guint16 *x, guint16 *y);
void vnc_display_priv_geometry_changed(VncDisplay *display);

/* vncdisplay-resize.c */
void vnc_display_priv_schedule_resize(VncDisplay *display);
void vnc_display_priv_retry_resize(VncDisplay *display);
void vnc_display_priv_cancel_resize(VncDisplay *display);
void vnc_display_priv_resize_refused(VncDisplay *display, VncConnectionResizeStatus status);
gboolean vnc_display_priv_size_refused(VncDisplay *display, guint width, guint height);

/* vncdisplay-pointer.c */
void vnc_display_priv_pointer_class_init(GtkWidgetClass *widget_class);
void vnc_display_priv_set_pointer_mode(VncDisplay *display, gboolean absolute);
void vnc_display_priv_set_remote_cursor(VncDisplay *display, VncCursor *cursor);
void vnc_display_priv_update_cursor(VncDisplay *display);
void vnc_display_priv_refresh_cursor(VncDisplay *display);
GdkPixbuf *vnc_display_priv_shown_cursor(VncDisplay *display, int *hotx, int *hoty);
void vnc_display_priv_release_buttons(VncDisplay *display);
void vnc_display_priv_center_pointer(VncDisplay *display);

/* vncdisplay-keyboard.c */
void vnc_display_priv_keyboard_class_init(GtkWidgetClass *widget_class);
void vnc_display_priv_release_keys(VncDisplay *display);
void vnc_display_priv_reset_grab_sequence(VncDisplay *display);

/* vncdisplay-grab.c */
gboolean vnc_display_priv_grab_pointer(VncDisplay *display);
void vnc_display_priv_ungrab_pointer(VncDisplay *display);
gboolean vnc_display_priv_grab_keyboard(VncDisplay *display);
void vnc_display_priv_ungrab_keyboard(VncDisplay *display);
void vnc_display_priv_ungrab_all(VncDisplay *display);
void vnc_display_priv_update_keyboard_grab(VncDisplay *display);

G_END_DECLS

#endif /* VNC_DISPLAY_PRIV_H */
