// cairo, found through pkg-config (Debian's libcairo2-dev, Homebrew's cairo), and the
// librsvg library beside it (librsvg2-dev, brew librsvg): CRaster's C code declares the few
// librsvg functions it calls (svg_raster.c says why). No Swift module imports this.
#include <cairo.h>
