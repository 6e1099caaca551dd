import Support
import Markdown

/// A value a template can show: the typed form of a page context (docs/templates.md).
///
/// How each case behaves follows swift-mustache, which rendered the site before, so the
/// output did not change: every string is truthy in a section (even ""), as is every
/// number (even 0); only `false`, an empty list and an absent name are falsy.
enum TemplateValue: Sendable {
    case string(String)
    case bool(Bool)
    case int(Int)
    case list([TemplateValue])
    case object(TemplateObject)
    /// The object with a `url` after its names: a page as a link on another page. The page's
    /// own names are made once and shared by every link to it, not copied into each.
    case link(TemplateObject, url: String)
}

extension TemplateValue {
    /// The value of `key` when this is an object (or a link) that has it.
    func member(_ key: TemplateKey) -> TemplateValue? {
        switch self {
        case .object(let object): return object[key]
        case .link(let object, let url): return object[key] ?? (key == TemplateKey.url ? .string(url) : nil)
        case .string, .bool, .int, .list: return nil
        }
    }
}

/// Named values, as a small array: a context has 5 to 20 names, and a linear search over so
/// few beats a dictionary, both to build the object and to look a name up. Each name keeps a
/// fingerprint, so the search compares integers and only the match as a string.
struct TemplateObject: Sendable, ExpressibleByDictionaryLiteral {
    private struct Field: Sendable {
        var key: TemplateKey
        var value: TemplateValue
    }

    private var fields: [Field]

    init() { fields = [] }

    /// The names of a literal are distinct (as a `Dictionary` literal's must be), so they are
    /// appended without a search. Room is left for the few names set after.
    init(dictionaryLiteral elements: (String, TemplateValue)...) {
        fields = []
        fields.reserveCapacity(elements.count + 4)
        for (name, value) in elements { fields.append(Field(key: TemplateKey(name), value: value)) }
    }

    /// Room for `count` names, for an object that gets many after its literal.
    mutating func reserveCapacity(_ count: Int) {
        fields.reserveCapacity(count)
    }

    subscript(key: TemplateKey) -> TemplateValue? {
        // Through the buffer: `for field in fields` would copy, so retain and release, every
        // field it passes; here only the one found is copied.
        fields.withUnsafeBufferPointer { fields in
            for index in fields.indices where fields[index].key == key { return fields[index].value }
            return nil
        }
    }

    /// Setting a name again replaces its value; setting nil removes it, so an optional that is
    /// nil leaves the name absent (and falsy) rather than present and empty.
    subscript(name: String) -> TemplateValue? {
        get { self[TemplateKey(name)] }
        set {
            let key = TemplateKey(name)
            let existing = fields.firstIndex { $0.key == key }
            switch (existing, newValue) {
            case (let index?, let value?): fields[index].value = value
            case (let index?, nil): fields.remove(at: index)
            case (nil, let value?): fields.append(Field(key: key, value: value))
            case (nil, nil): break
            }
        }
    }
}

/// A name and its FNV-1a fingerprint, made once: template names when the theme is parsed,
/// context names when the context is built.
struct TemplateKey: Sendable, Equatable {
    let name: String
    let fingerprint: UInt64

    static let url = TemplateKey("url")

    init(_ name: String) {
        self.name = name
        // Over the bytes in place: a context sets some fifty names per page.
        func fnv(_ bytes: some Sequence<UInt8>) -> UInt64 {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            return hash
        }
        fingerprint = name.utf8.withContiguousStorageIfAvailable(fnv) ?? fnv(name.utf8)
    }

    static func == (a: TemplateKey, b: TemplateKey) -> Bool {
        a.fingerprint == b.fingerprint && a.name == b.name
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    init(stringLiteral value: String) { self = .string(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(integerLiteral value: Int) { self = .int(value) }
    init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
    init(dictionaryLiteral elements: (String, TemplateValue)...) {
        var object = TemplateObject()
        for (name, value) in elements { object[name] = value }
        self = .object(object)
    }
}

extension TemplateValue {
    /// Adds the value to a stable hash, so an unchanged page is recognised without rendering
    /// it. Objects hash their names in the order they were set, which the context code fixes.
    func combine(into hasher: inout StableHasher) {
        switch self {
        case .string(let text):
            hasher.combine(1)
            hasher.combine(text)
        case .bool(let flag):
            hasher.combine(2)
            hasher.combine(flag)
        case .int(let number):
            hasher.combine(3)
            hasher.combine(number)
        case .list(let items):
            hasher.combine(4)
            hasher.combine(items.count)
            for item in items { item.combine(into: &hasher) }
        case .object(let object):
            object.combine(into: &hasher)
        case .link(let object, let url):
            object.combine(into: &hasher, adding: ("url", .string(url)))
        }
    }
}

extension TemplateObject {
    /// `adding` a name after the others hashes as the object with that name set would.
    func combine(into hasher: inout StableHasher, adding extra: (name: String, value: TemplateValue)? = nil) {
        hasher.combine(5)
        hasher.combine(fields.count + (extra == nil ? 0 : 1))
        for field in fields {
            hasher.combine(field.key.name)
            field.value.combine(into: &hasher)
        }
        if let extra {
            hasher.combine(extra.name)
            extra.value.combine(into: &hasher)
        }
    }
}
