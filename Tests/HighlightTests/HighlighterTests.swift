import CHighlight
import Foundation
import Highlight
import Testing

@Suite struct HighlighterTests {
    let highlighter = Highlighter()

    /// A small program in each language a course must be able to show, and the classes its
    /// highlighting must hold.
    static let samples: [(language: String, code: String, classes: Set<String>)] = [
        ("swift", "// Greets\nlet name = \"World\"\nfunc greet() -> Int { return 42 }\n", ["comment", "keyword", "string", "number"]),
        ("python", "# A note\ndef twice(x):\n    return \"s\" * 2\n", ["comment", "keyword", "string", "number"]),
        ("javascript", "// A note\nconst x = \"a\";\nfunction f() { return 1; }\n", ["comment", "keyword", "string", "number"]),
        ("typescript", "// A note\ninterface A { b: string }\nconst x: number = 1;\nlet s = \"str\";\n", ["comment", "keyword", "string", "number"]),
        ("rust", "// A note\nfn main() { let s = \"x\"; let n = 1; }\n", ["comment", "keyword", "string", "number"]),
        ("go", "// A note\npackage main\nfunc main() { s := \"x\"; n := 1 }\n", ["comment", "keyword", "string", "number"]),
        ("c", "/* A note */\n#include <stdio.h>\nint main(void) { return printf(\"x\") - 1; }\n", ["comment", "keyword", "string", "preprocessor"]),
        ("cpp", "// A note\n#include <vector>\nclass A { public: int f() const { return 0; } };\nauto s = \"x\";\n", ["comment", "keyword", "string", "preprocessor"]),
        ("java", "// A note\npublic class A { String s = \"x\"; int n = 1; }\n", ["comment", "keyword", "string", "number"]),
        ("shell", "# A note\nif [ -f \"$x\" ]; then echo 'yes'; fi\n", ["comment", "keyword", "string"]),
        ("sql", "-- A note\nSELECT name FROM users WHERE id = 'x' AND n = 1;\n", ["comment", "keyword", "string", "number"]),
        ("yaml", "# A note\nkey: \"value\"\nlist:\n  - 1\n", ["comment", "string", "number"]),
        ("json", "{\"key\": \"value\", \"n\": 1, \"ok\": true}\n", ["string", "number"]),
        ("toml", "# A note\n[table]\nkey = \"value\"\nn = 1\n", ["comment", "keyword", "string", "number"]),
        ("html", "<!-- A note -->\n<p class=\"x\">Hi &amp; bye</p>\n", ["comment", "keyword", "string"]),
        ("css", "/* A note */\nbody { color: red; margin: 0 }\n", ["comment", "keyword", "number"]),
        ("markdown", "# Title\n\nSome *emphasis* and `code`.\n<!-- A note -->\n", ["function", "comment"]),
        ("diff", "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new\n", ["inserted", "deleted"]),
    ]

    @Test(arguments: samples.map(\.language))
    func eachLanguageMarksItsTokens(language: String) throws {
        let sample = try #require(Self.samples.first { $0.language == language })
        let html = try #require(highlighter.html(for: sample.code, language: language))
        let classes = Self.classes(in: html)
        #expect(sample.classes.isSubset(of: classes), "\(language): \(html)")
        #expect(classes.isSubset(of: Set(Highlighter.tokenClasses)), "\(language): \(classes)")
        #expect(Self.text(of: html) == sample.code, "\(language): \(html)")
    }

    @Test func aliasesAndCaseNameTheSameLanguage() throws {
        let names = [
            ("shell", ["sh", "bash", "Shell", "BASH"]), ("javascript", ["js", "JavaScript"]), ("typescript", ["ts", "TS"]),
            ("yaml", ["yml", "YAML"]), ("rust", ["rs", "Rust"]), ("go", ["golang", "Go"]), ("cpp", ["c++", "C++", "cxx"]),
            ("markdown", ["md", "Markdown"]), ("diff", ["patch", "Diff"]), ("python", ["py", "Python"]),
        ]
        for (language, aliases) in names {
            let sample = try #require(Self.samples.first { $0.language == language })
            let expected = try #require(highlighter.html(for: sample.code, language: language))
            for alias in aliases {
                #expect(highlighter.html(for: sample.code, language: alias) == expected, "\(alias)")
            }
        }
    }

    @Test func theLibrarysOwnNamesAndExtensionsAreKnown() {
        #expect(highlighter.html(for: "fun main() = println(\"x\")\n", language: "Kotlin")?.contains("hl-keyword") == true)
        #expect(highlighter.html(for: "def x; end\n", language: "rb")?.contains("hl-keyword") == true)
    }

    @Test func unknownLanguagesAreNil() {
        for language in ["", "no-such-language", "text", "plain", "mermaid", "swift extra", " swift", "\u{0}"] {
            #expect(highlighter.html(for: "let x = 1\n", language: language) == nil, "\(language.debugDescription)")
        }
    }

    @Test func identityNamesTheLibraryAndItsFile() {
        let parts = Highlighter.identity.split(separator: " ")
        #expect(parts.count == 4 && parts[0] == "KSyntaxHighlighting" && Int(parts[2]) ?? 0 > 0, "\(Highlighter.identity)")
        #expect(String(cString: syllabus_highlight_identity()) == Highlighter.identity)
    }

    @Test func emptyCodeIsEmpty() {
        #expect(highlighter.html(for: "", language: "swift") == "")
        #expect(highlighter.html(for: "\n", language: "swift") == "\n")
    }

    /// Whatever the code holds, the HTML holds it as text: no tag of its own, every `<`, `&`
    /// and quote escaped.
    @Test(arguments: samples.map(\.language))
    func markupInCodeStaysText(language: String) throws {
        let code = """
        </code></pre><script>alert("x & y")</script>
        <img src=x onerror='alert(1)'> &amp; &#x3C; "unclosed 'quote /* open <!-- open `tick ${x
        """
        let html = try #require(highlighter.html(for: code, language: language))
        #expect(Self.text(of: html) == code)
        #expect(!html.contains("<script") && !html.contains("</code") && !html.contains("<img"))
        #expect(Self.tagsAreSpans(html), "\(html)")
    }

    @Test func nulAndInvalidUTF8BecomeReplacementCharacters() throws {
        let html = try #require(highlighter.html(for: "let a = \"x\u{0}y\"\n", language: "swift"))
        #expect(Self.text(of: html) == "let a = \"x\u{FFFD}y\"\n")

        // Bytes that are not UTF-8, given to the C function as they are.
        let bytes: [UInt8] = Array("let s = \"".utf8) + [0xFF, 0xC3, 0x28, 0xED, 0xA0, 0x80, 0xF0, 0x9F, 0x98] + Array("\" // é 😀\n".utf8)
        var out: UnsafeMutablePointer<CChar>?
        var count = 0
        #expect(syllabus_highlight("swift", bytes, bytes.count, &out, &count) == 1)
        let pointer = try #require(out)
        defer { syllabus_highlight_free(pointer) }
        let result = pointer.withMemoryRebound(to: UInt8.self, capacity: count) { Array(UnsafeBufferPointer(start: $0, count: count)) }
        let text = try #require(String(validating: result, as: UTF8.self))
        #expect(text.contains("\u{FFFD}") && text.hasSuffix("é 😀</span>\n"), "\(text)")
    }

    @Test func sameInputGivesSameOutput() throws {
        for sample in Self.samples {
            let first = highlighter.html(for: sample.code, language: sample.language)
            #expect(first != nil && first == highlighter.html(for: sample.code, language: sample.language))
        }
    }

    @Test func threadsHighlightingAtOnceAgreeWithOneThread() async throws {
        let expected = Self.samples.map { highlighter.html(for: String(repeating: $0.code, count: 50), language: $0.language) }
        let results = await withTaskGroup(of: (Int, String?).self) { group in
            for round in 0..<8 {
                for (index, sample) in Self.samples.enumerated() {
                    group.addTask { (index, Highlighter().html(for: String(repeating: sample.code, count: 50), language: sample.language)) }
                }
                _ = round
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 8 * Self.samples.count)
        for (index, html) in results {
            #expect(html == expected[index], "\(Self.samples[index].language)")
        }
    }

    @Test func longLinesAndWhatFollowsTheFirst32KOfABlockArePlain() throws {
        let short = "let s = \"x\"\n"
        let long = "let s = \"" + String(repeating: "x", count: 1_000) + "\"\n"
        let html = try #require(highlighter.html(for: short + long + short, language: "swift"))
        let lines = html.split(separator: "\n")
        #expect(lines.count == 3 && lines[0].contains("hl-keyword") && !lines[1].contains("<") && lines[2].contains("hl-keyword"))

        let block = String(repeating: short, count: 32_768 / short.utf16.count + 10)
        let blockLines = try #require(highlighter.html(for: block, language: "swift")).split(separator: "\n")
        let highlighted = blockLines.prefix { $0.contains("hl-keyword") }.count
        #expect(highlighted == 32_768 / short.utf16.count && blockLines.dropFirst(highlighted).allSatisfy { !$0.contains("<") })
    }

    // MARK: Hostile input

    /// Hostile code in every language: each finishes, and stays text.
    @Test(arguments: samples.map(\.language))
    func hostileCodeFinishesAndStaysText(language: String) throws {
        let oneLongLine = String(repeating: "alpha \"beta /* gamma(1) <!-- ", count: 1_048_576 / 30)
        let manyLines = String(repeating: "x = \"a /* '\n", count: 100_000)
        let unbalanced = String(repeating: "\"'`/*<!--([{${", count: 5_000) + "\n" + String(repeating: "a\"b'c\n", count: 10_000)
        let openerOnEveryLine = String(repeating: "/* x\n", count: 100_000)
        for code in [oneLongLine, manyLines, unbalanced, openerOnEveryLine] {
            let clock = ContinuousClock()
            var html: String?
            let time = clock.measure { html = highlighter.html(for: code, language: language) }
            let result = try #require(html)
            #expect(time < .seconds(10), "\(language): \(time)")
            #expect(Self.text(of: result) == code)
            #expect(Self.tagsAreSpans(result))
        }
    }

    /// Time grows with the input, not faster: four times the input takes at most eight times
    /// as long (a square would take sixteen), for one long line and for many lines; the ratio
    /// leaves room for a loaded machine. JavaScript and TypeScript are the slowest on long lines.
    @Test(arguments: ["javascript", "typescript"])
    func timeGrowsLinearly(language: String) {
        let line = "alpha beta_1 gamma(2) a<b&&c>d||\"e\" "
        func lines(_ count: Int) -> String { String(repeating: line + "\n", count: count) }
        func oneLine(_ bytes: Int) -> String { String(repeating: line, count: bytes / line.utf8.count) }
        for (small, large) in [(oneLine(524_288), oneLine(2_097_152)), (lines(7_500), lines(30_000))] {
            let smallTime = fastest { _ = highlighter.html(for: small, language: language) }
            let largeTime = fastest { _ = highlighter.html(for: large, language: language) }
            #expect(largeTime <= smallTime * 8, "\(language): \(smallTime) then \(largeTime)")
        }
    }

    // MARK: Reading the HTML back

    func fastest(_ body: () -> Void) -> Duration {
        let clock = ContinuousClock()
        return (0..<3).map { _ in clock.measure(body) }.min() ?? .zero
    }

    static func classes(in html: String) -> Set<String> {
        var classes: Set<String> = []
        var rest = html[...]
        while let start = rest.range(of: "<span class=\"hl-") {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            classes.insert(String(rest[..<end]))
        }
        return classes
    }

    /// The text the HTML shows: tags dropped, the five escapes read back.
    static func text(of html: String) -> String {
        let bytes = Array(html.utf8)
        let escapes: [(String, UInt8)] = [("&lt;", UInt8(ascii: "<")), ("&gt;", UInt8(ascii: ">")), ("&amp;", UInt8(ascii: "&")),
                                          ("&quot;", UInt8(ascii: "\"")), ("&#39;", UInt8(ascii: "'"))]
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<") {
                index = (bytes[index...].firstIndex(of: UInt8(ascii: ">")) ?? bytes.count) + 1
            } else if byte == UInt8(ascii: "&"), let (escape, character) = escapes.first(where: { bytes[index...].starts(with: $0.0.utf8) }) {
                text.append(character)
                index += escape.utf8.count
            } else {
                text.append(byte)
                index += 1
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Whether every tag is `<span class="hl-…">` (a class of `tokenClasses`) or `</span>`,
    /// spans are balanced on each line and never nested, and no `>` or quote stands outside a tag.
    static func tagsAreSpans(_ html: String) -> Bool {
        let openings = Set(Highlighter.tokenClasses.map { Array("<span class=\"hl-\($0)\">".utf8) })
        let closing = Array("</span>".utf8)
        let bytes = Array(html.utf8)
        var open = false
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\n"):
                if open { return false }
                index += 1
            case UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"):
                return false
            case UInt8(ascii: "<"):
                if bytes[index...].starts(with: closing) {
                    if !open { return false }
                    open = false
                    index += closing.count
                } else if let end = bytes[index...].firstIndex(of: UInt8(ascii: ">")), openings.contains(Array(bytes[index...end])) {
                    if open { return false }
                    open = true
                    index = end + 1
                } else {
                    return false
                }
            default:
                index += 1
            }
        }
        return !open
    }
}
