/*
 * gtk-vnc: a block of audio data received from the server
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/**
 * SECTION:vncaudiosample
 * @title: VncAudioSample
 * @short_description: a block of audio data
 *
 * The bytes of audio a #VncAudio sink receives, in the stream's
 * #VncAudioFormat.
 */
#include <config.h>

#include <string.h>

#include "vncaudiosample.h"

G_DEFINE_BOXED_TYPE(VncAudioSample, vnc_audio_sample,
                    vnc_audio_sample_copy, vnc_audio_sample_free)

/**
 * vnc_audio_sample_new:
 * @capacity: the number of bytes to allocate
 *
 * Allocates an empty block of audio data.
 *
 * Returns: (transfer full): a new, empty sample (length 0) with room for
 *   @capacity bytes
 */
VncAudioSample *
vnc_audio_sample_new(guint32 capacity)
{
    VncAudioSample *sample = g_new0(VncAudioSample, 1);

    sample->data = g_malloc0(capacity);
    sample->capacity = capacity;
    return sample;
}

/**
 * vnc_audio_sample_copy:
 * @sample: the sample to copy
 *
 * Copies a block of audio data, with its bytes.
 *
 * Returns: (transfer full): a copy of @sample with its own bytes
 */
VncAudioSample *
vnc_audio_sample_copy(VncAudioSample *sample)
{
    VncAudioSample *copy;

    g_return_val_if_fail(sample != NULL, NULL);

    copy = vnc_audio_sample_new(sample->capacity);
    /* length never exceeds capacity for a sample built by this API;
     * clamp anyway so a bad one cannot make us read past its end. */
    copy->length = MIN(sample->length, sample->capacity);
    if (copy->length)
        memcpy(copy->data, sample->data, copy->length);
    return copy;
}

/**
 * vnc_audio_sample_free:
 * @sample: (nullable): the sample to free
 *
 * Frees a sample and its bytes.
 */
void
vnc_audio_sample_free(VncAudioSample *sample)
{
    if (sample == NULL)
        return;
    g_free(sample->data);
    g_free(sample);
}
