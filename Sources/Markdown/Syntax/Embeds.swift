/// `![[name]]`, as Obsidian embeds a file: an image (`![[a.png|alt|300x200]]`), a player for
/// audio and video, a link to any other file, and a note linked as `[[note]]` is.
enum Embeds: InlineSyntax {
    /// An embed is a wikilink with a `!` before it, found where its `[[` is: it starts as a
    /// wikilink does.
    static var startBytes: ByteSet { Wikilinks.startBytes }

    /// Whether the wikilink is an embed: the `!` before it is part of the embed, in the text
    /// and in the source.
    static func marks(_ wikilink: Wikilinks.Mention, in logical: [UInt8]) -> Bool {
        wikilink.range.lowerBound > 0 && logical[wikilink.range.lowerBound - 1] == UInt8(ascii: "!")
    }

    /// What an embedded image shows, from the text after its `|`: `alt`, `300`, or both
    /// (`alt|300`): the alt text, and the size unless the last part is not one.
    static func imageText(_ alias: String) -> (alt: String, size: EmbeddedFile.Size?) {
        let bar = alias.lastIndex(of: "|")
        let size = EmbeddedFile.size(String(bar.map { alias[alias.index(after: $0)...] } ?? alias[...]))
        return (size == nil ? alias : bar.map { String(alias[..<$0]) } ?? "", size)
    }

    /// An embedded file as the page shows it: an image, a player, or a link to the file.
    static func markup(_ embedded: EmbeddedFile, name: String, shown: String, slot: Int, size: EmbeddedFile.Size?,
                       templates: MarkupTemplates) -> Markup {
        var values = MarkupValues()
        values.href = .placeholder(.href, slot: slot)
        switch embedded {
        case .image:
            values.alt = .html(shown)
            values.width = size.map { .number($0.width) }
            values.height = size?.height.map { .number($0) }
            return Markup(templates[.embedImage], values)
        case .audio:
            return Markup(templates[.embedAudio], values)
        case .video:
            return Markup(templates[.embedVideo], values)
        case .other:
            values.text = .html(shown)
            return Markup(templates[.embedFile], values)
        }
    }
}
