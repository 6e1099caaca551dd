import Course
import Linking
import Markdown

/// A rule of the checks: the id that diagnostics carry and course.yml's `checks:` names, how
/// severe its findings are unless the course says otherwise, and where docs/checks.md
/// explains it. Every `Rule` id has exactly one type (`CheckRules.all`); a test holds each to a
/// course that breaks it and the same course mended.
public protocol CheckRule: Sendable {
    static var id: Rule { get }
    /// The stage that sees what the rule is about, for rules that are not `CourseRule`s: a
    /// name resolves there, a file is read there, a page is compiled there.
    static var foundBy: Stage { get }
}

extension CheckRule {
    public static var defaultSeverity: Severity { id.defaultSeverity }
    /// The rule's section of docs/checks.md.
    public static var documentation: String { "docs/checks.md#\(id.rawValue)" }
}

/// Where a rule's findings are made.
public enum Stage: String, Sendable {
    /// Reading the folder, course.yml and front matter (`Course.load`).
    case loading
    /// Compiling a page's Markdown (`MarkdownCompiler`).
    case compiling
    /// Resolving references and links (`CourseGraph.link`).
    case linking
    /// Judging the linked course (`CourseRule.judge`, in this module).
    case checking
    /// Proving the rendered site (`OutputVerifier`).
    case verifyingOutput
}

/// A rule that judges the linked course: it reads the graph, never changes it, and reports
/// into `findings`.
public protocol CourseRule: CheckRule {
    static func judge(_ graph: CourseGraph, into findings: inout Findings)
}

extension CourseRule {
    public static var foundBy: Stage { .checking }
}

/// The diagnostics rules report, each shown with the line it points at.
public struct Findings: Sendable {
    let graph: CourseGraph
    public private(set) var diagnostics: [Diagnostic] = []

    init(graph: CourseGraph) {
        self.graph = graph
    }

    mutating func report(_ rule: Rule, _ page: Int, _ span: SourceSpan?, _ message: String,
                         suggestion: String? = nil, notes: [String] = []) {
        let source = graph.pages[page]
        diagnostics.append(Diagnostic(rule: rule, file: source.displayPath, span: span, message: message, suggestion: suggestion,
                                      notes: notes, lineText: span.flatMap { source.lines[$0.line] }))
    }

    /// A finding about course.yml itself.
    mutating func reportCourseFile(_ rule: Rule, line: Int?, _ message: String, notes: [String] = []) {
        let span = line.map { SourceSpan(line: $0, column: 1, endColumn: 2) }
        let lines = graph.course.config.outlineSource == .courseFile ? graph.course.config.outlineLines : nil
        diagnostics.append(Diagnostic(rule: rule, file: graph.course.location.display("course.yml"), span: span, message: message,
                                      notes: notes, lineText: span.flatMap { lines?[$0.line] }))
    }
}
