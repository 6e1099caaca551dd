import Course
import Linking

/// `chapter-order`: an episode's chapters must rise in time, or an app's chapter list jumps
/// back and a chapter ends before it starts.
public struct ChapterOrderRule: CourseRule {
    public static let id = Rule.chapterOrder

    public static func judge(_ graph: CourseGraph, into findings: inout Findings) {
        for page in graph.pages.indices {
            let chapters = graph.pages[page].chapters
            for position in chapters.indices.dropFirst() where chapters[position].time <= chapters[position - 1].time {
                let previous = chapters[position - 1]
                findings.report(id, page, chapters[position].span,
                                "chapter \(chapters[position].time) comes after \(previous.time) (line \(previous.span.line)); chapter times must rise")
            }
        }
    }
}
