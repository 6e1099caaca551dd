import CSystem
import Course
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Writes the site into a fresh folder beside the output and swaps it in only when every
/// file was written. The swap is one atomic exchange (Linux `renameat2`), so whenever the
/// process dies — even `kill -9` — one complete site is in place. A lock on the parent
/// folder keeps two builds from writing the same output at once.
public enum SiteWriter {
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Returns the stamp of every file of the new site (size, time, inode), by path.
    @discardableResult
    public static func write(_ files: [OutputFile], to output: String, jobs: Int = 1) throws(WriteError) -> [String: FileStamp] {
        let fileManager = FileManager.default
        let outputURL = URL(fileURLWithPath: output).standardizedFileURL
        let parent = outputURL.deletingLastPathComponent()
        let name = outputURL.lastPathComponent
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: outputURL.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw WriteError(description: "the output '\(output)' is a file, not a folder")
        }
        do {
            try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw WriteError(description: "cannot create the folder '\(parent.path)': \(error.localizedDescription)")
        }
        let lock = try Lock(folder: parent.path, output: output)
        defer { lock.release() }
        removeLeftovers(of: name, in: parent)

        let token = "\(ProcessInfo.processInfo.processIdentifier)"
        let staging = parent.appendingPathComponent(".\(name).building-\(token)")
        let stamps: [String: FileStamp]
        do {
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
            let folders = Set(files.map { RelativeURL.folder(of: $0.path) }).filter { !$0.isEmpty }.sorted()
            for folder in folders {
                try fileManager.createDirectory(at: staging.appendingPathComponent(folder), withIntermediateDirectories: true)
            }
            let previous = fileManager.fileExists(atPath: outputURL.path) ? outputURL : nil
            stamps = try writeFiles(files, into: staging, reusing: previous, lanes: max(1, min(jobs, 8)))
        } catch {
            try? fileManager.removeItem(at: staging)
            throw WriteError(description: "cannot write the site into '\(parent.path)': \(error.localizedDescription); the previous site is unchanged")
        }
        do {
            try swapIn(staging, as: outputURL)
        } catch {
            try? fileManager.removeItem(at: staging)
            throw WriteError(description: "cannot replace '\(output)': \(error.localizedDescription); the previous site is unchanged")
        }
        return stamps
    }

    /// Writes the files on several threads; creating many files is much of a build's time.
    /// A file whose bytes equal the previous site's is hard-linked from it instead: no new
    /// file is created, and the unchanged file keeps its inode and modification time.
    /// A file the renderer marked `.previous` is linked without reading it.
    static func writeFiles(_ files: [OutputFile], into folder: URL, reusing previous: URL?, lanes: Int) throws -> [String: FileStamp] {
        // After the first failure the other files are skipped: the build fails anyway.
        let failed = Mutex(false)
        let folderPath = folder.path, previousPath = previous?.path
        let outcomes = Parallel.blockingMap(files.count, jobs: lanes) { index -> Result<FileStamp?, any Error> in
            if failed.withLock({ $0 }) { return .success(nil) }
            let file = files[index]
            let target = folderPath + "/" + file.path
            let old = previousPath.map { $0 + "/" + file.path }
            do {
                switch file.content {
                case .bytes(let bytes):
                    try bytes.withUnsafeBytes { try place($0, at: target, unlessEqualTo: old) }
                case .copy(let source):
                    let bytes = try contents(of: source)
                    try bytes.withUnsafeBytes { try place($0, at: target, unlessEqualTo: old) }
                case .previous(let stamp):
                    guard let old, link(old, target) == 0 else {
                        throw WriteError(description: "the previous site's \(file.path) went away during the build; build again")
                    }
                    return .success(stamp)
                }
                return .success(FileStamp(path: target))
            } catch {
                failed.withLock { $0 = true }
                return .failure(error)
            }
        }
        var stamps: [String: FileStamp] = [:]
        for (file, outcome) in zip(files, outcomes) {
            if let stamp = try outcome.get() { stamps[file.path] = stamp }
        }
        return stamps
    }

    /// Writes `bytes` to a new file at `target`, or hard-links `old` there when it holds the
    /// same bytes (unchanged: it keeps its inode and time). Plain system calls: the bytes of
    /// a page are written from the string's own storage, and the old file is compared in
    /// place, without copies into `Data`.
    static func place(_ bytes: UnsafeRawBufferPointer, at target: String, unlessEqualTo old: String?) throws(WriteError) {
        if let old, holds(old, bytes), link(old, target) == 0 { return }
        try write(bytes, to: target)
    }

    static func write(_ bytes: UnsafeRawBufferPointer, to path: String) throws(WriteError) {
        guard WholeFile.write(bytes, to: path) else {
            throw WriteError(description: "cannot write '\(path)': \(String(cString: strerror(errno)))")
        }
    }

    /// Whether the file at `path` holds exactly `bytes`.
    static func holds(_ path: String, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, Int(info.st_size) == bytes.count else { return false }
        return withUnsafeTemporaryAllocation(byteCount: 1 << 16, alignment: 16) { buffer in
            var offset = 0
            while offset < bytes.count {
                let count = read(descriptor, buffer.baseAddress!, min(buffer.count, bytes.count - offset))
                guard count > 0, memcmp(buffer.baseAddress!, bytes.baseAddress! + offset, count) == 0 else { return false }
                offset += count
            }
            return true
        }
    }

    static func contents(of path: String) throws(WriteError) -> [UInt8] {
        guard let bytes = WholeFile.read(path) else {
            throw WriteError(description: "cannot read '\(path)': \(String(cString: strerror(errno)))")
        }
        return bytes
    }

    /// Puts `staging` where `output` is and removes the old site.
    static func swapIn(_ staging: URL, as output: URL) throws {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: output.path) else {
            try fileManager.moveItem(at: staging, to: output)
            return
        }
        if syllabus_exchange_paths(staging.path, output.path) == 0 {
            try? fileManager.removeItem(at: staging)   // now holds the old site
            return
        }
        // No atomic exchange here (another system or file system): two renames.
        let retired = staging.deletingLastPathComponent().appendingPathComponent(
            "." + output.lastPathComponent + ".old-\(ProcessInfo.processInfo.processIdentifier)")
        try fileManager.moveItem(at: output, to: retired)
        do {
            try fileManager.moveItem(at: staging, to: output)
        } catch {
            try? fileManager.moveItem(at: retired, to: output)
            throw error
        }
        try? fileManager.removeItem(at: retired)
    }

    /// Folders a killed build left behind (`.site.building-123`, `.site.old-123`).
    static func removeLeftovers(of name: String, in parent: URL) {
        let fileManager = FileManager.default
        guard let entries = try? fileManager.contentsOfDirectory(atPath: parent.path) else { return }
        for entry in entries where entry.hasPrefix(".\(name).building-") || entry.hasPrefix(".\(name).old-") {
            try? fileManager.removeItem(at: parent.appendingPathComponent(entry))
        }
    }

    /// An exclusive `flock` on the output's parent folder.
    /// Replaces single files of an existing site, each through a temporary file and a rename
    /// (a reader sees the old file or the new one, never half of one), under the same lock as
    /// a whole build. For quick rebuilds, which change a page or two: a process killed between
    /// two renames leaves some pages new and some old, which the next build repairs.
    static func replace(_ files: [(path: String, bytes: [UInt8])], in output: String) throws(WriteError) -> [String: FileStamp] {
        let outputURL = URL(fileURLWithPath: output).standardizedFileURL
        let lock = try Lock(folder: outputURL.deletingLastPathComponent().path, output: output)
        defer { lock.release() }
        var stamps: [String: FileStamp] = [:]
        for file in files {
            let target = outputURL.path + "/" + file.path
            guard WholeFile.replace(target, with: file.bytes), let stamp = FileStamp(path: target) else {
                throw WriteError(description: "cannot write '\(target)': \(String(cString: strerror(errno)))")
            }
            stamps[file.path] = stamp
        }
        return stamps
    }

    struct Lock {
        let descriptor: Int32

        init(folder: String, output: String) throws(WriteError) {
            descriptor = open(folder, O_RDONLY)
            guard descriptor >= 0 else { throw WriteError(description: "cannot open '\(folder)' to lock it") }
            if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
                close(descriptor)
                throw WriteError(description: "another syllabus build is writing into '\(folder)' right now; wait for it to finish and try again")
            }
        }

        func release() {
            flock(descriptor, LOCK_UN)
            close(descriptor)
        }
    }
}
