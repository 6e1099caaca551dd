#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include "csystem.h"

int syllabus_exchange_paths(const char *first, const char *second) {
#if defined(__linux__) && defined(RENAME_EXCHANGE)
    return renameat2(AT_FDCWD, first, AT_FDCWD, second, RENAME_EXCHANGE);
#else
    (void)first;
    (void)second;
    errno = ENOSYS;
    return -1;
#endif
}

long syllabus_find_bytes(const void *haystack, long haystack_count, const void *needle, long needle_count) {
    if (needle_count <= 0 || haystack_count < needle_count) return -1;
    const char *found = memmem(haystack, (size_t)haystack_count, needle, (size_t)needle_count);
    return found ? (long)(found - (const char *)haystack) : -1;
}
