import Markdown

extension Course {
    /// The course with the page at `relative` compiled again from `text` (an editor's buffer),
    /// exactly as `load` compiles it, and the diagnostics of compiling it; the other pages are
    /// kept as they are. Nil when the change needs the whole folder loaded again: the page is
    /// not in the course, it becomes or stops being a draft, or the file is not a page of its
    /// own (course.yml, a book's SUMMARY.md).
    public func replacingPage(_ relative: String, text: String, options: LoadOptions) -> (course: Course, diagnostics: [Diagnostic])? {
        guard relative != "course.yml", relative != BookSummary.fileName || config.outlineSource != .bookSummary,
              let index = pages.firstIndex(where: { $0.sourcePath == relative }) else { return nil }
        let markdownOptions = options.markdownOptions(unsafeHTML: config.unsafeHTML)
        let opensFolder = Course.opensFolder(relative, among: pages.lazy.map(\.sourcePath) + drafts.lazy.map(\.sourcePath))
        let cleaned = ContentLoader.cleaned(text)
        let compiled = PageCompiler.compile(path: relative, text: cleaned, location: location, options: markdownOptions, opensFolder: opensFolder)
        let result = PageCompiler.placed(compiled, path: relative, text: cleaned, location: location, options: markdownOptions,
                                         opensFolder: opensFolder, siteFiles: options.siteFiles)
        guard var page = result.page, !page.frontMatter.draft || options.includeDrafts else { return nil }
        if config.outlineSource == .bookSummary { page.becomeChapter(of: Set(config.modules.flatMap(\.lessons))) }
        var course = self
        course.pages[index] = page
        return (course, result.diagnostics)
    }

    /// The findings of pages and files that would be written to the same place, or take the
    /// same slug: what `load` reports, for a course whose pages changed since.
    public func uniquenessDiagnostics() -> [Diagnostic] {
        Self.checkUniqueness(pages, files: files, location: location, siteFiles: siteFiles)
    }
}
