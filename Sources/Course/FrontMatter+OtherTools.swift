import Markdown

/// Reading the keys of other tools' front matter that mean something here (the list is
/// `FrontMatter.otherToolsKeys`; docs/authoring.md, "Folders from other tools"). A key of ours
/// wins over another tool's word for it; a value another tool's key cannot be read with is
/// left unread, through `attempt`, as a warning.
extension FrontMatterParser {
    static func readOtherToolsKeys(_ fields: YAMLFields, into matter: inout FrontMatter, siteFiles: SiteFiles,
                                   attempt: (String, () throws(YAMLProblem) -> Void) -> Void) {
        // A podcast's show notes name an episode's sound file `url:` (an address ending in
        // `.mp3`, `.m4a` …): it is the episode's audio, not its page's address.
        var urlIsAudio = false
        if matter.audio == nil, let url = try? fields.string("url"), Self.isAudioAddress(url) {
            matter.audio = url
            urlIsAudio = true
        }
        for key in ["permalink", "url"] where matter.permalink == nil && !(key == "url" && urlIsAudio) {
            attempt(key) { () throws(YAMLProblem) in
                guard let value = try fields.string(key) else { return }
                try checkPermalink(value, key: key, line: fields.line(of: key))
                // A Jekyll `tags.md` at `/tags/`: the page keeps its file's URL, and the site's
                // own page stays.
                let path = outputPath(ofPermalink: value)
                if path != "index.html", siteFiles.isSiteFile(path) {
                    throw YAMLProblem(message: "'\(key): \(value)' is where the site writes its own \(path)", line: fields.line(of: key),
                                      column: 1, key: key)
                }
                matter.permalink = value
            }
        }
        for key in ["weight", "sidebar_position", "nav_order"] where fields.node("order") == nil && matter.order == nil {
            attempt(key) { () throws(YAMLProblem) in matter.order = try fields.number(key) }
        }
        if fields.node("summary") == nil {
            attempt("description") { () throws(YAMLProblem) in
                guard let value = try fields.string("description"), !value.allSatisfy(\.isWhitespace) else { return }
                matter.summary = value
            }
        }
        // Hugo reads its keys in any case: `linktitle` is `linkTitle`.
        for key in ["linkTitle", "linktitle", "sidebar_label", "nav_title"] where matter.navigationTitle == nil {
            attempt(key) { () throws(YAMLProblem) in
                guard let value = try fields.string(key), !value.allSatisfy(\.isWhitespace) else { return }
                matter.navigationTitle = value
            }
        }
        attempt("categories") { () throws(YAMLProblem) in
            // Jekyll also writes them as one text of words: `categories: news travel`.
            let categories = try fields.strings("categories", orOneText: true)
                .flatMap { $0.split(whereSeparator: \.isWhitespace).map(String.init) }
            for category in categories where !matter.tags.contains(where: { $0.lowercased() == category.lowercased() }) {
                matter.tags.append(category)
            }
        }
        attempt("id") { () throws(YAMLProblem) in
            guard let value = try fields.string("id"), !value.allSatisfy(\.isWhitespace) else { return }
            matter.documentID = value
        }
        for key in ["publish", "published"] {
            attempt(key) { () throws(YAMLProblem) in
                if try fields.bool(key) == false { matter.draft = true }
            }
        }
    }

    /// An http(s) address of a sound file, by its extension (before any `?query`).
    static func isAudioAddress(_ value: String) -> Bool {
        let lowered = value.lowercased()
        guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://") else { return false }
        let path = lowered.prefix { $0 != "?" && $0 != "#" }
        return [".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".wav", ".flac"].contains { path.hasSuffix($0) }
    }

    /// A permalink this site can write a page at: a path from the site's root, without
    /// Jekyll's `:placeholders`, a query, a fragment or a step up.
    static func checkPermalink(_ value: String, key: String, line: Int) throws(YAMLProblem) {
        func refuse(_ why: String) -> YAMLProblem {
            YAMLProblem(message: "'\(key): \(value)' \(why)", line: line, column: 1, key: key)
        }
        // A podcast's `url:` is often the episode's address elsewhere.
        if LinkTarget.hasScheme(value) || value.hasPrefix("//") { throw refuse("is a full address, not a path on this site") }
        if value.contains(":") { throw refuse("holds placeholders (like :title), which are not filled in here") }
        let allowed = value.utf8.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "/")
        }
        guard allowed else { throw refuse("holds more than letters a-z, digits, '-', '_', '.' and '/'") }
        let parts = value.split(separator: "/")
        if parts.contains(where: { $0 == ".." || $0 == "." }) { throw refuse("steps out of its folder with '.' or '..'") }
        if let last = parts.last, let dot = last.lastIndex(of: "."), !["html", "htm"].contains(last[last.index(after: dot)...].lowercased()) {
            throw refuse("names a file that is not HTML, '\(last)'")
        }
    }

    /// Where a page with `permalink` is written: `/about/` as `about/index.html`, `/about.html`
    /// as it is, `/about` as `about.html` (which servers such as GitHub Pages answer at
    /// `/about`), `/` as the home page.
    static func outputPath(ofPermalink permalink: String) -> String {
        let path = permalink.split(separator: "/").joined(separator: "/")
        if path.isEmpty { return "index.html" }
        if permalink.hasSuffix("/") { return path + "/index.html" }
        let last = path.split(separator: "/").last ?? ""
        return last.contains(".") ? path : path + ".html"
    }

    /// `1700000000000` (milliseconds since 1970, twelve or thirteen digits) as its day in UTC,
    /// `YYYY-MM-DD`; nil for any other text.
    static func day(ofEpochMilliseconds text: String) -> String? {
        guard (12...13).contains(text.utf8.count), text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              let milliseconds = Int(text) else { return nil }
        // Howard Hinnant's days-to-civil: exact for every day of the proleptic Gregorian calendar.
        let days = milliseconds / 86_400_000 + 719_468
        let era = days / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))"
    }
}
