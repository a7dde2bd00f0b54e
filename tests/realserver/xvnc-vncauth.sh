#!/bin/bash
# gvnccapture against TigerVNC's Xvnc with VNC authentication: the right
# password gives an exact picture, a wrong or missing one a failure.
. "$(dirname "$0")/lib.sh"

tap_plan 5
[ -n "$VNCPASSWD" ] && [ -x "$VNCPASSWD" ] || tap_skip_rest "not installed: vncpasswd"
require_tools xsetroot xlogo xeyes xwininfo xdpyinfo display setsid

printf '%s\n' 'gvnc-test' >"$WORK/password.txt"
printf '%s\n' 'not-it' >"$WORK/wrong.txt"
printf '%s\n' 'gvnc-test' | "$VNCPASSWD" -f >"$WORK/passwd.vnc" ||
    bail_out "vncpasswd -f failed"

# An odd size, so that rectangles at the right and bottom edges are
# partial tiles for the server.
XVNC_GEOMETRY=1021x763
start_xvnc -SecurityTypes VncAuth -PasswordFile "$WORK/passwd.vnc" ||
    bail_out "cannot start Xvnc"
put_content || bail_out "cannot put the test content on the screen"
take_truth || bail_out "cannot take the ground truth"

tap_check "right password, raw: the capture equals the screen" \
    capture_matches raw --encodings=raw --password-file="$WORK/password.txt" \
    "127.0.0.1:$XVNC_DISPLAY"
tap_check "right password, copyrect,raw: the capture equals the screen" \
    capture_matches copyrect --encodings=copyrect,raw \
    --password-file="$WORK/password.txt" "127.0.0.1:$XVNC_DISPLAY"

# fails_cleanly NAME OPTIONS...: the tool exits 1, says why on stderr,
# and leaves no picture behind.
fails_cleanly() {
    local name=$1 status
    shift
    "$@" "$WORK/$name.png" </dev/null >"$WORK/$name.log" 2>&1
    status=$?
    if [ "$status" -ne 1 ]; then
        diag "expected exit status 1, got $status:" "$(cat "$WORK/$name.log")"
        return 1
    fi
    if ! grep -q . "$WORK/$name.log"; then
        diag "no reason was printed"
        return 1
    fi
    diag "$(cat "$WORK/$name.log")"
    if [ -e "$WORK/$name.png" ]; then
        diag "a picture was written anyway"
        return 1
    fi
}

tap_check "wrong password: the capture fails" \
    fails_cleanly wrong gvnccapture --timeout=$CAPTURE_TIMEOUT \
    --password-file="$WORK/wrong.txt" "127.0.0.1:$XVNC_DISPLAY"
# No terminal to ask on (setsid drops it): it must not hang or guess.
tap_check "no password and no terminal: the capture fails" \
    fails_cleanly nopass setsid bash -c 'gvnccapture "$@"' gvnccapture \
    --timeout=$CAPTURE_TIMEOUT \
    "127.0.0.1:$XVNC_DISPLAY"
# The server still serves after the failures.
tap_check "right password after failures: the capture equals the screen" \
    capture_matches again --password-file="$WORK/password.txt" \
    "127.0.0.1:$XVNC_DISPLAY"
