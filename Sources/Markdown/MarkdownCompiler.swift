import Support
import CCmark
import CSystem

public struct MarkdownOptions: Sendable, Hashable {
    /// Keep raw HTML and `javascript:` links (cmark's UNSAFE); off by default.
    public var unsafeHTML: Bool
    /// Typographic quotes and dashes (cmark's SMART).
    public var smartPunctuation: Bool
    /// Whether to render the body's HTML. Without it the compiler finds the same facts
    /// (headings, quotes, references, links, anchors, problems) and leaves `html` empty:
    /// `syllabus check` reads only the facts, and rendering is a third of a page's compile.
    public var renderHTML: Bool
    /// Whether the terms of definition lists get ids, as headings do (Hugo's
    /// `autoDefinitionTermID`).
    public var definitionTermIDs = false
    /// Whether each page is written as its own folder's index (`setup/index.html`), which
    /// moves it one folder down from its source: its relative links are written from there.
    public var prettyURLs = false
    /// Whether HTML comments are a site's shortcodes (a MkDocs site with `hooks:` rewrites
    /// pages by them), which are not run here: a page that holds one is reported as holding
    /// template tags.
    public var commentShortcodes = false
    /// Whether `!!! type "Title"` and its indented lines are an admonition (an MkDocs site).
    public var mkDocsAdmonitions = false
    /// Whether ids are made as Python-Markdown (MkDocs) makes them: a heading's with runs of
    /// `-` as one, and a footnote at `fn:label` too.
    public var pythonMarkdownIDs = false {
        didSet { pageSlugger.collapsesDashes = pythonMarkdownIDs }
    }
    /// The markup the compiler adds (quotes, callouts, embeds, reference links): the theme's.
    public var markup: MarkupTemplates
    /// Ids the theme gives its own elements: no heading is given one, and a heading written
    /// with one is reported.
    public var reservedIDs: [String] {
        didSet {
            pageSlugger = Self.pageSlugger(reserving: reservedIDs)
            pageSlugger.collapsesDashes = pythonMarkdownIDs
        }
    }
    /// A slugger holding the reserved ids, made once: every page starts from a copy (hashing
    /// the ids for each page was a visible part of its compile), with room for its headings.
    private(set) var pageSlugger: Slugger

    public init(unsafeHTML: Bool = false, smartPunctuation: Bool = true, renderHTML: Bool = true,
                markup: MarkupTemplates = .default, reservedIDs: [String] = []) {
        self.unsafeHTML = unsafeHTML
        self.smartPunctuation = smartPunctuation
        self.renderHTML = renderHTML
        self.markup = markup
        self.reservedIDs = reservedIDs
        pageSlugger = Self.pageSlugger(reserving: reservedIDs)
    }

    /// A hash of what the theme hands the compiler (its markup and reserved ids): a page
    /// compiled with others is another page, so a cache of compiled pages keys on it.
    public var themeFingerprint: UInt64 {
        var hasher = StableHasher(seed: markup.fingerprint)
        for id in reservedIDs { hasher.combine(id) }
        return hasher.finalize()
    }

    private static func pageSlugger(reserving ids: [String]) -> Slugger {
        var slugger = Slugger(minimumCapacity: 32)
        for id in ids { slugger.reserve(id) }
        return slugger
    }

    public static func == (lhs: MarkdownOptions, rhs: MarkdownOptions) -> Bool {
        lhs.unsafeHTML == rhs.unsafeHTML && lhs.smartPunctuation == rhs.smartPunctuation && lhs.renderHTML == rhs.renderHTML
            && lhs.definitionTermIDs == rhs.definitionTermIDs && lhs.prettyURLs == rhs.prettyURLs
            && lhs.commentShortcodes == rhs.commentShortcodes && lhs.pythonMarkdownIDs == rhs.pythonMarkdownIDs
            && lhs.mkDocsAdmonitions == rhs.mkDocsAdmonitions
            && lhs.markup == rhs.markup && lhs.reservedIDs == rhs.reservedIDs
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(unsafeHTML)
        hasher.combine(smartPunctuation)
        hasher.combine(renderHTML)
        hasher.combine(definitionTermIDs)
        hasher.combine(prettyURLs)
        hasher.combine(commentShortcodes)
        hasher.combine(pythonMarkdownIDs)
        hasher.combine(mkDocsAdmonitions)
        hasher.combine(markup)
        hasher.combine(reservedIDs)
    }
}

/// What the compiler needs to know about the page a body belongs to.
public struct PageFacts: Sendable, Hashable {
    /// Lines above the body (front matter), so positions are lines of the whole file.
    public var lineOffset: Int
    /// The title from front matter, if any: a leading `# heading` equal to it (or any leading
    /// `# heading` when there is none) is the title and leaves the body.
    public var frontMatterTitle: String?
    /// `audio` from front matter, as written: quotes link to `audio#t=SECONDS`.
    public var audio: String?
    /// How many folders down from the site's root the page is (2 for `lessons/week-1/x.md`):
    /// a link written from the root (`/assets/a.png`) is made relative with as many `../`,
    /// so the site works from disk and under any sub-path.
    public var depth: Int
    /// The page's source folder as seen from where it is written (`../docs/`), when a
    /// permalink writes it elsewhere: a relative link to a file goes through it, so it still
    /// finds the file beside the source. Nil when the page is written beside its source.
    public var sourceFolder: String?

    public init(lineOffset: Int = 0, frontMatterTitle: String? = nil, audio: String? = nil, depth: Int = 0, sourceFolder: String? = nil) {
        self.lineOffset = lineOffset
        self.frontMatterTitle = frontMatterTitle
        self.audio = audio
        self.depth = depth
        self.sourceFolder = sourceFolder
    }

    /// The facts of where a page from `sourcePath` is written (`outputPath`).
    public init(source sourcePath: String, writtenAt outputPath: String) {
        let folder = RelativeURL.folder(of: sourcePath)
        let depth = RelativeURL.depth(of: outputPath)
        let moved = RelativeURL.folder(of: outputPath) != folder
        self.init(depth: depth, sourceFolder: moved ? String(repeating: "../", count: depth) + (folder.isEmpty ? "" : folder + "/") : nil)
    }

    /// A destination as written on the page: from the site's root made relative, a relative
    /// one through `sourceFolder`. One that climbs above the content folder from the source
    /// is left as written: it was written from where the page is served (Jekyll's authors
    /// write `../../assets/x.png` on a page served at `/docs/page/`).
    public func written(_ destination: String) -> String {
        if let relative = LinkTarget.fromSiteRoot(destination, depth: depth) { return relative }
        guard let sourceFolder, !LinkTarget.hasScheme(destination), !destination.hasPrefix("//"),
              let first = destination.first, first != "#", first != "?", first != "/" else { return destination }
        var folder = Substring(sourceFolder)
        while folder.hasPrefix("../") { folder = folder.dropFirst(3) }
        guard RelativeURL.resolve(LinkTarget.pathPart(of: destination), against: String(folder.dropLast(folder.hasSuffix("/") ? 1 : 0))) != nil else {
            return destination
        }
        return sourceFolder + destination
    }
}

/// Compiles one Markdown body with libcmark: finds headings, timestamped quotes, `[see: …]`
/// references, wikilinks, embeds and links with their source positions, and renders HTML (with
/// callouts and admonitions as asides) in which the targets of cross-references are
/// placeholders (see `Placeholder.fill`), unless `renderHTML` is off.
/// The cmark tree never leaves this call, so pages can be compiled on any thread.
public enum MarkdownCompiler {
    /// The bytes that can start a syntax the compiler recognizes: the union of the syntaxes'
    /// own declarations, from which its prefilter is made.
    static var startBytes: ByteSet { Prefilter.startBytes }

    public static func compile(_ body: String, facts: PageFacts = PageFacts(), options: MarkdownOptions = MarkdownOptions()) -> CompiledMarkdown {
        compile(body[...], facts: facts, options: options)
    }

    /// The body as part of a larger text (a page after its front matter): its bytes are
    /// copied once, into the compiler's own buffer, which cmark reads too.
    public static func compile(_ body: Substring, facts: PageFacts = PageFacts(), options: MarkdownOptions = MarkdownOptions()) -> CompiledMarkdown {
        var compilation = Compilation(body: body, facts: facts, options: options)
        return compilation.run()
    }
}

/// One body's compilation: cmark's parse, one pass over its blocks that hands each block to
/// the syntaxes it may hold (see `Prefilter`; each syntax is an extension of this type in
/// `Syntax/`, with its state in a value of its own), and the render.
struct Compilation {
    let source: SourceText
    let facts: PageFacts
    let options: MarkdownOptions
    /// This thread's arena, emptied for this page: cmark's document and every node made here
    /// live in it until the next page compiled on the thread, so nothing is freed one by one.
    /// (A compilation runs start to end on the thread that made it.) A body over `arenaLimit`
    /// uses malloc instead, which reuses what cmark frees while it parses: parsed into the
    /// arena, a 15 MB page took twice the memory.
    let memory: UnsafeMutablePointer<cmark_mem>
    let usesArena: Bool
    static let arenaLimit = 1 << 20
    let prefilter: Prefilter

    /// What the page is found to hold, as the compiler returns it; its HTML comes last.
    var found = CompiledMarkdown(htmlText: LazyText(""), headings: [], quotes: [], chapters: [], timeLinks: [], references: [], links: [], htmlAnchors: [],
                                 leadingTitle: nil, titleAnchor: nil, firstParagraph: nil, problems: [], slotCount: 0)
    /// Heading ids and quote anchors handed out on this page.
    var slugger: Slugger
    var callouts = Callouts()
    var admonitions = Admonitions()
    var rawHTML = RawHTML()
    var templateTags = TemplateTags()
    /// `NotWikilinks.templateRanges` of the page, made when a block first has a wikilink.
    var templateRanges: [Range<Int>]?
    var tables = Tables()
    /// Where the page's MkDocs admonitions are (`MkDocsAdmonitions`).
    var admonitionSpans: [MkDocsAdmonitions.Span] = []
    var footnotes = Footnotes()
    var side = SideParse()

    init(body: Substring, facts: PageFacts, options: MarkdownOptions) {
        var body = body
        var bytes = body.withUTF8 { Array($0) }
        // The placeholder marker must never come from content (found by fuzzing).
        let hasMarker = bytes.withUnsafeBufferPointer { buffer in
            buffer.firstOffset(of: Placeholder.marker) != nil
        }
        if hasMarker {
            bytes = Array(String(body).replacing("\u{1}", with: "\u{FFFD}").utf8)
        }
        if options.mkDocsAdmonitions, let rewritten = MkDocsAdmonitions.rewritten(bytes) {
            bytes = rewritten.bytes
            admonitionSpans = rewritten.spans
        }
        self.source = SourceText(bytes: bytes, lineOffset: facts.lineOffset)
        self.facts = facts
        self.options = options
        self.slugger = options.pageSlugger
        self.usesArena = bytes.count <= Self.arenaLimit
        self.memory = usesArena ? UnsafeMutablePointer(mutating: syllabus_arena_begin().assumingMemoryBound(to: cmark_mem.self))
                                : cmark_get_default_mem_allocator()
        self.prefilter = Prefilter(source)
    }

    var parseOptions: Int32 {
        CMARK_OPT_SOURCEPOS | (options.smartPunctuation ? CMARK_OPT_SMART : 0) | (options.unsafeHTML ? CMARK_OPT_UNSAFE : 0)
    }

    var renderOptions: Int32 {
        CMARK_OPT_DEFAULT | (options.unsafeHTML ? CMARK_OPT_UNSAFE : 0)
    }

    mutating func run() -> CompiledMarkdown {
        guard let parsed = parse(source.bytes) else { return found }
        // (Parsed again without the footnote definitions, when the page has any.)
        let root = planFootnotes(in: parsed)
        defer {
            if !usesArena {
                cmark_node_free(root)
                if let side = side.root { cmark_node_free(side) }
            }
        }

        joinAdmonitionQuotes(in: root)
        dropImports(from: root)
        // (Before the title is taken: `===` under a table is a row, not a title's underline.)
        planTables(in: root)
        parseSideDocument(of: root)
        takeLeadingTitle(from: root)
        readBlocks(of: root)
        readFootnotes()
        reportUnusedFootnotes()
        closeRawHTML()
        reportTemplateTags()
        reportOmittedHTML()
        // After the blocks were read: the first line a callout's marker is on goes.
        makeCallouts()
        if options.renderHTML {
            makeAdmonitions()
            appendFootnotes(to: root)
            found.htmlText = LazyText(render(root))
        }
        return found
    }

    /// cmark's tree of `bytes`, in the page's memory.
    func parse(_ bytes: [UInt8]) -> Node? {
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                guard let parser = cmark_parser_new_with_mem(parseOptions, memory) else { return nil }
                defer { cmark_parser_free(parser) }
                if let base = chars.baseAddress { cmark_parser_feed(parser, base, chars.count) }
                return cmark_parser_finish(parser)
            }
        }
    }

    // MARK: - The pass

    /// Takes out the MDX imports that open the page.
    func dropImports(from root: Node) {
        while let first = cmark_node_first_child(root), cmark_node_get_type(first) == CMARK_NODE_PARAGRAPH,
              let lead = leadingTextByte(of: first), prefilter.imports.contains(lead), isImportParagraph(first) {
            cmark_node_free(first)
        }
    }

    /// The one pass over the page's blocks, in document order: each paragraph and heading is
    /// read (`read(block:)`), raw HTML blocks noted, block quotes, lists and items gone into.
    /// Only blocks are visited, and the inlines of a block only by the syntaxes its source
    /// lets in: a page has many times as many inlines as blocks.
    mutating func readBlocks(of root: Node) {
        var node = cmark_node_first_child(root)
        while let current = node {
            let type = cmark_node_get_type(current)
            if type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING {
                // The next node is known before this one is rewritten (a heading is replaced,
                // a quote wrapped, a paragraph that holds a table replaced by it).
                node = Self.nextInDocument(after: current, within: root)
                if tables.holdsTable(current) {
                    node = tables.lastPlannedBlock.flatMap { Self.nextInDocument(after: $0, within: root) }
                    readTables(replacing: current)
                } else {
                    read(block: current, as: type == CMARK_NODE_HEADING ? .heading : .paragraph)
                }
                continue
            }
            if type == CMARK_NODE_HTML_BLOCK {
                // (The block is replaced by what is kept of it.)
                node = Self.nextInDocument(after: current, within: root)
                noteHTMLBlock(current)
                continue
            } else if type == CMARK_NODE_CODE_BLOCK {
                node = Self.nextInDocument(after: current, within: root)
                noteFenceID(of: current)
                highlight(codeBlock: current)
                continue
            } else if let child = cmark_node_first_child(current) {
                if options.renderHTML, type == CMARK_NODE_BLOCK_QUOTE,
                   let lead = leadingSourceByte(of: child), prefilter.callouts.contains(lead) {
                    noteCallout(current, firstChild: child)
                }
                // A block quote, list or item: its blocks come next.
                node = child
                continue
            }
            node = Self.nextInDocument(after: current, within: root)
        }
        admonitions.closeOpenFences()
    }

    /// What a block the pass reads is: a table's cell is read for what its text holds, and is
    /// no quote, fence or summary of the page.
    enum BlockKind { case paragraph, heading, cell }

    /// Hands a paragraph, heading or table cell to each syntax whose start bytes it holds, in
    /// an order that matters: fences and tags are read as written, before a quote's time
    /// leaves the text; references are found before the text a reader is shown is taken, so a
    /// reference reads as its title, not as `[see: …]`; the heading is replaced last.
    mutating func read(block: Node, as kind: BlockKind) {
        var scan = BlockScan(range: blockRange(block), prefilter: prefilter)
        if kind == .paragraph, scan.holdsAny(of: prefilter.admonitions, in: source) { noteAdmonitionFences(of: block) }
        if scan.holdsAny(of: prefilter.templateTags, in: source) { noteTemplateTags(in: block, range: scan.range) }
        if scan.holdsAny(of: prefilter.rawHTML, in: source) { noteInlineHTML(in: block, range: scan.range) }
        var quote: Quote?
        var mayBeFirstParagraph = false
        var task: TaskLists.Marker?
        if kind == .paragraph {
            if options.renderHTML, let lead = leadingSourceByte(of: block), prefilter.tasks.contains(lead) { task = taskMarker(of: block) }
            if let lead = leadingTextByte(of: block), prefilter.quotes.contains(lead) { quote = takeQuotePrefix(from: block) }
            mayBeFirstParagraph = quote == nil && found.firstParagraph == nil
                && cmark_node_parent(block).map { cmark_node_get_type($0) == CMARK_NODE_DOCUMENT } == true
                && !admonitions.fenceParagraphs.contains(block)
        }
        // Most blocks hold no reference and no link, and their source shows it: those blocks
        // are not walked again.
        if scan.holdsAny(of: prefilter.mentions, in: source) { linkMentions(in: block) }
        if scan.holdsAny(of: prefilter.footnotes, in: source) { linkFootnoteReferences(in: block) }
        // A bare URL becomes a link first, and is collected as one.
        let linkedBareURLs = scan.holdsAny(of: prefilter.bareURLs, in: source) && linkBareURLs(in: block)
        if linkedBareURLs || scan.holdsAny(of: prefilter.links, in: source) { collectLinks(in: block) }
        if kind == .paragraph, quote == nil, mayOpenChapter(block) { takeChapter(from: block) }
        // Before the texts are taken: a struck text reads without its tildes.
        if scan.holdsAny(of: prefilter.strikethrough, in: source) { strikeThrough(in: block) }
        // Before the texts are taken: a summary or quote keeps no ` ^id`.
        let blockID = kind == .paragraph && scan.holdsAny(of: prefilter.blockIDs, in: source) ? takeBlockID(of: block) : nil
        // A check finds the texts too: they are facts of the page its quick runs compare with
        // a build's.
        if mayBeFirstParagraph {
            let text = plainText(of: block, trimmed: true, showingReferences: true)
            if !text.isEmpty { found.firstParagraph = text }
        }
        if var quote {
            quote.text = plainText(of: block, trimmed: true, showingReferences: true)
            found.quotes.append(quote)
        }
        if kind == .heading {
            replaceHeading(block, mayHaveID: scan.holdsAny(of: prefilter.headingIDs, in: source))
        } else if let quote, options.renderHTML {
            wrapQuote(block, time: quote.time)
        }
        // (After its links were read: the marker's text goes, the links' nodes stay.)
        if let task { makeTask(block, task) }
        if let blockID { markBlock(block, id: blockID) }
        // Last: the paragraph's inlines move into the list's terms and definitions.
        if kind == .paragraph, quote == nil, task == nil, blockID == nil, scan.holdsAny(of: prefilter.definitionLists, in: source) {
            makeDefinitionList(block)
        }
    }

    /// Whether the block's source holds any of `bytes` (for a block read outside the pass).
    func blockHolds(_ bytes: ByteSet, _ block: Node) -> Bool {
        var scan = BlockScan(range: blockRange(block), prefilter: prefilter)
        return scan.holdsAny(of: bytes, in: source)
    }

    // MARK: - Findings

    mutating func report(_ kind: MarkdownProblem.Kind, _ message: String, at span: SourceSpan) {
        found.problems.append(MarkdownProblem(kind: kind, message: message, span: span))
    }

    /// `(here and in 2 more places on this page)` after a finding reported once a page.
    static func morePlaces(_ others: Int) -> String {
        others > 0 ? " (here and in \(others) more \(others == 1 ? "place" : "places") on this page)" : ""
    }

    /// The next placeholder slot of the page.
    mutating func takeSlot() -> Int {
        found.slotCount += 1
        return found.slotCount - 1
    }

    // MARK: - Rendering

    func render(_ root: Node) -> String {
        // The HTML comes from the root's allocator (the arena's free does nothing).
        guard let rendered = cmark_render_html(root, renderOptions) else { return "" }
        defer { memory.pointee.free(rendered) }
        // Valid UTF-8 from valid input; read as the page's text is (smart punctuation puts a
        // few characters that are not ASCII in most paragraphs).
        return String.validatingUTF8(Self.bytes(of: rendered)) ?? String(cString: rendered)
    }
}
