#if canImport(Glibc)
import Glibc
#endif

/// A cache file's bytes, mapped into memory read-only rather than read. The page cache of a
/// 10,000-page course is about 70 MB, and reading it was a tenth of a check with the cache,
/// on one core: the copy, and a page fault for every 4 KB. Mapped, only what is looked at is
/// brought in (a check never looks at the HTML), by whichever thread looks at it.
///
/// Cache files are only ever replaced whole (a new file renamed over the old one) or appended
/// to, which leaves a mapping of the old file as it was. A file cut short by someone else
/// while a build runs would end the process with SIGBUS; the cache is ours, in our folder.
public final class MappedFile: @unchecked Sendable {
    // Never written after `init`, so sharing it between threads is safe.
    private let base: UnsafeRawPointer?
    public let count: Int
    public var isEmpty: Bool { count == 0 }

    /// No file: no bytes.
    public init() {
        base = nil
        count = 0
    }

    /// The file at `path`, or an empty one when it cannot be opened or mapped.
    public init(path: String) {
        var mapped: UnsafeRawPointer?
        var size = 0
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor >= 0 {
            var info = stat()
            if fstat(descriptor, &info) == 0, info.st_size > 0,
               let address = mmap(nil, Int(info.st_size), PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED {
                mapped = UnsafeRawPointer(address)
                size = Int(info.st_size)
            }
            close(descriptor)
        }
        base = mapped
        count = size
    }

    deinit {
        if let base { munmap(UnsafeMutableRawPointer(mutating: base), count) }
    }

    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// Whether the file begins with `prefix`.
    public func starts(with prefix: [UInt8]) -> Bool {
        withUnsafeBytes { $0.starts(with: prefix) }
    }
}
