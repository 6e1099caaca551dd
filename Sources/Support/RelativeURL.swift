/// Relative URLs between files of the output, so the site works from disk and any sub-path.
public enum RelativeURL {
    /// How many folders down from the root `path` is (2 for `lessons/week-1/x.md`).
    public static func depth(of path: String) -> Int {
        path.utf8.count { $0 == UInt8(ascii: "/") }
    }

    /// The URL of a file of the content (`target`, its name as written on disk) as seen from a
    /// page written at `from`: `from(_:to:)`, percent-encoded (`Pasted%20image%201.png`).
    public static func toFile(from: String, _ target: String) -> String {
        let url = Self.from(from, to: target)
        return url.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? url
    }

    /// The URL of `target` as seen from a page written at `from` (both output paths).
    public static func from(_ from: String, to target: String) -> String {
        // Every link of every page comes through here: read the answer off the bytes when both
        // paths are plain, as output paths nearly always are.
        let plain = from.utf8.withContiguousStorageIfAvailable { fromBytes in
            target.utf8.withContiguousStorageIfAvailable { plainRelative(from: fromBytes, to: $0) }
        }
        if let contiguous = plain, let bothContiguous = contiguous, let result = bothContiguous { return result }
        let fromParts = from.split(separator: "/").dropLast()
        let targetParts = target.split(separator: "/")
        var common = 0
        while common < fromParts.count, common < targetParts.count - 1,
              fromParts[fromParts.startIndex + common] == targetParts[common] { common += 1 }
        let ups = Array(repeating: "..", count: fromParts.count - common)
        return (ups + targetParts[common...].map(String.init)).joined(separator: "/")
    }

    /// `from(_:to:)` for two plain paths (nil when either is not): `../` for each folder of
    /// `from` after the folders both start with, then the rest of `target`.
    private static func plainRelative(from fromBytes: UnsafeBufferPointer<UInt8>, to targetBytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard isPlain(fromBytes), isPlain(targetBytes) else { return nil }
        var sharedEnd = 0, offset = 0
        while offset < fromBytes.count, offset < targetBytes.count, fromBytes[offset] == targetBytes[offset] {
            offset += 1
            if fromBytes[offset - 1] == UInt8(ascii: "/") { sharedEnd = offset }
        }
        let ups = fromBytes[sharedEnd...].count { $0 == UInt8(ascii: "/") }
        let rest = UnsafeBufferPointer(rebasing: targetBytes[sharedEnd...])
        // Written into one string: the `../`s and the rest made apart and joined were three.
        return String(unsafeUninitializedCapacity: 3 * ups + rest.count) { buffer in
            for up in 0..<ups {
                buffer[3 * up] = UInt8(ascii: ".")
                buffer[3 * up + 1] = UInt8(ascii: ".")
                buffer[3 * up + 2] = UInt8(ascii: "/")
            }
            _ = UnsafeMutableBufferPointer(rebasing: buffer[(3 * ups)...]).initialize(from: rest)
            return 3 * ups + rest.count
        }
    }

    /// Not empty, and no empty part: no leading, trailing or doubled `/`.
    public static func isPlain(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { isPlain($0) }
    }

    private static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last, first != UInt8(ascii: "/"), last != UInt8(ascii: "/") else { return false }
        var previous: UInt8 = 0
        for byte in bytes {
            if byte == UInt8(ascii: "/"), previous == byte { return false }
            previous = byte
        }
        return true
    }

    /// The path from a page at `from` to the site root: `""`, `"../"`, `"../../"`.
    public static func root(from: String) -> String {
        String(repeating: "../", count: max(0, from.split(separator: "/").count - 1))
    }

    /// Whether the path of a link written on a page `depth` folders below the root climbs
    /// above it (`../../x` from one folder down, `/../x` from anywhere).
    public static func climbsAboveRoot(_ path: String, depth: Int) -> Bool {
        // Counted over the path's parts (every relative link of every page comes here).
        var level = path.utf8.first == UInt8(ascii: "/") ? 0 : depth
        var partLength = 0, dots = 0
        /// Ends a part: `..` climbs, `.` and an empty part stay, any other goes down.
        func endPart() -> Bool {
            defer { partLength = 0; dots = 0 }
            if partLength == 2, dots == 2 {
                level -= 1
                return level < 0
            }
            if partLength > 0, !(partLength == 1 && dots == 1) { level += 1 }
            return false
        }
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/") {
                if endPart() { return true }
                continue
            }
            partLength += 1
            if byte == UInt8(ascii: ".") { dots += 1 }
        }
        if endPart() { return true }
        return false
    }

    /// A link that climbs above the content folder, as the URL it names where the site is
    /// published at `base` (`https://example.org/book/`, or a path such as `/book/`): written
    /// on a page in `folder`, `../std/index.html` is `https://example.org/std/index.html`.
    /// Climbing stops at the host's root, as a browser's does. The link's query and fragment
    /// are kept.
    public static func published(_ link: String, from folder: String, base: String) -> String {
        // The base's origin (`https://host`) and the segments of its path.
        var origin = Substring(""), basePath = Substring(base)
        if let scheme = base.range(of: "://") {
            let afterHost = base[scheme.upperBound...].firstIndex(of: "/") ?? base.endIndex
            origin = base[..<afterHost]
            basePath = base[afterHost...]
        }
        let end = link.firstIndex { $0 == "?" || $0 == "#" } ?? link.endIndex
        let path = link[..<end]
        // A path from the site's root (`/../x`) starts at the base, like any other.
        var segments: [Substring] = basePath.split(separator: "/") + (path.hasPrefix("/") ? [] : folder.split(separator: "/"))
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if !segments.isEmpty { segments.removeLast() }
            } else {
                segments.append(part)
            }
        }
        let trailing = path.hasSuffix("/") || path.hasSuffix("/..") || path == ".." ? "/" : ""
        return origin + "/" + segments.joined(separator: "/") + (segments.isEmpty ? "" : trailing) + link[end...]
    }

    /// Resolves `relative` against the folder `base` (both with `/`), or nil when it climbs
    /// above the root.
    public static func resolve(_ relative: String, against base: String) -> String? {
        // Every relative link of every page comes here: the parts are byte runs between `/`,
        // put together in one buffer, never Substrings in an array.
        var relative = relative, base = base
        return relative.withUTF8 { relativeBytes in
            base.withUTF8 { baseBytes -> String? in
                var path: [UInt8] = []
                path.reserveCapacity(baseBytes.count + relativeBytes.count + 1)
                if relativeBytes.first != UInt8(ascii: "/") {
                    forEachPart(of: baseBytes) { part in append(part, to: &path) }
                }
                var climbsOut = false
                forEachPart(of: relativeBytes) { part in
                    if climbsOut || (part.count == 1 && part[part.startIndex] == UInt8(ascii: ".")) { return }
                    if part.count == 2, part[part.startIndex] == UInt8(ascii: "."), part[part.startIndex + 1] == UInt8(ascii: ".") {
                        guard !path.isEmpty else { climbsOut = true; return }
                        path.removeSubrange((path.lastIndex(of: UInt8(ascii: "/")) ?? 0)...)
                    } else {
                        append(part, to: &path)
                    }
                }
                return climbsOut ? nil : String(decoding: path, as: UTF8.self)
            }
        }
    }

    /// Calls `body` with each non-empty run of bytes between `/`s.
    private static func forEachPart(of bytes: UnsafeBufferPointer<UInt8>, _ body: (Slice<UnsafeBufferPointer<UInt8>>) -> Void) {
        var start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "/") {
            if index > start { body(bytes[start..<index]) }
            start = index + 1
        }
    }

    private static func append(_ part: Slice<UnsafeBufferPointer<UInt8>>, to path: inout [UInt8]) {
        if !path.isEmpty { path.append(UInt8(ascii: "/")) }
        path.append(contentsOf: part)
    }

    /// Every folder holding one of `paths` and every folder above those, `""` (the root) too.
    public static func folders(holding paths: some Sequence<String>) -> Set<String> {
        var folders: Set<String> = [""]
        for path in paths {
            var folder = folder(of: path)
            while !folder.isEmpty, folders.insert(folder).inserted { folder = Self.folder(of: folder) }
        }
        return folders
    }

    /// `parent/child`, or the one that is not empty: a name in a folder that may be the
    /// root (`""`), or a folder below a root that may be the root itself.
    public static func joined(_ parent: String, _ child: String) -> String {
        parent.isEmpty ? child : child.isEmpty ? parent : parent + "/" + child
    }

    /// The last part of a path that is not empty (the path itself when there is none).
    public static func fileName(of path: String) -> String {
        var path = path
        return path.withUTF8 { bytes in
            var end = bytes.count
            while end > 0, bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
            guard end > 0 else { return nil }
            let start = bytes[..<end].lastIndex(of: UInt8(ascii: "/")).map { $0 + 1 } ?? 0
            return String(decoding: bytes[start..<end], as: UTF8.self)
        } ?? path
    }

    public static func folder(of path: String) -> String {
        // In bytes: every page's folder is asked for, and a search by Character costs more.
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(path[..<slash])
    }
}
