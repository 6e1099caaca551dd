import CCmark

/// `{{ … }}` and `{% … %}` (Liquid, Jinja, Hugo shortcodes) shown as text: nothing runs them
/// here, and a page that holds them was likely written for another tool, so the first is
/// reported once a page.
struct TemplateTags: InlineSyntax {
    static let startBytes: ByteSet = "{"
    static let pageMarker: PageMarker? = PageMarker(UInt8(ascii: "{"), then: "{%")

    /// The first tag shown as text, as written, and in how many blocks there are some.
    var first: (text: String, span: SourceSpan)?
    var blockCount = 0
}

extension Compilation {
    /// Notes the first `{{`/`{%` tag of the block's text (not its code), where it is written.
    mutating func noteTemplateTags(in block: Node, range: Range<Int>) {
        var written: [UInt8]?
        walkInlines(of: block) { inline in
            guard written == nil, cmark_node_get_type(inline) == CMARK_NODE_TEXT, let pointer = cmark_node_get_literal(inline) else {
                return written == nil
            }
            let text = Self.bytes(of: pointer)
            var index = 0
            while index + 1 < text.count {
                if text[index] == UInt8(ascii: "{"), text[index + 1] == UInt8(ascii: "{") || text[index + 1] == UInt8(ascii: "%") {
                    // The tag up to its closing `}}` or `%}` in this text, at most 60 bytes.
                    var end = index + 2
                    while end < min(text.count, index + 60) {
                        end += 1
                        if text[end - 1] == UInt8(ascii: "}"), text[end - 2] == UInt8(ascii: "}") || text[end - 2] == UInt8(ascii: "%") { break }
                    }
                    written = Array(text[index..<end])
                    return false
                }
                index += 1
            }
            return false
        }
        guard let tag = written else { return }
        templateTags.blockCount += 1
        guard templateTags.first == nil else { return }
        let opening = Array(tag.prefix(2))
        let at = tag.withUnsafeBufferPointer { source.find($0, from: range.lowerBound, in: range) }
            ?? opening.withUnsafeBufferPointer { source.find($0, from: range.lowerBound, in: range) }
        let span = at.map { source.span(from: $0, to: min($0 + tag.count, range.upperBound)) } ?? blockSpan(block)
        templateTags.first = (String(decoding: tag, as: UTF8.self), span)
    }

    /// One finding a page, at the first tag.
    mutating func reportTemplateTags() {
        guard let (tag, span) = templateTags.first else { return }
        report(.templateSyntax, "'\(tag)' is template syntax (Liquid, Jinja or a Hugo shortcode), which is not run here: it shows as written"
               + Self.morePlaces(templateTags.blockCount - 1), at: span)
    }
}
