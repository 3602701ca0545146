import Apply
import Foundation
import Layout
import Testing

// The same writer and probe on a real block device: a loop device over a
// sparse image. Here ped_disk_commit_to_os really tells the kernel.
// The machines that build this project are root with a loop driver; where
// losetup fails, these tests fail rather than pass unseen.
@Suite
struct LoopDeviceTests {
    @Test func writeAndProbeABlockDevice() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = try scratch.sparseFile("loop.img", bytes: 1 << 30)
        let device = try run(["/usr/sbin/losetup", "--find", "--show", image])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        defer { _ = try? run(["/usr/sbin/losetup", "--detach", device]) }
        let layout = [
            PlannedPartition(number: 1, startSector: 2048, sizeSectors: 2048, role: .biosGrub, name: "bios"),
            PlannedPartition(number: 2, startSector: 4096, sizeSectors: 204_800, role: .raidMember, name: "md0-a"),
        ]

        try PartitionWriter.apply(disk: device, newTable: .gpt, partitions: layout)

        let disk = try Probe.disk(device)
        #expect(disk.isBlockDevice)
        #expect(disk.resolvedPath == device)
        #expect(disk.sizeBytes == 1 << 30)
        #expect(disk.logicalSectorSize == 512)
        #expect(disk.alignmentGrainSectors == 2048)
        let table = try #require(disk.table)
        expectAsPlanned(table.partitions, layout)
        try expectSame(table.partitions, SfdiskTable.read(device), disk: device + "p")

        // The kernel was told: it lists the new partitions.
        let name = String(device.dropFirst("/dev/".count))
        let partitions = try String(contentsOfFile: "/proc/partitions", encoding: .utf8)
        #expect(partitions.contains("\(name)p1") && partitions.contains("\(name)p2"))

        let error = try #require(throws: DeviceError.self) { try Probe.disk("\(device)p2") }
        #expect(error.message.contains("is a partition"))
        #expect(try !Probe.allDisks().contains(device))
    }
}
