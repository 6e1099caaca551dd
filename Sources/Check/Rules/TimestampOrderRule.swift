import Course
import Linking

/// `timestamp-order`: a page's quotes must rise in time and stay within the episode's
/// `duration:`, or a listener's "play from" lands in the wrong place.
public struct TimestampOrderRule: CourseRule {
    public static let id = Rule.timestampOrder

    public static func judge(_ graph: CourseGraph, into findings: inout Findings) {
        for page in graph.pages.indices {
            let quotes = graph.pages[page].body.quotes
            for (position, quote) in quotes.enumerated() {
                if position > 0, quote.time <= quotes[position - 1].time {
                    findings.report(id, page, quote.span,
                                    "\(quote.time) comes after \(quotes[position - 1].time) (line \(quotes[position - 1].span.line)); timestamps in a page must rise")
                }
                if let duration = graph.pages[page].frontMatter.duration, quote.time > duration {
                    findings.report(id, page, quote.span, "\(quote.time) is past the end of the episode (duration: \(duration))")
                }
            }
        }
    }
}
