#!/bin/bash
# gvncviewer as a person uses it: in a private Xvfb, connecting to
# TigerVNC's Xvnc with VNC authentication, driven with xdotool. It asks
# for the password in its dialog (typed here), shows the server's screen
# pixel for pixel (the window read back with xwd against the server's
# own picture), sends Ctrl+Alt+Del from its Send Key menu (xev on the
# server's display sees the keys), saves a screenshot from its menu,
# shares clipboard text both ways, shows the grab in its title, zooms,
# resizes the server's desktop to its window, says why it cannot connect,
# says when the server drops it and reconnects, says why a wrong
# password fails, and quits from its menu.
#
# Pictures of the viewer go to test-viewer-shots/viewer/ in the build's
# tests folder, for a person to look at (replaced on every run).
. "$(dirname "$0")/realserver/lib.sh"
VIEWER_TEST_NAME=viewer
. "$(dirname "$0")/viewer-lib.sh"

tap_plan 20
[ -n "$VNCPASSWD" ] && [ -x "$VNCPASSWD" ] || tap_skip_rest "not installed: vncpasswd"
viewer_require xev vncconfig stdbuf

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
    # xev listens once it reports a key typed on the server's display
    # itself (XTEST), one that is no part of what is looked for.
    local i
    for i in $(seq 1 $((VIEWER_WAIT * 10))); do
        DISPLAY=:$XVNC_DISPLAY "$XDOTOOL" key Shift_R 2>/dev/null
        grep -q 'Shift_R' "$WORK/xev.log" && break
        sleep 0.1
    done
    grep -q 'Shift_R' "$WORK/xev.log" || { diag "xev does not listen"; return 1; }
    open_menu s || return 1
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
    open_menu c && vx "$XDOTOOL" key s || return 1
    id=$(find_window '^Save Screenshot$') || return 1
    shot save-dialog
    focus "$id" &&
        vx "$XDOTOOL" key ctrl+a &&
        vx "$XDOTOOL" type --delay 10 "$WORK/saved.png" &&
        vx "$XDOTOOL" key Return || return 1
    # Until the file is complete: a PNG ends with its IEND chunk.
    for i in $(seq 1 $((VIEWER_WAIT * 10))); do
        tail -c 8 "$WORK/saved.png" 2>/dev/null | grep -q IEND && break
        sleep 0.1
    done
    [ -s "$WORK/saved.png" ] || { diag "no screenshot was saved"; return 1; }
    cp "$WORK/saved.png" "$SHOTS/saved-screenshot.png"
    same_as_truth saved
}
tap_check "Connection > Take Screenshot saves the screen as a PNG, pixel for pixel" \
    save_screenshot

# ---- the clipboard, both ways --------------------------------------------------

CLIPTOOL=$TOP_BUILDDIR/tests/viewer-clipboard

# clipboard_set DISPLAY TEXT: a client on DISPLAY owns its CLIPBOARD,
# holding TEXT, until another takes it.
clipboard_set() {
    local i
    [ -n "$CLIP_PID" ] && stop_pid "$CLIP_PID"
    DISPLAY=$1 "$CLIPTOOL" set "$2" >"$WORK/clipboard-owner.log" 2>&1 &
    CLIP_PID=$!
    for i in $(seq 1 $((VIEWER_WAIT * 10))); do
        grep -q owned "$WORK/clipboard-owner.log" && return 0
        kill -0 "$CLIP_PID" 2>/dev/null || break
        sleep 0.1
    done
    diag "cannot own the CLIPBOARD of $1:" "$(cat "$WORK/clipboard-owner.log")"
    return 1
}

# clipboard_has DISPLAY TEXT: the CLIPBOARD of DISPLAY comes to hold TEXT.
clipboard_has() {
    local got= i
    for i in $(seq 1 $((VIEWER_WAIT * 4))); do
        got=$(DISPLAY=$1 timeout 10 "$CLIPTOOL" get 2>/dev/null)
        [ "$got" = "$2" ] && return 0
        sleep 0.25
    done
    diag "the CLIPBOARD of $1 holds '$got', not '$2'"
    return 1
}

# Text beyond Latin-1 travels only with the ExtendedClipboard extension
# (UTF-8), which Xvnc has.
FROM_SERVER='copied on the server: café, 中文'
FROM_VIEWER='copied beside the viewer: naïve, ελληνικά'
tap_check "text copied on the server can be pasted beside the viewer (UTF-8)" \
    eval 'clipboard_set ":$XVNC_DISPLAY" "$FROM_SERVER" &&
        clipboard_has ":$VIEWER_X" "$FROM_SERVER"'
tap_check "text copied beside the viewer can be pasted on the server (UTF-8)" \
    eval 'clipboard_set ":$VIEWER_X" "$FROM_VIEWER" &&
        clipboard_has ":$XVNC_DISPLAY" "$FROM_VIEWER"'
[ -n "$CLIP_PID" ] && stop_pid "$CLIP_PID"
CLIP_PID=

# ---- the server drops the viewer; Reconnect --------------------------------

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

# ---- grabbing the pointer ---------------------------------------------------

# Over the desktop's bare background (the test content keeps to the top
# left), where a click does nothing on the server.
grab_by_click() {
    local id
    id=$(main_window) || return 1
    vx "$XDOTOOL" mousemove --window "$id" $((DESKTOP_W - 40)) $((DESKTOP_H - 40)) &&
        vx "$XDOTOOL" click 1 &&
        wait_for_title '^\(Press Ctrl\+Alt to release pointer\) .* - GVncViewer$'
}
tap_check "a click grabs the pointer: the title says Ctrl+Alt releases it" grab_by_click
shot grabbed

release_by_keys() {
    vx "$XDOTOOL" key ctrl+alt && wait_for_title "$DESKTOP_TITLE"
}
tap_check "Ctrl+Alt releases it: the title names the desktop again" release_by_keys
# The click moved the server's pointer, and xeyes looked.
take_truth || bail_out "cannot take the ground truth again"

# ---- the View menu -------------------------------------------------------------

# view_item KEY: View, then the item with that mnemonic.
view_item() {
    open_menu v && vx "$XDOTOOL" key "$1"
}

# window_size_is W H: the main window comes to be W wide and H high.
window_size_is() {
    local id size= i
    id=$(main_window) || return 1
    for i in $(seq 1 $((VIEWER_WAIT * 10))); do
        size=$(vx xwininfo -id "$id" | sed -n 's/^ *Width: *//p; s/^ *Height: *//p' | tr '\n' x)
        [ "$size" = "${1}x${2}x" ] && return 0
        sleep 0.1
    done
    diag "the window is ${size%x}, not ${1}x${2}"
    return 1
}

# The menu bar's height: the window's less the desktop's, at 100%.
menubar_height() {
    local id
    id=$(main_window) || return 1
    echo $(( $(vx xwininfo -id "$id" | sed -n 's/^ *Height: *//p') - DESKTOP_H ))
}
MENUBAR_H=$(menubar_height)

zoom_out() {
    # 90%, rounded up to whole pixels.
    view_item o && window_size_is $(( (DESKTOP_W * 90 + 99) / 100 )) \
        $(( (DESKTOP_H * 90 + 99) / 100 + MENUBAR_H ))
}
tap_check "View > Zoom Out: the window shrinks around the desktop at 90%" zoom_out
shot zoomed-out

normal_size() {
    view_item n && window_size_is "$DESKTOP_W" $((DESKTOP_H + MENUBAR_H)) &&
        window_shows_truth normal-size
}
tap_check "View > Normal Size: the window fits the desktop, pixel for pixel" normal_size

# The server's desktop as xdpyinfo says it (WxH).
server_size_is() {
    local size= i
    for i in $(seq 1 $((VIEWER_WAIT * 10))); do
        size=$(DISPLAY=:$XVNC_DISPLAY xdpyinfo | sed -n 's/^ *dimensions: *\([0-9x]*\) pixels.*/\1/p')
        [ "$size" = "$1" ] && return 0
        sleep 0.1
    done
    diag "the server's desktop is $size, not $1"
    return 1
}

resize_guest() {
    local id
    view_item r || return 1
    id=$(main_window) || return 1
    vx "$XDOTOOL" windowsize "$id" 800 $((600 + MENUBAR_H)) &&
        server_size_is 800x600
}
tap_check "View > Resize Guest to Window: the server's desktop takes the window's size" \
    resize_guest
shot resized-guest

# ---- Quit ----------------------------------------------------------------------

quit_from_menu() {
    open_menu c && vx "$XDOTOOL" key q || return 1
    wait_viewer_exit || return 1
    [ "$VIEWER_STATUS" -eq 0 ] || { diag "the viewer exited with $VIEWER_STATUS"; return 1; }
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
    local id
    id=$(cat "$WORK/dialog.id" 2>/dev/null) || return 1
    focus "$id" && vx "$XDOTOOL" key alt+q || return 1
    wait_viewer_exit
}
tap_check "...and its Quit button ends the viewer" quit_from_dialog

# ---- nobody there ---------------------------------------------------------------

# Nobody listens on a unix socket path that was never made (a TCP port
# thought free could be taken by another test meanwhile).
no_server() {
    disconnected_dialog no-server || return 1
    if ! grep -q "Cannot connect to $WORK/nobody.sock" "$WORK/viewer-nobody.log"; then
        diag "the viewer did not say it cannot connect:" "$(cat "$WORK/viewer-nobody.log")"
        return 1
    fi
    diag "$(cat "$WORK/viewer-nobody.log")"
}
start_viewer viewer-nobody.log "$WORK/nobody.sock"
tap_check "a unix socket nobody listens on: the viewer says it cannot connect, and why" \
    no_server
tap_check "...and its Quit button ends the viewer" quit_from_dialog
