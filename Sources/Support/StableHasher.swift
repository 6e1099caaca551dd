

/// A 64-bit hash that is the same in every process and on every run (Swift's `Hasher` is
/// seeded per process): the key of cache entries. The mixing steps are those of xxHash64's
/// lanes, applied to one stream.
public struct StableHasher: Sendable {
    private static let prime1: UInt64 = 11400714785074694791
    private static let prime2: UInt64 = 14029467366897019727
    private static let prime3: UInt64 = 1609587929392839161
    private static let prime4: UInt64 = 9650029242287828579
    private static let prime5: UInt64 = 2870177450012600261

    private var state: UInt64
    private var length: UInt64 = 0

    public init(seed: UInt64 = 0) {
        state = seed &+ Self.prime5
    }

    private static func round(_ lane: UInt64, _ word: UInt64) -> UInt64 {
        (lane &+ UInt64(littleEndian: word) &* prime2).rotatedLeft(31) &* prime1
    }

    private mutating func mix(_ word: UInt64) {
        let lane = (word &* Self.prime2).rotatedLeft(31) &* Self.prime1
        state = (state ^ lane).rotatedLeft(27) &* Self.prime1 &+ Self.prime4
    }

    public mutating func combine(_ buffer: UnsafeRawBufferPointer) {
        length &+= UInt64(buffer.count)
        mix(UInt64(buffer.count))
        var index = 0
        if buffer.count >= 32 {
            // Four lanes, as xxHash64 has: a page's text is not one long chain of dependent
            // multiplications (hashing every page is much of a check with the cache).
            var lanes = (state &+ Self.prime1 &+ Self.prime2, state &+ Self.prime2, state, state &- Self.prime1)
            while index + 32 <= buffer.count {
                lanes.0 = Self.round(lanes.0, buffer.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                lanes.1 = Self.round(lanes.1, buffer.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self))
                lanes.2 = Self.round(lanes.2, buffer.loadUnaligned(fromByteOffset: index + 16, as: UInt64.self))
                lanes.3 = Self.round(lanes.3, buffer.loadUnaligned(fromByteOffset: index + 24, as: UInt64.self))
                index += 32
            }
            mix(lanes.0)
            mix(lanes.1)
            mix(lanes.2)
            mix(lanes.3)
        }
        while index + 8 <= buffer.count {
            mix(UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: index, as: UInt64.self)))
            index += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while index < buffer.count {
            tail |= UInt64(buffer[index]) << shift
            shift += 8
            index += 1
        }
        mix(tail ^ Self.prime3)
    }

    public mutating func combine(_ text: String) {
        var text = text
        text.withUTF8 { combine(UnsafeRawBufferPointer($0)) }
    }

    public mutating func combine(_ value: Int) {
        mix(UInt64(bitPattern: Int64(value)))
    }

    public mutating func combine(_ value: UInt64) {
        mix(value)
    }

    public mutating func combine(_ value: Bool) {
        mix(value ? 0x9E37_79B9 : 0x85EB_CA6B)
    }

    public func finalize() -> UInt64 {
        var hash = state ^ length
        hash ^= hash >> 33
        hash = hash &* Self.prime2
        hash ^= hash >> 29
        hash = hash &* Self.prime3
        hash ^= hash >> 32
        return hash
    }
}

extension UInt64 {
    fileprivate func rotatedLeft(_ count: UInt64) -> UInt64 {
        (self << count) | (self >> (64 - count))
    }
}
