#!/bin/bash
# gvnccapture's command line, with no server: bad input is refused with
# status 2 and a reason; a server that is not there is a failure
# (status 1) that leaves no picture behind.
. "$(dirname "$0")/lib.sh"

tap_plan 9
[ -x "$GVNCCAPTURE" ] || bail_out "$GVNCCAPTURE was not built"

# expect STATUS PATTERN ARGS...: the tool exits with STATUS and its
# output matches PATTERN (a grep -E expression).
expect() {
    local want=$1 pattern=$2 status
    shift 2
    gvnccapture "$@" </dev/null >"$WORK/out.log" 2>&1
    status=$?
    if [ "$status" -ne "$want" ]; then
        diag "gvnccapture $*: expected status $want, got $status:" "$(cat "$WORK/out.log")"
        return 1
    fi
    if ! grep -Eq -- "$pattern" "$WORK/out.log"; then
        diag "gvnccapture $*: output does not match '$pattern':" "$(cat "$WORK/out.log")"
        return 1
    fi
}

no_picture() {
    [ ! -e "$WORK/out.png" ] || { diag "out.png was written"; return 1; }
}

tap_check "--help lists the options" \
    expect 0 'encodings=LIST' --help
tap_check "one argument only is refused" \
    expect 2 'HOST' localhost:1
tap_check "an unknown encoding is refused by name" \
    expect 2 "unknown encoding 'nosuch'" --encodings=raw,nosuch :1 "$WORK/out.png"
tap_check "an empty encoding list is refused" \
    expect 2 'at least one' --encodings=, :1 "$WORK/out.png"
tap_check "a display that is not a number is refused" \
    expect 2 "display 'x1'" localhost:x1 "$WORK/out.png"
tap_check "a port both in the address and in --port is refused" \
    expect 2 'not both' --port=5901 localhost:1 "$WORK/out.png"
printf 'A\0B' >"$WORK/binary-password"
tap_check "a binary (vncpasswd) password file is refused" \
    expect 2 'plain text' --password-file="$WORK/binary-password" :1 "$WORK/out.png"
tap_check "a unix socket nobody listens on fails" \
    expect 1 "$WORK/missing.sock" --timeout=10 "$WORK/missing.sock" "$WORK/out.png"
tap_check "...and leaves no picture" no_picture
