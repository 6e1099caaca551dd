import Course
import Linking
import Markdown

/// `duplicate-heading`: two headings of a page with one text get `id` and `id-1`, and links
/// to `#id` can only ever reach the first.
public struct DuplicateHeadingRule: CourseRule {
    public static let id = Rule.duplicateHeading

    public static func judge(_ graph: CourseGraph, into findings: inout Findings) {
        for page in graph.pages.indices {
            let body = graph.pages[page].body
            for heading in body.headings {
                // The slugger only ever makes a heading's id differ from its base slug by adding
                // `-N`: an id that does not end in a digit is its base slug, no need to slug again.
                guard let last = heading.id.utf8.last, last >= UInt8(ascii: "0"), last <= UInt8(ascii: "9") else { continue }
                let base = Slugger.baseSlug(heading.text)
                // Numbered by the slugger: `base-N`. An id of the author's own (`{#step-2}`) is not.
                guard !base.isEmpty, heading.id.hasPrefix(base + "-"),
                      heading.id.utf8.dropFirst(base.utf8.count + 1).allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                      body.titleAnchor == base || body.headings.contains(where: { $0.id == base })
                else { continue }
                findings.report(id, page, heading.span,
                                "another heading on this page has the id '\(base)'; this one is '#\(heading.id)'",
                                notes: ["links to '#\(base)' go to the first one"])
            }
        }
    }
}
