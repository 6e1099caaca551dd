#if canImport(Glibc)
import Glibc
#endif

/// What tells a file of the written site apart from any other version of it without reading
/// it: size, modification time and inode. Files linked from the previous site keep theirs.
public struct FileStamp: Sendable, Hashable {
    public var size: Int
    public var seconds: Int
    public var nanoseconds: Int
    public var inode: Int

    public init(size: Int, seconds: Int, nanoseconds: Int, inode: Int) {
        self.size = size
        self.seconds = seconds
        self.nanoseconds = nanoseconds
        self.inode = inode
    }

    /// The stamp of a folder: its time changes when a file in it is added, removed or renamed.
    public init?(folder: String) {
        var info = stat()
        guard lstat(folder, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return nil }
        self.init(status: info)
    }

    public init?(path: String) {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        self.init(status: info)
    }

    /// The stamp `stat` or `fstat` gave.
    public init(status info: stat) {
        self.init(size: Int(info.st_size), seconds: Int(info.st_mtim.tv_sec), nanoseconds: Int(info.st_mtim.tv_nsec),
                  inode: Int(info.st_ino))
    }
}

extension FileStamp {
    /// The stamp in the build cache's binary form.
    public func encode(into writer: inout ByteWriter) {
        for field in [size, seconds, nanoseconds, inode] { writer.write(field) }
    }

    public init(from reader: inout ByteReader) throws(ByteReader.Damaged) {
        self.init(size: try reader.int(), seconds: try reader.int(), nanoseconds: try reader.int(), inode: try reader.int())
    }
}
