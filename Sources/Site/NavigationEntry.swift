import Course
import Markdown

/// One place of the header's navigation: a page of the site, or a section of the contents page.
struct NavigationEntry: Sendable {
    var title: String
    /// Output path of the page it opens.
    var path: String
    /// The id on that page, for a section that has no page of its own.
    var fragment: String?

    /// More top-level sections than this are not named in the header: it links to the
    /// contents page only, where they all are.
    static let mostSections = 6

    /// The id of the section with `key` on the contents page.
    static func anchor(_ key: String) -> String {
        "syllabus-section-" + Slugger.pageSlug(key, fallback: "top")
    }
}
