#!/bin/bash
# gvncviewer and x509 certificates, against TigerVNC's Xvnc with VeNCrypt
# X509None: a certificate signed by the authority given with --ca-cert
# is used without a word; one that fails its checks is shown in a dialog
# that refuses by default (and the viewer says why the connection
# ended), and accepting it there shows the desktop pixel for pixel.
#
# Pictures of the viewer go to test-viewer-shots/tls/ in the build's
# tests folder.
. "$(dirname "$0")/realserver/lib.sh"
. "$(dirname "$0")/realserver/tls-pki.sh"
VIEWER_TEST_NAME=tls
. "$(dirname "$0")/viewer-lib.sh"

tap_plan 6
[ -n "$CERTTOOL" ] || tap_skip_rest "not installed: certtool (gnutls-bin)"
viewer_require

make_pki || bail_out "cannot make the certificates"
start_xvnc -SecurityTypes X509None -X509Cert "$PKI/server-cert.pem" \
    -X509Key "$PKI/server-key.pem" || bail_out "cannot start Xvnc with X509None"
put_content || bail_out "cannot put the test content on the screen"
take_truth || bail_out "cannot take the ground truth"
cp "$WORK/truth.png" "$SHOTS/server-truth.png"
start_viewer_x || bail_out "cannot start Xvfb for the viewer"
vx "$XDOTOOL" mousemove 1270 1015

# no_window REGEX: no visible window has that title.
no_window() {
    if vx "$XDOTOOL" search --onlyvisible --name "$1" >/dev/null 2>&1; then
        diag "a window '$1' is open"
        return 1
    fi
}

# stop_viewer: the viewer is done with; it must not have crashed.
stop_viewer() {
    if ! kill -0 "$VIEWER_PID" 2>/dev/null; then
        wait "$VIEWER_PID"
        diag "the viewer had exited with status $?"
        VIEWER_PID=
        return 1
    fi
    stop_pid "$VIEWER_PID"
    VIEWER_PID=
}

trusted() {
    wait_for_title "$DESKTOP_TITLE" && window_shows_truth trusted &&
        no_window '^Untrusted certificate$'
}
start_viewer viewer-trusted.log --ca-cert="$PKI/ca-cert.pem" "127.0.0.1:$XVNC_DISPLAY"
tap_check "a certificate from the --ca-cert authority: no question, the exact screen" trusted
shot trusted
tap_check "...and the viewer is still running" stop_viewer

# ---- an authority nobody trusts -------------------------------------------

certificate_dialog() {
    local id
    id=$(find_window '^Untrusted certificate$') || return 1
    echo "$id" >"$WORK/cert-dialog.id"
    focus "$id" || return 1
    # Show the certificate itself (the expander's mnemonic), for the picture.
    vx "$XDOTOOL" key alt+c
    sleep 0.5
    shot "$1"
}

refused_by_default() {
    local id
    id=$(cat "$WORK/cert-dialog.id") || return 1
    # Enter takes the default button.
    focus "$id" && vx "$XDOTOOL" key Return || return 1
    disconnected_dialog refused || return 1
    if ! grep -q "certificate was refused" "$WORK/viewer-untrusted.log"; then
        diag "the viewer did not say why:" "$(cat "$WORK/viewer-untrusted.log")"
        return 1
    fi
    diag "$(cat "$WORK/viewer-untrusted.log")"
}

accepted() {
    local id
    id=$(cat "$WORK/dialog.id") || return 1
    # Reconnect (the message's default), then accept this time.
    focus "$id" && vx "$XDOTOOL" key Return || return 1
    certificate_dialog certificate-again || return 1
    id=$(cat "$WORK/cert-dialog.id") || return 1
    focus "$id" && vx "$XDOTOOL" key alt+a || return 1
    wait_for_title "$DESKTOP_TITLE" && window_shows_truth accepted
}

start_viewer viewer-untrusted.log --ca-cert="$PKI/other-ca-cert.pem" \
    "127.0.0.1:$XVNC_DISPLAY"
tap_check "another authority's certificate: the viewer shows it in a dialog" \
    certificate_dialog certificate
tap_check "Enter refuses it, and the viewer says the certificate was refused" \
    refused_by_default
tap_check "after Reconnect, accepting it shows the exact screen" accepted
shot accepted
tap_check "...and the viewer is still running" stop_viewer
