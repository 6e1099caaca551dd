/// The inside of `[see: …]`: a title in straight or curly quotes (a mismatched pair such as
/// `“…“` too) or in a pair of single quotes, optionally followed by `@ M:SS`.
struct ReferenceSyntax {
    var title: String
    var time: Timestamp?
    var invalidTime: String?

    private static let quoteCharacters: Set<Character> = ["\"", "\u{201C}", "\u{201D}", "\u{201E}"]
    private static let singleQuoteCharacters: Set<Character> = ["'", "\u{2018}", "\u{2019}"]

    /// The inside of a reference as UTF-8 bytes.
    init(content bytes: ArraySlice<UInt8>) {
        if Self.isASCIIButForCurlyQuotes(bytes) {
            self.init(simpleContent: bytes)
        } else {
            self.init(characters: String(decoding: bytes, as: UTF8.self))
        }
    }

    /// Whether every scalar of the (valid) UTF-8 `bytes` is ASCII or a curly quote (E2 80
    /// 9C, 9D or 9E).
    static func isASCIIButForCurlyQuotes(_ bytes: ArraySlice<UInt8>) -> Bool {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] < 0x80 {
                index += 1
                continue
            }
            guard bytes[index] == 0xE2, index + 2 < bytes.endIndex, bytes[index + 1] == 0x80,
                  (0x9C...0x9E).contains(bytes[index + 2]) else { return false }
            index += 3
        }
        return true
    }

    init(characters content: String) {
        var body = Substring(content).trimmingWhitespace()
        if let at = body.lastIndex(of: "@") {
            let timeText = body[body.index(after: at)...].trimmingWhitespace()
            if !timeText.isEmpty, timeText.allSatisfy({ $0.isASCIIDigit || $0 == ":" }) {
                body = body[..<at].trimmingWhitespace()
                do throws(Timestamp.Invalid) {
                    time = try Timestamp.parse(timeText)
                    if time == nil { invalidTime = String(timeText) }
                } catch {
                    invalidTime = String(timeText)
                }
            }
        }
        let opens = body.first.map(Self.quoteCharacters.contains) ?? false
        let closes = body.last.map(Self.quoteCharacters.contains) ?? false
        if opens || closes {
            if opens { body = body.dropFirst() }
            if closes, !body.isEmpty { body = body.dropLast() }
        } else if body.count >= 2, let first = body.first, let last = body.last,
                  Self.singleQuoteCharacters.contains(first), Self.singleQuoteCharacters.contains(last) {
            // `[see: 'Title']`, as YAML and Python quote: a pair only, so that a bare title
            // ending in an apostrophe ("The teachers’") keeps it.
            body = body.dropFirst().dropLast()
        }
        title = body.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The same reading, on bytes, of text that is ASCII but for curly quotes (as smart
    /// punctuation makes them): there every white space is an ASCII byte and every character
    /// one scalar. Nearly every reference is read here.
    init(simpleContent bytes: ArraySlice<UInt8>) {
        func isSpace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || (byte >= 0x09 && byte <= 0x0D) }
        func trimmed(_ part: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
            var part = part
            while let first = part.first, isSpace(first) { part = part.dropFirst() }
            while let last = part.last, isSpace(last) { part = part.dropLast() }
            return part
        }
        var body = trimmed(bytes)
        if let at = body.lastIndex(of: UInt8(ascii: "@")) {
            let timeBytes = trimmed(body[(at + 1)...])
            if !timeBytes.isEmpty, timeBytes.allSatisfy({ ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: ":") }) {
                body = trimmed(body[..<at])
                let timeText = String(decoding: timeBytes, as: UTF8.self)
                do throws(Timestamp.Invalid) {
                    time = try Timestamp.parse(timeText)
                    if time == nil { invalidTime = timeText }
                } catch {
                    invalidTime = timeText
                }
            }
        }
        // A quote is `"` or a curly one: E2 80 9C, 9D or 9E in UTF-8.
        func isCurlyQuote(_ part: ArraySlice<UInt8>) -> Bool {
            part.count == 3 && part.first == 0xE2 && part.dropFirst().first == 0x80 && (0x9C...0x9E).contains(part.last ?? 0)
        }
        let quote = UInt8(ascii: "\""), apostrophe = UInt8(ascii: "'")
        let opens = body.first == quote || isCurlyQuote(body.prefix(3))
        let closes = body.last == quote || isCurlyQuote(body.suffix(3))
        if opens {
            body = body.first == quote ? body.dropFirst() : body.dropFirst(3)
        }
        if closes, !body.isEmpty {
            body = body.last == quote ? body.dropLast() : body.dropLast(3)
        } else if !opens, body.count >= 2, body.first == apostrophe, body.last == apostrophe {
            // `[see: 'Title']` without smart punctuation (curly single quotes are read on the
            // general path).
            body = body.dropFirst().dropLast()
        }
        // The words joined by single spaces, written straight into the title's storage.
        title = String(unsafeUninitializedCapacity: body.count) { words in
            var count = 0
            var pendingSpace = false
            for byte in body {
                if isSpace(byte) {
                    pendingSpace = count > 0
                } else {
                    if pendingSpace {
                        words[count] = UInt8(ascii: " ")
                        count += 1
                    }
                    pendingSpace = false
                    words[count] = byte
                    count += 1
                }
            }
            return count
        }
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
            shown = note.isEmpty ? heading : "\(note) > \(heading)"
        } else {
            shown = note
        }
    }
}

/// The first line of a callout, as GitHub (`> [!NOTE]`, `> [!WARNING]` …) and Obsidian
/// (`> [!tip] A title`, `> [!faq]- Folded`) write it.
struct Callout: Hashable {
    /// Lowercase letters, digits, `-` and `_`: it names the aside's class (`callout-note`).
    var type: String
    /// The bytes of `[!TYPE]` and a fold mark after it.
    var markerLength: Int
    /// Obsidian's fold mark: `-` shows the callout folded, `+` unfolded; either makes it a
    /// `<details>` a reader can open and close. Nil without a mark: an aside.
    var fold: Fold?
    enum Fold { case folded, unfolded }
    /// The type with a capital (`Note`): the title when the line gives none.
    var defaultTitle: String { Callout.title(ofType: type) }

    static func title(ofType type: String) -> String { type.prefix(1).uppercased() + type.dropFirst() }

    /// The callout whose marker starts at `start` of the source, if one does.
    init?(at start: Int, in source: SourceText) {
        let bytes = source.bytes
        guard start + 3 < bytes.count, bytes[start] == UInt8(ascii: "["), bytes[start + 1] == UInt8(ascii: "!") else { return nil }
        var end = start + 2
        var type: [UInt8] = []
        while end < bytes.count, bytes[end] != UInt8(ascii: "]") {
            let byte = bytes[end]
            let lowered = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
            guard (lowered >= UInt8(ascii: "a") && lowered <= UInt8(ascii: "z")) || (lowered >= UInt8(ascii: "0") && lowered <= UInt8(ascii: "9"))
                    || lowered == UInt8(ascii: "-") || lowered == UInt8(ascii: "_") else { return nil }
            type.append(lowered)
            end += 1
        }
        guard !type.isEmpty, end < bytes.count else { return nil }
        end += 1
        if end < bytes.count, bytes[end] == UInt8(ascii: "-") || bytes[end] == UInt8(ascii: "+") {
            fold = bytes[end] == UInt8(ascii: "-") ? .folded : .unfolded
            end += 1
        }
        guard end == bytes.count || [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r")].contains(bytes[end]) else { return nil }
        self.type = String(decoding: type, as: UTF8.self)
        markerLength = end - start
    }
}

/// The opening fence of a Docusaurus admonition, `:::tip`, `:::tip Title` or `:::tip[Title]`,
/// read from the first text of a paragraph. The admonition holds the blocks up to a line of
/// as many colons or more (`:::`), or, when none closes it, the rest of its container.
struct AdmonitionFence: Hashable {
    /// Lowercase letters, digits, `-` and `_`, the first a letter (`callout-tip`).
    var type: String
    var colons: Int
    /// The bytes of `:::tip`, and of the `[` that opens a title written in brackets.
    var markerLength: Int
    /// The title is written `[Title]`: its `]` goes too.
    var bracketedTitle: Bool

    init?(opening text: UnsafeBufferPointer<UInt8>) {
        var end = 0
        while end < text.count, text[end] == UInt8(ascii: ":") { end += 1 }
        guard end >= 3, end < text.count else { return nil }
        colons = end
        var type: [UInt8] = []
        while end < text.count {
            let byte = text[end]
            let lowered = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
            let isLetter = lowered >= UInt8(ascii: "a") && lowered <= UInt8(ascii: "z")
            guard isLetter || (!type.isEmpty && ((lowered >= UInt8(ascii: "0") && lowered <= UInt8(ascii: "9"))
                                                 || lowered == UInt8(ascii: "-") || lowered == UInt8(ascii: "_"))) else { break }
            type.append(lowered)
            end += 1
        }
        guard !type.isEmpty else { return nil }
        bracketedTitle = end < text.count && text[end] == UInt8(ascii: "[")
        guard end == text.count || bracketedTitle || text[end] == UInt8(ascii: " ") || text[end] == UInt8(ascii: "\t") else { return nil }
        self.type = String(decoding: type, as: UTF8.self)
        markerLength = bracketedTitle ? end + 1 : end
    }

    /// How many colons a closing line (`:::`, only colons, three or more) has, or nil.
    static func closingColons(_ text: UnsafeBufferPointer<UInt8>) -> Int? {
        guard text.count >= 3, text.allSatisfy({ $0 == UInt8(ascii: ":") }) else { return nil }
        return text.count
    }
}
