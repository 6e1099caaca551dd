import Foundation
import Testing
@testable import Markdown

/// GitHub Flavored Markdown's own examples, compiled by our Markdown stage and compared with
/// the HTML the spec expects: the "(extension)" sections of `spec.txt` (spec 0.29-gfm) and
/// cmark-gfm's `extensions.txt`, read from `../shared/gfm` beside the repository (or
/// `SYLLABUS_GFM_DIR`). The project copies none of that text.
///
/// Each section's count is printed; only the sections in `assertedSections` must pass, every
/// example of them or be listed in `deliberateDifferences` with its reason. A syntax that is
/// recognized adds its sections to the list.
@Suite struct GFMConformanceTests {
    /// The sections whose every example must pass (or be a listed difference), as "file:
    /// heading" (a `##` heading; `###` subsections belong to theirs).
    static let assertedSections = [
        "spec.txt: Tables (extension)",
        "extensions.txt: Tables",
        "spec.txt: Task list items (extension)",
        "extensions.txt: Task lists",
        "spec.txt: Strikethrough (extension)",
        "extensions.txt: Strikethroughs",
        "spec.txt: Autolinks (extension)",
        "extensions.txt: Autolinks",
        "extensions.txt: Footnotes",
    ]

    /// Examples of the asserted sections whose difference from cmark-gfm is chosen, by section
    /// and example number within the file, with the reason. (None: every table example passes.)
    static let deliberateDifferences: [String: String] = [:]

    /// Where our HTML says the same as cmark-gfm's in another form, chosen, it is read as
    /// cmark-gfm's before the comparison. Two: a table cell's alignment is a class
    /// (`<td class="align-center">`), since `align` is obsolete in HTML5 and the theme's
    /// Content-Security-Policy does not apply a `style` attribute (see `TableCellTag`); and a
    /// footnote's link back is named for screen readers (`aria-label`), as GitHub names it.
    static func asCmarkGFMWritesIt(_ html: String) -> String {
        html.replacing(/<(t[hd]) class="align-(left|center|right)">/) { match in "<\(match.output.1) align=\"\(match.output.2)\">" }
            .replacing(/\s+aria-label="Back to reference [0-9-]+"/, with: "")
    }

    /// The folder of `spec.txt` and `extensions.txt`: `SYLLABUS_GFM_DIR`, else `shared/gfm`
    /// beside the repository's folder.
    static let dataFolder: URL? = {
        let candidate: URL
        if let folder = ProcessInfo.processInfo.environment["SYLLABUS_GFM_DIR"], !folder.isEmpty {
            candidate = URL(fileURLWithPath: folder)
        } else {
            let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            candidate = repository.deletingLastPathComponent().appendingPathComponent("shared/gfm")
        }
        guard FileManager.default.fileExists(atPath: candidate.appendingPathComponent("spec.txt").path) else {
            print("GFM conformance: no spec.txt in \(candidate.path) (set SYLLABUS_GFM_DIR to the folder of spec.txt and extensions.txt); the conformance test is skipped, not passed")
            return nil
        }
        return candidate
    }()

    // The data is not part of the repository: without it the test does not run, and says so
    // (above) rather than passing as if it had.
    @Test(.enabled(if: dataFolder != nil, "GFM's spec.txt and extensions.txt are not beside the repository (../shared/gfm or SYLLABUS_GFM_DIR)"))
    func extensionExamplesMatchTheSpecsHTML() throws {
        let folder = try #require(Self.dataFolder)
        var examples: [GFMExample] = []
        for file in ["spec.txt", "extensions.txt"] {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            examples += GFMExample.parse(text, file: file).filter { file == "extensions.txt" || $0.section.hasSuffix("(extension)") }
        }
        var sections: [String] = []
        var passed: [String: Int] = [:], total: [String: Int] = [:]
        for example in examples {
            let key = "\(example.file): \(example.section)"
            if total[key] == nil { sections.append(key) }
            total[key, default: 0] += 1
            let html = Self.asCmarkGFMWritesIt(MarkdownCompiler.compile(example.markdown, options: MarkdownOptions(unsafeHTML: true, smartPunctuation: false)).html)
            // `<IGNORE>`: the example asks only that the input is read (without a crash).
            let matches = example.html == "<IGNORE>\n" || HTMLNormalizer.normalize(html) == HTMLNormalizer.normalize(example.html)
            if matches { passed[key, default: 0] += 1 }
            guard Self.assertedSections.contains(key) else { continue }
            let name = "\(key) #\(example.number)"
            if let reason = Self.deliberateDifferences[name] {
                #expect(!matches, "\(name) is listed as a difference (\(reason)) but passes: take it off the list")
            } else if !matches {
                Issue.record("""
                    \(name) (line \(example.line)) differs.
                    Markdown:
                    \(example.markdown)
                    Expected:
                    \(HTMLNormalizer.normalize(example.html))
                    Got:
                    \(HTMLNormalizer.normalize(html))
                    """)
            }
        }
        for key in sections {
            print("GFM conformance: \(key): \(passed[key] ?? 0)/\(total[key] ?? 0) passed\(Self.assertedSections.contains(key) ? "" : " (not asserted)")")
        }
        for key in Self.assertedSections {
            #expect((total[key] ?? 0) > 0, "no examples found for the asserted section \(key)")
        }
    }

    @Test func theNormalizerIgnoresOnlyWhatHTMLIgnores() {
        #expect(HTMLNormalizer.normalize("<table>\n<tr>\n<td align=\"center\" id=x>a &amp; b</td>\n</tr>\n</table>\n")
                == HTMLNormalizer.normalize("<table><tr><td id=\"x\" align='center'>a &#38; b</td></tr></table>"))
        #expect(HTMLNormalizer.normalize("<p>a<br />\nb &quot;c&quot;</p>") == HTMLNormalizer.normalize("<p>a<br>\nb &#34;c\"</p>"))
        #expect(HTMLNormalizer.normalize("<p>a b</p>") != HTMLNormalizer.normalize("<p>ab</p>"))
        #expect(HTMLNormalizer.normalize("<pre><code>a\n  b\n</code></pre>") != HTMLNormalizer.normalize("<pre><code>a\nb\n</code></pre>"))
        #expect(HTMLNormalizer.normalize("<td>a</td>") != HTMLNormalizer.normalize("<th>a</th>"))
    }

    @Test func examplesAreReadAsTheSpecWritesThem() {
        let fence = String(repeating: "`", count: 32)
        let text = "# Intro\n\n## Tables (extension)\n\n\(fence) example table\n| a |\n|→-|\n.\n<p>→</p>\n\(fence)\n\n### More\n\n\(fence) example\nx\n.\n<p>x</p>\n\(fence)\n"
        let examples = GFMExample.parse(text, file: "spec.txt")
        #expect(examples.count == 2)
        #expect(examples.first?.markdown == "| a |\n|\t-|\n" && examples.first?.html == "<p>\t</p>\n")
        #expect(examples.map(\.section) == ["Tables (extension)", "Tables (extension)"])
        #expect(examples.map(\.number) == [1, 2] && examples.first?.line == 5)
    }
}

/// One example of a spec file: the Markdown, the HTML it must give, and where it is.
struct GFMExample {
    var file: String
    /// The `##` heading it is under (without the `## `).
    var section: String
    /// Its number among the file's examples, from 1, as the spec numbers them.
    var number: Int
    var line: Int
    var markdown: String
    var html: String

    /// The examples of a spec file: between a line of 32 backticks and ` example` (and maybe
    /// the extension's name) and a line of 32 backticks, the Markdown, a line `.`, the HTML;
    /// `→` stands for a tab.
    static func parse(_ text: String, file: String) -> [GFMExample] {
        let fence = String(repeating: "`", count: 32)
        var examples: [GFMExample] = []
        var section = ""
        var current: (line: Int, markdown: [Substring], html: [Substring], inHTML: Bool)?
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if var example = current {
                if line == fence {
                    func joined(_ lines: [Substring]) -> String {
                        lines.map { $0 + "\n" }.joined().replacingOccurrences(of: "→", with: "\t")
                    }
                    examples.append(GFMExample(file: file, section: section, number: examples.count + 1, line: example.line,
                                               markdown: joined(example.markdown), html: joined(example.html)))
                    current = nil
                } else if !example.inHTML && line == "." {
                    example.inHTML = true
                    current = example
                } else {
                    if example.inHTML { example.html.append(line) } else { example.markdown.append(line) }
                    current = example
                }
            } else if line.hasPrefix(fence + " example") {
                current = (index + 1, [], [], false)
            } else if line.hasPrefix("## ") {
                section = String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces)
            }
        }
        return examples
    }
}

/// HTML written so that two renderings a browser reads alike compare equal: white space
/// between tags and around block tags dropped, runs of white space in text made one space
/// (kept in `<pre>`), attributes sorted and quoted, `<br />` as `<br>`, character references
/// written as the characters they stand for (but `&`, `<`, `>` and `"`, written one way).
enum HTMLNormalizer {
    static let blockTags: Set<String> = [
        "address", "article", "aside", "blockquote", "body", "dd", "details", "div", "dl", "dt", "figcaption", "figure",
        "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section",
        "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    ]

    enum Token: Equatable {
        case text(String)
        case tag(name: String, closing: Bool, text: String)
    }

    static func normalize(_ html: String) -> String {
        var tokens = tokenize(html)
        var inPre = 0
        for index in tokens.indices {
            switch tokens[index] {
            case .tag(let name, let closing, _) where name == "pre":
                inPre += closing ? -1 : 1
            case .text(let text) where inPre == 0:
                var collapsed = ""
                for character in text {
                    let isSpace = character == " " || character == "\t" || character == "\n" || character == "\r\n" || character == "\r"
                    if !isSpace {
                        collapsed.append(character)
                    } else if !collapsed.hasSuffix(" ") {
                        collapsed.append(" ")
                    }
                }
                tokens[index] = .text(collapsed)
            default:
                break
            }
        }
        // White space next to a block tag (or at either end) shows nothing.
        func isBlock(_ token: Token?) -> Bool {
            guard let token else { return true }
            if case .tag(let name, _, _) = token { return blockTags.contains(name) }
            return false
        }
        var output = ""
        for index in tokens.indices {
            switch tokens[index] {
            case .tag(_, _, let text):
                output += text
            case .text(var text):
                if isBlock(index > 0 ? tokens[index - 1] : nil) { text = String(text.drop { $0 == " " }) }
                if isBlock(index + 1 < tokens.count ? tokens[index + 1] : nil) {
                    while text.hasSuffix(" ") { text.removeLast() }
                }
                output += text
            }
        }
        return output
    }

    /// Text and tags; a tag written back in one form, a comment or declaration as it is.
    static func tokenize(_ html: String) -> [Token] {
        var tokens: [Token] = []
        let scalars = Array(html.unicodeScalars)
        var index = 0, textStart = 0
        func flushText(upTo end: Int) {
            if end > textStart { tokens.append(.text(encode(decode(String(String.UnicodeScalarView(scalars[textStart..<end])))))) }
        }
        while index < scalars.count {
            guard scalars[index] == "<", index + 1 < scalars.count,
                  scalars[index + 1].properties.isAlphabetic || scalars[index + 1] == "/" || scalars[index + 1] == "!" || scalars[index + 1] == "?",
                  let close = scalars[index...].firstIndex(of: ">") else {
                index += 1
                continue
            }
            flushText(upTo: index)
            let inside = String(String.UnicodeScalarView(scalars[(index + 1)..<close]))
            if inside.hasPrefix("!") || inside.hasPrefix("?") {
                tokens.append(.tag(name: "!", closing: false, text: "<" + inside + ">"))
            } else {
                tokens.append(tag(inside))
            }
            index = close + 1
            textStart = index
        }
        flushText(upTo: scalars.count)
        return tokens
    }

    static func tag(_ inside: String) -> Token {
        var rest = Substring(inside)
        let closing = rest.hasPrefix("/")
        if closing { rest = rest.dropFirst() }
        let name = rest.prefix { !$0.isWhitespace && $0 != "/" }.lowercased()
        rest = rest.dropFirst(name.count)
        var attributes: [(String, String?)] = []
        while true {
            rest = rest.drop { $0.isWhitespace || $0 == "/" }
            guard !rest.isEmpty else { break }
            let attribute = rest.prefix { !$0.isWhitespace && $0 != "=" && $0 != "/" }.lowercased()
            rest = rest.dropFirst(attribute.count)
            rest = rest.drop { $0.isWhitespace }
            var value: String?
            if rest.hasPrefix("=") {
                rest = rest.dropFirst().drop { $0.isWhitespace }
                if let quote = rest.first, quote == "\"" || quote == "'" {
                    let body = rest.dropFirst().prefix { $0 != quote }
                    value = String(body)
                    rest = rest.dropFirst(body.count + 2)
                } else {
                    let body = rest.prefix { !$0.isWhitespace }
                    value = String(body)
                    rest = rest.dropFirst(body.count)
                }
            }
            if attribute.isEmpty { rest = rest.dropFirst() } else { attributes.append((attribute, value)) }
        }
        let written = attributes.sorted { $0.0 < $1.0 }.map { name, value in
            value.map { " \(name)=\"\(encode(decode($0)))\"" } ?? " \(name)"
        }.joined()
        return .tag(name: name, closing: closing, text: "<" + (closing ? "/" : "") + name + written + ">")
    }

    static let namedEntities = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "copy": "©"]

    /// Character references read as their characters.
    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var output = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            output += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            if let semicolon = after.prefix(32).firstIndex(of: ";") {
                let name = after[..<semicolon]
                var decoded: String?
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    decoded = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
                } else if name.hasPrefix("#") {
                    decoded = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String($0) }
                } else {
                    decoded = namedEntities[String(name)]
                }
                if let decoded {
                    output += decoded
                    rest = after[after.index(after: semicolon)...]
                    continue
                }
            }
            output += "&"
            rest = after
        }
        return output + rest
    }

    static func encode(_ text: String) -> String {
        var output = ""
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            default: output.append(character)
            }
        }
        return output
    }
}
