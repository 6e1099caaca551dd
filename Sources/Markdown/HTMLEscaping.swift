/// Escaping for the places author text lands in generated markup.
public enum Escape {
    /// For HTML text and double- or single-quoted attribute values.
    public static func html(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 })
        else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// For XML text and attributes (Atom, sitemap): the same five characters.
    public static func xml(_ text: String) -> String { html(text) }

    /// Percent-encodes what may not stand in an href (spaces, non-ASCII, quotes), keeping the
    /// characters that give a URL its structure.
    public static func href(_ url: String) -> String {
        var out = ""
        for byte in url.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                if "-_.~!*();:@=+$,/?#[]%".utf8.contains(byte) {
                    out.unicodeScalars.append(Unicode.Scalar(byte))
                } else if byte == UInt8(ascii: "&") {
                    out += "&amp;"
                } else {
                    let hex = Array("0123456789ABCDEF".utf8)
                    out += "%"
                    out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                    out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 15)]))
                }
            }
        }
        return out
    }
}
