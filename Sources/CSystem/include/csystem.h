#ifndef SYLLABUS_CSYSTEM_H
#define SYLLABUS_CSYSTEM_H

/// Swaps two paths in one step (Linux renameat2 RENAME_EXCHANGE), so that at every moment
/// one of the two complete folders is in place. Returns 0, or -1 with errno set
/// (ENOSYS/EINVAL where the system or file system cannot do it).
int syllabus_exchange_paths(const char *first, const char *second);

/// The offset of the first `needle` in `haystack` (memmem), or -1.
long syllabus_find_bytes(const void *haystack, long haystack_count, const void *needle, long needle_count);

/// The offset of the first byte of `bytes` that is not ASCII (0x80 or above), or `count`.
long syllabus_first_non_ascii(const unsigned char *bytes, long count);

/// Whether `bytes` are well-formed UTF-8 (as the Unicode standard defines it, and Swift's
/// `String(validating:as:)` checks it).
int syllabus_is_valid_utf8(const unsigned char *bytes, long count);

/// The offset of the first of `&`, `<`, `>`, `"` and `'` in `bytes`, or `count`.
long syllabus_first_html_special(const unsigned char *bytes, long count);

/// How many bytes at the start of `bytes` stand in an href as they are: ASCII letters and
/// digits, and `-_.~!*();:@=+$,/?#[]%`.
long syllabus_href_safe_prefix(const unsigned char *bytes, long count);

/// Whether `bytes` holds a control character (below 0x20) other than a line feed or a tab.
int syllabus_has_control_bytes(const unsigned char *bytes, long count);

/// Where a scan of HTML for attributes stands between two calls of `syllabus_next_attribute`:
/// start with both zero.
typedef struct {
    long index;
    int in_tag;
} syllabus_attribute_scan;

/// The attributes output verification reads.
enum { SYLLABUS_ATTRIBUTE_NONE = 0, SYLLABUS_ATTRIBUTE_ID, SYLLABUS_ATTRIBUTE_NAME, SYLLABUS_ATTRIBUTE_HREF, SYLLABUS_ATTRIBUTE_SRC };

/// The next `id`, `name`, `href` or `src` attribute (any case) of the tags in `html` after
/// `scan`, with its value's range in `value_start`..<`value_end`; SYLLABUS_ATTRIBUTE_NONE at
/// the end. Text outside tags is never read (cmark escapes `<` in text, so every `<` starts a
/// tag or a comment), comments are skipped, and other attributes are passed over.
int syllabus_next_attribute(const unsigned char *html, long count, syllabus_attribute_scan *scan,
                            long *value_start, long *value_end);

/// Empties the calling thread's arena (whatever was allocated from it before is gone) and
/// returns its allocator, laid out as libcmark's `cmark_mem` (calloc, realloc, free). Its
/// free does nothing: the memory lasts until the next call on the same thread, so one
/// document at a time per thread is parsed, used and dropped with it.
const void *syllabus_arena_begin(void);

#endif
