/* The normaliser's pre-scan (see CCorpusKernels.h). */
#include "CCorpusKernels.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

static inline int is_space_byte(uint8_t b) { return b == ' ' || b == '\t'; }

/* Whether the character at t[i] (a lead byte, len bytes) is one the clean-up pass changes: C1 controls
   (U+0080-009F, with NEL), no-break space U+00A0, U+1680, U+2000-200A, U+2028, U+2029, U+202F, U+205F,
   U+3000. (Runs of one such space do not change, but the clean-up pass decides that.) */
static inline int cleanup_char(uint32_t cp) {
    return (cp >= 0x80 && cp <= 0xA0) || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028
        || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

int census_scan_text(const uint8_t *t, size_t n, const uint8_t *inert, const uint8_t *lead_ok,
                     const uint64_t *lead_masks) {
    /* Pass 1: ASCII controls, DEL, two spaces or tabs in a row; and whether any byte is >= 0x80. */
    int flags = 0;
    size_t i = 0;
    uint8_t high = 0;
#if defined(__SSE2__)
    __m128i bad = _mm_setzero_si128(), hi = _mm_setzero_si128();
    for (; i + 17 <= n; i += 16) {
        __m128i b = _mm_loadu_si128((const __m128i *)(t + i));
        __m128i next = _mm_loadu_si128((const __m128i *)(t + i + 1));
        __m128i control = _mm_cmplt_epi8(b, _mm_set1_epi8(0x20));   /* signed: also true for >= 0x80 */
        __m128i allowed = _mm_or_si128(_mm_cmplt_epi8(b, _mm_setzero_si128()),
                                       _mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8('\n')), _mm_cmpeq_epi8(b, _mm_set1_epi8('\t'))));
        __m128i del = _mm_cmpeq_epi8(b, _mm_set1_epi8(0x7F));
        __m128i space = _mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8(' ')), _mm_cmpeq_epi8(b, _mm_set1_epi8('\t')));
        __m128i spaceNext = _mm_or_si128(_mm_cmpeq_epi8(next, _mm_set1_epi8(' ')), _mm_cmpeq_epi8(next, _mm_set1_epi8('\t')));
        bad = _mm_or_si128(bad, _mm_or_si128(_mm_or_si128(_mm_andnot_si128(allowed, control), del), _mm_and_si128(space, spaceNext)));
        hi = _mm_or_si128(hi, b);
    }
    if (_mm_movemask_epi8(bad)) flags |= CENSUS_SCAN_CLEANUP;
    if (_mm_movemask_epi8(hi)) high = 0x80;
#endif
    for (; i < n; i++) {
        uint8_t b = t[i];
        high |= b;
        if ((b < 0x20 && b != '\n' && b != '\t') || b == 0x7F) flags |= CENSUS_SCAN_CLEANUP;
        else if (is_space_byte(b) && i + 1 < n && is_space_byte(t[i + 1])) flags |= CENSUS_SCAN_CLEANUP;
    }
    if (!(high & 0x80)) return flags;
    flags |= CENSUS_SCAN_NON_ASCII;
    /* Pass 2: skip ASCII, continuation bytes and leads of two-byte blocks that are all inert; look closely
       at every other character. */
    i = 0;
    while (i < n) {
        while (i < n && lead_ok[t[i]]) i++;
        if (i >= n) break;
        uint8_t b = t[i];
        /* Two-byte characters of partly inert blocks (Greek, ...): one bit per continuation value. */
        if (b >= 0xC0 && b <= 0xDF && i + 1 < n && ((lead_masks[b - 0xC0] >> (t[i + 1] & 0x3F)) & 1)) {
            i += 2;
            continue;
        }
        uint32_t cp;
        size_t len;
        if (b >= 0xC2 && b <= 0xDF && i + 1 < n) {
            cp = ((uint32_t)(b & 0x1F) << 6) | (t[i + 1] & 0x3F);
            len = 2;
        } else if (b >= 0xE0 && b <= 0xEF && i + 2 < n) {
            cp = ((uint32_t)(b & 0x0F) << 12) | ((uint32_t)(t[i + 1] & 0x3F) << 6) | (t[i + 2] & 0x3F);
            len = 3;
        } else {
            flags |= CENSUS_SCAN_NOT_INERT;   /* supplementary or ill-formed: let ICU look */
            i += 1;
            continue;
        }
        if (cleanup_char(cp)) flags |= CENSUS_SCAN_CLEANUP;
        if (!((inert[cp >> 3] >> (cp & 7)) & 1)) flags |= CENSUS_SCAN_NOT_INERT;
        if ((flags & (CENSUS_SCAN_CLEANUP | CENSUS_SCAN_NOT_INERT)) == (CENSUS_SCAN_CLEANUP | CENSUS_SCAN_NOT_INERT))
            break;   /* nothing more to learn */
        i += len;
    }
    return flags;
}
