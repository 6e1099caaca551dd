import Course
import Linking

/// `time-past-end`: a chapter or a `#t=` link past the episode's `duration:` plays nothing.
public struct TimePastEndRule: CourseRule {
    public static let id = Rule.timePastEnd

    public static func judge(_ graph: CourseGraph, into findings: inout Findings) {
        for page in graph.pages.indices {
            guard let duration = graph.pages[page].frontMatter.duration else { continue }
            for chapter in graph.pages[page].chapters where chapter.time > duration {
                findings.report(id, page, chapter.span, "chapter \(chapter.time) is past the end of the episode (duration: \(duration))")
            }
            for link in graph.pages[page].body.timeLinks where link.time > duration {
                findings.report(id, page, link.span, "#t= \(link.time) is past the end of the episode (duration: \(duration))")
            }
        }
    }
}
