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

#ifdef __cplusplus
}
#endif
#endif
