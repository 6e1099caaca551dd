import Course
import Markdown

/// Proves the rendered site against itself: every relative `href` and `src` in the HTML names
/// a written file, and every `#fragment` an id in that file. A template mistake fails the
/// build like a broken reference does.
enum OutputVerifier {
    static func verify(_ files: [OutputFile], templatesName: String, jobs: Int = 1) async -> [Diagnostic] {
        let written = Set(files.map(\.path))
        var folders = Set<String>([""])
        for path in written {
            var folder = RelativeURL.folder(of: path)
            while !folder.isEmpty, folders.insert(folder).inserted { folder = RelativeURL.folder(of: folder) }
        }
        let html: [(path: String, text: String)] = files.compactMap { file in
            guard file.path.hasSuffix(".html"), case .text(let text) = file.content else { return nil }
            return (file.path, text)
        }
        // Two passes over the pages, each in parallel: the ids of every page, then every link.
        let idLists = await Parallel.map(html.count, jobs: jobs) { index in
            Set(attributeValues(in: html[index].text, names: ["id", "name"]))
        }
        var ids: [String: Set<String>] = [:]
        for (index, page) in html.enumerated() { ids[page.path] = idLists[index] }
        let knownIDs = ids, knownFolders = folders
        let found = await Parallel.map(html.count, jobs: jobs) { index in
            html[index].path == "404.html" ? []
                : problems(in: html[index].text, at: html[index].path, written: written, folders: knownFolders, ids: knownIDs, templates: templatesName)
        }
        return found.flatMap { $0 }
    }

    static func problems(in text: String, at path: String, written: Set<String>, folders: Set<String>,
                         ids: [String: Set<String>], templates templatesName: String) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for url in attributeValues(in: text, names: ["href", "src"]) {
            if url.isEmpty || LinkTarget.hasScheme(url) || url.hasPrefix("//") { continue }
            let unescaped = url.contains("&amp;") ? url.replacing("&amp;", with: "&") : url
            let decoded = LinkTarget.percentDecoded(LinkTarget.pathPart(of: unescaped))
            let fragment = LinkTarget.fragment(of: url)
            let targetPath: String
            if decoded.isEmpty {
                targetPath = path
            } else {
                guard let resolved = RelativeURL.resolve(decoded, against: RelativeURL.folder(of: path)) else {
                    diagnostics.append(problem(path, "'\(url)' climbs above the site root", templatesName))
                    continue
                }
                targetPath = resolved
            }
            if !written.contains(targetPath) {
                if folders.contains(targetPath.trimmingSuffix("/")) && written.contains(joined(targetPath, "index.html")) { continue }
                diagnostics.append(problem(path, "links to '\(url)', which the build does not write", templatesName))
                continue
            }
            if let fragment, !fragment.isEmpty, fragment != "top", let targetIDs = ids[targetPath], !targetIDs.contains(fragment) {
                diagnostics.append(problem(path, "links to '\(url)', but \(targetPath) has no id '\(fragment)'", templatesName))
            }
        }
        return diagnostics
    }

    static func joined(_ folder: String, _ name: String) -> String {
        let trimmed = folder.trimmingSuffix("/")
        return trimmed.isEmpty ? name : trimmed + "/" + name
    }

    static func problem(_ path: String, _ message: String, _ templates: String) -> Diagnostic {
        Diagnostic(rule: .brokenOutput, file: "site/" + path, span: nil, message: message,
                   notes: ["the Markdown was fine; a template in \(templates) or the compiler made this link"])
    }

    /// Values of the named attributes of the tags in `html`, in order. Text outside tags is
    /// never read: cmark escapes `<` in text, so every `<` starts a tag (or a comment).
    static func attributeValues(in html: String, names: Set<String>) -> [String] {
        var values: [String] = []
        let bytes = Array(html.utf8)
        let count = bytes.count
        var index = 0
        while index < count {
            guard bytes[index] == UInt8(ascii: "<") else { index += 1; continue }
            if index + 3 < count, bytes[index + 1] == UInt8(ascii: "!"), bytes[index + 2] == UInt8(ascii: "-") {
                // A comment: skip to its end.
                var end = index + 4
                while end + 2 < count, !(bytes[end] == UInt8(ascii: "-") && bytes[end + 1] == UInt8(ascii: "-") && bytes[end + 2] == UInt8(ascii: ">")) { end += 1 }
                index = end + 3
                continue
            }
            index += 1
            while index < count, bytes[index] != UInt8(ascii: ">") {
                guard isNameByte(bytes[index]) else { index += 1; continue }
                let nameStart = index
                while index < count, isNameByte(bytes[index]) { index += 1 }
                let name = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
                var cursor = index
                while cursor < count, bytes[cursor] == UInt8(ascii: " ") { cursor += 1 }
                guard cursor < count, bytes[cursor] == UInt8(ascii: "=") else { continue }
                cursor += 1
                while cursor < count, bytes[cursor] == UInt8(ascii: " ") { cursor += 1 }
                guard cursor < count else { break }
                let quote = bytes[cursor]
                var valueStart = cursor, valueEnd = cursor
                if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                    valueStart = cursor + 1
                    valueEnd = valueStart
                    while valueEnd < count, bytes[valueEnd] != quote { valueEnd += 1 }
                    index = valueEnd + 1
                } else {
                    while valueEnd < count, bytes[valueEnd] != UInt8(ascii: " "), bytes[valueEnd] != UInt8(ascii: ">") { valueEnd += 1 }
                    index = valueEnd
                }
                if names.contains(name) { values.append(String(decoding: bytes[valueStart..<min(valueEnd, count)], as: UTF8.self)) }
            }
        }
        return values
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == UInt8(ascii: "-") || (byte >= 0x30 && byte <= 0x39)
    }
}
