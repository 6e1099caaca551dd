/// "Did you mean": the candidate closest to what was written, within a few typos.
public enum Suggestion {
    public static func closest(to written: String, among candidates: some Sequence<String>) -> String? {
        Candidates(candidates).closest(to: written)
    }

    /// Candidates made ready once (lowercased, as scalars) for many questions: a course where
    /// a renamed page broke thousands of references asks about the same titles thousands of
    /// times (1,000 pages with a typo in each reference and fragment took 17 s).
    public struct Candidates: Sendable {
        private let names: [String]
        private let keys: [[Unicode.Scalar]]
        /// For paths: the length of each one's last part, which sets how many edits are close
        /// (two files of one deep folder share most of their paths, and are not alike for it).
        private let measuredLengths: [Int]?

        public init(_ candidates: some Sequence<String>) {
            names = Array(candidates)
            keys = names.map { Array($0.lowercased().unicodeScalars) }
            measuredLengths = nil
        }

        /// Paths, judged by their file names: `troubleshooting.md` is not close to
        /// `notes.md` for sitting in the same folder.
        public init(paths: some Sequence<String>) {
            names = Array(paths)
            keys = names.map { Array($0.lowercased().unicodeScalars) }
            measuredLengths = keys.map { key in key.count - (key.lastIndex(of: "/").map { $0 + 1 } ?? 0) }
        }

        /// The closest candidate within a third of the longer word (at least one edit), and
        /// fewer edits than the shorter has characters (so "Nah" suggests nothing where the only
        /// page is "A"); of equally close ones, the first in string order. Swapping two
        /// neighbouring characters is one edit.
        public func closest(to written: String, excluding excluded: String? = nil) -> String? {
            let target = Array(written.lowercased().unicodeScalars)
            guard !target.isEmpty else { return nil }
            let targetLength = measuredLengths == nil ? target.count : target.count - (target.lastIndex(of: "/").map { $0 + 1 } ?? 0)
            var best: (distance: Int, index: Int)?
            var rows = Suggestion.Rows()
            for index in keys.indices where names[index] != excluded {
                let option = keys[index]
                let optionLength = measuredLengths?[index] ?? option.count
                let limit = min(max(1, max(optionLength, targetLength) / 3), min(optionLength, targetLength) - 1)
                // Only as far as the best so far: a farther candidate cannot win.
                let bound = min(limit, best?.distance ?? limit)
                guard bound >= 0, abs(option.count - target.count) <= bound else { continue }
                let distance = Suggestion.editDistance(target, option, limit: bound, rows: &rows)
                guard distance <= bound else { continue }
                if let current = best, distance == current.distance, names[current.index] < names[index] { continue }
                best = (distance, index)
            }
            return best.map { names[$0.index] }
        }
    }

    /// The rows of the distance table, kept between calls.
    struct Rows {
        var beforeLast: [Int] = []
        var last: [Int] = []
        var current: [Int] = []
    }

    /// Levenshtein distance with a swap of two neighbours as one edit (optimal string
    /// alignment: "abuot" is one edit from "about"), giving up (returning `limit + 1`) once it
    /// must exceed `limit`.
    static func editDistance<Element: Equatable>(_ a: [Element], _ b: [Element], limit: Int, rows: inout Rows) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        rows.beforeLast.removeAll(keepingCapacity: true)
        rows.beforeLast.append(contentsOf: repeatElement(0, count: b.count + 1))
        rows.last.removeAll(keepingCapacity: true)
        rows.last.append(contentsOf: 0...b.count)
        rows.current.removeAll(keepingCapacity: true)
        rows.current.append(contentsOf: repeatElement(0, count: b.count + 1))
        for i in 1...a.count {
            rows.current[0] = i
            var rowMinimum = rows.current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var distance = min(rows.last[j] + 1, rows.current[j - 1] + 1, rows.last[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    distance = min(distance, rows.beforeLast[j - 2] + 1)
                }
                rows.current[j] = distance
                rowMinimum = min(rowMinimum, distance)
            }
            if rowMinimum > limit { return limit + 1 }
            swap(&rows.beforeLast, &rows.last)
            swap(&rows.last, &rows.current)
        }
        return rows.last[b.count]
    }
}
