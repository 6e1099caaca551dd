import Support
import Build
import Course
import Foundation
import Site
import Testing
import TestSupport

/// Incremental builds (the page cache and reused output) must give exactly what a clean build
/// gives, after any sequence of edits.
@Suite struct IncrementalTests {
    /// Every file the cache folder holds after a build and a check is one `BuildCache.File`
    /// names, and each kind is kept by some stage: the cache has one owner of its names.
    @Test func everyCacheFileIsOneTheBuildCacheNames() async throws {
        let course = try TemporaryCourse(SiteTests.course)
        defer { course.remove() }
        let pipeline = course.pipeline(cached: true)
        _ = try await pipeline.build()
        _ = try await pipeline.check()
        let cache = try #require(pipeline.cache)
        let names = try FileManager.default.contentsOfDirectory(atPath: cache.directory)
        #expect(Set(BuildCache.File.allCases.flatMap { cache.paths(of: $0) }.map { ($0 as NSString).lastPathComponent })
                == Set(names.filter { !$0.hasSuffix(".amended") }))
        #expect(Set(BuildCache.File.allCases.filter { !cache.paths(of: $0).isEmpty }) == Set(BuildCache.File.allCases))
        #expect(names.contains((cache.path(of: .pages) as NSString).lastPathComponent))
    }

    @Test func randomEditsGiveWhatACleanBuildGives() async throws {
        var model = CourseModel(seed: 0x5EED_2026)
        let course = try TemporaryCourse([:])
        defer { course.remove() }
        let cache = course.root.appendingPathComponent(".syllabus-cache").path
        let clean = course.root.appendingPathComponent("clean")
        var written: [String: String] = [:]
        var kinds: [String: Int] = [:]
        var quickRuns = 0
        var previous: [String: (data: Data, inode: Int)] = [:]

        for step in 0..<60 {
            let edit = step == 0 ? "initial" : model.randomEdit()
            kinds[edit, default: 0] += 1
            // Write what the model's files now are; remove what it no longer has.
            let files = model.files()
            for (path, text) in files where written[path] != text { try course.write(path, text) }
            for path in written.keys where files[path] == nil {
                try FileManager.default.removeItem(at: course.content.appendingPathComponent(path))
            }
            written = files

            let location = ContentLocation(directory: course.content.path, displayName: "Content")
            let incremental = try await Pipeline(content: location, templates: nil, output: course.output.path,
                                                 load: LoadOptions(jobs: 2, cacheDirectory: cache)).build()
            try? FileManager.default.removeItem(at: clean)
            let fresh = try await Pipeline(content: location, templates: nil, output: clean.path, load: LoadOptions(jobs: 2)).build()
            if incremental.quick { quickRuns += 1 }
            #expect(incremental.diagnostics == fresh.diagnostics, "step \(step) (\(edit))")
            #expect(incremental.summary == fresh.summary, "step \(step) (\(edit))")
            #expect(incremental.filesWritten == fresh.filesWritten, "step \(step) (\(edit))")
            #expect(incremental.failed == false && fresh.failed == false, "step \(step) (\(edit)): \(fresh.findings)")
            let ours = TemporaryCourse.snapshot(course.output)
            let theirs = TemporaryCourse.snapshot(clean)
            #expect(ours.count > 20)
            #expect(Set(ours.keys) == Set(theirs.keys), "step \(step) (\(edit))")
            for (path, data) in theirs where ours[path] != data {
                Issue.record("step \(step) (\(edit)): \(path) differs from a clean build")
            }
            // Files whose bytes did not change are not touched (same inode), and only pages
            // whose output changed were rendered.
            var changedPages = 0
            for (path, data) in ours {
                let inode = FileStamp(path: course.output.appendingPathComponent(path).path)?.inode ?? -1
                if let before = previous[path], before.data == data {
                    #expect(before.inode == inode, "step \(step) (\(edit)): unchanged \(path) was rewritten")
                } else if path.hasSuffix(".html") {
                    changedPages += 1
                }
                previous[path] = (data, inode)
            }
            if step > 0 {
                #expect(incremental.rendered.count <= changedPages, "step \(step) (\(edit)): rendered \(incremental.rendered.sorted()) for \(changedPages) changed pages")
            }
        }
        // The sequence really exercised every kind of edit.
        for kind in ["body", "title", "tags", "delete", "add", "rename", "quote", "typing"] {
            #expect(kinds[kind, default: 0] >= 2, "\(kind): \(kinds)")
        }
        // ... and both ways of rebuilding.
        #expect(quickRuns >= 3, "\(quickRuns) quick rebuilds")
        #expect(quickRuns < 40, "\(quickRuns) quick rebuilds")
    }

    /// The sample course as authors write it (hard-wrapped paragraphs, lists, quotes, tables):
    /// words typed into a line, or wrapped onto a new one, anywhere in any page.
    @Test func typingAnywhereInTheSampleCourseGivesWhatACleanBuildGives() async throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let sample = repository.appendingPathComponent("Content")
        let snapshot = TemporaryCourse.snapshot(sample)
        let files = snapshot.compactMapValues { String(data: $0, encoding: .utf8) }
        let course = try TemporaryCourse(files)
        defer { course.remove() }
        // The sample episode's audio and the show's cover are not text.
        for (path, data) in snapshot where files[path] == nil { try data.write(to: course.content.appendingPathComponent(path)) }
        let location = ContentLocation(directory: course.content.path, displayName: "Content")
        let pipeline = course.pipeline(cached: true)
        #expect(try await pipeline.build().failed == false)
        var generator = SplitMix(seed: 0x7E_57)
        let pages = files.keys.filter { $0.hasSuffix(".md") }.sorted()
        var quick = 0
        for step in 0..<24 {
            let path = pages[generator.next(pages.count)]
            var lines = try #require(course.read(path)).components(separatedBy: "\n")
            let bodyStart = lines.first == "---" ? (lines.dropFirst().firstIndex(of: "---") ?? 0) + 1 : 0
            let candidates = lines.indices.filter { $0 > bodyStart && !lines[$0].isEmpty && !lines[$0].hasPrefix("#") }
            let line = candidates[generator.next(candidates.count)]
            lines[line] += generator.next(2) == 0 ? " and more words" : "\nwrapped onto a line of its own"
            try course.write(path, lines.joined(separator: "\n"))
            let incremental = try await pipeline.build()
            if incremental.quick { quick += 1 }
            let clean = course.root.appendingPathComponent("clean")
            try? FileManager.default.removeItem(at: clean)
            let fresh = try await Pipeline(content: location, templates: nil, output: clean.path, load: LoadOptions(jobs: 2)).build()
            #expect(incremental.diagnostics == fresh.diagnostics && incremental.failed == fresh.failed, "step \(step): \(path)")
            if !fresh.failed {
                let ours = TemporaryCourse.snapshot(course.output), theirs = TemporaryCourse.snapshot(clean)
                let differing = Set(ours.keys).union(theirs.keys).filter { ours[$0] != theirs[$0] }
                #expect(differing.isEmpty, "step \(step), \(path) line \(line + 1): \(differing.sorted())")
            }
        }
        // Most such edits are quick; some change a summary, a quote or a table's first line.
        #expect(quick >= 8, "\(quick) of 24 were quick")
    }

    /// `syllabus check` with the cache: typing gives the last check's findings again, failing
    /// or not, exactly as a check without the cache finds them; more than words, a full check.
    @Test func typingIsAQuickCheck() async throws {
        var model = CourseModel(seed: 5)
        var files = model.files()
        files["broken.md"] = "---\ntitle: Broken\n---\n\nA reference to [see: \"Nowhere\"].\n\nWords.\n"
        let course = try TemporaryCourse(files)
        defer { course.remove() }
        let cached = course.pipeline(cached: true)
        func check(_ change: (inout CourseModel) -> Void) async throws -> Pipeline.Outcome {
            change(&model)
            for (path, text) in model.files() where course.read(path) != text { try course.write(path, text) }
            let outcome = try await cached.check()
            let fresh = try await course.check()
            #expect(outcome.diagnostics == fresh.diagnostics && outcome.summary == fresh.summary && outcome.failed == fresh.failed)
            return outcome
        }
        // A build first (it fails, but fills the page cache), so the first check takes the
        // build's pages: their facts are the ones a check compiles.
        #expect(try await cached.build().failed)
        let first = try await check { _ in }
        #expect(!first.quick && first.failed)
        let article = model.pages.first { $0.folder == "articles" }!
        #expect(try await check { $0.type("Typed words.", into: article.key) }.quick)
        #expect(try await check { $0.type("Typed words,\nwrapped.", into: article.key) }.quick)
        try course.write("broken.md", "---\ntitle: Broken\n---\n\nA reference to [see: \"Nowhere\"].\n\nOther words.\n")
        let typedInBroken = try await check { _ in }
        #expect(typedInBroken.quick && typedInBroken.failed)
        let heading = try await check { $0.setExtraParagraph(of: article.key, to: "Under a heading.") }
        #expect(!heading.quick)
        // `syllabus graph` needs the graph, which a quick check does not have.
        #expect(try await cached.check(graphNeeded: true).graph != nil)
    }

    /// The first check after a build takes the keys of the pages it shares with the build from
    /// the build's snapshot; a page changed since is keyed as it is now, so changing it back is
    /// more than words and is checked again in full.
    @Test func aCheckAfterABuildKeysOnlyTheUnchangedPagesAsTheBuildDid() async throws {
        var model = CourseModel(seed: 11)
        let course = try TemporaryCourse(model.files())
        defer { course.remove() }
        let cached = course.pipeline(cached: true)
        #expect(try await cached.build().failed == false)
        // A page others refer to by its alias loses the alias: their references break.
        let target = model.pages.first { page in model.pages.contains { $0.references.contains(page.key) } }!
        let original = course.read(target.path)!
        try course.write(target.path, original.replacingOccurrences(of: "aliases: [\(target.key)]", with: "aliases: [renamed]"))
        let first = try await cached.check()
        #expect(!first.quick && first.failed)
        try course.write(target.path, original)
        let reverted = try await cached.check()
        let fresh = try await course.check()
        #expect(!reverted.quick && !reverted.failed && reverted.diagnostics == fresh.diagnostics)
        let other = model.pages.first { $0.key != target.key }!
        model.type("Typed words.", into: other.key)
        try course.write(other.path, model.files()[other.path]!)
        let typed = try await cached.check()
        #expect(typed.quick && !typed.failed)
    }

    /// Links in the content folder are followed by the loader's own rules; the survey does not
    /// try to: every build of such a course is a full one, and says why.
    @Test func aContentFolderWithLinksIsNeverRebuiltQuickly() async throws {
        let course = try TemporaryCourse(["a.md": "# Alpha\n\nSee [see: \"Beta\"].\n\nMore words.\n", "b.md": "# Beta\n"])
        defer { course.remove() }
        try course.write("notes.txt", "Notes.")
        try FileManager.default.createSymbolicLink(atPath: course.content.appendingPathComponent("same-notes.txt").path, withDestinationPath: "notes.txt")
        let pipeline = course.pipeline(cached: true)
        #expect(try await pipeline.build().failed == false)
        try course.write("a.md", "# Alpha\n\nSee [see: \"Beta\"].\n\nMore typed words.\n")
        let again = try await pipeline.build()
        #expect(!again.quick && again.fullBuildReason == "the content folder holds links or special files")
        #expect(course.site("a.html")?.contains("More typed words.") == true)
    }

    @Test func typingInAParagraphIsAQuickRebuildAndAnythingMoreIsNot() async throws {
        var model = CourseModel(seed: 11)
        let course = try TemporaryCourse(model.files())
        defer { course.remove() }
        let location = ContentLocation(directory: course.content.path, displayName: "Content")
        let pipeline = Pipeline(content: location, templates: nil, output: course.output.path,
                                load: LoadOptions(jobs: 2, cacheDirectory: course.root.appendingPathComponent(".syllabus-cache").path))
        func rebuild(_ change: (inout CourseModel) -> Void) async throws -> Pipeline.Outcome {
            change(&model)
            for (path, text) in model.files() where course.read(path) != text { try course.write(path, text) }
            let outcome = try await pipeline.build()
            let clean = course.root.appendingPathComponent("clean")
            try? FileManager.default.removeItem(at: clean)
            let fresh = try await Pipeline(content: location, templates: nil, output: clean.path, load: LoadOptions(jobs: 2)).build()
            let ours = TemporaryCourse.snapshot(course.output), theirs = TemporaryCourse.snapshot(clean)
            let differing = Set(ours.keys).union(theirs.keys).filter { ours[$0] != theirs[$0] }
            #expect(differing.isEmpty, "differs from a clean build: \(differing.sorted())")
            #expect(outcome.diagnostics == fresh.diagnostics && outcome.summary == fresh.summary)
            return outcome
        }
        let first = try await pipeline.build()
        #expect(first.failed == false && first.quick == false, "\(first.findings)")
        let article = model.pages.first { $0.folder == "articles" }!

        let typed = try await rebuild { $0.type("Listening is a kind of rest.", into: article.key) }
        #expect(typed.quick && typed.rendered == [article.outputPath], "\(typed.rendered) \(typed.fullBuildReason ?? "")")
        #expect(course.site(article.outputPath)?.contains("Listening is a kind of rest.") == true)
        let again = try await rebuild { $0.type("Listening is a kind of rest, and of care.", into: article.key) }
        #expect(again.quick && again.rendered == [article.outputPath])
        let nothing = try await rebuild { _ in }
        #expect(nothing.quick && nothing.rendered.isEmpty)
        // Words that wrap onto a new line move the page's references: still quick, and
        // graph.json, which gives their lines, changes with them (the helper compares it).
        let graphBefore = course.site("graph.json")
        let wrapped = try await rebuild { $0.type("Listening is a kind of rest,\nand rest a kind of listening.", into: article.key) }
        #expect(wrapped.quick && wrapped.rendered == [article.outputPath], "\(wrapped.rendered) \(wrapped.fullBuildReason ?? "")")
        #expect(course.site("graph.json") != graphBefore)

        // Quick rebuilds leave what they changed beside the snapshot; a full build folds it in.
        let cache = course.root.appendingPathComponent(".syllabus-cache")
        let amendedName = try #require(FileManager.default.contentsOfDirectory(atPath: cache.path)
            .first { $0.hasPrefix("snapshot-") && $0.hasSuffix(".amended") })
        let amended = try Data(contentsOf: cache.appendingPathComponent(amendedName))

        // A new heading changes the page's outline: the full build runs.
        let heading = try await rebuild { $0.setExtraParagraph(of: article.key, to: "Under a new heading.") }
        #expect(!FileManager.default.fileExists(atPath: cache.appendingPathComponent(amendedName).path))
        // Amendments a killed build left behind belong to the snapshot before: they are ignored.
        try amended.write(to: cache.appendingPathComponent(amendedName))
        #expect(try await rebuild { $0.type("Typed after the full build.", into: article.key) }.quick)
        #expect(!heading.quick && heading.rendered.contains(article.outputPath))
        #expect(heading.fullBuildReason?.hasPrefix("more than the words of \(article.path) changed") == true, "\(heading.fullBuildReason ?? "")")
        // So does a new reference, which moves what follows it and links another page.
        let reference = try await rebuild { $0.addReference(from: article.key) }
        #expect(!reference.quick)

        // A file of the site deleted by hand is written again by the full build.
        #expect(try await rebuild { _ in }.quick)
        try FileManager.default.removeItem(at: course.output.appendingPathComponent(article.outputPath))
        let repaired = try await rebuild { _ in }
        #expect(!repaired.quick && course.site(article.outputPath) != nil)

        // A changed asset or course.yml is beyond a quick rebuild.
        try course.write("notes.txt", "A file beside the pages.")
        let asset = try await rebuild { $0.type("Rest is a kind of listening.", into: article.key) }
        #expect(!asset.quick)
        #expect(try await rebuild { $0.type("Rest, again.", into: article.key) }.quick)
    }

    @Test func aBodyEditRendersOnlyThePagesThatShowIt() async throws {
        var model = CourseModel(seed: 7)
        let course = try TemporaryCourse(model.files())
        defer { course.remove() }
        let cache = course.root.appendingPathComponent(".syllabus-cache").path
        let pipeline = Pipeline(content: ContentLocation(directory: course.content.path, displayName: "Content"), templates: nil,
                                output: course.output.path, load: LoadOptions(jobs: 2, cacheDirectory: cache))
        let first = try await pipeline.build()
        #expect(first.failed == false, "\(first.findings)")
        let unchanged = try await pipeline.build()
        #expect(unchanged.rendered.isEmpty, "\(unchanged.rendered)")

        // A sentence in the middle of one article: that page, and nothing else, is rendered
        // (its summary, shown elsewhere, comes from the first paragraph, which is unchanged).
        let key = model.pages.first { $0.folder == "articles" }!.key
        model.setExtraParagraph(of: key, to: "A new thought about listening, added later.")
        let path = model.pages.first { $0.key == key }!.path
        try course.write(path, model.files()[path]!)
        let edited = try await pipeline.build()
        #expect(edited.rendered == [model.pages.first { $0.key == key }!.outputPath], "\(edited.rendered)")
        #expect(course.site(edited.rendered[0])?.contains("A new thought about listening") == true)
    }
}

/// A small course held as data, so random edits keep every reference resolvable: pages are
/// referred to by alias, which survives title changes and renames.
struct CourseModel {
    struct PageModel {
        var key: String
        var folder: String
        var file: String
        var title: String
        var tags: [String]
        var references: [String]
        var quotes: [Int]
        var extra: String
        /// A sentence in the middle of the page, on a line of its own.
        var note = "Nothing noted yet."
        var date: String
        var path: String { "\(folder)/\(file).md" }
        var outputPath: String { "\(folder)/\(file).html" }
    }

    var pages: [PageModel] = []
    var generator: SplitMix
    var counter = 0
    static let tagNames = ["care", "listening", "rest", "kindness", "attention", "courage"]
    static let words = ["gentle", "steady", "warm", "quiet", "honest", "patient", "open", "brave"]

    init(seed: UInt64) {
        generator = SplitMix(seed: seed)
        for folder in ["lessons", "lessons", "lessons", "articles", "articles", "articles", "articles", "episodes", "episodes"] {
            addPage(in: folder)
        }
    }

    mutating func word() -> String { Self.words[generator.next(Self.words.count)] }

    mutating func addPage(in folder: String) {
        counter += 1
        let key = "\(folder.prefix(1))\(counter)"
        let others = pages.map(\.key)
        var references: [String] = []
        for _ in 0..<min(2, others.count) { references.append(others[generator.next(others.count)]) }
        let tags = (0..<(1 + generator.next(3))).map { _ in Self.tagNames[generator.next(Self.tagNames.count)] }
        pages.append(PageModel(key: key, folder: folder, file: "\(word())-\(key)", title: "The \(word()) \(key)",
                               tags: Array(Set(tags)).sorted(), references: references,
                               quotes: folder == "episodes" ? [30, 95, 200] : [], extra: "",
                               date: "2026-0\(1 + generator.next(9))-1\(generator.next(10))"))
    }

    mutating func setExtraParagraph(of key: String, to text: String) {
        guard let index = pages.firstIndex(where: { $0.key == key }) else { return }
        pages[index].extra = text
    }

    /// Typing in the page's note: a change of words only.
    mutating func type(_ note: String, into key: String) {
        guard let index = pages.firstIndex(where: { $0.key == key }) else { return }
        pages[index].note = note
    }

    mutating func addReference(from key: String) {
        guard let index = pages.firstIndex(where: { $0.key == key }) else { return }
        pages[index].references.insert(pages[(index + 1) % pages.count].key, at: 0)
    }

    /// Applies one random edit and names its kind.
    mutating func randomEdit() -> String {
        let index = generator.next(pages.count)
        switch generator.next(10) {
        case 8, 9:
            // Sometimes the new words wrap onto more lines, moving everything below them.
            let wrap = ["", "\n", "\nand a third line\n"][generator.next(3)]
            pages[index].note = "Noted at step \(counter): \(word()),\(wrap) \(word()) and *\(word())*."
            counter += 1
            return "typing"
        case 0, 1:
            pages[index].extra = "Step \(counter): a \(word()) note."
            if generator.next(2) == 0 { pages[index].references.append(pages[generator.next(pages.count)].key) }
            counter += 1
            return "body"
        case 2:
            pages[index].title = "The \(word()) \(word()) \(pages[index].key)"
            return "title"
        case 3:
            pages[index].tags = Array(Set((0..<generator.next(3)).map { _ in Self.tagNames[generator.next(Self.tagNames.count)] })).sorted()
            return "tags"
        case 4:
            // Deleting a page also removes every reference to it, as an author would.
            let removable = pages.indices.filter { pages[$0].folder == "articles" }
            guard removable.count > 2 else { addPage(in: "articles"); return "add" }
            let gone = pages.remove(at: removable[generator.next(removable.count)]).key
            for other in pages.indices { pages[other].references.removeAll { $0 == gone } }
            return "delete"
        case 5:
            addPage(in: ["articles", "lessons", "episodes"][generator.next(3)])
            return "add"
        case 6:
            pages[index].file = "\(word())-\(pages[index].key)"
            return "rename"
        default:
            let episodes = pages.indices.filter { pages[$0].folder == "episodes" }
            let episode = episodes[generator.next(episodes.count)]
            pages[episode].quotes = [30] + [60 + generator.next(100), 300 + generator.next(100)]
            return "quote"
        }
    }

    func files() -> [String: String] {
        var files: [String: String] = [:]
        let lessons = pages.filter { $0.folder == "lessons" }.map(\.key)
        files["course.yml"] = """
            title: Incremental
            modules:
              - title: First steps
                lessons: [\(lessons.prefix(2).joined(separator: ", "))]
              - title: Going on
                lessons: [\(lessons.dropFirst(2).joined(separator: ", "))]

            """
        files["about.md"] = "---\ntitle: About\n---\n\nThis course is a test. See [the home page](index.md).\n"
        files["index.md"] = "# Incremental\n\nWelcome.\n"
        for page in pages {
            var text = "---\ntitle: \"\(page.title)\"\naliases: [\(page.key)]\ntags: [\(page.tags.joined(separator: ", "))]\n"
            if page.folder != "lessons" { text += "date: \(page.date)\n" }
            text += "---\n\nThe first paragraph of \(page.key), which is its summary.\n\n\(page.note)\n\n## Ideas\n\n"
            for reference in page.references where pages.contains(where: { $0.key == reference }) {
                text += "- More in [see: \"\(reference)\"].\n"
            }
            if let episode = pages.first(where: { $0.folder == "episodes" }), episode.key != page.key {
                text += "\nHear [see: \"\(episode.key)\" @ 0:30].\n"
            }
            text += "\nBack to [about](../about.md).\n"
            if !page.extra.isEmpty { text += "\n## Later\n\n\(page.extra)\n" }
            if !page.quotes.isEmpty {
                text += "\n## Quotes\n\n" + page.quotes.map { "\($0 / 60):\(String(format: "%02d", $0 % 60)) – Said at \($0) seconds.\n" }.joined(separator: "\n")
            }
            files[page.path] = text
        }
        return files
    }
}

/// A small, seeded random number generator: the same edits on every run.
struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Int(z % UInt64(bound))
    }
}
