/// A moment in an episode, written `M:SS`, `MM:SS` or `H:MM:SS`.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let seconds: Int

    public init(seconds: Int) { self.seconds = seconds }

    /// Parses `22:45` or `1:02:03`. Returns nil when the text is not shaped like a time at all
    /// and throws `Timestamp.Invalid` when it is shaped like one but impossible (`3:75`).
    public static func parse(_ text: some StringProtocol) throws(Invalid) -> Timestamp? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3,
              parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) })
        else { return nil }
        // The first field has one or two digits, the others exactly two, each below 60.
        guard parts[0].count <= 2, parts.dropFirst().allSatisfy({ $0.count == 2 }) else {
            throw Invalid(text: String(text))
        }
        let numbers = parts.map { Int($0) ?? 0 }
        guard numbers.dropFirst().allSatisfy({ $0 < 60 }) else { throw Invalid(text: String(text)) }
        if numbers.count == 2 { return Timestamp(seconds: numbers[0] * 60 + numbers[1]) }
        return Timestamp(seconds: numbers[0] * 3600 + numbers[1] * 60 + numbers[2])
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
