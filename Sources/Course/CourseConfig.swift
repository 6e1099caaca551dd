import Markdown

/// One module of the outline in course.yml (or a part of mdBook's SUMMARY.md).
public struct OutlineModule: Sendable, Hashable {
    public var title: String
    public var summary: String?
    /// Lesson slugs or titles, in order; for SUMMARY.md, the chapters' source paths.
    public var lessons: [String]
    /// Where each lesson entry is written in the outline's file.
    public var lessonSpans: [SourceSpan]
    /// How deep each entry is nested under the ones before it (SUMMARY.md's sub-chapters);
    /// empty when none is (course.yml).
    public var lessonDepths: [Int] = []
}

/// The file the outline was read from.
public enum OutlineSource: Sendable, Hashable {
    /// `modules:` in course.yml: lessons are named by slug or title.
    case courseFile
    /// mdBook's (or GitBook's) SUMMARY.md at the content folder's root: chapters are named by
    /// their paths.
    case bookSummary
}

/// `course.yml`: the course's settings and outline. Every key is optional, so a folder of
/// plain Markdown needs none.
public struct CourseConfig: Sendable, Hashable {
    public var title = "Course"
    public var description: String?
    public var language = "en"
    /// Absolute base URL ending in `/`, or nil.
    public var baseURL: String?
    /// book.toml's `site-url` (an mdBook read without a course.yml).
    public var bookSiteURL: String?
    public var author: String?
    public var modules: [OutlineModule] = []
    public var outlineSource = OutlineSource.courseFile
    /// The lines of the outline's file, for the source line under a finding.
    public var outlineLines: SourceLines?
    public var relatedCount = 3
    public var unsafeHTML = false
    /// `pretty_urls`: each page written as its own folder's index (`setup/index.html`); nil
    /// when course.yml does not say, and the site that holds the folder decides.
    public var prettyURLs: Bool?
    public var checks: [Rule: Severity] = [:]
    public var podcast = PodcastSettings()

    public init() {}

    /// Where the site is published, for links that climb above the content folder on purpose
    /// (an mdBook published beside sibling books links `../std/…`): `base_url`, else book.toml's
    /// `site-url`.
    public var linkBase: String? {
        baseURL ?? bookSiteURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
    }

    static let keys = ["title", "description", "language", "base_url", "author", "modules", "related_count", "unsafe_html", "pretty_urls", "checks", "podcast"]

    /// Reads course.yml; lines in problems are lines of that file.
    static func decode(_ yaml: String) throws(YAMLProblem) -> CourseConfig {
        let fields = try YAMLFields.parse(yaml, allowedKeys: keys, what: "course.yml").rejectingUnknown()
        var config = CourseConfig()
        if let title = try fields.string("title") { config.title = title }
        config.description = try fields.string("description")
        if let language = try fields.string("language") { config.language = language }
        if var base = try fields.string("base_url") {
            guard base.hasPrefix("http://") || base.hasPrefix("https://") else {
                throw YAMLProblem(message: "'base_url' must be an absolute http(s) URL, not \"\(base)\"", line: fields.line(of: "base_url"), column: 1)
            }
            if !base.hasSuffix("/") { base += "/" }
            config.baseURL = base
        }
        config.author = try fields.string("author")
        if let count = try fields.int("related_count") {
            guard count >= 0 else { throw YAMLProblem(message: "'related_count' must be 0 or more", line: fields.line(of: "related_count"), column: 1) }
            config.relatedCount = count
        }
        config.unsafeHTML = try fields.bool("unsafe_html") ?? false
        config.prettyURLs = try fields.bool("pretty_urls")
        config.modules = try readModules(fields)
        config.checks = try readChecks(fields)
        config.podcast = try PodcastSettings.decode(fields)
        return config
    }

    private static func readModules(_ fields: YAMLFields) throws(YAMLProblem) -> [OutlineModule] {
        guard let node = fields.node("modules") else { return [] }
        guard case .sequence(let items, _) = node else {
            throw YAMLProblem(message: "'modules' must be a list of modules, each with a title and lessons", line: fields.line(of: "modules"), column: 1)
        }
        var modules: [OutlineModule] = []
        for item in items {
            let module = try YAMLFields.fields(of: item, allowedKeys: ["title", "summary", "lessons"], what: "a module").rejectingUnknown()
            guard let title = try module.string("title") else {
                throw YAMLProblem(message: "every module needs a 'title'", line: item.mark?.line ?? 1, column: item.mark?.column ?? 1)
            }
            let lessons = try module.strings("lessons")
            var spans: [SourceSpan] = []
            if case .sequence(let entries, _)? = module.node("lessons") {
                spans = zip(entries, lessons).map { entry, name in
                    let column = entry.mark?.column ?? 1
                    return SourceSpan(line: entry.mark?.line ?? module.line(of: "lessons"), column: column, endColumn: column + max(1, name.count))
                }
            }
            modules.append(OutlineModule(title: title, summary: try module.string("summary"), lessons: lessons, lessonSpans: spans))
        }
        return modules
    }

    private static func readChecks(_ fields: YAMLFields) throws(YAMLProblem) -> [Rule: Severity] {
        guard let node = fields.node("checks") else { return [:] }
        let names = Rule.allCases.map(\.rawValue)
        let checks = try YAMLFields.fields(of: node, allowedKeys: names, what: "checks").rejectingUnknown()
        var result: [Rule: Severity] = [:]
        for rule in Rule.allCases {
            guard let value = try checks.string(rule.rawValue) else { continue }
            guard let severity = Severity(rawValue: value) else {
                throw YAMLProblem(message: "the severity of '\(rule.rawValue)' must be error, warning or off, not \"\(value)\"",
                                  line: checks.line(of: rule.rawValue), column: 1)
            }
            if rule.isFatal && severity != .error {
                throw YAMLProblem(message: "'\(rule.rawValue)' is always an error: nothing can be built past it", line: checks.line(of: rule.rawValue), column: 1)
            }
            result[rule] = severity
        }
        return result
    }
}
