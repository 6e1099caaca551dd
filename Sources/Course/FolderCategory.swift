import Support

/// What Docusaurus' `_category_.json` (or `_category_.yml`) says about its folder: the label
/// the folder's section is shown with and its place among its siblings. The other keys
/// (`link`, `collapsed`, `className` …) are the other tool's and left alone.
public struct FolderCategory: Sendable, Hashable {
    public static let fileNames = ["_category_.json", "_category_.yml", "_category_.yaml"]

    public var label: String?
    /// Docusaurus allows fractions (`2.5`) between whole positions.
    public var position: Double?

    public init(label: String? = nil, position: Double? = nil) {
        self.label = label
        self.position = position
    }

    /// The category read from `text` (JSON is YAML, so one reader serves both); nil when it
    /// holds neither key in a form that can be read. Such a file only arranges a sidebar, so
    /// one that cannot be read arranges nothing rather than stopping a build.
    init?(_ text: String) {
        guard let fields = try? YAMLFields.parse(text, allowedKeys: ["label", "position"], what: "a category") else { return nil }
        label = (try? fields.string("label")).flatMap { $0 }.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
        position = (try? fields.string("position")).flatMap { $0 }.flatMap { Double($0) }
        if label == nil && position == nil { return nil }
    }

    /// The categories of `folders` (relative to `root`, `""` for the root itself), by folder.
    static func read(in folders: some Sequence<String>, root: String) -> [String: FolderCategory] {
        var categories: [String: FolderCategory] = [:]
        for folder in folders {
            for name in fileNames {
                guard let bytes = WholeFile.read(root + "/" + (folder.isEmpty ? "" : folder + "/") + name) else { continue }
                if let category = FolderCategory(String(decoding: bytes, as: UTF8.self)) { categories[folder] = category }
                break
            }
        }
        return categories
    }
}
