import Course
import Linking
import Markdown
import Support

/// Completion: what may be typed at the cursor, from what the text before it opens.
extension Features {
    func completion(_ params: JSON) throws(RPC.Failure) -> JSON {
        let cursor = try cursor(params)
        let prefix = cursor.prefix
        let items: [JSON]
        if cursor.relative == "course.yml" {
            items = lessonSlugs(cursor)
        } else if let (start, typed) = Self.opened(by: "[see:", in: prefix) {
            items = seeCompletion(cursor, after: start, typed)
        } else if let (start, typed) = Self.opened(by: "[[", in: prefix, closedBy: "]]") {
            items = wikilinkCompletion(cursor, after: start, typed)
        } else if let (start, typed) = Self.opened(by: "](", in: prefix, closedBy: ")") {
            items = pathCompletion(cursor, after: start, typed)
        } else if let (start, typed) = Self.opened(by: "> [!", in: prefix, closedBy: "]") {
            items = Self.calloutTypes.map { item($0.uppercased(), kind: 20, detail: "callout", replacing: start, typed, in: cursor, insert: $0.uppercased() + "]") }
        } else if let page = cursor.page, isInFrontMatter(cursor.line, page: page) {
            items = frontMatterCompletion(cursor)
        } else {
            items = []
        }
        // Of a large course only the names that hold what was typed are sent; the client asks
        // again as the author types on.
        let typed = Self.typedWord(cursor.prefix).lowercased()
        let kept = typed.isEmpty || items.count <= 200 ? items : items.filter {
            $0["label"]?.stringValue?.lowercased().contains(typed) == true
        }
        return .object(["isIncomplete": .bool(kept.count < items.count), "items": .array(kept)])
    }

    /// The word being typed: what follows the last quote, bracket, parenthesis, `#` or space.
    static func typedWord(_ prefix: Substring) -> Substring {
        let start = prefix.lastIndex { "\"[(#|@ ,:/".contains($0) }.map { prefix.index(after: $0) } ?? prefix.startIndex
        return prefix[start...]
    }

    /// GitHub's five callouts and Obsidian's others.
    static let calloutTypes = ["note", "tip", "important", "warning", "caution", "abstract", "info", "todo", "success",
                               "question", "failure", "danger", "bug", "example", "quote"]

    /// When `prefix` ends inside an unclosed `opener`: the index just after it, and what was typed since.
    static func opened(by opener: String, in prefix: Substring, closedBy closer: String? = nil) -> (Substring.Index, Substring)? {
        guard let found = prefix.ranges(of: opener).last else { return nil }
        let typed = prefix[found.upperBound...]
        if let closer, typed.contains(closer) { return nil }
        return (found.upperBound, typed)
    }

    /// An item whose text replaces what was typed since `start` on the cursor's line.
    func item(_ label: String, kind: Int, detail: String?, documentation: String? = nil, replacing start: Substring.Index,
              _ typed: Substring, in cursor: Cursor, insert: String? = nil, sortText: String? = nil) -> JSON {
        let line = cursor.lineText
        let from = encoding.units(of: line[line.startIndex..<start])
        let to = encoding.units(of: cursor.prefix)
        var members: [String: JSON] = [
            "label": .string(label), "kind": .int(kind), "filterText": .string(label),
            "textEdit": .object(["range": ProtocolDiagnostics.range(line: cursor.line - 1, start: from, end: to),
                                 "newText": .string(insert ?? label)]),
        ]
        if let detail { members["detail"] = .string(detail) }
        if let documentation { members["documentation"] = .object(["kind": .string("markdown"), "value": .string(documentation)]) }
        if let sortText { members["sortText"] = .string(sortText) }
        return .object(members)
    }

    // MARK: References

    /// After `[see: "`: titles, aliases and slugs; after `[see: "Title" @ `: that page's quotes.
    func seeCompletion(_ cursor: Cursor, after start: Substring.Index, _ typed: Substring) -> [JSON] {
        let afterOpener = typed.drop { $0 == " " }
        guard afterOpener.first == "\"" else { return [] }
        let named = afterOpener.dropFirst()
        if let closing = named.firstIndex(of: "\"") {
            let rest = named[named.index(after: closing)...]
            guard let at = rest.firstIndex(of: "@") else { return [] }
            let title = String(named[..<closing])
            guard let page = graph.index.pages(named: title).first else { return [] }
            let timeStart = rest[rest.index(after: at)...].firstIndex { $0 != " " } ?? rest.endIndex
            return pages[page].body.quotes.map { quote in
                item(quote.time.description, kind: 23, detail: String(quote.text.prefix(80)), documentation: "> \(quote.text)",
                     replacing: timeStart, cursor.prefix[timeStart...], in: cursor, insert: quote.time.description + (cursor.lineText[cursor.prefix.endIndex...].hasPrefix("]") ? "" : "]"))
            }
        }
        let closes = cursor.lineText[cursor.prefix.endIndex...].hasPrefix("\"")
        return pages.indices.flatMap { index -> [JSON] in
            let page = pages[index]
            let documentation = page.summary.isEmpty ? nil : page.summary
            var names = [(page.title, "\(page.kind.rawValue) · \(page.sourcePath)")]
            names += page.frontMatter.aliases.map { ($0, "alias of \(page.title)") }
            names.append((page.slug, "slug of \(page.title)"))
            return names.enumerated().map { order, name in
                item(name.0, kind: order == 0 ? 18 : 12, detail: name.1, documentation: documentation, replacing: named.startIndex, named,
                     in: cursor, insert: name.0 + (closes ? "" : "\"]"), sortText: "\(order)\(name.0)")
            }
        }
    }

    /// After `[[`: note names (file names) and titles; after `[[Note#`: that note's headings.
    func wikilinkCompletion(_ cursor: Cursor, after start: Substring.Index, _ typed: Substring) -> [JSON] {
        if let hash = typed.firstIndex(of: "#") {
            let name = String(typed[..<hash])
            let page = name.isEmpty ? cursor.page : (graph.index.pages(named: name).first ?? pages.firstIndex { Self.noteName($0.sourcePath) == name })
            guard let page else { return [] }
            let afterHash = typed.index(after: hash)
            let headings = pages[page].body.headings.map {
                item($0.text, kind: 18, detail: "heading of \(pages[page].title)", replacing: afterHash, typed[afterHash...], in: cursor)
            }
            return headings + (typed[afterHash...].isEmpty ? [] : [shownTextItem(cursor)])
        }
        if typed.contains("|") { return [] }
        let notes = pages.map { page in
            item(Self.noteName(page.sourcePath), kind: 17, detail: page.title, documentation: page.summary.isEmpty ? nil : page.summary,
                 replacing: start, typed, in: cursor)
        }
        // A name typed whole may go on to the text the link shows.
        let whole = pages.contains { Self.noteName($0.sourcePath) == typed } || !graph.index.pages(named: String(typed)).isEmpty
        return notes + (whole ? [shownTextItem(cursor)] : [])
    }

    /// `|`, after which a wikilink's shown text is written.
    func shownTextItem(_ cursor: Cursor) -> JSON {
        item("|", kind: 1, detail: "the text the link shows", replacing: cursor.prefix.endIndex, "", in: cursor, sortText: "~")
    }

    /// A note's name as wikilinks write it: its file name without the extension.
    static func noteName(_ path: String) -> String {
        let file = RelativeURL.fileName(of: path)
        return file.lastIndex(of: ".").map { String(file[..<$0]) } ?? file
    }

    /// After `](`: paths of the other pages from this page's folder; after `#`: headings' ids.
    func pathCompletion(_ cursor: Cursor, after start: Substring.Index, _ typed: Substring) -> [JSON] {
        let folder = RelativeURL.folder(of: cursor.relative)
        if let hash = typed.firstIndex(of: "#") {
            let path = String(typed[..<hash])
            let target = path.isEmpty ? cursor.relative : (RelativeURL.resolve(path, against: folder) ?? path)
            guard let page = pages.firstIndex(where: { $0.sourcePath == target }) else { return [] }
            let afterHash = typed.index(after: hash)
            return pages[page].body.headings.map {
                item($0.id, kind: 18, detail: $0.text, replacing: afterHash, typed[afterHash...], in: cursor)
            }
        }
        return pages.map { page in
            item(RelativeURL.from(cursor.relative, to: page.sourcePath), kind: 17, detail: page.title, replacing: start, typed, in: cursor)
        }
    }

    // MARK: Front matter and course.yml

    func isInFrontMatter(_ line: Int, page: Int) -> Bool {
        guard pages[page].lines[1] == "---" else { return false }
        var number = 2
        while let text = pages[page].lines[number] {
            if text == "---" || text == "..." { return line < number }
            number += 1
        }
        return true
    }

    static let keyTypes: [String: String] = [
        "title": "text", "slug": "a-z, 0-9 and -", "kind": "lesson, episode, article or page", "date": "YYYY-MM-DD",
        "summary": "text", "tags": "list of words", "aliases": "list of other titles", "related": "list of titles",
        "draft": "true or false", "series": "text", "number": "whole number", "guest": "text", "audio": "path to the audio file",
        "duration": "M:SS or H:MM:SS", "chapters": "list of \"M:SS Title\"", "transcript": "path", "module": "a module's title in course.yml",
        "order": "number", "prerequisites": "list of lesson titles",
    ]

    /// Keys at the start of a line; titles after `prerequisites:` and `related:`, modules after
    /// `module:`, kinds after `kind:`.
    func frontMatterCompletion(_ cursor: Cursor) -> [JSON] {
        let prefix = cursor.prefix
        guard let colon = prefix.firstIndex(of: ":") else {
            let start = prefix.firstIndex { $0 != " " && $0 != "-" } ?? prefix.endIndex
            guard prefix[..<start].allSatisfy({ $0 == " " }) else { return listValueCompletion(cursor) }
            return FrontMatter.keys.map { key in
                item(key, kind: 10, detail: Self.keyTypes[key], replacing: start, prefix[start...], in: cursor, insert: key + ": ")
            }
        }
        let key = prefix[..<colon].trimmingWhitespace()
        let valueStart = prefix[prefix.index(after: colon)...].firstIndex { $0 != " " && $0 != "[" && $0 != "\"" } ?? prefix.endIndex
        let afterComma = prefix[valueStart...].lastIndex(where: { $0 == "," || $0 == "\"" }).map { prefix.index(after: $0) } ?? valueStart
        let start = prefix[afterComma...].firstIndex { $0 != " " && $0 != "\"" } ?? prefix.endIndex
        let typed = prefix[start...]
        switch key {
        case "kind":
            return PageKind.allCases.map { item($0.rawValue, kind: 20, detail: "kind", replacing: start, typed, in: cursor) }
        case "module":
            return check.course.config.modules.map { item($0.title, kind: 9, detail: "module", replacing: start, typed, in: cursor) }
        case "prerequisites", "related":
            return titleItems(start, typed, cursor, lessonsOnly: key == "prerequisites")
        default:
            return []
        }
    }

    /// `- ` items of a `prerequisites:` or `related:` list written one per line.
    func listValueCompletion(_ cursor: Cursor) -> [JSON] {
        guard let page = cursor.page, cursor.prefix.trimmingWhitespace().hasPrefix("-") else { return [] }
        let matter = pages[page].frontMatter
        let key = ["prerequisites", "related"].filter { (matter.keyLines[$0] ?? .max) < cursor.line }
            .max { (matter.keyLines[$0] ?? 0) < (matter.keyLines[$1] ?? 0) }
        guard let key else { return [] }
        let prefix = cursor.prefix
        let start = prefix.firstIndex { $0 != " " && $0 != "-" && $0 != "\"" } ?? prefix.endIndex
        return titleItems(start, prefix[start...], cursor, lessonsOnly: key == "prerequisites")
    }

    func titleItems(_ start: Substring.Index, _ typed: Substring, _ cursor: Cursor, lessonsOnly: Bool) -> [JSON] {
        pages.filter { !lessonsOnly || $0.kind == .lesson }.map {
            item($0.title, kind: 18, detail: "\($0.kind.rawValue) · \($0.sourcePath)", replacing: start, typed, in: cursor)
        }
    }

    /// Lesson slugs in course.yml, inside `lessons:`.
    func lessonSlugs(_ cursor: Cursor) -> [JSON] {
        let prefix = cursor.prefix
        guard prefix.contains("lessons:") || prefix.trimmingWhitespace().hasPrefix("-") else { return [] }
        let start = prefix.lastIndex(where: { $0 == "[" || $0 == "," || $0 == ":" || $0 == "-" }).map { prefix.index(after: $0) } ?? prefix.startIndex
        let from = prefix[start...].firstIndex { $0 != " " } ?? prefix.endIndex
        return pages.filter { $0.kind == .lesson }.map {
            item($0.slug, kind: 18, detail: $0.title, replacing: from, prefix[from...], in: cursor)
        }
    }
}
