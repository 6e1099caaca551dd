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
        let nodes: [JSON] = graph.pages.map { page in
            .object(["slug": .string(page.slug), "title": .string(page.title), "kind": .string(page.kind.rawValue),
                     "url": .string(page.outputPath), "source": .string(page.sourcePath)])
        }
        let edges: [JSON] = graph.edges.map { edge in
            .object(["kind": .string(edge.kind.rawValue), "from": .string(graph.pages[edge.from].slug),
                     "to": .string(graph.pages[edge.to].slug), "line": edge.line.map { .int($0) } ?? .null])
        }
        return JSON.object(["nodes": .array(nodes), "edges": .array(edges)]).serialized(pretty: true)
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
