/// Related pages, scored like Hugo's related content but simpler, and fully deterministic.
///
/// The pages a page names in `related:` come first, in the author's order. The remaining
/// places (up to `related_count`) go to the best-scoring other pages:
/// - 80 for each tag the two pages share,
/// - 100 when either page refers to the other (`[see: …]` or a link),
/// - 40 when both lessons are in the same module.
/// A page needs at least `threshold` (80) to be shown: one shared tag, a reference, or two
/// weaker signals together. Ties go to the newer date, then the title, then the path.
public enum RelatedPages {
    public static let tagWeight = 80
    public static let referenceWeight = 100
    public static let moduleWeight = 40
    public static let threshold = 80

    static func compute(pages: [Page], explicit: [[Int]], edges: [Edge], moduleOf: [Int?], count: Int) -> [[Int]] {
        var referenced = [Set<Int>](repeating: [], count: pages.count)
        for edge in edges where edge.kind == .see || edge.kind == .link {
            referenced[edge.from].insert(edge.to)
            referenced[edge.to].insert(edge.from)
        }
        var pagesByTag: [String: [Int]] = [:]
        let tagSets = pages.map { Set($0.frontMatter.tags.map { $0.lowercased() }) }
        for (index, tags) in tagSets.enumerated() {
            for tag in tags { pagesByTag[tag, default: []].append(index) }
        }
        let keys = pages.map { (date: $0.date ?? "", title: $0.title, path: $0.sourcePath) }
        return pages.indices.map { page in
            var result = explicit[page]
            guard result.count < count else { return result }
            var scores: [Int: Int] = [:]
            for tag in tagSets[page] {
                for other in pagesByTag[tag] ?? [] { scores[other, default: 0] += tagWeight }
            }
            for other in referenced[page] { scores[other, default: 0] += referenceWeight }
            if let module = moduleOf[page] {
                for other in pages.indices where moduleOf[other] == module { scores[other, default: 0] += moduleWeight }
            }
            let taken = Set(result).union([page])
            // Only the best few are shown: keep them while scanning instead of sorting all.
            var best: [(page: Int, score: Int)] = []
            let wanted = count - result.count
            for (other, score) in scores where score >= threshold && !taken.contains(other) && !pages[other].isHomeIntro {
                let position = best.firstIndex { ranksBefore((other, score), $0, keys) } ?? best.count
                if position < wanted {
                    best.insert((other, score), at: position)
                    if best.count > wanted { best.removeLast() }
                }
            }
            let ranked = best.map { (key: $0.page, value: $0.score) }
            result += ranked.map(\.key)
            return result
        }
    }

    /// Higher score first, then the newer date, then the title, then the path.
    static func ranksBefore(_ a: (page: Int, score: Int), _ b: (page: Int, score: Int),
                            _ keys: [(date: String, title: String, path: String)]) -> Bool {
        if a.score != b.score { return a.score > b.score }
        let left = keys[a.page], right = keys[b.page]
        if left.date != right.date { return left.date > right.date }
        return (left.title, left.path) < (right.title, right.path)
    }
}
