/*
 * gvncviewer: the dialogs: logging in, certificates, why a connection
 * ended, confirmations, and saving a screenshot
 *
 * Dialogs that the session waits on without blocking (the log-in, the
 * message after a disconnect) answer through a response handler; the
 * ones whose answer is needed at once (a certificate, which the
 * connection's signal must return, and confirmations) run modally.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>

#include <gnutls/x509.h>

#include "gvncviewer.h"
#include "gvncviewer-compat.h"

/* Response ids of our own buttons. */
enum {
    VIEWER_RESPONSE_RECONNECT = 1,
    VIEWER_RESPONSE_QUIT = 2,
};

/* ---- logging in -------------------------------------------------------- */

typedef struct {
    Viewer *viewer;
    VncDisplay *display;     /* the session that asked */
    guint n_kinds;
    guint kinds[3];
    GtkWidget *entries[3];
} CredentialRequest;

static void
credential_request_free(gpointer data, GClosure *closure)
{
    g_free(data);
}

static void
on_credentials_response(GtkDialog *dialog, int response, CredentialRequest *req)
{
    Viewer *viewer = req->viewer;

    if (viewer->display != req->display) {
        /* Another session by now; this answer is for nobody. */
        gtk_widget_destroy(GTK_WIDGET(dialog));
        return;
    }

    if (response == GTK_RESPONSE_OK) {
        for (guint i = 0; i < req->n_kinds; i++) {
            const char *text = gtk_entry_get_text(GTK_ENTRY(req->entries[i]));

            /* Kept for a reconnection; a refused login wipes them. */
            if (req->kinds[i] == VNC_DISPLAY_CREDENTIAL_PASSWORD) {
                vnc_credentials_free_secret(viewer->password);
                viewer->password = g_strdup(text);
            } else if (req->kinds[i] == VNC_DISPLAY_CREDENTIAL_USERNAME) {
                g_free(viewer->username);
                viewer->username = g_strdup(text);
            }
            vnc_display_set_credential(viewer->display, req->kinds[i], text);
        }
        /* The entry's buffer holds the password too. */
        for (guint i = 0; i < req->n_kinds; i++)
            gtk_entry_set_text(GTK_ENTRY(req->entries[i]), "");
    } else {
        viewer_session_fail(viewer, _("The login was cancelled."));
        viewer_disconnect(viewer, TRUE);
    }
    viewer->credential_dialog = NULL;
    gtk_widget_destroy(GTK_WIDGET(dialog));
}

void
viewer_dialog_credentials(Viewer *viewer, const guint *kinds, guint n_kinds)
{
    CredentialRequest *req = g_new0(CredentialRequest, 1);
    GtkWidget *dialog, *content, *box, *label;

    if (viewer->credential_dialog)
        gtk_widget_destroy(viewer->credential_dialog);

    dialog = gtk_dialog_new_with_buttons(_("Authentication required"),
                                         GTK_WINDOW(viewer->window),
                                         GTK_DIALOG_DESTROY_WITH_PARENT,
                                         _("_Cancel"), GTK_RESPONSE_CANCEL,
                                         _("_Log In"), GTK_RESPONSE_OK,
                                         NULL);
    gtk_dialog_set_default_response(GTK_DIALOG(dialog), GTK_RESPONSE_OK);
    gtk_window_set_resizable(GTK_WINDOW(dialog), FALSE);
    content = gtk_dialog_get_content_area(GTK_DIALOG(dialog));
    box = viewer_box_new(GTK_ORIENTATION_VERTICAL, 6);
    gtk_container_set_border_width(GTK_CONTAINER(box), 12);
    gtk_box_pack_start(GTK_BOX(content), box, TRUE, TRUE, 0);

    g_autofree char *intro =
        /* TRANSLATORS: %s is the server, as given on the command line */
        g_strdup_printf(_("The server %s asks you to log in."), viewer->address->label);
    gtk_box_pack_start(GTK_BOX(box), viewer_label_new(intro), FALSE, FALSE, 0);

    req->viewer = viewer;
    req->display = viewer->display;
    for (guint i = 0; i < n_kinds && req->n_kinds < G_N_ELEMENTS(req->kinds); i++) {
        gboolean secret = kinds[i] == VNC_DISPLAY_CREDENTIAL_PASSWORD;
        GtkWidget *entry = gtk_entry_new();

        /* Only these two are ever asked for here (the client name is
         * the viewer's own). */
        label = gtk_label_new_with_mnemonic(secret ? _("_Password:") : _("_User name:"));
        gtk_label_set_mnemonic_widget(GTK_LABEL(label), entry);
        viewer_label_align_start(label);
        gtk_entry_set_visibility(GTK_ENTRY(entry), !secret);
        gtk_entry_set_activates_default(GTK_ENTRY(entry), TRUE);
        gtk_box_pack_start(GTK_BOX(box), label, FALSE, FALSE, 0);
        gtk_box_pack_start(GTK_BOX(box), entry, FALSE, FALSE, 0);
        req->kinds[req->n_kinds] = kinds[i];
        req->entries[req->n_kinds] = entry;
        req->n_kinds++;
    }

    g_signal_connect_data(dialog, "response", G_CALLBACK(on_credentials_response), req,
                          credential_request_free, 0);
    viewer->credential_dialog = dialog;
    gtk_widget_show_all(dialog);
    if (req->n_kinds > 0)
        gtk_widget_grab_focus(req->entries[0]);
    gtk_window_present(GTK_WINDOW(dialog));
}

/* Dialogs that belong to a session go with it. */
void
viewer_dialogs_close_session(Viewer *viewer)
{
    if (viewer->credential_dialog) {
        GtkWidget *dialog = viewer->credential_dialog;
        viewer->credential_dialog = NULL;
        gtk_widget_destroy(dialog);
    }
}

/* ---- certificates ------------------------------------------------------ */

/* What a person can read in the certificate (subject, issuer, dates...),
 * then the certificate itself; the PEM alone when GnuTLS cannot read it. */
static char *
describe_certificate(const char *pem)
{
    gnutls_x509_crt_t crt = NULL;
    gnutls_datum_t data = { (unsigned char *)pem, (unsigned int)strlen(pem) };
    gnutls_datum_t text = { NULL, 0 };
    char *description = NULL;

    if (gnutls_x509_crt_init(&crt) == 0 &&
        gnutls_x509_crt_import(crt, &data, GNUTLS_X509_FMT_PEM) == 0 &&
        gnutls_x509_crt_print(crt, GNUTLS_CRT_PRINT_FULL, &text) == 0)
        description = g_strdup_printf("%.*s\n%s", (int)text.size, (const char *)text.data,
                                      pem);
    gnutls_free(text.data);
    if (crt)
        gnutls_x509_crt_deinit(crt);
    return description ? description : g_strdup(pem);
}

gboolean
viewer_dialog_certificate(Viewer *viewer, const char *pem, const char *reason)
{
    GtkWidget *dialog, *area, *expander, *scrolled, *view;
    GtkTextBuffer *buffer;
    GtkTextIter start, end;
    int response;

    dialog = gtk_message_dialog_new(GTK_WINDOW(viewer->window), GTK_DIALOG_MODAL |
                                    GTK_DIALOG_DESTROY_WITH_PARENT,
                                    GTK_MESSAGE_WARNING, GTK_BUTTONS_NONE,
                                    _("The server's certificate is not trusted"));
    gtk_window_set_title(GTK_WINDOW(dialog), _("Untrusted certificate"));
    /* The library's reason is a clause ("it is not signed by ..."). */
    if (!reason || !*reason)
        reason = _("it failed its checks");
    g_autofree char *first = g_utf8_substring(reason, 0, 1);
    g_autofree char *upper = g_utf8_strup(first, -1);
    gtk_message_dialog_format_secondary_text(
        GTK_MESSAGE_DIALOG(dialog),
        _("%s%s.\n\nSomeone may be pretending to be the server %s. Accept the "
          "certificate only if you know why it fails these checks."),
        upper, g_utf8_offset_to_pointer(reason, 1), viewer->address->label);
    gtk_dialog_add_buttons(GTK_DIALOG(dialog),
                           _("_Refuse"), GTK_RESPONSE_REJECT,
                           _("_Accept for This Connection"), GTK_RESPONSE_ACCEPT,
                           NULL);
    /* Enter, Escape and closing the window all refuse. */
    gtk_dialog_set_default_response(GTK_DIALOG(dialog), GTK_RESPONSE_REJECT);

    area = gtk_message_dialog_get_message_area(GTK_MESSAGE_DIALOG(dialog));
    expander = gtk_expander_new_with_mnemonic(_("_Certificate"));
    scrolled = gtk_scrolled_window_new(NULL, NULL);
    gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(scrolled),
                                   GTK_POLICY_AUTOMATIC, GTK_POLICY_AUTOMATIC);
    gtk_widget_set_size_request(scrolled, 520, 240);
    view = gtk_text_view_new();
    gtk_text_view_set_editable(GTK_TEXT_VIEW(view), FALSE);
    buffer = gtk_text_view_get_buffer(GTK_TEXT_VIEW(view));
    gtk_text_buffer_create_tag(buffer, "pem", "family", "monospace", NULL);
    g_autofree char *details = pem && *pem ? describe_certificate(pem) :
        g_strdup(_("(the server sent none)"));
    gtk_text_buffer_set_text(buffer, details, -1);
    gtk_text_buffer_get_bounds(buffer, &start, &end);
    gtk_text_buffer_apply_tag_by_name(buffer, "pem", &start, &end);
    gtk_container_add(GTK_CONTAINER(scrolled), view);
    gtk_container_add(GTK_CONTAINER(expander), scrolled);
    gtk_box_pack_start(GTK_BOX(area), expander, TRUE, TRUE, 0);
    gtk_widget_show_all(expander);

    response = gtk_dialog_run(GTK_DIALOG(dialog));
    gtk_widget_destroy(dialog);
    return response == GTK_RESPONSE_ACCEPT;
}

/* ---- messages ---------------------------------------------------------- */

static void
on_message_response(GtkDialog *dialog, int response, Viewer *viewer)
{
    if (viewer->message_dialog == GTK_WIDGET(dialog))
        viewer->message_dialog = NULL;
    gtk_widget_destroy(GTK_WIDGET(dialog));

    switch (response) {
    case VIEWER_RESPONSE_RECONNECT:
        viewer_reconnect(viewer);
        break;
    case VIEWER_RESPONSE_QUIT:
        viewer_quit(viewer);
        break;
    default:
        break;
    }
}

static GtkWidget *
viewer_message_dialog_new(Viewer *viewer, GtkMessageType type, const char *primary,
                          const char *secondary)
{
    GtkWidget *dialog;

    /* One message at a time: a new one replaces the last. */
    if (viewer->message_dialog)
        gtk_widget_destroy(viewer->message_dialog);
    dialog = gtk_message_dialog_new(GTK_WINDOW(viewer->window),
                                    GTK_DIALOG_DESTROY_WITH_PARENT,
                                    type, GTK_BUTTONS_NONE, "%s", primary);
    if (secondary)
        gtk_message_dialog_format_secondary_text(GTK_MESSAGE_DIALOG(dialog), "%s",
                                                 secondary);
    g_signal_connect(dialog, "response", G_CALLBACK(on_message_response), viewer);
    viewer->message_dialog = dialog;
    return dialog;
}

void
viewer_dialog_message(Viewer *viewer, GtkMessageType type, const char *primary,
                      const char *secondary)
{
    GtkWidget *dialog = viewer_message_dialog_new(viewer, type, primary, secondary);

    gtk_dialog_add_button(GTK_DIALOG(dialog), _("_Close"), GTK_RESPONSE_CLOSE);
    gtk_widget_show(dialog);
}

/* Says why the session ended, and offers to connect again. Closing the
 * message leaves the last picture in the window, and Reconnect in the
 * Connection menu. */
void
viewer_dialog_disconnected(Viewer *viewer)
{
    g_autofree char *primary = NULL;
    GtkWidget *dialog;

    if (viewer->had_desktop)
        /* TRANSLATORS: %s is the server, as given on the command line */
        primary = g_strdup_printf(_("The connection to %s ended"), viewer->address->label);
    else
        /* TRANSLATORS: %s is the server, as given on the command line */
        primary = g_strdup_printf(_("Cannot connect to %s"), viewer->address->label);
    /* Also for a terminal (and a log): the dialog goes with the window. */
    g_printerr("gvncviewer: %s: %s\n", primary,
               viewer->failure ? viewer->failure : _("The server closed the connection."));

    dialog = viewer_message_dialog_new(viewer,
                                       viewer->had_desktop ? GTK_MESSAGE_INFO :
                                       GTK_MESSAGE_ERROR, primary,
                                       viewer->failure ? viewer->failure :
                                       _("The server closed the connection."));
    gtk_window_set_title(GTK_WINDOW(dialog), _("Disconnected"));
    gtk_dialog_add_buttons(GTK_DIALOG(dialog),
                           _("_Quit"), VIEWER_RESPONSE_QUIT,
                           _("_Close"), GTK_RESPONSE_CLOSE,
                           _("_Reconnect"), VIEWER_RESPONSE_RECONNECT,
                           NULL);
    gtk_dialog_set_default_response(GTK_DIALOG(dialog), VIEWER_RESPONSE_RECONNECT);
    gtk_widget_show(dialog);
}

gboolean
viewer_dialog_confirm(Viewer *viewer, const char *title, const char *primary,
                      const char *secondary, const char *action)
{
    GtkWidget *dialog;
    int response;

    dialog = gtk_message_dialog_new(GTK_WINDOW(viewer->window),
                                    GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                    GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                    "%s", primary);
    gtk_window_set_title(GTK_WINDOW(dialog), title);
    gtk_message_dialog_format_secondary_text(GTK_MESSAGE_DIALOG(dialog), "%s", secondary);
    gtk_dialog_add_buttons(GTK_DIALOG(dialog),
                           _("_Cancel"), GTK_RESPONSE_CANCEL,
                           action, GTK_RESPONSE_ACCEPT,
                           NULL);
    gtk_dialog_set_default_response(GTK_DIALOG(dialog), GTK_RESPONSE_CANCEL);
    response = gtk_dialog_run(GTK_DIALOG(dialog));
    gtk_widget_destroy(dialog);
    return response == GTK_RESPONSE_ACCEPT;
}

/* ---- screenshots ------------------------------------------------------- */

void
viewer_dialog_screenshot(Viewer *viewer)
{
    g_autoptr(GdkPixbuf) pixbuf = NULL;
    g_autoptr(GError) err = NULL;
    g_autofree char *filename = NULL;
    GtkWidget *dialog;
    GtkFileFilter *filter;

    if (!viewer->display || !viewer->initialized)
        return;
    /* The picture as it was when asked for, not when the name is typed. */
    pixbuf = vnc_display_get_pixbuf(viewer->display);
    if (!pixbuf)
        return;

    dialog = gtk_file_chooser_dialog_new(_("Save Screenshot"), GTK_WINDOW(viewer->window),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Cancel"), GTK_RESPONSE_CANCEL,
                                         _("_Save"), GTK_RESPONSE_ACCEPT,
                                         NULL);
    gtk_dialog_set_default_response(GTK_DIALOG(dialog), GTK_RESPONSE_ACCEPT);
    gtk_file_chooser_set_do_overwrite_confirmation(GTK_FILE_CHOOSER(dialog), TRUE);
    g_autofree char *cwd = g_get_current_dir();
    gtk_file_chooser_set_current_folder(GTK_FILE_CHOOSER(dialog), cwd);
    gtk_file_chooser_set_current_name(GTK_FILE_CHOOSER(dialog), _("screenshot.png"));
    filter = gtk_file_filter_new();
    gtk_file_filter_set_name(filter, _("PNG images"));
    gtk_file_filter_add_mime_type(filter, "image/png");
    gtk_file_filter_add_pattern(filter, "*.png");
    gtk_file_chooser_add_filter(GTK_FILE_CHOOSER(dialog), filter);

    if (gtk_dialog_run(GTK_DIALOG(dialog)) == GTK_RESPONSE_ACCEPT)
        filename = gtk_file_chooser_get_filename(GTK_FILE_CHOOSER(dialog));
    gtk_widget_destroy(dialog);
    if (!filename)
        return;

    if (!gdk_pixbuf_save(pixbuf, filename, "png", &err, NULL)) {
        g_autofree char *primary =
            /* TRANSLATORS: %s is a file name */
            g_strdup_printf(_("Cannot save the screenshot as %s"), filename);
        viewer_dialog_message(viewer, GTK_MESSAGE_ERROR, primary, err->message);
    }
}
