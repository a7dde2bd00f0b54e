#!/usr/bin/env python3
# vnc-console.py: a VNC console in Python, the way virt-manager embeds
# gtk-vnc: GtkVnc.Display (GtkVnc-2.0, GTK 3) in a window of its own,
# through PyGObject and the introspection data.
#
#   python3 vnc-console.py [--password-file FILE] [--scaling] HOST PORT
#
# The password comes from --password-file, else from the environment
# variable VNC_PASSWORD, else from a dialog. The window's title shows the
# desktop's name and how to release a grabbed pointer; a button sends
# Ctrl+Alt+Del. It exits with 0 when the window is closed and 1 when the
# connection fails or the server ends it, saying why.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import argparse
import os
import sys
import warnings

import gi
gi.require_version('Gdk', '3.0')
gi.require_version('Gtk', '3.0')
gi.require_version('GVnc', '1.0')
gi.require_version('GtkVnc', '2.0')
from gi.repository import Gdk, Gtk, GVnc, GtkVnc  # noqa: E402


def value_list(array):
    """The items of a GObject.ValueArray, as the vnc-auth-credential
    signal delivers them: GVnc.ConnectionCredential values (the same
    numbers as GtkVnc.DisplayCredential). GValueArray is deprecated in
    GLib, but it is what gtk-vnc's signals carry."""
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', DeprecationWarning)
        return [array.get_nth(i) for i in range(array.n_values)]


class Console:
    def __init__(self, host, port, password, scaling):
        self.host, self.port = host, port
        self.password = password
        self.name = '%s:%s' % (host, port)
        self.grabbed = False
        self.closing = False
        self.failure = None

        self.window = Gtk.Window()
        self.window.connect('delete-event', self.on_delete)

        self.display = GtkVnc.Display()
        self.display.set_scaling(scaling)
        self.display.set_keep_aspect_ratio(True)
        self.display.set_pointer_grab(True)
        self.display.connect('vnc-initialized', self.on_initialized)
        self.display.connect('vnc-desktop-rename', self.on_initialized)
        self.display.connect('vnc-auth-credential', self.on_auth_credential)
        self.display.connect('vnc-auth-failure', self.on_auth_failure)
        self.display.connect('vnc-error', self.on_error)
        self.display.connect('vnc-disconnected', self.on_disconnected)
        self.display.connect('vnc-pointer-grab', self.on_grab, True)
        self.display.connect('vnc-pointer-ungrab', self.on_grab, False)

        button = Gtk.Button(label='Send Ctrl+Alt+Del')
        button.set_can_focus(False)
        button.connect('clicked', self.on_ctrl_alt_del)
        toolbar = Gtk.Box(orientation=Gtk.Orientation.HORIZONTAL)
        toolbar.pack_start(button, False, False, 0)

        box = Gtk.Box(orientation=Gtk.Orientation.VERTICAL)
        box.pack_start(toolbar, False, False, 0)
        box.pack_start(self.display, True, True, 0)
        self.window.add(box)
        self.update_title()

    def start(self):
        self.window.show_all()
        self.display.grab_focus()
        if not self.display.open_host(self.host, self.port):
            self.failure = 'The connection could not be started.'
            return False
        return True

    def update_title(self):
        title = '%s - VNC console' % self.name
        if self.grabbed:
            keys = self.display.get_grab_keys().as_string()
            title = '(Press %s to release the pointer) %s' % (keys, title)
        self.window.set_title(title)

    # -- signals of the display --

    def on_initialized(self, display, *args):
        self.name = display.get_name() or self.name
        self.update_title()

    def on_auth_credential(self, display, credentials):
        for wanted in value_list(credentials):
            if wanted == GVnc.ConnectionCredential.PASSWORD:
                if self.password is None:
                    self.password = self.ask_password()
                if self.password is None:
                    self.failure = 'No password was given.'
                    display.close()
                    return
                display.set_credential(wanted, self.password)
            elif wanted == GVnc.ConnectionCredential.CLIENTNAME:
                display.set_credential(wanted, 'vnc-console')
            else:
                self.failure = 'The server wants a user name, which this console does not ask for.'
                display.close()
                return

    def on_auth_failure(self, display, reason):
        self.failure = 'The server refused the login: %s' % reason

    def on_error(self, display, message):
        if self.failure is None:
            self.failure = message

    def on_disconnected(self, display):
        if not self.closing and self.failure is None:
            self.failure = 'The server closed the connection.'
        Gtk.main_quit()

    def on_grab(self, display, grabbed):
        self.grabbed = grabbed
        self.update_title()

    # -- the window --

    def on_ctrl_alt_del(self, button):
        self.display.send_keys([Gdk.KEY_Control_L, Gdk.KEY_Alt_L, Gdk.KEY_Delete])

    def on_delete(self, window, event):
        self.closing = True
        if self.display.is_open():
            self.display.close()    # vnc-disconnected quits
        else:
            Gtk.main_quit()
        return True

    def ask_password(self):
        dialog = Gtk.Dialog(title='Password', transient_for=self.window, modal=True)
        dialog.add_buttons('_Cancel', Gtk.ResponseType.CANCEL,
                           '_Log In', Gtk.ResponseType.OK)
        dialog.set_default_response(Gtk.ResponseType.OK)
        entry = Gtk.Entry(visibility=False, activates_default=True)
        dialog.get_content_area().pack_start(
            Gtk.Label(label='The server %s wants a password.' % self.name), False, False, 6)
        dialog.get_content_area().pack_start(entry, False, False, 6)
        dialog.show_all()
        answer = dialog.run()
        password = entry.get_text() if answer == Gtk.ResponseType.OK else None
        dialog.destroy()
        return password


def main():
    parser = argparse.ArgumentParser(description='A VNC console in Python (GtkVnc 2.0).')
    parser.add_argument('--password-file', help='read the password from the first line of FILE')
    parser.add_argument('--scaling', action='store_true', help='scale the desktop to the window')
    parser.add_argument('host')
    parser.add_argument('port')
    args = parser.parse_args()

    password = os.environ.get('VNC_PASSWORD')
    if args.password_file:
        with open(args.password_file) as f:
            password = f.readline().rstrip('\r\n')

    console = Console(args.host, args.port, password, args.scaling)
    if console.start():
        Gtk.main()
    if console.failure and not console.closing:
        print('vnc-console: %s' % console.failure, file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
