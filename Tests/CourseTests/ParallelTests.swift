import Support
import Course
import Foundation
import Synchronization
import Testing

/// The lanes take runs of indices as they finish, so which lane computes what changes from run
/// to run; the results must not.
@Suite struct ParallelTests {
    @Test(arguments: [0, 1, 2, 15, 16, 255, 256, 1_000, 4_099])
    func everyIndexOnceInOrder(count: Int) async {
        for jobs in [1, 2, 3, 8] {
            let calls = Atomic<Int>(0)
            let mapped = await Parallel.map(count, jobs: jobs) { index -> Int in
                calls.add(1, ordering: .relaxed)
                return index * 7
            }
            #expect(mapped == (0..<count).map { $0 * 7 }, "map, \(jobs) jobs")
            #expect(calls.load(ordering: .relaxed) == count)
            let blocking = Parallel.blockingMap(count, jobs: jobs) { index in String(index) }
            #expect(blocking == (0..<count).map(String.init), "blockingMap, \(jobs) jobs")
        }
    }

    /// A lane's state lives across the indices that lane takes and is never shared: each lane
    /// counts what it did, and the counts add up to every index.
    @Test func eachLaneKeepsItsOwnState() async {
        final class Tally: @unchecked Sendable {
            var done = 0
        }
        final class Registry: Sendable {
            let tallies = Mutex<[Tally]>([])
        }
        let registry = Registry()
        let count = 5_000
        let results = Parallel.blockingMap(count, jobs: 4, lane: { () -> Tally in
            let tally = Tally()
            registry.tallies.withLock { $0.append(tally) }
            return tally
        }) { tally, index -> Int in
            tally.done += 1
            return index
        }
        #expect(results == Array(0..<count))
        let tallies = registry.tallies.withLock { $0 }
        #expect(tallies.count <= 4 && !tallies.isEmpty)
        #expect(tallies.map(\.done).reduce(0, +) == count)

        let asyncResults = await Parallel.map(count, jobs: 3, lane: { [Int]() }) { seen, index -> Int in
            // A lane's indices come in increasing order: runs are handed out from the start.
            let increasing = seen.last.map { $0 < index } ?? true
            seen.append(index)
            return increasing ? index : -1
        }
        #expect(asyncResults == Array(0..<count))
    }

    /// Uneven work: one index far slower than the rest still leaves every result in place.
    @Test func unevenWorkKeepsTheOrder() async {
        let mapped = await Parallel.map(300, jobs: 2) { index -> Int in
            if index == 3 { usleep(50_000) }
            return index
        }
        #expect(mapped == Array(0..<300))
    }
}
