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
            let reason = (error as? WriteError)?.description ?? error.localizedDescription
            throw WriteError(description: "cannot write the site into '\(parent.path)': \(reason); the previous site is unchanged")
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
                case .text(var text):
                    // Written from the string's own bytes; compared with the old file only when
                    // the sizes agree.
                    let problem = text.withUTF8 { bytes -> WriteError? in
                        if let old, hasBytes(bytes, atPath: old), link(old, target) == 0 { return nil }   // unchanged: keeps its inode and time
                        return write(bytes, to: target)
                    }
                    if let problem { throw problem }
                case .copy(let source):
                    let bytes = try Data(contentsOf: URL(fileURLWithPath: source))
                    if let old, FileManager.default.contents(atPath: old) == bytes, link(old, target) == 0 {
                        // Unchanged: keeps its inode and time.
                    } else {
                        try bytes.write(to: URL(fileURLWithPath: target))
                    }
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

    /// Whether the file at `path` holds exactly `bytes`: a file of another size is not read.
    static func hasBytes(_ bytes: UnsafeBufferPointer<UInt8>, atPath path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, Int(info.st_size) == bytes.count, let old = WholeFile.read(path), old.count == bytes.count else { return false }
        return old.withUnsafeBufferPointer { buffer in
            guard let oldBase = buffer.baseAddress, let newBase = bytes.baseAddress else { return bytes.isEmpty }
            return memcmp(oldBase, newBase, bytes.count) == 0
        }
    }

    /// Creates `path` with `bytes` (mode 0666 less the umask, as Foundation writes); what went
    /// wrong, or nil.
    static func write(_ bytes: UnsafeBufferPointer<UInt8>, to path: String) -> WriteError? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { return WriteError(description: "cannot create \(path): \(String(cString: strerror(errno)))") }
        var written = 0
        while written < bytes.count, let base = bytes.baseAddress {
            let count = Glibc.write(descriptor, base + written, bytes.count - written)
            guard count > 0 else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                return WriteError(description: "cannot write \(path): \(reason)")
            }
            written += count
        }
        guard close(descriptor) == 0 else { return WriteError(description: "cannot write \(path): \(String(cString: strerror(errno)))") }
        return nil
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
