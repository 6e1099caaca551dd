/// The form in which titles are compared: case folded, runs of white space made one space,
/// and curly quotes made straight, so `[see: “Why  it matters”]` finds "Why it matters".
public enum TitleKey {
    public static func normalize(_ title: String) -> String {
        if title.isASCIIText { return normalizeASCII(title) }
        var out = ""
        out.reserveCapacity(title.utf8.count)
        var pendingSpace = false
        for scalar in title.lowercased().unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(" ") }
            pendingSpace = false
            switch scalar {
            case "\u{201C}", "\u{201D}", "\u{201E}", "\u{201F}", "\u{00AB}", "\u{00BB}":
                out.append("\"")
            case "\u{2018}", "\u{2019}", "\u{201A}", "\u{201B}":
                out.append("'")
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The same form for ASCII text, byte by byte: the linker normalizes every reference, and
    /// nearly all titles are ASCII.
    private static func normalizeASCII(_ title: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(title.utf8.count)
        var pendingSpace = false
        for byte in title.utf8 {
            // The ASCII characters with Unicode's White_Space property: tab to carriage return, space.
            if byte == UInt8(ascii: " ") || (byte >= 0x09 && byte <= 0x0D) {
                pendingSpace = !bytes.isEmpty
                continue
            }
            if pendingSpace { bytes.append(UInt8(ascii: " ")) }
            pendingSpace = false
            bytes.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
