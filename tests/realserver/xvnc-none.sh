#!/bin/bash
# gvnccapture against TigerVNC's Xvnc without authentication: every
# encoding list and every way of naming the server must give a picture
# identical, pixel for pixel, to the server's own picture of its screen.
. "$(dirname "$0")/lib.sh"

# Xvnc sends these encodings (RFB always allows raw besides).
XVNC_ENCODINGS="rre hextile tight zrle"

tap_plan $((6 + 4))
require_tools xsetroot xlogo xeyes xwininfo xdpyinfo display

start_xvnc -SecurityTypes None -rfbunixpath "$WORK/vnc.sock" ||
    bail_out "cannot start Xvnc"
put_content || bail_out "cannot put the test content on the screen"
take_truth || bail_out "cannot take the ground truth"

tap_check "raw: the capture equals the screen" \
    capture_matches raw --encodings=raw "127.0.0.1:$XVNC_DISPLAY"
tap_check "copyrect,raw: the capture equals the screen" \
    capture_matches copyrect --encodings=copyrect,raw "127.0.0.1:$XVNC_DISPLAY"
for encoding in $XVNC_ENCODINGS; do
    tap_check "$encoding: the capture equals the screen" \
        capture_matches "$encoding" --encodings="$encoding" "127.0.0.1:$XVNC_DISPLAY"
done
tap_check "default encodings: the capture equals the screen" \
    capture_matches default "127.0.0.1:$XVNC_DISPLAY"
tap_check "HOST::PORT: the capture equals the screen" \
    capture_matches hostport --encodings=raw "127.0.0.1::$XVNC_PORT"
tap_check "--port: the capture equals the screen" \
    capture_matches portopt --encodings=raw --port="$XVNC_PORT" 127.0.0.1
tap_check "unix socket: the capture equals the screen" \
    capture_matches unix --encodings=raw "$WORK/vnc.sock"
