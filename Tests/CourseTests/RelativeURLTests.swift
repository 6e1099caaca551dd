import Support
import Course
import Testing
import TestSupport

@Suite struct RelativeURLTests {
    /// `resolve` works on bytes; it must answer as resolving the parts as strings does.
    @Test func resolvingOnBytesAgreesWithResolvingParts() {
        func byParts(_ relative: String, against base: String) -> String? {
            var parts: [Substring] = relative.hasPrefix("/") ? [] : base.split(separator: "/")
            for part in relative.split(separator: "/") {
                if part == "." { continue }
                if part == ".." {
                    guard !parts.isEmpty else { return nil }
                    parts.removeLast()
                } else {
                    parts.append(part)
                }
            }
            return parts.joined(separator: "/")
        }
        let pieces = ["a", "bé", ".", "..", "", "/", "//", "x.md", "...", ".a", "a."]
        var random = SeededRandom(state: 0x5EED)
        func path() -> String { (0..<random.next(7)).map { _ in pieces[random.next(pieces.count)] }.joined(separator: random.next(2) == 0 ? "/" : "") }
        for _ in 0..<20_000 {
            let relative = path(), base = path()
            #expect(RelativeURL.resolve(relative, against: base) == byParts(relative, against: base), "\(relative) against \(base)")
        }
        #expect(RelativeURL.resolve("../episodes/p2.md", against: "articles") == "episodes/p2.md")
        #expect(RelativeURL.resolve("../../x.md", against: "articles") == nil)
    }
}
