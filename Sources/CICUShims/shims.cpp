#include "CICUShims.h"

#include <cstring>
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>
#include <unicode/uversion.h>

namespace {

const icu::Normalizer2 *normalizer(int32_t form, UErrorCode &status) {
    switch (form) {
    case CENSUS_NORM_NFC: return icu::Normalizer2::getNFCInstance(status);
    case CENSUS_NORM_NFKC: return icu::Normalizer2::getNFKCInstance(status);
    case CENSUS_NORM_NFKC_CASEFOLD: return icu::Normalizer2::getNFKCCasefoldInstance(status);
    default:
        status = U_ILLEGAL_ARGUMENT_ERROR;
        return nullptr;
    }
}

} // namespace

extern "C" void census_icu_version(char *buffer, int32_t capacity) {
    if (capacity <= 0) return;
    UVersionInfo info;
    u_getVersion(info);
    char text[U_MAX_VERSION_STRING_LENGTH];
    u_versionToString(info, text);
    std::strncpy(buffer, text, static_cast<size_t>(capacity - 1));
    buffer[capacity - 1] = '\0';
}

extern "C" int32_t census_is_normalized_utf8(int32_t form, const uint8_t *src, int32_t length, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2 *norm = normalizer(form, status);
    if (U_FAILURE(status)) { *error = status; return -1; }
    icu::StringPiece piece(reinterpret_cast<const char *>(src), length);
    UBool result = norm->isNormalizedUTF8(piece, status);
    if (U_FAILURE(status)) { *error = status; return -1; }
    *error = 0;
    return result ? 1 : 0;
}

extern "C" int32_t census_normalize_utf8(int32_t form, const uint8_t *src, int32_t length,
                                         uint8_t *dst, int32_t capacity, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2 *norm = normalizer(form, status);
    if (U_FAILURE(status)) { *error = status; return -1; }
    icu::CheckedArrayByteSink sink(reinterpret_cast<char *>(dst), capacity);
    icu::StringPiece piece(reinterpret_cast<const char *>(src), length);
    norm->normalizeUTF8(0, piece, sink, nullptr, status);
    if (U_FAILURE(status)) { *error = status; return -1; }
    *error = 0;
    return sink.NumberOfBytesAppended();
}
