#!/bin/bash
# Drop-in for real applications: Debian's own gvncviewer and virt-viewer's
# remote-viewer, built against upstream gtk-vnc 1.3.1's GTK 3 widget
# (libgtk-vnc-2.0.so.0 and libgvnc-1.0.so.0), run with LD_LIBRARY_PATH
# pointing at our GTK 3 build. Each one, in an Xvfb of its own, connects
# to TigerVNC's Xvnc on 127.0.0.1, shows the server's screen pixel for
# pixel (its window read back with xwd, the desktop looked for in it and
# compared with the server's own picture), and passes keys typed into it
# (xdotool) on to the server (xev on the server's display sees them). The
# process's memory map (/proc/PID/maps) shows that our two libraries, and
# no other copy of them, were the ones loaded.
#
# remote-viewer resizes the server's desktop to its window (allow-resize),
# so its comparison is taken once the server has followed.
#
# Only the GTK 3 flavour (--with-gtk=3.0) builds the library those
# applications link; other builds, and a missing application or tool,
# say SKIP with the reason. Pictures go to test-viewer-shots/dropin/ in
# the build's tests folder for a person to look at.
. "$(dirname "$0")/lib.sh"
VIEWER_TEST_NAME=dropin
. "$(dirname "$0")/../viewer-lib.sh"

: "${UPSTREAM_GVNCVIEWER:=/usr/bin/gvncviewer}"
: "${REMOTE_VIEWER:=/usr/bin/remote-viewer}"
: "${PYTHON3:=$(command -v python3 || true)}"
OUR_LIBDIR=$TOP_BUILDDIR/src/.libs
OUR_LIBS="libgtk-vnc-2.0.so.0 libgvnc-1.0.so.0"

tap_plan 8
case ${GTK_VNC_API_VERSION-unknown} in
2.0) ;;
'') tap_skip_rest "the widget is not built (--with-gtk=no); the drop-in needs --with-gtk=3.0" ;;
1.0) tap_skip_rest "the widget is built for GTK+ 2 (libgtk-vnc-1.0); the applications need the GTK 3 flavour (--with-gtk=3.0)" ;;
*) tap_skip_rest "the widget's flavour is not known (run from make check)" ;;
esac
for lib in $OUR_LIBS; do
    [ -e "$OUR_LIBDIR/$lib" ] || tap_skip_rest "no shared library was built ($OUR_LIBDIR/$lib)"
done
[ -n "$PYTHON3" ] && [ -x "$PYTHON3" ] || tap_skip_rest "not installed: python3"
viewer_require xev stdbuf ldd

start_xvnc -SecurityTypes None || bail_out "cannot start Xvnc"
start_viewer_x || bail_out "cannot start Xvfb for the viewers"
# The pointer stays in a corner that no window covers: moved over a
# viewer, it would move the server's pointer (and xeyes would look).
vx "$XDOTOOL" mousemove 1279 1023

# ---- running an application on our libraries ----------------------------------

# start_app LOG PROGRAM ARGS...: the application in the viewers' Xvfb,
# with our libraries first on the search path, a private home, and no
# session bus: none is needed, and the person's own must not be touched.
start_app() {
    local log=$1
    shift
    mkdir -p "$WORK/home/.config" "$WORK/home/.cache" "$WORK/run" || return 1
    chmod 700 "$WORK/run"
    env -u DBUS_SESSION_BUS_ADDRESS \
        LD_LIBRARY_PATH=$OUR_LIBDIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} \
        HOME=$WORK/home XDG_CONFIG_HOME=$WORK/home/.config \
        XDG_DATA_HOME=$WORK/home/.local/share XDG_CACHE_HOME=$WORK/home/.cache \
        XDG_RUNTIME_DIR=$WORK/run NO_AT_BRIDGE=1 GIO_USE_VFS=local \
        GSETTINGS_BACKEND=memory DISPLAY=:$VIEWER_X "$@" >"$WORK/$log" 2>&1 &
    VIEWER_PID=$!
}

# stop_app: the application is stopped (and its window gone).
stop_app() {
    [ -n "$VIEWER_PID" ] && stop_pid "$VIEWER_PID"
    VIEWER_PID=
}

# resolves_ours PROGRAM: the dynamic linker finds our libraries for it.
resolves_ours() {
    local lib
    LD_LIBRARY_PATH=$OUR_LIBDIR ldd "$1" >"$WORK/ldd.log" 2>&1
    for lib in $OUR_LIBS; do
        if ! grep -q "$lib => $OUR_LIBDIR/$lib " "$WORK/ldd.log"; then
            diag "ldd does not resolve $lib to $OUR_LIBDIR/$lib:" \
                "$(grep -E 'vnc|gtk-3' "$WORK/ldd.log")"
            return 1
        fi
    done
}

# maps_ours: the running application has our two libraries mapped, and
# no other file of those names (the system's copies).
maps_ours() {
    local maps=$WORK/maps.txt lib base dir
    # The map names files by their real path.
    dir=$(cd "$OUR_LIBDIR" && pwd -P) || return 1
    if ! awk '{ print $6 }' "/proc/$VIEWER_PID/maps" 2>/dev/null | sort -u >"$maps" ||
       [ ! -s "$maps" ]; then
        diag "cannot read the memory map of $VIEWER_PID"
        return 1
    fi
    for lib in $OUR_LIBS; do
        base=${lib%.so.0}
        if ! grep -q "^$dir/$base\.so" "$maps"; then
            diag "$lib is not mapped from $dir; libraries of that name:" \
                "$(grep "/$base\.so" "$maps")"
            return 1
        fi
        if grep "/$base\.so" "$maps" | grep -qv "^$dir/"; then
            diag "another $lib is mapped too:" "$(grep "/$base\.so" "$maps")"
            return 1
        fi
    done
    diag "mapped: $(grep -E '/lib(gtk-vnc|gvnc)' "$maps" | tr '\n' ' ')"
}

# app_window CLASS: the id of the application's visible window.
app_window() {
    local id i
    for i in $(seq 1 $((VIEWER_WAIT * 10))); do
        id=$(vx "$XDOTOOL" search --onlyvisible --classname "$1" 2>/dev/null | head -n 1)
        if [ -n "$id" ]; then
            echo "$id"
            return 0
        fi
        if ! kill -0 "$VIEWER_PID" 2>/dev/null; then
            diag "the application exited:" "$(tail -n 20 "$WORK/$1.log")" >&2
            return 1
        fi
        sleep 0.1
    done
    diag "no window of class $1 appeared" >&2
    return 1
}

# ---- the picture -----------------------------------------------------------------

# locate_truth SHOT: prints "X Y", where the ground truth lies pixel for
# pixel in $WORK/SHOT.png, or fails. A row of the truth with many colours
# is looked for as a string of bytes, then every other row is checked
# at that place.
locate_truth() {
    "$CONVERT" "$WORK/$1.png" -alpha off -depth 8 "ppm:$WORK/$1.ppm" &&
        "$CONVERT" "$WORK/truth.png" -alpha off -depth 8 "ppm:$WORK/truth.ppm" || return 1
    "$PYTHON3" - "$WORK/$1.ppm" "$WORK/truth.ppm" <<'EOF'
import sys

def read_ppm(path):
    data = open(path, 'rb').read()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b'#':
            pos = data.index(b'\n', pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    if fields[0] != b'P6' or fields[3] != b'255':
        sys.exit('not an 8-bit PPM: ' + path)
    width, height = int(fields[1]), int(fields[2])
    return width, height, data[pos + 1:pos + 1 + width * height * 3]

sw, sh, shot = read_ppm(sys.argv[1])
tw, th, truth = read_ppm(sys.argv[2])
if tw > sw or th > sh:
    sys.exit('the window (%dx%d) is smaller than the desktop (%dx%d)' % (sw, sh, tw, th))
row = lambda buf, w, y, x=0, n=None: buf[(y * w + x) * 3:(y * w + x + (n or w)) * 3]
# The row with the most colours is the least likely to match by chance.
key = max(range(0, th, max(1, th // 64)),
          key=lambda y: len(set(row(truth, tw, y)[i:i + 3] for i in range(0, tw * 3, 3))))
needle = row(truth, tw, key)
start = shot.find(needle)
while start >= 0:
    if start % 3 == 0:
        x, y = (start // 3) % sw, (start // 3) // sw - key
        if x + tw <= sw and 0 <= y and y + th <= sh and \
           all(row(shot, sw, y + r, x, tw) == row(truth, tw, r) for r in range(th)):
            print(x, y)
            sys.exit(0)
    start = shot.find(needle, start + 1)
sys.exit('the desktop (%dx%d) is nowhere in the window (%dx%d) pixel for pixel'
         % (tw, th, sw, sh))
EOF
}

# shows_truth NAME CLASS: the application's window comes to show the
# server's screen at 100%, every pixel (tried until the updates are in).
shows_truth() {
    local name=$1 class=$2 id at i
    id=$(app_window "$class") || return 1
    for i in $(seq 1 $((VIEWER_WAIT * 2))); do
        if vx "$XWD" -silent -id "$id" >"$WORK/$name.xwd" 2>/dev/null &&
           "$CONVERT" "xwd:$WORK/$name.xwd" "$WORK/$name.png" 2>/dev/null &&
           at=$(locate_truth "$name" 2>"$WORK/locate.log"); then
            diag "the desktop is at $at in the window"
            cp "$WORK/$name.png" "$SHOTS/$name-window.png"
            return 0
        fi
        sleep 0.5
    done
    cp "$WORK/$name.png" "$SHOTS/$name-window.png" 2>/dev/null
    cp "$WORK/truth.png" "$SHOTS/$name-truth.png"
    diag "$(cat "$WORK/locate.log")" "kept: $SHOTS/$name-window.png, $name-truth.png"
    return 1
}

# server_size: the server's desktop, WxH, as its X side says.
server_size() {
    DISPLAY=:$XVNC_DISPLAY xdpyinfo | sed -n 's/^ *dimensions: *\([0-9x]*\) pixels.*/\1/p'
}

# settled_size: waits until the server's desktop has kept one size for
# a second (an application that resizes it has done so), and prints it.
settled_size() {
    local size last= same=0 i
    for i in $(seq 1 $((VIEWER_WAIT * 10))); do
        size=$(server_size)
        if [ -n "$size" ] && [ "$size" = "$last" ]; then
            same=$((same + 1))
            [ "$same" -ge 10 ] && { echo "$size"; return 0; }
        else
            same=0
        fi
        last=$size
        sleep 0.1
    done
    diag "the server's desktop never kept a size (last: $last)"
    return 1
}

# ---- the keys --------------------------------------------------------------------

TYPED="v n c d r o p"

# listen_keys: xev on the server's display, once it is known to listen
# (it reports a key typed on that display itself).
listen_keys() {
    local i
    [ -n "$XEV_PID" ] && stop_pid "$XEV_PID"
    DISPLAY=:$XVNC_DISPLAY stdbuf -oL xev -root -event keyboard >"$WORK/xev.log" 2>&1 &
    XEV_PID=$!
    for i in $(seq 1 $((VIEWER_WAIT * 10))); do
        DISPLAY=:$XVNC_DISPLAY "$XDOTOOL" key Shift_R 2>/dev/null
        grep -q 'Shift_R' "$WORK/xev.log" && return 0
        sleep 0.1
    done
    diag "xev does not listen on the server's display"
    return 1
}

# pressed_on_server: the keysym names of the presses xev saw, but the
# probe's (xdotool may hold Shift_L to type Shift_R, and the first press
# may come before xev listens, its release after), separated by spaces.
pressed_on_server() {
    awk '/^KeyPress event/ { press = 1; next }
         /^[A-Z]/ { press = 0 }
         press && /keysym 0x/ { sub(/.*keysym 0x[0-9a-f]*, /, ""); sub(/\).*/, ""); print }' \
        "$WORK/xev.log" | grep -vx -e Shift_L -e Shift_R | tr '\n' ' ' | sed 's/ $//'
}

# keys_reach_server CLASS: keys typed into the application's window
# arrive at the server, in order.
keys_reach_server() {
    local id got i
    listen_keys || return 1
    id=$(app_window "$1") || return 1
    vx "$XDOTOOL" windowfocus --sync "$id" 2>/dev/null || return 1
    # shellcheck disable=SC2086
    vx "$XDOTOOL" key --delay 50 $TYPED || return 1
    for i in $(seq 1 $((VIEWER_WAIT * 10))); do
        got=$(pressed_on_server)
        [ "$got" = "$TYPED" ] && return 0
        sleep 0.1
    done
    diag "typed: $TYPED; the server saw: ${got:-nothing}; the widget says:" \
        "$(grep -E 'Key (press|release)|grab|focus' "$WORK/$1.log" | tail -n 20)"
    return 1
}

# ---- gvncviewer ------------------------------------------------------------------

# Debian's gvncviewer turns lossy encoding on: TigerVNC then sends areas
# of more than 96 colours as JPEG (and remote-viewer does not). Its
# screen is a picture of 64 colours in a random pattern (dithered noise
# and gradients, so that a pixel out of place still shows), which the
# server sends losslessly, so that the comparison can be exact.
put_palette_content() {
    DISPLAY=:$XVNC_DISPLAY xsetroot -solid '#336699' || return 1
    "$CONVERT" \( -size 160x200 -seed 7 plasma:fractal \) \
            \( -size 160x200 xc:gray -seed 9 +noise Random \) \
            +append -colors 64 "$WORK/picture64.png" || return 1
    run_x_client display -geometry +480+20 "$WORK/picture64.png"
    wait_for_window "ImageMagick: picture64.png"
}

run_gvncviewer() {
    put_palette_content || bail_out "cannot put the test content on the screen"
    take_truth || bail_out "cannot take the ground truth"
    cp "$WORK/truth.png" "$SHOTS/gvncviewer-server.png"
    tap_check "gvncviewer: the dynamic linker resolves $OUR_LIBS to ours" \
        resolves_ours "$UPSTREAM_GVNCVIEWER"
    start_app gvncviewer.log "$UPSTREAM_GVNCVIEWER" --gtk-vnc-debug "127.0.0.1:$XVNC_DISPLAY"
    tap_check "gvncviewer: its window shows the server's screen pixel for pixel" \
        shows_truth gvncviewer gvncviewer
    tap_check "gvncviewer: the libraries it runs on are ours, and only ours" maps_ours
    tap_check "gvncviewer: keys typed into it reach the server" \
        keys_reach_server gvncviewer
    stop_app
}

if [ -x "$UPSTREAM_GVNCVIEWER" ]; then
    run_gvncviewer
else
    for i in 1 2 3 4; do
        tap_skip "not installed: $UPSTREAM_GVNCVIEWER (Debian package gvncviewer)"
    done
fi

# ---- remote-viewer -----------------------------------------------------------

run_remote_viewer() {
    local id size
    # Everything now: remote-viewer keeps every encoding lossless.
    put_content || bail_out "cannot put the test content on the screen"
    tap_check "remote-viewer: the dynamic linker resolves $OUR_LIBS to ours" \
        resolves_ours "$REMOTE_VIEWER"
    start_app remote-viewer.log "$REMOTE_VIEWER" --gtk-vnc-debug "vnc://127.0.0.1:$XVNC_PORT"
    # Without a window manager its window stays small: made larger, with
    # the pointer's corner left free. The server's desktop follows it.
    id=$(app_window remote-viewer) && vx "$XDOTOOL" windowsize "$id" 1000 800 ||
        diag "cannot resize remote-viewer's window"
    size=$(settled_size) && diag "the server's desktop is now $size"
    take_truth || bail_out "cannot take the ground truth"
    cp "$WORK/truth.png" "$SHOTS/remote-viewer-server.png"
    tap_check "remote-viewer: its window shows the server's screen pixel for pixel" \
        shows_truth remote-viewer remote-viewer
    tap_check "remote-viewer: the libraries it runs on are ours, and only ours" maps_ours
    tap_check "remote-viewer: keys typed into it reach the server" \
        keys_reach_server remote-viewer
    stop_app
}

if [ -x "$REMOTE_VIEWER" ]; then
    run_remote_viewer
else
    for i in 1 2 3 4; do
        tap_skip "not installed: $REMOTE_VIEWER (Debian package virt-viewer)"
    done
fi
