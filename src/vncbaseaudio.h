/*
 * gtk-vnc: a base class for audio sinks, turning the interface into signals
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_BASE_AUDIO_H
#define VNC_BASE_AUDIO_H

#include <glib-object.h>

#include "vncaudio.h"

G_BEGIN_DECLS

#define VNC_TYPE_BASE_AUDIO            (vnc_base_audio_get_type())
#define VNC_BASE_AUDIO(obj)            (G_TYPE_CHECK_INSTANCE_CAST((obj), VNC_TYPE_BASE_AUDIO, VncBaseAudio))
#define VNC_BASE_AUDIO_CLASS(klass)    (G_TYPE_CHECK_CLASS_CAST((klass), VNC_TYPE_BASE_AUDIO, VncBaseAudioClass))
#define VNC_IS_BASE_AUDIO(obj)         (G_TYPE_CHECK_INSTANCE_TYPE((obj), VNC_TYPE_BASE_AUDIO))
#define VNC_IS_BASE_AUDIO_CLASS(klass) (G_TYPE_CHECK_CLASS_TYPE((klass), VNC_TYPE_BASE_AUDIO))
#define VNC_BASE_AUDIO_GET_CLASS(obj)  (G_TYPE_INSTANCE_GET_CLASS((obj), VNC_TYPE_BASE_AUDIO, VncBaseAudioClass))

typedef struct _VncBaseAudio VncBaseAudio;
typedef struct _VncBaseAudioPrivate VncBaseAudioPrivate;
typedef struct _VncBaseAudioClass VncBaseAudioClass;

struct _VncBaseAudio {
    GObject parent;
    VncBaseAudioPrivate *priv;
};

/**
 * VncBaseAudioClass:
 * @parent_class: the parent class
 * @playback_start: default handler of
 *   #VncBaseAudio::vnc-audio-playback-start; the return value is ignored
 * @playback_stop: default handler of
 *   #VncBaseAudio::vnc-audio-playback-stop; the return value is ignored
 * @playback_data: default handler of
 *   #VncBaseAudio::vnc-audio-playback-data; the return value is ignored
 *
 * The class of #VncBaseAudio.
 */
struct _VncBaseAudioClass {
    GObjectClass parent_class;

    gboolean (*playback_start)(VncBaseAudio *audio, VncAudioFormat *format);
    gboolean (*playback_stop)(VncBaseAudio *audio);
    gboolean (*playback_data)(VncBaseAudio *audio, VncAudioSample *sample);
};

GType vnc_base_audio_get_type(void) G_GNUC_CONST;

VncBaseAudio *vnc_base_audio_new(void);

G_END_DECLS

#endif /* VNC_BASE_AUDIO_H */
