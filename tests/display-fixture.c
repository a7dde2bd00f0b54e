/*
 * gtk-vnc tests: a VncDisplay in a window of a private X server, talking
 * to the fake server
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <signal.h>
#include <string.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gdk/gdkx.h>

#include "display-fixture.h"
#include "test-utils.h"

#define WAIT_SECONDS 10

static GPid xvfb_pid;
static gboolean have_tools;
static char *skip_reason;

static void
stop_xvfb(void)
{
    if (xvfb_pid) {
        kill(xvfb_pid, SIGTERM);
        waitpid(xvfb_pid, NULL, 0);
        xvfb_pid = 0;
    }
}

/* In the child: the X server must not outlive a test that aborts on a
 * failed assertion (atexit handlers do not run then). */
static void
die_with_parent(gpointer data)
{
    prctl(PR_SET_PDEATHSIG, SIGTERM);
}

static char *
find_tool(const char *env, const char *name)
{
    const char *path = g_getenv(env);

    if (path && *path)
        return g_strdup(path);
    return g_find_program_in_path(name);
}

/* Xvfb picks a free display number itself and writes it to the pipe
 * (-displayfd) once it accepts connections. */
static gboolean
start_xvfb(void)
{
    g_autofree char *xvfb = find_tool("XVFB", "Xvfb");
    GError *err = NULL;
    int out_fd = -1;
    char buf[32];
    gsize have = 0;

    if (!xvfb) {
        skip_reason = g_strdup("Xvfb is not installed");
        return FALSE;
    }
    char *argv[] = {
        xvfb, (char *)"-displayfd", (char *)"1",
        (char *)"-screen", (char *)"0", (char *)"1024x768x24",
        (char *)"-nolisten", (char *)"tcp", (char *)"-noreset",
        /* No GLX: GTK 3 then does not load the GL drivers (which do not
         * run clean under valgrind); nothing here draws with GL. */
        (char *)"-extension", (char *)"GLX", NULL
    };
    if (!g_spawn_async_with_pipes(NULL, argv, NULL,
                                  G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDERR_TO_DEV_NULL,
                                  die_with_parent, NULL, &xvfb_pid, NULL, &out_fd, NULL, &err)) {
        skip_reason = g_strdup_printf("Xvfb does not start: %s", err->message);
        g_error_free(err);
        return FALSE;
    }
    atexit(stop_xvfb);

    while (have < sizeof(buf) - 1 && !memchr(buf, '\n', have)) {
        struct pollfd pfd = { .fd = out_fd, .events = POLLIN };
        ssize_t n;

        if (poll(&pfd, 1, WAIT_SECONDS * 1000) <= 0)
            break;
        n = read(out_fd, buf + have, sizeof(buf) - 1 - have);
        if (n <= 0)
            break;
        have += n;
    }
    close(out_fd);
    buf[have] = '\0';
    if (!memchr(buf, '\n', have)) {
        skip_reason = g_strdup("Xvfb did not say which display it took");
        stop_xvfb();
        return FALSE;
    }
    g_autofree char *name = g_strdup_printf(":%d", atoi(buf));
    g_setenv("DISPLAY", name, TRUE);
    return TRUE;
}

gboolean
display_test_init(int *argc, char ***argv)
{
    g_autofree char *xdotool = find_tool("XDOTOOL", "xdotool");
    g_autofree char *xwd = find_tool("XWD", "xwd");

    /* Only X11, no accessibility bus, no settings daemon: nothing but
     * the private X server matters. */
    g_unsetenv("WAYLAND_DISPLAY");
    g_setenv("GDK_BACKEND", "x11", TRUE);
    g_setenv("NO_AT_BRIDGE", "1", TRUE);
    g_setenv("GSETTINGS_BACKEND", "memory", TRUE);

    if (!start_xvfb())
        return FALSE;
    if (!gtk_init_check(argc, argv)) {
        skip_reason = g_strdup("GTK cannot open the Xvfb display");
        return FALSE;
    }
    have_tools = xdotool && xwd;
    if (!have_tools)
        skip_reason = g_strdup("xdotool or xwd is not installed");
    else {
        g_setenv("XDOTOOL", xdotool, TRUE);
        g_setenv("XWD", xwd, TRUE);
    }
    return TRUE;
}

gboolean
display_test_have_tools(void)
{
    return have_tools;
}

/* The desktop: red counts columns, green rows, so that every pixel is
 * told from its neighbours and an off-by-one anywhere shows; the
 * channels change smoothly (no wrapping below 80 pixels), so that
 * interpolated pixels stay between their neighbours. */
guint32
display_fixture_desktop_pixel(DisplayFixture *f, int x, int y)
{
    return ((guint32 *)f->desktop)[(gsize)y * f->width + x];
}

static void
make_desktop(DisplayFixture *f)
{
    g_free(f->desktop);
    f->desktop = g_malloc((gsize)f->width * f->height * 4);
    for (int y = 0; y < f->height; y++) {
        for (int x = 0; x < f->width; x++) {
            guint32 r = (x * 3 + 16) & 0xff, g = (y * 3 + 8) & 0xff;
            guint32 b = (x + y + 40) & 0xff;

            ((guint32 *)f->desktop)[(gsize)y * f->width + x] = (r << 16) | (g << 8) | b;
        }
    }
}

void
display_fixture_resize_desktop(DisplayFixture *f, guint16 width, guint16 height)
{
    f->width = width;
    f->height = height;
    make_desktop(f);
}

/* The desktop's pixels in the format the client asked for. */
static void
put_desktop(DisplayFixture *f, GByteArray *msg, const VncPixelFormat *fmt)
{
    guint bytes = fmt->bits_per_pixel / 8;

    for (int y = 0; y < f->height; y++) {
        for (int x = 0; x < f->width; x++) {
            guint32 rgb = display_fixture_desktop_pixel(f, x, y);
            guint32 v = ((((rgb >> 16) & 0xff) * fmt->red_max / 255) << fmt->red_shift) |
                ((((rgb >> 8) & 0xff) * fmt->green_max / 255) << fmt->green_shift) |
                (((rgb & 0xff) * fmt->blue_max / 255) << fmt->blue_shift);
            guint8 out[4];

            for (guint i = 0; i < bytes; i++) {
                guint shift = fmt->byte_order == G_BIG_ENDIAN ? 8 * (bytes - 1 - i) : 8 * i;
                out[i] = (v >> shift) & 0xff;
            }
            g_byte_array_append(msg, out, bytes);
        }
    }
}

static void
put_screen_layout(DisplayFixture *f, GByteArray *msg)
{
    test_put_u8(msg, 1);
    test_put_zeros(msg, 3);
    test_put_u32(msg, 42);    /* id */
    test_put_u16(msg, 0);
    test_put_u16(msg, 0);
    test_put_u16(msg, f->width);
    test_put_u16(msg, f->height);
    test_put_u32(msg, 0);     /* flags */
}

static guint16
get_u16(const guint8 *p)
{
    return (p[0] << 8) | p[1];
}

static guint32
get_u32(const guint8 *p)
{
    return ((guint32)p[0] << 24) | ((guint32)p[1] << 16) | ((guint32)p[2] << 8) | p[3];
}

static GByteArray *
full_update(DisplayFixture *f)
{
    GByteArray *msg = g_byte_array_new();
    gboolean first = f->n_full_updates == 0;
    guint n = 1;

    if (first)
        n += !!f->ext_key_event + !!f->relative_pointer + !!f->extended_desktop_size;
    test_msg_update(msg, n);
    if (first && f->extended_desktop_size) {
        /* Reason 0: the server's own change (here: its first word). */
        test_msg_rect(msg, 0, 0, f->width, f->height, -308);
        put_screen_layout(f, msg);
    }
    test_msg_rect(msg, 0, 0, f->width, f->height, TEST_ENCODING_RAW);
    put_desktop(f, msg, &f->format);
    if (first && f->ext_key_event)
        test_msg_rect(msg, 0, 0, 0, 0, -258);
    if (first && f->relative_pointer)
        test_msg_rect(msg, 0, 0, 0, 0, -257);   /* x = 0: relative */
    f->n_full_updates++;
    return msg;
}

static GByteArray *
answer_set_desktop_size(DisplayFixture *f, const guint8 *data, gsize len)
{
    GByteArray *msg = g_byte_array_new();
    guint16 width = get_u16(data + 2), height = get_u16(data + 4);

    f->n_set_desktop_size++;
    if (!f->refuse_resize)
        display_fixture_resize_desktop(f, width, height);
    test_msg_update(msg, 1);
    /* Reason 1: the answer to this client's request; status 0 done, or
     * why not. */
    test_msg_rect(msg, 1, f->refuse_resize, f->width, f->height, -308);
    put_screen_layout(f, msg);
    return msg;
}

static GByteArray *
on_client_message(FakeServer *server, const guint8 *data, gsize len, gpointer user_data)
{
    DisplayFixture *f = user_data;

    g_ptr_array_add(f->messages, g_bytes_new(data, len));
    switch (data[0]) {
    case TEST_CLIENT_SET_PIXEL_FORMAT: {
        const guint8 *p = data + 4;

        f->format = (VncPixelFormat) {
            .bits_per_pixel = p[0], .depth = p[1],
            .byte_order = p[2] ? G_BIG_ENDIAN : G_LITTLE_ENDIAN,
            .true_color_flag = p[3],
            .red_max = get_u16(p + 4), .green_max = get_u16(p + 6), .blue_max = get_u16(p + 8),
            .red_shift = p[10], .green_shift = p[11], .blue_shift = p[12],
        };
        break;
    }
    case TEST_CLIENT_UPDATE_REQUEST:
        if (data[1] == 0)
            return full_update(f);
        break;
    case 251:
        return answer_set_desktop_size(f, data, len);
    default:
        break;
    }
    return NULL;
}

static void
log_event(DisplayFixture *f, const char *event)
{
    if (f->events->len)
        g_string_append_c(f->events, ' ');
    g_string_append(f->events, event);
}

#define LOGGER(name, text)                              \
    static void                                         \
    name(VncDisplay *display, DisplayFixture *f)        \
    {                                                   \
        log_event(f, text);                             \
    }
LOGGER(on_pointer_grab, "grab-pointer")
LOGGER(on_pointer_ungrab, "ungrab-pointer")
LOGGER(on_keyboard_grab, "grab-keyboard")
LOGGER(on_keyboard_ungrab, "ungrab-keyboard")
LOGGER(on_connected, "connected")
LOGGER(on_bell, "bell")
LOGGER(on_power_control_initialized, "power-control")
#undef LOGGER

static void
on_cut_text(VncDisplay *display, const char *text, DisplayFixture *f)
{
    g_autofree char *event = g_strdup_printf("cut-text(%s)", text);

    log_event(f, event);
}

static void
on_rename(VncDisplay *display, const char *name, DisplayFixture *f)
{
    g_autofree char *event = g_strdup_printf("rename(%s)", name);

    log_event(f, event);
}

static void
on_initialized(VncDisplay *display, DisplayFixture *f)
{
    f->initialized = TRUE;
    log_event(f, "initialized");
    /* A window shown before the desktop's size was known took a size of
     * its own (200x200 in GTK+ 2); as small as the widget allows now. */
    if (!f->window_width)
        gtk_window_resize(GTK_WINDOW(f->window), 1, 1);
}

static void
on_disconnected(VncDisplay *display, DisplayFixture *f)
{
    f->disconnected = TRUE;
}

static void
on_error(VncDisplay *display, const char *message, DisplayFixture *f)
{
    g_test_message("vnc-error: %s", message);
    log_event(f, "error");
}

static void
on_desktop_resize(VncDisplay *display, int width, int height, DisplayFixture *f)
{
    g_autofree char *text = g_strdup_printf("resize(%d,%d)", width, height);

    log_event(f, text);
}

static void
on_update(VncConnection *conn, int x, int y, int width, int height, DisplayFixture *f)
{
    f->n_updates++;
    f->draws_at_update = f->n_draws;
    if (x == 0 && y == 0) {
        f->update_width = width;
        f->update_height = height;
    }
}

/* A draw: the size the widget was drawn at, and how many draws. */
static gboolean
note_draw(GtkWidget *widget, DisplayFixture *f)
{
    GtkAllocation alloc;

    gtk_widget_get_allocation(widget, &alloc);
    f->drawn_width = alloc.width;
    f->drawn_height = alloc.height;
    f->n_draws++;
    return FALSE;
}

#if GTK_CHECK_VERSION(3, 0, 0)
static gboolean
on_draw(GtkWidget *widget, cairo_t *cr, DisplayFixture *f)
{
    return note_draw(widget, f);
}
#else
static gboolean
on_draw(GtkWidget *widget, GdkEventExpose *event, DisplayFixture *f)
{
    return note_draw(widget, f);
}
#endif

void
display_fixture_setup(DisplayFixture *f, gconstpointer data)
{
    int fds[2];

    if (!have_tools) {
        f->skip = TRUE;
        return;
    }
    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), ==, 0);
    f->server = fake_server_new(fds[1]);
    f->client_fd = fds[0];
    f->width = 64;
    f->height = 48;
    f->messages = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
    f->events = g_string_new(NULL);

    f->window = gtk_window_new(GTK_WINDOW_TOPLEVEL);
    f->display = VNC_DISPLAY(vnc_display_new());
    gtk_container_add(GTK_CONTAINER(f->window), GTK_WIDGET(f->display));

    g_signal_connect(f->display, "vnc-initialized", G_CALLBACK(on_initialized), f);
    g_signal_connect(f->display, "vnc-disconnected", G_CALLBACK(on_disconnected), f);
    g_signal_connect(f->display, "vnc-error", G_CALLBACK(on_error), f);
    g_signal_connect(f->display, "vnc-pointer-grab", G_CALLBACK(on_pointer_grab), f);
    g_signal_connect(f->display, "vnc-pointer-ungrab", G_CALLBACK(on_pointer_ungrab), f);
    g_signal_connect(f->display, "vnc-keyboard-grab", G_CALLBACK(on_keyboard_grab), f);
    g_signal_connect(f->display, "vnc-keyboard-ungrab", G_CALLBACK(on_keyboard_ungrab), f);
    g_signal_connect(f->display, "vnc-desktop-resize", G_CALLBACK(on_desktop_resize), f);
    g_signal_connect(f->display, "vnc-connected", G_CALLBACK(on_connected), f);
    g_signal_connect(f->display, "vnc-bell", G_CALLBACK(on_bell), f);
    g_signal_connect(f->display, "vnc-server-cut-text", G_CALLBACK(on_cut_text), f);
    g_signal_connect(f->display, "vnc-desktop-rename", G_CALLBACK(on_rename), f);
    g_signal_connect(f->display, "vnc-power-control-initialized",
                     G_CALLBACK(on_power_control_initialized), f);
#if GTK_CHECK_VERSION(3, 0, 0)
    g_signal_connect(f->display, "draw", G_CALLBACK(on_draw), f);
#else
    g_signal_connect(f->display, "expose-event", G_CALLBACK(on_draw), f);
#endif
    g_signal_connect(vnc_display_get_connection(f->display), "vnc-framebuffer-update",
                     G_CALLBACK(on_update), f);
}

static gboolean
is_done_closing(DisplayFixture *f)
{
    return f->disconnected && fake_server_is_finished(f->server);
}

void
display_fixture_teardown(DisplayFixture *f, gconstpointer data)
{
    if (f->skip)
        return;
    if (f->initialized) {
        vnc_display_close(f->display);
        display_fixture_wait(f, is_done_closing, "the connection to close");
        g_assert_null(fake_server_get_failure(f->server));
    }
    g_signal_handlers_disconnect_by_data(vnc_display_get_connection(f->display), f);
    gtk_widget_destroy(f->window);
    for (int i = 0; i < 100 && g_main_context_iteration(NULL, FALSE); i++)
        ;
    fake_server_free(f->server);
    if (f->client_fd >= 0)
        close(f->client_fd);
    g_ptr_array_unref(f->messages);
    g_string_free(f->events, TRUE);
    g_free(f->start_events);
    g_free(f->desktop);
}

static gboolean
on_wait_timeout(gpointer data)
{
    *(gboolean *)data = TRUE;
    return G_SOURCE_REMOVE;
}

void
display_fixture_wait(DisplayFixture *f, gboolean (*done)(DisplayFixture *f), const char *what)
{
    gboolean timed_out = FALSE;
    guint timeout = g_timeout_add_seconds(WAIT_SECONDS, on_wait_timeout, &timed_out);

    while (!done(f) && !timed_out && !fake_server_get_failure(f->server))
        g_main_context_iteration(NULL, TRUE);
    if (!timed_out)
        g_source_remove(timeout);
    if (fake_server_get_failure(f->server))
        g_error("While waiting for %s: %s", what, fake_server_get_failure(f->server));
    if (timed_out) {
        g_autofree char *where = fake_server_describe(f->server);
        g_autofree char *input = display_fixture_input(f, TRUE, TRUE);

        g_error("Timed out waiting for %s; %s; events: [%s]; input: [%s]",
                what, where, f->events->str, input);
    }
}

static guint8 wait_type;
static guint wait_count;

static gboolean
have_messages(DisplayFixture *f)
{
    return display_fixture_count(f, wait_type) >= wait_count;
}

void
display_fixture_wait_messages(DisplayFixture *f, guint8 type, guint count)
{
    g_autofree char *what = g_strdup_printf("%u %s messages", count,
                                            test_client_message_name(type));

    wait_type = type;
    wait_count = count;
    display_fixture_wait(f, have_messages, what);
}

static const char *wanted_events;

static gboolean
have_events(DisplayFixture *f)
{
    return strcmp(f->events->str, wanted_events) == 0;
}

void
display_fixture_wait_events(DisplayFixture *f, const char *events)
{
    g_autofree char *what = g_strdup_printf("the signals [%s]", events);

    display_fixture_settle(f);
    wanted_events = events;
    display_fixture_wait(f, have_events, what);
    g_assert_cmpstr(f->events->str, ==, events);
}

static gboolean
is_drawn(DisplayFixture *f)
{
    return f->n_updates > 0 && f->n_draws > f->draws_at_update;
}

void
display_fixture_wait_drawn(DisplayFixture *f)
{
    display_fixture_wait(f, is_drawn, "the desktop to be painted");
    display_fixture_settle(f);
}

/* An X round trip puts every event the server made so far (for xdotool
 * too, which has exited by then) into our queue; the main loop turns
 * then hand them to GTK, and GTK's own requests and the connection's
 * messages go out. A few rounds, since each may cause the next. */
static int wanted_width, wanted_height;

static gboolean
is_drawn_at_size(DisplayFixture *f)
{
    return is_drawn(f) && f->drawn_width == wanted_width && f->drawn_height == wanted_height;
}

void
display_fixture_wait_drawn_at(DisplayFixture *f, int width, int height)
{
    g_autofree char *what = g_strdup_printf("the desktop to be painted at %dx%d", width, height);

    wanted_width = width;
    wanted_height = height;
    display_fixture_wait(f, is_drawn_at_size, what);
    display_fixture_settle(f);
}

void
display_fixture_settle(DisplayFixture *f)
{
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 1000 && g_main_context_iteration(NULL, FALSE); i++)
            ;
        gdk_display_sync(gdk_display_get_default());
    }
    for (int i = 0; i < 1000 && g_main_context_iteration(NULL, FALSE); i++)
        ;
}

static gboolean
is_initialized(DisplayFixture *f)
{
    return f->initialized;
}

gboolean
display_fixture_start(DisplayFixture *f)
{
    static const guint8 security_none[] = { 1 };
    static const guint8 choose_none[] = { 1 };
    VncPixelFormat server_format;
    GByteArray *msg;

    if (f->skip) {
        g_test_skip(skip_reason ? skip_reason : "no X server to test with");
        return FALSE;
    }
    make_desktop(f);
    test_pixel_format_rgb888(&server_format);

    msg = g_byte_array_new();
    test_msg_version(msg, "003.008");
    fake_server_send_msg(f->server, "the version", msg);
    msg = g_byte_array_new();
    test_msg_client_version(msg, "003.008");
    fake_server_expect_msg(f->server, "the client's version", msg);
    msg = g_byte_array_new();
    test_msg_security_types(msg, 1, security_none);
    fake_server_send_msg(f->server, "the security types", msg);
    fake_server_expect(f->server, "security type None", choose_none, 1);
    msg = g_byte_array_new();
    test_msg_security_result(msg, 0, NULL);
    fake_server_send_msg(f->server, "the security result", msg);
    guint8 shared = vnc_display_get_shared_flag(f->display) ? 1 : 0;
    fake_server_expect(f->server, "ClientInit", &shared, 1);
    msg = g_byte_array_new();
    test_msg_server_init(msg, f->width, f->height, &server_format, "fake desktop");
    fake_server_send_msg(f->server, "ServerInit", msg);
    fake_server_serve(f->server, on_client_message, f);
    fake_server_start(f->server);

    g_assert_true(vnc_display_open_fd(f->display, f->client_fd));
    f->client_fd = -1;   /* the connection's now */

    /* The pointer starts away from the window, wherever the previous
     * test left it: it comes in when a test moves it there. */
    if (!f->keep_pointer) {
        Display *xdisplay = GDK_DISPLAY_XDISPLAY(gdk_display_get_default());
        XWarpPointer(xdisplay, None, DefaultRootWindow(xdisplay), 0, 0, 0, 0, 1000, 700);
        XSync(xdisplay, False);
    }

    if (f->window_width > 0)
        gtk_window_set_default_size(GTK_WINDOW(f->window), f->window_width, f->window_height);
    gtk_widget_show_all(f->window);
    gtk_widget_grab_focus(GTK_WIDGET(f->display));

    display_fixture_wait(f, is_initialized, "vnc-initialized");
    display_fixture_wait_drawn(f);
    /* And at the size the window settles to: the one the test chose,
     * or the widget's own (its natural size, GTK+ 2's requisition). */
    if (f->window_width > 0) {
        display_fixture_wait_drawn_at(f, f->window_width, f->window_height);
    } else {
        GtkRequisition natural;
#if GTK_CHECK_VERSION(3, 0, 0)
        gtk_widget_get_preferred_size(GTK_WIDGET(f->display), NULL, &natural);
#else
        gtk_widget_size_request(GTK_WIDGET(f->display), &natural);
#endif
        display_fixture_wait_drawn_at(f, natural.width, natural.height);
    }
    /* The session's start is in start_events; tests see what follows. */
    f->start_events = g_strdup(f->events->str);
    g_string_truncate(f->events, 0);
    return TRUE;
}

guint
display_fixture_count(DisplayFixture *f, guint8 type)
{
    guint n = 0;

    for (guint i = 0; i < f->messages->len; i++) {
        const guint8 *data = g_bytes_get_data(f->messages->pdata[i], NULL);

        n += data[0] == type;
    }
    return n;
}

static void
append_keysym(GString *s, guint32 keysym)
{
    const char *name = gdk_keyval_name(keysym);

    if (name)
        g_string_append(s, name);
    else
        g_string_append_printf(s, "0x%x", keysym);
}

char *
display_fixture_input(DisplayFixture *f, gboolean keys, gboolean pointer)
{
    GString *s = g_string_new(NULL);

    for (guint i = 0; i < f->messages->len; i++) {
        gsize len;
        const guint8 *data = g_bytes_get_data(f->messages->pdata[i], &len);
        gsize before = s->len;

        if (s->len)
            g_string_append_c(s, ' ');
        if (data[0] == TEST_CLIENT_KEY_EVENT && keys) {
            g_string_append_printf(s, "key%c", data[1] ? '+' : '-');
            append_keysym(s, get_u32(data + 4));
        } else if (data[0] == 255 && data[1] == 0 && keys) {
            g_string_append_printf(s, "qkey%c", get_u16(data + 2) ? '+' : '-');
            append_keysym(s, get_u32(data + 4));
            g_string_append_printf(s, "/0x%x", get_u32(data + 8));
        } else if (data[0] == TEST_CLIENT_POINTER_EVENT && pointer) {
            g_string_append_printf(s, "ptr%u@%u,%u", data[1], get_u16(data + 2),
                                   get_u16(data + 4));
        } else {
            g_string_truncate(s, before);
        }
    }
    return g_string_free(s, FALSE);
}

void
display_fixture_clear(DisplayFixture *f)
{
    g_ptr_array_set_size(f->messages, 0);
}

static GBytes *
run_tool(const char *const *argv)
{
    GError *err = NULL;
    GSubprocess *proc;
    GBytes *out = NULL;

    proc = g_subprocess_newv(argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &err);
    g_assert_no_error(err);
    g_subprocess_communicate(proc, NULL, NULL, &out, NULL, &err);
    g_assert_no_error(err);
    if (!g_subprocess_get_successful(proc)) {
        g_autofree char *cmd = g_strjoinv(" ", (char **)argv);
        g_error("'%s' failed", cmd);
    }
    g_object_unref(proc);
    return out;
}

void
display_fixture_xdotool(DisplayFixture *f, const char *first, ...)
{
    GPtrArray *argv = g_ptr_array_new();
    va_list args;

    /* Everything GTK has to say to the X server goes first. */
    display_fixture_settle(f);
    g_ptr_array_add(argv, (gpointer)g_getenv("XDOTOOL"));
    va_start(args, first);
    for (const char *arg = first; arg; arg = va_arg(args, const char *))
        g_ptr_array_add(argv, (gpointer)arg);
    va_end(args);
    g_ptr_array_add(argv, NULL);
    g_bytes_unref(run_tool((const char *const *)argv->pdata));
    g_ptr_array_unref(argv);
    display_fixture_settle(f);
}

gulong
display_fixture_xid(DisplayFixture *f)
{
    return GDK_WINDOW_XID(gtk_widget_get_window(f->window));
}

static gboolean
has_focus(DisplayFixture *f)
{
    return gtk_widget_has_focus(GTK_WIDGET(f->display));
}

void
display_fixture_focus(DisplayFixture *f)
{
    g_autofree char *xid = g_strdup_printf("%lu", display_fixture_xid(f));

    display_fixture_xdotool(f, "windowfocus", "--sync", xid, NULL);
    display_fixture_wait(f, has_focus, "the keyboard focus");
}

/* An XWD file: a header of big-endian 32-bit fields (X11's XWDFileHeader),
 * the window name, the colour map, then the image as the server keeps
 * it. Only what a 24-bit TrueColor Xvfb writes is understood. */
guint32 *
display_fixture_screenshot(DisplayFixture *f, int *width, int *height)
{
    g_autofree char *xid = g_strdup_printf("%lu", display_fixture_xid(f));
    const char *argv[] = { g_getenv("XWD"), "-id", xid, "-silent", NULL };
    g_autoptr(GBytes) out = NULL;
    const guint8 *data;
    gsize len;

    display_fixture_settle(f);
    out = run_tool(argv);
    data = g_bytes_get_data(out, &len);
    g_assert_cmpuint(len, >=, 100);

    guint32 header_size = get_u32(data), format = get_u32(data + 8);
    guint32 w = get_u32(data + 16), h = get_u32(data + 20);
    guint32 byte_order = get_u32(data + 28), bpp = get_u32(data + 44);
    guint32 stride = get_u32(data + 48);
    guint32 masks[3] = { get_u32(data + 56), get_u32(data + 60), get_u32(data + 64) };
    guint32 ncolors = get_u32(data + 76);

    g_assert_cmpuint(format, ==, 2);   /* ZPixmap */
    g_assert_cmpuint(bpp, ==, 32);
    gsize offset = (gsize)header_size + (gsize)ncolors * 12;
    g_assert_cmpuint(len, >=, offset + (gsize)stride * h);

    guint32 *pixels = g_new(guint32, (gsize)w * h);
    for (guint32 y = 0; y < h; y++) {
        const guint8 *row = data + offset + (gsize)y * stride;

        for (guint32 x = 0; x < w; x++) {
            const guint8 *p = row + 4 * x;
            guint32 v = byte_order ? get_u32(p) :
                ((guint32)p[3] << 24) | ((guint32)p[2] << 16) | ((guint32)p[1] << 8) | p[0];
            guint32 rgb = 0;

            for (int c = 0; c < 3; c++) {
                guint32 m = masks[c];
                guint32 channel = m ? (v & m) >> g_bit_nth_lsf(m, -1) : 0;
                rgb = (rgb << 8) | (channel & 0xff);
            }
            pixels[(gsize)y * w + x] = rgb;
        }
    }
    *width = w;
    *height = h;
    return pixels;
}
