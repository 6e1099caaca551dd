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
    public var isASCIIText: Bool {
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
    /// Whether any byte is a control character other than a line feed or a tab. Every page is
    /// scanned so when it is read: eight bytes at a time, looking at single bytes only in the
    /// words that hold some byte below 0x20 (mostly the line feeds).
    public var containsControlBytesBesidesNewlineAndTab: Bool {
        guard let base = baseAddress else { return false }
        func isControl(_ byte: UInt8) -> Bool { byte < 0x20 && byte != UInt8(ascii: "\n") && byte != UInt8(ascii: "\t") }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            // Non-zero exactly when some byte of the word is below 0x20.
            if (word &- 0x2020_2020_2020_2020) & ~word & 0x8080_8080_8080_8080 != 0 {
                for index in offset..<(offset + 8) where isControl(base[index]) { return true }
            }
            offset += 8
        }
        for index in offset..<count where isControl(base[index]) { return true }
        return false
    }

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
