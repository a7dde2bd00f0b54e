# Shared by the TLS real-server tests (sourced after lib.sh, not run): a
# small x509 PKI made with GnuTLS's certtool in $WORK/pki, and the checks
# of a capture that must fail.
#
#   ca-cert.pem            the authority the tests trust
#   other-ca-cert.pem      an authority nobody trusts
#   server-{cert,key}.pem  for localhost and 127.0.0.1, signed by ca
#   wrong-host-*.pem       for other.example.org only
#   expired-*.pem          valid in January 2020 only
#   client-{cert,key}.pem  a client certificate, signed by ca
#   crl.pem                ca's revocation list, revoking server-cert.pem

: "${CERTTOOL:=$(command -v certtool || true)}"
PKI=$WORK/pki

# certtool_template NAME LINES...: a certtool template file.
certtool_template() {
    local name=$1
    shift
    printf '%s\n' "$@" >"$PKI/$name.info"
}

# make_key NAME: an ECDSA key (quick to make, accepted by every server).
make_key() {
    "$CERTTOOL" --generate-privkey --key-type=ecdsa --outfile "$PKI/$1-key.pem" \
        >>"$PKI/certtool.log" 2>&1
}

# make_signed NAME: NAME-cert.pem from NAME.info, signed by ca.
make_signed() {
    make_key "$1" &&
        "$CERTTOOL" --generate-certificate --load-privkey "$PKI/$1-key.pem" \
            --load-ca-certificate "$PKI/ca-cert.pem" --load-ca-privkey "$PKI/ca-key.pem" \
            --template "$PKI/$1.info" --outfile "$PKI/$1-cert.pem" >>"$PKI/certtool.log" 2>&1
}

# make_self_signed NAME: a certificate authority.
make_self_signed() {
    make_key "$1" &&
        "$CERTTOOL" --generate-self-signed --load-privkey "$PKI/$1-key.pem" \
            --template "$PKI/$1.info" --outfile "$PKI/$1-cert.pem" >>"$PKI/certtool.log" 2>&1
}

# make_pki: everything listed above.
make_pki() {
    mkdir -p "$PKI" || return 1
    certtool_template ca 'cn = "gtk-vnc test CA"' ca cert_signing_key crl_signing_key \
        'expiration_days = 30'
    certtool_template other-ca 'cn = "Somebody else'\''s CA"' ca cert_signing_key \
        'expiration_days = 30'
    certtool_template server 'cn = localhost' 'dns_name = localhost' \
        'ip_address = 127.0.0.1' tls_www_server signing_key encryption_key \
        'expiration_days = 30'
    certtool_template wrong-host 'cn = other.example.org' 'dns_name = other.example.org' \
        tls_www_server signing_key encryption_key 'expiration_days = 30'
    certtool_template expired 'cn = localhost' 'dns_name = localhost' \
        'ip_address = 127.0.0.1' tls_www_server signing_key encryption_key \
        'activation_date = "2020-01-01 00:00:00 UTC"' \
        'expiration_date = "2020-02-01 00:00:00 UTC"'
    certtool_template client 'cn = "gtk-vnc test client"' tls_www_client signing_key \
        encryption_key 'expiration_days = 30'
    certtool_template crl 'crl_next_update = 30' 'crl_number = 1'
    make_self_signed ca && make_self_signed other-ca &&
        make_signed server && make_signed wrong-host && make_signed expired &&
        make_signed client &&
        "$CERTTOOL" --generate-crl --load-ca-privkey "$PKI/ca-key.pem" \
            --load-ca-certificate "$PKI/ca-cert.pem" \
            --load-certificate "$PKI/server-cert.pem" \
            --template "$PKI/crl.info" --outfile "$PKI/crl.pem" >>"$PKI/certtool.log" 2>&1 ||
        { diag "certtool failed:" "$(tail -n 20 "$PKI/certtool.log")"; return 1; }
}

# fails_with NAME PATTERN [GVNCCAPTURE OPTIONS...] TARGET: the capture
# fails (status 1), says why in words matching PATTERN (grep -Ei), and
# writes no picture.
fails_with() {
    local name=$1 pattern=$2 status
    shift 2
    rm -f "$WORK/$name.png"
    gvnccapture --timeout=$CAPTURE_TIMEOUT "$@" "$WORK/$name.png" \
        </dev/null >"$WORK/$name.log" 2>&1
    status=$?
    if [ "$status" -ne 1 ]; then
        diag "expected exit status 1, got $status:" "$(cat "$WORK/$name.log")"
        return 1
    fi
    if ! grep -Eiq -- "$pattern" "$WORK/$name.log"; then
        diag "the reason does not match '$pattern':" "$(cat "$WORK/$name.log")"
        return 1
    fi
    diag "$(grep '^gvnccapture:' "$WORK/$name.log")"
    if [ -e "$WORK/$name.png" ]; then
        diag "a picture was written anyway"
        return 1
    fi
}

# restart_xvnc [XVNC OPTIONS...]: stops the test's Xvnc, if any, and
# starts another with the test content and a fresh ground truth (Xvnc
# cannot change its security types while it runs).
restart_xvnc() {
    local pid
    for pid in $CHILD_PIDS; do
        stop_pid "$pid"
    done
    CHILD_PIDS=
    if [ -n "$XVNC_PID" ]; then
        stop_pid "$XVNC_PID"
        XVNC_PID=
    fi
    start_xvnc "$@" && put_content && take_truth
}
