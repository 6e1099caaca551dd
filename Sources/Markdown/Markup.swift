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

    private mutating func append(_ pieces: [Piece]) {
        for piece in pieces {
            switch piece {
            case .text(let text): bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
            case .string(let text): bytes.append(contentsOf: text.utf8)
            case .number(let number): bytes.append(contentsOf: String(number).utf8)
            case .html(let text): Escape.appendHTML(text, to: &bytes)
            case .href(let url): Escape.appendHref(url, to: &bytes)
            case .placeholder(let part, let slot): Placeholder.append(part, slot: slot, to: &bytes)
            }
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
