#!/bin/bash
# gvncviewer on a guest console: QEMU with xvp power control
# (-vnc ...,power-control=on). The viewer shows the firmware's screen
# (QEMU's own screendump is the truth, its blinking cursor masked), and
# Power > Reset, once confirmed, resets the machine: QEMU's monitor
# reports the RESET. Cancelling the confirmation resets nothing.
#
# Pictures of the viewer go to test-viewer-shots/qemu/ in the build's
# tests folder.
. "$(dirname "$0")/realserver/lib.sh"
. "$(dirname "$0")/realserver/lib-servers.sh"
VIEWER_TEST_NAME=qemu
# The firmware's text screen.
XVNC_GEOMETRY=720x400
. "$(dirname "$0")/viewer-lib.sh"

tap_plan 4
[ -n "$QEMU" ] || tap_skip_rest "not installed: qemu-system-x86_64"
viewer_require

QEMU_VNC_OPTIONS=,power-control=on
start_qemu || bail_out "cannot start QEMU"
qemu_take_truth || bail_out "cannot take QEMU's screen"
cp "$WORK/truth.png" "$SHOTS/server-truth.png"
start_viewer_x || bail_out "cannot start Xvfb for the viewer"
vx "$XDOTOOL" mousemove 1270 1015

# shows_qemu_screen: the viewer's window shows QEMU's screen, its cursor
# block masked (it blinks between the screendump and the window).
shows_qemu_screen() {
    local id differ= i
    id=$(main_window) || return 1
    for i in $(seq 1 $((VIEWER_WAIT * 2))); do
        vx "$XWD" -silent -id "$id" >"$WORK/qviewer.xwd" 2>/dev/null &&
            "$CONVERT" "xwd:$WORK/qviewer.xwd" "$SHOTS/viewer-window.png" 2>/dev/null &&
            "$CONVERT" "$SHOTS/viewer-window.png" -gravity SouthWest \
                -crop "${DESKTOP_W}x${DESKTOP_H}+0+0" +repage "$WORK/qviewer.png" &&
            differ=$(count_differences truth qviewer mask 2>/dev/null)
        [ "$differ" = 0 ] && return 0
        sleep 0.5
    done
    diag "the window does not show QEMU's screen: ${differ:-no picture}"
    return 1
}

start_viewer viewer.log "127.0.0.1:$QEMU_DISPLAY"
tap_check "the viewer shows QEMU's screen (the cursor block masked)" \
    eval 'wait_for_title "$DESKTOP_TITLE" && shows_qemu_screen'

# power_reset ANSWER: Power > Reset, then ANSWER in the confirmation
# (alt+e presses Reset, Escape cancels).
power_reset() {
    local id
    open_menu p || return 1
    shot power-menu
    vx "$XDOTOOL" key e || return 1
    id=$(find_window '^Power control$') || return 1
    shot power-confirm
    focus "$id" && vx "$XDOTOOL" key "$1"
}

# qemu_reset_reported: QEMU's monitor says the machine was reset.
qemu_reset_reported() {
    qmp_read "RESET event" '"event": *"RESET"'
}

# no_reset: a second's silence from QEMU's monitor about resets.
no_reset() {
    local line
    while IFS= read -r -t 1 line <&8; do
        case $line in
        *'"RESET"'*) diag "QEMU reset anyway: $line"; return 1 ;;
        esac
    done
    return 0
}

tap_check "Power > Reset, cancelled: QEMU is not reset" \
    eval 'power_reset Escape && no_reset'
tap_check "Power > Reset, confirmed: QEMU reports the reset (xvp)" \
    eval 'power_reset alt+e && qemu_reset_reported'
tap_check "...and the viewer is still connected" \
    eval 'sleep 1 && wait_for_title "$DESKTOP_TITLE" && kill -0 "$VIEWER_PID"'
shot after-reset
