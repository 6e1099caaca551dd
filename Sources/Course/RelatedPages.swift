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
            let ranked = scores.filter { $0.value >= threshold && !taken.contains($0.key) && !pages[$0.key].isHomeIntro }
                .sorted { a, b in
                    if a.value != b.value { return a.value > b.value }
                    let dateA = pages[a.key].date ?? "", dateB = pages[b.key].date ?? ""
                    if dateA != dateB { return dateA > dateB }
                    return (pages[a.key].title, pages[a.key].sourcePath) < (pages[b.key].title, pages[b.key].sourcePath)
                }
            result += ranked.prefix(count - result.count).map(\.key)
            return result
        }
    }
}
