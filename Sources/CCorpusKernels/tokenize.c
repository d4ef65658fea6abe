/* Fast path of the word tokeniser (see CCorpusKernels.h). Bytes are classified 64 at a time into bit masks
   (SSE2 on x86-64, a loop elsewhere); two-byte letters (Latin-1, Latin Extended, Greek, Cyrillic, ...) are
   looked up per lead byte; word runs come from the masks with bit operations. */
#include "CCorpusKernels.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Masks for 64 bytes at p (all of them readable): word bytes; bytes >= 0x80 and '_' (hard); and the
   mid-word punctuation ' . , ; (mid), which only matters between two word bytes. */
static inline void classify64(const uint8_t *p, uint64_t *word, uint64_t *hard, uint64_t *mid, uint64_t *highOut,
                              uint64_t *leadsOut, uint64_t *contsOut) {
#if defined(__SSE2__)
    uint64_t w = 0, m = 0, hi = 0, us = 0, ld = 0, ct = 0;
    for (int k = 0; k < 4; k++) {
        __m128i b = _mm_loadu_si128((const __m128i *)(p + 16 * k));
        __m128i lower = _mm_or_si128(b, _mm_set1_epi8(0x20));
        __m128i alpha = _mm_cmpeq_epi8(_mm_subs_epu8(_mm_sub_epi8(lower, _mm_set1_epi8('a')), _mm_set1_epi8(25)),
                                       _mm_setzero_si128());
        __m128i digit = _mm_cmpeq_epi8(_mm_subs_epu8(_mm_sub_epi8(b, _mm_set1_epi8('0')), _mm_set1_epi8(9)),
                                       _mm_setzero_si128());
        __m128i at = _mm_cmpeq_epi8(b, _mm_set1_epi8('@'));
        __m128i midBytes = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8('\'')), _mm_cmpeq_epi8(b, _mm_set1_epi8('.'))),
            _mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8(',')), _mm_cmpeq_epi8(b, _mm_set1_epi8(';'))));
        /* alpha can be true for bytes >= 0x80; the high mask removes them below. */
        w |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(alpha, digit), at)) << (16 * k);
        m |= (uint64_t)(uint16_t)_mm_movemask_epi8(midBytes) << (16 * k);
        hi |= (uint64_t)(uint16_t)_mm_movemask_epi8(b) << (16 * k);
        us |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(b, _mm_set1_epi8('_'))) << (16 * k);
    }
    if (hi) {   /* lead and continuation bytes matter only where there are non-ASCII bytes */
        for (int k = 0; k < 4; k++) {
            __m128i b = _mm_loadu_si128((const __m128i *)(p + 16 * k));
            __m128i lead = _mm_cmpeq_epi8(_mm_and_si128(b, _mm_set1_epi8((char)0xE0)), _mm_set1_epi8((char)0xC0));
            __m128i cont = _mm_cmpeq_epi8(_mm_and_si128(b, _mm_set1_epi8((char)0xC0)), _mm_set1_epi8((char)0x80));
            ld |= (uint64_t)(uint16_t)_mm_movemask_epi8(lead) << (16 * k);
            ct |= (uint64_t)(uint16_t)_mm_movemask_epi8(cont) << (16 * k);
        }
    }
    *word = w & ~hi;
    *hard = hi | us;
    *mid = m;
    *highOut = hi;
    *leadsOut = ld;
    *contsOut = ct;
#else
    uint64_t w = 0, h = 0, m = 0, hi = 0, ld = 0, ct = 0;
    for (int k = 0; k < 64; k++) {
        uint8_t b = p[k], l = b | 0x20;
        int isWord = (l >= 'a' && l <= 'z') || (b >= '0' && b <= '9') || b == '@';
        w |= (uint64_t)isWord << k;
        h |= (uint64_t)(b >= 0x80 || b == '_') << k;
        m |= (uint64_t)(b == '\'' || b == '.' || b == ',' || b == ';') << k;
        hi |= (uint64_t)(b >= 0x80) << k;
        ld |= (uint64_t)((b & 0xE0) == 0xC0) << k;
        ct |= (uint64_t)((b & 0xC0) == 0x80) << k;
    }
    *word = w;
    *hard = h;
    *mid = m;
    *highOut = hi;
    *leadsOut = ld;
    *contsOut = ct;
#endif
}

static inline int is_word_byte(uint8_t b) {
    uint8_t l = b | 0x20;
    return (l >= 'a' && l <= 'z') || (b >= '0' && b <= '9') || b == '@';
}
/* A byte that is or may start a word character (ASCII word byte, or any byte of a non-ASCII character). */
static inline int is_wordish(uint8_t b) {
    return is_word_byte(b) || b >= 0x80;
}
static inline int is_mid_byte(uint8_t b) {
    return b == '\'' || b == '.' || b == ',' || b == ';';
}
/* Whether the byte at i needs the full rules: >= 0x80, '_', or mid-word punctuation between word bytes. */
static inline int is_hard_at(const uint8_t *text, size_t length, size_t i) {
    uint8_t b = text[i];
    if (b >= 0x80 || b == '_') return 1;
    return is_mid_byte(b) && i > 0 && is_wordish(text[i - 1]) && i + 1 < length && is_wordish(text[i + 1]);
}

enum {
    KIND_SEPARATOR = 0, KIND_LETTER = 1, KIND_EXTEND = 2, KIND_MID_LETTER = 3, KIND_HARD = 4,
    KIND_DIGIT = 5, KIND_MID_NUM = 6, KIND_MID_BOTH = 7
};

/* Decodes the character at i: its kind (from kinds[] for the BMP; 4-byte and ill-formed sequences are
   KIND_HARD) and its length. */
static inline int kind_at(const uint8_t *t, size_t n, size_t i, const uint8_t *kinds, size_t *len) {
    uint8_t b0 = t[i];
    if (b0 < 0x80) { *len = 1; return kinds[b0]; }
    if (b0 >= 0xC2 && b0 <= 0xDF && i + 1 < n && (t[i + 1] & 0xC0) == 0x80) {
        *len = 2;
        return kinds[((uint32_t)(b0 & 0x1F) << 6) | (t[i + 1] & 0x3F)];
    }
    if (b0 >= 0xE0 && b0 <= 0xEF && i + 2 < n && (t[i + 1] & 0xC0) == 0x80 && (t[i + 2] & 0xC0) == 0x80) {
        uint32_t cp = ((uint32_t)(b0 & 0x0F) << 12) | ((uint32_t)(t[i + 1] & 0x3F) << 6) | (t[i + 2] & 0x3F);
        *len = 3;
        if (cp < 0x800) return KIND_HARD;  /* overlong: let the full rules decide */
        return kinds[cp];
    }
    *len = 1;
    return KIND_HARD;
}

#define HANDOVER ((size_t)-1)

/* One step at a position the SIMD path could not decide. A word of letters and digits (with combining
   marks), joined across mid-word punctuation as UAX #29 rules WB6/WB7 (letter, MidLetter or MidNumLet or
   Single_Quote, letter) and WB11/WB12 (digit, MidNum or MidNumLet or Single_Quote, digit) say, is emitted;
   a character that starts no word is skipped. Anything else is handed over (HANDOVER). */
static size_t scalar_step(const uint8_t *t, size_t n, size_t i, const uint8_t *kinds,
                          int32_t *tokens, size_t *written) {
    size_t len;
    int k = kind_at(t, n, i, kinds, &len);
    if (k == KIND_HARD) return HANDOVER;
    if (k != KIND_LETTER && k != KIND_DIGIT) return i + len;   /* starts no word */
    size_t s = i;
    int last = k;
    i += len;
    while (i < n) {
        k = kind_at(t, n, i, kinds, &len);
        if (k == KIND_LETTER || k == KIND_DIGIT) { last = k; i += len; continue; }
        if (k == KIND_EXTEND) { i += len; continue; }
        if (k == KIND_SEPARATOR) break;
        if (k == KIND_HARD) return HANDOVER;
        /* Mid-word punctuation: look at the character after it. */
        if (i + len >= n) break;
        size_t len2;
        int next = kind_at(t, n, i + len, kinds, &len2);
        if (next == KIND_HARD || next == KIND_EXTEND) return HANDOVER;
        int joins = (last == KIND_LETTER && next == KIND_LETTER && (k == KIND_MID_LETTER || k == KIND_MID_BOTH))
                 || (last == KIND_DIGIT && next == KIND_DIGIT && (k == KIND_MID_NUM || k == KIND_MID_BOTH));
        if (!joins) break;
        i += len + len2;
        last = next;
    }
    tokens[2 * *written] = (int32_t)s;
    tokens[2 * *written + 1] = (int32_t)i;
    (*written)++;
    return i;
}

/* One 64-byte block from *pos: emits its tokens, taking scalar steps where the masks cannot decide, and
   advances *pos past the block (or past a word that crossed its end). Returns 1 with *pos at the word to
   hand over when the full rules are needed, else 0. */
static inline int simd_block(const uint8_t *text, size_t length, size_t *pos, const uint8_t *kinds,
                             int32_t *tokens, size_t max_tokens, size_t *written) {
    size_t i = *pos;
    uint64_t word, hard, mid, high, leads, conts;
    classify64(text + i, &word, &hard, &mid, &high, &leads, &conts);
    /* Two-byte letters and digits are word bytes too: look each lead byte up (a few per block in European
       text). A pair that straddles the block end is left to the scalar step. */
    uint64_t pairs = leads & (conts >> 1);
    while (pairs) {
        unsigned bit = (unsigned)__builtin_ctzll(pairs);
        const uint8_t *q = text + i + bit;
        int kind = kinds[((uint32_t)(q[0] & 0x1F) << 6) | (q[1] & 0x3F)];
        if (kind == KIND_LETTER || kind == KIND_DIGIT) {
            word |= 3ULL << bit;
            hard &= ~(3ULL << bit);
        }
        pairs &= pairs - 1;
    }
    /* Mid-word punctuation can join only between word characters (ASCII word bytes or non-ASCII
       characters, which may be letters): look one byte beyond each end of the block. */
    uint64_t wordish = word | high;
    uint64_t prevWord = (wordish << 1) | (uint64_t)(i > 0 && is_wordish(text[i - 1]));
    uint64_t nextWord = (wordish >> 1) | ((uint64_t)(i + 64 < length && is_wordish(text[i + 64])) << 63);
    hard |= mid & prevWord & nextWord;
    /* Runs start at a word byte after a non-word byte (the byte before the block never continues a run,
       since blocks start between words) and end after a word byte before a non-word byte. */
    uint64_t starts = word & ~(word << 1);
    if (hard == 0 && !(word >> 63) && *written + (size_t)__builtin_popcountll(starts) <= max_tokens) {
        /* The common case: nothing to look at closely, no run crossing the block end. */
        uint64_t ends = word & ~(word >> 1);
        while (starts) {
            tokens[2 * *written] = (int32_t)(i + (unsigned)__builtin_ctzll(starts));
            tokens[2 * *written + 1] = (int32_t)(i + (unsigned)__builtin_ctzll(ends) + 1);
            (*written)++;
            starts &= starts - 1;
            ends &= ends - 1;
        }
        *pos = i + 64;
        return 0;
    }
    /* Events in order: hard bytes and run starts. */
    uint64_t events = starts | hard;
    while (events) {
        if (*written >= max_tokens) { *pos = i + (unsigned)__builtin_ctzll(events); return 0; }
        unsigned bit = (unsigned)__builtin_ctzll(events);
        size_t at = i + bit;
        if (!((hard >> bit) & 1)) {
            uint64_t rest = ~word >> bit;
            unsigned end = rest ? bit + (unsigned)__builtin_ctzll(rest) : 64;
            if (end < 64 && !((hard >> end) & 1)) {
                tokens[2 * *written] = (int32_t)at;
                tokens[2 * *written + 1] = (int32_t)(i + end);
                (*written)++;
                events &= ~((1ULL << end) - 1);
                continue;
            }
            if (end == 64) {             /* the run reaches the block end: finish it byte by byte */
                size_t e = i + 64;
                while (e < length && is_word_byte(text[e])) e++;
                if (e >= length || !is_hard_at(text, length, e)) {
                    tokens[2 * *written] = (int32_t)at;
                    tokens[2 * *written + 1] = (int32_t)e;
                    (*written)++;
                    *pos = e;
                    return 0;
                }
            }
        }
        /* A closer look at `at`: a word whose run ends in a hard byte, or a hard byte itself. */
        size_t next = scalar_step(text, length, at, kinds, tokens, written);
        if (next == HANDOVER) { *pos = at; return 1; }
        if (next >= i + 64) { *pos = next; return 0; }
        events &= ~((1ULL << (next - i)) - 1);
    }
    *pos = i + 64;
    return 0;
}

size_t census_tokenize_fast(const uint8_t *text, size_t length, size_t start, const uint8_t *kinds,
                            int32_t *tokens, size_t max_tokens, size_t *count) {
    size_t written = 0;
    size_t i = start;
    while (i + 64 <= length && written < max_tokens) {
        if (simd_block(text, length, &i, kinds, tokens, max_tokens, &written)) { *count = written; return i; }
    }
    if (i < length && written < max_tokens) {
        /* The last partial block: copy it after the byte before it into a buffer padded with spaces (which
           end any word, as the end of the text does) and run the same code there. */
        uint8_t local[1 + 64 + 64];
        size_t tail = length - i;
        local[0] = i > 0 ? text[i - 1] : ' ';
        for (size_t k = 0; k < tail; k++) local[1 + k] = text[i + k];
        for (size_t k = 1 + tail; k < sizeof local; k++) local[k] = ' ';
        size_t first = written;
        size_t j = 1;
        int handover = simd_block(local, 1 + tail + 64, &j, kinds, tokens, max_tokens, &written);
        for (size_t k = first; k < written; k++) {   /* back to offsets in text */
            tokens[2 * k] += (int32_t)(i - 1);
            tokens[2 * k + 1] += (int32_t)(i - 1);
        }
        i = j - 1 + i;
        if (!handover && i > length) i = length;
    }
    *count = written;
    return i;
}
