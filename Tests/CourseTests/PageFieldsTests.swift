@testable import Course
import Support
import Testing

/// The byte-level readings of a page's path, date and summary must answer as the readings on
/// characters they stand in for.
@Suite struct PageFieldsTests {
    @Test func datesReadAsBytesAgreeWithReadingParts() {
        func byParts(_ text: String) -> Bool {
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
                  let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month) else { return false }
            let isLeap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return day >= 1 && day <= [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        }
        var state: UInt64 = 0xDA7E
        let digits = Array("0123456789+-x".utf8)
        for _ in 0..<20_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            var pick = state >> 7
            var bytes = Array("2024-02-29".utf8)
            for _ in 0..<Int(pick % 4) {
                pick /= 4
                bytes[Int(pick % 10)] = digits[Int((pick / 10) % UInt64(digits.count))]
                pick /= 10 * UInt64(digits.count)
            }
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(FrontMatterParser.isDate(text) == byParts(text), "\(text)")
        }
        for text in ["2023-02-29", "2000-02-29", "1900-02-29", "2026-+1-05", "2026-1-005", "２０２６-01-01", "2026-12-31", "2026-13-01"] {
            #expect(FrontMatterParser.isDate(text) == byParts(text), "\(text)")
        }
    }

    @Test func joiningAPathLeavesOutAnEmptyParentOrChild() {
        #expect(RelativeURL.joined("", "a.md") == "a.md")
        #expect(RelativeURL.joined("lessons", "a.md") == "lessons/a.md")
        #expect(RelativeURL.joined("/site", "") == "/site")
        #expect(RelativeURL.joined("/site", "tags/x") == "/site/tags/x")
        #expect(RelativeURL.joined("", "") == "")
        for path in ["lessons/a.md", "a.md", "tags/care/index.html"] {
            #expect(RelativeURL.joined(RelativeURL.folder(of: path), RelativeURL.fileName(of: path)) == path)
        }
    }

    @Test func fileNamesAndKindsComeFromTheFirstAndLastPartsOfThePath() {
        for path in ["lessons/a.md", "a.md", "lessons//b/c.md", "/lessons/x.md", "x/", "/", "", "episodes", "articles/é.md", "lessonsx/a.md"] {
            #expect(RelativeURL.fileName(of: path) == String(path.split(separator: "/").last ?? Substring(path)), "\(path)")
            let expected: PageKind = switch path.split(separator: "/").first {
            case "lessons": .lesson
            case "episodes": .episode
            case "articles": .article
            default: .page
            }
            #expect(PageKind.fromFolder(path) == expected, "\(path)")
        }
    }

    @Test func summariesAreShortenedAtAWordAsCharactersWouldBe() {
        func byCharacters(_ text: String) -> String {
            guard text.count > 200 else { return text }
            let cut = text.prefix(200)
            return String(cut[..<(cut.lastIndex(of: " ") ?? cut.endIndex)]) + "…"
        }
        let words = ["word", " ", "a", "longerword", "é", "\r\n", "x"]
        var state: UInt64 = 0x5A
        for _ in 0..<2_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            // Half of the texts are plain ASCII, the rest may hold any of the words.
            let pool = state & 0x100 == 0 ? Array(words.prefix(4)) : words
            var pick = state >> 9, text = ""
            for _ in 0..<(40 + Int(pick % 80)) {
                text += pool[Int(pick % UInt64(pool.count))]
                pick = pick / UInt64(pool.count) + (pick % 3 == 0 ? state >> 40 : 0)
            }
            #expect(PageCompiler.shortened(text) == byCharacters(text), "\(text.debugDescription)")
        }
    }
}
