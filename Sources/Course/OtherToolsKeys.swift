/// The front matter keys of other site generators and note apps that Syllabus does not read,
/// with the tools that write them: a folder written for one of them builds as it is, and the
/// warning says whose key it is, so that an author does not take it for a typo.
enum OtherToolsKeys {
    /// The tools a key belongs to, by the name they write it with; empty for a key no tool
    /// here is known to write (a typo, or the author's own).
    static func tools(writing key: String) -> [String] {
        byKey[key] ?? []
    }

    private static let byKey: [String: [String]] = {
        var table: [String: [String]] = [:]
        for (tool, keys) in keysByTool {
            for key in keys { table[key, default: []].append(tool) }
        }
        return table.mapValues { $0.sorted() }
    }()

    /// From the tools' documentation of their front matter (Jekyll with its common themes,
    /// Hugo, Docusaurus, Obsidian and Obsidian Publish, MkDocs with Material, Zola). mdBook
    /// reads no front matter, so none of its keys are here.
    private static let keysByTool: [(String, [String])] = [
        ("Jekyll", ["layout", "permalink", "published", "categories", "category", "excerpt", "excerpt_separator", "render_with_liquid",
                    "sitemap", "redirect_from", "redirect_to", "last_modified_at", "author", "comments", "toc", "toc_label", "toc_sticky",
                    "header", "classes", "nav_order", "parent", "grand_parent", "has_children", "nav_exclude", "has_toc", "share",
                    "read_time", "lang", "image", "seo"]),
        ("Hugo", ["weight", "linkTitle", "keywords", "params", "menu", "menus", "type", "url", "lastmod", "publishDate", "expiryDate",
                  "images", "outputs", "cascade", "build", "headless", "isCJKLanguage", "markup", "resources", "sitemap", "translationKey",
                  "toc", "bookCollapseSection", "bookFlatSection", "bookHidden", "bookToc", "bookComments", "categories", "author", "authors",
                  "featured_image", "layout", "description", "aliases", "draft", "slug", "expirydate", "publishdate", "linktitle"]),
        ("Docusaurus", ["id", "sidebar_label", "sidebar_position", "sidebar_class_name", "sidebar_custom_props", "hide_title",
                        "hide_table_of_contents", "pagination_label", "pagination_next", "pagination_prev", "custom_edit_url",
                        "parse_number_prefixes", "keywords", "image", "displayed_sidebar", "toc_min_heading_level", "toc_max_heading_level",
                        "unlisted", "last_update", "authors", "description", "slug"]),
        ("Obsidian", ["cssclasses", "cssclass", "publish", "alias", "aliases", "banner", "created", "modified", "updated", "permalink",
                      "image", "cover"]),
        ("MkDocs", ["hide", "template", "status", "search", "icon", "subtitle", "social", "comments", "description"]),
        ("Zola", ["weight", "template", "extra", "taxonomies", "in_search_index", "render", "redirect_to", "insert_anchor_links",
                  "aliases", "updated", "path", "authors", "description", "draft", "slug"]),
    ]
}
