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
    /// (Read from the contiguous bytes and written straight into the new string's storage.)
    private static func normalizeASCII(_ title: String) -> String {
        var title = title
        return title.withUTF8 { bytes in
            String(unsafeUninitializedCapacity: bytes.count) { out in
                var count = 0
                var pendingSpace = false
                for byte in bytes {
                    // The ASCII characters with Unicode's White_Space property: tab to carriage return, space.
                    if byte == UInt8(ascii: " ") || (byte >= 0x09 && byte <= 0x0D) {
                        pendingSpace = count > 0
                        continue
                    }
                    if pendingSpace {
                        out[count] = UInt8(ascii: " ")
                        count += 1
                    }
                    pendingSpace = false
                    out[count] = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
                    count += 1
                }
                return count
            }
        }
    }
}
