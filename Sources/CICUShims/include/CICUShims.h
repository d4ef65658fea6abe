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

#ifdef __cplusplus
}
#endif
#endif
