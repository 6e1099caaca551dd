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

    /// Writes `files` as a new site and swaps it in. Returns the stamp of every file of the new
    /// site (size, time, inode), by path.
    @discardableResult
    public static func write(_ files: [OutputFile], to output: String, jobs: Int = 1) throws(WriteError) -> [String: FileStamp] {
        let staging = try Staging(output: output)
        // Creating many files is much of a build's time: several threads.
        let stamps = Parallel.blockingMap(files.count, jobs: max(1, min(jobs, 8))) { staging.place(files[$0]) }
        try staging.commit()
        var byPath: [String: FileStamp] = [:]
        for (file, stamp) in zip(files, stamps) { byPath[file.path] = stamp }
        return byPath
    }

    /// A new site being written into a fresh folder beside the output, under the lock, until
    /// `commit` swaps it in or `discard` removes it. Files may be placed from several threads
    /// at once, as soon as each is made: a build need not hold its whole site in memory.
    final class Staging: Sendable {
        /// The output as given, for messages.
        let output: String
        let outputPath: String
        let parentPath: String
        /// The folder the new site is written into.
        let path: String
        /// The site being replaced, when there is one: files equal to its files are linked.
        let previous: String?
        private let lock: Lock
        /// Why placing a file failed, first failure only; the others are skipped after it.
        private let failure = Mutex<String?>(nil)

        init(output: String) throws(WriteError) {
            let fileManager = FileManager.default
            let outputURL = URL(fileURLWithPath: output).standardizedFileURL
            let parent = outputURL.deletingLastPathComponent()
            let name = outputURL.lastPathComponent
            var isDirectory: ObjCBool = false
            let exists = fileManager.fileExists(atPath: outputURL.path, isDirectory: &isDirectory)
            if exists, !isDirectory.boolValue {
                throw WriteError(description: "the output '\(output)' is a file, not a folder")
            }
            do {
                try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
            } catch {
                throw WriteError(description: "cannot create the folder '\(parent.path)': \(error.localizedDescription)")
            }
            lock = try Lock(folder: parent.path, output: output)
            removeLeftovers(of: name, in: parent)
            self.output = output
            outputPath = outputURL.path
            parentPath = parent.path
            path = parent.appendingPathComponent(".\(name).building-\(ProcessInfo.processInfo.processIdentifier)").path
            previous = exists ? outputURL.path : nil
            guard mkdir(path, 0o777) == 0 else {
                let message = String(cString: strerror(errno))
                lock.release()
                throw WriteError(description: "cannot write the site into '\(parentPath)': cannot create '\(path)': \(message); the previous site is unchanged")
            }
        }

        /// Writes one file into the new site, or links it from the previous site; its stamp.
        /// nil when it could not be written (`commit` then fails) or an earlier file failed.
        func place(_ file: OutputFile) -> FileStamp? {
            if failure.withLock({ $0 != nil }) { return nil }
            do {
                return try SiteWriter.place(file, into: path, reusing: previous)
            } catch {
                failure.withLock { if $0 == nil { $0 = error.description } }
                return nil
            }
        }

        /// Swaps the new site in when every file was placed; otherwise removes it and throws.
        func commit() throws(WriteError) {
            defer { lock.release() }
            if let message = failure.withLock({ $0 }) {
                removeTree(path)
                throw WriteError(description: "cannot write the site into '\(parentPath)': \(message); the previous site is unchanged")
            }
            do {
                try swapIn(path, as: outputPath)
            } catch {
                removeTree(path)
                throw WriteError(description: "cannot replace '\(output)': \(error.localizedDescription); the previous site is unchanged")
            }
        }

        /// Removes the new site: the build failed, the previous one stays.
        func discard() {
            removeTree(path)
            lock.release()
        }
    }

    /// Writes one file of the new site into `folder`, whose subfolders are made as needed. A
    /// file whose bytes equal the previous site's is hard-linked from it instead: no new file
    /// is created, and the unchanged file keeps its inode and modification time. A file the
    /// renderer marked `.previous` is linked without reading it.
    static func place(_ file: OutputFile, into folder: String, reusing previous: String?) throws(WriteError) -> FileStamp {
        let target = folder + "/" + file.path
        let old = previous.map { $0 + "/" + file.path }
        switch file.content {
        case .bytes(let bytes):
            return try place(bytes, at: target, in: folder, unlessEqualTo: old)
        case .copy(let source):
            return try place(try contents(of: source), at: target, in: folder, unlessEqualTo: old)
        case .previous(let stamp):
            guard let old, linkMakingFolders(old, target, in: folder) else {
                throw WriteError(description: "the previous site's \(file.path) went away during the build; build again")
            }
            return stamp
        case .staged:
            guard let stamp = FileStamp(path: target) else { throw WriteError(description: "'\(target)' went away during the build") }
            return stamp
        }
    }

    /// `link`, making the folders of `target` below `folder` first when they are missing.
    static func linkMakingFolders(_ old: String, _ target: String, in folder: String) -> Bool {
        if link(old, target) == 0 { return true }
        guard errno == ENOENT, makeFolders(of: target, below: folder) else { return false }
        return link(old, target) == 0
    }

    /// Makes the folders between `folder` (which exists) and the file `target` inside it.
    static func makeFolders(of target: String, below folder: String) -> Bool {
        var made = folder
        let inner = target.dropFirst(folder.utf8.count + 1).split(separator: "/").dropLast()
        for name in inner {
            made += "/" + name
            if mkdir(made, 0o777) != 0 && errno != EEXIST { return false }
        }
        return true
    }

    /// Writes `bytes` to a new file at `target`, or hard-links `old` there when it holds the
    /// same bytes (unchanged: it keeps its inode and time, and so its stamp). Plain system
    /// calls: the bytes are written from their own storage, and the old file is compared in
    /// place, without copies into `Data`.
    static func place(_ bytes: [UInt8], at target: String, in folder: String, unlessEqualTo old: String?) throws(WriteError) -> FileStamp {
        try bytes.withUnsafeBytes { bytes in
            Result { () throws(WriteError) in try place(bytes, at: target, in: folder, unlessEqualTo: old) }
        }.get()
    }

    static func place(_ bytes: UnsafeRawBufferPointer, at target: String, in folder: String,
                      unlessEqualTo old: String?) throws(WriteError) -> FileStamp {
        if let old, let stamp = stamp(old, ifItHolds: bytes), linkMakingFolders(old, target, in: folder) { return stamp }
        if !WholeFile.write(bytes, to: target) {
            guard errno == ENOENT, makeFolders(of: target, below: folder), WholeFile.write(bytes, to: target) else {
                throw WriteError(description: "cannot write '\(target)': \(String(cString: strerror(errno)))")
            }
        }
        guard let stamp = FileStamp(path: target) else {
            throw WriteError(description: "cannot read back '\(target)': \(String(cString: strerror(errno)))")
        }
        return stamp
    }

    /// The stamp of the file at `path` when it holds exactly `bytes`.
    static func stamp(_ path: String, ifItHolds bytes: UnsafeRawBufferPointer) -> FileStamp? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) == bytes.count else { return nil }
        let same = withUnsafeTemporaryAllocation(byteCount: 1 << 16, alignment: 16) { buffer in
            var offset = 0
            while offset < bytes.count {
                let count = read(descriptor, buffer.baseAddress!, min(buffer.count, bytes.count - offset))
                guard count > 0, memcmp(buffer.baseAddress!, bytes.baseAddress! + offset, count) == 0 else { return false }
                offset += count
            }
            return true
        }
        guard same else { return nil }
        return FileStamp(status: info)
    }

    static func contents(of path: String) throws(WriteError) -> [UInt8] {
        guard let bytes = WholeFile.read(path) else {
            throw WriteError(description: "cannot read '\(path)': \(String(cString: strerror(errno)))")
        }
        return bytes
    }

    /// Puts `staging` where `output` is and removes the old site.
    static func swapIn(_ staging: String, as output: String) throws {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: output) else {
            try fileManager.moveItem(atPath: staging, toPath: output)
            return
        }
        if syllabus_exchange_paths(staging, output) == 0 {
            removeTree(staging)   // now holds the old site
            return
        }
        // No atomic exchange here (another system or file system): two renames.
        let outputURL = URL(fileURLWithPath: output)
        let retired = outputURL.deletingLastPathComponent().appendingPathComponent(
            "." + outputURL.lastPathComponent + ".old-\(ProcessInfo.processInfo.processIdentifier)").path
        try fileManager.moveItem(atPath: output, toPath: retired)
        do {
            try fileManager.moveItem(atPath: staging, toPath: output)
        } catch {
            try? fileManager.moveItem(atPath: retired, toPath: output)
            throw error
        }
        removeTree(retired)
    }

    /// Removes a folder and everything in it, as far as it can.
    static func removeTree(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
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
