#!/bin/bash
# gvnccapture against a scripted server (scripted-server.c) for what a
# real server does not do on demand: the desktop changes size half way
# through the first update, and the connection drops half way.
. "$(dirname "$0")/lib.sh"

SERVER=$TOP_BUILDDIR/tests/realserver/scripted-server

tap_plan 5
[ -x "$SERVER" ] || bail_out "$SERVER was not built"
[ -x "$GVNCCAPTURE" ] || bail_out "$GVNCCAPTURE was not built"

# play SCENARIO: starts the server on $WORK/SCENARIO.sock and waits for
# its socket.
play() {
    local i
    "$SERVER" "$WORK/$1.sock" "$1" >"$WORK/$1-server.log" 2>&1 &
    SERVER_PID=$!
    CHILD_PIDS="$CHILD_PIDS $SERVER_PID"
    for i in $(seq 1 100); do
        [ -S "$WORK/$1.sock" ] && return 0
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.05
    done
    diag "the scripted server did not start:" "$(cat "$WORK/$1-server.log")"
    return 1
}

# server_content: the server's script ran to its end.
server_content() {
    local status
    wait "$SERVER_PID"
    status=$?
    [ "$status" -eq 0 ] && return 0
    diag "the scripted server failed ($status):" "$(cat "$WORK/$1-server.log")"
    return 1
}

play resize || bail_out "cannot start the scripted server"
tap_check "resize: the capture succeeds" capture resize "$WORK/resize.sock"
tap_check "resize: the client did what the script expects" server_content resize
if [ -x "$CONVERT" ] && [ -x "$COMPARE" ]; then
    "$CONVERT" -size 40x10 xc:'#102030' -size 40x20 xc:'#C08040' -append \
        "$WORK/truth.png"
    tap_check "resize: the picture is the new 40x30 screen" same_as_truth resize
else
    tap_skip "not installed: ImageMagick (convert, compare)"
fi

play partial || bail_out "cannot start the scripted server"
gvnccapture --timeout=$CAPTURE_TIMEOUT "$WORK/partial.sock" "$WORK/partial.png" \
    </dev/null >"$WORK/partial.log" 2>&1
status=$?
diag "$(cat "$WORK/partial.log")"
tap_check "partial: a connection lost half way fails (status 1)" [ "$status" -eq 1 ]
tap_check "partial: and leaves no picture" [ ! -e "$WORK/partial.png" ]
