import Course
import Foundation
import Linking
import Markdown
import Support

/// Code actions: apply a finding's suggestion, create the page a reference names, add the
/// typed name as an alias of the page it was meant for, and keep a title as an alias.
extension Features {
    func codeActions(_ params: JSON) throws(RPC.Failure) -> JSON {
        guard let uri = params["textDocument"]?["uri"]?.stringValue,
              let start = Position(params["range"]?["start"]), let end = Position(params["range"]?["end"]) else {
            throw RPC.Failure(.invalidParams, "codeAction needs textDocument.uri and range")
        }
        let (relative, page) = try file(uri)
        let lines = (start.line + 1)...max(start.line + 1, end.line + 1)
        let converter = ProtocolDiagnostics(encoding: encoding, rulesURL: rulesURL, lineText: { relative, line in
            self.lineText(relative, page: self.pages.firstIndex { $0.sourcePath == relative }, line: line)
        }, related: { _ in [] })
        var actions: [JSON] = []
        for diagnostic in check.diagnostics where workspace.relativePath(ofDisplayed: diagnostic.file) == relative {
            guard let span = diagnostic.span, lines.contains(span.line) else { continue }
            let shown = converter.json(diagnostic, relative: relative)
            if let suggestion = diagnostic.suggestion, let edit = suggestionEdit(suggestion, span: span, relative: relative, page: page) {
                actions.append(action("Replace with \(suggestion)", kind: "quickfix", edits: edit, diagnostic: shown, preferred: true))
            }
            guard diagnostic.rule == .unknownReference, let page,
                  let reference = pages[page].body.references.first(where: { $0.span == span }) else { continue }
            actions.append(action("Create the page \"\(reference.name)\"", kind: "quickfix",
                                  edits: newPage(titled: reference.name, like: page), diagnostic: shown))
            if let suggestion = diagnostic.suggestion, let target = graph.index.pages(named: Self.unquoted(suggestion)).first {
                var edits = Edits()
                addAlias(reference.name, to: target, into: &edits)
                actions.append(action("Add \"\(reference.name)\" as an alias of \"\(pages[target].title)\"", kind: "quickfix",
                                      edits: edits, diagnostic: shown))
            }
        }
        if let page, pages[page].frontMatter.keyLines["title"].map(lines.contains) == true {
            var edits = Edits()
            addAlias(pages[page].title, to: page, into: &edits)
            actions.append(action("Keep \"\(pages[page].title)\" as an alias, so references to it still find the page after a new title",
                                  kind: "refactor", edits: edits, diagnostic: nil))
        }
        return .array(actions)
    }

    func action(_ title: String, kind: String, edits: Edits, diagnostic: JSON?, preferred: Bool = false) -> JSON {
        var members: [String: JSON] = ["title": .string(title), "kind": .string(kind), "edit": edits.workspaceEdit(workspace)]
        if let diagnostic { members["diagnostics"] = .array([diagnostic]) }
        if preferred { members["isPreferred"] = .bool(true) }
        return .object(members)
    }

    /// `"Title"` without its quotes, and `"Title" @ 1:00` without its time.
    static func unquoted(_ suggestion: String) -> String {
        guard suggestion.hasPrefix("\""), let close = suggestion.dropFirst().firstIndex(of: "\"") else { return suggestion }
        return String(suggestion[suggestion.index(after: suggestion.startIndex)..<close])
    }

    /// The edit that writes `suggestion` in place of what the finding points at: a reference's
    /// title (and time), a fragment, a path, a wikilink's name, or the whole span.
    func suggestionEdit(_ suggestion: String, span: SourceSpan, relative: String, page: Int?) -> Edits? {
        let line = lineText(relative, page: page, line: span.line)
        guard let whole = Self.range(of: span, in: line) else { return nil }
        let text = line[whole]
        let replaced: Range<Substring.Index>
        var newText = suggestion
        if suggestion.hasPrefix("![[") {
            replaced = whole
        } else if suggestion.hasPrefix("#"), let fragment = Self.fragment(in: line, span: span, encoding: encoding) {
            replaced = fragment
            newText = String(suggestion.dropFirst())
        } else if suggestion.hasPrefix("\""), let open = text.firstIndex(of: "\"") {
            if text.hasPrefix("[see:"), let close = text.lastIndex(of: "]") {
                replaced = open..<close
            } else if let close = text.lastIndex(of: "\""), close > open {
                replaced = open..<text.index(after: close)
            } else {
                return nil
            }
        } else if suggestion.hasPrefix("\"") {
            replaced = whole
            newText = Self.unquoted(suggestion)
        } else if let name = Self.wikilinkName(in: line, span: span) {
            replaced = name
        } else if let page, pages[page].body.links.contains(where: { $0.span == span }), let path = Self.destinationPath(in: line, span: span) {
            replaced = path
        } else {
            replaced = whole
        }
        var edits = Edits()
        edits.replace(in: relative, page: page, line: span.line, replaced, with: newText, self)
        return edits
    }

    /// A new page titled `title`, of the kind of the page that names it, from `syllabus new`'s template.
    func newPage(titled title: String, like page: Int) -> Edits {
        let kind: PageKind = pages[page].kind == .page ? .article : pages[page].kind
        let today = ISO8601DateFormatter.string(from: Date(), timeZone: .current, formatOptions: [.withFullDate])
        let draft = NewPageTemplate(kind: kind, title: title, date: today)
        var edits = Edits()
        edits.created.append((workspace.uri(ofRelativePath: draft.relativePath), draft.text))
        return edits
    }

    /// Adds `alias` to the page's `aliases:`, writing the key when the page has none.
    func addAlias(_ alias: String, to page: Int, into edits: inout Edits) {
        let quoted = Self.yamlString(alias)
        guard let line = pages[page].frontMatter.keyLines["aliases"] else {
            edits.insertFrontMatter(on: page, "aliases: [\(quoted)]", self)
            return
        }
        let text = lineText(pages[page].sourcePath, page: page, line: line)
        if let close = text.lastIndex(of: "]") {
            let isEmpty = text[..<close].last == "["
            edits.replace(on: page, line: line, close..<close, with: (isEmpty ? "" : ", ") + quoted, self)
        } else {
            // A list written one item a line: the new item goes first.
            let uri = workspace.uri(ofRelativePath: pages[page].sourcePath)
            edits.add(uri, ProtocolDiagnostics.range(line: line, start: 0, end: 0), "  - \(quoted)\n")
        }
    }
}
