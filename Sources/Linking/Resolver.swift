import Course
import Markdown
import Support

/// Which page a name finds.
enum Resolution {
    case found(Int)
    /// Several pages answer to the name; the reference must say which.
    case ambiguous([Int])
    /// Only a draft this build leaves out answers to it.
    case draft(Page)
    /// Nothing does; the closest name a reference could use instead, if any is close.
    case unknown(suggestion: String?)
}

/// Finds the page a name means, for every syntax that names pages: titles, aliases and slugs
/// (`[see: …]`, front-matter lists) and note names (`[[…]]`). One value per linking lane: the
/// suggestion candidates are made when the lane first needs them and kept for the others.
struct Resolver: Sendable {
    let pages: [Page]
    let drafts: [Page]
    let index: PageIndex
    /// Pages by their file name without `.md`, compared as titles are (`TitleKey`), for
    /// `[[Note]]`; made only when some page has a wikilink.
    let notesByFileName: [String: [Int]]
    private var nameCandidates: Suggestion.Candidates?
    private var noteCandidates: Suggestion.Candidates?

    init(course: Course, jobs: Int) {
        pages = course.pages
        drafts = course.drafts
        index = PageIndex(course.pages, jobs: jobs)
        var notes: [String: [Int]] = [:]
        if course.pages.contains(where: { $0.body.references.contains(where: \.isWikilink) }) {
            for (page, item) in course.pages.enumerated() { notes[TitleKey.normalize(Self.noteName(of: item.sourcePath)), default: []].append(page) }
        }
        notesByFileName = notes
    }

    /// The page a title, alias or slug names.
    mutating func page(named name: String) -> Resolution {
        resolution(of: name, candidates: index.pages(named: name)) { resolver in resolver.closestName(to: name) }
    }

    /// The page `[[Note]]` names, as Obsidian finds it: by file name (with folders, the end of
    /// the path), whatever the case; else by title, alias or slug. Of two notes with the name,
    /// the one in the linking page's folder.
    mutating func note(named name: String, from page: Int) -> Resolution {
        var found = notes(named: name)
        if found.count > 1 {
            let folder = RelativeURL.folder(of: pages[page].sourcePath)
            let beside = found.filter { RelativeURL.folder(of: pages[$0].sourcePath) == folder }
            if beside.count == 1 { found = beside }
        }
        return resolution(of: name, candidates: found) { resolver in
            // A close note name, else a close title.
            if resolver.noteCandidates == nil {
                resolver.noteCandidates = Suggestion.Candidates(Set(resolver.pages.map { Self.noteName(of: $0.sourcePath) }).sorted())
            }
            return resolver.noteCandidates?.closest(to: name) ?? resolver.closestName(to: name)
        }
    }

    private mutating func resolution(of name: String, candidates: [Int], closest: (inout Resolver) -> String?) -> Resolution {
        if candidates.count == 1 { return .found(candidates[0]) }
        if candidates.count > 1 { return .ambiguous(candidates) }
        if let draft = draft(named: name) { return .draft(draft) }
        return .unknown(suggestion: closest(&self))
    }

    private func notes(named written: String) -> [Int] {
        let parts = Self.withoutMarkdownExtension(written).split(separator: "/", omittingEmptySubsequences: true)
        if let last = parts.last, let byFile = notesByFileName[TitleKey.normalize(String(last))] {
            if parts.count == 1 { return byFile }
            let folders = TitleKey.normalize(parts.dropLast().joined(separator: "/"))
            let inFolder = byFile.filter {
                let folder = TitleKey.normalize(RelativeURL.folder(of: pages[$0].sourcePath))
                return folder == folders || folder.hasSuffix("/" + folders)
            }
            if !inFolder.isEmpty { return inFolder }
        }
        return index.pages(named: written)
    }

    /// A left-out draft that a reference names by title, alias or slug.
    private func draft(named name: String) -> Page? {
        let key = TitleKey.normalize(name)
        return drafts.first { draft in
            ([draft.title, draft.slug] + draft.frontMatter.aliases).contains { TitleKey.normalize($0) == key }
        }
    }

    /// The title, alias or slug closest to `written`, for a "did you mean".
    mutating func closestName(to written: String) -> String? {
        if nameCandidates == nil { nameCandidates = index.nameCandidates() }
        return nameCandidates.flatMap { index.closestName(to: written, among: $0) }
    }

    /// A page's path without its `.md` (or `.markdown`, `.mdx`).
    static func withoutMarkdownExtension(_ path: String) -> String {
        guard Course.isMarkdown(path), let dot = path.lastIndex(of: ".") else { return path }
        return String(path[..<dot])
    }

    /// A file's name without its folders and `.md`: what `[[Note]]` names.
    static func noteName(of path: String) -> String {
        withoutMarkdownExtension(RelativeURL.fileName(of: path))
    }
}
