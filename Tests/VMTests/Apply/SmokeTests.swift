import Foundation
import Testing

/// Boots the rescue test VM for real. Each boot costs about 4–8 s under TCG
/// (see Tests/vm/README.md).
///
/// md resync writes the whole array, so these disks stay small (1 GiB). A
/// scenario with big disks should freeze the resync right after creating the
/// array: `echo frozen > /sys/block/md0/md/sync_action` (or create it with
/// `--assume-clean` where that is what is being tested).
@Suite(.serialized)
struct SmokeTests {
    private static func uuid(in detailExport: String) -> String? {
        detailExport.split(separator: "\n")
            .first { $0.hasPrefix("MD_UUID=") }
            .map { String($0.dropFirst("MD_UUID=".count)) }
    }

    private static func describe(_ r: VMResult) -> Comment {
        Comment(rawValue: "exit \(r.exitStatus) after \(r.seconds)s\n--- output\n\(r.output)\n--- console\n\(r.console.suffix(3000))")
    }

    @Test("RAID1 is created, and a second boot of the same disks assembles it again")
    func raid1CreateAndReassemble() throws {
        let keep = FileManager.default.temporaryDirectory.appendingPathComponent("vmtest-disks-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: keep) }

        // First boot: create.
        let first = try VM.run(script: "apply/raid1-create.sh", disks: [.new(size: VMDisk.gib), .new(size: VMDisk.gib)], keepDisksIn: keep)
        try #require(first.exitStatus == 0, Self.describe(first))
        #expect(first.output.contains("[2/2] [UU]"), Self.describe(first))
        #expect(first.output.contains(/Name\s*:\s*h:t\b/), Self.describe(first))
        let created = try #require(Self.uuid(in: first.files["detail.env"] ?? ""), Self.describe(first))

        // Second boot of the same images: udev assembles it from the superblocks (as md127:
        // its homehost is not the rescue system's).
        let second = try VM.run(script: "apply/raid1-reassemble.sh", disks: VMDisk.kept(in: keep, count: 2))
        try #require(second.exitStatus == 0, Self.describe(second))
        #expect(second.output.contains("[2/2] [UU]"), Self.describe(second))
        #expect(Self.uuid(in: second.files["detail.env"] ?? "") == created, Self.describe(second))
    }

    @Test("4Kn and 512e disks show their block sizes")
    func blockSizes() throws {
        let r = try VM.run(script: "apply/block-sizes.sh", disks: [
                .new(size: VMDisk.gib, logicalBlockSize: 4096, physicalBlockSize: 4096),
                .new(size: VMDisk.gib, logicalBlockSize: 512, physicalBlockSize: 4096),
            ])
        try #require(r.exitStatus == 0, Self.describe(r))
        #expect(r.output.contains("vda 4096 4096"), Self.describe(r))
        #expect(r.output.contains("vdb 512 4096"), Self.describe(r))
    }

    @Test("the release binary of diskplan runs in the VM")
    func diskplanRuns() throws {
        let binary = try VM.releaseBinary()
        let r = try VM.run(script: "apply/diskplan-help.sh", disks: [.new(size: VMDisk.gib)], extraBinaries: [binary])
        #expect(r.exitStatus == 0, Self.describe(r))
        #expect(!r.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, Self.describe(r))
    }
}
