/* UTF-8 validation after Keiser & Lemire, "Validating UTF-8 In Less Than One Instruction Per Byte"
   (Software: Practice and Experience, 2021): three 16-entry nibble lookups classify each byte pair,
   and a saturating-subtract test checks the third and fourth bytes of long sequences. Written for
   this project from the paper's description. */
#include "CCorpusKernels.h"

#pragma clang diagnostic ignored "-Wconstant-conversion"  /* table bytes >= 0x80 passed as char */

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define CENSUS_HAVE_X86 1
#endif

static int scalar_valid(const uint8_t *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        uint8_t b0 = s[i];
        if (b0 < 0x80) { i++; continue; }
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            if (i + 1 >= n || (s[i + 1] & 0xC0) != 0x80) return 0;
            i += 2;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            if (i + 2 >= n) return 0;
            uint8_t lo = b0 == 0xE0 ? 0xA0 : 0x80, hi = b0 == 0xED ? 0x9F : 0xBF;
            if (s[i + 1] < lo || s[i + 1] > hi || (s[i + 2] & 0xC0) != 0x80) return 0;
            i += 3;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            if (i + 3 >= n) return 0;
            uint8_t lo = b0 == 0xF0 ? 0x90 : 0x80, hi = b0 == 0xF4 ? 0x8F : 0xBF;
            if (s[i + 1] < lo || s[i + 1] > hi || (s[i + 2] & 0xC0) != 0x80 || (s[i + 3] & 0xC0) != 0x80) return 0;
            i += 4;
        } else {
            return 0;
        }
    }
    return 1;
}

#ifdef CENSUS_HAVE_X86
/* Error classes of a (previous byte, current byte) pair. */
#define TOO_SHORT (1 << 0)   /* lead byte followed by a non-continuation */
#define TOO_LONG (1 << 1)    /* ASCII followed by a continuation */
#define OVERLONG_3 (1 << 2)  /* E0 followed by 80..9F */
#define TOO_LARGE (1 << 3)   /* F4 followed by 90..BF, or F5..FF */
#define SURROGATE (1 << 4)   /* ED followed by A0..BF */
#define OVERLONG_2 (1 << 5)  /* C0, C1 */
#define TOO_LARGE_1000 (1 << 6)
#define OVERLONG_4 (1 << 6)  /* F0 followed by 80..8F */
#define TWO_CONTS (1 << 7)   /* two continuations in a row (checked against the length rule) */
#define CARRY (TOO_SHORT | TOO_LONG | TWO_CONTS)
#define C8(x) ((char)(unsigned char)(x))

static inline int is_zero(__m128i v) {
    return _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128())) == 0xFFFF;
}

__attribute__((target("ssse3")))
static inline __m128i prev_bytes(__m128i input, __m128i previous, int n) {
    switch (n) {
    case 1: return _mm_alignr_epi8(input, previous, 15);
    case 2: return _mm_alignr_epi8(input, previous, 14);
    default: return _mm_alignr_epi8(input, previous, 13);
    }
}

__attribute__((target("ssse3")))
static inline __m128i check_block(__m128i input, __m128i previous) {
    const __m128i nibble = _mm_set1_epi8(0x0F);
    const __m128i byte1_high_table = _mm_setr_epi8(
        TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
        TWO_CONTS, TWO_CONTS, TWO_CONTS, TWO_CONTS,
        TOO_SHORT | OVERLONG_2,
        TOO_SHORT,
        TOO_SHORT | OVERLONG_3 | SURROGATE,
        TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4);
    const __m128i byte1_low_table = _mm_setr_epi8(
        CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4,
        CARRY | OVERLONG_2,
        CARRY, CARRY,
        CARRY | TOO_LARGE,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE,
        CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000);
    const __m128i byte2_high_table = _mm_setr_epi8(
        TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
        TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT);

    __m128i prev1 = prev_bytes(input, previous, 1);
    __m128i b1h = _mm_shuffle_epi8(byte1_high_table, _mm_and_si128(_mm_srli_epi16(prev1, 4), nibble));
    __m128i b1l = _mm_shuffle_epi8(byte1_low_table, _mm_and_si128(prev1, nibble));
    __m128i b2h = _mm_shuffle_epi8(byte2_high_table, _mm_and_si128(_mm_srli_epi16(input, 4), nibble));
    __m128i special = _mm_and_si128(_mm_and_si128(b1h, b1l), b2h);

    __m128i prev2 = prev_bytes(input, previous, 2);
    __m128i prev3 = prev_bytes(input, previous, 3);
    __m128i third = _mm_subs_epu8(prev2, _mm_set1_epi8((char)(0xE0 - 0x80)));
    __m128i fourth = _mm_subs_epu8(prev3, _mm_set1_epi8((char)(0xF0 - 0x80)));
    __m128i must23 = _mm_and_si128(_mm_or_si128(third, fourth), _mm_set1_epi8((char)0x80));
    return _mm_xor_si128(must23, special);
}

__attribute__((target("ssse3")))
static int ssse3_valid(const uint8_t *s, size_t n) {
    __m128i error = _mm_setzero_si128();
    __m128i previous = _mm_setzero_si128();
    __m128i prev_incomplete = _mm_setzero_si128();
    /* A block's last bytes may start a sequence the next block must finish. */
    const __m128i max_value = _mm_setr_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                            (char)(0xF0 - 1), (char)(0xE0 - 1), (char)(0xC0 - 1));
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m128i input = _mm_loadu_si128((const __m128i *)(s + i));
        if (_mm_movemask_epi8(input) == 0) {
            error = _mm_or_si128(error, prev_incomplete);
        } else {
            error = _mm_or_si128(error, check_block(input, previous));
            prev_incomplete = _mm_subs_epu8(input, max_value);
        }
        previous = input;
        if ((i & 1023) == 1008 && !is_zero(error)) return 0;
    }
    if (i < n) {
        uint8_t tail[16] = {0};
        for (size_t k = 0; i + k < n; k++) tail[k] = s[i + k];
        __m128i input = _mm_loadu_si128((const __m128i *)tail);
        error = _mm_or_si128(error, check_block(input, previous));
        prev_incomplete = _mm_subs_epu8(input, max_value);
        /* Zero padding after the tail acts as ASCII, so an unfinished sequence shows as TOO_SHORT. */
        return is_zero(error);
    }
    error = _mm_or_si128(error, prev_incomplete);
    return is_zero(error);
}
#endif

int census_utf8_is_valid(const uint8_t *bytes, size_t length) {
#ifdef CENSUS_HAVE_X86
    static int has_ssse3 = -1;
    if (has_ssse3 < 0) has_ssse3 = __builtin_cpu_supports("ssse3") ? 1 : 0;
    if (has_ssse3) return ssse3_valid(bytes, length);
#endif
    return scalar_valid(bytes, length);
}
