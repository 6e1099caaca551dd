import Course
import Markdown
import Testing

@Suite struct SourceLinesTests {
    /// Lines are found when asked for; each must be the text between line breaks, as splitting
    /// the file at `\n` gives it, without a `\r` before the break, and nothing past the end.
    @Test(arguments: ["", "one", "one\n", "one\ntwo", "one\r\ntwo\r\n", "\n\n", "a\n\nb\n", "é — ü\nlast", "x\r", "\r\n"])
    func eachLineIsTheTextBetweenBreaks(_ text: String) {
        let lines = SourceLines(text)
        // Split as bytes: "\r\n" is one Character, so a String split at "\n" would not see it.
        let expected = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            String(decoding: line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...], as: UTF8.self)
        }
        for (index, line) in expected.enumerated() {
            #expect(lines[index + 1] == line, "line \(index + 1) of \(text.debugDescription)")
        }
        #expect(lines[expected.count + 1] == nil)
        #expect(lines[0] == nil)
        #expect(lines[-3] == nil)
    }

    /// Filling many diagnostics' lines in one pass gives each what the subscript gives its
    /// line, in whatever order they come; a line past the end stays without text, and a
    /// diagnostic with a text or without a position is left as it is.
    @Test func fillingLinesInOnePassMatchesAskingForEach() {
        let text = "first\nsecond\r\n\nfourth — é\nfifth"
        let lines = SourceLines(text)
        let order = [4, 2, 9, 1, 4, 5, 3, 2]
        var diagnostics = order.map { line in
            Diagnostic(rule: .missingPage, file: "a.md", span: SourceSpan(line: line, column: 1, endColumn: 2), message: "m")
        }
        diagnostics.append(Diagnostic(rule: .missingPage, file: "a.md", span: SourceSpan(line: 1, column: 1, endColumn: 2),
                                      message: "kept", lineText: "given"))
        diagnostics.append(Diagnostic(rule: .missingPage, file: "a.md", span: nil, message: "no position"))
        lines.fillLineTexts(of: &diagnostics)
        for (index, line) in order.enumerated() {
            #expect(diagnostics[index].lineText == lines[line], "line \(line)")
        }
        #expect(diagnostics[2].lineText == nil)
        #expect(diagnostics[3].lineText == "first")
        #expect(diagnostics[0].lineText == "fourth — é")
        #expect(diagnostics[order.count].lineText == "given")
        #expect(diagnostics[order.count + 1].lineText == nil)
    }
}
