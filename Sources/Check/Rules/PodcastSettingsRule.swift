import Course
import Linking

/// `podcast-settings`: a course whose episodes have audio gets a podcast feed, and Apple
/// Podcasts refuses a feed without cover art, a category or `explicit`, or whose enclosures
/// are not absolute URLs (which need `base_url`).
public struct PodcastSettingsRule: CourseRule {
    public static let id = Rule.podcastSettings

    public static func judge(_ graph: CourseGraph, into findings: inout Findings) {
        guard graph.pages.contains(where: { $0.kind == .episode && $0.frontMatter.audio?.isEmpty == false }) else { return }
        let config = graph.course.config
        var missing: [String] = []
        if config.baseURL == nil { missing.append("base_url: \"https://example.org/course/\" (enclosures must be absolute URLs)") }
        if config.description == nil { missing.append("description: \"What the show is about\"") }
        if let image = config.podcast.image {
            if let path = EpisodeMedia.localPath(image, from: "course.yml"), !graph.course.files.contains(path) {
                missing.append("the file podcast: image names, \(graph.course.location.display(path)) (it is not there)")
            }
        } else {
            missing.append("podcast: image: cover.jpg (square, 1400–3000 px)")
        }
        if config.podcast.category == nil { missing.append("podcast: category: \"Health & Fitness/Mental Health\"") }
        if config.podcast.explicit == nil { missing.append("podcast: explicit: false") }
        if config.author == nil && config.podcast.author == nil { missing.append("author: \"Your name\"") }
        guard !missing.isEmpty else { return }
        findings.reportCourseFile(id, line: config.podcast.line,
                                  "the podcast feed lacks what Apple Podcasts requires: \(missing.count) \(missing.count == 1 ? "key" : "keys") to add to course.yml",
                                  notes: missing.map { "add \($0)" })
    }
}
