/*
 * gtk-vnc tests: the server argument of gvncviewer and gvnccapture
 * (viewer/vnc-address.c), every accepted form and the refused ones
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>

#include <glib.h>

#include "vnc-address.h"

typedef struct {
    const char *text;
    int port_option;
    /* Expected: a host and port, or a socket path, or an error that
     * contains @error. */
    const char *host;
    const char *port;
    const char *socket_path;
    const char *username;
    const char *error;
} AddressCase;

static const AddressCase address_cases[] = {
    /* HOST[:DISPLAY] and HOST::PORT */
    { "example.org", 0, "example.org", "5900" },
    { "example.org:1", 0, "example.org", "5901" },
    { "example.org:0", 0, "example.org", "5900" },
    { "example.org::5999", 0, "example.org", "5999" },
    { "10.1.2.3:12", 0, "10.1.2.3", "5912" },
    { ":3", 0, "localhost", "5903" },
    { "", 0, "localhost", "5900" },
    { "::5905", 0, "localhost", "5905" },
    { "[::1]", 0, "::1", "5900" },
    { "[::1]:2", 0, "::1", "5902" },
    { "[fe80::1]::6000", 0, "fe80::1", "6000" },
    { "[]:1", 0, "localhost", "5901" },
    { "host", 5911, "host", "5911" },
    { "host:59635", 0, "host", "65535" },
    { "host:59636", 0, NULL, NULL, NULL, NULL, "display '59636'" },
    { "host:x1", 0, NULL, NULL, NULL, NULL, "display 'x1'" },
    { "host:", 0, NULL, NULL, NULL, NULL, "display ''" },
    { "host:-1", 0, NULL, NULL, NULL, NULL, "display '-1'" },
    { "host::0", 0, NULL, NULL, NULL, NULL, "port '0'" },
    { "host::65536", 0, NULL, NULL, NULL, NULL, "port '65536'" },
    { "host::5900x", 0, NULL, NULL, NULL, NULL, "port '5900x'" },
    { "host:1", 5901, NULL, NULL, NULL, NULL, "not both" },
    { "[::1", 0, NULL, NULL, NULL, NULL, "without its ']'" },
    { "[::1]x", 0, NULL, NULL, NULL, NULL, "unexpected 'x'" },

    /* vnc:// URIs: the port is a TCP port */
    { "vnc://example.org", 0, "example.org", "5900" },
    { "vnc://example.org:5901", 0, "example.org", "5901" },
    { "vnc://example.org:1", 0, "example.org", "1" },
    { "vnc://example.org/", 0, "example.org", "5900" },
    { "vnc://example.org:", 0, "example.org", "5900" },
    { "VNC://Example.org:5902", 0, "Example.org", "5902" },
    { "vnc://[::1]:5903", 0, "::1", "5903" },
    { "vnc://[2001:db8::7]", 0, "2001:db8::7", "5900" },
    { "vnc://", 0, "localhost", "5900" },
    { "vnc://:5904", 0, "localhost", "5904" },
    { "vnc://alice@host:5905", 0, "host", "5905", NULL, "alice" },
    { "vnc://al%20ice@host", 0, "host", "5900", NULL, "al ice" },
    { "vnc://@host", 0, "host", "5900", NULL, NULL },
    { "vnc://host", 5906, "host", "5906" },
    { "vnc://host:5907", 5906, NULL, NULL, NULL, NULL, "not both" },
    { "vnc://host:0", 0, NULL, NULL, NULL, NULL, "port '0'" },
    { "vnc://host:70000", 0, NULL, NULL, NULL, NULL, "port '70000'" },
    { "vnc://host:1:2", 0, NULL, NULL, NULL, NULL, "port '1:2'" },
    { "vnc://alice:secret@host", 0, NULL, NULL, NULL, NULL, "--password-file" },
    { "vnc://host/path", 0, NULL, NULL, NULL, NULL, "no path or parameters" },
    { "vnc://host?ConnectionName=x", 0, NULL, NULL, NULL, NULL, "no path or parameters" },
    { "vnc://host#frag", 0, NULL, NULL, NULL, NULL, "no path or parameters" },
    { "vnc://[::1:5900", 0, NULL, NULL, NULL, NULL, "without its ']'" },
    { "vnc://a%zzb@host", 0, NULL, NULL, NULL, NULL, "broken %-escape" },
    { "vnc://a%2Fb@host", 0, NULL, NULL, NULL, NULL, "broken %-escape" },
    { "vnc://a%00b@host", 0, NULL, NULL, NULL, NULL, "broken %-escape" },

    /* unix sockets */
    { "/run/vnc.sock", 0, NULL, NULL, "/run/vnc.sock" },
    { "./vnc.sock", 0, NULL, NULL, "./vnc.sock" },
    { "dir/with:colon", 0, NULL, NULL, "dir/with:colon" },
    { "/run/vnc.sock", 5901, NULL, NULL, NULL, NULL, "unix socket" },
};

static void
test_address_case(gconstpointer data)
{
    const AddressCase *c = data;
    g_autoptr(GError) err = NULL;
    g_autoptr(VncAddress) address = vnc_address_parse(c->text, c->port_option, &err);

    if (c->error) {
        g_assert_null(address);
        g_assert_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
        if (!strstr(err->message, c->error))
            g_error("'%s': the message \"%s\" does not say \"%s\"",
                    c->text, err->message, c->error);
        return;
    }
    g_assert_no_error(err);
    g_assert_nonnull(address);
    g_assert_cmpstr(address->host, ==, c->host);
    g_assert_cmpstr(address->port, ==, c->port);
    g_assert_cmpstr(address->socket_path, ==, c->socket_path);
    g_assert_cmpstr(address->username, ==, c->username);
    g_assert_cmpstr(address->label, ==, c->text);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    for (gsize i = 0; i < G_N_ELEMENTS(address_cases); i++) {
        /* Test paths may not hold every character: number the cases. */
        g_autofree char *name = g_strdup_printf("/viewer/address/%02" G_GSIZE_FORMAT, i);
        g_test_add_data_func(name, &address_cases[i], test_address_case);
    }
    return g_test_run();
}
