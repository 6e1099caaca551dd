import Markdown

public enum PageKind: String, Sendable, Hashable, CaseIterable, Comparable {
    case lesson, episode, article, page

    /// The kind a file gets from the folder it is in (`lessons/`, `episodes/` …).
    static func fromFolder(_ relativePath: String) -> PageKind {
        // The first part of the path that is not empty (without splitting all of it).
        let parts = relativePath.utf8.drop { $0 == UInt8(ascii: "/") }
        let first = parts.prefix { $0 != UInt8(ascii: "/") }
        if first.elementsEqual("lessons".utf8) { return .lesson }
        if first.elementsEqual("episodes".utf8) { return .episode }
        if first.elementsEqual("articles".utf8) || first.elementsEqual("_posts".utf8) || first.elementsEqual("posts".utf8)
            || first.elementsEqual("blog".utf8) { return .article }
        return .page
    }

    private var rank: Int { PageKind.allCases.firstIndex(of: self) ?? 0 }
    public static func < (lhs: PageKind, rhs: PageKind) -> Bool { lhs.rank < rhs.rank }
}

/// The typed front matter of a page (docs/authoring.md, "The content contract"). Every key is optional.
public struct FrontMatter: Sendable, Hashable {
    public var title: String?
    public var slug: String?
    public var kind: PageKind?
    public var date: String?
    public var summary: String?
    public var tags: [String] = []
    public var aliases: [String] = []
    public var related: [String] = []
    public var draft = false
    public var series: String?
    public var number: Int?
    public var guest: String?
    public var audio: String?
    public var duration: Timestamp?
    /// `chapters:`, items written `12:40 Title`; when given, the notes' chapters are not read.
    public var chapters: [Chapter] = []
    /// `transcript:`, a WebVTT or SubRip file of the episode, as written.
    public var transcript: String?
    public var module: String?
    /// Place among its siblings: a lesson's in its module, a page's in the navigation. Not
    /// always whole: Docusaurus and Just the Docs write `2.5` to put a page between two.
    public var order: Double?
    public var prerequisites: [String] = []
    /// The page's URL from the site's root as another tool's `permalink:` or `url:` gives it
    /// (`/about/`, `/guide/setup.html`), already checked to be a path the site can write.
    public var permalink: String?
    /// A shorter title for navigation (Hugo's `linkTitle`, Docusaurus' `sidebar_label`).
    public var navigationTitle: String?
    /// Docusaurus' document `id`: the last part of the page's URL there, so the slug here.
    public var documentID: String?

    /// Line of each key in the file, for diagnostics about its value.
    public var keyLines: [String: Int] = [:]
    /// Where each item of `related:` and `prerequisites:` is written, for diagnostics about
    /// one of them (an item that names no page is marked, not its key).
    public var listItemSpans: [String: [SourceSpan]] = [:]

    public init() {}

    public static let keys = ["title", "slug", "kind", "date", "summary", "tags", "aliases", "related", "draft",
                       "series", "number", "guest", "audio", "duration", "chapters", "transcript", "module", "order", "prerequisites"]

    /// Other tools' keys that mean something here (docs/authoring.md, "Folders from other
    /// tools"). A value of the wrong type is not read and is a warning, never an error: the key
    /// is the other tool's.
    static let otherToolsKeys = ["permalink", "url", "weight", "sidebar_position", "nav_order", "description", "linkTitle",
                                 "linktitle", "sidebar_label", "nav_title", "categories", "id", "publish", "published"]
}

/// A page file split into its front matter and its Markdown body.
struct SplitPage {
    var frontMatter: String?
    /// Lines above the body (the front matter and its fences).
    var bodyLineOffset: Int
    /// The rest of the page's text, not copied: the Markdown compiler copies it once, for cmark.
    var body: Substring
    /// Line of the opening fence, when front matter is unterminated.
    var unterminated: Bool
    /// The page opens with TOML front matter between `+++` lines (Hugo's and Zola's), which
    /// is not read: reported, never shown as the page's first paragraph.
    var isTOML = false
}

enum FrontMatterParser {
    /// Splits `---` fenced YAML from the top of `text` (after an optional BOM). The closing
    /// fence is `---` or `...` on a line of its own. A block between `+++` lines (TOML) is
    /// split off the same way, without its text.
    static func split(_ text: String) -> SplitPage {
        let whole = SplitPage(frontMatter: nil, bodyLineOffset: 0, body: text[...], unterminated: false)
        let fence: UInt8
        if text.utf8.starts(with: "---".utf8) { fence = UInt8(ascii: "-") } else if text.utf8.starts(with: "+++".utf8) { fence = UInt8(ascii: "+") } else { return whole }
        let isTOML = fence == UInt8(ascii: "+")
        // Walked as bytes (a fence is ASCII); the first line is the opening fence.
        var source = text
        var opens = false
        let found = source.withUTF8 { bytes -> (yamlStart: Int, closeStart: Int, bodyStart: Int, closeLine: Int)? in
            func lineEnd(from start: Int) -> Int { bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count }
            let firstEnd = lineEnd(from: 0)
            opens = isFence(bytes[0..<firstEnd], of: fence, closing: false)
            guard opens, firstEnd < bytes.count else { return nil }
            var lineStart = firstEnd + 1, lineNumber = 1
            while lineStart < bytes.count {
                let end = lineEnd(from: lineStart)
                let next = end < bytes.count ? end + 1 : end
                if isFence(bytes[lineStart..<end], of: fence, closing: true) {
                    return (firstEnd + 1, lineStart, next, lineNumber)
                }
                lineNumber += 1
                lineStart = next
            }
            return nil
        }
        guard opens else { return whole }
        guard let found else { return SplitPage(frontMatter: nil, bodyLineOffset: 0, body: text[...], unterminated: true, isTOML: isTOML) }
        let utf8 = text.utf8
        func index(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
        return SplitPage(frontMatter: isTOML ? nil : String(text[index(found.yamlStart)..<index(found.closeStart)]),
                         bodyLineOffset: found.closeLine + 1, body: text[index(found.bodyStart)...], unterminated: false, isTOML: isTOML)
    }

    /// Three of `fence` (`---`, or `...` to close YAML; `+++`), trailing spaces allowed.
    private static func isFence(_ line: Slice<UnsafeBufferPointer<UInt8>>, of fence: UInt8, closing: Bool) -> Bool {
        var end = line.endIndex
        while end > line.startIndex, line[end - 1] == UInt8(ascii: "\r") || line[end - 1] == UInt8(ascii: " ") || line[end - 1] == UInt8(ascii: "\t") {
            end -= 1
        }
        guard end - line.startIndex == 3 else { return false }
        let first = line[line.startIndex]
        guard first == fence || (closing && fence == UInt8(ascii: "-") && first == UInt8(ascii: ".")) else { return false }
        return line[line.startIndex + 1] == first && line[line.startIndex + 2] == first
    }

    /// Decodes the YAML between the fences: what could be read, with every problem of the block
    /// (wrong types, a bad date …) in line order, lines of the file. One run shows all that a
    /// file needs, and a page with one bad key still has its title, slug and the rest for the
    /// checks that follow. The keys left unread (another tool's, or a typo) are one problem
    /// marked `notRead`, at the first of them: a page written for Hugo has a dozen.
    /// `siteFiles`: the output paths the site writes itself, where a permalink may not put the page.
    static func decodeAll(_ yaml: String, siteFiles: SiteFiles = SiteFiles()) -> (matter: FrontMatter, problems: [YAMLProblem]) {
        let fields: YAMLFields
        do {
            fields = try YAMLFields.parse(yaml, allowedKeys: FrontMatter.keys + FrontMatter.otherToolsKeys, what: "front matter")
        } catch {
            return (FrontMatter(), error.all.map { $0.movedDown(by: 1) })
        }
        var problems: [YAMLProblem] = []
        var unread = fields.unknownKeys.map(Self.describedUnknownKey)
        let matter = read(fields, problems: &problems, unread: &unread, siteFiles: siteFiles)
        if let summary = Self.unreadSummary(unread) { problems.append(summary) }
        problems.sort { ($0.line, $0.column) < ($1.line, $1.column) }
        return (matter, problems.map { $0.movedDown(by: 1) })
    }

    /// An unknown key, saying whose key it is where a tool is known to write it.
    private static func describedUnknownKey(_ problem: YAMLProblem) -> YAMLProblem {
        var described = problem
        described.notRead = true
        guard let key = problem.key else { return described }
        let tools = OtherToolsKeys.tools(writing: key)
        if !tools.isEmpty {
            let names = tools.count == 1 ? tools[0] : tools.dropLast().joined(separator: ", ") + " and " + (tools.last ?? "")
            described.message = "'\(key)' is a key of \(names), not read here"
            described.suggestion = nil
        }
        return described
    }

    /// The keys and values left unread, as one problem at the first of them: its own message
    /// when there is one, else the keys named in the message and each explained in a note.
    private static func unreadSummary(_ unread: [YAMLProblem]) -> YAMLProblem? {
        let sorted = unread.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
        guard var first = sorted.first else { return nil }
        guard sorted.count > 1 else { return first }
        let names = sorted.map { "'\($0.key ?? "?")'" }.joined(separator: ", ")
        first.message = "\(sorted.count) front matter keys are not read here: \(names)"
        first.suggestion = nil
        first.more = sorted.map { problem in
            var note = problem
            if let suggestion = problem.suggestion { note.message += "; did you mean '\(suggestion)'?" }
            return note
        }
        return first
    }

    private static func read(_ fields: YAMLFields, problems: inout [YAMLProblem], unread: inout [YAMLProblem],
                             siteFiles: SiteFiles) -> FrontMatter {
        var matter = FrontMatter()
        // Every key present is one of `keys` (decode left the others out).
        let keyLines = fields.keyLines
        matter.keyLines.reserveCapacity(keyLines.count)
        for (key, line) in keyLines {
            matter.keyLines[key] = line + 1
        }
        /// Reads one key; a problem is noted and the key left unset, so the others are read.
        func attempt(_ read: () throws(YAMLProblem) -> Void) {
            do { try read() } catch { problems.append(error) }
        }
        /// Reads another tool's key: a value it cannot use is left unread, as the key would be.
        func attemptOther(_ key: String, _ read: () throws(YAMLProblem) -> Void) {
            do { try read() } catch {
                var problem = error
                problem.key = key
                problem.notRead = true
                problem.message += ", so it is not read"
                unread.append(problem)
            }
        }
        // An empty text is a key not filled in yet (`syllabus new` writes them so): unset.
        func text(_ key: String) throws(YAMLProblem) -> String? {
            guard let value = try fields.string(key), !value.allSatisfy(\.isWhitespace) else { return nil }
            return value
        }
        attempt { () throws(YAMLProblem) in
            matter.title = try fields.string("title")
            if let title = matter.title, title.allSatisfy(\.isWhitespace) {
                matter.title = nil
                throw YAMLProblem(message: "the title is empty; write one, or leave the key out to use the first # heading or the file name",
                                  line: fields.line(of: "title"), column: 1)
            }
        }
        attempt { () throws(YAMLProblem) in matter.slug = try fields.string("slug") }
        attempt { () throws(YAMLProblem) in
            guard let kind = try fields.string("kind") else { return }
            guard let value = PageKind(rawValue: kind) else {
                throw YAMLProblem(message: "'kind' must be lesson, episode, article or page, not \"\(kind)\"",
                                  line: fields.line(of: "kind"), column: 1,
                                  suggestion: Suggestion.closest(to: kind, among: PageKind.allCases.map(\.rawValue)))
            }
            matter.kind = value
        }
        attempt { () throws(YAMLProblem) in
            // The blog of Material for MkDocs writes `date:` as a mapping: `created:` (and
            // `updated:`) in it; the day it was written is the page's date.
            if case .mapping(let pairs, _)? = fields.node("date"), let created = pairs.first(where: { $0.key == "created" }),
               case .scalar(let scalar) = created.value {
                let day = String(scalar.string.prefix(10))
                guard Self.isDate(day) else {
                    throw YAMLProblem(message: "'date: created:' must be a date written YYYY-MM-DD, not \"\(scalar.string)\"",
                                      line: created.value.mark?.line ?? fields.line(of: "date"), column: 1)
                }
                matter.date = day
                return
            }
            guard var date = try fields.string("date") else { return }
            // A date with a time (Hugo's `2024-01-01T10:00:00Z`, Jekyll's `2024-01-01 10:00:00
            // +0200`) is read as its day, as written; milliseconds since 1970 (as some podcast
            // tools write dates) as their day in UTC.
            if let separator = date.dropFirst(10).first, separator == "T" || separator == " " { date = String(date.prefix(10)) }
            if let day = Self.day(ofEpochMilliseconds: date) { date = day }
            guard Self.isDate(date) else {
                throw YAMLProblem(message: "'date' must be a date written YYYY-MM-DD, not \"\(date)\"", line: fields.line(of: "date"), column: 1)
            }
            matter.date = date
        }
        attempt { () throws(YAMLProblem) in matter.summary = try text("summary") }
        attempt { () throws(YAMLProblem) in matter.tags = try fields.strings("tags") }
        attempt { () throws(YAMLProblem) in matter.aliases = try fields.strings("aliases", orOneText: true) }
        attempt { () throws(YAMLProblem) in matter.related = try fields.strings("related") }
        attempt { () throws(YAMLProblem) in matter.draft = try fields.bool("draft") ?? false }
        attempt { () throws(YAMLProblem) in matter.series = try text("series") }
        attempt { () throws(YAMLProblem) in matter.number = try fields.int("number") }
        attempt { () throws(YAMLProblem) in matter.guest = try Self.guestNames(fields) }
        attempt { () throws(YAMLProblem) in matter.audio = try text("audio") }
        attempt { () throws(YAMLProblem) in
            guard let duration = try fields.string("duration") else { return }
            let parsed: Timestamp?
            do throws(Timestamp.Invalid) { parsed = try Timestamp.parse(duration) } catch { parsed = nil }
            guard let parsed else {
                throw YAMLProblem(message: "'duration' must be a time written H:MM:SS or M:SS, not \"\(duration)\"",
                                  line: fields.line(of: "duration"), column: 1)
            }
            matter.duration = parsed
        }
        attempt { () throws(YAMLProblem) in matter.transcript = try text("transcript") }
        attempt { () throws(YAMLProblem) in matter.chapters = try chapters(fields) }
        attempt { () throws(YAMLProblem) in matter.module = try text("module") }
        attempt { () throws(YAMLProblem) in matter.order = try fields.number("order") }
        attempt { () throws(YAMLProblem) in matter.prerequisites = try fields.strings("prerequisites") }
        readOtherToolsKeys(fields, into: &matter, siteFiles: siteFiles, attempt: attemptOther)
        for key in ["related", "prerequisites"] {
            let spans = fields.itemMarks(key).map { SourceSpan(line: $0.mark.line + 1, column: $0.mark.column, endColumn: $0.mark.column + $0.width) }
            if !spans.isEmpty { matter.listItemSpans[key] = spans }
        }
        return matter
    }

    /// `guest:` as show notes write it: a name, a mapping with a `name` (and the guest's
    /// links, not read), or a list of either; several guests are named together ("Ada Lovelace,
    /// Grace Hopper"). A mapping without a name is an error at its line.
    static func guestNames(_ fields: YAMLFields) throws(YAMLProblem) -> String? {
        guard let node = fields.node("guest") else { return nil }
        func name(_ value: YAMLValue) throws(YAMLProblem) -> String? {
            switch value {
            case .scalar(let scalar):
                let text = scalar.string.trimmingCharacters(in: .whitespaces)
                return text.isEmpty || (scalar.isPlain && scalar.isImplicit && ["null", "~"].contains(text)) ? nil : text
            case .mapping(let pairs, let mark):
                guard let pair = pairs.first(where: { $0.key == "name" }), case .scalar(let scalar) = pair.value,
                      !scalar.string.allSatisfy(\.isWhitespace) else {
                    throw YAMLProblem(message: "'guest' must be a name, or a mapping with a 'name' (name: Ada Lovelace)",
                                      line: mark?.line ?? fields.line(of: "guest"), column: mark?.column ?? 1, key: "guest")
                }
                return scalar.string.trimmingCharacters(in: .whitespaces)
            case .sequence, .alias:
                throw YAMLProblem(message: "'guest' must be a name, a mapping with a 'name', or a list of them",
                                  line: value.mark?.line ?? fields.line(of: "guest"), column: value.mark?.column ?? 1, key: "guest")
            }
        }
        if case .sequence(let items, _) = node {
            var names: [String] = []
            for item in items { if let found = try name(item) { names.append(found) } }
            return names.isEmpty ? nil : names.joined(separator: ", ")
        }
        return try name(node)
    }

    /// `chapters:` as a list of `M:SS Title` texts, each at its item's place in the file.
    private static func chapters(_ fields: YAMLFields) throws(YAMLProblem) -> [Chapter] {
        let items = try fields.strings("chapters")
        let marks = fields.itemMarks("chapters")
        var chapters: [Chapter] = []
        for (number, item) in items.enumerated() {
            // Lines of the YAML here; a span is in lines of the file, one further down.
            let line = number < marks.count ? marks[number].mark.line : fields.line(of: "chapters")
            let column = number < marks.count ? marks[number].mark.column : 1
            let span = SourceSpan(line: line + 1, column: column, endColumn: column + (number < marks.count ? marks[number].width : 1))
            let time: Timestamp?
            if let (written, title) = Chapter.split(item) {
                do throws(Timestamp.Invalid) { time = try Timestamp.parse(written) } catch { time = nil }
                if let time {
                    chapters.append(Chapter(time: time, title: String(title), span: span))
                    continue
                }
            }
            throw YAMLProblem(message: "chapter \"\(item)\" must be a time and a title, as in \"12:40 The ledger in our heads\" (M:SS, MM:SS or H:MM:SS)",
                              line: line, column: column)
        }
        return chapters
    }

    /// `YYYY-MM-DD` with a real month and day.
    static func isDate(_ text: String) -> Bool {
        // Nearly every date is ten ASCII bytes, `DDDD-DD-DD`: read those without splitting.
        let utf8 = Array(text.utf8)
        if utf8.count == 10, utf8[4] == UInt8(ascii: "-"), utf8[7] == UInt8(ascii: "-"),
           utf8.enumerated().allSatisfy({ $0.offset == 4 || $0.offset == 7 || ($0.element >= UInt8(ascii: "0") && $0.element <= UInt8(ascii: "9")) }) {
            func number(_ range: Range<Int>) -> Int { utf8[range].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) } }
            return isDate(year: number(0..<4), month: number(5..<7), day: number(8..<10))
        }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return false }
        return isDate(year: year, month: month, day: day)
    }

    private static func isDate(year: Int, month: Int, day: Int) -> Bool {
        let isLeap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return (1...12).contains(month) && day >= 1 && day <= days[month - 1]
    }
}
