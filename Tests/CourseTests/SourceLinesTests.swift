import Course
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
}
