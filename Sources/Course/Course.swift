import Support
import Dispatch
import Foundation
import Synchronization
import Markdown

public struct LoadOptions: Sendable, Hashable {
    public var includeDrafts: Bool
    /// How many pages are compiled at once.
    public var jobs: Int
    /// Where compiled pages are kept between runs (`.syllabus-cache/`), or nil for none.
    public var cacheDirectory: String?
    /// Whether pages get their HTML (`MarkdownOptions.renderHTML`). A course loaded without
    /// it has every fact the checks read and cannot be rendered: only `check` and `graph` use it.
    public var renderHTML: Bool
    /// The cache of `content`'s build, when this run keeps one.
    public func cache(for content: ContentLocation) -> BuildCache? {
        cacheDirectory.map { BuildCache(directory: $0, content: content) }
    }

    /// The files the site writes itself, as the site's layer describes them; none by default.
    public var siteFiles: SiteFiles
    /// What the theme hands the compiler: the markup it adds to pages, and the ids the theme
    /// gives its own elements, which no heading may take. The built-in markup and no ids by
    /// default.
    public var markup: MarkupTemplates = .default
    public var reservedIDs: [String] = []
    /// Texts that stand in for files of the content folder, by path under it: what an editor
    /// holds open and has not saved. None by default.
    public var overrides: [String: String] = [:]

    /// How this run compiles a page's Markdown, in a course with or without `unsafe_html`.
    public func markdownOptions(unsafeHTML: Bool) -> MarkdownOptions {
        MarkdownOptions(unsafeHTML: unsafeHTML, renderHTML: renderHTML, markup: markup, reservedIDs: reservedIDs)
    }

    public init(includeDrafts: Bool = false, jobs: Int = ProcessInfo.processInfo.activeProcessorCount, cacheDirectory: String? = nil,
                renderHTML: Bool = true, siteFiles: SiteFiles = SiteFiles()) {
        self.includeDrafts = includeDrafts
        self.jobs = max(1, jobs)
        self.cacheDirectory = cacheDirectory
        self.renderHTML = renderHTML
        self.siteFiles = siteFiles
    }
}

/// The whole course, loaded and compiled page by page: the input of the graph.
public struct Course: Sendable {
    public var location: ContentLocation
    public var config: CourseConfig
    public var hasCourseFile: Bool
    /// Pages in the order of their source paths.
    public var pages: [Page]
    /// Files that are not Markdown (paths under the content folder).
    public var files: [String]
    public var directories: Set<String>
    /// Pages marked `draft: true` that were left out: references to them say so.
    public var drafts: [Page] = []
    /// The files the site writes itself (`LoadOptions.siteFiles`).
    public var siteFiles = SiteFiles()
    /// Docusaurus' `_category_.json` of each folder that has one (`""` for the root).
    public var folderCategories: [String: FolderCategory] = [:]
    /// The Hugo or Docusaurus site that holds the content folder, when there is one.
    public var hostSite: HostSite?
    /// Files the site serves that are not in the content folder (a Docusaurus site's static
    /// folder), by the path they are served at, each with its file on disk.
    public var servedFiles: [String: String] = [:]

    /// Loads and compiles the content folder. Problems with single files are diagnostics;
    /// a folder that cannot be read at all throws.
    public static func load(_ location: ContentLocation, options: LoadOptions = LoadOptions()) async throws(UnusableInput) -> (Course, [Diagnostic]) {
        let content = try ContentLoader.load(location, jobs: options.jobs, overrides: options.overrides)
        var diagnostics = content.diagnostics
        let (markdownOptions, hostSite) = Self.pageOptions(options, config: content.config, hasCourseFile: content.hasCourseFile, location: location)
        var readSources = content.sources
        var config = content.config
        // mdBook's SUMMARY.md is the outline (unless course.yml has one), not a page.
        var chapters: Set<String> = []
        if config.modules.isEmpty, let at = readSources.firstIndex(where: { $0.path == BookSummary.fileName }),
           let summary = BookSummary(readSources[at].text) {
            config.modules = summary.modules
            config.outlineSource = .bookSummary
            config.outlineLines = SourceLines(readSources[at].text)
            chapters = Set(summary.modules.flatMap(\.lessons))
            readSources.remove(at: at)
        }
        let sources = readSources
        let standIns = FolderIndex.standIns(among: sources.lazy.map(\.path))
        var compiled: [(result: PageCompiler.Result, keys: [UInt64], fresh: [UInt8]?)]
        if let buildCache = options.cache(for: location) {
            let cache = PageCache(buildCache)
            let compiler = CompilerIdentity.current()
            compiled = await Parallel.map(sources.count, jobs: options.jobs) { index in
                let (path, text) = sources[index]
                // A page compiled with HTML holds every fact a check needs, so a check takes a
                // build's page when it has none of its own; a build never takes a check's.
                let opensFolder = standIns.contains(path)
                var keys = [PageCache.key(path: path, displayPath: location.display(path), text: text, options: markdownOptions,
                                          opensFolder: opensFolder, compiler: compiler)]
                if !markdownOptions.renderHTML {
                    var withHTML = markdownOptions
                    withHTML.renderHTML = true
                    keys.append(PageCache.key(path: path, displayPath: location.display(path), text: text, options: withHTML,
                                              opensFolder: opensFolder, compiler: compiler))
                }
                for key in keys {
                    if let stored = cache.result(for: key, text: text) { return (stored.withSourceKey(key), keys, nil) }
                }
                let result = PageCompiler.compile(path: path, text: text, location: location, options: markdownOptions, opensFolder: opensFolder)
                return (result.withSourceKey(keys[0]), keys, result.encoded())
            }
            // The encoded pages live only until they are written.
            cache.store(compiled.compactMap { item in item.fresh.map { (item.keys[0], $0) } }, keeping: Set(compiled.flatMap(\.keys)))
        } else {
            // Without a cache nothing asks for a page's key (only incremental rendering does),
            // so the text is not hashed.
            compiled = await Parallel.map(sources.count, jobs: options.jobs) { index in
                let (path, text) = sources[index]
                return (PageCompiler.compile(path: path, text: text, location: location, options: markdownOptions,
                                             opensFolder: standIns.contains(path)), [], nil)
            }
        }
        var pages: [Page] = []
        pages.reserveCapacity(compiled.count)
        var drafts: [Page] = []
        for index in compiled.indices {
            // Moved out, not copied (a copy retains every reference a page holds).
            var result = PageCompiler.Result(page: nil, diagnostics: [])
            swap(&result, &compiled[index].result)
            result = PageCompiler.placed(result, path: sources[index].path, text: sources[index].text, location: location,
                                         options: markdownOptions, opensFolder: standIns.contains(sources[index].path),
                                         siteFiles: options.siteFiles)
            diagnostics += result.diagnostics
            guard var page = result.page.take() else { continue }
            page.becomeChapter(of: chapters)
            if page.frontMatter.draft && !options.includeDrafts {
                drafts.append(page)
                continue
            }
            pages.append(page)
        }
        diagnostics += Self.checkUniqueness(pages, files: content.files, location: location, siteFiles: options.siteFiles)
        let book = content.hasCourseFile ? nil : BookSettings.describing(folder: location.directory)
        if let language = book?.language { config.language = language }
        config.bookSiteURL = book?.siteURL
        if let title = book?.title {
            config.title = title
        } else if !content.hasCourseFile, let intro = pages.first(where: \.isHomeIntro),
                  intro.frontMatter.title != nil || intro.body.leadingTitle != nil {
            // (A home page without a title of its own would name the site "Index".)
            config.title = intro.title
        } else if !content.hasCourseFile {
            let name = URL(fileURLWithPath: location.directory).standardizedFileURL.lastPathComponent
            config.title = name.isEmpty || name == "/" ? "Course" : name
        }
        var course = Course(location: location, config: config, hasCourseFile: content.hasCourseFile, pages: pages,
                            files: content.files, directories: content.directories, drafts: drafts)
        course.siteFiles = options.siteFiles
        course.folderCategories = FolderCategory.read(in: content.directories, root: location.directory)
        course.hostSite = hostSite
        course.servedFiles = hostSite?.servedFiles() ?? [:]
        return (course, diagnostics)
    }

    /// Explicit slugs must be unique across the site, and no two pages may be written to
    /// the same file, nor over the site's own files. A file of the content folder that is not
    /// Markdown (`files`) is copied to the same path in the site: the same holds for it.
    static func checkUniqueness(_ pages: [Page], files: [String] = [], location: ContentLocation, siteFiles: SiteFiles) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        // Indices, not pages: a Page is large to copy, and there is one per page.
        var byOutput: [String: Int] = [:]
        var byExplicitSlug: [String: Int] = [:]
        for index in pages.indices {
            // Fields are read in place: a copy of a Page retains each of its many references.
            let slugLine = pages[index].frontMatter.keyLines["slug"]
            let span = SourceSpan(line: slugLine ?? 1, column: 1, endColumn: 2)
            let outputPath = pages[index].outputPath
            if let first = byOutput[outputPath] {
                diagnostics.append(Diagnostic(rule: .duplicateSlug, file: pages[index].displayPath, span: span,
                    message: "slug '\(pages[index].slug)' is already used by \(pages[first].displayPath); both would be written to \(outputPath)",
                    notes: ["give one of them another file name or a `slug:` in its front matter"], lineText: pages[index].lines[span.line]))
            } else if siteFiles.isSiteFile(outputPath) && !pages[index].isHomeIntro {
                diagnostics.append(Diagnostic(rule: .duplicateSlug, file: pages[index].displayPath, span: span,
                    message: "slug '\(pages[index].slug)' would overwrite the site's own \(outputPath)",
                    notes: ["give the page another `slug:`"], lineText: pages[index].lines[span.line]))
            } else {
                byOutput[outputPath] = index
            }
            if slugLine != nil {
                let slug = pages[index].slug
                if let first = byExplicitSlug[slug], pages[first].outputPath != outputPath {
                    diagnostics.append(Diagnostic(rule: .duplicateSlug, file: pages[index].displayPath, span: span,
                        message: "slug '\(slug)' is already used by \(pages[first].displayPath); slugs must be unique across the site",
                        lineText: pages[index].lines[span.line]))
                } else {
                    byExplicitSlug[slug] = index
                }
            }
        }
        for file in files {
            if let page = byOutput[file] {
                diagnostics.append(Diagnostic(rule: .duplicateSlug, file: location.display(file), span: nil,
                    message: "this file and the page built from \(pages[page].displayPath) would both be written to \(file)",
                    notes: ["rename one of them, or give the page another `slug:`"]))
            } else if siteFiles.isSiteFile(file) {
                diagnostics.append(Diagnostic(rule: .duplicateSlug, file: location.display(file), span: nil,
                    message: "this file would be written over the site's own \(file)",
                    notes: ["rename it or move it to another folder"]))
            }
        }
        return diagnostics
    }
}

extension Page {
    /// A book's chapters are its lessons, unless their front matter or folder says otherwise
    /// (the home page, often the first chapter, stays the home page).
    mutating func becomeChapter(of chapters: Set<String>) {
        if kind == .page, frontMatter.kind == nil, !isHomeIntro, chapters.contains(sourcePath) { kind = .lesson }
    }
}

/// Turns one source file into a Page: front matter, Markdown, and the defaults the content
/// contract gives (docs/authoring.md).
enum PageCompiler {
    struct Result: Sendable {
        var page: Page?
        var diagnostics: [Diagnostic]

        func withSourceKey(_ key: UInt64) -> Result {
            var result = self
            result.page?.sourceKey = key
            return result
        }
    }

    /// `opensFolder`: the page stands in for its folder's missing `index.md` (`FolderIndex`)
    /// and is written as that would be.
    /// `siteFiles`: the files the site writes itself, where a permalink may not put the page
    /// (`placed(_:…)` compiles again with them the rare page whose permalink lands there).
    static func compile(path: String, text: String, location: ContentLocation, options: MarkdownOptions, opensFolder: Bool = false,
                        siteFiles: SiteFiles = SiteFiles()) -> Result {
        let display = location.display(path)
        let lines = SourceLines(text)
        var diagnostics: [Diagnostic] = []
        let split = FrontMatterParser.split(text)
        var matter = FrontMatter()
        if split.isTOML {
            diagnostics.append(Diagnostic(rule: .invalidFrontMatter, file: display, span: SourceSpan(line: 1, column: 1, endColumn: 4),
                message: "front matter in TOML (between +++ lines) is not read, so none of its keys (draft, date, title …) would apply",
                notes: ["write it as YAML between lines of three dashes: `title = \"A\"` becomes `title: \"A\"`, `tags = [\"x\"]` becomes `tags: [x]`"],
                lineText: lines[1]))
        } else if split.unterminated {
            diagnostics.append(Diagnostic(rule: .invalidFrontMatter, file: display, span: SourceSpan(line: 1, column: 1, endColumn: 4),
                message: "the front matter opened here is never closed", notes: ["end it with a line of three dashes: ---"], lineText: lines[1]))
        } else if let yaml = split.frontMatter {
            // What could be read is kept, so the slug and the rest are checked in the same run.
            let problems: [YAMLProblem]
            (matter, problems) = FrontMatterParser.decodeAll(yaml, siteFiles: siteFiles)
            for problem in problems {
                let span = SourceSpan(line: problem.line, column: problem.column, endColumn: problem.column + 1)
                let notes = problem.more.map { "line \($0.line): \($0.message)" }
                diagnostics.append(Diagnostic(rule: problem.notRead ? .unknownKey : .invalidFrontMatter, file: display, span: span,
                                              message: problem.message, suggestion: problem.suggestion, notes: notes,
                                              lineText: lines[problem.line]))
            }
        }
        // Unterminated front matter: the body is the text after the opening fence, so that
        // the rest of the page is still checked.
        let body = split.unterminated ? text.drop(while: { $0 != "\n" }).dropFirst() : split.body
        let bodyOffset = split.unterminated ? 1 : split.bodyLineOffset
        // Pages are written into the folder of their source, or where a permalink puts them:
        // that many steps up to the root. A page a permalink moves to another folder reaches
        // the files beside its source through `sourceFolder`.
        let fileName = opensFolder ? "index.md" : RelativeURL.fileName(of: path)
        // (A Character, not a String: `contains` of a String is Foundation's search.)
        let baseName = fileName.lastIndex(of: ".").map { String(fileName[..<$0]) } ?? fileName
        // A dated name (Jekyll's and Zola's `2024-05-01-kind-words.md`) dates the page, unless
        // its front matter does, and the rest of the name gives its slug and title.
        // Jekyll keeps drafts in `_drafts/`: left out as `draft: true` is.
        // (`contains` of a String is Foundation's search: asked only of paths with a `_`.)
        if path.containsUTF8Byte(UInt8(ascii: "_")), path.hasPrefix("_drafts/") || path.contains("/_drafts/") { matter.draft = true }
        var name = baseName
        if let dated = Self.datedName(baseName) {
            if matter.date == nil { matter.date = dated.date }
            if !dated.rest.isEmpty { name = dated.rest }
        }
        var slug = Slugger.pageSlug(name)
        // (Reported after the body's findings.)
        var slugProblem: Diagnostic?
        // Docusaurus writes a document at its id: links there use it.
        if matter.slug == nil, let id = matter.documentID { slug = isValidSlug(id) ? id : Slugger.pageSlug(id) }
        if let explicit = matter.slug {
            if Self.isValidSlug(explicit) {
                slug = explicit
            } else if Self.isValidSlug(explicit.lowercased()) {
                // Hugo lowercases the paths it writes (`hugo_convert_toJSON` is served at
                // `hugo_convert_tojson`), and links here match paths in any case.
                slug = explicit.lowercased()
            } else {
                let line = matter.keyLines["slug"] ?? 1
                slugProblem = (Diagnostic(rule: .invalidFrontMatter, file: display, span: SourceSpan(line: line, column: 1, endColumn: 5),
                    message: "slug \"\(explicit)\" may only hold lowercase letters a-z, digits, '-', and (not first) '_' and '.'",
                    // `slug: /` is how Docusaurus makes the home page; here that is `slug: index`.
                    suggestion: explicit.allSatisfy { $0 == "/" } ? "index" : Slugger.pageSlug(explicit), lineText: lines[line]))
            }
        }
        let folder = RelativeURL.folder(of: path)
        // With pretty URLs a page is its own folder's index (`guide/setup/index.html`, served
        // at `guide/setup/`), as Hugo, Docusaurus and MkDocs write pages; a folder's page
        // and the root's 404 page stay where they are.
        let isFolderPage = slug == "index" || (folder.isEmpty && (baseName == "index" || slug == "404"))
        let prettyPath = options.prettyURLs && !isFolderPage ? RelativeURL.joined(RelativeURL.joined(folder, slug), "index.html") : nil
        let permalinkPath = matter.permalink.map(FrontMatterParser.outputPath(ofPermalink:)) ?? prettyPath
        var facts = PageFacts(source: path, writtenAt: permalinkPath ?? path)
        facts.lineOffset = bodyOffset
        facts.frontMatterTitle = matter.title
        facts.audio = matter.audio.map(facts.written)
        let compiled = MarkdownCompiler.compile(body, facts: facts, options: options)
        for problem in compiled.problems {
            let rule: Rule = switch problem.kind {
            case .invalidTimestamp: .invalidTimestamp
            case .malformedReference: .malformedReference
            case .rawHTMLOmitted: .rawHTMLOmitted
            case .duplicateHeading: .duplicateHeading
            case .templateSyntax: .templateSyntax
            case .unknownFootnote: .unknownFootnote
            case .unusedFootnote: .unusedFootnote
            }
            diagnostics.append(Diagnostic(rule: rule, file: display, span: problem.span, message: problem.message,
                                          lineText: lines[problem.span.line]))
        }
        if let slugProblem { diagnostics.append(slugProblem) }

        let outputPath = permalinkPath ?? (folder.isEmpty && baseName == "index" ? "index.html" : (folder.isEmpty ? "" : folder + "/") + slug + ".html")
        // A folder's index page without a title of its own is named after the folder.
        let titleName = baseName == "index" && !folder.isEmpty ? RelativeURL.fileName(of: folder) : name
        let title = matter.title ?? compiled.leadingTitle ?? Course.title(fromFileName: titleName)
        var anchors = Set<String>(minimumCapacity: compiled.headings.count + compiled.quotes.count + 1)
        for heading in compiled.headings { anchors.insert(heading.id) }
        for quote in compiled.quotes { anchors.insert(quote.time.anchor) }
        if let titleAnchor = compiled.titleAnchor { anchors.insert(titleAnchor) }
        anchors.formUnion(compiled.markupAnchors)
        anchors.formUnion(compiled.htmlAnchors)
        let page = Page(sourcePath: path, displayPath: display, kind: matter.kind ?? PageKind.fromFolder(path), title: title,
                        slug: slug, outputPath: outputPath, frontMatter: matter,
                        summary: matter.summary ?? Self.shortened(compiled.firstParagraph ?? ""),
                        body: compiled, lines: lines, anchors: anchors)
        return Result(page: page, diagnostics: diagnostics)
    }


    /// `[a-z0-9-]`, and `_` after the first (Hugo's `hugo_server`; a name that starts with `_`
    /// is private to Jekyll, Hugo and Zola).
    /// `result`, or the page compiled again when its permalink puts it on one of `siteFiles`:
    /// then the permalink is not read (a warning) and the page keeps its file's URL. The
    /// cache keeps the first compilation, which does not depend on the site's files.
    static func placed(_ result: Result, path: String, text: String, location: ContentLocation, options: MarkdownOptions,
                       opensFolder: Bool, siteFiles: SiteFiles) -> Result {
        guard let page = result.page, page.frontMatter.permalink != nil, !page.isHomeIntro, siteFiles.isSiteFile(page.outputPath) else {
            return result
        }
        return compile(path: path, text: text, location: location, options: options, opensFolder: opensFolder, siteFiles: siteFiles)
            .withSourceKey(page.sourceKey)
    }

    static func isValidSlug(_ slug: String) -> Bool {
        // A `.` between other characters (`mkdocs-2.0`), as MkDocs and Hugo allow; never
        // first, last or two together, so a slug never names a hidden file or a folder above.
        !slug.isEmpty && slug.utf8.first != UInt8(ascii: "_") && slug.utf8.first != UInt8(ascii: ".") && slug.utf8.last != UInt8(ascii: ".")
            && !slug.contains("..")
            && slug.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E }
    }

    /// `2024-05-01-kind-words` (or `2024-05-01_kind-words`) as its date and the rest of the
    /// name; a daily note's `2024-05-01` as its date and no rest; nil for any other name.
    static func datedName(_ name: String) -> (date: String, rest: String)? {
        let utf8 = name.utf8
        guard utf8.count >= 10, let first = utf8.first, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") else { return nil }
        if utf8.count > 10 {
            let separator = utf8[utf8.index(utf8.startIndex, offsetBy: 10)]
            guard utf8.count > 11, separator == UInt8(ascii: "-") || separator == UInt8(ascii: "_") else { return nil }
        }
        let date = String(name.prefix(10))
        guard FrontMatterParser.isDate(date) else { return nil }
        return (date, String(name.dropFirst(11)))
    }


    /// At most about 200 characters, cut at a word.
    static func shortened(_ text: String) -> String {
        // Most paragraphs are ASCII without a carriage return: there bytes are characters.
        let isPlainASCII = text.isASCIIText && !text.containsUTF8Byte(UInt8(ascii: "\r"))
        guard isPlainASCII ? text.utf8.count > 200 : text.count > 200 else { return text }
        if isPlainASCII {
            let cut = text.utf8.prefix(200)
            return String(text[..<(cut.lastIndex(of: UInt8(ascii: " ")) ?? cut.endIndex)]) + "…"
        }
        let cut = text.prefix(200)
        let end = cut.lastIndex(of: " ") ?? cut.endIndex
        return String(cut[..<end]) + "…"
    }
}

extension Course {
    /// A course of the given files (path → text), compiled without touching the disk: for
    /// fuzzing and for tools that check one page.
    public static func inMemory(_ files: [(path: String, text: String)], config: CourseConfig = CourseConfig()) -> (Course, [Diagnostic]) {
        let location = ContentLocation(directory: "/nonexistent", displayName: "Content")
        let options = MarkdownOptions(unsafeHTML: config.unsafeHTML)
        var diagnostics: [Diagnostic] = []
        var pages: [Page] = []
        let standIns = FolderIndex.standIns(among: files.map(\.path))
        for file in files {
            let result = PageCompiler.compile(path: file.path, text: file.text, location: location, options: options,
                                              opensFolder: standIns.contains(file.path))
            diagnostics += result.diagnostics
            if let page = result.page { pages.append(page) }
        }
        diagnostics += checkUniqueness(pages, location: location, siteFiles: SiteFiles())
        return (Course(location: location, config: config, hasCourseFile: false, pages: pages, files: [], directories: [""]), diagnostics)
    }
}

extension Course {
    /// How the pages of the folder at `location` are compiled, as `load` compiles them: its
    /// course.yml and the site around it read once, for all the pages a rebuild compiles.
    public static func pageOptions(at location: ContentLocation, load: LoadOptions) -> MarkdownOptions {
        let root = URL(fileURLWithPath: location.directory).standardizedFileURL.resolvingSymlinksInPath().path
        let courseFile = WholeFile.read(root + "/course.yml")
        let config = courseFile.flatMap { try? CourseConfig.decode(String(decoding: $0, as: UTF8.self)) } ?? CourseConfig()
        return pageOptions(load, config: config, hasCourseFile: courseFile != nil, location: location).0
    }

    /// How this course's pages are compiled, and the site that holds the content folder (not
    /// looked for when the folder has a course.yml: its settings are its own).
    static func pageOptions(_ load: LoadOptions, config: CourseConfig, hasCourseFile: Bool, location: ContentLocation) -> (MarkdownOptions, HostSite?) {
        let hostSite = hasCourseFile ? nil : HostSite.enclosing(location.directory)
        var options = load.markdownOptions(unsafeHTML: config.unsafeHTML)
        options.definitionTermIDs = hostSite?.definitionTermIDs ?? false
        options.prettyURLs = config.prettyURLs ?? hostSite?.prettyURLs ?? false
        options.commentShortcodes = hostSite?.markdownHooks ?? false
        options.pythonMarkdownIDs = hostSite?.tool == .mkDocs
        options.mkDocsAdmonitions = hostSite?.tool == .mkDocs
        return (options, hostSite)
    }

    /// Whether the Markdown file `path` stands in for its folder's missing `index.md`, given
    /// every file of the content folder (`FolderIndex`).
    public static func opensFolder(_ path: String, among files: some Sequence<String>) -> Bool {
        FolderIndex.opensFolder(path, among: files)
    }

    /// One Markdown file of the content folder read and compiled with `options`
    /// (`pageOptions(at:load:)`), exactly as `load` compiles it: for rebuilds that only need the
    /// pages whose files changed. `opensFolder` as `opensFolder(_:among:)` tells it for the files
    /// of the content folder.
    public static func compilePage(_ relative: String, in location: ContentLocation, options: MarkdownOptions, siteFiles: SiteFiles,
                                   opensFolder: Bool = false) -> (page: Page?, diagnostics: [Diagnostic]) {
        let root = URL(fileURLWithPath: location.directory).standardizedFileURL.resolvingSymlinksInPath().path
        var diagnostics: [Diagnostic] = []
        guard let text = ContentLoader.readText(root + "/" + relative, relative, location, &diagnostics) else {
            return (nil, diagnostics)
        }
        let key = PageCache.key(path: relative, displayPath: location.display(relative), text: text, options: options,
                                opensFolder: opensFolder, compiler: CompilerIdentity.current())
        let compiled = PageCompiler.compile(path: relative, text: text, location: location, options: options,
                                            opensFolder: opensFolder).withSourceKey(key)
        let result = PageCompiler.placed(compiled, path: relative, text: text, location: location, options: options,
                                         opensFolder: opensFolder, siteFiles: siteFiles)
        return (result.page, diagnostics + result.diagnostics)
    }
}
