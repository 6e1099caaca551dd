import CCmark

/// MDX `import` statements at the top of a page (Docusaurus pages open with them): code for
/// JSX components, which the site leaves out, so they are not shown.
enum MDXImports: LeadingSyntax {
    static let startBytes: ByteSet = "i"

    /// Whether the lines are ES `import` statements and nothing else: each starts `import `
    /// and ends at the line whose module name closes it (`from '…'` or `import '…'`, with or
    /// without `;`); the names between may take several lines.
    static func areStatements(_ lines: ArraySlice<UInt8>) -> Bool {
        var inStatement = false
        for rawLine in lines.split(separator: UInt8(ascii: "\n")) {
            let line = rawLine.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            var end = line.endIndex
            while end > line.startIndex, [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: ";")].contains(line[end - 1]) { end -= 1 }
            let statement = line[..<end]
            if !inStatement {
                guard statement.starts(with: "import ".utf8) else { return false }
                inStatement = true
            }
            guard let last = statement.last, last == UInt8(ascii: "'") || last == UInt8(ascii: "\"") else { continue }
            // The module's name: the quoted text at the end, after `from` or `import`.
            guard let open = statement.dropLast().lastIndex(of: last) else { return false }
            var keywordEnd = open
            while keywordEnd > statement.startIndex, statement[keywordEnd - 1] == UInt8(ascii: " ") { keywordEnd -= 1 }
            let beforeName = statement[..<keywordEnd]
            guard beforeName.suffix(4).elementsEqual("from".utf8) || beforeName.suffix(6).elementsEqual("import".utf8) else { return false }
            inStatement = false
        }
        return !inStatement
    }
}

extension Compilation {
    /// Whether the page's first block is a paragraph of import statements. (Every page's first
    /// paragraph comes here: its first text is looked at before its lines.)
    func isImportParagraph(_ paragraph: Node) -> Bool {
        guard let text = cmark_node_first_child(paragraph), let literal = cmark_node_get_literal(text) else { return false }
        return Self.bytes(of: literal).starts(with: "import ".utf8) && MDXImports.areStatements(source.bytes[blockRange(paragraph)])
    }
}
