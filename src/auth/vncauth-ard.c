/*
 * gtk-vnc: security type Apple Remote Desktop (30)
 *
 * rfbproto, "Diffie-Hellman Authentication". The server sends
 *
 *   u16 generator, u16 key length, prime (key length bytes),
 *   its public value (key length bytes)
 *
 * and the client answers with
 *
 *   128 bytes: the username and the password, each NUL-terminated in a
 *              64-byte field padded with random bytes, encrypted with
 *              AES-128 in ECB mode under MD5(shared secret)
 *   its own public value (key length bytes)
 *
 * then the SecurityResult follows. The shared secret and the public
 * values are big-endian numbers padded to the key length.
 *
 * The numbers are GMP's (mpz_powm_sec: the exponent is our secret), the
 * ciphers and digests nettle's, the randomness GnuTLS's.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>
#include <gmp.h>
#include <nettle/aes.h>
#include <nettle/md5.h>
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>

#include "vncauth-priv.h"

/* Each of the two fields, NUL included. */
#define ARD_FIELD_LENGTH (VNC_AUTH_ARD_CREDENTIALS_LENGTH / 2)

/* Clears what GMP holds of a secret number before letting it go. (GMP
 * may have left copies in memory it reallocated; what stays reachable is
 * what we can wipe.) */
static void
clear_secret_mpz(mpz_t value)
{
    explicit_bzero(value->_mp_d, (size_t)value->_mp_alloc * sizeof(mp_limb_t));
    mpz_clear(value);
}

/* Writes @value big-endian into @len bytes, padded with zeros in front.
 * FALSE if it does not fit. */
static gboolean
export_padded(const mpz_t value, guint8 *out, gsize len)
{
    gsize needed = (mpz_sizeinbase(value, 2) + 7) / 8;
    size_t count = 0;

    if (mpz_sgn(value) == 0)
        needed = 0;
    if (needed > len)
        return FALSE;
    memset(out, 0, len);
    if (needed > 0)
        mpz_export(out + (len - needed), &count, 1, 1, 0, 0, value);
    return TRUE;
}

gboolean
vnc_auth_ard_credentials(const char *username, const char *password,
                         guint8 plaintext[VNC_AUTH_ARD_CREDENTIALS_LENGTH],
                         GError **err)
{
    gsize username_len = strlen(username);
    gsize password_len = strlen(password);

    if (username_len >= ARD_FIELD_LENGTH || password_len >= ARD_FIELD_LENGTH) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_AUTH,
                    "Apple Remote Desktop authentication takes a %s of at most %u bytes",
                    username_len >= ARD_FIELD_LENGTH ? "username" : "password",
                    ARD_FIELD_LENGTH - 1);
        return FALSE;
    }

    /* Random padding, as the description asks: the fields never show
     * how long the username and password are. */
    if (gnutls_rnd(GNUTLS_RND_NONCE, plaintext, VNC_AUTH_ARD_CREDENTIALS_LENGTH) < 0) {
        g_set_error_literal(err, VNC_ERROR, VNC_ERROR_AUTH,
                            "Cannot get random bytes for the credentials");
        return FALSE;
    }
    memcpy(plaintext, username, username_len + 1);
    memcpy(plaintext + ARD_FIELD_LENGTH, password, password_len + 1);
    return TRUE;
}

static void
set_parameter_error(GError **err, const char *what)
{
    g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                "The server's Diffie-Hellman parameters are unusable: %s", what);
}

gboolean
vnc_auth_ard_compute(guint16 generator, const guint8 *prime,
                     const guint8 *server_public, gsize key_length,
                     const guint8 *private_key,
                     const guint8 plaintext[VNC_AUTH_ARD_CREDENTIALS_LENGTH],
                     guint8 *client_public,
                     guint8 ciphertext[VNC_AUTH_ARD_CREDENTIALS_LENGTH],
                     GError **err)
{
    mpz_t p, g, y, x, limit, ours, shared;
    gboolean ok = FALSE;

    mpz_inits(p, g, y, x, limit, ours, shared, NULL);
    mpz_import(p, key_length, 1, 1, 0, 0, prime);
    mpz_import(y, key_length, 1, 1, 0, 0, server_public);
    mpz_import(x, key_length, 1, 1, 0, 0, private_key);
    mpz_set_ui(g, generator);

    /* A prime shorter than its announced length would be as weak as its
     * real length; an even one is no prime (and GMP's constant-time
     * exponentiation needs an odd modulus). */
    if (key_length == 0 || prime[0] == 0) {
        set_parameter_error(err, "the prime is shorter than the key length");
        goto out;
    }
    if (mpz_even_p(p) || mpz_cmp_ui(p, 5) < 0) {
        set_parameter_error(err, "the modulus is not an odd prime");
        goto out;
    }
    /* 1 and p-1 generate nothing; a public value of 0, 1 or p-1 would
     * make the shared secret one anybody can guess. */
    mpz_sub_ui(limit, p, 1);
    if (generator < 2 || mpz_cmp(g, limit) >= 0) {
        set_parameter_error(err, "the generator is out of range");
        goto out;
    }
    if (mpz_cmp_ui(y, 2) < 0 || mpz_cmp(y, limit) >= 0) {
        set_parameter_error(err, "the server's public value is out of range");
        goto out;
    }

    /* Our secret exponent in [2, p-2]; values there are kept as they are. */
    mpz_sub_ui(limit, p, 3);
    mpz_sub_ui(x, x, 2);
    mpz_mod(x, x, limit);
    mpz_add_ui(x, x, 2);

    mpz_powm_sec(ours, g, x, p);
    mpz_powm_sec(shared, y, x, p);

    guint8 *secret = g_malloc(key_length);
    guint8 key[MD5_DIGEST_SIZE];
    struct md5_ctx md5;
    struct aes128_ctx aes;

    if (!export_padded(ours, client_public, key_length) ||
        !export_padded(shared, secret, key_length)) {
        /* Both are below p, which fits: cannot happen. */
        set_parameter_error(err, "a result does not fit the key length");
        explicit_bzero(secret, key_length);
        g_free(secret);
        goto out;
    }

    md5_init(&md5);
    md5_update(&md5, key_length, secret);
    md5_digest(&md5, sizeof(key), key);
    aes128_set_encrypt_key(&aes, key);
    /* ECB: nettle encrypts each 16-byte block on its own. */
    aes128_encrypt(&aes, VNC_AUTH_ARD_CREDENTIALS_LENGTH, ciphertext, plaintext);

    explicit_bzero(secret, key_length);
    g_free(secret);
    explicit_bzero(key, sizeof(key));
    explicit_bzero(&md5, sizeof(md5));
    explicit_bzero(&aes, sizeof(aes));
    ok = TRUE;

out:
    clear_secret_mpz(x);
    clear_secret_mpz(shared);
    mpz_clears(p, g, y, limit, ours, NULL);
    return ok;
}

/* coroutine context */
gboolean
vnc_auth_ard(VncConnection *conn, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;
    static const VncConnectionCredential wanted[] = {
        VNC_CONNECTION_CREDENTIAL_USERNAME,
        VNC_CONNECTION_CREDENTIAL_PASSWORD,
    };
    guint16 generator, key_length;
    guint8 plaintext[VNC_AUTH_ARD_CREDENTIALS_LENGTH];
    guint8 ciphertext[VNC_AUTH_ARD_CREDENTIALS_LENGTH];
    gboolean ok = FALSE;

    if (!vnc_stream_read_u16(priv->stream, &generator, err) ||
        !vnc_stream_read_u16(priv->stream, &key_length, err))
        return FALSE;
    if (key_length < VNC_MIN_ARD_KEY_LENGTH) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_AUTH,
                    "The server wants Diffie-Hellman keys of %u bytes, too short to "
                    "protect the password (at least %u are needed)",
                    key_length, VNC_MIN_ARD_KEY_LENGTH);
        return FALSE;
    }
    if (key_length > VNC_MAX_ARD_KEY_LENGTH) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_LIMIT,
                    "The server wants Diffie-Hellman keys of %u bytes, more than the "
                    "%u allowed", key_length, VNC_MAX_ARD_KEY_LENGTH);
        return FALSE;
    }
    VNC_DEBUG("ARD: generator %u, %u-bit keys", generator, key_length * 8u);

    g_autofree guint8 *prime = g_malloc(key_length);
    g_autofree guint8 *server_public = g_malloc(key_length);
    g_autofree guint8 *private_key = g_malloc(key_length);
    g_autofree guint8 *client_public = g_malloc(key_length);
    if (!vnc_stream_read(priv->stream, prime, key_length, err) ||
        !vnc_stream_read(priv->stream, server_public, key_length, err))
        return FALSE;

    if (!vnc_connection_priv_want_credentials(conn, wanted, G_N_ELEMENTS(wanted), err))
        return FALSE;

    if (gnutls_rnd(GNUTLS_RND_KEY, private_key, key_length) < 0) {
        g_set_error_literal(err, VNC_ERROR, VNC_ERROR_AUTH,
                            "Cannot get random bytes for a Diffie-Hellman key");
        goto out;
    }
    if (!vnc_auth_ard_credentials(priv->cred_username, priv->cred_password,
                                  plaintext, err) ||
        !vnc_auth_ard_compute(generator, prime, server_public, key_length, private_key,
                              plaintext, client_public, ciphertext, err))
        goto out;

    vnc_stream_write(priv->stream, ciphertext, sizeof(ciphertext));
    vnc_stream_write(priv->stream, client_public, key_length);
    ok = vnc_stream_flush(priv->stream, err);

out:
    explicit_bzero(private_key, key_length);
    explicit_bzero(plaintext, sizeof(plaintext));
    return ok;
}
