import Course
import Linking
import Markdown
import Support

/// Hover, definition, references, symbols and links: reading the course from a position.
extension Features {
    /// A reference shows its target's title, kind, summary and how many pages point there; a
    /// reference to a quote shows the quote.
    func hover(_ params: JSON) throws(RPC.Failure) -> JSON {
        let cursor = try cursor(params)
        guard let target = target(at: cursor) else { return .null }
        let page = pages[target.page]
        var text = "**\(page.title)** · \(page.kind.rawValue) · `\(page.sourcePath)`"
        if let quote = target.quote, let found = page.body.quotes.first(where: { $0.time == quote }) {
            text += "\n\n> \(found.text)\n\n— at \(quote)"
        } else if !page.summary.isEmpty {
            text += "\n\n\(page.summary)"
        }
        let backlinks = Set(incoming(target.page).map(\.from)).count
        text += "\n\n\(backlinks) page\(backlinks == 1 ? " points" : "s point") here"
        return .object(["contents": .object(["kind": .string("markdown"), "value": .string(text)]),
                        "range": range(target.span, onPage: cursor.page ?? target.page)])
    }

    /// The page a reference names; at its quote or heading when it names one.
    func definition(_ params: JSON) throws(RPC.Failure) -> JSON {
        let cursor = try cursor(params)
        guard let target = target(at: cursor) else { return .null }
        let page = pages[target.page]
        if let quote = target.quote, let found = page.body.quotes.first(where: { $0.time == quote }) {
            return location(page: target.page, span: found.span)
        }
        if let heading = target.heading,
           let found = page.body.headings.first(where: { $0.id == heading || TitleKey.normalize($0.text) == TitleKey.normalize(heading) }) {
            return location(page: target.page, span: found.span)
        }
        return location(page: target.page, span: titleSpan(of: target.page))
    }

    /// Every place that points at the page a reference names, or at this page.
    func references(_ params: JSON) throws(RPC.Failure) -> JSON {
        let cursor = try cursor(params)
        guard let page = target(at: cursor)?.page ?? cursor.page else { return .array([]) }
        var locations = incoming(page).map { location(page: $0.from, span: $0.span) }
        if params["context"]?["includeDeclaration"]?.boolValue == true { locations.insert(location(page: page, span: titleSpan(of: page)), at: 0) }
        return .array(locations)
    }

    /// The page's title, headings (nested by level) and quotes.
    func documentSymbols(_ params: JSON) throws(RPC.Failure) -> JSON {
        let page = try self.page(of: params)
        func symbol(_ name: String, _ kind: Int, _ span: SourceSpan, detail: String? = nil, children: [JSON] = []) -> JSON {
            var members: [String: JSON] = ["name": .string(name.isEmpty ? " " : name), "kind": .int(kind),
                                           "range": range(span, onPage: page), "selectionRange": range(span, onPage: page)]
            if let detail { members["detail"] = .string(detail) }
            if !children.isEmpty { members["children"] = .array(children) }
            return .object(members)
        }
        var symbols: [JSON] = []
        if pages[page].frontMatter.keyLines["title"] != nil {
            symbols.append(symbol(pages[page].title, 1, titleSpan(of: page), detail: pages[page].kind.rawValue))
        }
        // Headings nest under the nearest heading above of a lower level.
        var stack: [(level: Int, name: String, span: SourceSpan, detail: String?, children: [JSON])] = []
        func closeLast() {
            let last = stack.removeLast()
            let made = symbol(last.name, 15, last.span, detail: last.detail, children: last.children)
            if stack.isEmpty { symbols.append(made) } else { stack[stack.count - 1].children.append(made) }
        }
        for heading in pages[page].body.headings {
            while let last = stack.last, last.level >= heading.level { _ = last; closeLast() }
            stack.append((heading.level, heading.text, heading.span, "#\(heading.id)", []))
        }
        while !stack.isEmpty { closeLast() }
        for quote in pages[page].body.quotes {
            symbols.append(symbol("@ \(quote.time) \(quote.text.prefix(60))", 24, quote.span))
        }
        return .array(symbols)
    }

    /// Whether `text` holds `query` (lowercase bytes) in any case. ASCII letters are folded as
    /// the bytes are compared, in place (Foundation's `contains` on every name was most of an
    /// answer over 1,000 pages); only a query with other letters has the text lowercased first.
    static func holds(_ text: String, lowercased query: [UInt8]) -> Bool {
        guard let first = query.first else { return true }
        let firstUpper = first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z") ? first - 32 : first
        func search(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            guard bytes.count >= query.count else { return false }
            for start in 0...(bytes.count - query.count) where bytes[start] == first || bytes[start] == firstUpper {
                var offset = 1
                while offset < query.count {
                    var other = bytes[start + offset]
                    if other >= UInt8(ascii: "A"), other <= UInt8(ascii: "Z") { other += 32 }
                    if other != query[offset] { break }
                    offset += 1
                }
                if offset == query.count { return true }
            }
            return false
        }
        var text = query.allSatisfy { $0 < 0x80 } ? text : text.lowercased()
        return text.withUTF8(search)
    }

    /// Pages by title, alias and tag, and quotes, whose name holds the query (any case).
    func workspaceSymbols(_ params: JSON) -> JSON {
        let query = Array((params["query"]?.stringValue ?? "").lowercased().utf8)
        var symbols: [JSON] = []
        // Names are matched first; a symbol's name and place are made only for those that match.
        func add(_ name: @autoclosure () -> String, matching text: String, _ kind: Int, page: Int, span: @autoclosure () -> SourceSpan,
                 container: String) {
            guard symbols.count < 1000, query.isEmpty || Self.holds(text, lowercased: query) else { return }
            symbols.append(.object(["name": .string(name()), "kind": .int(kind), "containerName": .string(container),
                                    "location": location(page: page, span: span())]))
        }
        for index in pages.indices {
            let page = pages[index]
            add(page.title, matching: page.title, 1, page: index, span: titleSpan(of: index), container: page.kind.rawValue)
            for alias in page.frontMatter.aliases {
                add(alias, matching: alias, 20, page: index, span: page.keySpan("aliases"), container: page.title)
            }
            for tag in page.frontMatter.tags { add("#" + tag, matching: "#" + tag, 14, page: index, span: page.keySpan("tags"), container: page.title) }
            for quote in page.body.quotes {
                add("@ \(quote.time) \(quote.text.prefix(60))", matching: quote.text, 24, page: index, span: quote.span, container: page.title)
            }
        }
        return .array(symbols)
    }

    /// Every reference and link of the page that found its page, as a link to that file.
    func documentLinks(_ params: JSON) throws(RPC.Failure) -> JSON {
        let page = try self.page(of: params)
        let body = pages[page].body
        var links: [JSON] = []
        for edge in graph.edges where edge.from == page {
            let span: SourceSpan
            switch edge.origin {
            case .reference(let number): span = body.references[number].span
            case .link(let number): span = body.links[number].span
            case .frontMatterOrOutline: continue
            }
            links.append(.object(["range": range(span, onPage: page),
                                  "target": .string(workspace.uri(ofRelativePath: pages[edge.to].sourcePath)),
                                  "tooltip": .string(pages[edge.to].title)]))
        }
        return .array(links)
    }
}
