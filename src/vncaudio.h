/*
 * gtk-vnc: the interface an audio sink implements to play server audio
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_AUDIO_H
#define VNC_AUDIO_H

#include <glib-object.h>

#include "vncaudioformat.h"
#include "vncaudiosample.h"

G_BEGIN_DECLS

#define VNC_TYPE_AUDIO                (vnc_audio_get_type())
#define VNC_AUDIO(obj)                (G_TYPE_CHECK_INSTANCE_CAST((obj), VNC_TYPE_AUDIO, VncAudio))
#define VNC_IS_AUDIO(obj)             (G_TYPE_CHECK_INSTANCE_TYPE((obj), VNC_TYPE_AUDIO))
#define VNC_AUDIO_GET_INTERFACE(inst) (G_TYPE_INSTANCE_GET_INTERFACE((inst), VNC_TYPE_AUDIO, VncAudioInterface))

typedef struct _VncAudio VncAudio; /* an instance of any implementing class */
typedef struct _VncAudioInterface VncAudioInterface;

/**
 * VncAudioInterface:
 * @parent: the parent interface
 * @playback_start: the server starts sending audio in @format; the
 *   return value is ignored
 * @playback_stop: the server stops sending audio; the return value is
 *   ignored
 * @playback_data: a block of audio arrived; @sample is only valid during
 *   the call; the return value is ignored
 *
 * The methods of #VncAudio.
 */
struct _VncAudioInterface {
    GTypeInterface parent;

    gboolean (*playback_start)(VncAudio *audio, VncAudioFormat *format);
    gboolean (*playback_stop)(VncAudio *audio);
    gboolean (*playback_data)(VncAudio *audio, VncAudioSample *sample);
};

GType vnc_audio_get_type(void) G_GNUC_CONST;

void vnc_audio_playback_start(VncAudio *audio, VncAudioFormat *format);
void vnc_audio_playback_stop(VncAudio *audio);
void vnc_audio_playback_data(VncAudio *audio, VncAudioSample *sample);

G_END_DECLS

#endif /* VNC_AUDIO_H */
