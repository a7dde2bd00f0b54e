/*
 * gtk-vnc: the colour map of a palette-based (non true colour) server
 *
 * Indices passed to vnc_color_map_set() and vnc_color_map_lookup() are
 * absolute colour numbers, as the server uses them in pixels: a map with
 * offset 16 and size 4 holds colours 16 to 19. Indices come from the
 * network, so both functions answer FALSE for any index outside the map
 * instead of complaining.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/**
 * SECTION:vnccolormap
 * @title: VncColorMap
 * @short_description: the colours of a palette-based server
 *
 * A server whose pixel format is not true colour sends pixels as colour
 * numbers, and the colours themselves in separate messages. The
 * connection collects them in a #VncColorMap and hands it to the
 * framebuffer, which translates the numbers.
 *
 * A map holds a run of colours, numbered from its offset; the numbers
 * are those the server uses in pixels.
 */
#include <config.h>

#include <string.h>

#include "vnccolormap.h"

G_DEFINE_BOXED_TYPE(VncColorMap, vnc_color_map,
                    vnc_color_map_copy, vnc_color_map_free)

/**
 * vnc_color_map_new:
 * @offset: the index of the first colour
 * @size: the number of colours
 *
 * Creates a colour map for colours @offset to @offset + @size - 1, all
 * black.
 *
 * Returns: (transfer full): the new colour map
 */
VncColorMap *
vnc_color_map_new(guint16 offset, guint16 size)
{
    VncColorMap *map = g_new0(VncColorMap, 1);

    map->offset = offset;
    map->size = size;
    map->colors = g_new0(VncColorMapEntry, size);
    return map;
}

/**
 * vnc_color_map_copy:
 * @map: the colour map to copy
 *
 * Copies a colour map with its colours.
 *
 * Returns: (transfer full): a copy of @map and its colours
 */
VncColorMap *
vnc_color_map_copy(VncColorMap *map)
{
    VncColorMap *copy;

    g_return_val_if_fail(map != NULL, NULL);

    copy = vnc_color_map_new(map->offset, map->size);
    if (map->size)
        memcpy(copy->colors, map->colors,
               sizeof(VncColorMapEntry) * (gsize)map->size);
    return copy;
}

/**
 * vnc_color_map_free:
 * @map: (nullable): the colour map to free
 *
 * Frees a colour map and its colours.
 */
void
vnc_color_map_free(VncColorMap *map)
{
    if (map == NULL)
        return;
    g_free(map->colors);
    g_free(map);
}

/* The position of colour @idx in map->colors, or FALSE if the map does
 * not hold it. The sum is done in guint so offset + size cannot wrap. */
static gboolean
vnc_color_map_slot(const VncColorMap *map, guint16 idx, guint *slot)
{
    if (idx < map->offset ||
        (guint)idx >= (guint)map->offset + (guint)map->size)
        return FALSE;
    *slot = idx - map->offset;
    return TRUE;
}

/**
 * vnc_color_map_set:
 * @map: the colour map
 * @idx: the colour number, between the map's offset and offset + size - 1
 * @red: red intensity, 0 to 65535
 * @green: green intensity, 0 to 65535
 * @blue: blue intensity, 0 to 65535
 *
 * Sets one colour of the map.
 *
 * Returns: %TRUE if the colour was set, %FALSE if @idx is outside the map
 */
gboolean
vnc_color_map_set(VncColorMap *map,
                  guint16 idx,
                  guint16 red,
                  guint16 green,
                  guint16 blue)
{
    guint slot;

    g_return_val_if_fail(map != NULL, FALSE);

    if (!vnc_color_map_slot(map, idx, &slot))
        return FALSE;
    map->colors[slot].red = red;
    map->colors[slot].green = green;
    map->colors[slot].blue = blue;
    return TRUE;
}

/**
 * vnc_color_map_lookup:
 * @map: the colour map
 * @idx: the colour number
 * @red: (out): red intensity, 0 to 65535
 * @green: (out): green intensity, 0 to 65535
 * @blue: (out): blue intensity, 0 to 65535
 *
 * Looks one colour of the map up.
 *
 * Returns: %TRUE if the colour was found, %FALSE if @idx is outside the
 *   map (and the outputs are left alone)
 */
gboolean
vnc_color_map_lookup(VncColorMap *map,
                     guint16 idx,
                     guint16 *red,
                     guint16 *green,
                     guint16 *blue)
{
    guint slot;

    g_return_val_if_fail(map != NULL, FALSE);

    if (!vnc_color_map_slot(map, idx, &slot))
        return FALSE;
    *red = map->colors[slot].red;
    *green = map->colors[slot].green;
    *blue = map->colors[slot].blue;
    return TRUE;
}
