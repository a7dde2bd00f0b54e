/*
 * gtk-vnc: the error domain
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include "vncerror-priv.h"

G_DEFINE_QUARK(vnc-error-quark, vnc_error)
