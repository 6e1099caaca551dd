import CCmark

/// Headings, each with an id: the one written after its text as kramdown, Pandoc, Hugo and
/// Docusaurus read it (`## Set-up {#setup}`), else a GitHub-style slug of its text. The `{`
/// may be an entity (`&#123;`), which cmark's text reads as one.
enum HeadingIDs: InlineSyntax {
    static let startBytes: ByteSet = "{&"

    /// A heading's own id, in its last text node: the id, and how many bytes of that node's
    /// literal stay when the ` {#…}` is taken out.
    /// The bytes with typographic quotes made straight again: smart punctuation turns the
    /// `"` of `id="9.7.0"` into `“` and `”` before the text is read.
    static func straightQuotes(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == 0xE2, index + 2 < bytes.endIndex, bytes[index + 1] == 0x80, (0x98...0x9D).contains(bytes[index + 2]) {
                result.append(bytes[index + 2] >= 0x9C ? UInt8(ascii: "\"") : UInt8(ascii: "'"))
                index += 3
            } else {
                result.append(bytes[index])
                index += 1
            }
        }
        return result
    }

    /// An attribute list, as far as a heading needs it: its id, when it gives one.
    struct Attributes {
        var id: String?
        /// The first class (`.python`), which names a fence's language.
        var firstClass: String?
    }

    /// The attribute list the bytes hold, when every part of them is an id (`#id`,
    /// `id="…"`), a class (`.wide`) or an attribute (`key="value"`, `key=value`); nil
    /// otherwise.
    static func attributes(_ bytes: [UInt8]) -> Attributes? {
        var id: String?
        var firstClass: String?
        var index = bytes.startIndex
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        while index < bytes.endIndex {
            if isBlank(bytes[index]) { index += 1; continue }
            let start = index
            // A value in quotes (`key="two words"`) may hold white space.
            var inQuotes = false
            while index < bytes.endIndex, inQuotes || !isBlank(bytes[index]) {
                if bytes[index] == UInt8(ascii: "\""), inQuotes || (index > start && bytes[index - 1] == UInt8(ascii: "=")) { inQuotes.toggle() }
                index += 1
            }
            guard !inQuotes else { return nil }
            let part = bytes[start..<index]
            if part.first == UInt8(ascii: "#") {
                let name = part.dropFirst()
                guard !name.isEmpty, name.allSatisfy(isIDByte) else { return nil }
                id = String(decoding: name, as: UTF8.self)
            } else if part.first == UInt8(ascii: ".") {
                guard part.count > 1 else { return nil }
                if firstClass == nil { firstClass = String(decoding: part.dropFirst(), as: UTF8.self) }
            } else if let equals = part.firstIndex(of: UInt8(ascii: "=")), equals > part.startIndex {
                var value = part[(equals + 1)...]
                if value.first == UInt8(ascii: "\""), value.count >= 2, value.last == UInt8(ascii: "\"") { value = value.dropFirst().dropLast() }
                if part[part.startIndex..<equals].elementsEqual("id".utf8) {
                    guard !value.isEmpty, value.allSatisfy(isIDByte) else { return nil }
                    id = String(decoding: value, as: UTF8.self)
                }
            } else {
                return nil
            }
        }
        return Attributes(id: id, firstClass: firstClass)
    }

    static func isIDByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".")
    }

    struct CustomID {
        /// Nil for an attribute list without an id (`{ .wide }`), which goes all the same.
        var id: String?
        var node: Node
        var kept: Int
        var dropped: Int
    }
}

extension Compilation {
    /// Gives the heading its id and makes it a block whose markup carries the id. `mayHaveID`:
    /// the heading's source holds a start byte of `{#id}`.
    mutating func replaceHeading(_ heading: Node, mayHaveID: Bool) {
        let level = Int(cmark_node_get_heading_level(heading))
        let customID = mayHaveID ? customID(of: heading).flatMap { take($0, heading: heading) } : nil
        let text = plainText(of: heading, trimmed: true)
        let id = customID ?? slugger.slug(text)
        found.headings.append(Heading(level: level, text: text, id: id, span: blockSpan(heading)))
        guard options.renderHTML else { return }
        // The heading becomes a block holding one inline whose markup is the tag with its id:
        // cmark renders the heading's inlines in place, `<hN id="…">…</hN>` on a line of its
        // own, as a heading does. (Rendering each heading apart and splicing in the id cost a
        // renderer per heading.)
        guard let block = newNode(CMARK_NODE_CUSTOM_BLOCK), let tag = newNode(CMARK_NODE_CUSTOM_INLINE) else { return }
        var open = Markup(.text("<h"), .number(level), .text(" id=\""), .html(id), .text("\">"))
        open.setOnEnter(of: tag)
        var close = Markup(.text("</h"), .number(level), .text(">"))
        close.setOnExit(of: tag)
        cmark_node_append_child(block, tag)
        Self.replace(heading, with: block, movingChildrenTo: tag)
    }

    /// The heading's `{#id}`, if it ends with one; an id holds letters, digits, `-`, `_`, `:`
    /// and `.`, and the `{` follows white space (or starts the text). The braces may hold an
    /// attribute list as MkDocs' `attr_list`, kramdown and Goldmark write one (`{ #id .class
    /// key="value" }`, `{: #id}`, `{ id="9.7.0" }`): its id is taken, the rest is left out.
    func customID(of heading: Node) -> HeadingIDs.CustomID? {
        guard let last = cmark_node_last_child(heading), cmark_node_get_type(last) == CMARK_NODE_TEXT,
              let pointer = cmark_node_get_literal(last) else { return nil }
        let text = Self.bytes(of: pointer)
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        var end = text.count
        while end > 0, isBlank(text[end - 1]) { end -= 1 }
        guard end >= 4, text[end - 1] == UInt8(ascii: "}"), let open = text[..<end].lastIndex(of: UInt8(ascii: "{")),
              open == 0 || isBlank(text[open - 1]) else { return nil }
        var inner = text[(open + 1)..<(end - 1)]
        if inner.first == UInt8(ascii: ":") { inner = inner.dropFirst() }
        guard let attributes = HeadingIDs.attributes(HeadingIDs.straightQuotes(inner)) else { return nil }
        var kept = open
        while kept > 0, isBlank(text[kept - 1]) { kept -= 1 }
        return HeadingIDs.CustomID(id: attributes.id, node: last, kept: kept, dropped: text.count - kept)
    }

    /// Takes the `{#id}` out of the heading's text and reserves the id. An id written twice,
    /// or one a heading above already has, is reported here: the slugger only numbers the ids
    /// it makes, so two elements would share it.
    mutating func take(_ custom: HeadingIDs.CustomID, heading: Node) -> String? {
        if let pointer = cmark_node_get_literal(custom.node) { Self.setLiteral(of: custom.node, to: Self.bytes(of: pointer), prefix: custom.kept) }
        guard let id = custom.id else { return nil }
        if slugger.contains(id) {
            let holder: String
            if let earlier = found.headings.first(where: { $0.id == id }) {
                holder = "the heading on line \(earlier.span.line) has it too; links to '#\(id)' go to that one"
            } else if found.titleAnchor == id {
                holder = "the page's title has it too"
            } else if options.reservedIDs.contains(id) {
                holder = "the theme gives it to its own element; choose another"
            } else {
                holder = "a quote's anchor is the same"
            }
            report(.duplicateHeading, "the id '\(id)' is taken on this page: \(holder)", at: blockSpan(heading))
        }
        slugger.reserve(id)
        return id
    }
}
