import Markdown

public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable {
    case error, warning, off

    private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// Every check Syllabus makes, with its id (as used in `checks:` of course.yml and in
/// `error[id]`) and default severity.
public enum Rule: String, Sendable, Hashable, CaseIterable {
    case invalidFrontMatter = "invalid-front-matter"
    case unknownKey = "unknown-key"
    case invalidCourseFile = "invalid-course-file"
    case unreadableFile = "unreadable-file"
    case unknownReference = "unknown-reference"
    case malformedReference = "malformed-reference"
    case ambiguousReference = "ambiguous-reference"
    case unknownQuote = "unknown-quote"
    case missingPage = "missing-page"
    case brokenFragment = "broken-fragment"
    case missingFile = "missing-file"
    case emptyLink = "empty-link"
    case duplicateSlug = "duplicate-slug"
    case invalidTimestamp = "invalid-timestamp"
    case timestampOrder = "timestamp-order"
    case outlineMissingLesson = "outline-missing-lesson"
    case prerequisiteCycle = "prerequisite-cycle"
    case unknownPrerequisite = "unknown-prerequisite"
    case unknownRelated = "unknown-related"
    case brokenOutput = "broken-output"
    case orphanPage = "orphan"
    case missingAltText = "missing-alt-text"
    case duplicateHeading = "duplicate-heading"
    case selfRelated = "self-related"
    case rawHTMLOmitted = "raw-html-omitted"
    case duplicateEpisodeNumber = "duplicate-episode-number"
    case templateSyntax = "template-syntax"
    case unknownFootnote = "unknown-footnote"
    case unusedFootnote = "unused-footnote"
    case linkLeavesContent = "link-leaves-content"
    case chapterOrder = "chapter-order"
    case timePastEnd = "time-past-end"
    case podcastSettings = "podcast-settings"

    public var defaultSeverity: Severity {
        switch self {
        case .unknownKey, .orphanPage, .missingAltText, .duplicateHeading, .selfRelated, .rawHTMLOmitted, .emptyLink, .duplicateEpisodeNumber, .templateSyntax,
             .unusedFootnote, .linkLeavesContent, .podcastSettings: .warning
        default: .error
        }
    }

    /// Rules whose problem makes the input unusable for a build at all; their severity cannot
    /// be lowered.
    public var isFatal: Bool {
        switch self {
        case .invalidFrontMatter, .invalidCourseFile, .unreadableFile, .duplicateSlug: true
        default: false
        }
    }
}

/// One finding, shaped like a compiler's: where, which rule, what, and what to do.
public struct Diagnostic: Sendable, Hashable {
    public var rule: Rule
    public var severity: Severity
    /// The file as the user named it, e.g. `Content/articles/x.md`.
    public var file: String
    public var span: SourceSpan?
    public var message: String
    /// A likely fix, e.g. the closest title; shown as `help: did you mean "…"?`.
    public var suggestion: String?
    /// Extra lines shown as `note: …`.
    public var notes: [String]
    /// The source line the span points into, for the caret display.
    public var lineText: String?

    public init(rule: Rule, severity: Severity? = nil, file: String, span: SourceSpan?, message: String,
                suggestion: String? = nil, notes: [String] = [], lineText: String? = nil) {
        self.rule = rule
        self.severity = severity ?? rule.defaultSeverity
        self.file = file
        self.span = span
        self.message = message
        self.suggestion = suggestion
        self.notes = notes
        self.lineText = lineText
    }

    /// File, then line, then column, then message: the order diagnostics are reported in.
    public static func ordered(_ lhs: Diagnostic, _ rhs: Diagnostic) -> Bool {
        if lhs.file != rhs.file { return lhs.file < rhs.file }
        let left = lhs.span ?? SourceSpan(line: 0, column: 0, endColumn: 0)
        let right = rhs.span ?? SourceSpan(line: 0, column: 0, endColumn: 0)
        if left.line != right.line { return left.line < right.line }
        if left.column != right.column { return left.column < right.column }
        return lhs.message < rhs.message
    }
}

/// The lines of a file, for showing the line a diagnostic points at. A line is found when it
/// is asked for: only diagnostics ask, and finding where every line of every page starts, up
/// front, was about 2% of a check.
public struct SourceLines: Sendable, Hashable {
    private let text: String

    public init(_ text: String) {
        self.text = text
    }

    /// Line `line` (from 1) without its line break; nil past the last line. Text that ends
    /// with a line break has an empty last line after it.
    public subscript(line: Int) -> String? {
        guard line >= 1 else { return nil }
        var text = self.text
        return text.withUTF8 { bytes -> String? in
            var start = 0
            for _ in 1..<line {
                guard let lineBreak = bytes.firstOffset(of: UInt8(ascii: "\n"), from: start) else { return nil }
                start = lineBreak + 1
            }
            return Self.line(startingAt: start, in: bytes)
        }
    }

    /// Whether `word` stands, as a word of its own, in one of the text's HTML comments
    /// (`<!-- md:option type:abstract -->` holds `type:abstract`): where a site's hooks make
    /// anchors from their shortcodes. Asked only of a fragment no heading has.
    public func commentsHold(_ word: String) -> Bool {
        var rest = text[...]
        while let open = rest.range(of: "<!--") {
            let inside = rest[open.upperBound...]
            guard let close = inside.range(of: "-->") else { return false }
            if inside[..<close.lowerBound].split(whereSeparator: \.isWhitespace).contains(where: { $0 == word }) { return true }
            rest = inside[close.upperBound...]
        }
        return false
    }

    /// The line that starts at `start`, without its line break (and a `\r` before it).
    private static func line(startingAt start: Int, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        var end = bytes.firstOffset(of: UInt8(ascii: "\n"), from: start) ?? bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// Gives each diagnostic with a span and no line text the text of its line, reading the
    /// text once from the top: a page with thousands of findings would otherwise be scanned
    /// from the top for each (20,000 broken links on one page took 4 s).
    public func fillLineTexts(of diagnostics: inout [Diagnostic]) {
        let wanted = diagnostics.indices.filter { diagnostics[$0].lineText == nil && (diagnostics[$0].span?.line ?? 0) >= 1 }
            .sorted { diagnostics[$0].span!.line < diagnostics[$1].span!.line }
        guard !wanted.isEmpty else { return }
        var text = self.text
        text.withUTF8 { bytes in
            var line = 1, start = 0
            for index in wanted {
                let target = diagnostics[index].span!.line
                while line < target {
                    guard let lineBreak = bytes.firstOffset(of: UInt8(ascii: "\n"), from: start) else { return }
                    start = lineBreak + 1
                    line += 1
                }
                diagnostics[index].lineText = Self.line(startingAt: start, in: bytes)
            }
        }
    }
}
