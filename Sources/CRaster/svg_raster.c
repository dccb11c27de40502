// Rasterises varlab's SVG figures to PNG with librsvg and cairo (Debian: librsvg2-dev), with
// anti-aliased text set in real fonts (DejaVu Sans through fontconfig).
//
// Swift sees one function (svg_raster.h) instead of the GLib/cairo object graph, so no GLib
// header reaches a Swift module; this file owns every handle it makes and frees it on every path.
#include "svg_raster.h"
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cairo.h>

// The few librsvg and GLib declarations used here, from their stable C API (librsvg 2.52+).
// Their own headers would pull in GLib's, whose pkg-config flags carry -pthread, which
// SwiftPM refuses; cairo's come through pkg-config (the CRsvg system library).
typedef struct _RsvgHandle RsvgHandle;
typedef struct {
    double x, y, width, height;
} RsvgRectangle;
typedef struct {
    unsigned int domain;
    int code;
    char *message;
} GError;
RsvgHandle *rsvg_handle_new_from_data(const unsigned char *data, size_t data_len, GError **error);
void rsvg_handle_set_dpi(RsvgHandle *handle, double dpi);
int rsvg_handle_get_intrinsic_size_in_pixels(RsvgHandle *handle, double *out_width, double *out_height);
int rsvg_handle_render_document(RsvgHandle *handle, cairo_t *cr, const RsvgRectangle *viewport, GError **error);
void g_error_free(GError *error);
void g_object_unref(void *object);

typedef struct {
    unsigned char *bytes;
    size_t length, capacity;
} vl_png_buffer;

static cairo_status_t vl_png_append(void *closure, const unsigned char *data, unsigned int length) {
    vl_png_buffer *b = (vl_png_buffer *)closure;
    if (b->length + length > b->capacity) {
        size_t capacity = (b->capacity + length) * 2;
        unsigned char *grown = (unsigned char *)realloc(b->bytes, capacity);
        if (!grown) return CAIRO_STATUS_NO_MEMORY;
        b->bytes = grown;
        b->capacity = capacity;
    }
    memcpy(b->bytes + b->length, data, length);
    b->length += length;
    return CAIRO_STATUS_SUCCESS;
}

static void vl_copy_message(char *error, size_t error_length, const char *message) {
    if (error_length == 0) return;
    strncpy(error, message ? message : "unknown error", error_length - 1);
    error[error_length - 1] = 0;
}

// Renders an SVG document on white at `width` pixels (height in proportion to the
// document's own size). On success returns 0 and a malloc'd PNG in *png (free it with
// free()); otherwise nonzero with a message in `error`.
int vl_svg_to_png(const char *svg, size_t length, int width, unsigned char **png, size_t *png_length,
                                char *error, size_t error_length) {
    *png = NULL;
    *png_length = 0;
    GError *gerror = NULL;
    RsvgHandle *handle = rsvg_handle_new_from_data((const unsigned char *)svg, length, &gerror);
    if (!handle) {
        vl_copy_message(error, error_length, gerror ? gerror->message : "cannot read the SVG");
        if (gerror) g_error_free(gerror);
        return 1;
    }
    rsvg_handle_set_dpi(handle, 96);
    double w = 0, h = 0;
    if (!rsvg_handle_get_intrinsic_size_in_pixels(handle, &w, &h) || w <= 0 || h <= 0) {
        vl_copy_message(error, error_length, "the SVG has no size in pixels");
        g_object_unref(handle);
        return 2;
    }
    int height = (int)lround((double)width * h / w);
    if (height < 1) height = 1;
    cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
    cairo_t *cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    RsvgRectangle viewport = {0, 0, (double)width, (double)height};
    int status = 0;
    if (!rsvg_handle_render_document(handle, cr, &viewport, &gerror)) {
        vl_copy_message(error, error_length, gerror ? gerror->message : "cannot render the SVG");
        if (gerror) g_error_free(gerror);
        status = 3;
    }
    cairo_destroy(cr);
    cairo_surface_flush(surface);
    if (status == 0) {
        vl_png_buffer buffer = {NULL, 0, 0};
        if (cairo_surface_write_to_png_stream(surface, vl_png_append, &buffer) != CAIRO_STATUS_SUCCESS) {
            vl_copy_message(error, error_length, "cannot encode the PNG");
            free(buffer.bytes);
            status = 4;
        } else {
            *png = buffer.bytes;
            *png_length = buffer.length;
        }
    }
    cairo_surface_destroy(surface);
    g_object_unref(handle);
    return status;
}
