/* The language model's scoring loop (see CCorpusKernels.h). */
#include "CCorpusKernels.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Rows are scattered over a table of megabytes: nearly every one is a cache miss. Fetches are issued this
   many rows ahead (a row takes a few cycles to add, a miss a few hundred), and the first rows are all
   requested before the first is added. 64 measured best here (8: 12.9 s for 1 GB of `census stats`,
   32: 11.4 s, 64: 11.0 s, 128: 10.9 s). */
#define PREFETCH_AHEAD 64

static inline void prefetch_row(const uint8_t *table, size_t stride, size_t width, uint32_t row) {
    const char *start = (const char *)(table + (size_t)row * stride);
    __builtin_prefetch(start);
    __builtin_prefetch(start + width - 1);
}

#if defined(__SSE2__)
/* Adds rows[i .. stop) (at most 128) into eight 16-bit lane vectors, prefetching PREFETCH_AHEAD rows ahead
   of i within rows[0 .. count). */
static inline void add_block(const uint8_t *table, size_t stride, size_t width, size_t chunks, const uint32_t *rows,
                             size_t i, size_t stop, size_t count, __m128i acc[8]) {
    for (; i < stop; i++) {
        if (i + PREFETCH_AHEAD < count) prefetch_row(table, stride, width, rows[i + PREFETCH_AHEAD]);
        const uint8_t *row = table + (size_t)rows[i] * stride;
        for (size_t c = 0; c < chunks; c++) {
            __m128i v = _mm_loadu_si128((const __m128i *)(row + 16 * c));
            acc[2 * c] = _mm_add_epi16(acc[2 * c], _mm_unpacklo_epi8(v, _mm_setzero_si128()));
            acc[2 * c + 1] = _mm_add_epi16(acc[2 * c + 1], _mm_unpackhi_epi8(v, _mm_setzero_si128()));
        }
    }
}
#endif

void census_add_rows(const uint8_t *table, size_t stride, size_t width, const uint32_t *rows, size_t count,
                     int32_t *sums) {
    for (size_t i = 0; i < count && i < PREFETCH_AHEAD; i++) prefetch_row(table, stride, width, rows[i]);
#if defined(__SSE2__)
    if (width <= 64) {
        /* Up to 64 languages: four 16-byte chunks, eight 16-bit accumulators, flushed every 128 rows (255 * 128
           fits in 16 bits). Bytes past width in the last chunk are read from the next row (or padding) and
           never stored. */
        size_t chunks = (width + 15) / 16;
        size_t i = 0;
        while (i < count) {
            __m128i acc[8];
            for (int k = 0; k < 8; k++) acc[k] = _mm_setzero_si128();
            size_t stop = count - i > 128 ? i + 128 : count;
            add_block(table, stride, width, chunks, rows, i, stop, count, acc);
            i = stop;
            uint16_t lanes[64];
            for (size_t c = 0; c < 2 * chunks; c++) _mm_storeu_si128((__m128i *)(lanes + 8 * c), acc[c]);
            for (size_t k = 0; k < width; k++) sums[k] += lanes[k];
        }
        return;
    }
#endif
    for (size_t i = 0; i < count; i++) {
        const uint8_t *row = table + (size_t)rows[i] * stride;
        for (size_t k = 0; k < width; k++) sums[k] += row[k];
    }
}

void census_add_row_runs(const uint8_t *table, size_t stride, size_t width, const uint32_t *rows,
                         const uint32_t *ends, size_t runs, uint16_t *run_sums, int32_t *sums) {
    size_t count = runs > 0 ? ends[runs - 1] : 0;
    for (size_t i = 0; i < count && i < PREFETCH_AHEAD; i++) prefetch_row(table, stride, width, rows[i]);
    size_t i = 0;
#if defined(__SSE2__)
    if (width <= 64) {
        /* 16-bit lanes as in census_add_rows. A run of at most 128 rows (every word's) is summed in the lanes
           alone: they are its sums, stored whole and added to sums in 32 bits. Longer runs flush every 128. */
        size_t chunks = (width + 15) / 16;
        const __m128i zero = _mm_setzero_si128();
        for (size_t r = 0; r < runs; r++) {
            size_t end = ends[r];
            uint16_t *out = run_sums + 64 * r;
            int saturated = 0;
            int first = 1;
            while (i < end) {
                __m128i acc[8];
                for (int k = 0; k < 8; k++) acc[k] = zero;
                size_t stop = end - i > 128 ? i + 128 : end;
                add_block(table, stride, width, chunks, rows, i, stop, count, acc);
                i = stop;
                if (first && i == end) {
                    for (size_t c = 0; c < 2 * chunks; c++) _mm_storeu_si128((__m128i *)(out + 8 * c), acc[c]);
                } else {
                    saturated = 1;   /* a long run (never a word): its own sums are not kept */
                }
                first = 0;
                uint16_t lanes[64];
                for (size_t c = 0; c < 2 * chunks; c++) _mm_storeu_si128((__m128i *)(lanes + 8 * c), acc[c]);
                for (size_t k = 0; k < width; k++) sums[k] += lanes[k];
            }
            if (saturated || end == (r > 0 ? ends[r - 1] : 0)) {
                for (size_t k = 0; k < width; k++) out[k] = saturated ? 0xFFFF : 0;
            }
        }
        return;
    }
#endif
    int32_t run[256];
    for (size_t r = 0; r < runs; r++) {
        for (size_t k = 0; k < width; k++) run[k] = 0;
        for (size_t end = ends[r]; i < end; i++) {
            const uint8_t *row = table + (size_t)rows[i] * stride;
            for (size_t k = 0; k < width; k++) run[k] += row[k];
        }
        uint16_t *out = run_sums + 64 * r;
        for (size_t k = 0; k < width && k < 64; k++) {
            sums[k] += run[k];
            out[k] = run[k] > 0xFFFF ? 0xFFFF : (uint16_t)run[k];
        }
        for (size_t k = 64; k < width; k++) sums[k] += run[k];
    }
}
