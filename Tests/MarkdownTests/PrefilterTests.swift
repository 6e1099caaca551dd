import Testing
@testable import Markdown

/// The prefilter is made of the syntaxes' own declarations: what decides which blocks a
/// syntax sees is the bytes it says can start it.
@Suite struct PrefilterTests {
    /// Every syntax the compiler recognizes, named here apart from the compiler's own lists.
    static let inlineSyntaxes: [any InlineSyntax.Type] = [
        SeeReferences.self, Wikilinks.self, Embeds.self, Links.self, RawHTML.self, TemplateTags.self, HeadingIDs.self, Admonitions.self,
        Tables.self, Strikethrough.self, BareURLs.self, BareWWWLinks.self, BareEmailLinks.self, Footnotes.self, BlockIDs.self,
        DefinitionLists.self,
    ]
    static let leadingSyntaxes: [any LeadingSyntax.Type] = [MDXImports.self, TimestampedQuotes.self, Callouts.self, TaskLists.self, Chapters.self]

    @Test func theCompilersStartBytesAreTheUnionOfTheSyntaxesDeclarations() {
        let inline = Self.inlineSyntaxes.reduce(ByteSet()) { $0.union($1.startBytes) }
        let all = Self.leadingSyntaxes.reduce(inline) { $0.union($1.startBytes) }
        #expect(Prefilter.scannedBytes == inline)
        #expect(MarkdownCompiler.startBytes == all)
        #expect(Set(Prefilter.inlineSyntaxes.map { ObjectIdentifier($0) }) == Set(Self.inlineSyntaxes.map { ObjectIdentifier($0) }))
        #expect(Set(Prefilter.leadingSyntaxes.map { ObjectIdentifier($0) }) == Set(Self.leadingSyntaxes.map { ObjectIdentifier($0) }))
        // The bytes the syntaxes are written with today, as a reader would list them.
        #expect(String(decoding: MarkdownCompiler.startBytes.members, as: UTF8.self) == "&0123456789:<@[^iw{|~")
    }

    /// A page is searched for each declared byte once; a syntax whose marker the page lacks
    /// is given no bytes, and a block only the bytes its page holds.
    @Test func aPagesPrefilterHoldsOnlyTheBytesAndMarkersItHolds() {
        let plain = Prefilter(SourceText(bytes: Array("Words [x](y.md) and {braces}.\n".utf8), lineOffset: 0))
        #expect(plain.mentions == "[" && plain.links == "[" && plain.headingIDs == "{")
        #expect(plain.rawHTML.isEmpty && plain.admonitions.isEmpty && plain.tables.isEmpty)
        #expect(plain.templateTags.isEmpty, "a `{` without `{{` or `{%` is no template tag")
        let tagged = Prefilter(SourceText(bytes: Array("A {% tag %} and\n\n:::note\n".utf8), lineOffset: 0))
        #expect(tagged.templateTags == "{" && tagged.admonitions == ":")
        let source = SourceText(bytes: Array("First [a] block.\n\nSecond <b> block.\n".utf8), lineOffset: 0)
        let page = Prefilter(source)
        var first = BlockScan(range: source.range(lines: 1, 1), prefilter: page)
        #expect(first.holdsAny(of: page.mentions, in: source) && !first.holdsAny(of: page.rawHTML, in: source))
        var second = BlockScan(range: source.range(lines: 3, 3), prefilter: page)
        #expect(!second.holdsAny(of: page.mentions, in: source) && second.holdsAny(of: page.links, in: source))
    }

    /// A syntax written with an entity or an escape is read as cmark reads its text: the `&`
    /// (and the `\\`'s next byte) is one of its start bytes.
    @Test func syntaxesWrittenWithEntitiesOrEscapesAreFound() {
        let body = "## Title &#123;#custom}\n\nText &#91;see: \"Other\"] and \\[[Note]] here.\n\n:::note\nInside.\n&#58;&#58;&#58;\n\n&#49;2:30 – Said.\n"
        let out = MarkdownCompiler.compile(body)
        #expect(out.headings.map(\.id) == ["custom"])
        #expect(out.references.map(\.name) == ["Other"], "an escaped wikilink is text")
        #expect(out.quotes.map(\.time.description) == ["12:30"])
        #expect(out.html.contains("<aside class=\"callout callout-note\">\n<p><strong class=\"callout-title\">Note</strong></p>\n<p>Inside.</p>\n</aside>"), "\(out.html)")
    }

    @Test func byteSetsAgreeWithSetsOfBytes() {
        var state: UInt64 = 0xB17E
        func next() -> UInt8 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 37)
        }
        for _ in 0..<2_000 {
            let a = (0..<Int(next() % 12)).map { _ in next() }, b = (0..<Int(next() % 12)).map { _ in next() }
            let setA = ByteSet(a), setB = ByteSet(b)
            #expect(setA.members == Set(a).sorted())
            #expect(setA.union(setB).members == Set(a).union(b).sorted())
            #expect(setA.intersection(setB).members == Set(a).intersection(b).sorted())
            #expect(setA.isDisjoint(with: setB) == Set(a).isDisjoint(with: b))
            #expect((0...255).allSatisfy { setA.contains(UInt8($0)) == a.contains(UInt8($0)) })
        }
    }

    @Test func aPageMarkerIsFoundWhereItsBytesFollowOneAnother() {
        func holds(_ text: String, _ marker: PageMarker) -> Bool { SourceText(bytes: Array(text.utf8), lineOffset: 0).holds(marker) }
        let tags = PageMarker(UInt8(ascii: "{"), then: "{%")
        #expect(holds("a {{ b", tags) && holds("{% x", tags) && !holds("{ {", tags) && !holds("a {", tags))
        let fence = PageMarker(UInt8(ascii: ":"), then: ":", ":")
        #expect(holds("x\n:::tip", fence) && !holds("a: b :: c", fence) && !holds("::", fence))
    }
}
