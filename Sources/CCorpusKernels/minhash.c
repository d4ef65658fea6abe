/* MinHash signature update (see CCorpusKernels.h). */
#include "CCorpusKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx2")))
static void update_avx2(uint32_t *sig, size_t k, const uint32_t *a, const uint32_t *b,
                        const uint64_t *shingles, size_t count) {
    size_t i = 0;
    for (; i + 8 <= k; i += 8) {
        __m256i va = _mm256_loadu_si256((const __m256i *)(a + i));
        __m256i vb = _mm256_loadu_si256((const __m256i *)(b + i));
        __m256i m = _mm256_loadu_si256((const __m256i *)(sig + i));
        for (size_t s = 0; s < count; s++) {
            uint32_t x = (uint32_t)(shingles[s] ^ (shingles[s] >> 32));
            __m256i h = _mm256_add_epi32(_mm256_mullo_epi32(va, _mm256_set1_epi32((int)x)), vb);
            m = _mm256_min_epu32(m, h);
        }
        _mm256_storeu_si256((__m256i *)(sig + i), m);
    }
    for (; i < k; i++) {
        uint32_t m = sig[i];
        for (size_t s = 0; s < count; s++) {
            uint32_t x = (uint32_t)(shingles[s] ^ (shingles[s] >> 32));
            uint32_t h = a[i] * x + b[i];
            if (h < m) m = h;
        }
        sig[i] = m;
    }
}
#endif

static void update_scalar(uint32_t *sig, size_t k, const uint32_t *a, const uint32_t *b,
                          const uint64_t *shingles, size_t count) {
    for (size_t s = 0; s < count; s++) {
        uint32_t x = (uint32_t)(shingles[s] ^ (shingles[s] >> 32));
        for (size_t i = 0; i < k; i++) {
            uint32_t h = a[i] * x + b[i];
            if (h < sig[i]) sig[i] = h;
        }
    }
}

void census_minhash_update(uint32_t *signature, size_t k, const uint32_t *a, const uint32_t *b,
                           const uint64_t *shingles, size_t count) {
#if defined(__x86_64__)
    static int has_avx2 = -1;
    if (has_avx2 < 0) has_avx2 = __builtin_cpu_supports("avx2") ? 1 : 0;
    if (has_avx2) { update_avx2(signature, k, a, b, shingles, count); return; }
#endif
    update_scalar(signature, k, a, b, shingles, count);
}
