import Support
import Markdown
import Course
import Linking

/// What linking one page found: the part of the graph that depends on that page alone.
struct PageLinks: Sendable {
    var diagnostics: [Diagnostic] = []
    var edges: [Edge] = []
    var slots: [Int: SlotValue] = [:]
    var related: [Int] = []
    var prerequisites: [Int] = []
}

struct Linker: Sendable {
    let course: Course
    let pages: [Page]
    let index: PageIndex
    let forRendering: Bool
    /// The content's other files (`course.files`), for lookups.
    let files: Set<String>
    var urls: PageURLs
    var diagnostics: [Diagnostic] = []
    /// Whether findings are about the page `linkPage` is linking (their lines are read at its end).
    var linkingPage = false
    /// "Did you mean" candidates, made when a lane first needs them and kept for its other
    /// findings: titles, page paths, other files, and each target page's anchors.
    var nameCandidates: Suggestion.Candidates?
    var pathCandidates: Suggestion.Candidates?
    var fileCandidates: Suggestion.Candidates?
    var anchorCandidates: [Int: Suggestion.Candidates] = [:]
    var noteCandidates: Suggestion.Candidates?
    /// The content's other files by their name in lowercase, for `![[photo.png]]`; made when
    /// a lane first meets an embed.
    var filesByName: [String: [String]]?
    /// The content's other files by name (not path), for "did you mean ![[name]]".
    var fileNameCandidates: Suggestion.Candidates?
    /// Pages by their file name without `.md`, compared as titles are (`TitleKey`), for
    /// `[[Note]]`; made only when some page has a wikilink.
    let notesByFileName: [String: [Int]]
    var edges: [Edge] = []
    var slots: [[Int: SlotValue]]
    var explicitRelated: [[Int]]
    var prerequisites: [[Int]]

    init(course: Course, forRendering: Bool, jobs: Int) {
        self.course = course
        self.pages = course.pages
        self.index = PageIndex(course.pages, jobs: jobs)
        var notes: [String: [Int]] = [:]
        if course.pages.contains(where: { $0.body.references.contains(where: \.isWikilink) }) {
            for (page, item) in course.pages.enumerated() { notes[TitleKey.normalize(Self.noteName(of: item.sourcePath)), default: []].append(page) }
        }
        self.notesByFileName = notes
        // URLs are only written into the rendered pages: a check makes none.
        self.urls = PageURLs(forRendering ? course.pages : [])
        self.forRendering = forRendering
        self.files = Set(course.files)
        self.slots = Array(repeating: [:], count: course.pages.count)
        self.explicitRelated = Array(repeating: [], count: course.pages.count)
        self.prerequisites = Array(repeating: [], count: course.pages.count)
    }

    /// Everything about `page` that needs only the index of the course, not other pages' links.
    mutating func linkPage(_ page: Int) -> PageLinks {
        diagnostics = []
        edges = []
        linkingPage = true
        defer { linkingPage = false }
        resolveReferences(of: page)
        resolveLinks(of: page)
        resolveRelated(of: page)
        resolvePrerequisites(of: page)
        checkQuotes(of: page)
        checkHeadings(of: page)
        checkAudio(of: page)
        // Every finding here is about `page`: its lines are read in one pass.
        pages[page].lines.fillLineTexts(of: &diagnostics)
        // In graph.json's order, here in the lanes: the pages' edges then only need putting together.
        edges.sort(by: Edge.comesBefore)
        return PageLinks(diagnostics: diagnostics, edges: edges, slots: slots[page], related: explicitRelated[page],
                         prerequisites: prerequisites[page])
    }

    mutating func run(relatedCache: String?, jobs: Int) -> CourseGraph {
        // Pages link independently, so they are linked in parallel, each lane with its own
        // memory of URLs; the findings are put together in page order, as one lane would.
        let start = self
        let found = Parallel.blockingMap(pages.count, jobs: jobs, lane: { start }) { linker, page in linker.linkPage(page) }
        edges.reserveCapacity(found.reduce(pages.count) { $0 + $1.edges.count })
        for page in pages.indices {
            let links = found[page]
            diagnostics += links.diagnostics
            edges += links.edges
            slots[page] = links.slots
            explicitRelated[page] = links.related
            prerequisites[page] = links.prerequisites
        }
        checkPrerequisiteCycles()
        checkEpisodeNumbers()
        let (modules, unlisted) = resolveOutline()
        var moduleOf = [Int?](repeating: nil, count: pages.count)
        for (number, module) in modules.enumerated() {
            for lesson in module.lessons { moduleOf[lesson] = number }
        }
        let order = modules.flatMap(\.lessons)
        var previous = [Int?](repeating: nil, count: pages.count)
        var next = [Int?](repeating: nil, count: pages.count)
        for (position, lesson) in order.enumerated() {
            if position > 0 { previous[lesson] = order[position - 1] }
            if position + 1 < order.count { next[lesson] = order[position + 1] }
        }
        edges = Self.inserting(next, into: edges)
        checkOrphans(inOutline: Set(order))
        let backlinks = forRendering ? computeBacklinks() : Array(repeating: [], count: pages.count)
        let related = forRendering
            ? RelatedPages.compute(pages: pages, explicit: explicitRelated, edges: edges, moduleOf: moduleOf,
                                   count: course.config.relatedCount, cacheFile: relatedCache, jobs: jobs)
            : explicitRelated
        return CourseGraph(course: course, modules: modules, unlistedLessons: unlisted, edges: edges, slots: slots,
                           related: related, backlinks: backlinks, prerequisites: prerequisites, previous: previous,
                           next: next, moduleOf: moduleOf, diagnostics: diagnostics)
    }

    /// `edges`, sorted page by page, with each lesson's edge to the next lesson in its place:
    /// after the page's other edges that sort the same, as a stable sort of all would put it.
    static func inserting(_ next: [Int?], into edges: [Edge]) -> [Edge] {
        var merged: [Edge] = []
        merged.reserveCapacity(edges.count + next.count)
        var position = 0
        for page in next.indices {
            let end = edges[position...].firstIndex { $0.from != page } ?? edges.endIndex
            if let target = next[page] {
                let edge = Edge(kind: .next, from: page, to: target, line: nil)
                let cut = edges[position..<end].firstIndex { Edge.comesBefore(edge, $0) } ?? end
                merged += edges[position..<cut]
                merged.append(edge)
                merged += edges[cut..<end]
            } else {
                merged += edges[position..<end]
            }
            position = end
        }
        return merged
    }

    // MARK: - Diagnostics

    mutating func report(_ rule: Rule, _ page: Int, _ span: SourceSpan?, _ message: String,
                         suggestion: String? = nil, notes: [String] = []) {
        // Within `linkPage` the line's text is left to one pass over the page at its end.
        diagnostics.append(Diagnostic(rule: rule, file: pages[page].displayPath, span: span, message: message,
                                      suggestion: suggestion, notes: notes,
                                      lineText: linkingPage ? nil : span.flatMap { pages[page].lines[$0.line] }))
    }

    func keySpan(_ page: Int, _ key: String) -> SourceSpan {
        SourceSpan(line: pages[page].frontMatter.keyLines[key] ?? 1, column: 1, endColumn: key.count + 1)
    }

    mutating func url(from page: Int, to target: Int, fragment: String? = nil, query: Substring? = nil) -> String {
        var url = urls.url(from: page, to: target)
        if let query { url += query }
        guard let fragment, !fragment.isEmpty else { return url }
        return url + "#" + fragment
    }

    // MARK: - [see: …]

    mutating func resolveReferences(of page: Int) {
        for (number, reference) in pages[page].body.references.enumerated() {
            if reference.isWikilink {
                resolveWikilink(reference, number, of: page)
                continue
            }
            if let invalid = reference.invalidTime {
                report(.invalidTimestamp, page, reference.span,
                       "'\(invalid)' is not a valid time; write M:SS, MM:SS or H:MM:SS with minutes and seconds below 60")
                continue
            }
            let candidates = index.pages(named: reference.title)
            guard let target = candidates.first else {
                if reference.title.allSatisfy(\.isWhitespace) {
                    report(.unknownReference, page, reference.span, "this reference names no page; write [see: \"Title\"]")
                    continue
                }
                if reportedDraft(named: reference.title, written: "\"\(reference.title)\"", page: page, span: reference.span) { continue }
                let suggestion = closestName(to: reference.title)
                report(.unknownReference, page, reference.span, "no page titled \"\(reference.title)\"",
                       suggestion: suggestion.map { "\"\($0)\"" })
                continue
            }
            guard candidates.count == 1 else {
                let names = candidates.map { pages[$0].displayPath }.sorted()
                report(.ambiguousReference, page, reference.span,
                       "\"\(reference.title)\" names \(candidates.count) pages: \(names.joined(separator: ", "))",
                       notes: ["refer to one of them by its slug, e.g. [see: \"\(pages[candidates[0]].slug)\"], or give the pages distinct titles"])
                continue
            }
            var fragment: String?
            if let time = reference.time {
                let quotes = pages[target].body.quotes
                guard quotes.contains(where: { $0.time == time }) else {
                    let nearest = quotes.min { abs($0.time.seconds - time.seconds) < abs($1.time.seconds - time.seconds) }
                    report(.unknownQuote, page, reference.span,
                           quotes.isEmpty ? "\"\(pages[target].title)\" has no timestamped quotes, so nothing is at \(time)"
                                          : "\"\(pages[target].title)\" has no quote at \(time)",
                           suggestion: nearest.map { "\"\(pages[target].title)\" @ \($0.time)" })
                    continue
                }
                fragment = time.anchor
            }
            edges.append(Edge(kind: .see, from: page, to: target, line: reference.span.line, origin: .reference(number)))
            if forRendering, let slot = reference.slot {
                slots[page][slot] = SlotValue(href: url(from: page, to: target, fragment: fragment), title: pages[target].title)
            }
        }
    }

    // MARK: - Wikilinks

    /// A page's path without its `.md` (or `.markdown`).
    static func withoutMarkdownExtension(_ path: String) -> String {
        guard Course.isMarkdown(path), let dot = path.lastIndex(of: ".") else { return path }
        return String(path[..<dot])
    }

    /// A file's name without its folders and `.md`: what `[[Note]]` names.
    static func noteName(of path: String) -> String {
        withoutMarkdownExtension(RelativeURL.fileName(of: path))
    }

    /// The pages `[[Note]]` names, as Obsidian finds them: by file name (with folders, the
    /// end of the path), whatever the case; else by title, alias or slug. Of two notes with
    /// the name, the one in the linking page's folder.
    func notes(named written: String, from page: Int) -> [Int] {
        let found = notes(named: written)
        guard found.count > 1 else { return found }
        // Of notes with one name, the one beside the linking page.
        let folder = RelativeURL.folder(of: pages[page].sourcePath)
        let beside = found.filter { RelativeURL.folder(of: pages[$0].sourcePath) == folder }
        return beside.count == 1 ? beside : found
    }

    func notes(named written: String) -> [Int] {
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

    /// `![[photo.png]]`: the file as Obsidian finds it (beside the page, from the root, else by
    /// its name anywhere, with any folders written as the end of its path), shown as the
    /// compiler made it: an image, a player or a link.
    mutating func resolveEmbed(_ reference: SeeReference, _ embedded: EmbeddedFile, of page: Int) {
        let written = "![[\(reference.title)]]"
        let folder = RelativeURL.folder(of: pages[page].sourcePath)
        let name = LinkTarget.percentDecoded(reference.title)
        var found: [String] = []
        if let beside = RelativeURL.resolve(name, against: folder), files.contains(beside) {
            found = [beside]
        } else if let fromRoot = RelativeURL.resolve(name, against: ""), files.contains(fromRoot) {
            found = [fromRoot]
        } else {
            if filesByName == nil {
                filesByName = Dictionary(grouping: course.files) { RelativeURL.fileName(of: $0).lowercased() }
            }
            let lowered = name.lowercased()
            let matching = filesByName?[RelativeURL.fileName(of: lowered)] ?? []
            let inFolders = lowered.contains("/") ? matching.filter { $0.lowercased().hasSuffix("/" + lowered) } : matching
            let besidePage = inFolders.filter { RelativeURL.folder(of: $0) == folder }
            found = besidePage.count == 1 ? besidePage : inFolders
        }
        guard found.count == 1, let file = found.first else {
            if found.isEmpty {
                // A close name, as embeds are written, else a close path.
                if fileNameCandidates == nil { fileNameCandidates = Suggestion.Candidates(Set(course.files.map { RelativeURL.fileName(of: $0) }).sorted()) }
                if fileCandidates == nil { fileCandidates = Suggestion.Candidates(paths: course.files) }
                let suggestion = fileNameCandidates?.closest(to: RelativeURL.fileName(of: name)) ?? fileCandidates?.closest(to: name)
                report(.missingFile, page, reference.span, "\(written): no file named '\(name)' in the content folder",
                       suggestion: suggestion.map { "![[\($0)]]" })
            } else {
                report(.ambiguousReference, page, reference.span, "\(written) names \(found.count) files: \(found.sorted().joined(separator: ", "))",
                       notes: ["name its folder too, e.g. ![[\(found.sorted()[0])]]"])
            }
            return
        }
        if embedded == .image, (reference.text ?? "").allSatisfy(\.isWhitespace) {
            report(.missingAltText, page, reference.span, "image '\(name)' has no alt text",
                   notes: ["describe the image for readers who cannot see it: ![[\(name)|what it shows]] (with a size: ![[\(name)|what it shows|300]])"])
        }
        if forRendering, let slot = reference.slot {
            let url = RelativeURL.from(pages[page].outputPath, to: file)
            slots[page][slot] = SlotValue(href: url.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? url, title: name)
        }
    }

    mutating func resolveWikilink(_ reference: SeeReference, _ number: Int, of page: Int) {
        if reference.isEmbed, let embedded = EmbeddedFile(name: reference.title) {
            resolveEmbed(reference, embedded, of: page)
            return
        }
        let written = "[[\(reference.title)\(reference.heading.map { "#" + $0 } ?? "")]]"
        var target = page
        if !reference.title.isEmpty {
            let candidates = notes(named: reference.title, from: page)
            guard let first = candidates.first else {
                if reportedDraft(named: reference.title, written: written, page: page, span: reference.span) { return }
                // A close note name, else a close title; the names are made once a lane, as titles are.
                if noteCandidates == nil { noteCandidates = Suggestion.Candidates(Set(pages.map { Self.noteName(of: $0.sourcePath) }).sorted()) }
                let suggestion = noteCandidates?.closest(to: reference.title) ?? closestName(to: reference.title)
                report(.unknownReference, page, reference.span, "no note named \"\(reference.title)\" (no file \(reference.title).md, and no page with that title)",
                       suggestion: suggestion.map { "[[\($0)]]" })
                return
            }
            guard candidates.count == 1 else {
                let paths = candidates.map { pages[$0].sourcePath }.sorted()
                report(.ambiguousReference, page, reference.span,
                       "\(written) names \(candidates.count) pages: \(candidates.map { pages[$0].displayPath }.sorted().joined(separator: ", "))",
                       notes: ["name its folder too, e.g. [[\(Self.withoutMarkdownExtension(paths[0]))]]"])
                return
            }
            target = first
        }
        var fragment: String?
        if let heading = reference.heading, heading.hasPrefix("^") {
            report(.brokenFragment, page, reference.span, "\(written) links to a block (#^…), which is not read here; link to a heading instead")
            return
        }
        if let heading = reference.heading {
            // The heading as the target writes it, else its text made into an id.
            let key = TitleKey.normalize(heading)
            let id = pages[target].body.headings.first { TitleKey.normalize($0.text) == key }?.id ?? Slugger.baseSlug(heading)
            checkFragment(id, in: target, from: page, span: reference.span)
            fragment = id
        }
        if target != page || reference.heading == nil {
            edges.append(Edge(kind: .see, from: page, to: target, line: reference.span.line, origin: .reference(number)))
        }
        if forRendering, let slot = reference.slot {
            slots[page][slot] = SlotValue(href: target == page ? "#" + (fragment ?? "top") : url(from: page, to: target, fragment: fragment),
                                          title: pages[target].title)
        }
    }

    // MARK: - Links and images

    mutating func resolveLinks(of page: Int) {
        let folder = RelativeURL.folder(of: pages[page].sourcePath)
        for (number, link) in pages[page].body.links.enumerated() {
            let destination = link.destination
            if destination.isEmpty {
                report(.emptyLink, page, link.span, link.isImage ? "this image has no source, so it shows nothing" : "this link has no destination, so it leads nowhere",
                       notes: [link.isImage ? "give the image it should show, as in ![what it shows](image.png)"
                                             : "give the page or file it should open, as in [text](other-page.md)"])
                continue
            }
            if LinkTarget.hasScheme(destination) || destination.hasPrefix("//") { continue }
            if link.isImage && link.text.allSatisfy(\.isWhitespace) {
                report(.missingAltText, page, link.span, "image '\(destination)' has no alt text",
                       notes: ["describe the image for readers who cannot see it: ![what it shows](\(destination))"])
            }
            let fragment = LinkTarget.fragment(of: destination)
            if destination.hasPrefix("#") {
                checkFragment(fragment ?? "", in: page, from: page, span: link.span)
                continue
            }
            let rawPath = LinkTarget.percentDecoded(LinkTarget.pathPart(of: destination))
            guard let path = RelativeURL.resolve(rawPath, against: folder) else {
                report(.missingFile, page, link.span, "'\(destination)' points outside the content folder")
                continue
            }
            if let slot = link.slot {
                let lowercased = path.lowercased()
                let isHTML = lowercased.hasSuffix(".html") || lowercased.hasSuffix(".htm")
                guard let target = isHTML ? pageWritten(as: path) : index.page(atSourcePath: path) else {
                    if !isHTML, !lowercased.hasSuffix(".md"), !lowercased.hasSuffix(".markdown") {
                        // A link without an extension: a file or a folder, not a page.
                        checkFileLink(link, number, of: page, path: path, rawPath: rawPath, slot: slot)
                        continue
                    }
                    if let draft = course.drafts.first(where: { $0.sourcePath == path }) {
                        report(.missingPage, page, link.span, "'\(rawPath)' is a draft, which this build leaves out",
                               notes: ["\(draft.displayPath) has `draft: true`; build with --drafts, or publish it"])
                        continue
                    }
                    if isHTML, files.contains(path) || writesItself(path) {
                        if forRendering { slots[page][slot] = SlotValue(href: asWritten(destination, on: page), title: "") }
                        continue
                    }
                    let suggestion = closestPath(to: path, from: page, markdown: !isHTML)
                    report(isHTML ? .missingFile : .missingPage, page, link.span,
                           "no \(isHTML ? "page or file" : "Markdown file") '\(rawPath)' (looked for \(course.location.display(path)))",
                           suggestion: suggestion)
                    continue
                }
                edges.append(Edge(kind: .link, from: page, to: target, line: link.span.line, origin: .link(number)))
                if let fragment, !fragment.isEmpty {
                    checkFragment(fragment, in: target, from: page, span: link.span)
                }
                if forRendering {
                    slots[page][slot] = SlotValue(href: url(from: page, to: target, fragment: fragment, query: LinkTarget.query(of: destination)),
                                                  title: pages[target].title)
                }
                continue
            }
            checkFileLink(link, number, of: page, path: path, rawPath: rawPath, slot: nil)
        }
    }

    /// A link to a file or a folder (not a page's Markdown). A link without an extension has a
    /// `slot`, and its URL is written here: a folder's as its `index.html`, which opens from
    /// disk too, anything else as written.
    mutating func checkFileLink(_ link: LinkOccurrence, _ number: Int, of page: Int, path: String, rawPath: String, slot: Int?) {
        var opensFolder = false
        defer {
            if let slot, forRendering {
                let href = asWritten(link.destination, on: page)
                slots[page][slot] = SlotValue(href: opensFolder ? LinkTarget.openingIndex(href) : href, title: "")
            }
        }
        if files.contains(path) || path.isEmpty || writesItself(path) { return }
        let folderPath = path.trimmingSuffix("/")
        if course.directories.contains(folderPath) {
            // A folder opens as its index.html, which only a page or a file there makes.
            let indexPath = RelativeURL.joined(folderPath, "index.html")
            if index.page(atOutputPath: indexPath) != nil || files.contains(indexPath) {
                opensFolder = true
                return
            }
            report(.missingPage, page, link.span,
                   "'\(rawPath)' is a folder, and the site has no page for it (no \(course.location.display(RelativeURL.joined(folderPath, "index.md"))))",
                   notes: ["link to a page in the folder, or give the folder an index.md"])
            return
        }
        if let target = index.page(atOutputPath: path) {
            edges.append(Edge(kind: .link, from: page, to: target, line: link.span.line, origin: .link(number)))
            if let fragment = LinkTarget.fragment(of: link.destination), !fragment.isEmpty {
                checkFragment(fragment, in: target, from: page, span: link.span)
            }
            return
        }
        let what = link.isImage ? "image" : "file"
        // `guide/setup` or `guide/setup/` for a page `guide/setup.md` (Docusaurus and Jekyll
        // links): the Markdown file is what to link, so the link works everywhere.
        let stem = path.trimmingSuffix("/")
        let markdownFile = link.isImage ? nil : [stem + ".md", stem + ".markdown"].first { index.page(atSourcePath: $0) != nil }
        report(.missingFile, page, link.span, "no \(what) '\(rawPath)' (looked for \(course.location.display(path)))",
               suggestion: markdownFile.map { self.link(from: page, toFile: $0) } ?? closestPath(to: path, from: page, markdown: false))
    }

    /// A destination written on `page` as the compiler writes one it needs no slot for: from
    /// the site's root made relative to the page.
    func asWritten(_ destination: String, on page: Int) -> String {
        LinkTarget.fromSiteRoot(destination, depth: RelativeURL.depth(of: pages[page].outputPath)) ?? destination
    }

    /// Whether every build of this course writes `path` itself (one of `Course.siteFiles`), so
    /// that a link to it is not broken: not the tag pages, which only tags make (left to the
    /// build's check of its output), and the sitemap only with a base_url.
    func writesItself(_ path: String) -> Bool {
        Course.siteFiles.contains(path) && path != "tags/index.html" && (path != "sitemap.xml" || course.config.baseURL != nil)
    }

    /// `audio:` is linked from the page (the player, the download link, each quote's time):
    /// a local file must exist, and a script URL is left out of the site as in the Markdown.
    mutating func checkAudio(of page: Int) {
        guard let audio = pages[page].frontMatter.audio, !audio.isEmpty else { return }
        let span = keySpan(page, "audio")
        if LinkTarget.hasScheme(audio) {
            let scheme = String(audio.prefix { $0 != ":" }).lowercased()
            if !course.config.unsafeHTML, ["javascript", "vbscript", "data", "file"].contains(scheme) {
                report(.invalidFrontMatter, page, span, "audio: a '\(scheme):' URL is not allowed; give the path of an audio file or an http(s) URL",
                       notes: ["course.yml's unsafe_html: true allows it, as it allows such links in the Markdown"])
            }
            return
        }
        if audio.hasPrefix("//") { return }
        let folder = RelativeURL.folder(of: pages[page].sourcePath)
        let rawPath = LinkTarget.percentDecoded(LinkTarget.pathPart(of: audio))
        guard let path = RelativeURL.resolve(rawPath, against: folder) else {
            report(.missingFile, page, span, "audio: '\(audio)' points outside the content folder")
            return
        }
        guard !files.contains(path) else { return }
        report(.missingFile, page, span, "audio: no file '\(rawPath)' (looked for \(course.location.display(path)))",
               suggestion: closestPath(to: path, from: page, markdown: false))
    }

    /// Reports a reference (`written` as the message shows it) to a draft the build leaves
    /// out, if `name` is one's: it matches no page, but is no mistake of the name.
    mutating func reportedDraft(named name: String, written: String, page: Int, span: SourceSpan) -> Bool {
        guard let draft = draft(named: name) else { return false }
        report(.unknownReference, page, span, "\(written) is a draft, which this build leaves out",
               notes: ["\(draft.displayPath) has `draft: true`; build with --drafts, or publish it"])
        return true
    }

    /// A left-out draft that a reference names by title, alias or slug.
    func draft(named name: String) -> Page? {
        let key = TitleKey.normalize(name)
        return course.drafts.first { draft in
            ([draft.title, draft.slug] + draft.frontMatter.aliases).contains { TitleKey.normalize($0) == key }
        }
    }

    /// The page a link to `x.html` means: the page written there, or the chapter `x.md`
    /// (whose file name may differ from its slug).
    func pageWritten(as path: String) -> Int? {
        if let page = index.page(atOutputPath: path) { return page }
        let stem = path[..<(path.lastIndex(of: ".") ?? path.endIndex)]
        return index.page(atSourcePath: stem + ".md") ?? index.page(atSourcePath: stem + ".markdown")
    }

    mutating func checkFragment(_ fragment: String, in target: Int, from page: Int, span: SourceSpan) {
        let anchors = pages[target].anchors
        guard !anchors.contains(fragment), fragment != "top" else { return }
        let where_ = target == page ? "this page" : "\(pages[target].displayPath)"
        var notes: [String] = []
        if pages[target].body.htmlAnchors.contains(fragment) {
            notes.append("'\(fragment)' is an id in raw HTML, which is left out unless course.yml sets unsafe_html: true")
        } else if anchors.contains(fragment.lowercased()) {
            notes.append("heading ids are lowercase")
        }
        if anchorCandidates[target] == nil { anchorCandidates[target] = Suggestion.Candidates(anchors) }
        let base = Slugger.baseSlug(fragment)
        let suggestion = anchorCandidates[target]?.closest(to: fragment)
            ?? (fragment.isEmpty ? nil : anchors.filter { $0.hasPrefix(base) }.min())
        report(.brokenFragment, page, span, "no heading or quote '#\(fragment)' in \(where_)",
               suggestion: suggestion.map { "#\($0)" }, notes: notes)
    }

    mutating func closestName(to written: String) -> String? {
        if nameCandidates == nil { nameCandidates = index.nameCandidates() }
        return nameCandidates.flatMap { index.closestName(to: written, among: $0) }
    }

    /// The file `path` probably meant, as a link from `page`: close by its file name, never
    /// the page itself.
    mutating func closestPath(to path: String, from page: Int, markdown: Bool) -> String? {
        if markdown, pathCandidates == nil { pathCandidates = Suggestion.Candidates(paths: pages.map(\.sourcePath)) }
        if !markdown, fileCandidates == nil { fileCandidates = Suggestion.Candidates(paths: course.files) }
        guard let best = (markdown ? pathCandidates : fileCandidates)?.closest(to: path, excluding: pages[page].sourcePath) else { return nil }
        return link(from: page, toFile: best)
    }

    /// `file` (a path in the content folder) as a relative link from `page`'s source.
    func link(from page: Int, toFile file: String) -> String {
        RelativeURL.from(pages[page].sourcePath, to: file)
    }

    // MARK: - Front matter lists

    /// The pages a front matter list (`related:`, `prerequisites:`) names, in order; names
    /// that match no page, or several, are reported where they are written.
    mutating func resolveList(_ key: String, of page: Int, missing: Rule) -> [Int] {
        let values = key == "related" ? pages[page].frontMatter.related : pages[page].frontMatter.prerequisites
        let spans = pages[page].frontMatter.listItemSpans[key] ?? []
        var targets: [Int] = []
        for (number, name) in values.enumerated() {
            let candidates = index.pages(named: name)
            guard candidates.count == 1, let target = candidates.first else {
                report(candidates.isEmpty ? missing : .ambiguousReference, page, number < spans.count ? spans[number] : keySpan(page, key),
                       candidates.isEmpty ? "\(key): no page titled \"\(name)\"" : "\(key): \"\(name)\" names \(candidates.count) pages",
                       suggestion: candidates.isEmpty ? closestName(to: name).map { "\"\($0)\"" } : nil)
                continue
            }
            if !targets.contains(target) { targets.append(target) }
        }
        return targets
    }

    mutating func resolveRelated(of page: Int) {
        for target in resolveList("related", of: page, missing: .unknownRelated) {
            if target == page {
                report(.selfRelated, page, keySpan(page, "related"), "related: the page names itself")
                continue
            }
            explicitRelated[page].append(target)
            edges.append(Edge(kind: .related, from: page, to: target, line: keySpan(page, "related").line))
        }
    }

    mutating func resolvePrerequisites(of page: Int) {
        for target in resolveList("prerequisites", of: page, missing: .unknownPrerequisite) {
            prerequisites[page].append(target)
            edges.append(Edge(kind: .prerequisite, from: page, to: target, line: keySpan(page, "prerequisites").line))
        }
    }

    /// Reports each prerequisite cycle once, naming its pages in order.
    mutating func checkPrerequisiteCycles() {
        var state = [UInt8](repeating: 0, count: pages.count)   // 0 new, 1 on the path, 2 done
        var reported = Set<[Int]>()
        for start in pages.indices where state[start] == 0 {
            var stack: [(page: Int, next: Int)] = [(start, 0)]
            var path: [Int] = [start]
            state[start] = 1
            while let top = stack.last {
                let requirements = prerequisites[top.page]
                if top.next < requirements.count {
                    stack[stack.count - 1].next += 1
                    let target = requirements[top.next]
                    if state[target] == 1, let from = path.firstIndex(of: target) {
                        let cycle = Array(path[from...])
                        let rotated = Self.canonicalRotation(cycle)
                        if reported.insert(rotated).inserted {
                            let names = (rotated + [rotated[0]]).map { "\"\(pages[$0].title)\"" }.joined(separator: " → ")
                            report(.prerequisiteCycle, rotated[0], keySpan(rotated[0], "prerequisites"),
                                   "prerequisite cycle: \(names)", notes: ["a lesson cannot come before itself; remove one of these prerequisites"])
                        }
                    } else if state[target] == 0 {
                        state[target] = 1
                        stack.append((target, 0))
                        path.append(target)
                    }
                } else {
                    state[top.page] = 2
                    stack.removeLast()
                    path.removeLast()
                }
            }
        }
    }

    static func canonicalRotation(_ cycle: [Int]) -> [Int] {
        guard let smallest = cycle.indices.min(by: { cycle[$0] < cycle[$1] }) else { return cycle }
        return Array(cycle[smallest...] + cycle[..<smallest])
    }

    // MARK: - Quotes and headings

    mutating func checkQuotes(of page: Int) {
        let quotes = pages[page].body.quotes
        for (position, quote) in quotes.enumerated() {
            if position > 0, quote.time <= quotes[position - 1].time {
                report(.timestampOrder, page, quote.span,
                       "\(quote.time) comes after \(quotes[position - 1].time) (line \(quotes[position - 1].span.line)); timestamps in a page must rise")
            }
            if let duration = pages[page].frontMatter.duration, quote.time > duration {
                report(.timestampOrder, page, quote.span, "\(quote.time) is past the end of the episode (duration: \(duration))")
            }
        }
    }

    mutating func checkHeadings(of page: Int) {
        for heading in pages[page].body.headings {
            // The slugger only ever makes a heading's id differ from its base slug by adding
            // `-N`: an id that does not end in a digit is its base slug, no need to slug again.
            guard let last = heading.id.utf8.last, last >= UInt8(ascii: "0"), last <= UInt8(ascii: "9") else { continue }
            let base = Slugger.baseSlug(heading.text)
            // Numbered by the slugger: `base-N`. An id of the author's own (`{#step-2}`) is not.
            guard !base.isEmpty, heading.id.hasPrefix(base + "-"),
                  heading.id.utf8.dropFirst(base.utf8.count + 1).allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                  pages[page].body.titleAnchor == base || pages[page].body.headings.contains(where: { $0.id == base })
            else { continue }
            report(.duplicateHeading, page, heading.span,
                   "another heading on this page has the id '\(base)'; this one is '#\(heading.id)'",
                   notes: ["links to '#\(base)' go to the first one"])
        }
    }

    /// Two episodes of one series with the same `number:`: a listing would show both as the
    /// same episode. Reported at the later page's key, naming the earlier.
    mutating func checkEpisodeNumbers() {
        struct Episode: Hashable {
            var series: String
            var number: Int
        }
        var numbered: [Episode: Int] = [:]
        for page in pages.indices {
            guard let number = pages[page].frontMatter.number else { continue }
            let key = Episode(series: pages[page].frontMatter.series.map(TitleKey.normalize) ?? "", number: number)
            guard let earlier = numbered[key] else {
                numbered[key] = page
                continue
            }
            let show = pages[page].frontMatter.series.map { " of \"\($0)\"" } ?? ""
            report(.duplicateEpisodeNumber, page, keySpan(page, "number"),
                   "number \(number)\(show) is also \(pages[earlier].displayPath) (\"\(pages[earlier].title)\")",
                   notes: ["each episode of a series has a number of its own"])
        }
    }

    // MARK: - Outline

    mutating func resolveOutline() -> ([ResolvedModule], [Int]) {
        let lessons = pages.indices.filter { pages[$0].kind == .lesson }
        var placed = Set<Int>()
        var modules: [ResolvedModule] = []
        let drafts = Set(course.drafts.map(\.sourcePath))
        for module in course.config.modules {
            // The chapters before a summary's first part are the book's own.
            var resolved = ResolvedModule(number: modules.count + 1, title: module.title.isEmpty ? course.config.title : module.title,
                                          summary: module.summary, lessons: [])
            for (position, name) in module.lessons.enumerated() {
                let span = position < module.lessonSpans.count ? module.lessonSpans[position] : SourceSpan(line: 1, column: 1, endColumn: 2)
                let lesson = course.config.outlineSource == .bookSummary ? chapter(atPath: name, span: span, drafts: drafts)
                                                                          : outlineLesson(named: name, span: span, among: lessons)
                if let lesson, placed.insert(lesson).inserted { resolved.lessons.append(lesson) }
            }
            if !resolved.lessons.isEmpty || course.config.outlineSource == .courseFile { modules.append(resolved) }
        }
        // Lessons that name their module in front matter join it after the listed ones.
        let byOrder: (Int, Int) -> Bool = { a, b in
            (self.pages[a].frontMatter.order ?? Int.max, self.pages[a].title, self.pages[a].sourcePath)
                < (self.pages[b].frontMatter.order ?? Int.max, self.pages[b].title, self.pages[b].sourcePath)
        }
        let joining = lessons.filter { !placed.contains($0) && pages[$0].frontMatter.module != nil }.sorted(by: byOrder)
        for lesson in joining {
            let name = pages[lesson].frontMatter.module ?? ""
            if let existing = modules.firstIndex(where: { TitleKey.normalize($0.title) == TitleKey.normalize(name) }) {
                modules[existing].lessons.append(lesson)
            } else {
                modules.append(ResolvedModule(number: modules.count + 1, title: name, summary: nil, lessons: [lesson]))
            }
            placed.insert(lesson)
        }
        let unlisted = lessons.filter { !placed.contains($0) }.sorted(by: byOrder)
        return (modules, unlisted)
    }

    /// The lesson a course.yml outline entry names by slug or title; nil, reported, when it
    /// names none or several.
    mutating func outlineLesson(named name: String, span: SourceSpan, among lessons: [Int]) -> Int? {
        let candidates = index.pages(named: name)
        if candidates.count == 1 { return candidates[0] }
        let suggestion = Suggestion.closest(to: name, among: lessons.map { pages[$0].slug })
        reportOutline(span, candidates.isEmpty ? "the outline names \"\(name)\", but no page has that slug or title"
                                               : "the outline entry \"\(name)\" names \(candidates.count) pages",
                      suggestion: suggestion.map { "\"\($0)\"" })
        return nil
    }

    /// The page of a SUMMARY.md chapter. A draft is left out with its page, and the home page
    /// (README.md, often the summary's first entry) is no lesson: nil for both, and for a
    /// file that is not there, which is reported.
    mutating func chapter(atPath path: String, span: SourceSpan, drafts: Set<String>) -> Int? {
        if drafts.contains(path) { return nil }
        if let page = index.page(atSourcePath: path) { return pages[page].isHomeIntro ? nil : page }
        if pathCandidates == nil { pathCandidates = Suggestion.Candidates(paths: pages.map(\.sourcePath)) }
        reportOutline(span, "the summary lists '\(path)', but there is no such page", suggestion: pathCandidates?.closest(to: path))
        return nil
    }

    /// A finding about the outline, in the file it was read from.
    mutating func reportOutline(_ span: SourceSpan, _ message: String, suggestion: String?) {
        let file = course.config.outlineSource == .courseFile ? "course.yml" : BookSummary.fileName
        diagnostics.append(Diagnostic(rule: .outlineMissingLesson, file: course.location.display(file), span: span, message: message,
                                      suggestion: suggestion, lineText: course.config.outlineLines?[span.line]))
    }

    mutating func checkOrphans(inOutline outline: Set<Int>) {
        var inbound = Set<Int>()
        for edge in edges where edge.kind != .next && edge.from != edge.to { inbound.insert(edge.to) }
        for page in pages.indices where !inbound.contains(page) && !outline.contains(page) {
            // Pages of kind `page` are in the site's navigation, and the home intro is the home page.
            if pages[page].kind == .page || pages[page].isHomeIntro { continue }
            // The name a reference would use must name this page alone: its title, else its
            // slug; when both are shared, the author has to tell the pages apart first.
            let name = [pages[page].title, pages[page].slug].first { index.pages(named: $0).count == 1 }
            let refer = name.map { "refer to it with [see: \"\($0)\"]" }
                ?? "give it a slug: or aliases: of its own (its title and slug name other pages too), then refer to it"
            report(.orphanPage, page, nil, "nothing links to this \(pages[page].kind.rawValue) and the outline leaves it out",
                   notes: ["\(refer), list it in a module of course.yml, or name it in another page's related:"])
        }
    }

    func computeBacklinks() -> [[Int]] {
        // The edges come page by page, so each list grows in page order and a second edge
        // between the same two pages finds its page at the end of the list.
        var lists = [[Int]](repeating: [], count: pages.count)
        for edge in edges where (edge.kind == .see || edge.kind == .link) && edge.from != edge.to && lists[edge.to].last != edge.from {
            lists[edge.to].append(edge.from)
        }
        // Every list is in the order of (kind, title, path): the pages are sorted so once, and
        // each list by position in that order, instead of comparing titles in every list.
        let order = pages.indices.sorted {
            (pages[$0].kind, pages[$0].title, pages[$0].sourcePath) < (pages[$1].kind, pages[$1].title, pages[$1].sourcePath)
        }
        var rank = [Int](repeating: 0, count: pages.count)
        for (position, page) in order.enumerated() { rank[page] = position }
        return lists.map { list in list.sorted { rank[$0] < rank[$1] } }
    }
}
