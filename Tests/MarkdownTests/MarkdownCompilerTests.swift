import Testing
@testable import Markdown

@Suite struct MarkdownCompilerTests {
    @Test func headingsGetGitHubStyleIdsWithRepeatsNumbered() {
        let out = MarkdownCompiler.compile("## Why it matters?\n\n## Why it matters?\n\n### Über `code` now\n")
        #expect(out.headings.map(\.id) == ["why-it-matters", "why-it-matters-1", "über-code-now"])
        #expect(out.html.contains("<h2 id=\"why-it-matters\">Why it matters?</h2>"))
        #expect(out.html.contains("<h2 id=\"why-it-matters-1\">"))
    }

    @Test func headingIdsStayGitHubCompatibleBesideTheThemesIds() {
        // The theme's ids are prefixed, so a heading "Main" keeps GitHub's id (Node's docs link to #main).
        let out = MarkdownCompiler.compile("## Main\n\n## Outline\n")
        #expect(out.headings.map(\.id) == ["main", "outline"])
    }

    @Test func leadingTitleHeadingLeavesTheBody() {
        let out = MarkdownCompiler.compile("# The Title\n\nFirst words here.\n")
        #expect(out.leadingTitle == "The Title")
        #expect(!out.html.contains("<h1"))
        #expect(out.firstParagraph == "First words here.")
    }

    /// A README's logo in raw HTML above its `# Title` does not hide the title; a paragraph
    /// does (the heading is then not the page's first words).
    @Test func leadingTitleIsFoundPastRawHTMLOnly() {
        let logo = MarkdownCompiler.compile("<p align=\"center\"><img src=\"logo.png\"></p>\n\n# MyTool\n\nIt does things.\n")
        #expect(logo.leadingTitle == "MyTool")
        #expect(!logo.html.contains("<h1"))
        let words = MarkdownCompiler.compile("Some words.\n\n# MyTool\n")
        #expect(words.leadingTitle == nil)
    }

    @Test func leadingHeadingStaysWhenFrontMatterTitleDiffers() {
        let out = MarkdownCompiler.compile("# Something else\n", facts: PageFacts(frontMatterTitle: "Title"))
        #expect(out.leadingTitle == nil)
        #expect(out.html.contains("<h1 id=\"something-else\">"))
    }

    @Test func timestampedQuoteIsRecognisedAndRendered() {
        let body = "Intro.\n\n22:45 – “The quote as it was said.”\n\n1:02:03 - \"Later\"\n"
        let out = MarkdownCompiler.compile(body, facts: PageFacts(lineOffset: 4, audio: "ep.mp3"))
        #expect(out.quotes.map(\.time.seconds) == [1365, 3723])
        #expect(out.quotes.map(\.span.line) == [7, 9])
        #expect(out.quotes[0].text == "“The quote as it was said.”")
        #expect(out.html.contains("<figure class=\"quote\" id=\"t-22-45\">"))
        #expect(out.html.contains("href=\"ep.mp3#t=1365\""))
        #expect(out.html.contains("id=\"t-1-02-03\""))
        #expect(!out.html.contains("22:45 –"))
    }

    /// `{#id}` after a heading's text (kramdown, Pandoc, Hugo, Docusaurus) is its id and
    /// leaves the text; a title's too, also under a front matter title. Anything else in
    /// braces stays text.
    @Test func aHeadingsOwnIDIsReadAndLeavesItsText() {
        let out = MarkdownCompiler.compile("# Guide {#top-guide}\n\n## Environment variables {#env-vars}\n\n## Set {up}\n\n## Code `{#x}`\n\n## Again {#env-vars}\n")
        #expect(out.leadingTitle == "Guide")
        #expect(out.titleAnchor == "top-guide")
        #expect(out.headings.map(\.id) == ["env-vars", "set-up", "code-x", "env-vars"])
        #expect(out.headings.map(\.text) == ["Environment variables", "Set {up}", "Code {#x}", "Again"])
        #expect(out.html.contains("<h2 id=\"env-vars\">Environment variables</h2>"), "\(out.html)")
        let titled = MarkdownCompiler.compile("# Guide {#g}\n\nText.\n", facts: PageFacts(frontMatterTitle: "Guide"))
        #expect(titled.leadingTitle == "Guide" && titled.titleAnchor == "g")
        let checked = MarkdownCompiler.compile("## Environment variables {#env-vars}\n", options: MarkdownOptions(renderHTML: false))
        #expect(checked.headings.map(\.id) == ["env-vars"], "a check reads the same id")
    }

    /// A time and a dash with nothing after them is not a quote; with the words on the next
    /// line it is.
    @Test func aTimeWithNothingSaidIsNotAQuote() {
        let out = MarkdownCompiler.compile("12:30 –\n\n12:40 – \n\n12:50 –\n“Said on the next line.”\n")
        #expect(out.quotes.map(\.time.description) == ["12:50"])
        #expect(out.quotes.first?.text == "“Said on the next line.”")
        #expect(out.html.hasPrefix("<p>12:30 –</p>\n<p>12:40 –</p>\n"), "\(out.html)")
    }

    @Test func summaryAndQuoteTextReadAReferenceAsItsTitle() {
        // A reader sees a link named by the title, never the `[see: …]` an author typed.
        let body = "Read [see: \"The *Three* Flows\"] first,\nand [see: \"Breath\" @ 1:30] later.\n\n2:05 – \"As [see: Rest] says.\"\n"
        let out = MarkdownCompiler.compile(body)
        #expect(out.firstParagraph == "Read The Three Flows first, and Breath later.")
        #expect(out.quotes.map(\.text) == ["“As Rest says.”"])
        #expect(out.references.map(\.name) == ["The Three Flows", "Breath", "Rest"])
        // A check finds the same texts.
        let checked = MarkdownCompiler.compile(body, options: MarkdownOptions(renderHTML: false))
        #expect(checked.firstParagraph == out.firstParagraph)
        #expect(checked.quotes == out.quotes)
    }

    @Test func malformedTimeIsAProblemAtItsLine() {
        let out = MarkdownCompiler.compile("Text.\n\n3:75 – nope\n", facts: PageFacts(lineOffset: 2))
        #expect(out.quotes.isEmpty)
        #expect(out.problems.count == 1)
        #expect(out.problems.first?.span.line == 5)
        #expect(out.problems.first?.span.column == 1)
    }

    /// Raw HTML the site leaves out is reported once a page, where the first removal is
    /// written (on its own line in a long paragraph too), naming what went and in how many
    /// more places; kept HTML and comments are not reported, and with unsafe HTML nothing is.
    @Test func omittedRawHTMLIsReportedOnceAtTheFirstRemovalNamingIt() throws {
        let body = "<!-- a note to myself -->\n\nA long paragraph\nthat goes on `<b>`\nand <b onclick=\"x()\">on</b>.\n\n<details>\n<summary>More</summary>\n</details>\n\n"
            + "Press <kbd>Ctrl</kbd>.\n\n<script>alert(1)</script>\n\n<p>and <script>x</script></p>\n"
        let out = MarkdownCompiler.compile(body, facts: PageFacts(lineOffset: 3))
        #expect(out.problems.count == 1)
        let problem = try #require(out.problems.first)
        #expect(problem.kind == .rawHTMLOmitted)
        #expect("\(problem.span.line):\(problem.span.column)" == "8:8")
        #expect(problem.message == "an `onclick` attribute and `<script>` are left out of the site (here and in 2 more places on this page); course.yml's unsafe_html: true keeps them")
        #expect(out.html.contains("<b>on</b>"))
        #expect(out.html.contains("<details>\n<summary>More</summary>\n</details>"))
        #expect(!out.html.contains("script") && !out.html.contains("alert"))
        let checked = MarkdownCompiler.compile(body, facts: PageFacts(lineOffset: 3), options: MarkdownOptions(renderHTML: false))
        #expect(checked.problems == out.problems, "a check finds the same")
        #expect(MarkdownCompiler.compile(body, options: MarkdownOptions(unsafeHTML: true)).problems.isEmpty)
        #expect(MarkdownCompiler.compile("Text <!-- inline note --> here.\n\n<!--\nblock note\n-->\n\n<kbd>k</kbd>\n").problems.isEmpty)
        let one = MarkdownCompiler.compile("Go <a href=\"javascript:alert(1)\">x</a>.\n").problems.map(\.message)
        #expect(one == ["a `javascript:` URL is left out of the site; course.yml's unsafe_html: true keeps it"])
    }

    @Test func seeReferenceBecomesPlaceholderLinkWithSourcePosition() {
        let body = "Some text here and [see: \"Other Page\"] and more.\n"
        let out = MarkdownCompiler.compile(body)
        #expect(out.references.count == 1)
        let ref = out.references[0]
        #expect(ref.name == "Other Page")
        #expect(ref.span == SourceSpan(line: 1, column: 20, endColumn: 39))
        let html = Placeholder.fill(out.html, slots: [ref.slot!: SlotValue(href: "other.html", title: "Other Page")])
        #expect(html == "<p>Some text here and <a class=\"see\" href=\"other.html\">Other Page</a> and more.</p>\n")
    }

    @Test func referenceSplitByLineBreakAndEmphasisIsFoundAtTheRightLine() {
        let body = "First line of a paragraph,\nthen é ü text [see: \"The *Three*\nFlows\" @ 12:40] after.\n"
        let out = MarkdownCompiler.compile(body, facts: PageFacts(lineOffset: 3))
        #expect(out.references.count == 1)
        let ref = out.references[0]
        #expect(ref.target == .page(title: "The Three Flows", quote: Timestamp(seconds: 760)))
        #expect(ref.span.line == 5)
        #expect(ref.span.column == 15)
        let html = Placeholder.fill(out.html, slots: [ref.slot!: SlotValue(href: "x.html#t-12-40", title: "The Three Flows")])
        #expect(html.contains("text <a class=\"see\" href=\"x.html#t-12-40\">The Three Flows</a> after."))
        #expect(!html.contains("see:"))
    }

    @Test func referencesInListsQuotesAndCurlyQuotes() {
        let body = "- item one\n- item [see: “Alpha“] two\n\n> quoted [see: 'x'] and [see: \"Beta\"]\n"
        let out = MarkdownCompiler.compile(body)
        #expect(out.references.map(\.name) == ["Alpha", "x", "Beta"])
        #expect(out.references.map(\.span.line) == [2, 4, 4])
        #expect(out.references.map(\.span.column) == [8, 10, 25])
    }

    /// Single quotes are read as a pair, with or without smart punctuation; an apostrophe
    /// alone stays in the title.
    @Test func singleQuotedReferencesAreTitlesInQuotes() {
        let body = "[see: 'First talk'] and [see: The teachers'] and [see: 'Tis kind] and [see: \"Don't\"]\n"
        let smart = MarkdownCompiler.compile(body)
        #expect(smart.references.map(\.name) == ["First talk", "The teachers’", "‘Tis kind", "Don’t"])
        let plain = MarkdownCompiler.compile(body, options: MarkdownOptions(smartPunctuation: false))
        #expect(plain.references.map(\.name) == ["First talk", "The teachers'", "'Tis kind", "Don't"])
    }

    /// `[[Note]]`, `[[Note#Heading]]`, `[[Note|text]]` and `[[#Heading]]` are wikilinks, each
    /// at its own place in the source; code, `[[see: …]]` and `[[x]](url)` are not.
    @Test func wikilinksAreReadWithTheirPlaceHeadingAndText() {
        let body = "See [[Self Care]], *then* [[Breathing#The practice|the practice]]\nand [[#Here]] or [[Don't panic]].\n\n"
            + "`[[code]]`, [[see: \"Real\"]], [[link]](x.md) and [[Folder/Note.md#Part]].\n"
        let out = MarkdownCompiler.compile(body)
        let wikilinks = out.references.filter(\.isWikilink)
        #expect(wikilinks.map(\.name) == ["Self Care", "Breathing", "", "Don’t panic", "Folder/Note.md"])
        #expect(wikilinks.map { if case .note(_, let heading, _, false) = $0.target { heading ?? "-" } else { "not a link" } } == ["-", "The practice", "Here", "-", "Part"])
        #expect(wikilinks.map { $0.shownText ?? "-" } == ["Self Care", "the practice", "Here", "Don’t panic", "Folder/Note.md > Part"])
        #expect(wikilinks.map { "\($0.span.line):\($0.span.column)-\($0.span.endColumn)" } == ["1:5-18", "1:27-66", "2:5-14", "2:18-33", "4:49-72"])
        #expect(out.references.filter { !$0.isWikilink }.map(\.name) == ["Real"])
        let html = Placeholder.fill(out.html, slots: Dictionary(uniqueKeysWithValues: (0..<out.slotCount).map { ($0, SlotValue(href: "u\($0)", title: "T\($0)")) }))
        #expect(html.contains("<a class=\"see\" href=\"u1\">the practice</a>"), "\(html)")
        #expect(html.contains("<code>[[code]]</code>, [<a class=\"see\""), "\(html)")
        #expect(out.firstParagraph == "See Self Care, then the practice and Here or Don’t panic.")
    }

    /// An escaped `\[\[x\]\]`, `[[…]]` in a template or shortcode block, a TOML array of
    /// tables and a shell test are text; the wikilinks around them keep their places.
    @Test func notEveryDoubleBracketIsAWikilink() {
        let body = """
        Escaped \\[\\[Not a link\\]\\] and [[Real One]], \\[[half]] too.

        {{< highlight toml >}}
        [[menus.main]]
        name = "x"
        {{< /highlight >}}

        [[params.links]]
        url = "y"

        [[redirects]]
        from = "/a"

        {% highlight bash %}
        if [[ -f x ]]; then echo [[Inside]]; fi
        {% endhighlight %}

        Shell: [[ "$?" -ne 0 ]] and [[ $a == b ]], then {{ if [[ x ]] }} and [[Real Two]].

        [[Alone]]

        """
        let out = MarkdownCompiler.compile(body)
        #expect(out.references.map(\.name) == ["Real One", "Real Two", "Alone"])
        #expect(out.references.map { "\($0.span.line):\($0.span.column)" } == ["1:32", "18:70", "20:1"])
        let html = Placeholder.fill(out.html, slots: [:])
        #expect(html.contains("Escaped [[Not a link]] and"), "\(html)")
        #expect(html.contains("[[menus.main]]") && html.contains("[[ -f x ]]") && html.contains("[[Inside]]"), "\(html)")
        // Without those around, a line of only `[[Note]]` and one with spaces inside are links.
        #expect(MarkdownCompiler.compile("[[Note]]\n\n[[ Spaced Note ]]\n\n[[a.b]] c\n\n[[Note.md]]\n").references.map(\.name)
                == ["Note", "Spaced Note", "a.b", "Note.md"])
    }

    /// Pages full of what is not a wikilink compile in time that grows with their length.
    @Test(.timeLimit(.minutes(1))) func doubleBracketsThatAreNotLinksCompileInLinearTime() {
        let clock = ContinuousClock()
        let line = String(repeating: "\\[\\[x\\]\\] [[a]] [[ -f y ]] {{< s >}} {{< /t >}} ", count: 4_000)
        let tags = String(repeating: "{% if x %}\n[[menus.main]]\nname = \"x\"\n\n", count: 4_000)
        let elapsed = clock.measure {
            let out = MarkdownCompiler.compile(line + "\n\n" + tags)
            #expect(out.references.count == 4_000)
        }
        #expect(elapsed < .seconds(10), "\(elapsed)")
    }

    /// `![[name]]` embeds: an image (alt text and size after `|`), a player, a link to any
    /// other file, and a note's embed linked as `[[note]]` is; each placed at its `!`.
    @Test func embedsShowTheirFileAsItsKindIs() {
        let body = "A ![[Pasted image 1.png]] and *![[a/b.PNG|Two circles|300x200]]*\n![[c.jpg|120]] ![[talk.mp3]] ![[clip.mp4]] ![[notes.pdf]] ![[Note#Part]] `![[code.png]]`\n"
        let out = MarkdownCompiler.compile(body)
        #expect(out.references.map(\.name) == ["Pasted image 1.png", "a/b.PNG", "c.jpg", "talk.mp3", "clip.mp4", "notes.pdf", "Note"])
        #expect(out.references.allSatisfy {
            switch $0.target {
            case .file, .note(_, _, _, true): true
            default: false
            }
        })
        #expect(out.references.map { $0.shownText ?? "-" } == ["", "Two circles", "", "talk.mp3", "clip.mp4", "notes.pdf", "Note > Part"])
        #expect(out.references.map { "\($0.span.line):\($0.span.column)-\($0.span.endColumn)" } == ["1:3-26", "1:32-64", "2:1-15", "2:16-29", "2:30-43", "2:44-58", "2:59-73"])
        let html = Placeholder.fill(out.html, slots: Dictionary(uniqueKeysWithValues: (0..<out.slotCount).map { ($0, SlotValue(href: "u\($0)", title: "T\($0)")) }))
        #expect(html == "<p>A <img src=\"u0\" alt=\"\" /> and <em><img src=\"u1\" alt=\"Two circles\" width=\"300\" height=\"200\" /></em>\n"
            + "<img src=\"u2\" alt=\"\" width=\"120\" /> <audio controls src=\"u3\"></audio> <video controls src=\"u4\"></video> "
            + "<a href=\"u5\">notes.pdf</a> <a class=\"see\" href=\"u6\">Note &gt; Part</a> <code>![[code.png]]</code></p>\n", "\(html)")
        #expect(MarkdownCompiler.compile("An image ![[x.png|The sea]] here.\n").firstParagraph == "An image The sea here.")
    }

    /// `> [!NOTE]` (GitHub) and `> [!tip] Title` (Obsidian) are asides titled by their
    /// marker's line; a `[!x]` later in a quote, or with a space in it, is not a callout.
    @Test func calloutsAreAsidesTitledByTheirFirstLine() {
        let body = "> [!NOTE]\n> Read *this*.\n\n> [!tip] Breathe *slowly* [see: \"A\"]\n> In.\n>\n> Out.\n\n> [!Warning]\n\n"
            + "> Not [!this].\n\n> [!two words]\n> Text.\n\n- > [!caution] In a list\n"
        let out = MarkdownCompiler.compile(body)
        let html = Placeholder.fill(out.html, slots: [0: SlotValue(href: "a.html", title: "A")])
        #expect(html == """
            <aside class="callout callout-note">
            <p><strong class="callout-title">Note</strong>
            Read <em>this</em>.</p>
            </aside>
            <aside class="callout callout-tip">
            <p><strong class="callout-title">Breathe <em>slowly</em> <a class="see" href="a.html">A</a></strong>
            In.</p>
            <p>Out.</p>
            </aside>
            <aside class="callout callout-warning">
            <p><strong class="callout-title">Warning</strong></p>
            </aside>
            <blockquote>
            <p>Not [!this].</p>
            </blockquote>
            <blockquote>
            <p>[!two words]
            Text.</p>
            </blockquote>
            <ul>
            <li>
            <aside class="callout callout-caution">
            <p><strong class="callout-title">In a list</strong></p>
            </aside>
            </li>
            </ul>

            """, "\(html)")
        #expect(out.references.map(\.name) == ["A"], "a reference in the title is still read")
        #expect(!MarkdownCompiler.compile(body, options: MarkdownOptions(renderHTML: false)).references.isEmpty)
    }

    /// Obsidian's fold marks make a callout a `<details>`: `-` folded, `+` open, its title the
    /// `<summary>` (the paragraph it stood in goes when nothing else was on it).
    @Test func foldingCalloutsAreDetails() {
        let body = "> [!faq]- Can I *fold* it?\n> Yes.\n\n> [!tip]+\n>\n> Open.\n"
        #expect(MarkdownCompiler.compile(body).html == """
            <details class="callout callout-faq">
            <summary class="callout-title">Can I <em>fold</em> it?</summary>
            <p>Yes.</p>
            </details>
            <details class="callout callout-tip" open>
            <summary class="callout-title">Tip</summary>
            <p>Open.</p>
            </details>

            """)
    }

    /// Docusaurus admonitions: `:::type`, a title after it or in brackets, up to a line of as
    /// many colons or more; fences may share a paragraph with the text (no blank lines), nest
    /// with more colons, and an unclosed one holds the rest of its container. An escaped or
    /// nameless fence, or one in code, stays as written; a fence is never the summary.
    @Test func admonitionsAreAsidesUpToTheirClosingFence() {
        let body = """
            :::note

            Some *text*.

            :::

            :::tip[My *own* tip]
            One paragraph, [see: "A"].
            :::

            ::::info Outer

            :::danger
            Inner.
            :::

            ::::

            \\:::note escaped

            :::

            ```
            :::note
            ```

            - :::warning
              In a list.

            After the list.

            """
        let out = MarkdownCompiler.compile(body)
        let html = Placeholder.fill(out.html, slots: [0: SlotValue(href: "a.html", title: "A")])
        #expect(html == """
            <aside class="callout callout-note">
            <p><strong class="callout-title">Note</strong></p>
            <p>Some <em>text</em>.</p>
            </aside>
            <aside class="callout callout-tip">
            <p><strong class="callout-title">My <em>own</em> tip</strong></p>
            <p>One paragraph, <a class="see" href="a.html">A</a>.</p>
            </aside>
            <aside class="callout callout-info">
            <p><strong class="callout-title">Outer</strong></p>
            <aside class="callout callout-danger">
            <p><strong class="callout-title">Danger</strong></p>
            <p>Inner.</p>
            </aside>
            </aside>
            <p>:::note escaped</p>
            <p>:::</p>
            <pre><code>:::note
            </code></pre>
            <ul>
            <li>
            <aside class="callout callout-warning">
            <p><strong class="callout-title">Warning</strong></p>
            <p>In a list.</p>
            </aside>
            </li>
            </ul>
            <p>After the list.</p>

            """, "\(html)")
        #expect(out.references.map(\.name) == ["A"])
        #expect(out.firstParagraph == "Some text.", "the fence's paragraph is not the summary")
        let facts = MarkdownCompiler.compile(body, options: MarkdownOptions(renderHTML: false))
        #expect(facts.firstParagraph == out.firstParagraph && facts.references.map(\.name) == ["A"], "a check reads the same facts")
        #expect(MarkdownCompiler.compile(":::tip Unclosed\n\nText.\n\n- Item\n").html == """
            <aside class="callout callout-tip">
            <p><strong class="callout-title">Unclosed</strong></p>
            <p>Text.</p>
            <ul>
            <li>Item</li>
            </ul>
            </aside>

            """)
        #expect(MarkdownCompiler.compile(":::\n\nColons: ::: and :::tip in text.\n").html == "<p>:::</p>\n<p>Colons: ::: and :::tip in text.</p>\n")
    }

    /// MDX imports at the top of a page (Docusaurus) are not shown and are not its summary;
    /// the `# Title` under them is still its title. An import further down, and prose that
    /// starts with "import", stay.
    @Test func mdxImportsAtTheTopAreLeftOut() {
        let body = "import Tabs from '@theme/Tabs';\nimport TabItem from \"@theme/TabItem\"\nimport {\n  a,\n  b,\n} from './x';\n\n"
            + "import './style.css';\n\n# Setting up\n\nFirst paragraph.\n\nimport Late from './late';\n"
        let out = MarkdownCompiler.compile(body)
        #expect(out.leadingTitle == "Setting up")
        #expect(out.firstParagraph == "First paragraph.")
        #expect(out.html == "<p>First paragraph.</p>\n<p>import Late from ‘./late’;</p>\n", "\(out.html)")
        #expect(MarkdownCompiler.compile(body, options: MarkdownOptions(renderHTML: false)).firstParagraph == "First paragraph.")
        for prose in ["import the old notes from 'Evernote' and more\n", "import x from 'y'\nand then prose.\n", "import x 'y'\n"] {
            #expect(MarkdownCompiler.compile(prose).html.hasPrefix("<p>import"), "\(prose)")
        }
    }

    /// Template tags shown as text are one finding a page, at the first, counting the blocks
    /// that hold more; code and a lone brace are not tags.
    @Test func templateTagsAreReportedOnceAtTheFirst() {
        let out = MarkdownCompiler.compile("Braces { and } and `{{ code }}`.\n\nA *b* {{ site.baseurl }}/x {% if y %}\n\n# {{< ref \"z\" >}}\n")
        #expect(out.problems.map { "\($0.kind.rawValue) \($0.span.line):\($0.span.column)-\($0.span.endColumn)" } == ["template-syntax 3:7-25"])
        #expect(out.problems.first?.message.hasPrefix("'{{ site.baseurl }}' is template syntax") == true)
        #expect(out.problems.first?.message.hasSuffix("(here and in 1 more place on this page)") == true, "\(out.problems)")
        #expect(MarkdownCompiler.compile("No tags { here }.\n\n```\n{{ x }}\n```\n").problems.isEmpty)
    }

    @Test func referenceInsideCodeIsNotAReference() {
        let out = MarkdownCompiler.compile("Write `[see: \"Title\"]` like this, then [see: \"Real\"].\n\n```\n[see: \"Fenced\"]\n```\n")
        #expect(out.references.map(\.name) == ["Real"])
        #expect(out.references.first?.span.column == 40)
    }

    @Test func markdownLinksBecomePlaceholdersAndKeepTheirPositions() {
        let body = "See [the practice](../lessons/breath.md#the-practice \"T\") and\n[site](https://example.org) and ![A chart](../assets/chart.svg).\n"
        // (A page one folder down: `../` stays in the site.)
        let out = MarkdownCompiler.compile(body, facts: PageFacts(lineOffset: 1, depth: 1))
        #expect(out.links.map(\.destination) == ["../lessons/breath.md#the-practice", "https://example.org", "../assets/chart.svg"])
        #expect(out.links[0].slot != nil && out.links[1].slot == nil && out.links[2].slot == nil)
        #expect(out.links[0].span == SourceSpan(line: 2, column: 20, endColumn: 53))
        #expect(out.links[2].span.line == 3)
        #expect(out.links[2].isImage && out.links[2].text == "A chart")
        let html = Placeholder.fill(out.html, slots: [out.links[0].slot!: SlotValue(href: "../lessons/breath.html#the-practice", title: "")])
        #expect(html.contains("<a href=\"../lessons/breath.html#the-practice\" title=\"T\">the practice</a>"))
    }

    @Test func rawHTMLIsSanitizedUnlessUnsafeAndItsAnchorsAreSeen() {
        let body = "<div id=\"box\" style=\"color: red\">x</div>\n\nText <a name=\"here\"></a> and [x](javascript:alert(1)).\n"
        let safe = MarkdownCompiler.compile(body)
        #expect(safe.html.contains("<div id=\"box\">x</div>"))
        #expect(!safe.html.contains("javascript") && !safe.html.contains("style"))
        #expect(safe.htmlAnchors == ["box", "here"])
        let unsafe = MarkdownCompiler.compile(body, options: MarkdownOptions(unsafeHTML: true))
        #expect(unsafe.html.contains("<div id=\"box\" style=\"color: red\">x</div>"), "unsafe HTML is written as it is")
        #expect(unsafe.html.contains("<a name=\"here\"></a>"))
        #expect(unsafe.htmlAnchors == ["box", "here"])
    }

    @Test func deeplyNestedInputStaysLinear() {
        let nested = String(repeating: ">", count: 20_000) + " deep\n" + String(repeating: "*a ", count: 20_000)
        let out = MarkdownCompiler.compile(nested)
        #expect(!out.html.isEmpty)
    }
}

@Suite struct TimestampTests {
    @Test func parsesAndFormats() throws {
        #expect(try Timestamp.parse("3:05")?.anchor == "t-3-05")
        #expect(try Timestamp.parse("12:40")?.seconds == 760)
        #expect(try Timestamp.parse("1:02:03")?.anchor == "t-1-02-03")
        #expect(try Timestamp.parse("2026") == nil)
    }

    @Test func rejectsImpossibleTimes() {
        for text in ["3:75", "99:99:99", "1:1", "123:00"] {
            #expect(throws: Timestamp.Invalid.self) { try Timestamp.parse(text) }
        }
    }
}

@Suite struct SluggerTests {
    @Test func githubStyle() {
        var slugger = Slugger()
        #expect(slugger.slug("Hello, World!") == "hello-world")
        #expect(slugger.slug("Hello, World!") == "hello-world-1")
        #expect(slugger.slug("  Spaces  kept ") == "--spaces--kept-")
        #expect(Slugger.fileSlug("My File (2)") == "my-file-2")
    }

    @Test func titleKeyFoldsCaseSpaceAndQuotes() {
        #expect(TitleKey.normalize("  Why “It”   Matters ") == TitleKey.normalize("why \"it\" matters"))
    }
}
