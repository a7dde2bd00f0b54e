/*
 * gtk-vnc: a base class for audio sinks, turning the interface into signals
 *
 * Each VncAudio call is emitted as a signal whose class handler is the
 * matching VncBaseAudioClass method, so a sink may either subclass and
 * override the method or connect to the signal.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/**
 * SECTION:vncbaseaudio
 * @title: VncBaseAudio
 * @short_description: an audio sink that emits signals
 * @see_also: #VncAudio
 *
 * A #VncAudio implementation that turns each call into a signal, whose
 * default handler is the matching #VncBaseAudioClass method: connect to
 * the signals, or subclass and override the methods, to play the audio.
 */

/**
 * VncBaseAudio:
 *
 * An audio sink that emits signals. Its fields are private.
 */
#include <config.h>

#include "vncbaseaudio.h"

struct _VncBaseAudioPrivate {
    gint unused;  /* keeps the private structure non-empty */
};

enum {
    SIGNAL_PLAYBACK_START,
    SIGNAL_PLAYBACK_STOP,
    SIGNAL_PLAYBACK_DATA,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

static void vnc_base_audio_interface_init(VncAudioInterface *iface);

G_DEFINE_TYPE_WITH_CODE(VncBaseAudio, vnc_base_audio, G_TYPE_OBJECT,
                        G_ADD_PRIVATE(VncBaseAudio)
                        G_IMPLEMENT_INTERFACE(VNC_TYPE_AUDIO,
                                              vnc_base_audio_interface_init))

static void
vnc_base_audio_class_init(VncBaseAudioClass *klass)
{
    const GSignalFlags flags = G_SIGNAL_RUN_FIRST | G_SIGNAL_NO_RECURSE |
        G_SIGNAL_NO_HOOKS;

    /**
     * VncBaseAudio::vnc-audio-playback-start:
     * @audio: the audio sink
     * @format: the format of the samples that will follow, valid during
     *   the emission
     *
     * The server starts sending audio.
     */
    signals[SIGNAL_PLAYBACK_START] =
        g_signal_new("vnc-audio-playback-start",
                     G_TYPE_FROM_CLASS(klass), flags,
                     G_STRUCT_OFFSET(VncBaseAudioClass, playback_start),
                     NULL, NULL, g_cclosure_marshal_VOID__BOXED,
                     G_TYPE_NONE, 1, VNC_TYPE_AUDIO_FORMAT);

    /**
     * VncBaseAudio::vnc-audio-playback-stop:
     * @audio: the audio sink
     *
     * The server stopped sending audio.
     */
    signals[SIGNAL_PLAYBACK_STOP] =
        g_signal_new("vnc-audio-playback-stop",
                     G_TYPE_FROM_CLASS(klass), flags,
                     G_STRUCT_OFFSET(VncBaseAudioClass, playback_stop),
                     NULL, NULL, g_cclosure_marshal_VOID__VOID,
                     G_TYPE_NONE, 0);

    /**
     * VncBaseAudio::vnc-audio-playback-data:
     * @audio: the audio sink
     * @sample: the samples that arrived, valid during the emission
     *
     * A block of audio arrived, to be played.
     */
    signals[SIGNAL_PLAYBACK_DATA] =
        g_signal_new("vnc-audio-playback-data",
                     G_TYPE_FROM_CLASS(klass), flags,
                     G_STRUCT_OFFSET(VncBaseAudioClass, playback_data),
                     NULL, NULL, g_cclosure_marshal_VOID__BOXED,
                     G_TYPE_NONE, 1, VNC_TYPE_AUDIO_SAMPLE);
}

static void
vnc_base_audio_init(VncBaseAudio *audio)
{
    audio->priv = vnc_base_audio_get_instance_private(audio);
}

static gboolean
vnc_base_audio_playback_start(VncAudio *audio, VncAudioFormat *format)
{
    g_signal_emit(audio, signals[SIGNAL_PLAYBACK_START], 0, format);
    return TRUE;
}

static gboolean
vnc_base_audio_playback_stop(VncAudio *audio)
{
    g_signal_emit(audio, signals[SIGNAL_PLAYBACK_STOP], 0);
    return TRUE;
}

static gboolean
vnc_base_audio_playback_data(VncAudio *audio, VncAudioSample *sample)
{
    g_signal_emit(audio, signals[SIGNAL_PLAYBACK_DATA], 0, sample);
    return TRUE;
}

static void
vnc_base_audio_interface_init(VncAudioInterface *iface)
{
    iface->playback_start = vnc_base_audio_playback_start;
    iface->playback_stop = vnc_base_audio_playback_stop;
    iface->playback_data = vnc_base_audio_playback_data;
}

/**
 * vnc_base_audio_new:
 *
 * Creates an audio sink that does nothing but emit its signals; connect
 * to them (or subclass) to play the audio.
 *
 * Returns: (transfer full): the new audio sink
 */
VncBaseAudio *
vnc_base_audio_new(void)
{
    return g_object_new(VNC_TYPE_BASE_AUDIO, NULL);
}
