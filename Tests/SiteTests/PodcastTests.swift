import Build
import Course
import Foundation
import Markdown
import Site
import Testing
import TestSupport
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The podcast side of an episode: chapters, the feed, JSON-LD, and pages without audio left
/// as they were.
@Suite struct PodcastTests {
    static let settings = """
    title: "Care & <Kindness>"
    description: "Talks about \\"care\\" & <help>"
    author: "Hana & Co <hana>"
    base_url: https://example.org/care/
    podcast:
      image: cover.png
      category: "Health & Fitness/Mental Health"
      explicit: false
      owner_email: "a&b@example.org"

    """

    /// Every text field an author writes holds `&`, `<`, `"` and `</script>`: the feed stays
    /// well-formed XML, the JSON-LD stays inside its `<script>`.
    static let hostile: [String: String] = [
        "course.yml": settings,
        "cover.png": "png",
        "episodes/one.md": """
        ---
        title: "One & <Two> \\"</script><script>alert(1)</script>"
        date: 2026-02-18
        summary: "A & B <i>c</i> ]]>"
        series: "Flows & <Ebbs>"
        number: 1
        guest: "Noor <Halvorsen> & \\"friends\\""
        audio: one.opus
        duration: "2:30"
        ---

        - 0:00 Welcome & `<hello>`
        - [0:09](#t=0:09) Why help `</script>` is hard
        - [The ledger & more](#t=57)

        0:13 – “Said & `<b>here</b> </script>`.”

        1:15 – Later, [back to the start](#t=0) or [a minute in](#t=60).

        """,
        "episodes/one.opus": String(repeating: "o", count: 1234),
        "episodes/one.vtt": "WEBVTT\n\n00:00.000 --> 00:05.000\nHello.\n",
        "lessons/plain.md": "---\ntitle: Plain\n---\n\n- 0:00 Not a chapter\n- 1:00 Nor this\n",
    ]

    @Test func theFeedIsWellFormedAndCarriesEveryEpisodeFact() async throws {
        let course = try TemporaryCourse(Self.hostile)
        defer { course.remove() }
        let outcome = try await course.build()
        #expect(!outcome.failed, "\(outcome.findings)")
        let feed = try #require(course.site("podcast.xml"))
        let document = try XMLDocument(data: Data(feed.utf8))
        func texts(_ path: String) throws -> [String] { try document.nodes(forXPath: path).compactMap(\.stringValue) }
        #expect(try texts("/rss/channel/title") == ["Flows & <Ebbs>"])
        #expect(try texts("/rss/channel/description") == ["Talks about \"care\" & <help>"])
        #expect(try texts("/rss/channel/*[local-name()='author']") == ["Hana & Co <hana>"])
        #expect(try texts("/rss/channel//*[local-name()='category']/@text") == ["Health & Fitness", "Mental Health"])
        #expect(try texts("/rss/channel/*[local-name()='explicit']") == ["false"])
        #expect(try texts("/rss/channel/*[local-name()='image']/@href") == ["https://example.org/care/cover.png"])
        #expect(try texts("/rss/channel/*[local-name()='guid']").first?.count == 36)
        #expect(try texts("//item/title") == ["One & <Two> \"</script><script>alert(1)</script>"])
        #expect(try texts("//item/description") == ["A & B <i>c</i> ]]>"])
        #expect(try texts("//item/pubDate") == ["Wed, 18 Feb 2026 00:00:00 +0000"])
        #expect(try texts("//item/guid") == ["https://example.org/care/episodes/one.html"])
        #expect(try texts("//item/enclosure/@url") == ["https://example.org/care/episodes/one.opus"])
        #expect(try texts("//item/enclosure/@length") == ["1234"], "a local file's length is its size in bytes")
        #expect(try texts("//item/enclosure/@type") == ["audio/ogg"])
        #expect(try texts("//item/*[local-name()='duration']") == ["150"])
        #expect(try texts("//item/*[local-name()='person']") == ["Noor <Halvorsen> & \"friends\""])
        #expect(try texts("//item/*[local-name()='chapters']/@url") == ["https://example.org/care/episodes/one.chapters.json"])
        #expect(try texts("//item/*[local-name()='transcript']/@url") == ["https://example.org/care/episodes/one.vtt"],
                "a .vtt beside the local audio is its transcript")
        #expect(try texts("//item/*[local-name()='soundbite']") == ["“Said & <b>here</b> </script>.”", "Later, back to the start or a minute in."])
        // From a quote to the next one, the last to the end of the episode.
        #expect(try texts("//item/*[local-name()='soundbite']/@duration") == ["62", "75"])
    }

    @Test func chaptersAreWrittenAsWebVTTAndJSONChaptersAndPlayTheAudio() async throws {
        let course = try TemporaryCourse(Self.hostile)
        defer { course.remove() }
        _ = try await course.build()
        let json = try #require(course.site("episodes/one.chapters.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["version"] as? String == "1.2.0")
        let chapters = try #require(object["chapters"] as? [[String: Any]])
        #expect(chapters.map { $0["startTime"] as? Int } == [0, 9, 57])
        #expect(chapters.map { $0["title"] as? String } == ["Welcome & <hello>", "Why help </script> is hard", "The ledger & more"])
        #expect(chapters.map { $0["endTime"] as? Int } == [9, 57, 150])
        let vtt = try #require(course.site("episodes/one.chapters.vtt"))
        #expect(vtt.hasPrefix("WEBVTT\n"))
        #expect(vtt.contains("00:00:09.000 --> 00:00:57.000\nWhy help &lt;/script&gt; is hard\n"))
        let page = try #require(course.site("episodes/one.html"))
        #expect(page.contains("<track kind=\"chapters\" src=\"one.chapters.vtt\""))
        #expect(page.contains("<track kind=\"captions\" src=\"one.vtt\""))
        #expect(page.contains("<a href=\"one.opus#t=0\">0:00</a> Welcome &amp; <code>&lt;hello&gt;</code>"), "a chapter's time plays the audio")
        #expect(page.contains("<a href=\"one.opus#t=9\">0:09</a>"), "a #t= link plays the audio")
        #expect(page.contains("<a href=\"one.opus#t=60\">a minute in</a>"))
        #expect(page.contains("<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Flows &amp; &lt;Ebbs&gt; (podcast)\" href=\"../podcast.xml\">"))
        let home = try #require(course.site("index.html"))
        #expect(home.contains("href=\"podcast.xml\""))
    }

    @Test func jsonLDIsJSONThatNoAuthorTextCanEndEarly() async throws {
        let course = try TemporaryCourse(Self.hostile)
        defer { course.remove() }
        _ = try await course.build()
        let page = try #require(course.site("episodes/one.html"))
        let open = "<script type=\"application/ld+json\">"
        let start = try #require(page.range(of: open))
        let end = try #require(page.range(of: "</script>", range: start.upperBound..<page.endIndex))
        let block = String(page[start.upperBound..<end.lowerBound])
        #expect(!block.contains("<"), "no < of the author's is left to end or open a tag")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(block.utf8)) as? [String: Any])
        #expect(object["@type"] as? String == "PodcastEpisode")
        #expect(object["name"] as? String == "One & <Two> \"</script><script>alert(1)</script>")
        #expect(object["duration"] as? String == "PT2M30S")
        #expect((object["partOfSeries"] as? [String: Any])?["name"] as? String == "Flows & <Ebbs>")
        #expect((object["associatedMedia"] as? [String: Any])?["contentUrl"] as? String == "https://example.org/care/episodes/one.opus")
        let clips = try #require(object["hasPart"] as? [[String: Any]])
        #expect(clips.map { $0["startOffset"] as? Int } == [13, 75])
        #expect(clips.map { $0["endOffset"] as? Int } == [75, 150])
        #expect(clips.first?["url"] as? String == "https://example.org/care/episodes/one.html#t-0-13")
    }

    /// A page without audio keeps its lists and `#t=` links as written, and gets none of the
    /// episode's files or tags.
    @Test func aPageWithoutAudioIsUnchanged() async throws {
        let course = try TemporaryCourse(Self.hostile)
        defer { course.remove() }
        let outcome = try await course.build()
        let page = try #require(course.site("lessons/plain.html"))
        #expect(page.contains("<li>0:00 Not a chapter</li>"))
        #expect(!page.contains("rss+xml") && !page.contains("ld+json") && !page.contains("<track"))
        #expect(course.site("lessons/plain.chapters.json") == nil)
        #expect(!outcome.failed, "\(outcome.findings)")
        let graph = try await course.graph()
        let plain = try #require(graph.pages.first { $0.sourcePath == "lessons/plain.md" })
        #expect(plain.chapters.isEmpty && plain.body.timeLinks.isEmpty)
    }

    /// A soundbite lasts from its quote to the next, held within the 15 to 120 seconds the
    /// namespace recommends.
    @Test func soundbitesAreHeldWithin15And120Seconds() async throws {
        let course = try TemporaryCourse([
            "episodes/e.md": "---\ntitle: E\naudio: https://example.org/e.mp3\nduration: \"10:00\"\n---\n\n0:10 – One.\n\n0:12 – Two.\n\n5:00 – Three.\n\n9:00 – Four.\n",
        ])
        defer { course.remove() }
        _ = try await course.build()
        let document = try XMLDocument(data: Data(try #require(course.site("podcast.xml")).utf8))
        #expect(try document.nodes(forXPath: "//item/*[local-name()='soundbite']/@duration").compactMap(\.stringValue) == ["15", "120", "120", "60"])
        #expect(try document.nodes(forXPath: "//item/*[local-name()='soundbite']/@startTime").compactMap(\.stringValue) == ["10", "12", "300", "540"])
    }

    /// `#t=5` on a page without audio is a fragment like any other, reported when no id has it.
    @Test func aTimeLinkWithoutAudioIsAFragment() async throws {
        let course = try TemporaryCourse(["a.md": "# A\n\nSee [the start](#t=5).\n"])
        defer { course.remove() }
        #expect(try await course.check().findings == ["broken-fragment@3:17"])
    }

    /// Several series, several feeds; a course without episodes with audio has none.
    @Test func eachSeriesHasItsFeed() async throws {
        let course = try TemporaryCourse([
            "course.yml": Self.settings, "cover.png": "png",
            "episodes/a.md": "---\ntitle: A\nseries: Talks\ndate: 2026-01-01\naudio: https://example.org/a.mp3\n---\n",
            "episodes/b.md": "---\ntitle: B\nseries: Walks\ndate: 2026-01-02\naudio: https://example.org/b.mp3\n---\n",
            "episodes/c.md": "---\ntitle: C\nseries: Walks\ndate: 2026-01-03\naudio: https://example.org/c.m4a\n---\n",
            "episodes/d.md": "---\ntitle: D\nseries: Talks\n---\n\nNo audio yet.\n",
        ])
        defer { course.remove() }
        _ = try await course.build()
        #expect(course.site("podcast.xml") == nil)
        let walks = try #require(course.site("podcast-walks.xml"))
        let document = try XMLDocument(data: Data(walks.utf8))
        #expect(try document.nodes(forXPath: "//item/title").compactMap(\.stringValue) == ["C", "B"], "newest first")
        #expect(try document.nodes(forXPath: "//item/enclosure/@type").compactMap(\.stringValue) == ["audio/mp4", "audio/mpeg"])
        #expect(course.site("podcast-talks.xml")?.contains("<title>D</title>") == false)
        let home = try #require(course.site("index.html"))
        #expect(home.contains("href=\"podcast-talks.xml\"") && home.contains("href=\"podcast-walks.xml\""))

        let none = try TemporaryCourse(["episodes/a.md": "---\ntitle: A\n---\n\n- 0:00 Start\n"])
        defer { none.remove() }
        _ = try await none.build()
        #expect(none.site("podcast.xml") == nil)
        #expect(none.site("index.html")?.contains("rss+xml") == false)
    }

    /// `chapters:` and `transcript:` come back from the build cache as they were written.
    @Test func frontMatterChaptersSurviveTheCache() async throws {
        let course = try TemporaryCourse([
            "episodes/e.md": "---\ntitle: E\naudio: e.mp3\ntranscript: t.srt\nchapters:\n  - \"0:00 Start\"\n  - \"0:30 Next\"\n---\n\nWords.\n",
            "episodes/e.mp3": "mp3", "episodes/t.srt": "1\n00:00:00,000 --> 00:00:01,000\nHi\n", "about.md": "# About\n",
        ])
        defer { course.remove() }
        let pipeline = course.pipeline(cached: true)
        #expect(try await pipeline.build().failed == false)
        try course.write("about.md", "# About\n\nMore.\n")
        #expect(try await pipeline.build().failed == false)
        let cached = try await course.pipeline(cached: true).check()
        let page = try #require(cached.graph?.pages.first { $0.sourcePath == "episodes/e.md" })
        #expect(page.frontMatter.chapters.map(\.title) == ["Start", "Next"])
        #expect(page.frontMatter.chapters.map(\.span.line) == [6, 7])
        #expect(page.frontMatter.transcript == "t.srt")
        #expect(course.site("podcast.xml")?.contains("<podcast:transcript url=\"episodes/t.srt\" type=\"application/x-subrip\" rel=\"captions\"/>") == true)
        #expect(course.site("episodes/e.html")?.contains("kind=\"captions\"") == false, "a browser reads no SubRip track")
    }

    /// Chapters of `chapters:` are listed under the player, and take the place of the notes'.
    @Test func frontMatterChaptersAreListedUnderThePlayer() async throws {
        let course = try TemporaryCourse([
            "episodes/e.md": "---\ntitle: E\naudio: e.mp3\nchapters:\n  - \"0:00 Start\"\n  - \"1:02:03 - Late & <b>\"\n---\n\n- 0:05 From the notes\n",
            "episodes/e.mp3": "mp3",
        ])
        defer { course.remove() }
        let outcome = try await course.build()
        #expect(!outcome.failed, "\(outcome.findings)")
        let page = try #require(course.site("episodes/e.html"))
        #expect(page.contains("<a class=\"chapter-play\" href=\"e.mp3#t=3723\" data-seconds=\"3723\">1:02:03</a> Late &amp; &lt;b&gt;"))
        let json = try #require(course.site("episodes/e.chapters.json"))
        #expect(json.contains("\"startTime\": 3723") && !json.contains("From the notes"))
    }
}
