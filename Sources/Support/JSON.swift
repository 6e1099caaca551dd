/// A JSON value written with sorted keys and fixed formatting, so output is byte-identical.
public enum JSON: Sendable, Hashable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case array([JSON])
    case object([String: JSON])

    public static func string(_ value: String?) -> JSON { value.map { .string($0) } ?? .null }

    /// Compact, or indented by two spaces when `pretty`.
    public func serialized(pretty: Bool = false) -> String {
        String(decoding: serializedBytes(pretty: pretty), as: UTF8.self)
    }

    /// `serialized(pretty:)` as UTF-8, for a file.
    public func serializedBytes(pretty: Bool = false) -> [UInt8] {
        var writer = JSONWriter(pretty: pretty)
        write(into: &writer)
        return writer.bytes
    }

    /// Objects' members in the order of their keys.
    private func write(into writer: inout JSONWriter) {
        switch self {
        case .string(let value): writer.string(value)
        case .int(let value): writer.int(value)
        case .bool(let value): writer.bool(value)
        case .null: writer.null()
        case .array(let items):
            writer.openArray()
            for item in items { item.write(into: &writer) }
            writer.closeArray()
        case .object(let members):
            writer.openObject()
            for member in members.sorted(by: { $0.key < $1.key }) {
                writer.key(member.key)
                member.value.write(into: &writer)
            }
            writer.closeObject()
        }
    }

    /// A line break and `indent` levels of two spaces.
    fileprivate static func startLine(_ indent: Int, in out: inout [UInt8]) {
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * indent))
    }

    /// Escapes `<`, `>` and `&` too, so the text is safe inside an HTML `<script>`.
    fileprivate static func writeString(_ value: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        defer { out.append(UInt8(ascii: "\"")) }
        // Most strings need no escaping: copy their bytes whole, in place, rather than scalar
        // by scalar (or through `String.UTF8View`'s iterator).
        let copied = value.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard !needsEscaping(bytes) else { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if copied == true { return }
        // Bytes seen above and found to need escaping are not searched again.
        if copied == nil, !needsEscaping(value) {
            out += value.utf8
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\"".utf8
            case "\\": out += "\\\\".utf8
            case "\n": out += "\\n".utf8
            case "\r": out += "\\r".utf8
            case "\t": out += "\\t".utf8
            case "<": out += "\\u003c".utf8
            case ">": out += "\\u003e".utf8
            case "&": out += "\\u0026".utf8
            case "\u{2028}": out += "\\u2028".utf8
            case "\u{2029}": out += "\\u2029".utf8
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8
                } else {
                    out += String(scalar).utf8
                }
            }
        }
    }

    /// Whether `value` has a character `writeString` escapes: a control character, `"`, `\`,
    /// `<`, `>`, `&`, or U+2028 and U+2029 (UTF-8 E2 80 A8 and E2 80 A9).
    private static func needsEscaping(_ value: String) -> Bool {
        value.utf8.withContiguousStorageIfAvailable(needsEscaping) ?? needsEscaping(Array(value.utf8))
    }

    private static func needsEscaping(_ bytes: some Collection<UInt8>) -> Bool {
        var beforePrevious: UInt8 = 0, previous: UInt8 = 0
        for byte in bytes {
            switch byte {
            case 0..<0x20, UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"):
                return true
            case 0xA8...0xA9 where beforePrevious == 0xE2 && previous == 0x80:
                return true
            default:
                beforePrevious = previous
                previous = byte
            }
        }
        return false
    }
}

/// Writes JSON straight into bytes; `JSON.serialized` writes its trees through it. The large
/// files of the site (graph.json, the search index) use it directly, where a tree of values,
/// one dictionary per object and sorting its keys cost more than the writing: the caller then
/// gives each object's keys in sorted order.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    private let pretty: Bool
    /// How many arrays and objects are open.
    private var depth: Int
    /// Nothing was written yet in the innermost open array or object.
    private var atStart: Bool
    /// A key was just written: its value follows without a separator.
    private var afterKey = false

    /// `depth` and `atStart` let a writer continue inside a container another one opened:
    /// a run of an array's items can so be written, found and replaced alone.
    public init(pretty: Bool, depth: Int = 0, atStart: Bool = true, capacity: Int = 0) {
        self.pretty = pretty
        self.depth = depth
        self.atStart = atStart
        bytes.reserveCapacity(capacity)
    }

    /// The comma and line break before an item or a member, unless a key came just before.
    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        if !atStart { bytes.append(UInt8(ascii: ",")) }
        atStart = false
        if pretty, depth > 0 { JSON.startLine(depth, in: &bytes) }
    }

    public mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        if pretty { bytes.append(UInt8(ascii: " ")) }
        afterKey = true
    }

    /// A key that is not known when compiling (escaped like any string).
    public mutating func key(_ name: String) {
        separate()
        JSON.writeString(name, into: &bytes)
        bytes.append(UInt8(ascii: ":"))
        if pretty { bytes.append(UInt8(ascii: " ")) }
        afterKey = true
    }

    public mutating func bool(_ value: Bool) {
        separate()
        bytes += (value ? "true" : "false").utf8
    }

    public mutating func string(_ value: String) {
        separate()
        JSON.writeString(value, into: &bytes)
    }

    /// A member whose value is a string.
    public mutating func member(_ name: StaticString, _ value: String) {
        key(name)
        string(value)
    }

    public mutating func int(_ value: Int) {
        separate()
        var digits = String(value)
        digits.withUTF8 { bytes.append(contentsOf: $0) }
    }

    public mutating func null() {
        separate()
        bytes += "null".utf8
    }

    public mutating func openObject() { open(UInt8(ascii: "{")) }
    public mutating func closeObject() { close(UInt8(ascii: "}")) }
    public mutating func openArray() { open(UInt8(ascii: "[")) }
    public mutating func closeArray() { close(UInt8(ascii: "]")) }

    private mutating func open(_ bracket: UInt8) {
        separate()
        bytes.append(bracket)
        depth += 1
        atStart = true
    }

    /// An empty container closes on the same line (`[]`, `{}`), as `JSON` writes it.
    private mutating func close(_ bracket: UInt8) {
        depth -= 1
        if pretty, !atStart { JSON.startLine(depth, in: &bytes) }
        bytes.append(bracket)
        atStart = false
    }
}
