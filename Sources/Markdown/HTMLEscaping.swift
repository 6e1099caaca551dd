import CSystem

/// Escaping for the places author text lands in generated markup.
public enum Escape {
    /// For HTML text and double- or single-quoted attribute values.
    public static func html(_ text: String) -> String {
        let plain = text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.baseAddress.map { syllabus_first_html_special($0, bytes.count) == bytes.count } ?? true
        } ?? !text.utf8.contains(where: { htmlReplacement($0) != nil })
        guard !plain else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        appendHTML(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `html(text)` appended to a UTF-8 buffer, without a string in between: templates escape
    /// every value of every page this way. Runs between the five characters are copied whole
    /// (found as vector code, in C).
    public static func appendHTML(_ text: String, to out: inout [UInt8]) {
        let copied: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            guard let base = bytes.baseAddress else { return }
            var runStart = 0
            while runStart < bytes.count {
                let special = runStart + syllabus_first_html_special(base + runStart, bytes.count - runStart)
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<special]))
                guard special < bytes.count, let replacement = htmlReplacement(bytes[special]) else { break }
                out.append(contentsOf: replacement.utf8)
                runStart = special + 1
            }
        }
        if copied == nil {
            for byte in text.utf8 {
                if let replacement = htmlReplacement(byte) { out.append(contentsOf: replacement.utf8) } else { out.append(byte) }
            }
        }
    }

    private static func htmlReplacement(_ byte: UInt8) -> String? {
        switch byte {
        case UInt8(ascii: "&"): "&amp;"
        case UInt8(ascii: "<"): "&lt;"
        case UInt8(ascii: ">"): "&gt;"
        case UInt8(ascii: "\""): "&quot;"
        case UInt8(ascii: "'"): "&#39;"
        default: nil
        }
    }

    /// For XML text and attributes (Atom, sitemap): the same five characters.
    public static func xml(_ text: String) -> String { html(text) }

    /// Percent-encodes what may not stand in an href (spaces, non-ASCII, quotes), keeping the
    /// characters that give a URL its structure.
    public static func href(_ url: String) -> String {
        var out: [UInt8] = []
        appendHref(url, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Percent-encodes what may not stand in a URL (spaces, non-ASCII, quotes) as `href` does,
    /// but leaves `&` for the markup's own escaping: for URLs that templates, the feed, the
    /// sitemap and the search index escape as text. A folder named `my notes` is a path with a
    /// space, and a URL with one is not valid in an href or a sitemap.
    public static func url(_ url: String) -> String {
        let plain = url.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.baseAddress.map { syllabus_href_safe_prefix($0, bytes.count) == bytes.count } ?? true
        }
        if plain == true { return url }
        var out: [UInt8] = []
        out.reserveCapacity(url.utf8.count + 16)
        for byte in url.utf8 {
            if byte == UInt8(ascii: "&") { out.append(byte) } else { appendHref(byte: byte, to: &out) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `href(url)` appended to a UTF-8 buffer: every link of every page goes through here.
    /// Runs of bytes that stay as they are are copied whole (found in C).
    public static func appendHref(_ url: String, to out: inout [UInt8]) {
        out.reserveCapacity(out.count + url.utf8.count)
        let copied: Void? = url.utf8.withContiguousStorageIfAvailable { bytes in
            guard let base = bytes.baseAddress else { return }
            var index = 0
            while index < bytes.count {
                let safe = syllabus_href_safe_prefix(base + index, bytes.count - index)
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<(index + safe)]))
                index += safe
                guard index < bytes.count else { break }
                appendHref(byte: bytes[index], to: &out)
                index += 1
            }
        }
        if copied == nil {
            for byte in url.utf8 { appendHref(byte: byte, to: &out) }
        }
    }

    /// One byte of an href: kept, `&amp;`, or percent-encoded.
    private static func appendHref(byte: UInt8, to out: inout [UInt8]) {
        let hexDigits: StaticString = "0123456789ABCDEF"
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"),
             // The punctuation that gives a URL its structure: - _ . ~ ! * ( ) ; : @ = + $ , / ? # [ ] %
             // (syllabus_href_safe_prefix keeps the same bytes).
             0x2D, 0x5F, 0x2E, 0x7E, 0x21, 0x2A, 0x28, 0x29, 0x3B, 0x3A, 0x40, 0x3D, 0x2B, 0x24, 0x2C, 0x2F,
             0x3F, 0x23, 0x5B, 0x5D, 0x25:
            out.append(byte)
        case UInt8(ascii: "&"):
            out += "&amp;".utf8
        default:
            out.append(UInt8(ascii: "%"))
            out.append(hexDigits.utf8Start[Int(byte >> 4)])
            out.append(hexDigits.utf8Start[Int(byte & 15)])
        }
    }
}
