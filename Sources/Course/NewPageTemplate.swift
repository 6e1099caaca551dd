import Markdown

/// The file `syllabus new KIND "Title"` writes: front matter for the kind, and a start.
public struct NewPageTemplate: Sendable {
    public var kind: PageKind
    public var title: String
    public var date: String

    public init(kind: PageKind, title: String, date: String) {
        self.kind = kind
        self.title = title
        self.date = date
    }

    public var slug: String { Slugger.pageSlug(title) }

    /// `lessons/the-title.md`.
    public var relativePath: String { "\(kind.rawValue)s/\(slug).md" }

    public var text: String {
        let quotedTitle = "\"" + title.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
        var lines = ["---", "title: \(quotedTitle)", "date: \(date)", "summary: \"\"", "tags: []"]
        switch kind {
        case .lesson: lines += ["module: \"\"", "order: 1", "prerequisites: []"]
        case .episode: lines += ["series: \"\"", "number: 1", "guest: \"\"", "audio: \"\"", "duration: \"0:00\""]
        case .article: lines += ["related: []"]
        case .page: break
        }
        lines += ["---", "", "Write the first paragraph here; it is the summary until you set one.", ""]
        if kind == .episode { lines += ["0:00 – “The first quote, as it was said.”", ""] }
        return lines.joined(separator: "\n")
    }
}
