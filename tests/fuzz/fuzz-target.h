/*
 * gtk-vnc fuzzing: the entry point libFuzzer calls, also called by the
 * standalone driver that replays the corpus in `make check`
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef FUZZ_TARGET_H
#define FUZZ_TARGET_H

#include <stddef.h>
#include <stdint.h>

/* Runs one session on @data (see fuzz-server-messages.c for its layout).
 * Returns 0; aborts on a finding. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif /* FUZZ_TARGET_H */
