/*
 * gtk-vnc: the interface an audio sink implements to play server audio
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include "vncaudio.h"

G_DEFINE_INTERFACE(VncAudio, vnc_audio, G_TYPE_OBJECT)

static void
vnc_audio_default_init(VncAudioInterface *iface)
{
}

/**
 * vnc_audio_playback_start:
 * @audio: the audio sink
 * @format: the format of the samples that will follow
 *
 * Tells the sink that the server starts sending audio.
 */
void
vnc_audio_playback_start(VncAudio *audio, VncAudioFormat *format)
{
    VncAudioInterface *iface;

    g_return_if_fail(VNC_IS_AUDIO(audio));
    g_return_if_fail(format != NULL);

    iface = VNC_AUDIO_GET_INTERFACE(audio);
    if (iface->playback_start)
        iface->playback_start(audio, format);
}

/**
 * vnc_audio_playback_stop:
 * @audio: the audio sink
 *
 * Tells the sink that the server stopped sending audio.
 */
void
vnc_audio_playback_stop(VncAudio *audio)
{
    VncAudioInterface *iface;

    g_return_if_fail(VNC_IS_AUDIO(audio));

    iface = VNC_AUDIO_GET_INTERFACE(audio);
    if (iface->playback_stop)
        iface->playback_stop(audio);
}

/**
 * vnc_audio_playback_data:
 * @audio: the audio sink
 * @sample: the samples that arrived
 *
 * Hands a block of audio to the sink.
 */
void
vnc_audio_playback_data(VncAudio *audio, VncAudioSample *sample)
{
    VncAudioInterface *iface;

    g_return_if_fail(VNC_IS_AUDIO(audio));
    g_return_if_fail(sample != NULL);

    iface = VNC_AUDIO_GET_INTERFACE(audio);
    if (iface->playback_data)
        iface->playback_data(audio, sample);
}
