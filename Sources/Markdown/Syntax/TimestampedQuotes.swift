import CCmark

/// `12:30 – What was said.`: a paragraph that opens with a time and a dash quotes the page's
/// episode at that moment. It becomes a figure with an anchor (`#t-12-30`) that references
/// link to, and a link that plays the episode from there.
enum TimestampedQuotes: LeadingSyntax {
    /// A time starts with a digit.
    static let startBytes: ByteSet = "0123456789"
}

extension Compilation {
    /// When the paragraph starts with `M:SS –`, removes that prefix and returns the quote,
    /// without its text yet.
    mutating func takeQuotePrefix(from paragraph: Node) -> Quote? {
        guard let first = cmark_node_first_child(paragraph), cmark_node_get_type(first) == CMARK_NODE_TEXT,
              let pointer = cmark_node_get_literal(first) else { return nil }
        let text = Self.bytes(of: pointer)
        guard let prefix = QuotePrefix(text) else { return nil }
        let span = blockSpan(paragraph)
        do throws(Timestamp.Invalid) {
            guard let time = try Timestamp.parse(prefix.time) else { return nil }
            // A time and a dash with nothing said after them is not a quote (an empty one
            // showed as an empty box); the paragraph stays as written.
            if cmark_node_next(first) == nil,
               text[prefix.byteLength...].allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { return nil }
            // The rest of the literal is a C string already (cmark copies it before it frees the old).
            cmark_node_set_literal(first, Self.tail(of: text, from: prefix.byteLength))
            slugger.reserve(time.anchor)
            return Quote(time: time, text: "", span: SourceSpan(line: span.line, column: span.column, endColumn: span.column + prefix.time.count))
        } catch {
            report(.invalidTimestamp, "'\(error.text)' is not a valid time; write M:SS, MM:SS or H:MM:SS with minutes and seconds below 60",
                   at: SourceSpan(line: span.line, column: span.column, endColumn: span.column + prefix.time.count))
            return nil
        }
    }

    mutating func wrapQuote(_ paragraph: Node, time: Timestamp) {
        guard let wrapper = newNode(CMARK_NODE_CUSTOM_BLOCK) else { return }
        var values = MarkupValues()
        values.anchor = .string(time.anchor)
        values.time = .string(time.description)
        values.seconds = .number(time.seconds)
        if let audio = playableAudio { values.audio = .href(audio) }
        setMarkup(of: wrapper, .quoteOpen, .quoteClose, values)
        cmark_node_insert_before(paragraph, wrapper)
        cmark_node_append_child(wrapper, paragraph)
    }
}

/// `12:30 – ` at the start of a paragraph: digits and colons, optional spaces, a dash.
struct QuotePrefix {
    var time: String
    /// The prefix's length in bytes of UTF-8.
    var byteLength: Int

    /// Read from the UTF-8 of a text node, within its first 32 scalars. Every scalar of a
    /// prefix is matched by its bytes: `0`-`9`, `:`, a space or no-break space (C2 A0), and
    /// `-`, an en dash (E2 80 93) or an em dash (E2 80 94).
    init?(_ text: UnsafeBufferPointer<UInt8>) {
        let limit = 32
        var index = 0, scalars = 0, hasColon = false
        while scalars < limit, index < text.count,
              (text[index] >= UInt8(ascii: "0") && text[index] <= UInt8(ascii: "9")) || text[index] == UInt8(ascii: ":") {
            hasColon = hasColon || text[index] == UInt8(ascii: ":")
            index += 1
            scalars += 1
        }
        guard index >= 3, hasColon else { return nil }
        let timeEnd = index
        func spaceLength(at index: Int) -> Int {
            if text[index] == UInt8(ascii: " ") { return 1 }
            return text[index] == 0xC2 && index + 1 < text.count && text[index + 1] == 0xA0 ? 2 : 0
        }
        func dashLength(at index: Int) -> Int {
            if text[index] == UInt8(ascii: "-") { return 1 }
            return text[index] == 0xE2 && index + 2 < text.count && text[index + 1] == 0x80
                && (text[index + 2] == 0x93 || text[index + 2] == 0x94) ? 3 : 0
        }
        while scalars < limit, index < text.count, case let length = spaceLength(at: index), length > 0 {
            index += length
            scalars += 1
        }
        guard scalars < limit, index < text.count, case let length = dashLength(at: index), length > 0 else { return nil }
        index += length
        scalars += 1
        while scalars < limit, index < text.count, case let length = spaceLength(at: index), length > 0 {
            index += length
            scalars += 1
        }
        time = String(decoding: text[..<timeEnd], as: UTF8.self)
        byteLength = index
    }
}
