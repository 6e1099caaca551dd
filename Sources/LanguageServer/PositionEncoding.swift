/// How a position's `character` counts along its line: LSP's UTF-16 code units by default,
/// UTF-8 bytes or UTF-32 scalars when the client offers them. The course counts columns in
/// characters (grapheme clusters, as an author sees them), so every position is converted
/// through the text of its line.
public enum PositionEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case utf16 = "utf-16"
    case utf32 = "utf-32"

    /// The encoding to use among those a client offers (`general.positionEncodings`):
    /// UTF-8, which needs no counting for ASCII, else UTF-32, else LSP's default UTF-16.
    public static func negotiated(offered: [String]) -> PositionEncoding {
        for preferred in [PositionEncoding.utf8, .utf32] where offered.contains(preferred.rawValue) { return preferred }
        return .utf16
    }

    public func units(of text: Substring) -> Int {
        switch self {
        case .utf8: text.utf8.count
        case .utf16: text.utf16.count
        case .utf32: text.unicodeScalars.count
        }
    }

    /// The position's `character` of the 1-based character `column` of `line`; a column past
    /// the end is the end of the line.
    public func character(ofColumn column: Int, in line: Substring) -> Int {
        var units = 0, index = line.startIndex, remaining = column - 1
        while remaining > 0, index < line.endIndex {
            let next = line.index(after: index)
            units += self.units(of: line[index..<next])
            index = next
            remaining -= 1
        }
        return units
    }

    /// The 1-based character column of a position's `character` on `line`. A position inside a
    /// character (half of a surrogate pair, a combining mark) is that character's column.
    public func column(ofCharacter character: Int, in line: Substring) -> Int {
        line.distance(from: line.startIndex, to: index(ofCharacter: character, in: line)) + 1
    }

    /// The index of a position's `character` on `line`, rounded down to a character boundary
    /// and clamped to the line's end.
    public func index(ofCharacter character: Int, in line: Substring) -> Substring.Index {
        var units = 0, index = line.startIndex
        while index < line.endIndex {
            let next = line.index(after: index)
            let width = self.units(of: line[index..<next])
            if units + width > character { return index }
            units += width
            index = next
        }
        return line.endIndex
    }
}

extension PositionEncoding {
    /// The index of a position's `character` on `line` at a scalar, not a character: an edit
    /// may add or remove a combining mark alone. Half of a surrogate pair is rounded down; a
    /// count past the end is the line's end.
    public func scalarIndex(ofCharacter character: Int, in line: Substring) -> Substring.Index {
        var units = 0
        let scalars = line.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let width = switch self {
            case .utf8: UTF8.width(scalar)
            case .utf16: UTF16.width(scalar)
            case .utf32: 1
            }
            if units + width > character { return index }
            units += width
            index = scalars.index(after: index)
        }
        return line.endIndex
    }
}
