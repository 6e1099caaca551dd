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
    static func markup(_ embedded: EmbeddedFile, slot: Int, reference: SeeReference, size: EmbeddedFile.Size?) -> Markup {
        switch embedded {
        case .image:
            var markup = Markup(.text("<img src=\""), .placeholder(.href, slot: slot), .text("\" alt=\""), .html(reference.text ?? ""), .text("\""))
            if let size {
                markup.append(.text(" width=\""), .number(size.width), .text("\""))
                if let height = size.height { markup.append(.text(" height=\""), .number(height), .text("\"")) }
            }
            markup.append(.text(" />"))
            return markup
        case .audio:
            return Markup(.text("<audio controls src=\""), .placeholder(.href, slot: slot), .text("\"></audio>"))
        case .video:
            return Markup(.text("<video controls src=\""), .placeholder(.href, slot: slot), .text("\"></video>"))
        case .other:
            return Markup(.text("<a href=\""), .placeholder(.href, slot: slot), .text("\">"), .html(reference.text ?? reference.title), .text("</a>"))
        }
    }
}
