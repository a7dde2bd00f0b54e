#!/bin/bash
# gvnccapture against QEMU's VNC server with SASL (sasl=on), the accounts
# in a sasldb made by saslpasswd2 and a SASL configuration of the test's
# own (SASL_CONF_PATH):
#
#   - plain TCP, DIGEST-MD5: both sides insist on a security layer of at
#     least 56 bits, which then carries the whole session;
#   - VeNCrypt X509SASL, SCRAM-SHA-256: QEMU counts the TLS and wants no
#     layer (it refuses SCRAM without TLS);
#   - VeNCrypt TLSSASL, DIGEST-MD5: anonymous TLS is not enough for QEMU,
#     which wants a layer inside it.
#
# Each picture equals QEMU's own screendump, the blinking cursor masked
# (see lib-servers.sh); wrong passwords and unknown users are refused.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-servers.sh"
. "$(dirname "$0")/tls-pki.sh"

tap_plan 11
require_commands "$QEMU" mkfifo awk saslpasswd2

# DIGEST-MD5 and SCRAM come as plugins (libsasl2-modules).
have_plugin() {
    local dir
    for dir in /usr/lib/*/sasl2 /usr/lib64/sasl2 /usr/lib/sasl2; do
        ls "$dir"/lib"$1".so* >/dev/null 2>&1 && return 0
    done
    return 1
}
have_plugin digestmd5 && have_plugin scram ||
    tap_skip_rest "not installed: the DIGEST-MD5 and SCRAM plugins (libsasl2-modules)"

SASL_USER=gvnc
PASSWORD='sasl pa55 word'
printf '%s\n' "$PASSWORD" >"$WORK/password.txt"
printf '%s\n' 'not the password' >"$WORK/wrong.txt"

# One sasldb for every configuration; saslpasswd2 reads the password on
# its standard input (-p: without asking twice).
printf '%s' "$PASSWORD" |
    saslpasswd2 -p -a qemu -f "$WORK/sasldb" -c "$SASL_USER" >"$WORK/saslpasswd2.log" 2>&1 ||
    bail_out "saslpasswd2 failed: $(cat "$WORK/saslpasswd2.log")"

# sasl_conf NAME MECHANISM: $WORK/NAME/qemu.conf, QEMU's SASL configuration
# with one mechanism and the test's sasldb.
sasl_conf() {
    mkdir -p "$WORK/$1" &&
        printf 'mech_list: %s\nsasldb_path: %s\n' "$2" "$WORK/sasldb" >"$WORK/$1/qemu.conf"
}

# layer NAME MIN [inside]: the --debug log of capture NAME shows a SASL
# security layer of at least MIN bits (exactly 0 when MIN is 0), inside
# TLS when asked.
layer() {
    local line bits
    line=$(grep -o 'SASL exchange done, security layer of [0-9]* bits.*' "$WORK/$1.log")
    bits=$(printf '%s' "$line" | awk '{ print $7 }')
    if [ -z "$bits" ]; then
        diag "$1: no SASL exchange in the log"
        return 1
    fi
    if [ "${3:-}" = inside ] && ! printf '%s' "$line" | grep -q 'inside TLS'; then
        diag "$1: the SASL exchange was not inside TLS: $line"
        return 1
    fi
    if [ "$2" = 0 ]; then
        [ "$bits" = 0 ] && return 0
    elif [ "$bits" -ge "$2" ]; then
        return 0
    fi
    diag "$1: $line (wanted ${2} bits${3:+ $3 TLS})"
    return 1
}

used() {
    grep -q "VeNCrypt sub-type $1\$" "$WORK/$2.log" && return 0
    diag "$2 did not use VeNCrypt $1:" "$(grep -i -E 'security|sub-type' "$WORK/$2.log")"
    return 1
}

no_password_in() {
    ! grep -qF "$PASSWORD" "$WORK/$1.log" || { diag "the password is in $1.log"; return 1; }
}

# ---- plain TCP, DIGEST-MD5 -------------------------------------------------

sasl_conf digest digest-md5 || bail_out "cannot write the SASL configuration"
export SASL_CONF_PATH=$WORK/digest
QEMU_VNC_OPTIONS=",sasl=on" start_qemu || bail_out "cannot start QEMU with SASL"
qemu_take_truth || bail_out "cannot take the ground truth"

tap_check "DIGEST-MD5 with its security layer: the capture equals the screendump" \
    eval 'capture_matches_by mask digest --debug --username="$SASL_USER" \
        --password-file="$WORK/password.txt" "127.0.0.1:$QEMU_DISPLAY" && layer digest 56'
tap_check "DIGEST-MD5 with --require-encryption: the capture equals the screendump" \
    capture_matches_by mask digest-required --require-encryption --username="$SASL_USER" \
    --password-file="$WORK/password.txt" "127.0.0.1:$QEMU_DISPLAY"
tap_check "DIGEST-MD5, a wrong password: the capture fails" \
    fails_with digest-wrong 'authentication failed|wrong username or password' \
    --username="$SASL_USER" --password-file="$WORK/wrong.txt" "127.0.0.1:$QEMU_DISPLAY"
tap_check "DIGEST-MD5, an unknown user: the capture fails" \
    fails_with digest-nobody 'authentication failed|wrong username or password' \
    --username=nobody --password-file="$WORK/password.txt" "127.0.0.1:$QEMU_DISPLAY"
tap_check "the --debug output holds no password" no_password_in digest

# ---- VeNCrypt: TLS underneath ----------------------------------------------

if [ -z "$CERTTOOL" ]; then
    tap_skip_rest "not installed: certtool (gnutls-bin), for SASL inside TLS"
fi
make_pki || bail_out "cannot make the certificates"
mkdir -p "$WORK/qemu-x509" &&
    cp "$PKI/ca-cert.pem" "$PKI/server-cert.pem" "$PKI/server-key.pem" "$WORK/qemu-x509/" ||
    bail_out "cannot set up QEMU's certificate folder"

sasl_conf scram scram-sha-256 || bail_out "cannot write the SASL configuration"
export SASL_CONF_PATH=$WORK/scram
QEMU_VNC_OPTIONS=",tls-creds=tls0,sasl=on" \
    start_qemu -object "tls-creds-x509,id=tls0,dir=$WORK/qemu-x509,endpoint=server,verify-peer=off" ||
    bail_out "cannot start QEMU with x509 and SASL"
qemu_take_truth || bail_out "cannot take the ground truth"

tap_check "X509SASL with SCRAM-SHA-256: the capture equals the screendump" \
    eval 'capture_matches_by mask x509-scram --debug --ca-cert="$PKI/ca-cert.pem" \
        --username="$SASL_USER" --password-file="$WORK/password.txt" \
        "127.0.0.1:$QEMU_DISPLAY" && used X509SASL x509-scram && layer x509-scram 0 inside'
tap_check "X509SASL, a wrong password: the capture fails" \
    fails_with x509-wrong 'authentication failed|wrong username or password' \
    --ca-cert="$PKI/ca-cert.pem" --username="$SASL_USER" \
    --password-file="$WORK/wrong.txt" "127.0.0.1:$QEMU_DISPLAY"
tap_check "X509SASL, another authority: refused before any password" \
    fails_with x509-other 'not signed by a trusted certificate authority' \
    --ca-cert="$PKI/other-ca-cert.pem" --username="$SASL_USER" \
    --password-file="$WORK/password.txt" "127.0.0.1:$QEMU_DISPLAY"
tap_check "the --debug output over TLS holds no password" no_password_in x509-scram

export SASL_CONF_PATH=$WORK/digest
QEMU_VNC_OPTIONS=",tls-creds=tls0,sasl=on" \
    start_qemu -object tls-creds-anon,id=tls0,endpoint=server ||
    bail_out "cannot start QEMU with anonymous TLS and SASL"
qemu_take_truth || bail_out "cannot take the ground truth"

tap_check "TLSSASL with DIGEST-MD5, a layer inside TLS: the capture equals the screendump" \
    eval 'capture_matches_by mask anon-digest --debug --username="$SASL_USER" \
        --password-file="$WORK/password.txt" "127.0.0.1:$QEMU_DISPLAY" &&
        used TLSSASL anon-digest && layer anon-digest 56 inside'
tap_check "TLSSASL, a wrong password: the capture fails" \
    fails_with anon-wrong 'authentication failed|wrong username or password' \
    --username="$SASL_USER" --password-file="$WORK/wrong.txt" "127.0.0.1:$QEMU_DISPLAY"
