/// `[[Note]]`, as Obsidian and other wikis link: `[[Note#Heading]]`, `[[Note|shown text]]`,
/// `[[#Heading]]` on this page. Only brackets written as brackets make one: `\[\[x\]\]` and
/// the `[[` of other syntaxes (`NotWikilinks`) stay text.
enum Wikilinks: InlineSyntax {
    static let startBytes: ByteSet = "[&"

    /// A `[[…]]` in a block's logical text, and the part between the brackets.
    struct Mention {
        var range: Range<Int>
        var content: Range<Int>
    }

    /// The `[[Note]]` that starts at `index` of the block's logical text, if one does.
    static func mention(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Mention? {
        end(openingAt: index, limit: bytes.count, in: bytes).map { end in
            Mention(range: index..<end, content: (index + 2)..<(end - 2))
        }
    }

    /// Where the `[[Note]]` opening at `index` ends (just past its `]]`), if one opens there:
    /// closed on the same line with no bracket between, nor a 0 (which stands for code or a
    /// link in a block's logical text); not `[[see: …]]`, a reference in brackets. An embed
    /// `![[…]]` is one too (its `!` before). The compiler reads its logical text so, and the
    /// source alike.
    static func end(openingAt index: Int, limit: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let open = UInt8(ascii: "["), close = UInt8(ascii: "]")
        guard index + 1 < limit, bytes[index] == open, bytes[index + 1] == open,
              !SeeReferences.isKeyword(at: index + 2, limit: limit, in: bytes) else { return nil }
        var end = index + 2
        while end < limit, bytes[end] != close, bytes[end] != open, bytes[end] != 0, bytes[end] != UInt8(ascii: "\n") { end += 1 }
        guard end > index + 2, end + 1 < limit, bytes[end] == close, bytes[end + 1] == close else { return nil }
        return end + 2
    }
}

/// The inside of `[[…]]`: `Note`, `Note#Heading`, `Note|shown text`, `#Heading` (on this page).
struct WikilinkSyntax {
    /// The note as written (a file name, with or without `.md` and folders, or a title).
    var note: String
    var heading: String?
    /// What the link shows: the text after `|`, else `Note > Heading`, `Heading` or `Note`.
    var shown: String
    /// The text after `|`, when there is any.
    var alias: String?

    init(content bytes: ArraySlice<UInt8>) {
        let content = Substring(String(decoding: bytes, as: UTF8.self))
        let bar = content.firstIndex(of: "|")
        let target = bar.map { content[..<$0] } ?? content
        let alias = bar.map { content[content.index(after: $0)...].trimmingWhitespace() }
        let hash = target.firstIndex(of: "#")
        note = String((hash.map { target[..<$0] } ?? target).trimmingWhitespace())
        let heading = hash.map { String(target[target.index(after: $0)...].trimmingWhitespace()) }
        self.heading = heading?.isEmpty == false ? heading : nil
        if let alias, !alias.isEmpty {
            self.alias = String(alias)
            shown = String(alias)
        } else if let heading = self.heading {
            // A path of headings (`A#B`) reads as Obsidian shows it, `Note > A > B`.
            let path = heading.split(separator: "#").joined(separator: " > ")
            shown = note.isEmpty ? path : "\(note) > \(path)"
        } else {
            shown = note
        }
    }
}

extension Compilation {
    /// Makes the block's wikilinks and embeds references. Each is placed at the source's
    /// wikilinks in turn, when the source has as many (it may have fewer: an entity or an
    /// escape can make `[[` in the text).
    mutating func makeWikilinks(_ wikilinks: [Wikilinks.Mention], of block: Node, range: Range<Int>, logical: [UInt8],
                                into made: inout [MentionLink]) {
        if templateRanges == nil { templateRanges = source.bytes.withUnsafeBufferPointer(NotWikilinks.templateRanges(in:)) }
        let templates = templateRanges ?? []
        let candidates = source.wikilinkStarts(in: range)
        // Only a `[[` written as one is a wikilink: an escaped `\[\[` or one that is not a
        // link (`NotWikilinks`) stays text.
        let isLink = source.bytes.withUnsafeBufferPointer { bytes in
            candidates.map { !$0.isEscaped && !NotWikilinks.excludes(start: $0.start, end: $0.end, in: bytes, templates: templates) }
        }
        let written = candidates.indices.filter { isLink[$0] }.map { candidates[$0] }
        var pairs: [Int?]
        if candidates.count == wikilinks.count {
            // Each wikilink of the text is the one written at its place (nearly every block).
            var next = 0
            pairs = isLink.map { link in
                defer { if link { next += 1 } }
                return link ? next : nil
            }
        } else {
            pairs = Self.pairWritten(written, with: wikilinks, logical: logical, source: source.bytes)
        }
        for (position, wikilink) in wikilinks.enumerated() {
            guard let writtenAt = pairs[position] else { continue }
            let syntax = WikilinkSyntax(content: logical[wikilink.content])
            let isEmbed = Embeds.marks(wikilink, in: logical)
            let start = written[writtenAt].start
            let span = source.span(from: isEmbed && start > range.lowerBound ? start - 1 : start, to: written[writtenAt].end)
            let slot = takeSlot()
            var shown = syntax.shown
            var size: EmbeddedFile.Size?
            if isEmbed, EmbeddedFile(name: syntax.note) == .image {
                (shown, size) = Embeds.imageText(syntax.alias ?? "")
            }
            let target: ReferenceTarget = if isEmbed, let embedded = EmbeddedFile(name: syntax.note) {
                .file(name: syntax.note, shows: embedded, shown: shown)
            } else {
                .note(name: syntax.note, heading: syntax.heading, shown: shown, embedded: isEmbed)
            }
            found.references.append(SeeReference(target: target, span: span, slot: slot))
            let linked = isEmbed ? (wikilink.range.lowerBound - 1)..<wikilink.range.upperBound : wikilink.range
            made.append(MentionLink(range: linked, slot: slot, reference: found.references.count - 1, size: size))
        }
    }
}

extension Compilation {
    /// For each wikilink of the logical text, the one written in the source it is, or nil,
    /// when the source reads otherwise than the text (an entity makes a bracket): in order, by what is between the brackets (backslashes, `*` and `_` aside, which
    /// escapes and emphasis take out of the logical text), looking a bounded way ahead so a
    /// block of thousands stays linear. Those left over on both sides are paired in order
    /// when they are as many and each written one holds a `&` (an entity reads otherwise
    /// than it is written).
    static func pairWritten(_ written: [SourceText.WrittenWikilink], with wikilinks: [Wikilinks.Mention], logical: [UInt8],
                            source: [UInt8]) -> [Int?] {
        func key(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
            // Smart punctuation's curly quotes (E2 80 98, 99, 9C, 9D) as the straight ones written.
            var key: [UInt8] = []
            var index = bytes.startIndex
            while index < bytes.endIndex {
                let byte = bytes[index]
                if byte == 0xE2, index + 2 < bytes.endIndex, bytes[index + 1] == 0x80, (0x98...0x9D).contains(bytes[index + 2]) {
                    key.append(bytes[index + 2] <= 0x9B ? UInt8(ascii: "'") : UInt8(ascii: "\""))
                    index += 3
                    continue
                }
                if byte != UInt8(ascii: "\\"), byte != UInt8(ascii: "*"), byte != UInt8(ascii: "_") { key.append(byte) }
                index += 1
            }
            return key
        }
        var pairs = [Int?](repeating: nil, count: wikilinks.count)
        var used = [Bool](repeating: false, count: written.count)
        let writtenKeys = written.map { key(source[($0.start + 2)..<($0.end - 2)]) }
        var next = 0
        for (position, wikilink) in wikilinks.enumerated() where next < written.count {
            let wanted = key(logical[wikilink.content])
            guard let at = writtenKeys[next..<min(written.count, next + 16)].firstIndex(of: wanted) else { continue }
            pairs[position] = at
            used[at] = true
            next = at + 1
        }
        let leftWritten = written.indices.filter { !used[$0] }
        let leftLogical = pairs.indices.filter { pairs[$0] == nil }
        if !leftWritten.isEmpty, leftWritten.count == leftLogical.count,
           leftWritten.allSatisfy({ source[written[$0].start..<written[$0].end].contains(UInt8(ascii: "&")) }) {
            for (position, at) in zip(leftLogical, leftWritten) { pairs[position] = at }
        }
        return pairs
    }
}

extension SourceText {
    /// A `[[…]]` written in the source: where it starts and ends, and whether a backslash
    /// escapes one of its brackets (`\[\[x\]\]`), which makes it text that reads as one.
    struct WrittenWikilink {
        var start: Int
        var end: Int
        var isEscaped = false
    }

    /// The wikilinks written in `range` (from `[[` to past `]]`, as `Wikilinks.end` reads
    /// one, but not a link's text `[[x]](…)`), and those a backslash escapes, outside code
    /// spans, in order: the compiler's wikilinks are matched with them in turn.
    func wikilinkStarts(in range: Range<Int>) -> [WrittenWikilink] {
        bytes.withUnsafeBufferPointer { bytes in
            var result: [WrittenWikilink] = []
            var index = range.lowerBound
            while index + 1 < range.upperBound {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "["),
                   let end = Self.escapedWikilinkEnd(at: index, limit: range.upperBound, in: bytes) {
                    result.append(WrittenWikilink(start: index, end: end, isEscaped: true))
                    index = end
                    continue
                }
                if byte == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if byte == UInt8(ascii: "`") {
                    index = Self.endOfCodeSpan(startingAt: index, limit: range.upperBound, in: bytes)
                    continue
                }
                if let end = Wikilinks.end(openingAt: index, limit: range.upperBound, in: bytes),
                   end == range.upperBound || bytes[end] != UInt8(ascii: "(") {
                    result.append(WrittenWikilink(start: index, end: end))
                    index = end
                    continue
                }
                index += 1
            }
            return result
        }
    }

    /// Where a `[[…]]` that has at least one bracket escaped (`\[\[x\]\]`, `\[[x]]`,
    /// `[\[x]]`) ends, if one starts at `index`; nil for any other text.
    static func escapedWikilinkEnd(at index: Int, limit: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var cursor = index
        var escapes = 0
        /// Reads `bracket`, escaped or not, at the cursor.
        func take(_ bracket: UInt8) -> Bool {
            if cursor < limit, bytes[cursor] == bracket { cursor += 1; return true }
            if cursor + 1 < limit, bytes[cursor] == UInt8(ascii: "\\"), bytes[cursor + 1] == bracket {
                cursor += 2
                escapes += 1
                return true
            }
            return false
        }
        let open = UInt8(ascii: "["), close = UInt8(ascii: "]")
        guard take(open), take(open) else { return nil }
        let contentStart = cursor
        while cursor < limit {
            let byte = bytes[cursor]
            if byte == open || byte == close || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "`") { break }
            if byte == UInt8(ascii: "\\"), cursor + 1 < limit, bytes[cursor + 1] == open || bytes[cursor + 1] == close { break }
            cursor += byte == UInt8(ascii: "\\") ? 2 : 1
        }
        guard cursor > contentStart, take(close), take(close), escapes > 0 else { return nil }
        return cursor
    }
}
