/*
 * gtk-vnc: security type VNC Authentication (2, RFC 6143 7.2.2)
 *
 * The server sends 16 random bytes; the client returns them encrypted
 * with DES, keyed by the password. The DES itself comes from nettle.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>
#include <nettle/des.h>

#include "vncauth-priv.h"

#define VNC_AUTH_CHALLENGE_LENGTH 16

static guint8
mirror_bits(guint8 byte)
{
    guint8 mirrored = 0;

    for (int bit = 0; bit < 8; bit++) {
        if (byte & (1 << bit))
            mirrored |= 0x80 >> bit;
    }
    return mirrored;
}

void
vnc_auth_des_key(guint8 key[8], const guint8 *secret, gsize len)
{
    memset(key, 0, DES_KEY_SIZE);
    for (gsize i = 0; i < DES_KEY_SIZE && i < len; i++)
        key[i] = mirror_bits(secret[i]);
}

void
vnc_auth_vnc_response(const char *password, const guint8 challenge[16],
                      guint8 response[16])
{
    guint8 key[DES_KEY_SIZE];
    struct des_ctx ctx;

    /* The first 8 bytes of the password, NUL-padded. */
    vnc_auth_des_key(key, (const guint8 *)password, strlen(password));

    /* des_set_key returns 0 for the few weak keys; they still encrypt,
     * and the server uses the same key, so the result is what it expects. */
    des_set_key(&ctx, key);
    des_encrypt(&ctx, VNC_AUTH_CHALLENGE_LENGTH, response, challenge);

    explicit_bzero(key, sizeof(key));
    explicit_bzero(&ctx, sizeof(ctx));
}

/* coroutine context */
gboolean
vnc_auth_vnc(VncConnection *conn, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;
    static const VncConnectionCredential wanted[] = { VNC_CONNECTION_CREDENTIAL_PASSWORD };
    guint8 challenge[VNC_AUTH_CHALLENGE_LENGTH];
    guint8 response[VNC_AUTH_CHALLENGE_LENGTH];

    if (!vnc_stream_read(priv->stream, challenge, sizeof(challenge), err))
        return FALSE;
    if (!vnc_connection_priv_want_credentials(conn, wanted, G_N_ELEMENTS(wanted), err))
        return FALSE;

    if (strlen(priv->cred_password) > DES_KEY_SIZE)
        VNC_DEBUG("Password longer than 8 characters: only the first 8 count");
    vnc_auth_vnc_response(priv->cred_password, challenge, response);
    vnc_stream_write(priv->stream, response, sizeof(response));
    explicit_bzero(response, sizeof(response));
    return vnc_stream_flush(priv->stream, err);
}
