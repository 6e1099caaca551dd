import Support
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

    /// Writes `files` as a new site and swaps it in (or leaves the output alone when it already
    /// holds exactly these files). Returns the stamp of every file of the new site (size, time,
    /// inode), by path.
    @discardableResult
    public static func write(_ files: [OutputFile], to output: String, jobs: Int = 1) throws(WriteError) -> [String: FileStamp] {
        let staging = try Staging(output: output)
        // Creating many files is much of a build's time: several threads.
        let stamps = Parallel.blockingMap(files.count, jobs: max(1, min(jobs, 8))) { staging.place(files[$0]) }
        try staging.commit(jobs: jobs)
        var byPath: [String: FileStamp] = [:]
        for (file, stamp) in zip(files, stamps) { byPath[file.path] = stamp }
        return byPath
    }

    /// A new site being written into a fresh folder beside the output, under the lock, until
    /// `commit` swaps it in or `discard` removes it. Files may be placed from several threads
    /// at once, as soon as each is made: a build need not hold its whole site in memory.
    public final class Staging: Sendable {
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
        /// Each folder of the new site, made and opened when its first file comes, and the same
        /// folder of the previous site (-1 when it has none), by relative path: files are
        /// compared and linked by name in them (`openat`, `linkat`), not by two paths walked
        /// from the root for each of thousands of files.
        private let folders = Mutex<[String: (new: Int32, old: Int32)]>([:])
        /// Files equal to the previous site's, by folder: they are linked into the new site only
        /// at `commit`, and only when something else changed (see there).
        private let kept = Mutex<[String: [String]]>([:])
        /// Whether a file was written into the new site (new, or different from the previous).
        private let wroteAny = Atomic<Bool>(false)

        public init(output: String) throws(WriteError) {
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
        public func place(_ file: OutputFile) -> FileStamp? {
            if failure.withLock({ $0 != nil }) { return nil }
            do {
                return try placeOrThrow(file)
            } catch {
                failure.withLock { if $0 == nil { $0 = error.description } }
                return nil
            }
        }

        /// A file whose bytes equal the previous site's is not written: it is hard-linked from the
        /// previous site at `commit`, so it keeps its inode and modification time. A file the
        /// renderer marked `.previous` is kept without reading it.
        private func placeOrThrow(_ file: OutputFile) throws(WriteError) -> FileStamp {
            let target = path + "/" + file.path
            let folder = RelativeURL.folder(of: file.path), name = RelativeURL.fileName(of: file.path)
            let (new, old) = descriptors(of: folder)
            guard new >= 0 else { throw WriteError(description: "cannot create the folder '\(path)/\(folder)'") }
            switch file.content {
            case .bytes(let bytes):
                return try place(bytes, at: target, named: name, folder: folder, previous: old)
            case .copy(let source):
                return try place(try contents(of: source), at: target, named: name, folder: folder, previous: old)
            case .previous(let stamp):
                guard old >= 0 else {
                    throw WriteError(description: "the previous site's \(file.path) went away during the build; build again")
                }
                keep(name, in: folder)
                return stamp
            case .staged:
                guard let stamp = FileStamp(path: target) else { throw WriteError(description: "'\(target)' went away during the build") }
                return stamp
            }
        }

        private func place(_ bytes: [UInt8], at target: String, named name: String, folder: String,
                           previous old: Int32) throws(WriteError) -> FileStamp {
            if old >= 0, let stamp = bytes.withUnsafeBytes({ SiteWriter.stamp(openat(old, name, O_RDONLY | O_CLOEXEC), ifItHolds: $0) }) {
                keep(name, in: folder)
                return stamp
            }
            wroteAny.store(true, ordering: .relaxed)
            return try SiteWriter.write(bytes, to: target)
        }

        private func keep(_ name: String, in folder: String) {
            kept.withLock { $0[folder, default: []].append(name) }
        }

        /// The open folder `folder` of the new site, made if needed, and of the previous site.
        private func descriptors(of folder: String) -> (new: Int32, old: Int32) {
            folders.withLock { open in
                if let known = open[folder] { return known }
                let newPath = RelativeURL.joined(path, folder)
                if !folder.isEmpty { _ = makeFolders(of: newPath + "/-", below: path) }
                let new = Glibc.open(newPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                let old = previous.map { Glibc.open(RelativeURL.joined($0, folder), O_RDONLY | O_DIRECTORY | O_CLOEXEC) } ?? -1
                open[folder] = (new, old)
                return (new, old)
            }
        }

        private func closeFolders() {
            folders.withLock { open in
                for (new, old) in open.values {
                    if new >= 0 { close(new) }
                    if old >= 0 { close(old) }
                }
                open = [:]
            }
        }

        /// Swaps the new site in when every file was placed; otherwise removes it and throws.
        /// When every file equals the previous site's and that site holds nothing else, the
        /// previous site already is the new one: it stays as it is, and nothing is linked,
        /// swapped or removed (a build of an unchanged course changes nothing on disk).
        public func commit(jobs: Int = 1) throws(WriteError) {
            defer { lock.release() }
            if let message = failure.withLock({ $0 }) {
                closeFolders()
                removeTree(path)
                throw WriteError(description: "cannot write the site into '\(parentPath)': \(message); the previous site is unchanged")
            }
            let keptFiles = kept.withLock { $0 }
            if !wroteAny.load(ordering: .relaxed), let previous,
               SiteWriter.holdsExactly(previous, files: Set(keptFiles.flatMap { folder, names in names.map { RelativeURL.joined(folder, $0) } }), jobs: jobs) {
                closeFolders()
                removeTree(path)
                return
            }
            let open = folders.withLock { $0 }
            let groups = Array(keptFiles)
            // Linking thousands of names into folders is much of a build's system time: both cores.
            let failed = Parallel.blockingMap(groups.count, jobs: max(1, min(jobs, 8))) { index -> String? in
                let (folder, names) = groups[index]
                guard let descriptors = open[folder] else { return folder }
                for name in names where linkat(descriptors.old, name, descriptors.new, name, 0) != 0 {
                    return RelativeURL.joined(folder, name)
                }
                return nil
            }.compactMap { $0 }
            closeFolders()
            if let missing = failed.first {
                removeTree(path)
                throw WriteError(description: "cannot write the site into '\(parentPath)': the previous site's \(missing) went away during the build; build again; the previous site is unchanged")
            }
            do {
                try swapIn(path, as: outputPath)
            } catch {
                removeTree(path)
                throw WriteError(description: "cannot replace '\(output)': \(error.localizedDescription); the previous site is unchanged")
            }
        }

        /// Removes the new site: the build failed, the previous one stays.
        public func discard() {
            closeFolders()
            removeTree(path)
            lock.release()
        }
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

    /// Writes `bytes` to a new file at `target`; its stamp. Plain system calls: the bytes are
    /// written from their own storage, without a copy into `Data`.
    static func write(_ bytes: [UInt8], to target: String) throws(WriteError) -> FileStamp {
        guard bytes.withUnsafeBytes({ WholeFile.write($0, to: target) }) else {
            throw WriteError(description: "cannot write '\(target)': \(String(cString: strerror(errno)))")
        }
        guard let stamp = FileStamp(path: target) else {
            throw WriteError(description: "cannot read back '\(target)': \(String(cString: strerror(errno)))")
        }
        return stamp
    }

    /// Whether the site at `root` holds exactly the files `files` (relative paths), the
    /// folders holding them and nothing else: no other file, folder, link or special file.
    /// Read with the survey quick rebuilds use (10,000 files: about 40 ms).
    static func holdsExactly(_ root: String, files: Set<String>, jobs: Int) -> Bool {
        // Hidden entries at the top are the owner's (see `swapIn`), not part of the site.
        guard let survey = FolderSurvey(root, leavingOut: .none, jobs: jobs) else { return false }
        let siteFiles = survey.files.keys.filter { !isKeptHidden($0) }
        guard siteFiles.count == files.count else { return false }
        return Set(survey.folders.filter { !isKeptHidden($0) }) == RelativeURL.folders(holding: files).subtracting([""])
            && files.allSatisfy { survey.files[$0] != nil }
    }

    /// Whether a path of the output (or a name at its top) lies in a hidden entry at its top
    /// (`.git/…`, `.nojekyll`): the owner's, which a build keeps.
    static func isKeptHidden(_ relative: String) -> Bool {
        relative.hasPrefix(".")
    }

    /// The entries at the top of `folder` (not hidden ones) when it exists, holds something and
    /// was not written by a build (it has no graph.json); nil when it is missing or not a folder.
    public static func foreignEntries(of folder: String) -> [String]? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return nil }
        let visible = names.filter { !isKeptHidden($0) }.sorted()
        if visible.contains("graph.json") { return [] }
        return visible
    }

    /// Moves the hidden entries at the top of `old` (the site being replaced) into `new` and
    /// returns their names: a build replaces the site, not the `.git` of a gh-pages checkout
    /// or a `.nojekyll` someone put there. When one cannot be moved, those moved go back and
    /// it throws.
    static func carryHiddenEntries(from old: String, to new: String) throws(WriteError) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: old) else { return [] }
        var carried: [String] = []
        for name in names.sorted() where isKeptHidden(name) {
            guard rename(old + "/" + name, new + "/" + name) == 0 else {
                let reason = String(cString: strerror(errno))
                for back in carried { _ = rename(new + "/" + back, old + "/" + back) }
                throw WriteError(description: "cannot keep '\(name)' in the new site: \(reason); the previous site is unchanged")
            }
            carried.append(name)
        }
        return carried
    }

    /// The stamp of the file open as `descriptor`, which this closes, when it holds exactly
    /// `bytes`.
    static func stamp(_ descriptor: Int32, ifItHolds bytes: UnsafeRawBufferPointer) -> FileStamp? {
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
        // The owner's hidden entries go into the new site before the swap, so the old site
        // that is removed after it never holds them; if one cannot go, nothing is swapped.
        let carried = try carryHiddenEntries(from: output, to: staging)
        func bringBack() {
            for name in carried { _ = rename(staging + "/" + name, output + "/" + name) }
        }
        if syllabus_exchange_paths(staging, output) == 0 {
            removeTree(staging)   // now holds the old site
            return
        }
        // No atomic exchange here (another system or file system): two renames.
        let outputURL = URL(fileURLWithPath: output)
        let retired = outputURL.deletingLastPathComponent().appendingPathComponent(
            "." + outputURL.lastPathComponent + ".old-\(ProcessInfo.processInfo.processIdentifier)").path
        do {
            try fileManager.moveItem(atPath: output, toPath: retired)
        } catch {
            bringBack()
            throw error
        }
        do {
            try fileManager.moveItem(atPath: staging, toPath: output)
        } catch {
            try? fileManager.moveItem(atPath: retired, toPath: output)
            bringBack()
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
    public static func replace(_ files: [(path: String, bytes: [UInt8])], in output: String) throws(WriteError) -> [String: FileStamp] {
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
