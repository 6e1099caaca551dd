/// Which blocks of a page each syntax is looked for in, made from the syntaxes' declarations
/// (`Syntax.startBytes`, `InlineSyntax.pageMarker`) and nothing else: the page's source is
/// searched once for every inline syntax's start bytes, and a block only for those its page
/// holds.
struct Prefilter {
    static let inlineSyntaxes: [any InlineSyntax.Type] = [
        Admonitions.self, TemplateTags.self, RawHTML.self, SeeReferences.self, Wikilinks.self, Embeds.self, Links.self, HeadingIDs.self,
        Tables.self, Strikethrough.self, BareURLs.self, BareWWWLinks.self, BareEmailLinks.self,
        Footnotes.self, BlockIDs.self, DefinitionLists.self,
    ]
    static let leadingSyntaxes: [any LeadingSyntax.Type] = [MDXImports.self, TimestampedQuotes.self, Callouts.self, TaskLists.self, Chapters.self]

    /// The start bytes of the inline syntaxes: what a page's source is searched for.
    static let scannedBytes = inlineSyntaxes.reduce(ByteSet()) { $0.union($1.startBytes) }
    /// The start bytes of every syntax.
    static let startBytes = leadingSyntaxes.reduce(scannedBytes) { $0.union($1.startBytes) }

    /// The start bytes each inline syntax may have in this page's blocks: those the page
    /// holds, none when it lacks the syntax's marker. `[see: …]`, wikilinks and embeds are
    /// found in one walk of a block's text, so they share theirs.
    let admonitions, templateTags, rawHTML, mentions, links, headingIDs, tables, strikethrough, bareURLs, footnotes, blockIDs, definitionLists: ByteSet
    /// All of them: what a block's scan may find.
    let pageBytes: ByteSet
    /// The leading syntaxes' start bytes, at hand for every block.
    let imports = MDXImports.startBytes, quotes = TimestampedQuotes.startBytes, callouts = Callouts.startBytes, tasks = TaskLists.startBytes,
        chapters = Chapters.startBytes

    init(_ source: SourceText) {
        let held = source.heldBytes(among: Self.scannedBytes)
        func bytes(_ syntax: any InlineSyntax.Type) -> ByteSet {
            let bytes = syntax.startBytes.intersection(held)
            guard !bytes.isEmpty, let marker = syntax.pageMarker, !source.holds(marker) else { return bytes }
            return ByteSet()
        }
        admonitions = bytes(Admonitions.self)
        templateTags = bytes(TemplateTags.self)
        rawHTML = bytes(RawHTML.self)
        mentions = bytes(SeeReferences.self).union(bytes(Wikilinks.self)).union(bytes(Embeds.self))
        links = bytes(Links.self)
        headingIDs = bytes(HeadingIDs.self)
        tables = bytes(Tables.self)
        strikethrough = bytes(Strikethrough.self)
        bareURLs = bytes(BareURLs.self).union(bytes(BareWWWLinks.self)).union(bytes(BareEmailLinks.self))
        footnotes = bytes(Footnotes.self)
        blockIDs = bytes(BlockIDs.self)
        definitionLists = bytes(DefinitionLists.self)
        pageBytes = [admonitions, templateTags, rawHTML, mentions, links, headingIDs, tables, strikethrough, bareURLs, footnotes, blockIDs, definitionLists].reduce(ByteSet()) { $0.union($1) }
    }
}

/// Which of its page's start bytes one block's source holds: each byte is looked for (one
/// vectorised `memchr` over the block) the first time a syntax asks, and at most once.
struct BlockScan {
    let range: Range<Int>
    /// The bytes not looked for yet.
    private var unknown: ByteSet
    private var held = ByteSet()

    init(range: Range<Int>, prefilter: Prefilter) {
        self.range = range
        unknown = prefilter.pageBytes
    }

    /// Whether the block holds any of `bytes`. (Asked several times a block: the answers
    /// known without a search are given inline. Most syntaxes' bytes are not on most pages,
    /// and their sets are empty.)
    @inline(__always)
    mutating func holdsAny(of bytes: ByteSet, in source: SourceText) -> Bool {
        guard !bytes.isEmpty else { return false }
        guard held.isDisjoint(with: bytes) else { return true }
        return searches(for: bytes, in: source)
    }

    private mutating func searches(for bytes: ByteSet, in source: SourceText) -> Bool {
        var toFind = bytes.intersection(unknown)
        while let byte = toFind.popFirst() {
            unknown.remove(byte)
            if source.contains(byte, in: range) {
                held.insert(byte)
                return true
            }
        }
        return false
    }
}
