#ifndef SYLLABUS_CSYSTEM_H
#define SYLLABUS_CSYSTEM_H

/// Swaps two paths in one step (Linux renameat2 RENAME_EXCHANGE), so that at every moment
/// one of the two complete folders is in place. Returns 0, or -1 with errno set
/// (ENOSYS/EINVAL where the system or file system cannot do it).
int syllabus_exchange_paths(const char *first, const char *second);

/// Tunes glibc's allocator for one short run that allocates hundreds of MB in small pieces
/// on every core and exits (`syllabus build` and `check`): see allocator.c. Does nothing
/// elsewhere.
void syllabus_tune_allocator(void);

#endif
