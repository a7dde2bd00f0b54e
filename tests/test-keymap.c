/*
 * gtk-vnc tests: the widget's keyboard tables (no display needed)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The tables generated from src/keymaps/keymaps.csv against expectations
 * written out by hand, the choice of table from XKB names, the keysym
 * fixups, and the data file against the primary sources it was written
 * from (Linux's input-event-codes.h, xkb's keycodes files) where those are
 * installed.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "vnckeymap-priv.h"

#define INPUT_EVENT_CODES_H "/usr/include/linux/input-event-codes.h"
#define XKB_KEYCODES_DIR "/usr/share/X11/xkb/keycodes"

/* What the guest must receive, written out from the RFB specification's
 * encoding (one byte; 0x80 | byte after e0) and the XT set 1 scan codes,
 * independently of keymaps.csv. */
typedef struct {
    const char *what;
    guint keycode;
    guint16 xtkbd;
} KeyExpectation;

/* Keycodes of the evdev driver: Linux KEY_ code + 8. */
#define EV(linux_code) ((linux_code) + 8)

static const KeyExpectation evdev_expected[] = {
    /* Letters and digits (the XT main block). */
    { "A", EV(30), 0x1e },
    { "Q", EV(16), 0x10 },
    { "Z", EV(44), 0x2c },
    { "M", EV(50), 0x32 },
    { "P", EV(25), 0x19 },
    { "L", EV(38), 0x26 },
    { "1", EV(2), 0x02 },
    { "5", EV(6), 0x06 },
    { "0", EV(11), 0x0b },
    { "minus", EV(12), 0x0c },
    { "equal", EV(13), 0x0d },
    { "grave", EV(41), 0x29 },
    { "backslash", EV(43), 0x2b },
    { "ISO key left of Z", EV(86), 0x56 },
    { "slash", EV(53), 0x35 },
    { "Escape", EV(1), 0x01 },
    { "BackSpace", EV(14), 0x0e },
    { "Tab", EV(15), 0x0f },
    { "Return", EV(28), 0x1c },
    { "space", EV(57), 0x39 },
    { "Caps Lock", EV(58), 0x3a },
    /* Function keys: F11/F12 are not after F10 in the XT codes. */
    { "F1", EV(59), 0x3b },
    { "F5", EV(63), 0x3f },
    { "F10", EV(68), 0x44 },
    { "F11", EV(87), 0x57 },
    { "F12", EV(88), 0x58 },
    /* Modifiers, both sides. */
    { "Control_L", EV(29), 0x1d },
    { "Control_R", EV(97), 0x9d },
    { "Shift_L", EV(42), 0x2a },
    { "Shift_R", EV(54), 0x36 },
    { "Alt_L", EV(56), 0x38 },
    { "Alt_R / AltGr", EV(100), 0xb8 },
    { "Super_L", EV(125), 0xdb },
    { "Super_R", EV(126), 0xdc },
    { "Menu", EV(127), 0xdd },
    /* The cursor block and the keys above it. */
    { "Up", EV(103), 0xc8 },
    { "Down", EV(108), 0xd0 },
    { "Left", EV(105), 0xcb },
    { "Right", EV(106), 0xcd },
    { "Home", EV(102), 0xc7 },
    { "End", EV(107), 0xcf },
    { "Page_Up", EV(104), 0xc9 },
    { "Page_Down", EV(109), 0xd1 },
    { "Insert", EV(110), 0xd2 },
    { "Delete", EV(111), 0xd3 },
    { "PrintScreen", EV(99), 0xb7 },
    { "Scroll Lock", EV(70), 0x46 },
    { "Pause", EV(119), 0xc6 },
    /* The keypad. */
    { "Num Lock", EV(69), 0x45 },
    { "KP_Divide", EV(98), 0xb5 },
    { "KP_Multiply", EV(55), 0x37 },
    { "KP_Subtract", EV(74), 0x4a },
    { "KP_Add", EV(78), 0x4e },
    { "KP_Enter", EV(96), 0x9c },
    { "KP_7", EV(71), 0x47 },
    { "KP_5", EV(76), 0x4c },
    { "KP_1", EV(79), 0x4f },
    { "KP_0", EV(82), 0x52 },
    { "KP_Decimal", EV(83), 0x53 },
    { "KP_Equal", EV(117), 0x59 },
    /* Japanese 106/109-key keyboards. */
    { "Hiragana_Katakana", EV(93), 0x70 },
    { "Henkan", EV(92), 0x79 },
    { "Muhenkan", EV(94), 0x7b },
    { "Ro (backslash/underscore)", EV(89), 0x73 },
    { "Yen", EV(124), 0x7d },
    /* Korean keyboards. */
    { "Hangul", EV(122), 0x72 },
    { "Hanja", EV(123), 0x71 },
    /* A few "Windows keyboard" extras. */
    { "AudioMute", EV(113), 0xa0 },
    { "AudioLowerVolume", EV(114), 0xae },
    { "AudioRaiseVolume", EV(115), 0xb0 },
    { "PowerOff", EV(116), 0xde },
    { "Calculator", EV(140), 0xa1 },
    /* The same keys as raw X keycodes of Xorg's evdev keymap, so that a
     * wrong offset cannot hide behind the EV() macro. */
    { "<AC01> a", 38, 0x1e },
    { "<UP>", 111, 0xc8 },
    { "<RCTL>", 105, 0x9d },
    { "<PRSC>", 107, 0xb7 },
    { "<LWIN>", 133, 0xdb },
};

/* Keycodes of the XFree86 kbd driver (xkb's keycodes/xfree86). */
static const KeyExpectation xfree86_expected[] = {
    { "<ESC>", 9, 0x01 },
    { "<AC01> a", 38, 0x1e },
    { "<AD01> q", 24, 0x10 },
    { "<AB01> z", 52, 0x2c },
    { "<AE01> 1", 10, 0x02 },
    { "<AE10> 0", 19, 0x0b },
    { "<FK01>", 67, 0x3b },
    { "<FK10>", 76, 0x44 },
    { "<FK11>", 95, 0x57 },
    { "<FK12>", 96, 0x58 },
    { "<LCTL>", 37, 0x1d },
    { "<RCTL>", 109, 0x9d },
    { "<LFSH>", 50, 0x2a },
    { "<RTSH>", 62, 0x36 },
    { "<LALT>", 64, 0x38 },
    { "<RALT>", 113, 0xb8 },
    { "<LWIN>", 115, 0xdb },
    { "<RWIN>", 116, 0xdc },
    { "<MENU>", 117, 0xdd },
    { "<UP>", 98, 0xc8 },
    { "<DOWN>", 104, 0xd0 },
    { "<LEFT>", 100, 0xcb },
    { "<RGHT>", 102, 0xcd },
    { "<HOME>", 97, 0xc7 },
    { "<END>", 103, 0xcf },
    { "<PGUP>", 99, 0xc9 },
    { "<PGDN>", 105, 0xd1 },
    { "<INS>", 106, 0xd2 },
    { "<DELE>", 107, 0xd3 },
    { "<PRSC>", 111, 0xb7 },
    { "<SYRQ> Alt+PrintScreen", 92, 0x54 },
    { "<PAUS>", 110, 0xc6 },
    { "<BRK> Ctrl+Pause", 114, 0xc6 },
    { "<NMLK>", 77, 0x45 },
    { "<KPDV>", 112, 0xb5 },
    { "<KPMU>", 63, 0x37 },
    { "<KPEN>", 108, 0x9c },
    { "<KP7>", 79, 0x47 },
    { "<KP0>", 90, 0x52 },
    { "<KPDL>", 91, 0x53 },
    { "<LSGT>", 94, 0x56 },
    { "<BKSL>", 51, 0x2b },
    { "<HKTG>", 208, 0x70 },
    { "<AB11>", 211, 0x73 },
    { "<XFER> Henkan", 129, 0x79 },
    { "<NFER> Muhenkan", 131, 0x7b },
    { "<AE13> Yen", 133, 0x7d },
    { "<I20> AudioMute", 160, 0xa0 },
};

static void
check_expectations(VncKeymapKeycodes keycodes, const KeyExpectation *expected, gsize n)
{
    for (gsize i = 0; i < n; i++) {
        guint16 got = vnc_keymap_to_xtkbd(keycodes, expected[i].keycode);

        if (got != expected[i].xtkbd)
            g_test_message("%s keycode %u (%s): got 0x%02x, want 0x%02x",
                           vnc_keymap_keycodes_name(keycodes), expected[i].keycode,
                           expected[i].what, got, expected[i].xtkbd);
        g_assert_cmphex(got, ==, expected[i].xtkbd);
    }
}

static void
test_evdev_expected(void)
{
    check_expectations(VNC_KEYMAP_KEYCODES_EVDEV, evdev_expected,
                       G_N_ELEMENTS(evdev_expected));
}

static void
test_xfree86_expected(void)
{
    check_expectations(VNC_KEYMAP_KEYCODES_XFREE86, xfree86_expected,
                       G_N_ELEMENTS(xfree86_expected));
}

/* Linux codes 1-83 are the XT make codes themselves (a design decision of
 * Linux's input layer): every one must come out unchanged. */
static void
test_evdev_main_block(void)
{
    for (guint code = 1; code <= 83; code++)
        g_assert_cmphex(vnc_keymap_to_xtkbd(VNC_KEYMAP_KEYCODES_EVDEV, EV(code)), ==, code);
}

/* Every value fits the RFB keycode: below 0x100, never a bare prefix. */
static void
test_encodable(void)
{
    const VncKeymapKeycodes sets[] = {
        VNC_KEYMAP_KEYCODES_EVDEV, VNC_KEYMAP_KEYCODES_XFREE86,
    };

    for (gsize s = 0; s < G_N_ELEMENTS(sets); s++) {
        guint known = 0;

        for (guint keycode = 0; keycode < 256; keycode++) {
            guint16 xtkbd = vnc_keymap_to_xtkbd(sets[s], keycode);

            if (xtkbd == 0)
                continue;
            known++;
            g_assert_cmphex(xtkbd, <, 0x100);
            g_assert_cmphex(xtkbd & 0x7f, !=, 0);
            /* X keycodes start at 8. */
            g_assert_cmpuint(keycode, >=, 8);
        }
        /* At least a full 105-key keyboard. */
        g_assert_cmpuint(known, >=, 105);
    }
}

static void
test_unknown(void)
{
    /* Below X's first keycode. */
    for (guint keycode = 0; keycode < 8; keycode++) {
        g_assert_cmphex(vnc_keymap_to_xtkbd(VNC_KEYMAP_KEYCODES_EVDEV, keycode), ==, 0);
        g_assert_cmphex(vnc_keymap_to_xtkbd(VNC_KEYMAP_KEYCODES_XFREE86, keycode), ==, 0);
    }
    /* Beyond the tables. */
    g_assert_cmphex(vnc_keymap_to_xtkbd(VNC_KEYMAP_KEYCODES_EVDEV, 256), ==, 0);
    g_assert_cmphex(vnc_keymap_to_xtkbd(VNC_KEYMAP_KEYCODES_EVDEV, 65535), ==, 0);
    g_assert_cmphex(vnc_keymap_to_xtkbd(VNC_KEYMAP_KEYCODES_XFREE86, G_MAXUINT), ==, 0);
    /* Keys without an agreed PC scan code: F13, KEY_MACRO, KEY_LINEFEED,
     * KEY_UNDO, KEY_RFKILL. */
    g_assert_cmphex(vnc_keymap_to_xtkbd(VNC_KEYMAP_KEYCODES_EVDEV, EV(183)), ==, 0);
    g_assert_cmphex(vnc_keymap_to_xtkbd(VNC_KEYMAP_KEYCODES_EVDEV, EV(112)), ==, 0);
    g_assert_cmphex(vnc_keymap_to_xtkbd(VNC_KEYMAP_KEYCODES_EVDEV, EV(101)), ==, 0);
    g_assert_cmphex(vnc_keymap_to_xtkbd(VNC_KEYMAP_KEYCODES_EVDEV, EV(131)), ==, 0);
    g_assert_cmphex(vnc_keymap_to_xtkbd(VNC_KEYMAP_KEYCODES_EVDEV, EV(247)), ==, 0);
    g_assert_cmphex(vnc_keymap_to_xtkbd(VNC_KEYMAP_KEYCODES_EVDEV, 255), ==, 0);
    /* The kbd driver's fake keycodes (<MDSW>, <LVL3>, <ALT>, <META>). */
    g_assert_cmphex(vnc_keymap_to_xtkbd(VNC_KEYMAP_KEYCODES_XFREE86, 8), ==, 0);
    g_assert_cmphex(vnc_keymap_to_xtkbd(VNC_KEYMAP_KEYCODES_XFREE86, 124), ==, 0);
    g_assert_cmphex(vnc_keymap_to_xtkbd(VNC_KEYMAP_KEYCODES_XFREE86, 125), ==, 0);
    g_assert_cmphex(vnc_keymap_to_xtkbd(VNC_KEYMAP_KEYCODES_XFREE86, 156), ==, 0);
    /* No table at all, and values outside the enum. */
    for (guint keycode = 0; keycode < 300; keycode++) {
        g_assert_cmphex(vnc_keymap_to_xtkbd(VNC_KEYMAP_KEYCODES_UNKNOWN, keycode), ==, 0);
        g_assert_cmphex(vnc_keymap_to_xtkbd((VncKeymapKeycodes)42, keycode), ==, 0);
    }
}

static void
test_xkb_name(void)
{
    static const struct {
        const char *name;
        VncKeymapKeycodes keycodes;
    } cases[] = {
        { "evdev+aliases(qwerty)", VNC_KEYMAP_KEYCODES_EVDEV },
        { "evdev+aliases(azerty)", VNC_KEYMAP_KEYCODES_EVDEV },
        /* As X servers report it. */
        { "evdev_aliases(qwerty)", VNC_KEYMAP_KEYCODES_EVDEV },
        { "xfree86_aliases(qwerty)", VNC_KEYMAP_KEYCODES_XFREE86 },
        { "evdev", VNC_KEYMAP_KEYCODES_EVDEV },
        { "evdev(evdev)", VNC_KEYMAP_KEYCODES_EVDEV },
        { "xfree86+aliases(qwerty)", VNC_KEYMAP_KEYCODES_XFREE86 },
        { "xfree86", VNC_KEYMAP_KEYCODES_XFREE86 },
        { "xfree86(basic)", VNC_KEYMAP_KEYCODES_XFREE86 },
        /* Only the first component says which driver. */
        { "aliases(qwerty)+evdev", VNC_KEYMAP_KEYCODES_UNKNOWN },
        { "evdevx", VNC_KEYMAP_KEYCODES_UNKNOWN },
        { "evdev-custom", VNC_KEYMAP_KEYCODES_UNKNOWN },
        { "xfree98", VNC_KEYMAP_KEYCODES_UNKNOWN },
        { "macintosh", VNC_KEYMAP_KEYCODES_UNKNOWN },
        { "sun(type6)", VNC_KEYMAP_KEYCODES_UNKNOWN },
        { "EVDEV", VNC_KEYMAP_KEYCODES_UNKNOWN },
        { "", VNC_KEYMAP_KEYCODES_UNKNOWN },
        { NULL, VNC_KEYMAP_KEYCODES_UNKNOWN },
    };

    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_test_message("keycodes name '%s'", cases[i].name ? cases[i].name : "(null)");
        g_assert_cmpint(vnc_keymap_keycodes_from_xkb_name(cases[i].name), ==,
                        cases[i].keycodes);
    }
}

/* Key name lists by hand: where the named keys sit on each driver. */
typedef struct {
    const char *name;
    guint keycode;
} NamedKey;

static VncKeymapKeycodes
keycodes_from_named(const NamedKey *keys, gsize n)
{
    const char *names[256] = { NULL };

    for (gsize i = 0; i < n; i++)
        names[keys[i].keycode] = keys[i].name;
    return vnc_keymap_keycodes_from_key_names(names, G_N_ELEMENTS(names));
}

static void
test_key_names(void)
{
    static const NamedKey evdev[] = {
        { "ESC", 9 }, { "AC01", 38 }, { "UP", 111 }, { "DOWN", 116 },
        { "LEFT", 113 }, { "RGHT", 114 }, { "RCTL", 105 }, { "RALT", 108 },
        { "PRSC", 107 }, { "LWIN", 133 },
    };
    static const NamedKey xfree86[] = {
        { "ESC", 9 }, { "AC01", 38 }, { "UP", 98 }, { "DOWN", 104 },
        { "LEFT", 100 }, { "RGHT", 102 }, { "RCTL", 109 }, { "RALT", 113 },
        { "PRSC", 111 }, { "LWIN", 115 },
    };
    /* Same names, but Up where the kbd driver has it. */
    static const NamedKey mixed[] = {
        { "ESC", 9 }, { "AC01", 38 }, { "UP", 98 }, { "DOWN", 116 },
        { "LEFT", 113 }, { "RGHT", 114 }, { "RCTL", 105 }, { "RALT", 108 },
    };
    /* Escape and A are the same on both: they prove nothing alone. */
    static const NamedKey too_few[] = {
        { "ESC", 9 }, { "AC01", 38 }, { "TLDE", 49 },
    };
    /* XQuartz-like: Mac virtual keycodes + 8. */
    static const NamedKey mac[] = {
        { "ESC", 61 }, { "AC01", 8 }, { "UP", 134 }, { "DOWN", 133 },
        { "LEFT", 131 }, { "RGHT", 132 }, { "HOME", 123 }, { "END", 127 },
    };

    g_assert_cmpint(keycodes_from_named(evdev, G_N_ELEMENTS(evdev)), ==,
                    VNC_KEYMAP_KEYCODES_EVDEV);
    g_assert_cmpint(keycodes_from_named(xfree86, G_N_ELEMENTS(xfree86)), ==,
                    VNC_KEYMAP_KEYCODES_XFREE86);
    g_assert_cmpint(keycodes_from_named(mixed, G_N_ELEMENTS(mixed)), ==,
                    VNC_KEYMAP_KEYCODES_UNKNOWN);
    g_assert_cmpint(keycodes_from_named(too_few, G_N_ELEMENTS(too_few)), ==,
                    VNC_KEYMAP_KEYCODES_UNKNOWN);
    g_assert_cmpint(keycodes_from_named(mac, G_N_ELEMENTS(mac)), ==,
                    VNC_KEYMAP_KEYCODES_UNKNOWN);
    g_assert_cmpint(vnc_keymap_keycodes_from_key_names(NULL, 0), ==,
                    VNC_KEYMAP_KEYCODES_UNKNOWN);

    /* A list shorter than the keycodes is fine: the names past its end
     * are simply missing. */
    {
        const char *names[112] = { NULL };

        names[9] = "ESC";
        names[38] = "AC01";
        names[111] = "UP";
        names[105] = "RCTL";
        names[108] = "RALT";
        names[107] = "PRSC";
        g_assert_cmpint(vnc_keymap_keycodes_from_key_names(names, G_N_ELEMENTS(names)), ==,
                        VNC_KEYMAP_KEYCODES_EVDEV);
        g_assert_cmpint(vnc_keymap_keycodes_from_key_names(names, 100), ==,
                        VNC_KEYMAP_KEYCODES_UNKNOWN);
    }
}

/* X keysyms used below (X11/keysymdef.h). */
#define KS_ISO_Left_Tab 0xfe20
#define KS_Tab          0xff09
#define KS_Return       0xff0d
#define KS_Home         0xff50
#define KS_End          0xff57
#define KS_Insert       0xff63
#define KS_Delete       0xffff
#define KS_KP_Enter     0xff8d
#define KS_KP_Home      0xff95
#define KS_KP_End       0xff9c
#define KS_KP_Insert    0xff9e
#define KS_KP_Delete    0xff9f
#define KS_KP_Multiply  0xffaa
#define KS_KP_Add       0xffab
#define KS_KP_Separator 0xffac
#define KS_KP_Decimal   0xffae
#define KS_KP_Divide    0xffaf
#define KS_KP_0         0xffb0
#define KS_KP_1         0xffb1
#define KS_KP_7         0xffb7

static void
test_fixup(void)
{
    static const struct {
        guint16 xtkbd;
        guint keyval, want;
    } cases[] = {
        /* Shift+Tab, whatever the key and with no table at all. */
        { 0x0f, KS_ISO_Left_Tab, KS_Tab },
        { 0, KS_ISO_Left_Tab, KS_Tab },
        { 0x0f, KS_Tab, KS_Tab },
        /* Keypad keys with NumLock on and off. */
        { 0x4f, '1', KS_KP_1 },
        { 0x4f, KS_End, KS_KP_End },
        { 0x47, '7', KS_KP_7 },
        { 0x47, KS_Home, KS_KP_Home },
        { 0x52, '0', KS_KP_0 },
        { 0x52, KS_Insert, KS_KP_Insert },
        { 0x53, '.', KS_KP_Decimal },
        { 0x53, ',', KS_KP_Separator },
        { 0x53, KS_Delete, KS_KP_Delete },
        { 0x37, '*', KS_KP_Multiply },
        { 0x4e, '+', KS_KP_Add },
        { 0xb5, '/', KS_KP_Divide },
        { 0x9c, KS_Return, KS_KP_Enter },
        /* Already keypad keysyms: untouched. */
        { 0x4f, KS_KP_1, KS_KP_1 },
        { 0x4f, KS_KP_End, KS_KP_End },
        { 0x53, KS_KP_Separator, KS_KP_Separator },
        /* Something a layout chose on purpose: untouched. */
        { 0x4f, 'a', 'a' },
        { 0x4f, '2', '2' },
        { 0x52, KS_Delete, KS_Delete },
        /* The same keysyms on the main keys are not keypad keys. */
        { 0x02, '1', '1' },
        { 0x1c, KS_Return, KS_Return },
        { 0xcf, KS_End, KS_End },
        { 0xd3, KS_Delete, KS_Delete },
        { 0x35, '/', '/' },
        { 0x0d, '+', '+' },
        /* Unknown key: only the Tab fixup applies. */
        { 0, '1', '1' },
        { 0, KS_End, KS_End },
    };

    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_test_message("xtkbd 0x%02x keyval 0x%x", cases[i].xtkbd, cases[i].keyval);
        g_assert_cmphex(vnc_keymap_fixup_keyval(cases[i].xtkbd, cases[i].keyval), ==,
                        cases[i].want);
    }
}

/* ---- The data file against its sources ---- */

typedef struct {
    guint line;
    char *linux_name;
    int linux_code;      /* -1: none */
    char *xt;
    guint16 xtkbd;
    char *evdev_name;
    char *xfree86_name;
    int xfree86_code;    /* -1: none */
} CsvRow;

static void
csv_row_free(gpointer data)
{
    CsvRow *row = data;

    g_free(row->linux_name);
    g_free(row->xt);
    g_free(row->evdev_name);
    g_free(row->xfree86_name);
    g_free(row);
}

static guint16
parse_xt(const char *xt)
{
    guint64 first, second;
    char *end;

    first = g_ascii_strtoull(xt, &end, 16);
    if (*end == '\0')
        return first;
    g_assert_cmphex(first, ==, 0xe0);
    g_assert_true(*end == ' ');
    second = g_ascii_strtoull(end + 1, &end, 16);
    g_assert_true(*end == '\0');
    return 0x80 | second;
}

static GPtrArray *
read_keymaps_csv(void)
{
    g_autofree char *path = g_test_build_filename(G_TEST_DIST, "..", "src", "keymaps",
                                                  "keymaps.csv", NULL);
    g_autofree char *contents = NULL;
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) lines = NULL;
    GPtrArray *rows = g_ptr_array_new_with_free_func(csv_row_free);
    gboolean header = FALSE;

    g_file_get_contents(path, &contents, NULL, &error);
    g_assert_no_error(error);

    lines = g_strsplit(contents, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++) {
        g_auto(GStrv) fields = NULL;
        CsvRow *row;

        if (lines[i][0] == '#' || lines[i][0] == '\0')
            continue;
        if (!header) {
            header = TRUE;
            continue;
        }
        fields = g_strsplit(lines[i], ",", -1);
        g_assert_cmpuint(g_strv_length(fields), ==, 6);

        row = g_new0(CsvRow, 1);
        row->line = i + 1;
        row->linux_name = g_strdup(fields[0]);
        row->linux_code = fields[1][0] ? atoi(fields[1]) : -1;
        row->xt = g_strdup(fields[2]);
        row->xtkbd = parse_xt(fields[2]);
        row->evdev_name = g_strdup(fields[3]);
        row->xfree86_name = g_strdup(fields[4]);
        row->xfree86_code = fields[5][0] ? atoi(fields[5]) : -1;
        g_ptr_array_add(rows, row);
    }
    g_assert_true(header);
    g_assert_cmpuint(rows->len, >, 100);
    return rows;
}

/* The generated tables hold exactly what the data file says. */
static void
test_tables_match_csv(void)
{
    g_autoptr(GPtrArray) rows = read_keymaps_csv();
    gboolean evdev_listed[256] = { FALSE }, xfree86_listed[256] = { FALSE };

    for (guint i = 0; i < rows->len; i++) {
        const CsvRow *row = rows->pdata[i];

        if (row->linux_code >= 0) {
            g_assert_cmphex(vnc_keymap_to_xtkbd(VNC_KEYMAP_KEYCODES_EVDEV,
                                                EV(row->linux_code)), ==, row->xtkbd);
            evdev_listed[EV(row->linux_code)] = TRUE;
        }
        if (row->xfree86_code >= 0) {
            g_assert_cmphex(vnc_keymap_to_xtkbd(VNC_KEYMAP_KEYCODES_XFREE86,
                                                row->xfree86_code), ==, row->xtkbd);
            xfree86_listed[row->xfree86_code] = TRUE;
        }
    }
    for (guint keycode = 0; keycode < 256; keycode++) {
        if (!evdev_listed[keycode])
            g_assert_cmphex(vnc_keymap_to_xtkbd(VNC_KEYMAP_KEYCODES_EVDEV, keycode), ==, 0);
        if (!xfree86_listed[keycode])
            g_assert_cmphex(vnc_keymap_to_xtkbd(VNC_KEYMAP_KEYCODES_XFREE86, keycode), ==, 0);
    }
}

/* KEY_ names and codes as Linux defines them. */
static void
test_csv_linux_codes(void)
{
    g_autoptr(GPtrArray) rows = NULL;
    g_autoptr(GHashTable) codes = NULL;
    g_autoptr(GRegex) define = NULL;
    g_autoptr(GMatchInfo) match = NULL;
    g_autofree char *contents = NULL;

    if (!g_file_get_contents(INPUT_EVENT_CODES_H, &contents, NULL, NULL)) {
        g_test_skip(INPUT_EVENT_CODES_H " is not installed (Debian: linux-libc-dev)");
        return;
    }
    codes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    define = g_regex_new("^#define\\s+(KEY_\\w+)\\s+(0x[0-9a-fA-F]+|[0-9]+)\\b",
                         G_REGEX_MULTILINE, 0, NULL);
    g_regex_match(define, contents, 0, &match);
    while (g_match_info_matches(match)) {
        g_autofree char *name = g_match_info_fetch(match, 1);
        g_autofree char *value = g_match_info_fetch(match, 2);

        g_hash_table_insert(codes, g_steal_pointer(&name),
                            GUINT_TO_POINTER(g_ascii_strtoull(value, NULL, 0) + 1));
        g_match_info_next(match, NULL);
    }
    g_assert_cmpuint(g_hash_table_size(codes), >, 200);

    rows = read_keymaps_csv();
    for (guint i = 0; i < rows->len; i++) {
        const CsvRow *row = rows->pdata[i];
        gpointer code;

        if (row->linux_code < 0)
            continue;
        g_test_message("keymaps.csv:%u %s", row->line, row->linux_name);
        code = g_hash_table_lookup(codes, row->linux_name);
        g_assert_nonnull(code);
        g_assert_cmpint(GPOINTER_TO_UINT(code) - 1, ==, row->linux_code);
    }
}

/* One xkb_keycodes section: key name -> keycode, and aliases. */
typedef struct {
    GHashTable *keys;
    GHashTable *aliases;
} XkbSection;

static void
xkb_section_free(gpointer data)
{
    XkbSection *section = data;

    g_hash_table_unref(section->keys);
    g_hash_table_unref(section->aliases);
    g_free(section);
}

/* Reads the sections of an xkb keycodes file; NULL if it is not there.
 * Enough of the syntax for keycodes/evdev and keycodes/xfree86: one
 * definition per line, "//" comments. */
static GHashTable *
read_xkb_keycodes(const char *file)
{
    g_autofree char *path = g_build_filename(XKB_KEYCODES_DIR, file, NULL);
    g_autofree char *contents = NULL;
    g_auto(GStrv) lines = NULL;
    g_autoptr(GRegex) section_re = NULL, key_re = NULL, alias_re = NULL;
    GHashTable *sections;
    XkbSection *section = NULL;

    if (!g_file_get_contents(path, &contents, NULL, NULL))
        return NULL;

    section_re = g_regex_new("^\\s*(?:default\\s+)?xkb_keycodes\\s+\"([^\"]+)\"", 0, 0, NULL);
    key_re = g_regex_new("^\\s*<([^>]+)>\\s*=\\s*([0-9]+)\\s*;", 0, 0, NULL);
    alias_re = g_regex_new("^\\s*alias\\s+<([^>]+)>\\s*=\\s*<([^>]+)>\\s*;", 0, 0, NULL);
    sections = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, xkb_section_free);

    lines = g_strsplit(contents, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++) {
        g_autoptr(GMatchInfo) match = NULL;
        char *comment = strstr(lines[i], "//");

        if (comment != NULL)
            *comment = '\0';
        if (g_regex_match(section_re, lines[i], 0, &match)) {
            section = g_new0(XkbSection, 1);
            section->keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
            section->aliases = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
            g_hash_table_insert(sections, g_match_info_fetch(match, 1), section);
            continue;
        }
        g_clear_pointer(&match, g_match_info_free);
        if (section != NULL && g_regex_match(key_re, lines[i], 0, &match)) {
            g_autofree char *number = g_match_info_fetch(match, 2);

            g_hash_table_insert(section->keys, g_match_info_fetch(match, 1),
                                GUINT_TO_POINTER(atoi(number)));
            continue;
        }
        g_clear_pointer(&match, g_match_info_free);
        if (section != NULL && g_regex_match(alias_re, lines[i], 0, &match))
            g_hash_table_insert(section->aliases, g_match_info_fetch(match, 1),
                                g_match_info_fetch(match, 2));
    }
    return sections;
}

/* A key's keycode in the given sections (later ones win, as an
 * "include" followed by definitions does); 0 if it has none. */
static guint
xkb_keycode(GHashTable *sections, const char *const *names, const char *key)
{
    guint keycode = 0;

    for (guint i = 0; names[i] != NULL; i++) {
        XkbSection *section = g_hash_table_lookup(sections, names[i]);
        const char *real = key;
        gpointer value;

        g_assert_nonnull(section);
        for (guint depth = 0; depth < 4; depth++) {
            const char *target = g_hash_table_lookup(section->aliases, real);

            if (target == NULL)
                break;
            real = target;
        }
        value = g_hash_table_lookup(section->keys, real);
        if (value != NULL)
            keycode = GPOINTER_TO_UINT(value);
    }
    return keycode;
}

static const char *const evdev_sections[] = { "evdev", NULL };
/* The default "xfree86" map includes "basic" and adds two keys. */
static const char *const xfree86_sections[] = { "basic", "xfree86", NULL };

/* evdev names: xkb must put the key at Linux code + 8. */
static void
test_csv_evdev_names(void)
{
    g_autoptr(GHashTable) evdev = read_xkb_keycodes("evdev");
    g_autoptr(GPtrArray) rows = NULL;

    if (evdev == NULL) {
        g_test_skip(XKB_KEYCODES_DIR "/evdev is not installed (Debian: xkb-data)");
        return;
    }
    rows = read_keymaps_csv();
    for (guint i = 0; i < rows->len; i++) {
        const CsvRow *row = rows->pdata[i];

        if (row->evdev_name[0] == '\0')
            continue;
        g_test_message("keymaps.csv:%u <%s>", row->line, row->evdev_name);
        g_assert_cmpuint(xkb_keycode(evdev, evdev_sections, row->evdev_name), ==,
                         EV(row->linux_code));
    }
}

/* The e0 keys the kbd driver gives keycodes of their own (the others get
 * 0x80 + byte). */
static const struct {
    guint8 byte;
    const char *name;
} kbd_driver_e0_keys[] = {
    { 0x1c, "KPEN" }, { 0x1d, "RCTL" }, { 0x35, "KPDV" }, { 0x37, "PRSC" },
    { 0x38, "RALT" }, { 0x46, "BRK" }, { 0x47, "HOME" }, { 0x48, "UP" },
    { 0x49, "PGUP" }, { 0x4b, "LEFT" }, { 0x4d, "RGHT" }, { 0x4f, "END" },
    { 0x50, "DOWN" }, { 0x51, "PGDN" }, { 0x52, "INS" }, { 0x53, "DELE" },
    { 0x5b, "LWIN" }, { 0x5c, "RWIN" }, { 0x5d, "MENU" },
};

/* The keycode the kbd driver produces for a row's bytes, by its rules:
 * bytes up to 0x58 and from 0x77 give byte + 8; 0x59-0x76 are moved to
 * the keys xkb calls <Kxx>; e0 bytes as above; Pause's e1 sequence is
 * <PAUS>. */
static guint
kbd_driver_keycode(GHashTable *xfree86, const CsvRow *row)
{
    guint byte = row->xtkbd & 0x7f;
    g_autofree char *name = NULL;

    if (g_strcmp0(row->linux_name, "KEY_PAUSE") == 0)
        return xkb_keycode(xfree86, xfree86_sections, "PAUS");
    if (row->xtkbd < 0x80) {
        if (byte <= 0x58 || byte >= 0x77)
            return byte + 8;
        name = g_strdup_printf("K%02X", byte);
        return xkb_keycode(xfree86, xfree86_sections, name);
    }
    for (gsize i = 0; i < G_N_ELEMENTS(kbd_driver_e0_keys); i++)
        if (kbd_driver_e0_keys[i].byte == byte)
            return xkb_keycode(xfree86, xfree86_sections, kbd_driver_e0_keys[i].name);
    return 0x80 + byte;
}

/* xfree86 codes: the name's keycode in xkb, and the keycode the driver
 * produces for the row's bytes. */
static void
test_csv_xfree86_codes(void)
{
    g_autoptr(GHashTable) xfree86 = read_xkb_keycodes("xfree86");
    g_autoptr(GPtrArray) rows = NULL;

    if (xfree86 == NULL) {
        g_test_skip(XKB_KEYCODES_DIR "/xfree86 is not installed (Debian: xkb-data)");
        return;
    }
    rows = read_keymaps_csv();
    for (guint i = 0; i < rows->len; i++) {
        const CsvRow *row = rows->pdata[i];

        if (row->xfree86_code < 0)
            continue;
        g_test_message("keymaps.csv:%u <%s> = %d (%s)", row->line, row->xfree86_name,
                       row->xfree86_code, row->xt);
        g_assert_cmpuint(xkb_keycode(xfree86, xfree86_sections, row->xfree86_name), ==,
                         row->xfree86_code);
        g_assert_cmpuint(kbd_driver_keycode(xfree86, row), ==, row->xfree86_code);
    }
}

/* The xkb files themselves, fed to the name heuristics, must be
 * recognised as what they are. */
static void
test_key_names_from_xkb_files(void)
{
    static const struct {
        const char *file;
        const char *const *sections;
        VncKeymapKeycodes keycodes;
    } files[] = {
        { "evdev", evdev_sections, VNC_KEYMAP_KEYCODES_EVDEV },
        { "xfree86", xfree86_sections, VNC_KEYMAP_KEYCODES_XFREE86 },
    };

    for (gsize f = 0; f < G_N_ELEMENTS(files); f++) {
        g_autoptr(GHashTable) sections = read_xkb_keycodes(files[f].file);
        const char *names[256] = { NULL };

        if (sections == NULL) {
            g_test_skip("xkb's keycodes files are not installed (Debian: xkb-data)");
            return;
        }
        for (guint s = 0; files[f].sections[s] != NULL; s++) {
            XkbSection *section = g_hash_table_lookup(sections, files[f].sections[s]);
            GHashTableIter iter;
            gpointer key, value;

            g_assert_nonnull(section);
            g_hash_table_iter_init(&iter, section->keys);
            while (g_hash_table_iter_next(&iter, &key, &value))
                if (GPOINTER_TO_UINT(value) < G_N_ELEMENTS(names))
                    names[GPOINTER_TO_UINT(value)] = key;
        }
        g_assert_cmpint(vnc_keymap_keycodes_from_key_names(names, G_N_ELEMENTS(names)), ==,
                        files[f].keycodes);
    }
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/keymap/evdev/expected", test_evdev_expected);
    g_test_add_func("/keymap/evdev/main-block", test_evdev_main_block);
    g_test_add_func("/keymap/xfree86/expected", test_xfree86_expected);
    g_test_add_func("/keymap/encodable", test_encodable);
    g_test_add_func("/keymap/unknown", test_unknown);
    g_test_add_func("/keymap/detect/xkb-name", test_xkb_name);
    g_test_add_func("/keymap/detect/key-names", test_key_names);
    g_test_add_func("/keymap/detect/xkb-files", test_key_names_from_xkb_files);
    g_test_add_func("/keymap/fixup", test_fixup);
    g_test_add_func("/keymap/data/tables", test_tables_match_csv);
    g_test_add_func("/keymap/data/linux-codes", test_csv_linux_codes);
    g_test_add_func("/keymap/data/evdev-names", test_csv_evdev_names);
    g_test_add_func("/keymap/data/xfree86-codes", test_csv_xfree86_codes);

    return g_test_run();
}
