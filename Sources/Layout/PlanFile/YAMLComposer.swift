/// Builds the node tree from libyaml's events, with the plan file's own rules
/// on top of YAML's: one document, no key given twice, at most
/// `YAML.maxDepth` levels, tags only of YAML's core schema. Aliases are
/// resolved here and `<<` merge keys are applied (libyaml leaves both to the
/// application).
struct YAMLComposer {
    /// A collection whose end event has not come yet.
    private struct Open {
        var properties: YAMLEvent.Properties
        var isMapping: Bool
        /// A sequence's items; a mapping's keys and values, alternating.
        var nodes: [YAMLNode] = []
    }

    private var open: [Open] = []
    private var anchors: [String: YAMLNode] = [:]
    private var root: YAMLNode?
    private var documents = 0

    /// The tree of `text`, or nil when it holds no document.
    static func compose(_ text: String) throws(YAMLError) -> YAMLNode? {
        try LibYAML.parse(text) { events throws(YAMLError) in
            var composer = YAMLComposer()
            while true {
                let event = try events.next()
                if event == .streamEnd { return composer.root }
                try composer.take(event)
            }
        }
    }

    private mutating func take(_ event: YAMLEvent) throws(YAMLError) {
        switch event {
        case .streamStart, .streamEnd, .documentEnd: return
        case .documentStart(let mark):
            documents += 1
            if documents > 1 { throw YAMLError(mark, "a second document is not supported: a plan file holds one") }
        case .alias(let anchor, let mark):
            guard let node = anchors[anchor] else { throw YAMLError(mark, "the alias *\(anchor) names no anchor &\(anchor) before it") }
            try add(node.moved(to: mark), anchor: nil)
        case .scalar(let value, let style, let p):
            try Self.checkTag(p, allowed: YAMLScalar.tags, kind: "a value")
            try add(.scalar(YAMLScalar(string: value, style: style, mark: p.mark, tag: p.tag)), anchor: p.anchor)
        case .sequenceStart(let p), .mappingStart(let p):
            let isMapping = if case .mappingStart = event { true } else { false }
            try Self.checkTag(p, allowed: [isMapping ? YAMLScalar.mapTag : YAMLScalar.seqTag], kind: isMapping ? "a mapping" : "a list")
            guard open.count < YAML.maxDepth else { throw YAMLError(p.mark, "nested deeper than \(YAML.maxDepth) levels") }
            open.append(Open(properties: p, isMapping: isMapping))
        case .sequenceEnd:
            let done = open.removeLast()
            try add(.sequence(YAMLSequence(items: done.nodes, mark: done.properties.mark)), anchor: done.properties.anchor)
        case .mappingEnd:
            let done = open.removeLast()
            let mapping = try Self.mapping(done.nodes, mark: done.properties.mark)
            try add(.mapping(mapping), anchor: done.properties.anchor)
        }
    }

    /// A finished node: into the collection around it, or the document's root.
    private mutating func add(_ node: YAMLNode, anchor: String?) throws(YAMLError) {
        if let anchor { anchors[anchor] = node }
        if open.isEmpty {
            root = node
        } else {
            open[open.count - 1].nodes.append(node)
        }
    }

    /// `!!str` and the other tags of YAML's core schema are allowed where they fit; `!` is
    /// YAML's non-specific tag (text, for a scalar). A tag of an application (`!vault`) is refused:
    /// a plan file would read its text as if the tag were not there.
    private static func checkTag(_ p: YAMLEvent.Properties, allowed: [String], kind: String) throws(YAMLError) {
        guard let tag = p.tag, tag != "!", !allowed.contains(tag) else { return }
        let core = "tag:yaml.org,2002:"
        guard tag.hasPrefix(core) else {
            throw YAMLError(p.mark, "the tag \(tag) is not one of YAML's core tags (!!str, !!int, !!null, ...), the only ones a plan file takes")
        }
        throw YAMLError(p.mark, "the tag !!\(tag.dropFirst(core.count)) does not fit \(kind)")
    }

    /// A mapping from its keys and values: a key given twice is refused; a `<<` key merges the
    /// pairs of the mapping (or each of the list of mappings) it names where the mapping does
    /// not give that key itself, the first of a list first (YAML 1.1's merge key, as PyYAML and
    /// Ansible apply it).
    private static func mapping(_ nodes: [YAMLNode], mark: YAMLMark) throws(YAMLError) -> YAMLMapping {
        var pairs: [YAMLMapping.Pair] = []
        var merges: [YAMLNode] = []
        for i in stride(from: 0, to: nodes.count - 1, by: 2) {
            pairs.append(.init(key: nodes[i], value: nodes[i + 1]))
        }
        try refuseDuplicates(pairs)
        pairs.removeAll { pair in
            guard case .scalar(let key) = pair.key, key.isMergeKey else { return false }
            merges.append(pair.value)
            return true
        }
        var given = Set(pairs.compactMap { if case .scalar(let s) = $0.key { s.string } else { nil } })
        for merge in merges {
            let sources: [YAMLNode] = if case .sequence(let list) = merge { list.items } else { [merge] }
            for source in sources {
                guard case .mapping(let m) = source else {
                    throw YAMLError(source.mark, "a merge key (<<) takes a mapping or a list of mappings")
                }
                for pair in m.pairs {
                    // Text keys only: merging the same mappings again and again could not grow a
                    // mapping past the keys the text names, but copies of other keys would double.
                    guard case .scalar(let key) = pair.key else {
                        throw YAMLError(pair.key.mark, "a merge key (<<) merges only keys that are text")
                    }
                    if given.insert(key.string).inserted { pairs.append(pair) }
                }
            }
        }
        return YAMLMapping(pairs: pairs, mark: mark)
    }

    /// A key given twice is refused; the error names the smallest such key
    /// (in string order) where it first appears.
    static func refuseDuplicates(_ pairs: [YAMLMapping.Pair]) throws(YAMLError) {
        var first: [String: YAMLMark] = [:]
        var twice: Set<String> = []
        for pair in pairs {
            guard case .scalar(let key) = pair.key else { continue }
            if first[key.string] == nil { first[key.string] = key.mark } else { twice.insert(key.string) }
        }
        guard let key = twice.min(), let at = first[key] else { return }
        throw YAMLError(at, "the key '\(key)' is given twice", duplicateKey: key)
    }
}
