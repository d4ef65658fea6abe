/* MinHash signature update (see CCorpusKernels.h). */
#include "CCorpusKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx2")))
static void update_avx2(uint32_t *sig, size_t k, const uint32_t *a, const uint32_t *b,
                        const uint64_t *shingles, size_t count) {
    /* Fold the shingles to 32 bits once per chunk, then run every group of 8 hash functions over them
       with a, b and the minima in registers. */
    uint32_t xs[512];
    for (size_t base = 0; base < count; base += 512) {
        size_t n = count - base < 512 ? count - base : 512;
        for (size_t s = 0; s < n; s++) xs[s] = (uint32_t)(shingles[base + s] ^ (shingles[base + s] >> 32));
        size_t i = 0;
        for (; i + 8 <= k; i += 8) {
            __m256i va = _mm256_loadu_si256((const __m256i *)(a + i));
            __m256i vb = _mm256_loadu_si256((const __m256i *)(b + i));
            __m256i m0 = _mm256_loadu_si256((const __m256i *)(sig + i));
            __m256i m1 = m0;
            size_t s = 0;
            for (; s + 2 <= n; s += 2) {   /* two independent chains hide the multiply latency */
                m0 = _mm256_min_epu32(m0, _mm256_add_epi32(_mm256_mullo_epi32(va, _mm256_set1_epi32((int)xs[s])), vb));
                m1 = _mm256_min_epu32(m1, _mm256_add_epi32(_mm256_mullo_epi32(va, _mm256_set1_epi32((int)xs[s + 1])), vb));
            }
            if (s < n) m0 = _mm256_min_epu32(m0, _mm256_add_epi32(_mm256_mullo_epi32(va, _mm256_set1_epi32((int)xs[s])), vb));
            _mm256_storeu_si256((__m256i *)(sig + i), _mm256_min_epu32(m0, m1));
        }
        for (; i < k; i++) {
            uint32_t m = sig[i];
            for (size_t s = 0; s < n; s++) {
                uint32_t h = a[i] * xs[s] + b[i];
                if (h < m) m = h;
            }
            sig[i] = m;
        }
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
