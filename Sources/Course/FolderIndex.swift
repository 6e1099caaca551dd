import Support
/// Which Markdown file opens a folder. `index.md` does; where a folder has none, its
/// `README.md` (GitHub's and mdBook's convention, in any case) or else `_index.md` (Hugo's and
/// Zola's) stands in for it: written as the folder's `index.html`, and at the top the
/// introduction of the home page. A plain folder of Markdown then opens on its README, and an
/// Obsidian vault without one on its `Home.md`.
enum FolderIndex {
    /// The sources among `paths` (Markdown files, relative to the content folder) that stand
    /// in for their folder's missing `index.md`.
    static func standIns(among paths: some Sequence<String>) -> Set<String> {
        var hasIndex: Set<String> = []
        var candidates: [String: (rank: Int, path: String)] = [:]
        for path in paths {
            let folder = RelativeURL.folder(of: path)
            let name = RelativeURL.fileName(of: path)
            if isIndex(name) { hasIndex.insert(folder); continue }
            guard let rank = standInRank(name, in: folder) else { continue }
            if let best = candidates[folder], (best.rank, best.path) <= (rank, path) { continue }
            candidates[folder] = (rank, path)
        }
        return Set(candidates.filter { !hasIndex.contains($0.key) }.map(\.value.path))
    }

    /// Whether `path` is among the `standIns(among: paths)`; a file not named as a stand-in
    /// answers without reading `paths`.
    static func opensFolder(_ path: String, among paths: some Sequence<String>) -> Bool {
        let folder = RelativeURL.folder(of: path)
        guard standInRank(RelativeURL.fileName(of: path), in: folder) != nil else { return false }
        return standIns(among: paths.lazy.filter { RelativeURL.folder(of: $0) == folder }).contains(path)
    }

    /// `index.md` (or `.markdown`, `.mdx`): the folder's own index page.
    private static func isIndex(_ name: String) -> Bool {
        name == "index.md" || name == "index.markdown" || name == "index.mdx"
    }

    /// 0 for a README, 1 for `_index.md`, 2 for a `Home.md` at the top (Obsidian's home
    /// note, in any case), nil for any other name.
    private static func standInRank(_ name: String, in folder: String) -> Int? {
        let lowered = name.lowercased()
        if lowered == "readme.md" || lowered == "readme.markdown" || lowered == "readme.mdx" { return 0 }
        if name == "_index.md" || name == "_index.mdx" { return 1 }
        if folder.isEmpty, lowered == "home.md" { return 2 }
        return nil
    }
}
