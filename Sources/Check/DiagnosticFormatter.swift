import Support
import Course
import Markdown

public enum DiagnosticFormat: String, Sendable, CaseIterable {
    case text, json, github
}

/// Writes diagnostics for people (like a compiler), for programs (JSON) and for GitHub
/// Actions (workflow commands).
public enum DiagnosticFormatter {
    public static func format(_ diagnostics: [Diagnostic], as format: DiagnosticFormat, summary: CheckSummary, color: Bool = false) -> String {
        switch format {
        case .text: return diagnostics.map { text($0, color: color) }.joined()
        case .json: return json(diagnostics, summary: summary) + "\n"
        case .github: return diagnostics.map(github).joined()
        }
    }

    // MARK: - Text

    /// ```
    /// Content/articles/x.md:18:15: error[unknown-reference]: no page titled "Symptom = Problm?"
    ///    18 | … as we said [see: "Symptom = Problm?"], the …
    ///       |              ^~~~~~~~~~~~~~~~~~~~~~~~~~~
    /// help: did you mean "Symptom = Problem?"
    /// ```
    public static func text(_ diagnostic: Diagnostic, color: Bool = false) -> String {
        let paint = Paint(enabled: color)
        var location = diagnostic.file
        if let span = diagnostic.span { location += ":\(span.line):\(span.column)" }
        let severityColor = diagnostic.severity == .error ? Paint.red : Paint.yellow
        var out = paint.bold(location + ":") + " " + paint.apply(severityColor, "\(diagnostic.severity.rawValue)[\(diagnostic.rule.rawValue)]:")
            + " " + paint.bold(diagnostic.message) + "\n"
        if let span = diagnostic.span, let line = diagnostic.lineText {
            let (shown, caretColumn, caretWidth) = window(line, column: span.column, endColumn: span.endColumn)
            let number = String(span.line)
            let gutter = String(repeating: " ", count: number.count)
            out += " \(number) | \(shown)\n"
            out += " \(gutter) | " + String(repeating: " ", count: caretColumn - 1)
                + paint.apply(Paint.green, "^" + String(repeating: "~", count: max(0, caretWidth - 1))) + "\n"
        }
        for note in diagnostic.notes { out += paint.bold("note:") + " \(note)\n" }
        if let suggestion = diagnostic.suggestion { out += paint.apply(Paint.cyan, "help:") + " did you mean \(suggestion)?\n" }
        return out
    }

    /// Long lines are cut around the column so the caret stays on screen.
    static func window(_ line: String, column: Int, endColumn: Int) -> (String, Int, Int) {
        let characters = Array(line.replacing("\t", with: " "))
        let start = column - 1, end = min(max(endColumn - 1, start + 1), characters.count)
        let before = 40, after = 60
        var from = 0, to = characters.count, prefix = "", suffix = ""
        if characters.count > before + after {
            if start > before { from = start - before; prefix = "…" }
            if characters.count > max(end, start) + after { to = max(end, start) + after; suffix = "…" }
        }
        from = min(from, characters.count)
        to = max(to, from)
        let shown = prefix + String(characters[from..<to]) + suffix
        let caretColumn = start - from + prefix.count + 1
        return (shown, caretColumn, max(1, min(end, to) - start))
    }

    // MARK: - JSON

    /// `{"diagnostics": [{file, line, column, end_column, rule, severity, message, suggestion,
    /// notes}], "summary": {…}, "version": 1}` — documented in docs/checks.md.
    public static func json(_ diagnostics: [Diagnostic], summary: CheckSummary) -> String {
        let items: [JSON] = diagnostics.map { diagnostic in
            .object([
                "file": .string(diagnostic.file),
                "line": diagnostic.span.map { .int($0.line) } ?? .null,
                "column": diagnostic.span.map { .int($0.column) } ?? .null,
                "end_column": diagnostic.span.map { .int($0.endColumn) } ?? .null,
                "rule": .string(diagnostic.rule.rawValue),
                "severity": .string(diagnostic.severity.rawValue),
                "message": .string(diagnostic.message),
                "suggestion": .string(diagnostic.suggestion),
                "notes": .array(diagnostic.notes.map { .string($0) }),
            ])
        }
        return JSON.object([
            "version": .int(1),
            "diagnostics": .array(items),
            "summary": .object([
                "pages": .int(summary.pages), "quotes": .int(summary.quotes), "references": .int(summary.references),
                "errors": .int(summary.errors), "warnings": .int(summary.warnings),
            ]),
        ]).serialized(pretty: true)
    }

    // MARK: - GitHub Actions

    public static func github(_ diagnostic: Diagnostic) -> String {
        var properties = ["file=\(escapeProperty(diagnostic.file))"]
        if let span = diagnostic.span {
            properties += ["line=\(span.line)", "col=\(span.column)", "endColumn=\(span.endColumn)"]
        }
        properties.append("title=\(escapeProperty("syllabus \(diagnostic.rule.rawValue)"))")
        var message = diagnostic.message
        for note in diagnostic.notes { message += "\nnote: \(note)" }
        if let suggestion = diagnostic.suggestion { message += "\nhelp: did you mean \(suggestion)?" }
        let command = diagnostic.severity == .error ? "error" : "warning"
        return "::\(command) \(properties.joined(separator: ","))::\(escapeData(message))\n"
    }

    static func escapeData(_ text: String) -> String {
        text.replacing("%", with: "%25").replacing("\r", with: "%0D").replacing("\n", with: "%0A")
    }

    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacing(":", with: "%3A").replacing(",", with: "%2C")
    }
}

struct Paint {
    static let red = "31", yellow = "33", green = "32", cyan = "36"
    let enabled: Bool

    func apply(_ code: String, _ text: String) -> String {
        enabled ? "\u{1B}[1;\(code)m\(text)\u{1B}[0m" : text
    }

    func bold(_ text: String) -> String {
        enabled ? "\u{1B}[1m\(text)\u{1B}[0m" : text
    }
}
