/*
 * gtk-vnc: a block of audio data received from the server
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_AUDIO_SAMPLE_H
#define VNC_AUDIO_SAMPLE_H

#include <glib-object.h>

G_BEGIN_DECLS

#define VNC_TYPE_AUDIO_SAMPLE (vnc_audio_sample_get_type())

typedef struct _VncAudioSample VncAudioSample;

/**
 * VncAudioSample:
 * @data: (array length=length): the bytes
 * @length: the number of bytes in use
 * @capacity: the number of bytes allocated
 *
 * A block of audio data: @length bytes of samples, channels interleaved.
 */
struct _VncAudioSample {
    guint8 *data;
    guint32 length;
    guint32 capacity;
};

GType vnc_audio_sample_get_type(void);

VncAudioSample *vnc_audio_sample_new(guint32 capacity);
VncAudioSample *vnc_audio_sample_copy(VncAudioSample *sample);
void vnc_audio_sample_free(VncAudioSample *sample);

G_END_DECLS

#endif /* VNC_AUDIO_SAMPLE_H */
