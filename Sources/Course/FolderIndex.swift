import Support
/// Which Markdown file opens a folder. `index.md` does; where a folder has none, its
/// `README.md` (GitHub's and mdBook's convention, in any case) or else `_index.md` (Hugo's and
/// Zola's) stands in for it: written as the folder's `index.html`, and at the top the
/// introduction of the home page. A plain folder of Markdown then opens on its README.
enum FolderIndex {
    /// The sources among `paths` (Markdown files, relative to the content folder) that stand
    /// in for their folder's missing `index.md`.
    static func standIns(among paths: some Sequence<String>) -> Set<String> {
        var hasIndex: Set<String> = []
        var candidates: [String: (rank: Int, path: String)] = [:]
        for path in paths {
            let folder = RelativeURL.folder(of: path)
            let name = RelativeURL.fileName(of: path)
            if name == "index.md" { hasIndex.insert(folder); continue }
            guard let rank = standInRank(name) else { continue }
            if let best = candidates[folder], (best.rank, best.path) <= (rank, path) { continue }
            candidates[folder] = (rank, path)
        }
        return Set(candidates.filter { !hasIndex.contains($0.key) }.map(\.value.path))
    }

    /// Whether `path` is among the `standIns(among: paths)`; a file not named as a stand-in
    /// answers without reading `paths`.
    static func opensFolder(_ path: String, among paths: some Sequence<String>) -> Bool {
        guard standInRank(RelativeURL.fileName(of: path)) != nil else { return false }
        let folder = RelativeURL.folder(of: path)
        return standIns(among: paths.lazy.filter { RelativeURL.folder(of: $0) == folder }).contains(path)
    }

    /// 0 for a README, 1 for `_index.md`, nil for any other name.
    private static func standInRank(_ name: String) -> Int? {
        let lowered = name.lowercased()
        if lowered == "readme.md" || lowered == "readme.markdown" || lowered == "readme.mdx" { return 0 }
        if name == "_index.md" || name == "_index.mdx" { return 1 }
        return nil
    }
}
