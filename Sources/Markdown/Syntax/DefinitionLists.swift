import CCmark

/// Definition lists, as Hugo (Goldmark), MkDocs (`def_list`), Pandoc and PHP Markdown Extra
/// write them: lines of terms, then each definition on a line that opens with `:` and white
/// space, continued by the lines after it.
///
///     publishDir
///     : Where the site is written.
///
/// CommonMark reads that as one paragraph; the pass reads the paragraph as any other (its
/// links, references and positions are the paragraph's), then makes it a `<dl>`. Where the
/// course asks for it (Hugo's `autoDefinitionTermID`), each term gets an id, as a heading
/// does, from the same ids of the page: `[x](#publishdir)` lands on the term.
enum DefinitionLists: InlineSyntax {
    static let startBytes: ByteSet = ":"
    static let pageMarker: PageMarker? = PageMarker(UInt8(ascii: ":"), then: " \t")

    /// Whether a line of a paragraph's source (without its break) opens a definition: after
    /// the container's marks (`>`, the indent of a list item), `:` and white space. An escaped
    /// `\:` is text.
    static func opensDefinition(_ line: ArraySlice<UInt8>) -> Bool {
        let content = line.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: ">") }
        return content.count > 1 && content.first == UInt8(ascii: ":")
            && (content.dropFirst().first == UInt8(ascii: " ") || content.dropFirst().first == UInt8(ascii: "\t"))
    }
}

extension Compilation {
    /// The paragraph's inlines line by line, when it is a definition list: its first line is a
    /// term, and some later line opens a definition. Each line's inlines, and whether it opens
    /// a definition.
    func definitionListLines(of paragraph: Node) -> [(nodes: [Node], opensDefinition: Bool)]? {
        // Most paragraphs with a `: ` have no line that opens with one: their inlines show it
        // before their source is read line by line.
        var opensALine = false
        var node = cmark_node_first_child(paragraph)
        while let current = node, !opensALine {
            node = cmark_node_next(current)
            if Self.isLineBreak(current), let next = node, cmark_node_get_type(next) == CMARK_NODE_TEXT,
               let literal = cmark_node_get_literal(next), literal.pointee == CChar(UInt8(ascii: ":")) {
                opensALine = true
            }
        }
        guard opensALine else { return nil }
        var sourceLines = source.bytes[blockRange(paragraph)].split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if sourceLines.last?.isEmpty == true { sourceLines.removeLast() }
        let opens = sourceLines.map(DefinitionLists.opensDefinition)
        guard opens.count > 1, !opens[0], opens.dropFirst().contains(true) else { return nil }
        var lines: [(nodes: [Node], opensDefinition: Bool)] = [([], false)]
        node = cmark_node_first_child(paragraph)
        while let current = node {
            node = cmark_node_next(current)
            if Self.isLineBreak(current) {
                guard lines.count < opens.count else { return nil }
                lines.append(([current], opens[lines.count]))
            } else {
                lines[lines.count - 1].nodes.append(current)
            }
        }
        // A line cmark did not end with a break (a line of a code span) is no line of the list:
        // the source and the inlines must agree.
        guard lines.count == opens.count else { return nil }
        // The first inline of a definition's line must be the text `:` opens.
        for line in lines where line.opensDefinition {
            guard line.nodes.count > 1, cmark_node_get_type(line.nodes[1]) == CMARK_NODE_TEXT,
                  let literal = cmark_node_get_literal(line.nodes[1]), literal.pointee == CChar(UInt8(ascii: ":")) else { return nil }
        }
        return lines
    }

    /// Gives the terms of a definition list their ids (where the course asks for them) and,
    /// when the page is rendered, makes the paragraph a `<dl>`: each term line a `<dt>`, each
    /// definition with the lines that continue it a `<dd>`.
    mutating func makeDefinitionList(_ paragraph: Node) {
        guard options.renderHTML || options.definitionTermIDs, let lines = definitionListLines(of: paragraph),
              let firstDefinition = lines.firstIndex(where: \.opensDefinition) else { return }
        // (A check needs the ids alone.)
        let ids = lines.prefix(firstDefinition).map { termID(of: $0.nodes) }
        guard options.renderHTML, let list = newNode(CMARK_NODE_CUSTOM_BLOCK) else { return }
        cmark_node_set_on_enter(list, "<dl>")
        cmark_node_set_on_exit(list, "</dl>")
        var item: Node?
        for (number, line) in lines.enumerated() {
            var nodes = line.nodes[...]
            if number < firstDefinition || line.opensDefinition {
                // A new term or definition: the break that ended the line before goes.
                if let first = nodes.first, Self.isLineBreak(first) { cmark_node_free(first); nodes = nodes.dropFirst() }
                guard let opened = newNode(CMARK_NODE_CUSTOM_BLOCK) else { return }
                if line.opensDefinition {
                    dropDefinitionMark(nodes.first)
                    cmark_node_set_on_enter(opened, "<dd>")
                    cmark_node_set_on_exit(opened, "</dd>")
                } else {
                    var open = ids[number].map { Markup(.text("<dt id=\""), .html($0), .text("\">")) } ?? Markup(.text("<dt>"))
                    open.setOnEnter(of: opened)
                    cmark_node_set_on_exit(opened, "</dt>")
                }
                cmark_node_append_child(list, opened)
                item = opened
            }
            for node in nodes { if let item { cmark_node_append_child(item, node) } }
        }
        cmark_node_insert_before(paragraph, list)
        cmark_node_free(paragraph)
    }

    /// The id of a term, made from its text by the page's ids, when the course gives terms ids.
    mutating func termID(of nodes: [Node]) -> String? {
        guard options.definitionTermIDs else { return nil }
        let id = slugger.slug(String(trimmingWhitespaceOf: Array(Self.text(of: nodes).utf8)))
        found.markupAnchors.append(id)
        return id
    }

    /// The text and code of inline nodes and of everything inside them.
    private static func text(of nodes: [Node]) -> String {
        var text = ""
        for node in nodes {
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE, let literal = cmark_node_get_literal(node) {
                text += String(cString: literal)
            } else {
                var inner: [Node] = []
                var next = cmark_node_first_child(node)
                while let each = next { inner.append(each); next = cmark_node_next(each) }
                text += Self.text(of: inner)
            }
        }
        return text
    }

    /// Takes `:` and the white space after it from the start of a definition's text.
    private func dropDefinitionMark(_ text: Node?) {
        guard let text, let literal = cmark_node_get_literal(text) else { return }
        let bytes = Self.bytes(of: literal)
        var drop = 1
        while drop < bytes.count, bytes[drop] == UInt8(ascii: " ") || bytes[drop] == UInt8(ascii: "\t") { drop += 1 }
        if drop >= bytes.count { cmark_node_free(text) } else { cmark_node_set_literal(text, Self.tail(of: bytes, from: drop)) }
    }
}
