import Course
import Linking
import Markdown

/// `duplicate-episode-number`: two episodes of one series with the same `number:`, which a
/// listing would show as the same episode. Reported at the later page's key, naming the earlier.
public struct DuplicateEpisodeNumberRule: CourseRule {
    public static let id = Rule.duplicateEpisodeNumber

    public static func judge(_ graph: CourseGraph, into findings: inout Findings) {
        struct Episode: Hashable {
            var series: String
            var number: Int
        }
        let pages = graph.pages
        var numbered: [Episode: Int] = [:]
        for page in pages.indices {
            guard let number = pages[page].frontMatter.number else { continue }
            let key = Episode(series: pages[page].frontMatter.series.map(TitleKey.normalize) ?? "", number: number)
            guard let earlier = numbered[key] else {
                numbered[key] = page
                continue
            }
            let show = pages[page].frontMatter.series.map { " of \"\($0)\"" } ?? ""
            findings.report(id, page, pages[page].keySpan("number"),
                            "number \(number)\(show) is also \(pages[earlier].displayPath) (\"\(pages[earlier].title)\")",
                            notes: ["each episode of a series has a number of its own"])
        }
    }
}
