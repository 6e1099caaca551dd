import Course
import Linking
import Markdown

/// `orphan`: a lesson, episode or article that nothing links to and the outline leaves out:
/// no reader can reach it but by search.
public struct OrphanRule: CourseRule {
    public static let id = Rule.orphanPage

    public static func judge(_ graph: CourseGraph, into findings: inout Findings) {
        let pages = graph.pages
        let outline = Set(graph.outlineOrder)
        var inbound = Set<Int>()
        for edge in graph.edges where edge.kind != .next && edge.from != edge.to { inbound.insert(edge.to) }
        for page in pages.indices where !inbound.contains(page) && !outline.contains(page) {
            // Pages of kind `page` are in the site's navigation, and the home intro is the home page.
            if pages[page].kind == .page || pages[page].isHomeIntro { continue }
            // The name a reference would use must name this page alone: its title, else its
            // slug; when both are shared, the author has to tell the pages apart first.
            let name = [pages[page].title, pages[page].slug].first { graph.index.pages(named: $0).count == 1 }
            let refer = name.map { "refer to it with [see: \"\($0)\"]" }
                ?? "give it a slug: or aliases: of its own (its title and slug name other pages too), then refer to it"
            findings.report(id, page, nil, "nothing links to this \(pages[page].kind.rawValue) and the outline leaves it out",
                            notes: ["\(refer), list it in a module of course.yml, or name it in another page's related:"])
        }
    }
}
