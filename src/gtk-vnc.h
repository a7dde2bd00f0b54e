/*
 * gtk-vnc: the widget library's single header
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef GTK_VNC_H
#define GTK_VNC_H

#include <vncdisplayenums.h>
#include <vncdisplay.h>
#include <vncgrabsequence.h>
#include <vnccairoframebuffer.h>

#endif /* GTK_VNC_H */
