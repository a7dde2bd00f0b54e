/*
 * gtk-vnc: the format of audio samples sent by the server
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include "vncaudioformat.h"

G_DEFINE_BOXED_TYPE(VncAudioFormat, vnc_audio_format,
                    vnc_audio_format_copy, vnc_audio_format_free)

/**
 * vnc_audio_format_new:
 *
 * Returns: (transfer full): a new audio format with every field zero
 */
VncAudioFormat *
vnc_audio_format_new(void)
{
    return g_new0(VncAudioFormat, 1);
}

/**
 * vnc_audio_format_copy:
 * @format: the audio format to copy
 *
 * Returns: (transfer full): a copy of @format
 */
VncAudioFormat *
vnc_audio_format_copy(VncAudioFormat *format)
{
    VncAudioFormat *copy;

    g_return_val_if_fail(format != NULL, NULL);

    copy = g_new(VncAudioFormat, 1);
    *copy = *format;
    return copy;
}

/**
 * vnc_audio_format_free:
 * @format: (nullable): the audio format to free
 */
void
vnc_audio_format_free(VncAudioFormat *format)
{
    g_free(format);
}
