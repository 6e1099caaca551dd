import Support
import Foundation
import Markdown

/// mdBook's and GitBook's `SUMMARY.md`: the book's chapters in reading order, grouped under
/// part titles. Read as Markdown by the same compiler as every page, so a link inside a code
/// span is not a chapter and every chapter keeps the line and column it was written at.
///
/// ```markdown
/// # Summary                      ← the summary's own title, left out (as mdBook does)
/// [Preface](preface.md)          ← chapters before the first part title
/// # Part one                     ← a part: a module of the outline
/// - [Getting started](start.md)
///     - [Breathing](breathing.md)   ← nested chapters follow their parent
/// - [Draft]()                    ← a draft chapter (no file yet): left out
/// ```
public struct BookSummary: Sendable, Hashable {
    public static let fileName = "SUMMARY.md"

    /// The outline it describes. A module with an empty title holds the chapters before the
    /// first part title; the graph names it after the book.
    var modules: [OutlineModule]

    /// The summary written in `text`, or nil when it links no Markdown file (then it is an
    /// ordinary page that happens to be called SUMMARY.md).
    init?(_ text: String) {
        let compiled = MarkdownCompiler.compile(text, options: MarkdownOptions(renderHTML: false))
        enum Entry { case part(String), chapter(String) }
        var entries: [(span: SourceSpan, entry: Entry)] = []
        for heading in compiled.headings { entries.append((heading.span, .part(heading.text))) }
        for link in compiled.links where !link.isImage {
            guard let path = Self.chapterPath(link.destination) else { continue }
            entries.append((link.span, .chapter(path)))
        }
        guard entries.contains(where: { if case .chapter = $0.entry { true } else { false } }) else { return nil }
        entries.sort { ($0.span.line, $0.span.column) < ($1.span.line, $1.span.column) }
        var modules = [OutlineModule(title: "", summary: nil, lessons: [], lessonSpans: [])]
        for (span, entry) in entries {
            switch entry {
            case .part(let title):
                modules.append(OutlineModule(title: title, summary: nil, lessons: [], lessonSpans: []))
            case .chapter(let path):
                modules[modules.count - 1].lessons.append(path)
                modules[modules.count - 1].lessonSpans.append(span)
            }
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // A part without chapters (all drafts, say) would be an empty heading on the home page.
        self.modules = modules.filter { !$0.lessons.isEmpty }.map { module in
            var module = module
            module.lessonDepths = Self.depths(indents: module.lessonSpans.map { Self.indent(ofLine: $0.line, in: lines) })
            return module
        }
    }

    /// How deep each chapter of a part is nested, from how far its line is indented: a
    /// sub-chapter's list item is indented under its parent's.
    static func depths(indents: [Int]) -> [Int] {
        var open: [Int] = []
        return indents.map { indent in
            while let last = open.last, last >= indent { open.removeLast() }
            open.append(indent)
            return open.count - 1
        }
    }

    /// The spaces before the text of line `number` (1-based), a tab counting four.
    static func indent(ofLine number: Int, in lines: [Substring]) -> Int {
        guard number >= 1, number <= lines.count else { return 0 }
        var width = 0
        for character in lines[number - 1] {
            if character == " " { width += 1 } else if character == "\t" { width += 4 - width % 4 } else { break }
        }
        return width
    }

    /// The file a chapter link names, from the content folder's root (where SUMMARY.md is);
    /// nil for a draft chapter (`[Draft]()`), a URL, or anything but a Markdown file.
    static func chapterPath(_ destination: String) -> String? {
        guard !destination.isEmpty, !LinkTarget.hasScheme(destination), !destination.hasPrefix("#") else { return nil }
        let path = LinkTarget.percentDecoded(LinkTarget.pathPart(of: destination))
        guard Course.isMarkdown(path) else { return nil }
        return RelativeURL.resolve(path, against: "")
    }
}

/// mdBook's `book.toml`, as far as a course needs it: the book's title and language, and
/// the folder that holds its Markdown (`src` unless it says otherwise).
struct BookSettings: Sendable, Hashable {
    static let fileName = "book.toml"

    var title: String?
    var language: String?
    var sourceFolder = "src"
    /// `[output.html]`'s `site-url`: where the book is published (a path such as `/book/`).
    var siteURL: String?

    /// The `[book]` table's `title`, `language` and `src`, and `[output.html]`'s `site-url`.
    /// Only what those keys hold is read (a quoted string on one line); any other TOML is
    /// passed over.
    init(_ text: String) {
        var table = ""
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                table = String(line.prefix { $0 != "]" }.dropFirst()).trimmingCharacters(in: .whitespaces)
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard let value = Self.string(line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)) else { continue }
            switch (table, key) {
            case ("book", "title"): title = value
            case ("book", "language"): language = value
            case ("book", "src"): sourceFolder = value
            case ("output.html", "site-url"): siteURL = value
            default: break
            }
        }
    }

    /// The book.toml in `folder`, when there is one.
    init?(inFolder folder: String) {
        guard let bytes = WholeFile.read(folder + "/" + Self.fileName) else { return nil }
        self.init(String(decoding: bytes, as: UTF8.self))
    }

    /// The book.toml beside `folder` (in its parent) that names `folder` as its source, when there is one.
    static func describing(folder: String) -> BookSettings? {
        let url = URL(fileURLWithPath: folder).standardizedFileURL
        let parent = url.deletingLastPathComponent()
        guard let settings = BookSettings(inFolder: parent.path) else { return nil }
        let source = URL(fileURLWithPath: settings.sourceFolder, relativeTo: parent).standardizedFileURL
        return source.path == url.path ? settings : nil
    }

    /// A TOML string as written after `=`: `"basic"` (with its escapes) or `'literal'`; nil
    /// for anything else (numbers, arrays, strings over several lines).
    static func string(_ written: String) -> String? {
        guard let quote = written.first, quote == "\"" || quote == "'", !written.hasPrefix("\"\"\""), !written.hasPrefix("'''") else { return nil }
        var result = ""
        var characters = written.dropFirst().makeIterator()
        while let character = characters.next() {
            if character == quote { return result }
            guard quote == "\"", character == "\\" else { result.append(character); continue }
            switch characters.next() {
            case "n": result.append("\n")
            case "t": result.append("\t")
            case "\"": result.append("\"")
            case "\\": result.append("\\")
            case let escape? where escape == "u" || escape == "U":
                var digits = ""
                for _ in 0..<(escape == "u" ? 4 : 8) {
                    guard let digit = characters.next(), digit.isHexDigit else { return nil }
                    digits.append(digit)
                }
                guard let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value) else { return nil }
                result.unicodeScalars.append(scalar)
            default: return nil
            }
        }
        return nil
    }
}
