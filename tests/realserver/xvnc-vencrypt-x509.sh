#!/bin/bash
# gvnccapture against TigerVNC's Xvnc with x509 certificates (VeNCrypt
# X509None and X509Vnc): a certificate from a trusted authority for the
# host connected to gives an exact picture, whether the authority is
# named with --ca-cert or found in ~/.pki/CA/cacert.pem as gtk-vnc 1.x
# finds it; an unknown authority, a revoked, expired or wrong-host
# certificate ends the capture with the reason.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tls-pki.sh"

tap_plan 11
[ -n "$VNCPASSWD" ] && [ -x "$VNCPASSWD" ] || tap_skip_rest "not installed: vncpasswd"
[ -n "$CERTTOOL" ] || tap_skip_rest "not installed: certtool (gnutls-bin)"
require_tools xsetroot xlogo xeyes xwininfo xdpyinfo display

make_pki || bail_out "cannot make the certificates"
PASSWORD=gvnc-x509
printf '%s\n' "$PASSWORD" >"$WORK/password.txt"
printf '%s\n' "$PASSWORD" | "$VNCPASSWD" -f >"$WORK/passwd.vnc" ||
    bail_out "vncpasswd -f failed"

# The tool looks in ~/.pki when no file is named: a home of the test's
# own, empty unless a test fills it, keeps the real one out of it.
export HOME=$WORK/home
mkdir -p "$HOME" "$WORK/home-with-ca/.pki/CA" &&
    cp "$PKI/ca-cert.pem" "$WORK/home-with-ca/.pki/CA/cacert.pem" ||
    bail_out "cannot make the home folders"
with_ca_in_home() {
    (export HOME=$WORK/home-with-ca; "$@")
}

used() {
    grep -q "VeNCrypt sub-type $1\$" "$WORK/$2.log" && return 0
    diag "$2 did not use VeNCrypt $1:" "$(grep -i -E 'security|sub-type' "$WORK/$2.log")"
    return 1
}

restart_xvnc -SecurityTypes X509None -X509Cert "$PKI/server-cert.pem" \
    -X509Key "$PKI/server-key.pem" || bail_out "cannot start Xvnc with X509None"
tap_check "X509None at 127.0.0.1: the capture equals the screen" \
    eval 'capture_matches ip --debug --ca-cert="$PKI/ca-cert.pem" \
        "127.0.0.1:$XVNC_DISPLAY" && used X509None ip'
tap_check "X509None at localhost: the capture equals the screen" \
    capture_matches name --ca-cert="$PKI/ca-cert.pem" "localhost:$XVNC_DISPLAY"
tap_check "X509None, the CA in ~/.pki/CA/cacert.pem: the capture equals the screen" \
    with_ca_in_home capture_matches home "127.0.0.1:$XVNC_DISPLAY"
tap_check "X509None with --require-encryption: the capture equals the screen" \
    capture_matches required --require-encryption --ca-cert="$PKI/ca-cert.pem" \
    "127.0.0.1:$XVNC_DISPLAY"
tap_check "no CA certificate anywhere: the capture is refused" \
    fails_with noca 'not trusted: it is not signed by a trusted certificate authority' \
    "127.0.0.1:$XVNC_DISPLAY"
tap_check "another authority's CA certificate: the capture is refused" \
    fails_with otherca 'not signed by a trusted certificate authority' \
    --ca-cert="$PKI/other-ca-cert.pem" "127.0.0.1:$XVNC_DISPLAY"
tap_check "the server's certificate revoked by --crl: the capture is refused" \
    fails_with revoked 'it has been revoked' --ca-cert="$PKI/ca-cert.pem" \
    --crl="$PKI/crl.pem" "127.0.0.1:$XVNC_DISPLAY"

restart_xvnc -SecurityTypes X509Vnc -PasswordFile "$WORK/passwd.vnc" \
    -X509Cert "$PKI/server-cert.pem" -X509Key "$PKI/server-key.pem" ||
    bail_out "cannot start Xvnc with X509Vnc"
tap_check "X509Vnc: the capture equals the screen" \
    eval 'capture_matches x509vnc --debug --ca-cert="$PKI/ca-cert.pem" \
        --password-file="$WORK/password.txt" "127.0.0.1:$XVNC_DISPLAY" && used X509Vnc x509vnc'
no_password_in_debug() {
    ! grep -qF "$PASSWORD" "$WORK/x509vnc.log" || { diag "the password is in the log"; return 1; }
}
tap_check "the --debug output holds no password" no_password_in_debug

restart_xvnc -SecurityTypes X509None -X509Cert "$PKI/wrong-host-cert.pem" \
    -X509Key "$PKI/wrong-host-key.pem" || bail_out "cannot start Xvnc (wrong host)"
tap_check "a certificate for another host: the capture is refused" \
    fails_with wronghost "not issued for the host name '127.0.0.1'" \
    --ca-cert="$PKI/ca-cert.pem" "127.0.0.1:$XVNC_DISPLAY"

restart_xvnc -SecurityTypes X509None -X509Cert "$PKI/expired-cert.pem" \
    -X509Key "$PKI/expired-key.pem" || bail_out "cannot start Xvnc (expired)"
tap_check "an expired certificate: the capture is refused" \
    fails_with expired 'it has expired' --ca-cert="$PKI/ca-cert.pem" \
    "127.0.0.1:$XVNC_DISPLAY"
