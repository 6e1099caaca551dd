#if canImport(Glibc)
import Glibc
#endif

/// Byte-level questions about text that hot paths ask of every page and every link.
extension String {
    /// Whether the UTF-8 form holds `byte`: one `memchr` over a native string, where
    /// `utf8.contains` steps through a generic iterator (pages are scanned whole).
    public func containsUTF8Byte(_ byte: UInt8) -> Bool {
        var text = self
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return false }
            return memchr(base, Int32(byte), bytes.count) != nil
        }
    }

    /// Whether every character is ASCII: then each byte is a character, and byte-level code
    /// answers as the character-level code would.
    var isASCIIText: Bool {
        // Asked of every link, title and slug: eight bytes at a time.
        utf8.withContiguousStorageIfAvailable { bytes in
            guard let base = bytes.baseAddress else { return true }
            var offset = 0
            while offset + 8 <= bytes.count {
                if UnsafeRawPointer(base).loadUnaligned(fromByteOffset: offset, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
                offset += 8
            }
            return bytes[offset...].allSatisfy { $0 < 0x80 }
        } ?? utf8.allSatisfy { $0 < 0x80 }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Calls `body` with the offset just past each line break, in order. Every byte of every
    /// page is searched so, twice (the compiler's positions, the diagnostics' lines): memchr
    /// finds the breaks many times faster than a loop over the bytes.
    public func forEachLineStart(_ body: (Int) -> Void) {
        guard let base = baseAddress else { return }
        var offset = 0
        while offset < count, let found = memchr(base + offset, Int32(UInt8(ascii: "\n")), count - offset) {
            offset = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
            body(offset)
        }
    }
}
