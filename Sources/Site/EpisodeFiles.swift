import Support
import Course
import Markdown

/// What an episode with audio and chapters has beside its page: its chapters as WebVTT (the
/// player's `<track kind="chapters">`) and as JSON Chapters 1.2 (Podcasting 2.0's
/// `podcast:chapters`), named after the page (`x.html` → `x.chapters.vtt`, `x.chapters.json`).
enum EpisodeFiles {
    static let vttSuffix = ".chapters.vtt"
    static let jsonSuffix = ".chapters.json"

    /// Whether `page` has the files: an episode's chapters mean nothing without its audio.
    static func hasChapters(_ page: Page) -> Bool {
        page.frontMatter.audio?.isEmpty == false && !page.chapters.isEmpty
    }

    /// `x.html` with `suffix` in place of `.html`.
    static func path(of page: Page, _ suffix: String) -> String {
        let path = page.outputPath
        return (path.hasSuffix(".html") ? String(path.dropLast(5)) : path) + suffix
    }

    /// Each chapter with the time it ends: the next one's start, else the episode's end.
    static func spans(of page: Page) -> [(chapter: Chapter, end: Int?)] {
        let chapters = page.chapters
        return chapters.indices.map { index in
            (chapters[index], index + 1 < chapters.count ? chapters[index + 1].time.seconds : page.frontMatter.duration?.seconds)
        }
    }

    static func vtt(_ page: Page) -> String {
        var text = "WEBVTT\n"
        for (number, span) in spans(of: page).enumerated() {
            let end = max(span.end ?? span.chapter.time.seconds + 3600, span.chapter.time.seconds + 1)
            text += "\n\(number + 1)\n\(cueTime(span.chapter.time.seconds)) --> \(cueTime(end))\n\(cueText(span.chapter.title))\n"
        }
        return text
    }

    /// `00:12:40.000`.
    static func cueTime(_ seconds: Int) -> String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60)).000"
    }

    /// A cue's text on one line, with WebVTT's three escapes (a `-->` cannot then end it).
    static func cueText(_ text: String) -> String {
        text.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
            .replacing("\n", with: " ").replacing("\r", with: " ")
    }

    /// `{"chapters":[{"endTime":…,"startTime":760,"title":"…"}],"version":"1.2.0"}`.
    static func json(_ page: Page) -> [UInt8] {
        let chapters: [JSON] = spans(of: page).map { span in
            var chapter: [String: JSON] = ["startTime": .int(span.chapter.time.seconds), "title": .string(span.chapter.title)]
            if let end = span.end { chapter["endTime"] = .int(end) }
            return .object(chapter)
        }
        return JSON.object(["version": .string("1.2.0"), "chapters": .array(chapters)]).serializedBytes(pretty: true) + Array("\n".utf8)
    }
}
