/*
 * gtk-vnc tools: the options gvncviewer and gvnccapture share for
 * logging in (user name, password file, x509 files, encryption)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_CREDENTIALS_H
#define VNC_CREDENTIALS_H

#include <glib.h>

#include "gvnc.h"

G_BEGIN_DECLS

/* Filled in by GOption; vnc_credential_options_clear() frees it. */
typedef struct {
    char *username;
    char *password_file;
    char *ca_cert;
    char *crl;
    char *client_cert;
    char *client_key;
    gboolean require_encryption;
} VncCredentialOptions;

/* Adds --username (-u), --password-file (-P), --ca-cert, --crl,
 * --client-cert, --client-key and --require-encryption to the main
 * group of @context. */
void vnc_credential_options_add(VncCredentialOptions *opts, GOptionContext *context);

/* After parsing: the x509 files must exist and a client certificate
 * needs its key; with --password-file, *@password gets the password
 * (free it with vnc_credentials_free_secret()). Errors are in
 * G_OPTION_ERROR (or G_FILE_ERROR for an unreadable file). */
gboolean vnc_credential_options_check(const VncCredentialOptions *opts,
                                      char **password, GError **err);

/* Hands the x509 files and --require-encryption to @conn. */
void vnc_credential_options_apply(const VncCredentialOptions *opts, VncConnection *conn);

void vnc_credential_options_clear(VncCredentialOptions *opts);

/* The password is the file's first line, without its line end; a file
 * with binary data (such as vncpasswd's) is refused. */
char *vnc_credentials_read_password_file(const char *path, GError **err);

/* Overwrites a secret, then frees it. NULL is fine. */
void vnc_credentials_free_secret(char *secret);

/* One item of the GValueArray that vnc-auth-credential and
 * vnc-auth-choose-type carry (an enum, or a plain number), as a number;
 * G_MAXUINT, which names nothing, for any other type. */
guint vnc_credentials_value_as_uint(const GValue *value);

G_END_DECLS

#endif /* VNC_CREDENTIALS_H */
