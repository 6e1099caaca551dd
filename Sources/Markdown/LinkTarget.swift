/// The parts of a link destination as written in Markdown.
public enum LinkTarget {
    /// `https:`, `mailto:`, `javascript:` …: a URL with a scheme, never a file of the course.
    public static func hasScheme(_ destination: String) -> Bool {
        guard let colon = destination.firstIndex(of: ":") else { return false }
        let scheme = destination[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter else { return false }
        return scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }
    }

    /// The destination without its `#fragment` and `?query`.
    public static func pathPart(of destination: String) -> String {
        let end = destination.firstIndex(where: { $0 == "#" || $0 == "?" }) ?? destination.endIndex
        return String(destination[..<end])
    }

    /// The `#fragment`, percent-decoded, or nil when there is none.
    public static func fragment(of destination: String) -> String? {
        guard let hash = destination.firstIndex(of: "#") else { return nil }
        return percentDecoded(String(destination[destination.index(after: hash)...]))
    }

    public static func percentDecoded(_ text: String) -> String {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%"), utf8.count >= 2,
               let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
