/*
 * gtk-vnc tests: VncDisplay's interface, as programs built for gtk-vnc
 * 1.x see it, and what it asks of the server
 *
 * Property names, types, flags, ranges and defaults, signal names, flags
 * and parameter types are checked against tables written from gtk-vnc
 * 1.x's headers and introspection data: a program built for that library
 * must find everything where it expects it. Then VncGrabSequence,
 * VncCairoFramebuffer, the option group, and the session setup the
 * widget does with the fake server (pixel formats per depth, encodings,
 * the shared flag, full update requests).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>

#include "display-fixture.h"
#include "vnccairoframebuffer.h"
#include "vncdisplay-priv.h"
#include "vncdisplayenums.h"
#include "test-utils.h"

/* Properties. */

typedef struct {
    const char *name;
    GType (*type)(void);   /* NULL: a fundamental type in @fundamental */
    GType fundamental;
    gboolean writable;
    const char *default_value;   /* as g_strdup_value_contents() shows it */
    guint min, max;              /* for the ranged ones; 0, 0 otherwise */
} PropertyCase;

static GType
grab_sequence_type(void)
{
    return VNC_TYPE_GRAB_SEQUENCE;
}

static GType
depth_type(void)
{
    return VNC_TYPE_DISPLAY_DEPTH_COLOR;
}

static GType
connection_type(void)
{
    return VNC_TYPE_CONNECTION;
}

static const PropertyCase properties[] = {
    { "local-pointer", NULL, G_TYPE_BOOLEAN, TRUE, "FALSE", 0, 0 },
    { "grab-pointer", NULL, G_TYPE_BOOLEAN, TRUE, "FALSE", 0, 0 },
    { "grab-keyboard", NULL, G_TYPE_BOOLEAN, TRUE, "FALSE", 0, 0 },
    { "read-only", NULL, G_TYPE_BOOLEAN, TRUE, "FALSE", 0, 0 },
    { "width", NULL, G_TYPE_INT, FALSE, "0", 0, G_MAXINT },
    { "height", NULL, G_TYPE_INT, FALSE, "0", 0, G_MAXINT },
    { "name", NULL, G_TYPE_STRING, FALSE, "NULL", 0, 0 },
    { "lossy-encoding", NULL, G_TYPE_BOOLEAN, TRUE, "FALSE", 0, 0 },
    { "scaling", NULL, G_TYPE_BOOLEAN, TRUE, "FALSE", 0, 0 },
    { "shared-flag", NULL, G_TYPE_BOOLEAN, TRUE, "FALSE", 0, 0 },
    { "force-size", NULL, G_TYPE_BOOLEAN, TRUE, "TRUE", 0, 0 },
    { "allow-resize", NULL, G_TYPE_BOOLEAN, TRUE, "FALSE", 0, 0 },
    { "smoothing", NULL, G_TYPE_BOOLEAN, TRUE, "TRUE", 0, 0 },
    { "keep-aspect-ratio", NULL, G_TYPE_BOOLEAN, TRUE, "FALSE", 0, 0 },
    { "rotation", NULL, G_TYPE_UINT, TRUE, "0", 0, 270 },
    { "depth", depth_type, 0, TRUE, "((VncDisplayDepthColor) VNC_DISPLAY_DEPTH_COLOR_DEFAULT)", 0, 0 },
    { "zoom-level", NULL, G_TYPE_UINT, TRUE, "100", 10, 400 },
    { "grab-keys", grab_sequence_type, 0, TRUE, "NULL", 0, 0 },
    { "connection", connection_type, 0, FALSE, "NULL", 0, 0 },
};

static void
test_properties(void)
{
    GObjectClass *klass = g_type_class_ref(VNC_TYPE_DISPLAY);

    for (guint i = 0; i < G_N_ELEMENTS(properties); i++) {
        const PropertyCase *c = &properties[i];
        GParamSpec *pspec = g_object_class_find_property(klass, c->name);
        GValue value = G_VALUE_INIT;

        g_test_message("property %s", c->name);
        g_assert_nonnull(pspec);
        g_assert_true(pspec->owner_type == VNC_TYPE_DISPLAY);
        g_assert_cmpstr(g_type_name(pspec->value_type), ==,
                        g_type_name(c->type ? c->type() : c->fundamental));
        if (c->writable)
            g_assert_cmphex(pspec->flags & (G_PARAM_READWRITE | G_PARAM_CONSTRUCT |
                                            G_PARAM_CONSTRUCT_ONLY),
                            ==, G_PARAM_READWRITE | G_PARAM_CONSTRUCT);
        else
            g_assert_cmphex(pspec->flags & (G_PARAM_READWRITE | G_PARAM_CONSTRUCT |
                                            G_PARAM_CONSTRUCT_ONLY),
                            ==, G_PARAM_READABLE);

        g_value_init(&value, pspec->value_type);
        g_param_value_set_default(pspec, &value);
        g_autofree char *shown = g_strdup_value_contents(&value);
        g_assert_cmpstr(shown, ==, c->default_value);
        g_value_unset(&value);

        if (G_IS_PARAM_SPEC_UINT(pspec)) {
            g_assert_cmpuint(G_PARAM_SPEC_UINT(pspec)->minimum, ==, c->min);
            g_assert_cmpuint(G_PARAM_SPEC_UINT(pspec)->maximum, ==, c->max);
        } else if (G_IS_PARAM_SPEC_INT(pspec)) {
            g_assert_cmpint(G_PARAM_SPEC_INT(pspec)->minimum, ==, (gint)c->min);
            g_assert_cmpint(G_PARAM_SPEC_INT(pspec)->maximum, ==, (gint)c->max);
        }
    }
    g_type_class_unref(klass);
}

/* What a new widget reports, through its functions and properties. */
static void
test_new_widget(void)
{
    VncDisplay *display = VNC_DISPLAY(g_object_ref_sink(vnc_display_new()));
    VncConnection *conn = NULL;
    VncGrabSequence *seq = NULL;
    guint zoom = 0;

    g_assert_true(VNC_IS_DISPLAY(display));
    g_assert_true(GTK_IS_DRAWING_AREA(display));
    g_assert_true(gtk_widget_get_can_focus(GTK_WIDGET(display)));
    g_assert_false(vnc_display_is_open(display));
    g_assert_true(vnc_display_is_pointer_absolute(display));
    g_assert_cmpint(vnc_display_get_width(display), ==, 0);
    g_assert_cmpint(vnc_display_get_height(display), ==, 0);
    g_assert_null(vnc_display_get_name(display));
    g_assert_null(vnc_display_get_pixbuf(display));
    g_assert_false(vnc_display_request_update(display));
    g_assert_true(vnc_display_get_force_size(display));
    g_assert_true(vnc_display_get_smoothing(display));
    g_assert_false(vnc_display_get_scaling(display));
    g_assert_cmpuint(vnc_display_get_zoom_level(display), ==, 100);
    g_assert_cmpint(vnc_display_get_depth(display), ==, VNC_DISPLAY_DEPTH_COLOR_DEFAULT);

    /* The default grab sequence is Control_L+Alt_L. */
    g_autofree char *grab = vnc_grab_sequence_as_string(vnc_display_get_grab_keys(display));
    g_assert_cmpstr(grab, ==, "Control_L+Alt_L");

    g_object_get(display, "connection", &conn, "grab-keys", &seq, "zoom-level", &zoom, NULL);
    g_assert_true(conn == vnc_display_get_connection(display));
    g_assert_true(VNC_IS_CONNECTION(conn));
    g_assert_cmpuint(seq->nkeysyms, ==, 2);
    g_assert_cmpuint(zoom, ==, 100);
    g_object_unref(conn);
    vnc_grab_sequence_free(seq);

    /* Setters and properties agree; out of range values are refused. */
    vnc_display_set_zoom_level(display, 250);
    g_object_get(display, "zoom-level", &zoom, NULL);
    g_assert_cmpuint(zoom, ==, 250);
    vnc_display_set_zoom_level(display, 1000);
    g_assert_cmpuint(vnc_display_get_zoom_level(display), ==, 400);
    g_object_set(display, "rotation", 180, "scaling", TRUE, "read-only", TRUE, NULL);
    g_assert_cmpuint(vnc_display_get_rotation(display), ==, 180);
    g_assert_true(vnc_display_get_scaling(display));
    g_assert_true(vnc_display_get_read_only(display));
    g_assert_true(vnc_display_set_scaling(display, FALSE));
    vnc_display_set_grab_keys(display, NULL);
    g_autofree char *again = vnc_grab_sequence_as_string(vnc_display_get_grab_keys(display));
    g_assert_cmpstr(again, ==, "Control_L+Alt_L");

    /* Credentials outside a session cannot be set: TRUE means failure,
     * as in gtk-vnc 1.x. */
    g_assert_cmpint(vnc_display_set_credential(display, VNC_DISPLAY_CREDENTIAL_PASSWORD, "x"),
                    ==, !vnc_connection_set_credential(vnc_display_get_connection(display),
                                                       VNC_CONNECTION_CREDENTIAL_PASSWORD, "x"));

    gtk_widget_destroy(GTK_WIDGET(display));
    g_object_unref(display);
}

/* Signals. */

typedef struct {
    const char *name;
    GSignalFlags flags;
    guint n_params;
    GType params[2];
} SignalCase;

static void
test_signals(void)
{
    const GSignalFlags first = G_SIGNAL_RUN_FIRST;
    const GSignalFlags last = G_SIGNAL_RUN_LAST | G_SIGNAL_NO_HOOKS;
    G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    const SignalCase cases[] = {
        { "vnc-connected", first, 0, { 0 } },
        { "vnc-initialized", first, 0, { 0 } },
        { "vnc-disconnected", first, 0, { 0 } },
        { "vnc-error", first, 1, { G_TYPE_STRING } },
        { "vnc-auth-credential", first, 1, { g_value_array_get_type() } },
        { "vnc-pointer-grab", last, 0, { 0 } },
        { "vnc-pointer-ungrab", last, 0, { 0 } },
        { "vnc-keyboard-grab", last, 0, { 0 } },
        { "vnc-keyboard-ungrab", last, 0, { 0 } },
        { "vnc-desktop-resize", last, 2, { G_TYPE_INT, G_TYPE_INT } },
        { "vnc-desktop-rename", last, 1, { G_TYPE_STRING } },
        { "vnc-auth-failure", last, 1, { G_TYPE_STRING } },
        { "vnc-auth-unsupported", last, 1, { G_TYPE_UINT } },
        { "vnc-server-cut-text", last, 1, { G_TYPE_STRING } },
        { "vnc-bell", last, 0, { 0 } },
        { "vnc-power-control-initialized", last, 0, { 0 } },
        { "vnc-power-control-failed", last, 0, { 0 } },
    };
    G_GNUC_END_IGNORE_DEPRECATIONS
    guint n_ids;
    g_autofree guint *ids = g_signal_list_ids(VNC_TYPE_DISPLAY, &n_ids);

    g_assert_cmpuint(n_ids, ==, G_N_ELEMENTS(cases));
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        GSignalQuery query;

        g_test_message("signal %s", cases[i].name);
        g_signal_query(g_signal_lookup(cases[i].name, VNC_TYPE_DISPLAY), &query);
        g_assert_cmpuint(query.signal_id, !=, 0);
        g_assert_cmphex(query.signal_flags, ==, cases[i].flags);
        g_assert_true(query.return_type == G_TYPE_NONE);
        g_assert_cmpuint(query.n_params, ==, cases[i].n_params);
        for (guint p = 0; p < query.n_params; p++)
            g_assert_cmpstr(g_type_name(query.param_types[p] & ~G_SIGNAL_TYPE_STATIC_SCOPE),
                            ==, g_type_name(cases[i].params[p]));
    }

    /* The class has slots for these four, in this order, and no more. */
    g_assert_cmpuint(G_STRUCT_OFFSET(VncDisplayClass, vnc_connected), ==,
                     sizeof(GtkDrawingAreaClass));
    g_assert_cmpuint(G_STRUCT_OFFSET(VncDisplayClass, vnc_auth_credential), ==,
                     sizeof(GtkDrawingAreaClass) + 3 * sizeof(gpointer));
    g_assert_cmpuint(sizeof(VncDisplayClass), ==, sizeof(GtkDrawingAreaClass) + 4 * sizeof(gpointer));
    g_assert_cmpuint(sizeof(VncDisplay), ==, sizeof(GtkDrawingArea) + sizeof(gpointer));
}

static void
test_enums(void)
{
    static const struct {
        GType (*type)(void);
        const char *type_name;
        int value;
        const char *nick;
    } cases[] = {
        { vnc_display_credential_get_type, "VncDisplayCredential", 0, "password" },
        { vnc_display_credential_get_type, "VncDisplayCredential", 2, "clientname" },
        { vnc_display_key_event_get_type, "VncDisplayKeyEvent", 1, "press" },
        { vnc_display_key_event_get_type, "VncDisplayKeyEvent", 3, "click" },
        { vnc_display_depth_color_get_type, "VncDisplayDepthColor", 0, "default" },
        { vnc_display_depth_color_get_type, "VncDisplayDepthColor", 4, "ultra-low" },
    };

    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        GType type = cases[i].type();
        GEnumClass *klass = g_type_class_ref(type);
        GEnumValue *value = g_enum_get_value(klass, cases[i].value);

        g_assert_cmpstr(g_type_name(type), ==, cases[i].type_name);
        g_assert_nonnull(value);
        g_assert_cmpstr(value->value_nick, ==, cases[i].nick);
        g_type_class_unref(klass);
    }
}

/* VncGrabSequence. */

static void
test_grab_sequence(void)
{
    guint keys[] = { GDK_KEY_Shift_R, GDK_KEY_F12 };
    g_autoptr(VncGrabSequence) seq = vnc_grab_sequence_new(G_N_ELEMENTS(keys), keys);
    keys[0] = 0;   /* copied, not kept */
    g_assert_cmpuint(seq->nkeysyms, ==, 2);
    g_assert_cmpuint(vnc_grab_sequence_get_nth(seq, 0), ==, GDK_KEY_Shift_R);
    g_assert_cmpuint(vnc_grab_sequence_get_nth(seq, 1), ==, GDK_KEY_F12);
    g_assert_cmpuint(vnc_grab_sequence_get_nth(seq, 2), ==, 0);
    g_autofree char *text = vnc_grab_sequence_as_string(seq);
    g_assert_cmpstr(text, ==, "Shift_R+F12");

    g_autoptr(VncGrabSequence) copy = vnc_grab_sequence_copy(seq);
    g_assert_true(copy->keysyms != seq->keysyms);
    g_assert_cmpmem(copy->keysyms, copy->nkeysyms * sizeof(guint),
                    seq->keysyms, seq->nkeysyms * sizeof(guint));

    g_autoptr(VncGrabSequence) parsed = vnc_grab_sequence_new_from_string("Control_L+Alt_L+Delete");
    g_assert_cmpuint(parsed->nkeysyms, ==, 3);
    g_assert_cmpuint(parsed->keysyms[2], ==, GDK_KEY_Delete);

    /* An unknown name keeps its place, as a key that never comes. */
    g_autoptr(VncGrabSequence) odd = vnc_grab_sequence_new_from_string("Control_L+nosuchkey");
    g_assert_cmpuint(odd->nkeysyms, ==, 2);
    g_assert_cmpuint(odd->keysyms[1], ==, GDK_KEY_VoidSymbol);

    g_autoptr(VncGrabSequence) empty = vnc_grab_sequence_new_from_string("");
    g_assert_cmpuint(empty->nkeysyms, ==, 0);
    g_autofree char *empty_text = vnc_grab_sequence_as_string(empty);
    g_assert_cmpstr(empty_text, ==, "");

    /* A boxed type: GValue copies and frees it. */
    GValue value = G_VALUE_INIT;
    g_value_init(&value, VNC_TYPE_GRAB_SEQUENCE);
    g_value_set_boxed(&value, seq);
    g_assert_true(g_value_get_boxed(&value) != seq);
    g_value_unset(&value);
}

/* VncCairoFramebuffer. */

static void
test_cairo_framebuffer(void)
{
    VncPixelFormat remote;
    test_pixel_format_rgb565_be(&remote);
    g_autoptr(VncCairoFramebuffer) fb = vnc_cairo_framebuffer_new(7, 5, &remote);
    cairo_surface_t *surface = vnc_cairo_framebuffer_get_surface(fb);
    gpointer from_property = NULL;

    g_assert_true(VNC_IS_BASE_FRAMEBUFFER(fb));
    g_assert_true(VNC_IS_FRAMEBUFFER(fb));
    g_object_get(fb, "surface", &from_property, NULL);
    g_assert_true(from_property == surface);
    g_assert_cmpint(cairo_image_surface_get_format(surface), ==, CAIRO_FORMAT_RGB24);
    g_assert_cmpint(cairo_image_surface_get_width(surface), ==, 7);
    g_assert_cmpint(cairo_image_surface_get_height(surface), ==, 5);
    g_assert_cmpuint(vnc_framebuffer_get_width(VNC_FRAMEBUFFER(fb)), ==, 7);
    g_assert_cmpuint(vnc_framebuffer_get_height(VNC_FRAMEBUFFER(fb)), ==, 5);
    g_assert_true(vnc_framebuffer_get_buffer(VNC_FRAMEBUFFER(fb)) ==
                  cairo_image_surface_get_data(surface));
    g_assert_cmpint(vnc_framebuffer_get_rowstride(VNC_FRAMEBUFFER(fb)), ==,
                    cairo_image_surface_get_stride(surface));

    /* The local format is cairo's: a pure red 565 pixel (big-endian
     * 0xf800) lands as 0x00ff0000 in a native 32-bit word. */
    const VncPixelFormat *local = vnc_framebuffer_get_local_format(VNC_FRAMEBUFFER(fb));
    g_assert_cmpuint(local->bits_per_pixel, ==, 32);
    g_assert_cmpuint(local->red_shift, ==, 16);
    g_assert_cmpuint(local->blue_shift, ==, 0);
    guint8 red[2] = { 0xf8, 0x00 };
    vnc_framebuffer_set_pixel_at(VNC_FRAMEBUFFER(fb), red, 3, 2);
    cairo_surface_mark_dirty(surface);
    const guint32 *row = (const guint32 *)(cairo_image_surface_get_data(surface) +
                                           2 * cairo_image_surface_get_stride(surface));
    g_assert_cmphex(row[3] & 0xffffff, ==, 0xff0000);
    g_assert_cmphex(row[2] & 0xffffff, ==, 0);
}

/* The option group. */

static void
test_options(void)
{
    const GOptionEntry *entries = vnc_display_get_option_entries();

    g_assert_cmpstr(entries[0].long_name, ==, "gtk-vnc-debug");
    g_assert_cmpint(entries[0].arg, ==, G_OPTION_ARG_CALLBACK);
    g_assert_cmphex(entries[0].flags, ==, G_OPTION_FLAG_NO_ARG);
    g_assert_null(entries[1].long_name);

    GOptionContext *context = g_option_context_new(NULL);
    char *args[] = { (char *)"prog", (char *)"--gtk-vnc-debug", (char *)"rest", NULL };
    char **argv = args;
    int argc = 3;
    GError *err = NULL;

    g_option_context_add_group(context, vnc_display_get_option_group());
    vnc_util_set_debug(FALSE);
    g_assert_true(g_option_context_parse(context, &argc, &argv, &err));
    g_assert_no_error(err);
    g_assert_true(vnc_util_get_debug());
    g_assert_cmpint(argc, ==, 2);
    g_assert_cmpstr(argv[1], ==, "rest");
    vnc_util_set_debug(FALSE);
    g_autofree char *help = g_option_context_get_help(context, FALSE, NULL);
    g_assert_nonnull(strstr(help, "--help-gtk-vnc"));
    g_option_context_free(context);
}

/* The session the widget sets up, seen from the server. */

static GBytes *
last_message(DisplayFixture *f, guint8 type)
{
    for (guint i = f->messages->len; i > 0; i--) {
        GBytes *msg = f->messages->pdata[i - 1];

        if (((const guint8 *)g_bytes_get_data(msg, NULL))[0] == type)
            return msg;
    }
    g_assert_not_reached();
}

static guint
get_u16(const guint8 *p)
{
    return (p[0] << 8) | p[1];
}

static gint32
get_s32(const guint8 *p)
{
    return (gint32)(((guint32)p[0] << 24) | ((guint32)p[1] << 16) | ((guint32)p[2] << 8) | p[3]);
}

static gboolean
offers(GBytes *msg, gint32 encoding)
{
    gsize len;
    const guint8 *data = g_bytes_get_data(msg, &len);

    for (guint i = 0; i < get_u16(data + 2); i++) {
        if (get_s32(data + 4 + 4 * i) == encoding)
            return TRUE;
    }
    return FALSE;
}

static gint32
first_encoding(GBytes *msg)
{
    return get_s32((const guint8 *)g_bytes_get_data(msg, NULL) + 4);
}

static void
test_session_setup(DisplayFixture *f, gconstpointer data)
{
    static const gint32 wanted[] = {
        VNC_CONNECTION_ENCODING_TIGHT, VNC_CONNECTION_ENCODING_ZRLE,
        VNC_CONNECTION_ENCODING_HEXTILE, VNC_CONNECTION_ENCODING_ZLIB,
        VNC_CONNECTION_ENCODING_RRE, VNC_CONNECTION_ENCODING_COPY_RECT,
        VNC_CONNECTION_ENCODING_RAW,
        VNC_CONNECTION_ENCODING_DESKTOP_RESIZE, VNC_CONNECTION_ENCODING_EXTENDED_DESKTOP_RESIZE,
        VNC_CONNECTION_ENCODING_DESKTOP_NAME, VNC_CONNECTION_ENCODING_LAST_RECT,
        VNC_CONNECTION_ENCODING_WMVi, VNC_CONNECTION_ENCODING_RICH_CURSOR,
        VNC_CONNECTION_ENCODING_XCURSOR, VNC_CONNECTION_ENCODING_ALPHA_CURSOR,
        VNC_CONNECTION_ENCODING_POINTER_CHANGE, VNC_CONNECTION_ENCODING_EXT_KEY_EVENT,
        VNC_CONNECTION_ENCODING_LED_STATE, VNC_CONNECTION_ENCODING_XVP,
        VNC_CONNECTION_ENCODING_AUDIO, VNC_CONNECTION_ENCODING_FENCE,
        VNC_CONNECTION_ENCODING_CONTINUOUS_UPDATES,
        VNC_CONNECTION_ENCODING_EXTENDED_CLIPBOARD,
    };

    vnc_display_set_shared_flag(f->display, TRUE);
    if (!display_fixture_start(f))
        return;

    /* The first messages: format, encodings, then all of the desktop. */
    const guint8 *first = g_bytes_get_data(f->messages->pdata[0], NULL);
    const guint8 *second = g_bytes_get_data(f->messages->pdata[1], NULL);
    const guint8 *third = g_bytes_get_data(f->messages->pdata[2], NULL);
    g_assert_cmpuint(first[0], ==, TEST_CLIENT_SET_PIXEL_FORMAT);
    g_assert_cmpuint(second[0], ==, TEST_CLIENT_SET_ENCODINGS);
    g_assert_cmpuint(third[0], ==, TEST_CLIENT_UPDATE_REQUEST);
    g_autoptr(GByteArray) full = g_byte_array_new();
    test_msg_update_request(full, FALSE, 0, 0, f->width, f->height);
    g_assert_cmpmem(third, 10, full->data, full->len);

    /* The default depth asks for cairo's own layout. */
    VncPixelFormat rgb888;
    test_pixel_format_rgb888(&rgb888);
    rgb888.byte_order = G_BYTE_ORDER;
    g_autoptr(GByteArray) format = g_byte_array_new();
    test_msg_set_pixel_format(format, &rgb888);
    g_assert_cmpmem(first, 20, format->data, format->len);

    GBytes *encodings = f->messages->pdata[1];
    g_assert_cmpint(first_encoding(encodings), ==, VNC_CONNECTION_ENCODING_TIGHT);
    for (guint i = 0; i < G_N_ELEMENTS(wanted); i++) {
        g_test_message("encoding %d", wanted[i]);
        g_assert_true(offers(encodings, wanted[i]));
    }
    g_assert_false(offers(encodings, VNC_CONNECTION_ENCODING_ZYWRLE));
    for (int q = VNC_CONNECTION_ENCODING_TIGHT_JPEG0; q <= VNC_CONNECTION_ENCODING_TIGHT_JPEG9; q++)
        g_assert_false(offers(encodings, q));

    g_assert_cmpint(vnc_display_get_width(f->display), ==, f->width);
    g_assert_cmpint(vnc_display_get_height(f->display), ==, f->height);
    g_assert_cmpstr(vnc_display_get_name(f->display), ==, "fake desktop");

    /* Lossy encodings, switched on in the session: offered at once. */
    display_fixture_clear(f);
    vnc_display_set_lossy_encoding(f->display, TRUE);
    display_fixture_wait_messages(f, TEST_CLIENT_SET_ENCODINGS, 1);
    GBytes *lossy = last_message(f, TEST_CLIENT_SET_ENCODINGS);
    g_assert_true(offers(lossy, VNC_CONNECTION_ENCODING_ZYWRLE));
    gboolean quality = FALSE;
    for (int q = VNC_CONNECTION_ENCODING_TIGHT_JPEG0; q <= VNC_CONNECTION_ENCODING_TIGHT_JPEG9; q++)
        quality = quality || offers(lossy, q);
    g_assert_true(quality);

    /* A full update on request. */
    display_fixture_clear(f);
    g_assert_true(vnc_display_request_update(f->display));
    display_fixture_wait_messages(f, TEST_CLIENT_UPDATE_REQUEST, 1);
    GBytes *request = last_message(f, TEST_CLIENT_UPDATE_REQUEST);
    g_assert_cmpmem(g_bytes_get_data(request, NULL), 10, full->data, full->len);
}

typedef struct {
    VncDisplayDepthColor depth;
    guint bpp, depth_bits;
    guint red_max, green_max, blue_max;
} DepthCase;

/* Each depth asks for its format; the picture still arrives (converted
 * to the widget's), as close as the format allows. */
static void
test_depth(DisplayFixture *f, gconstpointer data)
{
    const DepthCase *c = data;

    vnc_display_set_depth(f->display, c->depth);
    if (!display_fixture_start(f))
        return;

    const guint8 *msg = g_bytes_get_data(f->messages->pdata[0], NULL);
    g_assert_cmpuint(msg[0], ==, TEST_CLIENT_SET_PIXEL_FORMAT);
    g_assert_cmpuint(msg[4], ==, c->bpp);
    g_assert_cmpuint(msg[5], ==, c->depth_bits);
    g_assert_cmpuint(msg[7], ==, 1);   /* true colour */
    g_assert_cmpuint(get_u16(msg + 8), ==, c->red_max);
    g_assert_cmpuint(get_u16(msg + 10), ==, c->green_max);
    g_assert_cmpuint(get_u16(msg + 12), ==, c->blue_max);

    g_autoptr(GdkPixbuf) pixbuf = vnc_display_get_pixbuf(f->display);
    const guint8 *p = gdk_pixbuf_get_pixels(pixbuf) + 5 * gdk_pixbuf_get_rowstride(pixbuf) + 3 * 9;
    guint32 want = display_fixture_desktop_pixel(f, 9, 5);
    guint step[3] = { 256 / (c->red_max + 1), 256 / (c->green_max + 1), 256 / (c->blue_max + 1) };
    for (int i = 0; i < 3; i++) {
        int w = (want >> (16 - 8 * i)) & 0xff;

        g_assert_cmpint(ABS(w - p[i]), <=, (int)step[i] * 2);
    }
}

static const DepthCase depth_cases[] = {
    { VNC_DISPLAY_DEPTH_COLOR_DEFAULT, 32, 24, 255, 255, 255 },
    { VNC_DISPLAY_DEPTH_COLOR_FULL, 32, 24, 255, 255, 255 },
    { VNC_DISPLAY_DEPTH_COLOR_MEDIUM, 16, 16, 31, 63, 31 },
    { VNC_DISPLAY_DEPTH_COLOR_LOW, 8, 8, 7, 7, 3 },
    { VNC_DISPLAY_DEPTH_COLOR_ULTRA_LOW, 8, 3, 1, 1, 1 },
};

/* ClientInit carries the shared flag; the fixture's script expects the
 * display's value. */
static void
test_not_shared(DisplayFixture *f, gconstpointer data)
{
    g_assert_false(vnc_display_get_shared_flag(f->display));
    if (!display_fixture_start(f))
        return;
    g_assert_true(vnc_display_is_open(f->display));
}

/* What the server says, as the widget passes it on. */

static void
test_session_start(DisplayFixture *f, gconstpointer data)
{
    if (!display_fixture_start(f))
        return;
    g_assert_cmpstr(f->start_events, ==, "connected initialized");
}

static void
test_server_messages(DisplayFixture *f, gconstpointer data)
{
    GByteArray *msg;

    if (!display_fixture_start(f))
        return;

    msg = g_byte_array_new();
    test_msg_bell(msg);
    fake_server_send_now(f->server, "a bell", msg);
    msg = g_byte_array_new();
    test_msg_server_cut_text(msg, "caf\xe9", 4);
    fake_server_send_now(f->server, "cut text", msg);
    msg = g_byte_array_new();
    test_msg_update(msg, 1);
    test_msg_rect(msg, 0, 0, 0, 0, VNC_CONNECTION_ENCODING_DESKTOP_NAME);
    test_put_string(msg, "renamed");
    fake_server_send_now(f->server, "a new name", msg);
    msg = g_byte_array_new();
    /* xvp: version 1, code 1 (initialised) */
    test_put_u8(msg, 250);
    test_put_u8(msg, 0);
    test_put_u8(msg, 1);
    test_put_u8(msg, 1);
    fake_server_send_now(f->server, "xvp init", msg);

    display_fixture_wait_events(f, "bell cut-text(caf\xc3\xa9) rename(renamed) power-control");
    g_assert_cmpstr(vnc_display_get_name(f->display), ==, "renamed");
    g_autofree char *name = NULL;
    g_object_get(f->display, "name", &name, NULL);
    g_assert_cmpstr(name, ==, "renamed");
}

/* A 4x3 rich cursor, hot spot @hotx,@hoty: pixel (x, y) has red 40 * x
 * and green 40 * y, all opaque. */
static GByteArray *
rich_cursor(DisplayFixture *f, guint16 hotx, guint16 hoty)
{
    GByteArray *msg = g_byte_array_new();
    const VncPixelFormat *fmt = &f->format;

    test_msg_update(msg, 1);
    test_msg_rect(msg, hotx, hoty, 4, 3, VNC_CONNECTION_ENCODING_RICH_CURSOR);
    for (int y = 0; y < 3; y++) {
        for (int x = 0; x < 4; x++) {
            guint32 pixel = ((guint32)(40 * x) * fmt->red_max / 255) << fmt->red_shift |
                ((guint32)(40 * y) * fmt->green_max / 255) << fmt->green_shift;
            test_put_bytes(msg, &pixel, 4);   /* little-endian 32 bpp */
        }
    }
    for (int row = 0; row < 3; row++)
        test_put_u8(msg, 0xf0);
    return msg;
}

/* The server's cursor becomes the pointer's shape; before it, none is
 * shown (the server would paint its own); with local-pointer, the
 * local one. */
static void
test_cursor(DisplayFixture *f, gconstpointer data)
{
    GdkWindow *window;
    GByteArray *msg;

    if (!display_fixture_start(f))
        return;
    window = gtk_widget_get_window(GTK_WIDGET(f->display));
    g_assert_nonnull(gdk_window_get_cursor(window));
    g_assert_cmpint(gdk_cursor_get_cursor_type(gdk_window_get_cursor(window)), ==,
                    GDK_BLANK_CURSOR);

    msg = rich_cursor(f, 1, 1);
    fake_server_send_now(f->server, "a cursor", msg);
    while (gdk_cursor_get_cursor_type(gdk_window_get_cursor(window)) == GDK_BLANK_CURSOR)
        g_main_context_iteration(NULL, TRUE);
    g_assert_cmpint(gdk_cursor_get_cursor_type(gdk_window_get_cursor(window)), ==,
                    GDK_CURSOR_IS_PIXMAP);

    vnc_display_set_pointer_local(f->display, TRUE);
    g_assert_null(gdk_window_get_cursor(window));
    vnc_display_set_pointer_local(f->display, FALSE);
    g_assert_cmpint(gdk_cursor_get_cursor_type(gdk_window_get_cursor(window)), ==,
                    GDK_CURSOR_IS_PIXMAP);
}

typedef struct {
    guint zoom, rotation;
    int width, height, hotx, hoty;   /* the image shown */
} CursorCase;

static gboolean
has_cursor_image(DisplayFixture *f)
{
    return f->display->priv->cursor_image != NULL;
}

/* The cursor is shown at the desktop's scale and angle: a 4x3 cursor
 * with its hot spot at (1, 0), pixel (x, y) of colour (40x, 40y, 0). */
static void
test_cursor_shown(DisplayFixture *f, gconstpointer data)
{
    const CursorCase *c = data;
    int hotx, hoty;

    vnc_display_set_zoom_level(f->display, c->zoom);
    vnc_display_set_rotation(f->display, c->rotation);
    vnc_display_set_smoothing(f->display, FALSE);
    if (!display_fixture_start(f))
        return;
    fake_server_send_now(f->server, "a cursor", rich_cursor(f, 1, 0));
    display_fixture_wait(f, has_cursor_image, "the cursor");

    g_autoptr(GdkPixbuf) image = vnc_display_priv_shown_cursor(f->display, &hotx, &hoty);
    g_assert_cmpint(gdk_pixbuf_get_width(image), ==, c->width);
    g_assert_cmpint(gdk_pixbuf_get_height(image), ==, c->height);
    g_assert_cmpint(hotx, ==, c->hotx);
    g_assert_cmpint(hoty, ==, c->hoty);

    /* The hot spot shows the cursor's pixel (1, 0): red 40, green 0. */
    const guint8 *p = gdk_pixbuf_get_pixels(image) + hoty * gdk_pixbuf_get_rowstride(image) +
        4 * hotx;
    g_assert_cmpuint(p[0], ==, 40);
    g_assert_cmpuint(p[1], ==, 0);
    g_assert_cmpuint(p[3], ==, 255);
}

static const CursorCase cursor_cases[] = {
    { 100, 0, 4, 3, 1, 0 },
    { 200, 0, 8, 6, 3, 1 },
    { 100, 90, 3, 4, 2, 1 },
    { 100, 180, 4, 3, 2, 2 },
    { 100, 270, 3, 4, 0, 2 },
    { 200, 90, 6, 8, 5, 3 },
};

static gboolean
has_new_size(DisplayFixture *f)
{
    /* The client has taken in the second whole desktop. */
    return vnc_display_get_width(f->display) == f->width &&
        f->update_width == f->width && f->update_height == f->height &&
        f->n_updates >= 2;
}

/* DesktopSize from the server: a new framebuffer, all of it asked for,
 * the widget's size follows (force-size), and the picture is exact. */
static void
test_server_resize(DisplayFixture *f, gconstpointer data)
{
    GByteArray *msg;
    int width, height;

    if (!display_fixture_start(f))
        return;
    display_fixture_resize_desktop(f, 80, 60);
    msg = g_byte_array_new();
    test_msg_update(msg, 1);
    test_msg_rect(msg, 0, 0, 80, 60, VNC_CONNECTION_ENCODING_DESKTOP_RESIZE);
    fake_server_send_now(f->server, "a new size", msg);
    display_fixture_wait(f, has_new_size, "the new desktop");
    display_fixture_wait_drawn_at(f, 80, 60);
    display_fixture_wait_events(f, "resize(80,60)");

    g_autofree guint32 *shot = display_fixture_screenshot(f, &width, &height);
    g_assert_cmpint(width, ==, 80);
    g_assert_cmpint(height, ==, 60);
    for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
            g_assert_cmphex(shot[(gsize)y * width + x], ==, display_fixture_desktop_pixel(f, x, y));
}

/* WMVi: the server changes the pixel format it sends; the widget keeps
 * showing the right colours. */
static void
test_server_pixel_format(DisplayFixture *f, gconstpointer data)
{
    VncPixelFormat rgb565;
    GByteArray *msg;

    if (!display_fixture_start(f))
        return;
    test_pixel_format_rgb565_be(&rgb565);
    msg = g_byte_array_new();
    test_msg_update(msg, 1);
    test_msg_rect(msg, 0, 0, f->width, f->height, VNC_CONNECTION_ENCODING_WMVi);
    test_put_pixel_format(msg, &rgb565);
    f->format = rgb565;   /* from now on */
    fake_server_send_now(f->server, "WMVi", msg);
    display_fixture_wait(f, has_new_size, "the desktop again");
    display_fixture_wait_drawn(f);

    g_autoptr(GdkPixbuf) pixbuf = vnc_display_get_pixbuf(f->display);
    for (int y = 0; y < f->height; y += 7) {
        for (int x = 0; x < f->width; x += 5) {
            const guint8 *p = gdk_pixbuf_get_pixels(pixbuf) +
                y * gdk_pixbuf_get_rowstride(pixbuf) + 3 * x;
            guint32 want = display_fixture_desktop_pixel(f, x, y);

            for (int c = 0; c < 3; c++)
                g_assert_cmpint(ABS((int)((want >> (16 - 8 * c)) & 0xff) - p[c]), <=, 8);
        }
    }
}

int
main(int argc, char **argv)
{
    display_test_init(&argc, &argv);
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/display/api/properties", test_properties);
    g_test_add_func("/display/api/new-widget", test_new_widget);
    g_test_add_func("/display/api/signals", test_signals);
    g_test_add_func("/display/api/enums", test_enums);
    g_test_add_func("/display/api/grab-sequence", test_grab_sequence);
    g_test_add_func("/display/api/cairo-framebuffer", test_cairo_framebuffer);
    g_test_add_func("/display/api/options", test_options);
    g_test_add("/display/api/session/setup", DisplayFixture, NULL,
               display_fixture_setup, test_session_setup, display_fixture_teardown);
    g_test_add("/display/api/session/not-shared", DisplayFixture, NULL,
               display_fixture_setup, test_not_shared, display_fixture_teardown);
    g_test_add("/display/api/session/start", DisplayFixture, NULL,
               display_fixture_setup, test_session_start, display_fixture_teardown);
    g_test_add("/display/api/session/server-messages", DisplayFixture, NULL,
               display_fixture_setup, test_server_messages, display_fixture_teardown);
    g_test_add("/display/api/session/cursor", DisplayFixture, NULL,
               display_fixture_setup, test_cursor, display_fixture_teardown);
    g_test_add("/display/api/session/server-resize", DisplayFixture, NULL,
               display_fixture_setup, test_server_resize, display_fixture_teardown);
    g_test_add("/display/api/session/server-pixel-format", DisplayFixture, NULL,
               display_fixture_setup, test_server_pixel_format, display_fixture_teardown);
    for (guint i = 0; i < G_N_ELEMENTS(cursor_cases); i++) {
        g_autofree char *name = g_strdup_printf("/display/api/session/cursor-zoom%u-rotate%u",
                                                cursor_cases[i].zoom, cursor_cases[i].rotation);
        g_test_add(name, DisplayFixture, &cursor_cases[i],
                   display_fixture_setup, test_cursor_shown, display_fixture_teardown);
    }
    for (guint i = 0; i < G_N_ELEMENTS(depth_cases); i++) {
        g_autofree char *name = g_strdup_printf("/display/api/session/depth-%u", depth_cases[i].depth);
        g_test_add(name, DisplayFixture, &depth_cases[i],
                   display_fixture_setup, test_depth, display_fixture_teardown);
    }
    return g_test_run();
}
