#!/bin/bash
# gvncviewer as a person uses it: in a private Xvfb, connecting to
# TigerVNC's Xvnc with VNC authentication, driven with xdotool. It asks
# for the password in its dialog (typed here), shows the server's screen
# pixel for pixel (the window read back with xwd against the server's
# own picture), sends Ctrl+Alt+Del from its Send Key menu (xev on the
# server's display sees the keys), saves a screenshot from its menu,
# says when the server drops it and reconnects, says why a wrong
# password fails, and quits from its menu.
#
# Pictures of the viewer go to test-viewer-shots/ in the build's tests
# folder, for a person to look at (they are replaced on every run).
. "$(dirname "$0")/realserver/lib.sh"

: "${XVFB:=$(command -v Xvfb || true)}"
: "${XDOTOOL:=$(command -v xdotool || true)}"
: "${XWD:=$(command -v xwd || true)}"
GVNCVIEWER=${GVNCVIEWER:-$TOP_BUILDDIR/viewer/gvncviewer}
SHOTS=$TOP_BUILDDIR/tests/test-viewer-shots
# Seconds to wait for anything the viewer does.
VIEWER_WAIT=20

tap_plan 11
[ -x "$GVNCVIEWER" ] || tap_skip_rest "gvncviewer is not built (no widget: --with-gtk=no)"
for tool in XVFB XDOTOOL XWD VNCPASSWD; do
    [ -n "${!tool}" ] && [ -x "${!tool}" ] || tap_skip_rest "not installed: ${tool,,}"
done
require_tools xsetroot xlogo xeyes xwininfo xdpyinfo display xev vncconfig stdbuf

rm -rf "$SHOTS"
mkdir -p "$SHOTS" "$WORK/home/.local/share" || bail_out "cannot make $SHOTS"

# The viewer's own X server, its processes, and their cleanup (before
# lib.sh's, which stops Xvnc and its clients).
VIEWER_X=
VIEWER_X_PID=
VIEWER_PID=
XEV_PID=
viewer_cleanup() {
    [ -n "$VIEWER_PID" ] && stop_pid "$VIEWER_PID"
    [ -n "$XEV_PID" ] && stop_pid "$XEV_PID"
    [ -n "$VIEWER_X_PID" ] && stop_pid "$VIEWER_X_PID"
    cp "$WORK"/viewer*.log "$SHOTS/" 2>/dev/null
    cleanup
}
trap viewer_cleanup EXIT

# start_viewer_x: an Xvfb for the viewer on a free display, large enough
# for the desktop, the menu bar and the dialogs.
start_viewer_x() {
    local attempt n
    n=$(( 20 + ($$ * 7 + 31) % 70 ))
    for attempt in 1 2 3 4 5 6 7 8 9 10; do
        n=$(( (n - 20 + 11) % 70 + 20 ))
        if [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ]; then
            continue
        fi
        "$XVFB" ":$n" -screen 0 1280x1024x24 -nolisten tcp -noreset \
            >"$WORK/xvfb.log" 2>&1 &
        VIEWER_X_PID=$!
        for _ in $(seq 1 100); do
            if xdpyinfo -display ":$n" >/dev/null 2>&1; then
                VIEWER_X=$n
                diag "Xvfb :$n for the viewer is up, pid $VIEWER_X_PID"
                return 0
            fi
            kill -0 "$VIEWER_X_PID" 2>/dev/null || break
            sleep 0.1
        done
        stop_pid "$VIEWER_X_PID"
        VIEWER_X_PID=
    done
    return 1
}

# On the viewer's display.
vx() {
    DISPLAY=:$VIEWER_X "$@"
}

# start_viewer LOG ARGS...: runs gvncviewer in the background.
start_viewer() {
    local log=$1
    shift
    # A private home: GTK keeps recent files and settings there.
    HOME=$WORK/home XDG_CONFIG_HOME=$WORK/home/.config \
        XDG_DATA_HOME=$WORK/home/.local/share XDG_CACHE_HOME=$WORK/home/.cache \
        NO_AT_BRIDGE=1 GIO_USE_VFS=local GSETTINGS_BACKEND=memory \
        DISPLAY=:$VIEWER_X "$GVNCVIEWER" "$@" >"$WORK/$log" 2>&1 &
    VIEWER_PID=$!
}

# find_window REGEX: prints the id of the visible window whose title
# matches, waiting for it to appear.
find_window() {
    local id i
    for i in $(seq 1 $((VIEWER_WAIT * 10))); do
        id=$(vx "$XDOTOOL" search --onlyvisible --name "$1" 2>/dev/null | head -n 1)
        if [ -n "$id" ]; then
            echo "$id"
            return 0
        fi
        if ! kill -0 "$VIEWER_PID" 2>/dev/null; then
            diag "the viewer exited while waiting for a window '$1'"
            return 1
        fi
        sleep 0.1
    done
    diag "no window '$1' appeared; windows:" \
        "$(vx "$XDOTOOL" search --onlyvisible --name . getwindowname %@ 2>/dev/null)"
    return 1
}

main_window() {
    find_window ' - GVncViewer$'
}

# wait_for_title REGEX: until the main window's title matches.
wait_for_title() {
    local id title i
    for i in $(seq 1 $((VIEWER_WAIT * 10))); do
        id=$(vx "$XDOTOOL" search --onlyvisible --name ' - GVncViewer$' 2>/dev/null | head -n 1)
        if [ -n "$id" ]; then
            title=$(vx "$XDOTOOL" getwindowname "$id" 2>/dev/null)
            if grep -Eq -- "$1" <<<"$title"; then
                return 0
            fi
        fi
        sleep 0.1
    done
    diag "the title never matched '$1'; it is '${title:-}'"
    return 1
}

# The title once the desktop is shown: its name, not a state.
DESKTOP_TITLE='^[^(]*[^)] - GVncViewer$'

# focus ID: gives the window the keyboard (there is no window manager).
focus() {
    vx "$XDOTOOL" windowfocus --sync "$1" 2>/dev/null
}

# pointer_to_menubar: over the main window's menu bar, right of its
# menus, so that the desktop does not grab the keyboard.
pointer_to_menubar() {
    local id
    id=$(main_window) || return 1
    vx "$XDOTOOL" mousemove --window "$id" "$((DESKTOP_W - 8))" 8 &&
        focus "$id"
}

# shot NAME: the whole screen of the viewer's X server, for a person.
shot() {
    vx "$IMPORT" -window root "$SHOTS/$1.png" 2>/dev/null
}

# The desktop's size, and where it is in the window: the window is as
# wide as the desktop and the desktop fills it below the menu bar.
XVNC_GEOMETRY=1021x763
DESKTOP_W=${XVNC_GEOMETRY%x*}
DESKTOP_H=${XVNC_GEOMETRY#*x}

# window_shows_truth NAME: the viewer's window, read back with xwd, shows
# the ground truth pixel for pixel (tried until the updates have come).
window_shows_truth() {
    local name=$1 id width differ i
    id=$(main_window) || return 1
    for i in $(seq 1 $((VIEWER_WAIT * 2))); do
        vx "$XWD" -silent -id "$id" >"$WORK/$name.xwd" 2>/dev/null &&
            "$CONVERT" "xwd:$WORK/$name.xwd" "$WORK/$name-window.png" 2>/dev/null &&
            "$CONVERT" "$WORK/$name-window.png" -gravity SouthWest \
                -crop "${DESKTOP_W}x${DESKTOP_H}+0+0" +repage "$WORK/$name.png" 2>/dev/null &&
            differ=$("$COMPARE" -metric AE -fuzz 0 "$WORK/truth.png" "$WORK/$name.png" null: 2>&1)
        [ "${differ:-x}" = 0 ] && break
        sleep 0.5
    done
    cp "$WORK/$name-window.png" "$SHOTS/$name-window.png" 2>/dev/null
    width=$(vx xwininfo -id "$id" | sed -n 's/^ *Width: *//p')
    if [ "$width" != "$DESKTOP_W" ]; then
        diag "the window is $width pixels wide, the desktop $DESKTOP_W"
        return 1
    fi
    if [ "${differ:-x}" != 0 ]; then
        diag "the window does not show the screen: ${differ:-no picture}"
        "$COMPARE" "$WORK/truth.png" "$WORK/$name.png" "$SHOTS/$name-diff.png" 2>/dev/null
        return 1
    fi
}

# ---- the server and the viewer's display ------------------------------------

printf '%s\n' 'viewer-pw' | "$VNCPASSWD" -f >"$WORK/passwd.vnc" || bail_out "vncpasswd -f failed"
printf '%s\n' 'not-it' >"$WORK/wrong.txt"
start_xvnc -SecurityTypes VncAuth -PasswordFile "$WORK/passwd.vnc" ||
    bail_out "cannot start Xvnc"
put_content || bail_out "cannot put the test content on the screen"
take_truth || bail_out "cannot take the ground truth"
cp "$WORK/truth.png" "$SHOTS/server-truth.png"
start_viewer_x || bail_out "cannot start Xvfb for the viewer"
# The pointer stays off the desktop unless a test moves it there.
vx "$XDOTOOL" mousemove 1270 1015

# ---- logging in ----------------------------------------------------------------

ask_password() {
    local id
    id=$(find_window '^Authentication required$') || return 1
    shot password-dialog
    focus "$id" &&
        vx "$XDOTOOL" type --delay 20 'viewer-pw' &&
        vx "$XDOTOOL" key Return
}

start_viewer viewer.log "127.0.0.1:$XVNC_DISPLAY"
tap_check "the viewer asks for the password in a dialog, and it is typed there" ask_password
tap_check "the password from the dialog logs in: the title names the desktop" \
    wait_for_title "$DESKTOP_TITLE"
tap_check "the window shows the server's screen pixel for pixel" \
    window_shows_truth viewer
shot viewer

# ---- Send Key ------------------------------------------------------------------

# saw_ctrl_alt_del: xev on the server's display saw Delete go down with
# Control (0x4) and Mod1, Alt (0x8), held.
saw_ctrl_alt_del() {
    local i state
    for i in $(seq 1 $((VIEWER_WAIT * 10))); do
        # The state of every press of Delete (xev prints the event's
        # name on one line and "state 0x..., keycode ..." below it).
        for state in $(awk '
                /^KeyPress event/ { press = 1; next }
                /^[A-Z]/ { press = 0 }
                press && /keysym 0xffff, Delete/ {
                    sub(/.*state 0x/, ""); sub(/,.*/, ""); print }' \
                "$WORK/xev.log" 2>/dev/null); do
            if [ $((0x$state & 0xc)) -eq $((0xc)) ]; then
                return 0
            fi
        done
        sleep 0.1
    done
    diag "the server saw no Ctrl+Alt+Del; its key events:" \
        "$(grep -A2 '^Key' "$WORK/xev.log" | grep keysym)"
    return 1
}

send_ctrl_alt_del() {
    DISPLAY=:$XVNC_DISPLAY stdbuf -oL xev -root -event keyboard >"$WORK/xev.log" 2>&1 &
    XEV_PID=$!
    # xev has selected its events once it has printed nothing and stays.
    sleep 1
    pointer_to_menubar || return 1
    vx "$XDOTOOL" key alt+s || return 1
    sleep 0.5
    shot send-key-menu
    # Ctrl+Alt+Del is the first item, which opening by keyboard selects.
    vx "$XDOTOOL" key Return && saw_ctrl_alt_del
}
tap_check "Send Key > Ctrl+Alt+Del: the server sees Delete with Ctrl and Alt held" \
    send_ctrl_alt_del
stop_pid "$XEV_PID"
XEV_PID=

# ---- Screenshot ----------------------------------------------------------------

save_screenshot() {
    local id i
    rm -f "$WORK/saved.png"
    pointer_to_menubar || return 1
    vx "$XDOTOOL" key alt+c && sleep 0.3 && vx "$XDOTOOL" key s || return 1
    id=$(find_window '^Save Screenshot$') || return 1
    shot save-dialog
    focus "$id" &&
        vx "$XDOTOOL" key ctrl+a &&
        vx "$XDOTOOL" type --delay 10 "$WORK/saved.png" &&
        vx "$XDOTOOL" key Return || return 1
    for i in $(seq 1 $((VIEWER_WAIT * 10))); do
        [ -s "$WORK/saved.png" ] && break
        sleep 0.1
    done
    [ -s "$WORK/saved.png" ] || { diag "no screenshot was saved"; return 1; }
    # gdk-pixbuf writes the file in one go; give it a moment to close.
    sleep 0.3
    cp "$WORK/saved.png" "$SHOTS/saved-screenshot.png"
    same_as_truth saved
}
tap_check "Connection > Take Screenshot saves the screen as a PNG, pixel for pixel" \
    save_screenshot

# ---- the server drops the viewer; Reconnect --------------------------------

disconnected_dialog() {
    local id
    id=$(find_window '^Disconnected$') || return 1
    shot "$1"
    echo "$id" >"$WORK/dialog.id"
}

drop_client() {
    DISPLAY=:$XVNC_DISPLAY vncconfig -disconnect &&
        disconnected_dialog disconnected &&
        wait_for_title '\(disconnected\) - GVncViewer$'
}
tap_check "when the server drops the viewer, it says so (a dialog and the title)" drop_client

reconnect() {
    local id
    id=$(cat "$WORK/dialog.id" 2>/dev/null) || return 1
    # Reconnect is the dialog's default; the password is remembered.
    focus "$id" && vx "$XDOTOOL" key Return &&
        wait_for_title "$DESKTOP_TITLE"
}
tap_check "Reconnect from that dialog logs in again without asking" reconnect
tap_check "...and the window shows the screen pixel for pixel again" \
    window_shows_truth reconnected

# ---- Quit ----------------------------------------------------------------------

quit_from_menu() {
    local i status
    pointer_to_menubar || return 1
    vx "$XDOTOOL" key alt+c && sleep 0.3 && vx "$XDOTOOL" key q || return 1
    for i in $(seq 1 $((VIEWER_WAIT * 10))); do
        kill -0 "$VIEWER_PID" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$VIEWER_PID" 2>/dev/null; then
        diag "the viewer is still running"
        return 1
    fi
    wait "$VIEWER_PID"
    status=$?
    VIEWER_PID=
    [ "$status" -eq 0 ] || { diag "the viewer exited with $status"; return 1; }
}
tap_check "Connection > Quit ends the viewer with status 0" quit_from_menu

# ---- a wrong password -------------------------------------------------------

wrong_password() {
    disconnected_dialog wrong-password || return 1
    if ! grep -q 'refused the login' "$WORK/viewer-wrong.log"; then
        diag "the viewer did not say why:" "$(cat "$WORK/viewer-wrong.log")"
        return 1
    fi
    diag "$(cat "$WORK/viewer-wrong.log")"
}
start_viewer viewer-wrong.log --password-file="$WORK/wrong.txt" "vnc://127.0.0.1:$XVNC_PORT"
tap_check "a wrong --password-file: the viewer says the server refused the login" \
    wrong_password

# Quit is a button of that dialog (Alt+Q, its mnemonic).
quit_from_dialog() {
    local id i
    id=$(cat "$WORK/dialog.id" 2>/dev/null) || return 1
    focus "$id" && vx "$XDOTOOL" key alt+q || return 1
    for i in $(seq 1 $((VIEWER_WAIT * 10))); do
        kill -0 "$VIEWER_PID" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$VIEWER_PID" 2>/dev/null; then
        diag "the viewer is still running"
        return 1
    fi
    VIEWER_PID=
}
tap_check "...and its Quit button ends the viewer" quit_from_dialog
