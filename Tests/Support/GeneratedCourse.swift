/// Pages made of every construct the compiler reads, mixed by a seeded generator: references
/// in headings, across emphasis and lines, quotes, links with titles, reference links,
/// images, raw HTML ids, code spans, broken targets.
public enum GeneratedCourse {
    public static func files(seed: UInt64, pages: Int) -> [String: String] {
        var random = SeededRandom(state: seed &* 0x9E37_79B9_7F4A_7C15 | 1)
        var files: [String: String] = ["course.yml": "title: Generated\nchecks:\n  orphan: off\n"]
        let folders = ["lessons", "episodes", "articles", "pages"]
        func title(_ number: Int) -> String { "Page \(number) on care" }
        func path(_ number: Int) -> String { "\(folders[number % folders.count])/p\(number).md" }
        for number in 0..<pages {
            var text = "---\ntitle: \"\(title(number))\"\n"
            if number % folders.count == 1 { text += "audio: \"media/ep\(number).mp3#start\"\nduration: \"30:00\"\n" }
            if random.next(5) == 0 { text += "related: [\"\(title(random.next(pages)))\", \"Nothing \(number)\"]\n" }
            text += "---\n\n"
            if random.next(3) == 0 { text += "# \(title(number))\n\n" }
            var minute = 0
            for _ in 0..<(3 + random.next(6)) {
                let other = random.next(pages + 2)   // the last two do not exist
                let target = other < pages ? title(other) : "Missing \(other)"
                let file = other < pages ? "../" + path(other) : "../lessons/none\(other).md"
                switch random.next(18) {
                case 0: text += "## A heading and [see: \"\(target)\"] in it\n\n"
                case 1: text += "### Repeated\n\n### Repeated\n\n"
                case 2:
                    minute += random.next(3)
                    text += "\(minute):\(10 + random.next(50)) – A quote of *\(number)* with [see: \"\(target)\"].\n\n"
                case 3: text += "\(random.next(9)):75 – not a time.\n\n"
                case 4: text += "Across *emphasis [see: \"\(target)\"* edges] and [see:\n\"\(target)\"] lines.\n\n"
                case 5: text += "A [link](\(file)#section \"Its *title*\") and ![alt](image.png) and ![](blank.png).\n\n"
                case 6: text += "[ref link][r\(number)] and [another][r\(number)].\n\n[r\(number)]: \(file)\n\n"
                case 7: text += "<div id=\"raw-\(number)\">raw</div>\n\n<a name=\"n\(number)\">x</a> [to it](#raw-\(number))\n\n"
                case 8: text += "`[see: \"\(target)\"]` in code, \\[see: \"\(target)\"] escaped, [see: \"\(target)\" @ 1:0\(random.next(9))].\n\n"
                case 9: text += "> Quoted [see: \"\(title(random.next(pages)))\"] text\n> on two lines with **strong [see: \"\(target)\"]**.\n\n"
                case 10: text += "- item [see: \"\(target)\"]\n- [x](\(file)) and [y](https://example.org/a.md) and [z](#nowhere)\n\n"
                case 11: text += "## Über `code` [link](\(file)) *em*\n\n"
                case 12: text += "[up](../../outside.md) [page](p\(other).html) [self](#page-\(number)-on-care)\n\n"
                case 13: text += "Text with <span id=\"inline-\(number)\">inline html</span> and &amp; entities &copy;.\n\n"
                case 14: text += "    indented [see: \"\(target)\"] code\n\n```\nfenced [see: \"\(target)\"]\n```\n\n"
                case 15: text += "&#91;see: \"\(target)\"] by entity, &lsqb;see: \"\(target)\"&rsqb; and &#x5B;see&#58; \"\(target)\"].\n\n"
                case 16: text += "Autolinks <https://example.org/p\(other).md> and <someone@example.org> and <\(file)>.\n\n[d\(number)]: \(file)\nFollowed [see: \"\(target)\"].\n\n"
                default: text += "Plain words, \"quotes\" -- dashes... and [see: \"\(target)\"] mid-sentence.\n\n"
                }
            }
            files[path(number)] = text
        }
        return files
    }
}

public struct SeededRandom {
    public var state: UInt64

    public init(state: UInt64) { self.state = state }

    public mutating func next(_ bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(max(bound, 1)))
    }
}
