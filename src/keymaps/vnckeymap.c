/*
 * gtk-vnc: keyboard translation tables (GLib only)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>

#include "vnckeymap-priv.h"

/* Generated at build time from keymaps.csv by keymap-gen.awk. */
#include "vnckeymap-tables.h"

/* RFB XT keycodes (rfbproto: 0x80 | code for e0-prefixed keys). */
#define XT_ESCAPE       0x01
#define XT_A            0x1e
#define XT_KP_MULTIPLY  0x37
#define XT_KP_7         0x47
#define XT_KP_8         0x48
#define XT_KP_9         0x49
#define XT_KP_SUBTRACT  0x4a
#define XT_KP_4         0x4b
#define XT_KP_5         0x4c
#define XT_KP_6         0x4d
#define XT_KP_ADD       0x4e
#define XT_KP_1         0x4f
#define XT_KP_2         0x50
#define XT_KP_3         0x51
#define XT_KP_0         0x52
#define XT_KP_DECIMAL   0x53
#define XT_KP_ENTER     0x9c
#define XT_RIGHT_CTRL   0x9d
#define XT_KP_DIVIDE    0xb5
#define XT_PRINT        0xb7
#define XT_RIGHT_ALT    0xb8
#define XT_HOME         0xc7
#define XT_UP           0xc8
#define XT_PAGE_UP      0xc9
#define XT_LEFT         0xcb
#define XT_RIGHT        0xcd
#define XT_END          0xcf
#define XT_DOWN         0xd0
#define XT_PAGE_DOWN    0xd1
#define XT_INSERT       0xd2
#define XT_DELETE       0xd3
#define XT_LEFT_SUPER   0xdb

/* X keysyms (X11/keysymdef.h); spelled out so that this file needs
 * neither X11 nor GDK headers. */
#define KEYSYM_ISO_LEFT_TAB 0xfe20
#define KEYSYM_TAB          0xff09
#define KEYSYM_RETURN       0xff0d
#define KEYSYM_HOME         0xff50
#define KEYSYM_LEFT         0xff51
#define KEYSYM_UP           0xff52
#define KEYSYM_RIGHT        0xff53
#define KEYSYM_DOWN         0xff54
#define KEYSYM_PRIOR        0xff55
#define KEYSYM_NEXT         0xff56
#define KEYSYM_END          0xff57
#define KEYSYM_BEGIN        0xff58
#define KEYSYM_INSERT       0xff63
#define KEYSYM_DELETE       0xffff
#define KEYSYM_KP_ENTER     0xff8d
#define KEYSYM_KP_HOME      0xff95
#define KEYSYM_KP_LEFT      0xff96
#define KEYSYM_KP_UP        0xff97
#define KEYSYM_KP_RIGHT     0xff98
#define KEYSYM_KP_DOWN      0xff99
#define KEYSYM_KP_PRIOR     0xff9a
#define KEYSYM_KP_NEXT      0xff9b
#define KEYSYM_KP_END       0xff9c
#define KEYSYM_KP_BEGIN     0xff9d
#define KEYSYM_KP_INSERT    0xff9e
#define KEYSYM_KP_DELETE    0xff9f
#define KEYSYM_KP_MULTIPLY  0xffaa
#define KEYSYM_KP_ADD       0xffab
#define KEYSYM_KP_SEPARATOR 0xffac
#define KEYSYM_KP_SUBTRACT  0xffad
#define KEYSYM_KP_DECIMAL   0xffae
#define KEYSYM_KP_DIVIDE    0xffaf
#define KEYSYM_KP_0         0xffb0

const char *
vnc_keymap_keycodes_name(VncKeymapKeycodes keycodes)
{
    switch (keycodes) {
    case VNC_KEYMAP_KEYCODES_EVDEV:
        return "evdev";
    case VNC_KEYMAP_KEYCODES_XFREE86:
        return "xfree86";
    case VNC_KEYMAP_KEYCODES_UNKNOWN:
    default:
        return "unknown";
    }
}

static const guint16 *
keymap_table(VncKeymapKeycodes keycodes)
{
    switch (keycodes) {
    case VNC_KEYMAP_KEYCODES_EVDEV:
        return vnc_keymap_evdev_to_xtkbd;
    case VNC_KEYMAP_KEYCODES_XFREE86:
        return vnc_keymap_xfree86_to_xtkbd;
    case VNC_KEYMAP_KEYCODES_UNKNOWN:
    default:
        return NULL;
    }
}

guint16
vnc_keymap_to_xtkbd(VncKeymapKeycodes keycodes, guint keycode)
{
    const guint16 *table = keymap_table(keycodes);

    G_STATIC_ASSERT(G_N_ELEMENTS(vnc_keymap_evdev_to_xtkbd) == 256);
    G_STATIC_ASSERT(G_N_ELEMENTS(vnc_keymap_xfree86_to_xtkbd) == 256);

    if (table == NULL || keycode > 255)
        return 0;
    return table[keycode];
}

/* The keycodes component's name is "file(map)" or several of those joined
 * by "+", the first naming the driver's keycodes: "evdev+aliases(qwerty)".
 * X servers hand the name out with the "+" turned into "_" (Xorg, Xvfb and
 * Xvnc all say "evdev_aliases(qwerty)"). */
VncKeymapKeycodes
vnc_keymap_keycodes_from_xkb_name(const char *name)
{
    static const struct {
        const char *file;
        VncKeymapKeycodes keycodes;
    } known[] = {
        { "evdev", VNC_KEYMAP_KEYCODES_EVDEV },
        { "xfree86", VNC_KEYMAP_KEYCODES_XFREE86 },
    };

    if (name == NULL)
        return VNC_KEYMAP_KEYCODES_UNKNOWN;

    for (gsize i = 0; i < G_N_ELEMENTS(known); i++) {
        gsize len = strlen(known[i].file);

        if (strncmp(name, known[i].file, len) == 0 &&
            (name[len] == '\0' || name[len] == '+' || name[len] == '_' ||
             name[len] == '('))
            return known[i].keycodes;
    }
    return VNC_KEYMAP_KEYCODES_UNKNOWN;
}

/* Keys every PC keyboard has, by their xkb name, and what they must
 * translate to. The cursor block and the right-hand modifiers are where
 * evdev and the kbd driver differ; Escape and A are the same in both but
 * rule out keymaps that are not PC keyboards at all (XQuartz, Sun). */
static const struct {
    const char *name;
    guint16 xtkbd;
} reference_keys[] = {
    { "ESC", XT_ESCAPE },
    { "AC01", XT_A },
    { "UP", XT_UP },
    { "DOWN", XT_DOWN },
    { "LEFT", XT_LEFT },
    { "RGHT", XT_RIGHT },
    { "HOME", XT_HOME },
    { "END", XT_END },
    { "PGUP", XT_PAGE_UP },
    { "PGDN", XT_PAGE_DOWN },
    { "INS", XT_INSERT },
    { "DELE", XT_DELETE },
    { "RCTL", XT_RIGHT_CTRL },
    { "RALT", XT_RIGHT_ALT },
    { "KPEN", XT_KP_ENTER },
    { "KPDV", XT_KP_DIVIDE },
    { "PRSC", XT_PRINT },
    { "LWIN", XT_LEFT_SUPER },
};

/* Enough of the reference keys to be sure it is a PC keyboard's keymap. */
#define REFERENCE_KEYS_NEEDED 6

static gboolean
key_names_fit(VncKeymapKeycodes keycodes, const char *const *key_names,
              gsize n_key_names)
{
    guint found = 0;

    for (gsize keycode = 0; keycode < n_key_names; keycode++) {
        const char *name = key_names[keycode];

        if (name == NULL)
            continue;
        for (gsize i = 0; i < G_N_ELEMENTS(reference_keys); i++) {
            if (strcmp(name, reference_keys[i].name) != 0)
                continue;
            if (vnc_keymap_to_xtkbd(keycodes, keycode) != reference_keys[i].xtkbd)
                return FALSE;
            found++;
        }
    }
    return found >= REFERENCE_KEYS_NEEDED;
}

VncKeymapKeycodes
vnc_keymap_keycodes_from_key_names(const char *const *key_names, gsize n_key_names)
{
    static const VncKeymapKeycodes candidates[] = {
        VNC_KEYMAP_KEYCODES_EVDEV,
        VNC_KEYMAP_KEYCODES_XFREE86,
    };
    VncKeymapKeycodes fits = VNC_KEYMAP_KEYCODES_UNKNOWN;

    if (key_names == NULL)
        return VNC_KEYMAP_KEYCODES_UNKNOWN;

    for (gsize i = 0; i < G_N_ELEMENTS(candidates); i++) {
        if (!key_names_fit(candidates[i], key_names, n_key_names))
            continue;
        /* Two tables fitting means the keys told us nothing. */
        if (fits != VNC_KEYMAP_KEYCODES_UNKNOWN)
            return VNC_KEYMAP_KEYCODES_UNKNOWN;
        fits = candidates[i];
    }
    return fits;
}

/* The keypad: each key's keypad keysym with NumLock on and off, and the
 * plain keysyms a layout may give it instead (0: none). */
static const struct {
    guint16 xtkbd;
    guint plain_on, keypad_on;
    guint plain_off, keypad_off;
} keypad_keys[] = {
    { XT_KP_0, '0', KEYSYM_KP_0 + 0, KEYSYM_INSERT, KEYSYM_KP_INSERT },
    { XT_KP_1, '1', KEYSYM_KP_0 + 1, KEYSYM_END, KEYSYM_KP_END },
    { XT_KP_2, '2', KEYSYM_KP_0 + 2, KEYSYM_DOWN, KEYSYM_KP_DOWN },
    { XT_KP_3, '3', KEYSYM_KP_0 + 3, KEYSYM_NEXT, KEYSYM_KP_NEXT },
    { XT_KP_4, '4', KEYSYM_KP_0 + 4, KEYSYM_LEFT, KEYSYM_KP_LEFT },
    { XT_KP_5, '5', KEYSYM_KP_0 + 5, KEYSYM_BEGIN, KEYSYM_KP_BEGIN },
    { XT_KP_6, '6', KEYSYM_KP_0 + 6, KEYSYM_RIGHT, KEYSYM_KP_RIGHT },
    { XT_KP_7, '7', KEYSYM_KP_0 + 7, KEYSYM_HOME, KEYSYM_KP_HOME },
    { XT_KP_8, '8', KEYSYM_KP_0 + 8, KEYSYM_UP, KEYSYM_KP_UP },
    { XT_KP_9, '9', KEYSYM_KP_0 + 9, KEYSYM_PRIOR, KEYSYM_KP_PRIOR },
    /* Layouts with a decimal comma put "," here: KP_Separator, so the
     * server still types the comma the person sees. */
    { XT_KP_DECIMAL, '.', KEYSYM_KP_DECIMAL, KEYSYM_DELETE, KEYSYM_KP_DELETE },
    { XT_KP_DECIMAL, ',', KEYSYM_KP_SEPARATOR, 0, 0 },
    { XT_KP_MULTIPLY, '*', KEYSYM_KP_MULTIPLY, 0, 0 },
    { XT_KP_SUBTRACT, '-', KEYSYM_KP_SUBTRACT, 0, 0 },
    { XT_KP_ADD, '+', KEYSYM_KP_ADD, 0, 0 },
    { XT_KP_DIVIDE, '/', KEYSYM_KP_DIVIDE, 0, 0 },
    { XT_KP_ENTER, KEYSYM_RETURN, KEYSYM_KP_ENTER, 0, 0 },
};

guint
vnc_keymap_fixup_keyval(guint16 xtkbd, guint keyval)
{
    if (keyval == KEYSYM_ISO_LEFT_TAB)
        return KEYSYM_TAB;

    if (xtkbd == 0)
        return keyval;

    for (gsize i = 0; i < G_N_ELEMENTS(keypad_keys); i++) {
        if (keypad_keys[i].xtkbd != xtkbd)
            continue;
        if (keyval == keypad_keys[i].plain_on)
            return keypad_keys[i].keypad_on;
        if (keypad_keys[i].plain_off != 0 && keyval == keypad_keys[i].plain_off)
            return keypad_keys[i].keypad_off;
    }
    return keyval;
}
