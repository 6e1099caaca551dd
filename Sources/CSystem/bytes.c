#include "csystem.h"
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// Byte scans over whole pages, written as blocks of 64 whose bytes are combined without a
// branch, so that the compiler makes vector code of them; only the last block is read a byte
// at a time.

long syllabus_first_non_ascii(const unsigned char *bytes, long count) {
    long index = 0;
#if defined(__SSE2__)
    // Sixteen bytes at a time, and the exact place from the mask of their high bits.
    for (; index + 16 <= count; index += 16) {
        int mask = _mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(bytes + index)));
        if (mask) return index + __builtin_ctz((unsigned)mask);
    }
#else
    for (; index + 64 <= count; index += 64) {
        unsigned char any = 0;
        for (int offset = 0; offset < 64; offset++) any |= bytes[index + offset];
        if (any & 0x80) break;
    }
#endif
    for (; index < count; index++) {
        if (bytes[index] & 0x80) return index;
    }
    return count;
}

int syllabus_has_control_bytes(const unsigned char *bytes, long count) {
    long index = 0;
    for (; index + 64 <= count; index += 64) {
        unsigned char any = 0;
        for (int offset = 0; offset < 64; offset++) {
            unsigned char byte = bytes[index + offset];
            any |= (byte < 0x20) & (byte != '\n') & (byte != '\t');
        }
        if (any) return 1;
    }
    for (; index < count; index++) {
        unsigned char byte = bytes[index];
        if (byte < 0x20 && byte != '\n' && byte != '\t') return 1;
    }
    return 0;
}

int syllabus_is_valid_utf8(const unsigned char *bytes, long count) {
    // The well-formed sequences of the Unicode standard (table 3-7).
    long index = 0;
    while (index < count) {
        unsigned char lead = bytes[index];
        if (lead < 0x80) {
            index += 1;
            continue;
        }
        long length;
        unsigned char low = 0x80, high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) length = 2;
        else if (lead == 0xE0) { length = 3; low = 0xA0; }
        else if (lead >= 0xE1 && lead <= 0xEC) length = 3;
        else if (lead == 0xED) { length = 3; high = 0x9F; }
        else if (lead >= 0xEE && lead <= 0xEF) length = 3;
        else if (lead == 0xF0) { length = 4; low = 0x90; }
        else if (lead >= 0xF1 && lead <= 0xF3) length = 4;
        else if (lead == 0xF4) { length = 4; high = 0x8F; }
        else return 0;
        if (count - index < length) return 0;
        if (bytes[index + 1] < low || bytes[index + 1] > high) return 0;
        for (long next = 2; next < length; next++) {
            if (bytes[index + next] < 0x80 || bytes[index + next] > 0xBF) return 0;
        }
        index += length;
    }
    return 1;
}

static int is_html_special(unsigned char byte) {
    return byte == '&' || byte == '<' || byte == '>' || byte == '"' || byte == '\'';
}

long syllabus_first_html_special(const unsigned char *bytes, long count) {
    long index = 0;
#if defined(__SSE2__)
    // Sixteen bytes at a time, and the exact place from the mask of the matches: markup has one
    // of the five every few bytes, where a longer block would be read again byte by byte.
    const __m128i amp = _mm_set1_epi8('&'), lt = _mm_set1_epi8('<'), gt = _mm_set1_epi8('>');
    const __m128i quot = _mm_set1_epi8('"'), apos = _mm_set1_epi8('\'');
    for (; index + 16 <= count; index += 16) {
        __m128i chunk = _mm_loadu_si128((const __m128i *)(bytes + index));
        __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(chunk, amp), _mm_cmpeq_epi8(chunk, lt)),
                                    _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(chunk, gt), _mm_cmpeq_epi8(chunk, quot)),
                                                 _mm_cmpeq_epi8(chunk, apos)));
        int mask = _mm_movemask_epi8(hits);
        if (mask) return index + __builtin_ctz((unsigned)mask);
    }
#else
    for (; index + 64 <= count; index += 64) {
        unsigned char any = 0;
        for (int offset = 0; offset < 64; offset++) any |= (unsigned char)is_html_special(bytes[index + offset]);
        if (any) break;
    }
#endif
    for (; index < count; index++) {
        if (is_html_special(bytes[index])) return index;
    }
    return count;
}

long syllabus_href_safe_prefix(const unsigned char *bytes, long count) {
    // Letters, digits and the punctuation that gives a URL its structure:
    // - _ . ~ ! * ( ) ; : @ = + $ , / ? # [ ] %
    static const unsigned long long safe[4] = {
        // 0x00-0x3F: ! # $ % ( ) * + , - . / 0-9 : ; =
        (1ULL << 0x21) | (1ULL << 0x23) | (1ULL << 0x24) | (1ULL << 0x25) | (1ULL << 0x28) | (1ULL << 0x29) |
            (1ULL << 0x2A) | (1ULL << 0x2B) | (1ULL << 0x2C) | (1ULL << 0x2D) | (1ULL << 0x2E) | (1ULL << 0x2F) |
            (0x3FFULL << 0x30) | (1ULL << 0x3A) | (1ULL << 0x3B) | (1ULL << 0x3D) | (1ULL << 0x3F),
        // 0x40-0x7F: @ A-Z [ ] _ a-z ~
        (1ULL << 0) | (0x3FFFFFFULL << 1) | (1ULL << 0x1B) | (1ULL << 0x1D) | (1ULL << 0x1F) |
            (0x3FFFFFFULL << 0x21) | (1ULL << 0x3E),
        0, 0};
    long index = 0;
    while (index < count && (safe[bytes[index] >> 6] >> (bytes[index] & 63)) & 1) index++;
    return index;
}
