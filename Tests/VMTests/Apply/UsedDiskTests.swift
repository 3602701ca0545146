import Foundation
import Testing

/// Used disks on the rescue system (compare curtin's dirty_disks tests). A
/// first boot plants what earlier installs leave behind; the second boots the
/// rescue system on them, udev assembles what it finds, and diskplan must
/// refuse without `--wipe` (no byte changed), refuse `--wipe` while something
/// holds a device, and with `--wipe` end exactly as on blank disks; a third
/// boot must assemble the plans' arrays and nothing old.
@Suite(.serialized)
struct UsedDiskTests {
    static let gb: UInt64 = 1_000_000_000

    /// Each case: a pair of disks, what Tests/vm/scenarios/apply/used-disks-plant.sh planted on them
    /// under the case's name, and the plan for them.
    struct Case {
        var name: String
        var disks: (Int, Int)
        /// A line `plan` must print about what it found.
        var finding: String
        var plan: String
    }

    static func byID(_ n: Int) -> String { "/dev/disk/by-id/virtio-vmdisk\(n)" }

    static func smallPlan(host: String, md: Int, _ a: Int, _ b: Int) -> String {
        """
        host: \(host)
        disks: [\(byID(a)), \(byID(b))]
        arrays:
          - {name: swap, md: \(md), size: 512M, format: swap}
          - {name: boot, md: \(md + 1), size: 256M, format: ext4, mount: /boot}
          - {name: root, md: \(md + 2), size: 2G, format: ext4, mount: /}
        guests:
          - {name: g1, md: \(md + 3), size: 1G}

        """
    }

    static var cases: [Case] {
        let xen = (try? String(contentsOf: VM.repoRoot.appendingPathComponent("plans/xen-host.yaml"), encoding: .utf8)) ?? ""
        return [
            Case(name: "install", disks: (0, 1), finding: "array rescue:2", plan: xen.replacingOccurrences(of: "disks: [/dev/sda, /dev/sdb]", with: "disks: [\(byID(0)), \(byID(1))]")),
            Case(name: "stale090", disks: (2, 3), finding: "md member (metadata 0.90.0", plan: smallPlan(host: "c2", md: 20, 2, 3)),
            Case(name: "backupgpt", disks: (4, 5), finding: "gpt", plan: smallPlan(host: "c3", md: 30, 4, 5)),
            Case(name: "lvm", disks: (6, 7), finding: "LVM2_member", plan: smallPlan(host: "c4", md: 40, 6, 7)),
            Case(name: "luks", disks: (8, 9), finding: "crypto_LUKS", plan: smallPlan(host: "c5", md: 50, 8, 9)),
            Case(name: "wholedisk", disks: (10, 11), finding: "whole disk: md member (metadata 1.2, array rescue:old", plan: smallPlan(host: "c6", md: 60, 10, 11)),
        ]
    }

    /// The parameters of Tests/vm/scenarios/apply/used-disks.sh: NAME:A:B for each case.
    static func environment(_ cases: [Case]) -> [String: String] {
        ["CASES": cases.map { "\($0.name):\($0.disks.0):\($0.disks.1)" }.joined(separator: " ")]
    }

    static func describe(_ r: VMResult, _ what: String = "") -> Comment {
        let files = r.files.keys.sorted().map { "--- \($0)\n\(r.files[$0]!.suffix(1500))" }.joined(separator: "\n")
        return Comment(rawValue: "\(what)\nexit \(r.exitStatus) after \(r.seconds)s\n--- output\n\(r.output.suffix(3000))\n\(files)")
    }

    @Test("used disks: refused without --wipe (nothing changed), refused while held, with --wipe as on blank disks; a reboot assembles only the plans' arrays")
    func usedDisks() throws {
        let binary = try VM.releaseBinary()
        let keep = FileManager.default.temporaryDirectory.appendingPathComponent("vm-used-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: keep) }
        let cases = Self.cases
        let disks: [VMDisk] = [.new(size: 200 * Self.gb), .new(size: 200 * Self.gb)] + (0..<10).map { _ in .new(size: 8 * Self.gb) }
        let plant = try VM.run(script: "apply/used-disks-plant.sh", disks: disks, keepDisksIn: keep, timeout: 600)
        try #require(plant.exitStatus == 0, Self.describe(plant, "planting the old content"))

        var inputs: [String: String] = [:]
        for c in cases { inputs["\(c.name).yaml"] = c.plan }
        let r = try VM.run(script: "apply/used-disks.sh", environment: Self.environment(cases), disks: VMDisk.kept(in: keep, count: 12), extraBinaries: [binary], inputs: inputs, timeout: 900)
        try #require(r.exitStatus == 0, Self.describe(r))
        func file(_ name: String) -> String { r.files[name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "" }
        #expect(file("install-mdstat-before").contains("md2 : active"), Self.describe(r, "udev assembled the old install's arrays"))
        for c in cases {
            #expect(file("\(c.name)-refused.status") == "1", Self.describe(r, "\(c.name): plan without --wipe refuses"))
            #expect(file("\(c.name)-refused.txt").contains("holds what the plan does not describe"), Self.describe(r, c.name))
            #expect(file("\(c.name)-refused.txt").contains(c.finding), Self.describe(r, "\(c.name) names \(c.finding)"))
            #expect(file("\(c.name)-refused-apply.status") == "1", Self.describe(r, "\(c.name): apply without --wipe refuses"))
            #expect(!file("\(c.name)-sums-before").isEmpty && file("\(c.name)-sums-before") == file("\(c.name)-sums-after"),
                    Self.describe(r, "\(c.name): no byte changed"))
            #expect(file("\(c.name)-apply.status") == "0", Self.describe(r, "\(c.name): apply --wipe succeeds"))
            #expect(file("\(c.name)-plan-again.status") == "0", Self.describe(r, "\(c.name): the plan shows no changes after"))
            let blkid = file("\(c.name)-blkid")
            #expect(!blkid.contains("rescue:") && !blkid.contains("LVM2_member") && !blkid.contains("crypto_LUKS") && !blkid.contains("oldroot"),
                    Self.describe(r, "\(c.name): nothing old is left"))
        }
        #expect(file("lvm-held.status") == "1", Self.describe(r, "an active volume group stops --wipe"))
        #expect(file("lvm-held.txt").contains("release: vgchange --setautoactivation n vgold && vgchange -an vgold"), Self.describe(r))
        #expect(file("lvm-sums-held") == file("lvm-sums-before"), Self.describe(r, "refused while held: no byte changed"))

        // A third boot: udev assembles exactly the plans' arrays.
        let again = try VM.run(script: "apply/used-disks-reboot.sh", disks: VMDisk.kept(in: keep, count: 12), timeout: 300)
        try #require(again.exitStatus == 0, Self.describe(again))
        let names = (again.files["scan"] ?? "").split(separator: "\n").compactMap { line in
            line.split(separator: " ").first { $0.hasPrefix("name=") }.map { String($0.dropFirst(5)) }
        }.sorted()
        let expected = (["xen1:swap", "xen1:boot", "xen1:root", "xen1:ns1", "xen1:web1"]
            + ["c2", "c3", "c4", "c5", "c6"].flatMap { h in ["swap", "boot", "root", "g1"].map { "\(h):\($0)" } }).sorted()
        #expect(names == expected, Self.describe(again, "the arrays after a reboot are exactly the plans'"))
        let superblocks = (again.files["examine"] ?? "").split(separator: "\n").filter { $0.hasPrefix("ARRAY") }
        #expect(superblocks.count == expected.count && !superblocks.contains { $0.contains("rescue:") },
                Self.describe(again, "no old superblock is left (0.90 ones have no name: counted)"))
    }
}
