import Course
import Markdown
import Support

extension Linker {
    /// The pages a front matter list (`related:`, `prerequisites:`) names, in order; names
    /// that match no page, or several, are reported where they are written.
    mutating func resolveList(_ key: String, of page: Int, missing: Rule) -> [Int] {
        let values = key == "related" ? pages[page].frontMatter.related : pages[page].frontMatter.prerequisites
        let spans = pages[page].frontMatter.listItemSpans[key] ?? []
        var targets: [Int] = []
        for (number, name) in values.enumerated() {
            let span = number < spans.count ? spans[number] : keySpan(page, key)
            let target: Int
            switch resolver.page(named: name) {
            case .found(let found):
                target = found
            case .ambiguous(let candidates):
                report(.ambiguousReference, page, span, "\(key): \"\(name)\" names \(candidates.count) pages")
                continue
            case .draft:
                // A list names pages to show beside this one: a left-out draft is none.
                report(missing, page, span, "\(key): no page titled \"\(name)\"", suggestion: resolver.closestName(to: name).map { "\"\($0)\"" })
                continue
            case .unknown(let suggestion):
                report(missing, page, span, "\(key): no page titled \"\(name)\"", suggestion: suggestion.map { "\"\($0)\"" })
                continue
            }
            if !targets.contains(target) { targets.append(target) }
        }
        return targets
    }

    mutating func resolveRelated(of page: Int) {
        for target in resolveList("related", of: page, missing: .unknownRelated) {
            if target == page {
                report(.selfRelated, page, keySpan(page, "related"), "related: the page names itself")
                continue
            }
            explicitRelated[page].append(target)
            edges.append(Edge(kind: .related, from: page, to: target, line: keySpan(page, "related").line))
        }
    }

    mutating func resolvePrerequisites(of page: Int) {
        for target in resolveList("prerequisites", of: page, missing: .unknownPrerequisite) {
            prerequisites[page].append(target)
            edges.append(Edge(kind: .prerequisite, from: page, to: target, line: keySpan(page, "prerequisites").line))
        }
    }

    mutating func resolveOutline() -> ([ResolvedModule], [Int]) {
        let lessons = pages.indices.filter { pages[$0].kind == .lesson }
        var placed = Set<Int>()
        var modules: [ResolvedModule] = []
        let drafts = Set(course.drafts.map(\.sourcePath))
        for module in course.config.modules {
            // The chapters before a summary's first part are the book's own.
            var resolved = ResolvedModule(number: modules.count + 1, title: module.title.isEmpty ? course.config.title : module.title,
                                          summary: module.summary, lessons: [])
            for (position, name) in module.lessons.enumerated() {
                let span = position < module.lessonSpans.count ? module.lessonSpans[position] : SourceSpan(line: 1, column: 1, endColumn: 2)
                let lesson = course.config.outlineSource == .bookSummary ? chapter(atPath: name, span: span, drafts: drafts)
                                                                          : outlineLesson(named: name, span: span, among: lessons)
                if let lesson, placed.insert(lesson).inserted { resolved.lessons.append(lesson) }
            }
            if !resolved.lessons.isEmpty || course.config.outlineSource == .courseFile { modules.append(resolved) }
        }
        // Lessons that name their module in front matter join it after the listed ones.
        let byOrder: (Int, Int) -> Bool = { a, b in
            (self.pages[a].frontMatter.order ?? .infinity, self.pages[a].title, self.pages[a].sourcePath)
                < (self.pages[b].frontMatter.order ?? .infinity, self.pages[b].title, self.pages[b].sourcePath)
        }
        let joining = lessons.filter { !placed.contains($0) && pages[$0].frontMatter.module != nil }.sorted(by: byOrder)
        for lesson in joining {
            let name = pages[lesson].frontMatter.module ?? ""
            if let existing = modules.firstIndex(where: { TitleKey.normalize($0.title) == TitleKey.normalize(name) }) {
                modules[existing].lessons.append(lesson)
            } else {
                modules.append(ResolvedModule(number: modules.count + 1, title: name, summary: nil, lessons: [lesson]))
            }
            placed.insert(lesson)
        }
        let unlisted = lessons.filter { !placed.contains($0) }.sorted(by: byOrder)
        return (modules, unlisted)
    }

    /// The lesson a course.yml outline entry names by slug or title; nil, reported, when it
    /// names none or several.
    mutating func outlineLesson(named name: String, span: SourceSpan, among lessons: [Int]) -> Int? {
        let candidates = index.pages(named: name)
        if candidates.count == 1 { return candidates[0] }
        let suggestion = Suggestion.closest(to: name, among: lessons.map { pages[$0].slug })
        reportOutline(span, candidates.isEmpty ? "the outline names \"\(name)\", but no page has that slug or title"
                                               : "the outline entry \"\(name)\" names \(candidates.count) pages",
                      suggestion: suggestion.map { "\"\($0)\"" })
        return nil
    }

    /// The page of a SUMMARY.md chapter. A draft is left out with its page, and the home page
    /// (README.md, often the summary's first entry) is no lesson: nil for both, and for a
    /// file that is not there, which is reported.
    mutating func chapter(atPath path: String, span: SourceSpan, drafts: Set<String>) -> Int? {
        if drafts.contains(path) { return nil }
        if let page = index.page(atSourcePath: path) { return pages[page].isHomeIntro ? nil : page }
        if pathCandidates == nil { pathCandidates = Suggestion.Candidates(paths: pages.map(\.sourcePath)) }
        reportOutline(span, "the summary lists '\(path)', but there is no such page", suggestion: pathCandidates?.closest(to: path))
        return nil
    }

    /// A finding about the outline, in the file it was read from.
    mutating func reportOutline(_ span: SourceSpan, _ message: String, suggestion: String?) {
        let file = course.config.outlineSource == .courseFile ? "course.yml" : BookSummary.fileName
        diagnostics.append(Diagnostic(rule: .outlineMissingLesson, file: course.location.display(file), span: span, message: message,
                                      suggestion: suggestion, lineText: course.config.outlineLines?[span.line]))
    }
}
