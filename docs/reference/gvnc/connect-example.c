/*
 * connect-example: connects to a VNC server, prints the desktop's name
 * and size, waits for the whole screen and prints the colour of its
 * middle pixel.
 *
 *   VNC_PASSWORD=secret ./connect-example HOST PORT
 *
 * Build: cc connect-example.c $(pkg-config --cflags --libs gvnc-1.0)
 */
#include <stdio.h>
#include <stdlib.h>

#include <gvnc.h>

typedef struct {
    GMainLoop *loop;
    const char *password;
    VncPixelFormat format;      /* what we ask the server to send */
    guint8 *pixels;             /* the framebuffer's memory */
    VncBaseFramebuffer *fb;
    guint64 pixels_received;
    gboolean done;
    int status;
} Example;

/* The server wants credentials: only a password is available here. */
static void
on_auth_credential(VncConnection *conn, GValueArray *credentials, gpointer data)
{
    Example *ex = data;

    for (guint i = 0; i < credentials->n_values; i++) {
        int wanted = g_value_get_enum(&credentials->values[i]);

        if (wanted != VNC_CONNECTION_CREDENTIAL_PASSWORD || !ex->password) {
            fprintf(stderr, "The server wants a credential this example lacks\n");
            ex->status = 1;
            vnc_connection_shutdown(conn);
            return;
        }
        vnc_connection_set_credential(conn, wanted, ex->password);
    }
}

/* The handshake is over: set up a framebuffer and ask for the screen. */
static void
on_initialized(VncConnection *conn, gpointer data)
{
    Example *ex = data;
    int width = vnc_connection_get_width(conn);
    int height = vnc_connection_get_height(conn);
    gint32 encodings[] = {
        VNC_CONNECTION_ENCODING_ZRLE,
        VNC_CONNECTION_ENCODING_HEXTILE,
        VNC_CONNECTION_ENCODING_COPY_RECT,
        VNC_CONNECTION_ENCODING_RAW,
    };

    printf("Desktop \"%s\", %dx%d pixels\n",
           vnc_connection_get_name(conn), width, height);

    /* 32-bit pixels, blue in the lowest byte: the server converts to
     * this, so the framebuffer only has to copy. */
    ex->format = (VncPixelFormat) {
        .bits_per_pixel = 32, .depth = 24, .byte_order = G_LITTLE_ENDIAN,
        .true_color_flag = 1,
        .red_max = 255, .green_max = 255, .blue_max = 255,
        .red_shift = 16, .green_shift = 8, .blue_shift = 0,
    };
    vnc_connection_set_pixel_format(conn, &ex->format);

    ex->pixels = g_malloc0((gsize)width * height * 4);
    ex->fb = vnc_base_framebuffer_new(ex->pixels, width, height, width * 4,
                                      &ex->format, &ex->format);
    vnc_connection_set_framebuffer(conn, VNC_FRAMEBUFFER(ex->fb));

    vnc_connection_set_encodings(conn, G_N_ELEMENTS(encodings), encodings);
    vnc_connection_framebuffer_update_request(conn, FALSE, 0, 0, width, height);
}

/* Pixels arrived; the first answer covers the whole screen. */
static void
on_framebuffer_update(VncConnection *conn, int x, int y, int width, int height,
                      gpointer data)
{
    Example *ex = data;
    int desktop_width = vnc_connection_get_width(conn);
    int desktop_height = vnc_connection_get_height(conn);

    ex->pixels_received += (guint64)width * height;
    if (ex->done || ex->pixels_received < (guint64)desktop_width * desktop_height)
        return;
    ex->done = TRUE;

    const guint8 *middle = ex->pixels +
        ((gsize)(desktop_height / 2) * desktop_width + desktop_width / 2) * 4;
    printf("The middle pixel is #%02x%02x%02x\n", middle[2], middle[1], middle[0]);
    vnc_connection_shutdown(conn);
}

static void
on_error(VncConnection *conn, const char *message, gpointer data)
{
    Example *ex = data;

    fprintf(stderr, "%s\n", message);
    ex->status = 1;
}

static void
on_disconnected(VncConnection *conn, gpointer data)
{
    Example *ex = data;

    g_main_loop_quit(ex->loop);
}

int
main(int argc, char **argv)
{
    Example ex = { .password = getenv("VNC_PASSWORD") };
    VncConnection *conn;

    if (argc != 3) {
        fprintf(stderr, "usage: %s HOST PORT\n", argv[0]);
        return 2;
    }

    ex.loop = g_main_loop_new(NULL, FALSE);
    conn = vnc_connection_new();
    g_signal_connect(conn, "vnc-auth-credential", G_CALLBACK(on_auth_credential), &ex);
    g_signal_connect(conn, "vnc-initialized", G_CALLBACK(on_initialized), &ex);
    g_signal_connect(conn, "vnc-framebuffer-update", G_CALLBACK(on_framebuffer_update), &ex);
    g_signal_connect(conn, "vnc-error", G_CALLBACK(on_error), &ex);
    g_signal_connect(conn, "vnc-disconnected", G_CALLBACK(on_disconnected), &ex);

    vnc_connection_open_host(conn, argv[1], argv[2]);
    g_main_loop_run(ex.loop);

    /* The connection holds a reference to the framebuffer, and the
     * framebuffer uses the memory: release them in this order. */
    g_object_unref(conn);
    g_clear_object(&ex.fb);
    g_free(ex.pixels);
    g_main_loop_unref(ex.loop);
    return ex.status;
}
