@testable import Site
import Testing

/// The theme's Mustache engine, through its API. Where an expectation looks odd, it is what
/// swift-mustache 2.1.1 (which rendered the site before) gives for the same template; those
/// were checked against it.
@Suite struct TemplateEngineTests {
    /// Parses `templates` (name → text) and renders `main`.
    func render(_ templates: [String: String], _ context: TemplateObject = [:]) throws -> String {
        let sources = Dictionary(uniqueKeysWithValues: templates.map { name, text in
            (name, (path: "Templates/\(name).mustache", text: text))
        })
        return String(decoding: try TemplateLibrary(sources: sources).render("main", context: context), as: UTF8.self)
    }

    /// The error a broken template gives, as `path:line:column: error: message`.
    func loadError(_ templates: [String: String]) -> String? {
        do {
            _ = try render(templates)
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// Quick rebuilds replace a page's body in its written file only when the theme shows it
    /// as given: never escaped, never as a section (whose `{{.}}` could escape it).
    @Test func aBodyShownEscapedOrAsASectionCannotBeReplacedInPlace() throws {
        func library(_ main: String) throws -> TemplateLibrary {
            try TemplateLibrary(sources: ["main": (path: "main.mustache", text: main), "part": (path: "part.mustache", text: "x")])
        }
        #expect(try library("<div>{{{page.content}}}</div>{{> part}}{{page.title}}").showsOnlyUnescaped("content"))
        #expect(try library("{{& content}}").showsOnlyUnescaped("content"))
        #expect(try !library("{{{page.content}}}<meta content=\"{{page.content}}\">").showsOnlyUnescaped("content"))
        #expect(try !library("{{#page.content}}{{.}}{{/page.content}}").showsOnlyUnescaped("content"))
        #expect(try !library("{{#page}}{{$b}}{{content}}{{/b}}{{/page}}").showsOnlyUnescaped("content"))
    }

    // MARK: - Variables

    @Test func variablesEscapeTheFiveHTMLCharactersAndTripleBracesDoNot() throws {
        let output = try render(["main": "{{x}}|{{{x}}}|{{& x}}"], ["x": "<a href=\"x\">'&'</a>"])
        #expect(output == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;|<a href=\"x\">'&'</a>|<a href=\"x\">'&'</a>")
    }

    @Test func numbersAndBooleansPrintAsWritten() throws {
        #expect(try render(["main": "{{n}} {{z}} {{t}} {{f}}"], ["n": 42, "z": 0, "t": true, "f": false]) == "42 0 true false")
    }

    @Test func textPragmaStopsEscaping() throws {
        #expect(try render(["main": "{{% CONTENT_TYPE: TEXT }}{{x}}"], ["x": "<b>"]) == "<b>")
    }

    @Test func changedDelimitersApplyToTheRestOfTheTemplate() throws {
        #expect(try render(["main": "{{=<% %>=}}\n<% x %> {{x}}\n"], ["x": "v"]) == "v {{x}}\n")
    }

    // MARK: - Sections

    @Test func sectionRepeatsForEachItemAndEntersAnObject() throws {
        let output = try render(["main": "{{#items}}[{{name}}]{{/items}}{{#obj}}({{a}}){{/obj}}"],
                                ["items": [["name": "a"], ["name": "b"]], "obj": ["a": "x"]])
        #expect(output == "[a][b](x)")
    }

    @Test func onlyFalseEmptyListsAndAbsentNamesAreFalsy() throws {
        // As in swift-mustache, an empty string and 0 are truthy.
        let context: TemplateObject = ["f": false, "e": [], "s": "", "z": 0, "t": true, "items": [1]]
        #expect(try render(["main": "{{#f}}F{{/f}}{{#e}}E{{/e}}{{#absent}}A{{/absent}}{{#s}}S{{/s}}{{#z}}Z{{/z}}{{#t}}T{{/t}}"], context) == "SZT")
        #expect(try render(["main": "{{^f}}F{{/f}}{{^e}}E{{/e}}{{^absent}}A{{/absent}}{{^s}}S{{/s}}{{^z}}Z{{/z}}{{^t}}T{{/t}}{{^items}}I{{/items}}"], context) == "FEA")
    }

    @Test func namesAreLookedUpOutwardThroughEnteredSections() throws {
        let context: TemplateObject = ["site": "S", "page": ["title": "P", "module": ["title": "M"]], "number": 3]
        #expect(try render(["main": "{{#page}}{{title}}/{{site}}/{{#module}}{{title}}-{{number}}{{/module}}{{/page}}"], context) == "P/S/M-3")
    }

    @Test func dottedNamesDescendAndDoNotClimbOnceTheFirstPartIsFound() throws {
        let context: TemplateObject = ["a": ["b": ["c": "deep"]], "inner": ["a": [:], "x": "ix"], "list": ["p", "q"], "y": "outer"]
        let template = "{{a.b.c}}|{{#inner}}{{a.b}}{{/inner}}|{{#list}}{{.}},{{/list}}|{{#inner}}{{.x}}{{/inner}}|{{#inner}}{{.y}}{{/inner}}"
        #expect(try render(["main": template], context) == "deep||p,q,|ix|")
    }

    // MARK: - Whitespace

    @Test func standaloneSectionAndCommentLinesLeaveNoTrace() throws {
        #expect(try render(["main": "a\n  {{#t}}\n  b\n  {{/t}}\n  {{! comment }}\nc\n"], ["t": true]) == "a\n  b\nc\n")
        #expect(try render(["main": "a\r\n{{#t}}\r\nb\r\n{{/t}}\r\n"], ["t": true]) == "a\r\nb\r\n")
    }

    @Test func lineAfterASectionIsFreshOnlyWhenTheOpeningTagStoodAlone() throws {
        // swift-mustache's rule, not the spec's: here the second {{#t}} counts as standalone.
        #expect(try render(["main": "{{#t}}\nX{{/t}}  {{#t}}\nY\n{{/t}}\nZ\n"], ["t": true]) == "XY\nZ\n")
        #expect(try render(["main": "{{#t}}X\n{{/t}}\n  {{#t}}\nY\n{{/t}}\n"], ["t": true]) == "X\n  \nY\n")
    }

    @Test func trailingSpacesAfterTextAreKept() throws {
        #expect(try render(["main": "end  "]) == "end  ")
    }

    // MARK: - Partials

    @Test func standalonePartialIsIndentedLikeItsTag() throws {
        let output = try render(["main": "<ul>\n  {{> item}}\n</ul>\n", "item": "<li>\n{{name}}\n</li>\n"], ["name": "n"])
        #expect(output == "<ul>\n  <li>\n  n\n  </li>\n</ul>\n")
    }

    @Test func partialInsideTextIsNotIndented() throws {
        #expect(try render(["main": "x {{> item}}y\n", "item": "a\nb\n"]) == "x a\nb\ny\n")
    }

    @Test func indentedPartialIndentsOnlyTheFirstItemOfASection() throws {
        // swift-mustache indents per rendered piece, and each item of a list starts afresh.
        let output = try render(["main": "<div>\n  {{> item}}\n</div>\n", "item": "{{#list}}\n<p>{{.}}</p>\n{{/list}}\n"], ["list": ["a", "b"]])
        #expect(output == "<div>\n  <p>a</p>\n<p>b</p>\n</div>\n")
    }

    @Test func dynamicPartialRendersTheTemplateNamedByAValue() throws {
        #expect(try render(["main": "{{>*which}}", "item": "[{{name}}]"], ["which": "item", "name": "n"]) == "[n]")
    }

    // MARK: - Inheritance

    @Test func childReplacesABlockAndKeepsTheOtherDefault() throws {
        let output = try render([
            "main": "{{<layout}}\n{{$body}}\nchild body\n{{/body}}\n{{/layout}}\n",
            "layout": "<title>{{$title}}Default{{/title}}</title>\n{{$body}}\nbody default\n{{/body}}\n",
        ])
        #expect(output == "<title>Default</title>\nchild body\n")
    }

    @Test func outermostOverrideWinsThroughAChainOfParents() throws {
        let output = try render([
            "main": "{{<mid}}{{$a}}main-a{{/a}}{{/mid}}",
            "mid": "{{<base}}{{$a}}mid-a{{/a}}{{$b}}mid-b{{/b}}{{/base}}",
            "base": "{{$a}}base-a{{/a}} {{$b}}base-b{{/b}}\n",
        ])
        #expect(output == "main-a mid-b\n")
    }

    @Test func blockTakesTheIndentationOfItsFirstLineOffAndThatOfItsTagOn() throws {
        let indented = try render([
            "main": "{{<layout}}\n  {{$body}}\n    one\n      two\n  {{/body}}\n{{/layout}}\n",
            "layout": "[\n{{$body}}{{/body}}]\n",
        ])
        #expect(indented == "[\none\n  two\n]\n")
        let inParent = try render([
            "main": "{{<layout}}{{$body}}\nline1\nline2\n{{/body}}{{/layout}}",
            "layout": "<main>\n  {{$body}}{{/body}}\n</main>\n",
        ])
        #expect(inParent == "<main>\n  line1\n  line2\n\n</main>\n")
    }

    // MARK: - Errors at load

    @Test func unclosedSectionIsReportedWhereItOpens() {
        #expect(loadError(["main": "<h1>\n  {{#page.tags}}\n  x\n"]) == "Templates/main.mustache:2:3: error: section 'page.tags' is never closed")
    }

    @Test func wrongClosingTagNamesTheOpenSection() {
        #expect(loadError(["main": "{{#a}}\n{{/b}}"])
            == "Templates/main.mustache:2:1: error: expected the section 'a' (opened at 1:1) to close here, not 'b'")
        #expect(loadError(["main": "x {{/b}}"]) == "Templates/main.mustache:1:3: error: 'b' is closed here but was never opened")
    }

    @Test func unknownPartialOrParentIsALoadError() {
        #expect(loadError(["main": "a\n {{> partials/missing}}"])
            == "Templates/main.mustache:2:2: error: there is no template 'partials/missing' (partials/missing.mustache) in the theme")
        #expect(loadError(["main": "{{<nowhere}}{{/nowhere}}"])
            == "Templates/main.mustache:1:1: error: there is no template 'nowhere' (nowhere.mustache) in the theme")
    }

    @Test func malformedTagsSayWhatIsWrong() {
        #expect(loadError(["main": "{{page title}}"])
            == "Templates/main.mustache:1:8: error: unexpected 't' in a tag: a name has only letters, digits and . - _ ? *")
        #expect(loadError(["main": "ok\n{{title"]) == "Templates/main.mustache:2:1: error: this tag is never closed with '}}'")
        #expect(loadError(["main": "{{! note"]) == "Templates/main.mustache:1:1: error: this comment is never closed with '}}'")
        #expect(loadError(["main": "{{upper(title)}}"])
            == "Templates/main.mustache:1:1: error: 'upper(title)' calls a transform; this theme engine has no transforms")
        #expect(loadError(["main": "{{<layout}}{{x}}{{/layout}}", "layout": ""])
            == "Templates/main.mustache:1:12: error: only blocks ({{$name}}…{{/name}}) may be inside '{{<layout}}'")
    }
}
