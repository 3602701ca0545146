/// The position in the text and the moves over it that the block and flow
/// parts of the reader share. Line breaks are `\n`, `\r\n` or `\r`; the text
/// is kept as Unicode scalars, so a column counts scalars.
struct YAMLReader {
    private(set) var chars: [Unicode.Scalar] = []
    private(set) var index = 0
    private var line = 1
    private var lineStart = 0

    init(_ text: String) throws(YAMLError) {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        chars.reserveCapacity(scalars.count)
        for (i, c) in scalars.enumerated() where !(c == "\r" && i + 1 < scalars.count && scalars[i + 1] == "\n") {
            chars.append(c == "\r" ? "\n" : c)
        }
        try refuseControlCharacters()
    }

    /// What YAML (and libyaml's reader) accepts as text: tab, line break and printable characters.
    private mutating func refuseControlCharacters() throws(YAMLError) {
        while let c = peek() {
            let v = c.value
            let printable = v == 0x09 || v == 0x0A || (0x20...0x7E).contains(v) || v == 0x85 || (0xA0...0xD7FF).contains(v)
                || (0xE000...0xFFFD).contains(v) || v >= 0x10000
            guard printable else { throw error("control characters are not allowed") }
            advance()
        }
        index = 0
        line = 1
        lineStart = 0
    }

    // MARK: - Looking

    var mark: YAMLMark { YAMLMark(line: line, column: index - lineStart + 1) }

    /// 0-based column: the indentation of a node that starts here.
    var column: Int { index - lineStart }

    var atEnd: Bool { index >= chars.count }

    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < chars.count ? chars[index + offset] : nil
    }

    /// Space or tab at `offset`.
    func isBlank(_ offset: Int = 0) -> Bool {
        peek(offset) == " " || peek(offset) == "\t"
    }

    /// Space, tab, line break or the end of the text at `offset`.
    func isBlankOrEnd(_ offset: Int = 0) -> Bool {
        guard let c = peek(offset) else { return true }
        return c == " " || c == "\t" || c == "\n"
    }

    static func isFlowIndicator(_ c: Unicode.Scalar?) -> Bool {
        c == "," || c == "[" || c == "]" || c == "{" || c == "}"
    }

    /// The rest of the line is empty or a comment. Between values a `#` starts a
    /// comment even without a blank before it (`[a, b]# c`), as libyaml reads it;
    /// inside plain text it needs one (`a#b` is text).
    var atLineEnd: Bool {
        peek() == nil || peek() == "\n" || peek() == "#"
    }

    /// `---` or `...` at the start of a line, followed by a blank or the end of the line.
    var atDocumentMarker: Bool {
        guard column == 0, let c = peek(), c == "-" || c == "." else { return false }
        return peek(1) == c && peek(2) == c && isBlankOrEnd(3)
    }

    /// `-` followed by a blank or the end of the line: a block sequence entry.
    var atSequenceEntry: Bool { peek() == "-" && isBlankOrEnd(1) }

    func error(_ message: String) -> YAMLError { YAMLError(mark, message) }

    func text(_ range: Range<Int>) -> String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: chars[range])
        return String(s)
    }

    // MARK: - Moving

    mutating func advance(_ count: Int = 1) {
        for _ in 0..<count where index < chars.count {
            if chars[index] == "\n" {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
    }

    /// Back to an earlier position on the same line.
    mutating func rewind(to position: Int) {
        precondition(position >= lineStart && position <= index)
        index = position
    }

    mutating func skipBlanks() {
        while isBlank() { advance() }
    }

    /// Past a comment, up to the line break.
    mutating func skipComment() {
        guard atLineEnd else { return }
        while let c = peek(), c != "\n" { advance() }
    }

    /// To the first character of the next line that holds more than blanks and a
    /// comment, or to the end.
    mutating func skipToContent() throws(YAMLError) {
        if index == lineStart { try skipIndentation() }
        while true {
            skipBlanks()
            skipComment()
            guard peek() == "\n" else { break }
            advance()
            try skipIndentation()
        }
        if !atEnd, chars[lineStart..<index].contains(where: { $0 != " " }) {
            throw error("expected the end of the line here")
        }
    }

    /// The spaces that start a line. Tabs may not indent (YAML forbids it), but may stand on a blank line.
    private mutating func skipIndentation() throws(YAMLError) {
        while peek() == " " { advance() }
        guard isBlank() else { return }
        let start = index
        skipBlanks()
        if !atLineEnd {
            rewind(to: start)
            throw error("tabs are not allowed for indentation; indent with spaces")
        }
    }

    /// Blanks, line breaks and comments inside `[...]` and `{...}`.
    mutating func skipFlowSpace() {
        while true {
            skipBlanks()
            skipComment()
            guard peek() == "\n" else { return }
            advance()
        }
    }
}
