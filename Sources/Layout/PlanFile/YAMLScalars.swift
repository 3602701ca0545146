/// Scalars on one line: plain, 'single-quoted' ('' is a quote) and
/// "double-quoted" with YAML's escapes (a superset of JSON's).
extension YAMLReader {
    /// Plain text up to `: `, ` #`, the end of the line or, inside `[...]`
    /// and `{...}`, a `,` or bracket. Trailing blanks are not part of it.
    mutating func plain(inFlow: Bool) throws(YAMLError) -> YAMLScalar {
        let start = mark
        let from = index
        var end = index
        while let c = peek(), c != "\n" {
            if c == ":", isBlankOrEnd(1) { break }
            if c == ":", inFlow, Self.isFlowIndicator(peek(1)) || peek(1) == "?" {
                // libyaml refuses `{a:}` and `[a:, b]` alike; so does this reader.
                throw error("':' before '\(peek(1)!)' is ambiguous: put a blank after ':' (key: value) or quote the text")
            }
            if inFlow, Self.isFlowIndicator(c) { break }
            if c == "#", index > from, chars[index - 1] == " " || chars[index - 1] == "\t" { break }
            advance()
            if c != " ", c != "\t" { end = index }
        }
        rewind(to: end)
        return YAMLScalar(string: text(from..<end), style: .plain, mark: start)
    }

    mutating func singleQuoted() throws(YAMLError) -> YAMLScalar {
        let start = mark
        advance()
        var out = String.UnicodeScalarView()
        while true {
            guard let c = peek(), c != "\n" else { throw Self.unclosed(start) }
            advance()
            if c == "'" {
                guard peek() == "'" else { break }
                advance()
            }
            out.append(c)
        }
        return YAMLScalar(string: String(out), style: .singleQuoted, mark: start)
    }

    mutating func doubleQuoted() throws(YAMLError) -> YAMLScalar {
        let start = mark
        advance()
        var out = String.UnicodeScalarView()
        while true {
            guard let c = peek(), c != "\n" else { throw Self.unclosed(start) }
            if c == "\"" { break }
            if c == "\\" {
                out.append(try escape(start))
            } else {
                out.append(c)
                advance()
            }
        }
        advance()
        return YAMLScalar(string: String(out), style: .doubleQuoted, mark: start)
    }

    private static func unclosed(_ start: YAMLMark) -> YAMLError {
        YAMLError(start, "the quoted value is not closed on its line (values over several lines are not supported)")
    }

    /// One escape at the backslash: `\n`, `\"`, `\x41`, `\u00e9`, `\U0001F600`
    /// and the rest of YAML's; a JSON surrogate pair `\uD83D\uDE00` is one character.
    private mutating func escape(_ start: YAMLMark) throws(YAMLError) -> Unicode.Scalar {
        let at = mark
        advance()
        guard let c = peek(), c != "\n" else { throw Self.unclosed(start) }
        advance()
        let simple: [Unicode.Scalar: UInt32] = [
            "0": 0, "a": 7, "b": 8, "t": 9, "\t": 9, "n": 10, "v": 11, "f": 12, "r": 13, "e": 0x1B, " ": 0x20,
            "\"": 0x22, "/": 0x2F, "\\": 0x5C, "N": 0x85, "_": 0xA0, "L": 0x2028, "P": 0x2029,
        ]
        if let v = simple[c] { return Unicode.Scalar(v)! }
        let digits: Int
        switch c {
        case "x": digits = 2
        case "u": digits = 4
        case "U": digits = 8
        default: throw YAMLError(at, "unknown escape '\\\(c)' in a double-quoted value")
        }
        var v = try hex(digits, at)
        if (0xD800...0xDBFF).contains(v), peek() == "\\", peek(1) == "u" {
            let save = index
            advance(2)
            let low = try hex(4, at)
            if (0xDC00...0xDFFF).contains(low) { v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00) } else { rewind(to: save) }
        }
        guard let scalar = Unicode.Scalar(v) else {
            throw YAMLError(at, "the escape '\\\(c)\(String(v, radix: 16, uppercase: true))' is not a Unicode character")
        }
        return scalar
    }

    private mutating func hex(_ digits: Int, _ at: YAMLMark) throws(YAMLError) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<digits {
            guard let c = peek(), c.isASCII, let d = Int(String(c), radix: 16) else {
                throw YAMLError(at, "an escape needs \(digits) hex digits")
            }
            v = v << 4 | UInt32(d)
            advance()
        }
        return v
    }
}
