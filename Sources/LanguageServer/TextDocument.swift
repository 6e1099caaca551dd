import Support

/// A file the editor holds open: its text as the editor has it, which stands in for the file
/// on disk until it is closed.
public struct TextDocument: Sendable {
    public var uri: String
    public var version: Int
    public private(set) var text: String

    public init(uri: String, version: Int, text: String) {
        self.uri = uri
        self.version = version
        self.text = text
    }

    /// One `contentChanges` item of `textDocument/didChange`: the whole text (no `range`), or a
    /// range replaced. A range past the end is clamped to it, so a client that counted wrong
    /// edits the end of the text rather than failing.
    public mutating func apply(_ change: JSON, encoding: PositionEncoding) throws(RPC.Failure) {
        guard let newText = change["text"]?.stringValue else { throw RPC.Failure(.invalidParams, "a content change without text") }
        guard let range = change["range"] else {
            text = newText
            return
        }
        guard let start = Position(range["start"]), let end = Position(range["end"]) else {
            throw RPC.Failure(.invalidParams, "a content change with a malformed range")
        }
        let lower = index(of: start, encoding: encoding), upper = index(of: end, encoding: encoding)
        text.replaceSubrange(min(lower, upper)..<max(lower, upper), with: newText)
    }

    /// The text's index at a position, at a scalar boundary, clamped to the text.
    public func index(of position: Position, encoding: PositionEncoding) -> String.Index {
        let line = Self.line(position.line, in: text)
        return encoding.scalarIndex(ofCharacter: position.character, in: line)
    }

    /// Line `number` (from 0) without its line break; past the last line, the empty end.
    public static func line(_ number: Int, in text: String) -> Substring {
        var start = text.startIndex, remaining = number
        let utf8 = text.utf8
        while remaining > 0 {
            guard let lineBreak = utf8[start...].firstIndex(of: UInt8(ascii: "\n")) else { return text[text.endIndex...] }
            start = utf8.index(after: lineBreak)
            remaining -= 1
        }
        var end = utf8[start...].firstIndex(of: UInt8(ascii: "\n")) ?? text.endIndex
        if end > start, utf8[utf8.index(before: end)] == UInt8(ascii: "\r") { end = utf8.index(before: end) }
        return text[start..<end]
    }
}

/// A position as LSP writes it: a 0-based line, and `character` in the negotiated encoding.
public struct Position: Sendable, Hashable {
    public var line: Int
    public var character: Int

    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }

    /// Read from `{"line": …, "character": …}`; negative numbers are taken as 0.
    public init?(_ json: JSON?) {
        guard let line = json?["line"]?.intValue, let character = json?["character"]?.intValue else { return nil }
        self.init(line: max(0, line), character: max(0, character))
    }

    public var json: JSON { .object(["line": .int(line), "character": .int(character)]) }
}
