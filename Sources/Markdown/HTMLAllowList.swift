/// What raw HTML keeps: GitHub's list (html-pipeline's SanitizationFilter: its elements, the
/// attributes each may carry, the schemes its URLs may have), with `id` kept on every element
/// so that old anchors (`<a id="old-anchor"></a>`) still answer links, and images in `data:`
/// URLs. docs/authoring.md ("Raw HTML") lists the same.
enum HTMLAllowList {
    static let elements: Set<String> = [
        "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "br", "b", "i", "strong", "em", "a", "pre", "code", "img", "tt",
        "div", "ins", "del", "sup", "sub", "p", "ol", "ul", "table", "thead", "tbody", "tfoot", "blockquote",
        "dl", "dt", "dd", "kbd", "q", "samp", "var", "hr", "ruby", "rt", "rp", "li", "tr", "td", "th", "s", "strike", "summary",
        "details", "caption", "figure", "figcaption",
        "abbr", "bdo", "cite", "dfn", "mark", "small", "span", "time", "wbr",
    ]

    /// Elements that go with everything inside them: script and style, and what a browser does
    /// not show as text or that parses its inside by other rules (frames, SVG, MathML,
    /// templates), where a sanitizer's reading and a browser's can part.
    static let droppedWithContent: Set<String> = [
        "script", "style", "iframe", "noembed", "noframes", "noscript", "template", "svg", "math", "object",
    ]

    /// Elements that have no end tag.
    static let void: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    ]

    static let globalAttributes: Set<String> = [
        "abbr", "accept", "accept-charset", "accesskey", "action", "align", "alt",
        "aria-describedby", "aria-hidden", "aria-label", "aria-labelledby",
        "axis", "border", "cellpadding", "cellspacing", "char", "charoff", "charset", "checked",
        "clear", "cols", "colspan", "color", "compact", "coords", "datetime", "dir",
        "disabled", "enctype", "for", "frame", "headers", "height", "hreflang",
        "hspace", "ismap", "label", "lang", "maxlength", "media", "method",
        "multiple", "name", "nohref", "noshade", "nowrap", "open", "progress", "prompt", "readonly", "rel", "rev",
        "role", "rows", "rowspan", "rules", "scope", "selected", "shape", "size", "span",
        "start", "summary", "tabindex", "target", "title", "type", "usemap", "valign", "value",
        "vspace", "width", "itemprop",
        // Not GitHub's (it keeps ids prefixed with `user-content-`): kept as written.
        "id",
    ]

    static let elementAttributes: [String: Set<String>] = [
        "a": ["href"],
        "img": ["src", "longdesc"],
        "div": ["itemscope", "itemtype"],
        "blockquote": ["cite"], "del": ["cite"], "ins": ["cite"], "q": ["cite"],
    ]

    /// The schemes a URL attribute may have; a URL without one (relative) is always kept.
    static func allowsScheme(_ scheme: String, of attribute: String, on element: String) -> Bool {
        switch (element, attribute) {
        case ("a", "href"): ["http", "https", "mailto", "xmpp", "github-windows", "github-mac", "irc", "ircs"].contains(scheme)
        default: scheme == "http" || scheme == "https"
        }
    }

    static func allows(_ attribute: String, on element: String) -> Bool {
        globalAttributes.contains(attribute) || elementAttributes[element]?.contains(attribute) == true
    }

    static func isURL(_ attribute: String) -> Bool {
        attribute == "href" || attribute == "src" || attribute == "cite" || attribute == "longdesc"
    }

    /// The scheme of `url` as a browser reads it (lower case), after what it strips: leading
    /// and trailing spaces and control characters, and tabs and line breaks anywhere, so
    /// `jav&#x09;ascript:` (its entity already decoded) is `javascript`. Nil for a relative URL.
    static func scheme(of url: String) -> String? {
        var scheme: [UInt8] = []
        var ended = false
        for byte in url.utf8 {
            if byte == 0x09 || byte == 0x0A || byte == 0x0D { continue }
            if scheme.isEmpty && byte <= 0x20 { continue }
            if byte == UInt8(ascii: ":") {
                ended = true
                break
            }
            let isLetter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
            let isOther = (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "+")
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            guard isLetter || (!scheme.isEmpty && isOther) else { return nil }
            scheme.append(isLetter ? byte | 0x20 : byte)
        }
        guard ended, !scheme.isEmpty else { return nil }
        return String(decoding: scheme, as: UTF8.self)
    }

    /// Whether the URL of `attribute` on `element` may stay: relative, one of the schemes
    /// above, or an image's `data:image/…`.
    static func allowsURL(_ url: String, of attribute: String, on element: String) -> (allowed: Bool, scheme: String?) {
        guard let scheme = scheme(of: url) else { return (true, nil) }
        if scheme == "data", element == "img", attribute == "src" {
            let rest = url.drop { $0 != ":" }.dropFirst().lowercased()
            return (rest.hasPrefix("image/"), scheme)
        }
        return (allowsScheme(scheme, of: attribute, on: element), scheme)
    }
}
