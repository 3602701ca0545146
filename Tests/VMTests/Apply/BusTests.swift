import Foundation
import Testing

/// Partition names come from the kernel's rule, on the buses servers have: NVMe
/// (`nvme0n1p2`) and SATA behind AHCI (`sda2`), with each plan's own disk list.
@Suite(.serialized)
struct BusTests {
    static func plan(host: String, disks: [String]) -> String {
        """
        host: \(host)
        disks: [\(disks.joined(separator: ", "))]
        arrays:
          - {name: swap, md: \(host == "fast" ? 0 : 10), size: 256M, format: swap}
          - {name: root, md: \(host == "fast" ? 1 : 11), size: 512M, format: ext4, mount: /}
        """
    }

    @Test("NVMe and SATA disks: apply with the plan's own disk list, members named as the kernel names them")
    func nvmeAndSata() throws {
        let r = try VM.run(script: "apply/buses.sh",
                           disks: [.onBus(size: 2 * VMDisk.gib, bus: "nvme"), .onBus(size: 2 * VMDisk.gib, bus: "nvme"),
                                   .onBus(size: 2 * VMDisk.gib, bus: "sata"), .onBus(size: 2 * VMDisk.gib, bus: "sata")],
                           extraBinaries: [try VM.releaseBinary()],
                           inputs: ["nvme.yaml": Self.plan(host: "fast", disks: ["/dev/nvme0n1", "/dev/nvme1n1"]),
                                    "sata.yaml": Self.plan(host: "bulk", disks: ["/dev/sda", "/dev/sdb"])])
        let d = { (what: String) in ApplyScenarioTests.describe(r, what) }
        for bus in ["nvme", "sata"] {
            #expect(ApplyScenarioTests.status(r, "apply-\(bus)") == "0", d("apply on \(bus)"))
            #expect(ApplyScenarioTests.status(r, "plan-again-\(bus)") == "0", d("no changes after apply on \(bus)"))
        }
        let mdstat = r.files["mdstat"] ?? ""
        #expect(mdstat.contains(try Regex(#"md1 : active raid1 nvme[01]n1p3\[[01]\] nvme[01]n1p3\[[01]\]"#)), d("NVMe members nvme0n1p3, nvme1n1p3"))
        #expect(mdstat.contains(try Regex(#"md11 : active raid1 sd[ab]3\[[01]\] sd[ab]3\[[01]\]"#)), d("SATA members sda3, sdb3"))
        #expect(r.files["apply-nvme.txt"]?.contains("Create partition /dev/nvme0n1p2") == true, d("the dry run names NVMe partitions as the kernel does"))
    }
}
