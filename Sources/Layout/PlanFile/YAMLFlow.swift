/// Values written inline: `[a, b]`, `{key: value}` (both may span lines)
/// and scalars, and the refusals of what the reader does not support.
extension YAMLReader {
    /// The value that starts here; `inFlow` inside `[...]` or `{...}`.
    mutating func inlineNode(depth: Int, inFlow: Bool) throws(YAMLError) -> YAMLNode {
        guard depth <= YAML.maxDepth else { throw error("nested deeper than \(YAML.maxDepth) levels") }
        try refuseUnsupported(inFlow: inFlow)
        switch peek() {
        case "[": return try flowSequence(depth: depth)
        case "{": return try flowMapping(depth: depth)
        case "\"": return .scalar(try doubleQuoted())
        case "'": return .scalar(try singleQuoted())
        default: return .scalar(try plain(inFlow: inFlow))
        }
    }

    /// `[a, b, c]`; a comma after the last item is allowed.
    mutating func flowSequence(depth: Int) throws(YAMLError) -> YAMLNode {
        let start = mark
        advance()
        var items: [YAMLNode] = []
        while true {
            skipFlowSpace()
            if atEnd { throw error("the list opened on line \(start.line) is not closed: expected ',' or ']'") }
            if peek() == "]" { break }
            items.append(try inlineNode(depth: depth + 1, inFlow: true))
            try skipFlowSpace(after: items[items.count - 1])
            if peek() == ":" { throw error("key: value pairs inside [...] are not supported; write {key: value}") }
            if peek() == "]" { break }
            guard peek() == "," else { throw error(atEnd ? "the list opened on line \(start.line) is not closed: expected ',' or ']'" : "expected ',' or ']'") }
            advance()
        }
        advance()
        return .sequence(YAMLSequence(items: items, mark: start))
    }

    /// `{a: 1, b: x}`; a key without `:` has an empty value, as in YAML.
    mutating func flowMapping(depth: Int) throws(YAMLError) -> YAMLNode {
        let start = mark
        let notClosed = "the mapping opened on line \(start.line) is not closed: expected ',' or '}'"
        advance()
        var pairs: [YAMLMapping.Pair] = []
        while true {
            skipFlowSpace()
            if atEnd { throw error(notClosed) }
            if peek() == "}" { break }
            if peek() == "[" || peek() == "{" { throw error("a key must be text, not [...] or {...}") }
            let key = try inlineNode(depth: depth + 1, inFlow: true)
            // The ':' stands on the key's line, as YAML wants of a key.
            skipBlanks()
            let value = try flowValue(afterKey: key, depth: depth + 1)
            pairs.append(.init(key: key, value: value))
            try skipFlowSpace(after: value)
            if peek() == "}" { break }
            guard peek() == "," else { throw error(atEnd ? notClosed : "expected ',' or '}'") }
            advance()
        }
        advance()
        try Self.refuseDuplicates(pairs)
        return .mapping(YAMLMapping(pairs: pairs, mark: start))
    }

    /// `: value` after a key in `{...}`, or an empty value where there is none.
    /// Right after a quoted key the `:` needs no blank (`{"a":1}`, as JSON writes).
    private mutating func flowValue(afterKey key: YAMLNode, depth: Int) throws(YAMLError) -> YAMLNode {
        let quoted = if case .scalar(let s) = key { s.style != .plain } else { false }
        guard peek() == ":", quoted || isBlankOrEnd(1) || Self.isFlowIndicator(peek(1)) else {
            return Self.emptyScalar(mark)
        }
        advance()
        skipFlowSpace()
        if atEnd || peek() == "," || peek() == "}" { return Self.emptyScalar(mark) }
        return try inlineNode(depth: depth, inFlow: true)
    }

    /// Past blanks, line breaks and comments after a value in `[...]` or `{...}`;
    /// text on the next line that is no separator would continue plain text.
    private mutating func skipFlowSpace(after node: YAMLNode) throws(YAMLError) {
        let line = mark.line
        skipFlowSpace()
        guard case .scalar(let s) = node, s.style == .plain, mark.line != line, let c = peek() else { return }
        if !Self.isFlowIndicator(c), c != ":" { throw Self.continued(mark) }
    }

    /// What may not start a value here, each with its reason.
    func refuseUnsupported(inFlow: Bool) throws(YAMLError) {
        guard let c = peek() else { throw error("expected a value, found the end of the file") }
        switch c {
        case "&": throw error("anchors (&name) are not supported")
        case "*": throw error("aliases (*name) are not supported")
        case "!": throw error("tags (!tag) are not supported: every value is read as text")
        case "|", ">": throw error("block scalars (| and >) are not supported; write the value on one line")
        case "?" where isBlankOrEnd(1): throw error("complex keys (? key) are not supported")
        case "%", "@", "`", "#": throw error("'\(c)' cannot start a plain value; quote the value")
        case "-" where inFlow && isBlankOrEnd(1): throw error("a list entry '- ' cannot stand inside [...] or {...}")
        case ":" where inFlow || isBlankOrEnd(1): throw error("a key is missing before ':'")
        case ",", "]", "}": throw error("expected a value before '\(c)'")
        default: return
        }
    }
}
