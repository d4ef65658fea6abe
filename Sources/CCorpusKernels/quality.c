/* The character counts of the quality signals (see CCorpusKernels.h). */
#include "CCorpusKernels.h"
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

static const char pattern[] = "lorem ipsum";

static inline int lorem_at(const uint8_t *t, size_t i, size_t n) {
    if (i + 11 > n) return 0;
    for (int k = 1; k < 11; k++) {
        if (pattern[k] == ' ' ? t[i + k] != ' ' : (t[i + k] | 0x20) != pattern[k]) return 0;
    }
    return 1;
}

void census_quality_characters(const uint8_t *t, size_t n, census_quality_chars *out) {
    size_t scalars = 0, newlines = 0, hashes = 0, curly = 0;
    int lorem = 0;
    size_t i = 0;
#if defined(__SSE2__)
    /* 16 bytes at a time: per-lane byte counters (at most 255 blocks), summed with SAD. */
    const __m128i c0 = _mm_set1_epi8((char)0xC0), x80 = _mm_set1_epi8((char)0x80), lf = _mm_set1_epi8(0x0A);
    const __m128i hash = _mm_set1_epi8(0x23), brace = _mm_set1_epi8(0x7B), x20 = _mm_set1_epi8(0x20);
    const __m128i ell = _mm_set1_epi8(0x6C), zero = _mm_setzero_si128();
    __m128i any_brace = zero;
    while (i + 16 <= n) {
        __m128i cont = zero, nl = zero, hs = zero;
        size_t blocks = 0;
        for (; blocks < 255 && i + 16 <= n; blocks++, i += 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(t + i));
            cont = _mm_sub_epi8(cont, _mm_cmpeq_epi8(_mm_and_si128(v, c0), x80));
            nl = _mm_sub_epi8(nl, _mm_cmpeq_epi8(v, lf));
            hs = _mm_sub_epi8(hs, _mm_cmpeq_epi8(v, hash));
            any_brace = _mm_or_si128(any_brace, _mm_cmpeq_epi8(v, brace));
            if (!lorem) {
                int ls = _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_or_si128(v, x20), ell));
                while (ls) {
                    int k = __builtin_ctz((unsigned)ls);
                    if (lorem_at(t, i + (size_t)k, n)) { lorem = 1; break; }
                    ls &= ls - 1;
                }
            }
        }
        __m128i c = _mm_sad_epu8(cont, zero), l = _mm_sad_epu8(nl, zero), h = _mm_sad_epu8(hs, zero);
        size_t continuation = (size_t)_mm_cvtsi128_si32(c) + (size_t)_mm_cvtsi128_si32(_mm_srli_si128(c, 8));
        scalars += blocks * 16 - continuation;
        newlines += (size_t)_mm_cvtsi128_si32(l) + (size_t)_mm_cvtsi128_si32(_mm_srli_si128(l, 8));
        hashes += (size_t)_mm_cvtsi128_si32(h) + (size_t)_mm_cvtsi128_si32(_mm_srli_si128(h, 8));
    }
    curly = _mm_movemask_epi8(any_brace) != 0;
#endif
    for (; i < n; i++) {
        uint8_t b = t[i];
        scalars += (b & 0xC0) != 0x80;
        newlines += b == 0x0A;
        hashes += b == 0x23;
        curly |= b == 0x7B;
        if (!lorem && (b | 0x20) == 'l' && lorem_at(t, i, n)) lorem = 1;
    }
    out->scalars = scalars;
    out->newlines = newlines;
    out->hashes = hashes;
    out->curly_bracket = curly != 0;
    /* "..." without overlap (as str.count counts it): each run of k dots holds k / 3; and each U+2026. */
    size_t ellipses = 0;
    const uint8_t *p = t, *end = t + n;
    while (p < end && (p = memchr(p, '.', (size_t)(end - p))) != NULL) {
        const uint8_t *q = p;
        while (q < end && *q == '.') q++;
        ellipses += (size_t)(q - p) / 3;
        p = q;
    }
    p = t;
    while (p + 3 <= end && (p = memchr(p, 0xE2, (size_t)(end - p))) != NULL) {
        if (p + 3 <= end && p[1] == 0x80 && p[2] == 0xA6) { ellipses++; p += 3; } else { p++; }
    }
    out->ellipses = ellipses;
    out->lorem_ipsum = lorem;   /* "lorem ipsum", ASCII case ignored: tried at each 'l' or 'L' above */
}
