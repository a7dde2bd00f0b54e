/*
 * gtk-vnc tests: Apple Remote Desktop authentication (security type 30)
 *
 * A known answer first: the client's public value and encrypted
 * credentials for fixed keys and padding, computed outside this project
 * (Python's pow() and hashlib for the Diffie-Hellman and the MD5, the
 * openssl command's AES-128-ECB; see make_vector below), compared with
 * what the library computes.
 *
 * Then the whole exchange against the fake server playing an ARD server:
 * it holds its own Diffie-Hellman secret, works out the shared key from
 * the client's public value with GMP, decrypts the credentials with
 * GnuTLS's AES and MD5 (none of it the library's code) and accepts or
 * refuses them. Hostile parameters (key lengths of 0, too short, too
 * long; primes and public values that give a guessable secret) must end
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
#include "vnclimits-priv.h"

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

#define KEY_LENGTH 128

/* RFC 2409's 1024-bit MODP group (Oakley group 2), generator 2. */
static const char prime_hex[] =
    "ffffffffffffffffc90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74"
    "020bbea63b139b22514a08798e3404ddef9519b3cd3a431b302b0a6df25f1437"
    "4fe1356d6d51c245e485b576625e7ec6f44c42e9a637ed6b0bff5cb6f406b7ed"
    "ee386bfb5a899fa5ae9f24117c4b1fe649286651ece65381ffffffffffffffff";

/*
 * The known answer. make_vector (Python 3 with the openssl command):
 *
 *   a  = int.from_bytes(bytes(range(1, 129)), 'big') % (p - 3) + 2
 *   b  = int.from_bytes(bytes((i * 7 + 3) & 0xff for i in range(128)), 'big')
 *   A, B, s = pow(2, a, p), pow(2, b, p), pow(A, b, p)
 *   key = hashlib.md5(s.to_bytes(128, 'big')).digest()
 *   pt  = bytes((0xa0 + i) & 0xff for i in range(128)), with "alice\0"
 *         at 0 and "s3cret!\0" at 64
 *   ct  = openssl enc -aes-128-ecb -nopad -K key.hex() < pt
 */
static const char server_public_hex[] =
    "4a24f25a81d249652bcb656a817fc20b"
    "ab6461864517a97903dff57f288e0f2c"
    "9d932b4f2754749b4299cd18a574a73f"
    "e08fac8c822687f537e783770873c8bb"
    "3aac56ab2325c3bdcc5621c89969a021"
    "c3c64b92a7db8619a23b9be7e1304424"
    "814a4324e06b8180af06aeb97e0a50cb"
    "d5bfdf72a8f3ce7b6e5909e8763ecbf5";
static const char client_public_hex[] =
    "7b1d7d3188d79522e49e1ef8a54a3240"
    "3fa559965ff46561a8d12fc1f79273e7"
    "0b2c6ea601992ec15910b87dffa61090"
    "4bdbc2bdd35b13c95a0d7cb40a0d6272"
    "0f4a904259982b507d9981f4eedb7371"
    "db1336d26e29d58e2d2da00d7928a64c"
    "adc4eb683c04df21ac4f5f7117480532"
    "6a640a789679de2fc1b3ed28d2c9ba71";
static const char ciphertext_hex[] =
    "c3a9d572a6bd8d0fc957d74e94540f47"
    "18e876b20aac3e166b359ca8f60f5b97"
    "ff83e369fcd6829ffd31e9c638863697"
    "09d0263dd911571d32574ce6cc6e145e"
    "b4b7aa9d1994418c93d378f3f300beeb"
    "003b36ee91fb2acb70c3c4607594cfdc"
    "fafb26b4b3b4fd983a5f436ef234210e"
    "ecd17c42c79ab73088148e910474c7be";

static void
hex_decode(const char *hex, guint8 *out, gsize len)
{
    g_assert_cmpuint(strlen(hex), ==, len * 2);
    for (gsize i = 0; i < len; i++)
        out[i] = (g_ascii_xdigit_value(hex[2 * i]) << 4) | g_ascii_xdigit_value(hex[2 * i + 1]);
}

static void
test_known_answer(void)
{
    guint8 prime[KEY_LENGTH], server_public[KEY_LENGTH], private_key[KEY_LENGTH];
    guint8 plaintext[VNC_AUTH_ARD_CREDENTIALS_LENGTH];
    guint8 expected_public[KEY_LENGTH], expected_cipher[VNC_AUTH_ARD_CREDENTIALS_LENGTH];
    guint8 client_public[KEY_LENGTH], ciphertext[VNC_AUTH_ARD_CREDENTIALS_LENGTH];
    g_autoptr(GError) err = NULL;

    hex_decode(prime_hex, prime, sizeof(prime));
    hex_decode(server_public_hex, server_public, sizeof(server_public));
    hex_decode(client_public_hex, expected_public, sizeof(expected_public));
    hex_decode(ciphertext_hex, expected_cipher, sizeof(expected_cipher));
    for (int i = 0; i < KEY_LENGTH; i++)
        private_key[i] = (i * 7 + 3) & 0xff;
    for (int i = 0; i < VNC_AUTH_ARD_CREDENTIALS_LENGTH; i++)
        plaintext[i] = (0xa0 + i) & 0xff;
    memcpy(plaintext, "alice", 6);
    memcpy(plaintext + 64, "s3cret!", 8);

    g_assert_true(vnc_auth_ard_compute(2, prime, server_public, KEY_LENGTH, private_key,
                                       plaintext, client_public, ciphertext, &err));
    g_assert_no_error(err);
    g_assert_cmpmem(client_public, sizeof(client_public), expected_public,
                    sizeof(expected_public));
    g_assert_cmpmem(ciphertext, sizeof(ciphertext), expected_cipher,
                    sizeof(expected_cipher));
}

/* The two fields: NUL-terminated, random after the NUL. */
static void
test_credentials_layout(void)
{
    guint8 one[VNC_AUTH_ARD_CREDENTIALS_LENGTH], two[VNC_AUTH_ARD_CREDENTIALS_LENGTH];
    g_autoptr(GError) err = NULL;
    char longest[64], too_long[65];

    g_assert_true(vnc_auth_ard_credentials("alice", "s3cret!", one, &err));
    g_assert_true(vnc_auth_ard_credentials("alice", "s3cret!", two, &err));
    g_assert_no_error(err);
    g_assert_cmpmem(one, 6, "alice", 6);
    g_assert_cmpmem(one + 64, 8, "s3cret!", 8);
    g_assert_cmpmem(two, 6, "alice", 6);
    /* 58 + 56 random bytes: equal twice only if the padding is not random. */
    g_assert_true(memcmp(one + 6, two + 6, 58) != 0);
    g_assert_true(memcmp(one + 72, two + 72, 56) != 0);

    memset(longest, 'u', 63);
    longest[63] = '\0';
    memset(too_long, 'p', 64);
    too_long[64] = '\0';
    g_assert_true(vnc_auth_ard_credentials(longest, longest, one, &err));
    g_assert_cmpmem(one, 64, longest, 64);
    g_assert_cmpmem(one + 64, 64, longest, 64);
    g_assert_false(vnc_auth_ard_credentials(too_long, "x", one, &err));
    g_assert_error(err, VNC_ERROR, VNC_ERROR_AUTH);
    g_clear_error(&err);
    g_assert_false(vnc_auth_ard_credentials("x", too_long, one, &err));
    g_assert_error(err, VNC_ERROR, VNC_ERROR_AUTH);
}

/* ------------------------------------------------------------------ */
/* The fake ARD server                                                 */

typedef struct {
    /* What it sends. */
    guint16 generator;
    guint16 key_length;
    guint8 *prime;
    guint8 *server_public;
    /* Its secret, and the account it accepts. */
    mpz_t secret;
    const char *username;
    const char *password;
    int minor;
    /* What it saw. */
    gboolean answered;
    gboolean matched;
    char *got_username;
    char *got_password;
} ArdServer;

#define WRONG_REASON "Unknown user or wrong password"

static void
ard_server_init(ArdServer *s, guint16 key_length)
{
    mpz_t p, g, y;

    memset(s, 0, sizeof(*s));
    s->generator = 2;
    s->key_length = key_length;
    s->username = "alice";
    s->password = "s3cret!";
    s->minor = 8;
    s->prime = g_malloc(key_length);
    s->server_public = g_malloc(key_length);

    /* Group 2's prime for 128-byte keys. For other lengths an odd number
     * of that many bytes (top bit set): Diffie-Hellman gives both sides
     * the same secret under any modulus, and looking for a prime of
     * thousands of bits would take long (under valgrind, very long). */
    mpz_inits(p, g, y, s->secret, NULL);
    if (key_length == KEY_LENGTH) {
        hex_decode(prime_hex, s->prime, KEY_LENGTH);
        mpz_import(p, KEY_LENGTH, 1, 1, 0, 0, s->prime);
    } else {
        mpz_setbit(p, key_length * 8 - 1);
        mpz_add_ui(p, p, 12345);
        size_t count;
        mpz_export(s->prime, &count, 1, 1, 0, 0, p);
        g_assert_cmpuint(count, ==, key_length);
    }
    mpz_set_ui(s->secret, 0x1234567);
    mpz_pow_ui(s->secret, s->secret, 9);  /* about 235 bits */
    mpz_set_ui(g, s->generator);
    mpz_powm(y, g, s->secret, p);
    size_t count;
    memset(s->server_public, 0, key_length);
    mpz_export(s->server_public + key_length - (mpz_sizeinbase(y, 2) + 7) / 8, &count,
               1, 1, 0, 0, y);
    mpz_clears(p, g, y, NULL);
}

static void
ard_server_clear(ArdServer *s)
{
    g_free(s->prime);
    g_free(s->server_public);
    g_free(s->got_username);
    g_free(s->got_password);
    mpz_clear(s->secret);
}

/* AES-128 in ECB mode, decrypting, with GnuTLS: CBC over one block from
 * a zero IV is ECB. */
static void
aes128_ecb_decrypt(const guint8 key[16], guint8 *data, gsize len)
{
    static const guint8 zero_iv[16];
    gnutls_datum_t key_datum = { (unsigned char *)key, 16 };
    gnutls_datum_t iv_datum = { (unsigned char *)zero_iv, 16 };
    gnutls_cipher_hd_t cipher;

    g_assert_cmpint(gnutls_cipher_init(&cipher, GNUTLS_CIPHER_AES_128_CBC, &key_datum,
                                       &iv_datum), ==, 0);
    for (gsize off = 0; off < len; off += 16) {
        gnutls_cipher_set_iv(cipher, (void *)zero_iv, 16);
        g_assert_cmpint(gnutls_cipher_decrypt(cipher, data + off, 16), ==, 0);
    }
    gnutls_cipher_deinit(cipher);
}

/* A NUL-terminated field of 64 bytes, or NULL if it has no NUL. */
static char *
field_string(const guint8 *field)
{
    const guint8 *nul = memchr(field, 0, 64);

    return nul ? g_strndup((const char *)field, nul - field) : NULL;
}

static GByteArray *
check_ard_response(FakeServer *server, const guint8 *data, gsize len, gpointer user_data)
{
    ArdServer *s = user_data;
    guint8 plaintext[VNC_AUTH_ARD_CREDENTIALS_LENGTH];
    guint8 key[16];
    g_autofree guint8 *shared_bytes = g_malloc0(s->key_length);
    mpz_t p, theirs, shared;
    size_t count;
    GByteArray *reply = g_byte_array_new();

    g_assert_cmpuint(len, ==, VNC_AUTH_ARD_CREDENTIALS_LENGTH + s->key_length);
    s->answered = TRUE;

    mpz_inits(p, theirs, shared, NULL);
    mpz_import(p, s->key_length, 1, 1, 0, 0, s->prime);
    mpz_import(theirs, s->key_length, 1, 1, 0, 0, data + VNC_AUTH_ARD_CREDENTIALS_LENGTH);
    /* The client's public value must be a proper one. */
    g_assert_cmpint(mpz_cmp_ui(theirs, 1), >, 0);
    g_assert_cmpint(mpz_cmp(theirs, p), <, 0);
    mpz_powm(shared, theirs, s->secret, p);
    mpz_export(shared_bytes + s->key_length - (mpz_sizeinbase(shared, 2) + 7) / 8, &count,
               1, 1, 0, 0, shared);
    mpz_clears(p, theirs, shared, NULL);

    gnutls_hash_fast(GNUTLS_DIG_MD5, shared_bytes, s->key_length, key);
    memcpy(plaintext, data, sizeof(plaintext));
    aes128_ecb_decrypt(key, plaintext, sizeof(plaintext));

    s->got_username = field_string(plaintext);
    s->got_password = field_string(plaintext + 64);
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
    static const guint8 types[] = { VNC_CONNECTION_AUTH_NONE, VNC_CONNECTION_AUTH_ARD };
    g_autofree char *version = g_strdup_printf("003.%03d", minor);
    guint8 chosen = VNC_CONNECTION_AUTH_ARD;
    GByteArray *msg = g_byte_array_new();

    proto_send_version(f, version, version);
    f->auth_type = VNC_CONNECTION_AUTH_ARD;
    test_msg_security_types(msg, G_N_ELEMENTS(types), types);
    fake_server_send_msg(f->server, "the security types", msg);
    fake_server_expect(f->server, "the client choosing ARD", &chosen, 1);
}

static void
script_parameters(ProtoFixture *f, ArdServer *s)
{
    GByteArray *msg = g_byte_array_new();

    test_put_u16(msg, s->generator);
    test_put_u16(msg, s->key_length);
    test_put_bytes(msg, s->prime, s->key_length);
    test_put_bytes(msg, s->server_public, s->key_length);
    fake_server_send_msg(f->server, "the Diffie-Hellman parameters", msg);
}

static void
script_after_security(ProtoFixture *f)
{
    guint8 shared = 1;

    fake_server_expect(f->server, "ClientInit", &shared, 1);
    proto_send_server_init(f, 8, 8, &f->format, "ard");
    proto_expect_setup(f, 8, 8);
    proto_script_shutdown(f);
}

/* ------------------------------------------------------------------ */
/* Sessions                                                            */

static void
run_good_session(ProtoFixture *f, guint16 key_length, int minor)
{
    ArdServer s;

    ard_server_init(&s, key_length);
    s.minor = minor;
    f->username = "alice";
    f->password = "s3cret!";
    script_offer(f, minor);
    script_parameters(f, &s);
    fake_server_expect_reply(f->server, "the encrypted credentials and public value",
                             VNC_AUTH_ARD_CREDENTIALS_LENGTH + key_length,
                             check_ard_response, &s);
    script_after_security(f);
    proto_fixture_run(f);

    g_assert_true(s.answered);
    g_assert_cmpstr(s.got_username, ==, "alice");
    g_assert_cmpstr(s.got_password, ==, "s3cret!");
    g_assert_true(s.matched);
    proto_assert_clean_end(f);
    proto_assert_events(f, "connected choose-type(1,30) credential(username,password) "
                        "initialized disconnected");
    ard_server_clear(&s);
}

static void
test_good(ProtoFixture *f, gconstpointer data)
{
    run_good_session(f, KEY_LENGTH, 8);
}

/* Longer keys than macOS's, and the longest allowed. */
static void
test_good_key_length(ProtoFixture *f, gconstpointer data)
{
    /* 8192-bit arithmetic on both sides: give a loaded machine time. */
    f->timeout_seconds = MAX(f->timeout_seconds, 60);
    run_good_session(f, GPOINTER_TO_UINT(data), 8);
}

static void
test_good_37(ProtoFixture *f, gconstpointer data)
{
    run_good_session(f, KEY_LENGTH, 7);
}

/* The same exchange, the server's bytes arriving one at a time. */
static void
test_good_trickled(ProtoFixture *f, gconstpointer data)
{
    fake_server_set_trickle(f->server, TRUE);
    run_good_session(f, KEY_LENGTH, 8);
}

static void
test_wrong_password(ProtoFixture *f, gconstpointer data)
{
    int minor = GPOINTER_TO_INT(data);
    ArdServer s;

    ard_server_init(&s, KEY_LENGTH);
    s.minor = minor;
    f->username = "alice";
    f->password = "guess";
    script_offer(f, minor);
    script_parameters(f, &s);
    fake_server_expect_reply(f->server, "the encrypted credentials and public value",
                             VNC_AUTH_ARD_CREDENTIALS_LENGTH + KEY_LENGTH,
                             check_ard_response, &s);
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    g_assert_cmpstr(s.got_password, ==, "guess");
    g_assert_false(s.matched);
    proto_assert_error_end(f);
    proto_assert_events(f, "connected choose-type(1,30) credential(username,password) "
                        "auth-failure error disconnected");
    if (minor >= 8) {
        g_assert_cmpstr(f->auth_failure, ==, WRONG_REASON);
        g_assert_nonnull(strstr(f->error_message, WRONG_REASON));
    }
    /* No ClientInit after a failure. */
    g_assert_cmpuint(fake_server_get_discarded(f->server), ==, 0);
    ard_server_clear(&s);
}

/* A username that does not fit the 64-byte field: nothing is sent. */
static void
test_username_too_long(ProtoFixture *f, gconstpointer data)
{
    char name[65];
    ArdServer s;

    memset(name, 'n', 64);
    name[64] = '\0';
    ard_server_init(&s, KEY_LENGTH);
    f->username = name;
    f->password = "s3cret!";
    script_offer(f, 8);
    script_parameters(f, &s);
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    proto_assert_error_end(f);
    g_assert_nonnull(strstr(f->error_message, "username"));
    g_assert_cmpuint(fake_server_get_discarded(f->server), ==, 0);
    ard_server_clear(&s);
}

/* ------------------------------------------------------------------ */
/* Hostile parameters                                                  */

typedef enum {
    BAD_KEY_LENGTH_ZERO,
    BAD_KEY_LENGTH_SHORT,
    BAD_KEY_LENGTH_HUGE,
    BAD_KEY_LENGTH_MAX,
    BAD_PRIME_LEADING_ZERO,
    BAD_PRIME_EVEN,
    BAD_GENERATOR_ZERO,
    BAD_GENERATOR_ONE,
    BAD_PUBLIC_ZERO,
    BAD_PUBLIC_ONE,
    BAD_PUBLIC_P_MINUS_1,
    BAD_PUBLIC_P,
    BAD_PUBLIC_ABOVE_P,
} BadParameter;

typedef struct {
    BadParameter what;
    const char *message;  /* a piece of the error */
} BadCase;

static const BadCase bad_cases[] = {
    { BAD_KEY_LENGTH_ZERO, "0 bytes" },
    { BAD_KEY_LENGTH_SHORT, "too short" },
    { BAD_KEY_LENGTH_HUGE, "more than" },
    { BAD_KEY_LENGTH_MAX, "more than" },
    { BAD_PRIME_LEADING_ZERO, "prime is shorter" },
    { BAD_PRIME_EVEN, "not an odd prime" },
    { BAD_GENERATOR_ZERO, "generator" },
    { BAD_GENERATOR_ONE, "generator" },
    { BAD_PUBLIC_ZERO, "public value" },
    { BAD_PUBLIC_ONE, "public value" },
    { BAD_PUBLIC_P_MINUS_1, "public value" },
    { BAD_PUBLIC_P, "public value" },
    { BAD_PUBLIC_ABOVE_P, "public value" },
};

static const char *const bad_names[] = {
    "key-length-0", "key-length-64", "key-length-65535", "key-length-1025",
    "prime-leading-zero", "prime-even", "generator-0", "generator-1",
    "public-0", "public-1", "public-p-minus-1", "public-p", "public-above-p",
};

static void
set_number(guint8 *bytes, gsize len, guint value)
{
    memset(bytes, 0, len);
    bytes[len - 1] = value & 0xff;
    bytes[len - 2] = (value >> 8) & 0xff;
}

static void
test_bad_parameter(ProtoFixture *f, gconstpointer data)
{
    const BadCase *c = data;
    GByteArray *msg = g_byte_array_new();
    ArdServer s;

    ard_server_init(&s, KEY_LENGTH);
    f->username = "alice";
    f->password = "s3cret!";
    script_offer(f, 8);

    switch (c->what) {
    case BAD_KEY_LENGTH_ZERO:
        test_put_u16(msg, 2);
        test_put_u16(msg, 0);
        break;
    case BAD_KEY_LENGTH_SHORT:
        /* 512 bits: a proper prime, but one a recording can be broken with. */
        test_put_u16(msg, 2);
        test_put_u16(msg, 64);
        test_put_bytes(msg, s.prime, 64);
        test_put_bytes(msg, s.server_public, 64);
        break;
    case BAD_KEY_LENGTH_HUGE:
    case BAD_KEY_LENGTH_MAX: {
        guint16 len = c->what == BAD_KEY_LENGTH_HUGE ? 65535 : VNC_MAX_ARD_KEY_LENGTH + 1;
        test_put_u16(msg, 2);
        test_put_u16(msg, len);
        /* Some of it: a client that believed the length would wait. */
        test_put_zeros(msg, 256);
        break;
    }
    default:
        switch (c->what) {
        case BAD_PRIME_LEADING_ZERO:
            s.prime[0] = 0;
            break;
        case BAD_PRIME_EVEN:
            s.prime[KEY_LENGTH - 1] &= 0xfe;
            break;
        case BAD_GENERATOR_ZERO:
            s.generator = 0;
            break;
        case BAD_GENERATOR_ONE:
            s.generator = 1;
            break;
        case BAD_PUBLIC_ZERO:
            set_number(s.server_public, KEY_LENGTH, 0);
            break;
        case BAD_PUBLIC_ONE:
            set_number(s.server_public, KEY_LENGTH, 1);
            break;
        case BAD_PUBLIC_P_MINUS_1:
            memcpy(s.server_public, s.prime, KEY_LENGTH);
            s.server_public[KEY_LENGTH - 1] -= 1;  /* the prime ends in 0xff */
            break;
        case BAD_PUBLIC_P:
            memcpy(s.server_public, s.prime, KEY_LENGTH);
            break;
        case BAD_PUBLIC_ABOVE_P:
            memset(s.server_public, 0xff, KEY_LENGTH);
            break;
        default:
            g_assert_not_reached();
        }
        test_put_u16(msg, s.generator);
        test_put_u16(msg, KEY_LENGTH);
        test_put_bytes(msg, s.prime, KEY_LENGTH);
        test_put_bytes(msg, s.server_public, KEY_LENGTH);
        break;
    }
    fake_server_send_msg(f->server, "bad Diffie-Hellman parameters", msg);
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    proto_assert_error_end(f);
    if (!strstr(f->error_message, c->message))
        g_assert_cmpstr(f->error_message, ==, c->message);
    /* Not a byte of credentials went out. */
    g_assert_cmpuint(fake_server_get_discarded(f->server), ==, 0);
    ard_server_clear(&s);
}

/* The server goes away at every byte of its part of the exchange: each
 * cut ends in vnc-error, never in a hang or a crash. */
static void
test_cut_at_every_byte(void)
{
    gsize total = 0;

    for (gsize cut = 0; cut == 0 || cut < total; cut++) {
        ProtoFixture fixture = { 0 }, *f = &fixture;
        ArdServer s;

        setup(f, NULL);
        ard_server_init(&s, KEY_LENGTH);
        f->username = "alice";
        f->password = "s3cret!";
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
        ard_server_clear(&s);
        proto_fixture_teardown(f, NULL);
    }
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/auth/ard/known-answer", test_known_answer);
    g_test_add_func("/auth/ard/credentials-layout", test_credentials_layout);

    ADD("/auth/ard/good", test_good, NULL);
    ADD("/auth/ard/good-3.7", test_good_37, NULL);
    ADD("/auth/ard/good-256-byte-keys", test_good_key_length, GUINT_TO_POINTER(256));
    ADD("/auth/ard/good-longest-keys", test_good_key_length,
        GUINT_TO_POINTER(VNC_MAX_ARD_KEY_LENGTH));
    ADD("/auth/ard/good-trickled", test_good_trickled, NULL);
    ADD("/auth/ard/wrong-password/3.8", test_wrong_password, GINT_TO_POINTER(8));
    ADD("/auth/ard/wrong-password/3.7", test_wrong_password, GINT_TO_POINTER(7));
    ADD("/auth/ard/username-too-long", test_username_too_long, NULL);
    for (gsize i = 0; i < G_N_ELEMENTS(bad_cases); i++) {
        g_autofree char *path = g_strdup_printf("/auth/ard/bad/%s", bad_names[i]);
        ADD(path, test_bad_parameter, &bad_cases[i]);
    }
    g_test_add_func("/auth/ard/cut-at-every-byte", test_cut_at_every_byte);

    return g_test_run();
}
