#ifndef CENSUS_CICU_SHIMS_H
#define CENSUS_CICU_SHIMS_H
/* Plain C interface over ICU for Swift. No ICU type appears here, so a Swift module that imports
   Foundation (which carries its own ICU headers) can import this one too. */
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Normalisation forms understood by the functions below. */
enum {
    CENSUS_NORM_NFC = 0,
    CENSUS_NORM_NFKC = 1,
    CENSUS_NORM_NFKC_CASEFOLD = 2
};

/* Writes the ICU version ("72.1") into buffer (NUL-terminated, truncated to capacity). */
void census_icu_version(char *buffer, int32_t capacity);

/* 1 when src is already in the given form, 0 when not, -1 on an ICU error (then *error holds the ICU code).
   Calls icu::Normalizer2::isNormalizedUTF8. */
int32_t census_is_normalized_utf8(int32_t form, const uint8_t *src, int32_t length, int32_t *error);

/* Normalises UTF-8 to UTF-8 with icu::Normalizer2::normalizeUTF8. Returns the number of bytes the result
   needs; when that exceeds capacity nothing useful is in dst and the caller retries with a bigger buffer.
   Returns -1 on an ICU error (then *error holds the ICU code). Invalid UTF-8 becomes U+FFFD. */
int32_t census_normalize_utf8(int32_t form, const uint8_t *src, int32_t length,
                              uint8_t *dst, int32_t capacity, int32_t *error);

/* Sets bit c of bitmap (0x10000 bits) for every BMP code point c that the normalisation form leaves as it is
   and that never combines with its neighbours: quick check Yes, canonical combining class 0, and for
   NFKC_Casefold also not Changes_When_NFKC_Casefolded. */
void census_inert_bitmap(int32_t form, uint8_t *bitmap);

/* ICU's UScriptCode of a code point (uscript_getScript); -1 on error. */
int32_t census_script_of(int32_t codePoint);

/* Word-segmentation classes written by census_word_break_classes: ICU's Word_Break property values
   (UAX #29), plus two refinements of Other that the tokeniser needs. */
enum {
    CENSUS_WB_OTHER = 0, CENSUS_WB_CR = 1, CENSUS_WB_LF = 2, CENSUS_WB_NEWLINE = 3, CENSUS_WB_EXTEND = 4,
    CENSUS_WB_ZWJ = 5, CENSUS_WB_REGIONAL_INDICATOR = 6, CENSUS_WB_FORMAT = 7, CENSUS_WB_KATAKANA = 8,
    CENSUS_WB_HEBREW_LETTER = 9, CENSUS_WB_ALETTER = 10, CENSUS_WB_SINGLE_QUOTE = 11,
    CENSUS_WB_DOUBLE_QUOTE = 12, CENSUS_WB_MIDNUMLET = 13, CENSUS_WB_MIDLETTER = 14, CENSUS_WB_MIDNUM = 15,
    CENSUS_WB_NUMERIC = 16, CENSUS_WB_EXTENDNUMLET = 17, CENSUS_WB_WSEGSPACE = 18,
    /* Other, but Alphabetic or Ideographic (Han, Hiragana, Thai, ...): a word of its own. */
    CENSUS_WB_OTHER_LETTER = 19,
    /* Other, but Extended_Pictographic (emoji): joins after ZWJ (WB3c). */
    CENSUS_WB_EXT_PICT = 20
};

/* Fills classes[0 ... 0x10FFFF] with the CENSUS_WB_* class of every code point, from ICU's properties. */
void census_word_break_classes(uint8_t *classes);

/* The code points whose case folding differs from themselves (ICU's Changes_When_Casefolded set), as
   (start, end) inclusive pairs written into ranges; returns the number of pairs (which may exceed capacity:
   call again with more room). */
int32_t census_casefold_ranges(int32_t *ranges, int32_t capacity);

/* ICU's simple case folding of one code point (u_foldCase with U_FOLD_CASE_DEFAULT). */
int32_t census_fold_case(int32_t codePoint);

/* Word segments of UTF-8 text by ICU's own word BreakIterator (for comparison and tests).
   Writes up to capacity (start, end) UTF-8 byte-offset pairs into spans for segments whose rule status is
   a word (number, letter, kana or ideograph: status >= UBRK_WORD_NONE_LIMIT) and returns how many word
   segments there are (which may exceed capacity: then call again with more room). Returns -1 on an ICU
   error (then *error holds the ICU code). The iterator is created once per thread. */
int32_t census_icu_word_spans(const uint8_t *text, int32_t length, int32_t *spans, int32_t capacity, int32_t *error);

#ifdef __cplusplus
}
#endif
#endif
