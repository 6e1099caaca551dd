import Course
import Linking
import Markdown
import Support

/// Rename: a page's title (its references follow), a heading (its fragments and
/// `[[Note#Heading]]` links follow), a quote's time (its `@ M:SS` references follow).
extension Features {
    /// What a rename at a position renames, and where its name is written there.
    enum Renamed {
        case title(page: Int)
        case heading(page: Int, Heading)
        case quote(page: Int, Quote)
    }

    /// The thing at the cursor that can be renamed, with the range of its name on this line.
    func renamed(at cursor: Cursor) -> (Renamed, name: String, range: Range<Substring.Index>)? {
        let line = cursor.lineText
        if let page = cursor.page {
            let matter = pages[page].frontMatter
            if matter.keyLines["title"] == cursor.line, let range = Self.value(afterKey: "title", in: line) {
                return (.title(page: page), pages[page].title, range)
            }
            if let heading = pages[page].body.headings.first(where: { $0.span.line == cursor.line }),
               let range = line.range(of: heading.text) {
                let isTitle = matter.title == nil && pages[page].body.headings.first == heading && heading.level == 1
                return (isTitle ? .title(page: page) : .heading(page: page, heading), heading.text, range)
            }
            if let quote = pages[page].body.quotes.first(where: { $0.span.line == cursor.line }),
               let range = line.range(of: quote.time.description) ?? Self.writtenTime(in: line) {
                return (.quote(page: page, quote), String(line[range]), range)
            }
        }
        if let target = target(at: cursor), let written = Self.quoted(in: line, span: target.span, encoding: encoding) {
            if let quote = target.quote, let found = pages[target.page].body.quotes.first(where: { $0.time == quote }),
               let at = line[written.upperBound...].firstIndex(of: "@") {
                let timeStart = line[line.index(after: at)...].firstIndex { $0 != " " } ?? line.endIndex
                let timeEnd = line[timeStart...].firstIndex { !($0.isASCII && ($0.isNumber || $0 == ":")) } ?? line.endIndex
                let column = line.distance(from: line.startIndex, to: timeStart) + 1
                if cursor.column >= column { return (.quote(page: target.page, found), String(line[timeStart..<timeEnd]), timeStart..<timeEnd) }
            }
            return (.title(page: target.page), String(line[written]), written)
        }
        return nil
    }

    func prepareRename(_ params: JSON) throws(RPC.Failure) -> JSON {
        let cursor = try cursor(params)
        guard let (_, name, range) = renamed(at: cursor) else { return .null }
        return .object(["range": lineRange(cursor.line, range, in: cursor.lineText), "placeholder": .string(name)])
    }

    func rename(_ params: JSON) throws(RPC.Failure) -> JSON {
        let cursor = try cursor(params)
        guard let newName = params["newName"]?.stringValue, !newName.allSatisfy(\.isWhitespace) else {
            throw RPC.Failure(.invalidParams, "rename needs a new name")
        }
        guard let (renamed, _, _) = renamed(at: cursor) else { throw RPC.Failure(.requestFailed, "nothing to rename here") }
        var edits = Edits()
        switch renamed {
        case .title(let page): renameTitle(of: page, to: newName, into: &edits)
        case .heading(let page, let heading): renameHeading(heading, of: page, to: newName, into: &edits)
        case .quote(let page, let quote):
            guard let time = try? Timestamp.parse(newName) else { throw RPC.Failure(.invalidParams, "'\(newName)' is not a time (M:SS or H:MM:SS)") }
            renameQuote(quote, of: page, to: time, into: &edits)
        }
        return edits.workspaceEdit(workspace)
    }

    // MARK: Titles

    func renameTitle(of page: Int, to newName: String, into edits: inout Edits) {
        let old = pages[page].title
        let matter = pages[page].frontMatter
        if let line = matter.keyLines["title"], let range = Self.value(afterKey: "title", in: lineText(pages[page].sourcePath, page: page, line: line)) {
            edits.replace(on: page, line: line, range, with: Self.yamlString(newName), self)
        } else if let heading = pages[page].body.headings.first, heading.level == 1 {
            let text = lineText(pages[page].sourcePath, page: page, line: heading.span.line)
            if let range = text.range(of: heading.text) { edits.replace(on: page, line: heading.span.line, range, with: newName, self) }
        } else {
            edits.insertFrontMatter(on: page, "title: \(Self.yamlString(newName))", self)
        }
        let oldKey = TitleKey.normalize(old)
        for (from, span) in incoming(page) {
            let text = lineText(pages[from].sourcePath, page: from, line: span.line)
            guard let range = Self.quoted(in: text, span: span, encoding: encoding) ?? Self.wikilinkName(in: text, span: span),
                  TitleKey.normalize(String(text[range])) == oldKey else { continue }
            edits.replace(on: from, line: span.line, range, with: newName, self)
        }
    }

    // MARK: Headings

    func renameHeading(_ heading: Heading, of page: Int, to newName: String, into edits: inout Edits) {
        let text = lineText(pages[page].sourcePath, page: page, line: heading.span.line)
        if let range = text.range(of: heading.text) { edits.replace(on: page, line: heading.span.line, range, with: newName, self) }
        let newID = Slugger.baseSlug(newName)
        let oldKey = TitleKey.normalize(heading.text)
        var places = incoming(page)
        // Links to a heading of the same page (`[x](#id)`, `[[#Heading]]`) are no edges.
        places += pages[page].body.links.filter { $0.destination.hasPrefix("#") }.map { (page, $0.span) }
        places += pages[page].body.references.filter {
            if case .note(let name, _, _, _) = $0.target { return name.isEmpty } else { return false }
        }.map { (page, $0.span) }
        for (from, span) in places {
            let line = lineText(pages[from].sourcePath, page: from, line: span.line)
            guard let range = Self.fragment(in: line, span: span, encoding: encoding) else { continue }
            let written = String(line[range])
            if written == heading.id {
                edits.replace(on: from, line: span.line, range, with: newID, self)
            } else if TitleKey.normalize(written) == oldKey {
                edits.replace(on: from, line: span.line, range, with: newName, self)
            }
        }
    }

    // MARK: Quotes

    func renameQuote(_ quote: Quote, of page: Int, to time: Timestamp, into edits: inout Edits) {
        let text = lineText(pages[page].sourcePath, page: page, line: quote.span.line)
        if let range = text.range(of: quote.time.description) ?? Self.writtenTime(in: text) {
            edits.replace(on: page, line: quote.span.line, range, with: time.description, self)
        }
        for (from, span) in incoming(page) {
            let line = lineText(pages[from].sourcePath, page: from, line: span.line)
            guard let spanRange = Self.range(of: span, in: line),
                  let at = line[spanRange].firstIndex(of: "@") else { continue }
            let start = line[line.index(after: at)..<spanRange.upperBound].firstIndex { $0 != " " } ?? spanRange.upperBound
            let end = line[start..<spanRange.upperBound].firstIndex { !($0.isASCII && ($0.isNumber || $0 == ":")) } ?? spanRange.upperBound
            guard let written = try? Timestamp.parse(line[start..<end]), written == quote.time else { continue }
            edits.replace(on: from, line: span.line, start..<end, with: time.description, self)
        }
    }

    // MARK: Reading names off a line

    /// The characters of `span` on `line`.
    static func range(of span: SourceSpan, in line: Substring) -> Range<Substring.Index>? {
        guard let start = line.index(line.startIndex, offsetBy: span.column - 1, limitedBy: line.endIndex) else { return nil }
        let end = line.index(start, offsetBy: span.endColumn - span.column, limitedBy: line.endIndex) ?? line.endIndex
        return start..<end
    }

    /// Inside `"…"` of a reference or a front-matter item, the name; a bare list item whole.
    static func quoted(in line: Substring, span: SourceSpan, encoding: PositionEncoding) -> Range<Substring.Index>? {
        guard let whole = range(of: span, in: line) else { return nil }
        let text = line[whole]
        if let open = text.firstIndex(of: "\"") {
            let start = text.index(after: open)
            guard let close = text[start...].firstIndex(of: "\"") else { return nil }
            return start..<close
        }
        if text.hasPrefix("[") { return nil }
        return whole
    }

    /// The note's name in `[[Name#Heading|shown]]`.
    static func wikilinkName(in line: Substring, span: SourceSpan) -> Range<Substring.Index>? {
        guard let whole = range(of: span, in: line), let open = line[whole].range(of: "[[") else { return nil }
        let start = open.upperBound
        let end = line[start..<whole.upperBound].firstIndex { $0 == "#" || $0 == "|" || $0 == "]" } ?? whole.upperBound
        return start..<end
    }

    /// What follows `#` in a link's destination or a wikilink, up to `)`, `|` or `]`.
    static func fragment(in line: Substring, span: SourceSpan, encoding: PositionEncoding) -> Range<Substring.Index>? {
        guard let whole = range(of: span, in: line) else { return nil }
        let text = line[whole]
        let searchFrom = text.range(of: "](")?.upperBound ?? text.range(of: "[[")?.upperBound ?? text.startIndex
        guard let hash = text[searchFrom...].firstIndex(of: "#") else { return nil }
        let start = text.index(after: hash)
        let end = text[start...].firstIndex { $0 == ")" || $0 == "|" || $0 == "]" || $0 == " " } ?? text.endIndex
        return start..<end
    }

    /// The value after `key:` on a front-matter line, inside its quotes when it has them.
    static func value(afterKey key: String, in line: Substring) -> Range<Substring.Index>? {
        guard line.hasPrefix(key + ":") else { return nil }
        let afterColon = line.index(line.startIndex, offsetBy: key.count + 1)
        guard let start = line[afterColon...].firstIndex(where: { $0 != " " }) else { return nil }
        var end = line.endIndex
        while end > start, line[line.index(before: end)] == " " { end = line.index(before: end) }
        return start..<end
    }

    /// The time a quote opens with, as written (`1:05:00`).
    static func writtenTime(in line: Substring) -> Range<Substring.Index>? {
        guard let start = line.firstIndex(where: \.isNumber) else { return nil }
        let end = line[start...].firstIndex { !($0.isASCII && ($0.isNumber || $0 == ":")) } ?? line.endIndex
        return start..<end
    }

    /// A YAML double-quoted string.
    static func yamlString(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    func lineRange(_ line: Int, _ range: Range<Substring.Index>, in text: Substring) -> JSON {
        ProtocolDiagnostics.range(line: line - 1, start: encoding.units(of: text[text.startIndex..<range.lowerBound]),
                                  end: encoding.units(of: text[text.startIndex..<range.upperBound]))
    }
}

/// Text edits by file, made into a `WorkspaceEdit`.
struct Edits {
    private(set) var byURI: [String: [JSON]] = [:]
    private var seen = Set<String>()
    /// Files to create first, with their text.
    var created: [(uri: String, text: String)] = []

    mutating func replace(on page: Int, line: Int, _ range: Range<Substring.Index>, with text: String, _ features: Features) {
        replace(in: features.pages[page].sourcePath, page: page, line: line, range, with: text, features)
    }

    /// Replaces `range` of line `line` (from 1) of a file under the content folder.
    mutating func replace(in relative: String, page: Int?, line: Int, _ range: Range<Substring.Index>, with text: String, _ features: Features) {
        let lineText = features.lineText(relative, page: page, line: line)
        add(features.workspace.uri(ofRelativePath: relative), features.lineRange(line, range, in: lineText), text)
    }

    mutating func add(_ uri: String, _ range: JSON, _ text: String) {
        // One place can be reached twice (a page that points here twice on one line).
        guard seen.insert(uri + range.serialized()).inserted else { return }
        byURI[uri, default: []].append(.object(["range": range, "newText": .string(text)]))
    }

    /// Adds `line` to the page's front matter, making one when it has none.
    mutating func insertFrontMatter(on page: Int, _ line: String, _ features: Features) {
        let uri = features.workspace.uri(ofRelativePath: features.pages[page].sourcePath)
        let start = ProtocolDiagnostics.range(line: 0, start: 0, end: 0)
        if features.pages[page].lines[1] == "---" {
            add(uri, ProtocolDiagnostics.range(line: 1, start: 0, end: 0), line + "\n")
        } else {
            add(uri, start, "---\n\(line)\n---\n")
        }
    }

    var isEmpty: Bool { byURI.isEmpty && created.isEmpty }

    func workspaceEdit(_ workspace: Workspace) -> JSON {
        guard !created.isEmpty else { return .object(["changes": .object(byURI.mapValues { .array($0) })]) }
        var changes: [JSON] = []
        for file in created {
            changes.append(.object(["kind": .string("create"), "uri": .string(file.uri), "options": .object(["ignoreIfExists": .bool(true)])]))
            changes.append(.object(["textDocument": .object(["uri": .string(file.uri), "version": .null]),
                                    "edits": .array([.object(["range": ProtocolDiagnostics.range(line: 0, start: 0, end: 0), "newText": .string(file.text)])])]))
        }
        for (uri, edits) in byURI.sorted(by: { $0.key < $1.key }) {
            changes.append(.object(["textDocument": .object(["uri": .string(uri), "version": .null]), "edits": .array(edits)]))
        }
        return .object(["documentChanges": .array(changes)])
    }
}
