import CGumbo

/// One piece of raw HTML (a cmark HTML block or inline tag) parsed by gumbo, an HTML5 parser
/// that builds the tree a browser builds, and written again from that tree with only what
/// `HTMLAllowList` keeps: names in lower case, attributes quoted and escaped, text escaped.
///
/// A page's raw HTML comes in pieces (`<kbd>` and `</kbd>` are two inlines, `<details>` and
/// `</details>` two blocks), so a piece is parsed after the elements earlier pieces left open
/// (`open`): gumbo is handed `<details>` + the piece, and the tree says what the piece did to
/// them. An element of that prefix whose end tag the piece wrote (gumbo's parse flags carry no
/// `GUMBO_INSERTION_IMPLICIT_END_TAG`; its `original_end_tag` is no guide, as gumbo records
/// there the tag that ended it, `</div>` for a `<p>` it implied closed) is closed here; one
/// still open when the input ends (gumbo ended it at the end of the input, with no end tag)
/// stays open. An end tag that closes nothing the prefix or the piece opened is one the parser
/// ignores, as a browser does, so it leaves no trace in the tree and none in the output:
/// content cannot close the theme's own elements (`</main>`), since they are never in the
/// prefix. (Gumbo's list of parse errors would name such tags too, but its error type is not in
/// its public header.)
struct HTMLSanitizer {
    /// What was left out, at its offset in the piece.
    struct Removal: Equatable {
        enum What: Hashable {
            case element(String)
            case attribute(String)
            case url(scheme: String)
            case tooDeep
        }
        var what: What
        var offset: Int
    }

    /// A kept `<a href>` or `<img src>`: the links of raw HTML are the page's links, checked
    /// and rewritten as Markdown's are.
    struct URL {
        var value: String
        var isImage: Bool
        /// An image's `alt`.
        var text: String
        /// Where the value is written in the piece, and where it stands in `html` (escaped).
        var offset: Int
        var output: Range<Int>
    }

    struct Result {
        /// The piece as kept (empty when nothing is).
        var html: [UInt8] = []
        var urls: [URL] = []
        /// The elements open after the piece, outermost first: those of `open` it left open,
        /// then its own.
        var open: [String] = []
        /// The `id` and `name` values of kept elements.
        var anchors: [String] = []
        /// An element whose content goes (`<script>`) that the piece leaves open: in a
        /// paragraph, what follows up to its end tag goes with it.
        var droppingUntilEndOf: String?
        var removals: [Removal] = []
    }

    /// Gumbo's time and memory grow with the square of the depth of nesting (10,000 nested
    /// `<div>`s: 1.2 s and 790 MB; 20,000 crash it on a 512 KB thread stack), and with the length
    /// otherwise only linearly. A piece whose tags may nest deeper is left out whole; a page
    /// keeps at most `maximumOpen` elements open across pieces, and a piece's elements beyond
    /// them are closed at its end.
    static let maximumDepth = 1000
    static let maximumOpen = 16

    /// Sanitizes `piece` after the elements `open`; an `id` among `reservedIDs` (the theme's
    /// own elements') goes. With `keepingEverything` (unsafe_html) only its anchors are read,
    /// from every element.
    static func sanitize(_ piece: UnsafeBufferPointer<UInt8>, after open: [String], reservedIDs: [String] = [],
                         keepingEverything: Bool = false) -> Result {
        var result = Result()
        guard !exceedsDepth(piece) else {
            result.removals.append(Removal(what: .tooDeep, offset: 0))
            result.open = open
            return result
        }
        var input: [UInt8] = []
        input.reserveCapacity(piece.count + open.count * 8)
        for name in open {
            input.append(UInt8(ascii: "<"))
            input.append(contentsOf: name.utf8)
            input.append(UInt8(ascii: ">"))
        }
        let prefixLength = input.count
        input.append(contentsOf: piece)
        input.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                var options = kGumboDefaultOptions
                options.fragment_context = GUMBO_TAG_DIV
                options.fragment_namespace = GUMBO_NAMESPACE_HTML
                guard let base = chars.baseAddress, let output = gumbo_parse_with_options(&options, base, chars.count) else {
                    result.open = open
                    return
                }
                defer { gumbo_destroy_output(&options, output) }
                var writer = Writer(base: base, length: chars.count, prefixLength: prefixLength, reservedIDs: reservedIDs,
                                    keepingEverything: keepingEverything)
                writer.markPrefix(of: output.pointee.root, count: open.count)
                writer.write(children: output.pointee.root)
                result.html = writer.html
                result.open = Array(writer.leftOpen.reversed().prefix(maximumOpen))
                if writer.leftOpen.count > maximumOpen {
                    for name in writer.leftOpen.reversed().dropFirst(maximumOpen).reversed() {
                        result.html.append(contentsOf: "</\(name)>".utf8)
                    }
                }
                result.anchors = writer.anchors
                result.droppingUntilEndOf = writer.droppingUntilEndOf
                result.urls = writer.urls
                result.removals = writer.removals
            }
        }
        return result
    }

    /// Whether the piece's start tags, less its end tags, could nest deeper than
    /// `maximumDepth` (void elements do not nest; implied ends are not seen, so this errs
    /// towards deeper).
    static func exceedsDepth(_ piece: UnsafeBufferPointer<UInt8>) -> Bool {
        guard piece.count > maximumDepth * 3 else { return false }
        var depth = 0
        var index = 0
        while index + 1 < piece.count {
            defer { index += 1 }
            guard piece[index] == UInt8(ascii: "<") else { continue }
            if piece[index + 1] == UInt8(ascii: "/") {
                depth = max(0, depth - 1)
                continue
            }
            var end = index + 1
            while end < piece.count, end - index <= 8, isASCIILetterOrDigit(piece[end]) { end += 1 }
            guard end > index + 1 else { continue }
            let name = String(decoding: UnsafeBufferPointer(rebasing: piece[(index + 1)..<end]), as: UTF8.self).lowercased()
            if HTMLAllowList.void.contains(name) { continue }
            depth += 1
            if depth > maximumDepth { return true }
        }
        return false
    }

    private static func isASCIILetterOrDigit(_ byte: UInt8) -> Bool {
        ((byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}

/// Writes gumbo's tree of one piece as kept HTML; iterative, so no depth reaches Swift's stack.
private struct Writer {
    let base: UnsafePointer<CChar>
    let length: Int
    let prefixLength: Int
    let reservedIDs: [String]
    let keepingEverything: Bool
    var html: [UInt8] = []
    /// Kept elements open at the end of the input, innermost first.
    var leftOpen: [String] = []
    var anchors: [String] = []
    var urls: [HTMLSanitizer.URL] = []
    var removals: [HTMLSanitizer.Removal] = []
    var droppingUntilEndOf: String?
    /// How many kept `<ul>` and `<ol>` enclose the node being written.
    var openLists = 0
    /// The elements standing for `open`, whose start tags earlier pieces wrote.
    var prefix: Set<UnsafeMutablePointer<GumboNode>> = []

    init(base: UnsafePointer<CChar>, length: Int, prefixLength: Int, reservedIDs: [String], keepingEverything: Bool) {
        self.base = base
        self.length = length
        self.prefixLength = prefixLength
        self.reservedIDs = reservedIDs
        self.keepingEverything = keepingEverything
        html.reserveCapacity(length + 16)
    }

    /// The chain of first elements whose start tags are the prefix's.
    mutating func markPrefix(of root: UnsafeMutablePointer<GumboNode>, count: Int) {
        var node = root
        for _ in 0..<count {
            // (Not always the first child: the piece's own nodes can be moved before it, as
            // an `<img>` written in a `<table>` is.)
            guard let child = Self.children(of: node).first(where: { child in
                guard child.pointee.type == GUMBO_NODE_ELEMENT, let tag = child.pointee.v.element.original_tag.data else { return false }
                return tag - base < prefixLength
                    && child.pointee.parse_flags.rawValue & GUMBO_INSERTION_RECONSTRUCTED_FORMATTING_ELEMENT.rawValue == 0
            }) else { return }
            prefix.insert(child)
            node = child
        }
    }

    static func children(of node: UnsafeMutablePointer<GumboNode>) -> [UnsafeMutablePointer<GumboNode>] {
        let vector = node.pointee.v.element.children
        guard let data = vector.data else { return [] }
        return (0..<Int(vector.length)).compactMap { data[$0]?.assumingMemoryBound(to: GumboNode.self) }
    }

    private enum Step {
        case enter(UnsafeMutablePointer<GumboNode>)
        case exit(name: String, node: UnsafeMutablePointer<GumboNode>)
    }

    mutating func write(children root: UnsafeMutablePointer<GumboNode>) {
        var steps: [Step] = Self.children(of: root).reversed().map { .enter($0) }
        while let step = steps.popLast() {
            switch step {
            case .enter(let node):
                switch node.pointee.type {
                case GUMBO_NODE_ELEMENT, GUMBO_NODE_TEMPLATE:
                    let name = Self.name(of: node)
                    let kept = enter(node, name: name)
                    guard kept != .dropped else { continue }
                    if kept == .kept, name == "ul" || name == "ol" { openLists += 1 }
                    if kept == .kept, !HTMLAllowList.void.contains(name) || prefix.contains(node) {
                        steps.append(.exit(name: name, node: node))
                    }
                    let children = Self.children(of: node)
                    if kept == .kept, name == "pre" || name == "listing", let first = children.first,
                       first.pointee.type == GUMBO_NODE_TEXT || first.pointee.type == GUMBO_NODE_WHITESPACE,
                       first.pointee.v.text.text?.pointee == CChar(UInt8(ascii: "\n")) {
                        // The parser drops a line break right after `<pre>`: one written
                        // there keeps the text's own.
                        html.append(UInt8(ascii: "\n"))
                    }
                    steps.append(contentsOf: children.reversed().map { .enter($0) })
                case GUMBO_NODE_TEXT, GUMBO_NODE_WHITESPACE, GUMBO_NODE_CDATA:
                    if let text = node.pointee.v.text.text { Escape.appendHTML(String(cString: text), to: &html) }
                default:
                    // Comments go without a word, as they did unparsed.
                    continue
                }
            case .exit(let name, let node):
                if name == "ul" || name == "ol" { openLists -= 1 }
                if isLeftOpen(node) {
                    leftOpen.append(name)
                } else {
                    html.append(contentsOf: "</".utf8)
                    html.append(contentsOf: name.utf8)
                    html.append(UInt8(ascii: ">"))
                }
            }
        }
    }

    private enum Kept { case kept, unwrapped, dropped }

    /// Writes the start tag of a kept element, notes what goes.
    private mutating func enter(_ node: UnsafeMutablePointer<GumboNode>, name: String) -> Kept {
        let element = node.pointee.v.element
        let offset = element.original_tag.data.map { max(0, $0 - base - prefixLength) } ?? 0
        if prefix.contains(node) { return .kept }
        let inHTML = element.tag_namespace == GUMBO_NAMESPACE_HTML
        if !keepingEverything {
            if HTMLAllowList.droppedWithContent.contains(name) || !inHTML {
                removals.append(.init(what: .element(name), offset: offset))
                if inHTML, isLeftOpen(node) { droppingUntilEndOf = name }
                return .dropped
            }
            // GitHub's rule: an `<li>` outside `<ul>` or `<ol>` would end the list item the
            // compiler wrote around it.
            if !HTMLAllowList.elements.contains(name) || (name == "li" && openLists == 0) {
                // Written by the parser (an `<html>` or `<tbody>` it implies) is no removal.
                if element.original_tag.length > 0 { removals.append(.init(what: .element(name), offset: offset)) }
                return .unwrapped
            }
        }
        html.append(UInt8(ascii: "<"))
        html.append(contentsOf: name.utf8)
        let attributes = element.attributes
        for index in 0..<Int(attributes.length) {
            guard let attribute = attributes.data[index]?.assumingMemoryBound(to: GumboAttribute.self),
                  let namePointer = attribute.pointee.name, let valuePointer = attribute.pointee.value else { continue }
            let attributeName = String(cString: namePointer)
            let value = String(cString: valuePointer)
            let attributeOffset = attribute.pointee.original_name.data.map { max(0, $0 - base - prefixLength) } ?? offset
            if keepingEverything {
                if (attributeName == "id" || attributeName == "name"), !value.isEmpty { anchors.append(value) }
                continue
            }
            // An id the theme gives its own element (`syllabus-main`) would take its place.
            guard HTMLAllowList.allows(attributeName, on: name), attributeName != "id" || !reservedIDs.contains(value) else {
                removals.append(.init(what: .attribute(attributeName), offset: attributeOffset))
                continue
            }
            if HTMLAllowList.isURL(attributeName) {
                let check = HTMLAllowList.allowsURL(value, of: attributeName, on: name)
                guard check.allowed else {
                    removals.append(.init(what: .url(scheme: check.scheme ?? ""), offset: attributeOffset))
                    continue
                }
            }
            if (attributeName == "id" || attributeName == "name"), !value.isEmpty { anchors.append(value) }
            html.append(UInt8(ascii: " "))
            html.append(contentsOf: attributeName.utf8)
            html.append(contentsOf: "=\"".utf8)
            let start = html.count
            Escape.appendHTML(value, to: &html)
            if (name == "a" && attributeName == "href") || (name == "img" && attributeName == "src") {
                // (Gumbo's original value holds its quotes.)
                let original = attribute.pointee.original_value
                let quoted = original.length > 0 && (original.data.pointee == CChar(UInt8(ascii: "\"")) || original.data.pointee == CChar(UInt8(ascii: "'")))
                let valueOffset = original.data.map { max(0, $0 - base - prefixLength) + (quoted ? 1 : 0) } ?? attributeOffset
                urls.append(.init(value: value, isImage: name == "img", text: name == "img" ? Self.attribute("alt", of: element) : "",
                                  offset: valueOffset, output: start..<html.count))
            }
            html.append(UInt8(ascii: "\""))
        }
        html.append(UInt8(ascii: ">"))
        return .kept
    }

    static func attribute(_ wanted: String, of element: GumboElement) -> String {
        for index in 0..<Int(element.attributes.length) {
            guard let attribute = element.attributes.data[index]?.assumingMemoryBound(to: GumboAttribute.self),
                  let name = attribute.pointee.name, String(cString: name) == wanted, let value = attribute.pointee.value else { continue }
            return String(cString: value)
        }
        return ""
    }

    /// Open at the end of the input: ended by the parser (no end tag written) where the input
    /// ends, not by a later tag that implies its end.
    private func isLeftOpen(_ node: UnsafeMutablePointer<GumboNode>) -> Bool {
        let element = node.pointee.v.element
        return node.pointee.parse_flags.rawValue & GUMBO_INSERTION_IMPLICIT_END_TAG.rawValue != 0
            && element.original_end_tag.length == 0 && Int(element.end_pos.offset) >= length
    }

    static func name(of node: UnsafeMutablePointer<GumboNode>) -> String {
        let element = node.pointee.v.element
        if element.tag != GUMBO_TAG_UNKNOWN, let known = gumbo_normalized_tagname(element.tag) {
            return String(cString: known)
        }
        var piece = element.original_tag
        gumbo_tag_from_original_text(&piece)
        guard let data = piece.data else { return "" }
        return data.withMemoryRebound(to: UInt8.self, capacity: piece.length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: piece.length), as: UTF8.self).lowercased()
        }
    }
}
