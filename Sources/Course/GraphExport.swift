import Markdown

/// The lesson graph as JSON (`site/graph.json`, `syllabus graph --format json`) and as
/// Graphviz DOT (`syllabus graph --format dot`).
public enum GraphExport {
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

    /// `json(_:)` as UTF-8, for site/graph.json.
    public static func jsonBytes(_ graph: CourseGraph) -> [UInt8] {
        // `JSON.object(["edges": …, "nodes": …]).serialized(pretty: true)`, written a page's
        // run of edges at a time so a quick rebuild can replace one run (see `edgeRun`).
        var out = Array("{\n  \"edges\": ".utf8)
        if graph.edges.isEmpty {
            out += "[]".utf8
        } else {
            out += "[".utf8
            var start = 0
            while start < graph.edges.count {
                let from = graph.edges[start].from
                var end = start
                while end < graph.edges.count, graph.edges[end].from == from { end += 1 }
                out += edgeRun(graph.edges[start..<end].map { edge in
                    (kind: edge.kind.rawValue, from: graph.pages[edge.from].slug, to: graph.pages[edge.to].slug, line: edge.line)
                }, startingTheArray: start == 0)
                start = end
            }
            out += "\n  ]".utf8
        }
        out += ",\n  \"nodes\": ".utf8
        let nodes: [JSON] = graph.pages.map { page in
            .object(["slug": .string(page.slug), "title": .string(page.title), "kind": .string(page.kind.rawValue),
                     "url": .string(page.outputPath), "source": .string(page.sourcePath)])
        }
        out += JSON.array(nodes).serialized(prettyAtIndent: 1)
        out += "\n}".utf8
        return out
    }

    /// The edges of one page in graph.json (edges are sorted by their source page first, so
    /// a page's edges are one run of the array), with the comma before the run unless it
    /// starts the array.
    public static func edgeRun(_ edges: [(kind: String, from: String, to: String, line: Int?)], startingTheArray: Bool) -> [UInt8] {
        JSON.prettyItems(edges.map { edge in
            .object(["kind": .string(edge.kind), "from": .string(edge.from), "to": .string(edge.to), "line": edge.line.map { .int($0) } ?? .null])
        }, indent: 1, startingTheArray: startingTheArray)
    }

    public static func dot(_ graph: CourseGraph) -> String {
        func quoted(_ text: String) -> String {
            "\"" + text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
        }
        let styles: [EdgeKind: String] = [.see: "solid", .link: "dashed", .related: "dotted", .prerequisite: "bold", .next: "solid"]
        var out = "digraph course {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n"
        for page in graph.pages {
            out += "  \(quoted(page.slug)) [label=\(quoted(page.title)), kind=\(quoted(page.kind.rawValue))];\n"
        }
        for edge in graph.edges {
            let color = edge.kind == .next ? ", color=gray" : ""
            out += "  \(quoted(graph.pages[edge.from].slug)) -> \(quoted(graph.pages[edge.to].slug)) [label=\(edge.kind.rawValue), style=\(styles[edge.kind] ?? "solid")\(color)];\n"
        }
        return out + "}\n"
    }
}
