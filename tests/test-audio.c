/*
 * gtk-vnc tests: VncAudioFormat, VncAudioSample, VncAudio and VncBaseAudio
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>

#include <glib-object.h>

#include "vncbaseaudio.h"

static void
test_audio_format(void)
{
    VncAudioFormat *format = vnc_audio_format_new();
    VncAudioFormat *copy;

    g_assert_cmpuint(format->format, ==, 0);
    g_assert_cmpuint(format->nchannels, ==, 0);
    g_assert_cmpuint(format->frequency, ==, 0);

    format->format = VNC_AUDIO_FORMAT_RAW_S16;
    format->nchannels = 2;
    format->frequency = 44100;
    copy = g_boxed_copy(VNC_TYPE_AUDIO_FORMAT, format);
    vnc_audio_format_free(format);
    g_assert_cmpuint(copy->format, ==, VNC_AUDIO_FORMAT_RAW_S16);
    g_assert_cmpuint(copy->nchannels, ==, 2);
    g_assert_cmpuint(copy->frequency, ==, 44100);
    vnc_audio_format_free(copy);
    vnc_audio_format_free(NULL);
}

static void
test_audio_sample(void)
{
    VncAudioSample *sample = vnc_audio_sample_new(64);
    VncAudioSample *copy;

    g_assert_nonnull(sample->data);
    g_assert_cmpuint(sample->length, ==, 0);
    g_assert_cmpuint(sample->capacity, ==, 64);

    memcpy(sample->data, "abcdef", 6);
    sample->length = 6;
    copy = g_boxed_copy(VNC_TYPE_AUDIO_SAMPLE, sample);
    vnc_audio_sample_free(sample);
    g_assert_cmpuint(copy->length, ==, 6);
    g_assert_cmpuint(copy->capacity, ==, 64);
    g_assert_cmpmem(copy->data, copy->length, "abcdef", 6);
    vnc_audio_sample_free(copy);
    vnc_audio_sample_free(NULL);
}

typedef struct {
    guint starts, stops, datas;
    guint32 frequency;
    guint32 length;
} AudioLog;

static void
on_start(VncBaseAudio *audio, VncAudioFormat *format, gpointer data)
{
    AudioLog *log = data;
    log->starts++;
    log->frequency = format->frequency;
}

static void
on_stop(VncBaseAudio *audio, gpointer data)
{
    AudioLog *log = data;
    log->stops++;
}

static void
on_data(VncBaseAudio *audio, VncAudioSample *sample, gpointer data)
{
    AudioLog *log = data;
    log->datas++;
    log->length = sample->length;
}

/* The VncAudio calls reach the signals, with their arguments. */
static void
test_base_audio_signals(void)
{
    VncBaseAudio *audio = vnc_base_audio_new();
    AudioLog log = { 0 };
    VncAudioFormat format = { VNC_AUDIO_FORMAT_RAW_U8, 1, 8000 };
    VncAudioSample *sample = vnc_audio_sample_new(16);

    g_assert_true(VNC_IS_AUDIO(audio));
    g_signal_connect(audio, "vnc-audio-playback-start",
                     G_CALLBACK(on_start), &log);
    g_signal_connect(audio, "vnc-audio-playback-stop",
                     G_CALLBACK(on_stop), &log);
    g_signal_connect(audio, "vnc-audio-playback-data",
                     G_CALLBACK(on_data), &log);

    vnc_audio_playback_start(VNC_AUDIO(audio), &format);
    sample->length = 12;
    vnc_audio_playback_data(VNC_AUDIO(audio), sample);
    vnc_audio_playback_data(VNC_AUDIO(audio), sample);
    vnc_audio_playback_stop(VNC_AUDIO(audio));

    g_assert_cmpuint(log.starts, ==, 1);
    g_assert_cmpuint(log.frequency, ==, 8000);
    g_assert_cmpuint(log.datas, ==, 2);
    g_assert_cmpuint(log.length, ==, 12);
    g_assert_cmpuint(log.stops, ==, 1);
    vnc_audio_sample_free(sample);
    g_object_unref(audio);
}

/* A subclass overriding the class methods gets the calls too. */
typedef struct {
    VncBaseAudio parent;
    guint calls;
} TestAudio;

typedef struct {
    VncBaseAudioClass parent_class;
} TestAudioClass;

static GType test_audio_get_type(void);
G_DEFINE_TYPE(TestAudio, test_audio, VNC_TYPE_BASE_AUDIO)

static gboolean
test_audio_start(VncBaseAudio *audio, VncAudioFormat *format)
{
    ((TestAudio *)audio)->calls += format->nchannels;
    return TRUE;
}

static gboolean
test_audio_stop(VncBaseAudio *audio)
{
    ((TestAudio *)audio)->calls += 100;
    return TRUE;
}

static void
test_audio_class_init(TestAudioClass *klass)
{
    VNC_BASE_AUDIO_CLASS(klass)->playback_start = test_audio_start;
    VNC_BASE_AUDIO_CLASS(klass)->playback_stop = test_audio_stop;
}

static void
test_audio_init(TestAudio *audio)
{
}

static void
test_base_audio_subclass(void)
{
    TestAudio *audio = g_object_new(test_audio_get_type(), NULL);
    VncAudioFormat format = { VNC_AUDIO_FORMAT_RAW_S32, 3, 48000 };
    VncAudioSample *sample = vnc_audio_sample_new(4);

    vnc_audio_playback_start(VNC_AUDIO(audio), &format);
    vnc_audio_playback_data(VNC_AUDIO(audio), sample);  /* not overridden */
    vnc_audio_playback_stop(VNC_AUDIO(audio));
    g_assert_cmpuint(audio->calls, ==, 103);

    vnc_audio_sample_free(sample);
    g_object_unref(audio);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/audio/format", test_audio_format);
    g_test_add_func("/audio/sample", test_audio_sample);
    g_test_add_func("/audio/base-audio/signals", test_base_audio_signals);
    g_test_add_func("/audio/base-audio/subclass", test_base_audio_subclass);

    return g_test_run();
}
