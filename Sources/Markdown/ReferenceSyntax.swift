/// The inside of `[see: …]`: a title in straight or curly quotes (a mismatched pair such as
/// `“…“` too), optionally followed by `@ M:SS`.
struct ReferenceSyntax {
    var title: String
    var time: Timestamp?
    var invalidTime: String?

    private static let quoteCharacters: Set<Character> = ["\"", "\u{201C}", "\u{201D}", "\u{201E}"]

    init(content: String) {
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
        if let first = body.first, Self.quoteCharacters.contains(first) { body = body.dropFirst() }
        if let last = body.last, Self.quoteCharacters.contains(last) { body = body.dropLast() }
        title = body.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var result = self
        while let first = result.first, first.isWhitespace { result = result.dropFirst() }
        while let last = result.last, last.isWhitespace { result = result.dropLast() }
        return result
    }
}
