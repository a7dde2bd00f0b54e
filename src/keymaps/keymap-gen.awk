# keymap-gen.awk: turns keymaps.csv into the C tables of the widget's
# keyboard translation.
#
#   awk -f keymap-gen.awk keymaps.csv > vnckeymap-tables.h
#
# Written for POSIX awk (mawk, gawk, busybox): no gawk extensions. Any
# malformed row stops the build with "file:line: reason" on stderr and
# exit status 1, and nothing on stdout, so that a bad edit can never
# produce a half-filled table.
#
# Output: two arrays indexed by X keycode (0-255), holding the RFB "XT
# keycode" of the QEMU Extended Key Event (0 where the key is unknown):
#   vnc_keymap_evdev_to_xtkbd     keycode = Linux KEY_ code + 8
#   vnc_keymap_xfree86_to_xtkbd   keycodes of the XFree86 "kbd" driver

BEGIN {
    HEADER = "linux_name,linux_code,xt,evdev_name,xfree86_name,xfree86_code"
    # FILENAME is not set in BEGIN, nor in END after an empty file.
    input = (ARGC > 1) ? ARGV[1] : "-"
    header_seen = 0
    rows = 0
    failed = 0
    for (i = 0; i < 16; i++)
        HEX[substr("0123456789abcdef", i + 1, 1)] = i
}

function fail(message) {
    print input ":" FNR ": " message | "cat 1>&2"
    failed = 1
    exit 1
}

# For faults of the whole file, found at its end.
function fail_file(message) {
    print input ": " message | "cat 1>&2"
    failed = 1
    exit 1
}

function trim(s) {
    sub(/^[ \t]+/, "", s)
    sub(/[ \t]+$/, "", s)
    return s
}

# Two lowercase hex digits -> number.
function hexbyte(s) {
    return HEX[substr(s, 1, 1)] * 16 + HEX[substr(s, 2, 1)]
}

# "1e" -> 0x1e; "e0 4d" -> 0xcd (rfbproto: the high bit stands for the e0
# prefix). Returns -1 for anything the RFB keycode cannot carry.
function xt_keycode(s,    b) {
    s = tolower(s "")
    if (s ~ /^[0-9a-f][0-9a-f]$/) {
        b = hexbyte(s)
        return (b >= 1 && b < 128) ? b : -1
    }
    if (s ~ /^e0 [0-9a-f][0-9a-f]$/) {
        b = hexbyte(substr(s, 4, 2))
        return (b >= 1 && b < 128) ? 128 + b : -1
    }
    return -1
}

function decimal(s, lo, hi, what) {
    if (s !~ /^[0-9]+$/ || length(s) > 5)
        fail(what " '" s "' is not a decimal number")
    s = s + 0
    if (s < lo || s > hi)
        fail(what " " s " is outside " lo "-" hi)
    return s
}

# xkb key names are at most 4 characters (XkbKeyNameLength).
function check_xkb_name(name, what) {
    if (name !~ /^[A-Za-z0-9+-]+$/ || length(name) > 4)
        fail(what " '" name "' is not an xkb key name")
}

{ sub(/\r$/, "") }

/^[ \t]*#/ || /^[ \t]*$/ { next }

!header_seen {
    if ($0 != HEADER)
        fail("the first row must be the header \"" HEADER "\"")
    header_seen = 1
    next
}

{
    n = split($0, field, ",")
    if (n != 6)
        fail("expected 6 fields, found " n)
    for (i = 1; i <= 6; i++)
        field[i] = trim(field[i])
    linux_name = field[1]; linux_code = field[2]; xt = field[3]
    evdev_name = field[4]; xfree86_name = field[5]; xfree86_code = field[6]

    code = xt_keycode(xt)
    if (code < 0)
        fail("XT bytes '" xt "' are neither one byte 01-7f nor \"e0\" and one byte 01-7f")

    if ((linux_name == "") != (linux_code == ""))
        fail("linux_name and linux_code go together")
    if ((xfree86_name == "") != (xfree86_code == ""))
        fail("xfree86_name and xfree86_code go together")
    if (linux_name == "" && xfree86_name == "")
        fail("the row names no keycode")
    if (linux_name == "" && evdev_name != "")
        fail("an evdev name needs a Linux code")

    if (linux_name != "") {
        if (linux_name !~ /^KEY_[A-Z0-9_]+$/)
            fail("'" linux_name "' is not a Linux KEY_ name")
        if (linux_name in seen_linux_name)
            fail(linux_name " is listed twice (first at line " seen_linux_name[linux_name] ")")
        seen_linux_name[linux_name] = FNR
        # X keycodes stop at 255, so only Linux codes up to 247 have one.
        lc = decimal(linux_code, 1, 247, "Linux code")
        if ((lc + 8) in evdev)
            fail("Linux code " lc " is listed twice (first at line " evdev_line[lc + 8] ")")
        evdev[lc + 8] = code
        evdev_line[lc + 8] = FNR
        evdev_comment[lc + 8] = linux_name
        if (evdev_name != "")
            check_xkb_name(evdev_name, "evdev name")
    }

    if (xfree86_name != "") {
        check_xkb_name(xfree86_name, "xfree86 name")
        xc = decimal(xfree86_code, 8, 255, "xfree86 keycode")
        if (xc in xfree86)
            fail("xfree86 keycode " xc " is listed twice (first at line " xfree86_line[xc] ")")
        xfree86[xc] = code
        xfree86_line[xc] = FNR
        xfree86_comment[xc] = "<" xfree86_name ">" (linux_name != "" ? " " linux_name : "")
    }
    rows++
}

function emit(name, what, table, comment,    k) {
    print ""
    print "/* " what " */"
    print "static const guint16 " name "[256] = {"
    for (k = 0; k < 256; k++)
        if (k in table)
            printf "    [%d] = 0x%02x, /* %s */\n", k, table[k], comment[k]
    print "};"
}

END {
    if (failed)
        exit 1
    if (!header_seen)
        fail_file("no header row")
    if (rows == 0)
        fail_file("no keys")

    print "/* Generated from keymaps.csv by keymap-gen.awk: do not edit. */"
    print "#ifndef VNC_KEYMAP_TABLES_H"
    print "#define VNC_KEYMAP_TABLES_H"
    emit("vnc_keymap_evdev_to_xtkbd", \
         "X keycodes of the evdev driver (Linux KEY_ code + 8) -> RFB XT keycode", \
         evdev, evdev_comment)
    emit("vnc_keymap_xfree86_to_xtkbd", \
         "X keycodes of the XFree86 kbd driver -> RFB XT keycode", \
         xfree86, xfree86_comment)
    print ""
    print "#endif /* VNC_KEYMAP_TABLES_H */"
}
