import Foundation
import Support

/// The base protocol's framing: `Content-Length: N` (and other headers), a blank line, then N
/// bytes of JSON. Bytes arrive in any pieces; whole message bodies come out. A header that
/// cannot be read is reported and skipped up to the next `Content-Length`, so one broken
/// message never stops the ones after it.
public struct MessageFramer: Sendable {
    public enum Piece: Sendable, Hashable {
        case body([UInt8])
        /// Bytes that were no message, and why; they are dropped.
        case garbage(String)
    }

    /// The largest body accepted: a 50 MB page in JSON with room to spare. A larger length is
    /// refused at once rather than waited for.
    public static let maximumBodyLength = 256 << 20
    /// A header block longer than this without its blank line is no header.
    static let maximumHeaderLength = 8192

    private var buffer: [UInt8] = []
    private var start = 0

    public init() {}

    public mutating func append(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// The next whole message or unreadable header, or nil until more bytes arrive.
    public mutating func next() -> Piece? {
        defer { compact() }
        let available = buffer.count - start
        guard available > 0 else { return nil }
        guard let headerEnd = headerEnd() else {
            guard available > Self.maximumHeaderLength else { return nil }
            return skipToNextHeader(from: start + 1, reason: "no blank line after \(Self.maximumHeaderLength) bytes of header")
        }
        let header = String(decoding: buffer[start..<headerEnd], as: UTF8.self)
        let bodyStart = headerEnd + 4
        guard let length = Self.contentLength(in: header) else {
            // The rest of a message cut short runs into the next header: start again there.
            if let next = nextHeader(from: start + 1), next < headerEnd {
                start = next
                return .garbage("bytes that were no message before a header")
            }
            return skipToNextHeader(from: bodyStart, reason: "a header without a valid Content-Length: \(header.prefix(200))")
        }
        guard length <= Self.maximumBodyLength else {
            return skipToNextHeader(from: bodyStart, reason: "a Content-Length of \(length) bytes, more than the \(Self.maximumBodyLength) accepted")
        }
        guard buffer.count - bodyStart >= length else { return nil }
        let body = Array(buffer[bodyStart..<bodyStart + length])
        start = bodyStart + length
        return .body(body)
    }

    /// The offset of the `\r\n\r\n` that ends the header starting at `start`.
    private func headerEnd() -> Int? {
        let limit = min(buffer.count, start + Self.maximumHeaderLength + 4)
        var index = start
        while index + 3 < limit {
            if buffer[index] == 13, buffer[index + 1] == 10, buffer[index + 2] == 13, buffer[index + 3] == 10 { return index }
            index += 1
        }
        return nil
    }

    /// Drops bytes up to the next `Content-Length` from `offset`; a name cut off at the end is kept.
    private mutating func skipToNextHeader(from offset: Int, reason: String) -> Piece {
        start = nextHeader(from: offset) ?? max(offset, buffer.count - Self.marker.count + 1)
        start = min(start, buffer.count)
        return .garbage(reason)
    }

    private static let marker = Array("Content-Length".utf8)

    /// Where the next `Content-Length` starts, at `offset` or after it.
    private func nextHeader(from offset: Int) -> Int? {
        var index = offset
        while index + Self.marker.count <= buffer.count {
            if buffer[index] == Self.marker[0], buffer[index..<index + Self.marker.count].elementsEqual(Self.marker) { return index }
            index += 1
        }
        return nil
    }

    private mutating func compact() {
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.count < 1 << 20)
            start = 0
        } else if start > 1 << 16 {
            buffer.removeFirst(start)
            start = 0
        }
    }

    static func contentLength(in header: String) -> Int? {
        for line in header.split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            guard line[..<colon].lowercased() == "content-length" else { continue }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard !value.isEmpty, value.count <= 12, value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let length = Int(value) else { return nil }
            return length
        }
        return nil
    }

    /// A message framed for the wire.
    public static func frame(_ message: JSON) -> [UInt8] {
        let body = message.serializedBytes()
        return Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
    }
}
