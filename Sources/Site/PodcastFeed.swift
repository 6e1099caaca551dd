import Support
import Course
import Markdown

/// The RSS 2.0 feed podcast apps subscribe to, with Apple's `itunes:` tags and Podcasting
/// 2.0's `podcast:` namespace: one per `series:` of the episodes with audio (`podcast.xml`
/// when there is one, `podcast-SLUG.xml` each when there are several). Dates come from the
/// content, never from the clock.
struct PodcastFeed: Sendable {
    var path: String
    var title: String
    /// The episodes, newest first.
    var episodes: [Int]

    static let single = "podcast.xml"
    static let prefix = "podcast-"

    /// The feeds of a course: none without an episode with audio.
    static func feeds(of pages: [Page], courseTitle: String, newerFirst: (Int, Int) -> Bool) -> [PodcastFeed] {
        var bySeries: [String: (title: String, episodes: [Int])] = [:]
        for index in pages.indices where pages[index].kind == .episode && pages[index].frontMatter.audio?.isEmpty == false {
            let title = pages[index].frontMatter.series ?? courseTitle
            bySeries[title.lowercased(), default: (title, [])].episodes.append(index)
        }
        let series = bySeries.values.sorted { $0.title < $1.title }
        if series.count == 1, let only = series.first {
            return [PodcastFeed(path: single, title: only.title, episodes: only.episodes.sorted(by: newerFirst))]
        }
        var used: Set<String> = []
        return series.map { entry in
            var slug = Slugger.tagSlug(entry.title), counter = 1
            while used.contains(slug) { slug = Slugger.tagSlug(entry.title) + "-\(counter)"; counter += 1 }
            used.insert(slug)
            return PodcastFeed(path: prefix + slug + ".xml", title: entry.title, episodes: entry.episodes.sorted(by: newerFirst))
        }
    }

    /// Podcasting 2.0's namespace for `podcast:guid` (its UUIDv5 of the feed's URL).
    static let guidNamespace = NameUUID.bytes("ead4c236-bf58-58c6-a2c6-a6b28d128cb6") ?? []

    func xml(_ model: SiteModel) -> String {
        let config = model.config
        let settings = config.podcast
        let base = config.baseURL
        /// A path of the site as the feed gives it: absolute with a base_url, else relative to
        /// the feed (which sits at the site's root).
        func url(_ path: String) -> String { (base ?? "") + Escape.url(path) }
        /// A file named in front matter or course.yml: a URL as written, a local file at the
        /// path the build copies it to.
        func media(_ written: String, from sourcePath: String) -> (url: String, path: String?) {
            guard let path = EpisodeMedia.localPath(written, from: sourcePath) else { return (written, nil) }
            return (url(path), path)
        }
        let feedURL = url(path)
        let guid = settings.guid ?? NameUUID.v5(namespace: Self.guidNamespace, name: Self.withoutScheme(base.map { _ in feedURL } ?? "syllabus:" + feedURL + ":" + title))
        let author = settings.author ?? config.author ?? config.title
        var xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:podcast="https://podcastindex.org/namespace/1.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">
        <channel>
          <title>\(Escape.xml(title))</title>
          <link>\(Escape.xml(base ?? "./"))</link>
          <description>\(Escape.xml(config.description ?? title))</description>
          <language>\(Escape.xml(config.language))</language>
          <generator>Syllabus</generator>

        """
        if base != nil { xml += "  <atom:link href=\"\(Escape.xml(feedURL))\" rel=\"self\" type=\"application/rss+xml\"/>\n" }
        xml += "  <podcast:guid>\(guid)</podcast:guid>\n"
        xml += "  <itunes:author>\(Escape.xml(author))</itunes:author>\n"
        if settings.ownerName != nil || settings.ownerEmail != nil {
            xml += "  <itunes:owner>"
            if let name = settings.ownerName { xml += "<itunes:name>\(Escape.xml(name))</itunes:name>" }
            if let email = settings.ownerEmail { xml += "<itunes:email>\(Escape.xml(email))</itunes:email>" }
            xml += "</itunes:owner>\n"
        }
        if let image = settings.image {
            let href = media(image, from: "course.yml").url
            xml += "  <itunes:image href=\"\(Escape.xml(href))\"/>\n"
            xml += "  <image><url>\(Escape.xml(href))</url><title>\(Escape.xml(title))</title><link>\(Escape.xml(base ?? "./"))</link></image>\n"
        }
        if let category = settings.category {
            let parts = category.split(separator: "/", maxSplits: 1).map { $0.trimmingWhitespace() }
            if parts.count == 2 {
                xml += "  <itunes:category text=\"\(Escape.xml(String(parts[0])))\"><itunes:category text=\"\(Escape.xml(String(parts[1])))\"/></itunes:category>\n"
            } else {
                xml += "  <itunes:category text=\"\(Escape.xml(category))\"/>\n"
            }
        }
        if let explicit = settings.explicit { xml += "  <itunes:explicit>\(explicit)</itunes:explicit>\n" }
        xml += "  <itunes:type>\(settings.type ?? "episodic")</itunes:type>\n"
        for index in episodes { xml += item(index, model: model, url: url, media: media) }
        return xml + "</channel>\n</rss>\n"
    }

    private func item(_ index: Int, model: SiteModel, url: (String) -> String,
                      media: (String, String) -> (url: String, path: String?)) -> String {
        let page = model.pages[index]
        let matter = page.frontMatter
        var xml = "  <item>\n"
        xml += "    <title>\(Escape.xml(page.title))</title>\n"
        xml += "    <link>\(Escape.xml(url(page.outputPath)))</link>\n"
        // The page's path: it names the episode for as long as its slug does.
        let guid = model.config.baseURL.map { _ in url(page.outputPath) }
            ?? "urn:syllabus:" + Slugger.pageSlug(model.config.title, fallback: "course") + ":" + Escape.url(page.outputPath)
        xml += "    <guid isPermaLink=\"false\">\(Escape.xml(guid))</guid>\n"
        if let date = page.date { xml += "    <pubDate>\(Self.rfc2822(date))</pubDate>\n" }
        xml += "    <description>\(Escape.xml(page.summary))</description>\n"
        if let audio = matter.audio {
            let (href, path) = media(audio, page.sourcePath)
            let length = path.flatMap { FileStamp(path: model.graph.course.location.directory + "/" + $0)?.size } ?? 0
            xml += "    <enclosure url=\"\(Escape.xml(href))\" length=\"\(length)\" type=\"\(EpisodeMedia.mimeType(of: audio))\"/>\n"
        }
        if let duration = matter.duration { xml += "    <itunes:duration>\(duration.seconds)</itunes:duration>\n" }
        if let number = matter.number {
            xml += "    <itunes:episode>\(number)</itunes:episode>\n    <podcast:episode>\(number)</podcast:episode>\n"
        }
        xml += "    <itunes:episodeType>full</itunes:episodeType>\n"
        if let guest = matter.guest { xml += "    <podcast:person role=\"guest\">\(Escape.xml(guest))</podcast:person>\n" }
        if EpisodeFiles.hasChapters(page) {
            xml += "    <podcast:chapters url=\"\(Escape.xml(url(EpisodeFiles.path(of: page, EpisodeFiles.jsonSuffix))))\" type=\"application/json+chapters\"/>\n"
        }
        if let transcript = EpisodeMedia.transcript(of: page, files: model.files) {
            let href = media(transcript, page.sourcePath).url
            xml += "    <podcast:transcript url=\"\(Escape.xml(href))\" type=\"\(EpisodeMedia.mimeType(of: transcript))\" rel=\"captions\"/>\n"
        }
        for soundbite in Self.soundbites(of: page) {
            xml += "    <podcast:soundbite startTime=\"\(soundbite.start)\" duration=\"\(soundbite.duration)\">\(Escape.xml(soundbite.title))</podcast:soundbite>\n"
        }
        return xml + "  </item>\n"
    }

    /// A soundbite per quote: from the quote to the next one (or the episode's end), held
    /// within the 15 to 120 seconds the namespace recommends.
    static func soundbites(of page: Page) -> [(start: Int, duration: Int, title: String)] {
        let quotes = page.body.quotes
        return quotes.indices.map { index in
            let start = quotes[index].time.seconds
            let end = index + 1 < quotes.count ? quotes[index + 1].time.seconds : page.frontMatter.duration?.seconds ?? start + 30
            return (start, min(120, max(15, end - start)), quotes[index].text)
        }
    }

    /// `Wed, 18 Feb 2026 00:00:00 +0000` for `2026-02-18`.
    static func rfc2822(_ date: String) -> String {
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return date }
        let (year, month, day) = (parts[0], parts[1], parts[2])
        // Days since 1970-01-01 (Howard Hinnant's days_from_civil), whose weekday was a Thursday.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let days = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468
        let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let weekday = weekdays[((days % 7) + 7) % 7]
        return "\(weekday), \(day < 10 ? "0" : "")\(day) \(months[month - 1]) \(year) 00:00:00 +0000"
    }

    static func withoutScheme(_ url: String) -> String {
        var text = Substring(url)
        if let scheme = text.range(of: "://") { text = text[scheme.upperBound...] }
        while text.hasSuffix("/") { text = text.dropLast() }
        return String(text)
    }
}
