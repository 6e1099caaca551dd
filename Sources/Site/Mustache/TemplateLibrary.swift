import Markdown

/// The parsed templates of a theme, by name (`lesson`, `partials/toc`), and rendering.
struct TemplateLibrary: Sendable {
    private let templates: [String: [TemplateNode]]
    /// The UTF-8 of all text nodes of all templates.
    private let text: [UInt8]

    /// Parses every template and checks that each partial and parent it names exists.
    /// `sources` maps a template's name to the path it was read from (for errors) and its text.
    init(sources: [String: (path: String, text: String)]) throws(TemplateError) {
        var templates: [String: [TemplateNode]] = [:]
        var text: [UInt8] = []
        var references: [(path: String, name: String, line: Int, column: Int)] = []
        for (name, source) in sources.sorted(by: { $0.value.path < $1.value.path }) {
            let parsed = try TemplateParser.parse(source.text, path: source.path, textStore: &text)
            templates[name] = parsed.nodes
            references += parsed.references.map { (source.path, $0.name, $0.line, $0.column) }
        }
        for reference in references where templates[reference.name] == nil {
            throw TemplateError(path: reference.path, line: reference.line, column: reference.column,
                                message: "there is no template '\(reference.name)' (\(reference.name).mustache) in the theme")
        }
        self.templates = templates
        self.text = text
    }

    /// Whether every tag of every template that names `key` (as `key` or `….key`) shows it
    /// unescaped and none is a section over it: then a page's value for it appears in the
    /// output exactly as given, the only way quick rebuilds can find and replace a body.
    func showsOnlyUnescaped(_ key: String) -> Bool {
        func names(_ name: TemplateName) -> Bool {
            switch name.lookup {
            case .current: return false
            case .innermost(let keys): return keys.last?.name == key
            case .searchStack(let first, let rest): return (rest.last ?? first).name == key
            }
        }
        func allow(_ nodes: [TemplateNode]) -> Bool {
            nodes.allSatisfy { node in
                switch node {
                case .text, .partial, .escaping: return true
                case .variable(let name, let escaped): return !(escaped && names(name))
                case .section(let name, let body, _): return !names(name) && allow(body)
                case .parent(_, _, let overrides): return overrides.values.allSatisfy(allow)
                case .block(_, let body, _): return allow(body)
                }
            }
        }
        return templates.values.allSatisfy(allow)
    }

    /// Renders the template `name` with `context` as the outermost value, as UTF-8; nothing
    /// when there is no such template. Bytes, not a `String`: the page goes to the verifier and
    /// the file as bytes, and making it a `String` would check all of it as UTF-8 again.
    func render(_ name: String, context: TemplateObject) -> [UInt8] {
        guard let nodes = templates[name] else { return [] }
        return text.withUnsafeBufferPointer { text in
            var renderer = TemplateRenderer(templates: templates, text: text, context: context)
            renderer.render(nodes, TemplateRenderer.Frame())
            return renderer.output
        }
    }
}

/// One rendering: the output buffer and the context stack, both reused for the whole page.
/// The output is UTF-8 bytes: appending to a byte array costs a copy, where appending to a
/// `String` also re-checks what was appended.
private struct TemplateRenderer {
    let templates: [String: [TemplateNode]]
    /// The library's text, valid while this renderer is.
    let text: UnsafeBufferPointer<UInt8>
    var output: [UInt8] = []
    /// Innermost last: the context, then each section value entered.
    var stack: [TemplateValue]

    init(templates: [String: [TemplateNode]], text: UnsafeBufferPointer<UInt8>, context: TemplateObject) {
        self.templates = templates
        self.text = text
        stack = [.object(context)]
        stack.reserveCapacity(8)
        output.reserveCapacity(32 * 1024)
    }

    /// What a template, partial or block body inherits from where it is rendered.
    struct Frame {
        /// Written before each line of output after the first (partials and blocks that stand
        /// alone on an indented line).
        var indentation: String?
        /// Block overrides of the parents being rendered; the outermost one wins.
        var overrides: [String: [TemplateNode]] = [:]
        var escapesHTML = true
    }

    /// Renders a list of nodes. With an indentation, each node whose output starts a new line
    /// is indented; a line break that came before this list (from an outer one) does not
    /// count, as in swift-mustache, where the outer list indents its first line.
    mutating func render(_ nodes: [TemplateNode], _ frame: Frame) {
        var frame = frame
        guard let indentation = frame.indentation, !indentation.isEmpty else {
            for node in nodes { render(node, &frame) }
            return
        }
        let start = output.count
        let indentationBytes = Array(indentation.utf8)
        for node in nodes {
            guard endsWithLineFeed(since: start) else {
                render(node, &frame)
                continue
            }
            // Indent first, and take it back if the node wrote nothing: cheaper than moving
            // the node's output to make room.
            output += indentationBytes
            let indented = output.count
            render(node, &frame)
            if output.count == indented { output.removeLast(indentationBytes.count) }
        }
    }

    /// Whether what was written since `start` ends with `\n` as a character of its own, so a
    /// `\r\n` line break does not count (swift-mustache compares the last `Character`).
    private func endsWithLineFeed(since start: Int) -> Bool {
        guard output.count > start, output.last == UInt8(ascii: "\n") else { return false }
        return output.count - start < 2 || output[output.count - 2] != UInt8(ascii: "\r")
    }

    private mutating func write(_ text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ output.append(contentsOf: $0) }) == nil {
            output.append(contentsOf: text.utf8)
        }
    }

    // Inlined into the loop over a list's nodes: called, it makes the caller retain and
    // release each node around the call (the callee might change what holds it).
    @inline(__always)
    private mutating func render(_ node: TemplateNode, _ frame: inout Frame) {
        switch node {
        case .text(let range):
            output.append(contentsOf: UnsafeBufferPointer(rebasing: text[range]))
        case .variable(let name, let escaped):
            switch value(of: name) {
            case .string(let text)?:
                if escaped, frame.escapesHTML { Escape.appendHTML(text, to: &output) } else { write(text) }
            case .int(let number)?:
                write(String(number))
            case .bool(let flag)?:
                write(flag ? "true" : "false")
            case .list?, .object?, .link?, nil:
                // swift-mustache printed a Swift description here, whose key order changes
                // between runs; nothing is the only stable choice.
                break
            }
        case .section(let name, let body, let inverted):
            let value = value(of: name)
            if inverted {
                renderInverted(body, value, frame)
            } else {
                renderSection(body, value, frame)
            }
        case .partial(let name, let indentation):
            guard let nodes = template(name) else { return }
            render(nodes, Frame(indentation: Self.indentation(frame.indentation, adding: indentation),
                                overrides: frame.overrides, escapesHTML: true))
        case .parent(let name, let indentation, let overrides):
            guard let nodes = template(name) else { return }
            render(nodes, Frame(indentation: Self.indentation(frame.indentation, adding: indentation),
                                overrides: frame.overrides.merging(overrides) { outer, _ in outer }, escapesHTML: true))
        case .block(let name, let defaultBody, let indentation):
            render(frame.overrides[name] ?? defaultBody,
                   Frame(indentation: Self.indentation(frame.indentation, adding: indentation),
                         overrides: frame.overrides, escapesHTML: frame.escapesHTML))
        case .escaping(let escapes):
            frame.escapesHTML = escapes
        }
    }

    private static func indentation(_ outer: String?, adding inner: String?) -> String? {
        guard let inner else { return outer }
        return (outer ?? "") + inner
    }

    /// A list renders the body once per item; `true` once; any other value (even "" or 0) once
    /// with the value entered; `false`, an empty list or no value not at all.
    private mutating func renderSection(_ body: [TemplateNode], _ value: TemplateValue?, _ frame: Frame) {
        switch value {
        case nil, .bool(false)?:
            break
        case .bool(true)?:
            render(body, frame)
        case .list(let items)?:
            for item in items { renderEntering(item, body, frame) }
        case let value?:
            renderEntering(value, body, frame)
        }
    }

    /// The body renders for no value, `false` or an empty list (which is entered, as
    /// swift-mustache does).
    private mutating func renderInverted(_ body: [TemplateNode], _ value: TemplateValue?, _ frame: Frame) {
        switch value {
        case nil, .bool(false)?:
            render(body, frame)
        case .list(let items)? where items.isEmpty:
            renderEntering(.list(items), body, frame)
        default:
            break
        }
    }

    /// Takes the value: the copy a section's loop made moves onto the stack, not copied again.
    private mutating func renderEntering(_ value: consuming TemplateValue, _ body: [TemplateNode], _ frame: Frame) {
        stack.append(value)
        render(body, frame)
        stack.removeLast()
    }

    private func template(_ name: PartialName) -> [TemplateNode]? {
        switch name {
        case .fixed(let fixed):
            return templates[fixed]
        case .dynamic(let variable):
            guard case .string(let chosen)? = value(of: variable) else { return nil }
            return templates[chosen]
        }
    }

    // Inlined where each variable and section looks its name up: fewer retains and releases
    // around a call.
    @inline(__always)
    private func value(of name: TemplateName) -> TemplateValue? {
        switch name.lookup {
        case .current:
            return stack.last
        case .innermost(let parts):
            return Self.descend(from: stack.last, through: parts[...])
        case .searchStack(let first, let rest):
            for level in stack.indices.reversed() {
                if let found = stack[level].member(first) {
                    return Self.descend(from: found, through: rest[...])
                }
            }
            return nil
        }
    }

    private static func descend(from value: TemplateValue?, through parts: ArraySlice<TemplateKey>) -> TemplateValue? {
        var value = value
        for part in parts {
            value = value?.member(part)
        }
        return value
    }
}
