/// The form in which titles are compared: case folded, runs of white space made one space,
/// and curly quotes made straight, so `[see: “Why  it matters”]` finds "Why it matters".
public enum TitleKey {
    public static func normalize(_ title: String) -> String {
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
}
