#!/bin/bash
# gvnccapture against QEMU's VNC server with TLS (VeNCrypt): anonymous TLS
# (tls-creds-anon, TLSNone), x509 server certificates (tls-creds-x509,
# X509None), and x509 with client certificates and a password
# (verify-peer=on, password=on: X509Vnc). Each picture equals QEMU's own
# screendump, the blinking cursor masked (see lib-servers.sh).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-servers.sh"
. "$(dirname "$0")/tls-pki.sh"

tap_plan 9
require_commands "$QEMU" mkfifo awk
[ -n "$CERTTOOL" ] || tap_skip_rest "not installed: certtool (gnutls-bin)"

make_pki || bail_out "cannot make the certificates"
# What tls-creds-x509 reads from its folder.
mkdir -p "$WORK/qemu-x509" &&
    cp "$PKI/ca-cert.pem" "$PKI/server-cert.pem" "$PKI/server-key.pem" "$WORK/qemu-x509/" ||
    bail_out "cannot set up QEMU's certificate folder"
# The tool looks in ~/.pki when no file is named: gtk-vnc 1.x's places,
# the client's under the name it gives (gvnccapture).
export HOME=$WORK/home
mkdir -p "$HOME/.pki/CA" "$HOME/.pki/gvnccapture/private" &&
    cp "$PKI/ca-cert.pem" "$HOME/.pki/CA/cacert.pem" &&
    cp "$PKI/client-cert.pem" "$HOME/.pki/gvnccapture/clientcert.pem" &&
    cp "$PKI/client-key.pem" "$HOME/.pki/gvnccapture/private/clientkey.pem" ||
    bail_out "cannot fill the test's ~/.pki"

PASSWORD=gvnc-qemu
printf '%s\n' "$PASSWORD" >"$WORK/password.txt"

used() {
    grep -q "VeNCrypt sub-type $1\$" "$WORK/$2.log" && return 0
    diag "$2 did not use VeNCrypt $1:" "$(grep -i -E 'security|sub-type' "$WORK/$2.log")"
    return 1
}

QEMU_VNC_OPTIONS=",tls-creds=tls0" \
    start_qemu -object tls-creds-anon,id=tls0,endpoint=server ||
    bail_out "cannot start QEMU with anonymous TLS"
qemu_take_truth || bail_out "cannot take the ground truth"
tap_check "anonymous TLS (TLSNone): the capture equals the screendump" \
    eval 'capture_matches_by mask anon --debug "127.0.0.1:$QEMU_DISPLAY" && used TLSNone anon'
tap_check "anonymous TLS with --require-encryption: the capture equals the screendump" \
    capture_matches_by mask anon-required --require-encryption "127.0.0.1:$QEMU_DISPLAY"

QEMU_VNC_OPTIONS=",tls-creds=tls0" \
    start_qemu -object "tls-creds-x509,id=tls0,dir=$WORK/qemu-x509,endpoint=server,verify-peer=off" ||
    bail_out "cannot start QEMU with x509"
qemu_take_truth || bail_out "cannot take the ground truth"
tap_check "x509 (X509None): the capture equals the screendump" \
    eval 'capture_matches_by mask x509 --debug --ca-cert="$PKI/ca-cert.pem" \
        "127.0.0.1:$QEMU_DISPLAY" && used X509None x509'
tap_check "x509, the CA found in ~/.pki: the capture equals the screendump" \
    capture_matches_by mask x509-home "localhost:$QEMU_DISPLAY"
tap_check "x509, another authority: the capture is refused" \
    fails_with x509-other 'not signed by a trusted certificate authority' \
    --ca-cert="$PKI/other-ca-cert.pem" "127.0.0.1:$QEMU_DISPLAY"

QEMU_VNC_OPTIONS=",tls-creds=tls0,password=on" \
    start_qemu -object "tls-creds-x509,id=tls0,dir=$WORK/qemu-x509,endpoint=server,verify-peer=on" ||
    bail_out "cannot start QEMU with x509 and verify-peer"
qmp "{\"execute\": \"set_password\", \"arguments\": {\"protocol\": \"vnc\", \"password\": \"$PASSWORD\"}}" ||
    bail_out "cannot set QEMU's VNC password"
qemu_take_truth || bail_out "cannot take the ground truth"
tap_check "x509 with a client certificate (X509Vnc): the capture equals the screendump" \
    eval 'capture_matches_by mask peer --debug --ca-cert="$PKI/ca-cert.pem" \
        --client-cert="$PKI/client-cert.pem" --client-key="$PKI/client-key.pem" \
        --password-file="$WORK/password.txt" "127.0.0.1:$QEMU_DISPLAY" && used X509Vnc peer'
tap_check "x509, the client certificate found in ~/.pki/gvnccapture: the capture equals the screendump" \
    capture_matches_by mask peer-home --password-file="$WORK/password.txt" \
    "127.0.0.1:$QEMU_DISPLAY"
tap_check "x509 without a client certificate: the capture fails" \
    fails_with peer-none 'TLS|closed|reset' --ca-cert="$PKI/ca-cert.pem" \
    --password-file="$WORK/password.txt" "127.0.0.1:$QEMU_DISPLAY"
no_password_in_debug() {
    ! grep -qF "$PASSWORD" "$WORK/peer.log" || { diag "the password is in the log"; return 1; }
}
tap_check "the --debug output holds no password" no_password_in_debug
