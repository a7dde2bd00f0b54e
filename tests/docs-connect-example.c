/*
 * The example of the GVnc reference manual's overview, compiled as a
 * check program so that it keeps up with the API (it is not run).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "../docs/reference/gvnc/connect-example.c"
