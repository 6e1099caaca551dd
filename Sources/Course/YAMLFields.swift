import Yams

/// A problem in a YAML mapping, at a line of the YAML text (1-based).
struct YAMLProblem: Error, Sendable {
    var message: String
    var line: Int
    var column: Int
    var suggestion: String?
    /// Further problems found in the same pass (every unknown key is reported at once).
    var more: [YAMLProblem] = []
    /// The key the problem is about, for an unknown key.
    var key: String?
    /// Another tool's key or value that is left unread: a warning (`unknown-key`), not an error.
    var notRead = false

    /// This problem and the ones found with it.
    var all: [YAMLProblem] { [self] + more }

    /// The same problems `lines` further down (YAML read out of a page, below its fence).
    func movedDown(by lines: Int) -> YAMLProblem {
        var moved = self
        moved.line += lines
        moved.more = more.map { $0.movedDown(by: lines) }
        return moved
    }
}

/// Typed access to the keys of a YAML mapping that reports the first wrong type or unknown key
/// with its line, so front matter and course.yml read the same way.
struct YAMLFields {
    /// Keys with their values and lines, the first of a repeated key only. A linear search: the
    /// keys have passed the allowed list (`fields(of:allowedKeys:what:)`) and both YAML readers
    /// refuse a repeated key, so there are at most as many as allowed keys, a dozen or two, and
    /// comparing such short keys costs less than hashing them (every page reads its front
    /// matter through here).
    private let values: [(key: String, node: YAMLValue, line: Int)]
    /// Keys that are not allowed (left out of the fields), each reported with the key meant.
    private(set) var unknownKeys: [YAMLProblem] = []

    init(pairs: [YAMLValue.YAMLPair]) {
        var values: [(key: String, node: YAMLValue, line: Int)] = []
        values.reserveCapacity(pairs.count)
        for pair in pairs {
            if let name = pair.key, !values.contains(where: { $0.key == name }) { values.append((name, pair.value, pair.keyMark?.line ?? 1)) }
        }
        self.values = values
    }

    private func entry(_ key: String) -> (key: String, node: YAMLValue, line: Int)? {
        values.first { $0.key == key }
    }

    /// The keys present, each with its line.
    var keyLines: [(key: String, line: Int)] { values.map { ($0.key, $0.line) } }

    /// Parses `text`; an empty document is an empty mapping.
    /// Keys that are not allowed are left out and listed in `unknownKeys`, so the other keys
    /// can still be checked (`rejectingUnknown()` throws them instead).
    static func parse(_ text: String, allowedKeys: [String], what: String) throws(YAMLProblem) -> YAMLFields {
        // Most front matter is flat `key: value` lines, which FlatYAML reads many times faster.
        let node: YAMLValue?
        if let flat = FlatYAML.parse(text) { node = flat } else { node = try compose(text) }
        guard let node else { return YAMLFields(pairs: []) }
        return try fields(of: node, allowedKeys: allowedKeys, what: what)
    }

    /// `text` read by Yams, which reads any YAML and explains what is wrong with it; nil for
    /// an empty document.
    static func compose(_ text: String) throws(YAMLProblem) -> YAMLValue? {
        do {
            return try Yams.compose(yaml: text, .default, .default, .utf8).map(YAMLValue.init)
        } catch let error as YamlError {
            if case .duplicatedKeysInMapping(let duplicates, let context) = error, let key = duplicates.first,
               let line = secondLine(of: key, in: text, from: context.mark.line, indent: context.mark.column - 1) {
                // Yams marks the mapping; the place to change is the key's second line.
                throw YAMLProblem(message: "the key '\(key)' appears a second time here; keep one of them", line: line, column: context.mark.column)
            }
            throw Self.problem(from: error)
        } catch {
            throw YAMLProblem(message: "cannot read the YAML: \(error)", line: 1, column: 1)
        }
    }

    /// The line (1-based) of the second `key:` at `indent` spaces, from line `start` on.
    static func secondLine(of key: String, in text: String, from start: Int, indent: Int) -> Int? {
        var seen = 0
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where offset + 1 >= start {
            let body = line.dropFirst(indent)
            // (A list item's first key stands after its `- `.)
            guard line.prefix(indent).allSatisfy({ $0 == " " || $0 == "-" }), body.first != " " else { continue }
            let name = body.hasPrefix("\"") || body.hasPrefix("'") ? body.dropFirst() : body
            guard name.hasPrefix(key) else { continue }
            let rest = name.dropFirst(key.count).drop { $0 == "\"" || $0 == "'" || $0 == " " }
            guard rest.first == ":" else { continue }
            seen += 1
            if seen == 2 { return offset + 1 }
        }
        return nil
    }

    /// The mapping `node`, its keys outside `allowedKeys` listed in `unknownKeys`.
    static func fields(of node: YAMLValue, allowedKeys: [String], what: String) throws(YAMLProblem) -> YAMLFields {
        guard case .mapping(let pairs, _) = node else {
            throw YAMLProblem(message: "\(what) must be a mapping of `key: value` lines, not \(describe(node))",
                              line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        }
        var unknown: [YAMLProblem] = []
        for pair in pairs {
            let name = pair.key ?? ""
            guard !allowedKeys.contains(name) else { continue }
            let synonym = synonyms[name.lowercased()].flatMap { allowedKeys.contains($0) ? $0 : nil }
            // `published: false` means the opposite of `draft: false`: a plain "did you mean
            // draft?" would publish the page the author held back.
            let inverted = name.lowercased() == "published" && allowedKeys.contains("draft")
            unknown.append(YAMLProblem(message: "unknown key '\(name)' in \(what)" + (inverted ? "; `published: false` is written `draft: true` here" : ""),
                                       line: pair.keyMark?.line ?? 1, column: pair.keyMark?.column ?? 1,
                                       suggestion: inverted ? nil : synonym ?? Suggestion.closest(to: name, among: allowedKeys), key: name))
        }
        var fields = YAMLFields(pairs: unknown.isEmpty ? pairs : pairs.filter { allowedKeys.contains($0.key ?? "") })
        fields.unknownKeys = unknown
        return fields
    }

    /// These fields, or every unknown key at once as one problem.
    func rejectingUnknown() throws(YAMLProblem) -> YAMLFields {
        guard var first = unknownKeys.first else { return self }
        first.more = Array(unknownKeys.dropFirst())
        throw first
    }

    /// What Hugo, Zola and Jekyll call the keys that are spelled otherwise here.
    static let synonyms = ["description": "summary", "weight": "order", "categories": "tags", "keywords": "tags",
                           "subtitle": "summary", "excerpt": "summary", "permalink": "slug", "url": "slug",
                           "created": "date", "category": "tags", "sidebar_position": "order", "nav_order": "order",
                           "sidebar_label": "title", "nav_title": "title"]

    static func problem(from error: YamlError) -> YAMLProblem {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            // "while parsing a flow sequence" marks where the unclosed thing began: the place to look.
            if let context {
                return YAMLProblem(message: "invalid YAML: \(context.text) that starts here: \(problem)",
                                   line: context.mark.line, column: context.mark.column)
            }
            return YAMLProblem(message: "invalid YAML: \(problem)", line: mark.line, column: mark.column)
        case let .duplicatedKeysInMapping(duplicates, context):
            return YAMLProblem(message: "the key '\(duplicates.joined(separator: "', '"))' appears twice", line: context.mark.line, column: context.mark.column)
        case let .reader(problem, _, _, _):
            return YAMLProblem(message: "invalid YAML: \(problem)", line: 1, column: 1)
        default:
            return YAMLProblem(message: "invalid YAML: \(error)", line: 1, column: 1)
        }
    }

    func node(_ key: String) -> YAMLValue? {
        guard let value = entry(key)?.node else { return nil }
        if case .scalar(let scalar) = value, scalar.isImplicit, scalar.string == "" || scalar.string == "~" || scalar.string == "null" {
            return nil
        }
        return value
    }

    func line(of key: String) -> Int {
        entry(key)?.line ?? 1
    }

    private func wrongType(_ key: String, _ expected: String, _ node: YAMLValue) -> YAMLProblem {
        YAMLProblem(message: "'\(key)' must be \(expected), not \(Self.describe(node))", line: node.mark?.line ?? line(of: key),
                    column: node.mark?.column ?? 1)
    }

    static func describe(_ node: YAMLValue) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            if scalar.isPlain, Int(scalar.string) != nil { return "a number (\(scalar.string))" }
            if scalar.isPlain, ["true", "false", "yes", "no"].contains(scalar.string.lowercased()) { return "a boolean (\(scalar.string))" }
            return "the text \"\(scalar.string)\""
        }
    }

    func string(_ key: String) throws(YAMLProblem) -> String? {
        guard let node = node(key) else { return nil }
        guard case .scalar(let scalar) = node else { throw wrongType(key, "text", node) }
        return scalar.string
    }

    func int(_ key: String) throws(YAMLProblem) -> Int? {
        guard let node = node(key) else { return nil }
        guard case .scalar(let scalar) = node, let value = Int(scalar.string) else { throw wrongType(key, "a whole number", node) }
        return value
    }

    /// A number, whole or not (Docusaurus' `sidebar_position: 2.5`).
    func number(_ key: String) throws(YAMLProblem) -> Double? {
        guard let node = node(key) else { return nil }
        guard case .scalar(let scalar) = node, let value = Double(scalar.string), value.isFinite else { throw wrongType(key, "a number", node) }
        return value
    }

    func bool(_ key: String) throws(YAMLProblem) -> Bool? {
        guard let node = node(key) else { return nil }
        guard case .scalar(let scalar) = node else { throw wrongType(key, "true or false", node) }
        switch scalar.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw wrongType(key, "true or false", node)
        }
    }

    /// Where each text of the list `key` starts, and how many characters it takes as written
    /// (quotes included); empty when a mark is missing, so that items and marks stay paired.
    func itemMarks(_ key: String) -> [(mark: YAMLMark, width: Int)] {
        guard let node = node(key), case .sequence(let sequence, _) = node else { return [] }
        var marks: [(mark: YAMLMark, width: Int)] = []
        for item in sequence {
            guard case .scalar(let scalar) = item, let mark = scalar.mark else { return [] }
            marks.append((mark, scalar.string.count + (scalar.isPlain ? 0 : 2)))
        }
        return marks
    }

    /// A list of texts. A single text is not accepted unless `orOneText` (Obsidian's
    /// `aliases: Other name`), so `tags: compassion` is reported rather than silently read as
    /// one tag.
    func strings(_ key: String, orOneText: Bool = false) throws(YAMLProblem) -> [String] {
        guard let node = node(key) else { return [] }
        if orOneText, case .scalar(let scalar) = node { return [scalar.string] }
        guard case .sequence(let sequence, _) = node else { throw wrongType(key, "a list, e.g. [a, b]", node) }
        var values: [String] = []
        for item in sequence {
            guard case .scalar(let scalar) = item else { throw wrongType(key, "a list of texts", item) }
            values.append(scalar.string)
        }
        return values
    }
}
