/*
 * gtk-vnc tests: a scripted fake VNC server
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>

#include "fake-server.h"
#include "test-utils.h"

typedef enum {
    STEP_SEND,
    STEP_EXPECT,
    STEP_CAPTURE,
    STEP_EXPECT_REPLY,
    STEP_EXPECT_EOF,
    STEP_CALL,
    STEP_CLOSE,
    STEP_SERVE,
} StepKind;

typedef struct {
    StepKind kind;
    char *what;
    GBytes *data;               /* SEND, EXPECT */
    gsize done;                 /* SEND: bytes written so far */
    guint8 msg_type;            /* CAPTURE */
    guint capture_index;        /* CAPTURE */
    gsize len;                  /* EXPECT_REPLY */
    FakeServerReplyFunc reply;  /* EXPECT_REPLY, SERVE */
    FakeServerFunc func;        /* CALL */
    gpointer user_data;
    gboolean counted;           /* SEND: part of the script, not a reply */
} Step;

struct _FakeServer {
    GSocket *socket;
    GSource *watch;
    GPtrArray *steps;
    guint next;
    GByteArray *input;          /* received, not yet consumed by a step */
    GPtrArray *captured;        /* GBytes, or NULL until received */
    gsize sent;
    gsize send_limit;
    gsize discarded;
    gboolean trickle;           /* one byte per main loop iteration */
    gboolean peer_closed;       /* sending failed: the client is gone */
    gboolean started;
    gboolean finished;
    gboolean pumping;
    char *failure;
    FakeServerFunc finished_func;
    gpointer finished_data;
};

typedef enum {
    STEP_DONE,
    STEP_WAIT_IN,
    STEP_WAIT_OUT,
    STEP_WAIT_IDLE, /* trickling: let the client run first */
    STEP_STOP,   /* the script ended here (failure, or the send limit) */
    STEP_AGAIN,  /* steps were inserted before this one: run them first */
} StepStatus;

static void fake_server_pump(FakeServer *server);

static void
step_free(gpointer data)
{
    Step *step = data;

    g_free(step->what);
    g_clear_pointer(&step->data, g_bytes_unref);
    g_free(step);
}

static void
captured_free(gpointer data)
{
    if (data)
        g_bytes_unref(data);
}

FakeServer *
fake_server_new(int fd)
{
    FakeServer *server = g_new0(FakeServer, 1);
    GError *err = NULL;

    server->socket = g_socket_new_from_fd(fd, &err);
    g_assert_no_error(err);
    g_socket_set_blocking(server->socket, FALSE);
    server->steps = g_ptr_array_new_with_free_func(step_free);
    server->input = g_byte_array_new();
    server->captured = g_ptr_array_new_with_free_func(captured_free);
    server->send_limit = G_MAXSIZE;
    return server;
}

void
fake_server_free(FakeServer *server)
{
    if (!server)
        return;
    if (server->watch) {
        g_source_destroy(server->watch);
        g_source_unref(server->watch);
    }
    g_socket_close(server->socket, NULL);
    g_object_unref(server->socket);
    g_ptr_array_unref(server->steps);
    g_byte_array_unref(server->input);
    g_ptr_array_unref(server->captured);
    g_free(server->failure);
    g_free(server);
}

void
fake_server_set_finished_func(FakeServer *server, FakeServerFunc func,
                              gpointer user_data)
{
    server->finished_func = func;
    server->finished_data = user_data;
}

static Step *
add_step(FakeServer *server, StepKind kind, const char *what)
{
    Step *step = g_new0(Step, 1);

    step->kind = kind;
    step->what = g_strdup(what);
    g_ptr_array_add(server->steps, step);
    return step;
}

void
fake_server_send(FakeServer *server, const char *what, const void *data, gsize len)
{
    Step *step = add_step(server, STEP_SEND, what);

    step->data = g_bytes_new(data, len);
    step->counted = TRUE;
}

void
fake_server_send_msg(FakeServer *server, const char *what, GByteArray *msg)
{
    Step *step = add_step(server, STEP_SEND, what);

    step->data = g_byte_array_free_to_bytes(msg);
    step->counted = TRUE;
}

void
fake_server_expect(FakeServer *server, const char *what, const void *data, gsize len)
{
    Step *step = add_step(server, STEP_EXPECT, what);

    step->data = g_bytes_new(data, len);
}

void
fake_server_expect_msg(FakeServer *server, const char *what, GByteArray *msg)
{
    Step *step = add_step(server, STEP_EXPECT, what);

    step->data = g_byte_array_free_to_bytes(msg);
}

guint
fake_server_capture(FakeServer *server, guint8 type)
{
    Step *step = add_step(server, STEP_CAPTURE, test_client_message_name(type));

    step->msg_type = type;
    step->capture_index = server->captured->len;
    g_ptr_array_add(server->captured, NULL);
    return step->capture_index;
}

void
fake_server_expect_reply(FakeServer *server, const char *what, gsize len,
                         FakeServerReplyFunc func, gpointer user_data)
{
    Step *step = add_step(server, STEP_EXPECT_REPLY, what);

    step->len = len;
    step->reply = func;
    step->user_data = user_data;
}

void
fake_server_expect_eof(FakeServer *server)
{
    add_step(server, STEP_EXPECT_EOF, "the client closing the connection");
}

void
fake_server_call(FakeServer *server, const char *what, FakeServerFunc func,
                 gpointer user_data)
{
    Step *step = add_step(server, STEP_CALL, what);

    step->func = func;
    step->user_data = user_data;
}

void
fake_server_close(FakeServer *server)
{
    add_step(server, STEP_CLOSE, "closing the connection");
}

void
fake_server_serve(FakeServer *server, FakeServerReplyFunc func, gpointer user_data)
{
    Step *step = add_step(server, STEP_SERVE, "serving the client");

    step->reply = func;
    step->user_data = user_data;
}

static void
insert_send(FakeServer *server, guint index, const char *what, GBytes *data)
{
    Step *send = g_new0(Step, 1);

    send->kind = STEP_SEND;
    send->what = g_strdup(what);
    send->data = data;
    g_ptr_array_insert(server->steps, index, send);
}

void
fake_server_send_now(FakeServer *server, const char *what, GByteArray *msg)
{
    Step *current = server->next < server->steps->len ? server->steps->pdata[server->next] : NULL;
    guint index = server->next;

    /* From inside a step that is not serving (a call step), the send
     * comes right after it; a serving step sees it and lets it go first. */
    if (server->pumping && current && current->kind != STEP_SERVE)
        index++;
    insert_send(server, index, what, g_byte_array_free_to_bytes(msg));
    /* Waiting for the client: stop waiting and send. */
    if (server->started && !server->finished && !server->pumping) {
        if (server->watch) {
            g_source_destroy(server->watch);
            g_source_unref(server->watch);
            server->watch = NULL;
        }
        fake_server_pump(server);
    }
}

void
fake_server_set_trickle(FakeServer *server, gboolean trickle)
{
    server->trickle = trickle;
}

void
fake_server_set_send_limit(FakeServer *server, gsize limit)
{
    server->send_limit = limit;
}

gsize
fake_server_get_script_bytes(FakeServer *server)
{
    gsize total = 0;

    for (guint i = 0; i < server->steps->len; i++) {
        Step *step = server->steps->pdata[i];
        if (step->kind == STEP_SEND && step->counted)
            total += g_bytes_get_size(step->data);
    }
    return total;
}

gsize
fake_server_get_sent(FakeServer *server)
{
    return server->sent;
}

gboolean
fake_server_is_finished(FakeServer *server)
{
    return server->finished;
}

const char *
fake_server_get_failure(FakeServer *server)
{
    return server->failure;
}

GBytes *
fake_server_get_captured(FakeServer *server, guint index)
{
    g_assert_cmpuint(index, <, server->captured->len);
    return server->captured->pdata[index];
}

gsize
fake_server_get_discarded(FakeServer *server)
{
    return server->discarded;
}

static const char *
step_kind_name(StepKind kind)
{
    switch (kind) {
    case STEP_SEND: return "send";
    case STEP_EXPECT: return "expect";
    case STEP_CAPTURE: return "expect a message";
    case STEP_EXPECT_REPLY: return "expect and answer";
    case STEP_EXPECT_EOF: return "expect";
    case STEP_CALL: return "call";
    case STEP_CLOSE: return "close";
    case STEP_SERVE: return "serve";
    default: return "?";
    }
}

char *
fake_server_describe(FakeServer *server)
{
    g_autofree char *pending = test_hex(server->input->data, server->input->len, 32);

    if (server->next >= server->steps->len)
        return g_strdup_printf("the fake server finished its script of %u steps",
                               server->steps->len);

    Step *step = server->steps->pdata[server->next];
    return g_strdup_printf("the fake server is at step %u of %u (%s %s); "
                           "%" G_GSIZE_FORMAT " bytes sent so far; unread input: %s",
                           server->next + 1, server->steps->len,
                           step_kind_name(step->kind), step->what,
                           server->sent, pending);
}

static void
finish(FakeServer *server)
{
    if (server->finished)
        return;
    server->finished = TRUE;
    if (server->finished_func)
        server->finished_func(server, server->finished_data);
}

static StepStatus G_GNUC_PRINTF(3, 4)
fail(FakeServer *server, Step *step, const char *fmt, ...)
{
    va_list args;
    g_autofree char *msg = NULL;

    va_start(args, fmt);
    msg = g_strdup_vprintf(fmt, args);
    va_end(args);
    server->failure = g_strdup_printf("step %u (%s %s): %s", server->next + 1,
                                      step_kind_name(step->kind), step->what, msg);
    g_socket_close(server->socket, NULL);
    return STEP_STOP;
}

static void
close_socket(FakeServer *server)
{
    g_socket_close(server->socket, NULL);
}

/* The peer closed or reset the connection: both count as "closed" here,
 * since a client that closes with unread data makes the kernel reset it. */
static gboolean
is_closed_error(const GError *err)
{
    return g_error_matches(err, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
        g_error_matches(err, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
        g_error_matches(err, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED);
}

/* Reads what is there. TRUE if something arrived; FALSE with *eof or
 * with nothing to read now. */
static gboolean
receive_some(FakeServer *server, gboolean *eof, GError **err)
{
    guint8 buf[65536];
    gssize n;

    *eof = FALSE;
    n = g_socket_receive(server->socket, (gchar *)buf, sizeof(buf), NULL, err);
    if (n < 0) {
        if (g_error_matches(*err, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK)) {
            g_clear_error(err);
            return FALSE;
        }
        if (is_closed_error(*err)) {
            g_clear_error(err);
            *eof = TRUE;
        }
        return FALSE;
    }
    if (n == 0) {
        *eof = TRUE;
        return FALSE;
    }
    g_byte_array_append(server->input, buf, n);
    return TRUE;
}

/* Makes sure at least @want bytes are buffered. STEP_DONE when they are,
 * STEP_WAIT_IN when they may still come, STEP_STOP (with a failure) when
 * the client closed or the socket failed. */
static StepStatus
need_input(FakeServer *server, Step *step, gsize want)
{
    while (server->input->len < want) {
        GError *err = NULL;
        gboolean eof;

        if (!receive_some(server, &eof, &err)) {
            if (err) {
                StepStatus st = fail(server, step, "reading failed: %s", err->message);
                g_error_free(err);
                return st;
            }
            if (eof) {
                g_autofree char *got = test_hex(server->input->data, server->input->len, 64);
                return fail(server, step, "the client closed the connection; "
                            "it sent only: %s", got);
            }
            return STEP_WAIT_IN;
        }
    }
    return STEP_DONE;
}

static void
consume_input(FakeServer *server, gsize len)
{
    g_byte_array_remove_range(server->input, 0, len);
}

static StepStatus
run_send(FakeServer *server, Step *step)
{
    gsize size;
    const guint8 *data = g_bytes_get_data(step->data, &size);

    if (server->peer_closed)
        return STEP_DONE;

    while (step->done < size) {
        gsize len = size - step->done;
        gboolean cut = FALSE;
        GError *err = NULL;
        gssize n;

        if (server->sent >= server->send_limit) {
            /* The cut lands here: close instead of sending more. */
            close_socket(server);
            return STEP_STOP;
        }
        if (len > server->send_limit - server->sent) {
            len = server->send_limit - server->sent;
            cut = TRUE;
        }
        if (server->trickle && len > 1) {
            len = 1;
            cut = FALSE;
        }
        n = g_socket_send(server->socket, (const gchar *)data + step->done, len,
                          NULL, &err);
        if (n < 0) {
            if (g_error_matches(err, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK)) {
                g_error_free(err);
                return STEP_WAIT_OUT;
            }
            if (is_closed_error(err)) {
                /* The client gave up on us; the steps that follow say
                 * whether that was expected. */
                g_error_free(err);
                server->peer_closed = TRUE;
                return STEP_DONE;
            }
            StepStatus st = fail(server, step, "sending failed: %s", err->message);
            g_error_free(err);
            return st;
        }
        step->done += n;
        server->sent += n;
        if (cut && (gsize)n == len) {
            close_socket(server);
            return STEP_STOP;
        }
        if (server->trickle && step->done < size)
            return STEP_WAIT_IDLE;
    }
    return STEP_DONE;
}

static StepStatus
run_expect(FakeServer *server, Step *step)
{
    gsize size;
    const guint8 *want = g_bytes_get_data(step->data, &size);

    /* Compare as bytes arrive so that a wrong answer fails at once,
     * rather than after a timeout when it is shorter than expected. */
    for (;;) {
        gsize have = MIN(server->input->len, size);

        if (have && memcmp(server->input->data, want, have) != 0) {
            g_autofree char *exp = test_hex(want, size, 64);
            g_autofree char *got = test_hex(server->input->data,
                                            MIN(server->input->len, MAX(size, 16)), 64);
            return fail(server, step, "the client sent other bytes\n"
                        "  expected: %s\n  received: %s", exp, got);
        }
        if (have == size)
            break;
        StepStatus st = need_input(server, step, server->input->len + 1);
        if (st != STEP_DONE)
            return st;
    }
    consume_input(server, size);
    return STEP_DONE;
}

static StepStatus
run_capture(FakeServer *server, Step *step)
{
    StepStatus st;
    gssize len;

    st = need_input(server, step, 1);
    if (st != STEP_DONE)
        return st;
    if (server->input->data[0] != step->msg_type) {
        g_autofree char *got = test_hex(server->input->data, server->input->len, 64);
        return fail(server, step, "the client sent a %s message (type %u) instead: %s",
                    test_client_message_name(server->input->data[0]),
                    server->input->data[0], got);
    }
    for (;;) {
        len = test_client_message_length(server->input->data, server->input->len);
        if (len != 0)
            break;
        st = need_input(server, step, server->input->len + 1);
        if (st != STEP_DONE)
            return st;
    }
    st = need_input(server, step, len);
    if (st != STEP_DONE)
        return st;
    server->captured->pdata[step->capture_index] = g_bytes_new(server->input->data, len);
    consume_input(server, len);
    return STEP_DONE;
}

static StepStatus
run_expect_reply(FakeServer *server, Step *step)
{
    StepStatus st = need_input(server, step, step->len);
    GByteArray *reply;

    if (st != STEP_DONE)
        return st;
    reply = step->reply(server, server->input->data, step->len, step->user_data);
    consume_input(server, step->len);
    if (reply) {
        /* The answer goes out as the very next step. */
        Step *send = g_new0(Step, 1);
        send->kind = STEP_SEND;
        send->what = g_strdup_printf("the answer to %s", step->what);
        send->data = g_byte_array_free_to_bytes(reply);
        g_ptr_array_insert(server->steps, server->next + 1, send);
    }
    return STEP_DONE;
}

static StepStatus
run_expect_eof(FakeServer *server, Step *step)
{
    for (;;) {
        GError *err = NULL;
        gboolean eof;

        server->discarded += server->input->len;
        g_byte_array_set_size(server->input, 0);
        if (receive_some(server, &eof, &err))
            continue;
        if (eof)
            return STEP_DONE;
        if (err) {
            StepStatus st = fail(server, step, "reading failed: %s", err->message);
            g_error_free(err);
            return st;
        }
        return STEP_WAIT_IN;
    }
}

static StepStatus
run_serve(FakeServer *server, Step *step)
{
    for (;;) {
        gssize len = 0;

        if (server->input->len) {
            len = test_client_message_length(server->input->data, server->input->len);
            if (len < 0) {
                g_autofree char *got = test_hex(server->input->data, server->input->len, 64);
                return fail(server, step, "the client sent a message of unknown type %u: %s",
                            server->input->data[0], got);
            }
        }
        if (len > 0 && (gsize)len <= server->input->len) {
            GByteArray *reply = step->reply(server, server->input->data, len, step->user_data);

            consume_input(server, len);
            if (reply)
                insert_send(server, server->next, "an answer while serving",
                            g_byte_array_free_to_bytes(reply));
            /* The function (or the answer) may have put sends first. */
            if (server->steps->pdata[server->next] != step)
                return STEP_AGAIN;
            continue;
        }

        GError *err = NULL;
        gboolean eof;
        if (!receive_some(server, &eof, &err)) {
            if (err) {
                StepStatus st = fail(server, step, "reading failed: %s", err->message);
                g_error_free(err);
                return st;
            }
            if (eof) {
                /* Whatever is left is a message cut short by the close. */
                server->discarded += server->input->len;
                g_byte_array_set_size(server->input, 0);
                return STEP_DONE;
            }
            return STEP_WAIT_IN;
        }
    }
}

static StepStatus
run_step(FakeServer *server, Step *step)
{
    switch (step->kind) {
    case STEP_SEND:
        return run_send(server, step);
    case STEP_EXPECT:
        return run_expect(server, step);
    case STEP_CAPTURE:
        return run_capture(server, step);
    case STEP_EXPECT_REPLY:
        return run_expect_reply(server, step);
    case STEP_EXPECT_EOF:
        return run_expect_eof(server, step);
    case STEP_CALL:
        step->func(server, step->user_data);
        return STEP_DONE;
    case STEP_CLOSE:
        close_socket(server);
        return STEP_DONE;
    case STEP_SERVE:
        return run_serve(server, step);
    default:
        g_assert_not_reached();
    }
}

static gboolean
on_idle(gpointer data)
{
    FakeServer *server = data;

    g_source_unref(server->watch);
    server->watch = NULL;
    fake_server_pump(server);
    return G_SOURCE_REMOVE;
}

static gboolean
on_socket_ready(GSocket *socket, GIOCondition cond, gpointer data)
{
    FakeServer *server = data;

    g_source_unref(server->watch);
    server->watch = NULL;
    fake_server_pump(server);
    return G_SOURCE_REMOVE;
}

static void
wait_for_idle(FakeServer *server)
{
    /* Below the client's socket and signal sources, so it reads first. */
    server->watch = g_idle_source_new();
    g_source_set_priority(server->watch, G_PRIORITY_LOW);
    g_source_set_callback(server->watch, on_idle, server, NULL);
    g_source_attach(server->watch, NULL);
}

static void
wait_for(FakeServer *server, GIOCondition cond)
{
    /* HUP and ERR are always reported; the step sees them when it reads. */
    server->watch = g_socket_create_source(server->socket, cond, NULL);
    g_source_set_callback(server->watch, (GSourceFunc)(void (*)(void))on_socket_ready,
                          server, NULL);
    g_source_attach(server->watch, NULL);
}

static void
fake_server_pump(FakeServer *server)
{
    if (server->pumping || server->finished)
        return;
    server->pumping = TRUE;
    while (server->next < server->steps->len) {
        Step *step = server->steps->pdata[server->next];
        StepStatus st = run_step(server, step);

        if (st == STEP_WAIT_IN || st == STEP_WAIT_OUT || st == STEP_WAIT_IDLE) {
            if (st == STEP_WAIT_IDLE)
                wait_for_idle(server);
            else
                wait_for(server, st == STEP_WAIT_IN ? G_IO_IN : G_IO_OUT);
            server->pumping = FALSE;
            return;
        }
        if (st == STEP_STOP)
            break;
        if (st == STEP_AGAIN)
            continue;
        server->next++;
    }
    server->pumping = FALSE;
    finish(server);
}


void
fake_server_start(FakeServer *server)
{
    g_assert_false(server->started);
    server->started = TRUE;
    server->watch = g_idle_source_new();
    g_source_set_callback(server->watch, on_idle, server, NULL);
    g_source_attach(server->watch, NULL);
}
