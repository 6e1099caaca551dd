import CCmark

/// GFM's extended autolinks, as cmark-gfm finds them in text: `www.` and a domain (linked as
/// `http://www.…`), `http://`, `https://` or `ftp://` and a domain, and e-mail addresses
/// (linked as `mailto:`), with GFM's rules for where one ends (trailing punctuation, an
/// unmatched `)`, an entity-like `&name;`, a `<`). They are looked for in a block's text
/// nodes, never in code, links, raw HTML or an image's description, and become cmark's own
/// links: the pass reads them as external links, as if written `<…>`.
enum BareURLs: InlineSyntax {
    static let startBytes: ByteSet = ":"
    static let pageMarker: PageMarker? = PageMarker(UInt8(ascii: ":"), then: "/", "/")
}

/// `www.example.org`: looked for on pages that hold `www.`.
enum BareWWWLinks: InlineSyntax {
    static let startBytes: ByteSet = "w"
    static let pageMarker: PageMarker? = PageMarker(UInt8(ascii: "w"), then: "w", "w", ".")
}

/// `name@example.org`.
enum BareEmailLinks: InlineSyntax {
    static let startBytes: ByteSet = "@"
}

extension BareURLs {
    /// A link found in a text node's bytes: where it is and its destination.
    struct Found {
        var range: Range<Int>
        var url: String
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
    }

    static func isAlpha(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
    }

    /// Whether a link may start after `byte`: white space or one of `*_~(`.
    static func mayFollow(_ byte: UInt8) -> Bool {
        isSpace(byte) || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~") || byte == UInt8(ascii: "(")
    }

    /// cmark-gfm's valid domain from `start`: its end, or nil. The first byte is taken as it
    /// is; then host characters (not white space, not ASCII punctuation), `-`, `_` and `.`;
    /// no `_` in the last two segments, and (but after a scheme) one `.` at least.
    static func domainEnd(_ text: UnsafeBufferPointer<UInt8>, from start: Int, allowShort: Bool) -> Int? {
        guard start < text.count else { return nil }
        var index = start + 1, dots = 0, underscores1 = 0, underscores2 = 0
        while index < text.count - 1 {
            let byte = text[index]
            if byte == UInt8(ascii: "_") {
                underscores2 += 1
            } else if byte == UInt8(ascii: ".") {
                underscores1 = underscores2
                underscores2 = 0
                dots += 1
            } else if byte != UInt8(ascii: "-"), isSpace(byte) || (byte < 0x80 && Strikethrough.isASCIIPunctuation(byte)) {
                break
            }
            index += 1
        }
        if underscores1 > 0 || underscores2 > 0 { return nil }
        if !allowShort, dots == 0 { return nil }
        return index
    }

    /// Where `domainEnd`'s scan from `start` stops, whether the domain is valid or not.
    static func domainScanEnd(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start + 1
        while index < text.count - 1 {
            let byte = text[index]
            if byte != UInt8(ascii: "_"), byte != UInt8(ascii: "."), byte != UInt8(ascii: "-"),
               isSpace(byte) || (byte < 0x80 && Strikethrough.isASCIIPunctuation(byte)) { break }
            index += 1
        }
        return max(index, start + 1)
    }

    /// Where a link's path ends: at white space or `<`, less GFM's trailing punctuation.
    static func linkEnd(_ text: UnsafeBufferPointer<UInt8>, start: Int, from: Int) -> Int {
        var end = from
        while end < text.count, !isSpace(text[end]), text[end] != UInt8(ascii: "<") { end += 1 }
        return delimitedEnd(text, start: start, end: end)
    }

    /// cmark-gfm's `autolink_delim`.
    static func delimitedEnd(_ text: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> Int {
        var end = end, opening = 0, closing = 0
        for index in start..<end {
            if text[index] == UInt8(ascii: "<") { end = index; break }
            if text[index] == UInt8(ascii: "(") { opening += 1 } else if text[index] == UInt8(ascii: ")") { closing += 1 }
        }
        while end > start {
            switch text[end - 1] {
            case UInt8(ascii: ")"):
                if closing <= opening { return end }
                closing -= 1
                end -= 1
            case UInt8(ascii: "?"), UInt8(ascii: "!"), UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: "*"),
                 UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "'"), UInt8(ascii: "\""):
                end -= 1
            case UInt8(ascii: ";"):
                var newEnd = end - 2
                while newEnd > start, isAlpha(text[newEnd]) { newEnd -= 1 }
                if newEnd < end - 2, text[newEnd] == UInt8(ascii: "&") { end = newEnd } else { end -= 1 }
            default:
                return end
            }
        }
        return end
    }

    /// The links in one text node's bytes, in order. `atStart` says whether a `www.` link may
    /// start at its first byte (the node opens its block, follows a break or an emphasis);
    /// a link with its scheme may follow anything, as in cmark-gfm.
    static func links(in text: UnsafeBufferPointer<UInt8>, atStart: Bool) -> [Found] {
        var found: [Found] = []
        var index = 0
        /// Where the last link ended: an e-mail's name starts after it.
        var floor = 0
        func mayStart(_ at: Int) -> Bool { at == 0 ? atStart : mayFollow(text[at - 1]) }
        while index < text.count {
            let byte = text[index]
            if byte == UInt8(ascii: "w"), index + 4 <= text.count, text[index + 1] == UInt8(ascii: "w"), text[index + 2] == UInt8(ascii: "w"),
               text[index + 3] == UInt8(ascii: "."),
               mayStart(index) {
                // A domain that is not valid is passed over whole: a `www.` later in it ends where
                // it ends, and is no better (one pass over `www._www._…`).
                guard let domain = domainEnd(text, from: index, allowShort: false) else {
                    index = domainScanEnd(text, from: index)
                    continue
                }
                let end = linkEnd(text, start: index, from: domain)
                if end > index {
                    found.append(Found(range: index..<end, url: "http://" + String(decoding: UnsafeBufferPointer(rebasing: text[index..<end]), as: UTF8.self)))
                    index = end
                    floor = end
                    continue
                }
            } else if byte == UInt8(ascii: ":"), index + 3 <= text.count - 1, text[index + 1] == UInt8(ascii: "/"), text[index + 2] == UInt8(ascii: "/") {
                var schemeStart = index
                while schemeStart > floor, isAlpha(text[schemeStart - 1]) { schemeStart -= 1 }
                let scheme = String(decoding: UnsafeBufferPointer(rebasing: text[schemeStart..<index]), as: UTF8.self).lowercased()
                if scheme == "http" || scheme == "https" || scheme == "ftp",
                   let domain = domainEnd(text, from: index + 3, allowShort: true) {
                    let end = linkEnd(text, start: schemeStart, from: domain)
                    if end > index + 3 {
                        found.append(Found(range: schemeStart..<end, url: String(decoding: UnsafeBufferPointer(rebasing: text[schemeStart..<end]), as: UTF8.self)))
                        index = end
                        floor = end
                        continue
                    }
                }
            } else if byte == UInt8(ascii: "@") {
                var nameStart = index
                while nameStart > floor, isAlphanumeric(text[nameStart - 1]) || text[nameStart - 1] == UInt8(ascii: ".")
                        || text[nameStart - 1] == UInt8(ascii: "+") || text[nameStart - 1] == UInt8(ascii: "-") || text[nameStart - 1] == UInt8(ascii: "_") {
                    nameStart -= 1
                }
                if nameStart < index {
                    var end = index + 1, ats = 1, dots = 0
                    while end < text.count {
                        let c = text[end]
                        if isAlphanumeric(c) { end += 1; continue }
                        if c == UInt8(ascii: "@") {
                            // A second `@` makes no address (and the scan ends: each `@` reads
                            // at most to the next, so a run of them is read in linear time).
                            ats += 1
                            break
                        } else if c == UInt8(ascii: "."), end < text.count - 1, isAlphanumeric(text[end + 1]) {
                            dots += 1
                        } else if c != UInt8(ascii: "-"), c != UInt8(ascii: "_") {
                            break
                        }
                        end += 1
                    }
                    if end - index >= 2, ats == 1, dots > 0, isAlpha(text[end - 1]) || text[end - 1] == UInt8(ascii: ".") {
                        end = delimitedEnd(text, start: index, end: end)
                        if end > index + 1 {
                            let address = String(decoding: UnsafeBufferPointer(rebasing: text[nameStart..<end]), as: UTF8.self)
                            found.append(Found(range: nameStart..<end, url: "mailto:" + address))
                            index = end
                            floor = end
                            continue
                        }
                    }
                }
            }
            index += 1
        }
        return found
    }
}

extension Compilation {
    /// Makes the bare URLs and addresses of a block's text links. Returns whether it made one.
    mutating func linkBareURLs(in block: Node) -> Bool {
        var texts: [Node] = []
        walkInlines(of: block) { node in
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_TEXT {
                texts.append(node)
                return false
            }
            return type == CMARK_NODE_EMPH || type == CMARK_NODE_STRONG
        }
        var made = false
        for node in texts {
            guard let pointer = cmark_node_get_literal(node) else { continue }
            let text = Self.bytes(of: pointer)
            let atStart: Bool
            if let previous = cmark_node_previous(node) {
                let type = cmark_node_get_type(previous)
                atStart = Self.isLineBreak(previous) || type == CMARK_NODE_EMPH || type == CMARK_NODE_STRONG
            } else {
                atStart = true
            }
            let links = BareURLs.links(in: text, atStart: atStart)
            guard !links.isEmpty else { continue }
            made = true
            let bytes = Array(text)
            // Pieces after the node, last first: each goes right after it.
            var cursor = bytes.count
            for link in links.reversed() {
                if link.range.upperBound < cursor, let rest = newTextNode(bytes[link.range.upperBound..<cursor]) {
                    cmark_node_insert_after(node, rest)
                }
                if let anchor = newNode(CMARK_NODE_LINK), let shown = newTextNode(bytes[link.range]) {
                    cmark_node_set_url(anchor, link.url)
                    cmark_node_append_child(anchor, shown)
                    cmark_node_insert_after(node, anchor)
                }
                cursor = link.range.lowerBound
            }
            if cursor == 0 {
                cmark_node_free(node)
            } else {
                bytes.withUnsafeBufferPointer { Self.setLiteral(of: node, to: $0, prefix: cursor) }
            }
        }
        return made
    }

    func newTextNode(_ bytes: ArraySlice<UInt8>) -> Node? {
        guard let node = newNode(CMARK_NODE_TEXT) else { return nil }
        var chars = Array(bytes)
        chars.append(0)
        chars.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { _ = cmark_node_set_literal(node, $0.baseAddress!) }
        }
        return node
    }
}
