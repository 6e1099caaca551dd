#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "csystem.h"
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// A bump allocator per thread for cmark: a page's document is parsed, walked, rendered and
// freed on one thread, and then all of its memory goes at once. cmark's own allocations (a
// node, a buffer grown again and again) were a good part of a page's parse through malloc.
// Only calloc's blocks (nodes) are cleared, as they are handed out: clearing all the memory a
// page used when the next began also cleared the buffers realloc had grown and left, about
// 80 KB a page, for nothing.

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
    chunk *c = malloc(size);
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
    size_t bytes = count * size;
    char *block = take(current_arena(), bytes);
#if defined(__SSE2__)
    // Blocks are 16-byte aligned and 16-byte multiples, and most are one node of some 100
    // bytes: a few stores in place, not a call to memset each.
    for (size_t offset = 0; offset < bytes; offset += 16) _mm_store_si128((__m128i *)(block + offset), _mm_setzero_si128());
#else
    memset(block, 0, bytes);
#endif
    return block;
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
        a->next = (char *)a->chunks + HEADER;
    }
    a->last = NULL;
    return &arena_memory;
}
