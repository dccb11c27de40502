#ifndef VARLAB_SVG_RASTER_H
#define VARLAB_SVG_RASTER_H
#include <stddef.h>

/// Renders an SVG document on white at `width` pixels (height in proportion to the
/// document's own size). On success returns 0 and a malloc'd PNG in *png (free it with
/// free()); otherwise nonzero with a message in `error`.
int vl_svg_to_png(const char *svg, size_t length, int width, unsigned char **png, size_t *png_length,
                  char *error, size_t error_length);

#endif
