import Foundation
import Testing
@testable import Markdown

/// The markup the compiler adds is the theme's: templates with holes, read once, filled for
/// every quote, callout, embed and reference.
@Suite struct MarkupTemplateTests {
    /// The built-in theme's `partials/markup/` files (this repository's `Templates/`) are the
    /// compiler's defaults, byte for byte: a site built with the theme is what the compiler
    /// always wrote.
    @Test func theBuiltInThemesMarkupFilesAreTheDefaults() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Templates/partials/markup")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }
        #expect(Set(files) == Set(MarkupTemplates.Piece.allCases.map { "\($0.name).mustache" }))
        var theme = MarkupTemplates.default
        for piece in MarkupTemplates.Piece.allCases {
            let text = try String(contentsOf: folder.appendingPathComponent("\(piece.name).mustache"), encoding: .utf8)
            try theme.set(piece, fileText: text)
            #expect(theme[piece].text == piece.defaultText, "\(piece.name)")
            #expect(try MarkupTemplate(parsing: piece.defaultText, holes: piece.holes) == MarkupTemplates.default[piece])
        }
        #expect(theme == MarkupTemplates.default && theme.fingerprint == MarkupTemplates.default.fingerprint)
    }

    @Test func aTemplateNamesOnlyTheHolesItsPieceHas() {
        #expect(throws: MarkupTemplateError.unknownHole("{{nope}}", allowed: MarkupTemplate.Hole.allCases)) {
            try MarkupTemplate(parsing: "<b>{{nope}}</b>")
        }
        var markup = MarkupTemplates.default
        #expect(throws: MarkupTemplateError.unknownHole("{{ alt }}", allowed: [.anchor, .time, .seconds])) {
            try markup.set(.quoteOpen, to: "<figure id=\"{{anchor}}\" title=\"{{ alt }}\">")
        }
        #expect(throws: MarkupTemplateError.unknownHole("{{{href}}}", allowed: [.href])) { try markup.set(.embedAudio, to: "{{{href}}}") }
        #expect(throws: MarkupTemplateError.unclosedTag) { try MarkupTemplate(parsing: "<a href=\"{{href\">") }
        #expect(throws: MarkupTemplateError.unclosedSection("audio")) { try MarkupTemplate(parsing: "{{#audio}} play") }
        #expect(throws: MarkupTemplateError.strayClose("width")) { try MarkupTemplate(parsing: "{{#height}}h{{/width}}") }
        #expect(markup == MarkupTemplates.default, "a template that does not parse changes nothing")
        #expect(MarkupTemplateError.unknownHole("{{alt}}", allowed: [.type]).description == "'{{alt}}' is not a hole of this markup; it has {{type}}")
    }

    /// Pages get the theme's markup: its holes filled as the defaults' are, its sections shown
    /// when their value is there.
    @Test func pagesGetTheThemesMarkup() throws {
        var markup = MarkupTemplates.default
        try markup.set(.calloutOpen, to: "<div class=\"note {{type}}\" role=\"note\">")
        try markup.set(.calloutClose, to: "</div>")
        try markup.set(.quoteClose, to: "</blockquote>{{#audio}}<button data-at=\"{{seconds}}\" data-src=\"{{audio}}\">{{time}}</button>{{/audio}}</figure>")
        try markup.set(.referenceLink, to: "<a href=\"{{href}}\" title=\"{{title}}\">{{text}}</a>")
        try markup.set(.embedImage, to: "<img src=\"{{href}}\"{{#width}} width=\"{{width}}\"{{/width}}>")
        let options = MarkdownOptions(markup: markup)
        #expect(options.themeFingerprint != MarkdownOptions().themeFingerprint)
        let body = "> [!TIP]\n> Breathe.\n\n1:30 – Said.\n\n[see: \"Other\"] and [[Note|a note]] ![[a.png|300]] ![[b.png]]\n"
        let withAudio = MarkdownCompiler.compile(body, facts: PageFacts(audio: "my ep.mp3#x"), options: options)
        let html = Placeholder.fill(withAudio.html, slots: [0: SlotValue(href: "o.html", title: "Other"), 1: SlotValue(href: "n.html", title: "Note"),
                                                             2: SlotValue(href: "a.png", title: ""), 3: SlotValue(href: "b.png", title: "")])
        #expect(html == """
            <div class="note tip" role="note">
            <p><strong class="callout-title">Tip</strong>
            Breathe.</p>
            </div>
            <figure class="quote" id="t-1-30">
            <blockquote>
            <p>Said.</p>
            </blockquote><button data-at="90" data-src="my%20ep.mp3">1:30</button></figure>
            <p><a href="o.html" title="Other">Other</a> and <a href="n.html" title="Note">a note</a> <img src="a.png" width="300"> <img src="b.png"></p>

            """, "\(html)")
        #expect(!MarkdownCompiler.compile("1:30 – Said.\n", options: options).html.contains("button"), "no audio, no section")
    }

    /// The theme's ids are reserved: a heading is numbered past them, and one written with
    /// such an id is reported.
    @Test func theThemesIDsAreReservedForItsElements() {
        let options = MarkdownOptions(reservedIDs: ["main", "toc"])
        let out = MarkdownCompiler.compile("## Main\n\n## Contents {#toc}\n", options: options)
        #expect(out.headings.map(\.id) == ["main-1", "toc"])
        #expect(out.problems.map(\.message) == ["the id 'toc' is taken on this page: the theme gives it to its own element; choose another"])
        #expect(options.themeFingerprint != MarkdownOptions().themeFingerprint)
        #expect(MarkdownCompiler.compile("## Main\n").headings.map(\.id) == ["main"])
    }
}
