import Course
import Markdown
import Support

extension Linker {
    /// Reports each prerequisite cycle once, naming its pages in order.
    mutating func checkPrerequisiteCycles() {
        var state = [UInt8](repeating: 0, count: pages.count)   // 0 new, 1 on the path, 2 done
        var reported = Set<[Int]>()
        for start in pages.indices where state[start] == 0 {
            var stack: [(page: Int, next: Int)] = [(start, 0)]
            var path: [Int] = [start]
            state[start] = 1
            while let top = stack.last {
                let requirements = prerequisites[top.page]
                if top.next < requirements.count {
                    stack[stack.count - 1].next += 1
                    let target = requirements[top.next]
                    if state[target] == 1, let from = path.firstIndex(of: target) {
                        let cycle = Array(path[from...])
                        let rotated = Self.canonicalRotation(cycle)
                        if reported.insert(rotated).inserted {
                            let names = (rotated + [rotated[0]]).map { "\"\(pages[$0].title)\"" }.joined(separator: " → ")
                            report(.prerequisiteCycle, rotated[0], keySpan(rotated[0], "prerequisites"),
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

    static func canonicalRotation(_ cycle: [Int]) -> [Int] {
        guard let smallest = cycle.indices.min(by: { cycle[$0] < cycle[$1] }) else { return cycle }
        return Array(cycle[smallest...] + cycle[..<smallest])
    }

    // MARK: - Quotes and headings

    mutating func checkQuotes(of page: Int) {
        let quotes = pages[page].body.quotes
        for (position, quote) in quotes.enumerated() {
            if position > 0, quote.time <= quotes[position - 1].time {
                report(.timestampOrder, page, quote.span,
                       "\(quote.time) comes after \(quotes[position - 1].time) (line \(quotes[position - 1].span.line)); timestamps in a page must rise")
            }
            if let duration = pages[page].frontMatter.duration, quote.time > duration {
                report(.timestampOrder, page, quote.span, "\(quote.time) is past the end of the episode (duration: \(duration))")
            }
        }
    }

    mutating func checkHeadings(of page: Int) {
        for heading in pages[page].body.headings {
            // The slugger only ever makes a heading's id differ from its base slug by adding
            // `-N`: an id that does not end in a digit is its base slug, no need to slug again.
            guard let last = heading.id.utf8.last, last >= UInt8(ascii: "0"), last <= UInt8(ascii: "9") else { continue }
            let base = Slugger.baseSlug(heading.text)
            // Numbered by the slugger: `base-N`. An id of the author's own (`{#step-2}`) is not.
            guard !base.isEmpty, heading.id.hasPrefix(base + "-"),
                  heading.id.utf8.dropFirst(base.utf8.count + 1).allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                  pages[page].body.titleAnchor == base || pages[page].body.headings.contains(where: { $0.id == base })
            else { continue }
            report(.duplicateHeading, page, heading.span,
                   "another heading on this page has the id '\(base)'; this one is '#\(heading.id)'",
                   notes: ["links to '#\(base)' go to the first one"])
        }
    }

    /// Two episodes of one series with the same `number:`: a listing would show both as the
    /// same episode. Reported at the later page's key, naming the earlier.
    mutating func checkEpisodeNumbers() {
        struct Episode: Hashable {
            var series: String
            var number: Int
        }
        var numbered: [Episode: Int] = [:]
        for page in pages.indices {
            guard let number = pages[page].frontMatter.number else { continue }
            let key = Episode(series: pages[page].frontMatter.series.map(TitleKey.normalize) ?? "", number: number)
            guard let earlier = numbered[key] else {
                numbered[key] = page
                continue
            }
            let show = pages[page].frontMatter.series.map { " of \"\($0)\"" } ?? ""
            report(.duplicateEpisodeNumber, page, keySpan(page, "number"),
                   "number \(number)\(show) is also \(pages[earlier].displayPath) (\"\(pages[earlier].title)\")",
                   notes: ["each episode of a series has a number of its own"])
        }
    }

    // MARK: - Outline

    mutating func checkOrphans(inOutline outline: Set<Int>) {
        var inbound = Set<Int>()
        for edge in edges where edge.kind != .next && edge.from != edge.to { inbound.insert(edge.to) }
        for page in pages.indices where !inbound.contains(page) && !outline.contains(page) {
            // Pages of kind `page` are in the site's navigation, and the home intro is the home page.
            if pages[page].kind == .page || pages[page].isHomeIntro { continue }
            // The name a reference would use must name this page alone: its title, else its
            // slug; when both are shared, the author has to tell the pages apart first.
            let name = [pages[page].title, pages[page].slug].first { index.pages(named: $0).count == 1 }
            let refer = name.map { "refer to it with [see: \"\($0)\"]" }
                ?? "give it a slug: or aliases: of its own (its title and slug name other pages too), then refer to it"
            report(.orphanPage, page, nil, "nothing links to this \(pages[page].kind.rawValue) and the outline leaves it out",
                   notes: ["\(refer), list it in a module of course.yml, or name it in another page's related:"])
        }
    }
}
