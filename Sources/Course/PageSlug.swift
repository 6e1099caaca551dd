import Foundation
import Markdown

extension Slugger {
    /// A page's slug from its file name (or a new page's title): `[a-z0-9-]+`, as the contract
    /// asks, with letters beyond ASCII spelled in ASCII first (`Über` → `uber`, `日本語` →
    /// `ri-ben-yu`), as Zola's slugs do. Without that, `Über.md` became `ber` and every file
    /// named in another script became `page`, two of them a duplicate slug.
    public static func pageSlug(_ name: String, fallback: String = "page") -> String {
        fileSlug(asciiSpelling(of: name), fallback: fallback)
    }

    /// A tag's slug, for its page's folder: like a heading id when the tag is ASCII (`deep
    /// work` → `deep-work`), else spelled in ASCII as a page slug is.
    public static func tagSlug(_ tag: String) -> String {
        if tag.isASCIIText {
            let slug = baseSlug(tag)
            if !slug.isEmpty { return slug }
        }
        return fileSlug(asciiSpelling(of: tag), fallback: "tag")
    }

    /// `text` spelled in ASCII where ICU knows how (any script to Latin, then Latin to ASCII);
    /// what it cannot spell (emoji) stays and is dropped by the slug. The binary carries its
    /// own ICU, so the spelling is the same on every machine.
    static func asciiSpelling(of text: String) -> String {
        guard !text.isASCIIText else { return text }
        return text.applyingTransform(StringTransform(rawValue: "Any-Latin; Latin-ASCII"), reverse: false) ?? text
    }
}
