@testable import Course
import Testing

/// FlatYAML must read simple front matter exactly as Yams does (values, styles, lines and
/// columns), and leave everything else, errors above all, to Yams.
@Suite struct FlatYAMLTests {
    /// Front matter FlatYAML reads itself.
    static let simple = [
        "title: Hello\n",
        "title: \"The First Episode\"\ndate: 2026-03-14\ntags: [self-care, listening]\n",
        "title: 'It''s here'\nslug: its-here\n",
        "title:   spaced out   \nsummary: a  b   c\n",
        "tags: []\n",
        "tags: [ ]\n",
        "tags: [a,b , c]\n",
        "tags: [\"a, b\", 'c', d e]\n",
        "tags: [\"\", '']\n",
        "tags:\n- one\n- \"two\"\n- 'three'\ntitle: T\n",
        "tags:\n  - one\n  - two\n\ntitle: T\n",
        "tags:\n\n  - one\n\n  - two\n",
        "aliases:\n    - \"Episode One\"\n",
        "summary:\ntitle: T\n",
        "summary:   \ntitle: T\n",
        "summary:\n",
        "\n\ntitle: after blank lines\n",
        "title: C# and F#\n",
        "title: a:b and http://x.org/a?b=c\n",
        "title: x [y] {z}, w\n",
        "title: Café au lait – “quoted” — ñ\n",
        "tags: [café, thé, \"crème\"]\n",
        "title: \"Café\"\ntags: [é, 'è', ê]\n",
        "draft: true\nnumber: 3\norder: 1x\n",
        "number: 12\norder: 007\ndraft: yes\n",
        "title: null\nsummary: ~\nslug: \"\"\n",
        "title: \"null\"\nsummary: '~'\n",
        "duration: \"1:02:03\"\naudio: https://example.org/a.mp3\n",
        "colour: blue\n",
        "title: [a, b]\n",
        "tags: text\n",
        "title: x\nnumber: three\n",
        "related: [\"Page 00001 on care\", \"Page 00002 on rest\"]\nprerequisites:\n  - A\n  - 'B'\n",
        "_private: x\nkebab-key: y\nkey2: z\n",
        "title: 'a \"b\" c'\nsummary: \"it's\"\n",
        "title: trailing\n\n\n",
        "title: no final newline",
    ]

    /// Front matter FlatYAML leaves to Yams: not simple, or not valid.
    static let leftToYams = [
        "",
        "\n  \n",
        "# a comment\ntitle: T\n",
        "title: T # a comment\n",
        "title: \"T\" # a comment\n",
        "title: \"a \\\"b\\\"\"\n",
        "title: &anchor T\nslug: *anchor\n",
        "title: !!str 12\n",
        "summary: |\n  block\n",
        "summary: >\n  folded\n",
        "summary: one\n  two\n",
        "summary:\n  indented text\n",
        "title: \"unclosed\n",
        "title: [unclosed\n",
        "tags: [a, [b]]\n",
        "tags: [a, b,]\n",
        "tags: [a,, b]\n",
        "tags: [a: b]\n",
        "tags: [a]  x\n",
        "tags:\n- a\n -b\n",
        "tags:\n  - a\n - b\n",
        "tags:\n- a: b\n",
        "tags:\n- [a]\n",
        "order: -1\n",
        "tags:\n-\n",
        "tags:\n- \n",
        "title: A\ntitle: B\n",
        "title:T\n",
        "title : T\n",
        "\"title\": T\n",
        " title: T\n",
        "title: a: b\n",
        "title: ends with colon:\n",
        "title: -dash\n",
        "title: @at\n",
        "title: `tick`\n",
        "title: %percent\n",
        "title: ?question\n",
        "title:\ttab\n",
        "title: T\r\n",
        "title: \u{FEFF}bom\n",
        "title: line\u{2028}separator\n",
        "title: next\u{85}line\n",
        "title: emoji 🎉\n",
        "title: del\u{7F}\n",
        "- a\n- b\n",
        "just text\n",
        "---\ntitle: T\n",
        "...\n",
        "%YAML 1.1\n---\ntitle: T\n",
        "checks:\n  orphan: off\n",
        "? complex\n: key\n",
        "title: {a: b}\n",
    ]

    @Test(arguments: simple)
    func flatReadingEqualsYams(text: String) throws {
        let flat = try #require(FlatYAML.parse(text), "FlatYAML should read \(text.debugDescription)")
        #expect(flat == (try YAMLFields.compose(text)))
    }

    @Test(arguments: leftToYams)
    func notSimpleFrontMatterIsLeftToYams(text: String) {
        #expect(FlatYAML.parse(text) == nil, "FlatYAML should leave \(text.debugDescription) to Yams")
    }

    /// Many combinations of lines, simple or not: whenever FlatYAML reads one, Yams reads the same.
    @Test func combinedLinesReadAsYamsReadsThem() throws {
        let lines = [
            "title: Plain title", "title: \"Quoted: title\"", "slug: 'single'", "summary:", "summary: x # y",
            "tags: [a, \"b c\", 'd']", "tags: []", "tags:", "- item", "  - indented item", "- 'quoted item'",
            "", "  ", "aliases: [é, ü]", "date: 2026-01-13", "number: 3", "draft: false", "title: dup",
            "  continued", "# comment", "order: [1, 2", "related: ['it''s']", "guest: a:b", "audio: a: b",
        ]
        var random = SplitMix(seed: 7)
        var read = 0
        for _ in 0..<3000 {
            let count = 1 + Int(random.next() % 6)
            let text = (0..<count).map { _ in lines[Int(random.next() % UInt64(lines.count))] }.joined(separator: "\n") + "\n"
            guard let flat = FlatYAML.parse(text) else { continue }
            read += 1
            let yams: YAMLValue?
            do { yams = try YAMLFields.compose(text) } catch {
                Issue.record("FlatYAML read \(text.debugDescription), which Yams rejects: \(error.message)")
                continue
            }
            #expect(flat == yams, "\(text.debugDescription)")
        }
        #expect(read > 300)
    }

    @Test func frontMatterErrorsKeepTheirPlaceAndWording() throws {
        let cases: [(String, String, Int, Int)] = [
            ("title: [a, b]\n", "'title' must be text, not a list", 2, 8),
            ("title: x\ncolour: blue\n", "unknown key 'colour' in front matter", 3, 1),
            ("title: x\nweight: heavy\n", "'weight' must be a number, not the text \"heavy\", so it is not read", 3, 9),
            ("number: three\n", "'number' must be a whole number, not the text \"three\"", 2, 9),
            ("tags: text\n", "'tags' must be a list, e.g. [a, b], not the text \"text\"", 2, 7),
            ("tags:\n  - [a]\n", "'tags' must be a list of texts, not a list", 3, 5),
            ("draft: 12\n", "'draft' must be true or false, not a number (12)", 2, 8),
        ]
        for (text, message, line, column) in cases {
            #expect(FlatYAML.parse(text) != nil || text.contains("[a]"))
            guard let error = FrontMatterParser.decodeAll(text).problems.first else {
                Issue.record("\(text.debugDescription) should not decode")
                continue
            }
            #expect(error.message == message)
            #expect(error.line == line && error.column == column, "\(text.debugDescription): \(error.line):\(error.column)")
        }
    }
}

/// A small deterministic generator, so that a failing combination can be found again.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
