import Build
import Course
import Linking
import Markdown
import Support

/// What the requests about a position read: the judged course, the editor's buffers and the
/// negotiated encoding. Each feature is an extension in its own file.
struct Features {
    let workspace: Workspace
    let check: CourseCheck
    let encoding: PositionEncoding
    let rulesURL: String?

    var graph: CourseGraph { check.graph }
    var pages: [Page] { check.course.pages }

    /// Where a request points: the file, its page (when it is one), and the line and column in
    /// the course's terms (1-based, characters).
    struct Cursor {
        var uri: String
        var relative: String
        var page: Int?
        var line: Int
        var column: Int
        var lineText: Substring
        /// The line before the cursor.
        var prefix: Substring { lineText[..<(lineText.index(lineText.startIndex, offsetBy: column - 1, limitedBy: lineText.endIndex) ?? lineText.endIndex)] }
    }

    func cursor(_ params: JSON) throws(RPC.Failure) -> Cursor {
        guard let uri = params["textDocument"]?["uri"]?.stringValue, let position = Position(params["position"]) else {
            throw RPC.Failure(.invalidParams, "a position request needs textDocument.uri and position")
        }
        let (relative, page) = try file(uri)
        let lineText = self.lineText(relative, page: page, line: position.line + 1)
        return Cursor(uri: uri, relative: relative, page: page, line: position.line + 1,
                      column: encoding.column(ofCharacter: position.character, in: lineText), lineText: lineText)
    }

    /// The path under the content folder of a URI, and its page when it is one.
    func file(_ uri: String) throws(RPC.Failure) -> (relative: String, page: Int?) {
        guard let relative = workspace.relativePath(ofURI: uri) else {
            throw RPC.Failure(.invalidParams, "\(uri) is not in the course folder \(workspace.root)")
        }
        return (relative, pages.firstIndex { $0.sourcePath == relative })
    }

    /// A line (from 1) as the editor has it: its buffer when open, else the page as judged.
    func lineText(_ relative: String, page: Int?, line: Int) -> Substring {
        if let document = workspace.documents[workspace.uri(ofRelativePath: relative)] { return TextDocument.line(line - 1, in: document.text) }
        if let page { return pages[page].lines[line].map { Substring($0) } ?? "" }
        return workspace.text(ofRelativePath: relative).map { TextDocument.line(line - 1, in: $0) } ?? ""
    }

    // MARK: Ranges and locations

    func range(_ span: SourceSpan, relative: String, page: Int?) -> JSON {
        let line = lineText(relative, page: page, line: span.line)
        return ProtocolDiagnostics.range(line: span.line - 1, start: encoding.character(ofColumn: span.column, in: line),
                                         end: encoding.character(ofColumn: span.endColumn, in: line))
    }

    func range(_ span: SourceSpan, onPage page: Int) -> JSON {
        range(span, relative: pages[page].sourcePath, page: page)
    }

    func location(page: Int, span: SourceSpan) -> JSON {
        .object(["uri": .string(workspace.uri(ofRelativePath: pages[page].sourcePath)), "range": range(span, onPage: page)])
    }

    /// Where a page names itself: its `title:`, else its first line.
    func titleSpan(of page: Int) -> SourceSpan {
        if pages[page].frontMatter.keyLines["title"] != nil { return pages[page].keySpan("title") }
        if let heading = pages[page].body.headings.first, heading.level == 1 { return heading.span }
        return SourceSpan(line: 1, column: 1, endColumn: 1)
    }

    // MARK: What a position points at

    /// What the text at a position names: a page, and on it a quote or a heading.
    struct Target {
        var page: Int
        var quote: Timestamp?
        /// A heading's text (a wikilink's `#Heading`) or id (a link's `#fragment`).
        var heading: String?
        /// The reference or link itself, on the page it is written in.
        var span: SourceSpan
        var origin: EdgeOrigin
    }

    func target(at cursor: Cursor) -> Target? {
        guard let page = cursor.page else { return nil }
        let body = pages[page].body
        let contains = { (span: SourceSpan) in span.line == cursor.line && cursor.column >= span.column && cursor.column <= span.endColumn }
        if let number = body.references.indices.first(where: { contains(body.references[$0].span) }),
           let edge = graph.edges.first(where: { $0.from == page && $0.origin == .reference(number) }) {
            var target = Target(page: edge.to, span: body.references[number].span, origin: edge.origin)
            switch body.references[number].target {
            case .page(_, let quote): target.quote = quote
            case .note(_, let heading, _, _): target.heading = heading
            default: break
            }
            return target
        }
        if let number = body.links.indices.first(where: { contains(body.links[$0].span) }),
           let edge = graph.edges.first(where: { $0.from == page && $0.origin == .link(number) }) {
            let destination = body.links[number].destination
            let fragment = destination.firstIndex(of: "#").map { String(destination[destination.index(after: $0)...]) }
            return Target(page: edge.to, heading: fragment, span: body.links[number].span, origin: edge.origin)
        }
        let matter = pages[page].frontMatter
        for (key, values) in [("prerequisites", matter.prerequisites), ("related", matter.related)] {
            let spans = matter.listItemSpans[key] ?? []
            if let item = spans.indices.first(where: { contains(spans[$0]) }), item < values.count,
               let found = graph.index.pages(named: values[item]).first {
                return Target(page: found, span: spans[item], origin: .frontMatterOrOutline)
            }
        }
        return nil
    }

    /// Every place that points at `page`: references and links in any syntax, and front
    /// matter's `prerequisites` and `related`.
    func incoming(_ page: Int) -> [(from: Int, span: SourceSpan)] {
        var found: [(from: Int, span: SourceSpan)] = []
        var seen = Set<[Int]>()
        for edge in graph.edges where edge.to == page && edge.kind != .next {
            let body = pages[edge.from].body
            let span: SourceSpan
            switch edge.origin {
            case .reference(let number): span = body.references[number].span
            case .link(let number): span = body.links[number].span
            case .frontMatterOrOutline:
                let matter = pages[edge.from].frontMatter
                let key = edge.kind == .prerequisite ? "prerequisites" : "related"
                let values = edge.kind == .prerequisite ? matter.prerequisites : matter.related
                let spans = matter.listItemSpans[key] ?? []
                guard let item = values.indices.first(where: { graph.index.pages(named: values[$0]).contains(page) }), item < spans.count else {
                    continue
                }
                span = spans[item]
            }
            if seen.insert([edge.from, span.line, span.column]).inserted { found.append((edge.from, span)) }
        }
        return found
    }

    /// A `textDocument` URI's page, or a failure saying it is none.
    func page(of params: JSON) throws(RPC.Failure) -> Int {
        guard let uri = params["textDocument"]?["uri"]?.stringValue else { throw RPC.Failure(.invalidParams, "no textDocument.uri") }
        guard let page = try file(uri).page else { throw RPC.Failure(.invalidParams, "\(uri) is not a page of the course") }
        return page
    }
}
