import CCmark

/// Chapters as show notes write them, and as Spotify and YouTube read them: a list item of a
/// page with audio that opens with a time (`12:40 Title`), or with a link to one
/// (`[12:40](#t=12:40) Title`, `[Title](#t=760)`). The time becomes a link that plays the
/// episode from there; the item stays where it is written.
enum Chapters: LeadingSyntax {
    /// A time, or the `[` of a link to one.
    static let startBytes: ByteSet = "0123456789["
}

extension Compilation {
    /// `facts.audio` without its fragment: what a play link or a time link points at, or nil on
    /// a page without audio (whose lists and `#t=` links stay as written).
    var playableAudio: String? {
        guard let audio = facts.audio, !audio.isEmpty else { return nil }
        return audio.split(separator: "#", maxSplits: 1).first.map(String.init) ?? audio
    }

    /// Whether `paragraph` opens a list item of a page with audio, the only place a chapter is.
    func mayOpenChapter(_ paragraph: Node) -> Bool {
        guard playableAudio != nil, cmark_node_previous(paragraph) == nil,
              let item = cmark_node_parent(paragraph), cmark_node_get_type(item) == CMARK_NODE_ITEM,
              let lead = leadingSourceByte(of: paragraph) else { return false }
        return prefilter.chapters.contains(lead)
    }

    /// Reads the chapter `paragraph` opens, if it opens one, after its links were read (a
    /// `#t=` link already points at the audio).
    mutating func takeChapter(from paragraph: Node) {
        guard let first = cmark_node_first_child(paragraph) else { return }
        let span = blockSpan(paragraph)
        switch cmark_node_get_type(first) {
        case CMARK_NODE_TEXT:
            let text = literal(of: first)
            guard let (written, _) = Chapter.split(text) else { return }
            let time: Timestamp
            do throws(Timestamp.Invalid) {
                guard let parsed = try Timestamp.parse(written) else { return }
                time = parsed
            } catch {
                report(.invalidTimestamp, "'\(error.text)' is not a valid chapter time; write M:SS, MM:SS or H:MM:SS with minutes and seconds below 60",
                       at: SourceSpan(line: span.line, column: span.column, endColumn: span.column + written.count))
                return
            }
            let timeSpan = SourceSpan(line: span.line, column: span.column, endColumn: span.column + written.count)
            let title = Chapter.split(plainText(of: paragraph, trimmed: true, showingReferences: true))?.title ?? ""
            found.chapters.append(Chapter(time: time, title: String(title), span: timeSpan))
            if options.renderHTML { linkTime(of: first, byteCount: written.utf8.count, to: time) }
        case CMARK_NODE_LINK:
            // `#t=…`, or a link to this page's audio (as a `#t=` link becomes when rendered): a
            // time on another site (`youtu.be/x#t=30`) is no chapter of this episode.
            guard let url = cmark_node_get_url(first), case let destination = String(cString: url),
                  let hash = destination.lastIndex(of: "#"), hash == destination.startIndex || destination[..<hash] == playableAudio ?? "",
                  let time = try? Timestamp.mediaFragment(destination[destination.index(after: hash)...]) else { return }
            let shown = plainText(of: first, trimmed: true)
            let whole = plainText(of: paragraph, trimmed: true, showingReferences: true)
            // `[12:40](#t=760) Title`: the title follows the link; `[Title](#t=760)`: it is the link.
            var title = Substring(shown)
            if (try? Timestamp.parse(shown)) != nil {
                title = whole.dropFirst(shown.count).drop { $0.isWhitespace || $0 == "-" || $0 == "–" || $0 == "—" }
            }
            guard !title.isEmpty else { return }
            found.chapters.append(Chapter(time: time, title: String(title), span: span))
        default:
            return
        }
    }

    /// Makes the first `byteCount` bytes of `text` (a chapter's time) a link that plays the
    /// audio from `time`.
    func linkTime(of text: Node, byteCount: Int, to time: Timestamp) {
        guard let audio = playableAudio, let link = newNode(CMARK_NODE_LINK), let shown = newNode(CMARK_NODE_TEXT) else { return }
        let bytes = Self.bytes(of: cmark_node_get_literal(text) ?? Self.emptyLiteral)
        Self.setLiteral(of: shown, to: bytes, prefix: byteCount)
        cmark_node_set_literal(text, Self.tail(of: bytes, from: byteCount))
        cmark_node_set_url(link, audio + "#t=\(time.seconds)")
        cmark_node_append_child(link, shown)
        cmark_node_insert_before(text, link)
    }
}
