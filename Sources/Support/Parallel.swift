import Dispatch
import Synchronization

/// Runs work for 0..<count on a fixed number of lanes and returns the results in index
/// order, whichever finished first: parallel, and still deterministic.
///
/// Lanes take the indices in short runs from a shared counter, not a fixed share each. On
/// these virtual machines one core is often slower than the other for a while; with fixed
/// shares the faster lane finished its half and waited (a 10,000-page check spent 40 ms of
/// its compile and 60 ms of its linking on one core), and now it takes the other's runs.
public enum Parallel {
    public static func map<T: Sendable>(_ count: Int, jobs: Int, _ work: @escaping @Sendable (Int) -> T) async -> [T] {
        await map(count, jobs: jobs, lane: { () }) { _, index in work(index) }
    }

    /// `map` where each lane keeps a state of its own across the indices it takes (memos,
    /// buffers); the results must not depend on which lane computed them.
    public static func map<State, T: Sendable>(_ count: Int, jobs: Int, lane makeState: @escaping @Sendable () -> State,
                                               _ work: @escaping @Sendable (inout State, Int) -> T) async -> [T] {
        guard count > 0 else { return [] }
        let lanes = min(max(1, jobs), count)
        let claims = Claims(count: count, lanes: lanes)
        return await withTaskGroup(of: [(Int, T)].self) { group in
            for _ in 0..<lanes {
                group.addTask {
                    var state = makeState()
                    var done: [(Int, T)] = []
                    while let run = claims.next() {
                        for index in run { done.append((index, work(&state, index))) }
                    }
                    return done
                }
            }
            var batches: [[(Int, T)]] = []
            for await batch in group { batches.append(batch) }
            // Every index is in exactly one batch. The values are moved into place, not copied:
            // a compiled page holds dozens of references, and copying retains each of them.
            return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                while var batch = batches.popLast() {
                    while let (index, value) = batch.popLast() { (buffer.baseAddress! + index).initialize(to: value) }
                }
                initialized = count
            }
        }
    }

    /// `map` for code that is not async (reading and writing files): the calling thread
    /// works as one of the lanes while the others run on Dispatch's threads.
    public static func blockingMap<T: Sendable>(_ count: Int, jobs: Int, _ work: @Sendable (Int) -> T) -> [T] {
        blockingMap(count, jobs: jobs, lane: { () }) { _, index in work(index) }
    }

    /// `blockingMap` where each lane keeps a state of its own, as in `map(_:jobs:lane:_:)`.
    public static func blockingMap<State, T: Sendable>(_ count: Int, jobs: Int, lane makeState: @Sendable () -> State,
                                                       _ work: @Sendable (inout State, Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        let lanes = min(max(1, jobs), count)
        let claims = Claims(count: count, lanes: lanes)
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            // Each index is claimed by one lane only, so the lanes write to disjoint slots.
            let slots = Slots(base: buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: lanes) { _ in
                var state = makeState()
                while let run = claims.next() {
                    for index in run { (slots.base + index).initialize(to: work(&state, index)) }
                }
            }
            initialized = count
        }
    }

    /// The next run of indices for whichever lane asks.
    private final class Claims: Sendable {
        private let claimed = Atomic<Int>(0)
        private let count: Int
        private let runLength: Int

        init(count: Int, lanes: Int) {
            self.count = count
            // Short enough that lanes end within a few pages of each other, long enough that
            // the counter is touched a few hundred times, not once per page.
            runLength = max(1, min(16, count / (lanes * 16)))
        }

        func next() -> Range<Int>? {
            let start = claimed.add(runLength, ordering: .relaxed).oldValue
            guard start < count else { return nil }
            return start..<min(start + runLength, count)
        }
    }

    private struct Slots<T>: @unchecked Sendable {
        let base: UnsafeMutablePointer<T>
    }
}
