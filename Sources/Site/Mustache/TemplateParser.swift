/// A template that did not parse, or names a template the theme does not have.
struct TemplateError: Error, Sendable, CustomStringConvertible {
    var path: String
    var line: Int
    var column: Int
    var message: String

    var description: String { "\(path):\(line):\(column): error: \(message)" }
}

/// A parsed template and the partial and parent names it uses, so the theme can check at load
/// that each of them exists.
struct ParsedTemplate: Sendable {
    var nodes: [TemplateNode]
    var references: [(name: String, line: Int, column: Int)]
}

/// Parses Mustache text into nodes.
///
/// This follows swift-mustache's parser step by step, not only the Mustache spec, because the
/// themes were written against it and the site must render byte for byte as before. Its
/// whitespace rules differ from the spec in places, all kept here:
/// - a tag stands alone when it is alone on its line *and* the tag before it on that line
///   (if any) stood alone; after a section closes, the next line counts as fresh only when
///   the section's *opening* tag stood alone;
/// - the whitespace before a standalone partial, parent or block is kept and also becomes the
///   indentation of what it renders; before a standalone section it is dropped;
/// - inside a block given to a parent, the first line's indentation is taken off every line;
/// - a last line of only spaces and tabs, with no line break after it, is dropped.
/// Like swift-mustache it works on `Character`s, so `\r\n` is one line break.
struct TemplateParser {
    private let characters: [Character]
    private var position = 0
    private var references: [(name: String, offset: Int)] = []
    /// The UTF-8 of every text node, shared by the templates of a library.
    private var textStore: [UInt8]

    private init(_ text: String, textStore: [UInt8]) {
        characters = Array(text)
        self.textStore = textStore
    }

    /// Parses `text`, appending the text of its nodes to `textStore`; errors carry `path` and
    /// the line and column where the problem is.
    static func parse(_ text: String, path: String, textStore: inout [UInt8]) throws(TemplateError) -> ParsedTemplate {
        var parser = TemplateParser(text, textStore: textStore)
        textStore = []
        defer { swap(&textStore, &parser.textStore) }
        do {
            let body = try parser.parseBody(State())
            return ParsedTemplate(nodes: body.nodes, references: parser.references.map { reference in
                let (line, column) = parser.lineAndColumn(of: reference.offset)
                return (reference.name, line, column)
            })
        } catch {
            let (line, column) = parser.lineAndColumn(of: error.offset)
            throw TemplateError(path: path, line: line, column: column, message: error.message)
        }
    }

    private struct SyntaxError: Error {
        var offset: Int
        var message: String
    }

    /// What the parser knows while it reads one section, block or parent body.
    private struct State {
        /// The tag this body belongs to ("section 'a'"), its name and where it was opened.
        var open: (kind: String, name: String, offset: Int)?
        /// Only whitespace so far on this line (swift-mustache's `newLine`).
        var atLineStart = true
        /// Inside a block given to a parent, where the first line's indentation is removed.
        var inOverride = false
        var overrideIndentation: Int?
        /// Directly inside `{{<parent}}`: `{{$name}}` defines an override here.
        var blocksAreOverrides = false
        /// Directly inside `{{<parent}}`, where only blocks and text may be.
        var isParentBody = false
        var opening: [Character] = ["{", "{"]
        var closing: [Character] = ["}", "}"]

        func entering(_ kind: String, _ name: String, at offset: Int, atLineStart: Bool) -> State {
            var state = self
            state.open = (kind, name, offset)
            state.blocksAreOverrides = false
            state.isParentBody = false
            state.atLineStart = atLineStart
            return state
        }

        func enteringParent(_ name: String, at offset: Int) -> State {
            var state = self
            state.open = ("parent", name, offset)
            state.atLineStart = true
            state.inOverride = true
            state.blocksAreOverrides = true
            state.isParentBody = true
            return state
        }

        var closingText: String { String(closing) }
    }

    private struct Body {
        var nodes: [TemplateNode] = []
        var overrides: [String: [TemplateNode]] = [:]
    }

    private var atEnd: Bool { position >= characters.count }

    private mutating func parseBody(_ initial: State) throws(SyntaxError) -> Body {
        var body = Body()
        var state = initial
        var whitespaceBefore = ""
        while !atEnd {
            if state.atLineStart {
                let whitespace = readSpacesAndTabs()
                if state.inOverride, !state.blocksAreOverrides {
                    if let indentation = state.overrideIndentation {
                        whitespaceBefore = String(whitespace.dropFirst(indentation))
                    } else {
                        state.overrideIndentation = whitespace.count
                    }
                } else {
                    whitespaceBefore = whitespace
                }
            }
            let text = readTextUntilTagOrLineBreak(state)
            if !atEnd, characters[position].isNewline {
                body.nodes.append(textNode(whitespaceBefore + text + String(characters[position])))
                state.atLineStart = true
                position += 1
                continue
            }
            if !text.isEmpty {
                body.nodes.append(textNode(whitespaceBefore + text))
                whitespaceBefore = ""
                state.atLineStart = false
            }
            if atEnd { break }

            // The opening delimiter has just been read.
            let tagStart = position - state.opening.count
            let nodeCount = body.nodes.count
            var nextLineIsFresh = false
            switch characters[position] {
            case "#", "^":
                let inverted = characters[position] == "^"
                position += 1
                let name = try readName(state, tagStart: tagStart)
                if isStandalone(state) {
                    nextLineIsFresh = true
                } else if !whitespaceBefore.isEmpty {
                    body.nodes.append(textNode(whitespaceBefore))
                    whitespaceBefore = ""
                }
                let section = try parseBody(state.entering(inverted ? "inverted section" : "section", name, at: tagStart,
                                                           atLineStart: nextLineIsFresh))
                body.nodes.append(.section(TemplateName(name), body: section.nodes, inverted: inverted))

            case "/":
                position += 1
                let name = try readName(state, tagStart: tagStart)
                guard let open = state.open else {
                    throw SyntaxError(offset: tagStart, message: "'\(name)' is closed here but was never opened")
                }
                guard name == open.name else {
                    let (line, column) = lineAndColumn(of: open.offset)
                    throw SyntaxError(offset: tagStart, message: "expected the \(open.kind) '\(open.name)' (opened at \(line):\(column)) to close here, not '\(name)'")
                }
                if !isStandalone(state), !whitespaceBefore.isEmpty {
                    body.nodes.append(textNode(whitespaceBefore))
                }
                return body

            case "!":
                position += 1
                try skipComment(state, tagStart: tagStart)
                nextLineIsFresh = isStandalone(state)

            case "{":
                flush(&whitespaceBefore, into: &body)
                position += 1
                let name = try readName(state, tagStart: tagStart)
                guard !atEnd, characters[position] == "}" else {
                    throw SyntaxError(offset: tagStart, message: "'{{{\(name)' is closed with '\(state.closingText)' instead of '}\(state.closingText)'")
                }
                position += 1
                body.nodes.append(.variable(TemplateName(name), escaped: false))

            case "&":
                flush(&whitespaceBefore, into: &body)
                position += 1
                let name = try readName(state, tagStart: tagStart)
                body.nodes.append(.variable(TemplateName(name), escaped: false))

            case ">":
                position += 1
                skipWhitespace()
                let dynamic = !atEnd && characters[position] == "*"
                if dynamic { position += 1 }
                let name = try readPartialName(state, tagStart: tagStart)
                let partial = dynamic ? PartialName.dynamic(TemplateName(name)) : .fixed(name)
                if !dynamic { references.append((name, tagStart)) }
                if !whitespaceBefore.isEmpty { body.nodes.append(textNode(whitespaceBefore)) }
                if isStandalone(state) {
                    nextLineIsFresh = true
                    body.nodes.append(.partial(partial, indentation: whitespaceBefore))
                } else {
                    body.nodes.append(.partial(partial, indentation: nil))
                }
                whitespaceBefore = ""

            case "<":
                position += 1
                skipWhitespace()
                let fullName = try readPartialName(state, tagStart: tagStart)
                let parent: PartialName
                if fullName.first == "*" {
                    parent = .dynamic(TemplateName(String(fullName.dropFirst())))
                } else {
                    parent = .fixed(fullName)
                    references.append((fullName, tagStart))
                }
                if !whitespaceBefore.isEmpty { body.nodes.append(textNode(whitespaceBefore)) }
                if isStandalone(state) { nextLineIsFresh = true }
                let parentBody = try parseBody(state.enteringParent(fullName, at: tagStart))
                body.nodes.append(.parent(parent, indentation: whitespaceBefore, overrides: parentBody.overrides))
                whitespaceBefore = ""

            case "$":
                position += 1
                let name = try readName(state, tagStart: tagStart)
                if state.blocksAreOverrides {
                    nextLineIsFresh = isStandalone(state)
                    let block = try parseBody(state.entering("block", name, at: tagStart, atLineStart: nextLineIsFresh))
                    body.overrides[name] = block.nodes
                } else {
                    if !whitespaceBefore.isEmpty { body.nodes.append(textNode(whitespaceBefore)) }
                    nextLineIsFresh = isStandalone(state)
                    let block = try parseBody(state.entering("block", name, at: tagStart, atLineStart: nextLineIsFresh))
                    body.nodes.append(.block(name, defaultBody: block.nodes, indentation: whitespaceBefore))
                    whitespaceBefore = ""
                }

            case "=":
                position += 1
                try readDelimiters(&state, tagStart: tagStart)
                nextLineIsFresh = isStandalone(state)

            case "%":
                position += 1
                body.nodes.append(try readPragma(state, tagStart: tagStart))
                nextLineIsFresh = isStandalone(state)

            default:
                flush(&whitespaceBefore, into: &body)
                let name = try readName(state, tagStart: tagStart)
                body.nodes.append(.variable(TemplateName(name), escaped: true))
            }
            if state.isParentBody, body.nodes[nodeCount...].contains(where: { if case .text = $0 { false } else { true } }) {
                throw SyntaxError(offset: tagStart, message: "only blocks ({{$name}}…{{/name}}) may be inside '{{<\(state.open?.name ?? "")}}'")
            }
            state.atLineStart = nextLineIsFresh
        }
        if let open = state.open {
            throw SyntaxError(offset: open.offset, message: "\(open.kind) '\(open.name)' is never closed")
        }
        return body
    }

    private mutating func textNode(_ text: String) -> TemplateNode {
        let start = textStore.count
        textStore += text.utf8
        return .text(start..<textStore.count)
    }

    /// The whitespace before a tag that does not stand alone is text.
    private mutating func flush(_ whitespace: inout String, into body: inout Body) {
        guard !whitespace.isEmpty else { return }
        body.nodes.append(textNode(whitespace))
        whitespace = ""
    }

    // MARK: - Reading

    private mutating func readSpacesAndTabs() -> String {
        let start = position
        while !atEnd, characters[position] == " " || characters[position] == "\t" { position += 1 }
        return String(characters[start..<position])
    }

    private mutating func skipWhitespace() {
        while !atEnd, characters[position].isWhitespace { position += 1 }
    }

    private func starts(with delimiter: [Character], at offset: Int) -> Bool {
        offset + delimiter.count <= characters.count && characters[offset..<offset + delimiter.count].elementsEqual(delimiter)
    }

    /// Reads text up to a line break (left unread) or a tag (its opening delimiter is read).
    private mutating func readTextUntilTagOrLineBreak(_ state: State) -> String {
        var text = ""
        let delimiterStart = state.opening[0]
        while !atEnd {
            let start = position
            while !atEnd, characters[position] != "\n", characters[position] != "\r\n", characters[position] != delimiterStart {
                position += 1
            }
            text += String(characters[start..<position])
            if atEnd || characters[position].isNewline { break }
            if starts(with: state.opening, at: position) {
                position += state.opening.count
                break
            }
            text.append(delimiterStart)
            position += 1
        }
        return text
    }

    /// Consumes the rest of the line when only spaces are left on it, as a standalone tag does.
    private mutating func isStandalone(_ state: State) -> Bool {
        guard state.atLineStart else { return false }
        if atEnd { return true }
        var end = position
        while end < characters.count, characters[end] == " " || characters[end] == "\t" { end += 1 }
        guard end < characters.count, characters[end].isNewline else { return false }
        position = end + 1
        return true
    }

    private static let nameCharacters = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*")

    private mutating func readName(_ state: State, tagStart: Int) throws(SyntaxError) -> String {
        let name = try readTagContent(state, tagStart: tagStart, allowed: Self.nameCharacters.union("()"))
        if name.contains("(") || name.contains(")") {
            throw SyntaxError(offset: tagStart, message: "'\(name)' calls a transform; this theme engine has no transforms")
        }
        return name
    }

    private mutating func readPartialName(_ state: State, tagStart: Int) throws(SyntaxError) -> String {
        let name = try readTagContent(state, tagStart: tagStart, allowed: Self.nameCharacters.union("()/"))
        guard !name.isEmpty else { throw SyntaxError(offset: tagStart, message: "this tag names no template") }
        return name
    }

    /// Reads a name made of `allowed` characters, surrounded by optional whitespace, and the
    /// closing delimiter after it.
    private mutating func readTagContent(_ state: State, tagStart: Int, allowed: Set<Character>) throws(SyntaxError) -> String {
        skipWhitespace()
        let start = position
        while !atEnd, allowed.contains(characters[position]) { position += 1 }
        let name = String(characters[start..<position])
        skipWhitespace()
        guard starts(with: state.closing, at: position) else {
            if atEnd {
                throw SyntaxError(offset: tagStart, message: "this tag is never closed with '\(state.closingText)'")
            }
            throw SyntaxError(offset: position, message: "unexpected '\(characters[position])' in a tag: a name has only letters, digits and . - _ ? *")
        }
        position += state.closing.count
        return name
    }

    /// Skips a comment and its closing delimiter. Matches the delimiter as swift-mustache does,
    /// without backtracking after a partial match.
    private mutating func skipComment(_ state: State, tagStart: Int) throws(SyntaxError) {
        var matched = 0
        while !atEnd {
            if characters[position] == state.closing[matched] {
                matched += 1
                if matched == state.closing.count {
                    position += 1
                    return
                }
            } else {
                matched = 0
            }
            position += 1
        }
        throw SyntaxError(offset: tagStart, message: "this comment is never closed with '\(state.closingText)'")
    }

    /// `{{=<% %>=}}`: new opening and closing delimiters for the rest of this section.
    private mutating func readDelimiters(_ state: inout State, tagStart: Int) throws(SyntaxError) {
        let invalid = SyntaxError(offset: tagStart, message: "a delimiter change is written {{=<% %>=}}: two delimiters without spaces, then '=' and the current closing delimiter")
        skipWhitespace()
        let opening = readUntil { $0.isWhitespace }
        skipWhitespace()
        let closing = readUntil { $0 == "=" || $0.isWhitespace }
        skipWhitespace()
        guard !atEnd, characters[position] == "=" else { throw invalid }
        position += 1
        guard starts(with: state.closing, at: position), !opening.isEmpty, !closing.isEmpty else { throw invalid }
        position += state.closing.count
        state.opening = opening
        state.closing = closing
        // swift-mustache forgets here that it is directly inside a parent.
        state.blocksAreOverrides = false
    }

    private mutating func readUntil(_ isEnd: (Character) -> Bool) -> [Character] {
        let start = position
        while !atEnd, !isEnd(characters[position]) { position += 1 }
        return atEnd ? [] : Array(characters[start..<position])
    }

    /// `{{% CONTENT_TYPE: TEXT }}` or `HTML`, the one pragma swift-mustache knows.
    private mutating func readPragma(_ state: State, tagStart: Int) throws(SyntaxError) -> TemplateNode {
        skipWhitespace()
        let variable = readWhile(Self.nameCharacters)
        skipWhitespace()
        let hasColon = !atEnd && characters[position] == ":"
        if hasColon { position += 1 }
        skipWhitespace()
        let value = readWhile(Self.nameCharacters)
        skipWhitespace()
        guard hasColon, variable == "CONTENT_TYPE", value == "TEXT" || value == "HTML", starts(with: state.closing, at: position) else {
            throw SyntaxError(offset: tagStart, message: "the only pragmas are {{% CONTENT_TYPE: TEXT }} and {{% CONTENT_TYPE: HTML }}")
        }
        position += state.closing.count
        return .escaping(value == "HTML")
    }

    private mutating func readWhile(_ allowed: Set<Character>) -> String {
        let start = position
        while !atEnd, allowed.contains(characters[position]) { position += 1 }
        return String(characters[start..<position])
    }

    /// 1-based line and column (in characters) of an offset.
    private func lineAndColumn(of offset: Int) -> (line: Int, column: Int) {
        var line = 1, lineStart = 0
        for index in 0..<min(offset, characters.count) where characters[index].isNewline {
            line += 1
            lineStart = index + 1
        }
        return (line, offset - lineStart + 1)
    }
}
