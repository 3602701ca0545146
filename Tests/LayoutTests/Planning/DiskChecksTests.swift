import Testing
@testable import Layout

/// One disk is one disk: the planner refuses a disk given twice under any name.
@Suite struct DiskChecksTests {
    let plan = Plan(host: "h", disks: ["/dev/sda", "/dev/sdb"], arrays: [ArraySpec(name: "root", md: 0, sizeBytes: 10 << 30, line: 4)], disksLine: 2)

    func disk(_ path: String, _ identity: DiskIdentity?, resolved: String? = nil) -> DiskInfo {
        DiskInfo(path: path, resolvedPath: resolved, isBlockDevice: true, sizeBytes: 100 << 30, identity: identity)
    }

    func refusal(_ disks: [DiskInfo], override: [String]? = nil) -> PlanError? {
        do {
            _ = try Planner.plan(plan, inventory: Inventory(disks: disks), options: PlannerOptions(disks: override ?? disks.map(\.path)))
            return nil
        } catch {
            return error
        }
    }

    @Test func theSamePathTwiceOnTheCommandLine() throws {
        let sda = disk("/dev/sda", DiskIdentity(id: "block 8:0"))
        let e = try #require(refusal([sda], override: ["/dev/sda", "/dev/sda"]))
        #expect(e.key == "--disk" && e.line == nil)
        #expect(e.message == "/dev/sda is given twice; a mirror needs each disk once")
    }

    @Test func twoNamesOfOneDeviceNumber() throws {
        let byID = disk("/dev/disk/by-id/ata-X", DiskIdentity(id: "block 8:0"), resolved: "/dev/sda")
        let e = try #require(refusal([disk("/dev/sda", DiskIdentity(id: "block 8:0")), byID]))
        #expect(e.message == "/dev/sda and /dev/disk/by-id/ata-X are one disk (both are block 8:0); a mirror needs each disk once")
    }

    @Test func aLoopDeviceAndItsImageFile() throws {
        let image = disk("/srv/a.img", DiskIdentity(id: "file 254:1 inode 131"))
        let loop = disk("/dev/loop0", DiskIdentity(id: "block 7:0", backingFile: "file 254:1 inode 131"))
        #expect(refusal([image, loop])?.message.contains("/dev/loop0 is a loop device on the image file /srv/a.img") == true)
        #expect(refusal([loop, image])?.message.contains("/dev/loop0 is a loop device on the image file /srv/a.img") == true)
        let loop1 = disk("/dev/loop1", DiskIdentity(id: "block 7:1", backingFile: "file 254:1 inode 131"))
        #expect(refusal([loop, loop1])?.message.contains("both are loop devices on file 254:1 inode 131") == true)
    }

    @Test func plansFileDisksNameTheirLine() throws {
        let inventory = Inventory(disks: [disk("/dev/sda", DiskIdentity(id: "block 8:0")), disk("/dev/sdb", DiskIdentity(id: "block 8:0"))])
        let e = try #require(throws: PlanError.self) { try Planner.plan(plan, inventory: inventory) }
        #expect(e.line == 2 && e.key == "disks")
        #expect(e.message.contains("/dev/sda and /dev/sdb are one disk (both are block 8:0)"))
    }

    /// Inventories saved by an older probe carry no identity: resolved paths still tell a symlink.
    @Test func withoutIdentitiesResolvedPathsDecide() throws {
        let e = try #require(refusal([disk("/dev/sda", nil), disk("/dev/disk/by-id/ata-X", nil, resolved: "/dev/sda")]))
        #expect(e.message.contains("both are /dev/sda"))
    }

    @Test func twoDisksPass() throws {
        let r = try Planner.plan(plan, inventory: Inventory(disks: [disk("/dev/sda", DiskIdentity(id: "block 8:0")), disk("/dev/sdb", DiskIdentity(id: "block 8:16"))]))
        #expect(r.hasChanges)
    }
}
