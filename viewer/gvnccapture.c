/*
 * gvnccapture: connect to a VNC server, wait until the whole screen has
 * arrived once, and save it as a PNG file. Needs no display.
 *
 * It uses only the public API of libgvnc-1.0 (VncConnection and
 * VncBaseFramebuffer), so it doubles as a check that an embedder can
 * do everything through that API.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gunixsocketaddress.h>
#include <png.h>

#include "gvnc.h"
#include "vnc-address.h"
#include "vnc-credentials.h"

/* Exit statuses: 0 the screen was saved, 1 it was not, 2 bad usage. */
enum {
    CAPTURE_EXIT_OK = 0,
    CAPTURE_EXIT_FAILED = 1,
    CAPTURE_EXIT_USAGE = 2,
};

/* After the PNG is written we wait this long for the connection to wind
 * down cleanly before leaving anyway. */
#define CAPTURE_SHUTDOWN_GRACE_SECONDS 2

/*
 * The names --encodings understands. Adding an encoding is one line
 * here. The default list is every entry marked in_default, in this order
 * (the order of a SetEncodings message is the client's preference), so
 * real encodings come first, most preferred first. Lossy ones stay out
 * of the default: a capture should be the screen as it is.
 */
typedef struct {
    const char *name;
    gint32 number;
    gboolean in_default;
} CaptureEncodingName;

static const CaptureEncodingName capture_encoding_names[] = {
    { "zrle", VNC_CONNECTION_ENCODING_ZRLE, TRUE },
    { "tight", VNC_CONNECTION_ENCODING_TIGHT, TRUE },
    { "hextile", VNC_CONNECTION_ENCODING_HEXTILE, TRUE },
    { "zlib", VNC_CONNECTION_ENCODING_ZLIB, TRUE },
    { "trle", VNC_CONNECTION_ENCODING_TRLE, TRUE },
    { "rre", VNC_CONNECTION_ENCODING_RRE, TRUE },
    { "corre", VNC_CONNECTION_ENCODING_CORRE, TRUE },
    { "copyrect", VNC_CONNECTION_ENCODING_COPY_RECT, TRUE },
    { "raw", VNC_CONNECTION_ENCODING_RAW, TRUE },
    { "zywrle", VNC_CONNECTION_ENCODING_ZYWRLE, FALSE },        /* lossy */
    { "tightpng", VNC_CONNECTION_ENCODING_TIGHT_PNG, FALSE },   /* QEMU's; may be JPEG */
    /* pseudo-encodings */
    { "desktopsize", VNC_CONNECTION_ENCODING_DESKTOP_RESIZE, TRUE },
    { "extdesktopsize", VNC_CONNECTION_ENCODING_EXTENDED_DESKTOP_RESIZE, TRUE },
    { "lastrect", VNC_CONNECTION_ENCODING_LAST_RECT, TRUE },
    { "desktopname", VNC_CONNECTION_ENCODING_DESKTOP_NAME, TRUE },
    { "wmvi", VNC_CONNECTION_ENCODING_WMVi, TRUE },
    /* With a cursor encoding the server sends the pointer's shape apart
     * instead of drawing it into the screen, so the capture shows the
     * screen without the pointer, as a screenshot on the server would. */
    { "alphacursor", VNC_CONNECTION_ENCODING_ALPHA_CURSOR, TRUE },
    { "richcursor", VNC_CONNECTION_ENCODING_RICH_CURSOR, TRUE },
    { "xcursor", VNC_CONNECTION_ENCODING_XCURSOR, TRUE },
};

/* Security types we let the library try, most preferred first, when the
 * server offers several. */
static const unsigned int capture_auth_preference[] = {
    VNC_CONNECTION_AUTH_VENCRYPT,
    VNC_CONNECTION_AUTH_TLS,
    VNC_CONNECTION_AUTH_SASL,
    VNC_CONNECTION_AUTH_VNC,
    VNC_CONNECTION_AUTH_NONE,
};

typedef struct {
    /* What to do, from the command line. */
    VncAddress *address;
    char *output;
    char *username;
    char *password;          /* zeroed before it is freed */
    gint32 *encodings;
    int n_encodings;
    gboolean quiet;
    gboolean native_format;  /* keep the server's pixel format */

    GMainLoop *loop;
    VncConnection *conn;

    /* The screen as it arrives: 32 bpp, 0x00RRGGBB in little-endian
     * words, so each pixel is the bytes B, G, R, unused. */
    VncBaseFramebuffer *fb;
    guint8 *pixels;
    guint16 width;
    guint16 height;
    gsize rowstride;

    /* Which pixels some update has covered since the last full request;
     * the capture is complete when all of them have been. */
    guint8 *covered;
    guint64 n_covered;

    gboolean saved;
    gboolean finished;
    int status;
    char *failure;           /* the first reason the capture failed */
    guint timeout_id;
    guint grace_id;
} Capture;

/* The one pixel format we ask every server for; the PNG writer below
 * relies on it. */
static const VncPixelFormat capture_format = {
    .bits_per_pixel = 32,
    .depth = 24,
    .byte_order = G_LITTLE_ENDIAN,
    .true_color_flag = 1,
    .red_max = 255,
    .green_max = 255,
    .blue_max = 255,
    .red_shift = 16,
    .green_shift = 8,
    .blue_shift = 0,
};

static void
capture_say(Capture *cap, const char *message)
{
    if (!cap->quiet)
        printf("%s\n", message);
}

static gboolean
on_grace_over(gpointer data)
{
    Capture *cap = data;

    cap->grace_id = 0;
    g_main_loop_quit(cap->loop);
    return G_SOURCE_REMOVE;
}

/* Closes the connection; the main loop ends at vnc-disconnected, or
 * after a short grace period if that does not come. */
static void
capture_finish(Capture *cap)
{
    cap->finished = TRUE;
    if (vnc_connection_is_open(cap->conn)) {
        vnc_connection_shutdown(cap->conn);
        if (!cap->grace_id)
            cap->grace_id = g_timeout_add_seconds(CAPTURE_SHUTDOWN_GRACE_SECONDS,
                                                  on_grace_over, cap);
    } else {
        g_main_loop_quit(cap->loop);
    }
}

/* Ends the session with a failure; the first reason given is the one
 * reported. */
static void
capture_fail(Capture *cap, const char *reason)
{
    if (cap->finished)
        return;
    cap->status = CAPTURE_EXIT_FAILED;
    cap->failure = g_strdup(reason);
    capture_finish(cap);
}

/* ---- command line ------------------------------------------------------ */

/* "a, b, c": the names --encodings knows. */
static char *
capture_encoding_help(void)
{
    GString *names = g_string_new(NULL);

    for (gsize i = 0; i < G_N_ELEMENTS(capture_encoding_names); i++)
        g_string_append_printf(names, "%s%s", i ? ", " : "",
                               capture_encoding_names[i].name);
    return g_string_free(names, FALSE);
}

static gboolean
capture_lookup_encoding(const char *word, gint32 *number, GError **err)
{
    gint64 value;

    for (gsize i = 0; i < G_N_ELEMENTS(capture_encoding_names); i++) {
        if (g_ascii_strcasecmp(word, capture_encoding_names[i].name) == 0) {
            *number = capture_encoding_names[i].number;
            return TRUE;
        }
    }
    /* Any 32-bit number is passed through as is, for experiments. */
    if (g_ascii_string_to_signed(word, 10, G_MININT32, G_MAXINT32, &value, NULL)) {
        *number = (gint32)value;
        return TRUE;
    }

    g_autofree char *known = capture_encoding_help();
    g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "unknown encoding '%s' (known: %s, or a number)", word, known);
    return FALSE;
}

static gboolean
capture_parse_encodings(Capture *cap, const char *list, GError **err)
{
    GArray *numbers = g_array_new(FALSE, FALSE, sizeof(gint32));

    if (list) {
        g_auto(GStrv) words = g_strsplit(list, ",", -1);
        for (guint i = 0; words[i]; i++) {
            gint32 number;
            g_strstrip(words[i]);
            if (words[i][0] == '\0')
                continue;
            if (!capture_lookup_encoding(words[i], &number, err)) {
                g_array_free(numbers, TRUE);
                return FALSE;
            }
            g_array_append_val(numbers, number);
        }
        if (numbers->len == 0) {
            g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                        "--encodings needs at least one encoding");
            g_array_free(numbers, TRUE);
            return FALSE;
        }
    } else {
        for (gsize i = 0; i < G_N_ELEMENTS(capture_encoding_names); i++) {
            if (capture_encoding_names[i].in_default)
                g_array_append_val(numbers, capture_encoding_names[i].number);
        }
    }
    cap->n_encodings = numbers->len;
    cap->encodings = (gint32 *)(void *)g_array_free(numbers, FALSE);
    return TRUE;
}

/* Asks on the terminal; with @echo FALSE what is typed stays hidden.
 * NULL when there is no terminal to ask on. */
static char *
capture_prompt(const char *question, gboolean echo)
{
    struct termios saved, quiet;
    char line[256];
    gboolean restore = FALSE;
    char *answer = NULL;
    FILE *tty = fopen("/dev/tty", "r+");

    if (!tty)
        return NULL;
    /* Echo goes off before the prompt appears, so that nothing typed
     * after it shows; input typed ahead is kept (TCSANOW), so that a
     * password fed through a pseudo-terminal is not lost. */
    if (!echo && tcgetattr(fileno(tty), &saved) == 0) {
        quiet = saved;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        quiet.c_lflag |= ECHONL;
        restore = tcsetattr(fileno(tty), TCSANOW, &quiet) == 0;
    }
    fprintf(tty, "%s", question);
    fflush(tty);
    if (fgets(line, sizeof(line), tty)) {
        line[strcspn(line, "\r\n")] = '\0';
        answer = g_strdup(line);
    }
    memset(line, 0, sizeof(line));
    if (restore)
        tcsetattr(fileno(tty), TCSANOW, &saved);
    fclose(tty);
    return answer;
}

/* ---- the picture ------------------------------------------------------- */

typedef struct {
    FILE *file;
    const Capture *cap;
    guint8 *row;
} CapturePngJob;

/* libpng reports errors by longjmp: everything this touches lives in
 * @job so that nothing is lost across the jump. */
static gboolean
capture_write_png_rows(png_structp png, png_infop info, CapturePngJob *job)
{
    const Capture *cap = job->cap;

    if (setjmp(png_jmpbuf(png)))
        return FALSE;

    png_init_io(png, job->file);
    png_set_IHDR(png, info, cap->width, cap->height, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (guint y = 0; y < cap->height; y++) {
        const guint8 *src = cap->pixels + y * cap->rowstride;
        for (guint x = 0; x < cap->width; x++) {
            /* B, G, R, unused (see capture_format) -> R, G, B */
            job->row[x * 3 + 0] = src[x * 4 + 2];
            job->row[x * 3 + 1] = src[x * 4 + 1];
            job->row[x * 3 + 2] = src[x * 4 + 0];
        }
        png_write_row(png, job->row);
    }
    png_write_end(png, info);
    return TRUE;
}

/* Writes next to the destination first and renames it into place, so
 * that a failed capture never leaves half a picture under the name. */
static gboolean
capture_save_png(Capture *cap, GError **err)
{
    g_autofree char *tmp = g_strdup_printf("%s.XXXXXX", cap->output);
    CapturePngJob job = { .cap = cap };
    png_structp png = NULL;
    png_infop info = NULL;
    gboolean ok = FALSE;
    int fd;

    fd = g_mkstemp(tmp);
    if (fd < 0) {
        g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(errno),
                    "cannot create %s: %s", tmp, g_strerror(errno));
        return FALSE;
    }
    /* mkstemp makes the file private; give it the mode any new file
     * would get. */
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0)
        g_warning("cannot set the mode of %s: %s", tmp, g_strerror(errno));
    job.file = fdopen(fd, "wb");
    if (!job.file) {
        close(fd);
        goto out;
    }
    job.row = g_malloc((gsize)cap->width * 3);
    png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    if (png)
        info = png_create_info_struct(png);
    if (info)
        ok = capture_write_png_rows(png, info, &job);

 out:
    if (png)
        png_destroy_write_struct(&png, info ? &info : NULL);
    g_free(job.row);
    if (job.file && fclose(job.file) != 0)
        ok = FALSE;
    if (ok && g_rename(tmp, cap->output) != 0) {
        g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(errno),
                    "cannot rename %s to %s: %s", tmp, cap->output,
                    g_strerror(errno));
        g_unlink(tmp);
        return FALSE;
    }
    if (!ok) {
        g_unlink(tmp);
        g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                    "cannot write the PNG file %s", cap->output);
    }
    return ok;
}

/* ---- the framebuffer --------------------------------------------------- */

static void
capture_free_framebuffer(Capture *cap)
{
    g_clear_object(&cap->fb);
    g_clear_pointer(&cap->pixels, g_free);
    g_clear_pointer(&cap->covered, g_free);
    cap->n_covered = 0;
}

/* Makes a framebuffer of the connection's current size and asks for the
 * whole screen again: after a resize, what we had is stale. */
static void
capture_new_framebuffer(Capture *cap)
{
    const VncPixelFormat *remote = vnc_connection_get_pixel_format(cap->conn);
    int width = vnc_connection_get_width(cap->conn);
    int height = vnc_connection_get_height(cap->conn);

    capture_free_framebuffer(cap);
    if (width <= 0 || height <= 0 || width > G_MAXUINT16 || height > G_MAXUINT16) {
        g_autofree char *msg = g_strdup_printf("the server's desktop has an "
                                               "unusable size %dx%d",
                                               width, height);
        capture_fail(cap, msg);
        return;
    }
    cap->width = width;
    cap->height = height;
    cap->rowstride = (gsize)width * 4;
    cap->pixels = g_malloc0(cap->rowstride * height);
    cap->covered = g_malloc0((gsize)width * height);
    cap->fb = vnc_base_framebuffer_new(cap->pixels, cap->width, cap->height,
                                       (int)cap->rowstride, &capture_format,
                                       remote ? remote : &capture_format);
    vnc_connection_set_framebuffer(cap->conn, VNC_FRAMEBUFFER(cap->fb));
    vnc_connection_framebuffer_update_request(cap->conn, FALSE, 0, 0,
                                              cap->width, cap->height);
}

/* ---- signal handlers --------------------------------------------------- */

static void
on_connected(VncConnection *conn, Capture *cap)
{
    g_autofree char *msg = g_strdup_printf("Connected to %s", cap->address->label);
    capture_say(cap, msg);
}

static void
on_initialized(VncConnection *conn, Capture *cap)
{
    /* With --native-format the server sends its own format (16 bpp, or
     * 8 bpp with a colour map), and the library converts to ours while
     * decoding; otherwise the server converts before it encodes. */
    if (!cap->native_format &&
        !vnc_connection_set_pixel_format(conn, &capture_format)) {
        capture_fail(cap, "cannot set the pixel format");
        return;
    }
    if (!vnc_connection_set_encodings(conn, cap->n_encodings, cap->encodings)) {
        capture_fail(cap, "cannot set the encodings");
        return;
    }
    capture_new_framebuffer(cap);
}

static void
on_desktop_resize(VncConnection *conn, int width, int height, Capture *cap)
{
    /* Servers also announce the size they already have (ExtendedDesktopSize
     * does at the start); what arrived so far is still good then. */
    if (cap->finished || (width == cap->width && height == cap->height && cap->fb))
        return;
    capture_new_framebuffer(cap);
}

static void
on_pixel_format_changed(VncConnection *conn, VncPixelFormat *format, Capture *cap)
{
    if (!cap->finished)
        capture_new_framebuffer(cap);
}

static void
capture_done(Capture *cap)
{
    g_autoptr(GError) err = NULL;

    if (!capture_save_png(cap, &err)) {
        capture_fail(cap, err->message);
        return;
    }
    cap->saved = TRUE;
    cap->status = CAPTURE_EXIT_OK;
    g_autofree char *msg = g_strdup_printf("Saved display to %s", cap->output);
    capture_say(cap, msg);
    capture_finish(cap);
}

static void
on_framebuffer_update(VncConnection *conn, int x, int y, int width, int height,
                      Capture *cap)
{
    if (cap->finished || !cap->covered)
        return;

    /* Updates lie inside the framebuffer; clip anyway, it costs nothing. */
    int x0 = CLAMP(x, 0, cap->width), y0 = CLAMP(y, 0, cap->height);
    int x1 = CLAMP(x + width, 0, cap->width), y1 = CLAMP(y + height, 0, cap->height);

    for (int row = y0; row < y1; row++) {
        guint8 *flag = cap->covered + (gsize)row * cap->width;
        for (int col = x0; col < x1; col++) {
            if (!flag[col]) {
                flag[col] = 1;
                cap->n_covered++;
            }
        }
    }
    if (cap->n_covered == (guint64)cap->width * cap->height)
        capture_done(cap);
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
/* The signals of gtk-vnc 1.x carry GValueArray, deprecated in GLib but
 * part of the API we keep. */

static void
on_auth_choose_type(VncConnection *conn, GValueArray *types, Capture *cap)
{
    for (gsize p = 0; p < G_N_ELEMENTS(capture_auth_preference); p++) {
        for (guint i = 0; i < types->n_values; i++) {
            if (vnc_credentials_value_as_uint(&types->values[i]) == capture_auth_preference[p]) {
                vnc_connection_set_auth_type(conn, capture_auth_preference[p]);
                return;
            }
        }
    }
    /* Nothing we prefer: let the library try the server's first choice
     * and report if it cannot. */
    if (types->n_values > 0)
        vnc_connection_set_auth_type(conn, vnc_credentials_value_as_uint(&types->values[0]));
    else
        capture_fail(cap, "the server offered no security type");
}

static void
on_auth_choose_subtype(VncConnection *conn, unsigned int type,
                       GValueArray *subtypes, Capture *cap)
{
    /* No choice here: the library takes the server's favourite among the
     * sub-types it speaks and may use (with --require-encryption, none
     * that leaves the session unencrypted). */
}

static void
on_auth_credential(VncConnection *conn, GValueArray *creds, Capture *cap)
{
    for (guint i = 0; i < creds->n_values && !cap->finished; i++) {
        guint kind = vnc_credentials_value_as_uint(&creds->values[i]);
        switch (kind) {
        case VNC_CONNECTION_CREDENTIAL_PASSWORD:
            if (!cap->password)
                cap->password = capture_prompt("Password: ", FALSE);
            if (!cap->password) {
                capture_fail(cap, "the server wants a password and there is no "
                             "terminal to ask for it: use --password-file");
                return;
            }
            vnc_connection_set_credential(conn, kind, cap->password);
            break;
        case VNC_CONNECTION_CREDENTIAL_USERNAME:
            if (!cap->username)
                cap->username = capture_prompt("Username: ", TRUE);
            if (!cap->username) {
                capture_fail(cap, "the server wants a user name: use --username");
                return;
            }
            vnc_connection_set_credential(conn, kind, cap->username);
            break;
        case VNC_CONNECTION_CREDENTIAL_CLIENTNAME:
            vnc_connection_set_credential(conn, kind, "gvnccapture");
            break;
        default: {
            g_autofree char *msg = g_strdup_printf("the server wants a kind of "
                                                   "credential (%u) we do not know",
                                                   kind);
            capture_fail(cap, msg);
            return;
        }
        }
    }
}
G_GNUC_END_IGNORE_DEPRECATIONS

static void
on_auth_failure(VncConnection *conn, const char *reason, Capture *cap)
{
    g_autofree char *msg = g_strdup_printf("authentication failed: %s",
                                           reason ? reason : "no reason given");
    capture_fail(cap, msg);
}

static void
on_auth_unsupported(VncConnection *conn, unsigned int type, Capture *cap)
{
    g_autofree char *msg = g_strdup_printf("the server's security type %u is "
                                           "not supported", type);
    capture_fail(cap, msg);
}

static void
on_error(VncConnection *conn, const char *message, Capture *cap)
{
    capture_fail(cap, message);
}

static void
on_disconnected(VncConnection *conn, Capture *cap)
{
    if (!cap->finished)
        capture_fail(cap, "the connection closed before the whole screen arrived");
    g_main_loop_quit(cap->loop);
}

static gboolean
on_timeout(gpointer data)
{
    Capture *cap = data;

    cap->timeout_id = 0;
    if (!cap->finished)
        capture_fail(cap, "timed out before the whole screen arrived");
    return G_SOURCE_REMOVE;
}

/* ---- main -------------------------------------------------------------- */

static gboolean
capture_open(Capture *cap)
{
    if (cap->address->socket_path) {
        g_autoptr(GSocketAddress) addr =
            g_unix_socket_address_new(cap->address->socket_path);
        return vnc_connection_open_addr(cap->conn, addr, NULL);
    }
    return vnc_connection_open_host(cap->conn, cap->address->host, cap->address->port);
}

static void
capture_clear(Capture *cap)
{
    g_clear_object(&cap->conn);
    capture_free_framebuffer(cap);
    g_clear_pointer(&cap->loop, g_main_loop_unref);
    g_clear_pointer(&cap->address, vnc_address_free);
    g_free(cap->output);
    g_free(cap->username);
    vnc_credentials_free_secret(cap->password);
    g_free(cap->encodings);
    g_free(cap->failure);
}

int
main(int argc, char **argv)
{
    gboolean debug = FALSE, quiet = FALSE, native_format = FALSE;
    int port = 0, timeout = 0;
    char *encodings = NULL;
    VncCredentialOptions creds = { NULL };
    Capture cap = { .status = CAPTURE_EXIT_FAILED };
    g_autoptr(GError) err = NULL;
    const GOptionEntry entries[] = {
        { "debug", 'd', 0, G_OPTION_ARG_NONE, &debug,
          "Print the library's debug messages", NULL },
        { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
          "Print nothing but errors and the password prompt", NULL },
        { "port", 'p', 0, G_OPTION_ARG_INT, &port,
          "Connect to this TCP port (instead of :DISPLAY)", "N" },
        { "encodings", 'e', 0, G_OPTION_ARG_STRING, &encodings,
          "Offer these encodings, most preferred first (names or numbers, "
          "comma-separated)", "LIST" },
        { "native-format", 'n', 0, G_OPTION_ARG_NONE, &native_format,
          "Take the server's own pixel format (such as 16 bpp, or 8 bpp with a "
          "colour map) instead of asking for 32 bpp true colour", NULL },
        { "timeout", 't', 0, G_OPTION_ARG_INT, &timeout,
          "Give up after this many seconds (default: wait forever)", "SECONDS" },
        { NULL }
    };
    g_autoptr(GOptionContext) context =
        g_option_context_new("HOST[:DISPLAY] FILE.png - VNC screenshot capture");

    setlocale(LC_ALL, "");
    g_autofree char *names = capture_encoding_help();
    g_autofree char *description = g_strdup_printf(
        "HOST[:DISPLAY] connects to port 5900+DISPLAY (DISPLAY 0 when left out),\n"
        "HOST::PORT and vnc://HOST:PORT to PORT (vnc://[IPV6]:PORT for IPv6),\n"
        "and an argument containing '/' to that unix socket.\n"
        "An empty HOST means localhost.\n\n"
        "Encoding names: %s.\n\n"
        "x509 (VeNCrypt X509*): the server's certificate must be signed by a\n"
        "trusted authority, be valid now, not be revoked and name HOST; if it is\n"
        "not, the capture fails. Without --ca-cert, --crl, --client-cert and\n"
        "--client-key the files are looked for in ~/.pki/CA/cacert.pem and\n"
        "cacrl.pem, ~/.pki/gvnccapture/clientcert.pem and private/clientkey.pem\n"
        "(then under the system's pki folder).\n\n"
        "Exit status: 0 when the screen was saved, 1 when the capture failed,\n"
        "2 for a bad command line.", names);
    g_option_context_set_description(context, description);
    g_option_context_add_main_entries(context, entries, NULL);
    vnc_credential_options_add(&creds, context);
    if (!g_option_context_parse(context, &argc, &argv, &err))
        goto usage;
    if (argc != 3) {
        g_set_error(&err, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                    "expected HOST[:DISPLAY] and FILE.png");
        goto usage;
    }
    if (port < 0 || port > 65535) {
        g_set_error(&err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    "--port must be from 1 to 65535");
        goto usage;
    }
    if (timeout < 0) {
        g_set_error(&err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    "--timeout must not be negative");
        goto usage;
    }
    cap.address = vnc_address_parse(argv[1], port, &err);
    if (!cap.address || !capture_parse_encodings(&cap, encodings, &err))
        goto usage;
    if (!vnc_credential_options_check(&creds, &cap.password, &err))
        goto usage;
    cap.output = g_strdup(argv[2]);
    cap.username = g_strdup(creds.username ? creds.username : cap.address->username);
    cap.quiet = quiet;
    cap.native_format = native_format;
    if (debug)
        vnc_util_set_debug(TRUE);

    cap.loop = g_main_loop_new(NULL, FALSE);
    cap.conn = vnc_connection_new();
    vnc_credential_options_apply(&creds, cap.conn);
    g_signal_connect(cap.conn, "vnc-connected", G_CALLBACK(on_connected), &cap);
    g_signal_connect(cap.conn, "vnc-initialized", G_CALLBACK(on_initialized), &cap);
    g_signal_connect(cap.conn, "vnc-desktop-resize", G_CALLBACK(on_desktop_resize), &cap);
    g_signal_connect(cap.conn, "vnc-pixel-format-changed",
                     G_CALLBACK(on_pixel_format_changed), &cap);
    g_signal_connect(cap.conn, "vnc-framebuffer-update",
                     G_CALLBACK(on_framebuffer_update), &cap);
    g_signal_connect(cap.conn, "vnc-auth-choose-type", G_CALLBACK(on_auth_choose_type), &cap);
    g_signal_connect(cap.conn, "vnc-auth-choose-subtype",
                     G_CALLBACK(on_auth_choose_subtype), &cap);
    g_signal_connect(cap.conn, "vnc-auth-credential", G_CALLBACK(on_auth_credential), &cap);
    g_signal_connect(cap.conn, "vnc-auth-failure", G_CALLBACK(on_auth_failure), &cap);
    g_signal_connect(cap.conn, "vnc-auth-unsupported", G_CALLBACK(on_auth_unsupported), &cap);
    g_signal_connect(cap.conn, "vnc-error", G_CALLBACK(on_error), &cap);
    g_signal_connect(cap.conn, "vnc-disconnected", G_CALLBACK(on_disconnected), &cap);

    if (!capture_open(&cap)) {
        g_printerr("gvnccapture: cannot connect to %s\n", cap.address->label);
        goto out;
    }
    if (timeout > 0)
        cap.timeout_id = g_timeout_add_seconds(timeout, on_timeout, &cap);
    g_main_loop_run(cap.loop);

    /* A capture that succeeded but whose disconnect stalls still
     * counts: the file is in place. */
    if (cap.saved)
        cap.status = CAPTURE_EXIT_OK;
    else if (cap.failure)
        g_printerr("gvnccapture: %s: %s\n", cap.address->label, cap.failure);

 out:
    if (cap.timeout_id)
        g_source_remove(cap.timeout_id);
    if (cap.grace_id)
        g_source_remove(cap.grace_id);
    capture_clear(&cap);
    g_free(encodings);
    vnc_credential_options_clear(&creds);
    return cap.status;

 usage:
    g_printerr("gvnccapture: %s\nTry 'gvnccapture --help'.\n", err->message);
    capture_clear(&cap);
    g_free(encodings);
    vnc_credential_options_clear(&creds);
    return CAPTURE_EXIT_USAGE;
}
