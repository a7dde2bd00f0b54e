/*
 * gtk-vnc: security type UltraVNC MS-Logon II (113)
 *
 * The server sends three 64-bit big-endian numbers: a Diffie-Hellman
 * generator, a modulus and its public value. The client answers with
 *
 *   its public value (8 bytes, big-endian)
 *   the username, NUL-padded to 256 bytes, encrypted
 *   the password, NUL-padded to 64 bytes, encrypted
 *
 * and the SecurityResult follows. Encrypted means DES in CBC mode, the
 * 8-byte shared secret (big-endian) being the key and, for each of the two
 * fields afresh, the IV. Like every DES key in the VNC lineage the key is
 * read with the bits of each byte mirrored (the original implementation's
 * DES took key bits from the least significant end); the IV is used as
 * it is.
 *
 * 64-bit Diffie-Hellman protects nothing against anyone who records the
 * session; this type exists for the servers that offer nothing better.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>
#include <gmp.h>
#include <nettle/des.h>
#include <nettle/cbc.h>
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>

#include "vncauth-priv.h"

void
vnc_auth_mslogon_encrypt(const guint8 secret[8], guint8 *data, gsize len)
{
    guint8 key[DES_KEY_SIZE];
    guint8 iv[DES_BLOCK_SIZE];
    struct des_ctx ctx;

    vnc_auth_des_key(key, secret, DES_KEY_SIZE);
    memcpy(iv, secret, sizeof(iv));

    /* Weak keys (des_set_key returns 0) still encrypt, the same way on
     * both sides. */
    des_set_key(&ctx, key);
    cbc_encrypt(&ctx, (nettle_cipher_func *)des_encrypt, DES_BLOCK_SIZE, iv,
                len, data, data);

    explicit_bzero(key, sizeof(key));
    explicit_bzero(iv, sizeof(iv));
    explicit_bzero(&ctx, sizeof(ctx));
}

static void
set_u64(mpz_t rop, guint64 value)
{
    guint8 bytes[8];

    for (int i = 0; i < 8; i++)
        bytes[i] = value >> (8 * (7 - i));
    mpz_import(rop, sizeof(bytes), 1, 1, 0, 0, bytes);
    explicit_bzero(bytes, sizeof(bytes));
}

/* @value < 2^64 by construction (it is below the modulus). */
static void
get_bytes(const mpz_t value, guint8 out[8])
{
    size_t count = 0;
    gsize needed = mpz_sgn(value) ? (mpz_sizeinbase(value, 2) + 7) / 8 : 0;

    memset(out, 0, 8);
    if (needed > 0 && needed <= 8)
        mpz_export(out + (8 - needed), &count, 1, 1, 0, 0, value);
}

static void
clear_secret_mpz(mpz_t value)
{
    explicit_bzero(value->_mp_d, (size_t)value->_mp_alloc * sizeof(mp_limb_t));
    mpz_clear(value);
}

gboolean
vnc_auth_mslogon_compute(guint64 generator, guint64 modulus, guint64 server_public,
                         guint64 private_key, guint64 *client_public, guint8 secret[8],
                         GError **err)
{
    mpz_t g, m, y, x, limit, ours, shared;
    guint8 public_bytes[8];
    const char *problem = NULL;

    /* UltraVNC's modulus is a prime and its generator a smaller prime; a
     * public value of 0, 1 or m-1 would give a secret anybody can guess,
     * and an even modulus is no prime (GMP's constant-time exponentiation
     * needs an odd one). */
    if (modulus < 5 || modulus % 2 == 0)
        problem = "the modulus is not an odd prime";
    else if (generator < 2 || generator >= modulus - 1)
        problem = "the generator is out of range";
    else if (server_public < 2 || server_public >= modulus - 1)
        problem = "the server's public value is out of range";
    if (problem) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                    "The server's Diffie-Hellman parameters are unusable: %s", problem);
        return FALSE;
    }

    mpz_inits(g, m, y, x, limit, ours, shared, NULL);
    set_u64(g, generator);
    set_u64(m, modulus);
    set_u64(y, server_public);
    set_u64(x, private_key);

    /* Our secret exponent in [2, m-2]; values there are kept as they are. */
    mpz_sub_ui(limit, m, 3);
    mpz_sub_ui(x, x, 2);
    mpz_mod(x, x, limit);
    mpz_add_ui(x, x, 2);

    mpz_powm_sec(ours, g, x, m);
    mpz_powm_sec(shared, y, x, m);
    get_bytes(ours, public_bytes);
    get_bytes(shared, secret);

    *client_public = 0;
    for (int i = 0; i < 8; i++)
        *client_public = (*client_public << 8) | public_bytes[i];

    clear_secret_mpz(x);
    clear_secret_mpz(shared);
    mpz_clears(g, m, y, limit, ours, NULL);
    return TRUE;
}

/* Copies @text into a NUL-padded field of @len bytes; FALSE if it does
 * not fit with its NUL. */
static gboolean
fill_field(guint8 *field, gsize len, const char *text)
{
    gsize text_len = strlen(text);

    if (text_len >= len)
        return FALSE;
    memset(field, 0, len);
    memcpy(field, text, text_len);
    return TRUE;
}

/* coroutine context */
gboolean
vnc_auth_mslogon(VncConnection *conn, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;
    static const VncConnectionCredential wanted[] = {
        VNC_CONNECTION_CREDENTIAL_USERNAME,
        VNC_CONNECTION_CREDENTIAL_PASSWORD,
    };
    guint32 high, low;
    guint64 numbers[3], private_key = 0, client_public;
    guint8 secret[8];
    guint8 username[VNC_AUTH_MSLOGON_USERNAME_LENGTH];
    guint8 password[VNC_AUTH_MSLOGON_PASSWORD_LENGTH];
    gboolean ok = FALSE;

    /* Generator, modulus, the server's public value. */
    for (int i = 0; i < 3; i++) {
        if (!vnc_stream_read_u32(priv->stream, &high, err) ||
            !vnc_stream_read_u32(priv->stream, &low, err))
            return FALSE;
        numbers[i] = ((guint64)high << 32) | low;
    }
    VNC_DEBUG("MS-Logon II: generator %" G_GUINT64_FORMAT ", modulus %" G_GUINT64_FORMAT,
              numbers[0], numbers[1]);

    if (!vnc_connection_priv_want_credentials(conn, wanted, G_N_ELEMENTS(wanted), err))
        return FALSE;
    if (!fill_field(username, sizeof(username), priv->cred_username) ||
        !fill_field(password, sizeof(password), priv->cred_password)) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_AUTH,
                    "MS-Logon II takes a username of at most %u bytes and a password "
                    "of at most %u", VNC_AUTH_MSLOGON_USERNAME_LENGTH - 1,
                    VNC_AUTH_MSLOGON_PASSWORD_LENGTH - 1);
        goto out;
    }

    if (gnutls_rnd(GNUTLS_RND_KEY, &private_key, sizeof(private_key)) < 0) {
        g_set_error_literal(err, VNC_ERROR, VNC_ERROR_AUTH,
                            "Cannot get random bytes for a Diffie-Hellman key");
        goto out;
    }
    if (!vnc_auth_mslogon_compute(numbers[0], numbers[1], numbers[2], private_key,
                                  &client_public, secret, err))
        goto out;

    vnc_auth_mslogon_encrypt(secret, username, sizeof(username));
    vnc_auth_mslogon_encrypt(secret, password, sizeof(password));

    vnc_stream_write_u32(priv->stream, client_public >> 32);
    vnc_stream_write_u32(priv->stream, client_public & 0xffffffffu);
    vnc_stream_write(priv->stream, username, sizeof(username));
    vnc_stream_write(priv->stream, password, sizeof(password));
    ok = vnc_stream_flush(priv->stream, err);

out:
    explicit_bzero(&private_key, sizeof(private_key));
    explicit_bzero(secret, sizeof(secret));
    explicit_bzero(username, sizeof(username));
    explicit_bzero(password, sizeof(password));
    return ok;
}
