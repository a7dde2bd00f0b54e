/*
 * gtk-vnc: the format of audio samples sent by the server
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_AUDIO_FORMAT_H
#define VNC_AUDIO_FORMAT_H

#include <glib-object.h>

G_BEGIN_DECLS

#define VNC_TYPE_AUDIO_FORMAT (vnc_audio_format_get_type())

typedef struct _VncAudioFormat VncAudioFormat;

/**
 * VncAudioFormat:
 * @format: the sample format, a #VncAudioFormatType
 * @nchannels: the number of channels, whose samples are interleaved
 * @frequency: samples per second and channel
 *
 * The format of an audio stream.
 */
struct _VncAudioFormat {
    guint8 format;
    guint8 nchannels;
    guint32 frequency;
};

/**
 * VncAudioFormatType:
 * @VNC_AUDIO_FORMAT_RAW_U8: unsigned 8-bit samples
 * @VNC_AUDIO_FORMAT_RAW_S8: signed 8-bit samples
 * @VNC_AUDIO_FORMAT_RAW_U16: unsigned 16-bit samples
 * @VNC_AUDIO_FORMAT_RAW_S16: signed 16-bit samples
 * @VNC_AUDIO_FORMAT_RAW_U32: unsigned 32-bit samples
 * @VNC_AUDIO_FORMAT_RAW_S32: signed 32-bit samples
 *
 * The sample formats of QEMU's audio extension, with its numbering.
 */
typedef enum {
    VNC_AUDIO_FORMAT_RAW_U8,
    VNC_AUDIO_FORMAT_RAW_S8,
    VNC_AUDIO_FORMAT_RAW_U16,
    VNC_AUDIO_FORMAT_RAW_S16,
    VNC_AUDIO_FORMAT_RAW_U32,
    VNC_AUDIO_FORMAT_RAW_S32,
} VncAudioFormatType;

GType vnc_audio_format_get_type(void);

VncAudioFormat *vnc_audio_format_new(void);
VncAudioFormat *vnc_audio_format_copy(VncAudioFormat *format);
void vnc_audio_format_free(VncAudioFormat *format);

G_END_DECLS

#endif /* VNC_AUDIO_FORMAT_H */
