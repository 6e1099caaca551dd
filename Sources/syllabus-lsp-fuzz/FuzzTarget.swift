import FuzzDriver
import Foundation
import LanguageServer
import Support

/// What one fuzz input exercises. The first byte picks the target, the rest is the input:
/// 0 the wire (framing and JSON) fed in pieces, 1 incremental edits of a document, each edit
/// read from the input, in each position encoding.
enum FuzzTarget {
    static func run(_ bytes: [UInt8]) {
        guard let selector = bytes.first else { return }
        let input = Array(bytes.dropFirst())
        switch selector % 2 {
        case 0: wire(input)
        default: edits(input)
        }
    }

    /// The bytes in pieces of every size up to 7: every body that comes out is parsed, and
    /// what parses is written and read again to the same value.
    static func wire(_ input: [UInt8]) {
        var framer = MessageFramer()
        var offset = 0, piece = 1
        while offset < input.count {
            let end = min(input.count, offset + piece)
            framer.append(input[offset..<end])
            offset = end
            piece = piece % 7 + 1
            while let next = framer.next() {
                guard case .body(let body) = next, let value = try? JSON.parse(body) else { continue }
                precondition((try? JSON.parse(value.serializedBytes())) == value, "JSON does not read back what it wrote")
            }
        }
        _ = try? JSON.parse(input)
    }

    /// Four bytes an edit: start line and character, end line and character (small numbers,
    /// so they land in the text as often as past it), then up to three bytes of text to insert.
    static func edits(_ input: [UInt8]) {
        for encoding in PositionEncoding.allCases {
            var document = TextDocument(uri: "file:///fuzz.md", version: 0, text: "# A\n\ne\u{301} 👍🏽 x\r\nlast")
            var index = 0
            while index + 5 <= input.count {
                let (startLine, startCharacter, endLine, endCharacter) = (Int(input[index] % 8), Int(input[index + 1] % 16),
                                                                          Int(input[index + 2] % 8), Int(input[index + 3] % 16))
                let length = Int(input[index + 4] % 4)
                let text = String(decoding: input[min(input.count, index + 5)..<min(input.count, index + 5 + length)], as: UTF8.self)
                index += 5 + length
                let range = JSON.object(["start": Position(line: startLine, character: startCharacter).json,
                                         "end": Position(line: endLine, character: endCharacter).json])
                try? document.apply(.object(["range": range, "text": .string(text)]), encoding: encoding)
                // Every position of every line converts to a column and back inside the line.
                let line = TextDocument.line(startLine, in: document.text)
                let column = encoding.column(ofCharacter: startCharacter, in: line)
                precondition(column >= 1 && column <= line.count + 1, "a column outside its line")
                precondition(encoding.character(ofColumn: column, in: line) <= encoding.units(of: line), "a position past its line")
            }
        }
    }
}

/// libFuzzer's entry point (only in a fuzzing build: the test suite links both fuzz targets).
#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
#endif
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTarget.run(FuzzDriver.bytes(data, size))
    return 0
}

/// libFuzzer drives `FuzzTarget.run` (scripts/fuzz.sh --lsp), or the inputs named are replayed.
@main
struct Fuzz {
    static func main() {
        FuzzDriver.main(testOne: fuzzOne, replay: FuzzTarget.run)
    }
}
