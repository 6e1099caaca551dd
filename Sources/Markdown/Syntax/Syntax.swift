/// A syntax the compiler recognizes, and the bytes that can start it as an author writes it
/// (with an escape or an entity that cmark reads as the syntax's text). The compiler's
/// prefilter is made of these declarations (see `Prefilter`): a syntax that starts with a new
/// byte is looked for by declaring it here, with no change to the pass that reads the blocks.
/// (The lists of syntaxes are read from every thread that compiles: their types are shared.)
protocol Syntax: SendableMetatype {
    static var startBytes: ByteSet { get }
}

/// A syntax that may stand anywhere in a block (`[see: …]`, a link, raw HTML): the pass hands
/// it only the blocks whose source holds one of its start bytes. Most blocks hold none, and
/// their inlines are never walked.
protocol InlineSyntax: Syntax {
    /// What a page must hold for the syntax to be anywhere in it, when that is more than one
    /// of its start bytes (`{{` for a template tag, `:::` for an admonition): a page without
    /// it is not looked at for the syntax again.
    static var pageMarker: PageMarker? { get }
}

extension InlineSyntax {
    static var pageMarker: PageMarker? { nil }
}

/// A syntax that opens a block (a quote's `12:30 –`, a callout's `[!`, an `import`): the pass
/// hands it only the blocks whose first byte is one of its start bytes.
protocol LeadingSyntax: Syntax {}

/// A short run of bytes a page is searched for once, before its blocks are read: a first
/// byte, then one of each following set (`{` then `{` or `%`).
struct PageMarker: Sendable {
    var first: UInt8
    var following: [ByteSet]

    init(_ first: UInt8, then following: ByteSet...) {
        self.first = first
        self.following = following
    }

    /// Whether `bytes` (what follows a `first` byte) start with the following sets' bytes.
    func isFollowed(by bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard bytes.count >= following.count else { return false }
        var index = bytes.startIndex
        for set in following {
            guard set.contains(bytes[index]) else { return false }
            index += 1
        }
        return true
    }
}
