import CCmark
import Highlight

/// Fenced code with a language (```` ```swift ````), highlighted at build time through
/// `Highlight`: no script, so a page reads the same from disk. A language the highlighter does
/// not know, and code without one, are left to cmark as plain code, without an error. A code
/// block is found by its node type, on the pass over the blocks: it has no start byte.
enum CodeBlocks {
    static let highlighter = Highlighter()

    /// The language a fence's info string names: its first word, as cmark reads it for the
    /// `language-` class.
    static func language(ofInfo info: UnsafePointer<CChar>) -> String? {
        let text = String(cString: info)
        // `{ .python #id }` (pymdownx.superfences, Pandoc): the first class.
        if text.hasPrefix("{"), let attributes = HeadingIDs.attributes(Array(text.utf8.dropFirst().prefix { $0 != UInt8(ascii: "}") })) {
            return attributes.firstClass
        }
        let word = text.prefix { $0 != " " && $0 != "\t" }
        return word.isEmpty ? nil : String(word)
    }
}

extension MarkdownCompiler {
    /// What of the libraries the compiler calls can change its output without the executable
    /// changing (the highlighter's library and its language definitions): a cache of compiled
    /// pages keys on it.
    public static let librariesIdentity = Highlighter.identity
}

extension Compilation {
    /// Puts the highlighted code where the block was, inside the `<pre><code
    /// class="language-…">` cmark writes, so that only the spans inside differ.
    /// The id a fence's attribute list gives (```` ``` { .sh #example } ````): an anchor of the
    /// page, written as an empty element before the block.
    mutating func noteFenceID(of node: Node) {
        guard let info = cmark_node_get_fence_info(node), info.pointee == CChar(UInt8(ascii: "{")) else { return }
        let text = Array(String(cString: info).utf8.dropFirst().prefix { $0 != UInt8(ascii: "}") })
        guard let id = HeadingIDs.attributes(text)?.id else { return }
        found.markupAnchors.append(id)
        guard options.renderHTML, let anchor = newNode(CMARK_NODE_CUSTOM_BLOCK) else { return }
        var markup = Markup(.text("<div id=\""), .html(id), .text("\"></div>"))
        markup.setOnEnter(of: anchor)
        cmark_node_insert_before(node, anchor)
    }

    func highlight(codeBlock node: Node) {
        guard options.renderHTML, let info = cmark_node_get_fence_info(node), let language = CodeBlocks.language(ofInfo: info),
              let literal = cmark_node_get_literal(node),
              let html = CodeBlocks.highlighter.html(for: String(cString: literal), language: language),
              let block = newNode(CMARK_NODE_CUSTOM_BLOCK) else { return }
        var markup = Markup(.text("<pre><code class=\"language-"), .html(language), .text("\">"), .string(html), .text("</code></pre>"))
        markup.setOnEnter(of: block)
        cmark_node_insert_before(node, block)
        cmark_node_free(node)
    }
}
