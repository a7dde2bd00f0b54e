/*
 * gtk-vnc tests: the widget against a hostile server
 *
 * The fuzz targets (tests/fuzz/) play hostile servers against the
 * connection with an embedder of their own; this plays the same inputs
 * against the real embedder: a VncDisplay in a shown window of a private
 * Xvfb, opened with vnc_display_open_fd() on one end of a socketpair.
 * On the other end a small server sends the input's bytes as fast as the
 * client reads them, then shuts its write side down, and throws away
 * whatever the client writes.
 *
 * The inputs: every file of tests/fuzz/corpus/ and tests/fuzz/regressions/
 * (the server-messages format: fuzz_server_messages_input() makes the
 * handshake and ServerInit from the input's header; its choices of a
 * local format and a lazy embedder are the simulated embedder's and are
 * not used: the widget makes its own), once with the widget's default
 * settings and once with scaling on in a 200x150 window, so that the
 * desktop is drawn scaled; and every file of tests/fuzz/corpus-handshake/ and
 * tests/fuzz/regressions/handshake/, sent as they are but for the pause
 * markers (FUZZ_PAUSE_MARKER: there the server waits until the client
 * has written something, or has nothing left to do). Credentials are
 * given when the widget asks for them, from an idle callback as a dialog
 * would.
 *
 * What each case checks: the session ends within a bounded time, with
 * vnc-disconnected exactly once (and never a vnc-error without a
 * message); a session that reached vnc-initialized leaves its last
 * picture painted; no GLib warning or critical on the way (g_test_init
 * makes them fatal); the window and the widget are then destroyed, and
 * the widget and its connection are finalized.
 *
 * Without Xvfb the tests say SKIP.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib-unix.h>

#include "display-fixture.h"
#include "fuzz/fuzz-server.h"
#include "fuzz/fuzz-session.h"

/* How long a session may take before it counts as a hang: generous,
 * since a few bytes of CopyRect or fill may legitimately mean a lot of
 * work for a large desktop, and valgrind is slow. */
#define SESSION_TIMEOUT_SECONDS          60
#define SESSION_TIMEOUT_SECONDS_VALGRIND 900

/* The window the scaled pass shows the desktop in. */
#define SCALED_WINDOW_WIDTH  200
#define SCALED_WINDOW_HEIGHT 150

typedef enum {
    INPUT_SERVER_MESSAGES,
    INPUT_HANDSHAKE,
} InputKind;

typedef struct {
    char *path;
    InputKind kind;
    gboolean scaling;
} HostileCase;

typedef struct {
    GtkWidget *window;
    VncDisplay *display;
    VncConnection *conn;
    gboolean display_finalized;
    gboolean conn_finalized;

    /* The server's end. */
    GByteArray *out;          /* everything it sends */
    GArray *pauses;           /* offsets in out where it waits (gsize) */
    FuzzServer server;

    /* The embedder's side. */
    guint n_disconnected;
    guint n_errors;
    guint n_initialized;
    guint n_credentials;      /* credentials given */
    guint n_draws;
    guint credential_idle;
    gboolean want_password, want_username, want_clientname;
    gboolean timed_out;
    GMainLoop *loop;
} Hostile;

static gboolean have_x;

/* The embedder. */

static gboolean
give_credentials(gpointer data)
{
    Hostile *h = data;

    h->credential_idle = 0;
    if (h->n_disconnected)
        return G_SOURCE_REMOVE;
    /* TRUE would mean the connection no longer wants them: not an error
     * when the server has just gone. */
    h->n_credentials += h->want_password + h->want_username + h->want_clientname;
    if (h->want_password)
        vnc_display_set_credential(h->display, VNC_DISPLAY_CREDENTIAL_PASSWORD, FUZZ_PASSWORD);
    if (h->want_username)
        vnc_display_set_credential(h->display, VNC_DISPLAY_CREDENTIAL_USERNAME, FUZZ_USERNAME);
    if (h->want_clientname)
        vnc_display_set_credential(h->display, VNC_DISPLAY_CREDENTIAL_CLIENTNAME, "hostile-test");
    h->want_password = h->want_username = h->want_clientname = FALSE;
    return G_SOURCE_REMOVE;
}

static void
on_auth_credential(VncDisplay *display, GValueArray *credentials, Hostile *h)
{
    G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    g_assert_nonnull(credentials);
    g_assert_cmpuint(credentials->n_values, >, 0);
    for (guint i = 0; i < credentials->n_values; i++) {
        int type = g_value_get_enum(g_value_array_get_nth(credentials, i));

        switch (type) {
        case VNC_DISPLAY_CREDENTIAL_PASSWORD:
            h->want_password = TRUE;
            break;
        case VNC_DISPLAY_CREDENTIAL_USERNAME:
            h->want_username = TRUE;
            break;
        case VNC_DISPLAY_CREDENTIAL_CLIENTNAME:
            h->want_clientname = TRUE;
            break;
        default:
            g_assert_cmpint(type, ==, VNC_DISPLAY_CREDENTIAL_PASSWORD);
        }
    }
    G_GNUC_END_IGNORE_DEPRECATIONS
    if (!h->credential_idle)
        h->credential_idle = g_idle_add(give_credentials, h);
}

static void
on_error(VncDisplay *display, const char *message, Hostile *h)
{
    g_assert_nonnull(message);
    g_assert_cmpuint(strlen(message), >, 0);
    g_test_message("vnc-error: %s", message);
    h->n_errors++;
}

static void
on_initialized(VncDisplay *display, Hostile *h)
{
    h->n_initialized++;
}

/* A frame drawn; after the session's end, the last one. */
static gboolean
note_draw(Hostile *h)
{
    h->n_draws++;
    if (h->n_disconnected)
        g_main_loop_quit(h->loop);
    return FALSE;
}

#if GTK_CHECK_VERSION(3, 0, 0)
static gboolean
on_draw(GtkWidget *widget, cairo_t *cr, Hostile *h)
{
    return note_draw(h);
}
#else
static gboolean
on_draw(GtkWidget *widget, GdkEventExpose *event, Hostile *h)
{
    return note_draw(h);
}
#endif

static void
on_disconnected(VncDisplay *display, Hostile *h)
{
    h->n_disconnected++;
    g_main_loop_quit(h->loop);
}

static gboolean
on_timeout(gpointer data)
{
    Hostile *h = data;

    h->timed_out = TRUE;
    g_main_loop_quit(h->loop);
    return G_SOURCE_REMOVE;
}

static void
on_display_finalized(gpointer data, GObject *where_the_object_was)
{
    ((Hostile *)data)->display_finalized = TRUE;
}

static void
on_conn_finalized(gpointer data, GObject *where_the_object_was)
{
    ((Hostile *)data)->conn_finalized = TRUE;
}

/* Runs the main loop until a handler quits it, or, for a hang, the
 * time is up. */
static void
run_until_quit(Hostile *h)
{
    guint timeout = g_timeout_add_seconds(g_getenv("VNC_TEST_UNDER_VALGRIND") ?
                                          SESSION_TIMEOUT_SECONDS_VALGRIND :
                                          SESSION_TIMEOUT_SECONDS, on_timeout, h);

    g_main_loop_run(h->loop);
    if (!h->timed_out)
        g_source_remove(timeout);
}

/* Everything due now, and what X has to say about it. */
static void
settle(void)
{
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 1000 && g_main_context_iteration(NULL, FALSE); i++)
            ;
        gdk_display_sync(gdk_display_get_default());
    }
    for (int i = 0; i < 1000 && g_main_context_iteration(NULL, FALSE); i++)
        ;
}

static GByteArray *
server_bytes(const HostileCase *c, GArray *pauses)
{
    g_autofree char *data = NULL;
    gsize length = 0;
    GError *err = NULL;

    g_file_get_contents(c->path, &data, &length, &err);
    g_assert_no_error(err);
    if (c->kind == INPUT_HANDSHAKE)
        return fuzz_split_pauses((const guint8 *)data, length, pauses);

    FuzzSessionConfig config;
    /* The header's choices of a local format and a lazy embedder are the
     * simulated embedder's: the widget makes its own. */
    return fuzz_server_messages_input((const guint8 *)data, length, &config);
}

static void
test_hostile(gconstpointer data)
{
    const HostileCase *c = data;
    Hostile h = { 0 };
    int fds[2];

    if (!have_x) {
        g_test_skip("no X server (Xvfb) to test with");
        return;
    }

    h.pauses = g_array_new(FALSE, FALSE, sizeof(gsize));
    h.out = server_bytes(c, h.pauses);
    if (!h.out) {
        /* Too short for a header: the fuzz target skips these too. */
        g_array_unref(h.pauses);
        g_test_skip("input shorter than the server-messages header");
        return;
    }
    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), ==, 0);
    g_assert_true(g_unix_set_fd_nonblocking(fds[1], TRUE, NULL));
    h.loop = g_main_loop_new(NULL, FALSE);

    h.window = gtk_window_new(GTK_WINDOW_TOPLEVEL);
    h.display = VNC_DISPLAY(vnc_display_new());
    h.conn = vnc_display_get_connection(h.display);
    g_object_weak_ref(G_OBJECT(h.display), on_display_finalized, &h);
    g_object_weak_ref(G_OBJECT(h.conn), on_conn_finalized, &h);
    gtk_container_add(GTK_CONTAINER(h.window), GTK_WIDGET(h.display));
    if (c->scaling) {
        g_assert_true(vnc_display_set_scaling(h.display, TRUE));
        gtk_window_set_default_size(GTK_WINDOW(h.window),
                                    SCALED_WINDOW_WIDTH, SCALED_WINDOW_HEIGHT);
    }
    g_signal_connect(h.display, "vnc-auth-credential", G_CALLBACK(on_auth_credential), &h);
    g_signal_connect(h.display, "vnc-error", G_CALLBACK(on_error), &h);
    g_signal_connect(h.display, "vnc-initialized", G_CALLBACK(on_initialized), &h);
#if GTK_CHECK_VERSION(3, 0, 0)
    g_signal_connect(h.display, "draw", G_CALLBACK(on_draw), &h);
#else
    g_signal_connect(h.display, "expose-event", G_CALLBACK(on_draw), &h);
#endif
    g_signal_connect(h.display, "vnc-disconnected", G_CALLBACK(on_disconnected), &h);

    /* The window is on screen before the first byte, so that the
     * session's updates are painted as they come. */
    gtk_widget_show_all(h.window);
    settle();
    g_assert_true(gtk_widget_get_mapped(GTK_WIDGET(h.display)));

    guint draws_before = h.n_draws;
    g_assert_true(vnc_display_open_fd(h.display, fds[0]));
    fuzz_server_start(&h.server, fds[1], h.out, h.pauses);
    run_until_quit(&h);
    g_assert_false(h.timed_out);

    /* A session that got as far as a desktop leaves its last picture on
     * screen: the widget paints it (GTK 3 at the frame clock's next
     * frame, which may be after the session's end). */
    settle();
    if (h.n_initialized && h.n_draws == draws_before)
        run_until_quit(&h);
    g_assert_false(h.timed_out);
    if (h.n_initialized)
        g_assert_cmpuint(h.n_draws, >, draws_before);
    /* Whatever else the widget does after the end (idle callbacks)
     * happens, and no second vnc-disconnected comes. */
    settle();
    g_test_message("%s: %" G_GSIZE_FORMAT " of %u bytes sent; %u credentials given, "
                   "%s, %u errors, %u paints since the start", c->path, h.server.sent, h.out->len,
                   h.n_credentials, h.n_initialized ? "initialized" : "not initialized",
                   h.n_errors, h.n_draws - draws_before);
    g_assert_cmpuint(h.n_disconnected, ==, 1);
    g_assert_false(vnc_display_is_open(h.display));

    if (h.credential_idle)
        g_clear_handle_id(&h.credential_idle, g_source_remove);
    gtk_widget_destroy(h.window);
    settle();
    g_assert_true(h.display_finalized);
    g_assert_true(h.conn_finalized);
    g_assert_cmpuint(h.n_disconnected, ==, 1);

    fuzz_server_stop(&h.server);
    close(fds[1]);
    g_main_loop_unref(h.loop);
    g_array_unref(h.pauses);
    g_byte_array_unref(h.out);
}

static int
compare_paths(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Adds a test for every input in fuzz/@subdir of the source tree, named
 * /display/hostile/@group/FILE, sorted so that the test numbers stay
 * put. A directory that must exist and does not fails the test program. */
static void
add_inputs(GPtrArray *cases, const char *group, const char *subdir, InputKind kind,
           gboolean scaling, gboolean must_exist)
{
    g_autofree char *dir_path = g_test_build_filename(G_TEST_DIST, "fuzz", subdir, NULL);
    GError *err = NULL;
    GDir *dir;
    GPtrArray *names;
    const char *name;

    if (!must_exist && !g_file_test(dir_path, G_FILE_TEST_IS_DIR))
        return;
    dir = g_dir_open(dir_path, 0, &err);
    g_assert_no_error(err);
    names = g_ptr_array_new_with_free_func(g_free);
    while ((name = g_dir_read_name(dir))) {
        g_autofree char *file = g_build_filename(dir_path, name, NULL);

        /* README and the like are not inputs. */
        if (name[0] != '.' && !g_str_has_suffix(name, ".md") &&
            g_file_test(file, G_FILE_TEST_IS_REGULAR))
            g_ptr_array_add(names, g_strdup(name));
    }
    g_dir_close(dir);
    g_ptr_array_sort(names, compare_paths);
    for (guint i = 0; i < names->len; i++) {
        HostileCase *c = g_new0(HostileCase, 1);
        g_autofree char *test_name =
            g_strdup_printf("/display/hostile/%s/%s", group, (char *)names->pdata[i]);

        c->path = g_build_filename(dir_path, names->pdata[i], NULL);
        c->kind = kind;
        c->scaling = scaling;
        g_ptr_array_add(cases, c);
        g_test_add_data_func(test_name, c, test_hostile);
    }
    g_ptr_array_unref(names);
}

static void
hostile_case_free(gpointer data)
{
    HostileCase *c = data;

    g_free(c->path);
    g_free(c);
}

int
main(int argc, char **argv)
{
    GPtrArray *cases = g_ptr_array_new_with_free_func(hostile_case_free);
    int status;

    have_x = display_test_init(&argc, &argv);
    g_test_init(&argc, &argv, NULL);

    add_inputs(cases, "messages", "corpus", INPUT_SERVER_MESSAGES, FALSE, TRUE);
    add_inputs(cases, "messages-regressions", "regressions", INPUT_SERVER_MESSAGES,
               FALSE, FALSE);
    add_inputs(cases, "messages-scaled", "corpus", INPUT_SERVER_MESSAGES, TRUE, TRUE);
    add_inputs(cases, "messages-regressions-scaled", "regressions", INPUT_SERVER_MESSAGES,
               TRUE, FALSE);
    add_inputs(cases, "handshake", "corpus-handshake", INPUT_HANDSHAKE, FALSE, TRUE);
    add_inputs(cases, "handshake-regressions", "regressions/handshake", INPUT_HANDSHAKE,
               FALSE, FALSE);

    status = g_test_run();
    g_ptr_array_unref(cases);
    return status;
}
