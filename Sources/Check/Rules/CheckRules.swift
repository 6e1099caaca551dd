import Course
import Linking

/// Every rule, and the judging of the linked course by those that judge it.
public enum CheckRules {
    /// One type per `Rule` id (a test holds them to that).
    public static let all: [any CheckRule.Type] = judging + [
        InvalidFrontMatterRule.self,
        UnknownKeyRule.self,
        InvalidCourseFileRule.self,
        UnreadableFileRule.self,
        DuplicateSlugRule.self,
        MalformedReferenceRule.self,
        InvalidTimestampRule.self,
        RawHTMLOmittedRule.self,
        UnknownFootnoteRule.self,
        UnusedFootnoteRule.self,
        TemplateSyntaxRule.self,
        UnknownReferenceRule.self,
        AmbiguousReferenceRule.self,
        UnknownQuoteRule.self,
        LinkLeavesContentRule.self,
        MissingPageRule.self,
        BrokenFragmentRule.self,
        MissingFileRule.self,
        EmptyLinkRule.self,
        MissingAltTextRule.self,
        OutlineMissingLessonRule.self,
        UnknownPrerequisiteRule.self,
        UnknownRelatedRule.self,
        SelfRelatedRule.self,
        BrokenOutputRule.self,
    ]

    /// The rules that read the linked course, in the order they run.
    public static let judging: [any CourseRule.Type] = [
        TimestampOrderRule.self, DuplicateHeadingRule.self, PrerequisiteCycleRule.self, DuplicateEpisodeNumberRule.self, OrphanRule.self,
        ChapterOrderRule.self, TimePastEndRule.self, PodcastSettingsRule.self,
    ]

    /// What the judging rules find in `graph`, at their default severities.
    public static func judge(_ graph: CourseGraph) -> [Diagnostic] {
        var findings = Findings(graph: graph)
        for rule in judging { rule.judge(graph, into: &findings) }
        return findings.diagnostics
    }
}
