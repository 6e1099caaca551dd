// The floor of a check: read each page named on standard input and parse it with libcmark
// as the compiler does (smart punctuation, source positions), doing nothing else. Every
// check must do at least this much, since any page may break a link.
#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    static char text[1 << 20];
    char path[4096];
    size_t pages = 0;
    while (fgets(path, sizeof path, stdin)) {
        path[strcspn(path, "\n")] = 0;
        FILE *file = fopen(path, "rb");
        if (!file) continue;
        size_t length = fread(text, 1, sizeof text, file);
        fclose(file);
        cmark_node *document = cmark_parse_document(text, length, CMARK_OPT_SMART | CMARK_OPT_SOURCEPOS);
        cmark_node_free(document);
        pages++;
    }
    fprintf(stderr, "parsed %zu pages\n", pages);
    return 0;
}
