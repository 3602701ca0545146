/// The document and its block structure: nodes laid out by indentation.
/// Every function here returns with the reader at the first character of the
/// next line that holds content (or at the end), so the caller compares its
/// column with its own indentation.
extension YAMLReader {
    /// One document: an optional `---`, one node, an optional `...`.
    mutating func document() throws(YAMLError) -> YAMLNode? {
        try skipToContent()
        if peek() == "%", column == 0 { throw error("directives (%YAML, %TAG) are not supported") }
        var root: YAMLNode?
        if atDocumentMarker, peek() == "-" {
            advance(3)
            let empty = mark
            skipBlanks()
            // After `---` on its line only a value that fits there: text or [...] / {...}.
            if !atLineEnd {
                let node = try inlineNode(depth: 1, inFlow: false)
                try endOfLine(after: node)
                root = node
            }
            try skipToContent()
            if root == nil, atEnd || atDocumentMarker { root = Self.emptyScalar(empty) }
        }
        if root == nil, !atEnd, !atDocumentMarker {
            root = try blockNode(depth: 1)
        }
        while atDocumentMarker, peek() == "." {
            advance(3)
            try skipToContent()
        }
        guard atEnd else {
            if atDocumentMarker { throw error("a second document is not supported: a plan file holds one") }
            if case .scalar = root { throw Self.continued(mark) }
            throw error("expected the end of the document; is this line indented less than the first one?")
        }
        return root
    }

    /// The node that starts here, its indentation being this column.
    mutating func blockNode(depth: Int) throws(YAMLError) -> YAMLNode {
        guard depth <= YAML.maxDepth else { throw error("nested deeper than \(YAML.maxDepth) levels") }
        if atSequenceEntry { return try blockSequence(depth: depth) }
        if keyAhead() { return try blockMapping(depth: depth) }
        let node = try inlineNode(depth: depth, inFlow: false)
        try endOfLine(after: node)
        try skipToContent()
        return node
    }

    /// `key: value` lines at this column.
    mutating func blockMapping(depth: Int) throws(YAMLError) -> YAMLNode {
        let indent = column
        let start = mark
        var pairs: [YAMLMapping.Pair] = []
        while true {
            guard keyAhead() else { throw error("expected a key (key: value) at this indentation") }
            let key = try keyScalar()
            skipBlanks()
            advance()  // the ':' that keyAhead found
            pairs.append(.init(key: .scalar(key), value: try blockValue(indent: indent, depth: depth + 1)))
            if atEnd || atDocumentMarker || column < indent { break }
            // blockValue refused a line indented more than this mapping.
            assert(column == indent)
        }
        try Self.refuseDuplicates(pairs)
        return .mapping(YAMLMapping(pairs: pairs, mark: start))
    }

    /// The value after `key:`: on the same line, on the lines below (indented
    /// more, or a list at the key's own indentation), or empty.
    mutating func blockValue(indent: Int, depth: Int) throws(YAMLError) -> YAMLNode {
        let empty = mark
        skipBlanks()
        if atLineEnd {
            try skipToContent()
            if atEnd || atDocumentMarker { return Self.emptyScalar(empty) }
            if column == indent, atSequenceEntry { return try blockSequence(depth: depth) }
            guard column > indent else { return Self.emptyScalar(empty) }
            let node = try blockNode(depth: depth)
            try refuseContinuation(of: node, indent: indent)
            return node
        }
        if atSequenceEntry { throw error("a list cannot start on the line of its key; put its entries on the lines below") }
        let node = try inlineNode(depth: depth, inFlow: false)
        try endOfLine(after: node)
        try skipToContent()
        try refuseContinuation(of: node, indent: indent)
        return node
    }

    /// A line indented more than `indent` after a complete value: the value
    /// going on (not supported for text), or an indentation error.
    func refuseContinuation(of node: YAMLNode, indent: Int) throws(YAMLError) {
        guard !atEnd, !atDocumentMarker, column > indent else { return }
        if case .scalar = node { throw Self.continued(mark) }
        throw error("this line is indented more than the entry before it, which is complete")
    }

    static func continued(_ mark: YAMLMark) -> YAMLError {
        YAMLError(mark, "a value that goes on over several lines is not supported; write it on one line")
    }

    /// `- item` lines at this column.
    mutating func blockSequence(depth: Int) throws(YAMLError) -> YAMLNode {
        let indent = column
        let start = mark
        var items: [YAMLNode] = []
        while true {
            advance()  // the '-'
            let empty = mark
            let blanks = index
            skipBlanks()
            if !atLineEnd {
                // What follows `- ` on its line is indented by those blanks: spaces only.
                if let tab = chars[blanks..<index].firstIndex(of: "\t") {
                    rewind(to: tab)
                    throw error("tabs are not allowed for indentation; indent with spaces")
                }
                items.append(try blockNode(depth: depth + 1))
            } else {
                try skipToContent()
                let below = !atEnd && !atDocumentMarker && column > indent
                items.append(below ? try blockNode(depth: depth + 1) : Self.emptyScalar(empty))
            }
            try refuseContinuation(of: items[items.count - 1], indent: indent)
            if atEnd || atDocumentMarker || column < indent { break }
            // A line at this column that is no entry is the next key of the mapping around the list.
            guard atSequenceEntry else { break }
        }
        return .sequence(YAMLSequence(items: items, mark: start))
    }

    /// After a value on its line: only blanks and a comment.
    mutating func endOfLine(after node: YAMLNode) throws(YAMLError) {
        skipBlanks()
        if peek() == ":" {
            if case .scalar = node { throw error("a value holding ': ' must be quoted") }
            throw error("a key must be text, not [...] or {...}")
        }
        guard atLineEnd else { throw error("expected the end of the line after the value") }
        skipComment()
    }

    /// Whether a `key:` starts here: text on this line followed by `:` and a blank.
    func keyAhead() -> Bool {
        var i = index
        func at(_ k: Int) -> Unicode.Scalar? { k < chars.count ? chars[k] : nil }
        func blankOrEnd(_ k: Int) -> Bool { at(k) == nil || at(k) == " " || at(k) == "\t" || at(k) == "\n" }
        if let quote = at(i), quote == "\"" || quote == "'" {
            i += 1
            while let c = at(i), c != "\n" {
                if c == "\\", quote == "\"" { i += 2; continue }
                if c == quote, quote == "'", at(i + 1) == "'" { i += 2; continue }
                if c == quote { break }
                i += 1
            }
            guard at(i) == quote else { return false }
            i += 1
            while at(i) == " " || at(i) == "\t" { i += 1 }
            return at(i) == ":" && blankOrEnd(i + 1)
        }
        if at(i) == "[" || at(i) == "{" { return false }
        while let c = at(i), c != "\n" {
            if c == ":", blankOrEnd(i + 1) { return true }
            if c == "#", i > index, at(i - 1) == " " || at(i - 1) == "\t" { return false }
            i += 1
        }
        return false
    }

    /// A key: quoted or plain text on one line.
    mutating func keyScalar() throws(YAMLError) -> YAMLScalar {
        guard case .scalar(let s) = try inlineNode(depth: 1, inFlow: false) else {
            throw error("a key must be text, not [...] or {...}")
        }
        return s
    }

    static func emptyScalar(_ mark: YAMLMark) -> YAMLNode {
        .scalar(YAMLScalar(string: "", style: .plain, mark: mark))
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
