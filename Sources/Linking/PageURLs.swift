import Support
import Markdown
import Course

/// Relative URLs between the pages of a course. The part before the file name depends only on
/// the two folders, so it is worked out once per pair of folders instead of once per link.
struct PageURLs {
    private let outputPaths: [String]
    /// Per page: a number for its output folder, and its file name.
    private let folder: [Int]
    private let fileName: [String]
    private let folderCount: Int
    /// `../episodes/` and the like, by `from folder * folderCount + to folder`.
    private var prefixes: [Int: String] = [:]

    init(_ pages: [Page]) {
        var numbers: [String: Int] = [:]
        var folder: [Int] = []
        var fileName: [String] = []
        folder.reserveCapacity(pages.count)
        fileName.reserveCapacity(pages.count)
        for index in pages.indices {
            // The same parts RelativeURL.from compares: split at `/`, empty parts dropped. A
            // path the build made has none, and is cut at its last `/` without splitting.
            let path = pages[index].outputPath
            let key: String, name: String
            if RelativeURL.isPlain(path) {
                key = RelativeURL.folder(of: path)
                name = RelativeURL.fileName(of: path)
            } else {
                let parts = path.split(separator: "/")
                key = parts.dropLast().joined(separator: "/")
                name = String(parts.last ?? "")
            }
            let number = numbers[key, default: numbers.count]
            numbers[key] = number
            folder.append(number)
            fileName.append(name)
        }
        self.outputPaths = pages.indices.map { pages[$0].outputPath }
        self.folder = folder
        self.fileName = fileName
        self.folderCount = max(numbers.count, 1)
    }

    /// The URL of `target` from `page`: its file name alone on the page itself.
    mutating func url(from page: Int, to target: Int) -> String {
        guard target != page else { return fileName[page] }
        let name = fileName[target]
        guard !name.isEmpty else {
            let path = RelativeURL.from(outputPaths[page], to: outputPaths[target])
            return path.isEmpty ? fileName[page] : path
        }
        let key = folder[page] * folderCount + folder[target]
        if let prefix = prefixes[key] { return prefix + name }
        let full = RelativeURL.from(outputPaths[page], to: outputPaths[target])
        prefixes[key] = String(full.dropLast(name.count))
        return full
    }
}
