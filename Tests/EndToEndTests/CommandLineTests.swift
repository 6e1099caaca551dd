import Foundation
import Testing
import TestSupport

/// The `syllabus` binary as a user and CI run it: exit codes, messages, files.
@Suite struct CommandLineTests {
    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    static var binary: URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("syllabus").path), folder.path != "/" {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent("syllabus")
    }

    func run(_ arguments: [String], in folder: URL) throws -> Run {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
                   errors: String(decoding: errors, as: UTF8.self))
    }

    @Test func buildWithNoArgumentsUsesContentAndWritesSite() throws {
        let course = try TemporaryCourse(["a.md": "# Alpha\n\nSee [see: \"Beta\"].\n", "b.md": "# Beta\n"])
        defer { course.remove() }
        let result = try run(["build"], in: course.root)
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.errors.contains("built 2 pages, 0 quotes, 1 reference into site/"))
        #expect(course.site("a.html")?.contains("href=\"b.html\"") == true)
    }

    @Test func theCacheLivesBesideTheContentAndCanBeLeftOut() throws {
        let course = try TemporaryCourse(["a.md": "# Alpha\n\nSee [see: \"Beta\"].\n", "b.md": "# Beta\n"])
        defer { course.remove() }
        let cache = course.root.appendingPathComponent(".syllabus-cache")
        #expect(try run(["build", "--no-cache"], in: course.root).status == 0)
        #expect(!FileManager.default.fileExists(atPath: cache.path))
        #expect(try run(["build"], in: course.root).status == 0)
        let stored = try FileManager.default.contentsOfDirectory(atPath: cache.path).sorted()
        #expect(stored.map { $0.prefix { $0 != "-" } } == ["outputs", "pages", "related", "snapshot"], "\(stored)")
        // A second build is a quick one and says so; a damaged cache is only a slower build.
        let again = try run(["build", "--timings"], in: course.root)
        #expect(again.status == 0)
        #expect(again.errors.contains("quick rebuild"), "\(again.errors)")
        for name in stored {
            try Data("syllabus page cache\ngarbage".utf8).write(to: cache.appendingPathComponent(name))
        }
        try course.write("b.md", "# Beta\n\nNew words.\n")
        let damaged = try run(["build"], in: course.root)
        #expect(damaged.status == 0, "\(damaged.errors)")
        #expect(course.site("b.html")?.contains("New words.") == true)
        #expect(try run(["build", "--cache", "x", "--no-cache"], in: course.root).status == 2)
    }

    @Test func checkTimingsNameEachStepAndWhyACheckWasNotQuick() throws {
        let course = try TemporaryCourse(["a.md": "# Alpha\n\nSee [see: \"Beta\"].\n", "b.md": "# Beta\n"])
        defer { course.remove() }
        let cold = try run(["check", "--no-cache", "--timings"], in: course.root)
        #expect(cold.status == 0, "\(cold.errors)")
        #expect(cold.errors.contains("  load and parse "), "\(cold.errors)")
        #expect(cold.errors.contains("  link and check "), "\(cold.errors)")
        #expect(!cold.errors.contains("render"), "a check renders nothing: \(cold.errors)")
        // Without --timings only the summary line is printed.
        let plain = try run(["check", "--no-cache"], in: course.root)
        #expect(!plain.errors.contains("load and parse"), "\(plain.errors)")
        // With the cache, the second check is a quick one; a changed title makes the next one full, and says why.
        #expect(try run(["check"], in: course.root).status == 0)
        try course.write("b.md", "# Beta, renamed\n")
        let full = try run(["check", "--timings"], in: course.root)
        #expect(full.status == 1, "\(full.errors)")
        #expect(full.errors.contains("  full check: "), "\(full.errors)")
    }

    @Test func checkExitCodesAreZeroOneAndTwo() throws {
        let course = try TemporaryCourse(["a.md": "# Alpha\n\nSee [see: \"Btea\"].\n", "b.md": "# Beta\n"])
        defer { course.remove() }
        let failing = try run(["check"], in: course.root)
        #expect(failing.status == 1)
        #expect(failing.errors.contains("Content/a.md:3:5: error[unknown-reference]: no page titled \"Btea\""))
        #expect(failing.errors.contains("help: did you mean \"Beta\"?"))
        #expect(failing.errors.contains("1 error, 0 warnings"))

        try course.write("a.md", "# Alpha\n\nSee [see: \"Beta\"].\n")
        #expect(try run(["check"], in: course.root).status == 0)
        #expect(try run(["check", "--content", "Missing"], in: course.root).status == 2)
        #expect(try run(["check", "--format", "xml"], in: course.root).status == 2)
        #expect(try run(["frobnicate"], in: course.root).status == 2)
        // A negative count is refused as a number, not taken for an option without a value.
        let negative = try run(["check", "--jobs", "-3"], in: course.root)
        #expect(negative.status == 2)
        #expect(negative.errors.contains("--jobs must be 1 or more"), "\(negative.errors)")
    }

    /// `syllabus check notes/` names the course folder as `mdbook build book/` does; the
    /// folder and --content are one option, and a mistyped command is not taken for a folder.
    @Test func theCourseFolderCanBeNamedWithoutContent() throws {
        let course = try TemporaryCourse(["a.md": "# Alpha\n\nSee [see: \"Btea\"].\n", "b.md": "# Beta\n"])
        defer { course.remove() }
        let positional = try run(["check", "Content"], in: course.root)
        #expect(positional.status == 1)
        #expect(positional.errors.contains("Content/a.md:3:5: error[unknown-reference]"), "\(positional.errors)")
        try course.write("a.md", "# Alpha\n\nSee [see: \"Beta\"].\n")
        #expect(try run(["check", "Content", "--content", "Content"], in: course.root).status == 0)
        let both = try run(["check", "Content", "--content", "Other"], in: course.root)
        #expect(both.status == 2)
        #expect(both.errors.contains("two course folders: 'Content' and --content 'Other'"), "\(both.errors)")
        // Without a command the folder is built, as `syllabus` alone builds Content/.
        let built = try run(["Content", "--output", "out"], in: course.root)
        #expect(built.status == 0, "\(built.errors)")
        #expect(FileManager.default.fileExists(atPath: course.root.appendingPathComponent("out/a.html").path))
        let typo = try run(["chekc"], in: course.root)
        #expect(typo.status == 2)
        #expect(typo.errors.contains("'chekc' is neither a folder nor a command; did you mean 'syllabus check'?"), "\(typo.errors)")
        let missing = try run(["graph", "Nowhere"], in: course.root)
        #expect(missing.status == 2)
        #expect(missing.errors.contains("the content folder 'Nowhere' does not exist"), "\(missing.errors)")
    }

    @Test func emptyFolderNamesAreRefusedAsSuch() throws {
        let course = try TemporaryCourse(["a.md": "# Alpha\n"])
        defer { course.remove() }
        let cases: [([String], String)] = [
            (["build", "--output", ""], "--output is an empty name"),
            (["build", "--templates", ""], "--templates is an empty name"),
            (["check", "--content", ""], "the course folder is an empty name"),
            (["serve", "--output", ""], "--output is an empty name"),
        ]
        for (arguments, message) in cases {
            let result = try run(arguments, in: course.root)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.errors.contains(message), "\(arguments): \(result.errors)")
        }
    }

    /// A template that does not parse is named like a compiler names a file: once, with its
    /// line and column, and `error:` once.
    @Test func aTemplateMistakeReadsLikeACompilerError() throws {
        let course = try TemporaryCourse(["a.md": "# Alpha\n"])
        defer { course.remove() }
        let templates = course.root.appendingPathComponent("Templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try Data("{{#broken}}\n".utf8).write(to: templates.appendingPathComponent("page.mustache"))
        let result = try run(["build"], in: course.root)
        #expect(result.status == 2)
        #expect(result.errors == "Templates/page.mustache:1:1: error: section 'broken' is never closed\n", "\(result.errors)")
    }

    @Test func checkFormatsJSONAndGitHub() throws {
        let course = try TemporaryCourse(["a.md": "# Alpha\n\n[x](b.md#nope)\n", "b.md": "# Beta\n"])
        defer { course.remove() }
        let json = try run(["check", "--format", "json"], in: course.root)
        #expect(json.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        let first = (object?["diagnostics"] as? [[String: Any]])?.first
        #expect(first?["rule"] as? String == "broken-fragment")
        #expect(first?["line"] as? Int == 3)
        let github = try run(["check", "--format", "github"], in: course.root)
        #expect(github.output.hasPrefix("::error file=Content/a.md,line=3,col=5,"))
    }

    /// `check` compiles without HTML; a build that stops at the checks reports from pages with
    /// HTML. Their reports must be the same bytes, on a broken course and on the sample one.
    @Test func checkReportsWhatABuildReports() throws {
        let broken = try TemporaryCourse(GeneratedCourse.files(seed: 3, pages: 30))
        defer { broken.remove() }
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Content")
        for content in [broken.content.path, sample.path] {
            for format in ["json", "github"] {
                let check = try run(["check", "--no-cache", "--content", content, "--format", format], in: broken.root)
                let build = try run(["build", "--no-cache", "--content", content, "--format", format, "--output", "out"], in: broken.root)
                #expect(check.status == build.status)
                #expect(check.output == build.output, "\(content) \(format)")
            }
        }
        let failing = try run(["check", "--no-cache", "--content", broken.content.path, "--format", "json"], in: broken.root)
        #expect(failing.status == 1 && failing.output.contains("unknown-reference"))
    }

    @Test func failedBuildWritesNothingAndSaysSo() throws {
        let course = try TemporaryCourse(["a.md": "---\ntitle: [unclosed\n---\n"])
        defer { course.remove() }
        let result = try run(["build"], in: course.root)
        #expect(result.status == 1)
        #expect(result.errors.contains("Content/a.md:"))
        #expect(result.errors.contains("invalid-front-matter"))
        #expect(!FileManager.default.fileExists(atPath: course.output.path))
    }

    /// A build replaces its output folder whole: it refuses an output that is, holds or lies
    /// in the content, a folder that no build wrote (unless --force), and a cache where a
    /// build would publish or replace it. Nothing is touched when it refuses.
    @Test func buildRefusesOutputsAndCachesThatWouldLoseWork() throws {
        let course = try TemporaryCourse(["a.md": "# Alpha\n"])
        defer { course.remove() }
        for (arguments, message) in [(["--output", "Content"], "is the content folder"),
                                     (["--output", "Content/out"], "is inside the content folder"),
                                     (["--output", "."], "contains the content folder"),
                                     (["--cache", "Content/cache"], "is inside the content folder"),
                                     (["--cache", "site/cache"], "is inside the output folder"),
                                     (["--templates", "Content/a.md"], "is a file, not a folder")] {
            let result = try run(["build"] + arguments, in: course.root)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.errors.contains(message), "\(arguments): \(result.errors)")
        }
        #expect(try run(["check", "--cache", "Content/cache"], in: course.root).status == 2)
        #expect(TemporaryCourse.snapshot(course.content).keys.sorted() == ["a.md"])

        try FileManager.default.createDirectory(at: course.output, withIntermediateDirectories: true)
        try Data("my thesis".utf8).write(to: course.output.appendingPathComponent("thesis.txt"))
        let refused = try run(["build"], in: course.root)
        #expect(refused.status == 2)
        #expect(refused.errors.contains("holds files that no build wrote (thesis.txt)"), "\(refused.errors)")
        #expect(course.site("thesis.txt") == "my thesis")
        let forced = try run(["build", "--force"], in: course.root)
        #expect(forced.status == 0, "\(forced.errors)")
        #expect(course.site("thesis.txt") == nil)
        // What a build wrote it may replace.
        #expect(try run(["build", "--no-cache"], in: course.root).status == 0)
    }

    @Test func newNeedsAnExistingContentFolder() throws {
        let course = try TemporaryCourse(["a.md": "# Alpha\n"])
        defer { course.remove() }
        let result = try run(["new", "lesson", "Noticing", "--content", "Contnet"], in: course.root)
        #expect(result.status == 2)
        #expect(result.errors.contains("the content folder 'Contnet' does not exist"), "\(result.errors)")
        #expect(!FileManager.default.fileExists(atPath: course.root.appendingPathComponent("Contnet").path))
        // Every command that reads the content says where the course may be, as build and check do.
        for command in [["new", "lesson", "Noticing"], ["serve"], ["check"]] {
            let missing = try run(command + ["--content", "Contnet"], in: course.root)
            #expect(missing.status == 2)
            #expect(missing.errors.contains("the content folder 'Contnet' does not exist; did you mean 'Content'?"), "\(command): \(missing.errors)")
        }
    }

    /// What the output check of a build would find in links the Markdown makes is found by
    /// `check` first, at its line: a missing `audio:` (a folder with no page is no finding: it
    /// opens as the listing the site makes). Mended, the build succeeds; a link that only the
    /// output check sees names the output folder given.
    @Test func checkFindsWhatTheOutputCheckWouldAndTheBuildNamesItsOutput() throws {
        let broken = ["lessons/a.md": "# A\n\nAll [episodes](../episodes/).\n",
                      "episodes/e.md": "---\ntitle: E\naudio: ../assets/e.mp3\n---\n\n1:00 – A quote.\n"]
        let course = try TemporaryCourse(broken)
        defer { course.remove() }
        let check = try run(["check", "--no-cache"], in: course.root)
        #expect(check.status == 1)
        #expect(!check.errors.contains("error[missing-page]"), "\(check.errors)")
        #expect(check.errors.contains("Content/episodes/e.md:3:1: error[missing-file]: audio: no file '../assets/e.mp3'"), "\(check.errors)")
        try course.write("episodes/index.md", "# Episodes\n")
        try course.write("assets/e.mp3", "mp3")
        let build = try run(["build", "--no-cache", "--output", "public"], in: course.root)
        #expect(build.status == 0, "\(build.errors)")

        try course.write("course.yml", "unsafe_html: true\n")
        try course.write("lessons/a.md", "# A\n\n<img src=\"missing.png\" alt=\"x\">\n\nAll [episodes](../episodes/).\n")
        #expect(try run(["check", "--no-cache"], in: course.root).status == 0)
        let failed = try run(["build", "--no-cache", "--output", "public"], in: course.root)
        #expect(failed.status == 1)
        #expect(failed.errors.contains("public/lessons/a.html: error[broken-output]: links to 'missing.png'"), "\(failed.errors)")
    }

    @Test func graphPrintsJSONAndDot() throws {
        let course = try TemporaryCourse(["a.md": "# Alpha\n\nSee [see: \"Beta\"].\n", "b.md": "# Beta\n"])
        defer { course.remove() }
        let json = try run(["graph"], in: course.root)
        #expect(json.output.contains("\"kind\": \"see\""))
        let dot = try run(["graph", "--format", "dot"], in: course.root)
        #expect(dot.output.contains("\"a\" -> \"b\" [label=see"))
    }

    /// Slugs are unique only with the folder: pages that share one are two nodes, named by
    /// their paths, and a link between them is not a loop.
    @Test func pagesSharingASlugAreDistinctNodes() throws {
        let course = try TemporaryCourse(["a/intro.md": "# First\n\nSee [the other](../b/intro.md).\n",
                                          "b/intro.md": "# Second\n\nSee [see: \"First\"].\n", "c.md": "# Lone\n"])
        defer { course.remove() }
        let json = try run(["graph", "--no-cache"], in: course.root)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        let nodes = try #require(object["nodes"] as? [[String: Any]])
        #expect(nodes.compactMap { $0["id"] as? String } == ["a/intro", "b/intro", "c"])
        let edges = try #require(object["edges"] as? [[String: Any]])
        let pairs = edges.compactMap { edge -> String? in
            guard let from = edge["from"] as? String, let to = edge["to"] as? String else { return nil }
            return from + ">" + to
        }
        #expect(pairs == ["a/intro>b/intro", "b/intro>a/intro"])
        let dot = try run(["graph", "--no-cache", "--format", "dot"], in: course.root)
        #expect(dot.output.contains("\"a/intro\" -> \"b/intro\" [label=link"))
        #expect(dot.output.contains("\"c\" [label=\"Lone\""))
        // The site's graph.json is the same graph.
        #expect(try run(["build", "--no-cache"], in: course.root).status == 0)
        #expect(course.site("graph.json") == json.output)
    }

    @Test func newWritesAPageThatBuilds() throws {
        let course = try TemporaryCourse(["a.md": "# Alpha\n"])
        defer { course.remove() }
        let result = try run(["new", "episode", "Kindness at Work", "--date", "2026-05-01"], in: course.root)
        #expect(result.status == 0)
        #expect(result.output == "Content/episodes/kindness-at-work.md\n")
        #expect(try run(["new", "episode", "Kindness at Work"], in: course.root).status == 2)
        #expect(try run(["new", "podcast", "X"], in: course.root).status == 2)
        let check = try run(["check"], in: course.root)
        #expect(check.status == 0, "\(check.errors)")
        // The keys it leaves empty are unset: the first paragraph is the summary, and there is
        // no player or link to an empty audio address.
        #expect(try run(["build", "--no-cache"], in: course.root).status == 0)
        let page = try #require(course.site("episodes/kindness-at-work.html"))
        #expect(page.contains("<meta name=\"description\" content=\"Write the first paragraph here"))
        #expect(!page.contains("src=\"\"") && !page.contains("href=\"\""))
        let empty = try run(["new", "lesson", " "], in: course.root)
        #expect(empty.status == 2)
        #expect(empty.errors.contains("the title is empty"))
    }
}
