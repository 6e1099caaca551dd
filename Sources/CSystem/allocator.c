#include <malloc.h>
#include "csystem.h"

void syllabus_tune_allocator(void) {
#if defined(__GLIBC__)
    // Each thread's heap grows by 64 MB at a time instead of a few pages (fewer mprotect
    // calls and faults), freed memory is kept for the next page instead of being handed back
    // and faulted in again, and blocks up to 32 MB (a rendered home page, the search index)
    // come from the heap rather than from a fresh mapping each.
    mallopt(M_TOP_PAD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
}
