import Course
import Linking
import Markdown
import Support

/// The other side of a finding, for `relatedInformation`: the pages an ambiguous reference
/// names and the first page of a duplicate slug or episode number (named by path in the
/// message), the heading that has a duplicate id first, and the other lessons of a
/// prerequisite cycle (named by title).
enum RelatedPages {
    static func of(_ diagnostic: Diagnostic, in graph: CourseGraph, workspace: Workspace, encoding: PositionEncoding)
        -> [(uri: String, range: JSON, message: String)] {
        let course = graph.course
        let own = workspace.relativePath(ofDisplayed: diagnostic.file)
        let named: [Page]
        let message: String
        let key: String
        switch diagnostic.rule {
        case .ambiguousReference:
            named = course.pages.filter { diagnostic.message.contains($0.displayPath) }.nonEmpty
                ?? firstQuoted(in: diagnostic.message).map { graph.index.pages(named: $0).map { course.pages[$0] } } ?? []
            message = "one of the pages it names"
            key = "title"
        case .duplicateSlug, .duplicateEpisodeNumber:
            named = course.pages.filter { $0.sourcePath != own && diagnostic.message.contains($0.displayPath) }
            message = diagnostic.rule == .duplicateSlug ? "the page that has this place first" : "the episode that has this number first"
            key = diagnostic.rule == .duplicateSlug ? "slug" : "number"
        case .duplicateHeading:
            // The heading above on the same page that has the id first.
            guard let page = course.pages.first(where: { $0.sourcePath == own }), let id = quotedID(in: diagnostic.message),
                  let first = page.body.headings.first(where: { $0.id == id && $0.span.line != diagnostic.span?.line }) else { return [] }
            return [(workspace.uri(ofRelativePath: own), range(first.span, on: page, encoding), "the heading that has the id first")]
        case .prerequisiteCycle:
            named = course.pages.filter { $0.sourcePath != own && diagnostic.message.contains("\"\($0.title)\"") }
            message = "a lesson of the cycle"
            key = "prerequisites"
        default:
            return []
        }
        return named.map { page in
            let span = page.frontMatter.keyLines[key] != nil ? page.keySpan(key) : SourceSpan(line: 1, column: 1, endColumn: 1)
            return (workspace.uri(ofRelativePath: page.sourcePath), range(span, on: page, encoding), "\(message): \(page.title)")
        }
    }

    static func range(_ span: SourceSpan, on page: Page, _ encoding: PositionEncoding) -> JSON {
        let line = page.lines[span.line].map { Substring($0) } ?? ""
        return ProtocolDiagnostics.range(line: span.line - 1, start: encoding.character(ofColumn: span.column, in: line),
                                         end: encoding.character(ofColumn: span.endColumn, in: line))
    }

    /// The id in `the id 'x' is taken`.
    static func quotedID(in message: String) -> String? {
        guard let open = message.firstIndex(of: "'"), let close = message[message.index(after: open)...].firstIndex(of: "'") else { return nil }
        return String(message[message.index(after: open)..<close])
    }

    /// The first `"…"` of a message: the name a finding is about.
    static func firstQuoted(in message: String) -> String? {
        guard let open = message.firstIndex(of: "\""), let close = message[message.index(after: open)...].firstIndex(of: "\"") else { return nil }
        return String(message[message.index(after: open)..<close])
    }
}

extension Array {
    /// Nil when empty, for `??`.
    var nonEmpty: Self? { isEmpty ? nil : self }
}
