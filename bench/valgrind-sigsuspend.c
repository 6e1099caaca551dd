// Preloaded under valgrind by bench/profile.sh. libdispatch's main thread waits in
// sigsuspend() on a mask kept in read-only memory, and valgrind (3.19 to 3.24 at least)
// edits the mask it is given in place, which crashes valgrind itself. This passes a copy.
#define _GNU_SOURCE
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

int sigsuspend(const sigset_t *mask) {
    sigset_t copy = *mask;
    return (int)syscall(SYS_rt_sigsuspend, &copy, sizeof(unsigned long));
}
