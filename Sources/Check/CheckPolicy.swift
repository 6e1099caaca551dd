import Course
import Linking

/// Applies the severities of course.yml (`checks:`) and `--strict`, and orders the findings.
public struct CheckPolicy: Sendable {
    public var overrides: [Rule: Severity]
    public var strict: Bool

    public init(overrides: [Rule: Severity] = [:], strict: Bool = false) {
        self.overrides = overrides
        self.strict = strict
    }

    /// The diagnostics with their configured severity, `off` ones removed, sorted by file,
    /// line and column.
    public func apply(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        return diagnostics.compactMap { diagnostic -> Diagnostic? in
            var adjusted = diagnostic
            if let severity = overrides[diagnostic.rule], !diagnostic.rule.isFatal { adjusted.severity = severity }
            guard adjusted.severity != .off, seen.insert(adjusted).inserted else { return nil }
            return adjusted
        }.sorted(by: Diagnostic.ordered)
    }

    /// Whether these diagnostics fail the run: any error, or with `--strict` any warning.
    public func fails(_ diagnostics: [Diagnostic]) -> Bool {
        diagnostics.contains { $0.severity == .error || (strict && $0.severity == .warning) }
    }
}

public struct CheckSummary: Sendable, Hashable {
    public var pages: Int
    public var quotes: Int
    public var references: Int
    public var errors: Int
    public var warnings: Int

    public init(pages: Int, quotes: Int, references: Int, errors: Int, warnings: Int) {
        self.pages = pages
        self.quotes = quotes
        self.references = references
        self.errors = errors
        self.warnings = warnings
    }

    public init(graph: CourseGraph?, diagnostics: [Diagnostic]) {
        pages = graph?.pages.count ?? 0
        quotes = graph?.pages.reduce(0) { $0 + $1.body.quotes.count } ?? 0
        references = graph?.pages.reduce(0) { $0 + $1.body.references.count + $1.body.links.count } ?? 0
        errors = diagnostics.filter { $0.severity == .error }.count
        warnings = diagnostics.filter { $0.severity == .warning }.count
    }

    public var problems: String {
        "\(Self.plural(errors, "error")), \(Self.plural(warnings, "warning"))"
    }

    /// `3 pages, 12 quotes, 40 references`.
    public var counts: String {
        "\(Self.plural(pages, "page")), \(Self.plural(quotes, "quote")), \(Self.plural(references, "reference"))"
    }

    static func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
}
