import Markdown
import Check
import Course
import Linking

/// A course linked and judged by the rules of `check`, kept so that one edited page can be
/// checked again with the whole course: the page is compiled again, the others are kept, and
/// the course is linked and judged anew (a renamed title breaks references on other pages).
/// `syllabus check` and the language server both reach the rules through `judge`.
public struct CourseCheck: Sendable {
    public private(set) var course: Course
    public private(set) var graph: CourseGraph
    /// Every finding, with the course's `checks:` severities, sorted.
    public private(set) var diagnostics: [Diagnostic]
    public let options: LoadOptions
    public let strict: Bool
    /// What loading and compiling found, but the uniqueness of slugs, which depends on every page.
    private var compileDiagnostics: [Diagnostic]

    /// Loads, links and judges the folder; `options.overrides` stand in for files on disk.
    public static func load(_ location: ContentLocation, options: LoadOptions, strict: Bool = false) async throws(Pipeline.Unusable) -> CourseCheck {
        var options = options
        options.renderHTML = false
        let (course, loadDiagnostics): (Course, [Diagnostic])
        do {
            (course, loadDiagnostics) = try await Course.load(location, options: options)
        } catch {
            throw Pipeline.Unusable(description: error.description)
        }
        return CourseCheck(course: course, loadDiagnostics: loadDiagnostics, options: options, strict: strict)
    }

    private init(course: Course, loadDiagnostics: [Diagnostic], options: LoadOptions, strict: Bool) {
        self.course = course
        self.options = options
        self.strict = strict
        compileDiagnostics = loadDiagnostics.filter { $0.rule != .duplicateSlug }
        (graph, diagnostics, _) = Self.judge(course, loadDiagnostics: loadDiagnostics, strict: strict, jobs: options.jobs)
    }

    /// The course with the pages of `texts` (path under the content folder → text) compiled
    /// again, then linked and judged once; false, and nothing changed, when one of them needs the
    /// whole folder loaded again (`Course.replacingPage`).
    public mutating func replacePages(_ texts: [String: String]) -> Bool {
        var edited = course, found = compileDiagnostics
        for (relative, text) in texts.sorted(by: { $0.key < $1.key }) {
            guard let (replaced, diagnostics) = edited.replacingPage(relative, text: text, options: options),
                  let page = replaced.pages.first(where: { $0.sourcePath == relative }) else { return false }
            edited = replaced
            found.removeAll { $0.file == page.displayPath }
            found += diagnostics
        }
        course = edited
        compileDiagnostics = found
        (graph, diagnostics, _) = Self.judge(course, loadDiagnostics: compileDiagnostics + course.uniquenessDiagnostics(),
                                             strict: strict, jobs: options.jobs)
        return true
    }

    /// Links the course and applies every rule, with its `checks:` severities: the one place
    /// the findings of a course are made.
    public static func judge(_ course: Course, loadDiagnostics: [Diagnostic], strict: Bool, forRendering: Bool = false,
                             cache: BuildCache? = nil, jobs: Int) -> (CourseGraph, [Diagnostic], CheckPolicy) {
        let graph = CourseGraph.link(course, forRendering: forRendering, cache: cache, jobs: jobs)
        let policy = CheckPolicy(overrides: course.config.checks, strict: strict)
        let diagnostics = policy.apply(loadDiagnostics + graph.diagnostics + CheckRules.judge(graph))
        return (graph, diagnostics, policy)
    }
}
