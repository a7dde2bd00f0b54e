/*
 * gtk-vnc tests: which keycodes an X server reports, found out through
 * GDK on a private Xvfb
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The test starts its own Xvfb (-displayfd picks a free display), so it
 * needs no $DISPLAY and leaves none behind. Xvfb's default keymap uses
 * the evdev keycodes, as Xorg does; setxkbmap then loads the XFree86 kbd
 * driver's keycodes, and xkbcomp a keymap whose keycodes component has a
 * name we do not know, and each new connection must find out which table
 * applies. Without Xvfb (or the xkb tools) the tests say SKIP and why.
 */
#include <config.h>

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gdk/gdk.h>
#include <gdk/gdkkeysyms.h>

#include "vncdisplaykeymap-priv.h"

static GSubprocess *xvfb;
static char *display_name;
static char *skip_reason;

static GSubprocess *
spawn(GError **error, const char *const *argv)
{
    return g_subprocess_newv(argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                             G_SUBPROCESS_FLAGS_STDERR_SILENCE, error);
}

/* Starts Xvfb on a display of its choosing; sets skip_reason if it cannot. */
static void
start_xvfb(void)
{
    g_autofree char *xvfb_path = g_find_program_in_path("Xvfb");
    g_autoptr(GSubprocessLauncher) launcher = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GIOChannel) channel = NULL;
    g_autofree char *line = NULL;
    int fds[2];

    if (xvfb_path == NULL) {
        skip_reason = g_strdup("Xvfb is not installed (Debian: xvfb)");
        return;
    }
    if (pipe(fds) < 0) {
        skip_reason = g_strdup_printf("pipe: %s", g_strerror(errno));
        return;
    }

    launcher = g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                         G_SUBPROCESS_FLAGS_STDERR_SILENCE);
    g_subprocess_launcher_take_fd(launcher, fds[1], 3);
    xvfb = g_subprocess_launcher_spawn(launcher, &error, xvfb_path,
                                       "-displayfd", "3", "-nolisten", "tcp",
                                       "-screen", "0", "320x240x24", NULL);
    if (xvfb == NULL) {
        close(fds[0]);
        skip_reason = g_strdup_printf("Xvfb did not start: %s", error->message);
        return;
    }
    /* The launcher holds the write end until it is freed; Xvfb writes the
     * display number there once it accepts connections. */
    g_clear_object(&launcher);

    channel = g_io_channel_unix_new(fds[0]);
    g_io_channel_set_close_on_unref(channel, TRUE);
    if (g_io_channel_read_line(channel, &line, NULL, NULL, NULL) != G_IO_STATUS_NORMAL ||
        line == NULL || !g_ascii_isdigit(line[0])) {
        skip_reason = g_strdup("Xvfb did not report a display");
        g_subprocess_force_exit(xvfb);
        g_subprocess_wait(xvfb, NULL, NULL);
        g_clear_object(&xvfb);
        return;
    }
    g_strchomp(line);
    display_name = g_strdup_printf(":%s", line);
}

static void
stop_xvfb(void)
{
    if (xvfb == NULL)
        return;
    g_subprocess_send_signal(xvfb, SIGTERM);
    g_subprocess_wait(xvfb, NULL, NULL);
    g_clear_object(&xvfb);
}

/* Runs an X client against our Xvfb; FALSE (and a skip) if it is missing
 * or fails. */
static gboolean
run_tool(const char *tool, const char *const *args)
{
    g_autofree char *path = g_find_program_in_path(tool);
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    g_autoptr(GSubprocess) process = NULL;
    g_autoptr(GError) error = NULL;

    if (path == NULL) {
        g_autofree char *reason = g_strdup_printf("%s is not installed (Debian: x11-xkb-utils)",
                                                  tool);
        g_test_skip(reason);
        return FALSE;
    }
    g_ptr_array_add(argv, path);
    for (guint i = 0; args[i] != NULL; i++)
        g_ptr_array_add(argv, (gpointer)args[i]);
    g_ptr_array_add(argv, NULL);

    process = spawn(&error, (const char *const *)argv->pdata);
    if (process == NULL || !g_subprocess_wait_check(process, NULL, &error)) {
        g_autofree char *reason = g_strdup_printf("%s failed: %s", tool, error->message);
        g_test_skip(reason);
        return FALSE;
    }
    return TRUE;
}

/* The hardware keycode GDK gives a keysym on @display. */
static guint
keycode_for(GdkDisplay *display, guint keyval)
{
    GdkKeymapKey *keys = NULL;
    gint n_keys = 0;
    guint keycode;

    g_assert_true(gdk_keymap_get_entries_for_keyval(gdk_keymap_get_for_display(display),
                                                    keyval, &keys, &n_keys));
    g_assert_cmpint(n_keys, >, 0);
    keycode = keys[0].keycode;
    g_free(keys);
    return keycode;
}

/* What a new connection to the server makes of its current keymap: the
 * keycodes of a few keys, and their XT keycodes through our tables. */
static void
check_new_connection(guint want_up_keycode)
{
    static const struct {
        guint keyval;
        guint16 xtkbd;
    } keys[] = {
        { GDK_KEY_a, 0x1e },
        { GDK_KEY_Escape, 0x01 },
        { GDK_KEY_Up, 0xc8 },
        { GDK_KEY_Left, 0xcb },
        { GDK_KEY_Home, 0xc7 },
        { GDK_KEY_Control_R, 0x9d },
        { GDK_KEY_KP_Enter, 0x9c },
        { GDK_KEY_F12, 0x58 },
    };
    GdkDisplay *display = gdk_display_open(display_name);

    g_assert_nonnull(display);
    vnc_display_keymap_init(display);
    /* Once per display: a second call changes nothing. */
    vnc_display_keymap_init(display);

    g_assert_cmpuint(keycode_for(display, GDK_KEY_Up), ==, want_up_keycode);
    for (gsize i = 0; i < G_N_ELEMENTS(keys); i++) {
        guint keycode = keycode_for(display, keys[i].keyval);

        g_test_message("%s: keycode %u", gdk_keyval_name(keys[i].keyval), keycode);
        g_assert_cmphex(vnc_display_keymap_gdk2xtkbd(display, keycode), ==, keys[i].xtkbd);
    }
    /* Keycodes no key has. */
    g_assert_cmphex(vnc_display_keymap_gdk2xtkbd(display, 0), ==, 0);
    g_assert_cmphex(vnc_display_keymap_gdk2xtkbd(display, 255), ==, 0);

    gdk_display_close(display);
}

/* Xvfb's own keymap: evdev keycodes ("evdev+aliases(qwerty)"). */
static void
test_evdev(void)
{
    if (skip_reason != NULL) {
        g_test_skip(skip_reason);
        return;
    }
    check_new_connection(111);
}

/* The keysym fixups look keys up on the default display (opened by
 * gdk_init_check() while Xvfb still had its evdev keymap). */
static void
test_default_display_keyvals(void)
{
    GdkDisplay *display = gdk_display_get_default();
    guint kp_1, kp_enter, digit_1;

    if (skip_reason != NULL) {
        g_test_skip(skip_reason);
        return;
    }
    g_assert_nonnull(display);
    kp_1 = keycode_for(display, GDK_KEY_KP_1);
    kp_enter = keycode_for(display, GDK_KEY_KP_Enter);
    digit_1 = keycode_for(display, GDK_KEY_1);
    g_assert_cmpuint(kp_1, ==, 87);

    /* A layout giving the keypad plain keysyms: they become keypad ones. */
    g_assert_cmphex(vnc_display_keyval_from_keycode(kp_1, GDK_KEY_1), ==, GDK_KEY_KP_1);
    g_assert_cmphex(vnc_display_keyval_from_keycode(kp_1, GDK_KEY_End), ==, GDK_KEY_KP_End);
    g_assert_cmphex(vnc_display_keyval_from_keycode(kp_1, GDK_KEY_KP_End), ==, GDK_KEY_KP_End);
    g_assert_cmphex(vnc_display_keyval_from_keycode(kp_enter, GDK_KEY_Return), ==,
                    GDK_KEY_KP_Enter);
    /* The main keys keep theirs. */
    g_assert_cmphex(vnc_display_keyval_from_keycode(digit_1, GDK_KEY_1), ==, GDK_KEY_1);
    g_assert_cmphex(vnc_display_keyval_from_keycode(digit_1, GDK_KEY_exclam), ==,
                    GDK_KEY_exclam);
    /* Shift+Tab goes out as Tab. */
    g_assert_cmphex(vnc_display_keyval_from_keycode(keycode_for(display, GDK_KEY_Tab),
                                                    GDK_KEY_ISO_Left_Tab), ==, GDK_KEY_Tab);
}

/* The same server with the XFree86 kbd driver's keycodes loaded. */
static void
test_xfree86(void)
{
    const char *const args[] = {
        "-display", display_name, "-rules", "base", "-keycodes", "xfree86",
        "-layout", "us", NULL,
    };

    if (skip_reason != NULL) {
        g_test_skip(skip_reason);
        return;
    }
    if (!run_tool("setxkbmap", args))
        return;
    check_new_connection(98);
}

/* A keycodes component named "vnctest": recognised by where its keys
 * are (evdev's places). */
static void
test_unnamed_keycodes(void)
{
    g_autofree char *keymap_path = NULL;
    g_autoptr(GError) error = NULL;
    const char *keymap =
        "xkb_keymap {\n"
        "    xkb_keycodes \"vnctest\" { include \"evdev+aliases(qwerty)\" };\n"
        "    xkb_types { include \"complete\" };\n"
        "    xkb_compat { include \"complete\" };\n"
        "    xkb_symbols { include \"pc+us\" };\n"
        "};\n";
    int fd;

    if (skip_reason != NULL) {
        g_test_skip(skip_reason);
        return;
    }
    fd = g_file_open_tmp("vnc-keymap-XXXXXX.xkb", &keymap_path, &error);
    g_assert_no_error(error);
    close(fd);
    g_file_set_contents(keymap_path, keymap, -1, &error);
    g_assert_no_error(error);

    {
        const char *const args[] = { keymap_path, display_name, NULL };

        if (run_tool("xkbcomp", args))
            check_new_connection(111);
    }
    g_unlink(keymap_path);
}

int
main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);

    start_xvfb();
    if (display_name != NULL) {
        /* Our Xvfb, whatever $DISPLAY and $WAYLAND_DISPLAY say. */
        char *gdk_argv[] = { argv[0], (char *)"--display", display_name, NULL };
        char **gdk_args = gdk_argv;
        int gdk_argc = G_N_ELEMENTS(gdk_argv) - 1;

#if defined(GDK_MAJOR_VERSION) && GDK_MAJOR_VERSION >= 3
        gdk_set_allowed_backends("x11");
#endif
        if (!gdk_init_check(&gdk_argc, &gdk_args))
            skip_reason = g_strdup_printf("GDK cannot open %s", display_name);
    }

    g_test_add_func("/keymap/x11/evdev", test_evdev);
    g_test_add_func("/keymap/x11/default-display-keyvals", test_default_display_keyvals);
    g_test_add_func("/keymap/x11/xfree86", test_xfree86);
    g_test_add_func("/keymap/x11/unnamed-keycodes", test_unnamed_keycodes);

    ret = g_test_run();
    stop_xvfb();
    g_free(display_name);
    g_free(skip_reason);
    return ret;
}
