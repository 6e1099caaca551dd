@testable import Site
import Testing

/// Output verification reads four attributes out of every page it wrote, with a byte scanner
/// (in C) instead of an HTML parser: what it must and must not take for an attribute.
@Suite struct AttributeScanTests {
    static func scan(_ html: String) -> [String] {
        var found: [String] = []
        OutputVerifier.forEachAttribute(in: Array(html.utf8)) { attribute, value in found.append("\(attribute)=\(value)") }
        return found
    }

    @Test(arguments: [
        (#"<a href="x.html" id=top class="c">"#, ["href=x.html", "id=top"]),
        (#"<A HREF='y.html' Name="n">"#, ["href=y.html", "name=n"]),
        (#"<!-- <a href="no.html"> --><img src="i.png" alt="a = b">"#, ["src=i.png"]),
        (#"<p =x id="after-a-bare-equals">"#, ["id=after-a-bare-equals"]),
        (#"text href="t" then <b id="k">"#, ["id=k"]),
        (#"<a href = "with space.html">"#, ["href=with space.html"]),
        (#"<a data-href="d" xhref="e" hreff="f" srcset="s">"#, []),
        (#"<a href=1><a href=2>"#, ["href=1", "href=2"]),
        (#"<a title="x > y" href="after.html">"#, ["href=after.html"]),
        (#"<a href="open"#, ["href=open"]),
        (#"<a href="#, []),
        (#"<a href=""#, ["href="]),
        (#"<!-- never closed <a href="x">"#, []),
        (#""#, []),
        (#"<a href="é/ü.html">"#, ["href=é/ü.html"]),
    ])
    func attributes(html: String, expected: [String]) {
        #expect(Self.scan(html) == expected, "\(html)")
    }

    @Test func extractSortsIdsFromURLs() {
        let extract = OutputVerifier.extract(Array(#"<h2 id="a"><a name="b" href="c.html#a"><img src="d.png">"#.utf8))
        #expect(extract.ids == ["a", "b"])
        #expect(extract.urls == ["c.html#a", "d.png"])
    }
}
