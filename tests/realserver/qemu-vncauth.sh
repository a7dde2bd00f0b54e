#!/bin/bash
# gvnccapture against QEMU's VNC server with password=on and no TLS: the
# plain VNC authentication (security type 2) that guest consoles use. The
# picture equals QEMU's screendump (blinking cursor masked); a wrong
# password and require-encryption are refused.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-servers.sh"

tap_plan 4
require_commands "$QEMU" mkfifo awk

PASSWORD=gvnc-vnc
printf '%s\n' "$PASSWORD" >"$WORK/password.txt"
printf '%s\n' "not-$PASSWORD" >"$WORK/wrong.txt"

QEMU_VNC_OPTIONS=",password=on" start_qemu ||
    bail_out "cannot start QEMU with password=on"
qmp "{\"execute\": \"set_password\", \"arguments\": {\"protocol\": \"vnc\", \"password\": \"$PASSWORD\"}}" ||
    bail_out "cannot set QEMU's VNC password"
qemu_take_truth || bail_out "cannot take the ground truth"

used_vnc_auth() {
    grep -q "Security type 2 (VNC)" "$WORK/vncauth.log" && return 0
    diag "the capture did not use VNC authentication:" "$(grep -i security "$WORK/vncauth.log")"
    return 1
}

tap_check "VNC authentication: the capture equals the screendump" \
    eval 'capture_matches_by mask vncauth --debug --password-file="$WORK/password.txt" \
        "127.0.0.1:$QEMU_DISPLAY" && used_vnc_auth'

wrong_password_fails() {
    capture wrong --password-file="$WORK/wrong.txt" "127.0.0.1:$QEMU_DISPLAY"
    [ $? -eq 1 ] || { diag "a wrong password did not fail with status 1"; return 1; }
    [ ! -e "$WORK/wrong.png" ] || { diag "a file was written"; return 1; }
}
tap_check "a wrong password: the capture fails" wrong_password_fails

unencrypted_refused() {
    capture refused --require-encryption --password-file="$WORK/password.txt" \
        "127.0.0.1:$QEMU_DISPLAY"
    [ $? -eq 1 ] || { diag "VNC authentication without TLS was not refused"; return 1; }
}
tap_check "--require-encryption refuses VNC authentication without TLS" unencrypted_refused

no_password_in_debug() {
    ! grep -qF "$PASSWORD" "$WORK/vncauth.log" || { diag "the password is in the log"; return 1; }
}
tap_check "the --debug output holds no password" no_password_in_debug
