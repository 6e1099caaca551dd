import Course
import Linking
import Markdown
import Support

/// `workspace/willRenameFiles`: the edits that keep links pointing at a page that moves —
/// Markdown links (from the other pages, and the page's own links from its new folder),
/// wikilinks that name it by file name, course.yml's outline when its slug changes, and
/// SUMMARY.md's entries.
extension Features {
    func willRenameFiles(_ params: JSON) -> JSON {
        var moves: [String: String] = [:]
        for file in params["files"]?.arrayValue ?? [] {
            guard let old = file["oldUri"]?.stringValue.flatMap(workspace.relativePath(ofURI:)),
                  let new = file["newUri"]?.stringValue.flatMap(workspace.relativePath(ofURI:)) else { continue }
            moves[old] = new
        }
        var edits = Edits()
        for (old, new) in moves.sorted(by: { $0.key < $1.key }) {
            guard let page = pages.firstIndex(where: { $0.sourcePath == old }) else { continue }
            moveLinks(to: page, newPath: new, moves: moves, into: &edits)
            moveOwnLinks(of: page, newPath: new, moves: moves, into: &edits)
            moveOutline(page, newPath: new, into: &edits)
        }
        return edits.isEmpty ? .null : edits.workspaceEdit(workspace)
    }

    /// Links and wikilinks of other pages that name the page.
    func moveLinks(to page: Int, newPath: String, moves: [String: String], into edits: inout Edits) {
        let oldName = Self.noteName(pages[page].sourcePath), newName = Self.noteName(newPath)
        for edge in graph.edges where edge.to == page && edge.from != page {
            let from = pages[edge.from]
            let fromPath = moves[from.sourcePath] ?? from.sourcePath
            switch edge.origin {
            case .link(let number):
                let span = from.body.links[number].span
                let text = lineText(from.sourcePath, page: edge.from, line: span.line)
                guard let path = Self.destinationPath(in: text, span: span), !text[path].hasPrefix("/") else { continue }
                edits.replace(on: edge.from, line: span.line, path, with: RelativeURL.from(fromPath, to: newPath), self)
            case .reference(let number):
                let reference = from.body.references[number]
                guard reference.isWikilink, oldName != newName, TitleKey.normalize(reference.name) == TitleKey.normalize(oldName) else { continue }
                let text = lineText(from.sourcePath, page: edge.from, line: reference.span.line)
                guard let name = Self.wikilinkName(in: text, span: reference.span) else { continue }
                edits.replace(on: edge.from, line: reference.span.line, name, with: newName, self)
            case .frontMatterOrOutline:
                continue
            }
        }
    }

    /// The page's own relative links, written again from its new folder.
    func moveOwnLinks(of page: Int, newPath: String, moves: [String: String], into edits: inout Edits) {
        guard RelativeURL.folder(of: newPath) != RelativeURL.folder(of: pages[page].sourcePath) else { return }
        for edge in graph.edges where edge.from == page {
            guard case .link(let number) = edge.origin else { continue }
            let span = pages[page].body.links[number].span
            let text = lineText(pages[page].sourcePath, page: page, line: span.line)
            guard let path = Self.destinationPath(in: text, span: span), !text[path].hasPrefix("/"), !text[path].isEmpty else { continue }
            let target = moves[pages[edge.to].sourcePath] ?? pages[edge.to].sourcePath
            edits.replace(on: page, line: span.line, path, with: RelativeURL.from(newPath, to: target), self)
        }
    }

    /// course.yml's lessons that name the page by a slug its file name gave it, and SUMMARY.md's
    /// entries that name its path.
    func moveOutline(_ page: Int, newPath: String, into edits: inout Edits) {
        let config = check.course.config
        let outlineFile = config.outlineSource == .bookSummary ? BookSummary.fileName : "course.yml"
        let newSlug = Slugger.pageSlug(Self.noteName(newPath))
        for module in config.modules {
            for (entry, span) in zip(module.lessons, module.lessonSpans) {
                let replacement: String
                if config.outlineSource == .bookSummary {
                    guard entry == pages[page].sourcePath else { continue }
                    replacement = newPath
                } else {
                    guard pages[page].frontMatter.slug == nil, entry == pages[page].slug, newSlug != entry else { continue }
                    replacement = newSlug
                }
                let text = lineText(outlineFile, page: nil, line: span.line)
                guard let range = text.range(of: entry) else { continue }
                edits.replace(in: outlineFile, page: nil, line: span.line, range, with: replacement, self)
            }
        }
    }

    /// The path of a Markdown link's destination, without its fragment.
    static func destinationPath(in line: Substring, span: SourceSpan) -> Range<Substring.Index>? {
        guard let whole = range(of: span, in: line) else { return nil }
        // A link's span is its destination; a span that holds the whole link is read after `](`.
        let start = line[whole].range(of: "](")?.upperBound ?? whole.lowerBound
        let end = line[start..<whole.upperBound].firstIndex { $0 == "#" || $0 == ")" || $0 == " " } ?? whole.upperBound
        return start..<end
    }
}
