#!/bin/bash
# gvnccapture against TigerVNC's Xvnc with anonymous TLS: VeNCrypt
# TLSNone over TCP and a unix socket, TLSVnc with the right and a wrong
# password, and --require-encryption, which takes TLS but refuses a
# server that offers only VNC authentication.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tls-pki.sh"

tap_plan 8
[ -n "$VNCPASSWD" ] && [ -x "$VNCPASSWD" ] || tap_skip_rest "not installed: vncpasswd"
require_tools xsetroot xlogo xeyes xwininfo xdpyinfo display

PASSWORD=gvnc-tls
printf '%s\n' "$PASSWORD" >"$WORK/password.txt"
printf '%s\n' 'not-it' >"$WORK/wrong.txt"
printf '%s\n' "$PASSWORD" | "$VNCPASSWD" -f >"$WORK/passwd.vnc" ||
    bail_out "vncpasswd -f failed"

# used SUB-TYPE NAME: the capture's --debug log shows that it ran over
# that VeNCrypt sub-type.
used() {
    grep -q "VeNCrypt sub-type $1\$" "$WORK/$2.log" && return 0
    diag "$2 did not use VeNCrypt $1:" "$(grep -i -E 'security|sub-type' "$WORK/$2.log")"
    return 1
}

restart_xvnc -SecurityTypes TLSNone -rfbunixpath "$WORK/vnc.sock" ||
    bail_out "cannot start Xvnc with TLSNone"
tap_check "TLSNone: the capture equals the screen" \
    eval 'capture_matches tlsnone --debug "127.0.0.1:$XVNC_DISPLAY" && used TLSNone tlsnone'
tap_check "TLSNone with --require-encryption: the capture equals the screen" \
    capture_matches required --require-encryption "127.0.0.1:$XVNC_DISPLAY"
tap_check "TLSNone over a unix socket: the capture equals the screen" \
    capture_matches unix "$WORK/vnc.sock"

# VncAuth is offered too: the tool prefers VeNCrypt.
restart_xvnc -SecurityTypes TLSVnc,VncAuth -PasswordFile "$WORK/passwd.vnc" ||
    bail_out "cannot start Xvnc with TLSVnc"
tap_check "TLSVnc, right password: the capture equals the screen" \
    eval 'capture_matches tlsvnc --debug --password-file="$WORK/password.txt" \
        "127.0.0.1:$XVNC_DISPLAY" && used TLSVnc tlsvnc'
tap_check "TLSVnc, wrong password: the capture fails with the reason" \
    fails_with wrong 'authentication failed' --password-file="$WORK/wrong.txt" \
    "127.0.0.1:$XVNC_DISPLAY"
no_password_in_debug() {
    ! grep -qF "$PASSWORD" "$WORK/tlsvnc.log" || { diag "the password is in the log"; return 1; }
}
tap_check "the --debug output holds no password" no_password_in_debug

restart_xvnc -SecurityTypes VncAuth -PasswordFile "$WORK/passwd.vnc" ||
    bail_out "cannot start Xvnc with VncAuth"
tap_check "VncAuth only, --require-encryption: the capture is refused" \
    fails_with refused 'encryption is required' --require-encryption \
    --password-file="$WORK/password.txt" "127.0.0.1:$XVNC_DISPLAY"
tap_check "VncAuth only, without --require-encryption: the capture equals the screen" \
    capture_matches vncauth --password-file="$WORK/password.txt" "127.0.0.1:$XVNC_DISPLAY"
