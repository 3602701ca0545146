import Foundation
import Testing

/// A disk of the plan absent or failed: `plan` and `apply` refuse it by name unless `--degraded`.
@Suite struct DegradedCLITests {
    static let tb18: UInt64 = 1_800_000_000_000

    func args(_ command: String, _ disks: [String]) -> [String] {
        [command, "plans/xen-host.yaml", "--disk", disks[0], "--disk", disks[1]]
    }

    @Test func anAbsentDiskIsRefusedByPlanAndApplyAndNothingIsWritten() throws {
        try CLI.withImages([Self.tb18]) { disks in
            let gone = disks[0] + ".absent"
            let message = "diskplan: plans/xen-host.yaml: --disk: \(gone) does not exist. Nothing was written. "
                + "Connect the disk (or name another with --disk), or pass --degraded to create the arrays without it and add it later.\n"
            let plan = try CLI.run(args("plan", [disks[0], gone]))
            #expect(plan.status == 1)
            #expect(plan.stderr == message)
            let before = try CLI.ends(disks[0])
            let apply = try CLI.run(args("apply", [disks[0], gone]) + ["--yes"], environment: ["DISKPLAN_LOCK": CLI.privateLock()])
            #expect(apply.status == 1)
            #expect(apply.stderr == message)
            #expect(try CLI.ends(disks[0]) == before)
        }
    }

    /// An image file of size 0 stands for a disk that reports no capacity (failed, or no medium).
    @Test func aDiskOfSizeZeroIsFailed() throws {
        try CLI.withImages([Self.tb18]) { disks in
            let empty = disks[0] + ".empty"
            #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
            defer { try? FileManager.default.removeItem(atPath: empty) }
            let r = try CLI.run(args("plan", [empty, disks[0]]))
            #expect(r.status == 1)
            #expect(r.stderr.hasPrefix("diskplan: plans/xen-host.yaml: --disk: \(empty) reports size 0 (failed, or no medium). Nothing was written."))
        }
    }

    @Test func planDegradedShowsTheArraysWithMissing() throws {
        try CLI.withImages([Self.tb18]) { disks in
            let gone = disks[0] + ".absent"
            let r = try CLI.run(args("plan", [disks[0], gone]) + ["--degraded"])
            #expect(r.status == 2, "changes pending")
            #expect(r.stdout.contains("$ mdadm --create /dev/md2 --run --level=1 --raid-devices=2 --metadata=1.2 --bitmap=internal --name=root --homehost=xen1 \(disks[0])#4 missing\n"))
            #expect(r.stdout.contains("Degraded: \(gone) does not exist; /dev/md0, /dev/md1, /dev/md2, /dev/md3, /dev/md4 are created with `missing` in its slot."))
            #expect(r.stdout.contains("mdadm /dev/md2 --add \(gone)#4"))
        }
    }
}
