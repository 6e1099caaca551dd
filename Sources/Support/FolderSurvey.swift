#if canImport(Glibc)
import Glibc
#endif

/// What tells a file apart from an edited version of it without reading it: size, both
/// times to the nanosecond, and inode (an editor that saves by rename gives a new one).
public struct SourceStamp: Sendable, Hashable {
    public var size: Int
    public var modified: Int
    public var modifiedNanoseconds: Int
    public var changed: Int
    public var changedNanoseconds: Int
    public var inode: Int

    public init(size: Int, modified: Int, modifiedNanoseconds: Int, changed: Int, changedNanoseconds: Int, inode: Int) {
        self.size = size
        self.modified = modified
        self.modifiedNanoseconds = modifiedNanoseconds
        self.changed = changed
        self.changedNanoseconds = changedNanoseconds
        self.inode = inode
    }
}

extension SourceStamp {
    public init(_ info: stat) {
        self.init(size: Int(info.st_size), modified: Int(info.st_mtim.tv_sec), modifiedNanoseconds: Int(info.st_mtim.tv_nsec),
                  changed: Int(info.st_ctim.tv_sec), changedNanoseconds: Int(info.st_ctim.tv_nsec), inode: Int(info.st_ino))
    }
}

/// Every file under a folder with its stamp, read with `readdir` and `fstatat`: about a
/// millisecond per thousand files, where listing through Foundation costs ten times more.
/// Anything unusual — a symbolic link, a folder that cannot be read, a special file — makes
/// it nil: the full build, which knows how to treat those, decides instead. `syllabus serve`
/// polls with it too.
public struct FolderSurvey: Sendable, Equatable {
    /// Relative path (with `/`) → stamp.
    public var files: [String: SourceStamp] = [:]
    /// Every folder below the root, relative.
    public var folders: Set<String> = []
    /// Hashes of the bytes of files whose stamps cannot be trusted yet (see `BuildSnapshot`).
    public var contentHashes: [String: UInt64] = [:]

    public init() {}

    /// Names in `left` are passed over (`.hiddenAndPrivate`, as the content loader does). The
    /// folders at the top are surveyed on `jobs` threads: `fstatat` is most of the time.
    public init?(_ root: String, leavingOut left: NamesLeftOut, jobs: Int = 2) {
        guard let top = Self.survey(root, folder: "", leavingOut: left, recursive: false) else { return nil }
        self = top
        let below = folders.sorted()
        let surveys = Parallel.blockingMap(below.count, jobs: jobs) { index in
            Self.survey(root, folder: below[index], leavingOut: left, recursive: true)
        }
        for survey in surveys {
            guard let survey else { return nil }
            files.merge(survey.files) { first, _ in first }
            folders.formUnion(survey.folders)
        }
    }

    /// The files and folders in `folder` (relative to `root`), and below it when `recursive`.
    private static func survey(_ root: String, folder start: String, leavingOut left: NamesLeftOut, recursive: Bool) -> FolderSurvey? {
        var survey = FolderSurvey()
        var pending = [start]
        while let folder = pending.popLast() {
            let path = RelativeURL.joined(root, folder)
            guard let entries = FolderEntries.read(path) else { return nil }
            for (name, _) in entries.list where !left.contains(name) {
                var info = stat()
                guard fstatat(entries.descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
                let relative = RelativeURL.joined(folder, name)
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    survey.folders.insert(relative)
                    if recursive { pending.append(relative) }
                case S_IFREG:
                    survey.files[relative] = SourceStamp(info)
                default:
                    return nil
                }
            }
        }
        return survey
    }

    /// A hash of the bytes of the file at `path`, or nil when it cannot be read.
    public static func contentHash(of path: String) -> UInt64? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var hasher = StableHasher(seed: 0x6669_6C65)
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 { return nil }
            if count == 0 { return hasher.finalize() }
            buffer.withUnsafeBytes { hasher.combine(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
        }
    }
}
