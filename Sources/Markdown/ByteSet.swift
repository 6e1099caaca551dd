/// A set of bytes as a 256-bit table: the bytes that can start a syntax, and the union of
/// those the compiler looks for in a page. Testing a byte is a shift and a mask, a union four
/// ORs, so a prefilter made of these costs nothing beside the scans it decides on.
struct ByteSet: Hashable, Sendable, ExpressibleByStringLiteral {
    /// Bytes 0–63, 64–127, 128–191 and 192–255, one bit each.
    private var low: UInt64 = 0, high: UInt64 = 0, upperLow: UInt64 = 0, upperHigh: UInt64 = 0

    init() {}

    init<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        for byte in bytes { insert(byte) }
    }

    /// The bytes of the literal's UTF-8 (`"[&"`).
    init(stringLiteral text: String) {
        self.init(text.utf8)
    }

    var isEmpty: Bool { (low | high | upperLow | upperHigh) == 0 }

    func contains(_ byte: UInt8) -> Bool {
        let bit: UInt64 = 1 << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: return low & bit != 0
        case 1: return high & bit != 0
        case 2: return upperLow & bit != 0
        default: return upperHigh & bit != 0
        }
    }

    mutating func insert(_ byte: UInt8) {
        let bit: UInt64 = 1 << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: low |= bit
        case 1: high |= bit
        case 2: upperLow |= bit
        default: upperHigh |= bit
        }
    }

    mutating func remove(_ byte: UInt8) {
        let keep = ~(UInt64(1) << UInt64(byte & 63))
        switch byte >> 6 {
        case 0: low &= keep
        case 1: high &= keep
        case 2: upperLow &= keep
        default: upperHigh &= keep
        }
    }

    func union(_ other: ByteSet) -> ByteSet {
        ByteSet(low: low | other.low, high: high | other.high, upperLow: upperLow | other.upperLow, upperHigh: upperHigh | other.upperHigh)
    }

    func intersection(_ other: ByteSet) -> ByteSet {
        ByteSet(low: low & other.low, high: high & other.high, upperLow: upperLow & other.upperLow, upperHigh: upperHigh & other.upperHigh)
    }

    func isDisjoint(with other: ByteSet) -> Bool {
        intersection(other).isEmpty
    }

    /// Takes out the smallest byte and returns it (nil when the set is empty): the bytes are
    /// visited so, without an array, and a visit may stop at any byte.
    mutating func popFirst() -> UInt8? {
        if low != 0 { return Self.popLowest(&low, offset: 0) }
        if high != 0 { return Self.popLowest(&high, offset: 64) }
        if upperLow != 0 { return Self.popLowest(&upperLow, offset: 128) }
        if upperHigh != 0 { return Self.popLowest(&upperHigh, offset: 192) }
        return nil
    }

    /// The bytes in ascending order.
    var members: [UInt8] {
        var rest = self, result: [UInt8] = []
        while let byte = rest.popFirst() { result.append(byte) }
        return result
    }

    private init(low: UInt64, high: UInt64, upperLow: UInt64, upperHigh: UInt64) {
        self.low = low
        self.high = high
        self.upperLow = upperLow
        self.upperHigh = upperHigh
    }

    private static func popLowest(_ word: inout UInt64, offset: Int) -> UInt8 {
        let byte = UInt8(offset + word.trailingZeroBitCount)
        word &= word - 1
        return byte
    }
}
