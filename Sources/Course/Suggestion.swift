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

        public init(_ candidates: some Sequence<String>) {
            names = Array(candidates)
            keys = names.map { Array($0.lowercased().unicodeScalars) }
        }

        /// The closest candidate within a third of the longer word (at least two edits); of
        /// equally close ones, the first in string order.
        public func closest(to written: String) -> String? {
            let target = Array(written.lowercased().unicodeScalars)
            guard !target.isEmpty else { return nil }
            var best: (distance: Int, index: Int)?
            var rows = ([Int](), [Int]())
            for index in keys.indices {
                let option = keys[index]
                let limit = max(2, max(option.count, target.count) / 3)
                // Only as far as the best so far: a farther candidate cannot win.
                let bound = min(limit, best?.distance ?? limit)
                guard abs(option.count - target.count) <= bound else { continue }
                let distance = Suggestion.editDistance(target, option, limit: bound, rows: &rows)
                guard distance <= bound else { continue }
                if let current = best, distance == current.distance, names[current.index] < names[index] { continue }
                best = (distance, index)
            }
            return best.map { names[$0.index] }
        }
    }

    /// Levenshtein distance, giving up (returning `limit + 1`) once it must exceed `limit`;
    /// the two rows of the table are the caller's, kept between calls.
    static func editDistance<Element: Equatable>(_ a: [Element], _ b: [Element], limit: Int, rows: inout ([Int], [Int])) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        rows.0.removeAll(keepingCapacity: true)
        rows.0.append(contentsOf: 0...b.count)
        rows.1.removeAll(keepingCapacity: true)
        rows.1.append(contentsOf: repeatElement(0, count: b.count + 1))
        for i in 1...a.count {
            rows.1[0] = i
            var rowMinimum = rows.1[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                rows.1[j] = min(rows.0[j] + 1, rows.1[j - 1] + 1, rows.0[j - 1] + cost)
                rowMinimum = min(rowMinimum, rows.1[j])
            }
            if rowMinimum > limit { return limit + 1 }
            swap(&rows.0, &rows.1)
        }
        return rows.0[b.count]
    }
}
