import Foundation
import Testing

/// A degraded start in the rescue VM: the Xen plan names two disks, only one is
/// attached. Refused without --degraded; with it every array runs [2/1] [U_] under
/// its name, and planning again with --degraded shows no changes (exit 0).
@Suite(.serialized)
struct DegradedStartTests {
    static let gb: UInt64 = 1_000_000_000

    @Test("Xen plan with one of its two disks attached: refused without --degraded; with it md0-md4 run [2/1] [U_] under their names")
    func oneDiskOfTwo() throws {
        let binary = try VM.releaseBinary()
        let plan = try String(contentsOf: VM.repoRoot.appendingPathComponent("plans/xen-host.yaml"), encoding: .utf8)
        let r = try VM.run(script: "apply/degraded-start.sh", disks: [.new(size: 200 * Self.gb)], extraBinaries: [binary], inputs: ["plan.yaml": plan], timeout: 600)
        try #require(r.exitStatus == 0, ApplyScenarioTests.describe(r))
        let status = { (name: String) in ApplyScenarioTests.status(r, name) }
        let refusal = "diskplan: /input/plan.yaml: --disk: /dev/vdb does not exist. Nothing was written. "
            + "Connect the disk (or name another with --disk), or pass --degraded to create the arrays without it and add it later.\n"
        #expect(status("refused-plan") == "1" && r.files["refused-plan.txt"] == refusal, ApplyScenarioTests.describe(r, "plan refuses"))
        #expect(status("refused-apply") == "1" && r.files["refused-apply.txt"] == refusal, ApplyScenarioTests.describe(r, "apply refuses"))
        #expect(status("untouched") != "0", ApplyScenarioTests.describe(r, "the refused apply wrote no table"))
        #expect(status("plan") == "2", ApplyScenarioTests.describe(r))
        #expect(status("apply") == "0", ApplyScenarioTests.describe(r, "apply --degraded succeeds"))
        let mdstat = r.files["mdstat"] ?? ""
        for (k, name) in ["swap", "boot", "root", "ns1", "web1"].enumerated() {
            let x = ApplyScenarioTests.export(r, "md\(k)")
            #expect(x["MD_NAME"] == "xen1:\(name)" && x["MD_LEVEL"] == "raid1" && x["MD_DEVICES"] == "2", ApplyScenarioTests.describe(r, "md\(k) is xen1:\(name), two slots"))
            #expect(x["MD_DEVICE_dev_vda\(k + 2)_ROLE"] == "\(0)", ApplyScenarioTests.describe(r, "vda\(k + 2) in slot 0 of md\(k)"))
            #expect(mdstat.contains(try Regex("md\(k) : active raid1 vda\(k + 2)\\[0\\]\\n[^\\n]*\\[2/1\\] \\[U_\\]")), ApplyScenarioTests.describe(r, "md\(k) [2/1] [U_]"))
        }
        #expect(r.files["blkid-md2"]?.contains("TYPE=ext4") == true && r.files["blkid-md0"]?.contains("TYPE=swap") == true, ApplyScenarioTests.describe(r))
        let apply = r.files["apply.txt"] ?? ""
        #expect(apply.contains("Degraded: /dev/vdb does not exist; the arrays run without it. When the disk is there: "
            + "`diskplan replace-disk /input/plan.yaml --new /dev/vdb` partitions it like /dev/vda and adds its members; or by hand, after giving it /dev/vda's partitions: "
            + "mdadm /dev/md0 --add /dev/vdb2; mdadm /dev/md1 --add /dev/vdb3; mdadm /dev/md2 --add /dev/vdb4; mdadm /dev/md3 --add /dev/vdb5; mdadm /dev/md4 --add /dev/vdb6."),
                ApplyScenarioTests.describe(r, "apply says how the second disk joins"))
        #expect(r.files["mdadm.conf"]?.contains(/ARRAY \/dev\/md2 metadata=1\.2 name=xen1:root UUID=/) == true, ApplyScenarioTests.describe(r))
        // Decided: planned again with --degraded the disks hold the plan (exit 0); without it the missing disk is refused again.
        #expect(status("plan-again") == "0" && r.files["plan-again.txt"]?.contains("No changes") == true, ApplyScenarioTests.describe(r, "re-plan --degraded: no changes"))
        #expect(status("plan-again-refused") == "1" && r.files["plan-again-refused.txt"] == refusal, ApplyScenarioTests.describe(r))
        #expect(status("apply-again") == "0" && r.files["apply-again.txt"]?.contains("No changes: the disks already hold this plan.") == true, ApplyScenarioTests.describe(r))
    }
}

/// A power cut between the two disks' table writes, simulated deterministically: disk A
/// gets exactly the partitions the Xen plan creates (sgdisk, from the dry run's sectors,
/// names and types), disk B nothing. The next apply keeps A's, writes B's and finishes.
@Suite(.serialized)
struct HalfWrittenTableVMTests {
    /// The Xen plan's partitions on blank disks: number, first and last sector, type, GPT name (see plans/xen-host.yaml's dry run).
    static let xenPartitions: [(Int, Int, Int, String, String)] = [
        (1, 2048, 4095, "EF02", "bios_grub"), (2, 4096, 8_392_703, "FD00", "md0-swap"), (3, 8_392_704, 10_489_855, "FD00", "md1-boot"),
        (4, 10_489_856, 73_404_415, "FD00", "md2-root"), (5, 73_404_416, 115_347_455, "FD00", "md3-ns1"), (6, 115_347_456, 325_062_655, "FD00", "md4-web1"),
    ]

    @Test("a table on the first disk and none on the second: apply keeps the first disk's partitions and finishes")
    func tableOnOneDiskOnly() throws {
        let binary = try VM.releaseBinary()
        let plan = try String(contentsOf: VM.repoRoot.appendingPathComponent("plans/xen-host.yaml"), encoding: .utf8)
        let partitions = Self.xenPartitions.map { n, first, last, type, name in "\(n):\(first):\(last):\(type):\(name)" }.joined(separator: " ")
        let r = try VM.run(script: "apply/half-written.sh", environment: ["PARTITIONS": partitions], disks: [.new(size: 200 * ApplyScenarioTests.gb), .new(size: 200 * ApplyScenarioTests.gb)],
            extraBinaries: [binary], inputs: ["plan.yaml": plan], timeout: 600)
        try #require(r.exitStatus == 0 && ApplyScenarioTests.status(r, "sgdisk") == "0", ApplyScenarioTests.describe(r))
        let dry = r.files["plan.txt"] ?? ""
        #expect(dry.contains("An earlier apply stopped while writing the partition tables: /dev/vda holds all 6, /dev/vdb holds none of the plan's new partitions"),
                ApplyScenarioTests.describe(r, "the dry run says what it found"))
        #expect(!dry.contains("Create GPT on /dev/vda") && dry.contains("Create GPT on /dev/vdb"), ApplyScenarioTests.describe(r))
        #expect(dry.contains("Keep partition /dev/vda4 (30.00 GiB) for md2 root (/)") && dry.contains("Create partition /dev/vdb4 (30.00 GiB)"), ApplyScenarioTests.describe(r))
        ApplyScenarioTests.checkConverged(r)
        ApplyScenarioTests.checkArrays(r, [("md0", "raid1", "1.2", "xen1:swap", 2), ("md1", "raid1", "1.0", "xen1:boot", 2), ("md2", "raid1", "1.2", "xen1:root", 2),
                                           ("md3", "raid1", "1.2", "xen1:ns1", 2), ("md4", "raid1", "1.2", "xen1:web1", 2)])
        try ApplyScenarioTests.identicalPartitions(r, ["vda", "vdb"])
    }
}
