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
