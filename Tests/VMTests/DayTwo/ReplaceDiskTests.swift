import Foundation
import Testing

/// `diskplan replace-disk` on a real kernel: the Xen layout applied to two
/// disks, data written, then one disk swapped for a blank one; the new disk is
/// laid out from the plan, md rebuilds every array onto it, the data survives
/// and the next boot assembles every array with both members.
@Suite(.serialized)
struct ReplaceDiskTests {
    static let gb: UInt64 = 1_000_000_000

    /// plans/xen-host.yaml's layout (swap, /boot, /, two raw guests, BIOS boot) at sizes md rebuilds in
    /// seconds under emulation: the real plan's 155 GiB of members would take over an hour to recover in TCG.
    static let plan = """
        host: xen1
        disks: [/dev/sda, /dev/sdb]
        label: gpt
        firmware: bios
        raid: {level: 1}
        arrays:
          - {name: swap, md: 0, size: 128M, format: swap}
          - {name: boot, md: 1, size: 256M, format: ext4, mount: /boot}
          - {name: root, md: 2, size: 512M, format: ext4, mount: /}
        guests:
          - {name: ns1,  size: 256M}
          - {name: web1, size: 512M}
        """
    static let names = ["swap", "boot", "root", "ns1", "web1"]

    static func describe(_ r: VMResult, _ what: String = "") -> Comment {
        let files = r.files.keys.sorted().map { "--- \($0)\n\(r.files[$0]!)" }.joined(separator: "\n")
        return Comment(rawValue: (what.isEmpty ? "" : what + "\n") + "exit \(r.exitStatus) after \(r.seconds)s\n--- output\n\(r.output.suffix(4000))\n\(files)\n--- console\n\(r.console.suffix(2000))")
    }

    static func file(_ r: VMResult, _ name: String) -> String {
        (r.files[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Every array of the plan runs with both members in sync.
    static func checkComplete(_ r: VMResult) {
        let mdstat = r.files["mdstat"] ?? ""
        #expect(mdstat.matches(of: /\[2\/2\] \[UU\]/).count == 5, describe(r, "all five arrays [UU]"))
        #expect(!mdstat.contains("recovery") && !mdstat.contains("resync"), describe(r, "nothing is rebuilding any more"))
        for (i, n) in names.enumerated() {
            let detail = r.files["detail-\(n)"] ?? ""
            #expect(detail.contains("Name : xen1:\(n)"), describe(r, n))
            #expect(detail.contains(try! Regex("active sync\\s+/dev/vda\(i + 2)")), describe(r, "\(n): vda\(i + 2) in sync"))
            #expect(detail.contains(try! Regex("active sync\\s+/dev/vdb\(i + 2)")), describe(r, "\(n): vdb\(i + 2) in sync"))
            #expect(!detail.contains("degraded"), describe(r, "\(n) not degraded"))
        }
    }

    /// Boots three times: apply on two disks; disk `failed` (0 = A, 1 = B) blank; both disks again.
    func replace(failed: Int) throws {
        let binary = try VM.releaseBinary()
        let fm = FileManager.default
        let first = fm.temporaryDirectory.appendingPathComponent("vm-replace-\(UUID().uuidString)")
        let second = fm.temporaryDirectory.appendingPathComponent("vm-replace-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: first); try? fm.removeItem(at: second) }
        let inputs = ["plan.yaml": Self.plan]
        let arrays = ["ARRAYS": Self.names.joined(separator: " ")]
        let disk = (4 * Self.gb)
        let r1 = try VM.run(script: "replace/replace-first-boot.sh", disks: [.new(size: disk), .new(size: disk)], keepDisksIn: first,
                            extraBinaries: [binary], inputs: inputs, timeout: 600)
        try #require(r1.exitStatus == 0 && Self.file(r1, "apply.status") == "0", Self.describe(r1))
        #expect(r1.files["mdstat"]?.matches(of: /\[2\/2\] \[UU\]/).count == 5, Self.describe(r1))

        // The failed disk's place: a blank disk. A third, too small disk (vdc) must be refused.
        let kept = VMDisk.kept(in: first, count: 2)
        var disks2 = kept
        disks2[failed] = .new(size: disk)
        let new = failed == 0 ? "/dev/vda" : "/dev/vdb"
        let r2 = try VM.run(script: "replace/replace-second-boot.sh", environment: arrays.merging(["NEW": new]) { a, _ in a }, disks: disks2 + [.new(size: 1 * Self.gb)], keepDisksIn: second,
                            extraBinaries: [binary], inputs: inputs, timeout: 900)
        try #require(r2.exitStatus == 0, Self.describe(r2))
        // The rescue system's udev assembled each array from its one member, under md127...
        #expect(r2.files["mdstat-degraded"]?.contains(/md12\d :/) == true, Self.describe(r2))
        #expect(Self.file(r2, "small.status") == "1", Self.describe(r2, "a new disk smaller than the plan needs is refused"))
        #expect(r2.files["small.txt"]?.contains(/\/dev\/vdc is too small: it has 953\.67 MiB \(1000000000 bytes\); the plan's members need/) == true, Self.describe(r2))
        #expect(Self.file(r2, "small-blkid.status") == "2" && Self.file(r2, "small-first-mib") == "zero", Self.describe(r2, "nothing was written to vdc"))
        #expect(Self.file(r2, "dry.status") == "2", Self.describe(r2, "the dry run shows pending actions"))
        let dry = r2.files["dry.txt"] ?? ""
        #expect(dry.contains("Create GPT on \(new)"), Self.describe(r2))
        #expect(dry.contains("Create partition \(new)4 (512.00 MiB) for md2 root (/)"), Self.describe(r2))
        #expect(dry.contains(try Regex("\\$ mdadm /dev/md12\\d --add \(new)4")), Self.describe(r2))
        #expect(dry.contains("grub-install \(new)"), Self.describe(r2, "the boot-loader step is shown"))
        #expect(dry.contains("Nothing was written."), Self.describe(r2))
        #expect(Self.file(r2, "replace.status") == "0", Self.describe(r2, "the replacement applies"))
        let replaced = r2.files["replace.txt"] ?? ""
        #expect(replaced.contains(try Regex("Add \(new)4 to RAID1 /dev/md12\\d 'xen1:root' \\(512.00 MiB\\); md rebuilds it from /dev/vd.4: done")), Self.describe(r2))
        // --watch follows the rebuild (plain lines: stdout is a file) and returns once it is done: mdstat right after shows every array complete.
        #expect(replaced.contains(try Regex("xen1:[a-z0-9]+: recovering \\d+\\.\\d%")), Self.describe(r2, "--watch shows the recovery"))
        #expect(replaced.contains("Every array is in sync."), Self.describe(r2))
        Self.checkComplete(r2)
        #expect(Self.file(r2, "file.sha") == Self.file(r1, "file.sha") && !Self.file(r1, "file.sha").isEmpty, Self.describe(r2, "the file on / is unchanged"))
        #expect(Self.file(r2, "pattern.sha") == Self.file(r1, "pattern.sha") && !Self.file(r1, "pattern.sha").isEmpty, Self.describe(r2, "the guest's pattern is unchanged"))
        #expect(Self.file(r2, "plan-after.status") == "0", Self.describe(r2, "the plan shows no changes"))

        // Third boot: the healthy disk and the new one; udev assembles every array with both members.
        var disks3 = kept
        disks3[failed] = VMDisk.kept(in: second, count: 2)[failed]
        let r3 = try VM.run(script: "replace/replace-third-boot.sh", environment: arrays, disks: disks3, extraBinaries: [binary], inputs: inputs, timeout: 600)
        try #require(r3.exitStatus == 0, Self.describe(r3))
        Self.checkComplete(r3)
        #expect(Self.file(r3, "plan-after.status") == "0", Self.describe(r3))
    }

    @Test("disk B replaced by a blank disk: laid out from the plan, rebuilt, data unchanged, both members after a reboot")
    func replaceDiskB() throws {
        try replace(failed: 1)
    }

    @Test("disk A (the first disk) replaced by a blank disk", .enabled(if: VM.fullSuite, "long scenario: DISKPLAN_VM=full scripts/test"))
    func replaceDiskA() throws {
        try replace(failed: 0)
    }
}
