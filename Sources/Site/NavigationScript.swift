import Foundation

/// `navigation.js`: the sidebar's markup, rendered through the theme once for the whole site,
/// as a script every page loads (as mdBook's `toc.js`). A script, not JSON: a page opened
/// from disk may load a script but not fetch a file, and the theme's Content-Security-Policy
/// allows scripts from the site only. The theme's `sidebar.js` puts it in the page.
enum NavigationScript {
    static func bytes(html: [UInt8]) -> [UInt8] {
        var text: [UInt8] = Array("window.SYLLABUS_NAVIGATION = \"".utf8)
        text.reserveCapacity(html.count + html.count / 16 + 64)
        // A JavaScript string: only what would end it or break its line is escaped (markup's
        // `<` and `"` as JSON writes them would make the file half as long again).
        var index = 0
        while index < html.count {
            let byte = html[index]
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                text += [UInt8(ascii: "\\"), byte]
            case UInt8(ascii: "\n"):
                text += Array("\\n".utf8)
            case 0..<0x20:
                text += Array(String(format: "\\u%04x", Int(byte)).utf8)
            case 0xE2 where index + 2 < html.count && html[index + 1] == 0x80 && (html[index + 2] == 0xA8 || html[index + 2] == 0xA9):
                // U+2028 and U+2029 end a line in older JavaScript.
                text += Array((html[index + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                index += 2
            default:
                text.append(byte)
            }
            index += 1
        }
        return text + Array("\";\n".utf8)
    }
}
