import Support
import CCmark
import CSystem
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public struct MarkdownOptions: Sendable, Hashable {
    /// Keep raw HTML and `javascript:` links (cmark's UNSAFE); off by default.
    public var unsafeHTML: Bool
    /// Typographic quotes and dashes (cmark's SMART).
    public var smartPunctuation: Bool
    /// Whether to render the body's HTML. Without it the compiler finds the same facts
    /// (headings, quotes, references, links, anchors, problems) and leaves `html` empty:
    /// `syllabus check` reads only the facts, and rendering is a third of a page's compile.
    public var renderHTML: Bool

    public init(unsafeHTML: Bool = false, smartPunctuation: Bool = true, renderHTML: Bool = true) {
        self.unsafeHTML = unsafeHTML
        self.smartPunctuation = smartPunctuation
        self.renderHTML = renderHTML
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

    public init(lineOffset: Int = 0, frontMatterTitle: String? = nil, audio: String? = nil, depth: Int = 0) {
        self.lineOffset = lineOffset
        self.frontMatterTitle = frontMatterTitle
        self.audio = audio
        self.depth = depth
    }
}

/// Compiles one Markdown body with libcmark: finds headings, timestamped quotes, `[see: …]`
/// references and links with their source positions, and renders HTML in which the targets of
/// cross-references are placeholders (see `Placeholder.fill`), unless `renderHTML` is off.
/// The cmark tree never leaves this call, so pages can be compiled on any thread.
public enum MarkdownCompiler {
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

/// A cmark node. (`cmark_node_free` and cmark's calls that place a node take it out of where
/// it was first: none needs a `cmark_node_unlink` before it.)
private typealias Node = OpaquePointer

private struct Piece {
    var node: Node
    var start: Int
}

private struct Compilation {
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

    var slugger = Compilation.pageSlugger
    var headings: [Heading] = []
    var quotes: [Quote] = []
    var references: [SeeReference] = []
    var links: [LinkOccurrence] = []
    var htmlAnchors: [String] = []
    var problems: [MarkdownProblem] = []
    var firstParagraph: String?
    var leadingTitle: String?
    var titleAnchor: String?
    var slotCount = 0
    /// Block quotes that are callouts (`> [!NOTE]`), made into asides once every block is read.
    var callouts: [(quote: Node, callout: Callout)] = []
    /// Docusaurus admonitions (`:::tip` … `:::`), innermost first, made into asides with the
    /// callouts; `close` is nil when no fence closes one (it holds the rest of its container).
    var admonitions: [(open: Node, close: Node?, fence: AdmonitionFence)] = []
    /// Opening fences not closed yet, in the order they were read, with their containers.
    var openFences: [(node: Node, parent: Node?, fence: AdmonitionFence)] = []
    /// Paragraphs that open or close an admonition: never the page's summary.
    var fenceParagraphs: [Node] = []
    /// Raw HTML that the site leaves out (without `unsafeHTML`): where the first is, and in how
    /// many blocks. Comments are not counted: leaving them out hides nothing.
    var firstOmittedHTML: SourceSpan?
    var omittedHTMLCount = 0
    /// The first `{{ … }}` or `{% … %}` shown as text (Liquid, Jinja, Hugo shortcodes), as
    /// written, and in how many blocks there are some.
    var firstTemplateTag: (text: String, span: SourceSpan)?
    var templateBlockCount = 0

    /// Ids the default theme gives its own elements (prefixed, so that no heading a
    /// GitHub-style slugger makes collides with them; reserved all the same).
    static let themeIDs = ["syllabus-main", "syllabus-search-input", "syllabus-search-hint", "syllabus-search-results",
                           "syllabus-episode-audio", "syllabus-outline"]

    /// A slugger holding the theme's ids, made once: every page starts from a copy (hashing
    /// the ids for each page was a visible part of its compile), with room for its headings.
    static let pageSlugger: Slugger = {
        var slugger = Slugger(minimumCapacity: 32)
        for id in themeIDs { slugger.reserve(id) }
        return slugger
    }()

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
        self.source = SourceText(bytes: bytes, lineOffset: facts.lineOffset)
        self.facts = facts
        self.options = options
        self.usesArena = bytes.count <= Self.arenaLimit
        self.memory = usesArena ? UnsafeMutablePointer(mutating: syllabus_arena_begin().assumingMemoryBound(to: cmark_mem.self))
                                : cmark_get_default_mem_allocator()
    }

    var parseOptions: Int32 {
        CMARK_OPT_SOURCEPOS | (options.smartPunctuation ? CMARK_OPT_SMART : 0) | (options.unsafeHTML ? CMARK_OPT_UNSAFE : 0)
    }

    var renderOptions: Int32 {
        CMARK_OPT_DEFAULT | (options.unsafeHTML ? CMARK_OPT_UNSAFE : 0)
    }

    mutating func run() -> CompiledMarkdown {
        let root: Node? = source.bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                guard let parser = cmark_parser_new_with_mem(parseOptions, memory) else { return nil }
                defer { cmark_parser_free(parser) }
                if let base = chars.baseAddress { cmark_parser_feed(parser, base, chars.count) }
                return cmark_parser_finish(parser)
            }
        }
        guard let root else {
            return CompiledMarkdown(htmlText: LazyText(""), headings: [], quotes: [], references: [], links: [], htmlAnchors: [],
                                    leadingTitle: nil, titleAnchor: nil, firstParagraph: nil, problems: [], slotCount: 0)
        }
        defer { if !usesArena { cmark_node_free(root) } }

        dropImports(from: root)
        takeLeadingTitle(from: root)
        for block in inlineContainers(in: root) {
            process(block: block)
        }
        if let (tag, span) = firstTemplateTag {
            let others = templateBlockCount - 1
            report(.templateSyntax, "'\(tag)' is template syntax (Liquid, Jinja or a Hugo shortcode), which is not run here: it shows as written"
                   + (others > 0 ? " (here and in \(others) more \(others == 1 ? "place" : "places") on this page)" : ""), at: span)
        }
        if let first = firstOmittedHTML {
            let others = omittedHTMLCount - 1
            report(.rawHTMLOmitted, "raw HTML is left out of the site" + (others > 0 ? " (here and in \(others) more \(others == 1 ? "place" : "places") on this page)" : "")
                   + "; course.yml's unsafe_html: true keeps it", at: first)
        }
        // After the blocks were read: the first line a callout's marker is on goes.
        for (quote, callout) in callouts { makeCallout(quote, callout) }
        if options.renderHTML {
            for admonition in admonitions { makeAdmonition(admonition) }
        }
        let html = options.renderHTML ? render(root) : ""
        return CompiledMarkdown(htmlText: LazyText(html), headings: headings, quotes: quotes, references: references, links: links,
                                htmlAnchors: htmlAnchors, leadingTitle: leadingTitle, titleAnchor: titleAnchor, firstParagraph: firstParagraph,
                                problems: problems, slotCount: slotCount)
    }

    // MARK: - Walking

    /// Paragraphs and headings in document order; raw HTML anchors are collected on the way.
    /// Only blocks are visited, and the inlines of those whose source holds a `<` (raw HTML
    /// starts so): a page has many times as many inlines as blocks.
    mutating func inlineContainers(in root: Node) -> [Node] {
        var blocks: [Node] = []
        // Template tags are looked for only in a page whose source holds `{{` or `{%`.
        let mayHoldTemplates = source.holdsTemplateOpening()
        let mayHoldAdmonitions = source.holdsAdmonitionFence()
        var node = cmark_node_first_child(root)
        while let current = node {
            let type = cmark_node_get_type(current)
            if type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING {
                blocks.append(current)
                if mayHoldAdmonitions, type == CMARK_NODE_PARAGRAPH { noteAdmonitionFences(of: current) }
                let range = blockRange(current)
                if mayHoldTemplates, source.contains(UInt8(ascii: "{"), in: range) { noteTemplateTags(in: current, range: range) }
                if source.contains(UInt8(ascii: "<"), in: range) {
                    var found: [Node] = []
                    walkInlines(of: current) { inline in
                        if cmark_node_get_type(inline) == CMARK_NODE_HTML_INLINE { found.append(inline) }
                        return true
                    }
                    var cursor = range.lowerBound
                    let omittedBefore = omittedHTMLCount
                    for inline in found {
                        htmlAnchors += Self.anchors(inHTML: literal(of: inline))
                        guard !options.unsafeHTML, let pointer = cmark_node_get_literal(inline) else { continue }
                        // Where it is written: cmark's position when the source there holds it (its
                        // inline positions can name the wrong line), else the next place it is
                        // written in the block.
                        let needle = Self.bytes(of: pointer)
                        let at = writtenAt(inline, needle) ?? source.find(needle, from: cursor, in: range)
                        if let at { cursor = at + needle.count }
                        noteOmittedHTML(needle, at: at.map { source.span(from: $0, to: $0 + needle.count) } ?? blockSpan(current))
                    }
                    // A paragraph is one place, however many tags it holds (`<kbd>` and `</kbd>`).
                    omittedHTMLCount = min(omittedHTMLCount, omittedBefore + 1)
                }
            } else if type == CMARK_NODE_HTML_BLOCK {
                htmlAnchors.append(contentsOf: Self.anchors(inHTML: literal(of: current)))
                if !options.unsafeHTML, let pointer = cmark_node_get_literal(current) {
                    noteOmittedHTML(Self.bytes(of: pointer), at: blockSpan(current))
                }
            } else if let child = cmark_node_first_child(current) {
                if options.renderHTML, type == CMARK_NODE_BLOCK_QUOTE, cmark_node_get_type(child) == CMARK_NODE_PARAGRAPH,
                   let start = startOffset(child), let callout = Callout(at: start, in: source) {
                    callouts.append((current, callout))
                }
                // A block quote, list or item: its blocks come next.
                node = child
                continue
            }
            node = Self.nextInDocument(after: current, within: root)
        }
        // Fences no line closed hold the rest of their containers, as Docusaurus reads them.
        admonitions += openFences.reversed().map { ($0.node, nil, $0.fence) }
        openFences = []
        return blocks
    }

    /// Notes a paragraph that opens an admonition (its first line `:::tip …`, as written, not
    /// escaped) or closes one (its last line only colons, as many as the opening's or more,
    /// in the same container). Without blank lines around them, cmark reads fences and text
    /// as one paragraph: a fence is a line of it.
    mutating func noteAdmonitionFences(of paragraph: Node) {
        let parent = cmark_node_parent(paragraph)
        var isFence = false
        if let first = cmark_node_first_child(paragraph), cmark_node_get_type(first) == CMARK_NODE_TEXT,
           let pointer = cmark_node_get_literal(first), pointer.pointee == CChar(UInt8(ascii: ":")),
           let start = startOffset(paragraph), start < source.bytes.count, source.bytes[start] == UInt8(ascii: ":"),
           let fence = AdmonitionFence(opening: Self.bytes(of: pointer)) {
            openFences.append((paragraph, parent, fence))
            isFence = true
        }
        if let last = cmark_node_last_child(paragraph), cmark_node_get_type(last) == CMARK_NODE_TEXT,
           let pointer = cmark_node_get_literal(last), pointer.pointee == CChar(UInt8(ascii: ":")),
           let colons = AdmonitionFence.closingColons(Self.bytes(of: pointer)),
           cmark_node_previous(last).map({ Self.isLineBreak($0) }) ?? true,
           let index = openFences.lastIndex(where: { $0.parent == parent }), openFences[index].fence.colons <= colons {
            // Fences opened further in (in a list item that has ended) hold the rest of theirs.
            admonitions += openFences[(index + 1)...].reversed().map { ($0.node, nil, $0.fence) }
            admonitions.append((openFences[index].node, paragraph, openFences[index].fence))
            openFences.removeSubrange(index...)
            isFence = true
        }
        if isFence { fenceParagraphs.append(paragraph) }
    }

    static func isLineBreak(_ node: Node) -> Bool {
        let type = cmark_node_get_type(node)
        return type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK
    }

    /// Where a link's destination is written: after its `(` (or `<`), so that a link text
    /// that reads as the destination (`[b.md](b.md)`) is passed over; else (a destination
    /// written with escapes or entities reads differently) nil.
    func destinationStart(_ destination: UnsafeBufferPointer<UInt8>, from cursor: Int, in range: Range<Int>) -> Int? {
        var from = cursor
        while let at = source.find(destination, from: from, in: range) {
            if at > range.lowerBound, source.bytes[at - 1] == UInt8(ascii: "(") || source.bytes[at - 1] == UInt8(ascii: "<") { return at }
            from = at + 1
        }
        return source.find(destination, from: cursor, in: range)
    }

    /// The offset in the source where cmark says `node` starts (exact for blocks; an inline's
    /// may name the wrong line, see `writtenAt`).
    func startOffset(_ node: Node) -> Int? {
        let line = Int(cmark_node_get_start_line(node)), column = Int(cmark_node_get_start_column(node))
        guard line > 0, column > 0, line <= source.lineStarts.count else { return nil }
        return source.lineStarts[line - 1] + column - 1
    }

    /// Where cmark places `node`, when the source holds `text` there.
    func writtenAt(_ node: Node, _ text: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let start = startOffset(node), start + text.count <= source.bytes.count, source.bytes[start..<(start + text.count)].elementsEqual(text) else { return nil }
        return start
    }

    /// Counts raw HTML the site leaves out, unless it is a comment.
    mutating func noteOmittedHTML(_ html: UnsafeBufferPointer<UInt8>, at span: SourceSpan) {
        guard let start = html.firstIndex(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }),
              !html[start...].starts(with: "<!--".utf8) else { return }
        if firstOmittedHTML == nil { firstOmittedHTML = span }
        omittedHTMLCount += 1
    }

    /// Notes the first `{{`/`{%` tag of the block's text (not its code), where it is written.
    mutating func noteTemplateTags(in block: Node, range: Range<Int>) {
        var found: [UInt8]?
        walkInlines(of: block) { inline in
            guard found == nil, cmark_node_get_type(inline) == CMARK_NODE_TEXT, let pointer = cmark_node_get_literal(inline) else {
                return found == nil
            }
            let text = Self.bytes(of: pointer)
            var index = 0
            while index + 1 < text.count {
                if text[index] == UInt8(ascii: "{"), text[index + 1] == UInt8(ascii: "{") || text[index + 1] == UInt8(ascii: "%") {
                    // The tag up to its closing `}}` or `%}` in this text, at most 60 bytes.
                    var end = index + 2
                    while end < min(text.count, index + 60) {
                        end += 1
                        if text[end - 1] == UInt8(ascii: "}"), text[end - 2] == UInt8(ascii: "}") || text[end - 2] == UInt8(ascii: "%") { break }
                    }
                    found = Array(text[index..<end])
                    return false
                }
                index += 1
            }
            return false
        }
        guard let tag = found else { return }
        templateBlockCount += 1
        guard firstTemplateTag == nil else { return }
        let opening = Array(tag.prefix(2))
        let at = tag.withUnsafeBufferPointer { source.find($0, from: range.lowerBound, in: range) }
            ?? opening.withUnsafeBufferPointer { source.find($0, from: range.lowerBound, in: range) }
        let span = at.map { source.span(from: $0, to: min($0 + tag.count, range.upperBound)) } ?? blockSpan(block)
        firstTemplateTag = (String(decoding: tag, as: UTF8.self), span)
    }

    /// The node after `node` and everything inside it, climbing out of finished parents, up to
    /// `container` (nil at its end).
    static func nextInDocument(after node: Node, within container: Node) -> Node? {
        var climb: Node? = node
        while let up = climb, up != container {
            if let next = cmark_node_next(up) { return next }
            climb = cmark_node_parent(up)
        }
        return nil
    }

    /// Visits the inline descendants of `block` in document order without recursion (emphasis
    /// may nest arbitrarily deep). `visit` returns whether to descend into the node.
    func walkInlines(of block: Node, _ visit: (Node) -> Bool) {
        var node = cmark_node_first_child(block)
        while let current = node {
            if visit(current), let child = cmark_node_first_child(current) {
                node = child
                continue
            }
            node = Self.nextInDocument(after: current, within: block)
        }
    }

    /// A node in the page's arena.
    func newNode(_ type: cmark_node_type) -> Node? {
        cmark_node_new_with_mem(type, memory)
    }

    func literal(of node: Node) -> String {
        guard let pointer = cmark_node_get_literal(node) else { return "" }
        return String(cString: pointer)
    }

    /// The text a reader sees in `block`: text and code, breaks as spaces; with `trimmed`,
    /// without white space at either end. With `showingReferences`, each reference found in
    /// the block reads as the title it names; else it is left out (a heading's id does not
    /// change with the titles it refers to).
    func plainText(of block: Node, trimmed: Bool = false, showingReferences: Bool = false) -> String {
        // Collected as bytes: joining a String per node cost more than cmark's parse.
        var bytes: [UInt8] = []
        walkInlines(of: block) { node in
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE {
                if let pointer = cmark_node_get_literal(node) {
                    bytes.append(contentsOf: Self.bytes(of: pointer))
                }
            } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                bytes.append(UInt8(ascii: " "))
            } else if showingReferences, type == CMARK_NODE_CUSTOM_INLINE, let reference = Self.reference(standingAs: node) {
                bytes.append(contentsOf: (references[reference].text ?? references[reference].title).utf8)
            }
            return true
        }
        return trimmed ? String(trimmingWhitespaceOf: bytes) : String(decoding: bytes, as: UTF8.self)
    }


    /// A node's literal as typed bytes: appending those to an array is one copy, where a raw
    /// buffer was appended byte by byte.
    static func bytes(of literal: UnsafePointer<CChar>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: UnsafeRawPointer(literal).assumingMemoryBound(to: UInt8.self), count: strlen(literal))
    }

    func blockSpan(_ node: Node) -> SourceSpan {
        source.span(line: Int(cmark_node_get_start_line(node)), byteColumn: Int(cmark_node_get_start_column(node)))
    }

    func blockRange(_ node: Node) -> Range<Int> {
        source.range(lines: Int(cmark_node_get_start_line(node)), Int(cmark_node_get_end_line(node)))
    }

    // MARK: - Blocks

    /// MDX `import` statements at the top of a page (Docusaurus pages open with them): code
    /// for JSX components, which the site leaves out (and reports), so they are not shown.
    func dropImports(from root: Node) {
        // (Every page's first paragraph comes here: its first text is looked at before its lines.)
        while let first = cmark_node_first_child(root), cmark_node_get_type(first) == CMARK_NODE_PARAGRAPH,
              let text = cmark_node_first_child(first), let literal = cmark_node_get_literal(text),
              Self.bytes(of: literal).starts(with: "import ".utf8),
              Self.isImportStatements(source.bytes[blockRange(first)]) {
            cmark_node_free(first)
        }
    }

    /// Whether the lines are ES `import` statements and nothing else: each starts `import `
    /// and ends at the line whose module name closes it (`from '…'` or `import '…'`, with or
    /// without `;`); the names between may take several lines.
    static func isImportStatements(_ lines: ArraySlice<UInt8>) -> Bool {
        var inStatement = false
        for rawLine in lines.split(separator: UInt8(ascii: "\n")) {
            let line = rawLine.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            var end = line.endIndex
            while end > line.startIndex, [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: ";")].contains(line[end - 1]) { end -= 1 }
            let statement = line[..<end]
            if !inStatement {
                guard statement.starts(with: "import ".utf8) else { return false }
                inStatement = true
            }
            guard let last = statement.last, last == UInt8(ascii: "'") || last == UInt8(ascii: "\"") else { continue }
            // The module's name: the quoted text at the end, after `from` or `import`.
            guard let open = statement.dropLast().lastIndex(of: last) else { return false }
            var keywordEnd = open
            while keywordEnd > statement.startIndex, statement[keywordEnd - 1] == UInt8(ascii: " ") { keywordEnd -= 1 }
            let beforeName = statement[..<keywordEnd]
            guard beforeName.suffix(4).elementsEqual("from".utf8) || beforeName.suffix(6).elementsEqual("import".utf8) else { return false }
            inStatement = false
        }
        return !inStatement
    }

    mutating func takeLeadingTitle(from root: Node) {
        // Raw HTML above the heading (a README's centred logo) does not hide it.
        var candidate = cmark_node_first_child(root)
        while let node = candidate, cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK { candidate = cmark_node_next(node) }
        guard let first = candidate, cmark_node_get_type(first) == CMARK_NODE_HEADING,
              cmark_node_get_heading_level(first) == 1 else { return }
        // `# Title {#id}` is the title "Title" with the id `id`; the `{#…}` ends the plain text.
        let custom = customID(of: first)
        var text = plainText(of: first)
        if let custom { text = String(decoding: text.utf8.dropLast(custom.dropped), as: UTF8.self) }
        if let title = facts.frontMatterTitle, TitleKey.normalize(title) != TitleKey.normalize(text) { return }
        leadingTitle = text
        titleAnchor = custom.map { take($0, heading: first) } ?? slugger.slug(text)
        cmark_node_free(first)
    }

    mutating func process(block: Node) {
        let isHeading = cmark_node_get_type(block) == CMARK_NODE_HEADING
        var quote: Quote?
        var mayBeFirstParagraph = false
        if !isHeading {
            quote = takeQuotePrefix(from: block)
            mayBeFirstParagraph = quote == nil && firstParagraph == nil
                && cmark_node_parent(block).map { cmark_node_get_type($0) == CMARK_NODE_DOCUMENT } == true
                && !fenceParagraphs.contains(block)
        }
        // Most blocks hold no reference and no link, and their source shows it: a reference
        // needs a `[` (written, escaped or as an entity with `&`), a link a `[` or an
        // autolink's `<`. Those blocks are not walked again.
        let range = blockRange(block)
        if source.contains(UInt8(ascii: "["), or: UInt8(ascii: "&"), in: range) { linkReferences(in: block) }
        if source.contains(UInt8(ascii: "["), or: UInt8(ascii: "<"), in: range) { collectLinks(in: block) }
        // The text a reader is shown of a paragraph (a summary, a quote) comes after its
        // references are found, so a reference reads as its title, not as `[see: …]`. A check
        // finds them too: they are facts of the page its quick runs compare with a build's.
        if mayBeFirstParagraph {
            let text = plainText(of: block, trimmed: true, showingReferences: true)
            if !text.isEmpty { firstParagraph = text }
        }
        if var quote {
            quote.text = plainText(of: block, trimmed: true, showingReferences: true)
            quotes.append(quote)
        }
        if isHeading {
            replaceHeading(block)
        } else if let quote, options.renderHTML {
            wrapQuote(block, time: quote.time)
        }
    }

    // MARK: - Timestamped quotes

    /// When the paragraph starts with `M:SS –`, removes that prefix and returns the quote,
    /// without its text yet.
    mutating func takeQuotePrefix(from paragraph: Node) -> Quote? {
        guard let first = cmark_node_first_child(paragraph), cmark_node_get_type(first) == CMARK_NODE_TEXT,
              let pointer = cmark_node_get_literal(first), QuotePrefix.mayStart(with: UInt8(bitPattern: pointer.pointee))
        else { return nil }
        let text = Self.bytes(of: pointer)
        guard let prefix = QuotePrefix(text) else { return nil }
        let span = blockSpan(paragraph)
        do throws(Timestamp.Invalid) {
            guard let time = try Timestamp.parse(prefix.time) else { return nil }
            // A time and a dash with nothing said after them is not a quote (an empty one
            // showed as an empty box); the paragraph stays as written.
            if cmark_node_next(first) == nil,
               text[prefix.byteLength...].allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { return nil }
            // The rest of the literal is a C string already (cmark copies it before it frees the old).
            cmark_node_set_literal(first, Self.tail(of: text, from: prefix.byteLength))
            slugger.reserve(time.anchor)
            return Quote(time: time, text: "", span: SourceSpan(line: span.line, column: span.column, endColumn: span.column + prefix.time.count))
        } catch {
            report(.invalidTimestamp, "'\(error.text)' is not a valid time; write M:SS, MM:SS or H:MM:SS with minutes and seconds below 60",
                   at: SourceSpan(line: span.line, column: span.column, endColumn: span.column + prefix.time.count))
            return nil
        }
    }

    mutating func wrapQuote(_ paragraph: Node, time: Timestamp) {
        guard let wrapper = newNode(CMARK_NODE_CUSTOM_BLOCK) else { return }
        let anchor = time.anchor, written = time.description
        var open = Markup(.text("<figure class=\"quote\" id=\""), .string(anchor), .text("\">\n<blockquote>"))
        open.setOnEnter(of: wrapper)
        var close = Markup(.text("</blockquote>\n<figcaption><a class=\"quote-time\" href=\"#"), .string(anchor), .text("\">"),
                           .string(written), .text("</a>"))
        if let audio = facts.audio, !audio.isEmpty {
            let base = audio.split(separator: "#", maxSplits: 1).first.map(String.init) ?? audio
            close.append(.text(" <a class=\"quote-play\" href=\""), .href(base), .text("#t="), .number(time.seconds),
                         .text("\" data-seconds=\""), .number(time.seconds), .text("\">Play from "), .string(written), .text("</a>"))
        }
        close.append(.text("</figcaption>\n</figure>"))
        close.setOnExit(of: wrapper)
        cmark_node_insert_before(paragraph, wrapper)
        cmark_node_append_child(wrapper, paragraph)
    }

    // MARK: - Callouts

    /// Replaces a block quote that opens with `[!TYPE] Title` by an aside: the rest of the
    /// marker's line (emphasis, code and links kept) is its title, the rest of the quote its
    /// content.
    mutating func makeCallout(_ quote: Node, _ callout: Callout) {
        guard let paragraph = cmark_node_first_child(quote), let aside = calloutBlock(type: callout.type, fold: callout.fold),
              let title = takeTitle(from: paragraph, markerLength: callout.markerLength, defaultTitle: callout.defaultTitle) else { return }
        if callout.fold != nil, let summary = newNode(CMARK_NODE_CUSTOM_BLOCK) {
            // A folding callout is a <details>: its title is the <summary>, a block of its own
            // (the break after it goes, and the paragraph too when nothing else was on it).
            // (The tags on the inline, as a heading's are, keep them on the title's line.)
            cmark_node_set_on_enter(title, "<summary class=\"callout-title\">")
            cmark_node_set_on_exit(title, "</summary>")
            cmark_node_append_child(summary, title)
            Self.dropLeadingBreak(of: paragraph)
            if cmark_node_first_child(paragraph) == nil { cmark_node_free(paragraph) }
            cmark_node_prepend_child(quote, summary)
        } else {
            // (The line's break stays after the title: without the theme's styles it reads as a space.)
            Self.markStrongTitle(title)
            cmark_node_prepend_child(paragraph, title)
        }
        Self.replace(quote, with: aside, movingChildrenTo: aside)
    }

    /// The block a callout or admonition becomes: `<aside class="callout callout-tip">`, or a
    /// `<details>` (open when `unfolded`) for a callout that folds.
    func calloutBlock(type: String, fold: Callout.Fold?) -> Node? {
        guard let block = newNode(CMARK_NODE_CUSTOM_BLOCK) else { return nil }
        var open: Markup
        switch fold {
        case nil:
            open = Markup(.text("<aside class=\"callout callout-"), .string(type), .text("\">"))
            cmark_node_set_on_exit(block, "</aside>")
        case .some(let fold):
            open = Markup(.text("<details class=\"callout callout-"), .string(type), .text(fold == .unfolded ? "\" open>" : "\">"))
            cmark_node_set_on_exit(block, "</details>")
        }
        open.setOnEnter(of: block)
        return block
    }

    /// A title shown at the top of its callout's first paragraph.
    static func markStrongTitle(_ title: Node) {
        cmark_node_set_on_enter(title, "<strong class=\"callout-title\">")
        cmark_node_set_on_exit(title, "</strong>")
    }

    /// Takes the marker (`[!tip]`, `:::tip`) off the paragraph's first line and moves the rest
    /// of that line, up to its break, into a new inline: the title (`defaultTitle` when the
    /// line holds no more; a `bracketed` title, `[Title]`, loses its `]`). cmark may have cut
    /// the marker into several text nodes.
    func takeTitle(from paragraph: Node, markerLength: Int, bracketed: Bool = false, defaultTitle: String) -> Node? {
        guard let title = newNode(CMARK_NODE_CUSTOM_INLINE) else { return nil }
        var toDrop = markerLength
        while toDrop > 0, let first = cmark_node_first_child(paragraph), cmark_node_get_type(first) == CMARK_NODE_TEXT {
            let text = Self.bytes(of: cmark_node_get_literal(first) ?? Self.emptyLiteral)
            if text.count > toDrop {
                cmark_node_set_literal(first, Self.tail(of: text, from: toDrop))
                toDrop = 0
            } else {
                toDrop -= text.count
                cmark_node_free(first)
            }
        }
        // Its leading blanks go.
        while let first = cmark_node_first_child(paragraph), cmark_node_get_type(first) == CMARK_NODE_TEXT {
            let text = Self.bytes(of: cmark_node_get_literal(first) ?? Self.emptyLiteral)
            let blanks = text.prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }.count
            guard blanks == text.count else {
                if blanks > 0 { cmark_node_set_literal(first, Self.tail(of: text, from: blanks)) }
                break
            }
            cmark_node_free(first)
        }
        while let first = cmark_node_first_child(paragraph), !Self.isLineBreak(first) {
            cmark_node_append_child(title, first)
        }
        if bracketed, let last = cmark_node_last_child(title), cmark_node_get_type(last) == CMARK_NODE_TEXT,
           let pointer = cmark_node_get_literal(last), Self.bytes(of: pointer).last == UInt8(ascii: "]") {
            let text = Self.bytes(of: pointer)
            if text.count > 1 { Self.setLiteral(of: last, to: text, prefix: text.count - 1) } else {
                cmark_node_free(last)
            }
        }
        if cmark_node_first_child(title) == nil, let text = newNode(CMARK_NODE_TEXT) {
            _ = defaultTitle.withCString { cmark_node_set_literal(text, $0) }
            cmark_node_append_child(title, text)
        }
        return title
    }

    static func dropLeadingBreak(of paragraph: Node) {
        if let first = cmark_node_first_child(paragraph), isLineBreak(first) {
            cmark_node_free(first)
        }
    }

    /// Makes the blocks from an admonition's opening fence to its closing one an aside, as a
    /// callout is made: the title in a paragraph of its own, the fences' lines gone.
    mutating func makeAdmonition(_ admonition: (open: Node, close: Node?, fence: AdmonitionFence)) {
        let (open, close, fence) = admonition
        guard let aside = calloutBlock(type: fence.type, fold: nil), let titleParagraph = newNode(CMARK_NODE_PARAGRAPH) else { return }
        // The closing line first: in `:::note⏎text⏎:::` both fences are lines of one paragraph.
        if let close, let last = cmark_node_last_child(close) {
            let before = cmark_node_previous(last)
            cmark_node_free(last)
            if let before, Self.isLineBreak(before) { cmark_node_free(before) }
        }
        guard let title = takeTitle(from: open, markerLength: fence.markerLength, bracketed: fence.bracketedTitle,
                                    defaultTitle: Callout.title(ofType: fence.type)) else { return }
        Self.dropLeadingBreak(of: open)
        Self.markStrongTitle(title)
        cmark_node_append_child(titleParagraph, title)
        cmark_node_insert_before(open, aside)
        cmark_node_append_child(aside, titleParagraph)
        // The blocks between, and what the fences' paragraphs hold besides their fences.
        var node: Node? = open
        while let current = node {
            let next = cmark_node_next(current)
            if (current == open || current == close) && cmark_node_first_child(current) == nil {
                cmark_node_free(current)
            } else {
                cmark_node_append_child(aside, current)
            }
            if current == close { break }
            node = next
        }
    }

    // MARK: - Headings

    mutating func replaceHeading(_ heading: Node) {
        let level = Int(cmark_node_get_heading_level(heading))
        let customID = customID(of: heading).map { take($0, heading: heading) }
        let text = plainText(of: heading, trimmed: true)
        let id = customID ?? slugger.slug(text)
        headings.append(Heading(level: level, text: text, id: id, span: blockSpan(heading)))
        guard options.renderHTML else { return }
        // The heading becomes a block holding one inline whose markup is the tag with its id:
        // cmark renders the heading's inlines in place, `<hN id="…">…</hN>` on a line of its
        // own, as a heading does. (Rendering each heading apart and splicing in the id cost a
        // renderer per heading.)
        guard let block = newNode(CMARK_NODE_CUSTOM_BLOCK), let tag = newNode(CMARK_NODE_CUSTOM_INLINE) else { return }
        var open = Markup(.text("<h"), .number(level), .text(" id=\""), .html(id), .text("\">"))
        open.setOnEnter(of: tag)
        var close = Markup(.text("</h"), .number(level), .text(">"))
        close.setOnExit(of: tag)
        cmark_node_append_child(block, tag)
        Self.replace(heading, with: block, movingChildrenTo: tag)
    }

    /// A heading's own id, written after its text as kramdown, Pandoc, Hugo and Docusaurus
    /// read it (`## Set-up {#setup}`), in its last text node: the id, and how many bytes of
    /// that node's literal stay when the ` {#…}` is taken out.
    struct CustomID {
        var id: String
        var node: Node
        var kept: Int
        var dropped: Int
    }

    /// The heading's `{#id}`, if it ends with one; an id holds letters, digits, `-`, `_`, `:`
    /// and `.`, and the `{` follows white space (or starts the text).
    func customID(of heading: Node) -> CustomID? {
        guard let last = cmark_node_last_child(heading), cmark_node_get_type(last) == CMARK_NODE_TEXT,
              let pointer = cmark_node_get_literal(last) else { return nil }
        let text = Self.bytes(of: pointer)
        guard text.count >= 4, text.last == UInt8(ascii: "}"), let open = text.lastIndex(of: UInt8(ascii: "{")),
              open + 2 < text.count - 1, text[open + 1] == UInt8(ascii: "#") else { return nil }
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard open == 0 || isBlank(text[open - 1]) else { return nil }
        let id = text[(open + 2)..<(text.count - 1)]
        guard id.allSatisfy({ byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".")
        }) else { return nil }
        var kept = open
        while kept > 0, isBlank(text[kept - 1]) { kept -= 1 }
        return CustomID(id: String(decoding: UnsafeBufferPointer(rebasing: id), as: UTF8.self), node: last, kept: kept, dropped: text.count - kept)
    }

    /// Takes the `{#id}` out of the heading's text and reserves the id. An id written twice,
    /// or one a heading above already has, is reported here: the slugger only numbers the ids
    /// it makes, so two elements would share it.
    mutating func take(_ custom: CustomID, heading: Node) -> String {
        if let pointer = cmark_node_get_literal(custom.node) { Self.setLiteral(of: custom.node, to: Self.bytes(of: pointer), prefix: custom.kept) }
        if slugger.contains(custom.id) {
            let holder: String
            if let earlier = headings.first(where: { $0.id == custom.id }) {
                holder = "the heading on line \(earlier.span.line) has it too; links to '#\(custom.id)' go to that one"
            } else if titleAnchor == custom.id {
                holder = "the page's title has it too"
            } else if Self.themeIDs.contains(custom.id) {
                holder = "the theme gives it to its own element; choose another"
            } else {
                holder = "a quote's anchor is the same"
            }
            report(.duplicateHeading, "the id '\(custom.id)' is taken on this page: \(holder)", at: blockSpan(heading))
        }
        slugger.reserve(custom.id)
        return custom.id
    }

    // MARK: - [see: …] references

    /// Finds `[see: …]` in the block's text, even when a line break or emphasis splits it
    /// over several nodes, and turns each into a link placeholder.
    mutating func linkReferences(in block: Node) {
        // The logical text is about as long as the block's source.
        var logical: [UInt8] = []
        logical.reserveCapacity(blockRange(block).count)
        var pieces: [Piece] = []
        pieces.reserveCapacity(16)
        var mentionsInLinks: [Int] = []
        walkInlines(of: block) { node in
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_TEXT {
                pieces.append(Piece(node: node, start: logical.count))
                if let pointer = cmark_node_get_literal(node) {
                    logical.append(contentsOf: Self.bytes(of: pointer))
                }
                return false
            }
            if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                pieces.append(Piece(node: node, start: logical.count))
                logical.append(UInt8(ascii: "\n"))
                return false
            }
            if type == CMARK_NODE_EMPH || type == CMARK_NODE_STRONG { return true }
            if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE {
                // A `[see:` in a link's text cannot become a link of its own: it is reported, and
                // keeps its place among the block's mentions, which the source lists in order.
                for _ in 0..<Self.mentionCount(inTextOf: node) { mentionsInLinks.append(logical.count) }
            }
            logical.append(0)   // code, raw HTML, links and images never hold a reference
            return false
        }
        var wikilinks: [WikilinkMention] = []
        let found = logical.withUnsafeBufferPointer { Self.referenceMentions(in: $0, wikilinks: &wikilinks) }
        guard !found.isEmpty || !mentionsInLinks.isEmpty || !wikilinks.isEmpty else { return }

        let range = blockRange(block)
        let sourceStarts = source.referenceStarts(in: range)
        /// (An embedded image's `|300x200` too.)
        var made: [(range: Range<Int>, slot: Int, reference: Int, size: EmbeddedFile.Size?)] = []
        var nextFound = 0, nextInLink = 0, sourceIndex = 0
        while nextFound < found.count || nextInLink < mentionsInLinks.count {
            let inLink = nextFound == found.count || (nextInLink < mentionsInLinks.count && mentionsInLinks[nextInLink] < found[nextFound].start)
            let start = sourceIndex < sourceStarts.count ? sourceStarts[sourceIndex] : nil
            sourceIndex += 1
            if inLink {
                nextInLink += 1
                report(.malformedReference, "a reference inside a link's text is not linked (a link cannot hold another); move it out of the link",
                       at: start.map { source.span(from: $0, to: source.closingBracket(after: $0, in: range)) } ?? blockSpan(block))
                continue
            }
            let mention = found[nextFound]
            nextFound += 1
            guard let match = mention.range else {
                let message = switch mention.unclosed ?? .notClosed {
                case .notClosed: "'[see:' is not closed by ']', so it shows as text and links nowhere"
                case .bracket: "'[see:' meets another '[' before its ']'; a title cannot hold brackets, so it shows as text"
                case .otherNode: "'[see:' holds code, a link or raw HTML before its ']'; a reference is plain text, so it shows as written"
                }
                report(.malformedReference, message,
                       at: start.map { source.span(from: $0, to: $0 + 5) } ?? blockSpan(block))
                continue
            }
            let syntax = ReferenceSyntax(content: logical[(match.lowerBound + 5)..<(match.upperBound - 1)])
            let span = start.map { source.span(from: $0, to: source.closingBracket(after: $0, in: range)) } ?? blockSpan(block)
            let slot = slotCount
            slotCount += 1
            references.append(SeeReference(title: syntax.title, time: syntax.time, invalidTime: syntax.invalidTime, span: span, slot: slot))
            made.append((match, slot, references.count - 1, nil))
        }
        // Where each is written: the source's wikilinks in turn, when the source has as many
        // (it may have fewer: an entity or an escape can make `[[` in the text).
        let written = wikilinks.isEmpty ? [] : source.wikilinkStarts(in: range)
        for (position, wikilink) in wikilinks.enumerated() {
            let syntax = WikilinkSyntax(content: logical[wikilink.content])
            // `![[…]]`: the `!` is part of the embed, in the text and in the source.
            let isEmbed = wikilink.range.lowerBound > 0 && logical[wikilink.range.lowerBound - 1] == UInt8(ascii: "!")
            var span = blockSpan(block)
            if written.count == wikilinks.count {
                let start = written[position].start
                span = source.span(from: isEmbed && start > range.lowerBound ? start - 1 : start, to: written[position].end)
            }
            let slot = slotCount
            slotCount += 1
            // An embedded image shows its alt text (the text after `|` unless that is a size).
            var shown = syntax.shown
            var size: EmbeddedFile.Size?
            if isEmbed, EmbeddedFile(name: syntax.note) == .image {
                // `|alt`, `|300`, or both: `|alt|300`.
                let alias = syntax.alias ?? ""
                let bar = alias.lastIndex(of: "|")
                size = EmbeddedFile.size(String(bar.map { alias[alias.index(after: $0)...] } ?? alias[...]))
                shown = size == nil ? alias : bar.map { String(alias[..<$0]) } ?? ""
            }
            references.append(SeeReference(title: syntax.note, time: nil, invalidTime: nil, span: span, slot: slot,
                                           heading: syntax.heading, text: shown, isEmbed: isEmbed))
            made.append((isEmbed ? (wikilink.range.lowerBound - 1)..<wikilink.range.upperBound : wikilink.range, slot, references.count - 1, size))
        }
        if !wikilinks.isEmpty { made.sort { $0.range.lowerBound < $1.range.lowerBound } }
        // Last first, so the offsets of earlier references in shared text nodes stay valid.
        for item in made.reversed() where !replace(item.range, in: pieces, with: item.slot, reference: item.reference, size: item.size) {
            references[item.reference].slot = nil
        }
    }

    /// A `[[…]]` in a block's logical text, and the part between the brackets.
    struct WikilinkMention {
        var range: Range<Int>
        var content: Range<Int>
    }

    /// The `[[Note]]` that starts at `index` of the block's logical text, if one does.
    static func wikilink(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> WikilinkMention? {
        SourceText.wikilinkEnd(openingAt: index, limit: bytes.count, in: bytes).map { end in
            WikilinkMention(range: index..<end, content: (index + 2)..<(end - 2))
        }
    }

    mutating func report(_ kind: MarkdownProblem.Kind, _ message: String, at span: SourceSpan) {
        problems.append(MarkdownProblem(kind: kind, message: message, span: span))
    }

    /// A `[see:` in a block's logical text: with its range up to the `]` that closes it, or
    /// without one and what came first instead.
    struct Mention {
        enum Unclosed { case notClosed, bracket, otherNode }
        var start: Int
        var range: Range<Int>?
        var unclosed: Unclosed?
    }

    /// Whether `[see:` (in any case) starts at `index`.
    static func isSeeKeyword(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        index + 5 <= bytes.count && bytes[index] == UInt8(ascii: "[")
            && (bytes[index + 1] | 0x20) == UInt8(ascii: "s") && (bytes[index + 2] | 0x20) == UInt8(ascii: "e")
            && (bytes[index + 3] | 0x20) == UInt8(ascii: "e") && bytes[index + 4] == UInt8(ascii: ":")
    }

    /// How many `[see:`s the text of a link or image holds.
    static func mentionCount(inTextOf link: Node) -> Int {
        var count = 0
        var node = cmark_node_first_child(link)
        while let current = node {
            if cmark_node_get_type(current) == CMARK_NODE_TEXT, let pointer = cmark_node_get_literal(current) {
                count += referenceMentions(in: bytes(of: pointer)).count
            }
            if let child = cmark_node_first_child(current) {
                node = child
                continue
            }
            node = nextInDocument(after: current, within: link)
        }
        return count
    }

    /// The `[see:`s of a block's logical text (a 0 byte stands for code, links and other nodes
    /// that cannot be part of a reference), from one `[` to the next with `memchr`.
    static func referenceMentions(in bytes: UnsafeBufferPointer<UInt8>) -> [Mention] {
        var ignored: [WikilinkMention] = []
        return referenceMentions(in: bytes, wikilinks: &ignored, findingWikilinks: false)
    }

    /// The `[see:`s, and the `[[Note]]`s into `wikilinks`, in one pass over the `[`s.
    static func referenceMentions(in bytes: UnsafeBufferPointer<UInt8>, wikilinks: inout [WikilinkMention],
                                  findingWikilinks: Bool = true) -> [Mention] {
        var result: [Mention] = []
        var index = 0
        while index + 5 <= bytes.count {
            guard let found = bytes.firstOffset(of: UInt8(ascii: "["), from: index) else { break }
            index = found
            guard isSeeKeyword(at: index, in: bytes) else {
                if findingWikilinks, let wikilink = wikilink(at: index, in: bytes) {
                    wikilinks.append(wikilink)
                    index = wikilink.range.upperBound
                } else {
                    index += 1
                }
                continue
            }
            var end = index + 5
            while end < bytes.count, bytes[end] != UInt8(ascii: "]"), bytes[end] != 0, bytes[end] != UInt8(ascii: "[") { end += 1 }
            if end < bytes.count, bytes[end] == UInt8(ascii: "]") {
                result.append(Mention(start: index, range: index..<(end + 1), unclosed: nil))
                index = end + 1
            } else {
                let reason: Mention.Unclosed = end == bytes.count || isSeeKeyword(at: end, in: bytes) ? .notClosed
                    : bytes[end] == 0 ? .otherNode : .bracket
                result.append(Mention(start: index, range: nil, unclosed: reason))
                index += 1
            }
        }
        return result
    }

    /// Replaces the nodes that spell one reference with a link placeholder. Returns false when
    /// the reference crosses the edge of an emphasis, where no single link can stand.
    mutating func replace(_ match: Range<Int>, in pieces: [Piece], with slot: Int, reference: Int, size: EmbeddedFile.Size?) -> Bool {
        guard let startIndex = pieces.lastIndex(where: { $0.start <= match.lowerBound }),
              let endIndex = pieces.lastIndex(where: { $0.start <= match.upperBound - 1 }) else { return false }
        let startNode = pieces[startIndex].node, endNode = pieces[endIndex].node
        var between: [Node] = []
        if startNode != endNode {
            var cursor = cmark_node_next(startNode)
            while let node = cursor, node != endNode {
                between.append(node)
                cursor = cmark_node_next(node)
            }
            guard cursor == endNode else { return false }
        }
        guard let link = newNode(CMARK_NODE_CUSTOM_INLINE) else { return false }
        // Without HTML the nodes are still replaced: a heading's text leaves its references out.
        if options.renderHTML {
            // A reference shows its page's title, a wikilink what it is written to show.
            let embedded = references[reference].isEmbed ? EmbeddedFile(name: references[reference].title) : nil
            var markup = if let embedded {
                Self.embedMarkup(embedded, slot: slot, reference: references[reference], size: size)
            } else if let shown = references[reference].text {
                Markup(.text("<a class=\"see\" href=\""), .placeholder(.href, slot: slot), .text("\">"), .html(shown), .text("</a>"))
            } else {
                Markup(.text("<a class=\"see\" href=\""), .placeholder(.href, slot: slot), .text("\">"), .placeholder(.title, slot: slot), .text("</a>"))
            }
            markup.setOnEnter(of: link)
        }
        // The node knows which reference it stands for, so a paragraph's text can read it as
        // its title (`plainText`).
        cmark_node_set_user_data(link, UnsafeMutableRawPointer(bitPattern: reference + 1))

        // The literals are cut as C strings: a tail is a pointer into the literal (cmark copies
        // what it is given before it frees the old text), a head a copy ended early.
        let startText = Self.bytes(of: cmark_node_get_literal(startNode) ?? Self.emptyLiteral)
        let startOffset = min(match.lowerBound - pieces[startIndex].start, startText.count)
        if startNode == endNode {
            let endOffset = min(match.upperBound - pieces[startIndex].start, startText.count)
            if endOffset < startText.count, let rest = newNode(CMARK_NODE_TEXT) {
                cmark_node_set_literal(rest, Self.tail(of: startText, from: endOffset))
                cmark_node_insert_after(startNode, rest)
            }
            Self.setLiteral(of: startNode, to: startText, prefix: startOffset)
            cmark_node_insert_after(startNode, link)
        } else {
            let endText = Self.bytes(of: cmark_node_get_literal(endNode) ?? Self.emptyLiteral)
            let endOffset = min(match.upperBound - pieces[endIndex].start, endText.count)
            Self.setLiteral(of: startNode, to: startText, prefix: startOffset)
            cmark_node_set_literal(endNode, Self.tail(of: endText, from: endOffset))
            for node in between {
                cmark_node_free(node)
            }
            cmark_node_insert_after(startNode, link)
        }
        return true
    }

    /// An embedded file as the page shows it: an image, a player, or a link to the file.
    static func embedMarkup(_ embedded: EmbeddedFile, slot: Int, reference: SeeReference, size: EmbeddedFile.Size?) -> Markup {
        switch embedded {
        case .image:
            var markup = Markup(.text("<img src=\""), .placeholder(.href, slot: slot), .text("\" alt=\""), .html(reference.text ?? ""), .text("\""))
            if let size {
                markup.append(.text(" width=\""), .number(size.width), .text("\""))
                if let height = size.height { markup.append(.text(" height=\""), .number(height), .text("\"")) }
            }
            markup.append(.text(" />"))
            return markup
        case .audio:
            return Markup(.text("<audio controls src=\""), .placeholder(.href, slot: slot), .text("\"></audio>"))
        case .video:
            return Markup(.text("<video controls src=\""), .placeholder(.href, slot: slot), .text("\"></video>"))
        case .other:
            return Markup(.text("<a href=\""), .placeholder(.href, slot: slot), .text("\">"), .html(reference.text ?? reference.title), .text("</a>"))
        }
    }

    /// The index in `references` of the reference `node` stands for, if it stands for one.
    static func reference(standingAs node: Node) -> Int? {
        cmark_node_get_user_data(node).map { Int(bitPattern: $0) - 1 }
    }

    /// The literal of a node that has none.
    static var emptyLiteral: UnsafePointer<CChar> {
        UnsafeRawPointer(("" as StaticString).utf8Start).assumingMemoryBound(to: CChar.self)
    }

    /// The C string from byte `offset` of a C string's bytes to its end.
    static func tail(of text: UnsafeBufferPointer<UInt8>, from offset: Int) -> UnsafePointer<CChar> {
        UnsafeRawPointer(text.baseAddress! + offset).assumingMemoryBound(to: CChar.self)
    }

    /// Sets a node's literal to the first `prefix` bytes of `text` (its literal until now).
    static func setLiteral(of node: Node, to text: UnsafeBufferPointer<UInt8>, prefix: Int) {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: prefix + 1) { buffer in
            UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: text.baseAddress!, byteCount: prefix)
            buffer[prefix] = 0
            cmark_node_set_literal(node, buffer.baseAddress!)
        }
    }

    // MARK: - Links and images

    mutating func collectLinks(in block: Node) {
        let range = blockRange(block)
        var cursor = range.lowerBound
        var rewrites: [(node: Node, slot: Int)] = []
        var found: [Node] = []
        walkInlines(of: block) { node in
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE { found.append(node) }
            return true
        }
        for node in found {
            let isImage = cmark_node_get_type(node) == CMARK_NODE_IMAGE
            guard let url = cmark_node_get_url(node), url.pointee != 0 else {
                // `[text]()`: kept, so the linker can report a link that leads nowhere. It is
                // marked at its `()` (or `(<>)`), found in the source; a reference-style link
                // whose definition is empty is marked where cmark places it.
                var span = inlineSpan(node, isImage: isImage) ?? blockSpan(block)
                let found = Self.emptyDestinations.compactMap { written in
                    written.withUnsafeBufferPointer { source.find($0, from: cursor, in: range) }.map { (at: $0, length: written.count) }
                }.min { $0.at < $1.at }
                if let found {
                    span = source.span(from: found.at + 1, to: found.at + found.length)
                    cursor = found.at + found.length
                }
                links.append(LinkOccurrence(destination: "", isImage: isImage, text: isImage ? plainText(of: node) : "", span: span, slot: nil))
                continue
            }
            let destination = String(cString: url)
            let span: SourceSpan
            // cmark's C string is the needle (no copy of its bytes).
            let needle = Self.bytes(of: url)
            if let at = destinationStart(needle, from: cursor, in: range) {
                span = source.span(from: at, to: at + needle.count)
                cursor = at + needle.count
            } else {
                span = inlineSpan(node, isImage: isImage) ?? blockSpan(block)
            }
            var slot: Int?
            if !isImage, Self.isMarkdownFileLink(destination) || Self.isExtensionless(destination) {
                slot = slotCount
                slotCount += 1
                rewrites.append((node, slotCount - 1))
            } else if options.renderHTML {
                var url = LinkTarget.fromSiteRoot(destination, depth: facts.depth) ?? destination
                if !isImage, let opened = LinkTarget.folderIndex(url) { url = opened }
                if url != destination { cmark_node_set_url(node, url) }
            }
            links.append(LinkOccurrence(destination: destination, isImage: isImage, text: isImage ? plainText(of: node) : "", span: span, slot: slot))
        }
        if options.renderHTML {
            for rewrite in rewrites { replaceLink(rewrite.node, slot: rewrite.slot) }
        }
    }

    /// A relative link to a Markdown file (or to the `.html` a chapter becomes): it is
    /// rewritten to the target page's URL.
    static func isMarkdownFileLink(_ destination: String) -> Bool {
        guard !LinkTarget.hasScheme(destination), !destination.hasPrefix("#"), !destination.hasPrefix("//") else { return false }
        if destination.isASCIIText {
            // Every link of a page comes here; in ASCII text bytes are characters: the path
            // ends at the first `#` or `?`, and only A-Z change when lowercased.
            var destination = destination
            return destination.withUTF8 { bytes in
                let path = bytes[..<(bytes.firstIndex { $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "?") } ?? bytes.count)]
                return path.endsWithASCIIIgnoringCase(oneOf: Self.markdownFileSuffixes)
            }
        }
        let path = LinkTarget.pathPart(of: destination).lowercased()
        return Self.markdownFileSuffixes.contains { path.hasSuffix($0) }
    }

    static let markdownFileSuffixes = [".md", ".markdown", ".html", ".htm"]

    /// A relative link whose last part has no extension (`docs`, `../guide`): it may name a
    /// folder, which opens as its `index.html`, and only the whole course knows, so the linker
    /// writes its URL as it does a page's.
    static func isExtensionless(_ destination: String) -> Bool {
        guard let first = destination.utf8.first, first != UInt8(ascii: "#"), first != UInt8(ascii: "?") else { return false }
        let path = destination.utf8.prefix { $0 != UInt8(ascii: "#") && $0 != UInt8(ascii: "?") }
        guard let last = path.last, last != UInt8(ascii: "/"),
              !path.reversed().prefix(while: { $0 != UInt8(ascii: "/") }).contains(UInt8(ascii: ".")) else { return false }
        return !destination.hasPrefix("//") && !LinkTarget.hasScheme(destination)
    }
    static let emptyDestinations: [[UInt8]] = [Array("]()".utf8), Array("](<>)".utf8)]

    /// cmark's own position of a link whose destination is not in the paragraph (a
    /// reference-style link), trusted only when the source there really starts the link.
    func inlineSpan(_ node: Node, isImage: Bool) -> SourceSpan? {
        let opener: [UInt8] = isImage ? [UInt8(ascii: "!"), UInt8(ascii: "[")] : [UInt8(ascii: "[")]
        guard let start = opener.withUnsafeBufferPointer({ writtenAt(node, $0) }) else { return nil }
        let line = Int(cmark_node_get_start_line(node)), column = Int(cmark_node_get_start_column(node))
        let endLine = Int(cmark_node_get_end_line(node)), endColumn = Int(cmark_node_get_end_column(node))
        let end = endLine == line && endColumn >= column ? source.lineStarts[line - 1] + endColumn : start + opener.count
        return source.span(from: start, to: end)
    }

    func replaceLink(_ link: Node, slot: Int) {
        guard let replacement = newNode(CMARK_NODE_CUSTOM_INLINE) else { return }
        var markup = Markup(.text("<a href=\""), .placeholder(.href, slot: slot), .text("\""))
        if let title = cmark_node_get_title(link), title.pointee != 0 {
            markup.append(.text(" title=\""), .html(String(cString: title)), .text("\""))
        }
        markup.append(.text(">"))
        markup.setOnEnter(of: replacement)
        cmark_node_set_on_exit(replacement, "</a>")
        Self.replace(link, with: replacement, movingChildrenTo: replacement)
    }

    /// Puts `replacement` where `node` is, `node`'s children into `container` (the
    /// replacement or a node inside it), and frees `node`.
    static func replace(_ node: Node, with replacement: Node, movingChildrenTo container: Node) {
        while let child = cmark_node_first_child(node) {
            cmark_node_append_child(container, child)
        }
        cmark_node_insert_before(node, replacement)
        cmark_node_free(node)
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

    static func anchors(inHTML html: String) -> [String] {
        guard html.contains("id") || html.contains("name") else { return [] }
        return html.matches(of: /\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')/.ignoresCase()).compactMap { match in
            (match.output.1 ?? match.output.2).map(String.init)
        }
    }
}

/// `12:30 – ` at the start of a paragraph: digits and colons, optional spaces, a dash.
struct QuotePrefix {
    var time: String
    /// The prefix's length in bytes of UTF-8.
    var byteLength: Int

    /// Whether text starting with `byte` may start with a prefix: most paragraphs are ruled out
    /// without reading their text.
    static func mayStart(with byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: ":")
    }

    /// Read from the UTF-8 of a text node, within its first 32 scalars. Every scalar of a
    /// prefix is matched by its bytes: `0`-`9`, `:`, a space or no-break space (C2 A0), and
    /// `-`, an en dash (E2 80 93) or an em dash (E2 80 94).
    init?(_ text: UnsafeBufferPointer<UInt8>) {
        let limit = 32
        var index = 0, scalars = 0, hasColon = false
        while scalars < limit, index < text.count,
              (text[index] >= UInt8(ascii: "0") && text[index] <= UInt8(ascii: "9")) || text[index] == UInt8(ascii: ":") {
            hasColon = hasColon || text[index] == UInt8(ascii: ":")
            index += 1
            scalars += 1
        }
        guard index >= 3, hasColon else { return nil }
        let timeEnd = index
        func spaceLength(at index: Int) -> Int {
            if text[index] == UInt8(ascii: " ") { return 1 }
            return text[index] == 0xC2 && index + 1 < text.count && text[index + 1] == 0xA0 ? 2 : 0
        }
        func dashLength(at index: Int) -> Int {
            if text[index] == UInt8(ascii: "-") { return 1 }
            return text[index] == 0xE2 && index + 2 < text.count && text[index + 1] == 0x80
                && (text[index + 2] == 0x93 || text[index + 2] == 0x94) ? 3 : 0
        }
        while scalars < limit, index < text.count, case let length = spaceLength(at: index), length > 0 {
            index += length
            scalars += 1
        }
        guard scalars < limit, index < text.count, case let length = dashLength(at: index), length > 0 else { return nil }
        index += length
        scalars += 1
        while scalars < limit, index < text.count, case let length = spaceLength(at: index), length > 0 {
            index += length
            scalars += 1
        }
        time = String(decoding: text[..<timeEnd], as: UTF8.self)
        byteLength = index
    }
}
