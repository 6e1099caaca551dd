import Course
import Linking
import Support

/// What each folder the site lists holds (`CourseGraph.listedFolders`: folders without a page
/// of their own that pages link to), gathered in one pass over the course's folders, pages and
/// files rather than one for each listing.
struct FolderListings: Sendable {
    struct Entry: Sendable {
        var name: String
        /// The entry's path in the site (a folder's `index.html`), nil for a folder that has
        /// neither a page nor a listing of its own.
        var target: String?
        var isFolder: Bool
        /// A file of the course, linked by its name as written (percent-encoded).
        var isFile = false
    }

    private(set) var entries: [String: [Entry]] = [:]

    init(_ graph: CourseGraph) {
        guard !graph.listedFolders.isEmpty else { return }
        let listed = Set(graph.listedFolders)
        let course = graph.course
        let written = Set(graph.pages.map(\.outputPath)).union(course.files)
        var folders: [String: [Entry]] = [:], pages: [String: [(title: String, path: String)]] = [:], files: [String: [Entry]] = [:]
        for sub in course.directories.sorted() {
            let parent = RelativeURL.folder(of: sub)
            guard parent != sub, listed.contains(parent) else { continue }
            let index = RelativeURL.joined(sub, "index.html")
            let opens = listed.contains(sub) || written.contains(index)
            folders[parent, default: []].append(Entry(name: RelativeURL.fileName(of: sub), target: opens ? index : nil, isFolder: true))
        }
        for page in graph.pages {
            let folder = RelativeURL.folder(of: page.sourcePath)
            if listed.contains(folder) { pages[folder, default: []].append((page.title, page.outputPath)) }
        }
        for file in course.files.sorted() {
            let folder = RelativeURL.folder(of: file)
            if listed.contains(folder) { files[folder, default: []].append(Entry(name: RelativeURL.fileName(of: file), target: file, isFolder: false, isFile: true)) }
        }
        for folder in listed {
            // Its folders, then its pages by title, then its other files.
            let byTitle = (pages[folder] ?? []).sorted { $0.title < $1.title }.map { Entry(name: $0.title, target: $0.path, isFolder: false) }
            entries[folder] = (folders[folder] ?? []) + byTitle + (files[folder] ?? [])
        }
    }
}
