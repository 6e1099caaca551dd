import Testing
@testable import Markdown

/// Much of the compiler reads bytes where characters would be simpler (a page's text is read
/// once per build, and characters cost many times as much): each such reading must give what
/// reading characters gives, on every input.
@Suite struct ByteReadingTests {
    /// References are read on bytes when they are ASCII but for curly quotes; that reading
    /// must agree with the character reading on every such input.
    @Test func byteAndCharacterReadingsOfReferencesAgree() {
        let pieces = ["\"", "\u{201C}", "\u{201D}", "\u{201E}", " ", "  ", "\t", "Why", "it", "matters", "@", "1:30", "3:75",
                      "1:02:03", "12", ":", "x@y", "A  B", "'", "Don't"]
        var state: UInt64 = 0x2026_1122
        var checked = 0
        for _ in 0..<5_000 {
            var content = ""
            state = state &* 6364136223846793005 &+ 1442695040888963407
            var pick = state
            for _ in 0..<(1 + Int(pick % 7)) {
                pick /= 7
                content += pieces[Int(pick % UInt64(pieces.count))]
                pick /= UInt64(pieces.count)
                if pick == 0 { state = state &* 6364136223846793005 &+ 1; pick = state }
            }
            let bytes = ReferenceSyntax(simpleContent: Array(content.utf8)[...])
            let characters = ReferenceSyntax(characters: content)
            #expect(bytes.title == characters.title && bytes.time == characters.time && bytes.invalidTime == characters.invalidTime,
                    "\(content.debugDescription)")
            checked += 1
        }
        #expect(checked == 5_000)
    }

    /// `Timestamp.parse` reads bytes; it must answer as reading the parts as characters does.
    @Test func timestampsReadAsBytesAgreeWithReadingParts() {
        func byParts(_ text: String) -> Result<Timestamp?, Timestamp.Invalid> {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2 || parts.count == 3,
                  parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return .success(nil) }
            guard parts[0].count <= 2, parts.dropFirst().allSatisfy({ $0.count == 2 }) else { return .failure(Timestamp.Invalid(text: text)) }
            let numbers = parts.map { Int($0) ?? 0 }
            guard numbers.dropFirst().allSatisfy({ $0 < 60 }) else { return .failure(Timestamp.Invalid(text: text)) }
            return .success(Timestamp(seconds: numbers.count == 2 ? numbers[0] * 60 + numbers[1] : numbers[0] * 3600 + numbers[1] * 60 + numbers[2]))
        }
        let pieces = ["0", "1", "5", "9", "59", "60", "07", ":", "::", "123", "99999999999999999999", "a", "\u{301}", "١", " ", "é"]
        var state: UInt64 = 0x7153
        for _ in 0..<20_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            var pick = state >> 11, text = ""
            for _ in 0..<(1 + Int(pick % 6)) {
                pick /= 6
                text += pieces[Int(pick % UInt64(pieces.count))]
                pick /= UInt64(pieces.count)
            }
            let bytes = Result { () throws(Timestamp.Invalid) in try Timestamp.parse(text) }
            switch (bytes, byParts(text)) {
            case (.success(let a), .success(let b)): #expect(a == b, "\(text.debugDescription)")
            case (.failure(let a), .failure(let b)): #expect(a.text == b.text, "\(text.debugDescription)")
            default: Issue.record("\(text.debugDescription): \(bytes) against \(byParts(text))")
            }
        }
    }

    /// Links to Markdown files (and chapters' `.html`) get a slot, and so do links without an
    /// extension, which may name a folder; the test on bytes must agree with lowercasing the
    /// path and comparing suffixes as characters.
    @Test func markdownFileLinksAreRecognizedAsCharactersWould() {
        let pieces = ["a", "B", ".md", ".MD", ".Markdown", ".html", ".HTM", ".htm", "#", "?", "x:", "//", "é", "\u{212A}", "/", "%20", "M", "d"]
        var state: UInt64 = 0x11D
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<5_000 {
            let destination = (0..<(1 + next(5))).map { _ in pieces[next(pieces.count)] }.joined()
            let compiled = MarkdownCompiler.compile("[x](\(destination))\n")
            guard let link = compiled.links.first else { continue }
            let path = LinkTarget.pathPart(of: link.destination).lowercased()
            let lastPart = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
            let extensionless = !path.isEmpty && !path.hasSuffix("/") && !lastPart.contains(".")
            let expected = (!LinkTarget.hasScheme(link.destination) && !link.destination.hasPrefix("#") && !link.destination.hasPrefix("//")
                && ([".md", ".markdown", ".mdx", ".html", ".htm"].contains { path.hasSuffix($0) } || extensionless))
                // (Links that may name a folder or a page's URL, a file by its name alone, or leave the site.)
                || Links.isExtensionless(link.destination) || Links.isBareFileName(link.destination)
                || Links.climbsAboveRoot(link.destination, depth: 0)
            #expect((link.slot != nil) == expected, "\(link.destination.debugDescription)")
        }
    }

    /// Columns are counted on bytes while every scalar is a character of its own; they must
    /// be the characters an editor counts, whatever the line holds.
    @Test func columnsCountedOnBytesAgreeWithCharacters() {
        let pieces = ["a", " ", "é", "e\u{301}", "\u{A0}", "\u{2013}", "\u{201C}", "\u{2026}", "\u{2028}", "\u{200D}", "\u{2027}",
                      "\u{2010}", "😀", "🇫🇷", "ˇ", "\u{0600}", "\u{85}", "x\u{300}", "日本", "\t", "\r"]
        for line in randomTexts(3_000, of: pieces, upTo: 6, seed: 0xC01) {
            let bytes = Array(line.utf8)
            let source = SourceText(bytes: bytes, lineOffset: 0)
            // Every scalar's end (a span is at least one column wide, so the empty one is left out).
            var ends: [Int] = []
            for scalar in line.unicodeScalars { ends.append((ends.last ?? 0) + String(scalar).utf8.count) }
            func columns(_ end: Int) -> Int { String(decoding: bytes[..<end], as: UTF8.self).count + 1 }
            for end in ends {
                #expect(source.span(from: 0, to: end).endColumn == columns(end), "\(line.debugDescription) to byte \(end)")
            }
            for start in ends.dropLast() {
                let end = ends[(start * 7) % ends.count]
                let span = source.span(from: start, to: end)
                #expect(span.column == columns(start) && span.endColumn == max(columns(max(end, start)), span.column + 1),
                        "\(line.debugDescription) from byte \(start) to byte \(end)")
            }
        }
    }

    /// Pages are validated as ASCII found in vector code and runs of other bytes checked in C;
    /// that must accept and make exactly what the standard library's validation does.
    @Test func textValidatedInPartsIsWhatValidatingWholeGives() {
        let pieces: [[UInt8]] = [Array("plain text ".utf8), Array("–".utf8), Array("é".utf8), Array("😀".utf8), [0xC0, 0x80], [0xED, 0xA0, 0x80],
                                 [0xF4, 0x90, 0x80, 0x80], [0xE0, 0x9F, 0xBF], [0xF0, 0x8F, 0xBF, 0xBF], [0xE2, 0x80], [0x80], [0xFF], [0xC2],
                                 Array(repeating: UInt8(ascii: "a"), count: 70), [0xEF, 0xBF, 0xBD], [0xF4, 0x8F, 0xBF, 0xBF], [0x0A]]
        var state: UInt64 = 0x7E47
        for _ in 0..<20_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            var pick = state >> 11, bytes: [UInt8] = []
            for _ in 0..<Int(pick % 7) {
                pick /= 7
                bytes += pieces[Int(pick % UInt64(pieces.count))]
                pick /= UInt64(pieces.count)
                if pick == 0 { pick = state >> 3 }
            }
            #expect(String.validatingUTF8(bytes).map { Array($0.utf8) } == String(validating: bytes, as: UTF8.self).map { Array($0.utf8) }, "\(bytes)")
        }
    }

    /// ASCII titles are normalized on bytes; that must be the folding, the joining of white
    /// space and the trimming that reading scalars gives.
    @Test func asciiTitleKeysAgreeWithReadingScalars() {
        let pieces = ["Why", " ", "  ", "\t", "\n", "\u{0B}", "\r", "IT", "matters", "\"", "'", "-", "A", "z", "\u{1F}", "9"]
        for title in randomTexts(5_000, of: pieces, upTo: 8, seed: 0x717) {
            let expected = title.lowercased().unicodeScalars.split(whereSeparator: \.properties.isWhitespace)
                .map { String(String.UnicodeScalarView($0)) }.joined(separator: " ")
            #expect(TitleKey.normalize(title) == expected, "\(title.debugDescription)")
        }
    }

    /// Escaping copies runs found in C; it must give what escaping byte by byte gives.
    @Test func escapingInRunsAgreesWithEscapingEachByte() {
        let pieces = ["plain", " ", "&", "<", ">", "\"", "'", "é", "a b", "%20", "#x", "?q=1", "[]", "~", "^", "`", "{}", "\\", "|",
                      String(repeating: "x", count: 70), "😀", "\u{7F}", "\u{1}"]
        let keep = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~!*();:@=+$,/?#[]%".utf8)
        for text in randomTexts(5_000, of: pieces, upTo: 7, seed: 0xE5C) {
            let html = text.utf8.flatMap { byte -> [UInt8] in
                switch byte {
                case UInt8(ascii: "&"): Array("&amp;".utf8)
                case UInt8(ascii: "<"): Array("&lt;".utf8)
                case UInt8(ascii: ">"): Array("&gt;".utf8)
                case UInt8(ascii: "\""): Array("&quot;".utf8)
                case UInt8(ascii: "'"): Array("&#39;".utf8)
                default: [byte]
                }
            }
            #expect(Array(Escape.html(text).utf8) == html, "\(text.debugDescription)")
            var expected: [UInt8] = []
            for byte in text.utf8 {
                if keep.contains(byte) { expected.append(byte) } else if byte == UInt8(ascii: "&") { expected += "&amp;".utf8 } else {
                    expected += String(format2: byte).utf8
                }
            }
            #expect(Array(Escape.href(text).utf8) == expected, "\(text.debugDescription)")
            var appended: [UInt8] = []
            Escape.appendHTML(text, to: &appended)
            #expect(appended == Array(Escape.html(text).utf8), "\(text.debugDescription)")
        }
    }

    /// The parts of a link destination are read on bytes for ASCII; they must be the parts
    /// reading characters gives.
    @Test func linkTargetPartsReadAsBytesAgreeWithCharacters() {
        let pieces = ["a", "/", "#", "?", "%20", "%", "x.md", "https:", "é", "#frag", "?q", "%C3%A9", "//"]
        for destination in randomTexts(5_000, of: pieces, upTo: 6, seed: 0x11A) {
            let path = destination.firstIndex(where: { $0 == "#" || $0 == "?" }).map { String(destination[..<$0]) } ?? destination
            #expect(LinkTarget.pathPart(of: destination) == path, "\(destination.debugDescription)")
            let fragment = destination.firstIndex(of: "#").map { LinkTarget.percentDecoded(String(destination[destination.index(after: $0)...])) }
            #expect(LinkTarget.fragment(of: destination) == fragment, "\(destination.debugDescription)")
        }
    }

    /// Texts are trimmed on bytes when their ends are ASCII or simple punctuation; that must
    /// be what trimming characters gives.
    @Test func textsTrimmedOnBytesAgreeWithTrimmingCharacters() {
        let pieces = ["a", " ", "\t", "\n", "\r\n", "\u{201C}", "\u{201D}", "\u{2013}", "\u{2026}", "\u{301}", "\u{A0}", "\u{2028}",
                      "\u{200D}", "\u{2003}", "é", "\u{0600}", "word", "\u{3000}", "😀"]
        for text in randomTexts(20_000, of: pieces, upTo: 6, seed: 0x7219) {
            #expect(String(trimmingWhitespaceOf: Array(text.utf8)).utf8.elementsEqual(text.trimmingCharacters().utf8), "\(text.debugDescription)")
        }
    }

    /// Quote prefixes are read on bytes; they must match reading the first 32 scalars.
    @Test func quotePrefixesReadAsBytesAgreeWithScalars() {
        func byScalars(_ text: String) -> (time: String, rest: String)? {
            let scalars = Array(text.unicodeScalars.prefix(32))
            var index = 0
            while index < scalars.count, (scalars[index] >= "0" && scalars[index] <= "9") || scalars[index] == ":" { index += 1 }
            guard index >= 3, scalars[..<index].contains(":") else { return nil }
            let timeEnd = index
            while index < scalars.count, scalars[index] == " " || scalars[index] == "\u{00A0}" { index += 1 }
            guard index < scalars.count, ["-", "\u{2013}", "\u{2014}"].contains(scalars[index]) else { return nil }
            index += 1
            while index < scalars.count, scalars[index] == " " || scalars[index] == "\u{00A0}" { index += 1 }
            return (String(String.UnicodeScalarView(scalars[..<timeEnd])), String(text.unicodeScalars.dropFirst(index)))
        }
        let pieces = ["1", "12", ":", "30", " ", "\u{A0}", "-", "\u{2013}", "\u{2014}", "\u{2012}", "x", "é", "   ", "0000000000"]
        for text in randomTexts(20_000, of: pieces, upTo: 8, seed: 0x9A0) {
            let bytes = Array(text.utf8)
            let read = bytes.withUnsafeBufferPointer { buffer in
                QuotePrefix(buffer).map { ($0.time, String(decoding: buffer[$0.byteLength...], as: UTF8.self)) }
            }
            let expected = byScalars(text)
            #expect(read?.0 == expected?.time && read?.1 == expected?.rest, "\(text.debugDescription)")
        }
    }

    @Test func asciiTestReadingWordsAgreesWithReadingBytes() {
        let pieces = ["a", "0123456", "é", "\u{7F}", "\u{80}", "😀", " ", "abcdefgh"]
        var state: UInt64 = 0xA5C11
        for _ in 0..<5_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            var pick = state >> 11, text = ""
            for _ in 0..<Int(pick % 9) {
                pick /= 9
                text += pieces[Int(pick % UInt64(pieces.count))]
                pick /= UInt64(pieces.count)
                if pick == 0 { pick = state >> 3 }
            }
            #expect(text.isASCIIText == text.utf8.allSatisfy { $0 < 0x80 }, "\(text.debugDescription)")
        }
    }
}

/// `count` texts of 1 to `most` pieces each, the same on every run.
private func randomTexts(_ count: Int, of pieces: [String], upTo most: Int, seed: UInt64) -> [String] {
    var state = seed
    return (0..<count).map { _ in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        var pick = state >> 11, text = ""
        for _ in 0..<(1 + Int(pick % UInt64(most))) {
            pick /= UInt64(most)
            text += pieces[Int(pick % UInt64(pieces.count))]
            pick /= UInt64(pieces.count)
            if pick == 0 { pick = state >> 5 }
        }
        return text
    }
}

private extension String {
    /// `%` and two upper-case hex digits.
    init(format2 byte: UInt8) {
        let digits = Array("0123456789ABCDEF")
        self = "%" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 15)])
    }
}
