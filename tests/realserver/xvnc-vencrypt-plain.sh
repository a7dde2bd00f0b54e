#!/bin/bash
# gvnccapture against TigerVNC's Xvnc with the user name and password
# types that Xvnc checks with PAM: VeNCrypt Plain (unencrypted, refused
# under --require-encryption), TLSPlain and X509Plain. The test makes a
# local user for them (useradd, chpasswd) and removes it at the end, so
# it runs as root only.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tls-pki.sh"

tap_plan 7
[ "$(id -u)" = 0 ] || tap_skip_rest "not root: the Plain types need a local user (useradd)"
for tool in useradd userdel chpasswd; do
    command -v "$tool" >/dev/null 2>&1 || tap_skip_rest "not installed: $tool"
done
[ -n "$CERTTOOL" ] || tap_skip_rest "not installed: certtool (gnutls-bin)"
[ -f /etc/pam.d/tigervnc ] || tap_skip_rest "no PAM service 'tigervnc' (/etc/pam.d/tigervnc)"
require_tools xsetroot xlogo xeyes xwininfo xdpyinfo display

make_pki || bail_out "cannot make the certificates"
export HOME=$WORK/home
mkdir -p "$HOME"

# A user of our own, named after this process so that tests running side
# by side do not meet; removed whatever happens.
PLAIN_USER=gvnct$$
PASSWORD="plain-$$-Secret"
remove_user() {
    userdel "$PLAIN_USER" >/dev/null 2>&1 || true
}
trap 'remove_user; cleanup' EXIT
useradd --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
    "$PLAIN_USER" >"$WORK/useradd.log" 2>&1 ||
    bail_out "useradd failed: $(cat "$WORK/useradd.log")"
printf '%s:%s\n' "$PLAIN_USER" "$PASSWORD" | chpasswd ||
    bail_out "chpasswd failed"
printf '%s\n' "$PASSWORD" >"$WORK/password.txt"
printf '%s\n' 'not-it' >"$WORK/wrong.txt"

used() {
    grep -q "VeNCrypt sub-type $1\$" "$WORK/$2.log" && return 0
    diag "$2 did not use VeNCrypt $1:" "$(grep -i -E 'security|sub-type' "$WORK/$2.log")"
    return 1
}
PAM_OPTIONS="-PlainUsers $PLAIN_USER -PAMService tigervnc"

restart_xvnc -SecurityTypes Plain $PAM_OPTIONS || bail_out "cannot start Xvnc with Plain"
tap_check "Plain: the capture equals the screen" \
    eval 'capture_matches plain --debug --username="$PLAIN_USER" \
        --password-file="$WORK/password.txt" "127.0.0.1:$XVNC_DISPLAY" && used Plain plain'
tap_check "Plain, wrong password: the capture fails with the reason" \
    fails_with wrong 'authentication failed' --username="$PLAIN_USER" \
    --password-file="$WORK/wrong.txt" "127.0.0.1:$XVNC_DISPLAY"
tap_check "Plain with --require-encryption: the capture is refused" \
    fails_with refused 'encryption is required' --require-encryption \
    --username="$PLAIN_USER" --password-file="$WORK/password.txt" "127.0.0.1:$XVNC_DISPLAY"

restart_xvnc -SecurityTypes TLSPlain $PAM_OPTIONS || bail_out "cannot start Xvnc with TLSPlain"
tap_check "TLSPlain: the capture equals the screen" \
    eval 'capture_matches tlsplain --debug --require-encryption --username="$PLAIN_USER" \
        --password-file="$WORK/password.txt" "127.0.0.1:$XVNC_DISPLAY" && used TLSPlain tlsplain'

restart_xvnc -SecurityTypes X509Plain $PAM_OPTIONS -X509Cert "$PKI/server-cert.pem" \
    -X509Key "$PKI/server-key.pem" || bail_out "cannot start Xvnc with X509Plain"
tap_check "X509Plain: the capture equals the screen" \
    eval 'capture_matches x509plain --debug --ca-cert="$PKI/ca-cert.pem" \
        --username="$PLAIN_USER" --password-file="$WORK/password.txt" \
        "127.0.0.1:$XVNC_DISPLAY" && used X509Plain x509plain'
# The certificate is checked before the user name and password are even
# asked for, let alone sent.
not_asked() {
    ! grep -q 'Asking for' "$WORK/untrusted.log" ||
        { diag "the credentials were asked for"; return 1; }
}
tap_check "X509Plain, an unknown authority: refused before the password is sent" \
    eval 'fails_with untrusted "not signed by a trusted certificate authority" --debug \
        --ca-cert="$PKI/other-ca-cert.pem" --username="$PLAIN_USER" \
        --password-file="$WORK/password.txt" "127.0.0.1:$XVNC_DISPLAY" && not_asked'

no_password_in_debug() {
    local log
    for log in plain tlsplain x509plain; do
        if grep -qF "$PASSWORD" "$WORK/$log.log"; then
            diag "the password is in the log of $log"
            return 1
        fi
    done
}
tap_check "the --debug output holds no password" no_password_in_debug
