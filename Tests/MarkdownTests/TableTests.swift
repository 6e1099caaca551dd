import Testing
@testable import Markdown

/// GFM tables: where they start and end, their cells' inlines and alignment, and the places of
/// what is found in their cells (GFM's own examples are in `GFMConformanceTests`).
@Suite struct TableTests {
    /// The HTML with every slot resolved (to `x.html`, titled X).
    static func resolved(_ out: CompiledMarkdown) -> String {
        Placeholder.fill(out.html, slots: Dictionary(uniqueKeysWithValues: (0..<out.slotCount).map { ($0, SlotValue(href: "x.html", title: "X")) }))
    }

    static func compile(_ body: String, lineOffset: Int = 0, options: MarkdownOptions = MarkdownOptions()) -> CompiledMarkdown {
        MarkdownCompiler.compile(body, facts: PageFacts(lineOffset: lineOffset), options: options)
    }

    /// As cmark-gfm writes a table, but for the alignment, a class (`align` is obsolete in HTML5
    /// and the theme's Content-Security-Policy does not apply a `style` attribute).
    @Test func aTableIsWrittenAsCmarkGFMWritesIt() {
        let out = Self.compile("| Flow | Who gives | Who receives |\n|:-----|:---------:|-------------:|\n| In | *others* | me |\n| Out | me | `others` |\n")
        #expect(out.html == """
            <table>
            <thead>
            <tr>
            <th class="align-left">Flow</th>
            <th class="align-center">Who gives</th>
            <th class="align-right">Who receives</th>
            </tr>
            </thead>
            <tbody>
            <tr>
            <td class="align-left">In</td>
            <td class="align-center"><em>others</em></td>
            <td class="align-right">me</td>
            </tr>
            <tr>
            <td class="align-left">Out</td>
            <td class="align-center">me</td>
            <td class="align-right"><code>others</code></td>
            </tr>
            </tbody>
            </table>

            """)
    }

    /// Smart punctuation makes `--` a dash in cmark's text: the delimiter row is read from the
    /// source, and the cells' text is punctuated as a paragraph's is.
    @Test func theDelimiterRowIsReadFromTheSourceUnderSmartPunctuation() {
        let out = Self.compile("a -- b | \"c\"\n-- | --\nx | y\n")
        #expect(out.html.contains("<th>a – b</th>\n<th>“c”</th>"), "\(out.html)")
        #expect(out.html.contains("<td>x</td>\n<td>y</td>"))
    }

    /// The report's place of a broken link in a cell is the cell's line and column in the file,
    /// found in the source (cmark's inline positions can name the wrong line in a paragraph).
    @Test func aLinkInACellIsPlacedWhereItIsWritten() {
        let body = "Intro line.\n\n| Step | Read |\n|------|------|\n| one | [a](a.md) |\n| two | é [x](nowhere.md) |\n| three | [x](nowhere.md) again |\n"
        let out = Self.compile(body, lineOffset: 4)
        #expect(out.links.map(\.destination) == ["a.md", "nowhere.md", "nowhere.md"])
        #expect(out.links.map(\.span) == [
            SourceSpan(line: 9, column: 13, endColumn: 17),
            SourceSpan(line: 10, column: 15, endColumn: 25),
            SourceSpan(line: 11, column: 15, endColumn: 25),
        ])
        #expect(out.links.allSatisfy { $0.slot != nil })
        // Links are found as well when nothing is rendered (`syllabus check`).
        #expect(Self.compile(body, lineOffset: 4, options: MarkdownOptions(renderHTML: false)).links.map(\.span) == out.links.map(\.span))
    }

    /// A cell's text parsed again keeps `\|` out of the places: a position cmark gives past an
    /// escaped pipe is mapped back over the backslash (a reference-style link is placed where
    /// cmark says it is, its destination being elsewhere).
    @Test func placesInACellCountTheBackslashesOfEscapedPipes() {
        let out = Self.compile("| a | b |\n|---|---|\n| x \\| y \\| [r][] | z |\n\n[r]: other.md\n")
        #expect(Self.resolved(out).contains("<td>x | y | <a href=\"x.html\">"), "\(out.html)")
        #expect(out.links.map(\.span) == [SourceSpan(line: 3, column: 13, endColumn: 18)])
    }

    @Test func referencesAndWikilinksInCellsAreLinkedWhereTheyAreWritten() {
        let body = "| Flow | See |\n| --- | --- |\n| In | [see: \"Why Receiving Is Hard\"] |\n| Out | [[Listening as Care\\|listening]] and [[Notes]] |\n"
        let out = Self.compile(body)
        #expect(out.references.map(\.name) == ["Why Receiving Is Hard", "Listening as Care", "Notes"])
        #expect(out.references.map(\.shownText) == [nil, "listening", "Notes"])
        #expect(out.references.map(\.span) == [
            SourceSpan(line: 3, column: 8, endColumn: 38),
            SourceSpan(line: 4, column: 9, endColumn: 41),
            SourceSpan(line: 4, column: 46, endColumn: 55),
        ])
        #expect(out.references.allSatisfy { $0.slot != nil })
        #expect(Self.resolved(out).contains("<td><a class=\"see\" href=\"x.html\""), "\(out.html)")
        #expect(!out.html.contains("[see:") && !out.html.contains("[["))
    }

    @Test func pipesSplitCellsInsideCodeAndEmphasisUnlessEscaped() {
        let out = Self.compile("| a | b |\n| - | - |\n| `x | y` | *p | q* |\n| `x \\| y` | *p \\| q* |\n", options: MarkdownOptions(smartPunctuation: false))
        #expect(out.html.contains("<tr>\n<td>`x</td>\n<td>y`</td>\n</tr>"), "\(out.html)")
        #expect(out.html.contains("<tr>\n<td><code>x | y</code></td>\n<td><em>p | q</em></td>\n</tr>"))
    }

    @Test func shortRowsArePaddedAndLongRowsCut() {
        let out = Self.compile("| a | b | c |\n|---|---|---|\n| 1 |\n| 1 | 2 | 3 | 4 |\n")
        #expect(out.html.contains("<tr>\n<td>1</td>\n<td></td>\n<td></td>\n</tr>\n<tr>\n<td>1</td>\n<td>2</td>\n<td>3</td>\n</tr>"), "\(out.html)")
        #expect(!out.html.contains("4"))
    }

    @Test func aHeaderAndDelimiterOfDifferentWidthsAreNoTable() {
        let out = Self.compile("| a | b |\n| --- |\n| c |\n")
        #expect(!out.html.contains("<table>") && out.html.hasPrefix("<p>"))
    }

    /// A table may follow the lines of a paragraph without a blank line (its header row is the
    /// paragraph's last line); its body ends at a blank line or another block's start.
    @Test func aTableEndsAParagraphAndEndsWithABlankLineOrBlock() {
        let out = Self.compile("Compare the flows:\n| In | Out |\n|---|---|\n| x | y |\n> quoted\n\n| a |\n|---|\n| b |\n\nAfter.\n")
        #expect(out.html.hasPrefix("<p>Compare the flows:</p>\n<table>\n"), "\(out.html)")
        #expect(out.html.contains("</table>\n<blockquote>\n<p>quoted</p>"))
        #expect(out.html.contains("<td>b</td>\n</tr>\n</tbody>\n</table>\n<p>After.</p>"))
        #expect(out.firstParagraph == "Compare the flows:")
    }

    /// A line of a lone `|` has no cell: the table ends and the lines after it are text, where
    /// another table may start.
    @Test func aLoneBarEndsATableAndAnotherMayFollow() {
        let out = Self.compile("| a |\n|---|\n| b |\n|\ntext\n| c |\n|---|\n", options: MarkdownOptions(smartPunctuation: false))
        #expect(out.html == "<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>b</td>\n</tr>\n</tbody>\n</table>\n<p>|\ntext</p>\n<table>\n<thead>\n<tr>\n<th>c</th>\n</tr>\n</thead>\n</table>\n", "\(out.html)")
    }

    /// `===` or `---` under a table makes a setext heading of it to CommonMark; to GFM `===` is
    /// a row and `---` a thematic break.
    @Test func anUnderlineAfterATableIsARowOrABreak() {
        // (At the top of a page, and not taken for its title.)
        let equals = Self.compile("| a |\n|---|\n| b |\n===\n")
        #expect(equals.headings.isEmpty)
        #expect(equals.html.contains("<td>b</td>\n</tr>\n<tr>\n<td>===</td>"), "\(equals.html)")
        let dashes = Self.compile("| a |\n|---|\n| b |\n---\n")
        #expect(dashes.headings.isEmpty)
        #expect(dashes.html.hasSuffix("</table>\n<hr />\n"), "\(dashes.html)")
        // The rows go on in the block after an underline that is a row (cmark began a new
        // paragraph there).
        let more = Self.compile("Intro.\n\n| a |\n|---|\n| b |\n===\nc\n| d |\n--\ne\n\nAfter.\n")
        #expect(more.headings.isEmpty)
        #expect(more.html.components(separatedBy: "<tr>").count - 1 == 7, "\(more.html)")
        #expect(more.html.hasSuffix("<td>e</td>\n</tr>\n</tbody>\n</table>\n<p>After.</p>\n"))
        let heading = Self.compile("| a |\n|---|\n|\nTitle\n---\n")
        #expect(heading.headings.map(\.text) == ["| Title"])
        #expect(heading.headings.first?.span.line == 3)
    }

    /// cmark 0.30 ends a setext heading on the line after its underline: the underline is found
    /// in the source, and a heading's underline is never a delimiter row (`---` under text is a
    /// heading to GFM too).
    @Test func aSetextHeadingIsReadUpToItsOwnUnderline() {
        let out = Self.compile("Intro.\n\na | b\n- \n> q\n\n===\n---\n|\n")
        #expect(out.headings.map(\.text) == ["a | b", "==="])
        #expect(out.html.components(separatedBy: "<blockquote>").count == 2 && !out.html.contains("<table>"), "\(out.html)")
        #expect(out.html.hasSuffix("<p>|</p>\n"))
    }

    @Test func tablesAreFoundInBlockQuotesListsAndCallouts() {
        let quoted = Self.compile("> | a | b |\n> |---|---|\n> | [x](q.md) | y |\n")
        #expect(quoted.html.hasPrefix("<blockquote>\n<table>\n"), "\(quoted.html)")
        #expect(quoted.links.first?.span == SourceSpan(line: 3, column: 9, endColumn: 13))
        let listed = Self.compile("- item\n\n  | a | b |\n  |---|---|\n  | c | [d](l.md) |\n")
        #expect(listed.html.contains("<li>\n<p>item</p>\n<table>\n"), "\(listed.html)")
        #expect(listed.links.first?.span == SourceSpan(line: 5, column: 13, endColumn: 17))
        let callout = Self.compile("> [!NOTE] The flows\n> | In | Out |\n> |----|-----|\n> | x | y |\n")
        #expect(callout.html.hasPrefix("<aside class=\"callout callout-note\">\n<p><strong class=\"callout-title\">The flows</strong></p>\n<table>"), "\(callout.html)")
    }

    /// A cell is read for links and references, never as a quote, a fence or the page's summary.
    @Test func aCellIsNoQuoteAndNoSummary() {
        let out = Self.compile("| 12:30 – said | :::tip |\n|---|---|\n\nThe summary.\n")
        #expect(out.quotes.isEmpty)
        #expect(out.firstParagraph == "The summary.")
        #expect(out.html.contains("<th>12:30 – said</th>"))
    }

    /// A reference-style link in a cell uses a definition anywhere on the page.
    @Test func cellsUseThePagesLinkDefinitions() {
        let out = Self.compile("| [site][] | [Other] |\n|---|---|\n\n[site]: https://example.org\n[other]: b.md\n")
        #expect(out.html.contains("<th><a href=\"https://example.org\">site</a></th>"), "\(out.html)")
        #expect(out.links.map(\.destination) == ["https://example.org", "b.md"])
    }

    /// A cell's raw HTML is sanitized on its own: what it keeps stays, what it leaves open ends
    /// with the cell, and what goes is reported where it is written.
    @Test func rawHTMLInACellIsSanitizedAndReportedThere() {
        let out = Self.compile("| a | b | c |\n|---|---|---|\n| x <b>y</b> | <kbd>k | <i onclick=\"x()\">z</i> |\n")
        #expect(out.problems.map(\.span) == [SourceSpan(line: 3, column: 28, endColumn: 29)])
        #expect(out.html.contains("<td>x <b>y</b></td>"), "\(out.html)")
        #expect(out.html.contains("<td><kbd>k</kbd></td>"), "\(out.html)")
        #expect(!out.html.contains("onclick"))
    }

    /// Rows are read as cmark-gfm reads them (`row_from_string`), on bytes.
    @Test func rowsAndDelimitersAreSplitAsCmarkGFMSplitsThem() {
        func cells(_ row: String) -> [String]? {
            let bytes = Array(row.utf8)
            return bytes.withUnsafeBufferPointer { buffer in
                TableLayout.cells(0..<bytes.count, in: buffer, limit: 10).map { $0.cells.map { String(decoding: bytes[$0], as: UTF8.self) } }
            }
        }
        #expect(cells("| a | b |") == ["a", "b"])
        #expect(cells("a | b") == ["a", "b"])
        #expect(cells("| a || b |") == ["a", "", "b"])
        #expect(cells("| a | |") == ["a", ""])
        #expect(cells("|x|") == ["x"])
        #expect(cells("| a \\| b |") == ["a \\| b"])
        #expect(cells("| a \\\\| b |") == ["a \\\\| b"], "a pipe after any backslash stays in the cell, as cmark-gfm's scanner reads it")
        #expect(cells("|") == nil && cells("|  ") == nil)
        func alignments(_ row: String) -> [TableAlignment]? {
            let bytes = Array(row.utf8)
            return bytes.withUnsafeBufferPointer { TableLayout.alignments(0..<bytes.count, in: $0) }
        }
        #expect(alignments("| :-- | :-: | --: | --- |") == [.left, .center, .right, .none])
        #expect(alignments("--- |") == [.none] && alignments(":-") == [.left] && alignments("|-|-|") == [.none, .none])
        #expect(alignments("| - - |") == nil && alignments("| |") == nil && alignments("|-|x") == nil && alignments("") == nil)
    }

    /// cmark-gfm stops padding short rows after 0x80000 added cells: a table of many columns
    /// and many one-cell rows is otherwise quadratic in its output.
    @Test func paddingIsLimitedAsCmarkGFMLimitsIt() {
        let columns = 1025
        let body = "|" + String(repeating: "a|", count: columns) + "\n|" + String(repeating: "-|", count: columns) + "\n"
            + String(repeating: "x\n", count: 520)
        let out = Self.compile(body, options: MarkdownOptions(smartPunctuation: false))
        // 512 rows pad 0x80000 cells, which is still allowed; the 513th joins, the 514th does not.
        #expect(out.html.components(separatedBy: "<tr>").count - 1 == 1 + 513, "rows")
        #expect(out.html.hasSuffix("</table>\n<p>x\nx\nx\nx\nx\nx\nx</p>\n"))
    }
}
