import Support

/// One piece of the markup the compiler adds to a page, as a theme writes it: text with
/// holes the compiler fills (`<figure class="quote" id="{{anchor}}">`), and sections shown
/// only when their value is there (`{{#audio}} … {{/audio}}`), as in Mustache. It is split
/// once, when the theme loads, into runs of bytes and holes: filling it for a node is
/// appending bytes (see `Markup`).
public struct MarkupTemplate: Sendable, Hashable {
    /// What the compiler fills a hole with. Each is escaped as it always was: text for HTML,
    /// URLs for an href; `href` and `title` are placeholders the linker fills.
    public enum Hole: String, Sendable, CaseIterable {
        /// A quote's anchor (`t-22-45`), its time as written (`22:45`) and in seconds.
        case anchor, time, seconds
        /// The page's audio, without its fragment: present only when the page has audio.
        case audio
        /// A callout's type (`note`, `tip`); `open`, present when a folding callout is shown open.
        case type, open
        /// The URL of a reference's or an embed's target, and that page's title.
        case href, title
        /// What a link shows; an embedded image's alt text, width and height (present when given).
        case text, alt, width, height
    }

    /// A run of `literals`, a hole, or a section's start: when its hole has no value, the
    /// parts up to `end` are passed over.
    enum Part: Sendable, Hashable {
        case literal(Range<Int>)
        case hole(Hole)
        case section(Hole, end: Int)
    }

    /// The template as written.
    public let text: String
    let parts: [Part]
    /// The literal runs' bytes, one after the other.
    let literals: [UInt8]

    /// Reads `{{name}}`, `{{#name}}` and `{{/name}}` tags (spaces inside the braces are
    /// allowed); a name outside `holes`, or any other tag, is an error: the compiler would
    /// leave it empty, and an author would not know why.
    public init(parsing text: String, holes: Set<Hole> = Set(Hole.allCases)) throws(MarkupTemplateError) {
        let bytes = Array(text.utf8)
        var parts: [Part] = [], literals: [UInt8] = []
        var openSections: [(hole: Hole, part: Int)] = []
        var index = 0
        func addLiteral(_ run: ArraySlice<UInt8>) {
            guard !run.isEmpty else { return }
            literals += run
            parts.append(.literal((literals.count - run.count)..<literals.count))
        }
        while index < bytes.count {
            guard let open = Self.find("{{", in: bytes, from: index) else { break }
            addLiteral(bytes[index..<open])
            guard let close = Self.find("}}", in: bytes, from: open + 2) else { throw .unclosedTag }
            var tag = bytes[(open + 2)..<close]
            // (A triple `{{{name}}}` is shown whole when it is reported.)
            let end = tag.first == UInt8(ascii: "{") && close + 2 < bytes.count && bytes[close + 2] == UInt8(ascii: "}") ? close + 3 : close + 2
            let kind = tag.first
            if kind == UInt8(ascii: "#") || kind == UInt8(ascii: "/") { tag = tag.dropFirst() }
            let name = String(decoding: tag, as: UTF8.self)[...].trimmingWhitespace()
            guard let hole = Hole(rawValue: String(name)), holes.contains(hole) else {
                throw .unknownHole(String(decoding: bytes[open..<end], as: UTF8.self), allowed: Hole.allCases.filter(holes.contains))
            }
            switch kind {
            case UInt8(ascii: "#"):
                openSections.append((hole, parts.count))
                parts.append(.section(hole, end: 0))
            case UInt8(ascii: "/"):
                guard let section = openSections.popLast(), section.hole == hole else { throw .strayClose(hole.rawValue) }
                parts[section.part] = .section(hole, end: parts.count)
            default:
                parts.append(.hole(hole))
            }
            index = end
        }
        addLiteral(bytes[min(index, bytes.count)...])
        if let section = openSections.last { throw .unclosedSection(section.hole.rawValue) }
        self.text = text
        self.parts = parts
        self.literals = literals
    }

    /// A template of `text` alone, without holes.
    init(literal text: String) {
        self.text = text
        literals = Array(text.utf8)
        parts = literals.isEmpty ? [] : [.literal(0..<literals.count)]
    }

    private static func find(_ needle: StaticString, in bytes: [UInt8], from start: Int) -> Int? {
        let first = needle.utf8Start[0], second = needle.utf8Start[1]
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == first, bytes[index + 1] == second { return index }
            index += 1
        }
        return nil
    }

    public static func == (lhs: MarkupTemplate, rhs: MarkupTemplate) -> Bool { lhs.text == rhs.text }

    public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}

/// Why a markup template cannot be used.
public enum MarkupTemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A tag that names no hole of this piece (`{{alt}}` in a quote), with the holes it has.
    case unknownHole(String, allowed: [MarkupTemplate.Hole])
    case unclosedTag
    case unclosedSection(String)
    case strayClose(String)
    /// A theme file under `partials/markup/` that is no piece of the markup.
    case unknownPiece(String)

    public var description: String {
        switch self {
        case .unknownHole(let tag, let allowed):
            let holes = allowed.map { "{{\($0.rawValue)}}" }
            return "'\(tag)' is not a hole of this markup; " + (holes.isEmpty ? "it has none" : "it has \(holes.joined(separator: ", "))")
        case .unclosedTag: return "'{{' is not closed by '}}'"
        case .unclosedSection(let name): return "section '\(name)' is never closed ({{/\(name)}})"
        case .strayClose(let name): return "'{{/\(name)}}' closes no section that is open"
        case .unknownPiece(let name):
            return "'\(name)' is no piece of the markup; the pieces are "
                + MarkupTemplates.Piece.allCases.map(\.name).joined(separator: ", ")
        }
    }
}
