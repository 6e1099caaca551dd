import Support
import Markdown
import Course

/// Finds pages by title, alias or slug, the way references name them.
public struct PageIndex: Sendable {
    /// The pages a normalized name finds, and the name as first written, for suggestions.
    private struct Named {
        var name: String
        var pages: [Int]

        /// A page's title and slug often normalize alike: it is listed once.
        mutating func add(_ page: Int) {
            if pages.last != page { pages.append(page) }
        }
    }
    private var byKey: [String: Named] = [:]
    private var byPath: [String: Int] = [:]
    private var byOutput: [String: Int] = [:]

    init(_ pages: [Page], jobs: Int = 1) {
        // Normalizing every title, alias and slug is most of the work: it is done on `jobs`
        // threads, and the keys are indexed in page order as before.
        let keyed = Parallel.blockingMap(pages.count, jobs: jobs) { index in
            // Fields read in place: copying a whole Page retains every one of its fields.
            ([pages[index].title] + pages[index].frontMatter.aliases + [pages[index].slug]).map { (key: TitleKey.normalize($0), name: $0) }
        }
        // The names on one core, the paths on the other: each table is filled in page order.
        let tables = Parallel.blockingMap(2, jobs: jobs) { part -> PageIndex in
            var tables = PageIndex()
            if part == 0 {
                tables.byKey.reserveCapacity(pages.count * 3)
                for index in pages.indices {
                    for (key, name) in keyed[index] {
                        // One lookup for each key: the entry is changed in place.
                        tables.byKey[key, default: Named(name: name, pages: [])].add(index)
                    }
                }
            } else {
                tables.byPath.reserveCapacity(pages.count)
                tables.byOutput.reserveCapacity(pages.count)
                for index in pages.indices {
                    tables.byPath[pages[index].sourcePath] = index
                    tables.byOutput[pages[index].outputPath] = index
                }
            }
            return tables
        }
        byKey = tables[0].byKey
        byPath = tables[1].byPath
        byOutput = tables[1].byOutput
    }

    private init() {}

    /// The pages a title, alias or slug names, in page order.
    public func pages(named name: String) -> [Int] { byKey[TitleKey.normalize(name)]?.pages ?? [] }
    func page(atSourcePath path: String) -> Int? { byPath[path] }
    func page(atOutputPath path: String) -> Int? { byOutput[path] }

    /// The names as suggestion candidates (made by a lane when it first needs them).
    func nameCandidates() -> Suggestion.Candidates { Suggestion.Candidates(byKey.keys) }

    func closestName(to written: String, among candidates: Suggestion.Candidates) -> String? {
        candidates.closest(to: TitleKey.normalize(written)).flatMap { byKey[$0]?.name }
    }
}
