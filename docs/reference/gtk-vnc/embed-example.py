#!/usr/bin/env python3
# embed-example.py: a VNC desktop in a GTK 3 window, through PyGObject
# and the GtkVnc-2.0 introspection data, with a button that sends
# Ctrl+Alt+Del.
#
#   VNC_PASSWORD=secret python3 embed-example.py HOST PORT

import os
import sys

import gi
gi.require_version('Gdk', '3.0')
gi.require_version('Gtk', '3.0')
gi.require_version('GVnc', '1.0')
gi.require_version('GtkVnc', '2.0')
from gi.repository import Gdk, Gtk, GVnc, GtkVnc  # noqa: E402


def on_initialized(display, window):
    window.set_title(display.get_name())


def on_auth_credential(display, credentials):
    # credentials is a GObject.ValueArray of GVnc.ConnectionCredential
    # values (the same numbers as GtkVnc.DisplayCredential).
    password = os.environ.get('VNC_PASSWORD')
    for i in range(credentials.n_values):
        wanted = credentials.get_nth(i)
        if wanted != GVnc.ConnectionCredential.PASSWORD or password is None:
            print('The server wants a credential this example lacks',
                  file=sys.stderr)
            display.close()
            return
        display.set_credential(wanted, password)


def on_error(display, message):
    print(message, file=sys.stderr)


def on_ctrl_alt_del(button, display):
    display.send_keys([Gdk.KEY_Control_L, Gdk.KEY_Alt_L, Gdk.KEY_Delete])


def on_delete(window, event, display):
    # Closing the connection ends with vnc-disconnected, which quits.
    if display.is_open():
        display.close()
    else:
        Gtk.main_quit()
    return True


def main():
    if len(sys.argv) != 3:
        print('usage: embed-example.py HOST PORT', file=sys.stderr)
        return 2

    window = Gtk.Window()
    box = Gtk.Box(orientation=Gtk.Orientation.VERTICAL)
    button = Gtk.Button(label='Send Ctrl+Alt+Del')
    display = GtkVnc.Display()

    # Fit the desktop into the window, keeping its proportions.
    display.set_scaling(True)
    display.set_keep_aspect_ratio(True)
    display.set_size_request(320, 240)

    display.connect('vnc-initialized', on_initialized, window)
    display.connect('vnc-auth-credential', on_auth_credential)
    display.connect('vnc-error', on_error)
    display.connect('vnc-disconnected', lambda display: Gtk.main_quit())
    button.connect('clicked', on_ctrl_alt_del, display)
    window.connect('delete-event', on_delete, display)

    box.pack_start(button, False, False, 0)
    box.pack_start(display, True, True, 0)
    window.add(box)
    window.show_all()

    display.open_host(sys.argv[1], sys.argv[2])
    Gtk.main()
    return 0


if __name__ == '__main__':
    sys.exit(main())
