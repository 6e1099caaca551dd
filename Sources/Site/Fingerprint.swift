import Markdown

/// Hashes a template context, so that an unchanged page is recognised without rendering it.
enum Fingerprint {
    static func combine(_ value: Any, into hasher: inout StableHasher) {
        switch value {
        case let text as String:
            hasher.combine(1)
            hasher.combine(text)
        case let flag as Bool:
            hasher.combine(2)
            hasher.combine(flag)
        case let number as Int:
            hasher.combine(3)
            hasher.combine(number)
        case let list as [Any]:
            hasher.combine(4)
            hasher.combine(list.count)
            for item in list { combine(item, into: &hasher) }
        case let object as [String: Any]:
            hasher.combine(5)
            hasher.combine(object.count)
            for key in object.keys.sorted() {
                hasher.combine(key)
                combine(object[key]!, into: &hasher)
            }
        default:
            hasher.combine(6)
            hasher.combine(String(describing: value))
        }
    }
}
