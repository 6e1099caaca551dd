import Foundation
import Testing
import TestSupport

/// `pretty_urls` (or a site around the folder whose tool writes them) writes each page as its
/// own folder's index, and every link on it is written from there.
@Suite struct PrettyURLTests {
    static let pages = [
        "index.md": "---\ntitle: Home\n---\n[Setup](/guide/setup/), [the same](guide/setup.md#install) and [other](other.md).\n",
        "guide/setup.md": "---\ntitle: Setup\n---\n## Install\n![Diagram](img/a.png) [back](../other.md) [file](notes.txt) [top](../index.md)\n",
        "guide/img/a.png": "PNG",
        "guide/notes.txt": "notes",
        "other.md": "---\ntitle: Other\n---\nText.\n",
        "404.md": "---\ntitle: Lost\n---\nNothing here.\n",
        "episodes/talk.md": "---\ntitle: Talk\naudio: talk.opus\nduration: 1:00\n---\n0:30 – “Halfway.”\n",
        "episodes/talk.opus": "OPUS",
    ]

    @Test func courseFileTurnsThemOnAndEveryLinkIsWrittenFromThePagesFolder() async throws {
        var files = Self.pages
        files["course.yml"] = "title: T\npretty_urls: true\n"
        let course = try TemporaryCourse(files)
        defer { course.remove() }
        let built = try await course.build()
        #expect(built.failed == false, "\(built.findings)")
        #expect(course.site("guide/setup.html") == nil && course.site("404/index.html") == nil)
        let setup = try #require(course.site("guide/setup/index.html"))
        #expect(setup.contains("src=\"../../guide/img/a.png\""), "a file beside the source is reached from the page's folder")
        #expect(setup.contains("href=\"../../other/index.html\"") && setup.contains("href=\"../../guide/notes.txt\""))
        #expect(setup.contains("href=\"../../index.html\""))
        #expect(setup.contains("href=\"../../theme/style.css\""))
        let home = try #require(course.site("index.html"))
        #expect(home.contains("href=\"guide/setup/index.html\"") && home.contains("href=\"guide/setup/index.html#install\""))
        #expect(course.site("404.html") != nil, "the root's 404 page stays where servers look for it")
        let talk = try #require(course.site("episodes/talk/index.html"))
        #expect(talk.contains("src=\"../../episodes/talk.opus\""), "the audio its front matter names, from where the page is")
        #expect(talk.contains("href=\"../../episodes/talk.opus#t=30\""), "and the quote's play link")
    }

    @Test func theSiteAroundTheFolderDecidesWithoutACourseFile() async throws {
        func outputs(_ settings: [String: String]) async throws -> (pretty: Bool, plain: Bool) {
            let course = try TemporaryCourse(Self.pages)
            defer { course.remove() }
            for (path, text) in settings {
                let url = path.hasPrefix("Content/") ? course.content.appendingPathComponent(String(path.dropFirst(8))) : course.root.appendingPathComponent(path)
                try text.write(to: url, atomically: true, encoding: .utf8)
            }
            let built = try await course.build()
            #expect(built.failed == false, "\(built.findings)")
            return (course.site("guide/setup/index.html") != nil, course.site("guide/setup.html") != nil)
        }
        #expect(try await outputs([:]) == (false, true), "no site around it: pages keep .html")
        #expect(try await outputs(["hugo.toml": "title = 'x'\n"]) == (true, false), "Hugo writes pretty URLs")
        #expect(try await outputs(["hugo.toml": "uglyURLs = true\n"]) == (false, true))
        #expect(try await outputs(["mkdocs.yml": "site_name: x\ndocs_dir: Content\n"]) == (true, false), "MkDocs' use_directory_urls is on by default")
        #expect(try await outputs(["mkdocs.yml": "docs_dir: Content\nuse_directory_urls: false\n"]) == (false, true))
        #expect(try await outputs(["Content/_config.yml": "permalink: pretty\n"]) == (true, false), "Jekyll's pretty permalinks")
        #expect(try await outputs(["Content/_config.yml": "title: x\n"]) == (false, true))
    }

    @Test func aLinkWrittenFromWhereThePageIsServedIsLeftAsWritten() async throws {
        let course = try TemporaryCourse([
            "_config.yml": "permalink: pretty\n",
            "docs/page.md": "---\ntitle: Page\n---\n![Large](../../assets/large.png) ![Gone](../../assets/gone.png)\n",
            "assets/large.png": "PNG",
        ])
        defer { course.remove() }
        let built = try await course.build()
        #expect(built.failed == false && built.findings == ["link-leaves-content@4:42"], "the one that names no file of the site is reported: \(built.findings)")
        #expect(course.site("docs/page/index.html")?.contains("src=\"../../assets/large.png\"") == true)
    }
}
