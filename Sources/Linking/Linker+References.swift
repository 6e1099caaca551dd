import Course
import Markdown
import Support

extension Linker {
    /// Every reference of the page, each resolved by what its syntax names.
    mutating func resolveReferences(of page: Int) {
        for (number, reference) in pages[page].body.references.enumerated() {
            switch reference.target {
            case .malformedTime(_, let invalid):
                report(.invalidTimestamp, page, reference.span,
                       "'\(invalid)' is not a valid time; write M:SS, MM:SS or H:MM:SS with minutes and seconds below 60")
            case .page(let name, let quote):
                resolveSeeReference(reference, number, name: name, quote: quote, of: page)
            case .note(let name, let heading, _, _):
                resolveWikilink(reference, number, name: name, heading: heading, of: page)
            case .file(let name, let shows, let shown):
                resolveEmbed(reference, name: name, shows: shows, shown: shown, of: page)
            }
        }
    }

    /// `[see: "Title"]` and `[see: "Title" @ 12:40]`.
    mutating func resolveSeeReference(_ reference: SeeReference, _ number: Int, name: String, quote time: Timestamp?, of page: Int) {
        let resolution = resolver.page(named: name)
        guard case .found(let target) = resolution else {
            if name.allSatisfy(\.isWhitespace) {
                report(.unknownReference, page, reference.span, "this reference names no page; write [see: \"Title\"]")
                return
            }
            let pages = self.pages
            reportUnresolved(resolution, written: "\"\(name)\"", page: page, span: reference.span,
                             unknown: "no page titled \"\(name)\"", suggested: { "\"\($0)\"" },
                             tellApart: { candidates in "refer to one of them by its slug, e.g. [see: \"\(pages[candidates[0]].slug)\"], or give the pages distinct titles" })
            return
        }
        var fragment: String?
        if let time {
            let quotes = pages[target].body.quotes
            guard quotes.contains(where: { $0.time == time }) else {
                let nearest = quotes.min { abs($0.time.seconds - time.seconds) < abs($1.time.seconds - time.seconds) }
                report(.unknownQuote, page, reference.span,
                       quotes.isEmpty ? "\"\(pages[target].title)\" has no timestamped quotes, so nothing is at \(time)"
                                      : "\"\(pages[target].title)\" has no quote at \(time)",
                       suggestion: nearest.map { "\"\(pages[target].title)\" @ \($0.time)" })
                return
            }
            fragment = time.anchor
        }
        edges.append(Edge(kind: .see, from: page, to: target, line: reference.span.line, origin: .reference(number)))
        if forRendering, let slot = reference.slot {
            slots[page][slot] = SlotValue(href: url(from: page, to: target, fragment: fragment), title: pages[target].title)
        }
    }

    /// `[[Note]]`, `[[Note#Heading|text]]`, `[[#Heading]]`, and `![[Note]]` (a link to the note).
    mutating func resolveWikilink(_ reference: SeeReference, _ number: Int, name: String, heading: String?, of page: Int) {
        let written = "[[\(name)\(heading.map { "#" + $0 } ?? "")]]"
        var target = page
        if !name.isEmpty {
            let resolution = resolver.note(named: name, from: page)
            // `[[handout.pdf]]`: a link to a file of the vault, found as an embed's is.
            if case .unknown = resolution, let file = attachmentLinked(name, from: page) {
                if forRendering, let slot = reference.slot {
                    slots[page][slot] = SlotValue(href: RelativeURL.toFile(from: pages[page].outputPath, file), title: name)
                }
                return
            }
            guard case .found(let found) = resolution else {
                let pages = self.pages
                reportUnresolved(resolution, written: written, page: page, span: reference.span,
                                 unknown: "no note named \"\(name)\" (no file \(name).md, and no page with that title)", suggested: { "[[\($0)]]" },
                                 tellApart: { candidates in
                                     let first = candidates.map { pages[$0].sourcePath }.sorted()[0]
                                     return "name its folder too, e.g. [[\(Resolver.withoutMarkdownExtension(first))]]"
                                 })
                return
            }
            target = found
        }
        var fragment: String?
        if let heading {
            let id = heading.hasPrefix("^") ? heading : Self.headingID(heading, in: pages[target].body.headings)
            checkFragment(id, in: target, from: page, span: reference.span)
            fragment = id
        }
        if target != page || heading == nil {
            edges.append(Edge(kind: .see, from: page, to: target, line: reference.span.line, origin: .reference(number)))
        }
        if forRendering, let slot = reference.slot {
            slots[page][slot] = SlotValue(href: target == page ? "#" + (fragment ?? "top") : url(from: page, to: target, fragment: fragment),
                                          title: pages[target].title)
        }
    }

    /// The id of the heading a wikilink names (`[[Note#Heading]]`): the heading as the target
    /// writes it, else its text made into an id. A path of headings (`[[Note#Part#Section]]`,
    /// as Obsidian writes one) names its last, the first of that text after the others in
    /// turn.
    static func headingID(_ path: String, in headings: [Heading]) -> String {
        let parts = path.split(separator: "#").map { TitleKey.normalize(String($0)) }.filter { !$0.isEmpty }
        guard let last = parts.last else { return Slugger.baseSlug(path) }
        var from = headings.startIndex
        for part in parts.dropLast() {
            guard let found = headings[from...].firstIndex(where: { TitleKey.normalize($0.text) == part }) else { break }
            from = found + 1
        }
        let match = headings[from...].first { TitleKey.normalize($0.text) == last } ?? headings.first { TitleKey.normalize($0.text) == last }
        return match?.id ?? Slugger.baseSlug(String(path.split(separator: "#").last ?? Substring(path)))
    }

    /// A name that found no single page, reported the one way for every syntax: `written` is
    /// the reference as the message shows it, `unknown` what is said when nothing answers,
    /// `suggested` how a suggested name is written in this syntax, `tellApart` how to name
    /// one of several pages.
    mutating func reportUnresolved(_ resolution: Resolution, written: String, page: Int, span: SourceSpan,
                                   unknown: String, suggested: (String) -> String, tellApart: ([Int]) -> String) {
        switch resolution {
        case .found:
            return
        case .ambiguous(let candidates):
            let names = candidates.map { pages[$0].displayPath }.sorted()
            report(.ambiguousReference, page, span, "\(written) names \(candidates.count) pages: \(names.joined(separator: ", "))",
                   notes: [tellApart(candidates)])
        case .draft(let draft):
            report(.unknownReference, page, span, "\(written) is a draft, which this build leaves out",
                   notes: ["\(draft.displayPath) has `draft: true`; build with --drafts, or publish it"])
        case .unknown(let suggestion):
            report(.unknownReference, page, span, unknown, suggestion: suggestion.map(suggested))
        }
    }

    // MARK: - Embeds

    /// The files `name` may mean from `page`, as Obsidian finds an attachment: the one beside
    /// the page, else from the content folder's root, else every file of that name anywhere
    /// (whatever the case; with folders written, those whose path ends so), the one beside
    /// the page first.
    mutating func attachments(named name: String, from page: Int) -> [String] {
        let folder = RelativeURL.folder(of: pages[page].sourcePath)
        if let beside = RelativeURL.resolve(name, against: folder), files.contains(beside) { return [beside] }
        if let fromRoot = RelativeURL.resolve(name, against: ""), files.contains(fromRoot) { return [fromRoot] }
        if filesByName == nil {
            filesByName = Dictionary(grouping: course.files) { RelativeURL.fileName(of: $0).lowercased() }
        }
        let lowered = name.lowercased()
        let matching = filesByName?[RelativeURL.fileName(of: lowered)] ?? []
        let inFolders = lowered.contains("/") ? matching.filter { $0.lowercased().hasSuffix("/" + lowered) } : matching
        let besidePage = inFolders.filter { RelativeURL.folder(of: $0) == folder }
        return besidePage.count == 1 ? besidePage : inFolders
    }

    /// The one file a wikilink with an extension (not `.md`) names, if there is one.
    mutating func attachmentLinked(_ name: String, from page: Int) -> String? {
        let fileName = RelativeURL.fileName(of: name)
        guard let dot = fileName.lastIndex(of: "."), dot != fileName.startIndex,
              !Course.isMarkdown(fileName) else { return nil }
        let found = attachments(named: LinkTarget.percentDecoded(name), from: page)
        return found.count == 1 ? found.first : nil
    }

    /// `![[photo.png]]`: the file as Obsidian finds it (beside the page, from the root, else by
    /// its name anywhere, with any folders written as the end of its path), shown as the
    /// compiler made it: an image, a player or a link.
    mutating func resolveEmbed(_ reference: SeeReference, name written: String, shows embedded: EmbeddedFile, shown: String, of page: Int) {
        let name = LinkTarget.percentDecoded(written)
        let written = "![[\(written)]]"
        let found = attachments(named: name, from: page)
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
        if embedded == .image, shown.allSatisfy(\.isWhitespace) {
            report(.missingAltText, page, reference.span, "image '\(name)' has no alt text",
                   notes: ["describe the image for readers who cannot see it: ![[\(name)|what it shows]] (with a size: ![[\(name)|what it shows|300]])"])
        }
        if forRendering, let slot = reference.slot {
            slots[page][slot] = SlotValue(href: RelativeURL.toFile(from: pages[page].outputPath, file), title: name)
        }
    }
}
