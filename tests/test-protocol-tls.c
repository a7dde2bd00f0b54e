/*
 * gtk-vnc tests: TLS (18), VeNCrypt (19) and its sub-types, x509
 * certificate checks and require-encryption, against an in-process
 * server
 *
 * The server runs in a thread on one end of a socketpair and speaks
 * blocking GnuTLS, so that TLS is checked against an independent TLS
 * implementation rather than against the library's own code. The
 * VncConnection runs in the test's main loop on the other end, opened
 * with vnc_connection_open_fd_with_hostname(). Each test is a small
 * server script (a function) and the client's settings; the test checks
 * the signals the client emitted, in order, and the reason of its
 * vnc-error. The server checks every byte the client sends and records
 * the first thing that went wrong.
 *
 * The certificates (two authorities, server certificates that are good,
 * untrusted, expired, for another host and revoked, a client certificate
 * and a CRL) are made with GnuTLS when the program starts, in a temporary
 * folder that is also $HOME, so that the gtk-vnc 1.x default locations
 * (~/.pki/...) can be tested without touching the real ones.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <glib/gstdio.h>

#include "vncconnection.h"
#include "vncbaseframebuffer.h"
#include "vncutil.h"
#include "vncauth-priv.h"
#include "test-utils.h"

#define TEST_PASSWORD "s3cret-Pa55"
#define TEST_USERNAME "vncuser"
#define TEST_CLIENT_NAME "gvnc-test"

/* Seconds before a test gives up (valgrind is slow at TLS). */
#define TEST_TIMEOUT 120

/* The size of the desktop the server shows, and of the big one that
 * spans many TLS records. */
#define SMALL_WIDTH 4
#define SMALL_HEIGHT 4
#define BIG_WIDTH 320
#define BIG_HEIGHT 200
/* Client cut text sent in the big session: more than a socketpair holds,
 * so that sending through TLS has to wait and resume. */
#define BIG_CUT_TEXT (1024 * 1024)

/* ------------------------------------------------------------------ */
/* Certificates                                                        */

typedef struct {
    gnutls_x509_privkey_t key;
    gnutls_x509_crt_t crt;
    char *cert_pem;
    char *key_pem;
    char *cert_file;
    char *key_file;
} TestCert;

enum {
    CERT_CA,
    CERT_OTHER_CA,
    CERT_SERVER,          /* localhost and 127.0.0.1, by CERT_CA */
    CERT_UNTRUSTED,       /* the same names, by CERT_OTHER_CA */
    CERT_EXPIRED,
    CERT_WRONG_HOST,      /* other.example.org */
    CERT_REVOKED,         /* listed in the CRL */
    CERT_CLIENT,
    N_CERTS
};

static TestCert certs[N_CERTS];
static char *crl_file;
static char *work_dir;
static char *missing_file;

static void
check_gnutls(int ret, const char *what)
{
    if (ret < 0)
        g_error("%s: %s", what, gnutls_strerror(ret));
}

static char *
export_crt(gnutls_x509_crt_t crt)
{
    gnutls_datum_t out;
    check_gnutls(gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &out), "export");
    char *pem = g_strndup((const char *)out.data, out.size);
    gnutls_free(out.data);
    return pem;
}

static char *
write_file(const char *name, const char *contents)
{
    char *path = g_build_filename(work_dir, name, NULL);
    char *dir = g_path_get_dirname(path);

    g_assert_cmpint(g_mkdir_with_parents(dir, 0700), ==, 0);
    g_assert_true(g_file_set_contents(path, contents, -1, NULL));
    g_free(dir);
    return path;
}

static void
make_cert(TestCert *cert, const char *name, const char *cn, const char *dns,
          gboolean with_ip, TestCert *issuer, gboolean is_ca, guint serial,
          time_t from, time_t until, const char *purpose)
{
    guint8 serial_bytes[2] = { serial >> 8, serial & 0xff };
    guint8 key_id[64];
    size_t key_id_size = sizeof(key_id);
    gnutls_datum_t out;
    const char *bad = NULL;
    g_autofree char *dn = g_strdup_printf("CN=%s,O=gtk-vnc tests", cn);

    check_gnutls(gnutls_x509_privkey_init(&cert->key), "privkey_init");
    check_gnutls(gnutls_x509_privkey_generate(cert->key, GNUTLS_PK_ECDSA,
                                              GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1),
                                              0), "generate");
    check_gnutls(gnutls_x509_crt_init(&cert->crt), "crt_init");
    check_gnutls(gnutls_x509_crt_set_version(cert->crt, 3), "version");
    check_gnutls(gnutls_x509_crt_set_serial(cert->crt, serial_bytes, sizeof(serial_bytes)),
                 "serial");
    check_gnutls(gnutls_x509_crt_set_activation_time(cert->crt, from), "activation");
    check_gnutls(gnutls_x509_crt_set_expiration_time(cert->crt, until), "expiration");
    check_gnutls(gnutls_x509_crt_set_dn(cert->crt, dn, &bad), "dn");
    check_gnutls(gnutls_x509_crt_set_key(cert->crt, cert->key), "set_key");
    check_gnutls(gnutls_x509_crt_set_basic_constraints(cert->crt, is_ca, -1), "constraints");
    check_gnutls(gnutls_x509_crt_set_key_usage(cert->crt, is_ca ?
                                               GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN :
                                               GNUTLS_KEY_DIGITAL_SIGNATURE),
                 "key usage");
    if (dns)
        check_gnutls(gnutls_x509_crt_set_subject_alt_name(cert->crt, GNUTLS_SAN_DNSNAME, dns,
                                                          strlen(dns), GNUTLS_FSAN_APPEND),
                     "dns name");
    if (with_ip) {
        static const guint8 loopback[4] = { 127, 0, 0, 1 };
        check_gnutls(gnutls_x509_crt_set_subject_alt_name(cert->crt, GNUTLS_SAN_IPADDRESS,
                                                          loopback, sizeof(loopback),
                                                          GNUTLS_FSAN_APPEND),
                     "ip address");
    }
    if (purpose)
        check_gnutls(gnutls_x509_crt_set_key_purpose_oid(cert->crt, purpose, 0), "purpose");
    check_gnutls(gnutls_x509_crt_get_key_id(cert->crt, 0, key_id, &key_id_size), "key id");
    check_gnutls(gnutls_x509_crt_set_subject_key_id(cert->crt, key_id, key_id_size), "ski");
    if (issuer) {
        key_id_size = sizeof(key_id);
        check_gnutls(gnutls_x509_crt_get_key_id(issuer->crt, 0, key_id, &key_id_size), "aki");
        check_gnutls(gnutls_x509_crt_set_authority_key_id(cert->crt, key_id, key_id_size),
                     "aki");
    }
    check_gnutls(gnutls_x509_crt_sign2(cert->crt, issuer ? issuer->crt : cert->crt,
                                       issuer ? issuer->key : cert->key,
                                       GNUTLS_DIG_SHA256, 0), "sign");

    cert->cert_pem = export_crt(cert->crt);
    check_gnutls(gnutls_x509_privkey_export2(cert->key, GNUTLS_X509_FMT_PEM, &out), "key");
    cert->key_pem = g_strndup((const char *)out.data, out.size);
    gnutls_free(out.data);

    g_autofree char *cert_name = g_strdup_printf("%s-cert.pem", name);
    g_autofree char *key_name = g_strdup_printf("%s-key.pem", name);
    cert->cert_file = write_file(cert_name, cert->cert_pem);
    cert->key_file = write_file(key_name, cert->key_pem);
}

static void
make_certs(void)
{
    time_t now = time(NULL);
    time_t day = 24 * 60 * 60;
    time_t from = now - day, until = now + 30 * day;
    gnutls_x509_crl_t crl;
    gnutls_datum_t out;

    make_cert(&certs[CERT_CA], "ca", "gtk-vnc test CA", NULL, FALSE, NULL, TRUE, 1,
              from, until, NULL);
    make_cert(&certs[CERT_OTHER_CA], "other-ca", "Someone else's CA", NULL, FALSE, NULL,
              TRUE, 2, from, until, NULL);
    make_cert(&certs[CERT_SERVER], "server", "localhost", "localhost", TRUE,
              &certs[CERT_CA], FALSE, 10, from, until, GNUTLS_KP_TLS_WWW_SERVER);
    make_cert(&certs[CERT_UNTRUSTED], "untrusted", "localhost", "localhost", TRUE,
              &certs[CERT_OTHER_CA], FALSE, 11, from, until, GNUTLS_KP_TLS_WWW_SERVER);
    make_cert(&certs[CERT_EXPIRED], "expired", "localhost", "localhost", TRUE,
              &certs[CERT_CA], FALSE, 12, now - 3 * day, now - day, GNUTLS_KP_TLS_WWW_SERVER);
    make_cert(&certs[CERT_WRONG_HOST], "wrong-host", "other.example.org",
              "other.example.org", FALSE, &certs[CERT_CA], FALSE, 13, from, until,
              GNUTLS_KP_TLS_WWW_SERVER);
    make_cert(&certs[CERT_REVOKED], "revoked", "localhost", "localhost", TRUE,
              &certs[CERT_CA], FALSE, 14, from, until, GNUTLS_KP_TLS_WWW_SERVER);
    make_cert(&certs[CERT_CLIENT], "client", "gvnc test client", NULL, FALSE,
              &certs[CERT_CA], FALSE, 15, from, until, GNUTLS_KP_TLS_WWW_CLIENT);

    check_gnutls(gnutls_x509_crl_init(&crl), "crl_init");
    check_gnutls(gnutls_x509_crl_set_version(crl, 2), "crl version");
    check_gnutls(gnutls_x509_crl_set_this_update(crl, now - 60), "this update");
    check_gnutls(gnutls_x509_crl_set_next_update(crl, until), "next update");
    check_gnutls(gnutls_x509_crl_set_crt(crl, certs[CERT_REVOKED].crt, now - 60), "revoke");
    check_gnutls(gnutls_x509_crl_sign2(crl, certs[CERT_CA].crt, certs[CERT_CA].key,
                                       GNUTLS_DIG_SHA256, 0), "crl sign");
    check_gnutls(gnutls_x509_crl_export2(crl, GNUTLS_X509_FMT_PEM, &out), "crl export");
    g_autofree char *crl_pem = g_strndup((const char *)out.data, out.size);
    gnutls_free(out.data);
    gnutls_x509_crl_deinit(crl);
    crl_file = write_file("crl.pem", crl_pem);

    /* gtk-vnc 1.x's default places, under the test's $HOME. */
    g_free(write_file(".pki/CA/cacert.pem", certs[CERT_CA].cert_pem));
    g_free(write_file(".pki/" TEST_CLIENT_NAME "/clientcert.pem",
                      certs[CERT_CLIENT].cert_pem));
    g_free(write_file(".pki/" TEST_CLIENT_NAME "/private/clientkey.pem",
                      certs[CERT_CLIENT].key_pem));
    missing_file = g_build_filename(work_dir, "no-such-file.pem", NULL);
}

static void
free_certs(void)
{
    for (int i = 0; i < N_CERTS; i++) {
        gnutls_x509_crt_deinit(certs[i].crt);
        gnutls_x509_privkey_deinit(certs[i].key);
        g_free(certs[i].cert_pem);
        g_free(certs[i].key_pem);
        g_free(certs[i].cert_file);
        g_free(certs[i].key_file);
    }
    g_free(crl_file);
    g_free(missing_file);
}

static void
remove_tree(const char *path)
{
    GDir *dir = g_dir_open(path, 0, NULL);

    if (dir) {
        const char *name;
        while ((name = g_dir_read_name(dir))) {
            g_autofree char *child = g_build_filename(path, name, NULL);
            remove_tree(child);
        }
        g_dir_close(dir);
    }
    g_remove(path);
}

/* ------------------------------------------------------------------ */
/* The server, in a thread                                             */

typedef struct _TestServer TestServer;
typedef void (*ServerScript)(TestServer *srv);

struct _TestServer {
    int fd;
    GThread *thread;
    ServerScript script;
    gnutls_session_t session;
    gnutls_certificate_credentials_t x509;
    gnutls_anon_server_credentials_t anon;
    char *failure;          /* the first thing that went wrong */
    char *tls_error;        /* why the server's TLS handshake failed */
    gboolean big;           /* the big session */
    gboolean cancel_sent;
    VncConnection *conn;    /* only for scripts that shut it down */
};

static void G_GNUC_PRINTF(2, 3)
srv_fail(TestServer *srv, const char *fmt, ...)
{
    va_list args;

    if (srv->failure)
        return;
    va_start(args, fmt);
    srv->failure = g_strdup_vprintf(fmt, args);
    va_end(args);
}

/* Sends everything, through TLS once it is on. */
static gboolean
srv_send(TestServer *srv, const void *data, gsize len)
{
    const guint8 *p = data;

    while (len > 0) {
        ssize_t n;
        if (srv->session) {
            n = gnutls_record_send(srv->session, p, len);
            if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED)
                continue;
        } else {
            n = send(srv->fd, p, len, MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR)
                continue;
        }
        if (n <= 0) {
            srv_fail(srv, "sending %" G_GSIZE_FORMAT " bytes failed", len);
            return FALSE;
        }
        p += n;
        len -= n;
    }
    return TRUE;
}

static gboolean
srv_send_msg(TestServer *srv, GByteArray *msg)
{
    gboolean ok = srv_send(srv, msg->data, msg->len);
    g_byte_array_unref(msg);
    return ok;
}

/* Receives up to @len bytes: >0, 0 at the end, <0 on an error. */
static gssize
srv_recv_some(TestServer *srv, void *buf, gsize len)
{
    for (;;) {
        ssize_t n;
        if (srv->session) {
            n = gnutls_record_recv(srv->session, buf, len);
            if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED)
                continue;
            if (n == GNUTLS_E_PREMATURE_TERMINATION)
                return 0;
        } else {
            n = recv(srv->fd, buf, len, 0);
            if (n < 0 && errno == EINTR)
                continue;
        }
        return n;
    }
}

/* Exactly @len bytes, or FALSE when the client stopped sending. */
static gboolean
srv_recv(TestServer *srv, void *buf, gsize len)
{
    guint8 *p = buf;

    while (len > 0) {
        gssize n = srv_recv_some(srv, p, len);
        if (n <= 0)
            return FALSE;
        p += n;
        len -= n;
    }
    return TRUE;
}

static gboolean
srv_expect(TestServer *srv, const char *what, const void *data, gsize len)
{
    g_autofree guint8 *got = g_malloc(len);

    if (!srv_recv(srv, got, len)) {
        srv_fail(srv, "the client closed instead of sending %s", what);
        return FALSE;
    }
    if (memcmp(got, data, len) != 0) {
        g_autofree char *want = test_hex(data, len, 32);
        g_autofree char *have = test_hex(got, len, 32);
        srv_fail(srv, "%s: expected %s, got %s", what, want, have);
        return FALSE;
    }
    return TRUE;
}

static gboolean
srv_expect_msg(TestServer *srv, const char *what, GByteArray *msg)
{
    gboolean ok = srv_expect(srv, what, msg->data, msg->len);
    g_byte_array_unref(msg);
    return ok;
}

/* One whole TLS record from the client, unencrypted (the ClientHello). */
static gboolean
srv_read_record(TestServer *srv)
{
    guint8 header[5];

    if (!srv_recv(srv, header, sizeof(header)) || header[0] != 22) {
        srv_fail(srv, "no TLS handshake record from the client");
        return FALSE;
    }
    gsize len = header[3] << 8 | header[4];
    g_autofree guint8 *body = g_malloc(len);
    if (!srv_recv(srv, body, len)) {
        srv_fail(srv, "the client's TLS record was cut short");
        return FALSE;
    }
    return TRUE;
}

/* The client closes; whatever it still sends is a failure. */
static void
srv_expect_eof(TestServer *srv, const char *why)
{
    guint8 buf[4096];
    gssize n = srv_recv_some(srv, buf, sizeof(buf));

    if (n > 0) {
        g_autofree char *got = test_hex(buf, n, 16);
        srv_fail(srv, "the client should have closed (%s) but sent %s", why, got);
    }
}

static gpointer
srv_thread(gpointer data)
{
    TestServer *srv = data;

    srv->script(srv);
    if (srv->session)
        gnutls_deinit(srv->session);
    if (srv->x509)
        gnutls_certificate_free_credentials(srv->x509);
    if (srv->anon)
        gnutls_anon_free_server_credentials(srv->anon);
    srv->session = NULL;
    srv->x509 = NULL;
    srv->anon = NULL;
    close(srv->fd);
    srv->fd = -1;
    return NULL;
}

/* Script pieces. */

static gboolean
srv_version(TestServer *srv, const char *version)
{
    GByteArray *msg = g_byte_array_new();

    test_msg_version(msg, version);
    if (!srv_send_msg(srv, msg))
        return FALSE;
    msg = g_byte_array_new();
    test_msg_client_version(msg, version);
    return srv_expect_msg(srv, "the client's version", msg);
}

/* RFB 3.8, the security types, and the client's choice of @chosen (0:
 * the client must close without choosing). */
static gboolean
srv_offer_types(TestServer *srv, guint n, const guint8 *types, guint8 chosen)
{
    GByteArray *msg = g_byte_array_new();

    if (!srv_version(srv, "003.008"))
        return FALSE;
    test_msg_security_types(msg, n, types);
    if (!srv_send_msg(srv, msg))
        return FALSE;
    if (chosen == 0) {
        srv_expect_eof(srv, "no acceptable security type");
        return FALSE;
    }
    return srv_expect(srv, "the client's security type", &chosen, 1);
}

static gboolean
srv_offer_vencrypt_type(TestServer *srv)
{
    static const guint8 vencrypt[] = { VNC_CONNECTION_AUTH_VENCRYPT };
    return srv_offer_types(srv, 1, vencrypt, VNC_CONNECTION_AUTH_VENCRYPT);
}

/* The VeNCrypt 0.2 version exchange and sub-type list; the client must
 * pick @chosen (0: close without picking). */
static gboolean
srv_vencrypt(TestServer *srv, guint n, const guint32 *subtypes, guint32 chosen)
{
    static const guint8 version[] = { 0, 2 };
    static const guint8 ok = 0;
    GByteArray *msg = g_byte_array_new();

    if (!srv_send(srv, version, 2) ||
        !srv_expect(srv, "the client's VeNCrypt version", version, 2) ||
        !srv_send(srv, &ok, 1))
        return FALSE;
    test_put_u8(msg, n);
    for (guint i = 0; i < n; i++)
        test_put_u32(msg, subtypes[i]);
    if (!srv_send_msg(srv, msg))
        return FALSE;
    if (chosen == 0) {
        srv_expect_eof(srv, "no acceptable sub-type");
        return FALSE;
    }
    msg = g_byte_array_new();
    test_put_u32(msg, chosen);
    return srv_expect_msg(srv, "the client's VeNCrypt sub-type", msg);
}

static gboolean
srv_vencrypt_one(TestServer *srv, guint32 subtype)
{
    return srv_offer_vencrypt_type(srv) && srv_vencrypt(srv, 1, &subtype, subtype);
}

typedef enum {
    SRV_TLS_ANON,
    SRV_TLS_X509,
    SRV_TLS_X509_VERIFY_CLIENT,
} SrvTlsMode;

/* The TLS handshake, as server; @cert is the certificate it presents
 * (x509). FALSE, with tls_error, if it fails. */
static gboolean
srv_start_tls(TestServer *srv, SrvTlsMode mode, int cert)
{
    int ret;

    check_gnutls(gnutls_init(&srv->session, GNUTLS_SERVER), "server init");
    if (mode == SRV_TLS_ANON) {
        check_gnutls(gnutls_anon_allocate_server_credentials(&srv->anon), "anon");
        check_gnutls(gnutls_priority_set_direct(srv->session,
                                                "NORMAL:+ANON-ECDH:+ANON-DH", NULL),
                     "priority");
        check_gnutls(gnutls_credentials_set(srv->session, GNUTLS_CRD_ANON, srv->anon),
                     "anon creds");
    } else {
        gnutls_datum_t crt = { (unsigned char *)certs[cert].cert_pem,
                               strlen(certs[cert].cert_pem) };
        gnutls_datum_t key = { (unsigned char *)certs[cert].key_pem,
                               strlen(certs[cert].key_pem) };
        check_gnutls(gnutls_certificate_allocate_credentials(&srv->x509), "x509");
        check_gnutls(gnutls_certificate_set_x509_key_mem(srv->x509, &crt, &key,
                                                         GNUTLS_X509_FMT_PEM), "server key");
        if (mode == SRV_TLS_X509_VERIFY_CLIENT) {
            gnutls_datum_t ca = { (unsigned char *)certs[CERT_CA].cert_pem,
                                  strlen(certs[CERT_CA].cert_pem) };
            check_gnutls(gnutls_certificate_set_x509_trust_mem(srv->x509, &ca,
                                                               GNUTLS_X509_FMT_PEM), "ca");
            gnutls_certificate_server_set_request(srv->session, GNUTLS_CERT_REQUIRE);
        }
        check_gnutls(gnutls_set_default_priority(srv->session), "priority");
        check_gnutls(gnutls_credentials_set(srv->session, GNUTLS_CRD_CERTIFICATE, srv->x509),
                     "x509 creds");
    }
    gnutls_transport_set_int(srv->session, srv->fd);
    do {
        ret = gnutls_handshake(srv->session);
    } while (ret < 0 && !gnutls_error_is_fatal(ret));
    if (ret < 0) {
        srv->tls_error = g_strdup(gnutls_strerror(ret));
        /* Tell the client why, as a real server does. */
        gnutls_alert_send_appropriate(srv->session, ret);
        return FALSE;
    }
    if (mode == SRV_TLS_X509_VERIFY_CLIENT) {
        unsigned int status = 0;
        if (gnutls_certificate_verify_peers2(srv->session, &status) < 0 || status != 0) {
            srv->tls_error = g_strdup("the client's certificate did not verify");
            return FALSE;
        }
    }
    return TRUE;
}

/* VeNCrypt's go-ahead, then the handshake, which must work. */
static gboolean
srv_go_tls(TestServer *srv, SrvTlsMode mode, int cert)
{
    static const guint8 go = 1;

    if (!srv_send(srv, &go, 1))
        return FALSE;
    if (!srv_start_tls(srv, mode, cert)) {
        srv_fail(srv, "the TLS handshake failed: %s", srv->tls_error);
        return FALSE;
    }
    return TRUE;
}

static gboolean
srv_result(TestServer *srv, guint32 result, const char *reason)
{
    GByteArray *msg = g_byte_array_new();

    test_msg_security_result(msg, result, reason);
    return srv_send_msg(srv, msg);
}

static const guint8 challenge[16] = {
    0x3c, 0x81, 0x0f, 0xa2, 0x55, 0x17, 0xe9, 0x40,
    0x6b, 0xd2, 0x08, 0x99, 0x1e, 0xc7, 0x73, 0x04,
};

/* VNC authentication with TEST_PASSWORD, checked with nettle's DES; then
 * the server accepts, or says no anyway (as it would to a wrong one). */
static gboolean
srv_vnc_auth(TestServer *srv, gboolean accept)
{
    guint8 expected[16], got[16];

    test_vnc_auth_response(TEST_PASSWORD, challenge, expected);
    if (!srv_send(srv, challenge, sizeof(challenge)))
        return FALSE;
    if (!srv_recv(srv, got, sizeof(got))) {
        srv_fail(srv, "the client closed instead of answering the challenge");
        return FALSE;
    }
    if (memcmp(got, expected, 16) != 0) {
        srv_fail(srv, "the client's answer to the challenge is wrong");
        return FALSE;
    }
    return accept ? srv_result(srv, 0, NULL) :
        srv_result(srv, 1, "Wrong password, try again");
}

/* Plain: the two lengths, then the user name and the password. */
static gboolean
srv_plain(TestServer *srv)
{
    GByteArray *msg = g_byte_array_new();

    test_put_u32(msg, strlen(TEST_USERNAME));
    test_put_u32(msg, strlen(TEST_PASSWORD));
    test_put_bytes(msg, TEST_USERNAME, strlen(TEST_USERNAME));
    test_put_bytes(msg, TEST_PASSWORD, strlen(TEST_PASSWORD));
    return srv_expect_msg(srv, "the user name and password", msg) && srv_result(srv, 0, NULL);
}

static guint32
pixel_at(guint x, guint y)
{
    return ((x * 7) & 0xff) << 16 | ((y * 13) & 0xff) << 8 | ((x + y) & 0xff);
}

/* From ClientInit to the end: ServerInit, the client's full update
 * request, one raw update, the client's cut text, a bell, and the
 * client closing. */
static void
srv_session(TestServer *srv)
{
    static const guint8 not_shared = 0;
    guint16 width = srv->big ? BIG_WIDTH : SMALL_WIDTH;
    guint16 height = srv->big ? BIG_HEIGHT : SMALL_HEIGHT;
    gsize text_len = srv->big ? BIG_CUT_TEXT : 5;
    VncPixelFormat fmt;
    GByteArray *msg;

    test_pixel_format_rgb888(&fmt);
    if (!srv_expect(srv, "ClientInit", &not_shared, 1))
        return;
    msg = g_byte_array_new();
    test_msg_server_init(msg, width, height, &fmt, "tls test");
    if (!srv_send_msg(srv, msg))
        return;
    msg = g_byte_array_new();
    test_msg_update_request(msg, FALSE, 0, 0, width, height);
    if (!srv_expect_msg(srv, "the full update request", msg))
        return;

    msg = g_byte_array_new();
    test_msg_update(msg, 1);
    test_msg_rect(msg, 0, 0, width, height, TEST_ENCODING_RAW);
    for (guint y = 0; y < height; y++) {
        for (guint x = 0; x < width; x++) {
            guint32 p = pixel_at(x, y);
            guint8 le[4] = { p & 0xff, (p >> 8) & 0xff, (p >> 16) & 0xff, 0 };
            test_put_bytes(msg, le, 4);
        }
    }
    if (!srv_send_msg(srv, msg))
        return;

    guint8 header[8];
    if (!srv_recv(srv, header, sizeof(header))) {
        srv_fail(srv, "the client closed instead of sending its cut text");
        return;
    }
    guint32 len = (guint32)header[4] << 24 | header[5] << 16 | header[6] << 8 | header[7];
    if (header[0] != TEST_CLIENT_CUT_TEXT || len != text_len) {
        g_autofree char *got = test_hex(header, 8, 8);
        srv_fail(srv, "expected ClientCutText of %" G_GSIZE_FORMAT " bytes, got %s",
                 text_len, got);
        return;
    }
    g_autofree char *text = g_malloc(len);
    if (!srv_recv(srv, text, len)) {
        srv_fail(srv, "the client closed in the middle of its cut text");
        return;
    }
    for (guint32 i = 0; i < len; i++) {
        if (text[i] != 'a' + (char)(i % 26)) {
            srv_fail(srv, "the cut text differs at byte %u", i);
            return;
        }
    }
    /* The client asks for more after every update. */
    msg = g_byte_array_new();
    test_msg_update_request(msg, TRUE, 0, 0, width, height);
    if (!srv_expect_msg(srv, "the incremental update request", msg))
        return;
    msg = g_byte_array_new();
    test_msg_bell(msg);
    if (!srv_send_msg(srv, msg))
        return;
    srv_expect_eof(srv, "the session is over");
}

/* ------------------------------------------------------------------ */
/* The client                                                          */

enum {
    OPT_REQUIRE_ENCRYPTION = 1 << 0,
    OPT_CA = 1 << 1,                /* tls-ca-file is the test CA */
    OPT_CRL = 1 << 2,
    OPT_CLIENT_CERT = 1 << 3,       /* certificate and key */
    OPT_CLIENT_CERT_ONLY = 1 << 4,  /* the certificate without its key */
    OPT_MISSING_CA = 1 << 5,        /* tls-ca-file names no file */
    OPT_ACCEPT_CERT = 1 << 6,       /* a handler accepts any certificate */
    OPT_REJECT_CERT = 1 << 7,       /* a handler looks and refuses */
    OPT_NO_HOSTNAME = 1 << 8,       /* open_fd, with no name to check */
    OPT_BIG = 1 << 9,               /* the big session */
    OPT_DEBUG = 1 << 10,            /* debug output on, and captured */
};

typedef struct {
    const char *path;
    ServerScript server;
    guint options;
    const char *hostname;     /* NULL: "localhost" */
    guint auth_type;          /* chosen by the embedder; 0: the library's choice */
    guint auth_subtype;
    const char *events;       /* the signals, in order */
    const char *error;        /* in the vnc-error message; NULL: no vnc-error */
} TlsCase;

typedef struct {
    const TlsCase *tc;
    GMainLoop *loop;
    VncConnection *conn;
    TestServer srv;
    GString *events;
    char *error_message;
    guint n_certificate;
    char *cert_pem;
    char *cert_reason;
    guint cert_status;
    VncBaseFramebuffer *fb;
    guint8 *fb_data;
    gboolean timed_out;
} Fixture;

/* The debug messages of the library, when a test captures them. */
static GString *captured_log;

static void G_GNUC_PRINTF(2, 3)
log_event(Fixture *f, const char *fmt, ...)
{
    va_list args;

    if (f->events->len)
        g_string_append_c(f->events, ' ');
    va_start(args, fmt);
    g_string_append_vprintf(f->events, fmt, args);
    va_end(args);
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static char *
value_list(GValueArray *values, gboolean credentials)
{
    GString *s = g_string_new(NULL);

    for (guint i = 0; i < values->n_values; i++) {
        GValue *v = g_value_array_get_nth(values, i);
        guint n = G_VALUE_HOLDS_ENUM(v) ? (guint)g_value_get_enum(v) : g_value_get_uint(v);
        if (i)
            g_string_append_c(s, ',');
        if (!credentials)
            g_string_append_printf(s, "%u", n);
        else if (n == VNC_CONNECTION_CREDENTIAL_PASSWORD)
            g_string_append(s, "password");
        else if (n == VNC_CONNECTION_CREDENTIAL_USERNAME)
            g_string_append(s, "username");
        else if (n == VNC_CONNECTION_CREDENTIAL_CLIENTNAME)
            g_string_append(s, "clientname");
        else
            g_string_append_printf(s, "?%u", n);
    }
    return g_string_free(s, FALSE);
}

static void
on_choose_type(VncConnection *conn, GValueArray *types, Fixture *f)
{
    g_autofree char *list = value_list(types, FALSE);

    log_event(f, "choose-type(%s)", list);
    if (f->tc->auth_type)
        vnc_connection_set_auth_type(conn, f->tc->auth_type);
}

static void
on_choose_subtype(VncConnection *conn, guint type, GValueArray *subtypes, Fixture *f)
{
    g_autofree char *list = value_list(subtypes, FALSE);

    g_assert_cmpuint(type, ==, VNC_CONNECTION_AUTH_VENCRYPT);
    log_event(f, "choose-subtype(%s)", list);
    if (f->tc->auth_subtype)
        vnc_connection_set_auth_subtype(conn, f->tc->auth_subtype);
}

static void
on_credential(VncConnection *conn, GValueArray *creds, Fixture *f)
{
    g_autofree char *list = value_list(creds, TRUE);

    log_event(f, "credential(%s)", list);
    for (guint i = 0; i < creds->n_values; i++) {
        GValue *v = g_value_array_get_nth(creds, i);
        switch (g_value_get_enum(v)) {
        case VNC_CONNECTION_CREDENTIAL_PASSWORD:
            vnc_connection_set_credential(conn, VNC_CONNECTION_CREDENTIAL_PASSWORD,
                                          TEST_PASSWORD);
            break;
        case VNC_CONNECTION_CREDENTIAL_USERNAME:
            vnc_connection_set_credential(conn, VNC_CONNECTION_CREDENTIAL_USERNAME,
                                          TEST_USERNAME);
            break;
        case VNC_CONNECTION_CREDENTIAL_CLIENTNAME:
            vnc_connection_set_credential(conn, VNC_CONNECTION_CREDENTIAL_CLIENTNAME,
                                          TEST_CLIENT_NAME);
            break;
        }
    }
}
G_GNUC_END_IGNORE_DEPRECATIONS

static gboolean
on_certificate(VncConnection *conn, const char *pem, const char *reason, guint status,
               Fixture *f)
{
    log_event(f, "certificate");
    f->n_certificate++;
    g_free(f->cert_pem);
    g_free(f->cert_reason);
    f->cert_pem = g_strdup(pem);
    f->cert_reason = g_strdup(reason);
    f->cert_status = status;
    return (f->tc->options & OPT_ACCEPT_CERT) != 0;
}

static void
on_connected(VncConnection *conn, Fixture *f)
{
    log_event(f, "connected");
}

static void
on_auth_failure(VncConnection *conn, const char *reason, Fixture *f)
{
    log_event(f, "auth-failure");
}

static void
on_auth_unsupported(VncConnection *conn, guint type, Fixture *f)
{
    log_event(f, "auth-unsupported(%u)", type);
}

static void
on_initialized(VncConnection *conn, Fixture *f)
{
    int width = vnc_connection_get_width(conn), height = vnc_connection_get_height(conn);
    VncPixelFormat fmt;

    log_event(f, "initialized");
    test_pixel_format_rgb888(&fmt);
    f->fb_data = g_malloc0((gsize)width * height * 4);
    f->fb = vnc_base_framebuffer_new(f->fb_data, width, height, width * 4, &fmt, &fmt);
    vnc_connection_set_framebuffer(conn, VNC_FRAMEBUFFER(f->fb));
    vnc_connection_framebuffer_update_request(conn, FALSE, 0, 0, width, height);
}

static void
on_update(VncConnection *conn, int x, int y, int width, int height, Fixture *f)
{
    gsize len = (f->tc->options & OPT_BIG) ? BIG_CUT_TEXT : 5;
    g_autofree char *text = g_malloc(len);

    log_event(f, "update");
    /* Every pixel came through TLS intact. */
    for (int row = 0; row < height; row++) {
        for (int col = 0; col < width; col++) {
            guint32 p;
            memcpy(&p, f->fb_data + ((gsize)row * width + col) * 4, 4);
            p = GUINT32_FROM_LE(p) & 0xffffff;
            if (p != pixel_at(col, row)) {
                g_autofree char *msg = g_strdup_printf("pixel %d,%d is %06x, not %06x",
                                                       col, row, p, pixel_at(col, row));
                g_assert_cmpstr(msg, ==, NULL);
            }
        }
    }
    for (gsize i = 0; i < len; i++)
        text[i] = 'a' + (char)(i % 26);
    vnc_connection_client_cut_text(conn, text, len);
}

static void
on_bell(VncConnection *conn, Fixture *f)
{
    log_event(f, "bell");
    vnc_connection_shutdown(conn);
}

static void
on_error(VncConnection *conn, const char *message, Fixture *f)
{
    log_event(f, "error");
    if (!f->error_message)
        f->error_message = g_strdup(message);
    if (g_test_verbose())
        g_test_message("vnc-error: %s", message);
}

static void
on_disconnected(VncConnection *conn, Fixture *f)
{
    log_event(f, "disconnected");
    g_main_loop_quit(f->loop);
}

static gboolean
on_timeout(gpointer data)
{
    Fixture *f = data;

    f->timed_out = TRUE;
    g_main_loop_quit(f->loop);
    return G_SOURCE_REMOVE;
}

static GLogWriterOutput
capture_writer(GLogLevelFlags level, const GLogField *fields, gsize n_fields,
               gpointer data)
{
    if (captured_log && (level & G_LOG_LEVEL_DEBUG)) {
        for (gsize i = 0; i < n_fields; i++) {
            if (strcmp(fields[i].key, "MESSAGE") == 0) {
                g_string_append(captured_log, fields[i].value);
                g_string_append_c(captured_log, '\n');
            }
        }
        return G_LOG_WRITER_HANDLED;
    }
    return g_log_writer_default(level, fields, n_fields, data);
}

static void
run_case(gconstpointer data)
{
    const TlsCase *tc = data;
    Fixture f = { .tc = tc };
    int fds[2];
    struct timeval limit = { .tv_sec = TEST_TIMEOUT };

    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), ==, 0);
    /* The server never waits forever, whatever the client does. */
    setsockopt(fds[1], SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof(limit));
    setsockopt(fds[1], SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof(limit));

    f.loop = g_main_loop_new(NULL, FALSE);
    f.events = g_string_new(NULL);
    f.conn = vnc_connection_new();
    f.srv.fd = fds[1];
    f.srv.script = tc->server;
    f.srv.big = (tc->options & OPT_BIG) != 0;
    f.srv.conn = f.conn;

#define CONNECT(name, handler) \
    g_signal_connect(f.conn, name, G_CALLBACK(handler), &f)
    CONNECT("vnc-connected", on_connected);
    CONNECT("vnc-auth-choose-type", on_choose_type);
    CONNECT("vnc-auth-choose-subtype", on_choose_subtype);
    CONNECT("vnc-auth-credential", on_credential);
    CONNECT("vnc-auth-failure", on_auth_failure);
    CONNECT("vnc-auth-unsupported", on_auth_unsupported);
    CONNECT("vnc-initialized", on_initialized);
    CONNECT("vnc-framebuffer-update", on_update);
    CONNECT("vnc-bell", on_bell);
    CONNECT("vnc-error", on_error);
    CONNECT("vnc-disconnected", on_disconnected);
    if (tc->options & (OPT_ACCEPT_CERT | OPT_REJECT_CERT))
        CONNECT("vnc-auth-certificate", on_certificate);
#undef CONNECT

    if (tc->options & OPT_REQUIRE_ENCRYPTION)
        g_object_set(f.conn, "require-encryption", TRUE, NULL);
    if (tc->options & OPT_CA)
        vnc_connection_set_tls_ca_file(f.conn, certs[CERT_CA].cert_file);
    if (tc->options & OPT_MISSING_CA)
        vnc_connection_set_tls_ca_file(f.conn, missing_file);
    if (tc->options & OPT_CRL)
        g_object_set(f.conn, "tls-crl-file", crl_file, NULL);
    if (tc->options & (OPT_CLIENT_CERT | OPT_CLIENT_CERT_ONLY))
        g_object_set(f.conn, "tls-client-cert-file", certs[CERT_CLIENT].cert_file, NULL);
    if (tc->options & OPT_CLIENT_CERT)
        vnc_connection_set_tls_client_key_file(f.conn, certs[CERT_CLIENT].key_file);
    if (tc->options & OPT_DEBUG) {
        captured_log = g_string_new(NULL);
        vnc_util_set_debug(TRUE);
    }

    f.srv.thread = g_thread_new("tls-server", srv_thread, &f.srv);
    if (tc->options & OPT_NO_HOSTNAME)
        g_assert_true(vnc_connection_open_fd(f.conn, fds[0]));
    else
        g_assert_true(vnc_connection_open_fd_with_hostname(f.conn, fds[0],
                                                           tc->hostname ? tc->hostname :
                                                           "localhost"));
    guint timeout = g_timeout_add_seconds(TEST_TIMEOUT, on_timeout, &f);
    g_main_loop_run(f.loop);
    if (!f.timed_out)
        g_source_remove(timeout);
    /* Let the session's last idle callbacks run. */
    for (int i = 0; i < 100 && g_main_context_iteration(NULL, FALSE); i++)
        ;
    if (f.timed_out)
        vnc_connection_shutdown(f.conn);
    g_thread_join(f.srv.thread);

    if (tc->options & OPT_DEBUG) {
        vnc_util_set_debug(FALSE);
        /* The log says something, and nothing secret. */
        g_assert_cmpstr(strstr(captured_log->str, "TLS"), !=, NULL);
        g_assert_cmpstr(strstr(captured_log->str, TEST_PASSWORD), ==, NULL);
        g_string_free(captured_log, TRUE);
        captured_log = NULL;
    }

    g_assert_false(f.timed_out);
    g_assert_cmpstr(f.srv.failure, ==, NULL);
    if (tc->error) {
        g_assert_nonnull(f.error_message);
        if (!strstr(f.error_message, tc->error))
            g_assert_cmpstr(f.error_message, ==, tc->error);
    } else {
        g_assert_cmpstr(f.error_message, ==, NULL);
    }
    g_assert_cmpstr(f.events->str, ==, tc->events);

    if (f.n_certificate) {
        g_assert_true(g_str_has_prefix(f.cert_pem, "-----BEGIN CERTIFICATE-----"));
        g_assert_cmpuint(f.cert_status, !=, 0);
        g_assert_cmpstr(f.cert_reason, !=, "");
    }

    g_signal_handlers_disconnect_by_data(f.conn, &f);
    g_object_unref(f.conn);
    g_clear_object(&f.fb);
    g_free(f.fb_data);
    g_free(f.srv.failure);
    g_free(f.srv.tls_error);
    g_free(f.error_message);
    g_free(f.cert_pem);
    g_free(f.cert_reason);
    g_string_free(f.events, TRUE);
    g_main_loop_unref(f.loop);
}

/* ------------------------------------------------------------------ */
/* Server scripts                                                      */

#define VENCRYPT(name) VNC_CONNECTION_AUTH_VENCRYPT_##name

/* VeNCrypt sub-types. */

static void
srv_tlsnone(TestServer *srv)
{
    if (srv_vencrypt_one(srv, VENCRYPT(TLSNONE)) && srv_go_tls(srv, SRV_TLS_ANON, 0) &&
        srv_result(srv, 0, NULL))
        srv_session(srv);
}

static void
srv_tlsvnc(TestServer *srv)
{
    if (srv_vencrypt_one(srv, VENCRYPT(TLSVNC)) && srv_go_tls(srv, SRV_TLS_ANON, 0) &&
        srv_vnc_auth(srv, TRUE))
        srv_session(srv);
}

static void
srv_tlsvnc_refused(TestServer *srv)
{
    if (srv_vencrypt_one(srv, VENCRYPT(TLSVNC)) && srv_go_tls(srv, SRV_TLS_ANON, 0) &&
        srv_vnc_auth(srv, FALSE))
        srv_expect_eof(srv, "authentication failed");
}

static void
srv_tlsplain(TestServer *srv)
{
    if (srv_vencrypt_one(srv, VENCRYPT(TLSPLAIN)) && srv_go_tls(srv, SRV_TLS_ANON, 0) &&
        srv_plain(srv))
        srv_session(srv);
}

static void
srv_plain_only(TestServer *srv)
{
    if (srv_vencrypt_one(srv, VENCRYPT(PLAIN)) && srv_plain(srv))
        srv_session(srv);
}

static void
srv_x509none(TestServer *srv)
{
    if (srv_vencrypt_one(srv, VENCRYPT(X509NONE)) &&
        srv_go_tls(srv, SRV_TLS_X509, CERT_SERVER) && srv_result(srv, 0, NULL))
        srv_session(srv);
}

static void
srv_x509vnc(TestServer *srv)
{
    if (srv_vencrypt_one(srv, VENCRYPT(X509VNC)) &&
        srv_go_tls(srv, SRV_TLS_X509, CERT_SERVER) && srv_vnc_auth(srv, TRUE))
        srv_session(srv);
}

static void
srv_x509plain(TestServer *srv)
{
    if (srv_vencrypt_one(srv, VENCRYPT(X509PLAIN)) &&
        srv_go_tls(srv, SRV_TLS_X509, CERT_SERVER) && srv_plain(srv))
        srv_session(srv);
}

static void
srv_x509_client_cert(TestServer *srv)
{
    if (srv_vencrypt_one(srv, VENCRYPT(X509NONE)) &&
        srv_go_tls(srv, SRV_TLS_X509_VERIFY_CLIENT, CERT_SERVER) && srv_result(srv, 0, NULL))
        srv_session(srv);
}

/* The server wants a client certificate that it does not get. */
static void
srv_x509_client_cert_refused(TestServer *srv)
{
    static const guint8 go = 1;

    if (!srv_vencrypt_one(srv, VENCRYPT(X509NONE)) || !srv_send(srv, &go, 1))
        return;
    if (srv_start_tls(srv, SRV_TLS_X509_VERIFY_CLIENT, CERT_SERVER)) {
        srv_fail(srv, "the handshake worked without a client certificate");
        return;
    }
    /* Whatever the client still sent is of no interest; its closing is. */
    guint8 buf[4096];
    while (recv(srv->fd, buf, sizeof(buf), 0) > 0)
        ;
}

static void
srv_sasl_subtype(TestServer *srv)
{
    if (srv_vencrypt_one(srv, VENCRYPT(TLSSASL)) && srv_go_tls(srv, SRV_TLS_ANON, 0))
        srv_expect_eof(srv, "SASL is not supported yet");
}

/* The embedder picks TLSNone from [X509None, TLSNone]. */
static void
srv_embedder_picks(TestServer *srv)
{
    static const guint32 offer[] = { VENCRYPT(X509NONE), VENCRYPT(TLSNONE) };

    if (srv_offer_vencrypt_type(srv) && srv_vencrypt(srv, 2, offer, VENCRYPT(TLSNONE)) &&
        srv_go_tls(srv, SRV_TLS_ANON, 0) && srv_result(srv, 0, NULL))
        srv_session(srv);
}

/* Unknown sub-types first: the library takes the first it knows. */
static void
srv_server_order(TestServer *srv)
{
    static const guint32 offer[] = { 0x80000001u, 30, VENCRYPT(TLSVNC), VENCRYPT(TLSNONE) };

    if (srv_offer_vencrypt_type(srv) && srv_vencrypt(srv, 4, offer, VENCRYPT(TLSVNC)) &&
        srv_go_tls(srv, SRV_TLS_ANON, 0) && srv_vnc_auth(srv, TRUE))
        srv_session(srv);
}

/* Hostile and broken VeNCrypt servers. */

static void
srv_version_01(TestServer *srv)
{
    static const guint8 old[] = { 0, 1 }, refuse[] = { 0, 0 };

    if (srv_offer_vencrypt_type(srv) && srv_send(srv, old, 2) &&
        srv_expect(srv, "the client's refusal (0.0)", refuse, 2))
        srv_expect_eof(srv, "VeNCrypt 0.1");
}

static void
srv_version_refused(TestServer *srv)
{
    static const guint8 version[] = { 0, 2 }, no = 255;

    if (srv_offer_vencrypt_type(srv) && srv_send(srv, version, 2) &&
        srv_expect(srv, "the client's version", version, 2) && srv_send(srv, &no, 1))
        srv_expect_eof(srv, "version refused");
}

/* A newer server: the client answers 0.2 and goes on. */
static void
srv_version_newer(TestServer *srv)
{
    static const guint8 newer[] = { 0, 7 }, ours[] = { 0, 2 }, ok = 0;
    GByteArray *msg = g_byte_array_new();

    test_put_u8(msg, 1);
    test_put_u32(msg, VENCRYPT(TLSNONE));
    if (!srv_offer_vencrypt_type(srv) || !srv_send(srv, newer, 2) ||
        !srv_expect(srv, "the client's version", ours, 2) || !srv_send(srv, &ok, 1) ||
        !srv_send_msg(srv, msg)) {
        return;
    }
    msg = g_byte_array_new();
    test_put_u32(msg, VENCRYPT(TLSNONE));
    if (srv_expect_msg(srv, "the sub-type", msg) && srv_go_tls(srv, SRV_TLS_ANON, 0) &&
        srv_result(srv, 0, NULL))
        srv_session(srv);
}

static void
srv_no_subtypes(TestServer *srv)
{
    if (srv_offer_vencrypt_type(srv))
        srv_vencrypt(srv, 0, NULL, 0);
}

static void
srv_255_unknown(TestServer *srv)
{
    guint32 offer[255];

    for (guint i = 0; i < 255; i++)
        offer[i] = 1000 + i;
    if (srv_offer_vencrypt_type(srv))
        srv_vencrypt(srv, 255, offer, 0);
}

static void
srv_255_last_known(TestServer *srv)
{
    guint32 offer[255];

    for (guint i = 0; i < 254; i++)
        offer[i] = 1000 + i;
    offer[254] = VENCRYPT(TLSNONE);
    if (srv_offer_vencrypt_type(srv) && srv_vencrypt(srv, 255, offer, VENCRYPT(TLSNONE)) &&
        srv_go_tls(srv, SRV_TLS_ANON, 0) && srv_result(srv, 0, NULL))
        srv_session(srv);
}

static void
srv_tls_refused(TestServer *srv)
{
    static const guint8 no = 0;

    if (srv_vencrypt_one(srv, VENCRYPT(TLSNONE)) && srv_send(srv, &no, 1))
        srv_expect_eof(srv, "TLS refused");
}

/* Reads the ClientHello's record header and answers with nonsense. */
static void
srv_handshake_garbage(TestServer *srv)
{
    static const guint8 go = 1;
    static const char garbage[] = "RFB 003.008\nThis is not TLS at all, is it?\n";

    if (!srv_vencrypt_one(srv, VENCRYPT(TLSNONE)) || !srv_send(srv, &go, 1) ||
        !srv_read_record(srv))
        return;
    if (srv_send(srv, garbage, sizeof(garbage)))
        srv_expect_eof(srv, "garbage instead of TLS");
}

/* A record header that claims an impossible length. */
static void
srv_handshake_bad_record(TestServer *srv)
{
    static const guint8 go = 1;
    static const guint8 record[] = { 22, 3, 3, 0xff, 0xff, 2, 0, 0, 0 };

    if (!srv_vencrypt_one(srv, VENCRYPT(X509NONE)) || !srv_send(srv, &go, 1) ||
        !srv_read_record(srv))
        return;
    if (srv_send(srv, record, sizeof(record)))
        srv_expect_eof(srv, "a broken TLS record");
}

static void
srv_close_mid_handshake(TestServer *srv)
{
    static const guint8 go = 1;

    /* Leaving after the ClientHello closes the socket. */
    if (srv_vencrypt_one(srv, VENCRYPT(TLSNONE)) && srv_send(srv, &go, 1))
        srv_read_record(srv);
}

/* Plain bytes right behind the go-ahead, where TLS should start. */
static void
srv_data_before_tls(TestServer *srv)
{
    static const guint8 go_and_more[] = { 1, 0, 0, 0, 0 };

    if (srv_vencrypt_one(srv, VENCRYPT(TLSNONE)) &&
        srv_send(srv, go_and_more, sizeof(go_and_more)))
        srv_expect_eof(srv, "bytes before the TLS handshake");
}

static gboolean
shutdown_from_main(gpointer data)
{
    vnc_connection_shutdown(data);
    return G_SOURCE_REMOVE;
}

/* The embedder shuts the connection down while the handshake waits for
 * the server. */
static void
srv_shutdown_mid_handshake(TestServer *srv)
{
    static const guint8 go = 1;

    if (!srv_vencrypt_one(srv, VENCRYPT(TLSNONE)) || !srv_send(srv, &go, 1) ||
        !srv_read_record(srv))
        return;
    g_idle_add(shutdown_from_main, srv->conn);
    srv_expect_eof(srv, "shut down");
}

/* Certificates. */

static void
srv_x509_present(TestServer *srv, int cert)
{
    if (srv_vencrypt_one(srv, VENCRYPT(X509NONE)) && srv_go_tls(srv, SRV_TLS_X509, cert))
        srv_expect_eof(srv, "the certificate is refused");
}

static void
srv_untrusted(TestServer *srv)
{
    srv_x509_present(srv, CERT_UNTRUSTED);
}

static void
srv_expired(TestServer *srv)
{
    srv_x509_present(srv, CERT_EXPIRED);
}

static void
srv_wrong_host(TestServer *srv)
{
    srv_x509_present(srv, CERT_WRONG_HOST);
}

static void
srv_revoked(TestServer *srv)
{
    srv_x509_present(srv, CERT_REVOKED);
}

static void
srv_good_cert_refused(TestServer *srv)
{
    srv_x509_present(srv, CERT_SERVER);
}

static void
srv_untrusted_accepted(TestServer *srv)
{
    if (srv_vencrypt_one(srv, VENCRYPT(X509VNC)) &&
        srv_go_tls(srv, SRV_TLS_X509, CERT_UNTRUSTED) && srv_vnc_auth(srv, TRUE))
        srv_session(srv);
}

/* The client gives up before the handshake (its files are wrong). */
static void
srv_x509_no_handshake(TestServer *srv)
{
    static const guint8 go = 1;

    if (srv_vencrypt_one(srv, VENCRYPT(X509NONE)) && srv_send(srv, &go, 1))
        srv_expect_eof(srv, "unusable x509 files");
}

/* Requiring encryption. */

static void
srv_offers_unencrypted(TestServer *srv)
{
    static const guint8 types[] = { VNC_CONNECTION_AUTH_NONE, VNC_CONNECTION_AUTH_VNC };
    srv_offer_types(srv, 2, types, 0);
}

static void
srv_none_then_vencrypt(TestServer *srv)
{
    static const guint8 types[] = { VNC_CONNECTION_AUTH_NONE, VNC_CONNECTION_AUTH_VENCRYPT };
    guint32 subtype = VENCRYPT(TLSNONE);

    if (srv_offer_types(srv, 2, types, VNC_CONNECTION_AUTH_VENCRYPT) &&
        srv_vencrypt(srv, 1, &subtype, subtype) && srv_go_tls(srv, SRV_TLS_ANON, 0) &&
        srv_result(srv, 0, NULL))
        srv_session(srv);
}

static void
srv_vencrypt_and_none(TestServer *srv)
{
    static const guint8 types[] = { VNC_CONNECTION_AUTH_VENCRYPT, VNC_CONNECTION_AUTH_NONE };
    srv_offer_types(srv, 2, types, 0);
}

static void
srv_plain_offered(TestServer *srv)
{
    guint32 subtype = VENCRYPT(PLAIN);

    if (srv_offer_vencrypt_type(srv))
        srv_vencrypt(srv, 1, &subtype, 0);
}

static void
srv_tlsnone_and_plain(TestServer *srv)
{
    static const guint32 offer[] = { VENCRYPT(TLSNONE), VENCRYPT(PLAIN) };

    if (srv_offer_vencrypt_type(srv))
        srv_vencrypt(srv, 2, offer, 0);
}

static void
srv_rfb33_none(TestServer *srv)
{
    GByteArray *msg = g_byte_array_new();

    if (!srv_version(srv, "003.003"))
        return;
    test_put_u32(msg, VNC_CONNECTION_AUTH_NONE);
    if (srv_send_msg(srv, msg))
        srv_expect_eof(srv, "3.3 with None");
}

/* TLS (18): anonymous TLS, then the security types again inside. */

static gboolean
srv_tls18(TestServer *srv, guint8 inner)
{
    static const guint8 tls[] = { VNC_CONNECTION_AUTH_TLS };
    GByteArray *msg = g_byte_array_new();

    if (!srv_offer_types(srv, 1, tls, VNC_CONNECTION_AUTH_TLS)) {
        g_byte_array_unref(msg);
        return FALSE;
    }
    if (!srv_start_tls(srv, SRV_TLS_ANON, 0)) {
        srv_fail(srv, "the TLS handshake failed: %s", srv->tls_error);
        g_byte_array_unref(msg);
        return FALSE;
    }
    test_msg_security_types(msg, 1, &inner);
    if (!srv_send_msg(srv, msg))
        return FALSE;
    return srv_expect(srv, "the security type inside TLS", &inner, 1);
}

static void
srv_tls18_none(TestServer *srv)
{
    if (srv_tls18(srv, VNC_CONNECTION_AUTH_NONE) && srv_result(srv, 0, NULL))
        srv_session(srv);
}

static void
srv_tls18_vnc(TestServer *srv)
{
    if (srv_tls18(srv, VNC_CONNECTION_AUTH_VNC) && srv_vnc_auth(srv, TRUE))
        srv_session(srv);
}

static void
srv_tls18_nested(TestServer *srv)
{
    if (srv_tls18(srv, VNC_CONNECTION_AUTH_TLS))
        srv_expect_eof(srv, "TLS inside TLS");
}

/* ------------------------------------------------------------------ */
/* The table                                                           */

#define SESSION "initialized update bell disconnected"

static TlsCase cases[] = {
    /* Each VeNCrypt sub-type. */
    { "/tls/vencrypt/tlsnone", srv_tlsnone, OPT_BIG, NULL, 0, 0,
      "connected choose-type(19) choose-subtype(257) " SESSION, NULL },
    { "/tls/vencrypt/tlsvnc", srv_tlsvnc, 0, NULL, 0, 0,
      "connected choose-type(19) choose-subtype(258) credential(password) " SESSION, NULL },
    { "/tls/vencrypt/tlsvnc-wrong-password", srv_tlsvnc_refused, 0, NULL, 0, 0,
      "connected choose-type(19) choose-subtype(258) credential(password) auth-failure "
      "error disconnected", "Wrong password, try again" },
    { "/tls/vencrypt/tlsplain", srv_tlsplain, 0, NULL, 0, 0,
      "connected choose-type(19) choose-subtype(259) credential(username,password) " SESSION,
      NULL },
    { "/tls/vencrypt/plain", srv_plain_only, 0, NULL, 0, 0,
      "connected choose-type(19) choose-subtype(256) credential(username,password) " SESSION,
      NULL },
    { "/tls/vencrypt/x509none", srv_x509none, OPT_CA | OPT_CRL | OPT_BIG, NULL, 0, 0,
      "connected choose-type(19) choose-subtype(260) " SESSION, NULL },
    { "/tls/vencrypt/x509vnc", srv_x509vnc, OPT_CA, NULL, 0, 0,
      "connected choose-type(19) choose-subtype(261) credential(password) " SESSION, NULL },
    { "/tls/vencrypt/x509plain", srv_x509plain, OPT_CA, NULL, 0, 0,
      "connected choose-type(19) choose-subtype(262) credential(username,password) " SESSION,
      NULL },
    { "/tls/vencrypt/x509-client-certificate", srv_x509_client_cert,
      OPT_CA | OPT_CLIENT_CERT, NULL, 0, 0,
      "connected choose-type(19) choose-subtype(260) " SESSION, NULL },
    { "/tls/vencrypt/x509-client-certificate-missing", srv_x509_client_cert_refused,
      OPT_CA, NULL, 0, 0,
      "connected choose-type(19) choose-subtype(260) error disconnected",
      "the server sent the TLS alert 'Certificate is required'" },
    { "/tls/vencrypt/embedder-picks", srv_embedder_picks, 0, NULL, 0, VENCRYPT(TLSNONE),
      "connected choose-type(19) choose-subtype(260,257) " SESSION, NULL },
    { "/tls/vencrypt/server-order", srv_server_order, 0, NULL, 0, 0,
      "connected choose-type(19) choose-subtype(2147483649,30,258,257) "
      "credential(password) " SESSION, NULL },
    { "/tls/vencrypt/newer-version", srv_version_newer, 0, NULL, 0, 0,
      "connected choose-type(19) choose-subtype(257) " SESSION, NULL },
    { "/tls/vencrypt/255-subtypes-last-known", srv_255_last_known, 0, NULL, 0, 0,
      NULL, NULL },  /* events filled in by main() */

    /* Servers that get it wrong. */
    { "/tls/vencrypt/version-0.1", srv_version_01, 0, NULL, 0, 0,
      "connected choose-type(19) error disconnected", "VeNCrypt 0.1, which is obsolete" },
    { "/tls/vencrypt/version-refused", srv_version_refused, 0, NULL, 0, 0,
      "connected choose-type(19) error disconnected",
      "The server refused VeNCrypt version 0.2" },
    { "/tls/vencrypt/no-subtypes", srv_no_subtypes, 0, NULL, 0, 0,
      "connected choose-type(19) error disconnected", "offers no VeNCrypt sub-type" },
    { "/tls/vencrypt/255-unknown-subtypes", srv_255_unknown, 0, NULL, 0, 0,
      NULL, "offers no VeNCrypt sub-type this client supports" },
    { "/tls/vencrypt/tls-refused", srv_tls_refused, 0, NULL, 0, 0,
      "connected choose-type(19) choose-subtype(257) error disconnected",
      "refused to start TLS for VeNCrypt sub-type TLSNone" },
    { "/tls/vencrypt/handshake-garbage", srv_handshake_garbage, 0, NULL, 0, 0,
      "connected choose-type(19) choose-subtype(257) error disconnected",
      "The TLS handshake failed" },
    { "/tls/vencrypt/handshake-bad-record", srv_handshake_bad_record, OPT_CA, NULL, 0, 0,
      "connected choose-type(19) choose-subtype(260) error disconnected",
      "The TLS handshake failed" },
    { "/tls/vencrypt/close-mid-handshake", srv_close_mid_handshake, 0, NULL, 0, 0,
      "connected choose-type(19) choose-subtype(257) error disconnected",
      "closed the connection during the TLS handshake" },
    { "/tls/vencrypt/data-before-handshake", srv_data_before_tls, 0, NULL, 0, 0,
      "connected choose-type(19) choose-subtype(257) error disconnected",
      "unexpected bytes before the TLS handshake" },
    { "/tls/vencrypt/shutdown-mid-handshake", srv_shutdown_mid_handshake, 0, NULL, 0, 0,
      "connected choose-type(19) choose-subtype(257) disconnected", NULL },
    { "/tls/vencrypt/sasl-subtype", srv_sasl_subtype, 0, NULL, 0, 0,
      "connected choose-type(19) choose-subtype(264) error disconnected",
      "not supported yet" },

    /* Certificates. */
    { "/tls/x509/untrusted", srv_untrusted, OPT_CA, NULL, 0, 0,
      "connected choose-type(19) choose-subtype(260) error disconnected",
      "The server's certificate is not trusted: it is not signed by a trusted "
      "certificate authority" },
    { "/tls/x509/untrusted-refused-by-handler", srv_untrusted, OPT_CA | OPT_REJECT_CERT,
      NULL, 0, 0,
      "connected choose-type(19) choose-subtype(260) certificate error disconnected",
      "not signed by a trusted certificate authority" },
    { "/tls/x509/untrusted-accepted-by-handler", srv_untrusted_accepted,
      OPT_CA | OPT_ACCEPT_CERT, NULL, 0, 0,
      "connected choose-type(19) choose-subtype(261) certificate credential(password) "
      SESSION, NULL },
    { "/tls/x509/expired", srv_expired, OPT_CA | OPT_REJECT_CERT, NULL, 0, 0,
      "connected choose-type(19) choose-subtype(260) certificate error disconnected",
      "it has expired" },
    { "/tls/x509/wrong-host", srv_wrong_host, OPT_CA, NULL, 0, 0,
      "connected choose-type(19) choose-subtype(260) error disconnected",
      "it was not issued for the host name 'localhost'" },
    { "/tls/x509/revoked", srv_revoked, OPT_CA | OPT_CRL, NULL, 0, 0,
      "connected choose-type(19) choose-subtype(260) error disconnected",
      "it has been revoked" },
    { "/tls/x509/no-host-name", srv_good_cert_refused, OPT_CA | OPT_NO_HOSTNAME, NULL, 0, 0,
      "connected choose-type(19) choose-subtype(260) error disconnected",
      "there is no host name to check it against" },
    { "/tls/x509/other-host-name", srv_good_cert_refused, OPT_CA, "vnc.example.com", 0, 0,
      "connected choose-type(19) choose-subtype(260) error disconnected",
      "it was not issued for the host name 'vnc.example.com'" },
    { "/tls/x509/ip-address", srv_x509none, OPT_CA, "127.0.0.1", 0, 0,
      "connected choose-type(19) choose-subtype(260) " SESSION, NULL },
    { "/tls/x509/default-files", srv_x509_client_cert, 0, NULL, 0, 0,
      "connected choose-type(19) choose-subtype(260) credential(clientname) " SESSION, NULL },
    { "/tls/x509/missing-ca-file", srv_x509_no_handshake, OPT_MISSING_CA, NULL, 0, 0,
      "connected choose-type(19) choose-subtype(260) error disconnected",
      "Cannot read the CA certificate file" },
    { "/tls/x509/certificate-without-key", srv_x509_no_handshake,
      OPT_CA | OPT_CLIENT_CERT_ONLY, NULL, 0, 0,
      "connected choose-type(19) choose-subtype(260) error disconnected",
      "needs both its certificate and its key" },

    /* Requiring encryption. */
    { "/tls/require-encryption/only-unencrypted-offered", srv_offers_unencrypted,
      OPT_REQUIRE_ENCRYPTION, NULL, 0, 0,
      "connected choose-type(1,2) error disconnected",
      "Encryption is required, and the server offers only security types that do not "
      "encrypt (1, 2)" },
    { "/tls/require-encryption/skips-none", srv_none_then_vencrypt,
      OPT_REQUIRE_ENCRYPTION, NULL, 0, 0,
      "connected choose-type(1,19) choose-subtype(257) " SESSION, NULL },
    { "/tls/require-encryption/embedder-picks-none", srv_vencrypt_and_none,
      OPT_REQUIRE_ENCRYPTION, NULL, VNC_CONNECTION_AUTH_NONE, 0,
      "connected choose-type(19,1) error disconnected",
      "Security type 1 does not encrypt the session" },
    { "/tls/require-encryption/only-plain-offered", srv_plain_offered,
      OPT_REQUIRE_ENCRYPTION, NULL, 0, 0,
      "connected choose-type(19) choose-subtype(256) error disconnected",
      "offers only VeNCrypt sub-types that do not encrypt (Plain (256))" },
    { "/tls/require-encryption/embedder-picks-plain", srv_tlsnone_and_plain,
      OPT_REQUIRE_ENCRYPTION, NULL, 0, VENCRYPT(PLAIN),
      "connected choose-type(19) choose-subtype(257,256) error disconnected",
      "VeNCrypt sub-type Plain does not encrypt the session" },
    { "/tls/require-encryption/rfb33-none", srv_rfb33_none, OPT_REQUIRE_ENCRYPTION,
      NULL, 0, 0, "connected error disconnected",
      "Security type 1 does not encrypt the session" },
    { "/tls/require-encryption/tlsplain", srv_tlsplain, OPT_REQUIRE_ENCRYPTION, NULL, 0, 0,
      "connected choose-type(19) choose-subtype(259) credential(username,password) " SESSION,
      NULL },
    { "/tls/require-encryption/none-inside-tls", srv_tls18_none, OPT_REQUIRE_ENCRYPTION,
      NULL, 0, 0, "connected choose-type(18) choose-type(1) " SESSION, NULL },

    /* TLS (18). */
    { "/tls/anon/none", srv_tls18_none, 0, NULL, 0, 0,
      "connected choose-type(18) choose-type(1) " SESSION, NULL },
    { "/tls/anon/vnc", srv_tls18_vnc, 0, NULL, 0, 0,
      "connected choose-type(18) choose-type(2) credential(password) " SESSION, NULL },
    { "/tls/anon/tls-inside-tls", srv_tls18_nested, 0, NULL, 0, 0,
      "connected choose-type(18) choose-type(18) error disconnected",
      "TLS inside TLS" },

    /* Nothing secret in the debug output. */
    { "/tls/secrets/debug-output", srv_tlsplain, OPT_DEBUG, NULL, 0, 0,
      "connected choose-type(19) choose-subtype(259) credential(username,password) " SESSION,
      NULL },
    { "/tls/secrets/debug-output-x509vnc", srv_x509vnc, OPT_DEBUG | OPT_CA, NULL, 0, 0,
      "connected choose-type(19) choose-subtype(261) credential(password) " SESSION, NULL },
};

/* "a,b,c" of the 255 sub-types the server offers in the big lists. */
static char *
subtype_list_255(gboolean last_known)
{
    GString *s = g_string_new(NULL);

    for (guint i = 0; i < 255; i++) {
        guint32 v = (last_known && i == 254) ? VENCRYPT(TLSNONE) : 1000 + i;
        g_string_append_printf(s, "%s%u", i ? "," : "", v);
    }
    return g_string_free(s, FALSE);
}

static void
count_notify(GObject *object, GParamSpec *pspec, gpointer data)
{
    (*(guint *)data)++;
}

/* The four x509 file settings: each setter, getter, property and notify
 * reaches its own field and no other. */
static void
test_file_properties(void)
{
    static const struct {
        const char *property;
        gboolean (*set)(VncConnection *conn, const char *file);
        const char *(*get)(VncConnection *conn);
    } files[] = {
        { "tls-ca-file", vnc_connection_set_tls_ca_file, vnc_connection_get_tls_ca_file },
        { "tls-crl-file", vnc_connection_set_tls_crl_file, vnc_connection_get_tls_crl_file },
        { "tls-client-cert-file", vnc_connection_set_tls_client_cert_file,
          vnc_connection_get_tls_client_cert_file },
        { "tls-client-key-file", vnc_connection_set_tls_client_key_file,
          vnc_connection_get_tls_client_key_file },
    };

    for (gsize i = 0; i < G_N_ELEMENTS(files); i++) {
        g_autoptr(VncConnection) conn = vnc_connection_new();
        g_autofree char *signal = g_strdup_printf("notify::%s", files[i].property);
        g_autofree char *value = NULL;
        guint notified = 0;

        g_signal_connect(conn, signal, G_CALLBACK(count_notify), &notified);
        g_assert_true(files[i].set(conn, "/a/file.pem"));
        g_assert_cmpstr(files[i].get(conn), ==, "/a/file.pem");
        g_assert_cmpuint(notified, ==, 1);
        for (gsize j = 0; j < G_N_ELEMENTS(files); j++) {
            if (j != i)
                g_assert_null(files[j].get(conn));
        }

        /* The same value again is no change. */
        g_assert_true(files[i].set(conn, "/a/file.pem"));
        g_assert_cmpuint(notified, ==, 1);

        g_object_set(conn, files[i].property, "/b/file.pem", NULL);
        g_assert_cmpstr(files[i].get(conn), ==, "/b/file.pem");
        g_object_get(conn, files[i].property, &value, NULL);
        g_assert_cmpstr(value, ==, "/b/file.pem");
        g_assert_cmpuint(notified, ==, 2);

        /* An empty name unsets it. */
        g_assert_true(files[i].set(conn, ""));
        g_assert_null(files[i].get(conn));
        g_assert_cmpuint(notified, ==, 3);
        g_assert_true(files[i].set(conn, NULL));
        g_assert_cmpuint(notified, ==, 3);

        /* Left set: finalize frees it (valgrind would see a leak). */
        g_assert_true(files[i].set(conn, "/c/file.pem"));
    }
}

int
main(int argc, char **argv)
{
    g_autoptr(GError) err = NULL;
    int ret;

    /* A server that the client left must not kill the test. */
    signal(SIGPIPE, SIG_IGN);

    /* Before anything asks GLib for it: $HOME is the test's own folder,
     * where the default x509 files live. */
    work_dir = g_dir_make_tmp("gvnc-tls-XXXXXX", &err);
    g_assert_no_error(err);
    g_setenv("HOME", work_dir, TRUE);
    g_log_set_writer_func(capture_writer, NULL, NULL);

    g_test_init(&argc, &argv, NULL);
    /* Debug output names its log domains in the environment the first
     * time it is turned on: do that now, before any thread exists. */
    vnc_util_set_debug(TRUE);
    vnc_util_set_debug(FALSE);
    make_certs();

    g_autofree char *all_unknown = subtype_list_255(FALSE);
    g_autofree char *last_known = subtype_list_255(TRUE);
    g_autofree char *events_unknown = g_strdup_printf(
        "connected choose-type(19) choose-subtype(%s) auth-unsupported(1000) error "
        "disconnected", all_unknown);
    g_autofree char *events_known = g_strdup_printf(
        "connected choose-type(19) choose-subtype(%s) " SESSION, last_known);

    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        TlsCase *tc = &cases[i];
        if (tc->server == srv_255_unknown)
            tc->events = events_unknown;
        if (tc->server == srv_255_last_known)
            tc->events = events_known;
        /* SASL inside VeNCrypt belongs to the SASL tests once it exists. */
        if (tc->server == srv_sasl_subtype && vnc_auth_find(VNC_CONNECTION_AUTH_SASL))
            continue;
        g_test_add_data_func(tc->path, tc, run_case);
    }
    g_test_add_func("/tls/properties/files", test_file_properties);

    ret = g_test_run();
    free_certs();
    remove_tree(work_dir);
    g_free(work_dir);
    return ret;
}
