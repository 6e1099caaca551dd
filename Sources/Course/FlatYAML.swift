/// Reads the YAML nearly all front matter is written in, without Yams: `key: value` lines at the
/// left margin whose values are one-line plain or quoted texts, `[a, b]` lists or `- item` lists.
/// It makes exactly the value Yams would make, many times faster. Anything else (comments,
/// anchors, tags, escapes, multi-line or block texts, tabs, nested mappings, a repeated key,
/// anything in doubt) gives nil: Yams reads that, and explains what is wrong with it.
enum FlatYAML {
    static func parse(_ text: String) -> YAMLValue? {
        guard hasOnlySimpleCharacters(text) else { return nil }
        var reader = FlatYAMLReader(bytes: Array(text.utf8))
        return reader.document()
    }

    /// No tab, control character, byte order mark, line separator or character outside the
    /// Basic Multilingual Plane: where libyaml treats a character specially, Yams decides.
    static func hasOnlySimpleCharacters(_ text: String) -> Bool {
        var hasNonASCII = false
        for byte in text.utf8 {
            if byte >= 0x80 { hasNonASCII = true } else if (byte < 0x20 && byte != UInt8(ascii: "\n")) || byte == 0x7F { return false }
        }
        guard hasNonASCII else { return true }
        return text.unicodeScalars.allSatisfy { scalar in
            switch scalar.value {
            case 0...0x7F: true
            case 0xA0...0xD7FF: scalar.value != 0x2028 && scalar.value != 0x2029
            case 0xE000...0xFFFD: scalar.value != 0xFEFF
            default: false
            }
        }
    }
}

private struct FlatYAMLReader {
    let bytes: [UInt8]
    /// Byte ranges of the lines, without their line breaks.
    let lines: [Range<Int>]
    var lineIndex = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
        var lines: [Range<Int>] = []
        var start = 0
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            lines.append(start..<offset)
            start = offset + 1
        }
        if start < bytes.count { lines.append(start..<bytes.count) }
        self.lines = lines
    }

    static let maximumKeys = 64

    mutating func document() -> YAMLValue? {
        var pairs: [YAMLValue.YAMLPair] = []
        while lineIndex < lines.count {
            if isBlank(lines[lineIndex]) {
                lineIndex += 1
                continue
            }
            // A repeated key is an error that Yams reports. The keys are compared one by one
            // (front matter has a handful; comparing short keys costs less than hashing them),
            // so a mapping of more than `maximumKeys` is left to Yams.
            guard pairs.count < Self.maximumKeys, let pair = keyLine(), let key = pair.key,
                  !pairs.contains(where: { $0.key == key }) else { return nil }
            pairs.append(pair)
        }
        guard let first = pairs.first else { return nil }
        return .mapping(pairs, mark: first.keyMark)
    }

    /// `key: value` at the left margin, with a `- item` list below when the value is empty.
    mutating func keyLine() -> YAMLValue.YAMLPair? {
        let line = lines[lineIndex], lineNumber = lineIndex + 1
        var index = line.lowerBound
        guard index < line.upperBound, Self.isKeyStart(bytes[index]) else { return nil }
        while index < line.upperBound, Self.isKeyStart(bytes[index]) || Self.isDigit(bytes[index]) || bytes[index] == UInt8(ascii: "-") {
            index += 1
        }
        guard index < line.upperBound, bytes[index] == UInt8(ascii: ":"), index - line.lowerBound <= 100 else { return nil }
        let key = String(decoding: bytes[line.lowerBound..<index], as: UTF8.self)
        let keyMark = YAMLMark(line: lineNumber, column: 1)
        index += 1
        let afterColon = index
        guard index == line.upperBound || bytes[index] == UInt8(ascii: " ") else { return nil }
        index = skipSpaces(from: index, in: line)
        lineIndex += 1
        guard index < line.upperBound else {
            switch blockList() {
            case .list(let list): return YAMLValue.YAMLPair(key: key, keyMark: keyMark, value: list)
            case .notSimple: return nil
            case .none: break
            }
            // An empty value is an empty plain text where the colon ends (null to YAMLFields).
            let empty = YAMLValue.scalar(.init(string: "", isPlain: true, isImplicit: true,
                                               mark: YAMLMark(line: lineNumber, column: afterColon - line.lowerBound + 1)))
            return YAMLValue.YAMLPair(key: key, keyMark: keyMark, value: empty)
        }
        let read = bytes[index] == UInt8(ascii: "[") ? flowList(at: index, in: line, lineNumber: lineNumber)
                                                     : scalar(at: index, in: line, lineNumber: lineNumber, inFlow: false)
        guard let (value, end) = read, skipSpaces(from: end, in: line) == line.upperBound else { return nil }
        return YAMLValue.YAMLPair(key: key, keyMark: keyMark, value: value)
    }

    enum BlockList {
        case none
        case list(YAMLValue)
        case notSimple
    }

    /// `- item` lines, all indented alike, when the next line that is not blank is one.
    mutating func blockList() -> BlockList {
        var items: [YAMLValue] = []
        var listMark: YAMLMark?
        var indent: Int?
        while lineIndex < lines.count {
            let line = lines[lineIndex], lineNumber = lineIndex + 1
            if isBlank(line) {
                lineIndex += 1
                continue
            }
            let dash = skipSpaces(from: line.lowerBound, in: line)
            let isItem = bytes[dash] == UInt8(ascii: "-") && dash + 1 < line.upperBound && bytes[dash + 1] == UInt8(ascii: " ")
            guard isItem, indent == nil || indent == dash - line.lowerBound else { break }
            indent = dash - line.lowerBound
            if listMark == nil { listMark = YAMLMark(line: lineNumber, column: dash - line.lowerBound + 1) }
            let start = skipSpaces(from: dash + 1, in: line)
            guard let (item, end) = scalar(at: start, in: line, lineNumber: lineNumber, inFlow: false),
                  skipSpaces(from: end, in: line) == line.upperBound else { return .notSimple }
            items.append(item)
            lineIndex += 1
        }
        guard let listMark else { return .none }
        return .list(.sequence(items, mark: listMark))
    }

    /// `[a, "b", 'c']` on one line.
    func flowList(at start: Int, in line: Range<Int>, lineNumber: Int) -> (YAMLValue, end: Int)? {
        let mark = YAMLMark(line: lineNumber, column: column(of: start, in: line))
        var index = skipSpaces(from: start + 1, in: line)
        if index < line.upperBound, bytes[index] == UInt8(ascii: "]") { return (.sequence([], mark: mark), index + 1) }
        var items: [YAMLValue] = []
        while true {
            index = skipSpaces(from: index, in: line)
            guard let (item, end) = scalar(at: index, in: line, lineNumber: lineNumber, inFlow: true) else { return nil }
            items.append(item)
            index = skipSpaces(from: end, in: line)
            guard index < line.upperBound else { return nil }
            if bytes[index] == UInt8(ascii: "]") { return (.sequence(items, mark: mark), index + 1) }
            guard bytes[index] == UInt8(ascii: ",") else { return nil }
            index += 1
        }
    }

    /// A quoted text, or a plain one up to the end of the line (in a list, up to `,` or `]`),
    /// and where it ends.
    func scalar(at start: Int, in line: Range<Int>, lineNumber: Int, inFlow: Bool) -> (YAMLValue, end: Int)? {
        guard start < line.upperBound else { return nil }
        let mark = YAMLMark(line: lineNumber, column: column(of: start, in: line))
        let quote = bytes[start]
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            var content: [UInt8] = []
            var index = start + 1
            while true {
                guard index < line.upperBound else { return nil }
                let byte = bytes[index]
                if quote == UInt8(ascii: "\""), byte == UInt8(ascii: "\\") { return nil }
                if byte == quote {
                    // In single quotes, '' is one quote.
                    guard quote == UInt8(ascii: "'"), index + 1 < line.upperBound, bytes[index + 1] == quote else { break }
                    index += 1
                }
                content.append(byte)
                index += 1
            }
            let text = String(decoding: content, as: UTF8.self)
            return (.scalar(.init(string: text, isPlain: false, isImplicit: false, mark: mark)), index + 1)
        }
        guard !Self.isIndicator(quote) else { return nil }
        var end = start
        while end < line.upperBound {
            let byte = bytes[end]
            if inFlow {
                if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") { break }
                if Self.isNotSimpleInFlow(byte) { return nil }
            }
            if byte == UInt8(ascii: ":"), end + 1 == line.upperBound || bytes[end + 1] == UInt8(ascii: " ") { return nil }
            if byte == UInt8(ascii: "#"), bytes[end - 1] == UInt8(ascii: " ") { return nil }
            end += 1
        }
        var last = end
        while last > start, bytes[last - 1] == UInt8(ascii: " ") { last -= 1 }
        let text = String(decoding: bytes[start..<last], as: UTF8.self)
        return (.scalar(.init(string: text, isPlain: true, isImplicit: true, mark: mark)), end)
    }

    func isBlank(_ line: Range<Int>) -> Bool {
        bytes[line].allSatisfy { $0 == UInt8(ascii: " ") }
    }

    func skipSpaces(from start: Int, in line: Range<Int>) -> Int {
        var index = start
        while index < line.upperBound, bytes[index] == UInt8(ascii: " ") { index += 1 }
        return index
    }

    /// libyaml counts columns in characters: the bytes that start one.
    func column(of offset: Int, in line: Range<Int>) -> Int {
        bytes[line.lowerBound..<offset].reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
    }

    static func isKeyStart(_ byte: UInt8) -> Bool {
        ((byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_")
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// Characters that give a plain text another meaning when they start it.
    static func isIndicator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"),
             UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"),
             UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"),
             UInt8(ascii: "`"): true
        default: false
        }
    }

    /// Characters a plain text in a `[…]` list is read with Yams for: nesting, `key: value`, comments.
    static func isNotSimpleInFlow(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "#")
    }
}
