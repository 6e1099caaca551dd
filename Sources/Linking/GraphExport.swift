import Support
import Markdown
import Course

/// The lesson graph as JSON (`site/graph.json`, `syllabus graph --format json`) and as
/// Graphviz DOT (`syllabus graph --format dot`).
public enum GraphExport {
    /// Each page's name in the graph: its slug, or, where pages in different folders share
    /// a slug, its path in the site without `.html` (`a/intro`, `b/intro`), so no two pages
    /// are one node.
    public static func ids(_ pages: [Page]) -> [String] {
        var count: [String: Int] = [:]
        for index in pages.indices { count[pages[index].slug, default: 0] += 1 }
        return pages.indices.map { index in
            let page = pages[index]
            guard count[page.slug] ?? 0 > 1 else { return page.slug }
            return page.outputPath.hasSuffix(".html") ? String(page.outputPath.dropLast(5)) : page.outputPath
        }
    }

    /// A hash of everything `json` reads, so an unchanged graph is neither built nor written.
    public static func fingerprint(_ graph: CourseGraph, seed: UInt64) -> UInt64 {
        var hasher = StableHasher(seed: seed)
        for page in graph.pages {
            hasher.combine(page.slug)
            hasher.combine(page.title)
            hasher.combine(page.kind.rawValue)
            hasher.combine(page.outputPath)
            hasher.combine(page.sourcePath)
        }
        hasher.combine(graph.edges.count)
        for edge in graph.edges {
            hasher.combine(edge.kind.rawValue)
            hasher.combine(edge.from)
            hasher.combine(edge.to)
            hasher.combine(edge.line ?? -1)
        }
        return hasher.finalize()
    }

    public static func json(_ graph: CourseGraph) -> String {
        String(decoding: jsonBytes(graph), as: UTF8.self)
    }

    /// `json(_:)` as UTF-8, for site/graph.json: `JSON.object(["edges": …, "nodes": …])
    /// .serialized(pretty: true)`, written straight as bytes (a million small pieces).
    public static func jsonBytes(_ graph: CourseGraph) -> [UInt8] {
        var writer = JSONWriter(pretty: true, capacity: 256 * (graph.edges.count + graph.pages.count) + 64)
        writer.openObject()
        let ids = ids(graph.pages)
        writer.key("edges")
        writer.openArray()
        for edge in graph.edges {
            writeEdge(kind: edge.kind.rawValue, from: ids[edge.from], to: ids[edge.to], line: edge.line, into: &writer)
        }
        writer.closeArray()
        writer.key("nodes")
        writer.openArray()
        // By index: copying each page would retain every string it holds.
        for index in graph.pages.indices {
            writer.openObject()
            writer.member("id", ids[index])
            writer.member("kind", graph.pages[index].kind.rawValue)
            writer.member("slug", graph.pages[index].slug)
            writer.member("source", graph.pages[index].sourcePath)
            writer.member("title", graph.pages[index].title)
            writer.member("url", graph.pages[index].outputPath)
            writer.closeObject()
        }
        writer.closeArray()
        writer.closeObject()
        return writer.bytes
    }

    /// The edges of one page in graph.json (edges are sorted by their source page first, so
    /// a page's edges are one run of the array), with the comma before the run unless it
    /// starts the array: exactly the bytes `jsonBytes` writes for them, so a quick rebuild
    /// can find and replace one run.
    public static func edgeRun(_ edges: [(kind: String, from: String, to: String, line: Int?)], startingTheArray: Bool) -> [UInt8] {
        // Inside the top object and its "edges" array.
        var writer = JSONWriter(pretty: true, depth: 2, atStart: startingTheArray)
        for edge in edges { writeEdge(kind: edge.kind, from: edge.from, to: edge.to, line: edge.line, into: &writer) }
        return writer.bytes
    }

    private static func writeEdge(kind: String, from: String, to: String, line: Int?, into writer: inout JSONWriter) {
        writer.openObject()
        writer.member("from", from)
        writer.member("kind", kind)
        writer.key("line")
        if let line { writer.int(line) } else { writer.null() }
        writer.member("to", to)
        writer.closeObject()
    }

    public static func dot(_ graph: CourseGraph) -> String {
        func quoted(_ text: String) -> String {
            "\"" + text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
        }
        let styles: [EdgeKind: String] = [.see: "solid", .link: "dashed", .related: "dotted", .prerequisite: "bold", .next: "solid"]
        var out = "digraph course {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n"
        let ids = ids(graph.pages)
        for (index, page) in graph.pages.enumerated() {
            out += "  \(quoted(ids[index])) [label=\(quoted(page.title)), kind=\(quoted(page.kind.rawValue))];\n"
        }
        for edge in graph.edges {
            let color = edge.kind == .next ? ", color=gray" : ""
            out += "  \(quoted(ids[edge.from])) -> \(quoted(ids[edge.to])) [label=\(edge.kind.rawValue), style=\(styles[edge.kind] ?? "solid")\(color)];\n"
        }
        return out + "}\n"
    }
}
