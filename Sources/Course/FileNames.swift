extension Course {
    /// `the-three-flows` → `The three flows`; a name that is a date stays as written.
    public static func title(fromFileName name: String) -> String {
        if FrontMatterParser.isDate(name) { return name }
        let words = name.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == " " }).joined(separator: " ")
        guard let first = words.first else { return name }
        return first.uppercased() + words.dropFirst()
    }

    /// The number a file or folder name starts with to place it among its siblings, as
    /// Docusaurus reads it (`01-intro`, `2_setup`, `3. Usage`), and the rest of the name; nil
    /// for a name without one, and for a dated name (`2024-05-01-post`), whose number is a date.
    public static func numberPrefix(of name: String) -> (number: Int, rest: String)? {
        let digits = name.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 6, let number = Int(digits) else { return nil }
        let afterDigits = name.dropFirst(digits.count)
        guard let separator = afterDigits.first, "-_. ".contains(separator) else { return nil }
        if PageCompiler.datedName(name) != nil { return nil }
        let rest = afterDigits.dropFirst().drop { $0 == " " }
        return rest.isEmpty ? nil : (number, String(rest))
    }
}
