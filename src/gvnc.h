/*
 * gtk-vnc: umbrella header of libgvnc-1.0
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef GVNC_H
#define GVNC_H

#include "vncpixelformat.h"
#include "vnccolormap.h"
#include "vncframebuffer.h"
#include "vncbaseframebuffer.h"
#include "vnccursor.h"
#include "vncaudioformat.h"
#include "vncaudiosample.h"
#include "vncaudio.h"
#include "vncbaseaudio.h"
#include "vncconnection.h"
#include "vncconnectionenums.h"
#include "vncutil.h"
#include "vncversion.h"

#endif /* GVNC_H */
