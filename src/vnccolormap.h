/*
 * gtk-vnc: the colour map of a palette-based (non true colour) server
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_COLOR_MAP_H
#define VNC_COLOR_MAP_H

#include <glib-object.h>

G_BEGIN_DECLS

#define VNC_TYPE_COLOR_MAP (vnc_color_map_get_type())

typedef struct _VncColorMap VncColorMap;
typedef struct _VncColorMapEntry VncColorMapEntry;

/**
 * VncColorMapEntry:
 * @red: red intensity, 0 to 65535
 * @green: green intensity, 0 to 65535
 * @blue: blue intensity, 0 to 65535
 *
 * One colour of a #VncColorMap.
 */
struct _VncColorMapEntry {
    guint16 red;
    guint16 green;
    guint16 blue;
};

/**
 * VncColorMap:
 * @offset: index of the first entry
 * @size: number of entries
 * @colors: (array length=size): the entries
 *
 * A run of colour map entries, indices @offset to @offset + @size - 1.
 */
struct _VncColorMap {
    guint16 offset;
    guint16 size;
    VncColorMapEntry *colors;
};

GType vnc_color_map_get_type(void);

VncColorMap *vnc_color_map_new(guint16 offset, guint16 size);
VncColorMap *vnc_color_map_copy(VncColorMap *map);
void vnc_color_map_free(VncColorMap *map);

gboolean vnc_color_map_set(VncColorMap *map,
                           guint16 idx,
                           guint16 red,
                           guint16 green,
                           guint16 blue);
gboolean vnc_color_map_lookup(VncColorMap *map,
                              guint16 idx,
                              guint16 *red,
                              guint16 *green,
                              guint16 *blue);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(VncColorMap, vnc_color_map_free)

G_END_DECLS

#endif /* VNC_COLOR_MAP_H */
