import Yams

/// Where a YAML node starts: 1-based line and column, columns counted in characters (Unicode
/// scalars), as libyaml counts them.
struct YAMLMark: Sendable, Hashable {
    var line: Int
    var column: Int
}

/// The parts of a YAML node that reading fields looks at. Yams makes them for any YAML, and
/// `FlatYAML` for the plain front matter nearly every page has; both must make the same value.
indirect enum YAMLValue: Sendable, Hashable {
    case scalar(YAMLScalar)
    case sequence([YAMLValue], mark: YAMLMark?)
    case mapping([YAMLPair], mark: YAMLMark?)
    case alias(mark: YAMLMark?)

    struct YAMLScalar: Sendable, Hashable {
        var string: String
        /// Written without quotes (not a block scalar either).
        var isPlain: Bool
        /// Without a tag of its own: only such a scalar can be null.
        var isImplicit: Bool
        var mark: YAMLMark?
    }

    struct YAMLPair: Sendable, Hashable {
        /// The key as text (nil for a key that is a list or a mapping).
        var key: String?
        var keyMark: YAMLMark?
        var value: YAMLValue
    }

    init(_ node: Node) {
        switch node {
        case .scalar(let scalar):
            self = .scalar(YAMLScalar(string: scalar.string, isPlain: scalar.style == .plain, isImplicit: scalar.tag == .implicit,
                                      mark: YAMLMark(scalar.mark)))
        case .sequence(let sequence):
            self = .sequence(sequence.map(YAMLValue.init), mark: YAMLMark(sequence.mark))
        case .mapping(let mapping):
            self = .mapping(mapping.map { YAMLPair(key: $0.key.string, keyMark: YAMLMark($0.key.mark), value: YAMLValue($0.value)) },
                            mark: YAMLMark(mapping.mark))
        case .alias(let alias):
            self = .alias(mark: YAMLMark(alias.mark))
        }
    }

    var mark: YAMLMark? {
        switch self {
        case .scalar(let scalar): scalar.mark
        case .sequence(_, let mark), .mapping(_, let mark), .alias(let mark): mark
        }
    }
}

extension YAMLMark {
    init?(_ mark: Mark?) {
        guard let mark else { return nil }
        self.init(line: mark.line, column: mark.column)
    }
}
