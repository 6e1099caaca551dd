/// The `[[`s that are not wikilinks, though they read as one: a folder written for another
/// tool holds them in template and shortcode blocks (`{{< highlight toml >}}` … `{{< /highlight >}}`,
/// `{% highlight bash %}` … `{% endhighlight %}`), in TOML's arrays of tables (`[[menus.main]]`
/// alone on its line) and in shell tests (`[[ -f x ]]`). An escaped `\[\[x\]\]` is not found
/// as a wikilink in the source to begin with (`SourceText.wikilinkStarts`).
enum NotWikilinks {
    /// Whether the `[[…]]` written at `start..<end` of `bytes` is one of these; `templates`
    /// are the page's template ranges (`templateRanges(in:)`), sorted and apart.
    static func excludes(start: Int, end: Int, in bytes: UnsafeBufferPointer<UInt8>, templates: [Range<Int>]) -> Bool {
        isInside(start, templates) || isShellTest(bytes[(start + 2)..<(end - 2)]) || isTOMLTable(start: start, end: end, in: bytes)
    }

    /// `[[ -f x ]]`, `[[ "$?" -ne 0 ]]`, `[[ $a == b ]]`: spaces inside both brackets and an
    /// operand or operator only a shell test has.
    static func isShellTest(_ content: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard content.count >= 3, content.first == UInt8(ascii: " "), content.last == UInt8(ascii: " ") else { return false }
        let text = String(decoding: content, as: UTF8.self)
        let words = text.split(separator: " ")
        guard let first = words.first else { return false }
        if first.hasPrefix("-") || first.hasPrefix("$") || first.hasPrefix("\"$") || first == "!" { return true }
        let operators: Set<Substring> = ["==", "!=", "=~", "-eq", "-ne", "-lt", "-gt", "-le", "-ge", "&&", "||", "<", ">"]
        return words.contains { operators.contains($0) }
    }

    /// `[[menus.main]]` alone on its line (spaces and a `#` comment may follow), its name
    /// TOML's bare keys with dots between, and followed by a `key = value` line: an array of
    /// tables in a TOML block that cmark reads as a paragraph. (`[[Note.md]]` alone on its line
    /// is a wikilink.)
    static func isTOMLTable(start: Int, end: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var lineStart = start
        while lineStart > 0, bytes[lineStart - 1] == UInt8(ascii: " ") || bytes[lineStart - 1] == UInt8(ascii: "\t") { lineStart -= 1 }
        guard lineStart == 0 || bytes[lineStart - 1] == UInt8(ascii: "\n") else { return false }
        var lineEnd = end
        while lineEnd < bytes.count, bytes[lineEnd] == UInt8(ascii: " ") || bytes[lineEnd] == UInt8(ascii: "\t") { lineEnd += 1 }
        if lineEnd < bytes.count, bytes[lineEnd] == UInt8(ascii: "#") {
            while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
        }
        guard lineEnd == bytes.count || bytes[lineEnd] == UInt8(ascii: "\n") || bytes[lineEnd] == UInt8(ascii: "\r") else { return false }
        let name = bytes[(start + 2)..<(end - 2)]
        guard name.allSatisfy({ isBareKeyByte($0) || $0 == UInt8(ascii: ".") }) else { return false }
        return isKeyValueLine(after: lineEnd, in: bytes)
    }

    private static func isBareKeyByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    /// Whether the line after the line break at `index` is `key = value`.
    private static func isKeyValueLine(after index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var cursor = index
        while cursor < bytes.count, bytes[cursor] == UInt8(ascii: "\r") || bytes[cursor] == UInt8(ascii: "\n") {
            if bytes[cursor] == UInt8(ascii: "\n") { cursor += 1; break }
            cursor += 1
        }
        while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: "\t") { cursor += 1 }
        let keyStart = cursor
        while cursor < bytes.count, isBareKeyByte(bytes[cursor]) || bytes[cursor] == UInt8(ascii: ".") { cursor += 1 }
        guard cursor > keyStart else { return false }
        while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") { cursor += 1 }
        return cursor < bytes.count && bytes[cursor] == UInt8(ascii: "=")
    }

    private static func isInside(_ offset: Int, _ ranges: [Range<Int>]) -> Bool {
        // The last range that starts at or before `offset`: ranges are sorted and apart.
        var low = 0, high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].lowerBound <= offset { low = middle + 1 } else { high = middle }
        }
        return low > 0 && ranges[low - 1].contains(offset)
    }

    /// Where the page's template tags are, and the blocks between a paired tag's opening and
    /// closing (Hugo's `{{< name >}}` … `{{< /name >}}` or with `%`, Liquid's and Jinja's
    /// `{% name %}` … `{% endname %}`), sorted and merged. Linear: a closing tag looks for its
    /// opening among the 64 nearest open ones.
    static func templateRanges(in bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var open: [(name: ArraySlice<UInt8>, start: Int)] = []
        var index = 0
        while index + 1 < bytes.count {
            guard bytes[index] == UInt8(ascii: "{"), bytes[index + 1] == UInt8(ascii: "{") || bytes[index + 1] == UInt8(ascii: "%") else {
                index += 1
                continue
            }
            let isLiquid = bytes[index + 1] == UInt8(ascii: "%")
            let closer: UInt8 = isLiquid ? UInt8(ascii: "%") : UInt8(ascii: "}")
            var end = index + 2
            while end + 1 < bytes.count, !(bytes[end] == closer && bytes[end + 1] == UInt8(ascii: "}")) { end += 1 }
            guard end + 1 < bytes.count else { break }
            let tag = index..<(end + 2)
            ranges.append(tag)
            // The tag's name: after `{%`, `{{<` or `{{%`, a `-` that trims white space, and spaces.
            var cursor = index + 2
            let isShortcode = !isLiquid && cursor < end && (bytes[cursor] == UInt8(ascii: "<") || bytes[cursor] == UInt8(ascii: "%"))
            if isShortcode { cursor += 1 }
            while cursor < end, bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: "-") { cursor += 1 }
            var nameEnd = cursor
            while nameEnd < end, bytes[nameEnd] != UInt8(ascii: " "), bytes[nameEnd] != UInt8(ascii: ">"), bytes[nameEnd] != UInt8(ascii: "%"),
                  bytes[nameEnd] != UInt8(ascii: "\n") { nameEnd += 1 }
            let name = ArraySlice(bytes[cursor..<nameEnd])
            if isLiquid || isShortcode {
                let closes: ArraySlice<UInt8>? = isShortcode ? (name.first == UInt8(ascii: "/") ? name.dropFirst() : nil)
                    : (name.starts(with: "end".utf8) ? name.dropFirst(3) : nil)
                if let closes {
                    if let at = open.indices.suffix(64).last(where: { open[$0].name == closes }) {
                        ranges.append(open[at].start..<tag.upperBound)
                        open.removeSubrange(at...)
                    }
                } else if !name.isEmpty {
                    open.append((name, index))
                }
            }
            index = tag.upperBound
        }
        ranges.sort { $0.lowerBound < $1.lowerBound }
        var merged: [Range<Int>] = []
        for range in ranges {
            if let last = merged.last, range.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }
}
