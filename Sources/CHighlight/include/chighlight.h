#ifndef SYLLABUS_CHIGHLIGHT_H
#define SYLLABUS_CHIGHLIGHT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Highlights `length` bytes of UTF-8 `code` (invalid bytes and NUL become U+FFFD) written in
/// `language` (a NUL-terminated name or alias such as "swift", "sh", "c++", "yml", matched
/// without regard to ASCII case) with KDE's KSyntaxHighlighting.
///
/// Returns 1 and sets `*out` to escaped HTML of `*out_length` bytes (NUL-terminated, to be
/// released with `syllabus_highlight_free`): the code's lines, joined by line feeds as in the
/// input, each token inside `<span class="hl-NAME">…</span>` where NAME is one of keyword,
/// type, function, variable, constant, builtin, string, escape, number, comment, operator,
/// preprocessor, attribute, inserted, deleted, error. A span never holds a line feed.
/// Returns 0 and leaves `*out` alone when the language is unknown, and -1 when memory runs out.
/// Safe to call from several threads at once; the same input gives the same bytes.
int syllabus_highlight(const char *language, const char *code, size_t length, char **out, size_t *out_length);

/// Releases what `syllabus_highlight` returned.
void syllabus_highlight_free(char *out);

/// Names the highlighter that runs: KSyntaxHighlighting's version, and the size and
/// modification time of the library file loaded, which holds the language definitions. A cache
/// of highlighted HTML keys on it: an upgrade of the library changes it without changing the
/// executable. The same NUL-terminated string for the whole process; not to be freed.
const char *syllabus_highlight_identity(void);

#ifdef __cplusplus
}
#endif

#endif
