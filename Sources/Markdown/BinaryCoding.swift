/// A compact binary form for the build cache: varints, length-prefixed UTF-8 strings, and
/// the caller's own order of fields. Decoding never traps: a short or damaged record throws
/// and the cache treats it as missing.
public struct ByteWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    public mutating func write(_ value: Int) {
        // Zigzag, so small negative numbers stay short.
        var rest = UInt64(bitPattern: Int64((value << 1) ^ (value >> (Int.bitWidth - 1))))
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    public mutating func write(_ value: Bool) { bytes.append(value ? 1 : 0) }

    /// Bytes as they are, without a length: the caller knows where they end.
    public mutating func append(_ raw: some Collection<UInt8>) { bytes.append(contentsOf: raw) }

    public mutating func write(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func write(_ value: String) {
        var text = value
        text.withUTF8 { utf8 in
            write(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    public mutating func write(_ value: String?) {
        write(value != nil)
        if let value { write(value) }
    }

    public mutating func write(_ value: Int?) {
        write(value != nil)
        if let value { write(value) }
    }

    public mutating func write(_ values: [String]) {
        write(values.count)
        for value in values { write(value) }
    }

    public mutating func write<T>(_ values: [T], _ element: (inout ByteWriter, T) -> Void) {
        write(values.count)
        for value in values { element(&self, value) }
    }
}

public struct ByteReader {
    public struct Damaged: Error, Sendable {
        public init() {}
    }

    private let bytes: UnsafeRawBufferPointer
    private var offset: Int

    /// Reads `bytes`, which must outlive the reader.
    public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        self.offset = 0
    }

    public var isAtEnd: Bool { offset == bytes.count }

    public mutating func int() throws(Damaged) -> Int {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < bytes.count, shift < 64 else { throw Damaged() }
            let byte = bytes[offset]
            offset += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        let signed = Int64(bitPattern: result)
        return Int((signed >> 1) ^ -(signed & 1))
    }

    public mutating func bool() throws(Damaged) -> Bool {
        guard offset < bytes.count else { throw Damaged() }
        offset += 1
        return bytes[offset - 1] != 0
    }

    public mutating func uint64() throws(Damaged) -> UInt64 {
        guard offset + 8 <= bytes.count else { throw Damaged() }
        var value: UInt64 = 0
        withUnsafeMutableBytes(of: &value) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + 8)])) }
        offset += 8
        return UInt64(littleEndian: value)
    }

    public mutating func string() throws(Damaged) -> String {
        let count = try int()
        guard count >= 0, offset + count <= bytes.count else { throw Damaged() }
        let slice = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
        offset += count
        guard let text = String(validating: slice.bindMemory(to: UInt8.self), as: UTF8.self) else { throw Damaged() }
        return text
    }

    /// The bytes of the next string, as offsets into the reader's buffer, without decoding.
    public mutating func stringRange() throws(Damaged) -> Range<Int> {
        let count = try int()
        guard count >= 0, offset + count <= bytes.count else { throw Damaged() }
        offset += count
        return (offset - count)..<offset
    }

    public mutating func optionalString() throws(Damaged) -> String? {
        try bool() ? try string() : nil
    }

    public mutating func optionalInt() throws(Damaged) -> Int? {
        try bool() ? try int() : nil
    }

    public mutating func strings() throws(Damaged) -> [String] {
        try array { reader throws(Damaged) in try reader.string() }
    }

    public mutating func array<T>(_ element: (inout ByteReader) throws(Damaged) -> T) throws(Damaged) -> [T] {
        let count = try int()
        guard count >= 0, count <= bytes.count - offset else { throw Damaged() }
        var values: [T] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try element(&self)) }
        return values
    }
}

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
