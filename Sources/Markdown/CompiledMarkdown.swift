#if canImport(Glibc)
import Support
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A place in a source file: 1-based line, 1-based column in characters, and the column just
/// past the end of the thing on that line.
public struct SourceSpan: Sendable, Hashable {
    public var line: Int
    public var column: Int
    public var endColumn: Int

    public init(line: Int, column: Int, endColumn: Int) {
        self.line = line
        self.column = column
        self.endColumn = max(endColumn, column + 1)
    }
}

public struct Heading: Sendable, Hashable {
    public var level: Int
    public var text: String
    public var id: String
    public var span: SourceSpan
}

public struct Quote: Sendable, Hashable {
    public var time: Timestamp
    public var text: String
    public var span: SourceSpan
}

/// A chapter of an episode: where it starts, its title, and where it is written (a list
/// item of the notes, or an item of `chapters:` in front matter).
public struct Chapter: Sendable, Hashable {
    public var time: Timestamp
    public var title: String
    public var span: SourceSpan

    public init(time: Timestamp, title: String, span: SourceSpan) {
        self.time = time
        self.title = title
        self.span = span
    }

    /// `12:40 Title` or `12:40 – Title` (a time, white space, an optional dash): the time as
    /// written and the title, or nil when the text does not open with a time and a title.
    public static func split(_ text: some StringProtocol) -> (time: Substring, title: Substring)? {
        let text = Substring(text)
        let time = text.prefix { $0.isASCIIDigit || $0 == ":" }
        guard time.count >= 3, time.contains(":"), let space = text.dropFirst(time.count).first, space == " " || space == "\t" || space == "\u{A0}" else { return nil }
        var rest = text.dropFirst(time.count).drop { $0.isWhitespace }
        if let dash = rest.first, dash == "-" || dash == "–" || dash == "—" { rest = rest.dropFirst() }
        let title = rest.trimmingWhitespace()
        return title.isEmpty ? nil : (time, title)
    }
}

/// A `#t=…` link in the notes of a page with audio: it plays the episode from `time`.
public struct TimeLink: Sendable, Hashable {
    public var time: Timestamp
    public var span: SourceSpan

    public init(time: Timestamp, span: SourceSpan) {
        self.time = time
        self.span = span
    }
}

/// A cross-reference as written in the source: what it names, where it is written, and the
/// placeholder slot in `CompiledMarkdown.html` it fills, if it became a link.
public struct SeeReference: Sendable, Hashable {
    public var target: ReferenceTarget
    public var span: SourceSpan
    public var slot: Int?

    public init(target: ReferenceTarget, span: SourceSpan, slot: Int?) {
        self.target = target
        self.span = span
        self.slot = slot
    }

    /// The title, note or file name as written.
    public var name: String {
        switch target {
        case .page(let title, _), .malformedTime(let title, _): title
        case .note(let name, _, _, _), .file(let name, _, _): name
        }
    }

    /// What the link shows in place of its target's title: a wikilink's text, an embed's alt
    /// text or link text. A `[see: …]` shows its page's title.
    public var shownText: String? {
        switch target {
        case .page, .malformedTime: nil
        case .note(_, _, let shown, _), .file(_, _, let shown): shown
        }
    }

    /// Written `[[…]]` or `![[…]]`, as Obsidian and other wikis link.
    public var isWikilink: Bool {
        switch target {
        case .page, .malformedTime: false
        case .note, .file: true
        }
    }
}

/// What a reference names, one case per syntax that names a page or a file: a new syntax is a
/// new case, and every switch over references (the linker's, the cache's, the markup's) must
/// then say what it does with it.
public enum ReferenceTarget: Sendable, Hashable {
    /// `[see: "Title"]`, `[see: "Title" @ 12:40]`: a page by title, alias or slug, and a quote on it.
    case page(title: String, quote: Timestamp?)
    /// `[see: "Title" @ 3:75]`: the time as written, which is no time.
    case malformedTime(title: String, written: String)
    /// `[[Note]]`, `[[Note#Heading|text]]`, `[[#Heading]]` (an empty name: this page), and
    /// `![[Note]]` (`embedded`), which links to the note: a note by its file name, else by
    /// title, alias or slug. `shown` is what the link shows: the text after `|`, else the link
    /// as written.
    case note(name: String, heading: String?, shown: String, embedded: Bool)
    /// `![[photo.png|alt|300]]`: a file of the content folder, shown as an image, a player or a
    /// link; `shown` is the image's alt text or the link's text.
    case file(name: String, shows: EmbeddedFile, shown: String)
}

/// What an embed `![[name]]` shows, from the name's extension: nil for a note (no extension,
/// or a Markdown one), which is linked as `[[name]]` would be.
public enum EmbeddedFile: Sendable, Hashable {
    case image, audio, video, other

    /// Its number in the build cache.
    var code: Int {
        switch self {
        case .image: 0
        case .audio: 1
        case .video: 2
        case .other: 3
        }
    }

    init?(code: Int) {
        switch code {
        case 0: self = .image
        case 1: self = .audio
        case 2: self = .video
        case 3: self = .other
        default: return nil
        }
    }

    public init?(name: String) {
        let fileName = name.split(separator: "/").last ?? ""
        guard let dot = fileName.lastIndex(of: "."), dot != fileName.startIndex else { return nil }
        switch fileName[fileName.index(after: dot)...].lowercased() {
        case "md", "markdown": return nil
        case "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "bmp": self = .image
        case "mp3", "wav", "ogg", "m4a", "flac", "webm": self = .audio
        case "mp4", "mov", "ogv": self = .video
        default: self = .other
        }
    }

    /// An embedded image's width, and its height when given.
    public typealias Size = (width: Int, height: Int?)

    /// `|300` or `|300x200` after an embedded image's name: its width (and height), not alt text.
    public static func size(_ written: String) -> Size? {
        let parts = written.split(separator: "x", maxSplits: 1, omittingEmptySubsequences: false)
        guard let width = Int(parts[0]), width > 0 else { return nil }
        guard parts.count == 2 else { return (width, nil) }
        guard let height = Int(parts[1]), height > 0 else { return nil }
        return (width, height)
    }
}

/// A Markdown link or image.
public struct LinkOccurrence: Sendable, Hashable {
    public var destination: String
    public var isImage: Bool
    /// The image's alt text; empty for a link, whose text nothing reads (finding it was a
    /// walk and a string per link of every page).
    public var text: String
    public var span: SourceSpan
    /// The placeholder slot in `CompiledMarkdown.html` for links to other Markdown files, and
    /// for links without an extension, which may name a folder.
    public var slot: Int?
}

public struct MarkdownProblem: Sendable, Hashable {
    public enum Kind: String, Sendable {
        case invalidTimestamp = "invalid-timestamp"
        case malformedReference = "malformed-reference"
        case rawHTMLOmitted = "raw-html-omitted"
        case duplicateHeading = "duplicate-heading"
        case templateSyntax = "template-syntax"
        case unknownFootnote = "unknown-footnote"
        case unusedFootnote = "unused-footnote"
    }
    public var kind: Kind
    public var message: String
    public var span: SourceSpan
}

/// What one Markdown body compiles to. `html` holds placeholders for the URLs and titles of
/// cross-references, which only the whole course can resolve; `fillPlaceholders` puts them in.
public struct CompiledMarkdown: Sendable, Hashable {
    /// The body as HTML. A page from the build cache keeps it as bytes of the cache file
    /// until something reads it: most pages of an incremental build are never rendered.
    public var html: String {
        get { htmlText.text }
        set { htmlText = LazyText(newValue) }
    }
    var htmlText: LazyText
    public var headings: [Heading]
    public var quotes: [Quote]
    /// The chapters of a page with audio: the list items of its notes that open with a time.
    public var chapters: [Chapter]
    /// The `#t=…` links of a page with audio.
    public var timeLinks: [TimeLink]
    public var references: [SeeReference]
    public var links: [LinkOccurrence]
    /// `id` and `name` attributes found in raw HTML.
    public var htmlAnchors: [String]
    /// Ids the compiler's own markup gives, besides headings' and quotes': footnotes (`fn1`,
    /// `fnref1`) and blocks that end with ` ^id` (`^id`, as Obsidian links them).
    public var markupAnchors: [String] = []
    /// The text of a leading level-1 heading that was taken out of the body (it is the title).
    public var leadingTitle: String?
    /// The id the title heading would have had; the page template puts it on the `h1`, so
    /// links to a chapter's title keep working.
    public var titleAnchor: String?
    public var firstParagraph: String?
    public var problems: [MarkdownProblem]
    public var slotCount: Int
}

/// Text that is either a string or UTF-8 bytes inside a cache file, decoded when read. Two
/// values are equal when their text is.
struct LazyText: Sendable, Hashable {
    private enum Storage: Sendable {
        case text(String)
        case file(MappedFile, Range<Int>)
    }

    private let storage: Storage

    init(_ text: String) { storage = .text(text) }

    init(file: MappedFile, range: Range<Int>) { storage = .file(file, range) }

    var text: String {
        switch storage {
        case .text(let text): return text
        case .file(let file, let range):
            return file.withUnsafeBytes { String(decoding: UnsafeRawBufferPointer(rebasing: $0[range]), as: UTF8.self) }
        }
    }

    static func == (lhs: LazyText, rhs: LazyText) -> Bool { lhs.text == rhs.text }

    func hash(into hasher: inout Hasher) { hasher.combine(text) }
}

/// What a placeholder slot is filled with.
public struct SlotValue: Sendable, Hashable {
    public var href: String
    public var title: String

    public init(href: String, title: String) {
        self.href = href
        self.title = title
    }
}

public enum Placeholder {
    static let marker: UInt8 = 0x01

    /// What a placeholder stands for: `\u{1}H12\u{1}` is slot 12's href, `\u{1}T12\u{1}` its
    /// title. `\u{1}I12\u{1}` … `\u{1}O12\u{1}` … `\u{1}E12\u{1}` holds what is shown when slot 12
    /// has a value (a reference's link, an image's tag), then what is shown when it has none
    /// (the reference's words as written, nothing): an unresolved reference reads as its words,
    /// and no link is ever written with an empty href.
    enum Part: UInt8 {
        case href = 0x48    // H
        case title = 0x54   // T
        case ifResolved = 0x49  // I
        case otherwise = 0x4F   // O
        case end = 0x45     // E
    }

    static func append(_ part: Part, slot: Int, to bytes: inout [UInt8]) {
        bytes.append(marker)
        bytes.append(part.rawValue)
        bytes.append(contentsOf: String(slot).utf8)
        bytes.append(marker)
    }

    /// Replaces every placeholder in `html` by the escaped value of its slot, and keeps the
    /// one side of each `ifResolved` section that holds (see `Part`). A href or title without
    /// a value is empty (the checks have already reported why).
    public static func fill(_ html: String, slots: [Int: SlotValue]) -> String {
        guard html.containsUTF8Byte(marker) else { return html }
        var html = html
        // Every page's HTML passes through here: copy the runs between placeholders whole.
        return html.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 64)
            var copiedUpTo = 0, searchFrom = 0
            func nextMarker(from offset: Int) -> Int? { bytes.firstOffset(of: Self.marker, from: offset) }
            /// Just past the next placeholder of `part` from `offset` (its section's own: a
            /// section holds no other section).
            func past(_ part: Part, from offset: Int) -> Int? {
                var from = offset
                while let start = nextMarker(from: from), start + 1 < bytes.count, let close = nextMarker(from: start + 1) {
                    if bytes[start + 1] == part.rawValue { return close + 1 }
                    from = close + 1
                }
                return nil
            }
            while let start = nextMarker(from: searchFrom) {
                searchFrom = start + 1
                guard start + 2 < bytes.count, let close = nextMarker(from: start + 2) else { continue }
                // The slot's number, read from its digits (no String made for each of a page's
                // placeholders).
                var number = 0
                for digit in bytes[(start + 2)..<close] {
                    guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9"), number < Int.max / 10 - 9 else { number = -1; break }
                    number = number * 10 + Int(digit - UInt8(ascii: "0"))
                }
                let part = Part(rawValue: bytes[start + 1])
                // Only a href or title needs the slot's value; a section needs whether it has one.
                let value = part == .href || part == .title ? slots[number] : nil
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copiedUpTo..<start]))
                copiedUpTo = close + 1
                switch part {
                case .href: Escape.appendHref(value?.href ?? "", to: &out)
                case .title: Escape.appendHTML(value?.title ?? "", to: &out)
                case .ifResolved where slots[number] == nil:
                    copiedUpTo = past(.otherwise, from: copiedUpTo) ?? bytes.count
                case .otherwise:
                    // Met only after the resolved side was kept.
                    copiedUpTo = past(.end, from: copiedUpTo) ?? bytes.count
                case .ifResolved, .end, nil:
                    break
                }
                searchFrom = copiedUpTo
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copiedUpTo...]))
            // Valid text with valid text put in: read in parts (see `validatingUTF8`).
            return String.validatingUTF8(out) ?? String(decoding: out, as: UTF8.self)
        }
    }
}
