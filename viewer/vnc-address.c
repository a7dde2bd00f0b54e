/*
 * gtk-vnc tools: the server argument of gvncviewer and gvnccapture
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>

#include <glib/gi18n.h>

#include "vnc-address.h"

#define VNC_URI_SCHEME "vnc://"

void
vnc_address_free(VncAddress *address)
{
    if (!address)
        return;
    g_free(address->host);
    g_free(address->port);
    g_free(address->socket_path);
    g_free(address->username);
    g_free(address->label);
    g_free(address);
}

/* Ports and displays: both at most 65535. */
static gboolean
parse_number(const char *text, guint min, guint max, guint64 *value,
             const char *what, GError **err)
{
    if (!g_ascii_string_to_unsigned(text, 10, min, max, value, NULL)) {
        /* TRANSLATORS: the first %s is "port" or "display" */
        g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    _("%s '%s' is not a number from %u to %u"), what, text, min, max);
        return FALSE;
    }
    return TRUE;
}

/*
 * Splits "HOST", "[IPV6]" and what follows the host: @rest points at the
 * first character after the host ("" or ":...").
 */
static gboolean
split_host(VncAddress *address, const char *text, const char **rest, GError **err)
{
    if (text[0] == '[') {
        const char *close = strchr(text, ']');
        if (!close) {
            g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                        _("'%s' has a '[' without its ']'"), address->label);
            return FALSE;
        }
        address->host = g_strndup(text + 1, close - text - 1);
        *rest = close + 1;
        if (**rest != '\0' && **rest != ':') {
            g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                        _("unexpected '%s' after the address in '%s'"),
                        *rest, address->label);
            return FALSE;
        }
    } else {
        *rest = strchr(text, ':');
        if (!*rest)
            *rest = text + strlen(text);
        address->host = g_strndup(text, *rest - text);
    }
    if (address->host[0] == '\0') {
        g_free(address->host);
        address->host = g_strdup("localhost");
    }
    return TRUE;
}

static gboolean
set_port(VncAddress *address, guint64 number)
{
    address->port = g_strdup_printf("%" G_GUINT64_FORMAT, number);
    return TRUE;
}

/* HOST, HOST:DISPLAY, HOST::PORT */
static gboolean
parse_classic(VncAddress *address, const char *text, int port_option, GError **err)
{
    const char *rest;
    guint64 number;

    if (!split_host(address, text, &rest, err))
        return FALSE;

    if (*rest == '\0')
        return set_port(address, port_option > 0 ? (guint64)port_option :
                        VNC_ADDRESS_BASE_PORT);
    if (port_option > 0) {
        g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    _("give the port either with --port or in '%s', not both"),
                    address->label);
        return FALSE;
    }
    if (rest[1] == ':') {
        if (!parse_number(rest + 2, 1, 65535, &number, _("port"), err))
            return FALSE;
        return set_port(address, number);
    }
    if (!parse_number(rest + 1, 0, 65535 - VNC_ADDRESS_BASE_PORT, &number,
                      _("display"), err))
        return FALSE;
    return set_port(address, number + VNC_ADDRESS_BASE_PORT);
}

/* Percent-decodes one part of a URI; NULL (with @err set) when the
 * escapes are broken or decode to a NUL or a '/'. */
static char *
uri_unescape(VncAddress *address, const char *part, GError **err)
{
    char *plain = g_uri_unescape_string(part, "/");

    if (!plain)
        g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    _("'%s' has a broken %%-escape"), address->label);
    return plain;
}

/*
 * vnc://[USER@]HOST[:PORT][/] (RFC 7869). The port is a TCP port, not a
 * display number. The RFC's parameters (after '?') are refused rather
 * than ignored: a person who wrote one expects it to do something.
 */
static gboolean
parse_uri(VncAddress *address, const char *text, int port_option, GError **err)
{
    g_autofree char *authority = NULL;
    g_autofree char *hostport = NULL;
    const char *end, *at, *rest;
    guint64 number;

    end = text + strcspn(text, "/?#");
    if (*end == '?' || *end == '#' || (*end == '/' && end[1] != '\0')) {
        g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    _("'%s': only vnc://HOST, vnc://HOST:PORT and vnc://USER@HOST:PORT "
                      "are understood (no path or parameters)"), address->label);
        return FALSE;
    }
    authority = g_strndup(text, end - text);

    at = strrchr(authority, '@');
    if (at) {
        g_autofree char *user = g_strndup(authority, at - authority);
        if (strchr(user, ':')) {
            g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                        _("'%s' holds a password: put it in a file and use "
                          "--password-file instead"), address->label);
            return FALSE;
        }
        address->username = uri_unescape(address, user, err);
        if (!address->username)
            return FALSE;
        if (address->username[0] == '\0')
            g_clear_pointer(&address->username, g_free);
        hostport = g_strdup(at + 1);
    } else {
        hostport = g_strdup(authority);
    }

    if (!split_host(address, hostport, &rest, err))
        return FALSE;
    if (strchr(address->host, '%')) {
        char *host = uri_unescape(address, address->host, err);
        if (!host)
            return FALSE;
        g_free(address->host);
        address->host = host;
    }

    /* RFC 3986 allows an empty port after the colon: the default. */
    if (*rest == '\0' || rest[1] == '\0')
        return set_port(address, port_option > 0 ? (guint64)port_option :
                        VNC_ADDRESS_BASE_PORT);
    if (port_option > 0) {
        g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    _("give the port either with --port or in '%s', not both"),
                    address->label);
        return FALSE;
    }
    if (!parse_number(rest + 1, 1, 65535, &number, _("port"), err))
        return FALSE;
    return set_port(address, number);
}

/**
 * vnc_address_parse:
 * @text: the server as the person gave it
 * @port_option: the tool's --port, 0 when not given
 * @err: where a bad address is reported (G_OPTION_ERROR)
 *
 * Returns: (transfer full) (nullable): the address, or %NULL on error
 */
VncAddress *
vnc_address_parse(const char *text, int port_option, GError **err)
{
    g_autoptr(VncAddress) address = g_new0(VncAddress, 1);
    gboolean ok;

    address->label = g_strdup(text);
    if (g_ascii_strncasecmp(text, VNC_URI_SCHEME, strlen(VNC_URI_SCHEME)) == 0) {
        ok = parse_uri(address, text + strlen(VNC_URI_SCHEME), port_option, err);
    } else if (strchr(text, '/')) {
        if (port_option > 0) {
            g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                        _("--port makes no sense with a unix socket path"));
            return NULL;
        }
        address->socket_path = g_strdup(text);
        ok = TRUE;
    } else {
        ok = parse_classic(address, text, port_option, err);
    }
    return ok ? g_steal_pointer(&address) : NULL;
}
