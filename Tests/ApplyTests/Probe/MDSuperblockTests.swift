@testable import Apply
import Foundation
import Layout
import Testing

/// A member's superblock read without assembling anything: util-linux's mdraid image (a
/// RAID1 member made by mdadm, metadata 0.90) in a partition, with a file system in its data area.
@Suite struct MDSuperblockTests {
    @Test func aStoppedRAID1MemberGivesItsLevelMinorAndContent() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let md = try referenceImage("mdraid", in: scratch)
        let image = try scratch.sparseFile("disk.img", bytes: 64 << 20)
        let sectors = try fileSize(md) / 512
        try run(["/usr/sbin/sgdisk", "-n", "1:2048:\(2048 + sectors - 1)", "-t", "1:fd00", image])
        try writeBytes(Data(contentsOf: URL(fileURLWithPath: md)), to: image, offset: 2048 * 512)
        let fs = scratch.path("ext4.fs")
        try run(["/usr/sbin/mkfs.ext4", "-q", "-F", "-U", "0d2a5f8c-6f1e-4b0a-9a59-1f2b3c4d5e6f", fs, "8M"])
        try writeBytes(Data(contentsOf: URL(fileURLWithPath: fs)), to: image, offset: 2048 * 512)

        let member = try #require(try Probe.disk(image).table?.partitions.first?.signatures.first(where: \.isRaidMember))
        #expect(member.level == "raid1" && member.preferredMinor == 0)
        #expect(member.content?.map(\.type) == ["ext4"], "the data area before the 0.90 superblock")
        #expect(member.content?.first?.uuid == "0d2a5f8c-6f1e-4b0a-9a59-1f2b3c4d5e6f")
        #expect(MDSuperblock.levelName(-1) == "linear" && MDSuperblock.levelName(10) == "raid10")
    }
}
