import Course
import Markdown
import Support

/// A finding of the course as LSP's `Diagnostic`: its range in the client's encoding, the rule
/// id as `code` with a link to the rule's documentation, the did-you-mean and notes in the
/// message, the other pages it concerns as `relatedInformation`, and the suggestion in `data`
/// for the quick fix.
struct ProtocolDiagnostics {
    var encoding: PositionEncoding
    /// Where rules are documented (`…/checks.md`); each rule's section is `#rule-id`.
    var rulesURL: String?
    /// The text of a line of a file (from 1), for counting columns in the client's encoding.
    var lineText: (_ relative: String, _ line: Int) -> Substring?
    /// The URI and first line of the other pages a finding names (`RelatedPages`).
    var related: (Diagnostic) -> [(uri: String, range: JSON, message: String)]

    func json(_ diagnostic: Diagnostic, relative: String) -> JSON {
        var message = diagnostic.message
        if let suggestion = diagnostic.suggestion { message += "\ndid you mean \(suggestion)?" }
        for note in diagnostic.notes { message += "\nnote: \(note)" }
        var members: [String: JSON] = [
            "range": range(of: diagnostic.span, relative: relative),
            "severity": .int(diagnostic.severity == .error ? 1 : 2),
            "code": .string(diagnostic.rule.rawValue),
            "source": .string("syllabus"),
            "message": .string(message),
        ]
        if let rulesURL { members["codeDescription"] = .object(["href": .string(rulesURL + "#" + diagnostic.rule.rawValue)]) }
        if let suggestion = diagnostic.suggestion { members["data"] = .object(["suggestion": .string(suggestion)]) }
        let others = related(diagnostic)
        if !others.isEmpty {
            members["relatedInformation"] = .array(others.map {
                .object(["location": .object(["uri": .string($0.uri), "range": $0.range]), "message": .string($0.message)])
            })
        }
        return .object(members)
    }

    /// The range of a span; a finding about a whole file covers its first character.
    func range(of span: SourceSpan?, relative: String) -> JSON {
        guard let span else { return Self.range(line: 0, start: 0, end: 0) }
        let line = lineText(relative, span.line) ?? ""
        return Self.range(line: span.line - 1, start: encoding.character(ofColumn: span.column, in: line),
                          end: encoding.character(ofColumn: span.endColumn, in: line))
    }

    static func range(line: Int, start: Int, end: Int) -> JSON {
        .object(["start": Position(line: line, character: start).json, "end": Position(line: line, character: end).json])
    }
}
