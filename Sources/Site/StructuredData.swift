import Support
import Course
import Markdown

/// schema.org JSON-LD of an episode page: a `PodcastEpisode` with its series, date, duration
/// and audio, and a `Clip` per quote. Written by `JSONWriter`, which escapes `<`, `>` and `&`,
/// so no text of the author's (`</script>` in a title) can end the `<script>` that holds it.
enum StructuredData {
    /// `pageURL` and `audioURL` as the page gives them: absolute with a `base_url`, else
    /// relative to the page.
    static func episode(_ page: Page, series: String, pageURL: String, audioURL: String?) -> String {
        var episode: [String: JSON] = [
            "@context": .string("https://schema.org"),
            "@type": .string("PodcastEpisode"),
            "name": .string(page.title),
            "url": .string(pageURL),
            "description": .string(page.summary),
            "partOfSeries": .object(["@type": .string("PodcastSeries"), "name": .string(series)]),
        ]
        if let date = page.date { episode["datePublished"] = .string(date) }
        if let number = page.frontMatter.number { episode["episodeNumber"] = .int(number) }
        if let duration = page.frontMatter.duration { episode["duration"] = .string(iso8601(duration.seconds)) }
        if let guest = page.frontMatter.guest { episode["actor"] = .object(["@type": .string("Person"), "name": .string(guest)]) }
        if let audioURL {
            var media: [String: JSON] = ["@type": .string("AudioObject"), "contentUrl": .string(audioURL),
                                         "encodingFormat": .string(EpisodeMedia.mimeType(of: audioURL))]
            if let duration = page.frontMatter.duration { media["duration"] = .string(iso8601(duration.seconds)) }
            episode["associatedMedia"] = .object(media)
        }
        let soundbites = PodcastFeed.soundbites(of: page)
        if !soundbites.isEmpty {
            episode["hasPart"] = .array(zip(page.body.quotes, soundbites).map { quote, soundbite in
                .object(["@type": .string("Clip"), "name": .string(quote.text), "startOffset": .int(soundbite.start),
                         "endOffset": .int(soundbite.start + soundbite.duration), "url": .string(pageURL + "#" + quote.time.anchor)])
            })
        }
        return JSON.object(episode).serialized(pretty: false)
    }

    /// `PT47M20S`.
    static func iso8601(_ seconds: Int) -> String {
        var text = "PT"
        if seconds >= 3600 { text += "\(seconds / 3600)H" }
        if seconds % 3600 >= 60 { text += "\(seconds / 60 % 60)M" }
        if seconds % 60 > 0 || seconds == 0 { text += "\(seconds % 60)S" }
        return text
    }
}
