import Testing
@testable import Layout

/// What a plan value means. The reader guesses no types: every scalar is text
/// (a tag such as `!!int` is kept but changes no text; `!!null` and `!!str` decide
/// whether a value is null, see YAMLFeatureTests),
/// as it was when the parser had Yams compose the file with its basic resolver
/// (which tags every scalar as a string). So neither YAML 1.1's booleans
/// (`yes`, `on`) nor the YAML 1.2 core schema's numbers (`0x10`, `0o17`,
/// `1e3`) or nulls are interpreted by the reader. The parser decides: whole
/// numbers go through Swift's `Int(_:)` (decimal digits with an optional sign:
/// `+3` and `007` are numbers, `0x10` and `1_000` are not, quoted or not), and
/// where text is required a plain `~`, `null` or nothing is refused while
/// `"null"` in quotes is text.
@Suite struct PlanValueTests {
    static let plan = "host: HOST\ndisks: [/dev/a, /dev/b]\narrays:\n  - {name: r, md: MD, size: 1G}\n"

    func parse(host: String = "h", md: String = "3") throws(PlanError) -> Plan {
        try PlanParser.parse(Self.plan.replacing("HOST", with: host).replacing("MD", with: md), file: "p.yaml")
    }

    @Test(arguments: ["yes", "no", "on", "off", "true", "True", "y", "0x10", "1e3", ".inf", "0o17"])
    func theReaderKeepsEveryScalarAsWritten(text: String) throws {
        let node = try #require(try YAML.compose("v: \(text)\n"))
        guard case .mapping(let m) = node, case .scalar(let s) = m.pairs[0].value else {
            Issue.record("not a mapping of one scalar: \(node)")
            return
        }
        #expect(s.string == text && s.style == .plain)
    }

    @Test(arguments: ["yes", "on", "true", "y1", "n0"])
    func wordsYAML11ReadAsBooleansAreHostNames(host: String) throws {
        #expect(try parse(host: host).host == host)
    }

    @Test(arguments: [("3", 3), ("\"3\"", 3), ("'3'", 3), ("+3", 3), ("007", 7)])
    func wholeNumbersAreDecimal(md: String, value: Int) throws {
        #expect(try parse(md: md).arrays[0].md == value)
    }

    @Test(arguments: ["0x10", "0o17", "1_000", "1e3", "3.0", "\"0x10\"", "true"])
    func otherNumberFormsAreNoWholeNumbers(md: String) {
        #expect(throws: PlanError(file: "p.yaml", line: 4, key: "arrays[0].md", "must be a whole number")) { try parse(md: md) }
    }

    @Test(arguments: ["~", "null", "''", "\"\""])
    func nullOrEmptyIsNoText(host: String) {
        #expect(throws: PlanError(file: "p.yaml", line: 1, key: "host", "must be a text value")) { try parse(host: host) }
    }

    @Test func quotedNullIsText() throws {
        #expect(try parse(host: "\"null\"").host == "null")
    }

    /// Errors of the reader name line and column; the parser's own keep naming line and key.
    @Test func readerErrorsCarryTheColumn() {
        let text = Self.plan.replacing("HOST", with: "\"h").replacing("MD", with: "1")
        let message = "not valid YAML: found unexpected end of stream (while scanning a quoted scalar at line 1, column 7)"
        #expect(throws: PlanError(file: "p.yaml", line: 5, column: 1, message)) {
            try PlanParser.parse(text, file: "p.yaml")
        }
        let e = PlanError(file: "p.yaml", line: 5, column: 1, message)
        #expect(e.description == "p.yaml:5:1: " + message)
    }
}
