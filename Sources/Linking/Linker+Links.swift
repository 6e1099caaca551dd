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
        return index.page(atSourcePath: stem + ".md") ?? index.page(atSourcePath: stem + ".markdown")
    }

    mutating func checkFragment(_ fragment: String, in target: Int, from page: Int, span: SourceSpan) {
        let anchors = pages[target].anchors
        guard !anchors.contains(fragment), fragment != "top" else { return }
        let where_ = target == page ? "this page" : "\(pages[target].displayPath)"
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
}
