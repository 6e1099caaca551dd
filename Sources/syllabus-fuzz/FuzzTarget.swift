import FuzzDriver
import Linking
import Course
import Markdown

/// What one fuzz input exercises. The first byte picks the target, the rest is the text:
/// 0 front matter split and decode, 1 quotes and references alone, 2 a whole page linked
/// against a second one.
enum FuzzTarget {
    static func run(_ bytes: [UInt8]) {
        guard let selector = bytes.first else { return }
        let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
        switch selector % 3 {
        case 0:
            let (course, _) = Course.inMemory([("a.md", text)])
            _ = course.pages.first?.frontMatter
        case 1:
            let compiled = MarkdownCompiler.compile(text, facts: PageFacts(lineOffset: 3, audio: "a.mp3"))
            var slots: [Int: SlotValue] = [:]
            for slot in 0..<compiled.slotCount { slots[slot] = SlotValue(href: "x.html#\(slot)", title: "T\"<\(slot)>") }
            let html = Placeholder.fill(compiled.html, slots: slots)
            precondition(!html.utf8.contains(0x01), "a placeholder survived filling")
            // Raw HTML is sanitized by default: no script element can come out of any input.
            precondition(html.range(of: "<script", options: .caseInsensitive) == nil, "a script element survived sanitizing")
        default:
            let other = "---\ntitle: Other\naliases: [\"The Other\"]\n---\n\n## Part\n\n1:00 – “A quote.”\n"
            let (course, _) = Course.inMemory([("lessons/a.md", text), ("articles/other.md", other)])
            let graph = CourseGraph.link(course)
            for (index, page) in graph.pages.enumerated() {
                _ = Placeholder.fill(page.body.html, slots: graph.slots[index])
            }
            _ = GraphExport.json(graph)
        }
    }
}

/// libFuzzer's entry point (only in a fuzzing build: the test suite links both fuzz targets).
#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
#endif
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTarget.run(FuzzDriver.bytes(data, size))
    return 0
}

/// libFuzzer drives `FuzzTarget.run` (scripts/fuzz.sh), or the inputs named are replayed.
@main
struct Fuzz {
    static func main() {
        FuzzDriver.main(testOne: fuzzOne, replay: FuzzTarget.run)
    }
}
