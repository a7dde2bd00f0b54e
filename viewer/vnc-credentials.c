/*
 * gtk-vnc tools: the options gvncviewer and gvnccapture share for
 * logging in
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>

#include <glib/gi18n.h>

#include "vnc-credentials.h"

void
vnc_credential_options_add(VncCredentialOptions *opts, GOptionContext *context)
{
    /* GOption copies the entries; the strings are static. */
    const GOptionEntry entries[] = {
        { "username", 'u', 0, G_OPTION_ARG_STRING, &opts->username,
          N_("User name, for security types that ask for one"), N_("NAME") },
        { "password-file", 'P', 0, G_OPTION_ARG_FILENAME, &opts->password_file,
          N_("Read the password from the first line of FILE instead of asking for it"),
          N_("FILE") },
        { "ca-cert", 0, 0, G_OPTION_ARG_FILENAME, &opts->ca_cert,
          N_("Trust the certificate authorities in FILE (PEM) to sign x509 server "
             "certificates"), N_("FILE") },
        { "crl", 0, 0, G_OPTION_ARG_FILENAME, &opts->crl,
          N_("Refuse server certificates revoked in the list in FILE (PEM)"), N_("FILE") },
        { "client-cert", 0, 0, G_OPTION_ARG_FILENAME, &opts->client_cert,
          N_("Present the certificate in FILE (PEM) to servers that ask for one"),
          N_("FILE") },
        { "client-key", 0, 0, G_OPTION_ARG_FILENAME, &opts->client_key,
          N_("The private key of --client-cert, in FILE (PEM)"), N_("FILE") },
        { "require-encryption", 0, 0, G_OPTION_ARG_NONE, &opts->require_encryption,
          N_("Refuse every security type that does not encrypt the session"), NULL },
        { NULL }
    };

    g_option_context_add_main_entries(context, entries, NULL);
}

void
vnc_credentials_free_secret(char *secret)
{
    if (!secret)
        return;
    volatile char *p = secret;
    while (*p)
        *p++ = '\0';
    g_free(secret);
}

char *
vnc_credentials_read_password_file(const char *path, GError **err)
{
    char *contents = NULL;
    char *password;
    gsize length = 0;

    if (!g_file_get_contents(path, &contents, &length, err)) {
        g_prefix_error(err, _("cannot read the password file: "));
        return NULL;
    }
    if (memchr(contents, '\0', length)) {
        g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    _("the password file %s holds binary data: it must hold the "
                      "password as plain text (not a file from vncpasswd)"), path);
        memset(contents, 0, length);
        g_free(contents);
        return NULL;
    }
    contents[strcspn(contents, "\r\n")] = '\0';
    password = g_strdup(contents);
    memset(contents, 0, length);
    g_free(contents);
    return password;
}

gboolean
vnc_credential_options_check(const VncCredentialOptions *opts, char **password,
                             GError **err)
{
    const struct {
        const char *option;
        const char *path;
    } files[] = {
        { "--ca-cert", opts->ca_cert },
        { "--crl", opts->crl },
        { "--client-cert", opts->client_cert },
        { "--client-key", opts->client_key },
    };

    *password = NULL;
    if (!opts->client_cert != !opts->client_key) {
        g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    _("--client-cert and --client-key go together"));
        return FALSE;
    }
    for (gsize i = 0; i < G_N_ELEMENTS(files); i++) {
        if (files[i].path && !g_file_test(files[i].path, G_FILE_TEST_IS_REGULAR)) {
            /* TRANSLATORS: an option, then the file it names */
            g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                        _("%s %s: no such file"), files[i].option, files[i].path);
            return FALSE;
        }
    }
    if (opts->password_file) {
        *password = vnc_credentials_read_password_file(opts->password_file, err);
        if (!*password)
            return FALSE;
    }
    return TRUE;
}

void
vnc_credential_options_apply(const VncCredentialOptions *opts, VncConnection *conn)
{
    vnc_connection_set_require_encryption(conn, opts->require_encryption);
    vnc_connection_set_tls_ca_file(conn, opts->ca_cert);
    vnc_connection_set_tls_crl_file(conn, opts->crl);
    vnc_connection_set_tls_client_cert_file(conn, opts->client_cert);
    vnc_connection_set_tls_client_key_file(conn, opts->client_key);
}

void
vnc_credential_options_clear(VncCredentialOptions *opts)
{
    g_clear_pointer(&opts->username, g_free);
    g_clear_pointer(&opts->password_file, g_free);
    g_clear_pointer(&opts->ca_cert, g_free);
    g_clear_pointer(&opts->crl, g_free);
    g_clear_pointer(&opts->client_cert, g_free);
    g_clear_pointer(&opts->client_key, g_free);
}

guint
vnc_credentials_value_as_uint(const GValue *value)
{
    if (G_VALUE_HOLDS_ENUM(value))
        return (guint)g_value_get_enum(value);
    if (G_VALUE_HOLDS_UINT(value))
        return g_value_get_uint(value);
    if (G_VALUE_HOLDS_INT(value))
        return (guint)g_value_get_int(value);
    return G_MAXUINT;
}
