import Support

/// The markup the compiler adds to a page: a quote's figure, a callout's aside, an embed, a
/// reference's link. It is the theme's (its `partials/markup/` files); `default` is the
/// built-in theme's, which the compiler uses when it is handed none.
public struct MarkupTemplates: Sendable, Hashable {
    /// A piece of the markup, named as its theme file (`quote-open.mustache`).
    public enum Piece: Int, Sendable, CaseIterable {
        case quoteOpen, quoteClose
        case calloutOpen, calloutClose, calloutTitleOpen, calloutTitleClose
        case foldingCalloutOpen, foldingCalloutClose, foldingCalloutTitleOpen, foldingCalloutTitleClose
        case embedImage, embedAudio, embedVideo, embedFile
        case referenceLink

        public var name: String {
            switch self {
            case .quoteOpen: "quote-open"
            case .quoteClose: "quote-close"
            case .calloutOpen: "callout-open"
            case .calloutClose: "callout-close"
            case .calloutTitleOpen: "callout-title-open"
            case .calloutTitleClose: "callout-title-close"
            case .foldingCalloutOpen: "folding-callout-open"
            case .foldingCalloutClose: "folding-callout-close"
            case .foldingCalloutTitleOpen: "folding-callout-title-open"
            case .foldingCalloutTitleClose: "folding-callout-title-close"
            case .embedImage: "embed-image"
            case .embedAudio: "embed-audio"
            case .embedVideo: "embed-video"
            case .embedFile: "embed-file"
            case .referenceLink: "reference-link"
            }
        }

        public init?(name: String) {
            guard let piece = Self.allCases.first(where: { $0.name == name }) else { return nil }
            self = piece
        }

        /// The holes the compiler fills in this piece.
        public var holes: Set<MarkupTemplate.Hole> {
            switch self {
            case .quoteOpen: [.anchor, .time, .seconds]
            case .quoteClose: [.anchor, .time, .seconds, .audio]
            case .calloutOpen, .calloutClose, .calloutTitleOpen, .calloutTitleClose,
                 .foldingCalloutClose, .foldingCalloutTitleOpen, .foldingCalloutTitleClose: [.type]
            case .foldingCalloutOpen: [.type, .open]
            case .embedImage: [.href, .alt, .width, .height]
            case .embedAudio, .embedVideo: [.href]
            case .embedFile: [.href, .text]
            case .referenceLink: [.href, .title, .text]
            }
        }

        /// The built-in theme's markup: what the compiler always wrote.
        var defaultText: String {
            switch self {
            case .quoteOpen: "<figure class=\"quote\" id=\"{{anchor}}\">\n<blockquote>"
            case .quoteClose:
                "</blockquote>\n<figcaption><a class=\"quote-time\" href=\"#{{anchor}}\">{{time}}</a>{{#audio}} <a class=\"quote-play\" "
                    + "href=\"{{audio}}#t={{seconds}}\" data-seconds=\"{{seconds}}\">Play from {{time}}</a>{{/audio}}</figcaption>\n</figure>"
            case .calloutOpen: "<aside class=\"callout callout-{{type}}\">"
            case .calloutClose: "</aside>"
            case .calloutTitleOpen: "<strong class=\"callout-title\">"
            case .calloutTitleClose: "</strong>"
            case .foldingCalloutOpen: "<details class=\"callout callout-{{type}}\"{{#open}} open{{/open}}>"
            case .foldingCalloutClose: "</details>"
            case .foldingCalloutTitleOpen: "<summary class=\"callout-title\">"
            case .foldingCalloutTitleClose: "</summary>"
            case .embedImage: "<img src=\"{{href}}\" alt=\"{{alt}}\"{{#width}} width=\"{{width}}\"{{/width}}{{#height}} height=\"{{height}}\"{{/height}} />"
            case .embedAudio: "<audio controls src=\"{{href}}\"></audio>"
            case .embedVideo: "<video controls src=\"{{href}}\"></video>"
            case .embedFile: "<a href=\"{{href}}\">{{text}}</a>"
            case .referenceLink: "<a class=\"see\" href=\"{{href}}\">{{text}}</a>"
            }
        }
    }

    /// Each piece's template, in the order of `Piece`.
    private var templates: [MarkupTemplate]
    /// A hash of every piece's text: part of the key of a page compiled with them.
    public private(set) var fingerprint: UInt64

    public static let `default` = MarkupTemplates()

    private init() {
        templates = Piece.allCases.map { piece in
            // (Each parses: a test reads them all. Were one not to, it would show as written.)
            (try? MarkupTemplate(parsing: piece.defaultText, holes: piece.holes))
                ?? MarkupTemplate(literal: piece.defaultText)
        }
        fingerprint = 0
        fingerprint = hashTemplates()
    }

    public subscript(piece: Piece) -> MarkupTemplate {
        templates[piece.rawValue]
    }

    /// Makes `text` the piece's markup; it may name only the holes the piece has.
    public mutating func set(_ piece: Piece, to text: String) throws(MarkupTemplateError) {
        templates[piece.rawValue] = try MarkupTemplate(parsing: text, holes: piece.holes)
        fingerprint = hashTemplates()
    }

    /// Makes the text of a theme's file the piece's markup: the file's final line break, which
    /// editors add, is not part of it.
    public mutating func set(_ piece: Piece, fileText: String) throws(MarkupTemplateError) {
        let ended = fileText.hasSuffix("\n") || fileText.hasSuffix("\r\n")
        try set(piece, to: ended ? String(fileText.dropLast()) : fileText)
    }

    private func hashTemplates() -> UInt64 {
        var hasher = StableHasher(seed: 0x4D41_524B)
        for template in templates { hasher.combine(template.text) }
        return hasher.finalize()
    }
}
