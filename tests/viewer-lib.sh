# Shared by the viewer tests (sourced after realserver/lib.sh, not run):
# an Xvfb of the viewer's own, gvncviewer started in it with a private
# home, windows found by title and given the keyboard (there is no
# window manager), pictures of the screen kept for a person, and the
# viewer's window compared with the server's own picture of its screen.
#
# Call viewer_require after tap_plan; it skips the script when a tool is
# missing and makes the pictures folder.

: "${XVFB:=$(command -v Xvfb || true)}"
: "${XDOTOOL:=$(command -v xdotool || true)}"
: "${XWD:=$(command -v xwd || true)}"
GVNCVIEWER=${GVNCVIEWER:-$TOP_BUILDDIR/viewer/gvncviewer}
# Pictures for a person, in the build's tests folder (replaced each run).
SHOTS=$TOP_BUILDDIR/tests/test-viewer-shots/${VIEWER_TEST_NAME:-viewer}
# Seconds to wait for anything the viewer does.
VIEWER_WAIT=${VIEWER_WAIT:-20}

# The viewer's own X server, its processes, and their cleanup (before
# lib.sh's, which stops Xvnc and its clients).
VIEWER_X=
VIEWER_X_PID=
VIEWER_PID=
XEV_PID=
CLIP_PID=
viewer_cleanup() {
    [ -n "$VIEWER_PID" ] && stop_pid "$VIEWER_PID"
    [ -n "$XEV_PID" ] && stop_pid "$XEV_PID"
    [ -n "$CLIP_PID" ] && stop_pid "$CLIP_PID"
    [ -n "$VIEWER_X_PID" ] && stop_pid "$VIEWER_X_PID"
    cp "$WORK"/viewer*.log "$SHOTS/" 2>/dev/null
    cleanup
}
trap viewer_cleanup EXIT

# start_viewer_x: an Xvfb for the viewer, large enough for the desktop,
# the menu bar and the dialogs, on a display number it picks itself
# (-displayfd), so that tests running at once never collide.
start_viewer_x() {
    local i
    "$XVFB" -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp -noreset \
        3>"$WORK/xvfb.display" >"$WORK/xvfb.log" 2>&1 &
    VIEWER_X_PID=$!
    for i in $(seq 1 100); do
        VIEWER_X=$(head -n 1 "$WORK/xvfb.display" 2>/dev/null)
        if [ -n "$VIEWER_X" ] && xdpyinfo -display ":$VIEWER_X" >/dev/null 2>&1; then
            diag "Xvfb :$VIEWER_X for the viewer is up, pid $VIEWER_X_PID"
            return 0
        fi
        kill -0 "$VIEWER_X_PID" 2>/dev/null || break
        sleep 0.1
    done
    diag "Xvfb did not start:" "$(tail -n 20 "$WORK/xvfb.log")"
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
# matches, waiting for it to appear (what it says goes to stderr, since
# callers take its output).
find_window() {
    local id i
    for i in $(seq 1 $((VIEWER_WAIT * 10))); do
        id=$(vx "$XDOTOOL" search --onlyvisible --name "$1" 2>/dev/null | head -n 1)
        if [ -n "$id" ]; then
            echo "$id"
            return 0
        fi
        if ! kill -0 "$VIEWER_PID" 2>/dev/null; then
            diag "the viewer exited while waiting for a window '$1'" >&2
            return 1
        fi
        sleep 0.1
    done
    diag "no window '$1' appeared; windows:" \
        "$(vx "$XDOTOOL" search --onlyvisible --name . getwindowname %@ 2>/dev/null)" >&2
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

# open_menu LETTER: opens the menu bar's menu with that mnemonic
# (Alt+LETTER, the pointer over the menu bar) and waits until it is on
# the screen, so that the next key goes to it.
open_menu() {
    local before i
    pointer_to_menubar || return 1
    before=$(vx "$XDOTOOL" search --onlyvisible --classname gvncviewer 2>/dev/null | wc -l)
    vx "$XDOTOOL" key "alt+$1" || return 1
    for i in $(seq 1 $((VIEWER_WAIT * 10))); do
        if [ "$(vx "$XDOTOOL" search --onlyvisible --classname gvncviewer 2>/dev/null |
                wc -l)" -gt "$before" ]; then
            # Mapped means grabbed: GTK grabs the keyboard before it shows
            # a menu. A moment more for it to draw, for the pictures.
            sleep 0.2
            return 0
        fi
        sleep 0.1
    done
    diag "the menu Alt+$1 did not open"
    return 1
}

# shot NAME: the whole screen of the viewer's X server, for a person.
shot() {
    vx "$IMPORT" -window root "$SHOTS/$1.png" 2>/dev/null
}

# disconnected_dialog NAME: the message that a session ended is shown;
# its picture goes to NAME.png and its window id to $WORK/dialog.id.
disconnected_dialog() {
    local id
    id=$(find_window '^Disconnected$') || return 1
    shot "$1"
    echo "$id" >"$WORK/dialog.id"
}

# The desktop's size, and where it is in the window: the window is as
# wide as the desktop and the desktop fills it below the menu bar. An
# odd size, so that the server sends partial tiles at the edges.
XVNC_GEOMETRY=${XVNC_GEOMETRY:-1021x763}
DESKTOP_W=${XVNC_GEOMETRY%x*}
DESKTOP_H=${XVNC_GEOMETRY#*x}

# window_id_shows_truth NAME ID: the window ID, read back with xwd,
# shows the ground truth pixel for pixel in its bottom-left
# DESKTOP_WxDESKTOP_H (tried until the updates have come); its picture
# goes to NAME-window.png.
window_id_shows_truth() {
    local name=$1 id=$2 differ i
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
    if [ "${differ:-x}" != 0 ]; then
        diag "the window does not show the screen: ${differ:-no picture}"
        "$COMPARE" "$WORK/truth.png" "$WORK/$name.png" "$SHOTS/$name-diff.png" 2>/dev/null
        return 1
    fi
}

# window_shows_truth NAME: the viewer's window is as wide as the desktop
# and shows the ground truth pixel for pixel.
window_shows_truth() {
    local name=$1 id width
    id=$(main_window) || return 1
    window_id_shows_truth "$name" "$id" || return 1
    width=$(vx xwininfo -id "$id" | sed -n 's/^ *Width: *//p')
    if [ "$width" != "$DESKTOP_W" ]; then
        diag "the window is $width pixels wide, the desktop $DESKTOP_W"
        return 1
    fi
}

# wait_viewer_exit: waits for the viewer to end and reaps it, its exit
# status in VIEWER_STATUS; fails, saying so, when it is still running.
wait_viewer_exit() {
    local i
    for i in $(seq 1 $((VIEWER_WAIT * 10))); do
        kill -0 "$VIEWER_PID" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$VIEWER_PID" 2>/dev/null; then
        diag "the viewer is still running"
        return 1
    fi
    wait "$VIEWER_PID"
    VIEWER_STATUS=$?
    VIEWER_PID=
}

# viewer_require TOOLS...: skips the rest of the script when the viewer
# was not built or a tool it needs is missing.
viewer_require() {
    local tool
    [ -x "$GVNCVIEWER" ] || tap_skip_rest "gvncviewer is not built (no widget: --with-gtk=no)"
    for tool in XVFB XDOTOOL XWD; do
        [ -n "${!tool}" ] && [ -x "${!tool}" ] || tap_skip_rest "not installed: ${tool,,}"
    done
    require_tools xsetroot xlogo xeyes xwininfo xdpyinfo display "$@"
    rm -rf "$SHOTS"
    mkdir -p "$SHOTS" "$WORK/home/.local/share" || bail_out "cannot make $SHOTS"
}
