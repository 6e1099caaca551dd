import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Memory a reading lane keeps from file to file: a page's bytes land in memory that is
/// already mapped instead of a new array each (10,000 pages had faulted in 45 MB twice).
public final class ReadBuffer {
    private var storage = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
    private var capacity = 1

    public init() {}

    deinit { storage.deallocate() }

    /// The bytes of the file at `path` (relative to the open folder `folder`, or `AT_FDCWD`),
    /// valid until the next read, or nil when it cannot be opened or read completely.
    public func read(_ path: String, relativeTo folder: Int32) -> UnsafeBufferPointer<UInt8>? {
        WholeFile.withOpenFile(path, relativeTo: folder) { descriptor, size in
            if size > capacity {
                storage.deallocate()
                capacity = max(size, capacity * 2)
                storage = .allocate(capacity: capacity)
            }
            guard WholeFile.readAll(descriptor, size, into: storage) else { return nil }
            return UnsafeBufferPointer(start: storage, count: size)
        }
    }
}

/// Reading a file whole with `open` and `read`: every page of a course is read this way, and
/// `FileManager.contents(atPath:)` costs several times as much around the same system calls.
public enum WholeFile {
    /// The file's bytes (empty for an empty file), or nil when it cannot be opened or read
    /// completely.
    public static func read(_ path: String) -> [UInt8]? {
        withOpenFile(path) { descriptor, size in
            guard size > 0 else { return [] }
            var complete = false
            let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
                complete = readAll(descriptor, size, into: buffer.baseAddress!)
                count = complete ? size : 0
            }
            return complete ? bytes : nil
        }
    }

    /// `body` with the file at `path` (relative to the open folder `folder`) open for reading
    /// and its size, or nil when it cannot be opened; the file is closed after.
    public static func withOpenFile<Result>(_ path: String, relativeTo folder: Int32 = AT_FDCWD,
                                     _ body: (_ descriptor: Int32, _ size: Int) -> Result?) -> Result? {
        let descriptor = openat(folder, path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        return body(descriptor, Int(info.st_size))
    }

    /// Reads `size` bytes of `descriptor` into `destination`; false when the file ends early
    /// or a read fails.
    static func readAll(_ descriptor: Int32, _ size: Int, into destination: UnsafeMutablePointer<UInt8>) -> Bool {
        var count = 0
        while count < size {
            let got = Glibc.read(descriptor, destination + count, size - count)
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { return false }
            count += got
        }
        return true
    }

    /// Writes all of `bytes` to a new (or emptied) file at `path`; false, with `errno` set,
    /// when it cannot.
    public static func write(_ bytes: UnsafeRawBufferPointer, to path: String) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let count = Glibc.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            written += count
        }
        return true
    }

    /// `write` through a temporary file beside `path` and a rename, so a reader sees the old
    /// file or the new one, never half of one.
    public static func replace(_ path: String, with bytes: [UInt8]) -> Bool {
        let temporary = path + ".\(getpid()).tmp"
        guard bytes.withUnsafeBytes({ write($0, to: temporary) }), rename(temporary, path) == 0 else {
            let error = errno
            unlink(temporary)
            errno = error
            return false
        }
        return true
    }
}
