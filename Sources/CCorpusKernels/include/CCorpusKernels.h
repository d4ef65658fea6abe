#ifndef CENSUS_KERNELS_H
#define CENSUS_KERNELS_H
/* Small byte kernels that need SIMD instructions Swift cannot express portably. Plain C types only. */
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* 1 when the bytes are well-formed UTF-8 (Unicode Table 3-7), 0 when not.
   Uses SSSE3 when the CPU has it (checked once at run time), a scalar loop otherwise.
   Callers that need the offset of the first error run their own scalar scan after a 0. */
int census_utf8_is_valid(const uint8_t *bytes, size_t length);

/* The fast path of the word tokeniser.
   Scans text[start, length) and writes (start, end) byte-offset pairs into tokens for every word it can
   decide without the full UAX #29 rules: ASCII runs of letters, digits and '@' (classified 64 bytes at a
   time with SSE2), and words of BMP characters whose kind (kinds[code point], 0x10000 entries: 0 separator,
   1 letter, 2 combining mark, 3 MidLetter, 4 anything else, 5 digit, 6 MidNum, 7 MidNumLet or
   Single_Quote) is simple, joined across mid-word punctuation by rules WB6/7 and WB11/12. It stops at the
   first position where the full rules are needed (a kind-4 character such as '_', Hebrew or kana, a
   supplementary character, a combining mark after mid-word punctuation) and returns that offset: the start
   of the word in question. Returns length when done; also stops after max_tokens pairs. *count is set to the
   number of pairs written. The caller guarantees that text[start - 1] (if any) does not join text[start]. */
size_t census_tokenize_fast(const uint8_t *text, size_t length, size_t start, const uint8_t *kinds,
                            int32_t *tokens, size_t max_tokens, size_t *count);

/* The character counts of a document's quality signals, in one call: Unicode scalars (bytes that are not
   UTF-8 continuation bytes), '\n', '#', whether a '{' occurs, ellipses ("..." counted without overlap, as
   Python's str.count does, plus each U+2026) and whether "lorem ipsum" occurs (ASCII case ignored). */
typedef struct {
    size_t scalars, newlines, hashes, ellipses;
    int curly_bracket, lorem_ipsum;
} census_quality_chars;
void census_quality_characters(const uint8_t *text, size_t length, census_quality_chars *out);

/* What census_scan_text found. */
enum {
    CENSUS_SCAN_NON_ASCII = 1,   /* some byte >= 0x80 */
    CENSUS_SCAN_CLEANUP = 2,     /* a control character, a line break other than LF, two white-space
                                    characters in a row, or a character that may be one of these (lead bytes
                                    C2, E1, E2, E3): the clean-up pass must look */
    CENSUS_SCAN_NOT_INERT = 4    /* a character outside `inert` (a supplementary character, or a BMP
                                    character whose bit is 0): normalisation must look */
};

/* A fast look at UTF-8 text that tells the normaliser what it must do. inert is a bitmap of 0x10000 bits
   (bit c set: code point c is unchanged by the normalisation form and never combines with its
   neighbours); lead_ok[b] (256 bytes) is 1 for bytes that need no closer look: ASCII, continuation bytes,
   and lead bytes of two-byte blocks whose 64 code points are all inert and none changed by the clean-up;
   lead_masks[b - 0xC0] (32 entries) has bit k set when the two-byte character (b, 0x80 | k) is inert and not
   touched by the clean-up. ASCII is checked 16 bytes at a time (SSE2). Returns CENSUS_SCAN_* flags. */
int census_scan_text(const uint8_t *text, size_t length, const uint8_t *inert, const uint8_t *lead_ok,
                     const uint64_t *lead_masks);

/* Adds rows of a byte table to 32-bit sums: for each index r in rows[0..count), adds
   table[r * stride + k] to sums[k] for k < width (width <= stride, width <= 256). The rows are prefetched
   ahead, and on x86-64 added 16 bytes at a time (SSE2) through 16-bit lanes. This is the language model's
   scoring loop. */
void census_add_rows(const uint8_t *table, size_t stride, size_t width, const uint32_t *rows, size_t count,
                     int32_t *sums);

/* Asks for the cache line holding p (a hint; nothing is read). */
static inline void census_prefetch(const void *p) { __builtin_prefetch(p); }

/* census_add_rows over runs of rows: run r is rows[ends[r-1] .. ends[r]) (ends[-1] = 0). Every row is added
   to sums as census_add_rows does (prefetched ahead across runs), and each run of at most 128 rows has its
   own sums in run_sums[64 r .. 64 r + width) (width <= 64; a longer run's are 65535: not kept). The language
   identifier's word cache is filled from these (a word of at most 24 letters has at most 125 features). */
void census_add_row_runs(const uint8_t *table, size_t stride, size_t width, const uint32_t *rows,
                         const uint32_t *ends, size_t runs, uint16_t *run_sums, int32_t *sums);

/* MinHash signature update: for every shingle hash x in shingles[0..count) and every i < k,
   signature[i] = min(signature[i], a[i] * x32 + b[i]) in 32-bit arithmetic, where x32 folds x's two halves.
   (a, b) are the k hash functions of a multiply-add family over 32 bits. Uses AVX2 when the CPU has it
   (checked once at run time), a scalar loop otherwise. */
void census_minhash_update(uint32_t *signature, size_t k, const uint32_t *a, const uint32_t *b,
                           const uint64_t *shingles, size_t count);

/* The index of the first byte in t[0..n) that a JSON string must escape (a C0 control, '"', '\\' or DEL),
   or n when there is none. SSE2, 16 bytes at a time. */
size_t census_json_escape_scan(const uint8_t *t, size_t n);

/* The number of CPUs in this process's affinity mask (sched_getaffinity), or -1 when unknown. */
/* syncfs(fd): flushes the whole file system holding fd; 0 or -1 with errno. */
int census_syncfs(int fd);

int census_affinity_cpu_count(void);

#ifdef __cplusplus
}
#endif
#endif
