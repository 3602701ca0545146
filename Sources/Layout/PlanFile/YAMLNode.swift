/// The YAML of a plan file, read into a tree of nodes that know where they
/// start. libyaml's parser reads the text (`LibYAML.swift`) and
/// `YAMLComposer` builds the tree: all of YAML 1.1 as libyaml reads it
/// (block and flow collections, every scalar style including `|` and `>`,
/// anchors and aliases, `<<` merge keys, tags of the core schema, comments,
/// directives), with the plan file's own rules: one document, no key given
/// twice, no deeper than `maxDepth`.
///
/// Every scalar is text: no type is guessed (`yes`, `0x10`, `~` stay as
/// written); the plan parser decides what a value means. That is what the
/// plan parser had from Yams with its basic resolver.
enum YAML {
    /// The tree of `text`, or nil when it holds no node (empty, blanks and comments only).
    static func compose(_ text: String) throws(YAMLError) -> YAMLNode? {
        try YAMLComposer.compose(text)
    }

    /// Deeper nesting is refused: no plan needs it.
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

    /// The node where an alias stands: errors about the value name the line
    /// that uses it; the nodes inside keep the lines of the anchored text.
    func moved(to mark: YAMLMark) -> YAMLNode {
        switch self {
        case .scalar(var s): s.mark = mark; return .scalar(s)
        case .mapping(var m): m.mark = mark; return .mapping(m)
        case .sequence(var s): s.mark = mark; return .sequence(s)
        }
    }
}

struct YAMLScalar: Equatable, Sendable {
    /// How the text was written: plain, 'single', "double", `|` literal or `>` folded.
    enum Style: Equatable, Sendable { case plain, singleQuoted, doubleQuoted, literal, folded }

    var string: String
    var style: Style
    var mark: YAMLMark
    /// The tag as libyaml resolves it (`!!str` is `tag:yaml.org,2002:str`), nil when none is written.
    var tag: String? = nil

    static let strTag = "tag:yaml.org,2002:str"
    static let nullTag = "tag:yaml.org,2002:null"
    static let mergeTag = "tag:yaml.org,2002:merge"
    static let seqTag = "tag:yaml.org,2002:seq"
    static let mapTag = "tag:yaml.org,2002:map"
    /// The tags a scalar may carry: the core schema's and the merge key's.
    static let tags = [strTag, nullTag, mergeTag] + ["bool", "int", "float", "timestamp"].map { "tag:yaml.org,2002:" + $0 }

    /// No value: `!!null`, or plain and untagged `~`, `null` or nothing (YAML's nulls
    /// in the spelling the parser has always refused where text is needed).
    var isNull: Bool {
        tag == Self.nullTag || (tag == nil && style == .plain && ["", "~", "null"].contains(string))
    }

    /// `<<` as a key: plain and untagged, or tagged `!!merge`.
    var isMergeKey: Bool {
        tag == Self.mergeTag || (tag == nil && style == .plain && string == "<<")
    }
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
