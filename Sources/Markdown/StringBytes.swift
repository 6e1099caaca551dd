#if canImport(Glibc)
import Glibc
#endif

/// Byte-level questions about text that hot paths ask of every page and every link.
extension String {
    /// Whether the UTF-8 form holds `byte`: one `memchr` over a native string, where
    /// `utf8.contains` steps through a generic iterator (pages are scanned whole).
    func containsUTF8Byte(_ byte: UInt8) -> Bool {
        var text = self
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return false }
            return memchr(base, Int32(byte), bytes.count) != nil
        }
    }

    /// Whether every character is ASCII: then each byte is a character, and byte-level code
    /// answers as the character-level code would.
    var isASCIIText: Bool {
        utf8.allSatisfy { $0 < 0x80 }
    }
}
