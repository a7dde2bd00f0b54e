/*
 * gtk-vnc: the keyboard: keys to the server, held keys, and the grab
 * sequence
 *
 * Each key goes to the server as a keysym and, for servers that take
 * QEMU's extended key events, as the scancode of the physical key (from
 * its hardware keycode, through vncdisplaykeymap.c), so that a guest
 * with its own keyboard layout sees the key that was pressed whatever
 * the local layout.
 *
 * The widget remembers every key it sent down. A key held down repeats
 * as presses without releases, as on a real keyboard; the release goes
 * out with what the press carried; and when the widget can no longer
 * see the releases (focus lost, grab released, connection closing) it
 * releases them all on the server, so that no key stays stuck there.
 *
 * The grab sequence (Control_L+Alt_L unless changed) toggles the pointer
 * and keyboard grab: it counts once every key of it is held together
 * with no other key pressed meanwhile, and acts when the first of them
 * is released, so that the keys are up again before the grab changes.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>

#include "vncdisplay-priv.h"
#include "vncdisplaykeymap-priv.h"

/* The keymap tables are chosen once per GDK display, by the keycodes its
 * X server uses. */
static void
ensure_keymap(GdkDisplay *gdk_display)
{
    static const char key[] = "vnc-display-keymap-ready";

    if (g_object_get_data(G_OBJECT(gdk_display), key))
        return;
    vnc_display_keymap_init(gdk_display);
    g_object_set_data(G_OBJECT(gdk_display), key, GINT_TO_POINTER(1));
}

static gboolean
accepts_input(VncDisplayPrivate *priv)
{
    return priv->initialized && !priv->read_only;
}

static VncDisplayHeldKey *
find_held(VncDisplayPrivate *priv, guint16 keycode, guint *index)
{
    for (guint i = 0; i < priv->held_keys->len; i++) {
        VncDisplayHeldKey *held = &g_array_index(priv->held_keys, VncDisplayHeldKey, i);

        if (held->keycode == keycode) {
            *index = i;
            return held;
        }
    }
    return NULL;
}

void
vnc_display_priv_reset_grab_sequence(VncDisplay *display)
{
    VncDisplayPrivate *priv = display->priv;
    guint n = priv->grab_keys ? priv->grab_keys->nkeysyms : 0;

    g_free(priv->grab_keys_down);
    priv->grab_keys_down = g_new0(gboolean, MAX(n, 1));
    priv->grab_armed = FALSE;
}

static void
grab_sequence_press(VncDisplayPrivate *priv, guint keyval)
{
    VncGrabSequence *seq = priv->grab_keys;
    gboolean in_sequence = FALSE, all_down = TRUE;

    if (!seq || seq->nkeysyms == 0)
        return;
    for (guint i = 0; i < seq->nkeysyms; i++) {
        if (seq->keysyms[i] == keyval) {
            priv->grab_keys_down[i] = TRUE;
            in_sequence = TRUE;
        }
        all_down = all_down && priv->grab_keys_down[i];
    }
    /* Another key with the sequence held (Control+Alt+Delete) is a
     * combination for the remote desktop, not the grab sequence. */
    if (!in_sequence)
        priv->grab_armed = FALSE;
    else if (all_down)
        priv->grab_armed = TRUE;
}

/* TRUE when this release completes the sequence. */
static gboolean
grab_sequence_release(VncDisplayPrivate *priv, guint keyval)
{
    VncGrabSequence *seq = priv->grab_keys;
    gboolean in_sequence = FALSE;

    if (!seq)
        return FALSE;
    for (guint i = 0; i < seq->nkeysyms; i++) {
        if (seq->keysyms[i] == keyval) {
            priv->grab_keys_down[i] = FALSE;
            in_sequence = TRUE;
        }
    }
    if (in_sequence && priv->grab_armed) {
        priv->grab_armed = FALSE;
        return TRUE;
    }
    return FALSE;
}

/* Lets go, on the server, of every key it saw go down. */
void
vnc_display_priv_release_keys(VncDisplay *display)
{
    VncDisplayPrivate *priv = display->priv;

    /* Last pressed, first released, as fingers would. */
    for (guint i = priv->held_keys->len; i > 0; i--) {
        VncDisplayHeldKey *held = &g_array_index(priv->held_keys, VncDisplayHeldKey, i - 1);

        if (priv->initialized)
            vnc_connection_key_event(priv->conn, FALSE, held->keysym, held->scancode);
    }
    g_array_set_size(priv->held_keys, 0);
    if (priv->grab_keys_down && priv->grab_keys)
        memset(priv->grab_keys_down, 0, sizeof(gboolean) * MAX(priv->grab_keys->nkeysyms, 1));
    priv->grab_armed = FALSE;
}

static gboolean
vnc_display_key_press_event(GtkWidget *widget, GdkEventKey *event)
{
    VncDisplay *display = VNC_DISPLAY(widget);
    VncDisplayPrivate *priv = display->priv;
    GdkDisplay *gdk_display = gtk_widget_get_display(widget);
    VncDisplayHeldKey *held;
    guint index;

    if (!accepts_input(priv))
        return FALSE;
    ensure_keymap(gdk_display);

    grab_sequence_press(priv, event->keyval);

    held = find_held(priv, event->hardware_keycode, &index);
    if (!held) {
        VncDisplayHeldKey key = {
            .keycode = event->hardware_keycode,
            .keysym = vnc_display_keyval_from_keycode(event->hardware_keycode, event->keyval),
            .scancode = vnc_display_keymap_gdk2xtkbd(gdk_display, event->hardware_keycode),
        };

        g_array_append_val(priv->held_keys, key);
        held = &g_array_index(priv->held_keys, VncDisplayHeldKey, priv->held_keys->len - 1);
    }
    /* Held already: an auto-repeat, sent as another press. */
    VNC_DEBUG("Key press: keycode %u, keysym 0x%x, scancode 0x%x",
              held->keycode, held->keysym, held->scancode);
    vnc_connection_key_event(priv->conn, TRUE, held->keysym, held->scancode);
    return TRUE;
}

static gboolean
vnc_display_key_release_event(GtkWidget *widget, GdkEventKey *event)
{
    VncDisplay *display = VNC_DISPLAY(widget);
    VncDisplayPrivate *priv = display->priv;
    VncDisplayHeldKey *held;
    gboolean toggle_grab;
    guint index;

    if (!accepts_input(priv))
        return FALSE;

    toggle_grab = grab_sequence_release(priv, event->keyval);

    /* A key the server never saw go down (pressed before the widget had
     * the focus, or released already) has nothing to release. */
    held = find_held(priv, event->hardware_keycode, &index);
    if (held) {
        VNC_DEBUG("Key release: keycode %u, keysym 0x%x, scancode 0x%x",
                  held->keycode, held->keysym, held->scancode);
        vnc_connection_key_event(priv->conn, FALSE, held->keysym, held->scancode);
        g_array_remove_index(priv->held_keys, index);
    }

    if (toggle_grab) {
        VNC_DEBUG("Grab sequence: %s", priv->in_pointer_grab ? "releasing" : "grabbing");
        if (priv->in_pointer_grab)
            vnc_display_priv_ungrab_pointer(display);
        else
            vnc_display_priv_grab_pointer(display);
    }
    return TRUE;
}

/* GtkWidget's own handlers redraw the focus; let them run too. */
static gboolean
chain_focus_event(GtkWidget *widget, GdkEventFocus *event, gboolean in)
{
    GtkWidgetClass *parent = g_type_class_peek(GTK_TYPE_DRAWING_AREA);
    gboolean (*handler)(GtkWidget *, GdkEventFocus *) =
        in ? parent->focus_in_event : parent->focus_out_event;

    return handler ? handler(widget, event) : FALSE;
}

static gboolean
vnc_display_focus_in_event(GtkWidget *widget, GdkEventFocus *event)
{
    VncDisplay *display = VNC_DISPLAY(widget);

    /* Keys pressed elsewhere come up here unseen; start afresh. */
    vnc_display_priv_release_keys(display);
    display->priv->has_focus = TRUE;
    vnc_display_priv_update_keyboard_grab(display);
    return chain_focus_event(widget, event, TRUE);
}

static gboolean
vnc_display_focus_out_event(GtkWidget *widget, GdkEventFocus *event)
{
    VncDisplay *display = VNC_DISPLAY(widget);

    /* Our own keyboard grab takes the focus away on some X setups (GTK+ 2
     * reports it), yet every key still comes here: not a loss. */
    if (display->priv->in_keyboard_grab)
        return chain_focus_event(widget, event, FALSE);

    /* The releases of the keys held now will go to another window. */
    vnc_display_priv_release_keys(display);
    display->priv->has_focus = FALSE;
    vnc_display_priv_update_keyboard_grab(display);
    return chain_focus_event(widget, event, FALSE);
}

/* The hardware keycode that types @keyval in the current layout,
 * preferring the plain (unshifted, first group) one; 0 if none does. */
static guint16
keycode_for_keyval(GdkDisplay *gdk_display, guint keyval)
{
    GdkKeymapKey *keys = NULL;
    gint n_keys = 0;
    guint16 keycode = 0;

    if (!gdk_keymap_get_entries_for_keyval(gdk_keymap_get_for_display(gdk_display),
                                           keyval, &keys, &n_keys))
        return 0;
    for (gint i = 0; i < n_keys; i++) {
        if (keys[i].group == 0 && keys[i].level == 0) {
            keycode = keys[i].keycode;
            break;
        }
    }
    if (!keycode && n_keys > 0)
        keycode = keys[0].keycode;
    g_free(keys);
    return keycode;
}

static void
send_keyval(VncDisplay *display, gboolean down, guint keyval)
{
    GdkDisplay *gdk_display = gtk_widget_get_display(GTK_WIDGET(display));
    guint16 keycode, scancode = 0;

    ensure_keymap(gdk_display);
    keycode = keycode_for_keyval(gdk_display, keyval);
    if (keycode)
        scancode = vnc_display_keymap_gdk2xtkbd(gdk_display, keycode);
    vnc_connection_key_event(display->priv->conn, down, keyval, scancode);
}

/**
 * vnc_display_send_keys:
 * @obj: the display
 * @keyvals: (array length=nkeyvals): the keys, as keysyms (GDK_KEY_...)
 * @nkeyvals: how many
 *
 * Types a key combination: presses every key of @keyvals in order, then
 * releases them in the opposite order, as for Control+Alt+Delete.
 */
void
vnc_display_send_keys(VncDisplay *obj, const guint *keyvals, int nkeyvals)
{
    vnc_display_send_keys_ex(obj, keyvals, nkeyvals, VNC_DISPLAY_KEY_EVENT_CLICK);
}

/**
 * vnc_display_send_keys_ex:
 * @obj: the display
 * @keyvals: (array length=nkeyvals): the keys, as keysyms (GDK_KEY_...)
 * @nkeyvals: how many
 * @kind: press them, release them, or both (a click)
 *
 * Sends key events for @keyvals. The scancodes that servers with QEMU's
 * extended key events want come from the keys that type @keyvals in the
 * local layout. A click presses every key in order, then releases them
 * in the opposite order.
 */
void
vnc_display_send_keys_ex(VncDisplay *obj, const guint *keyvals, int nkeyvals,
                         VncDisplayKeyEvent kind)
{
    g_return_if_fail(VNC_IS_DISPLAY(obj));
    g_return_if_fail(keyvals != NULL || nkeyvals == 0);

    if (!obj->priv->initialized)
        return;
    if (kind & VNC_DISPLAY_KEY_EVENT_PRESS) {
        for (int i = 0; i < nkeyvals; i++)
            send_keyval(obj, TRUE, keyvals[i]);
    }
    if (kind & VNC_DISPLAY_KEY_EVENT_RELEASE) {
        for (int i = nkeyvals - 1; i >= 0; i--)
            send_keyval(obj, FALSE, keyvals[i]);
    }
}

void
vnc_display_priv_keyboard_class_init(GtkWidgetClass *widget_class)
{
    widget_class->key_press_event = vnc_display_key_press_event;
    widget_class->key_release_event = vnc_display_key_release_event;
    widget_class->focus_in_event = vnc_display_focus_in_event;
    widget_class->focus_out_event = vnc_display_focus_out_event;
}
