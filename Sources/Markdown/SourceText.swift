import Support
import CSystem
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of a Markdown body with a line index, for turning byte offsets into the line and
/// character column an author sees in an editor. cmark's inline positions can name the wrong
/// line inside multi-line paragraphs, so positions of references are found here, in the text.
struct SourceText {
    let bytes: [UInt8]
    /// Byte offset where each line starts; `lineStarts[0] == 0`.
    let lineStarts: [Int]
    /// Lines of the body are this many lines below the top of the file.
    let lineOffset: Int

    init(bytes: [UInt8], lineOffset: Int) {
        self.bytes = bytes
        var starts = [0]
        bytes.withUnsafeBufferPointer { $0.forEachLineStart { starts.append($0) } }
        lineStarts = starts
        self.lineOffset = lineOffset
    }

    /// The byte range of body lines `first...last` (1-based), clamped to the text.
    func range(lines first: Int, _ last: Int) -> Range<Int> {
        let start = lineStarts[min(max(first, 1), lineStarts.count) - 1]
        let lastIndex = min(max(last, first, 1), lineStarts.count)
        let end = lastIndex < lineStarts.count ? lineStarts[lastIndex] : bytes.count
        return start..<max(start, end)
    }

    /// The body line (1-based) that holds byte `offset`.
    func line(of offset: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low + 1
    }

    /// The span from byte `start` to byte `end`, in file lines and character columns. A span
    /// that runs over several lines ends at the end of its first line.
    func span(from start: Int, to end: Int) -> SourceSpan {
        let bodyLine = line(of: start)
        let lineStart = lineStarts[bodyLine - 1]
        let lineEnd = bodyLine < lineStarts.count ? lineStarts[bodyLine] - 1 : bytes.count
        let head = scalarCount(lineStart..<start)
        let column = (head ?? characterCount(lineStart..<start)) + 1
        let endOffset = min(max(end, start), lineEnd)
        // The line's start is counted from once: where both parts are counted as scalars, no
        // character crosses from one to the other.
        let endColumn: Int
        if head != nil, endOffset >= start, let tail = scalarCount(start..<endOffset) {
            endColumn = column + tail
        } else {
            endColumn = characterCount(lineStart..<endOffset) + 1
        }
        return SourceSpan(line: bodyLine + lineOffset, column: column, endColumn: endColumn)
    }

    /// The byte range of body line `line` (1-based, within the text), without its line break
    /// (`\n`, or `\r\n`).
    func bounds(ofLine line: Int) -> Range<Int> {
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return start..<max(start, end)
    }

    /// The span of a whole block that starts on body line `line` at byte column `byteColumn`.
    func span(line bodyLine: Int, byteColumn: Int) -> SourceSpan {
        let line = bounds(ofLine: min(max(bodyLine, 1), lineStarts.count))
        let start = min(line.lowerBound + max(byteColumn - 1, 0), line.upperBound)
        return span(from: start, to: max(start, line.upperBound))
    }

    private func characterCount(_ range: Range<Int>) -> Int {
        scalarCount(range) ?? String(decoding: bytes[range], as: UTF8.self).count
    }

    /// The scalars of `range` when each is sure to be a character of its own, else nil.
    private func scalarCount(_ range: Range<Int>) -> Int? {
        // Scalars are counted while each is sure to be a character of its own: ASCII (no line
        // break is inside a range), U+0080–U+02FF (below the combining marks) and U+2010–U+2027
        // (dashes, quotes, the ellipsis, as smart punctuation writes them). Anything else is
        // counted as characters, which needs a String and costs many times as much.
        // ASCII runs found as vector code: the lines of a paragraph are long, and a line's start
        // is counted from again for every reference and link on it.
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            var count = 0, index = range.lowerBound
            while index < range.upperBound {
                let ascii = syllabus_first_non_ascii(base + index, range.upperBound - index)
                index += ascii
                count += ascii
                guard index < range.upperBound else { break }
                let byte = base[index]
                if byte < 0x80 {
                    index += 1
                } else if byte >= 0xC2 && byte <= 0xCB {
                    index += 2
                } else if byte == 0xE2, index + 2 < range.upperBound, base[index + 1] == 0x80, (0x90...0xA7).contains(base[index + 2]) {
                    index += 3
                } else {
                    return nil
                }
                count += 1
            }
            return count
        }
    }

    /// Which of `bytes` the text holds: one `memchr` each, which stops at the first it finds.
    func heldBytes(among bytes: ByteSet) -> ByteSet {
        var held = ByteSet(), rest = bytes
        while let byte = rest.popFirst() {
            if contains(byte, in: 0..<self.bytes.count) { held.insert(byte) }
        }
        return held
    }

    /// Whether the text holds `marker`: from one of its first byte to the next with `memchr`,
    /// which is vectorised where glibc's `memmem` reads a short needle a byte at a time (0.7 G
    /// instructions over the 10,000-page course for `{{`, against some 0.01 G).
    func holds(_ marker: PageMarker) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var from = 0
            // The byte after the first is tested here: most of a common first byte (the `w`
            // of `www.`) are followed by another byte, and are passed over without a call.
            let second = marker.following.first
            while let found = buffer.firstOffset(of: marker.first, from: from) {
                if let second, found + 1 >= buffer.count || !second.contains(buffer[found + 1]) {
                    from = found + 1
                    continue
                }
                if marker.isFollowed(by: buffer[(found + 1)...]) { return true }
                from = found + 1
            }
            return false
        }
    }

    /// Whether `range` holds `byte` (`memchr`).
    func contains(_ byte: UInt8, in range: Range<Int>) -> Bool {
        guard !range.isEmpty else { return false }
        return bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return false }
            return memchr(base + range.lowerBound, Int32(byte), range.count) != nil
        }
    }

    /// The first occurrence of `needle` at or after `start` within `range` (memmem).
    func find(_ needle: UnsafeBufferPointer<UInt8>, from start: Int, in range: Range<Int>) -> Int? {
        let from = max(start, range.lowerBound)
        guard !needle.isEmpty, range.upperBound - from >= needle.count else { return nil }
        let found = bytes.withUnsafeBufferPointer { haystack in
            syllabus_find_bytes(haystack.baseAddress! + from, range.upperBound - from, needle.baseAddress!, needle.count)
        }
        return found < 0 ? nil : from + found
    }

    /// A run of n backticks opens a code span that the next run of exactly n closes; without a
    /// closing run the backticks are literal text.
    static func endOfCodeSpan(startingAt start: Int, limit: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var runEnd = start
        while runEnd < limit, bytes[runEnd] == UInt8(ascii: "`") { runEnd += 1 }
        let length = runEnd - start
        var index = runEnd
        while index < limit {
            if bytes[index] == UInt8(ascii: "`") {
                var closeEnd = index
                while closeEnd < limit, bytes[closeEnd] == UInt8(ascii: "`") { closeEnd += 1 }
                if closeEnd - index == length { return closeEnd }
                index = closeEnd
            } else {
                index += 1
            }
        }
        return runEnd
    }
}
