import Testing
@testable import Markdown

/// Chapters and `#t=` links as show notes write them, on a page with audio.
@Suite struct ChapterTests {
    static let notes = """
    ## Chapters

    - 0:00 Welcome
    - 12:40 The ledger in our heads
    - [24:09](#t=24:09) Small doses
    - [Receiving as a skill](#t=2162)
    - [1:02:03](#t=npt:1:02:03,1:05:00) Late, with **emphasis**
    - Not a chapter: [a link](#t=5) later in the item
    - [Elsewhere](https://youtu.be/x#t=30) is no chapter of this episode

    Elsewhere, [a minute in](#t=60).

    """

    @Test func everyFormOfChapterIsRead() {
        let out = MarkdownCompiler.compile(Self.notes, facts: PageFacts(lineOffset: 10, audio: "ep.opus"))
        #expect(out.chapters.map(\.time.seconds) == [0, 760, 1449, 2162, 3723])
        #expect(out.chapters.map(\.title) == ["Welcome", "The ledger in our heads", "Small doses", "Receiving as a skill", "Late, with emphasis"])
        #expect(out.chapters.map(\.span.line) == [13, 14, 15, 16, 17])
        #expect(out.chapters.first?.span.column == 3)
        #expect(out.timeLinks.map(\.time.seconds) == [1449, 2162, 3723, 5, 60])
        #expect(out.links.map(\.destination) == ["https://youtu.be/x#t=30"], "a #t= link plays the audio; it is no fragment of the page")
        #expect(out.problems.isEmpty)
    }

    /// `syllabus check` compiles without HTML: it must find the same chapters.
    @Test func aCheckFindsTheChaptersABuildFinds() {
        var options = MarkdownOptions()
        options.renderHTML = false
        let checked = MarkdownCompiler.compile(Self.notes, facts: PageFacts(audio: "ep.opus"), options: options)
        let built = MarkdownCompiler.compile(Self.notes, facts: PageFacts(audio: "ep.opus"))
        #expect(checked.chapters == built.chapters && checked.timeLinks == built.timeLinks)
        #expect(checked.chapters.count == 5)
    }

    @Test func timesBecomeLinksThatPlayTheAudio() {
        let out = MarkdownCompiler.compile(Self.notes, facts: PageFacts(audio: "ep.opus#t=3"))
        #expect(out.html.contains("<li><a href=\"ep.opus#t=0\">0:00</a> Welcome</li>"))
        #expect(out.html.contains("<li><a href=\"ep.opus#t=760\">12:40</a> The ledger in our heads</li>"))
        #expect(out.html.contains("<a href=\"ep.opus#t=1449\">24:09</a> Small doses"))
        #expect(out.html.contains("<a href=\"ep.opus#t=60\">a minute in</a>"))
    }

    /// A time and a dash is a quote, in a list as anywhere: not a chapter.
    @Test func aTimeAndADashIsAQuote() {
        let out = MarkdownCompiler.compile("- 12:40 – “Said.”\n- 13:00 Chapter\n", facts: PageFacts(audio: "ep.mp3"))
        #expect(out.quotes.map(\.time.seconds) == [760])
        #expect(out.chapters.map(\.time.seconds) == [780])
    }

    /// Without audio the notes are left as written: no chapters, no rewritten links.
    @Test func withoutAudioNothingChanges() {
        let facts = PageFacts(lineOffset: 10)
        let out = MarkdownCompiler.compile(Self.notes, facts: facts)
        #expect(out.chapters.isEmpty && out.timeLinks.isEmpty)
        #expect(out.html.contains("<li>0:00 Welcome</li>"))
        #expect(out.html.contains("<a href=\"#t=60\">a minute in</a>"))
        #expect(out.links.map(\.destination).contains("#t=60"))
    }

    @Test func malformedTimesAreReportedWhereTheyAreWritten() {
        let out = MarkdownCompiler.compile("- 3:75 Too late\n- 1:00 Fine\n\n[here](#t=1:7x) and [there](#t=abc)\n",
                                           facts: PageFacts(lineOffset: 2, audio: "ep.mp3"))
        #expect(out.problems.map { "\($0.kind.rawValue)@\($0.span.line):\($0.span.column)" }
                == ["invalid-timestamp@3:3", "invalid-timestamp@6:8", "invalid-timestamp@6:29"])
        #expect(out.chapters.map(\.time.seconds) == [60])
    }

    @Test func mediaFragmentsAndChapterLinesAreRead() throws {
        #expect(try Timestamp.mediaFragment("t=760")?.seconds == 760)
        #expect(try Timestamp.mediaFragment("t=12:40")?.seconds == 760)
        #expect(try Timestamp.mediaFragment("t=npt:1:02:03")?.seconds == 3723)
        #expect(try Timestamp.mediaFragment("t=760.5,800")?.seconds == 760)
        #expect(try Timestamp.mediaFragment("top") == nil)
        #expect(throws: Timestamp.Invalid.self) { try Timestamp.mediaFragment("t=soon") }
        #expect(throws: Timestamp.Invalid.self) { try Timestamp.mediaFragment("t=3:75") }
        #expect(Chapter.split("12:40 – The ledger").map { "\($0.time)|\($0.title)" } == "12:40|The ledger")
        #expect(Chapter.split("12:40") == nil)
        #expect(Chapter.split("1240 Title") == nil)
    }
}
