/*
 * gtk-vnc fuzzing: one session of a hostile server against the real
 * connection, shared by the fuzz targets
 *
 * A VncConnection is opened with vnc_connection_open_fd() on one end of
 * a socketpair; the session plays the server on the other end (it sends
 * the bytes it is given, as they are, then shuts its write side down,
 * and throws away what the client writes; it does not wait for the
 * client unless the bytes say so, see pause_marker) and the
 * embedder (a display widget) in the connection's signal handlers, all
 * in the default main context, with no thread.
 *
 * The embedder offers every encoding and pseudo-encoding the library
 * knows, gives the connection a VncBaseFramebuffer and asks for a full
 * update, as a widget does; it replaces the framebuffer on a resize or a
 * pixel format change, reads every cursor, text and audio sample the
 * library hands out (so that the sanitizers see a short buffer there),
 * answers what a widget answers (clipboard text back, power control, a
 * desktop size request with the server's layout) and gives credentials
 * when they are asked for, from an idle callback as a dialog would.
 *
 * What counts as a finding (the session aborts, so that libFuzzer
 * reports it as a crash with its input): a GLib critical or warning, a
 * session that does not end within a time and a main loop iteration
 * limit (a hang), a vnc-error without a message, vnc-disconnected twice
 * or never, any signal after vnc-disconnected, cut text or a desktop name
 * that is not UTF-8. Leaks are LeakSanitizer's (libFuzzer checks after
 * every input) and valgrind's.
 *
 * Environment: GVNC_FUZZ_VERBOSE=1 prints the events and the library's
 * error, GVNC_FUZZ_DEBUG=1 turns on the library's debug output, and
 * GVNC_FUZZ_TIMEOUT=SECONDS changes the hang limit (default 60, 600
 * under valgrind).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef FUZZ_SESSION_H
#define FUZZ_SESSION_H

#include <glib.h>

#include "vncpixelformat.h"

/* The embedder's limit on the desktop: bigger desktops are refused (the
 * embedder shuts the connection down), which keeps each run fast; large
 * enough for the recorded 1920x1080 sessions in the corpus. */
#define FUZZ_MAX_DESKTOP_DIMENSION 4096
#define FUZZ_MAX_DESKTOP_PIXELS    (2048u * 2048u)

/* Where pause_marker is on, this sequence in the server's bytes is not
 * sent: it makes the server wait until the client has sent something
 * (or has nothing left to do), as a server that answers does. */
#define FUZZ_PAUSE_MARKER "\xffWAIT"

/* The credentials the embedder gives. */
#define FUZZ_USERNAME "fuzz-user"
#define FUZZ_PASSWORD "fuzz-password"

typedef struct {
    /* The framebuffer's pixel format; with local_is_remote, the server's
     * own whenever it is true colour (local is used for colour maps). */
    VncPixelFormat local;
    gboolean local_is_remote;
    /* Keeps the first framebuffer when the desktop changes size or pixel
     * format (a lazy embedder). */
    gboolean lazy;
    /* FUZZ_PAUSE_MARKER makes the server wait. */
    gboolean pause_marker;
} FuzzSessionConfig;

/* Runs one session: @server_bytes are everything the server sends, from
 * its first byte. @input_size (the fuzzer's input) scales the main loop
 * iteration limit. Returns when the connection is finalized; aborts on a
 * finding. */
void fuzz_session_run(const FuzzSessionConfig *config,
                      const guint8 *server_bytes, gsize n_server_bytes,
                      gsize input_size);

/* The server's bytes for an input of fuzz-server-messages.c (its
 * header comment gives the layout): the fixed handshake with the input's
 * ServerInit, then the input's messages; @config gets the embedder's
 * choices from the header. NULL when the input is too short to have a
 * header. Also used by the widget's hostile server test
 * (tests/test-display-hostile.c). */
GByteArray *fuzz_server_messages_input(const guint8 *data, gsize size,
                                       FuzzSessionConfig *config);

/* @bytes without the FUZZ_PAUSE_MARKERs in them; @pauses (if not NULL)
 * gets the offsets (gsize) in the result where each one was: where the
 * server waits for the client. */
GByteArray *fuzz_split_pauses(const guint8 *bytes, gsize n_bytes, GArray *pauses);

#endif /* FUZZ_SESSION_H */
