import CSystem
#if canImport(Glibc)
import Glibc
#endif

/// Byte-level questions about text that hot paths ask of every page and every link.
extension String {
    /// The text of `bytes` without white space at either end, as `trimmingWhitespace` trims
    /// characters. On bytes when what is left starts and ends with ASCII or with one of
    /// U+2010–U+2027 (dashes and quotes, as smart punctuation writes them around a quote): then
    /// the characters trimmed are ASCII white space, and no character crosses either cut.
    public init(trimmingWhitespaceOf bytes: [UInt8]) {
        func isSpace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || (byte >= 0x09 && byte <= 0x0D) }
        func isPunctuation(at index: Int) -> Bool {
            index >= 0 && index + 2 < bytes.count && bytes[index] == 0xE2 && bytes[index + 1] == 0x80 && (0x90...0xA7).contains(bytes[index + 2])
        }
        var start = 0, end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        guard start == end
                || ((bytes[start] < 0x80 || isPunctuation(at: start)) && (bytes[end - 1] < 0x80 || isPunctuation(at: end - 3))) else {
            self = String(decoding: bytes, as: UTF8.self).trimmingCharacters()
            return
        }
        self = String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// `bytes` as text, or nil when they are not valid UTF-8: what `String(validating:as:)`
    /// gives, faster on text that is ASCII but for a few characters. The standard library
    /// checks ASCII eight bytes at a time, but once it meets one other byte it reads all the
    /// rest a byte at a time. Here the ASCII is found as vector code and only the runs of other
    /// bytes are checked (a valid sequence never holds an ASCII byte, so the text is valid
    /// exactly when every run is); the String is then made of the parts, each valid, which the
    /// standard library checks once more, quickly.
    public static func validatingUTF8(_ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBufferPointer { validatingUTF8($0) }
    }

    public static func validatingUTF8(_ buffer: UnsafeBufferPointer<UInt8>) -> String? {
        guard let base = buffer.baseAddress else { return "" }
        var asciiEnd = syllabus_first_non_ascii(base, buffer.count)
        if asciiEnd == buffer.count { return String(decoding: buffer, as: UTF8.self) }
        var text = ""
        text.reserveCapacity(buffer.count)
        var index = 0
        while index < buffer.count {
            if asciiEnd > index { text.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[index..<asciiEnd]), as: UTF8.self)) }
            var runEnd = asciiEnd
            while runEnd < buffer.count, buffer[runEnd] >= 0x80 { runEnd += 1 }
            guard syllabus_is_valid_utf8(base + asciiEnd, runEnd - asciiEnd) != 0 else { return nil }
            text.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[asciiEnd..<runEnd]), as: UTF8.self))
            index = runEnd
            asciiEnd = runEnd + syllabus_first_non_ascii(base + runEnd, buffer.count - runEnd)
        }
        return text
    }

    /// Whether the UTF-8 form holds `byte`: one `memchr` over a native string, where
    /// `utf8.contains` steps through a generic iterator (pages are scanned whole).
    public func containsUTF8Byte(_ byte: UInt8) -> Bool {
        firstUTF8Offset(of: byte) != nil
    }

    /// The offset in the UTF-8 form of the first `byte`, found as `containsUTF8Byte` finds it
    /// (`utf8.firstIndex(of:)` cost some 600 instructions a link in the output's verification).
    public func firstUTF8Offset(of byte: UInt8) -> Int? {
        var text = self
        return text.withUTF8 { $0.firstOffset(of: byte) }
    }

    /// Whether every character is ASCII: then each byte is a character, and byte-level code
    /// answers as the character-level code would.
    public var isASCIIText: Bool {
        // Asked of every link, title and slug: the vector search pages are read with.
        utf8.withContiguousStorageIfAvailable { bytes in
            guard let base = bytes.baseAddress else { return true }
            return syllabus_first_non_ascii(base, bytes.count) == bytes.count
        } ?? utf8.allSatisfy { $0 < 0x80 }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether any byte is a control character other than a line feed or a tab. Every page is
    /// scanned so when it is read (in C, as vector code).
    public var containsControlBytesBesidesNewlineAndTab: Bool {
        guard let base = baseAddress else { return false }
        return syllabus_has_control_bytes(base, count) != 0
    }

    /// Calls `body` with the offset just past each line break, in order. Every byte of every
    /// page is searched so (the compiler's positions): memchr finds the breaks many times
    /// faster than a loop over the bytes.
    public func forEachLineStart(_ body: (Int) -> Void) {
        var offset = 0
        while let found = firstOffset(of: UInt8(ascii: "\n"), from: offset) {
            offset = found + 1
            body(offset)
        }
    }

    /// The offset of the first `byte` at or after `start`, or nil (`memchr`: every search for
    /// one byte in a page, a link or a line goes through here).
    public func firstOffset(of byte: UInt8, from start: Int = 0) -> Int? {
        guard let base = baseAddress, start >= 0, start < count,
              let found = memchr(base + start, Int32(byte), count - start) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }
}

extension BidirectionalCollection<UInt8> {
    /// Whether these bytes of ASCII text end with one of `suffixes` (lowercase ASCII) when
    /// lowercased: in ASCII only A-Z change, so no lowercased copy is made.
    @inlinable public func endsWithASCIIIgnoringCase(oneOf suffixes: [String]) -> Bool {
        suffixes.contains { suffix in
            suffix.utf8.count <= count && zip(self.suffix(suffix.utf8.count), suffix.utf8).allSatisfy { byte, expected in
                (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte) == expected
            }
        }
    }
}

extension Substring {
    public func trimmingWhitespace() -> Substring {
        var result = self
        while let first = result.first, first.isWhitespace { result = result.dropFirst() }
        while let last = result.last, last.isWhitespace { result = result.dropLast() }
        return result
    }
}

extension String {
    public func trimmingCharacters() -> String {
        String(Substring(self).trimmingWhitespace())
    }
}
