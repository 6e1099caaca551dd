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

    @Test func aLinkThatClimbsOutIsTheURLItNamesWhereTheSiteIsPublished() {
        #expect(RelativeURL.published("../std/index.html", from: "", base: "https://doc.example.org/book/") == "https://doc.example.org/std/index.html")
        #expect(RelativeURL.published("../../nomicon/vec.html#layout", from: "ch", base: "https://doc.example.org/book/")
                == "https://doc.example.org/nomicon/vec.html#layout")
        // Climbing stops at the host's root, as a browser's does.
        #expect(RelativeURL.published("../../../../x?q=1", from: "", base: "https://example.org/a/") == "https://example.org/x?q=1")
        // A base that is a path (book.toml's site-url) gives a path from the host's root; a
        // path from the site's root starts at the base.
        #expect(RelativeURL.published("../reference/", from: "", base: "/book/") == "/reference/")
        #expect(RelativeURL.published("/../x/", from: "deep/er", base: "/book/") == "/x/")
        #expect(RelativeURL.climbsAboveRoot("../x", depth: 0))
        #expect(!RelativeURL.climbsAboveRoot("../x", depth: 1))
        #expect(RelativeURL.climbsAboveRoot("/../x", depth: 3))
        #expect(!RelativeURL.climbsAboveRoot("a/../b", depth: 0))
    }
}
