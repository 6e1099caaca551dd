import CCmark

/// A `# Title` that opens the page is its title, and leaves the body: the page template
/// shows the title, with the id the heading would have had. Raw HTML above the heading (a
/// README's centred logo) does not hide it. No byte starts it (a Setext heading's first line
/// is any text): it is known by cmark's node.
extension Compilation {
    mutating func takeLeadingTitle(from root: Node) {
        var candidate = cmark_node_first_child(root)
        while let node = candidate, cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK { candidate = cmark_node_next(node) }
        guard let first = candidate, cmark_node_get_type(first) == CMARK_NODE_HEADING,
              cmark_node_get_heading_level(first) == 1, !tables.holdsTable(first) else { return }
        // `# Title {#id}` is the title "Title" with the id `id`; the `{#…}` ends the plain text.
        let custom = blockHolds(prefilter.headingIDs, first) ? customID(of: first) : nil
        var text = plainText(of: first)
        if let custom { text = String(decoding: text.utf8.dropLast(custom.dropped), as: UTF8.self) }
        if let title = facts.frontMatterTitle, TitleKey.normalize(title) != TitleKey.normalize(text) { return }
        found.leadingTitle = text
        found.titleAnchor = custom.flatMap { take($0, heading: first) } ?? slugger.slug(text)
        cmark_node_free(first)
    }
}
