/*
 * gtk-vnc: the interface an audio sink implements to play server audio
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/**
 * SECTION:vncaudio
 * @title: VncAudio
 * @short_description: the interface of a sink for the server's audio
 * @see_also: #VncBaseAudio, vnc_connection_set_audio()
 *
 * QEMU's VNC server can send the guest's sound to the client. A
 * #VncConnection hands it to the object set with
 * vnc_connection_set_audio(), through this interface: playback starts
 * with a format, blocks of samples follow, and playback stops. The
 * calls come from the main loop, in order; an implementation plays the
 * samples, typically by queueing them to a sound server.
 *
 * #VncBaseAudio implements the interface with signals, which is easier
 * from bindings.
 */
#include <config.h>

#include "vncaudio.h"

/**
 * VncAudio:
 *
 * An object that implements the #VncAudioInterface.
 */
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
