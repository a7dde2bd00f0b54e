/*
 * gtk-vnc: where the desktop goes in the widget, painting it, and the
 * widget's size
 *
 * One affine map takes desktop pixels to the widget's (logical) pixels:
 * rotate by 0, 90, 180 or 270 degrees clockwise, scale (to fit the
 * widget, or by the zoom level), then centre. Painting uses it forwards,
 * the pointer backwards, invalidation on the corners of each updated
 * rectangle, so the three always agree.
 *
 * On a HiDPI screen (GTK 3 with a scale factor) the zoom level counts
 * device pixels: at 100% one desktop pixel is one pixel of the screen,
 * the picture stays sharp and the widget's logical size is the desktop's
 * divided by the scale factor.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <math.h>
#include <string.h>

#include "vncdisplay-priv.h"

/* Scale to the widget's size rather than by the zoom level: asked for,
 * or while a server has not (yet) taken the widget's size. */
gboolean
vnc_display_priv_fits_widget(VncDisplay *display)
{
    return display->priv->scaling || display->priv->allow_resize;
}

static gboolean
is_turned(VncDisplayPrivate *priv)
{
    return priv->rotation == 90 || priv->rotation == 270;
}

void
vnc_display_priv_get_geometry(VncDisplay *display, VncDisplayGeometry *geom)
{
    VncDisplayPrivate *priv = display->priv;
    GtkWidget *widget = GTK_WIDGET(display);
    GtkAllocation alloc;
    cairo_matrix_t rotate, scale;

    memset(geom, 0, sizeof(*geom));
    if (!priv->fb)
        return;

    gtk_widget_get_allocation(widget, &alloc);
    int device_scale = vnc_gtk_scale_factor(widget);
    double fb_width = vnc_framebuffer_get_width(VNC_FRAMEBUFFER(priv->fb));
    double fb_height = vnc_framebuffer_get_height(VNC_FRAMEBUFFER(priv->fb));
    if (fb_width < 1 || fb_height < 1 || alloc.width < 1 || alloc.height < 1)
        return;

    /* The desktop's size once turned. */
    double turned_width = is_turned(priv) ? fb_height : fb_width;
    double turned_height = is_turned(priv) ? fb_width : fb_height;
    double sx, sy;

    if (vnc_display_priv_fits_widget(display)) {
        sx = alloc.width / turned_width;
        sy = alloc.height / turned_height;
        if (priv->keep_aspect_ratio)
            sx = sy = MIN(sx, sy);
    } else {
        sx = sy = priv->zoom_level / 100.0 / device_scale;
    }

    geom->width = turned_width * sx;
    geom->height = turned_height * sy;
    /* Centred, on whole device pixels so that an unscaled desktop stays
     * sharp; a desktop larger than the widget shows its top left. */
    geom->x = MAX(0.0, floor((alloc.width - geom->width) * device_scale / 2) / device_scale);
    geom->y = MAX(0.0, floor((alloc.height - geom->height) * device_scale / 2) / device_scale);

    /* Clockwise turns in a y-down space: (x, y) goes to (h - y, x) for
     * 90 degrees, to (w - x, h - y) for 180 and to (y, w - x) for 270. */
    switch (priv->rotation) {
    case 90:
        cairo_matrix_init(&rotate, 0, 1, -1, 0, fb_height, 0);
        break;
    case 180:
        cairo_matrix_init(&rotate, -1, 0, 0, -1, fb_width, fb_height);
        break;
    case 270:
        cairo_matrix_init(&rotate, 0, -1, 1, 0, 0, fb_width);
        break;
    default:
        cairo_matrix_init_identity(&rotate);
        break;
    }
    cairo_matrix_init_scale(&scale, sx, sy);
    cairo_matrix_multiply(&geom->to_widget, &rotate, &scale);
    geom->to_widget.x0 += geom->x;
    geom->to_widget.y0 += geom->y;

    geom->to_desktop = geom->to_widget;
    if (cairo_matrix_invert(&geom->to_desktop) != CAIRO_STATUS_SUCCESS)
        return;

    geom->exact = fabs(sx * device_scale - 1.0) < 1e-9 && fabs(sy * device_scale - 1.0) < 1e-9;
    geom->valid = TRUE;
}

/* Maps a point of the widget to the desktop pixel under it, clamped to
 * the desktop (a grabbed pointer can be outside it). Pointer positions
 * name a device pixel by its top left corner; its centre is what lies
 * on the desktop pixel shown there, turned or not. */
gboolean
vnc_display_priv_to_desktop(VncDisplay *display, double wx, double wy,
                            guint16 *x, guint16 *y)
{
    VncDisplayGeometry geom;

    vnc_display_priv_get_geometry(display, &geom);
    if (!geom.valid)
        return FALSE;

    int fb_width = vnc_framebuffer_get_width(VNC_FRAMEBUFFER(display->priv->fb));
    int fb_height = vnc_framebuffer_get_height(VNC_FRAMEBUFFER(display->priv->fb));

    double half = 0.5 / vnc_gtk_scale_factor(GTK_WIDGET(display));

    wx += half;
    wy += half;
    cairo_matrix_transform_point(&geom.to_desktop, &wx, &wy);
    *x = (guint16)CLAMP(floor(wx), 0, fb_width - 1);
    *y = (guint16)CLAMP(floor(wy), 0, fb_height - 1);
    return TRUE;
}

static void
paint(VncDisplay *display, cairo_t *cr)
{
    GtkWidget *widget = GTK_WIDGET(display);
    VncDisplayGeometry geom;
    GtkAllocation alloc;

    gtk_widget_get_allocation(widget, &alloc);
    vnc_display_priv_get_geometry(display, &geom);

    cairo_save(cr);

    /* Black around the desktop (all of the widget without one). */
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_rectangle(cr, 0, 0, alloc.width, alloc.height);
    if (geom.valid)
        cairo_rectangle(cr, geom.x, geom.y, geom.width, geom.height);
    cairo_fill(cr);

    if (geom.valid) {
        cairo_surface_t *surface = vnc_cairo_framebuffer_get_surface(display->priv->fb);
        cairo_pattern_t *pattern;

        cairo_rectangle(cr, geom.x, geom.y, geom.width, geom.height);
        cairo_clip(cr);
        cairo_transform(cr, &geom.to_widget);
        cairo_set_source_surface(cr, surface, 0, 0);
        pattern = cairo_get_source(cr);
        /* One desktop pixel to one device pixel is a copy; otherwise
         * interpolate if asked to, or repeat pixels (sharp, blocky). */
        if (geom.exact || !display->priv->smoothing)
            cairo_pattern_set_filter(pattern, CAIRO_FILTER_NEAREST);
        else
            cairo_pattern_set_filter(pattern, CAIRO_FILTER_GOOD);
        /* Interpolation at the edges reads past them: repeat the edge
         * rather than fade into black. */
        cairo_pattern_set_extend(pattern, CAIRO_EXTEND_PAD);
        cairo_paint(cr);
    }

    cairo_restore(cr);
}

void
vnc_display_priv_invalidate(VncDisplay *display, int x, int y, int width, int height)
{
    VncDisplayPrivate *priv = display->priv;
    GtkWidget *widget = GTK_WIDGET(display);
    VncDisplayGeometry geom;

    if (!priv->fb)
        return;
    /* The decoders wrote behind cairo's back; cairo may hold a copy of
     * the surface (the X11 backend uploads it to the server). */
    cairo_surface_mark_dirty_rectangle(vnc_cairo_framebuffer_get_surface(priv->fb),
                                       x, y, width, height);

    if (!gtk_widget_get_realized(widget))
        return;
    vnc_display_priv_get_geometry(display, &geom);
    if (!geom.valid)
        return;

    double xs[4] = { x, x + width, x, x + width };
    double ys[4] = { y, y, y + height, y + height };
    double x1 = G_MAXDOUBLE, y1 = G_MAXDOUBLE, x2 = -G_MAXDOUBLE, y2 = -G_MAXDOUBLE;

    for (int i = 0; i < 4; i++) {
        cairo_matrix_transform_point(&geom.to_widget, &xs[i], &ys[i]);
        x1 = MIN(x1, xs[i]);
        y1 = MIN(y1, ys[i]);
        x2 = MAX(x2, xs[i]);
        y2 = MAX(y2, ys[i]);
    }
    if (!geom.exact) {
        /* An interpolated pixel also colours its neighbours. */
        double margin = MAX(fabs(geom.to_widget.xx) + fabs(geom.to_widget.xy),
                            fabs(geom.to_widget.yx) + fabs(geom.to_widget.yy)) + 1;
        x1 -= margin;
        y1 -= margin;
        x2 += margin;
        y2 += margin;
    }
    x1 = MAX(x1, geom.x);
    y1 = MAX(y1, geom.y);
    x2 = MIN(x2, geom.x + geom.width);
    y2 = MIN(y2, geom.y + geom.height);
    if (x2 <= x1 || y2 <= y1)
        return;

    int left = floor(x1), top = floor(y1);
    gtk_widget_queue_draw_area(widget, left, top, (int)ceil(x2) - left, (int)ceil(y2) - top);
}

/* Something changed the map or the preferred size. */
void
vnc_display_priv_geometry_changed(VncDisplay *display)
{
    gtk_widget_queue_resize(GTK_WIDGET(display));
    gtk_widget_queue_draw(GTK_WIDGET(display));
    vnc_display_priv_refresh_cursor(display);
}

/* The desktop at the zoom level, in logical pixels. */
static void
natural_size(VncDisplay *display, int *width, int *height)
{
    VncDisplayPrivate *priv = display->priv;
    int device_scale = vnc_gtk_scale_factor(GTK_WIDGET(display));

    *width = *height = 0;
    if (!priv->fb)
        return;

    double fb_width = vnc_framebuffer_get_width(VNC_FRAMEBUFFER(priv->fb));
    double fb_height = vnc_framebuffer_get_height(VNC_FRAMEBUFFER(priv->fb));
    double zoom = priv->zoom_level / 100.0 / device_scale;

    *width = (int)ceil((is_turned(priv) ? fb_height : fb_width) * zoom);
    *height = (int)ceil((is_turned(priv) ? fb_width : fb_height) * zoom);
}

#if VNC_GTK3
static void
get_preferred_size(VncDisplay *display, GtkOrientation orientation,
                   int *minimum, int *natural)
{
    int width, height;

    natural_size(display, &width, &height);
    *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? width : height;
    /* Forcing the size means the container may not give less; when the
     * desktop is scaled to fit it may, down to almost nothing. */
    if (display->priv->force_size && !vnc_display_priv_fits_widget(display))
        *minimum = *natural;
    else
        *minimum = MIN(*natural, 1);
}

static void
vnc_display_get_preferred_width(GtkWidget *widget, int *minimum, int *natural)
{
    get_preferred_size(VNC_DISPLAY(widget), GTK_ORIENTATION_HORIZONTAL, minimum, natural);
}

static void
vnc_display_get_preferred_height(GtkWidget *widget, int *minimum, int *natural)
{
    get_preferred_size(VNC_DISPLAY(widget), GTK_ORIENTATION_VERTICAL, minimum, natural);
}

static gboolean
vnc_display_draw(GtkWidget *widget, cairo_t *cr)
{
    paint(VNC_DISPLAY(widget), cr);
    return TRUE;
}

static void
on_scale_factor_changed(GObject *object, GParamSpec *pspec, gpointer data)
{
    vnc_display_priv_geometry_changed(VNC_DISPLAY(object));
}
#else
/* GTK+ 2 knows one size: the one to get. With force-size it is the
 * desktop's, so a window opens large enough to show it all. */
static void
vnc_display_size_request(GtkWidget *widget, GtkRequisition *requisition)
{
    VncDisplay *display = VNC_DISPLAY(widget);
    int width, height;

    natural_size(display, &width, &height);
    if (display->priv->force_size) {
        requisition->width = width;
        requisition->height = height;
    } else {
        requisition->width = MIN(width, 1);
        requisition->height = MIN(height, 1);
    }
}

static gboolean
vnc_display_expose_event(GtkWidget *widget, GdkEventExpose *event)
{
    cairo_t *cr = gdk_cairo_create(gtk_widget_get_window(widget));

    gdk_cairo_region(cr, event->region);
    cairo_clip(cr);
    paint(VNC_DISPLAY(widget), cr);
    cairo_destroy(cr);
    return TRUE;
}
#endif

static void
vnc_display_size_allocate(GtkWidget *widget, GtkAllocation *allocation)
{
    GtkAllocation old;

    gtk_widget_get_allocation(widget, &old);
    GTK_WIDGET_CLASS(g_type_class_peek(GTK_TYPE_DRAWING_AREA))->size_allocate(widget, allocation);
    if (old.width != allocation->width || old.height != allocation->height) {
        gtk_widget_queue_draw(widget);
        vnc_display_priv_schedule_resize(VNC_DISPLAY(widget));
        vnc_display_priv_refresh_cursor(VNC_DISPLAY(widget));
    }
}

static void
vnc_display_realize(GtkWidget *widget)
{
    GTK_WIDGET_CLASS(g_type_class_peek(GTK_TYPE_DRAWING_AREA))->realize(widget);
    vnc_display_priv_update_cursor(VNC_DISPLAY(widget));
}

static void
vnc_display_unrealize(GtkWidget *widget)
{
    VncDisplay *display = VNC_DISPLAY(widget);

    /* Grabs belong to the window that goes away now. */
    vnc_display_priv_release_keys(display);
    vnc_display_priv_ungrab_all(display);
    GTK_WIDGET_CLASS(g_type_class_peek(GTK_TYPE_DRAWING_AREA))->unrealize(widget);
}

#if VNC_GTK3
static void
vnc_display_constructed(GObject *object)
{
    GObjectClass *parent = g_type_class_peek(GTK_TYPE_DRAWING_AREA);

    if (parent->constructed)
        parent->constructed(object);
    g_signal_connect(object, "notify::scale-factor",
                     G_CALLBACK(on_scale_factor_changed), NULL);
}
#endif

void
vnc_display_priv_draw_class_init(GtkWidgetClass *widget_class)
{
    widget_class->size_allocate = vnc_display_size_allocate;
    widget_class->realize = vnc_display_realize;
    widget_class->unrealize = vnc_display_unrealize;
#if VNC_GTK3
    widget_class->get_preferred_width = vnc_display_get_preferred_width;
    widget_class->get_preferred_height = vnc_display_get_preferred_height;
    widget_class->draw = vnc_display_draw;
    G_OBJECT_CLASS(widget_class)->constructed = vnc_display_constructed;
#else
    widget_class->size_request = vnc_display_size_request;
    widget_class->expose_event = vnc_display_expose_event;
#endif
}
