import CCmark

/// The markup of a node the compiler makes (a heading's tag, a quote's figure, a link), written
/// as UTF-8 bytes and handed to cmark as one C string: interpolating Strings and converting
/// them for C cost several allocations per node, and every heading, quote, reference and link
/// of a page has one.
struct Markup {
    enum Piece {
        case text(StaticString)
        case string(String)
        case number(Int)
        /// Escaped for HTML text or a quoted attribute.
        case html(String)
        /// Escaped for an href.
        case href(String)
        /// The placeholder of a slot's href or title (see `Placeholder`).
        case placeholder(Placeholder.Part, slot: Int)
    }

    private var bytes: [UInt8] = []

    init(_ pieces: Piece...) {
        bytes.reserveCapacity(128)
        append(pieces)
    }

    mutating func append(_ pieces: Piece...) {
        append(pieces)
    }

    /// The template with its holes filled from `values` (a hole without a value is left
    /// empty, and a section on it out).
    init(_ template: borrowing MarkupTemplate, _ values: borrowing MarkupValues) {
        bytes.reserveCapacity(template.literals.count + 64)
        var index = 0
        let parts = template.parts
        while index < parts.count {
            switch parts[index] {
            case .literal(let run):
                template.literals.withUnsafeBufferPointer { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[run])) }
            case .hole(let hole):
                if let piece = values[hole] { append(piece) }
            case .section(let hole, let end):
                if values[hole] == nil {
                    index = end
                    continue
                }
            }
            index += 1
        }
    }

    /// `markup` where slot `slot` is resolved, else `otherwise` (see `Placeholder.Part`).
    static func ifResolved(_ slot: Int, _ markup: Markup, otherwise: Piece? = nil) -> Markup {
        var section = Markup(.placeholder(.ifResolved, slot: slot))
        section.bytes += markup.bytes
        section.append(.placeholder(.otherwise, slot: slot))
        if let otherwise { section.append(otherwise) }
        section.append(.placeholder(.end, slot: slot))
        return section
    }

    private mutating func append(_ pieces: [Piece]) {
        for piece in pieces { append(piece) }
    }

    private mutating func append(_ piece: Piece) {
        switch piece {
        case .text(let text): bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        case .string(let text): bytes.append(contentsOf: text.utf8)
        case .number(let number): bytes.append(contentsOf: String(number).utf8)
        case .html(let text): Escape.appendHTML(text, to: &bytes)
        case .href(let url): Escape.appendHref(url, to: &bytes)
        case .placeholder(let part, let slot): Placeholder.append(part, slot: slot, to: &bytes)
        }
    }

    /// Makes the markup `node`'s on-enter text (cmark copies it).
    mutating func setOnEnter(of node: OpaquePointer) {
        withCString { cmark_node_set_on_enter(node, $0) }
    }

    /// Makes the markup `node`'s on-exit text (cmark copies it).
    mutating func setOnExit(of node: OpaquePointer) {
        withCString { cmark_node_set_on_exit(node, $0) }
    }

    private mutating func withCString(_ body: (UnsafePointer<CChar>) -> Int32) {
        bytes.append(0)
        bytes.withUnsafeBufferPointer { buffer in
            _ = body(UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self))
        }
        bytes.removeLast()
    }
}

/// What the holes of a markup template are filled with, each escaped as it is written here.
struct MarkupValues {
    var anchor, time, seconds, audio, type, href, title, text, alt, width, height: Markup.Piece?
    /// A folding callout shown open: the `open` hole has a value, and no text.
    var isOpen = false

    subscript(hole: MarkupTemplate.Hole) -> Markup.Piece? {
        switch hole {
        case .anchor: anchor
        case .time: time
        case .seconds: seconds
        case .audio: audio
        case .type: type
        case .open: isOpen ? .text("") : nil
        case .href: href
        case .title: title
        case .text: text
        case .alt: alt
        case .width: width
        case .height: height
        }
    }
}
