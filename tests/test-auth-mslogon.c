/*
 * gtk-vnc tests: UltraVNC MS-Logon II (security type 113)
 *
 * Known answers first. The DES: VNC's DES reads key bits mirrored, and a
 * published vector of that DES (the password obfuscation key
 * 17 52 6b 06 23 4e 58 07 turns "vagrant\0" into 3c89f4466dc2a67a) checks
 * that the library mirrors the key and uses the secret, unmirrored, as the
 * CBC IV. The whole 256-byte field is then compared with GnuTLS's
 * triple DES in CBC mode with the (mirrored) key three times, which is
 * single DES. The Diffie-Hellman: the textbook example (p 23, g 5) and
 * 31- and 64-bit values computed with Python's pow().
 *
 * Then whole exchanges against the fake server playing an UltraVNC server:
 * its own Diffie-Hellman secret, the shared key from the client's public
 * value with GMP, the fields decrypted with GnuTLS. Hostile parameters end
 * the connection before any credential is sent.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>
#include <gmp.h>
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>

#include "protocol-fixture.h"
#include "vncauth-priv.h"

/* The fixture's timeout guards against hangs; valgrind on a busy machine
 * needs longer for big-number arithmetic. */
static void
setup(ProtoFixture *f, gconstpointer data)
{
    proto_fixture_setup(f, data);
    if (g_getenv("VNC_TEST_UNDER_VALGRIND"))
        f->timeout_seconds = 600;
}

#define ADD(path, func, data) \
    g_test_add(path, ProtoFixture, data, setup, func, proto_fixture_teardown)

#define RESPONSE_LENGTH \
    (8 + VNC_AUTH_MSLOGON_USERNAME_LENGTH + VNC_AUTH_MSLOGON_PASSWORD_LENGTH)

static guint8
mirror(guint8 byte)
{
    guint8 out = 0;

    for (int i = 0; i < 8; i++)
        if (byte & (1 << i))
            out |= 0x80 >> i;
    return out;
}

/* DES-CBC through GnuTLS: triple DES with one key three times. */
static void
gnutls_des_cbc(const guint8 secret[8], guint8 *data, gsize len, gboolean encrypt)
{
    guint8 key[24], iv[8];
    gnutls_datum_t key_datum = { key, sizeof(key) };
    gnutls_datum_t iv_datum = { iv, sizeof(iv) };
    gnutls_cipher_hd_t cipher;

    for (int i = 0; i < 24; i++)
        key[i] = mirror(secret[i % 8]);
    memcpy(iv, secret, 8);
    g_assert_cmpint(gnutls_cipher_init(&cipher, GNUTLS_CIPHER_3DES_CBC, &key_datum,
                                       &iv_datum), ==, 0);
    if (encrypt)
        g_assert_cmpint(gnutls_cipher_encrypt(cipher, data, len), ==, 0);
    else
        g_assert_cmpint(gnutls_cipher_decrypt(cipher, data, len), ==, 0);
    gnutls_cipher_deinit(cipher);
}

static void
test_des_convention(void)
{
    static const guint8 secret[8] = { 23, 82, 107, 6, 35, 78, 88, 7 };
    static const guint8 expected[8] = { 0x3c, 0x89, 0xf4, 0x46, 0x6d, 0xc2, 0xa6, 0x7a };
    guint8 block[8];

    /* CBC XORs the IV (the secret) in first: undo that, so that DES sees
     * the vector's plaintext. */
    memcpy(block, "vagrant", 8);
    for (int i = 0; i < 8; i++)
        block[i] ^= secret[i];
    vnc_auth_mslogon_encrypt(secret, block, sizeof(block));
    g_assert_cmpmem(block, 8, expected, 8);
}

static void
test_cbc_field(void)
{
    static const guint8 secret[8] = { 0x23, 0x3a, 0x26, 0x71, 0x11, 0x0d, 0xca, 0x98 };
    guint8 ours[VNC_AUTH_MSLOGON_USERNAME_LENGTH] = "alice";
    guint8 theirs[VNC_AUTH_MSLOGON_USERNAME_LENGTH] = "alice";

    vnc_auth_mslogon_encrypt(secret, ours, sizeof(ours));
    gnutls_des_cbc(secret, theirs, sizeof(theirs), TRUE);
    g_assert_cmpmem(ours, sizeof(ours), theirs, sizeof(theirs));
    /* And it is no identity. */
    g_assert_true(memcmp(ours, "alice", 6) != 0);
}

typedef struct {
    guint64 generator, modulus, server_public, private_key;
    guint64 client_public, secret;
} DhCase;

static const DhCase dh_cases[] = {
    /* Textbook: p 23, g 5, the server's secret 4 (public 4), ours 3. */
    { 5, 23, 4, 3, 10, 18 },
    /* 2^31-1, the size UltraVNC uses; our key is reduced below p. */
    { 16807, 2147483647u, 0x7a513d8c, G_GUINT64_CONSTANT(0x0123456789abcdef),
      0x272b134c, 0x65bd5f41 },
    /* The largest 64-bit prime. */
    { 5, G_GUINT64_CONSTANT(18446744073709551557), G_GUINT64_CONSTANT(0xdacbebfd5a450ce0),
      G_GUINT64_CONSTANT(0x0123456789abcdef), G_GUINT64_CONSTANT(0x445fea74f4a7a181),
      G_GUINT64_CONSTANT(0x233a2671110dca98) },
};

static void
test_dh_known_answer(void)
{
    for (gsize i = 0; i < G_N_ELEMENTS(dh_cases); i++) {
        const DhCase *c = &dh_cases[i];
        g_autoptr(GError) err = NULL;
        guint64 client_public = 0;
        guint8 secret[8], expected[8];

        for (int b = 0; b < 8; b++)
            expected[b] = c->secret >> (8 * (7 - b));
        g_assert_true(vnc_auth_mslogon_compute(c->generator, c->modulus, c->server_public,
                                               c->private_key, &client_public, secret,
                                               &err));
        g_assert_no_error(err);
        g_assert_cmphex(client_public, ==, c->client_public);
        g_assert_cmpmem(secret, 8, expected, 8);
    }
}

/* ------------------------------------------------------------------ */
/* The fake UltraVNC server                                            */

typedef struct {
    guint64 generator, modulus, server_public, secret;
    const char *username;
    const char *password;
    int minor;
    gboolean answered;
    gboolean matched;
    char *got_username;
    char *got_password;
} MsLogonServer;

#define WRONG_REASON "MS-Logon: access denied"

static guint64
powm_u64(guint64 base, guint64 exponent, guint64 modulus)
{
    mpz_t b, e, m, r;
    guint64 result;

    mpz_inits(b, e, m, r, NULL);
    mpz_import(b, 1, 1, sizeof(base), 0, 0, &base);
    mpz_import(e, 1, 1, sizeof(exponent), 0, 0, &exponent);
    mpz_import(m, 1, 1, sizeof(modulus), 0, 0, &modulus);
    mpz_powm(r, b, e, m);
    result = 0;
    mpz_export(&result, NULL, 1, sizeof(result), 0, 0, r);
    mpz_clears(b, e, m, r, NULL);
    return result;
}

static void
server_init(MsLogonServer *s)
{
    memset(s, 0, sizeof(*s));
    /* What UltraVNC picks: two primes below 2^31, the smaller the generator. */
    s->generator = 16807;
    s->modulus = 2147483647u;
    s->secret = 123456789;
    s->server_public = powm_u64(s->generator, s->secret, s->modulus);
    s->username = "DOMAIN\\alice";
    s->password = "p4ss w\xc3\xb6rd";
    s->minor = 8;
}

static void
server_clear(MsLogonServer *s)
{
    g_free(s->got_username);
    g_free(s->got_password);
}

static char *
field_string(const guint8 *field, gsize len)
{
    const guint8 *nul = memchr(field, 0, len);

    /* The rest must be the NUL padding. */
    if (!nul)
        return NULL;
    for (const guint8 *p = nul; p < field + len; p++)
        if (*p != 0)
            return NULL;
    return g_strndup((const char *)field, nul - field);
}

static GByteArray *
check_response(FakeServer *server, const guint8 *data, gsize len, gpointer user_data)
{
    MsLogonServer *s = user_data;
    guint8 username[VNC_AUTH_MSLOGON_USERNAME_LENGTH];
    guint8 password[VNC_AUTH_MSLOGON_PASSWORD_LENGTH];
    guint8 secret[8];
    guint64 theirs = 0, shared;
    GByteArray *reply = g_byte_array_new();

    g_assert_cmpuint(len, ==, RESPONSE_LENGTH);
    s->answered = TRUE;
    for (int i = 0; i < 8; i++)
        theirs = (theirs << 8) | data[i];
    g_assert_cmpuint(theirs, >, 1);
    g_assert_cmpuint(theirs, <, s->modulus);

    shared = powm_u64(theirs, s->secret, s->modulus);
    for (int i = 0; i < 8; i++)
        secret[i] = shared >> (8 * (7 - i));
    memcpy(username, data + 8, sizeof(username));
    memcpy(password, data + 8 + sizeof(username), sizeof(password));
    gnutls_des_cbc(secret, username, sizeof(username), FALSE);
    gnutls_des_cbc(secret, password, sizeof(password), FALSE);

    s->got_username = field_string(username, sizeof(username));
    s->got_password = field_string(password, sizeof(password));
    s->matched = s->got_username && s->got_password &&
        strcmp(s->got_username, s->username) == 0 &&
        strcmp(s->got_password, s->password) == 0;
    if (s->matched)
        test_msg_security_result(reply, 0, NULL);
    else
        test_msg_security_result(reply, 1, s->minor >= 8 ? WRONG_REASON : NULL);
    return reply;
}

static void
script_offer(ProtoFixture *f, int minor)
{
    static const guint8 types[] = { VNC_CONNECTION_AUTH_MSLOGONII };
    g_autofree char *version = g_strdup_printf("003.%03d", minor);
    guint8 chosen = VNC_CONNECTION_AUTH_MSLOGONII;
    GByteArray *msg = g_byte_array_new();

    proto_send_version(f, version, version);
    test_msg_security_types(msg, G_N_ELEMENTS(types), types);
    fake_server_send_msg(f->server, "the security types", msg);
    fake_server_expect(f->server, "the client choosing MS-Logon II", &chosen, 1);
}

static void
put_u64(GByteArray *msg, guint64 value)
{
    test_put_u32(msg, value >> 32);
    test_put_u32(msg, value & 0xffffffffu);
}

static void
script_parameters(ProtoFixture *f, MsLogonServer *s)
{
    GByteArray *msg = g_byte_array_new();

    put_u64(msg, s->generator);
    put_u64(msg, s->modulus);
    put_u64(msg, s->server_public);
    fake_server_send_msg(f->server, "the Diffie-Hellman parameters", msg);
}

static void
script_after_security(ProtoFixture *f)
{
    guint8 shared = 1;

    fake_server_expect(f->server, "ClientInit", &shared, 1);
    proto_send_server_init(f, 8, 8, &f->format, "mslogon");
    proto_expect_setup(f, 8, 8);
    proto_script_shutdown(f);
}

static void
run_good(ProtoFixture *f, MsLogonServer *s)
{
    f->username = s->username;
    f->password = s->password;
    script_offer(f, s->minor);
    script_parameters(f, s);
    fake_server_expect_reply(f->server, "the public value and encrypted credentials",
                             RESPONSE_LENGTH, check_response, s);
    script_after_security(f);
    proto_fixture_run(f);

    g_assert_true(s->answered);
    g_assert_cmpstr(s->got_username, ==, s->username);
    g_assert_cmpstr(s->got_password, ==, s->password);
    g_assert_true(s->matched);
    proto_assert_clean_end(f);
    proto_assert_events(f, "connected choose-type(113) credential(username,password) "
                        "initialized disconnected");
}

static void
test_good(ProtoFixture *f, gconstpointer data)
{
    MsLogonServer s;

    server_init(&s);
    s.minor = GPOINTER_TO_INT(data);
    run_good(f, &s);
    server_clear(&s);
}

/* Full 64-bit numbers. */
static void
test_good_64bit(ProtoFixture *f, gconstpointer data)
{
    MsLogonServer s;

    server_init(&s);
    s.generator = 5;
    s.modulus = G_GUINT64_CONSTANT(18446744073709551557);
    s.secret = G_GUINT64_CONSTANT(0xfedcba9876543210);
    s.server_public = powm_u64(s.generator, s.secret, s.modulus);
    run_good(f, &s);
    server_clear(&s);
}

static void
test_good_trickled(ProtoFixture *f, gconstpointer data)
{
    MsLogonServer s;

    server_init(&s);
    fake_server_set_trickle(f->server, TRUE);
    run_good(f, &s);
    server_clear(&s);
}

/* The longest username and password that fit. */
static void
test_good_longest(ProtoFixture *f, gconstpointer data)
{
    char username[VNC_AUTH_MSLOGON_USERNAME_LENGTH];
    char password[VNC_AUTH_MSLOGON_PASSWORD_LENGTH];
    MsLogonServer s;

    memset(username, 'u', sizeof(username) - 1);
    username[sizeof(username) - 1] = '\0';
    memset(password, 'p', sizeof(password) - 1);
    password[sizeof(password) - 1] = '\0';
    server_init(&s);
    s.username = username;
    s.password = password;
    run_good(f, &s);
    server_clear(&s);
}

static void
test_wrong_password(ProtoFixture *f, gconstpointer data)
{
    int minor = GPOINTER_TO_INT(data);
    MsLogonServer s;

    server_init(&s);
    s.minor = minor;
    f->username = s.username;
    f->password = "guess";
    script_offer(f, minor);
    script_parameters(f, &s);
    fake_server_expect_reply(f->server, "the public value and encrypted credentials",
                             RESPONSE_LENGTH, check_response, &s);
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    g_assert_cmpstr(s.got_password, ==, "guess");
    g_assert_false(s.matched);
    proto_assert_error_end(f);
    proto_assert_events(f, "connected choose-type(113) credential(username,password) "
                        "auth-failure error disconnected");
    if (minor >= 8)
        g_assert_cmpstr(f->auth_failure, ==, WRONG_REASON);
    g_assert_cmpuint(fake_server_get_discarded(f->server), ==, 0);
    server_clear(&s);
}

/* Credentials that do not fit their fields: nothing is sent. */
static void
test_too_long(ProtoFixture *f, gconstpointer data)
{
    gboolean username_too_long = GPOINTER_TO_INT(data);
    char username[VNC_AUTH_MSLOGON_USERNAME_LENGTH + 1];
    char password[VNC_AUTH_MSLOGON_PASSWORD_LENGTH + 1];
    MsLogonServer s;

    memset(username, 'u', sizeof(username) - 1);
    username[sizeof(username) - 1] = '\0';
    memset(password, 'p', sizeof(password) - 1);
    password[sizeof(password) - 1] = '\0';
    server_init(&s);
    f->username = username_too_long ? username : "alice";
    f->password = username_too_long ? "secret" : password;
    script_offer(f, 8);
    script_parameters(f, &s);
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    proto_assert_error_end(f);
    g_assert_nonnull(strstr(f->error_message, "at most"));
    g_assert_cmpuint(fake_server_get_discarded(f->server), ==, 0);
    server_clear(&s);
}

/* ------------------------------------------------------------------ */
/* Hostile parameters                                                  */

typedef struct {
    const char *name;
    guint64 generator, modulus, server_public;
    const char *message;
} BadCase;

static const BadCase bad_cases[] = {
    { "modulus-0", 5, 0, 3, "modulus" },
    { "modulus-1", 5, 1, 3, "modulus" },
    { "modulus-3", 2, 3, 2, "modulus" },
    { "modulus-even", 5, 1000000, 3, "modulus" },
    { "modulus-max-even", 5, G_MAXUINT64 - 1, 3, "modulus" },
    { "generator-0", 0, 2147483647u, 3, "generator" },
    { "generator-1", 1, 2147483647u, 3, "generator" },
    { "generator-p-minus-1", 2147483646u, 2147483647u, 3, "generator" },
    { "generator-above-p", G_MAXUINT64, 2147483647u, 3, "generator" },
    { "public-0", 16807, 2147483647u, 0, "public value" },
    { "public-1", 16807, 2147483647u, 1, "public value" },
    { "public-p-minus-1", 16807, 2147483647u, 2147483646u, "public value" },
    { "public-p", 16807, 2147483647u, 2147483647u, "public value" },
    { "public-max", 16807, 2147483647u, G_MAXUINT64, "public value" },
};

static void
test_bad_parameter(ProtoFixture *f, gconstpointer data)
{
    const BadCase *c = data;
    MsLogonServer s;

    server_init(&s);
    s.generator = c->generator;
    s.modulus = c->modulus;
    s.server_public = c->server_public;
    f->username = s.username;
    f->password = s.password;
    script_offer(f, 8);
    script_parameters(f, &s);
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    proto_assert_error_end(f);
    if (!strstr(f->error_message, c->message))
        g_assert_cmpstr(f->error_message, ==, c->message);
    g_assert_cmpuint(fake_server_get_discarded(f->server), ==, 0);
    server_clear(&s);
}

/* The server goes away at every byte of its part of the exchange. */
static void
test_cut_at_every_byte(void)
{
    gsize total = 0;

    for (gsize cut = 0; cut == 0 || cut < total; cut++) {
        ProtoFixture fixture = { 0 }, *f = &fixture;
        MsLogonServer s;

        setup(f, NULL);
        server_init(&s);
        f->username = s.username;
        f->password = s.password;
        script_offer(f, 8);
        script_parameters(f, &s);
        fake_server_expect_eof(f->server);
        total = fake_server_get_script_bytes(f->server);
        f->label = g_strdup_printf("cut after %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT
                                   " bytes", cut, total);
        fake_server_set_send_limit(f->server, cut);
        proto_fixture_run(f);
        proto_assert_error_end(f);
        g_assert_cmpuint(fake_server_get_discarded(f->server), ==, 0);
        server_clear(&s);
        proto_fixture_teardown(f, NULL);
    }
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/auth/mslogon/des-convention", test_des_convention);
    g_test_add_func("/auth/mslogon/cbc-field", test_cbc_field);
    g_test_add_func("/auth/mslogon/dh-known-answer", test_dh_known_answer);

    ADD("/auth/mslogon/good/3.8", test_good, GINT_TO_POINTER(8));
    ADD("/auth/mslogon/good/3.7", test_good, GINT_TO_POINTER(7));
    ADD("/auth/mslogon/good/64-bit", test_good_64bit, NULL);
    ADD("/auth/mslogon/good/trickled", test_good_trickled, NULL);
    ADD("/auth/mslogon/good/longest-credentials", test_good_longest, NULL);
    ADD("/auth/mslogon/wrong-password/3.8", test_wrong_password, GINT_TO_POINTER(8));
    ADD("/auth/mslogon/wrong-password/3.7", test_wrong_password, GINT_TO_POINTER(7));
    ADD("/auth/mslogon/too-long/username", test_too_long, GINT_TO_POINTER(TRUE));
    ADD("/auth/mslogon/too-long/password", test_too_long, GINT_TO_POINTER(FALSE));
    for (gsize i = 0; i < G_N_ELEMENTS(bad_cases); i++) {
        g_autofree char *path = g_strdup_printf("/auth/mslogon/bad/%s", bad_cases[i].name);
        ADD(path, test_bad_parameter, &bad_cases[i]);
    }
    g_test_add_func("/auth/mslogon/cut-at-every-byte", test_cut_at_every_byte);

    return g_test_run();
}
