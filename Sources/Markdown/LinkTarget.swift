/// The parts of a link destination as written in Markdown.
public enum LinkTarget {
    /// The endings of the files that are pages: Markdown, and MDX read as Markdown.
    public static let pageSuffixes = [".md", ".markdown", ".mdx"]

    /// `https:`, `mailto:`, `javascript:` …: a URL with a scheme, never a file of the course.
    public static func hasScheme(_ destination: String) -> Bool {
        // In ASCII text every byte is a character, so bytes give the same answer faster.
        if destination.isASCIIText {
            // On the contiguous bytes: every link of every page is asked this, here and in the
            // graph, and stepping through the UTF-8 view costs several times as much.
            var destination = destination
            return destination.withUTF8 { utf8 in
                guard let colon = utf8.firstIndex(of: UInt8(ascii: ":")), let first = utf8.first, isASCIILetter(first) else { return false }
                return utf8[..<colon].allSatisfy { isASCIILetter($0) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
                    || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
            }
        }
        guard let colon = destination.firstIndex(of: ":") else { return false }
        let scheme = destination[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter else { return false }
        return scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }
    }

    /// The destination without its `#fragment` and `?query`.
    public static func pathPart(of destination: String) -> String {
        if destination.isASCIIText {
            var destination = destination
            return destination.withUTF8 { utf8 in
                let end = utf8.firstIndex(where: { $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "?") }) ?? utf8.count
                return end == utf8.count ? nil : String(decoding: UnsafeBufferPointer(rebasing: utf8[..<end]), as: UTF8.self)
            } ?? destination
        }
        let end = destination.firstIndex(where: { $0 == "#" || $0 == "?" }) ?? destination.endIndex
        return String(destination[..<end])
    }

    /// The `?query` (with its `?`) before any `#fragment`, as written; nil when there is none.
    public static func query(of destination: String) -> Substring? {
        // Every link to a page is asked; almost none has a query.
        guard destination.containsUTF8Byte(UInt8(ascii: "?")),
              let mark = destination.utf8.firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }),
              destination.utf8[mark] == UInt8(ascii: "?") else { return nil }
        let end = destination.utf8[mark...].firstIndex(of: UInt8(ascii: "#")) ?? destination.endIndex
        return destination[mark..<end]
    }

    /// The `#fragment`, percent-decoded, or nil when there is none.
    public static func fragment(of destination: String) -> String? {
        if destination.isASCIIText {
            var destination = destination
            let fragment = destination.withUTF8 { utf8 in
                utf8.firstIndex(of: UInt8(ascii: "#")).map { String(decoding: UnsafeBufferPointer(rebasing: utf8[($0 + 1)...]), as: UTF8.self) }
            }
            return fragment.map(percentDecoded)
        }
        guard let hash = destination.firstIndex(of: "#") else { return nil }
        return percentDecoded(String(destination[destination.index(after: hash)...]))
    }

    /// `/assets/a.png` as seen from a page `depth` folders below the site's root
    /// (`../assets/a.png` from one), so the site opens from disk and under any sub-path; nil
    /// for any other destination (relative, `//host`, with a scheme).
    public static func fromSiteRoot(_ destination: String, depth: Int) -> String? {
        guard destination.utf8.first == UInt8(ascii: "/"), !destination.hasPrefix("//") else { return nil }
        let relative = String(repeating: "../", count: depth) + destination.dropFirst()
        return relative.isEmpty || relative.hasPrefix("#") || relative.hasPrefix("?") ? "./" + relative : relative
    }

    /// A relative link to a folder (`docs/`, `../`, `.`) as a link to its `index.html`, which is
    /// what a folder opens as on a server; opened from disk, a link to a folder shows its files.
    /// Nil for any other destination.
    public static func folderIndex(_ destination: String) -> String? {
        guard !hasScheme(destination), !destination.hasPrefix("//") else { return nil }
        let path = destination[..<pathEnd(of: destination)]
        guard path.hasSuffix("/") || path == "." || path == ".." || path.hasSuffix("/.") || path.hasSuffix("/..") else { return nil }
        return openingIndex(destination)
    }

    /// `destination`, a folder's path, as its `index.html`, keeping any `?query` and `#fragment`
    /// (`docs?x#y` → `docs/index.html?x#y`).
    public static func openingIndex(_ destination: String) -> String {
        let end = pathEnd(of: destination)
        return destination[..<end] + (destination[..<end].hasSuffix("/") ? "" : "/") + "index.html" + destination[end...]
    }

    /// Where the path of `destination` ends: at its `?` or `#`, or at its end.
    private static func pathEnd(of destination: String) -> String.Index {
        destination.firstIndex { $0 == "?" || $0 == "#" } ?? destination.endIndex
    }

    public static func percentDecoded(_ text: String) -> String {
        guard text.containsUTF8Byte(UInt8(ascii: "%")) else { return text }
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

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }
}
