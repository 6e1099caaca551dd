import Course

// The rules whose findings are made by the stage that sees the fact: a name resolves (or not)
// in the linker, a file is read by the loader, HTML is left out by the compiler. Reporting them
// there costs no second walk of the course. The rules that judge the linked course are
// `CourseRule`s, a file each; `CheckRules.all` holds both kinds.

// MARK: - Found while the folder is read

/// `invalid-front-matter`: front matter that cannot be read, or a key of ours with a value of the
/// wrong type.
public struct InvalidFrontMatterRule: CheckRule {
    public static let id = Rule.invalidFrontMatter
    public static let foundBy = Stage.loading
}

/// `unknown-key`: front matter keys that are not read (another tool's, or a typo), once a page.
public struct UnknownKeyRule: CheckRule {
    public static let id = Rule.unknownKey
    public static let foundBy = Stage.loading
}

/// `invalid-course-file`: course.yml (or book.toml) that cannot be read, or a value of the wrong
/// type.
public struct InvalidCourseFileRule: CheckRule {
    public static let id = Rule.invalidCourseFile
    public static let foundBy = Stage.loading
}

/// `unreadable-file`: a file or folder of the content that cannot be read.
public struct UnreadableFileRule: CheckRule {
    public static let id = Rule.unreadableFile
    public static let foundBy = Stage.loading
}

/// `duplicate-slug`: two pages, or a page and a copied file, written to one output path.
public struct DuplicateSlugRule: CheckRule {
    public static let id = Rule.duplicateSlug
    public static let foundBy = Stage.loading
}

// MARK: - Found while a page's Markdown is compiled

/// `malformed-reference`: a `[see:` that is not closed or names nothing.
public struct MalformedReferenceRule: CheckRule {
    public static let id = Rule.malformedReference
    public static let foundBy = Stage.compiling
}

/// `invalid-timestamp`: a quote or reference time that is no time (`3:75`).
public struct InvalidTimestampRule: CheckRule {
    public static let id = Rule.invalidTimestamp
    public static let foundBy = Stage.compiling
}

/// `unknown-footnote`: `[^label]` where the page defines no footnote of that label.
public struct UnknownFootnoteRule: CheckRule {
    public static let id = Rule.unknownFootnote
    public static let foundBy = Stage.compiling
}

/// `unused-footnote`: a footnote definition nothing refers to, or a second one of a label.
public struct UnusedFootnoteRule: CheckRule {
    public static let id = Rule.unusedFootnote
    public static let foundBy = Stage.compiling
}

/// `raw-html-omitted`: raw HTML the site leaves out without `unsafe_html: true`.
public struct RawHTMLOmittedRule: CheckRule {
    public static let id = Rule.rawHTMLOmitted
    public static let foundBy = Stage.compiling
}

/// `template-syntax`: `{{ … }}` or `{% … %}` shown as text, which no template engine runs here.
public struct TemplateSyntaxRule: CheckRule {
    public static let id = Rule.templateSyntax
    public static let foundBy = Stage.compiling
}

// MARK: - Found while names and links are resolved

/// `unknown-reference`: a `[see:]` or `[[…]]` that names no page, or only a draft.
public struct UnknownReferenceRule: CheckRule {
    public static let id = Rule.unknownReference
    public static let foundBy = Stage.linking
}

/// `ambiguous-reference`: a name that several pages answer to.
public struct AmbiguousReferenceRule: CheckRule {
    public static let id = Rule.ambiguousReference
    public static let foundBy = Stage.linking
}

/// `link-leaves-content`: a relative link that climbs above the content folder, when the course
/// does not say where it is published.
public struct LinkLeavesContentRule: CheckRule {
    public static let id = Rule.linkLeavesContent
    public static let foundBy = Stage.linking
}

/// `unknown-quote`: `@ 12:40` where the page has no quote at that time.
public struct UnknownQuoteRule: CheckRule {
    public static let id = Rule.unknownQuote
    public static let foundBy = Stage.linking
}

/// `missing-page`: a link to a Markdown page, or a folder, that is not there.
public struct MissingPageRule: CheckRule {
    public static let id = Rule.missingPage
    public static let foundBy = Stage.linking
}

/// `broken-fragment`: a `#fragment` that is no heading or quote of its page.
public struct BrokenFragmentRule: CheckRule {
    public static let id = Rule.brokenFragment
    public static let foundBy = Stage.linking
}

/// `missing-file`: a link, image, embed or `audio:` whose file is not there.
public struct MissingFileRule: CheckRule {
    public static let id = Rule.missingFile
    public static let foundBy = Stage.linking
}

/// `empty-link`: a link or image with an empty destination.
public struct EmptyLinkRule: CheckRule {
    public static let id = Rule.emptyLink
    public static let foundBy = Stage.linking
}

/// `missing-alt-text`: an image without alt text.
public struct MissingAltTextRule: CheckRule {
    public static let id = Rule.missingAltText
    public static let foundBy = Stage.linking
}

/// `outline-missing-lesson`: an outline (course.yml or SUMMARY.md) entry that names no page.
public struct OutlineMissingLessonRule: CheckRule {
    public static let id = Rule.outlineMissingLesson
    public static let foundBy = Stage.linking
}

/// `unknown-prerequisite`: a `prerequisites:` name that finds no page.
public struct UnknownPrerequisiteRule: CheckRule {
    public static let id = Rule.unknownPrerequisite
    public static let foundBy = Stage.linking
}

/// `unknown-related`: a `related:` name that finds no page.
public struct UnknownRelatedRule: CheckRule {
    public static let id = Rule.unknownRelated
    public static let foundBy = Stage.linking
}

/// `self-related`: a page that names itself in `related:`.
public struct SelfRelatedRule: CheckRule {
    public static let id = Rule.selfRelated
    public static let foundBy = Stage.linking
}

// MARK: - Found while the rendered site is proven

/// `broken-output`: a link or id in the rendered site that leads nowhere: a theme's mistake, or
/// kept raw HTML.
public struct BrokenOutputRule: CheckRule {
    public static let id = Rule.brokenOutput
    public static let foundBy = Stage.verifyingOutput
}
