/*
 * gtk-vnc: hardware keycodes of the widget -> XT keycodes
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The tables and the rules for choosing one are in keymaps/vnckeymap.c
 * (GLib only); this file asks GDK and the windowing system which keyboard
 * driver a display has.
 */
#include <config.h>

#include <string.h>

#include <gdk/gdk.h>
#ifdef GDK_WINDOWING_X11
#include <gdk/gdkx.h>
#include <X11/XKBlib.h>
#endif
#ifdef GDK_WINDOWING_WAYLAND
#include <gdk/gdkwayland.h>
#endif

#include "vncdisplaykeymap-priv.h"
#include "vnckeymap-priv.h"
#include "vncutil.h"

/* The display's VncKeymapKeycodes + 1, so that 0 (no data) means "not
 * looked at yet". */
#define KEYCODES_DATA_KEY "vnc-display-keymap-keycodes"

#ifdef GDK_WINDOWING_X11
static gboolean
display_is_x11(GdkDisplay *display)
{
#ifdef GDK_IS_X11_DISPLAY
    return GDK_IS_X11_DISPLAY(display);
#else
    /* GTK 2 is built for one backend, and this one is X11. */
    (void)display;
    return TRUE;
#endif
}

/* The keycodes component of the server's XKB keymap says which driver
 * made the keycodes ("evdev_aliases(qwerty)" on Xorg, Xvfb and Xvnc);
 * a keymap with another name is judged by where its keys are. */
static VncKeymapKeycodes
x11_keycodes(Display *xdisplay)
{
    VncKeymapKeycodes keycodes = VNC_KEYMAP_KEYCODES_UNKNOWN;
    int opcode, event_base, error_base;
    int major = XkbMajorVersion, minor = XkbMinorVersion;
    XkbDescPtr desc;

    if (!XkbQueryExtension(xdisplay, &opcode, &event_base, &error_base,
                           &major, &minor)) {
        VNC_DEBUG("The X server has no XKB extension: keysyms only");
        return VNC_KEYMAP_KEYCODES_UNKNOWN;
    }

    desc = XkbGetKeyboard(xdisplay, XkbGBN_AllComponentsMask, XkbUseCoreKbd);
    if (desc == NULL || desc->names == NULL) {
        VNC_DEBUG("The X server did not describe its keyboard: keysyms only");
        if (desc != NULL)
            XkbFreeKeyboard(desc, XkbAllComponentsMask, True);
        return VNC_KEYMAP_KEYCODES_UNKNOWN;
    }

    if (desc->names->keycodes != None) {
        char *name = XGetAtomName(xdisplay, desc->names->keycodes);

        keycodes = vnc_keymap_keycodes_from_xkb_name(name);
        VNC_DEBUG("XKB keycodes '%s': %s", name ? name : "(none)",
                  vnc_keymap_keycodes_name(keycodes));
        if (name != NULL)
            XFree(name);
    }

    if (keycodes == VNC_KEYMAP_KEYCODES_UNKNOWN && desc->names->keys != NULL) {
        /* XkbKeyNameRec names are 4 bytes, not NUL-terminated. */
        char names[256][XkbKeyNameLength + 1];
        const char *key_names[256] = { NULL };

        for (int keycode = desc->min_key_code;
             keycode <= desc->max_key_code && keycode < 256; keycode++) {
            memcpy(names[keycode], desc->names->keys[keycode].name, XkbKeyNameLength);
            names[keycode][XkbKeyNameLength] = '\0';
            if (names[keycode][0] != '\0')
                key_names[keycode] = names[keycode];
        }
        keycodes = vnc_keymap_keycodes_from_key_names(key_names, G_N_ELEMENTS(key_names));
        VNC_DEBUG("XKB key names look like %s keycodes",
                  vnc_keymap_keycodes_name(keycodes));
    }

    XkbFreeKeyboard(desc, XkbAllComponentsMask, True);
    return keycodes;
}
#endif /* GDK_WINDOWING_X11 */

static VncKeymapKeycodes
display_keycodes(GdkDisplay *display)
{
#ifdef GDK_WINDOWING_WAYLAND
    /* Wayland's wl_keyboard sends Linux KEY_ codes, and GDK adds 8 as
     * X does. */
    if (GDK_IS_WAYLAND_DISPLAY(display))
        return VNC_KEYMAP_KEYCODES_EVDEV;
#endif
#ifdef GDK_WINDOWING_X11
    if (display_is_x11(display))
        return x11_keycodes(GDK_DISPLAY_XDISPLAY(display));
#endif
    /* Win32, Quartz, Broadway: no table of ours. */
    (void)display;
    return VNC_KEYMAP_KEYCODES_UNKNOWN;
}

void
vnc_display_keymap_init(GdkDisplay *display)
{
    VncKeymapKeycodes keycodes;

    g_return_if_fail(GDK_IS_DISPLAY(display));

    if (g_object_get_data(G_OBJECT(display), KEYCODES_DATA_KEY) != NULL)
        return;

    keycodes = display_keycodes(display);
    VNC_DEBUG("Display '%s' reports %s keycodes",
              gdk_display_get_name(display), vnc_keymap_keycodes_name(keycodes));
    g_object_set_data(G_OBJECT(display), KEYCODES_DATA_KEY,
                      GINT_TO_POINTER(keycodes + 1));
}

guint16
vnc_display_keymap_gdk2xtkbd(GdkDisplay *display, guint16 hardware_keycode)
{
    gpointer data;

    g_return_val_if_fail(GDK_IS_DISPLAY(display), 0);

    data = g_object_get_data(G_OBJECT(display), KEYCODES_DATA_KEY);
    if (data == NULL) {
        vnc_display_keymap_init(display);
        data = g_object_get_data(G_OBJECT(display), KEYCODES_DATA_KEY);
    }
    return vnc_keymap_to_xtkbd((VncKeymapKeycodes)(GPOINTER_TO_INT(data) - 1),
                               hardware_keycode);
}

guint
vnc_display_keyval_from_keycode(guint16 hardware_keycode, guint keyval)
{
    GdkDisplay *display = gdk_display_get_default();
    guint16 xtkbd = 0;

    if (display != NULL)
        xtkbd = vnc_display_keymap_gdk2xtkbd(display, hardware_keycode);
    return vnc_keymap_fixup_keyval(xtkbd, keyval);
}
