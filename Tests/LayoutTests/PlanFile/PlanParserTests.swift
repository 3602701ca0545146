import Foundation
import Testing
@testable import Layout

@Suite struct SizeTests {
    @Test func binaryUnits() {
        #expect(Size.parse("4G") == 4 << 30)
        #expect(Size.parse("512M") == 512 << 20)
        #expect(Size.parse("1T") == 1 << 40)
        #expect(Size.parse("2GiB") == 2 << 30)
        #expect(Size.parse("1.5G") == 3 << 29)
        // Fractions round up to whole MiB.
        #expect(Size.parse("1.0001G") == (1 << 30) + (1 << 20))
        #expect(Size.parse("100K") == 1 << 20)
    }

    /// Every usual spelling of a unit is the binary unit: there are no decimal ones.
    @Test func everySpellingIsBinary() {
        for text in ["10G", "10g", "10Gi", "10gi", "10GiB", "10GIB", "10gib", "10GB", "10gb", "10 G", "10 GiB", "10 GB", " 10G "] {
            #expect(Size.parse(text) == 10 << 30, "\(text)")
        }
        #expect(Size.parse("512m") == 512 << 20 && Size.parse("512MB") == 512 << 20 && Size.parse("512 MiB") == 512 << 20)
        #expect(Size.parse("2t") == 2 << 40 && Size.parse("2TB") == 2 << 40)
        #expect(Size.parse("2048k") == 2 << 20 && Size.parse("2048KiB") == 2 << 20)
    }

    @Test func refusesAmbiguousOrBroken() {
        for bad in ["20", "G", "-1G", "1.G", "1..5G", "0G", "abcG", "1e3G", "99999999999T", "10B", "10 bytes", "10GiBB", "10iB", "10Gx", "10 gigs", "10P"] {
            #expect(Size.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func human() {
        #expect(Size.human(30 << 30) == "30.00 GiB")
        #expect(Size.human(1_800_000_000_000) == "1.63 TiB")
        #expect(Size.human(1 << 20) == "1.00 MiB")
        #expect(Size.human(100) == "100 B")
    }
}

@Suite struct PlanParserTests {
    static let base = """
        host: xen1
        disks: [/dev/sda, /dev/sdb]
        arrays:
          - {name: swap, md: 0, size: 4G, format: swap}
          - {name: root, md: 2, size: 30G, format: ext4, mount: /}
        guests:
          - {name: ns1, size: 20G}
          - {name: web1, size: 100G}
        """

    func error(_ text: String) -> PlanError? { Fixtures.parseError(text) }

    @Test func parsesTheSketch() throws {
        let p = try PlanParser.parse(Self.base)
        #expect(p.host == "xen1")
        #expect(p.label == .gpt)
        #expect(p.firmware == .bios)
        #expect(p.arrays.map(\.md) == [0, 2, 3, 4])
        #expect(p.arrays.map(\.isGuest) == [false, false, true, true])
        #expect(p.arrays[1].metadata == "1.2")
        #expect(p.arrays[2].format == .raw)
        #expect(p.arrays[2].line == 7)
    }

    @Test func bootAndESPGetMetadata10() throws {
        let p = try PlanParser.parse("""
            host: h
            disks: [/dev/a, /dev/b]
            firmware: uefi
            arrays:
              - {name: boot, size: 1G, format: ext4, mount: /boot}
              - {name: root, size: 10G, format: ext4, mount: /}
            """)
        // firmware: uefi adds an ESP first when the plan has none.
        #expect(p.arrays.map(\.name) == ["esp", "boot", "root"])
        #expect(p.arrays.map(\.metadata) == ["1.0", "1.0", "1.2"])
        #expect(p.arrays[0].format == .vfat)
        #expect(p.arrays.map(\.md) == [2, 0, 1])
    }

    @Test(arguments: [
        ("host: h\ndisks: [/dev/a, /dev/b]\ncolour: red\narrays: []\n", 3, "colour", "unknown key"),
        (base.replacingOccurrences(of: "size: 30G", with: "size: 30X"), 5, "arrays[1].size", "'30X' is not a size"),
        (base.replacingOccurrences(of: "size: 30G", with: "size: 30"), 5, "arrays[1].size", "binary unit"),
        (base.replacingOccurrences(of: "name: web1", with: "name: ns1"), 8, "name", "'ns1' is used twice (first on line 7)"),
        (base.replacingOccurrences(of: "md: 2", with: "md: 0"), 5, "md", "md0 is used twice"),
        (base.replacingOccurrences(of: "format: swap", with: "format: zfs"), 4, "arrays[0].format", "not one of"),
        (base.replacingOccurrences(of: "{name: ns1, size: 20G}", with: "{name: ns1, size: 20G, format: ext4}"), 7, "guests[0].format", "unknown key"),
        (base.replacingOccurrences(of: "disks: [/dev/sda, /dev/sdb]", with: "disks: /dev/sda"), 2, "disks", "must be a list"),
        (base.replacingOccurrences(of: "disks: [/dev/sda, /dev/sdb]", with: "disks: [/dev/sda]"), 2, "disks", "at least two disks"),
        (base.replacingOccurrences(of: "md: 2,", with: "md: two,"), 5, "arrays[1].md", "whole number"),
        (base.replacingOccurrences(of: "md: 2,", with: "md: 1048576,"), 5, "arrays[1].md", "must be between 0 and 1048575"),
        (base.replacingOccurrences(of: "{name: ns1, size: 20G}", with: "{name: ns1, size: 20G, level: 1, chunk: 64K}"), 7, "guests[0].chunk", "RAID1 has no chunk"),
        (base.replacingOccurrences(of: "{name: ns1, size: 20G}", with: "{name: ns1, size: 20G, level: 5, chunk: 96K}"), 7, "guests[0].chunk", "power of two"),
        (base.replacingOccurrences(of: "{name: ns1, size: 20G}", with: "{name: ns1, size: rest}"), 7, "size", "only the last"),
        (base.replacingOccurrences(of: "{name: ns1, size: 20G}", with: "{name: ns1, size: 20G, level: 3}"), 7, "guests[0].level", "RAID level"),
        (base + "\n  - {name: x y, size: 1G}\n", 9, "guests[2].name", "may hold only"),
        (base.replacingOccurrences(of: "mount: /", with: "mount: boot"), 5, "arrays[1].mount", "absolute path"),
        ("host: h\ndisks: [a, b]\narrays:\n  - {name: x, size: 1G\n", 5, nil, "not valid YAML"),
        (base.replacingOccurrences(of: "name: web1", with: "name: a-very-long-web-server-name-x"), 8, "name", "longer than the 32 bytes mdadm stores"),
    ] as [(String, Int, String?, String)])
    func errorsNameLineAndKey(text: String, line: Int, key: String?, message: String) {
        let e = error(text)
        #expect(e != nil)
        #expect(e?.file == "p.yaml")
        #expect(e?.line == line, "\(e?.description ?? "")")
        #expect(e?.key == key, "\(e?.description ?? "")")
        #expect(e?.message.contains(message) == true, "\(e?.description ?? "")")
    }

    @Test func errorTextReadsWell() {
        let e = error(Self.base.replacingOccurrences(of: "size: 30G", with: "size: 30X"))
        #expect(e?.description == "p.yaml:5: arrays[1].size: '30X' is not a size: write a number with a binary unit K, M, G or T (G = GiB = 2^30 bytes), e.g. 20G or 512M")
    }
}

@Suite struct RenderTests {
    @Test func shellQuotingOnlyWhereNeeded() {
        #expect(Render.shellQuoted(["mdadm", "--name=root", "/dev/md2"]) == "mdadm --name=root /dev/md2")
        #expect(Render.shellQuoted(["mkfs.ext4", "-L", "my root", "x'y", ""]) == "mkfs.ext4 -L 'my root' 'x'\\''y' ''")
        #expect(Render.shellQuoted(["é"]) == "'é'")
    }
}
