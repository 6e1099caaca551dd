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
