import Testing
@testable import Layout

/// Used disks as a rescue system finds them: an old install's arrays assembled
/// by udev. Identity comes from names, never from members that happen to sit
/// where the plan puts its own; `--wipe` stops and erases, and refuses while
/// anything uses what is on the disks.
@Suite struct WipeTests {
    static let disks = ["/dev/sda", "/dev/sdb"]
    static let gib: UInt64 = 1 << 30

    /// An installimage-style install: bios_grub at 1 MiB, then members for
    /// rescue:0 (4 GiB), rescue:1 (1 GiB) and rescue:2 (30 GiB) exactly where
    /// the Xen plan puts md0-md2, all three running as md0-md2.
    static func usedInventory(runningAs devices: [String] = ["/dev/md0", "/dev/md1", "/dev/md2"]) -> Inventory {
        let sizes: [UInt64] = [4 * gib, 1 * gib, 30 * gib]
        var inv = Fixtures.blankInventory(disks, bytes: Fixtures.tb18)
        for k in inv.disks.indices {
            var parts = [PartitionInfo(number: 1, startSector: 2048, sizeSectors: 2048, typeGUID: PartitionRole.biosGrub.gptTypeGUID, flags: ["bios_grub"])]
            var start: UInt64 = 4096
            for (j, size) in sizes.enumerated() {
                parts.append(PartitionInfo(number: j + 2, startSector: start, sizeSectors: size / 512, typeGUID: PartitionRole.raidMember.gptTypeGUID,
                                           flags: ["raid"], signatures: [Signature(type: "linux_raid_member", uuid: "old-\(j)", label: "rescue:\(j)", version: "1.2")]))
                start += size / 512
            }
            inv.disks[k].table = PartitionTableInfo(type: "gpt", id: "disk-\(k)", firstUsableSector: 34, lastUsableSector: inv.disks[k].sectorCount - 34, partitions: parts)
        }
        inv.arrays = devices.enumerated().map { j, dev in
            RunningArray(device: dev, level: "raid1", metadata: "1.2", members: disks.map { "\($0)\(j + 2)" }, sizeBytes: sizes[j], name: "rescue:\(j)",
                         uuid: "old-\(j)", memberDisks: disks, state: "clean")
        }
        return inv
    }

    func xen() throws -> Plan { try Fixtures.plan("xen-host.yaml") }

    @Test func oldArraysOnThePlannedPartitionsAreForeignNotKept() throws {
        let error = try #require(throws: PlanError.self) { try Planner.plan(try xen(), inventory: Self.usedInventory()) }
        #expect(error.message.contains("/dev/sda holds what the plan does not describe"))
        #expect(error.message.contains("partition 2 (4.00 GiB, md member (metadata 1.2, array rescue:0, UUID old-0))"))
        #expect(error.message.contains("array /dev/md2 'rescue:2' (raid1, members /dev/sda4 /dev/sdb4) runs with a member on this disk"))
        #expect(error.message.contains("pass --wipe /dev/sda"))
    }

    /// Every disk's foreign content in one refusal, not one disk per run.
    @Test func foreignContentOfEveryDiskIsReportedAtOnce() throws {
        let error = try #require(throws: PlanError.self) { try Planner.plan(try xen(), inventory: Self.usedInventory()) }
        let sda = try #require(error.message.firstRange(of: "/dev/sda holds what the plan does not describe:\n  - partition 2"))
        let sdb = try #require(error.message.firstRange(of: "/dev/sdb holds what the plan does not describe:\n  - partition 2"))
        #expect(sda.lowerBound < sdb.lowerBound)
        #expect(error.message.hasSuffix("\nNothing was written. To destroy it and use the disks, pass --wipe /dev/sda --wipe /dev/sdb."), "\(error.message)")
    }

    @Test func wipeStopsTheOldArraysThenErasesEachPartitionAndTheTables() throws {
        let r = try Planner.plan(try xen(), inventory: Self.usedInventory(), options: PlannerOptions(wipe: Self.disks))
        let first = r.actions.prefix(3)
        #expect(first.map(\.kind) == [.stopArray, .stopArray, .stopArray])
        #expect(first.map { $0.argv ?? [] } == [["mdadm", "--stop", "/dev/md0"], ["mdadm", "--stop", "/dev/md1"], ["mdadm", "--stop", "/dev/md2"]])
        #expect(r.actions[0].summary == "Stop RAID1 /dev/md0 'rescue:0' (members /dev/sda2, /dev/sdb2): it has members on a disk to wipe")
        let erase = r.actions.filter { $0.kind == .wipeDisk }
        #expect(erase.map(\.device) == ["/dev/sda1", "/dev/sda2", "/dev/sda3", "/dev/sda4", "/dev/sda", "/dev/sdb1", "/dev/sdb2", "/dev/sdb3", "/dev/sdb4", "/dev/sdb"])
        #expect(erase[1].summary == "Erase old partition /dev/sda2 (4.00 GiB, md member (metadata 1.2, array rescue:0, UUID old-0))")
        // Both ends of the old member: 1.1/1.2 superblocks at the start, 0.90/1.0 at the end.
        #expect(erase[1].zeroed == [ByteRange(disk: "/dev/sda", offset: 4096 * 512, length: 1 << 20),
                                    ByteRange(disk: "/dev/sda", offset: 4096 * 512 + 4 * Self.gib - (1 << 20), length: 1 << 20)])
        #expect(erase[4].summary == "Erase /dev/sda (gpt table with 4 partition(s)): MBR, both GPT headers and whole-disk signatures")
        #expect(erase[4].zeroed.contains(ByteRange(disk: "/dev/sda", offset: Fixtures.tb18 - (1 << 20), length: 1 << 20)), "backup GPT")
        // Then new tables and every array is created: nothing of the old install is kept.
        #expect(r.kept.isEmpty)
        #expect(r.actions.filter { $0.kind == .createArray }.count == 5)
        #expect(r.actions.firstIndex { $0.kind == .createTable }! > r.actions.lastIndex { $0.kind == .wipeDisk }!)
    }

    @Test func wipeIsRefusedWhileAnOldArrayIsMounted() throws {
        var inv = Self.usedInventory()
        inv.uses = [DeviceUse(device: "/dev/md2", kind: .mounted, holder: "/mnt", release: "umount /mnt")]
        let error = try #require(throws: PlanError.self) { try Planner.plan(try xen(), inventory: inv, options: PlannerOptions(wipe: Self.disks)) }
        #expect(error.key == "--wipe")
        #expect(error.message.contains("/dev/md2 is mounted on /mnt (release: umount /mnt) [array /dev/md2 'rescue:2'"))
        #expect(error.message.contains("Nothing was written."))
    }

    @Test func wipeIsRefusedWhileLVMHoldsAnOldPartition() throws {
        var inv = Self.usedInventory()
        inv.uses = [DeviceUse(device: "/dev/sdb4", disk: "/dev/sdb", partition: 4, kind: .holder, holder: "dm-0 (LVM vg0-data)", release: "vgchange -an vg0"),
                    // md holders of the arrays the wipe stops are not a reason to refuse
                    DeviceUse(device: "/dev/sda2", disk: "/dev/sda", partition: 2, kind: .holder, holder: "md0", release: "mdadm --stop /dev/md0")]
        let error = try #require(throws: PlanError.self) { try Planner.plan(try xen(), inventory: inv, options: PlannerOptions(wipe: Self.disks)) }
        #expect(error.message.contains("/dev/sdb4 is held by dm-0 (LVM vg0-data) (release: vgchange -an vg0)"))
        #expect(!error.message.contains("/dev/sda2"))
    }

    @Test func applyDoesNotCountTheOldArraysItStopsFirstAsUsers() throws {
        var inv = Self.usedInventory()
        inv.uses = Self.disks.flatMap { disk in (0..<3).map { j in
            DeviceUse(device: "\(disk)\(j + 2)", disk: disk, partition: j + 2, kind: .holder, holder: "md\(j)", release: "mdadm --stop /dev/md\(j)")
        } }
        let r = try Planner.plan(try xen(), inventory: inv, options: PlannerOptions(wipe: Self.disks))
        #expect(InUse.refusals(r.actions, inventory: inv).isEmpty)
        // Without the stops the same writes would be refused.
        #expect(!InUse.refusals(r.actions.filter { $0.kind != .stopArray }, inventory: inv).isEmpty)
    }

    @Test func anArrayOnAWipedAndAKeptDiskIsRefused() throws {
        var inv = Self.usedInventory()
        inv.arrays.append(RunningArray(device: "/dev/md9", level: "raid1", metadata: "1.2", members: ["/dev/sdb9", "/dev/sdc1"], sizeBytes: Self.gib,
                                       name: "old:data", memberDisks: ["/dev/sdb", "/dev/sdc"]))
        let error = try #require(throws: PlanError.self) { try Planner.plan(try xen(), inventory: inv, options: PlannerOptions(wipe: Self.disks)) }
        #expect(error.message.contains("array /dev/md9 'old:data' (raid1, members /dev/sdb9 /dev/sdc1) has members on a disk to wipe and on /dev/sdc, which is kept"))
    }

    @Test func aPlannedMdNumberTakenByAnotherArrayIsRefused() throws {
        var inv = Fixtures.blankInventory(Self.disks, bytes: Fixtures.tb18)
        inv.arrays = [RunningArray(device: "/dev/md2", level: "raid1", metadata: "1.2", members: ["/dev/sdc1", "/dev/sdd1"], sizeBytes: Self.gib,
                                   name: "other:x", memberDisks: ["/dev/sdc", "/dev/sdd"])]
        let error = try #require(throws: PlanError.self) { try Planner.plan(try xen(), inventory: inv) }
        #expect(error.key == "arrays 'root'.md")
        #expect(error.message.contains("/dev/md2 is taken by another array: /dev/md2 'other:x'"))
    }

    @Test func ourArraysRunningUnderOtherNodesAreKeptWhereTheyRun() throws {
        let p = try xen()
        let blank = Fixtures.blankInventory(p.disks, bytes: Fixtures.tb18)
        var applied = Fixtures.applied(try Planner.plan(p, inventory: blank), inventory: blank, plan: p, running: true)
        // udev assembled them with a foreign homehost: md127, md126, ...
        for k in applied.arrays.indices {
            applied.arrays[k].device = "/dev/md\(127 - k)"
            applied.arrays[k].memberDisks = p.disks
        }
        applied.arrays[2].signatures = []  // root's file system is not there yet
        let r = try Planner.plan(p, inventory: applied)
        #expect(r.actions.map(\.kind) == [.makeFilesystem])
        #expect(r.actions[0].argv == ["mkfs.ext4", "-q", "-L", "root", "/dev/md125"])
        #expect(r.kept.contains { $0.summary.hasPrefix("Keep RAID1 /dev/md2 (running as /dev/md125) ") })
    }
}
