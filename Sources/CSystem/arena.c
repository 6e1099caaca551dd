#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "csystem.h"

// A bump allocator per thread for cmark: a page's document is parsed, walked, rendered and
// freed on one thread, and then all of its memory goes at once. cmark's own allocations (a
// node, a buffer grown again and again) were a good part of a page's parse through malloc.
// The memory not handed out yet is kept zeroed (a new chunk comes from calloc, a used one is
// cleared in one go when the next document begins), so calloc is a bump of the pointer too.

enum { HEADER = 16, FIRST_CHUNK = 64 * 1024, KEPT_CHUNK_LIMIT = 4 * 1024 * 1024 };

typedef struct chunk {
    struct chunk *next;
    size_t size;
} chunk;

typedef struct {
    chunk *chunks;      // newest first
    char *next;         // where the next block's header goes
    char *end;
    char *last;         // the newest block, which can grow in place
} arena;

static pthread_key_t arena_key;
static pthread_once_t arena_once = PTHREAD_ONCE_INIT;
static __thread arena *thread_arena;

static void free_chunks(chunk *chunks) {
    while (chunks) {
        chunk *next = chunks->next;
        free(chunks);
        chunks = next;
    }
}

static void destroy_arena(void *pointer) {
    arena *a = pointer;
    free_chunks(a->chunks);
    free(a);
}

static void make_key(void) { pthread_key_create(&arena_key, destroy_arena); }

static arena *current_arena(void) {
    if (thread_arena) return thread_arena;
    pthread_once(&arena_once, make_key);
    arena *a = calloc(1, sizeof(arena));
    if (!a) abort();
    pthread_setspecific(arena_key, a);
    thread_arena = a;
    return a;
}

static size_t rounded(size_t size) {
    if (size > SIZE_MAX / 2) abort();
    return (size + 15) & ~(size_t)15;
}

static void add_chunk(arena *a, size_t size) {
    chunk *c = calloc(1, size);
    if (!c) abort();
    c->next = a->chunks;
    c->size = size;
    a->chunks = c;
    a->next = (char *)c + HEADER;
    a->end = (char *)c + size;
}

static void *take(arena *a, size_t size) {
    size_t capacity = rounded(size);
    if (!a->chunks || (size_t)(a->end - a->next) < capacity + HEADER) {
        size_t grown = a->chunks ? a->chunks->size * 2 : FIRST_CHUNK;
        if (grown < capacity + 2 * HEADER) grown = capacity + 2 * HEADER;
        add_chunk(a, grown);
    }
    char *block = a->next + HEADER;
    ((size_t *)block)[-1] = capacity;
    a->next = block + capacity;
    a->last = block;
    return block;
}

static void *arena_calloc(size_t count, size_t size) {
    if (size && count > SIZE_MAX / size) abort();
    return take(current_arena(), count * size);
}

static void *arena_realloc(void *pointer, size_t size) {
    arena *a = current_arena();
    if (!pointer) return take(a, size);
    size_t old = ((size_t *)pointer)[-1];
    if (size <= old) return pointer;
    size_t capacity = rounded(size);
    if (pointer == a->last && (size_t)(a->end - (char *)pointer) >= capacity) {
        ((size_t *)pointer)[-1] = capacity;
        a->next = (char *)pointer + capacity;
        return pointer;
    }
    void *moved = take(a, size);
    memcpy(moved, pointer, old);
    return moved;
}

static void arena_free(void *pointer) { (void)pointer; }

static const struct {
    void *(*calloc)(size_t, size_t);
    void *(*realloc)(void *, size_t);
    void (*free)(void *);
} arena_memory = {arena_calloc, arena_realloc, arena_free};

const void *syllabus_arena_begin(void) {
    arena *a = current_arena();
    if (a->chunks && a->chunks->next) {
        // The last document needed several chunks: the next gets one that holds as much.
        size_t total = 0;
        for (chunk *c = a->chunks; c; c = c->next) total += c->size;
        free_chunks(a->chunks);
        a->chunks = NULL;
        add_chunk(a, total < KEPT_CHUNK_LIMIT ? total : KEPT_CHUNK_LIMIT);
    } else if (a->chunks) {
        char *start = (char *)a->chunks + HEADER;
        memset(start, 0, (size_t)(a->next - start));
        a->next = start;
    }
    a->last = NULL;
    return &arena_memory;
}
