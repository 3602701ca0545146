import Testing
@testable import Layout

/// YAML an admin may write that the hand-written reader refused and libyaml
/// reads: anchors and aliases, `<<` merges, tags, block scalars, values over
/// several lines, complex keys, directives. A plan written with them is the
/// plan written plainly.
@Suite struct YAMLFeatureTests {
    static let plain = """
        host: xen1
        disks: [/dev/sda, /dev/sdb]
        raid: {level: 10, chunk: 512K}
        arrays:
          - {name: swap, size: 4G, format: swap, level: 1}
          - {name: root, size: 30G, format: ext4, mount: /, level: 1, label: root}
        guests:
          - {name: web1, size: 20G, level: 10}
          - {name: web2, size: 20G, level: 10}
        """

    static let fancy = """
        %YAML 1.1
        --- # the same plan, written with what YAML offers
        host: !!str xen1
        disks:
          - &first /dev/sda
          - /dev/sdb
        raid:
          level: &ten 10
          chunk: 512K
        arrays:
          - {name: swap, size: 4G, format: swap, level: 1}
          - name: root
            size: >-
              30G
            format: ext4
            mount: "/"
            level: !!int 1
            label: |-
              root
        guests:
          - &guest
            name: web1
            size: 20G
            level: *ten
          - <<: *guest
            name: web2
        ...
        """

    @Test func aPlanWithAnchorsTagsAndBlockScalarsIsThePlainPlan() throws {
        let plain = try PlanParser.parse(Self.plain, file: "p.yaml")
        let fancy = try PlanParser.parse(Self.fancy, file: "p.yaml")
        #expect(fancy.host == plain.host && fancy.disks == plain.disks)
        // The entries' lines differ (the texts do); everything else is the same.
        let strip = { (p: Plan) in p.arrays.map { a in var a = a; a.line = nil; return a } }
        #expect(strip(fancy) == strip(plain))
        #expect(fancy.arrays.map(\.name) == ["swap", "root", "web1", "web2"])
    }

    /// An entry that is an alias stands where the alias stands: an error about it names that line.
    @Test func anErrorInAnAliasedEntryNamesTheAliasLine() throws {
        let text = "host: h\ndisks: [a, b]\narrays:\n  - &e {name: x, size: 1G}\n  - *e\n"
        let e = try #require(Fixtures.parseError(text))
        #expect(e.line == 5 && e.key == "name" && e.message == "'x' is used twice (first on line 4)")
    }

    @Test func aValueOverSeveralLinesIsOneValue() throws {
        let root = try #require(try YAML.compose("a: one\n  two\nb: [x,\n  y]\nc: 'p\n  q'\n"))
        guard case .mapping(let m) = root else { Issue.record("\(root)"); return }
        let values = m.pairs.map { pair -> String in
            switch pair.value {
            case .scalar(let s): s.string
            case .sequence(let s): s.items.map { if case .scalar(let x) = $0 { x.string } else { "?" } }.joined(separator: ",")
            case .mapping: "?"
            }
        }
        #expect(values == ["one two", "x,y", "p q"])
    }

    /// `!!str` and `!` make `null` text, as quotes do; `!!null` makes anything no text.
    @Test(arguments: [("!!str null", "null"), ("! null", "null"), ("\"null\"", "null")])
    func taggedTextIsText(host: String, value: String) throws {
        let p = try PlanParser.parse("host: \(host)\ndisks: [a, b]\narrays:\n  - {name: r, size: 1G}\n")
        #expect(p.host == value)
    }

    @Test func aNullTagIsNoText() {
        #expect(throws: PlanError(file: nil, line: 1, key: "host", "must be a text value")) {
            try PlanParser.parse("host: !!null h\ndisks: [a, b]\narrays:\n  - {name: r, size: 1G}\n")
        }
    }

    /// Keys a merge brings are no duplicates and lose to the mapping's own; a key given twice
    /// in the mapping itself is still refused.
    @Test func mergeKeys() throws {
        let root = try #require(try YAML.compose("b: &b {x: 1, y: 2}\nc: {<<: [*b, {z: 3, x: 9}], y: 5}\n"))
        guard case .mapping(let top) = root, case .mapping(let c) = top.pairs[1].value else { Issue.record("\(root)"); return }
        let pairs = c.pairs.map { p -> String in
            guard case .scalar(let k) = p.key, case .scalar(let v) = p.value else { return "?" }
            return "\(k.string)=\(v.string)"
        }
        #expect(pairs == ["y=5", "x=1", "z=3"])
        let e = try #require(throws: YAMLError.self) { try YAML.compose("b: &b {x: 1}\nc: {<<: *b, y: 1, y: 2}\n") }
        #expect(e.duplicateKey == "y" && e.mark == YAMLMark(line: 2, column: 13))
    }
}
