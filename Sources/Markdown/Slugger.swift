/// Makes heading ids the way GitHub does, so that links written for GitHub work here too:
/// lowercase, letters/numbers/`-`/`_` kept, each space becomes `-`, other punctuation dropped,
/// and repeats get `-1`, `-2` … . The renderer and the reference checks use this one type.
public struct Slugger: Sendable {
    private var used: Set<String> = []

    public init() {}

    /// The id for `text`, made unique among the ids this slugger has handed out or reserved.
    public mutating func slug(_ text: String) -> String {
        var base = Slugger.baseSlug(text)
        if base.isEmpty { base = "section" }
        var candidate = base
        var counter = 0
        while used.contains(candidate) {
            counter += 1
            candidate = "\(base)-\(counter)"
        }
        used.insert(candidate)
        return candidate
    }

    /// Marks an id (a quote anchor) as taken, so a later heading does not get the same one.
    public mutating func reserve(_ id: String) {
        used.insert(id)
    }

    /// The slug of `text` without de-duplication.
    public static func baseSlug(_ text: String) -> String {
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

    /// A URL-safe page slug from a file name: `My File (2).md` → `my-file-2`.
    public static func fileSlug(_ name: String) -> String {
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
        return result.isEmpty ? "page" : result
    }
}
