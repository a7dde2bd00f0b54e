/*
 * gtk-vnc fuzzing: arbitrary server bytes from the very first byte,
 * through the real connection
 *
 * Each input is everything the server sends in one session of
 * fuzz-session.c (the server and the embedder, what counts as a
 * finding), with no header: the protocol version string, the security
 * type list or the RFB 3.3 security type, a refusal's reason string, the
 * security type's own exchange (the VNC authentication challenge,
 * VeNCrypt's version and sub-type list, ARD's and MS-Logon II's
 * Diffie-Hellman parameters, the SASL mechanism list), SecurityResult and
 * its reason, ServerInit with its pixel format and desktop name, then
 * server messages as in fuzz-server-messages.c. The embedder answers
 * every credential the library asks for (FUZZ_PASSWORD, FUZZ_USERNAME,
 * a client name) so that the input goes on past authentication; the
 * security type is the library's own choice (the server's first
 * supported one).
 *
 * The server does not wait for the client's answers: it sends the input
 * as fast as the client reads it and then shuts its write side down,
 * except where the input holds FUZZ_PAUSE_MARKER ("\xffWAIT", not sent):
 * there it waits until the client has said something, or has nothing
 * left to do. Without a pause, what follows the start of TLS arrives
 * before the client's ClientHello, which the library refuses (an
 * injection); with one, it reaches the TLS layer. For the exchanges that
 * depend on what the client sends (a TLS handshake, SASL's steps) the
 * bytes cannot be right; what is checked there is that garbage ends the
 * session cleanly, with vnc-error and vnc-disconnected.
 *
 * Seeds: corpus-handshake/, written by make-handshake-corpus.py.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>

#include <glib.h>

#include "fuzz-session.h"
#include "fuzz-target.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The framebuffer in the server's format when it is true colour,
     * 32-bit xRGB for a colour map, replaced on every change, as a
     * widget does. */
    FuzzSessionConfig config = {
        .local = {
            .bits_per_pixel = 32, .depth = 24, .byte_order = G_LITTLE_ENDIAN,
            .true_color_flag = 1,
            .red_max = 255, .green_max = 255, .blue_max = 255,
            .red_shift = 16, .green_shift = 8, .blue_shift = 0,
        },
        .local_is_remote = TRUE,
        .lazy = FALSE,
        .pause_marker = TRUE,
    };

    fuzz_session_run(&config, data, size, size);
    return 0;
}
