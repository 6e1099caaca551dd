import Support
import Markdown
import Course

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

    /// `compute`, kept in `cacheFile` under a hash of everything it reads: a body edit that
    /// changes no tag, title, date or reference leaves every page's related list as it was.
    static func compute(pages: [Page], explicit: [[Int]], edges: [Edge], moduleOf: [Int?], count: Int,
                        cacheFile: String?, jobs: Int = 1) -> [[Int]] {
        guard let cacheFile else {
            return compute(pages: pages, explicit: explicit, edges: edges, moduleOf: moduleOf, count: count, jobs: jobs)
        }
        var hasher = StableHasher(seed: 0x5245_4C41)
        hasher.combine(count)
        hasher.combine(pages.count)
        // Fields read in place: a copy of a page retains every string it holds.
        for index in pages.indices {
            hasher.combine(pages[index].sourcePath)
            hasher.combine(pages[index].title)
            hasher.combine(pages[index].date ?? "\u{0}")
            hasher.combine(pages[index].frontMatter.tags.count)
            for tag in pages[index].frontMatter.tags { hasher.combine(tag) }
            hasher.combine(explicit[index].count)
            for other in explicit[index] { hasher.combine(other) }
            hasher.combine(moduleOf[index] ?? -1)
        }
        for edge in edges where edge.kind == .see || edge.kind == .link {
            hasher.combine(edge.from)
            hasher.combine(edge.to)
        }
        let fingerprint = hasher.finalize()
        let stored = BuildCache.contents(of: cacheFile)
        if !stored.isEmpty {
            let lists = stored.withUnsafeBytes { buffer -> [[Int]]? in
                var reader = ByteReader(buffer)
                do throws(ByteReader.Damaged) {
                    guard try reader.uint64() == fingerprint else { return nil }
                    let lists = try reader.array { reader throws(ByteReader.Damaged) in
                        try reader.array { reader throws(ByteReader.Damaged) in try reader.int() }
                    }
                    guard reader.isAtEnd, lists.count == pages.count, lists.joined().allSatisfy(pages.indices.contains) else { return nil }
                    return lists
                } catch {
                    return nil
                }
            }
            if let lists { return lists }
        }
        let lists = compute(pages: pages, explicit: explicit, edges: edges, moduleOf: moduleOf, count: count, jobs: jobs)
        var writer = ByteWriter(capacity: pages.count * 8)
        writer.write(fingerprint)
        writer.write(lists) { writer, list in writer.write(list) { writer, other in writer.write(other) } }
        BuildCache.replace(cacheFile, with: writer.bytes)
        return lists
    }

    /// Scores every page's candidates on `jobs` lanes: a page's list depends only on the
    /// shared tables, so the lists are the same whichever lane makes them.
    static func compute(pages: [Page], explicit: [[Int]], edges: [Edge], moduleOf: [Int?], count: Int, jobs: Int = 1) -> [[Int]] {
        // The tables every page's scoring reads are made once, before the lanes start, so
        // they are made cheaply: lists and numbers, not sets of strings, and fields read in
        // place (a copy of a page retains every string it holds).
        var referencedBy = [[Int]](repeating: [], count: pages.count)
        for edge in edges where edge.kind == .see || edge.kind == .link {
            referencedBy[edge.from].append(edge.to)
            referencedBy[edge.to].append(edge.from)
        }
        // Tags by number, compared lowercased: each page's distinct tags, and each tag's pages in page order.
        var tagNumbers: [String: Int] = [:]
        var pagesByTag: [[Int]] = []
        var tagsOfPage = [[Int]](repeating: [], count: pages.count)
        for page in pages.indices {
            for tag in pages[page].frontMatter.tags {
                let key = tag.lowercased()
                let number: Int
                if let known = tagNumbers[key] {
                    number = known
                } else {
                    number = pagesByTag.count
                    tagNumbers[key] = number
                    pagesByTag.append([])
                }
                guard !tagsOfPage[page].contains(number) else { continue }
                tagsOfPage[page].append(number)
                pagesByTag[number].append(page)
            }
        }
        var pagesByModule: [Int: [Int]] = [:]
        for (page, module) in moduleOf.enumerated() {
            if let module { pagesByModule[module, default: []].append(page) }
        }
        let rank = tieRanks(pages)
        // Asked of every candidate of every page: a flag, not a comparison of paths.
        let isHomeIntro = pages.indices.map { pages[$0].isHomeIntro }
        let referenced = referencedBy, tagged = pagesByTag, tagsOf = tagsOfPage, modulePages = pagesByModule
        return Parallel.blockingMap(pages.count, jobs: jobs, lane: { Scratch(pages: pages.count) }) { scratch, page -> [Int] in
            let scores = scratch.scores, counted = scratch.referenceCounted
            var result = explicit[page]
            guard result.count < count else { return result }
            for tag in tagsOf[page] {
                tagged[tag].withUnsafeBufferPointer { others in
                    for other in others {
                        if scores[other] == 0 { scratch.candidates.append(other) }
                        scores[other] &+= tagWeight
                    }
                }
            }
            // A page that refers to this one twice, or both ways, counts once.
            for other in referenced[page] where counted[other] != page {
                counted[other] = page
                if scores[other] == 0 { scratch.candidates.append(other) }
                scores[other] &+= referenceWeight
            }
            if let module = moduleOf[page] {
                for other in modulePages[module] ?? [] {
                    if scores[other] == 0 { scratch.candidates.append(other) }
                    scores[other] &+= moduleWeight
                }
            }
            // Only the best few are shown: keep them while scanning instead of sorting all.
            var best: [(page: Int, score: Int)] = []
            let wanted = count - result.count
            for other in scratch.candidates {
                let score = scores[other]
                scores[other] = 0
                guard score >= threshold, other != page, !result.contains(other), !isHomeIntro[other] else { continue }
                if best.count == wanted, let last = best.last,
                   score < last.score || (score == last.score && rank[other] > rank[last.page]) { continue }
                let position = best.firstIndex { score > $0.score || (score == $0.score && rank[other] < rank[$0.page]) } ?? best.count
                if position < wanted {
                    best.insert((other, score), at: position)
                    if best.count > wanted { best.removeLast() }
                }
            }
            scratch.candidates.removeAll(keepingCapacity: true)
            result += best.map(\.page)
            return result
        }
    }

    /// Scores of the current page's candidates, by page, reset after each page: one per lane. A
    /// tag shared by many pages makes many candidates (millions of additions in a large
    /// course), so they are counted in a raw buffer: no bounds checks, no captured box.
    private final class Scratch {
        let scores: UnsafeMutableBufferPointer<Int>
        /// The last page whose references counted each page: a reference is counted once.
        let referenceCounted: UnsafeMutableBufferPointer<Int>
        var candidates: [Int] = []

        init(pages: Int) {
            scores = .allocate(capacity: pages)
            scores.initialize(repeating: 0)
            referenceCounted = .allocate(capacity: pages)
            referenceCounted.initialize(repeating: -1)
        }

        deinit {
            scores.deallocate()
            referenceCounted.deallocate()
        }
    }

    /// Each page's place in the order that breaks ties between equal scores: the newer date
    /// first, then the title, then the path.
    static func tieRanks(_ pages: [Page]) -> [Int] {
        let keys = pages.indices.map { (date: pages[$0].date ?? "", title: pages[$0].title, path: pages[$0].sourcePath) }
        let order = pages.indices.sorted { a, b in
            let left = keys[a], right = keys[b]
            if left.date != right.date { return left.date > right.date }
            return (left.title, left.path) < (right.title, right.path)
        }
        var rank = [Int](repeating: 0, count: pages.count)
        for (position, page) in order.enumerated() { rank[page] = position }
        return rank
    }
}
