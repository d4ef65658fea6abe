#ifndef CENSUS_ZLIB_SHIM_H
#define CENSUS_ZLIB_SHIM_H
#include <zlib.h>

/* zlib's inflateInit2 is a function-like macro that Swift cannot see; wrap it. */
static inline int czlib_inflate_init2(z_streamp strm, int windowBits) {
    return inflateInit2(strm, windowBits);
}

static inline int czlib_deflate_init2(z_streamp strm, int level, int windowBits) {
    return deflateInit2(strm, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
}
#endif
