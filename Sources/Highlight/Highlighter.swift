import CHighlight

/// Highlights code at build time with KDE's KSyntaxHighlighting (docs/architecture.md,
/// "Highlighting"), so a page shows coloured code without a script.
///
/// The HTML is the code's text, escaped, with each token inside
/// `<span class="hl-NAME">…</span>`, NAME being one of `tokenClasses`; a span never holds a
/// line feed, so the lines of the result are the lines of the code. The same code and language
/// give the same bytes, on any thread.
public struct Highlighter: Sendable {
    /// Every class a span can have, without the `hl-` prefix.
    public static let tokenClasses = [
        "keyword", "type", "function", "variable", "constant", "builtin", "string", "escape", "number", "comment",
        "operator", "preprocessor", "attribute", "inserted", "deleted", "error",
    ]

    /// The highlighter that runs: the library's version, and the size and modification time of
    /// its file. Output cached across runs keys on it, as an upgrade of the library changes the
    /// HTML without changing the executable.
    public static let identity = String(cString: syllabus_highlight_identity())

    public init() {}

    /// The code as highlighted HTML, or nil when the language is not known (render the code
    /// plain). Languages are matched without regard to case, by name or alias (`sh`, `bash`,
    /// `shell`, `js`, `ts`, `yml`, `rs`, `golang`, `c++`, `cpp`, `md`, `patch`, …), then by
    /// the library's own definition names (`Kotlin`, `Ruby`, …) and file extensions (`kt`, `rb`).
    /// Invalid UTF-8 and NUL become U+FFFD.
    public func html(for code: String, language: String) -> String? {
        var code = code
        return code.withUTF8 { bytes -> String? in
            var out: UnsafeMutablePointer<CChar>?
            var count = 0
            guard syllabus_highlight(language, bytes.baseAddress, bytes.count, &out, &count) == 1, let out else { return nil }
            defer { syllabus_highlight_free(out) }
            return out.withMemoryRebound(to: UInt8.self, capacity: count) {
                String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
            }
        }
    }
}
