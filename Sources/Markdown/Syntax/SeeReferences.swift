import CCmark

/// `[see: "Title"]` and `[see: "Title" @ 12:40]`: a link to the page with that title (at that
/// moment of its episode), shown as the title. Its `[` may be escaped (`\[`) or an entity.
enum SeeReferences: InlineSyntax {
    static let startBytes: ByteSet = "[&"

    /// A `[see:` in a block's logical text: with its range up to the `]` that closes it, or
    /// without one and what came first instead.
    struct Mention {
        enum Unclosed { case notClosed, bracket, otherNode }
        var start: Int
        var range: Range<Int>?
        var unclosed: Unclosed?
    }

    /// Whether `see:` (in any case) is written at `index`, before `limit`.
    static func isKeyword(at index: Int, limit: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard index + 4 <= limit else { return false }
        return (bytes[index] | 0x20) == UInt8(ascii: "s") && (bytes[index + 1] | 0x20) == UInt8(ascii: "e")
            && (bytes[index + 2] | 0x20) == UInt8(ascii: "e") && bytes[index + 3] == UInt8(ascii: ":")
    }

    /// Whether `[see:` (in any case) starts at `index`.
    static func opens(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        index < bytes.count && bytes[index] == UInt8(ascii: "[") && isKeyword(at: index + 1, limit: bytes.count, in: bytes)
    }

    /// The `[see:`s of a block's logical text (a 0 byte stands for code, links and other nodes
    /// that cannot be part of a reference), from one `[` to the next with `memchr`.
    static func mentions(in bytes: UnsafeBufferPointer<UInt8>) -> [Mention] {
        var ignored: [Wikilinks.Mention] = []
        return mentions(in: bytes, wikilinks: &ignored, findingWikilinks: false)
    }

    /// The `[see:`s, and the `[[Note]]`s into `wikilinks`, in one pass over the `[`s.
    static func mentions(in bytes: UnsafeBufferPointer<UInt8>, wikilinks: inout [Wikilinks.Mention],
                         findingWikilinks: Bool = true) -> [Mention] {
        var result: [Mention] = []
        var index = 0
        while index + 5 <= bytes.count {
            guard let found = bytes.firstOffset(of: UInt8(ascii: "["), from: index) else { break }
            index = found
            guard opens(at: index, in: bytes) else {
                if findingWikilinks, let wikilink = Wikilinks.mention(at: index, in: bytes) {
                    wikilinks.append(wikilink)
                    index = wikilink.range.upperBound
                } else {
                    index += 1
                }
                continue
            }
            var end = index + 5
            while end < bytes.count, bytes[end] != UInt8(ascii: "]"), bytes[end] != 0, bytes[end] != UInt8(ascii: "[") { end += 1 }
            if end < bytes.count, bytes[end] == UInt8(ascii: "]") {
                result.append(Mention(start: index, range: index..<(end + 1), unclosed: nil))
                index = end + 1
            } else {
                let reason: Mention.Unclosed = end == bytes.count || opens(at: end, in: bytes) ? .notClosed
                    : bytes[end] == 0 ? .otherNode : .bracket
                result.append(Mention(start: index, range: nil, unclosed: reason))
                index += 1
            }
        }
        return result
    }

    /// How many `[see:`s the text of a link or image holds.
    static func mentionCount(inTextOf link: Node) -> Int {
        var count = 0
        var node = cmark_node_first_child(link)
        while let current = node {
            if cmark_node_get_type(current) == CMARK_NODE_TEXT, let pointer = cmark_node_get_literal(current) {
                count += mentions(in: Compilation.bytes(of: pointer)).count
            }
            if let child = cmark_node_first_child(current) {
                node = child
                continue
            }
            node = Compilation.nextInDocument(after: current, within: link)
        }
        return count
    }
}

extension Compilation {
    /// Makes the block's `[see:`s references, each placed at the next `[see:` written in the
    /// source; those inside a link's text (at `inLinks` of the logical text) and those not
    /// closed are reported instead.
    mutating func makeSeeReferences(_ mentions: [SeeReferences.Mention], inLinks: [Int], of block: Node, range: Range<Int>,
                                    logical: [UInt8], into made: inout [MentionLink]) {
        let sourceStarts = source.referenceStarts(in: range)
        var nextFound = 0, nextInLink = 0, sourceIndex = 0
        while nextFound < mentions.count || nextInLink < inLinks.count {
            let inLink = nextFound == mentions.count || (nextInLink < inLinks.count && inLinks[nextInLink] < mentions[nextFound].start)
            let start = sourceIndex < sourceStarts.count ? sourceStarts[sourceIndex] : nil
            sourceIndex += 1
            if inLink {
                nextInLink += 1
                report(.malformedReference, "a reference inside a link's text is not linked (a link cannot hold another); move it out of the link",
                       at: start.map { source.span(from: $0, to: source.closingBracket(after: $0, in: range)) } ?? blockSpan(block))
                continue
            }
            let mention = mentions[nextFound]
            nextFound += 1
            guard let match = mention.range else {
                let message = switch mention.unclosed ?? .notClosed {
                case .notClosed: "'[see:' is not closed by ']', so it shows as text and links nowhere"
                case .bracket: "'[see:' meets another '[' before its ']'; a title cannot hold brackets, so it shows as text"
                case .otherNode: "'[see:' holds code, a link or raw HTML before its ']'; a reference is plain text, so it shows as written"
                }
                report(.malformedReference, message,
                       at: start.map { source.span(from: $0, to: $0 + 5) } ?? blockSpan(block))
                continue
            }
            let syntax = ReferenceSyntax(content: logical[(match.lowerBound + 5)..<(match.upperBound - 1)])
            let span = start.map { source.span(from: $0, to: source.closingBracket(after: $0, in: range)) } ?? blockSpan(block)
            let slot = takeSlot()
            let target: ReferenceTarget = if let written = syntax.invalidTime {
                .malformedTime(title: syntax.title, written: written)
            } else {
                .page(title: syntax.title, quote: syntax.time)
            }
            found.references.append(SeeReference(target: target, span: span, slot: slot))
            made.append(MentionLink(range: match, slot: slot, reference: found.references.count - 1))
        }
    }
}

extension SourceText {
    /// Offsets of `[see:` in `range` that are not escaped and not inside a code span, in order.
    func referenceStarts(in range: Range<Int>) -> [Int] {
        bytes.withUnsafeBufferPointer { referenceStarts(in: range, of: $0) }
    }

    /// (On the buffer, without a bounds check per byte: every block with a `[` is read so.)
    private func referenceStarts(in range: Range<Int>, of bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        var result: [Int] = []
        var index = range.lowerBound
        while index < range.upperBound {
            // Eight bytes at a time past text without `\`, `` ` `` or `[`.
            if index + 8 <= range.upperBound {
                let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
                if !Self.holds(UInt8(ascii: "["), word) && !Self.holds(UInt8(ascii: "\\"), word) && !Self.holds(UInt8(ascii: "`"), word) {
                    index += 8
                    continue
                }
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") {
                // An escaped `\[see:` is a reference all the same (the text cmark gives holds `[`).
                if index + 1 < range.upperBound, bytes[index + 1] == UInt8(ascii: "["),
                   SeeReferences.isKeyword(at: index + 2, limit: range.upperBound, in: bytes) {
                    result.append(index + 1)
                }
                index += 2
                continue
            }
            if byte == UInt8(ascii: "`") {
                index = Self.endOfCodeSpan(startingAt: index, limit: range.upperBound, in: bytes)
                continue
            }
            if byte == UInt8(ascii: "["), SeeReferences.isKeyword(at: index + 1, limit: range.upperBound, in: bytes) {
                result.append(index)
            }
            index += 1
        }
        return result
    }

    /// Whether any of the eight bytes of `word` is `byte`.
    private static func holds(_ byte: UInt8, _ word: UInt64) -> Bool {
        let masked = word ^ (UInt64(byte) &* 0x0101_0101_0101_0101)
        return (masked &- 0x0101_0101_0101_0101) & ~masked & 0x8080_8080_8080_8080 != 0
    }

    /// The offset of the first `]` at or after `start` within `range`, else the end of the range.
    func closingBracket(after start: Int, in range: Range<Int>) -> Int {
        var index = start
        while index < range.upperBound {
            if bytes[index] == UInt8(ascii: "]") { return index + 1 }
            index += 1
        }
        return range.upperBound
    }
}
