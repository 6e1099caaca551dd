import Course
import Linking

/// `prerequisite-cycle`: lessons whose prerequisites lead back to themselves. Each cycle is
/// reported once, at its first page in page order, naming its pages in order.
public struct PrerequisiteCycleRule: CourseRule {
    public static let id = Rule.prerequisiteCycle

    public static func judge(_ graph: CourseGraph, into findings: inout Findings) {
        let pages = graph.pages
        var state = [UInt8](repeating: 0, count: pages.count)   // 0 new, 1 on the path, 2 done
        var reported = Set<[Int]>()
        for start in pages.indices where state[start] == 0 {
            var stack: [(page: Int, next: Int)] = [(start, 0)]
            var path: [Int] = [start]
            state[start] = 1
            while let top = stack.last {
                let requirements = graph.prerequisites[top.page]
                if top.next < requirements.count {
                    stack[stack.count - 1].next += 1
                    let target = requirements[top.next]
                    if state[target] == 1, let from = path.firstIndex(of: target) {
                        let rotated = canonicalRotation(Array(path[from...]))
                        if reported.insert(rotated).inserted {
                            let names = (rotated + [rotated[0]]).map { "\"\(pages[$0].title)\"" }.joined(separator: " → ")
                            findings.report(id, rotated[0], pages[rotated[0]].keySpan("prerequisites"),
                                            "prerequisite cycle: \(names)", notes: ["a lesson cannot come before itself; remove one of these prerequisites"])
                        }
                    } else if state[target] == 0 {
                        state[target] = 1
                        stack.append((target, 0))
                        path.append(target)
                    }
                } else {
                    state[top.page] = 2
                    stack.removeLast()
                    path.removeLast()
                }
            }
        }
    }

    /// The cycle starting at its smallest page, so that one cycle met from several pages is one.
    static func canonicalRotation(_ cycle: [Int]) -> [Int] {
        guard let smallest = cycle.indices.min(by: { cycle[$0] < cycle[$1] }) else { return cycle }
        return Array(cycle[smallest...] + cycle[..<smallest])
    }
}
