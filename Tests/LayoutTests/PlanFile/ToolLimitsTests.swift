import Foundation
import Testing
@testable import Layout

/// Values that reach mdadm, mkswap and mkfs are refused when the plan is read,
/// with the file, line and key, instead of failing (or being cut short) mid-apply.
@Suite struct ToolLimitsTests {
    /// A plan with one host array of the given format, name and extra keys, on line 4.
    func plan(format: String, name: String = "data", extra: String = "", host: String = "h") -> String {
        """
        host: \(host)
        disks: [/dev/sda, /dev/sdb]
        arrays:
          - {name: \(name), size: 10G, format: \(format), mount: /srv\(extra)}

        """
    }

    func error(_ text: String) -> PlanError? { Fixtures.parseError(text) }

    @Test(arguments: [("ext4", 16), ("xfs", 12), ("vfat", 11)])
    func labelAtTheLimitPassesOneByteMoreIsRefused(format: String, limit: Int) throws {
        let letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        let fits = String(letters.prefix(limit)), over = String(letters.prefix(limit + 1))
        let p = try PlanParser.parse(plan(format: format, extra: ", label: \(fits)"))
        #expect(p.arrays[0].label == fits)
        let e = try #require(error(plan(format: format, extra: ", label: \(over)")))
        #expect(e.description == "p.yaml:4: arrays[0].label: '\(over)' is \(limit + 1) bytes, longer than the \(limit) bytes a \(format) label holds")
    }

    @Test func swapLabelsHoldFifteenBytes() throws {
        let text = "host: h\ndisks: [/dev/sda, /dev/sdb]\narrays:\n  - {name: swap, size: 4G, format: swap, label: %@}\n"
        _ = try PlanParser.parse(text.replacingOccurrences(of: "%@", with: "0123456789abcde"))
        let e = try #require(error(text.replacingOccurrences(of: "%@", with: "0123456789abcdef")))
        #expect(e.line == 4 && e.key == "arrays[0].label")
        #expect(e.message.contains("16 bytes, longer than the 15 bytes a swap label holds"))
    }

    /// Without `label`, the name is the label: a name that fits mdadm may not fit the file system.
    @Test func defaultLabelIsTheNameAndCheckedAsSuch() throws {
        let e = try #require(error(plan(format: "xfs", name: "database-main")))
        #expect(e.line == 4 && e.key == "arrays[0].name")
        #expect(e.message.contains("the name is the default label: 'database-main' is 13 bytes, longer than the 12 bytes a xfs label holds; give a shorter `label`"))
        let fixed = try PlanParser.parse(plan(format: "xfs", name: "database-main", extra: ", label: db"))
        #expect(fixed.arrays[0].label == "db")
        // A raw array has no label: its name alone counts.
        _ = try PlanParser.parse(plan(format: "none", name: "database-main").replacingOccurrences(of: ", mount: /srv", with: ""))
    }

    @Test(arguments: [
        ("esp.a", "holds '.'"),            // a name mdadm takes, but mkfs.fat does not as a label
        ("ESPÉ", "not plain ASCII"),
    ])
    func vfatLabelsAreCheckedAsMkfsFatWritesThem(label: String, message: String) throws {
        let e = try #require(error(plan(format: "vfat", extra: ", label: \"\(label)\"")))
        #expect(e.line == 4 && e.key == "arrays[0].label")
        #expect(e.message.contains(message), "\(e)")
        let named = try #require(error(plan(format: "vfat", name: "esp.a")))
        #expect(named.key == "arrays[0].name" && named.message.contains("holds '.'"))
    }

    @Test func labelsAreLowerCaseInThePlanAndCapitalsForMkfsFat() throws {
        let p = try PlanParser.parse(plan(format: "vfat", extra: ", label: efi"))
        #expect(ToolLimits.labelAsWritten(p.arrays[0].label, format: .vfat) == "EFI")
        let r = try Planner.plan(p, inventory: Fixtures.blankInventory(p.disks, bytes: 100 << 30))
        #expect(r.actions.first { $0.kind == .makeFilesystem }?.argv == ["mkfs.vfat", "-F", "32", "-n", "EFI", "/dev/md0"])
    }

    @Test func controlCharactersNeverReachACommand() throws {
        let e = try #require(error(plan(format: "ext4", extra: ", label: \"a\\tb\"")))
        #expect(e.line == 4 && e.key == "arrays[0].label")
        #expect(e.message == "'a\\u{9}b' holds a control character; a label is printable text")
        let nul = try #require(error(plan(format: "ext4", extra: ", label: \"a\\0b\"")))
        #expect(nul.key == "arrays[0].label")
    }

    @Test(arguments: [
        ("-data", "may not start with '-'"),
        (".data", "may not start with '.'"),
        ("dätä", "may hold only letters"),
    ])
    func arrayNamesFollowMdadm(name: String, message: String) throws {
        let e = try #require(error(plan(format: "none", name: "\"\(name)\"").replacingOccurrences(of: ", mount: /srv", with: "")))
        #expect(e.line == 4 && e.key == "arrays[0].name")
        #expect(e.message.contains(message), "\(e)")
    }

    @Test(arguments: [
        ("any", "mdadm's wildcard"),
        ("hôst", "ASCII letters"),
        ("-h", "not starting with '-'"),
        ("a23456789012345678901234x", "at most 24"),
    ])
    func hostNamesFollowMdadm(host: String, message: String) throws {
        let e = try #require(error(plan(format: "ext4", host: "\"\(host)\"")))
        #expect(e.line == 1 && e.key == "host")
        #expect(e.message.contains(message), "\(e)")
    }

    @Test func mountPointsFitOneFstabField() throws {
        let e = try #require(error(plan(format: "ext4").replacingOccurrences(of: "mount: /srv", with: "mount: \"/srv/my data\"")))
        #expect(e.line == 4 && e.key == "arrays[0].mount")
        #expect(e.message.contains("would split its fstab line"))
    }

    @Test func chunksMdadmCannotReadAreRefused() throws {
        let text = "host: h\ndisks: [/dev/a, /dev/b, /dev/c]\nguests:\n  - {name: g, size: 10G, level: 5, chunk: %@}\n"
        _ = try PlanParser.parse(text.replacingOccurrences(of: "%@", with: "524288M"))
        let e = try #require(error(text.replacingOccurrences(of: "%@", with: "1048576M")))
        #expect(e.line == 4 && e.key == "guests[0].chunk")
        #expect(e.message.contains("larger than the 512.00 GiB mdadm takes"))
    }
}
