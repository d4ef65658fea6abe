#include "CICUShims.h"

#include <cstring>
#include <memory>
#include <unicode/brkiter.h>
#include <unicode/bytestream.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ucpmap.h>
#include <unicode/uniset.h>
#include <unicode/uscript.h>
#include <unicode/uset.h>
#include <unicode/utext.h>
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

namespace {
uint8_t censusClass(int32_t v) {
    switch (v) {
    case U_WB_CR: return CENSUS_WB_CR;
    case U_WB_LF: return CENSUS_WB_LF;
    case U_WB_NEWLINE: return CENSUS_WB_NEWLINE;
    case U_WB_EXTEND: return CENSUS_WB_EXTEND;
    case U_WB_ZWJ: return CENSUS_WB_ZWJ;
    case U_WB_REGIONAL_INDICATOR: return CENSUS_WB_REGIONAL_INDICATOR;
    case U_WB_FORMAT: return CENSUS_WB_FORMAT;
    case U_WB_KATAKANA: return CENSUS_WB_KATAKANA;
    case U_WB_HEBREW_LETTER: return CENSUS_WB_HEBREW_LETTER;
    case U_WB_ALETTER: return CENSUS_WB_ALETTER;
    case U_WB_SINGLE_QUOTE: return CENSUS_WB_SINGLE_QUOTE;
    case U_WB_DOUBLE_QUOTE: return CENSUS_WB_DOUBLE_QUOTE;
    case U_WB_MIDNUMLET: return CENSUS_WB_MIDNUMLET;
    case U_WB_MIDLETTER: return CENSUS_WB_MIDLETTER;
    case U_WB_MIDNUM: return CENSUS_WB_MIDNUM;
    case U_WB_NUMERIC: return CENSUS_WB_NUMERIC;
    case U_WB_EXTENDNUMLET: return CENSUS_WB_EXTENDNUMLET;
    case U_WB_WSEGSPACE: return CENSUS_WB_WSEGSPACE;
    case U_WB_E_BASE: case U_WB_E_BASE_GAZ: case U_WB_E_MODIFIER: case U_WB_GLUE_AFTER_ZWJ:
        return CENSUS_WB_EXT_PICT;
    default: return CENSUS_WB_OTHER;
    }
}

/* Gives every code point of a binary property that is still Other the class k. */
void refineOther(uint8_t *classes, UProperty property, uint8_t k) {
    UErrorCode status = U_ZERO_ERROR;
    const USet *set = u_getBinaryPropertySet(property, &status);
    if (U_FAILURE(status)) return;
    int32_t items = uset_getItemCount(set);
    for (int32_t i = 0; i < items; ++i) {
        UChar32 start, end;
        status = U_ZERO_ERROR;
        if (uset_getItem(set, i, &start, &end, nullptr, 0, &status) != 0) continue;  // strings: none here
        for (UChar32 c = start; c <= end; ++c)
            if (classes[c] == CENSUS_WB_OTHER) classes[c] = k;
    }
}
} // namespace

extern "C" void census_word_break_classes(uint8_t *classes) {
    UErrorCode status = U_ZERO_ERROR;
    const UCPMap *map = u_getIntPropertyMap(UCHAR_WORD_BREAK, &status);
    if (U_FAILURE(status)) {
        for (UChar32 c = 0; c <= 0x10FFFF; ++c) classes[c] = censusClass(u_getIntPropertyValue(c, UCHAR_WORD_BREAK));
    } else {
        UChar32 start = 0;
        uint32_t value = 0;
        while (start <= 0x10FFFF) {
            UChar32 end = ucpmap_getRange(map, start, UCPMAP_RANGE_NORMAL, 0, nullptr, nullptr, &value);
            if (end < 0) break;
            uint8_t k = censusClass(static_cast<int32_t>(value));
            for (UChar32 c = start; c <= end; ++c) classes[c] = k;
            start = end + 1;
        }
    }
    // ICU's root word-break rules (word.txt) tailor two property values: the colon is not MidLetter
    // ($MidLetter = [\p{Word_Break = MidLetter} - [\: \uFE55 \uFF1A]]) and '@' is ALetter, so e-mail
    // addresses stay whole.
    classes[0x3A] = classes[0xFE55] = classes[0xFF1A] = CENSUS_WB_OTHER;
    classes[0x40] = CENSUS_WB_ALETTER;
    refineOther(classes, UCHAR_EXTENDED_PICTOGRAPHIC, CENSUS_WB_EXT_PICT);
    refineOther(classes, UCHAR_ALPHABETIC, CENSUS_WB_OTHER_LETTER);
    refineOther(classes, UCHAR_IDEOGRAPHIC, CENSUS_WB_OTHER_LETTER);
}

extern "C" int32_t census_fold_case(int32_t codePoint) {
    return u_foldCase(codePoint, U_FOLD_CASE_DEFAULT);
}

namespace {
struct WordIterator {
    std::unique_ptr<icu::BreakIterator> iterator;
    UText text = UTEXT_INITIALIZER;
    ~WordIterator() { utext_close(&text); }
};
thread_local WordIterator wordIterator;
}

extern "C" int32_t census_icu_word_spans(const uint8_t *text, int32_t length, int32_t *spans, int32_t capacity,
                                         int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    WordIterator &w = wordIterator;
    if (!w.iterator) {
        w.iterator.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
        if (U_FAILURE(status)) { *error = status; w.iterator.reset(); return -1; }
    }
    utext_openUTF8(&w.text, reinterpret_cast<const char *>(text), length, &status);
    if (U_FAILURE(status)) { *error = status; return -1; }
    w.iterator->setText(&w.text, status);
    if (U_FAILURE(status)) { *error = status; return -1; }
    int32_t count = 0;
    int32_t start = w.iterator->first();
    for (int32_t end = w.iterator->next(); end != icu::BreakIterator::DONE; start = end, end = w.iterator->next()) {
        if (w.iterator->getRuleStatus() >= UBRK_WORD_NONE_LIMIT) {
            if (count < capacity) {
                spans[2 * count] = start;
                spans[2 * count + 1] = end;
            }
            ++count;
        }
    }
    *error = 0;
    return count;
}

extern "C" void census_inert_bitmap(int32_t form, uint8_t *bitmap) {
    for (UChar32 c = 0; c < 0x10000; ++c) {
        bool inert;
        if (c >= 0xD800 && c <= 0xDFFF) {
            inert = false;
        } else {
            UProperty qc = form == CENSUS_NORM_NFC ? UCHAR_NFC_QUICK_CHECK : UCHAR_NFKC_QUICK_CHECK;
            inert = u_getIntPropertyValue(c, qc) == UNORM_YES && u_getCombiningClass(c) == 0;
            if (form == CENSUS_NORM_NFKC_CASEFOLD && u_hasBinaryProperty(c, UCHAR_CHANGES_WHEN_NFKC_CASEFOLDED))
                inert = false;
        }
        if (inert) bitmap[c >> 3] |= static_cast<uint8_t>(1u << (c & 7));
        else bitmap[c >> 3] &= static_cast<uint8_t>(~(1u << (c & 7)));
    }
}

extern "C" int32_t census_script_of(int32_t codePoint) {
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript(codePoint, &status);
    return U_FAILURE(status) ? -1 : static_cast<int32_t>(script);
}

extern "C" int32_t census_casefold_ranges(int32_t *ranges, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    const USet *set = u_getBinaryPropertySet(UCHAR_CHANGES_WHEN_CASEFOLDED, &status);
    if (U_FAILURE(status)) return 0;
    int32_t items = uset_getItemCount(set), n = 0;
    for (int32_t i = 0; i < items; ++i) {
        UChar32 start, end;
        status = U_ZERO_ERROR;
        if (uset_getItem(set, i, &start, &end, nullptr, 0, &status) != 0) continue;
        if (n < capacity) { ranges[2 * n] = start; ranges[2 * n + 1] = end; }
        ++n;
    }
    return n;
}
