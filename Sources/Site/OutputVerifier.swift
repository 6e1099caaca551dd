import Support
import CSystem
import Course
import Markdown
#if canImport(Glibc)
import Glibc
#endif

/// Proves the rendered site against itself: every relative `href` and `src` in the HTML names
/// a written file, and every `#fragment` an id in that file. A template mistake fails the
/// build like a broken reference does.
public enum OutputVerifier {
    /// What verification needs of one HTML file: its ids and the URLs it links to.
    public struct Extract: Sendable, Hashable {
        public var ids: [String]
        public var urls: [String]

        public init(ids: [String], urls: [String]) {
            self.ids = ids
            self.urls = urls
        }
    }

    /// The site a build replaces, as the output cache remembers it.
    public struct PreviousSite: Sendable {
        public var paths: Set<String>
        public var extracts: [String: Extract]
        /// Verification found nothing in it.
        public var clean: Bool

        public init(paths: Set<String>, extracts: [String: Extract], clean: Bool) {
            self.paths = paths
            self.extracts = extracts
            self.clean = clean
        }
    }

    /// Verifies `files`. A file marked `.previous` is not read: `previous` holds its extract
    /// from the build that wrote it, and only its links that may lead to a file whose
    /// existence or ids changed since are checked again (the others were fine then and
    /// still lead to the same thing). A file already `.staged` is verified by its extract in
    /// `staged` (none: a copied file). `judged` holds, by page, where links lead that a rule
    /// already reported (`CourseGraph.judgedLinks`): they are not reported again. Returns the
    /// problems and the extract of every HTML file.
    public static func verify(_ files: [OutputFile], staged: [String: Extract] = [:], previous: PreviousSite? = nil, naming: Naming,
                              judged: [String: Set<String>] = [:], jobs: Int = 1) async -> (problems: [Diagnostic], extracts: [String: Extract]) {
        let known = previous?.extracts ?? [:]
        let written = Set(files.map(\.path))
        let folders = RelativeURL.folders(holding: written)
        // Copied HTML files are the author's own; only what the build made is verified.
        let html = files.filter { file in
            switch file.content {
            case .copy: return false
            case .staged: return staged[file.path] != nil
            case .bytes, .previous: return file.path.hasSuffix(".html")
            }
        }
        // Two passes over the pages, each in parallel: the ids and links of every page, then
        // every link against the ids.
        let extractList = await Parallel.map(html.count, jobs: jobs) { index -> Extract in
            switch html[index].content {
            case .bytes(let bytes): return extract(bytes)
            case .previous: return known[html[index].path] ?? Extract(ids: [], urls: [])
            case .staged: return staged[html[index].path] ?? Extract(ids: [], urls: [])
            case .copy: return Extract(ids: [], urls: [])
            }
        }
        // The staged pages' extracts are already by path: only the others are added.
        var extracts = staged
        var site = Site(written: written, folders: folders, ids: extractList.map { IDs($0.ids) })
        site.pages.reserveCapacity(html.count)
        for (index, file) in html.enumerated() {
            if case .staged = file.content {} else { extracts[file.path] = extractList[index] }
            site.pages[file.path] = index
        }
        // File names whose existence or ids changed; nil when everything must be checked.
        var changedNames: Set<String>?
        if let previous, previous.clean {
            var changed = written.symmetricDifference(previous.paths)
            for (index, file) in html.enumerated() where previous.extracts[file.path]?.ids != extractList[index].ids {
                changed.insert(file.path)
            }
            changedNames = Set(changed.map(RelativeURL.fileName(of:)))
        }
        let recheck = changedNames, resolved = site
        let pageFolders = html.map { RelativeURL.folder(of: $0.path) }
        // Each lane keeps what it resolved: most links (navigation, theme files, tags) recur on
        // every page of a folder, so each lane takes a run of pages, not every other one.
        let lanes = max(1, min(jobs, html.count))
        let found = await Parallel.map(lanes, jobs: lanes) { lane -> [(Int, [Diagnostic])] in
            var verdicts = Verdicts()
            var result: [(Int, [Diagnostic])] = []
            let run = (html.count * lane / lanes)..<(html.count * (lane + 1) / lanes)
            for index in run where html[index].path != "404.html" {
                let folder = pageFolders[index]
                if verdicts.folder != folder {
                    // Room for the folder's distinct links up front: growing the table re-hashes
                    // every URL in it. Most links recur, so a quarter of them is plenty.
                    var links = 0
                    for next in index..<run.upperBound {
                        guard pageFolders[next] == folder else { break }
                        links += extractList[next].urls.count
                    }
                    verdicts = Verdicts(folder: folder)
                    verdicts.byPath.reserveCapacity(links / 4)
                }
                var urls = extractList[index].urls
                if case .previous = html[index].content, let recheck {
                    urls = urls.filter { mayLead($0, toOneOf: recheck) }
                }
                let problems = problems(in: urls, at: html[index].path, in: folder, ids: resolved.ids[index], site: resolved,
                                        naming: naming, judged: judged[html[index].path] ?? [], verdicts: &verdicts)
                if !problems.isEmpty { result.append((index, problems)) }
            }
            return result
        }
        return (found.joined().sorted { $0.0 < $1.0 }.flatMap(\.1), extracts)
    }

    /// Whether `url` may resolve to a file with one of these names: a link to a folder (its
    /// index.html), or one whose last path segment is such a name.
    static func mayLead(_ url: String, toOneOf names: Set<String>) -> Bool {
        guard !names.isEmpty else { return false }
        // Bytes, not `String.contains(_: String)`: with Foundation imported that is NSString's
        // search, and this runs for every link of every kept page.
        let path = LinkTarget.pathPart(of: url)
        if path.isEmpty || path.utf8.last == UInt8(ascii: "/") || path.containsUTF8Byte(UInt8(ascii: "%"))
            || path.containsUTF8Byte(UInt8(ascii: "&")) { return true }
        let last = RelativeURL.fileName(of: path)
        return !last.containsUTF8Byte(UInt8(ascii: ".")) || names.contains(last)
    }

    public static func extract(_ html: [UInt8]) -> Extract {
        var ids: [String] = [], urls: [String] = []
        // A page of the theme has some 10 ids and 40 links: room for them up front.
        ids.reserveCapacity(16)
        urls.reserveCapacity(64)
        forEachAttribute(in: html) { name, value in
            switch name {
            case .id, .name: ids.append(value)
            case .href, .src: urls.append(value)
            }
        }
        return Extract(ids: ids, urls: urls)
    }

    /// The attributes verification reads; no other attribute becomes a string.
    enum Attribute {
        case id, name, href, src

        init?(_ kind: Int32) {
            switch Int(kind) {
            case SYLLABUS_ATTRIBUTE_ID: self = .id
            case SYLLABUS_ATTRIBUTE_NAME: self = .name
            case SYLLABUS_ATTRIBUTE_HREF: self = .href
            case SYLLABUS_ATTRIBUTE_SRC: self = .src
            default: return nil
            }
        }
    }

    /// The files of the new site, as links are checked against them.
    struct Site: Sendable {
        var written: Set<String>
        var folders: Set<String>
        /// The ids of each verified page, by its index in `pages`.
        var ids: [IDs]
        /// Each verified page's index, by path; files that are not verified have none, and
        /// links to their fragments are not checked.
        var pages: [String: Int] = [:]
    }

    /// A page's ids. Most pages have a few, and a search through them costs less than hashing
    /// the fragment; a page with many gets a set, so checking stays linear.
    struct IDs: Sendable {
        let list: [String]
        let set: Set<String>?

        init(_ ids: [String]) {
            list = ids
            set = ids.count > 16 ? Set(ids) : nil
        }

        func contains(_ id: String) -> Bool {
            set?.contains(id) ?? list.contains(id)
        }
    }

    /// Where the path of a URL (all of it before a `#`) leads from the pages of one folder.
    enum PathVerdict {
        /// Another scheme or host: not checked.
        case elsewhere
        /// No path (`?query` alone): the page itself, whose ids its fragments name.
        case samePage
        /// A file the build writes: a verified page (its index, for fragments) or another file.
        case written(String, page: Int?)
        case climbsAboveRoot
        case notWritten
    }

    /// What the paths of URLs were found to lead to, for every page of one folder.
    struct Verdicts {
        /// The folder the verdicts hold for; pages come in path order, so it rarely changes.
        var folder: String?
        /// By path. A link to a page with a fragment shares its path's verdict with the other
        /// links to that page, and only its fragment is looked up for each.
        var byPath: [String: PathVerdict] = [:]
    }

    /// The problems of the `urls` of the page at `path`. A URL's path leads to the same place
    /// from every page of a folder, so `verdicts` remembers what it was found to be: the
    /// navigation, theme files, tags and pages linked from several pages recur.
    static func problems(in urls: [String], at path: String, in folder: String, ids pageIDs: IDs, site: Site,
                         naming: Naming, judged: Set<String> = [], verdicts: inout Verdicts) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        if verdicts.folder != folder { verdicts = Verdicts(folder: folder) }
        /// `#id` on the page itself: its own ids decide, nothing to remember.
        func checkOwnFragment(_ url: String) {
            if let fragment = LinkTarget.fragment(of: url), !fragment.isEmpty, fragment != "top", !pageIDs.contains(fragment),
               !judged.contains(path + "#" + fragment) {
                diagnostics.append(problem(path, "links to '\(url)', but \(path) has no id '\(fragment)'", naming))
            }
        }
        for url in urls {
            if url.isEmpty { continue }
            // A sixth of all links: no verdict to look up.
            if url.utf8.first == UInt8(ascii: "#") {
                checkOwnFragment(url)
                continue
            }
            let hash = url.firstUTF8Offset(of: UInt8(ascii: "#"))
            let urlPath = hash.map { String(url[..<url.utf8.index(url.utf8.startIndex, offsetBy: $0)]) } ?? url
            let verdict: PathVerdict
            if let known = verdicts.byPath[urlPath] {
                verdict = known
            } else {
                verdict = pathVerdict(urlPath, in: folder, site: site)
                verdicts.byPath[urlPath] = verdict
            }
            switch verdict {
            case .elsewhere:
                continue
            case .samePage:
                checkOwnFragment(url)
            case .climbsAboveRoot:
                if judged.isEmpty || !judged.contains(LinkTarget.percentDecoded(LinkTarget.pathPart(of: urlPath))) {
                    diagnostics.append(problem(path, "'\(url)' climbs above the site root", naming))
                }
            case .notWritten:
                if judged.isEmpty || !isJudged(urlPath, from: folder, judged) {
                    diagnostics.append(problem(path, "links to '\(url)', which the build does not write", naming))
                }
            case .written(let target, let page):
                if hash != nil, let page, let fragment = LinkTarget.fragment(of: url), !fragment.isEmpty, fragment != "top",
                   !site.ids[page].contains(fragment), !judged.contains(target + "#" + fragment) {
                    diagnostics.append(problem(path, "links to '\(url)', but \(target) has no id '\(fragment)'", naming))
                }
            }
        }
        return diagnostics
    }

    /// Whether a rule already reported the link to `urlPath` from a page in `folder`.
    static func isJudged(_ urlPath: String, from folder: String, _ judged: Set<String>) -> Bool {
        guard let target = RelativeURL.resolve(LinkTarget.percentDecoded(LinkTarget.pathPart(of: urlPath)), against: folder) else { return false }
        // A folder's link opens its index.html.
        let folder = target.hasSuffix("/index.html") ? String(target.dropLast("/index.html".count)) : target.trimmingSuffix("/")
        return judged.contains(target) || judged.contains(folder) || judged.contains(folder + "/")
    }

    /// Where `urlPath` (a URL without its fragment, not empty) leads from a page in `folder`.
    static func pathVerdict(_ urlPath: String, in folder: String, site: Site) -> PathVerdict {
        if LinkTarget.hasScheme(urlPath) || urlPath.hasPrefix("//") { return .elsewhere }
        let pathPart = LinkTarget.pathPart(of: urlPath)
        let unescaped = pathPart.containsUTF8Byte(UInt8(ascii: "&")) && pathPart.contains("&amp;")
            ? pathPart.replacing("&amp;", with: "&") : pathPart
        let decoded = LinkTarget.percentDecoded(unescaped)
        if decoded.isEmpty { return .samePage }
        guard let targetPath = RelativeURL.resolve(decoded, against: folder) else { return .climbsAboveRoot }
        // A verified page is written: one lookup for both.
        let page = site.pages[targetPath]
        if page == nil, !site.written.contains(targetPath) {
            // A folder, for its index.html; its fragments are not checked.
            let asFolder = targetPath.trimmingSuffix("/")
            if site.folders.contains(asFolder) && site.written.contains(RelativeURL.joined(asFolder, "index.html")) {
                return .written(targetPath, page: nil)
            }
            return .notWritten
        }
        return .written(targetPath, page: page)
    }

    /// How problems name the output folder, as given, and the theme.
    public struct Naming: Sendable {
        var output: String
        var templates: String

        public init(output: String, templates: String) {
            self.output = output
            self.templates = templates
        }
    }

    static func problem(_ path: String, _ message: String, _ naming: Naming) -> Diagnostic {
        Diagnostic(rule: .brokenOutput, file: RelativeURL.joined(naming.output.trimmingSuffix("/"), path), span: nil, message: message,
                   notes: ["no check of the Markdown could judge this link: it comes from a template in \(naming.templates), from raw HTML that unsafe_html keeps, or from a Markdown link to a page the site makes itself (the home or quotes page), whose ids only the build knows"])
    }

    /// Calls `body` with each attribute verification reads and its value, in the order of the
    /// tags in `html`. The scan is C (`syllabus_next_attribute`): it was 4% of a build's
    /// instructions in Swift, most of them bounds checks of byte loops.
    static func forEachAttribute(in html: [UInt8], _ body: (Attribute, String) -> Void) {
        html.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress else { return }
            var scan = syllabus_attribute_scan(index: 0, in_tag: 0)
            var start = 0, end = 0
            while let attribute = Attribute(syllabus_next_attribute(base, bytes.count, &scan, &start, &end)) {
                body(attribute, String(decoding: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self))
            }
        }
    }
}
