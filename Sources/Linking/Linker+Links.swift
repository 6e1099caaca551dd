import Course
import Markdown
import Support

extension Linker {
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
            // `{{ site.baseurl }}/b/` (Liquid), `{{% eturl rss %}}` (a Hugo shortcode): a template
            // fills it on its own site; here it is not run, and so not checked.
            if destination.containsUTF8Byte(UInt8(ascii: "{")), destination.contains("{{") || destination.contains("{%") {
                report(.templateSyntax, page, link.span, "'\(destination)' is template syntax (Liquid, Jinja or a Hugo shortcode), which is not run here: the link is not checked")
                if let path = RelativeURL.resolve(LinkTarget.percentDecoded(LinkTarget.pathPart(of: destination)), against: folder) { judge(path) }
                if forRendering, let slot = link.slot { slots[page][slot] = SlotValue(href: asWritten(destination, on: page), title: "") }
                continue
            }
            if link.isImage && link.text.allSatisfy(\.isWhitespace) {
                report(.missingAltText, page, link.span, "image '\(destination)' has no alt text",
                       notes: ["describe the image for readers who cannot see it: ![what it shows](\(destination)), or alt=\"what it shows\" in an <img>"])
            }
            let fragment = LinkTarget.fragment(of: destination)
            if destination.hasPrefix("#") {
                checkFragment(fragment ?? "", in: page, from: page, span: link.span)
                continue
            }
            let rawPath = LinkTarget.percentDecoded(LinkTarget.pathPart(of: destination))
            guard let path = RelativeURL.resolve(rawPath, against: folder) else {
                if !isServedFromItsURL(link, rawPath, on: page) { leaveContent(link, from: page, folder: folder, rawPath: rawPath) }
                continue
            }
            if let slot = link.slot {
                let lowercased = path.lowercased()
                let isHTML = lowercased.hasSuffix(".html") || lowercased.hasSuffix(".htm")
                guard let target = isHTML ? pageWritten(as: path) : index.page(atSourcePath: path) ?? pageFromRoot(rawPath) else {
                    if !isHTML, !Course.isMarkdown(lowercased) {
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
                    // Written as the author wrote it, as GitHub shows a link to no page.
                    judge(path)
                    if forRendering { slots[page][slot] = SlotValue(href: asWritten(destination, on: page), title: "") }
                    let suggestion = closestPath(to: path, from: page, markdown: !isHTML)
                    report(isHTML ? .missingFile : .missingPage, page, link.span,
                           "no \(isHTML ? "page or file" : "Markdown file") '\(rawPath)' (looked for \(course.location.display(path)))",
                           suggestion: suggestion)
                    continue
                }
                linkPage(link, number, of: page, to: target, slot: slot)
                continue
            }
            checkFileLink(link, number, of: page, path: path, rawPath: rawPath, slot: nil)
        }
    }

    /// A link that found its page: an edge of the graph, its fragment checked there, and (with
    /// a slot) the page's URL written in its place.
    mutating func linkPage(_ link: LinkOccurrence, _ number: Int, of page: Int, to target: Int, slot: Int?) {
        edges.append(Edge(kind: .link, from: page, to: target, line: link.span.line, origin: .link(number)))
        let fragment = LinkTarget.fragment(of: link.destination)
        if let fragment, !fragment.isEmpty { checkFragment(fragment, in: target, from: page, span: link.span) }
        if forRendering, let slot {
            slots[page][slot] = SlotValue(href: url(from: page, to: target, fragment: fragment, query: LinkTarget.query(of: link.destination)),
                                          title: pages[target].title)
        }
    }

    /// Whether a link that climbs above the content folder from the page's source names a file
    /// or page of the site from where the page is written, as a Jekyll author writes
    /// `../../assets/a.png` on a page served at `/docs/page/`. (The compiler leaves it as
    /// written, so it leads there.)
    mutating func isServedFromItsURL(_ link: LinkOccurrence, _ rawPath: String, on page: Int) -> Bool {
        let outputFolder = RelativeURL.folder(of: pages[page].outputPath)
        guard outputFolder != RelativeURL.folder(of: pages[page].sourcePath),
              let path = RelativeURL.resolve(rawPath, against: outputFolder) else { return false }
        if files.contains(path) { return true }
        guard let target = index.page(atOutputPath: path) ?? pageServed(at: path.trimmingSuffix("/")) else { return false }
        if let fragment = LinkTarget.fragment(of: link.destination), !fragment.isEmpty { checkFragment(fragment, in: target, from: page, span: link.span) }
        return true
    }

    /// A link that climbs above the content folder: where the course says it is published, the
    /// URL it names there, unchecked (nothing outside the folder is read); else a warning that
    /// says what to set, and the link as written.
    mutating func leaveContent(_ link: LinkOccurrence, from page: Int, folder: String, rawPath: String) {
        let base = course.config.linkBase
        if base == nil {
            report(.linkLeavesContent, page, link.span, "'\(link.destination)' climbs above the content folder, so it is not checked",
                   notes: ["if it links to where the site is published (a sibling book, the host's root), set base_url in course.yml "
                           + "(or site-url in book.toml's [output.html]) to the published address, and it links there"])
            judge(rawPath)
            // On a page written elsewhere the link is left as written, and leads from there.
            if let fromOutput = RelativeURL.resolve(rawPath, against: RelativeURL.folder(of: pages[page].outputPath)) { judge(fromOutput) }
        }
        guard forRendering, let slot = link.slot else { return }
        let href = base.map { RelativeURL.published(link.destination, from: folder, base: $0) } ?? asWritten(link.destination, on: page)
        slots[page][slot] = SlotValue(href: href, title: "")
        // What the site writes is no file of the site: the output check leaves it be (a base
        // that is a path, `/book/`, makes it a path from the host's root).
        let written = LinkTarget.percentDecoded(LinkTarget.pathPart(of: href))
        if !LinkTarget.hasScheme(href), !href.hasPrefix("//") { judge(written.hasPrefix("/") ? String(written.dropFirst()) : written) }
    }

    /// A link to a file or a folder (not a page's Markdown). A link without an extension has a
    /// `slot`, and its URL is written here: a folder's as its `index.html`, which opens from
    /// disk too, anything else as written.
    mutating func checkFileLink(_ link: LinkOccurrence, _ number: Int, of page: Int, path: String, rawPath: String, slot: Int?) {
        // (`isPage`: the slot is filled here, with a page's URL or a file found by its name.)
        var opensFolder = false, isPage = false
        defer {
            if let slot, forRendering, !isPage {
                let href = asWritten(link.destination, on: page)
                slots[page][slot] = SlotValue(href: opensFolder ? LinkTarget.openingIndex(href) : href, title: "")
            }
        }
        if path.isEmpty {
            // The site's root, which opens as its index.html.
            opensFolder = true
            return
        }
        if files.contains(path) || writesItself(path) { return }
        let folderPath = path.trimmingSuffix("/")
        let indexPath = RelativeURL.joined(folderPath, "index.html")
        // A folder opens as its index.html, which only a page or a file there makes (a page's
        // fragment is checked as on any link to it).
        if course.directories.contains(folderPath), let target = index.page(atOutputPath: indexPath) {
            if let fragment = LinkTarget.fragment(of: link.destination), !fragment.isEmpty { checkFragment(fragment, in: target, from: page, span: link.span) }
            opensFolder = true
            return
        }
        if course.directories.contains(folderPath), files.contains(indexPath) {
            opensFolder = true
            return
        }
        // (A folder that is there is that folder, never a page found elsewhere.)
        if let slot, let target = pageServed(at: folderPath)
            ?? (course.directories.contains(folderPath) ? nil : pageServedAsHugoFinds(rawPath, resolved: folderPath)) {
            // `/about/` or `guide/setup`: the page served at that URL.
            isPage = true
            linkPage(link, number, of: page, to: target, slot: slot)
            return
        }
        if course.directories.contains(folderPath) {
            // A folder without a page of its own opens as a listing of what it holds, which
            // the site makes, as GitHub shows one.
            listed.append(folderPath)
            opensFolder = true
            return
        }
        if let target = index.page(atOutputPath: path) {
            linkPage(link, number, of: page, to: target, slot: nil)
            return
        }
        judge(path)
        // A file's name alone, found elsewhere in the folder, as an Obsidian vault finds it.
        if let slot, !rawPath.contains("/"), case let found = attachments(named: rawPath, from: page), found.count == 1, let file = found.first {
            isPage = true
            if forRendering {
                var url = RelativeURL.toFile(from: pages[page].outputPath, file)
                if let fragment = LinkTarget.fragment(of: link.destination) { url += "#" + fragment }
                slots[page][slot] = SlotValue(href: url, title: "")
            }
            return
        }
        // A hidden file (`.env.example`), which the content's listing leaves out: there, and
        // in no hidden folder, it is linked and copied.
        if RelativeURL.fileName(of: path).hasPrefix("."), !path.split(separator: "/").dropLast().contains(where: { $0.hasPrefix(".") }),
           course.location.holdsFile(path) {
            hiddenFiles.append(path)
            return
        }
        // `[term](g)`: a word a Hugo site's own render hook gives a meaning (its glossary).
        if let hook = course.hostSite?.linkRenderHook, !rawPath.contains("/"), !rawPath.contains(".") {
            if renderHookWords.insert(rawPath).inserted {
                report(.templateSyntax, page, link.span, "'\(rawPath)' is no file or page here: the site's link render hook (\(hook)) gives such a destination its meaning, which is not run here, so links to it are not checked",
                       notes: ["reported once a page for each such destination"])
            }
            return
        }
        let what = link.isImage ? "image" : "file"
        report(.missingFile, page, link.span, "no \(what) '\(rawPath)' (looked for \(course.location.display(path)))",
               suggestion: closestPath(to: path, from: page, markdown: false))
    }

    /// The page served at `path` (a path in the site, without an extension): its Markdown file
    /// (`guide/setup.md`, `.markdown`, `.mdx`), the page written as `path.html` (a slug) or as
    /// `path/index.html` (a folder's page), as Hugo, Jekyll and Docusaurus serve pages at URLs
    /// without `.html`.
    func pageServed(at path: String) -> Int? {
        guard !path.isEmpty else { return nil }
        if let source = pageSource(ofStem: path) { return index.page(atSourcePath: source) }
        return index.page(atOutputPath: path + ".html") ?? index.page(atOutputPath: RelativeURL.joined(path, "index.html"))
    }

    /// The page a site URL names as Hugo finds it when no page is served there exactly: in any
    /// case (`/functions/urls/absURL/` for `AbsURL.md`), and a relative one from the content
    /// folder's root when it is not beside the page (`methods/page/date/`).
    mutating func pageServedAsHugoFinds(_ rawPath: String, resolved: String) -> Int? {
        let fromRoot = rawPath.hasPrefix(".") ? nil : RelativeURL.resolve(rawPath, against: "")?.trimmingSuffix("/")
        if let fromRoot, let page = pageServed(at: fromRoot) { return page }
        if pagesByLowercasedURL == nil {
            var byURL: [String: [Int]] = [:]
            for (page, record) in pages.enumerated() {
                let output = record.outputPath.lowercased()
                let served = output.hasSuffix("/index.html") ? String(output.dropLast("/index.html".count))
                    : output.hasSuffix(".html") ? String(output.dropLast(".html".count)) : output
                byURL[served, default: []].append(page)
            }
            pagesByLowercasedURL = byURL
        }
        // Only a path that names one page.
        for path in [resolved, fromRoot].compactMap({ $0 }) {
            if let found = pagesByLowercasedURL?[path.lowercased()], found.count == 1 { return found.first }
        }
        return nil
    }

    /// A link to a Markdown file that is not beside the page, read from the content folder's
    /// root, as Docusaurus reads a path its docs do not have beside the page.
    func pageFromRoot(_ rawPath: String) -> Int? {
        guard !rawPath.hasPrefix("/"), !rawPath.hasPrefix("."), let path = RelativeURL.resolve(rawPath, against: "") else { return nil }
        return index.page(atSourcePath: path)
    }

    /// A destination written on `page` as the compiler writes one it needs no slot for: from
    /// the site's root made relative to the page.
    func asWritten(_ destination: String, on page: Int) -> String {
        PageFacts(source: pages[page].sourcePath, writtenAt: pages[page].outputPath).written(destination)
    }

    /// Whether every build of this course writes `path` itself (`SiteFiles`), so that a link to
    /// it is not broken.
    func writesItself(_ path: String) -> Bool {
        course.siteFiles.isAlwaysWritten(path, hasBaseURL: course.config.baseURL != nil)
    }

    /// The page a link to `x.html` means: the page written there, or the chapter `x.md`
    /// (whose file name may differ from its slug).
    func pageWritten(as path: String) -> Int? {
        if let page = index.page(atOutputPath: path) { return page }
        let stem = path[..<(path.lastIndex(of: ".") ?? path.endIndex)]
        return pageSource(ofStem: String(stem)).flatMap(index.page(atSourcePath:))
    }

    /// The page file `stem.md` (or `.markdown`, `.mdx`) of the course, if there is one.
    func pageSource(ofStem stem: String) -> String? {
        LinkTarget.pageSuffixes.lazy.map { stem + $0 }.first { index.page(atSourcePath: $0) != nil }
    }

    mutating func checkFragment(_ fragment: String, in target: Int, from page: Int, span: SourceSpan) {
        let anchors = pages[target].anchors
        guard !anchors.contains(fragment), fragment != "top" else { return }
        judge(pages[target].outputPath + "#" + fragment)
        let where_ = target == page ? "this page" : "\(pages[target].displayPath)"
        // `{{% include "locale.md" %}}` makes headings where the page's tool runs it; a MkDocs
        // site's hooks make the anchors their comments name (`<!-- md:option type:abstract -->`
        // makes `#+type:abstract`), and no other.
        let hooksMakeIt = course.hostSite?.markdownHooks == true
            ? pages[target].lines.commentsHold(fragment.hasPrefix("+") ? String(fragment.dropFirst()) : fragment)
            : pages[target].body.problems.contains(where: { $0.kind == .templateSyntax })
        if hooksMakeIt {
            report(.templateSyntax, page, span, "no heading or quote '#\(fragment)' in \(where_) as written; its template tags, which are not run here, may make one, so the link is not checked")
            return
        }
        var notes: [String] = []
        if anchors.contains(fragment.lowercased()) {
            notes.append("heading ids are lowercase")
        }
        if anchorCandidates[target] == nil { anchorCandidates[target] = Suggestion.Candidates(anchors) }
        let base = Slugger.baseSlug(fragment)
        let suggestion = anchorCandidates[target]?.closest(to: fragment)
            ?? (fragment.isEmpty ? nil : anchors.filter { $0.hasPrefix(base) }.min())
        report(.brokenFragment, page, span, "no heading or quote '#\(fragment)' in \(where_)",
               suggestion: suggestion.map { "#\($0)" }, notes: notes)
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

    /// `audio:` and `transcript:` are linked from the page (the player, the download link,
    /// each quote's time, the captions track): a local file must exist, and a script URL is
    /// left out of the site as in the Markdown.
    mutating func checkMedia(of page: Int) {
        for key in ["audio", "transcript"] {
            guard let written = key == "audio" ? pages[page].frontMatter.audio : pages[page].frontMatter.transcript, !written.isEmpty else { continue }
            checkMedia(written, key: key, of: page)
        }
    }

    private mutating func checkMedia(_ written: String, key: String, of page: Int) {
        let span = keySpan(page, key)
        if LinkTarget.hasScheme(written) {
            let scheme = String(written.prefix { $0 != ":" }).lowercased()
            if !course.config.unsafeHTML, ["javascript", "vbscript", "data", "file"].contains(scheme) {
                report(.invalidFrontMatter, page, span, "\(key): a '\(scheme):' URL is not allowed; give the path of a file or an http(s) URL",
                       notes: ["course.yml's unsafe_html: true allows it, as it allows such links in the Markdown"])
            }
            return
        }
        if written.hasPrefix("//") { return }
        guard let path = EpisodeMedia.localPath(written, from: pages[page].sourcePath) else {
            report(.missingFile, page, span, "\(key): '\(written)' points outside the content folder")
            judge(LinkTarget.percentDecoded(LinkTarget.pathPart(of: written)))
            return
        }
        guard !files.contains(path) else { return }
        judge(path)
        report(.missingFile, page, span, "\(key): no file '\(LinkTarget.percentDecoded(LinkTarget.pathPart(of: written)))' (looked for \(course.location.display(path)))",
               suggestion: closestPath(to: path, from: page, markdown: false))
    }
}
