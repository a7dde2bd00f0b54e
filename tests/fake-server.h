/*
 * gtk-vnc tests: a scripted fake VNC server
 *
 * The fake server sits on one end of a socketpair and plays a script, one
 * step at a time, from the same GLib main loop as the VncConnection on the
 * other end: send these bytes, expect exactly these bytes back, expect one
 * client message of a given type and keep it, call a function (to make the
 * simulated embedder act at that point), close. Nothing runs in a thread;
 * a step that has to wait for the socket waits on a GSocket source.
 *
 * A step that goes wrong (the client sent other bytes, or closed too
 * early) stops the script and records a failure that says which step
 * failed and shows both sides in hex. The script is a contract: the
 * client must produce exactly the expected bytes in the expected order.
 *
 * With a send limit the server plays the script only until it has sent
 * that many bytes and then closes the connection, which is how the tests
 * cut a good session at every byte offset.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef FAKE_SERVER_H
#define FAKE_SERVER_H

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _FakeServer FakeServer;

typedef void (*FakeServerFunc)(FakeServer *server, gpointer user_data);

/* Given the @len bytes the client sent, returns what to send back (a new
 * array the server frees), or NULL for nothing. */
typedef GByteArray *(*FakeServerReplyFunc)(FakeServer *server,
                                          const guint8 *data, gsize len,
                                          gpointer user_data);

/* The server takes @fd (a connected stream socket) and closes it. */
FakeServer *fake_server_new(int fd);
void fake_server_free(FakeServer *server);

/* Called once when the script has ended: every step done, or one failed. */
void fake_server_set_finished_func(FakeServer *server, FakeServerFunc func,
                                   gpointer user_data);

/* Starts playing the script from the main loop. */
void fake_server_start(FakeServer *server);

/* The steps. @what names the step in failure messages. */
void fake_server_send(FakeServer *server, const char *what,
                      const void *data, gsize len);
/* Takes @msg. */
void fake_server_send_msg(FakeServer *server, const char *what, GByteArray *msg);
void fake_server_expect(FakeServer *server, const char *what,
                        const void *data, gsize len);
/* Takes @msg. */
void fake_server_expect_msg(FakeServer *server, const char *what, GByteArray *msg);
/* One whole client message of @type, kept for fake_server_get_captured();
 * returns its index there. */
guint fake_server_capture(FakeServer *server, guint8 type);
/* @len bytes, whatever they are, passed to @func whose answer is sent. */
void fake_server_expect_reply(FakeServer *server, const char *what, gsize len,
                              FakeServerReplyFunc func, gpointer user_data);
/* Reads and drops anything the client sends until it closes. */
void fake_server_expect_eof(FakeServer *server);
void fake_server_call(FakeServer *server, const char *what,
                      FakeServerFunc func, gpointer user_data);
void fake_server_close(FakeServer *server);
/* Answers the client until it closes: each whole client message goes to
 * @func, whose answer (if any) is sent before the next is read. For
 * clients whose messages the test cannot predict in order (a widget
 * driven by a real X server). Ends, successfully, when the client closes. */
void fake_server_serve(FakeServer *server, FakeServerReplyFunc func, gpointer user_data);
/* Sends @msg (taken) as soon as possible: before the step that is running
 * or waiting now. For use while serving, from the main loop or from the
 * serve function. */
void fake_server_send_now(FakeServer *server, const char *what, GByteArray *msg);

/* Sends one byte per main loop iteration, at low priority, so that the
 * client sees every message arrive in pieces. */
void fake_server_set_trickle(FakeServer *server, gboolean trickle);
/* Sends at most @limit bytes in all, then closes (see above). */
void fake_server_set_send_limit(FakeServer *server, gsize limit);
/* Total bytes the script's send steps hold (replies not counted). */
gsize fake_server_get_script_bytes(FakeServer *server);
/* Bytes sent so far. */
gsize fake_server_get_sent(FakeServer *server);

gboolean fake_server_is_finished(FakeServer *server);
/* NULL while nothing went wrong. */
const char *fake_server_get_failure(FakeServer *server);
/* Where the script stands, for a timeout message. */
char *fake_server_describe(FakeServer *server);
/* A message kept by fake_server_capture(), or NULL if not (yet) received. */
GBytes *fake_server_get_captured(FakeServer *server, guint index);
/* Bytes fake_server_expect_eof() threw away. */
gsize fake_server_get_discarded(FakeServer *server);

G_END_DECLS

#endif /* FAKE_SERVER_H */
