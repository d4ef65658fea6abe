/* JSON string escaping: finding the bytes to escape (see CCorpusKernels.h). */
#include "CCorpusKernels.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

static inline int needs_escape(uint8_t b) { return b < 0x20 || b == '"' || b == '\\' || b == 0x7F; }

size_t census_json_escape_scan(const uint8_t *t, size_t n) {
    size_t i = 0;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), del = _mm_set1_epi8(0x7F);
    const __m128i bias = _mm_set1_epi8((char)0x80), limit = _mm_set1_epi8((char)(0x20 ^ 0x80));
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(t + i));
        /* Unsigned v < 0x20 as a signed compare of v ^ 0x80 against 0x20 ^ 0x80. */
        __m128i hit = _mm_or_si128(_mm_cmplt_epi8(_mm_xor_si128(v, bias), limit),
                                   _mm_or_si128(_mm_cmpeq_epi8(v, quote),
                                                _mm_or_si128(_mm_cmpeq_epi8(v, backslash), _mm_cmpeq_epi8(v, del))));
        int mask = _mm_movemask_epi8(hit);
        if (mask) return i + (size_t)__builtin_ctz((unsigned)mask);
    }
#endif
    for (; i < n; i++) {
        if (needs_escape(t[i])) return i;
    }
    return n;
}
