#include "csystem.h"
#include <string.h>
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

/* The first `a` or `b` at or after `from`, or `count`: sixteen bytes at a time, inline, as a
   tag's classes and values are most of its bytes and most values are too short for a call of
   memchr to pay. */
static long find_either(const unsigned char *html, long from, long count, unsigned char a, unsigned char b) {
#if defined(__SSE2__)
    const __m128i first = _mm_set1_epi8((char)a), second = _mm_set1_epi8((char)b);
    while (from + 16 <= count) {
        __m128i chunk = _mm_loadu_si128((const __m128i *)(html + from));
        int mask = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(chunk, first), _mm_cmpeq_epi8(chunk, second)));
        if (mask) return from + __builtin_ctz((unsigned)mask);
        from += 16;
    }
#endif
    while (from < count && html[from] != a && html[from] != b) from++;
    return from;
}

static int is_attribute_name_byte(unsigned char byte) {
    return (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || byte == '-' || (byte >= '0' && byte <= '9');
}

/* Whether `name` (length `length`) spells `lowercase` in any case. */
static int attribute_name_is(const unsigned char *name, long length, const char *lowercase) {
    for (long index = 0; index < length; index++) {
        if ((name[index] | 0x20) != (unsigned char)lowercase[index]) return 0;
    }
    return 1;
}

static int attribute_kind(const unsigned char *name, long length) {
    switch (length) {
    case 2: return attribute_name_is(name, 2, "id") ? SYLLABUS_ATTRIBUTE_ID : SYLLABUS_ATTRIBUTE_NONE;
    case 3: return attribute_name_is(name, 3, "src") ? SYLLABUS_ATTRIBUTE_SRC : SYLLABUS_ATTRIBUTE_NONE;
    case 4:
        if (attribute_name_is(name, 4, "href")) return SYLLABUS_ATTRIBUTE_HREF;
        return attribute_name_is(name, 4, "name") ? SYLLABUS_ATTRIBUTE_NAME : SYLLABUS_ATTRIBUTE_NONE;
    default: return SYLLABUS_ATTRIBUTE_NONE;
    }
}

int syllabus_next_attribute(const unsigned char *html, long count, syllabus_attribute_scan *scan,
                            long *value_start, long *value_end) {
    long index = scan->index;
    for (;;) {
        if (!scan->in_tag) {
            if (index >= count) break;
            /* Text between tags is most of a page: memchr skips it. */
            const unsigned char *found = memchr(html + index, '<', (size_t)(count - index));
            if (!found) break;
            index = found - html;
            if (index + 3 < count && html[index + 1] == '!' && html[index + 2] == '-') {
                long end = index + 4;
                while (end + 2 < count && !(html[end] == '-' && html[end + 1] == '-' && html[end + 2] == '>')) end++;
                index = end + 3;
                continue;
            }
            index++;
            scan->in_tag = 1;
        }
        while (index < count) {
            /* An attribute is a name, spaces, `=` and a value: look for the next `=` (or the
               tag's end), then for the name just before it. */
            long equals = find_either(html, index, count, '=', '>');
            if (equals >= count || html[equals] != '=') {
                index = equals;
                break;
            }
            long name_end = equals;
            while (name_end > index && html[name_end - 1] == ' ') name_end--;
            long name_start = name_end;
            while (name_start > index && is_attribute_name_byte(html[name_start - 1])) name_start--;
            if (name_start == name_end) {
                /* `=` after no name is text. */
                index = equals + 1;
                continue;
            }
            long cursor = equals + 1;
            while (cursor < count && html[cursor] == ' ') cursor++;
            if (cursor >= count) {
                index = count;
                break;
            }
            unsigned char quote = html[cursor];
            long start, end;
            if (quote == '"' || quote == '\'') {
                start = cursor + 1;
                end = find_either(html, start, count, quote, quote);
                index = end + 1;
            } else {
                start = cursor;
                end = cursor;
                while (end < count && html[end] != ' ' && html[end] != '>') end++;
                index = end;
            }
            int kind = attribute_kind(html + name_start, name_end - name_start);
            if (kind != SYLLABUS_ATTRIBUTE_NONE) {
                scan->index = index;
                *value_start = start < count ? start : count;
                *value_end = end < count ? end : count;
                return kind;
            }
        }
        scan->in_tag = 0;
    }
    scan->index = count;
    scan->in_tag = 0;
    return SYLLABUS_ATTRIBUTE_NONE;
}
