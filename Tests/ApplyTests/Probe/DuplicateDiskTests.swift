import Apply
import Foundation
import Layout
import Testing

// One disk is one disk, however it is named: the probe records what each path
// is (device number, or file system and inode, and a loop device's backing
// file) and the planner refuses a disk given twice. On a real loop device.
@Suite struct DuplicateDiskTests {
    let plan = Plan(host: "h", disks: ["a", "b"], arrays: [ArraySpec(name: "root", md: 0, sizeBytes: 100 << 20)])

    /// The planner's refusal of these two disks, as probed.
    func refusal(_ a: String, _ b: String) throws -> PlanError {
        let inventory = try Probe.inventory(paths: [a, b])
        return try #require(throws: PlanError.self) {
            try Planner.plan(plan, inventory: inventory, options: PlannerOptions(disks: [a, b]))
        }
    }

    func attach(_ image: String, _ extra: [String] = []) throws -> String {
        try run(["/usr/sbin/losetup", "--find", "--show"] + extra + [image]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func aLoopDeviceByTwoNamesAndByItsImage() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = try scratch.sparseFile("disk.img", bytes: 1 << 30)
        let loop = try attach(image)
        defer { _ = try? run(["/usr/sbin/losetup", "--detach", loop]) }
        let minor = String(loop.dropFirst("/dev/loop".count))
        // A second device node of the same device: no symlink, so only the device number tells.
        let alias = scratch.path("alias")
        try run(["/usr/bin/mknod", alias, "b", "7", minor])

        let disk = try Probe.disk(loop)
        #expect(disk.identity == DiskIdentity(id: "block 7:\(minor)", backingFile: try Probe.disk(image).identity?.id))
        #expect(try Probe.disk(alias).identity?.id == disk.identity?.id)
        #expect(try Probe.disk(alias).resolvedPath == alias)

        #expect(try refusal(loop, alias).message == "\(loop) and \(alias) are one disk (both are block 7:\(minor)); a mirror needs each disk once")
        #expect(try refusal(image, loop).message.contains("\(loop) is a loop device on the image file \(image)"))
        let second = try attach(image)
        defer { _ = try? run(["/usr/sbin/losetup", "--detach", second]) }
        #expect(try refusal(loop, second).message.contains("both are loop devices on file "))
    }

    @Test func aFourKnLoopDeviceBesideA512ByteImage() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = try scratch.sparseFile("512.img", bytes: 1 << 30)
        let loop = try attach(try scratch.sparseFile("4k.img", bytes: 1 << 30), ["--sector-size", "4096"])
        defer { _ = try? run(["/usr/sbin/losetup", "--detach", loop]) }
        #expect(try Probe.disk(loop).logicalSectorSize == 4096)
        #expect(try refusal(image, loop).message.hasPrefix("the disks' logical sector sizes differ (\(image): 512, \(loop): 4096 bytes)"))
    }
}
