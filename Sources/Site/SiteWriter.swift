import Foundation

/// Writes the site into a fresh folder beside the output and swaps it in only when every
/// file was written, so a failed build leaves the previous site as it was.
public enum SiteWriter {
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public static func write(_ files: [OutputFile], to output: String) throws(WriteError) {
        let fileManager = FileManager.default
        let outputURL = URL(fileURLWithPath: output).standardizedFileURL
        let parent = outputURL.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: outputURL.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw WriteError(description: "the output '\(output)' is a file, not a folder")
        }
        do {
            try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw WriteError(description: "cannot create the folder '\(parent.path)': \(error.localizedDescription)")
        }
        let token = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        let staging = parent.appendingPathComponent(".\(outputURL.lastPathComponent).building-\(token)")
        let retired = parent.appendingPathComponent(".\(outputURL.lastPathComponent).old-\(token)")
        do {
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
            var madeFolders = Set<String>()
            for file in files {
                let target = staging.appendingPathComponent(file.path)
                let folder = target.deletingLastPathComponent().path
                if madeFolders.insert(folder).inserted {
                    try fileManager.createDirectory(atPath: folder, withIntermediateDirectories: true)
                }
                switch file.content {
                case .text(let text):
                    try Data(text.utf8).write(to: target)
                case .copy(let source):
                    try fileManager.copyItem(atPath: source, toPath: target.path)
                }
            }
        } catch {
            try? fileManager.removeItem(at: staging)
            throw WriteError(description: "cannot write the site into '\(parent.path)': \(error.localizedDescription); the previous site is unchanged")
        }
        do {
            if fileManager.fileExists(atPath: outputURL.path) {
                try fileManager.moveItem(at: outputURL, to: retired)
            }
            try fileManager.moveItem(at: staging, to: outputURL)
            try? fileManager.removeItem(at: retired)
        } catch {
            if !fileManager.fileExists(atPath: outputURL.path), fileManager.fileExists(atPath: retired.path) {
                try? fileManager.moveItem(at: retired, to: outputURL)
            }
            try? fileManager.removeItem(at: staging)
            throw WriteError(description: "cannot replace '\(output)': \(error.localizedDescription); the previous site is unchanged")
        }
    }
}
