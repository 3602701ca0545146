import Foundation
import Testing

/// A server with two NVMe disks and two SATA disks planned from one plan with two sets
/// (daytwo/disk-sets.sh): applied, imported again, a guest added on the bulk set live, and
/// an HDD replaced while the NVMe arrays stay untouched.
@Suite(.serialized)
struct DiskSetVMTests {
    static let plan = """
        host: xen1
        disks:
          fast: [/dev/nvme0n1, /dev/nvme1n1]
          bulk: [/dev/sda, /dev/sdb]
        arrays:
          - {name: root, size: 256M, format: ext4, mount: /}
        guests:
          - {name: db1, size: 128M}
          - {name: archive, size: 512M, on: bulk}

        """

    @Test("NVMe + SATA sets: apply, import (no changes), add-guest --on bulk live, an HDD replaced without touching the NVMe pair")
    func twoSets() throws {
        let binary = try VM.releaseBinary()
        let r = try VM.run(script: "daytwo/disk-sets.sh",
                           disks: [.onBus(size: 2 * VMDisk.gib, bus: "nvme"), .onBus(size: 2 * VMDisk.gib, bus: "nvme"),
                                   .onBus(size: 4 * VMDisk.gib, bus: "sata"), .onBus(size: 4 * VMDisk.gib, bus: "sata")],
                           extraBinaries: [binary], inputs: ["plan.yaml": Self.plan], timeout: 900)
        let d = { (what: String) in ApplyScenarioTests.describe(r, what) }
        let status = { (name: String) in ApplyScenarioTests.status(r, name) }
        try #require(r.exitStatus == 0, d("the scenario ran"))
        #expect(status("plan") == "2" && status("apply") == "0" && status("plan-again") == "0", d("applied, then no changes"))
        let planText = r.files["plan.txt"] ?? ""
        #expect(planText.contains("set fast (boots the host): /dev/md0 /dev/md1\n    /dev/nvme0n1"), d("grouped by set"))
        #expect(planText.contains("Create partition /dev/nvme0n1p1 (1.00 MiB) for GRUB core (BIOS boot)")
                && !planText.contains("/dev/sda1 (1.00 MiB) for GRUB core"), d("bios_grub on the NVMe set only"))
        #expect(planText.contains("Create MD RAID1 /dev/md2 (") && planText.contains("'xen1:archive' from /dev/sda1"), d("archive on the SATA pair"))

        #expect(status("import") == "0" && status("plan-imported") == "0", d("import, then plan of it: no changes"))
        let imported = r.files["imported.yaml"] ?? ""
        #expect(imported.contains("  set1: [/dev/nvme0n1, /dev/nvme1n1]\n  set2: [/dev/sda, /dev/sdb]"), d("import names the sets"))
        #expect(imported.contains("on: set2"), d("archive on set2"))

        #expect(status("add-media") == "2" && status("apply-media") == "0", d("media added on bulk, live"))
        #expect(r.files["plan.yaml"]?.contains("{name: media, size: 128M, on: bulk}") == true, d("the plan names the set"))
        #expect(r.files["apply-media.txt"]?.contains("'xen1:media' from /dev/sda2") == true, d("media's members on the SATA disks"))
        #expect(status("status") == "0", d("healthy as planned"))

        #expect(status("status-failed") == "2", d("the failed HDD: degraded"))
        #expect(r.files["status-failed.txt"]?.contains("/dev/sdb: holds none of the plan's") == true, d("names the blank disk"))
        #expect(status("replace") == "0", d("replace-disk"))
        let replace = r.files["replace.txt"] ?? ""
        #expect(replace.contains("Replacing a failed disk: the new disk /dev/sdb; the arrays keep running on /dev/sda."), d("only the bulk set"))
        #expect(!replace.contains("nvme") && !replace.contains("grub-install"), d("nothing of the NVMe pair, no boot loader"))
        #expect(r.files["nvme-before"] == r.files["nvme-after"] && (r.files["nvme-before"] ?? "").contains("Device Role"), d("NVMe tables and members unchanged"))
        #expect(status("plan-after") == "0", d("no changes after the replacement"))
        let conf = (r.files["replace-mdadm.conf"] ?? "").split(separator: "\n").filter { $0.hasPrefix("ARRAY") }
        #expect(conf.count == 4 && ["root", "db1", "archive", "media"].allSatisfy { n in conf.contains { $0.contains("name=xen1:\(n)") } },
                d("--mdadm-conf lists the arrays of both sets"))
        #expect(r.files["db1.before"] == r.files["db1.after"] && r.files["archive.before"] == r.files["archive.after"], d("data unchanged"))
    }
}
