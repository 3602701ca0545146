/// The YAML that plan files use, read into a tree of nodes that know where
/// they start. A small reader of a subset: block mappings and sequences,
/// flow mappings `{a: 1, b: [x, y]}` and sequences, plain, single- and
/// double-quoted scalars on one line, comments and one document with an
/// optional `---`. Everything else (anchors, aliases, tags, block scalars,
/// scalars over several lines, directives, more documents, tabs as
/// indentation, duplicate keys) is refused with its line and column.
///
/// Every scalar is text: no type is guessed (`yes`, `0x10`, `~` stay as
/// written); the plan parser decides what a value means. That is what the
/// plan parser had from Yams with its basic resolver.
enum YAML {
    /// The tree of `text`, or nil when it holds no node (empty, blanks and comments only).
    static func compose(_ text: String) throws(YAMLError) -> YAMLNode? {
        var reader = try YAMLReader(text)
        return try reader.document()
    }

    /// Deeper nesting is refused: no plan needs it, and the reader recurses.
    static let maxDepth = 64
}

/// Where a node or an error starts: line and column counted from 1, the
/// column in Unicode scalars (as libyaml counts).
struct YAMLMark: Equatable, Sendable {
    var line: Int
    var column: Int
}

/// Why a text is not read.
struct YAMLError: Error, Equatable, Sendable {
    var mark: YAMLMark
    var message: String
    /// Set when a mapping names a key twice: that key (the first in order
    /// when several are), and `mark` is where it is first given.
    var duplicateKey: String?

    init(_ mark: YAMLMark, _ message: String, duplicateKey: String? = nil) {
        self.mark = mark
        self.message = message
        self.duplicateKey = duplicateKey
    }
}

enum YAMLNode: Equatable, Sendable {
    case scalar(YAMLScalar)
    case mapping(YAMLMapping)
    case sequence(YAMLSequence)

    var mark: YAMLMark {
        switch self {
        case .scalar(let s): s.mark
        case .mapping(let m): m.mark
        case .sequence(let s): s.mark
        }
    }
}

struct YAMLScalar: Equatable, Sendable {
    enum Style: Equatable, Sendable { case plain, singleQuoted, doubleQuoted }

    var string: String
    var style: Style
    var mark: YAMLMark
}

/// Pairs in the order the text gives them.
struct YAMLMapping: Equatable, Sendable, Sequence {
    struct Pair: Equatable, Sendable {
        var key: YAMLNode
        var value: YAMLNode
    }

    var pairs: [Pair]
    var mark: YAMLMark

    func makeIterator() -> some IteratorProtocol<(key: YAMLNode, value: YAMLNode)> {
        pairs.lazy.map { (key: $0.key, value: $0.value) }.makeIterator()
    }
}

struct YAMLSequence: Equatable, Sendable, Sequence {
    var items: [YAMLNode]
    var mark: YAMLMark

    func makeIterator() -> IndexingIterator<[YAMLNode]> { items.makeIterator() }
}
