/*
 * gtk-vnc: the format of audio samples sent by the server
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/**
 * SECTION:vncaudioformat
 * @title: VncAudioFormat
 * @short_description: the format of the server's audio
 *
 * The sample format, channel count and rate of the audio a server sends,
 * as the client asks for it with vnc_connection_set_audio_format() and
 * as #VncAudio sinks receive it when playback starts.
 */
#include <config.h>

#include "vncaudioformat.h"

G_DEFINE_BOXED_TYPE(VncAudioFormat, vnc_audio_format,
                    vnc_audio_format_copy, vnc_audio_format_free)

/**
 * vnc_audio_format_new:
 *
 * Allocates an audio format, to be filled in by the caller.
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
 * Copies an audio format.
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
 *
 * Frees an audio format made by vnc_audio_format_new() or
 * vnc_audio_format_copy().
 */
void
vnc_audio_format_free(VncAudioFormat *format)
{
    g_free(format);
}
