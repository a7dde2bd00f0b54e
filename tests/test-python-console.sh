#!/bin/bash
# viewer/vnc-console.py, the Python console that embeds GtkVnc.Display
# through PyGObject as virt-manager does, run from the build tree's
# typelibs in a private Xvfb against TigerVNC's Xvnc with VNC
# authentication: the window names the desktop, shows its screen pixel
# for pixel, its button sends Ctrl+Alt+Del (xev on the server's display
# sees it), and when the server goes away it exits saying so.
#
# It needs the GTK 3 build (GtkVnc-2.0: PyGObject has no GTK+ 2), the
# introspection data and python3-gi; otherwise, and without the X tools,
# it says SKIP. Pictures go to test-viewer-shots/python-console/.
. "$(dirname "$0")/realserver/lib.sh"
VIEWER_TEST_NAME=python-console
. "$(dirname "$0")/viewer-lib.sh"

tap_plan 4
[ "${GTK_VNC_API_VERSION:-}" = 2.0 ] ||
    tap_skip_rest "needs the GTK 3 widget (GtkVnc 2.0); PyGObject does not support GTK+ 2"
[ "${GVNC_INTROSPECTION:-no}" = yes ] || tap_skip_rest "the introspection data is not built"
[ -n "${PYTHON_GI:-}" ] || tap_skip_rest "no python3 with PyGObject (python3-gi)"
[ -n "$VNCPASSWD" ] && [ -x "$VNCPASSWD" ] || tap_skip_rest "not installed: vncpasswd"
viewer_require xev stdbuf

CONSOLE_TITLE=' - VNC console$'

printf '%s\n' 'python-pw' | "$VNCPASSWD" -f >"$WORK/passwd.vnc" || bail_out "vncpasswd -f failed"
printf '%s\n' 'python-pw' >"$WORK/password.txt"
DESKTOP_NAME="python console test $$"
start_xvnc -SecurityTypes VncAuth -PasswordFile "$WORK/passwd.vnc" -desktop "$DESKTOP_NAME" ||
    bail_out "cannot start Xvnc"
put_content || bail_out "cannot put the test content on the screen"
take_truth || bail_out "cannot take the ground truth"
cp "$WORK/truth.png" "$SHOTS/server-truth.png"
start_viewer_x || bail_out "cannot start Xvfb for the console"
vx "$XDOTOOL" mousemove 1270 1015

# The console, with the typelibs and libraries of the build tree.
HOME=$WORK/home NO_AT_BRIDGE=1 GIO_USE_VFS=local GSETTINGS_BACKEND=memory \
    GI_TYPELIB_PATH=$TOP_BUILDDIR/src${GI_TYPELIB_PATH:+:$GI_TYPELIB_PATH} \
    LD_LIBRARY_PATH=$TOP_BUILDDIR/src/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} \
    DISPLAY=:$VIEWER_X "$PYTHON_GI" "$TOP_SRCDIR/viewer/vnc-console.py" \
    --password-file "$WORK/password.txt" 127.0.0.1 "$XVNC_PORT" >"$WORK/viewer-console.log" 2>&1 &
VIEWER_PID=$!

# named_after_desktop: the title is the desktop's name, which the
# console learns once logged in.
named_after_desktop() {
    local id title i
    for i in $(seq 1 $((VIEWER_WAIT * 10))); do
        id=$(vx "$XDOTOOL" search --onlyvisible --name "$CONSOLE_TITLE" 2>/dev/null | head -n 1)
        title=$([ -n "$id" ] && vx "$XDOTOOL" getwindowname "$id" 2>/dev/null)
        if [ "$title" = "$DESKTOP_NAME - VNC console" ]; then
            return 0
        fi
        kill -0 "$VIEWER_PID" 2>/dev/null || break
        sleep 0.1
    done
    diag "the title is '${title:-}', not the desktop's name" "$(cat "$WORK/viewer-console.log")"
    return 1
}
tap_check "the console logs in with the password and names the desktop in its title" \
    named_after_desktop
shot console

# shows_truth: the window, read back with xwd, holds the server's screen
# below the button row, pixel for pixel.
shows_truth() {
    local id
    id=$(find_window "$CONSOLE_TITLE") || return 1
    window_id_shows_truth console "$id"
}
tap_check "the window shows the server's screen pixel for pixel" shows_truth

# ctrl_alt_del: a click on the button; xev on the server's root window
# sees Delete pressed with Control (0x4) and Mod1, Alt (0x8), held.
ctrl_alt_del() {
    local id i state
    DISPLAY=:$XVNC_DISPLAY stdbuf -oL xev -root -event keyboard >"$WORK/xev.log" 2>&1 &
    XEV_PID=$!
    sleep 1
    id=$(find_window "$CONSOLE_TITLE") || return 1
    # The button is the top-left widget of the window.
    vx "$XDOTOOL" mousemove --window "$id" 10 10 click 1 || return 1
    for i in $(seq 1 $((VIEWER_WAIT * 10))); do
        for state in $(awk '
                /^KeyPress event/ { press = 1; next }
                /^[A-Z]/ { press = 0 }
                press && /keysym 0xffff, Delete/ {
                    sub(/.*state 0x/, ""); sub(/,.*/, ""); print }' "$WORK/xev.log"); do
            [ $((0x$state & 0xc)) -eq $((0xc)) ] && return 0
        done
        sleep 0.1
    done
    diag "the server saw no Ctrl+Alt+Del:" "$(grep -A2 '^Key' "$WORK/xev.log" | grep keysym)"
    return 1
}
tap_check "the console's button sends Ctrl+Alt+Del to the server" ctrl_alt_del
stop_pid "$XEV_PID"
XEV_PID=

# server_gone: Xvnc stops; the console leaves with status 1 and says why.
server_gone() {
    stop_pid "$XVNC_PID"
    XVNC_PID=
    wait_viewer_exit || return 1
    if [ "$VIEWER_STATUS" != 1 ] || ! grep -q '^vnc-console: ' "$WORK/viewer-console.log"; then
        diag "exit status $VIEWER_STATUS; it said:" "$(cat "$WORK/viewer-console.log")"
        return 1
    fi
    diag "$(grep '^vnc-console: ' "$WORK/viewer-console.log")"
}
tap_check "when the server goes away the console exits with 1 and says why" server_gone
