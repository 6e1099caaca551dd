import CSystem

/// Where a page's body lies in its written file, and a page's run of edges in graph.json:
/// found by `memmem`, and trusted only when found exactly once.
public enum ByteSearch {
    /// The bytes of `needle` in `text` when it occurs there exactly once, else nil.
    public static func onlyRange(of needle: String, in bytes: [UInt8]) -> Range<Int>? {
        var needle = needle
        return bytes.withUnsafeBytes { haystack in
            needle.withUTF8 { onlyRange(of: UnsafeRawBufferPointer($0), in: haystack) }
        }
    }

    public static func onlyRange(of needle: [UInt8], in bytes: [UInt8]) -> Range<Int>? {
        needle.withUnsafeBytes { wanted in bytes.withUnsafeBytes { onlyRange(of: wanted, in: $0) } }
    }

    public static func onlyRange(of wanted: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer) -> Range<Int>? {
        guard let base = haystack.baseAddress, let wantedBase = wanted.baseAddress, !wanted.isEmpty else { return nil }
        let first = syllabus_find_bytes(base, haystack.count, wantedBase, wanted.count)
        guard first >= 0 else { return nil }
        let start = Int(first)
        let again = syllabus_find_bytes(base + start + 1, haystack.count - start - 1, wantedBase, wanted.count)
        return again < 0 ? start..<(start + wanted.count) : nil
    }
}
