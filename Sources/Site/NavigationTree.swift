import Support
import Course
import Linking

/// Every page of the site but the home page, as the tree the sidebar and the contents page
/// show: folders are sections, and so are the outline's modules and a book's parts.
///
/// Where a page goes: a lesson of course.yml's outline into its module, the modules first in
/// the section of the folder that holds the lessons; a chapter of SUMMARY.md into its part,
/// under the chapter it is indented beneath; every other page into its folder's section. A
/// folder's own page (its `index.md`, README or `_index.md`) opens the section.
///
/// Siblings are ordered as the folder's tool orders them (docs/authoring.md, "The order of
/// the sidebar"): a position first (front matter `order`, `weight`, `sidebar_position` or
/// `nav_order`; a `_category_.json`'s `position`; a number the name starts with, `01-intro`),
/// lowest first; then dated articles and episodes, newest first; then pages, then sections, by
/// title. At the top, sections of lessons, episodes and articles come first, in that order.
struct NavigationTree: Sendable {
    struct Node: Sendable {
        var title: String
        /// The page the entry opens: the page itself, or a section's own page.
        var page: Int?
        var children: [Node] = []
        /// What names a section uniquely in the tree (`folder:guide/setup`, `module:2`); empty
        /// for a page.
        var key = ""

        var isSection: Bool { !children.isEmpty }
    }

    var roots: [Node]
    /// The titles of the sections each page is in, outermost first, by page index.
    var sections: [[String]]

    init(_ graph: CourseGraph) {
        let builder = Builder(graph: graph)
        roots = builder.roots()
        var sections = Array(repeating: [String](), count: graph.pages.count)
        func walk(_ nodes: [Node], _ path: [String]) {
            for node in nodes {
                if let page = node.page { sections[page] = path }
                walk(node.children, node.isSection ? path + [node.title] : path)
            }
        }
        walk(roots, [])
        self.sections = sections
    }

    /// The sections at the top of the tree: the site's top-level places.
    var topSections: [Node] { roots.filter(\.isSection) }
}

private struct Builder {
    let graph: CourseGraph
    var pages: [Page] { graph.pages }

    /// A page's entry: its navigation title when it has one.
    func leaf(_ page: Int) -> NavigationTree.Node {
        NavigationTree.Node(title: pages[page].frontMatter.navigationTitle ?? pages[page].title, page: page)
    }

    func roots() -> [NavigationTree.Node] {
        var placed = Set<Int>()
        var outlineRoots: [NavigationTree.Node] = []
        var modules: [NavigationTree.Node] = []
        let config = graph.course.config
        if config.outlineSource == .bookSummary {
            let bySource = Dictionary(pages.indices.map { (pages[$0].sourcePath, $0) }, uniquingKeysWith: { first, _ in first })
            for (number, module) in config.modules.enumerated() {
                var items: [NavigationTree.Node] = []
                for (position, path) in module.lessons.enumerated() {
                    guard let page = bySource[path], !pages[page].isHomeIntro, placed.insert(page).inserted else { continue }
                    let depth = position < module.lessonDepths.count ? module.lessonDepths[position] : 0
                    Self.insert(leaf(page), depth: depth, into: &items, key: "chapter:\(path)")
                }
                if module.title.isEmpty {
                    outlineRoots += items
                } else if !items.isEmpty {
                    outlineRoots.append(NavigationTree.Node(title: module.title, children: items, key: "part:\(number + 1)"))
                }
            }
        } else {
            for module in graph.modules where !module.lessons.isEmpty {
                placed.formUnion(module.lessons)
                modules.append(NavigationTree.Node(title: module.title, children: module.lessons.map(leaf), key: "module:\(module.number)"))
            }
        }
        // The lessons' folder holds the modules: the top folder of the first lesson of the outline.
        let outlineFolder = modules.first?.children.first?.page.map { Self.topFolder(of: pages[$0].sourcePath) }
        var folders = FolderTree(pages: pages, placed: placed, categories: graph.course.folderCategories)
        if let outlineFolder, !outlineFolder.isEmpty { folders.ensure(outlineFolder) }
        // Lessons at the top of the folder get a section of their own.
        let prepending = outlineFolder.flatMap { $0.isEmpty ? nil : [$0: modules] } ?? [:]
        var roots = outlineRoots + folders.nodes(in: "", leaf: leaf, prepending: prepending)
        if outlineFolder == "" {
            roots.insert(NavigationTree.Node(title: "Lessons", children: modules, key: "lessons"), at: 0)
        }
        return roots
    }

    /// Puts `node` at `depth` under the last entry of each level above it (a sub-chapter under
    /// its chapter); an entry that gets children is a section opened by its own page.
    static func insert(_ node: NavigationTree.Node, depth: Int, into items: inout [NavigationTree.Node], key: String) {
        guard depth > 0, !items.isEmpty else {
            var node = node
            node.key = key
            items.append(node)
            return
        }
        insert(node, depth: depth - 1, into: &items[items.count - 1].children, key: key)
    }

    static func topFolder(of path: String) -> String {
        guard let slash = path.firstIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }
}

/// The pages not placed by an outline, by folder.
private struct FolderTree {
    struct Folder {
        var pages: [Int] = []
        var index: Int?
        var subfolders: Set<String> = []
    }

    let pages: [Page]
    let categories: [String: FolderCategory]
    var folders: [String: Folder] = ["": Folder()]

    init(pages: [Page], placed: Set<Int>, categories: [String: FolderCategory]) {
        self.pages = pages
        self.categories = categories
        for page in pages.indices where !placed.contains(page) && !pages[page].isHomeIntro && !pages[page].isNotFound {
            let folder = RelativeURL.folder(of: pages[page].sourcePath)
            ensure(folder)
            // A folder's own page is written as its index.html.
            if !folder.isEmpty, pages[page].outputPath == folder + "/index.html", folders[folder]?.index == nil {
                folders[folder]?.index = page
            } else {
                folders[folder]?.pages.append(page)
            }
        }
    }

    /// Makes `folder` and the folders above it known.
    mutating func ensure(_ folder: String) {
        var child = folder
        while !child.isEmpty {
            if folders[child] == nil { folders[child] = Folder() }
            let parent = RelativeURL.folder(of: child)
            folders[parent, default: Folder()].subfolders.insert(child)
            child = parent
        }
    }

    /// How an entry is placed among its siblings.
    struct Rank {
        var position: Double?
        /// Among entries without a position: 0 dated articles and episodes, 1 pages, 2
        /// sections; at the top, sections of lessons, episodes and articles before all of them
        /// (below 0, in that order).
        var group: Int
        var date: String
        /// Lowercased, made once: an entry is compared many times.
        var title: String
        var path: String

        static func < (a: Rank, b: Rank) -> Bool {
            if (a.position != nil) != (b.position != nil) { return a.position != nil }
            if let first = a.position, let second = b.position, first != second { return first < second }
            if a.group != b.group { return a.group < b.group }
            if a.group == 0, a.date != b.date { return a.date > b.date }
            if a.title != b.title { return a.title < b.title }
            return a.path < b.path
        }
    }

    /// The entries of `folder`: its pages and its subfolders' sections, ordered; `prepending`
    /// gives entries that open a folder's section before its own (the outline's modules).
    func nodes(in folder: String, leaf: (Int) -> NavigationTree.Node,
               prepending: [String: [NavigationTree.Node]]) -> [NavigationTree.Node] {
        guard let content = folders[folder] else { return [] }
        var ranked: [(rank: Rank, node: NavigationTree.Node)] = []
        for page in content.pages {
            let name = Self.baseName(pages[page].sourcePath)
            let position = pages[page].frontMatter.order ?? Course.numberPrefix(of: name).map { Double($0.number) }
            let isDated = pages[page].date != nil && (pages[page].kind == .article || pages[page].kind == .episode)
            let node = leaf(page)
            ranked.append((Rank(position: position, group: isDated ? 0 : 1, date: pages[page].date ?? "", title: node.title.lowercased(),
                                path: pages[page].sourcePath), node))
        }
        for subfolder in content.subfolders {
            guard let node = section(subfolder, leaf: leaf, prepending: prepending) else { continue }
            let index = folders[subfolder]?.index
            let name = RelativeURL.fileName(of: subfolder)
            let position = categories[subfolder]?.position ?? index.flatMap { pages[$0].frontMatter.order }
                ?? Course.numberPrefix(of: name).map { Double($0.number) }
            var group = 2
            // The folder the outline's modules open holds lessons, whatever else it holds.
            if folder.isEmpty, let kind = prepending[subfolder] != nil ? .lesson : uniformKind(subfolder), kind != .page {
                group = (PageKind.allCases.firstIndex(of: kind) ?? 0) - PageKind.allCases.count
            }
            ranked.append((Rank(position: position, group: group, date: "", title: node.title.lowercased(), path: subfolder), node))
        }
        return (prepending[folder] ?? []) + ranked.sorted { $0.rank < $1.rank }.map(\.node)
    }

    /// The section of `folder`, or its own page alone when it holds nothing else; nil when it
    /// holds no page.
    func section(_ folder: String, leaf: (Int) -> NavigationTree.Node,
                 prepending: [String: [NavigationTree.Node]]) -> NavigationTree.Node? {
        let children = nodes(in: folder, leaf: leaf, prepending: prepending)
        let index = folders[folder]?.index
        if children.isEmpty { return index.map(leaf) }
        let name = RelativeURL.fileName(of: folder)
        let title = categories[folder]?.label ?? index.map { leaf($0).title }
            ?? Course.title(fromFileName: Course.numberPrefix(of: name)?.rest ?? name)
        return NavigationTree.Node(title: title, page: index, children: children, key: "folder:" + folder)
    }

    /// The kind every page under `folder` has, when they all have one.
    func uniformKind(_ folder: String) -> PageKind? {
        var kinds = Set<PageKind>()
        var pending = [folder]
        while let next = pending.popLast(), let content = folders[next] {
            for page in content.pages + (content.index.map { [$0] } ?? []) { kinds.insert(pages[page].kind) }
            pending += content.subfolders
        }
        return kinds.count == 1 ? kinds.first : nil
    }

    static func baseName(_ path: String) -> String {
        let name = RelativeURL.fileName(of: path)
        return name.lastIndex(of: ".").map { String(name[..<$0]) } ?? name
    }
}
