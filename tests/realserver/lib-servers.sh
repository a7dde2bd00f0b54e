# Shared by the real-server tests beyond Xvnc at depth 24 (sourced after
# lib.sh, not run): Xvfb with x11vnc, QEMU with its monitor, and the
# comparisons that are not "every pixel identical": up to the rounding
# of 5/6-bit colour, up to a per-channel bound, and by PSNR. A failing
# comparison keeps the pictures and an image of the differences in the
# build directory (tests/realserver-*.png) and says where.
#
# It builds on lib.sh's conventions: an Xvfb is started as "the" X
# server of the test (XVNC_DISPLAY/XVNC_PID), so lib.sh's put_content,
# take_truth and cleanup work on it unchanged; the VNC servers are added
# to CHILD_PIDS after the X clients, so they are stopped before the X
# server goes away.

: "${XVFB:=$(command -v Xvfb || true)}"
: "${X11VNC:=$(command -v x11vnc || true)}"
: "${QEMU:=$(command -v qemu-system-x86_64 || true)}"

# The tests/ folder of the build: pictures of failed comparisons stay
# there, named after the script, after $WORK is gone.
KEEP_PREFIX=$TOP_BUILDDIR/tests/realserver-$(basename "$0" .sh)

# require_commands TOOL...: like require_tools, for tests that need no
# Xvnc: skips the whole script when one is missing.
require_commands() {
    local tool missing=
    [ -n "$IMPORT" ] && [ -x "$IMPORT" ] || missing="$missing import(ImageMagick)"
    [ -n "$COMPARE" ] && [ -x "$COMPARE" ] || missing="$missing compare(ImageMagick)"
    [ -x "$CONVERT" ] || missing="$missing convert(ImageMagick)"
    for tool in "$@"; do
        case $tool in
        /*) [ -x "$tool" ] || missing="$missing $tool" ;;
        *) command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool" ;;
        esac
    done
    if [ -n "$missing" ]; then
        tap_skip_rest "not installed:$missing"
    fi
    [ -x "$GVNCCAPTURE" ] || bail_out "$GVNCCAPTURE was not built"
}

# ---- Xvfb and x11vnc -------------------------------------------------------

# start_xvfb WxHxD: an Xvfb on a free display, which becomes the test's
# X server (XVNC_DISPLAY, XVNC_PID: see the top of this file).
start_xvfb() {
    local attempt n waited
    n=$(( 20 + ($$ % 70) ))
    for attempt in 1 2 3 4 5 6 7 8 9 10; do
        n=$(( (n - 20 + 11) % 70 + 20 ))
        if [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ] ||
           port_in_use $((5900 + n)); then
            continue
        fi
        "$XVFB" ":$n" -screen 0 "$1" -noreset -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
        XVNC_PID=$!
        XVNC_DISPLAY=$n
        waited=0
        while kill -0 "$XVNC_PID" 2>/dev/null; do
            if xdpyinfo -display ":$n" >/dev/null 2>&1; then
                diag "Xvfb :$n ($1) is up, pid $XVNC_PID"
                return 0
            fi
            waited=$((waited + 1))
            if [ "$waited" -gt 100 ]; then
                diag "Xvfb :$n did not answer within 10 s" "$(tail -n 20 "$WORK/xvfb.log")"
                return 1
            fi
            sleep 0.1
        done
        wait "$XVNC_PID" 2>/dev/null
        XVNC_PID=
        diag "Xvfb :$n did not start; trying another display" "$(tail -n 5 "$WORK/xvfb.log")"
    done
    return 1
}

# start_x11vnc [X11VNC OPTIONS...]: x11vnc serving the test's X display
# on a free port of 127.0.0.1 (X11VNC_PORT), without a password. Start it
# once the screen is final: it reads the whole screen when it starts and
# afterwards only polls for changes, a little at a time.
#
# -nocursor keeps the pointer out of the pictures (import's truth has
# none), -noxdamage makes it trust its own polling only, -forever lets
# one server serve every capture of the test in turn. The ports are
# taken from 16000-16899: away from VNC's 5900s, X's 6000s and the
# kernel's ephemeral ports.
start_x11vnc() {
    local attempt port waited
    port=$(( 16000 + ($$ % 900) ))
    for attempt in 1 2 3 4 5 6 7 8 9 10; do
        port=$(( (port - 16000 + 37) % 900 + 16000 ))
        port_in_use "$port" && continue
        "$X11VNC" -display ":$XVNC_DISPLAY" -rfbport "$port" -listen 127.0.0.1 \
            -localhost -nocursor -noxdamage -forever -nopw -norc "$@" \
            >"$WORK/x11vnc.log" 2>&1 &
        X11VNC_PID=$!
        waited=0
        while kill -0 "$X11VNC_PID" 2>/dev/null; do
            if port_in_use "$port"; then
                X11VNC_PORT=$port
                CHILD_PIDS="$CHILD_PIDS $X11VNC_PID"
                diag "x11vnc on :$XVNC_DISPLAY is up at port $port, pid $X11VNC_PID"
                return 0
            fi
            waited=$((waited + 1))
            if [ "$waited" -gt 200 ]; then
                diag "x11vnc did not listen within 20 s" "$(tail -n 20 "$WORK/x11vnc.log")"
                stop_pid "$X11VNC_PID"
                return 1
            fi
            sleep 0.1
        done
        wait "$X11VNC_PID" 2>/dev/null
        diag "x11vnc did not start on port $port; trying another" \
            "$(tail -n 5 "$WORK/x11vnc.log")"
    done
    return 1
}

# ---- QEMU ------------------------------------------------------------------

# QEMU's text cursor blinks: this 9x2 block (x0,y0 x1,y1) changes between
# two screendumps of the firmware's screen and is masked in both pictures
# of every QEMU comparison.
QEMU_CURSOR_BLOCK="0,141 8,142"

# start_qemu [QEMU OPTIONS...]: QEMU serving VNC on 127.0.0.1, a free
# display (QEMU_DISPLAY, QEMU_PORT), with $QEMU_VNC_OPTIONS appended to
# -vnc (such as ",lossy=on"), and its QMP monitor on two FIFOs opened on
# file descriptors 7 (to QEMU) and 8 (from QEMU): no socket tool needed.
# Without a disk among the options the screen is the firmware's text,
# 720x400. A QEMU started before is stopped first.
start_qemu() {
    local attempt n waited
    stop_qemu
    rm -f "$WORK/qmp.in" "$WORK/qmp.out"
    mkfifo "$WORK/qmp.in" "$WORK/qmp.out" || return 1
    # Read-write opens never block, even before QEMU has the FIFOs open,
    # and our own writer end keeps reads from ever seeing an EOF.
    exec 7<>"$WORK/qmp.in" 8<>"$WORK/qmp.out"
    n=$(( 20 + ($$ % 70) ))
    for attempt in 1 2 3 4 5 6 7 8 9 10; do
        n=$(( (n - 20 + 13) % 70 + 20 ))
        port_in_use $((5900 + n)) && continue
        "$QEMU" -nodefaults -machine pc,accel=tcg -m 64 -vga std -nic none \
            -audiodev none,id=snd0 -vnc "127.0.0.1:$n,audiodev=snd0${QEMU_VNC_OPTIONS:-}" \
            -chardev pipe,id=qmp,path="$WORK/qmp" -mon chardev=qmp,mode=control \
            -display none "$@" >"$WORK/qemu.log" 2>&1 &
        QEMU_PID=$!
        QEMU_DISPLAY=$n
        QEMU_PORT=$((5900 + n))
        waited=0
        while kill -0 "$QEMU_PID" 2>/dev/null; do
            if port_in_use "$QEMU_PORT"; then
                CHILD_PIDS="$CHILD_PIDS $QEMU_PID"
                diag "QEMU is up at 127.0.0.1:$n (port $QEMU_PORT), pid $QEMU_PID"
                # The greeting, then capabilities negotiation.
                qmp_read greeting '"QMP"' && qmp '{"execute": "qmp_capabilities"}'
                return
            fi
            waited=$((waited + 1))
            if [ "$waited" -gt 200 ]; then
                diag "QEMU did not listen within 20 s" "$(tail -n 20 "$WORK/qemu.log")"
                stop_qemu
                return 1
            fi
            sleep 0.1
        done
        wait "$QEMU_PID" 2>/dev/null
        QEMU_PID=
        diag "QEMU did not start on display :$n; trying another" \
            "$(tail -n 5 "$WORK/qemu.log")"
    done
    return 1
}

# stop_qemu: stops the QEMU start_qemu started, if any, and closes its
# monitor.
stop_qemu() {
    [ -n "${QEMU_PID:-}" ] || return 0
    stop_pid "$QEMU_PID"
    CHILD_PIDS=$(printf '%s\n' $CHILD_PIDS | grep -vx "$QEMU_PID" | tr '\n' ' ')
    QEMU_PID=
    exec 7>&- 8<&-
    rm -f "$WORK/qmp.in" "$WORK/qmp.out"
}

# make_boot_disk FILE: a disk whose boot sector draws a picture in VGA
# mode 13h (320x200 in 256 colours, which QEMU shows as 640x400): many
# colours in every tile in the top 128 rows, ten solid bands below.
# It is this 16-bit code, assembled (GNU as, .code16) at 0x7c00:
#       cld
#       mov $0x0013, %ax; int $0x10     # mode 13h
#       mov $0xA000, %ax; mov %ax, %es  # its framebuffer
#       xor %di, %di
#       xor %dx, %dx                    # dx: y
#   row:    xor %cx, %cx                # cx: x
#   pixel:  cmp $128, %dx; jae band
#           mov %cl, %al; mul %dl       # al = x * y
#           add %cl, %al; xor %dl, %al  #      + x, ^ y (low bytes)
#           jmp store
#   band:   mov %cx, %ax; shr $5, %ax; add $32, %al
#   store:  stosb
#           inc %cx; cmp $320, %cx; jb pixel
#           inc %dx; cmp $200, %dx; jb row
#   halt:   cli; hlt; jmp halt
make_boot_disk() {
    local code=fcb81300cd10b800a08ec031ff31d231c981fa8000730a88c8f6e200c830d0eb07
    code=${code}89c8c1e8050420aa4181f9400172e14281fac80072d8faf4ebfc
    printf "$(printf '%s' "$code" | sed 's/../\\x&/g')" >"$1" &&
        truncate -s 510 "$1" && printf '\x55\xaa' >>"$1" && truncate -s 65536 "$1"
}

# qmp_read WHAT REGEX: reads QMP lines until one matches the extended
# regular expression REGEX (events on the way are skipped); fails after
# 10 s without one.
qmp_read() {
    local line
    while IFS= read -r -t 10 line <&8; do
        if [[ $line =~ $2 ]]; then
            QMP_REPLY=$line
            return 0
        fi
    done
    diag "no $1 from QEMU's monitor"
    return 1
}

# qmp JSON: runs one QMP command; succeeds when QEMU answers "return".
qmp() {
    printf '%s\n' "$1" >&7 || return 1
    qmp_read "answer to $1" '"(return|error)"' || return 1
    case $QMP_REPLY in
    *'"return"'*) return 0 ;;
    esac
    diag "QEMU refused $1: $QMP_REPLY"
    return 1
}

# qemu_screendump NAME: QEMU's picture of its screen as $WORK/NAME.png.
qemu_screendump() {
    rm -f "$WORK/$1.ppm"
    qmp "{\"execute\": \"screendump\", \"arguments\": {\"filename\": \"$WORK/$1.ppm\"}}" &&
        "$CONVERT" "$WORK/$1.ppm" "$WORK/$1.png"
}

# qemu_take_truth: waits until the firmware has finished writing (four
# screendumps half a second apart that agree apart from the cursor) and
# keeps the last as $WORK/truth.png (cursor block included: the
# comparisons mask it).
qemu_take_truth() {
    local i same=0
    qemu_screendump truth || return 1
    for i in $(seq 1 40); do
        sleep 0.5
        qemu_screendump truth2 || return 1
        if [ "$(count_differences truth truth2 mask)" = 0 ]; then
            same=$((same + 1))
            [ "$same" -ge 3 ] && return 0
        else
            same=0
        fi
        mv "$WORK/truth2.png" "$WORK/truth.png"
    done
    diag "QEMU's screen did not settle within 20 s"
    return 1
}

# ---- comparing pictures ----------------------------------------------------

# The pictures, normalised for one kind of comparison, in $WORK/NAME.KIND.png:
#   exact  as they are, at 8 bits a channel (import writes 16-bit PNGs at
#          depth 16; down to 8 bits is what a 16-bit channel means);
#   mask   QEMU's cursor block painted black;
#   565    only the 5, 6 and 5 top bits of red, green and blue kept.
#          Two correct expansions of the same 5-bit value to 8 bits
#          (by bit replication, v<<3|v>>2, or by scaling,
#          round(v*255/31), as ImageMagick does) keep the value in the
#          top five bits; any error in the value itself changes them.
#          In ImageMagick's 16-bit quantum an 8-bit channel c is c*257,
#          (c<<8)|c, so masking with m*257 keeps m's bits of c.
normalise() {
    local name=$1 kind=$2 key
    # The truth is compared many times: its normalised forms are kept
    # while truth.png stays the same file (mv and rewrites change the
    # inode or the time).
    key=$(stat -c '%i %s %y' "$WORK/$name.png") || return 1
    if [ "$name" = truth ] && [ -f "$WORK/$name.$kind.png" ] &&
       [ "$(cat "$WORK/$name.$kind.key" 2>/dev/null)" = "$key" ]; then
        return 0
    fi
    case $kind in
    exact)
        "$CONVERT" "$WORK/$name.png" -alpha off -depth 8 "$WORK/$name.$kind.png" ;;
    mask)
        "$CONVERT" "$WORK/$name.png" -alpha off -depth 8 -fill black \
            -draw "rectangle $QEMU_CURSOR_BLOCK" "$WORK/$name.$kind.png" ;;
    565)
        "$CONVERT" "$WORK/$name.png" -alpha off -depth 8 \
            -channel R,B -evaluate and $((0xF8 * 257)) \
            -channel G -evaluate and $((0xFC * 257)) +channel \
            "$WORK/$name.$kind.png" ;;
    *)
        bail_out "unknown comparison $kind" ;;
    esac || return 1
    [ "$name" = truth ] && printf '%s\n' "$key" >"$WORK/$name.$kind.key"
    return 0
}

# count_differences A B KIND: the number of pixels that differ between
# $WORK/A.png and $WORK/B.png once both are normalised for KIND.
count_differences() {
    local count
    normalise "$1" "$3" && normalise "$2" "$3" || return 1
    # compare's status is 1 when the pictures differ: only its output
    # tells an error from a count.
    count=$("$COMPARE" -metric AE -fuzz 0 "$WORK/$1.$3.png" "$WORK/$2.$3.png" null: 2>&1)
    printf '%s\n' "$count"
    case $count in
    ''|*[!0-9]*) return 1 ;;
    esac
}

# keep_failure NAME KIND: after a failed comparison of $WORK/NAME.png
# with the truth, keeps both pictures and an image of the differences
# (ImageMagick's: differing pixels in red) in the build directory, and
# says where the differences are and how large they are.
keep_failure() {
    local name=$1 kind=$2 box pae
    normalise truth exact && normalise "$name" exact || return 1
    cp "$WORK/truth.png" "$KEEP_PREFIX-$name-truth.png"
    cp "$WORK/$name.png" "$KEEP_PREFIX-$name.png"
    "$COMPARE" -fuzz 0 "$WORK/truth.$kind.png" "$WORK/$name.$kind.png" \
        "$KEEP_PREFIX-$name-diff.png" 2>/dev/null
    box=$("$CONVERT" "$WORK/truth.$kind.png" "$WORK/$name.$kind.png" \
        -compose difference -composite -threshold 0 -format '%@' info: 2>&1)
    pae=$("$COMPARE" -metric PAE "$WORK/truth.exact.png" "$WORK/$name.exact.png" \
        null: 2>&1 | cut -d' ' -f1)
    diag "the differing pixels lie within ${box} (WxH+X+Y);" \
        "the largest difference in one channel is $((pae / 257)) of 255" \
        "kept: $KEEP_PREFIX-$name{,-truth,-diff}.png"
}

# same_as_truth_by KIND NAME: $WORK/NAME.png equals the truth after both
# are normalised for KIND (see normalise).
same_as_truth_by() {
    local kind=$1 name=$2 differ
    [ -f "$WORK/$name.png" ] || { diag "$name.png was not written"; return 1; }
    differ=$(count_differences truth "$name" "$kind") || { diag "$differ"; return 1; }
    [ "$differ" = 0 ] && return 0
    diag "$name.png differs from the screen ($kind comparison) in $differ pixels"
    keep_failure "$name" "$kind"
    return 1
}

# within_bound NAME MAX: no channel of any pixel of $WORK/NAME.png is
# further than MAX (of 255) from the truth's.
within_bound() {
    local name=$1 max=$2 pae
    [ -f "$WORK/$name.png" ] || { diag "$name.png was not written"; return 1; }
    normalise truth exact && normalise "$name" exact || return 1
    pae=$("$COMPARE" -metric PAE "$WORK/truth.exact.png" "$WORK/$name.exact.png" \
        null: 2>&1 | cut -d' ' -f1)
    case $pae in
    ''|*[!0-9]*) diag "compare failed: $pae"; return 1 ;;
    esac
    # 16-bit quantum: one 8-bit step is 257.
    [ "$pae" -le $((max * 257)) ] && return 0
    diag "$name.png differs from the screen by up to $((pae / 257)) in a channel" \
        "(allowed: $max); $(count_differences truth "$name" exact) pixels differ"
    keep_failure "$name" exact
    return 1
}

# psnr_at_least NAME MIN [KIND]: the PSNR of $WORK/NAME.png against the
# truth is MIN dB or more (identical pictures: infinite). Prints the
# value measured, for the record.
psnr_at_least() {
    local name=$1 min=$2 kind=${3:-exact} psnr
    [ -f "$WORK/$name.png" ] || { diag "$name.png was not written"; return 1; }
    normalise truth "$kind" && normalise "$name" "$kind" || return 1
    psnr=$("$COMPARE" -metric PSNR "$WORK/truth.$kind.png" "$WORK/$name.$kind.png" \
        null: 2>&1 | cut -d' ' -f1)
    diag "$name: PSNR $psnr dB (required: $min dB)"
    case $psnr in
    inf) return 0 ;;
    ''|*[!0-9.]*) diag "compare failed: $psnr"; return 1 ;;
    esac
    awk -v p="$psnr" -v m="$min" 'BEGIN { exit !(p >= m) }' && return 0
    keep_failure "$name" "$kind"
    return 1
}

# capture_matches_by KIND NAME [GVNCCAPTURE OPTIONS...] TARGET: a capture
# compared with the truth as same_as_truth_by does.
capture_matches_by() {
    local kind=$1 name=$2
    shift
    capture "$@" && same_as_truth_by "$kind" "$name"
}

# ---- what the server sent --------------------------------------------------

# The numbers of the encodings the tests name.
encoding_number() {
    case $1 in
    raw) echo 0 ;; copyrect) echo 1 ;; rre) echo 2 ;; corre) echo 4 ;;
    hextile) echo 5 ;; zlib) echo 6 ;; tight) echo 7 ;; trle) echo 15 ;;
    zrle) echo 16 ;; zywrle) echo 17 ;; tightpng) echo -260 ;;
    *) bail_out "no number for the encoding $1" ;;
    esac
}

# sent_in NAME ENCODING: the log of a capture made with --debug shows at
# least one rectangle in ENCODING (a name above): a server that quietly
# answers with another encoding must not make a test pass unseen.
sent_in() {
    local name=$1 number
    number=$(encoding_number "$2")
    grep -q "encoding $number\$" "$WORK/$name.log" && return 0
    diag "the server sent no rectangle in $2 ($number); rectangles per encoding:" \
        "$(grep -o 'encoding -\{0,1\}[0-9]*$' "$WORK/$name.log" | sort | uniq -c)"
    return 1
}

# capture_in KIND ENCODING NAME [OPTIONS...] TARGET: captures NAME with
# OPTIONS (which offer the encodings), checks that the server sent
# rectangles in ENCODING, and compares the picture with the truth as
# same_as_truth_by KIND does (for 565, as same_as_truth_565 does).
capture_in() {
    local kind=$1 encoding=$2 name=$3
    shift 3
    capture "$name" --debug "$@" && sent_in "$name" "$encoding" || return 1
    case $kind in
    565) same_as_truth_565 "$name" ;;
    *) same_as_truth_by "$kind" "$name" ;;
    esac
}

# same_as_truth_565 NAME: $WORK/NAME.png equals the truth up to the
# rounding of 5/6-bit colour: the same top 5, 6 and 5 bits (see
# normalise), and no channel more than one step of 255 away, which is
# all that two correct ways of widening 5 or 6 bits to 8 (bit
# replication, scaling) ever differ by.
same_as_truth_565() {
    same_as_truth_by 565 "$1" && within_bound "$1" 1
}

# differs_from A B: the pictures $WORK/A.png and $WORK/B.png are not
# identical (a lossy encoding was really used).
differs_from() {
    local count
    count=$(count_differences "$1" "$2" exact) || { diag "$count"; return 1; }
    [ "$count" != 0 ] && return 0
    diag "$1.png is identical to $2.png: nothing lossy arrived"
    return 1
}
