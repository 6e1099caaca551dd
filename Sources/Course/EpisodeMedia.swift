import Markdown
import Support

/// The files an episode's front matter names (`audio:`, `transcript:`), as paths of the
/// content folder: the linker proves they are there, the site copies them and measures them
/// for the feed.
public enum EpisodeMedia {
    /// The content folder's path of a file named in front matter, written relative to the page
    /// or from the site's root; nil for a URL, or a path that leaves the folder.
    public static func localPath(_ written: String, from sourcePath: String) -> String? {
        guard !written.isEmpty, !LinkTarget.hasScheme(written), !written.hasPrefix("//") else { return nil }
        let rawPath = LinkTarget.percentDecoded(LinkTarget.pathPart(of: written))
        return RelativeURL.resolve(rawPath, against: RelativeURL.folder(of: sourcePath))
    }

    /// The transcript of an episode, as written: `transcript:`, else a `.vtt` or `.srt` file
    /// beside its local audio (`talk.vtt` beside `talk.opus`) among `files`.
    public static func transcript(of page: Page, files: Set<String>) -> String? {
        if let written = page.frontMatter.transcript { return written }
        guard let audio = page.frontMatter.audio, let path = localPath(audio, from: page.sourcePath),
              let dot = path.lastIndex(of: "."), let writtenDot = audio.lastIndex(of: ".") else { return nil }
        for suffix in [".vtt", ".srt"] where files.contains(path[..<dot] + suffix) {
            return audio[..<writtenDot] + suffix
        }
        return nil
    }

    /// The MIME type of a media file, from its extension: what an `<enclosure>`, a
    /// `podcast:transcript` and a player's `<source>` say it is.
    public static func mimeType(of written: String) -> String {
        let path = LinkTarget.pathPart(of: written).lowercased()
        let types = [".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".mp4": "video/mp4", ".aac": "audio/aac", ".ogg": "audio/ogg", ".oga": "audio/ogg",
                     ".opus": "audio/ogg", ".wav": "audio/wav", ".flac": "audio/flac", ".webm": "audio/webm",
                     ".vtt": "text/vtt", ".srt": "application/x-subrip"]
        return types.first { path.hasSuffix($0.key) }?.value ?? "application/octet-stream"
    }
}
