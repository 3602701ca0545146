internal import CYAML

/// One event of libyaml's parser (`yaml_event_t`) in Swift terms: what
/// `YAMLComposer` builds the node tree from.
enum YAMLEvent: Equatable {
    /// What a node may carry before its content: `&anchor`, `!tag` (as libyaml
    /// resolves it: `!!str` is `tag:yaml.org,2002:str`) and where it starts.
    struct Properties: Equatable {
        var anchor: String?
        var tag: String?
        var mark: YAMLMark
    }

    case streamStart
    case streamEnd
    case documentStart(YAMLMark)
    case documentEnd
    case alias(anchor: String, mark: YAMLMark)
    case scalar(String, YAMLScalar.Style, Properties)
    case sequenceStart(Properties)
    case sequenceEnd
    case mappingStart(Properties)
    case mappingEnd
}

/// libyaml's event parser (`yaml_parser_t`) over a text in memory. Only
/// `LibYAML.parse` makes one, and only for the time of its closure.
struct LibYAML: ~Copyable {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let input: UnsafeBufferPointer<UInt8>

    private init(parser: UnsafeMutablePointer<yaml_parser_t>, input: UnsafeBufferPointer<UInt8>) {
        self.parser = parser
        self.input = input
    }

    /// Runs `body` with a parser over `text` (`yaml_parser_initialize`,
    /// `yaml_parser_set_input_string`); deletes it after (`yaml_parser_delete`).
    static func parse<R>(_ text: String, _ body: (inout LibYAML) throws(YAMLError) -> R) throws(YAMLError) -> R {
        // libyaml reads from this buffer while it parses; an empty text gets one byte it never reads.
        let bytes = text.isEmpty ? [0] : Array(text.utf8)
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else { throw YAMLError(YAMLMark(line: 1, column: 1), "out of memory") }
        defer { yaml_parser_delete(parser) }
        let result = bytes.withUnsafeBufferPointer { all -> Result<R, YAMLError> in
            let input = UnsafeBufferPointer(rebasing: all[0..<(text.isEmpty ? 0 : all.count)])
            yaml_parser_set_input_string(parser, all.baseAddress!, input.count)
            var events = LibYAML(parser: parser, input: input)
            do throws(YAMLError) {
                return .success(try body(&events))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The next event (`yaml_parser_parse`, then `yaml_event_delete`).
    mutating func next() throws(YAMLError) -> YAMLEvent {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else { throw error() }
        defer { yaml_event_delete(&event) }
        let mark = Self.mark(event.start_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT: return .streamStart
        case YAML_STREAM_END_EVENT: return .streamEnd
        case YAML_DOCUMENT_START_EVENT: return .documentStart(mark)
        case YAML_DOCUMENT_END_EVENT: return .documentEnd
        case YAML_ALIAS_EVENT: return .alias(anchor: Self.string(event.data.alias.anchor) ?? "", mark: mark)
        case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            let value = String(decoding: UnsafeBufferPointer(start: s.value, count: s.length), as: UTF8.self)
            let properties = YAMLEvent.Properties(anchor: Self.string(s.anchor), tag: Self.string(s.tag), mark: mark)
            return .scalar(value, Self.style(s.style), properties)
        case YAML_SEQUENCE_START_EVENT:
            let s = event.data.sequence_start
            return .sequenceStart(.init(anchor: Self.string(s.anchor), tag: Self.string(s.tag), mark: mark))
        case YAML_SEQUENCE_END_EVENT: return .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            let m = event.data.mapping_start
            return .mappingStart(.init(anchor: Self.string(m.anchor), tag: Self.string(m.tag), mark: mark))
        case YAML_MAPPING_END_EVENT: return .mappingEnd
        default: throw YAMLError(mark, "libyaml returned an event this reader does not know (\(event.type.rawValue))")
        }
    }

    /// libyaml's problem text and where it stands, with its context (`while parsing a block
    /// mapping`) and where that starts. A reader error (a character YAML does not allow) has
    /// a byte offset instead of a mark.
    private func error() -> YAMLError {
        let p = parser.pointee
        guard p.error != YAML_MEMORY_ERROR else { return YAMLError(YAMLMark(line: 1, column: 1), "out of memory") }
        var message = Self.string(p.problem) ?? "libyaml failed without saying why"
        if p.error == YAML_READER_ERROR {
            return YAMLError(Self.mark(ofByte: p.problem_offset, in: input), message)
        }
        if let context = Self.string(p.context) {
            let at = Self.mark(p.context_mark)
            message += " (\(context) at line \(at.line), column \(at.column))"
        }
        return YAMLError(Self.mark(p.problem_mark), message)
    }

    // MARK: - Conversions

    /// libyaml counts lines and columns from 0, in characters.
    private static func mark(_ m: yaml_mark_t) -> YAMLMark {
        YAMLMark(line: m.line + 1, column: m.column + 1)
    }

    /// The line and column of a byte of the input, counted as libyaml counts
    /// them (a byte-order mark is not counted; `\r\n` is one line break).
    static func mark(ofByte offset: Int, in input: UnsafeBufferPointer<UInt8>) -> YAMLMark {
        var line = 1
        var column = 1
        var i = input.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < min(offset, input.count) {
            let b = input[i]
            if b == 0x0D || (b == 0x0A && (i == 0 || input[i - 1] != 0x0D)) {
                line += 1
                column = 1
            } else if b != 0x0A, b & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        return YAMLMark(line: line, column: column)
    }

    private static func string(_ p: UnsafePointer<CChar>?) -> String? {
        p.map { String(cString: $0) }
    }

    private static func string(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        p.map { String(cString: $0) }
    }

    private static func style(_ s: yaml_scalar_style_t) -> YAMLScalar.Style {
        switch s {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }
}
