/// `[[Note]]`, as Obsidian and other wikis link: `[[Note#Heading]]`, `[[Note|shown text]]`,
/// `[[#Heading]]` on this page. Its brackets may be escaped or entities.
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
        let written = source.wikilinkStarts(in: range)
        for (position, wikilink) in wikilinks.enumerated() {
            let syntax = WikilinkSyntax(content: logical[wikilink.content])
            let isEmbed = Embeds.marks(wikilink, in: logical)
            var span = blockSpan(block)
            if written.count == wikilinks.count {
                let start = written[position].start
                span = source.span(from: isEmbed && start > range.lowerBound ? start - 1 : start, to: written[position].end)
            }
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

extension SourceText {
    /// Offsets of the wikilinks in `range` (from `[[` to past `]]`, as `Wikilinks.end` reads
    /// one, but not a link's text `[[x]](…)`), outside code spans, in order: the compiler's
    /// wikilinks are matched with them in turn.
    func wikilinkStarts(in range: Range<Int>) -> [(start: Int, end: Int)] {
        bytes.withUnsafeBufferPointer { bytes in
            var result: [(start: Int, end: Int)] = []
            var index = range.lowerBound
            while index + 1 < range.upperBound {
                let byte = bytes[index]
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
                    result.append((index, end))
                    index = end
                    continue
                }
                index += 1
            }
            return result
        }
    }
}
