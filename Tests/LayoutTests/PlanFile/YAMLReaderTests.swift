import Foundation
import Testing
@testable import Layout

/// The YAML reader on its own (libyaml's parser and the composer): the tree,
/// where each node starts, and what it refuses (with line and column). What
/// the hand-written reader refused before and libyaml reads is in YAMLFeatureTests.
@Suite struct YAMLReaderTests {
    func read(_ text: String) throws -> YAMLNode {
        try #require(try YAML.compose(text))
    }

    func refusal(_ text: String) -> YAMLError? {
        do {
            _ = try YAML.compose(text)
            return nil
        } catch {
            return error
        }
    }

    func scalar(_ node: YAMLNode?) -> YAMLScalar? {
        if case .scalar(let s) = node { return s }
        return nil
    }

    func pairs(_ node: YAMLNode) -> [(String, YAMLNode)] {
        guard case .mapping(let m) = node else { return [] }
        return m.pairs.map { (scalar($0.key)?.string ?? "?", $0.value) }
    }

    func items(_ node: YAMLNode?) -> [YAMLNode] {
        if case .sequence(let s) = node { return s.items }
        return []
    }

    /// A node starts at its first character; a block mapping at its first key.
    @Test func blockStructureWithMarks() throws {
        let root = try read("""
            # a plan
            host: xen1   # comment
            disks:
              - /dev/sda
              - /dev/sdb
            arrays:
            - name: swap
              size: 4G
            """)
        #expect(root.mark == YAMLMark(line: 2, column: 1))
        let top = pairs(root)
        #expect(top.map(\.0) == ["host", "disks", "arrays"])
        #expect(scalar(top[0].1) == YAMLScalar(string: "xen1", style: .plain, mark: YAMLMark(line: 2, column: 7)))
        #expect(top[1].1.mark == YAMLMark(line: 4, column: 3))
        #expect(items(top[1].1).compactMap { scalar($0)?.string } == ["/dev/sda", "/dev/sdb"])
        // An indentless list under its key, holding a compact mapping.
        let entry = try #require(items(top[2].1).first)
        #expect(entry.mark == YAMLMark(line: 7, column: 3))
        #expect(pairs(entry).map(\.0) == ["name", "size"])
        #expect(pairs(entry)[1].1.mark == YAMLMark(line: 8, column: 9))
    }

    /// The same data as flow collections, over several lines as JSON with indentation writes them
    /// (the Ansible module's inline plans), is the same tree.
    @Test func flowCollectionsAndJSON() throws {
        let flow = try read("{host: xen1, disks: [/dev/sda, /dev/sdb,], arrays: [{name: swap, size: 4G}]}")
        let json = try read("""
            {
              "host": "xen1",
              "disks": [
                "/dev/sda",
                "/dev/sdb"
              ],
              "arrays": [
                {"name":"swap", "size": "4G"}
              ]
            }
            """)
        func strip(_ n: YAMLNode) -> String {
            switch n {
            case .scalar(let s): s.string
            case .sequence(let s): "[" + s.items.map(strip).joined(separator: ",") + "]"
            case .mapping(let m): "{" + m.pairs.map { strip($0.key) + ":" + strip($0.value) }.joined(separator: ",") + "}"
            }
        }
        #expect(strip(flow) == "{host:xen1,disks:[/dev/sda,/dev/sdb],arrays:[{name:swap,size:4G}]}")
        #expect(strip(json) == strip(flow))
        #expect(items(pairs(json)[1].1)[1].mark == YAMLMark(line: 5, column: 5))
        #expect(pairs(json)[2].1.mark == YAMLMark(line: 7, column: 13))
    }

    @Test func scalarStyles() throws {
        let top = pairs(try read("""
            a: plain text  # not the comment
            b: 'it''s # here'
            c: "tab\\there \\"q\\" \\\\ \\x41 \\u00e9 \\U0001F600 \\/"
            d: a#b
            e: -1
            f: :x
            g: |
              two
              lines
            h: >-
              folded
              text
            """))
        #expect(top.compactMap { scalar($0.1)?.string } == [
            "plain text", "it's # here", "tab\there \"q\" \\ A é 😀 /", "a#b", "-1", ":x", "two\nlines\n", "folded text",
        ])
        #expect(top.compactMap { scalar($0.1)?.style } == [.plain, .singleQuoted, .doubleQuoted, .plain, .plain, .plain, .literal, .folded])
    }

    /// An empty value is an empty plain scalar where the value would begin: for `key:` right after the colon.
    @Test func emptyValues() throws {
        let top = pairs(try read("a:\nb: [x, ]\nc: {k, l: }\nd:\n  -\n  - y\n"))
        #expect(scalar(top[0].1) == YAMLScalar(string: "", style: .plain, mark: YAMLMark(line: 1, column: 3)))
        #expect(items(top[1].1).count == 1)
        #expect(pairs(top[2].1).map { scalar($0.1)?.string } == ["", ""])
        #expect(items(top[3].1).compactMap { scalar($0)?.string } == ["", "y"])
    }

    @Test func documentsLineEndingsAndEmptyText() throws {
        #expect(try YAML.compose("") == nil)
        #expect(try YAML.compose("# only a comment\n\n   \n") == nil)
        #expect(scalar(try read("---\n")) == YAMLScalar(string: "", style: .plain, mark: YAMLMark(line: 2, column: 1)))
        #expect(pairs(try read("---\na: 1\n...\n")).map(\.0) == ["a"])
        #expect(items(try read("--- [a, b]\n")).count == 2)
        let crlf = pairs(try read("\u{FEFF}a: 1\r\nb:\r\n  - x\r\n"))
        #expect(crlf.map(\.0) == ["a", "b"] && items(crlf[1].1)[0].mark == YAMLMark(line: 3, column: 5))
    }

    /// What is not YAML is refused with libyaml's own words, where libyaml found the fault,
    /// and the context it was in.
    @Test(arguments: [
        ("a:\n\t- b\n", 2, 1, "found character that cannot start any token (while scanning for the next token at line 2, column 1)"),
        ("a: {b: 1\n", 2, 1, "did not find expected ',' or '}' (while parsing a flow mapping at line 1, column 4)"),
        ("a: [b, c\n", 2, 1, "did not find expected ',' or ']' (while parsing a flow sequence at line 1, column 4)"),
        ("a: {b:, c: 1}\n", 1, 6, "found unexpected ':' (while scanning a plain scalar at line 1, column 5)"),
        ("a: b: c\n", 1, 5, "mapping values are not allowed in this context"),
        ("a: \"\\q\"\n", 1, 5, "found unknown escape character (while parsing a quoted scalar at line 1, column 4)"),
        ("a: 1\nb\n", 3, 1, "could not find expected ':' (while scanning a simple key at line 2, column 1)"),
        ("a: [x]]\n", 1, 7, "did not find expected key (while parsing a block mapping at line 1, column 1)"),
        ("a: 'one\n", 2, 1, "found unexpected end of stream (while scanning a quoted scalar at line 1, column 4)"),
    ] as [(String, Int, Int, String)])
    func libyamlErrorsWithLineAndColumn(text: String, line: Int, column: Int, message: String) throws {
        let e = try #require(refusal(text))
        #expect(e.mark == YAMLMark(line: line, column: column), "\(e)")
        #expect(e.message == message, "\(e)")
        #expect(e.duplicateKey == nil)
    }

    /// What YAML allows and a plan file does not: a second document, deeper nesting than any plan
    /// needs, a tag of an application or one that does not fit the node; and what YAML refuses
    /// that libyaml leaves to its user: an alias before its anchor, a merge of no mapping.
    @Test(arguments: [
        ("a: 1\n---\nb: 2\n", 2, 1, "a second document is not supported: a plan file holds one"),
        (String(repeating: "[", count: 70), 1, 65, "nested deeper than 64 levels"),
        ("a: *x\nb: &x 1\n", 1, 4, "the alias *x names no anchor &x before it"),
        ("a: !vault 1\n", 1, 4, "the tag !vault is not one of YAML's core tags"),
        ("a: !!map 1\n", 1, 4, "the tag !!map does not fit a value"),
        ("a: !!str [1]\n", 1, 4, "the tag !!str does not fit a list"),
        ("a: &x 1\nb: {<<: *x}\n", 2, 9, "a merge key (<<) takes a mapping or a list of mappings"),
        ("a: &x {[k]: 1}\nb: {<<: *x}\n", 1, 8, "a merge key (<<) merges only keys that are text"),
        ("a: x\u{7}\n", 1, 5, "control characters are not allowed"),
        ("\u{FEFF}a: 1\r\nb: é\u{7}\n", 2, 5, "control characters are not allowed"),
    ] as [(String, Int, Int, String)])
    func planFileRulesWithLineAndColumn(text: String, line: Int, column: Int, message: String) throws {
        let e = try #require(refusal(text))
        #expect(e.mark == YAMLMark(line: line, column: column), "\(e)")
        #expect(e.message.hasPrefix(message), "\(e)")
    }

    /// A key given twice: the error names the key and where it first stands, in a block or a flow mapping.
    @Test func duplicateKeys() throws {
        let block = try #require(refusal("b: 1\na: 2\nb: 3\na: 4\n"))
        #expect(block.duplicateKey == "a" && block.mark == YAMLMark(line: 2, column: 1))
        let flow = try #require(refusal("x:\n  - {name: a, size: 1G, 'name': b}\n"))
        #expect(flow.duplicateKey == "name" && flow.mark == YAMLMark(line: 2, column: 6))
    }
}
