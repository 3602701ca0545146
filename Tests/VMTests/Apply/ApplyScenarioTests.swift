import Foundation
import Testing

/// `diskplan apply` on a real kernel with md: the rescue VM boots Debian's
/// kernel with blank sparse virtual disks, runs the release binary, and
/// reports what mdadm, blkid and sfdisk see afterwards.
@Suite(.serialized)
struct ApplyScenarioTests {
    static let gb: UInt64 = 1_000_000_000

    /// The parameters of Tests/vm/scenarios/apply/apply.sh for the first `count` disks (vda, vdb, ...):
    /// it plans, applies (mdadm.conf into $RESULTS) and re-plans /input/plan.yaml on them, leaving
    /// what the checks below read: statuses, apply output, mdstat, detail/export/blkid per array,
    /// each disk's table. md resync is capped at 20 MB/s there (lib.sh: cap_resync).
    static func applyOn(disks count: Int) -> [String: String] {
        ["DISKS": (0..<count).map { "vd" + String(UnicodeScalar(UInt8(ascii: "a") + UInt8($0))) }.joined(separator: " ")]
    }

    static func plan(_ name: String) throws -> String {
        try String(contentsOf: VM.repoRoot.appendingPathComponent("plans/\(name)"), encoding: .utf8)
    }

    static func describe(_ r: VMResult, _ what: String = "") -> Comment {
        let files = r.files.keys.sorted().filter { $0.hasSuffix(".txt") || $0 == "mdstat" }
            .map { "--- \($0)\n\(r.files[$0]!)" }.joined(separator: "\n")
        return Comment(rawValue: (what.isEmpty ? "" : what + "\n") + "exit \(r.exitStatus) after \(r.seconds)s\n--- output\n\(r.output.suffix(6000))\n\(files)\n--- console\n\(r.console.suffix(2000))")
    }

    static func status(_ r: VMResult, _ name: String) -> String? {
        r.files["\(name).status"]?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Partition (start, size) lists of an `sfdisk --json` dump.
    static func geometry(_ json: String?) throws -> [[Int]] {
        let obj = try JSONSerialization.jsonObject(with: Data((json ?? "{}").utf8)) as? [String: Any]
        let table = obj?["partitiontable"] as? [String: Any]
        let parts = table?["partitions"] as? [[String: Any]] ?? []
        return parts.map { [$0["start"] as? Int ?? -1, $0["size"] as? Int ?? -1] }
    }

    static func export(_ r: VMResult, _ md: String) -> [String: String] { keyValues(r.files["export-\(md)"]) }

    /// KEY=value lines (`mdadm --export`, `blkid -o export`) as a dictionary.
    static func keyValues(_ text: String?) -> [String: String] {
        Dictionary((text ?? "").split(separator: "\n").compactMap { line -> (String, String)? in
            let kv = line.split(separator: "=", maxSplits: 1)
            return kv.count == 2 ? (String(kv[0]), String(kv[1])) : nil
        }, uniquingKeysWith: { a, _ in a })
    }

    /// Every array of `expect` is active with all members up, with the planned level, metadata and name.
    /// The md node the array named `name` runs as (its export file's suffix), if it runs.
    static func node(_ r: VMResult, _ name: String) -> String? {
        r.files.keys.filter { $0.hasPrefix("export-") }.sorted()
            .first { export(r, String($0.dropFirst("export-".count)))["MD_NAME"] == name }.map { String($0.dropFirst("export-".count)) }
    }

    /// Arrays are found by name: under udev an array whose homehost is not the rescue
    /// system's runs as /dev/md127, md126, ... until the installed system's mdadm.conf names it.
    static func checkArrays(_ r: VMResult, _ expect: [(md: String, level: String, metadata: String, name: String, members: Int)]) {
        let mdstat = r.files["mdstat"] ?? ""
        for planned in expect {
            let node = node(r, planned.name)
            #expect(node != nil, describe(r, "an array named \(planned.name) runs"))
            var e = planned
            e.md = node ?? planned.md
            // After a reboot Debian's md starts arrays read-only until their first write.
            let line = mdstat.split(separator: "\n").first { $0.hasPrefix("\(e.md) : active \(e.level) ") || $0.hasPrefix("\(e.md) : active (auto-read-only) \(e.level) ") }
            #expect(line != nil, describe(r, "\(e.md) active \(e.level)"))
            let ups = String(repeating: "U", count: e.members)
            let complete = mdstat.contains(try! Regex("\(e.md) : active [^\\n]*\\n[^\\n]*\\[\(e.members)/\(e.members)\\] \\[\(ups)\\]"))
            if e.level == "raid5", !complete {
                // mdadm builds a new RAID5 degraded and recovers onto its last member:
                // [n/n-1] [UU.._] with that member "spare rebuilding" is the initial build.
                let building = mdstat.contains(try! Regex("\(e.md) : active [^\\n]*\\n[^\\n]*\\[\(e.members)/\(e.members - 1)\\] \\[\(ups.dropLast())_\\]"))
                #expect(building && r.files["detail-\(e.md)"]?.contains(/spare rebuilding/) == true, describe(r, "\(e.md) initial RAID5 build"))
            } else {
                #expect(complete, describe(r, "\(e.md) [\(ups)]"))
            }
            let x = export(r, e.md)
            #expect(x["MD_LEVEL"] == e.level, describe(r, "\(e.md) level"))
            #expect(x["MD_METADATA"] == e.metadata, describe(r, "\(e.md) metadata"))
            #expect(x["MD_NAME"] == e.name, describe(r, "\(e.md) name"))
            #expect(x["MD_DEVICES"] == "\(e.members)", describe(r, "\(e.md) devices"))
        }
    }

    static func checkConverged(_ r: VMResult) {
        #expect(status(r, "plan") == "2", describe(r, "the first plan shows changes"))
        #expect(status(r, "apply") == "0", describe(r, "apply succeeds"))
        #expect(status(r, "plan-again") == "0", describe(r, "plan after apply shows no changes"))
        #expect(r.files["plan-again.txt"]?.contains("No changes") == true, describe(r))
        #expect(status(r, "apply-again") == "0", describe(r))
        #expect(r.files["apply-again.txt"]?.contains("No changes: the disks already hold this plan.") == true, describe(r, "a second apply does nothing"))
    }

    static func identicalPartitions(_ r: VMResult, _ disks: [String], sectorsPerMiB: Int = 2048) throws {
        let first = try geometry(r.files["sfdisk-\(disks[0]).json"])
        #expect(!first.isEmpty, describe(r))
        for d in disks.dropFirst() {
            #expect(try geometry(r.files["sfdisk-\(d).json"]) == first, describe(r, "\(d) has the same partitions as \(disks[0])"))
        }
        #expect(first.allSatisfy { $0[0] % sectorsPerMiB == 0 }, describe(r, "1 MiB aligned"))
    }

    @Test("Xen plan on two blank disks: md0-md4 RAID1 [UU], swap/ext4 on the host arrays, raw guests; a second boot assembles them again")
    func xenPlan() throws {
        let binary = try VM.releaseBinary()
        let keep = FileManager.default.temporaryDirectory.appendingPathComponent("vm-xen-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: keep) }
        // The plan needs 155 GiB per disk; the disks are sparse, so 200 GB costs nothing.
        let r = try VM.run(script: "apply/apply.sh", environment: Self.applyOn(disks: 2), disks: [.new(size: 200 * Self.gb), .new(size: 200 * Self.gb)],
                           keepDisksIn: keep, extraBinaries: [binary], inputs: ["plan.yaml": try Self.plan("xen-host.yaml")], timeout: 600)
        try #require(r.exitStatus == 0, Self.describe(r))
        Self.checkConverged(r)
        Self.checkArrays(r, [("md0", "raid1", "1.2", "xen1:swap", 2), ("md1", "raid1", "1.0", "xen1:boot", 2), ("md2", "raid1", "1.2", "xen1:root", 2),
                             ("md3", "raid1", "1.2", "xen1:ns1", 2), ("md4", "raid1", "1.2", "xen1:web1", 2)])
        #expect(r.files["detail-md2"]?.contains(/active sync\s+\/dev\/vda4/) == true, Self.describe(r))
        #expect(r.files["detail-md2"]?.contains(/active sync\s+\/dev\/vdb4/) == true, Self.describe(r))
        #expect(r.files["blkid-md0"]?.contains("TYPE=swap") == true, Self.describe(r))
        #expect(r.files["blkid-md1"]?.contains("TYPE=ext4") == true && r.files["blkid-md1"]?.contains("LABEL=boot") == true, Self.describe(r))
        #expect(r.files["blkid-md2"]?.contains("TYPE=ext4") == true && r.files["blkid-md2"]?.contains("LABEL=root") == true, Self.describe(r))
        #expect(r.files["blkid-md3"]?.contains("TYPE=") == false, Self.describe(r, "guest md3 stays raw"))
        #expect(r.files["blkid-md4"]?.contains("TYPE=") == false, Self.describe(r, "guest md4 stays raw"))
        try Self.identicalPartitions(r, ["vda", "vdb"])
        let conf = r.files["mdadm.conf"] ?? ""
        #expect(conf.contains("HOMEHOST xen1"), Self.describe(r))
        for name in ["swap", "boot", "root", "ns1", "web1"] {
            #expect(conf.contains(try Regex("ARRAY /dev/md\\d metadata=1\\.[02] name=xen1:\(name) UUID=[0-9a-f:]{35}")), Self.describe(r, "mdadm.conf has \(name)"))
        }
        #expect(r.output.contains("fstab lines for the host:"), Self.describe(r))
        let uuid2 = Self.export(r, "md2")["MD_UUID"]

        // A second boot of the same disks: udev assembles all five (as md127.., their homehost
        // is not the rescue system's); then from the written mdadm.conf, they come up as planned.
        let second = try VM.run(script: "apply/xen-reboot.sh", disks: VMDisk.kept(in: keep, count: 2), extraBinaries: [binary],
            inputs: ["plan.yaml": try Self.plan("xen-host.yaml"), "mdadm.conf": conf])
        try #require(second.exitStatus == 0, Self.describe(second))
        #expect(Self.status(second, "assemble") == "0", Self.describe(second))
        for name in ["swap", "boot", "root", "ns1", "web1"] {
            #expect(second.files["scan-udev"]?.contains("name=xen1:\(name) ") == true, Self.describe(second, "udev assembled xen1:\(name) at boot"))
        }
        Self.checkArrays(second, [("md0", "raid1", "1.2", "xen1:swap", 2), ("md1", "raid1", "1.0", "xen1:boot", 2), ("md2", "raid1", "1.2", "xen1:root", 2),
                                  ("md3", "raid1", "1.2", "xen1:ns1", 2), ("md4", "raid1", "1.2", "xen1:web1", 2)])
        #expect(Self.export(second, "md2")["MD_UUID"] == uuid2, Self.describe(second))
        #expect(Self.status(second, "plan-again") == "0", Self.describe(second, "after a reboot the plan still shows no changes"))
    }

    @Test("four disks: RAID1, RAID10, RAID5 and RAID6 arrays with all members up", .enabled(if: VM.fullSuite, "long scenario: DISKPLAN_VM=full scripts/test"))
    func fourDisks() throws {
        let binary = try VM.releaseBinary()
        let r = try VM.run(script: "apply/apply.sh", environment: Self.applyOn(disks: 4), disks: (0..<4).map { _ in .new(size: 400 * Self.gb) },
                           extraBinaries: [binary], inputs: ["plan.yaml": try Self.plan("four-disk.yaml")], timeout: 600)
        try #require(r.exitStatus == 0, Self.describe(r))
        Self.checkConverged(r)
        Self.checkArrays(r, [("md0", "raid10", "1.2", "store1:swap", 4), ("md1", "raid1", "1.0", "store1:boot", 4), ("md2", "raid10", "1.2", "store1:root", 4),
                             ("md3", "raid5", "1.2", "store1:files", 4), ("md4", "raid6", "1.2", "store1:backup", 4), ("md5", "raid10", "1.2", "store1:db", 4)])
        #expect(r.files["detail-md4"]?.contains(/Chunk Size : 256K/) == true, Self.describe(r))
        #expect(r.files["detail-md3"]?.contains(/Chunk Size : 512K/) == true, Self.describe(r))
        try Self.identicalPartitions(r, ["vda", "vdb", "vdc", "vdd"])
    }

    @Test("UEFI: the ESP is a RAID1 with metadata 1.0 whose member is a FAT file system readable without md", .enabled(if: VM.fullSuite, "long scenario: DISKPLAN_VM=full scripts/test"))
    func uefiESP() throws {
        let binary = try VM.releaseBinary()
        let r = try VM.run(script: "apply/apply-esp.sh", disks: [.new(size: 400 * Self.gb), .new(size: 400 * Self.gb)],
            extraBinaries: [binary], inputs: ["plan.yaml": try Self.plan("kvm-host.yaml")], timeout: 600)
        try #require(r.exitStatus == 0, Self.describe(r))
        Self.checkConverged(r)
        Self.checkArrays(r, [("md0", "raid1", "1.0", "kvm1:esp", 2), ("md3", "raid1", "1.2", "kvm1:root", 2)])
        #expect(r.files["blkid-md0"]?.contains("TYPE=vfat") == true, Self.describe(r))
        #expect(Self.status(r, "member-fsck") == "0", Self.describe(r, "the member alone is a sound FAT file system"))
        #expect(r.files["member-type"]?.uppercased().contains("C12A7328-F81F-11D2-BA4B-00A0C93EC93B") == true, Self.describe(r, "typed EFI System"))
    }

    @Test("disks of unequal size get identical members; 4Kn disks work in 4096-byte sectors", .enabled(if: VM.fullSuite, "long scenario: DISKPLAN_VM=full scripts/test"))
    func unequalAnd4Kn() throws {
        let binary = try VM.releaseBinary()
        let unequal = try VM.run(script: "apply/apply.sh", environment: Self.applyOn(disks: 2), disks: [.new(size: 250 * Self.gb), .new(size: 200 * Self.gb)],
                                 extraBinaries: [binary], inputs: ["plan.yaml": try Self.plan("xen-host.yaml")], timeout: 600)
        try #require(unequal.exitStatus == 0, Self.describe(unequal))
        Self.checkConverged(unequal)
        try Self.identicalPartitions(unequal, ["vda", "vdb"])
        #expect(unequal.files["plan.txt"]?.contains("/dev/vda is larger than the smallest disk") == true, Self.describe(unequal))

        let fourK = try VM.run(script: "apply/apply.sh", environment: Self.applyOn(disks: 2),
                               disks: [.new(size: 200 * Self.gb, logicalBlockSize: 4096, physicalBlockSize: 4096),
                                       .new(size: 200 * Self.gb, logicalBlockSize: 4096, physicalBlockSize: 4096)],
                               extraBinaries: [binary], inputs: ["plan.yaml": try Self.plan("xen-host.yaml")], timeout: 600)
        try #require(fourK.exitStatus == 0, Self.describe(fourK))
        #expect(fourK.files["lbs"]?.hasPrefix("4096") == true, Self.describe(fourK))
        Self.checkConverged(fourK)
        Self.checkArrays(fourK, [("md2", "raid1", "1.2", "xen1:root", 2)])
        try Self.identicalPartitions(fourK, ["vda", "vdb"], sectorsPerMiB: 256)
        // 1 MiB = 256 sectors of 4 KiB: bios_grub at 256, 256 sectors long.
        #expect(try Self.geometry(fourK.files["sfdisk-vda.json"]).first == [256, 256], Self.describe(fourK))
    }
}
