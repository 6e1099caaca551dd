import Build
import ArgumentParser
import CMimalloc
import Check
import Course
import Linking
import Foundation
import DevServer
import Site

@main
struct Syllabus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "syllabus",
        abstract: "Compiles a course written in Markdown into a static site, and proves every cross-reference.",
        version: CompilerIdentity.version,
        subcommands: [Build.self, CheckCommand.self, Serve.self, GraphCommand.self, NewPage.self, LanguageServerCommand.self],
        defaultSubcommand: Build.self
    )

    /// Argument mistakes exit with 2, like unusable input, so CI can tell them from errors
    /// in the content (1).
    static func main() async {
        // Names mimalloc, so the linker keeps it (it drops libraries nothing calls): linked
        // first, its malloc serves the whole process, libcmark and the Swift runtime included.
        _ = mi_version()
        // Its memory in 2 MB pages where the kernel has them (transparent huge pages, asked
        // for with madvise): a 10,000-page build touches some 300 MB, and at 4 KB a page that
        // was 80,000 page faults. Paired runs: build CPU 1.98 -> 1.81 s, check 0.84 -> 0.79 s
        // (docs/architecture.md, "The allocator"). MIMALLOC_LARGE_OS_PAGES=0 still turns it off.
        mi_option_set_enabled_default(mi_option_large_os_pages, true)
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                print(message)
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data((message + "\n").utf8))
            Foundation.exit(code == .validationFailure || code.rawValue == 64 ? 2 : code.rawValue)
        }
    }
}

/// Where the content and templates are, shared by the commands.
struct SourceOptions: ParsableArguments {
    // `syllabus check notes/` as mdBook's `mdbook build book/` takes it: the folder named
    // without --content is the same option.
    @Argument(help: ArgumentHelp("The course folder, as --content names it.", valueName: "folder"))
    var folder: String?

    @Option(name: .customLong("content"), help: ArgumentHelp("The course folder (default: Content).", valueName: "content"))
    var contentOption: String?

    var content: String { folder ?? contentOption ?? "Content" }

    @Flag(name: .long, help: "Include pages marked `draft: true`.")
    var drafts = false

    // Unconditional, so that `--jobs -3` is read as a number and refused as one, not taken
    // for an option and reported as a missing value.
    @Option(name: .long, parsing: .unconditional, help: "How many pages to compile at once (default: all cores).")
    var jobs: Int?

    @Option(name: .long, help: "Where compiled pages are kept between runs (default: .syllabus-cache next to the content folder).")
    var cache: String?

    @Flag(name: .long, help: "Compile every page again and keep nothing between runs.")
    var noCache = false

    func validate() throws {
        if let folder, let contentOption, folder != contentOption {
            throw ValidationError("two course folders: '\(folder)' and --content '\(contentOption)'; name one")
        }
        if content.isEmpty { throw ValidationError("the course folder is an empty name; give a folder, e.g. --content Content") }
        // `syllabus chekc` reaches the default command (build) with a folder named "chekc".
        if let folder, !FileManager.default.fileExists(atPath: folder),
           let command = Suggestion.closest(to: folder, among: ["build", "check", "serve", "graph", "new", "lsp"]) {
            throw ValidationError("'\(folder)' is neither a folder nor a command; did you mean 'syllabus \(command)'?")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be 1 or more") }
        if noCache, cache != nil { throw ValidationError("--cache and --no-cache exclude each other") }
    }

    var location: ContentLocation { ContentLocation(directory: content, displayName: content) }
    var loadOptions: LoadOptions {
        LoadOptions(includeDrafts: drafts, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, cacheDirectory: cacheDirectory,
                    siteFiles: SiteLayout.files)
    }

    /// The options of a run that renders nothing (`check`, `graph`): what the site's layer would
    /// hand a build of the same folder (the theme a build would use, `Templates/` when there is
    /// one, else the built-in theme), so that both read the same facts and share the cache of
    /// compiled pages. A theme that cannot be loaded is the build's to report; the built-in
    /// one stands in.
    var checkOptions: LoadOptions {
        guard let theme = (try? Theme.load(authorDirectory: Self.defaultTemplates)) ?? (try? Theme.load(authorDirectory: nil)) else { return loadOptions }
        return SiteLayout.loadOptions(loadOptions, theme: theme)
    }

    /// The theme a run uses when `--templates` names none: `Templates/` in the working folder
    /// when there is one, else the built-in theme (nil).
    static var defaultTemplates: String? {
        FileManager.default.fileExists(atPath: "Templates") ? "Templates" : nil
    }

    /// `.syllabus-cache` beside the content folder (where `Templates/` is looked for too).
    var cacheDirectory: String? {
        if noCache { return nil }
        if let cache { return cache }
        let folder = URL(fileURLWithPath: content).standardizedFileURL.deletingLastPathComponent().path
        return folder + "/.syllabus-cache"
    }
}

struct ReportOptions: ParsableArguments {
    @Option(name: .long, help: "How to print problems: text, json or github.")
    var format: DiagnosticFormat = .text

    @Flag(name: .long, help: "Warnings fail the run too.")
    var strict = false

    @Flag(name: .long, help: "Print how long each step took.")
    var timings = false
}

extension DiagnosticFormat: ExpressibleByArgument {}

enum Terminal {
    static var colorsStandardError: Bool {
        // no-color.org: only a NO_COLOR that is set and not empty turns colour off.
        isatty(2) == 1 && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Prints the diagnostics: text to standard error, JSON and GitHub commands to standard output.
    static func report(_ outcome: Pipeline.Outcome, format: DiagnosticFormat) {
        let text = DiagnosticFormatter.format(outcome.diagnostics, as: format, summary: outcome.summary,
                                              color: format == .text && colorsStandardError)
        if format == .text { error(text) } else { print(text, terminator: "") }
    }

    /// Ends the process once everything is printed. A build or check ends with the whole
    /// course in memory, and freeing it object by object only to exit took longer than
    /// linking a page's references (tens of milliseconds at 10,000 pages). `exit` flushes
    /// standard output, where `print` left the JSON and GitHub reports.
    static func finish(_ status: Int32) -> Never {
        Foundation.exit(status)
    }

    /// `--timings`: each step of the run and how long it took, and why a run with the cache
    /// could not take the quick path.
    static func printTimings(_ outcome: Pipeline.Outcome, run: String) {
        if let reason = outcome.fullBuildReason { error("  full \(run): \(reason)\n") }
        for (step, duration) in outcome.timings {
            error("  \(step.padding(toLength: 16, withPad: " ", startingAt: 0)) \(duration.formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow)))\n")
        }
    }

    /// Exit status 2 unless `path` is a folder.
    static func requireFolder(_ path: String, _ what: String) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw unusable("the \(what) folder '\(path)' does not exist")
        }
        guard isFolder.boolValue else { throw unusable("the \(what) folder '\(path)' is a file, not a folder") }
    }

    static func unusable(_ message: String) -> ExitCode {
        error("syllabus: error: \(message)\n")
        return ExitCode(2)
    }

    /// Exit status 2 unless the content folder exists (saying where the course may be).
    static func requireContentFolder(_ location: ContentLocation) throws {
        guard FileManager.default.fileExists(atPath: location.directory) else { throw unusable(location.missingFolderMessage) }
        try requireFolder(location.directory, "content")
    }

    static func unusable(_ problem: Pipeline.Unusable) -> ExitCode {
        error(problem.report + "\n")
        return ExitCode(2)
    }

    static func seconds(since start: ContinuousClock.Instant) -> String {
        let duration = ContinuousClock.now - start
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return String(format: "%.2f s", Double(milliseconds) / 1000)
    }
}

struct Build: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the course, then write the site (nothing is written when a check fails).")

    @OptionGroup var source: SourceOptions
    @OptionGroup var report: ReportOptions

    @Option(name: .long, help: "The theme folder (default: Templates/ when it exists, else the built-in theme).")
    var templates: String?

    @Option(name: .long, help: "Where to write the site.")
    var output: String = "site"

    @Flag(name: .long, help: "Replace the output folder even when no build wrote it.")
    var force = false

    func validate() throws {
        if output.isEmpty { throw ValidationError("--output is an empty name; give a folder, e.g. --output site") }
        if templates?.isEmpty == true { throw ValidationError("--templates is an empty name; give a folder, or leave it out for the default theme") }
    }

    func run() async throws {
        let start = ContinuousClock.now
        if let templates { try Terminal.requireFolder(templates, "templates") }
        let templatesFolder = templates ?? SourceOptions.defaultTemplates
        var pipeline = Pipeline(content: source.location, templates: templatesFolder, output: output,
                                load: source.loadOptions, strict: report.strict)
        pipeline.force = force
        let outcome: Pipeline.Outcome
        do {
            outcome = try await pipeline.build()
        } catch {
            throw Terminal.unusable(error)
        }
        Terminal.report(outcome, format: report.format)
        let counts = outcome.summary.counts
        if outcome.failed {
            Terminal.error("syllabus: build failed: \(outcome.summary.problems) in \(counts); \(output)/ was not changed (\(Terminal.seconds(since: start)))\n")
            Terminal.finish(1)
        }
        if report.timings { Terminal.printTimings(outcome, run: "build") }
        let warnings = outcome.summary.warnings > 0 ? " with \(outcome.summary.problems)" : ""
        Terminal.error("syllabus: built \(counts) into \(output)/\(warnings) in \(Terminal.seconds(since: start))\n")
        Terminal.finish(0)
    }
}

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run every check and write nothing. Exit 0 when clean, 1 on errors, 2 on unusable input.")

    @OptionGroup var source: SourceOptions
    @OptionGroup var report: ReportOptions

    func run() async throws {
        let start = ContinuousClock.now
        let pipeline = Pipeline(content: source.location, templates: nil, output: "", load: source.checkOptions, strict: report.strict)
        let outcome: Pipeline.Outcome
        do {
            outcome = try await pipeline.check()
        } catch {
            throw Terminal.unusable(error)
        }
        Terminal.report(outcome, format: report.format)
        if report.timings { Terminal.printTimings(outcome, run: "check") }
        Terminal.error("syllabus: checked \(outcome.summary.counts): \(outcome.summary.problems) (\(Terminal.seconds(since: start)))\n")
        Terminal.finish(outcome.failed ? 1 : 0)
    }
}

struct GraphCommand: AsyncParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable { case json, dot }

    static let configuration = CommandConfiguration(commandName: "graph", abstract: "Print the lesson graph.")

    @OptionGroup var source: SourceOptions

    @Option(name: .long, help: "json or dot (Graphviz).")
    var format: Format = .json

    func run() async throws {
        let pipeline = Pipeline(content: source.location, templates: nil, output: "", load: source.checkOptions)
        let outcome: Pipeline.Outcome
        do {
            outcome = try await pipeline.check(graphNeeded: true)
        } catch {
            throw Terminal.unusable(error)
        }
        guard let graph = outcome.graph else { throw ExitCode(2) }
        print(format == .json ? GraphExport.json(graph) : GraphExport.dot(graph), terminator: format == .json ? "\n" : "")
        if outcome.failed {
            Terminal.report(outcome, format: .text)
            throw ExitCode(1)
        }
    }
}

struct NewPage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new", abstract: "Write a new page with its front matter and print its path.")

    @Argument(help: "lesson, episode, article or page")
    var kind: PageKind

    @Argument(help: "The page's title.")
    var title: String

    @Option(name: .long, help: "The course folder.")
    var content: String = "Content"

    @Option(name: .long, help: "The date for front matter (YYYY-MM-DD); default: today.")
    var date: String?

    func run() async throws {
        let today = date ?? ISO8601DateFormatter.string(from: Date(), timeZone: .current, formatOptions: [.withFullDate])
        // A mistyped --content should not start a second course.
        try Terminal.requireContentFolder(ContentLocation(directory: content, displayName: content))
        guard !title.allSatisfy(\.isWhitespace) else { throw Terminal.unusable("the title is empty; give the page a title") }
        let draft = NewPageTemplate(kind: kind, title: title, date: today)
        let path = content + "/" + draft.relativePath
        guard !FileManager.default.fileExists(atPath: path) else {
            throw Terminal.unusable("\(path) already exists; choose another title")
        }
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(draft.text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw Terminal.unusable("cannot write \(path): \(error.localizedDescription)")
        }
        print(path)
    }
}

extension PageKind: ExpressibleByArgument {}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build, serve on 127.0.0.1, rebuild on change and reload open pages. Ctrl-C stops.")

    @OptionGroup var source: SourceOptions

    @Option(name: .long, help: "The theme folder (default: Templates/ when it exists).")
    var templates: String?

    @Option(name: .long, help: "The port on 127.0.0.1.")
    var port: UInt16 = 8000

    @Option(name: .long, help: "Where the served site is written (default: a temporary folder, never your site/).")
    var output: String?

    @Flag(name: .long, help: "Replace the output folder even when no build wrote it.")
    var force = false

    func validate() throws {
        if output?.isEmpty == true { throw ValidationError("--output is an empty name; give a folder, or leave it out for a temporary one") }
        if templates?.isEmpty == true { throw ValidationError("--templates is an empty name; give a folder, or leave it out for the default theme") }
    }

    func run() async throws {
        if let templates { try Terminal.requireFolder(templates, "templates") }
        let templatesFolder = templates ?? SourceOptions.defaultTemplates
        try Terminal.requireContentFolder(source.location)
        let servedSite = output ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("syllabus-serve-\(ProcessInfo.processInfo.processIdentifier)/site").path
        var pipeline = Pipeline(content: source.location, templates: templatesFolder, output: servedSite, load: source.loadOptions)
        pipeline.force = force
        let server = DevServer(pipeline: pipeline, port: port) { line in Terminal.error(line + "\n") }
        let task = Task { try await server.run() }
        let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .main)
        let terminate = DispatchSource.makeSignalSource(signal: SIGTERM, queue: .main)
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        for source in [interrupt, terminate] {
            source.setEventHandler {
                Terminal.error("\nsyllabus: stopped\n")
                task.cancel()
                Foundation.exit(0)
            }
            source.resume()
        }
        do {
            try await task.value
        } catch is CancellationError {
            return
        } catch {
            throw Terminal.unusable("cannot serve on 127.0.0.1:\(port): \(error)")
        }
    }
}
