/// A moment in an episode, written `M:SS`, `MM:SS` or `H:MM:SS`.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let seconds: Int

    public init(seconds: Int) { self.seconds = seconds }

    /// Parses `22:45` or `1:02:03`. Returns nil when the text is not shaped like a time at all
    /// and throws `Timestamp.Invalid` when it is shaped like one but impossible (`3:75`).
    public static func parse(_ text: some StringProtocol) throws(Invalid) -> Timestamp? {
        // Read as bytes: a time is made of ASCII digits and colons, and any other byte (which
        // belongs to a character that is neither) makes the text no time at all. Every quote
        // and every episode's duration is parsed here.
        var values = [0, 0, 0], lengths = [0, 0, 0], fields = 1
        for byte in text.utf8 {
            if byte == UInt8(ascii: ":") {
                fields += 1
                guard fields <= 3 else { return nil }
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                lengths[fields - 1] += 1
                // Only one or two digits make a valid field; longer ones are reported, not added up.
                if lengths[fields - 1] <= 2 { values[fields - 1] = values[fields - 1] * 10 + Int(byte - UInt8(ascii: "0")) }
            } else {
                return nil
            }
        }
        guard fields >= 2, lengths[..<fields].allSatisfy({ $0 > 0 }) else { return nil }
        // The first field has one or two digits, the others exactly two, each below 60.
        guard lengths[0] <= 2, lengths[1..<fields].allSatisfy({ $0 == 2 }), values[1..<fields].allSatisfy({ $0 < 60 }) else {
            throw Invalid(text: String(text))
        }
        if fields == 2 { return Timestamp(seconds: values[0] * 60 + values[1]) }
        return Timestamp(seconds: values[0] * 3600 + values[1] * 60 + values[2])
    }

    /// The start of a Media Fragments time, `t=760`, `t=12:40`, `t=npt:1:02:03` or `t=760,800`
    /// (a link's fragment, without its `#`): nil when the fragment is no `t=`, and
    /// `Timestamp.Invalid` when it is one whose start is no time. Fractions of a second are
    /// dropped: a player seeks to the second.
    public static func mediaFragment(_ fragment: some StringProtocol) throws(Invalid) -> Timestamp? {
        guard fragment.hasPrefix("t=") else { return nil }
        var start = fragment.dropFirst(2).prefix { $0 != "," && $0 != "&" }
        if start.hasPrefix("npt:") { start = start.dropFirst(4) }
        let whole = start.prefix { $0 != "." }
        let fraction = start.dropFirst(whole.count)
        guard fraction.isEmpty || fraction.dropFirst().allSatisfy(\.isASCIIDigit) else { throw Invalid(text: String(start)) }
        if !whole.isEmpty, whole.count <= 7, whole.allSatisfy(\.isASCIIDigit), let seconds = Int(whole) { return Timestamp(seconds: seconds) }
        guard let time = try parse(whole) else { throw Invalid(text: String(start)) }
        return time
    }

    /// `22:45`, or `1:02:03` past an hour.
    public var description: String { written(separator: ":") }

    /// The quote's anchor: `t-22-45`, `t-1-02-03`.
    public var anchor: String { "t-" + written(separator: "-") }

    private func written(separator: String) -> String {
        let hours = seconds / 3600, minutes = (seconds / 60) % 60, secs = seconds % 60
        if hours > 0 { return "\(hours)\(separator)\(Self.twoDigits(minutes))\(separator)\(Self.twoDigits(secs))" }
        return "\(minutes)\(separator)\(Self.twoDigits(secs))"
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.seconds < rhs.seconds }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    public struct Invalid: Error, Sendable {
        public let text: String
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
