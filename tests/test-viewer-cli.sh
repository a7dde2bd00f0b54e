#!/bin/bash
# gvncviewer's command line, without a display or a server: mistakes are
# refused with status 2 and a reason, before any display is needed; a
# right command line without a display fails with status 1 and says so.
. "$(dirname "$0")/realserver/lib.sh"

GVNCVIEWER=${GVNCVIEWER:-$TOP_BUILDDIR/viewer/gvncviewer}

tap_plan 11
[ -x "$GVNCVIEWER" ] || tap_skip_rest "gvncviewer is not built (no widget: --with-gtk=no)"

# expect STATUS PATTERN ARGS...: the viewer, run without a display,
# exits with STATUS and its output matches PATTERN (grep -E).
expect() {
    local want=$1 pattern=$2 status
    shift 2
    env -u DISPLAY -u WAYLAND_DISPLAY "$GVNCVIEWER" "$@" </dev/null >"$WORK/out.log" 2>&1
    status=$?
    if [ "$status" -ne "$want" ]; then
        diag "gvncviewer $*: expected status $want, got $status:" "$(cat "$WORK/out.log")"
        return 1
    fi
    if ! grep -Eq -- "$pattern" "$WORK/out.log"; then
        diag "gvncviewer $*: output does not match '$pattern':" "$(cat "$WORK/out.log")"
        return 1
    fi
}

printf 'A\0B' >"$WORK/binary-password"
touch "$WORK/cert.pem"

tap_check "--help lists the viewer's options" \
    expect 0 'view-only' --help
tap_check "--help lists the log-in options" \
    expect 0 'password-file=FILE' --help
tap_check "--help-all lists the widget's option" \
    expect 0 'gtk-vnc-debug' --help-all
tap_check "no server is refused" \
    expect 2 'which server' --view-only
tap_check "two servers are refused" \
    expect 2 'one server' host1 host2
tap_check "an unknown depth is refused by name" \
    expect 2 "unknown depth 'deep'" --depth=deep localhost
tap_check "a zoom out of range is refused" \
    expect 2 'zoom' --zoom=5 localhost
tap_check "a bad vnc:// port is refused" \
    expect 2 "port '1:2'" vnc://localhost:1:2
tap_check "a client certificate without its key is refused" \
    expect 2 'go together' --client-cert="$WORK/cert.pem" localhost
tap_check "a binary (vncpasswd) password file is refused" \
    expect 2 'plain text' --password-file="$WORK/binary-password" localhost
tap_check "a right command line without a display: status 1, and why" \
    expect 1 'no display' --scaling --depth=16 'vnc://[::1]:5901'
