/// Makes heading ids the way GitHub does, so that links written for GitHub work here too:
/// lowercase, letters/numbers/`-`/`_` kept, each space becomes `-`, other punctuation dropped,
/// and repeats get `-1`, `-2` … . The renderer and the reference checks use this one type.
public struct Slugger: Sendable {
    /// Ids handed out, each with how many repeats of it have been numbered so far (as
    /// github-slugger counts them, so `n` repeats cost `n` steps, not `n²`).
    private var occurrences: [String: Int] = [:]

    public init() {}

    /// A slugger with room for `minimumCapacity` ids before its table grows.
    public init(minimumCapacity: Int) {
        occurrences = Dictionary(minimumCapacity: minimumCapacity)
    }

    /// The id for `text`, made unique among the ids this slugger has handed out or reserved.
    /// Whether runs of `-` become one and none ends the id, as Python-Markdown (MkDocs) makes
    /// its ids: `Caret, Mark & Tilde` → `caret-mark-tilde`, where GitHub makes `caret-mark--tilde`.
    public var collapsesDashes = false

    public mutating func slug(_ text: String) -> String {
        var base = Slugger.baseSlug(text)
        if collapsesDashes { base = Self.collapsingDashes(base) }
        if base.isEmpty { base = "section" }
        var candidate = base
        while let count = occurrences[candidate] {
            _ = count
            let next = (occurrences[base] ?? 0) + 1
            occurrences[base] = next
            candidate = "\(base)-\(next)"
        }
        occurrences[candidate] = 0
        return candidate
    }

    /// Marks an id (a quote anchor, or one the theme uses) as taken, so a later heading does
    /// not get the same one.
    public mutating func reserve(_ id: String) {
        if occurrences[id] == nil { occurrences[id] = 0 }
    }

    /// Whether the id has been handed out or reserved.
    public func contains(_ id: String) -> Bool {
        occurrences[id] != nil
    }

    static func collapsingDashes(_ slug: String) -> String {
        guard slug.utf8.contains(UInt8(ascii: "-")) else { return slug }
        return slug.split(separator: "-", omittingEmptySubsequences: true).joined(separator: "-")
    }

    /// The slug of `text` without de-duplication.
    public static func baseSlug(_ text: String) -> String {
        if text.isASCIIText {
            // Written straight into the new string's storage, from the contiguous bytes.
            var text = text
            return text.withUTF8 { bytes in
                String(unsafeUninitializedCapacity: bytes.count) { slug in
                    var count = 0
                    for byte in bytes {
                        switch byte {
                        case UInt8(ascii: "A")...UInt8(ascii: "Z"): slug[count] = byte | 0x20
                        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                             UInt8(ascii: "-"), UInt8(ascii: "_"): slug[count] = byte
                        case UInt8(ascii: " "): slug[count] = UInt8(ascii: "-")
                        default: continue
                        }
                        count += 1
                    }
                    return count
                }
            }
        }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.lowercased().unicodeScalars {
            let properties = scalar.properties
            if scalar == " " {
                result.append("-")
            } else if scalar == "-" || scalar == "_" {
                result.unicodeScalars.append(scalar)
            } else if properties.isAlphabetic || properties.numericType != nil
                        || properties.generalCategory == .nonspacingMark
                        || properties.generalCategory == .spacingMark {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A URL-safe slug from a file name: `My File (2).md` → `my-file-2`; `fallback` when no
    /// ASCII letter or digit is left.
    public static func fileSlug(_ name: String, fallback: String = "page") -> String {
        var result = ""
        var pendingDash = false
        for scalar in name.lowercased().unicodeScalars {
            let isWordCharacter = (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9")
            if isWordCharacter {
                if pendingDash && !result.isEmpty { result.append("-") }
                pendingDash = false
                result.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        return result.isEmpty ? fallback : result
    }
}
