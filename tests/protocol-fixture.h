/*
 * gtk-vnc tests: a VncConnection talking to the fake server
 *
 * The fixture holds both ends of a socketpair: the fake server on one,
 * the real VncConnection (opened with vnc_connection_open_fd) on the
 * other, both driven by one main loop. It plays a simple embedder: it
 * answers vnc-auth-choose-type and vnc-auth-credential from its settings,
 * and in vnc-initialized asks for a pixel format and encodings, gives the
 * connection a VncBaseFramebuffer and requests the first full update, as
 * a display widget does. Every signal is written to an event log, so a
 * test can compare the whole sequence with what it expects.
 *
 * proto_fixture_run() runs until the connection has said vnc-disconnected
 * and the server's script has ended, or fails the test after a timeout
 * with a description of where both sides were.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef PROTOCOL_FIXTURE_H
#define PROTOCOL_FIXTURE_H

#include "vncconnection.h"
#include "vncbaseframebuffer.h"
#include "fake-server.h"
#include "test-utils.h"

G_BEGIN_DECLS

#define PROTO_MAX_ENCODINGS 16

typedef struct {
    /* The simulated embedder's choices; change them before running. */
    gboolean shared;              /* default TRUE */
    const char *password;         /* given when asked; NULL: not given */
    const char *username;
    gboolean defer_credentials;   /* answer from an idle, not the handler */
    gboolean shutdown_on_credential; /* shut down instead of answering */
    guint auth_type;              /* chosen in vnc-auth-choose-type; 0: none */
    gboolean setup_on_init;       /* default TRUE: the widget's usual start */
    gboolean keep_server_format;  /* no SetPixelFormat; decode the server's */
    gboolean ignore_resize;       /* keep the old framebuffer on a resize */
    VncPixelFormat format;        /* asked for (default rgb888) */
    gint32 encodings[PROTO_MAX_ENCODINGS];
    guint n_encodings;            /* default: Raw, CopyRect, DesktopSize, LastRect */
    guint timeout_seconds;        /* default 10 */
    guint sessions;               /* vnc-disconnected to wait for (default 1) */
    FakeServer *extra_server;     /* another one that must finish too; freed */
    char *label;                  /* prefixed to failure messages; freed */

    GMainLoop *loop;
    VncConnection *conn;
    FakeServer *server;
    int client_fd;                /* handed to the connection by run */
    guint timeout_id;
    guint credential_idle;

    /* What happened. */
    GString *events;              /* "connected initialized update(0,0,4,4) ..." */
    guint n_errors;
    guint n_disconnected;
    guint n_initialized;
    char *error_message;          /* the first vnc-error's */
    char *auth_failure;           /* the first vnc-auth-failure's reason */
    char *cut_text;               /* the last vnc-server-cut-text, UTF-8 */
    gboolean timed_out;

    /* The framebuffer the embedder gave the connection. */
    VncBaseFramebuffer *fb;
    guint8 *fb_data;
    guint16 fb_width, fb_height;
    int fb_rowstride;
} ProtoFixture;

void proto_fixture_setup(ProtoFixture *f, gconstpointer data);
void proto_fixture_teardown(ProtoFixture *f, gconstpointer data);

/* Opens the connection, starts the script and runs the main loop until
 * both sides are done. Fails the test if the script failed or time ran
 * out; checks that vnc-error and vnc-disconnected came at most once. */
void proto_fixture_run(ProtoFixture *f);

/* A new socketpair and fake server for another session on the same
 * connection; the event log and counters start again. Returns the
 * client's end, which proto_fixture_open() hands to the connection
 * unless the test does so itself. */
int proto_fixture_new_server(ProtoFixture *f);

/* Checks the event log. */
#define proto_assert_events(f, expected) \
    g_assert_cmpstr((f)->events->str, ==, (expected))
/* The session ended in vnc-error then vnc-disconnected, once each. */
void proto_assert_error_end(ProtoFixture *f);
/* The session ended in vnc-disconnected alone. */
void proto_assert_clean_end(ProtoFixture *f);

/* Script pieces for the common parts of a session. */
void proto_send_version(ProtoFixture *f, const char *server_version,
                        const char *client_version);
/* Version 3.@minor, security None, ClientInit; stops before ServerInit. */
void proto_script_none_handshake(ProtoFixture *f, int minor);
void proto_send_server_init(ProtoFixture *f, guint16 width, guint16 height,
                            const VncPixelFormat *fmt, const char *name);
/* What setup_on_init makes the client send after ServerInit. */
void proto_expect_setup(ProtoFixture *f, guint16 width, guint16 height);
/* A whole None handshake at 3.8 up to and including proto_expect_setup,
 * with the server in the fixture's format. */
void proto_script_session(ProtoFixture *f, guint16 width, guint16 height);
void proto_expect_update_request(ProtoFixture *f, gboolean incremental,
                                 guint16 x, guint16 y, guint16 width, guint16 height);
/* The embedder calls vnc_connection_shutdown(); the client must close. */
void proto_script_shutdown(ProtoFixture *f);

/* A pixel of the framebuffer as a 32-bit value (for 32 bpp formats). */
guint32 proto_fb_pixel32(ProtoFixture *f, guint x, guint y);

G_END_DECLS

#endif /* PROTOCOL_FIXTURE_H */
