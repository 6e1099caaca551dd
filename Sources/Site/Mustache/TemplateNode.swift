/// One piece of a parsed template. A template is parsed once, when the theme loads, into a
/// tree of these; rendering walks the tree and never looks at template text again.
indirect enum TemplateNode: Sendable {
    /// Text: where its UTF-8 is in the library's text, so copying it out costs no reference
    /// counting (most nodes are text).
    case text(Range<Int>)
    /// `{{name}}` (escaped) or `{{{name}}}`, `{{& name}}` (not escaped).
    case variable(TemplateName, escaped: Bool)
    /// `{{#name}}…{{/name}}`, or `{{^name}}…{{/name}}` when inverted.
    case section(TemplateName, body: [TemplateNode], inverted: Bool)
    /// `{{> name}}`; `indentation` is the whitespace before a partial that stands alone on its
    /// line, repeated before each line the partial renders.
    case partial(PartialName, indentation: String?)
    /// `{{< name}}{{$block}}…{{/block}}{{/name}}`: renders the parent template with these
    /// blocks replaced.
    case parent(PartialName, indentation: String, overrides: [String: [TemplateNode]])
    /// `{{$name}}default{{/name}}`: a block a child template may replace.
    case block(String, defaultBody: [TemplateNode], indentation: String)
    /// `{{% CONTENT_TYPE: TEXT }}` or `HTML`: whether later variables of the template are escaped.
    case escaping(Bool)
}

/// Which template a partial or parent tag names: fixed, or `{{> *name}}`, the template whose
/// name is the value of `name`.
enum PartialName: Sendable {
    case fixed(String)
    case dynamic(TemplateName)
}

/// A variable name split at its dots, and where the first part is looked for.
struct TemplateName: Sendable {
    enum Lookup: Sendable {
        /// `.` (or an empty name): the innermost value of the context stack.
        case current
        /// `.a.b`: `a` in the innermost value only, then `b` in that.
        case innermost([TemplateKey])
        /// `a.b`: `a` in the innermost value that has it, then `b` in that (and no further out).
        case searchStack(first: TemplateKey, rest: [TemplateKey])
    }

    let lookup: Lookup

    init(_ text: String) {
        let parts = text.split(separator: ".").map { TemplateKey(String($0)) }
        if text.first == "." {
            lookup = .innermost(parts)
        } else if let first = parts.first {
            lookup = .searchStack(first: first, rest: Array(parts.dropFirst()))
        } else {
            lookup = .current
        }
    }
}
