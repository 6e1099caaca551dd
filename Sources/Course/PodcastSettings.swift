import Markdown

/// `podcast:` in course.yml: what a podcast app's directory shows of the show, for the feed's
/// channel (Apple's `itunes:` tags and Podcasting 2.0's `podcast:guid`). Every key is
/// optional; a course with episodes that have audio is warned about the ones Apple requires.
public struct PodcastSettings: Sendable, Hashable {
    /// The show's square cover art (a file of the content folder, or an http(s) URL).
    public var image: String?
    /// Apple's category, as `Health & Fitness` or `Health & Fitness/Mental Health`.
    public var category: String?
    public var explicit: Bool?
    /// `episodic` (newest first) or `serial` (in order).
    public var type: String?
    /// `itunes:author`; the course's `author` when not given.
    public var author: String?
    public var ownerName: String?
    public var ownerEmail: String?
    /// `podcast:guid` of the channel; made from the feed's URL when not given.
    public var guid: String?
    /// Line of `podcast:` in course.yml, for findings about it.
    public var line: Int?

    public init() {}

    static let keys = ["image", "category", "explicit", "type", "author", "owner_name", "owner_email", "guid"]

    /// Reads the `podcast:` mapping.
    static func decode(_ fields: YAMLFields) throws(YAMLProblem) -> PodcastSettings {
        var settings = PodcastSettings()
        guard let node = fields.node("podcast") else { return settings }
        let podcast = try YAMLFields.fields(of: node, allowedKeys: keys, what: "podcast").rejectingUnknown()
        settings.line = fields.line(of: "podcast")
        settings.image = try podcast.string("image")
        settings.category = try podcast.string("category")
        settings.explicit = try podcast.bool("explicit")
        if let type = try podcast.string("type") {
            guard type == "episodic" || type == "serial" else {
                throw YAMLProblem(message: "'type' of podcast must be episodic or serial, not \"\(type)\"", line: podcast.line(of: "type"), column: 1)
            }
            settings.type = type
        }
        settings.author = try podcast.string("author")
        settings.ownerName = try podcast.string("owner_name")
        settings.ownerEmail = try podcast.string("owner_email")
        settings.guid = try podcast.string("guid")
        if let image = settings.image, LinkTarget.hasScheme(image), !(image.hasPrefix("https://") || image.hasPrefix("http://")) {
            throw YAMLProblem(message: "'image' of podcast must be a file of the course or an http(s) URL, not \"\(image)\"",
                              line: podcast.line(of: "image"), column: 1)
        }
        return settings
    }
}
