import Support
import Course
import Markdown

/// Atom feed, sitemap and robots.txt. Dates come from the content, never from the clock.
enum Feeds {
    static func atom(_ model: SiteModel) -> String {
        let config = model.config
        let entries = model.pages.indices.filter { model.pages[$0].date != nil && !model.pages[$0].isHomeIntro }
            .sorted(by: model.newerFirst)
            .prefix(30)
        let updated = entries.first.flatMap { model.pages[$0].date } ?? "1970-01-01"
        let base = config.baseURL
        // Without a base_url the links are relative, which readers resolve against the feed's own
        // address (the site's root, so the home page is `./`), and ids are made from the title.
        func url(_ path: String) -> String {
            path == "index.html" ? (base ?? "./") : (base ?? "") + Escape.url(path)
        }
        let course = "urn:syllabus:" + Slugger.pageSlug(config.title, fallback: "course")
        func id(_ path: String) -> String {
            if let base { return base + Escape.url(path) }
            return path.isEmpty ? course : course + ":" + Escape.url(path)
        }
        var xml = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(Escape.xml(config.language))">
          <title>\(Escape.xml(config.title))</title>

        """
        if let description = config.description { xml += "  <subtitle>\(Escape.xml(description))</subtitle>\n" }
        xml += "  <id>\(Escape.xml(id("")))</id>\n"
        xml += "  <link rel=\"alternate\" type=\"text/html\" href=\"\(Escape.xml(url("index.html")))\"/>\n"
        if base != nil { xml += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"\(Escape.xml(url("feed.xml")))\"/>\n" }
        xml += "  <updated>\(updated)T00:00:00Z</updated>\n"
        xml += "  <author><name>\(Escape.xml(config.author ?? config.title))</name></author>\n"
        xml += "  <generator>Syllabus</generator>\n"
        for index in entries {
            let page = model.pages[index]
            xml += "  <entry>\n"
            xml += "    <title>\(Escape.xml(page.title))</title>\n"
            xml += "    <id>\(Escape.xml(id(page.outputPath)))</id>\n"
            xml += "    <link rel=\"alternate\" type=\"text/html\" href=\"\(Escape.xml(url(page.outputPath)))\"/>\n"
            xml += "    <published>\(page.date ?? updated)T00:00:00Z</published>\n"
            xml += "    <updated>\(page.date ?? updated)T00:00:00Z</updated>\n"
            for tag in page.frontMatter.tags { xml += "    <category term=\"\(Escape.xml(tag))\"/>\n" }
            xml += "    <summary>\(Escape.xml(page.summary))</summary>\n"
            xml += "  </entry>\n"
        }
        xml += "</feed>\n"
        return xml
    }

    /// Nil without a base_url: a sitemap's locations must be absolute URLs.
    static func sitemap(_ model: SiteModel) -> String? {
        guard let base = model.config.baseURL else { return nil }
        var paths = ["index.html", "quotes/index.html"]
        let pages = model.pages
        // By index: copying each page would retain every string it holds.
        paths += pages.indices.filter { !pages[$0].isHomeIntro && !pages[$0].isNotFound }.map { pages[$0].outputPath }
        if !model.tags.isEmpty { paths.append("tags/index.html") }
        paths += model.tags.map(\.path)
        let dates = Dictionary(pages.indices.map { (pages[$0].outputPath, pages[$0].date) }, uniquingKeysWith: { first, _ in first })
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for path in paths.sorted() {
            xml += "  <url><loc>\(Escape.xml(base + (path == "index.html" ? "" : Escape.url(path))))</loc>"
            if let date = dates[path] ?? nil { xml += "<lastmod>\(date)</lastmod>" }
            xml += "</url>\n"
        }
        return xml + "</urlset>\n"
    }

    static func robots(_ model: SiteModel) -> String {
        var text = "User-agent: *\nAllow: /\n"
        if let base = model.config.baseURL { text += "Sitemap: \(base)sitemap.xml\n" }
        return text
    }
}

/// `search-index.json`: what the client-side search looks through. URLs are relative to the
/// site root.
enum SearchIndex {
    /// A hash of everything `json` reads, so an unchanged index is neither built nor written.
    static func fingerprint(_ pages: [Page], sections: [[String]], seed: UInt64) -> UInt64 {
        var hasher = StableHasher(seed: seed)
        for section in sections { hasher.combine(section.joined(separator: "\u{1}")) }
        for page in pages {
            hasher.combine(page.sourcePath)
            hasher.combine(page.outputPath)
            hasher.combine(page.title)
            hasher.combine(page.kind.rawValue)
            hasher.combine(page.summary)
            hasher.combine(page.body.headings.count)
            for heading in page.body.headings {
                hasher.combine(heading.text)
                hasher.combine(heading.id)
            }
            hasher.combine(page.body.quotes.count)
            for quote in page.body.quotes {
                hasher.combine(quote.time.seconds)
                hasher.combine(quote.text)
            }
        }
        return hasher.finalize()
    }

    /// `{"pages":[…]}`, compact, each page's keys in sorted order (as `JSON` writes them).
    static func json(_ model: SiteModel) -> [UInt8] {
        // By index: the pages are large values, and copying each costs more than its entry.
        let pages = model.pages
        let order = pages.indices.filter { !pages[$0].isHomeIntro }.sorted { pages[$0].outputPath < pages[$1].outputPath }
        var writer = JSONWriter(pretty: false, capacity: 1024 * order.count + 16)
        writer.openObject()
        writer.key("pages")
        writer.openArray()
        for index in order {
            let url = model.url(pages[index].outputPath)
            writer.openObject()
            writer.key("headings")
            writer.openArray()
            for heading in pages[index].body.headings {
                writer.openObject()
                writer.member("text", heading.text)
                // An ASCII id is letters, digits, `-` and `_` only (`Slugger`).
                writer.member("url", url + "#" + (heading.id.isASCIIText ? heading.id : Escape.url(heading.id)))
                writer.closeObject()
            }
            writer.closeArray()
            writer.member("kind", pages[index].kind.rawValue)
            writer.key("quotes")
            writer.openArray()
            for quote in pages[index].body.quotes {
                writer.openObject()
                writer.member("text", quote.text)
                writer.member("time", quote.time.description)
                writer.member("url", url + "#" + quote.time.anchor)
                writer.closeObject()
            }
            writer.closeArray()
            // Pages of one title are told apart in the results by the sections they are in.
            let section = model.navigationTree.sections[index]
            if !section.isEmpty { writer.member("section", section.joined(separator: " › ")) }
            writer.member("summary", pages[index].summary)
            writer.member("title", pages[index].title)
            writer.member("url", url)
            writer.closeObject()
        }
        writer.closeArray()
        writer.closeObject()
        return writer.bytes
    }
}
