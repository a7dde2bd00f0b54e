# Shared by the real-server tests (sourced, not run): TAP output, a
# private TigerVNC Xvnc on a free display, known content on its screen,
# and pixel-exact comparison of captures against the server's own
# picture of its screen.
#
# The scripts get XVNC, VNCPASSWD, IMPORT, COMPARE, TOP_BUILDDIR and
# TOP_SRCDIR from tests/Makefile.am; run by hand they look the tools up
# on PATH and assume the build directory is the current one's parent.

set -u

: "${XVNC:=$(command -v Xvnc || true)}"
: "${VNCPASSWD:=$(command -v vncpasswd || true)}"
: "${IMPORT:=$(command -v import || true)}"
: "${COMPARE:=$(command -v compare || true)}"
: "${TOP_BUILDDIR:=$(cd .. && pwd)}"
# convert comes with import (configure looks up only the latter).
CONVERT=${IMPORT%/*}/convert
: "${TOP_SRCDIR:=$TOP_BUILDDIR}"
GVNCCAPTURE=${GVNCCAPTURE:-$TOP_BUILDDIR/viewer/gvnccapture}

# gvnccapture ARGS...: runs the tool; with GVNC_TEST_VALGRIND=1 under
# memcheck, where an invalid access or a definite leak makes it exit 99.
gvnccapture() {
    if [ "${GVNC_TEST_VALGRIND:-0}" = 1 ]; then
        "$TOP_BUILDDIR/libtool" --mode=execute valgrind --quiet --error-exitcode=99 \
            --leak-check=full --errors-for-leak-kinds=definite --show-possibly-lost=no \
            --suppressions="$TOP_SRCDIR/tests/valgrind.supp" \
            "$GVNCCAPTURE" "$@"
    else
        "$GVNCCAPTURE" "$@"
    fi
}
# For commands that run it in a new shell (setsid).
export -f gvnccapture
export GVNCCAPTURE TOP_BUILDDIR

# Seconds a single capture may take before the tool gives up.
CAPTURE_TIMEOUT=20

# ---- TAP ------------------------------------------------------------------

tap_count=0
tap_planned=0

tap_plan() {
    tap_planned=$1
    echo "1..$1"
}

tap_ok() {
    tap_count=$((tap_count + 1))
    echo "ok $tap_count - $1"
}

tap_not_ok() {
    tap_count=$((tap_count + 1))
    echo "not ok $tap_count - $1"
}

# tap_check DESCRIPTION COMMAND...: one test that passes when COMMAND does.
tap_check() {
    local what=$1
    shift
    if "$@"; then tap_ok "$what"; else tap_not_ok "$what"; fi
}

tap_skip() {
    tap_count=$((tap_count + 1))
    echo "ok $tap_count # SKIP $1"
}

# Skips every remaining planned test with the same reason, then stops.
tap_skip_rest() {
    while [ "$tap_count" -lt "$tap_planned" ]; do
        tap_skip "$1"
    done
    exit 0
}

diag() {
    printf '%s\n' "$@" | sed 's/^/# /'
}

# Something the tests cannot go on without broke: the harness counts a
# "Bail out!" as an error, so this never passes silently.
bail_out() {
    echo "Bail out! $1"
    exit 1
}

# ---- what the tests need --------------------------------------------------

# require_tools: skips the whole script, saying why, when a server or an
# image tool is missing; the tool under test must exist.
require_tools() {
    local tool missing=
    [ -n "$XVNC" ] && [ -x "$XVNC" ] || missing="$missing Xvnc"
    [ -n "$IMPORT" ] && [ -x "$IMPORT" ] || missing="$missing import(ImageMagick)"
    [ -n "$COMPARE" ] && [ -x "$COMPARE" ] || missing="$missing compare(ImageMagick)"
    [ -x "$CONVERT" ] || missing="$missing convert(ImageMagick)"
    for tool in "$@"; do
        command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
    done
    if [ -n "$missing" ]; then
        tap_skip_rest "not installed:$missing"
    fi
    [ -x "$GVNCCAPTURE" ] || bail_out "$GVNCCAPTURE was not built"
}

# ---- a private work folder and everything started in it -------------------

WORK=$(mktemp -d "${TMPDIR:-/tmp}/gvnc-realserver.XXXXXX") || bail_out "mktemp failed"
CHILD_PIDS=
XVNC_PID=
XVNC_DISPLAY=

stop_pid() {
    local pid=$1 i
    kill "$pid" 2>/dev/null || return 0
    for i in 1 2 3 4 5 6 7 8 9 10; do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local pid
    # The X clients first, so that they do not complain about the server
    # going away.
    for pid in $CHILD_PIDS; do
        stop_pid "$pid"
    done
    [ -n "$XVNC_PID" ] && stop_pid "$XVNC_PID"
    # GVNC_TEST_KEEP=1 keeps the pictures and logs for a look.
    if [ "${GVNC_TEST_KEEP:-0}" = 1 ]; then
        echo "# kept $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# run_x_client COMMAND...: starts an X client on the test's display.
run_x_client() {
    DISPLAY=:$XVNC_DISPLAY "$@" >>"$WORK/clients.log" 2>&1 &
    CHILD_PIDS="$CHILD_PIDS $!"
}

# Is something listening on 127.0.0.1:PORT?
port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# start_xvnc [XVNC OPTIONS...]: starts Xvnc (depth 24, $XVNC_GEOMETRY,
# 800x600 unless set) on a free display
# and waits until both its X and its VNC side answer. Sets XVNC_DISPLAY,
# XVNC_PORT and XVNC_PID. Another test may grab the same display number
# at the same moment, so a start that loses the race tries the next one.
start_xvnc() {
    local attempt n waited
    n=$(( 20 + ($$ % 70) ))
    for attempt in 1 2 3 4 5 6 7 8 9 10; do
        n=$(( (n - 20 + 7) % 70 + 20 ))
        if [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ] ||
           port_in_use $((5900 + n)); then
            continue
        fi
        "$XVNC" ":$n" -localhost -interface 127.0.0.1 -geometry "${XVNC_GEOMETRY:-800x600}" \
            -depth 24 "$@" >"$WORK/xvnc.log" 2>&1 &
        XVNC_PID=$!
        XVNC_DISPLAY=$n
        XVNC_PORT=$((5900 + n))
        waited=0
        while kill -0 "$XVNC_PID" 2>/dev/null; do
            if xdpyinfo -display ":$n" >/dev/null 2>&1 && port_in_use "$XVNC_PORT"; then
                diag "Xvnc :$n (port $XVNC_PORT) is up, pid $XVNC_PID"
                return 0
            fi
            waited=$((waited + 1))
            if [ "$waited" -gt 100 ]; then
                diag "Xvnc :$n did not answer within 10 s" "$(tail -n 20 "$WORK/xvnc.log")"
                return 1
            fi
            sleep 0.1
        done
        wait "$XVNC_PID" 2>/dev/null
        XVNC_PID=
        diag "Xvnc :$n did not start; trying another display" "$(tail -n 5 "$WORK/xvnc.log")"
    done
    return 1
}

# wait_for_window NAME: until the window named NAME is on the screen.
wait_for_window() {
    local i
    for i in $(seq 1 100); do
        if xwininfo -display ":$XVNC_DISPLAY" -name "$1" 2>/dev/null |
                grep -q 'Map State: IsViewable'; then
            return 0
        fi
        sleep 0.1
    done
    diag "the window '$1' did not appear" "$(tail -n 20 "$WORK/clients.log")"
    return 1
}

# put_content: a solid background, two X demo windows and a picture with
# smooth gradients and random noise (every pixel different), so that any
# mistake in a pixel's colour or position shows. Nothing on it moves:
# a clock would change between the ground truth and the capture.
#
# Everything stays in the top-left 440x440 pixels, away from the centre
# of the screen, where Xvnc puts the pointer: over a window that defines
# a cursor, Xvnc draws that cursor into the pixels it sends to a client
# that takes no cursor encoding, while import's ground truth has no
# cursor. Over the bare root window there is nothing to draw.
put_content() {
    DISPLAY=:$XVNC_DISPLAY xsetroot -solid '#336699' || return 1
    "$CONVERT" \( -size 160x200 -seed 3 plasma:fractal \) \
            \( -size 160x200 xc:gray -seed 5 +noise Random \) \
            +append "$WORK/picture.png" || return 1
    run_x_client xlogo -geometry 200x200+20+20
    run_x_client xeyes -geometry 160x120+240+20
    run_x_client display -geometry +20+240 "$WORK/picture.png"
    wait_for_window xlogo && wait_for_window xeyes &&
        wait_for_window "ImageMagick: picture.png"
}

# take_truth: the server's own picture of its screen, once two shots in
# a row agree (the windows have finished drawing), into $WORK/truth.png.
take_truth() {
    local i
    DISPLAY=:$XVNC_DISPLAY "$IMPORT" -window root "$WORK/truth.png" || return 1
    for i in $(seq 1 50); do
        sleep 0.2
        DISPLAY=:$XVNC_DISPLAY "$IMPORT" -window root "$WORK/truth2.png" || return 1
        if [ "$("$COMPARE" -metric AE -fuzz 0 "$WORK/truth.png" "$WORK/truth2.png" null: 2>&1)" = 0 ]; then
            return 0
        fi
        mv "$WORK/truth2.png" "$WORK/truth.png"
    done
    diag "the screen did not settle within 10 s"
    return 1
}

# capture NAME [GVNCCAPTURE OPTIONS...] TARGET: runs the tool into
# $WORK/NAME.png, with its output in $WORK/NAME.log. Returns its status.
capture() {
    local name=$1 status
    shift
    rm -f "$WORK/$name.png"
    gvnccapture --quiet --timeout=$CAPTURE_TIMEOUT "$@" "$WORK/$name.png" \
        </dev/null >"$WORK/$name.log" 2>&1
    status=$?
    [ "$status" -eq 0 ] || diag "gvnccapture $* exited with $status:" "$(cat "$WORK/$name.log")"
    return "$status"
}

# same_as_truth NAME: $WORK/NAME.png has no pixel that differs from the
# ground truth.
same_as_truth() {
    local differ
    [ -f "$WORK/$1.png" ] || { diag "$1.png was not written"; return 1; }
    differ=$("$COMPARE" -metric AE -fuzz 0 "$WORK/truth.png" "$WORK/$1.png" null: 2>&1)
    [ "$differ" = 0 ] && return 0
    diag "$1.png differs from the screen: $differ"
    return 1
}

# capture_matches NAME [GVNCCAPTURE OPTIONS...] TARGET: both of the above.
capture_matches() {
    local name=$1
    capture "$@" && same_as_truth "$name"
}
