import Testing
@testable import Layout

/// `Status.report` on resyncs, arrays that do not run, and what the plan does not describe.
extension StatusTests {
    @Test func resyncIsHealthyWhetherItRunsWaitsOrIsPending() throws {
        var md = StatusFixtures.with(StatusFixtures.clean(result), "/dev/md0") { s in
            s.sync = MDState.Sync(action: "resync", doneSectors: 4_096_000, totalSectors: 8_378_368, speedKiBPerSecond: 20_000)
        }
        md = StatusFixtures.with(md, "/dev/md1") { s in s.sync = MDState.Sync(action: "resync", phase: .delayed, speedKiBPerSecond: 0) }
        md = StatusFixtures.with(md, "/dev/md2") { s in s.sync = MDState.Sync(action: "resync", phase: .pending, doneSectors: 0, totalSectors: 62_879_744) }
        let r = try report(md: md)
        #expect(r.exitStatus == 0 && r.syncing)
        #expect(r.arrays[0...2].allSatisfy { $0.condition == .resyncing && $0.healthy })
        #expect(Status.conditionText(r.arrays[0]) == "resyncing 48.8%, 19.53 MiB/s, 1m47s left")
        #expect(Status.conditionText(r.arrays[1]) == "resyncing delayed (waits for another array on the same disks)")
        #expect(Status.conditionText(r.arrays[2]) == "resyncing pending at 0.0% (frozen, or read-only until the first write)")
        // Only a sync that moves, or waits for one that moves, keeps --watch going.
        #expect(StatusWatch.bars(r, width: 10) == [
            "md0  xen1:swap  resync  [====>     ]   48.8%  19.53 MiB/s  1m47s left",
            "md1  xen1:boot  resync  [          ]  waiting (delayed behind another array on the same disks)",
        ])
        var resynced = r
        resynced.arrays[0].progress = nil
        resynced.arrays[1].progress = nil
        #expect(!resynced.syncing)
    }

    @Test func arrayNotRunningAndInactive() throws {
        var inv = inventory
        inv.arrays.removeAll { $0.device == "/dev/md2" || $0.device == "/dev/md3" }
        var md = StatusFixtures.clean(result).filter { $0.device != "/dev/md2" && $0.device != "/dev/md3" }
        md.append(MDState(device: "/dev/md3", arrayState: "inactive", members: [MDState.Member(device: "/dev/sda5", slot: nil, flags: ["spare"])]))
        let r = try report(inv, md: md)
        #expect(r.arrays[2].condition == .notRunning && r.arrays[2].members.map(\.state) == [.missing, .missing])
        #expect(r.arrays[3].condition == .inactive && r.arrays[3].members.map(\.state) == [.spare, .missing])
        // Its format can only be checked once md2 runs: not drift.
        #expect(r.drift.isEmpty && r.exitStatus == 2)
        #expect(Status.summary(r) == "Not healthy: md2 (not running), md3 (inactive). Exit status 2.")
    }

    @Test func undescribedPartitionsAndUnplannedArray() throws {
        var inv = inventory
        for k in 0..<2 {
            inv.disks[k].table!.partitions.append(PartitionInfo(number: 7, startSector: 400_000_000, sizeSectors: 2_097_152, typeGUID: "0fc63daf-8483-4772-8e79-3d69d8477de4",
                                                                name: "data", signatures: [Signature(type: "ext4", usage: "filesystem", label: "data")]))
        }
        inv.arrays.append(RunningArray(device: "/dev/md9", level: "raid1", metadata: "1.2", members: ["/dev/sdc1", "/dev/sdd1"], sizeBytes: 1 << 30, name: "old:backup"))
        var md = StatusFixtures.clean(result)
        md.append(MDState(device: "/dev/md9", arrayState: "clean", level: "raid1", raidDisks: 2, degraded: 0, sizeBytes: 1 << 30,
                          members: [MDState.Member(device: "/dev/sdc1", slot: 0, flags: ["in_sync"]), MDState.Member(device: "/dev/sdd1", slot: 1, flags: ["in_sync"])]))
        let r = try report(inv, md: md)
        #expect(r.healthy && r.exitStatus == 2)
        #expect(r.drift == [
            Drift(.undescribedPartition, "/dev/sda7", "is not in the plan (1.00 GiB, name 'data', ext4 (label 'data'))"),
            Drift(.undescribedPartition, "/dev/sdb7", "is not in the plan (1.00 GiB, name 'data', ext4 (label 'data'))"),
            Drift(.unplannedArray, "/dev/md9", "old:backup (raid1) from /dev/sdc1 /dev/sdd1 is not in the plan"),
        ])
        #expect(r.unplannedArrays.map(\.md) == ["/dev/md9"] && r.unplannedArrays[0].condition == .clean)
        #expect(Status.human(r).contains("""
            Arrays not in the plan:
            md9  old:backup  RAID1     1.00 GiB  clean
                 /dev/sdc1  active
                 /dev/sdd1  active
            """))
    }

    @Test func sizesThatDiffer() throws {
        // The plan now asks 40G for root; the disks hold 30G members. sdb's web1 member is 1 MiB shorter.
        var edited = plan
        edited.arrays[2].sizeBytes = 40 << 30
        var inv = inventory
        let i = inv.disks[1].table!.partitions.firstIndex { $0.number == 6 }!
        inv.disks[1].table!.partitions[i].sizeSectors -= 2048
        let r = try report(inv, plan: edited)
        let web1 = inventory.disks[0].table!.partitions.first { $0.number == 6 }!
        #expect(r.drift == [
            Drift(.size, "/dev/sdb6", "is at sectors \(web1.startSector)-\(web1.endSector - 2048) (99.99 GiB); on the other disks at \(web1.startSector)-\(web1.endSector) (100.00 GiB)"),
            Drift(.size, "/dev/md2", "its members have 30.00 GiB each; the plan asks for 40.00 GiB"),
        ])
        #expect(r.healthy && r.exitStatus == 2)
    }

    @Test func entryMissingAndMemberMissingOnOneDisk() throws {
        var more = plan
        more.arrays.append(ArraySpec(name: "db1", md: 5, sizeBytes: 50 << 30, isGuest: true))
        var inv = inventory
        inv.disks[1].table!.partitions.removeAll { $0.number == 6 }
        let md = StatusFixtures.with(StatusFixtures.clean(result), "/dev/md4") { s in
            s.degraded = 1
            s.members.removeLast()
        }
        let r = try report(inv, md: md, plan: more)
        #expect(r.drift == [
            Drift(.missingPartition, "/dev/sdb6", "is missing (md4 web1 (guest, raw), 100.00 GiB)"),
            Drift(.missingArray, "/dev/md5", "xen1:db1 (RAID1, 50.00 GiB) is not on the disks"),
        ])
        #expect(r.arrays.map(\.condition) == [.clean, .clean, .clean, .clean, .degraded, .notCreated])
        #expect(r.arrays[4].members.map(\.state) == [.active, .missing])
    }

    @Test func levelMembersFormatAndMdNumberThatDiffer() throws {
        var inv = inventory
        // md2 carries no file system; web1 was assembled as md127.
        inv.arrays = inv.arrays.map { a in
            var a = a
            if a.device == "/dev/md2" { a.signatures = [] }
            if a.device == "/dev/md4" { a.device = "/dev/md127" }
            return a
        }
        var md = StatusFixtures.clean(result).map { s in
            var s = s
            if s.device == "/dev/md4" { s.device = "/dev/md127" }
            return s
        }
        md = StatusFixtures.with(md, "/dev/md3") { s in
            s.level = "raid10"
            s.raidDisks = 3
            s.members.append(MDState.Member(device: "/dev/sdc5", slot: 2, flags: ["in_sync"]))
        }
        let r = try report(inv, md: md)
        #expect(r.drift == [
            Drift(.array, "/dev/md3", "/dev/sdc5 is an active member; the plan does not have it"),
            Drift(.array, "/dev/md3", "is raid10, the plan says raid1"),
            Drift(.array, "/dev/md3", "has 3 member slots, the plan has 2 members"),
            Drift(.array, "/dev/md4", "xen1:web1 runs as /dev/md127, the plan says /dev/md4"),
            Drift(.content, "/dev/md2", "the plan would: Create ext4 on /dev/md2 (label 'root')"),
        ])
        #expect(r.unplannedArrays.isEmpty && r.arrays[4].condition == .clean)
        #expect(r.arrays[3].members.last == MemberHealth(device: "/dev/sdc5", state: .active, slot: 2, planned: false))
    }

    @Test func foreignContentOnAMemberAndTheWholeDisk() throws {
        var inv = inventory
        let i = inv.disks[0].table!.partitions.firstIndex { $0.number == 5 }!
        inv.disks[0].table!.partitions[i].signatures.append(Signature(type: "ext4", usage: "filesystem", label: "scratch"))
        inv.disks[1].signatures = [Signature(type: "LVM2_member", usage: "raid")]
        let r = try report(inv)
        #expect(r.drift == [
            Drift(.content, "/dev/sda5", "carries ext4 (label 'scratch'), not only the superblock of xen1:ns1"),
            Drift(.content, "/dev/sdb", "the whole disk carries LVM2_member"),
        ])
    }

    @Test func membersNamedByIdMatchTheKernelNames() throws {
        let ids = ["/dev/disk/by-id/ata-A", "/dev/disk/by-id/ata-B"]
        var inv = inventory
        for k in 0..<2 {
            inv.disks[k].path = ids[k]
            inv.disks[k].resolvedPath = ["/dev/sda", "/dev/sdb"][k]
        }
        let r = try Status.report(plan, planFile: nil, machine: MachineState(inventory: inv, md: StatusFixtures.clean(result)), disks: ids)
        #expect(r.exitStatus == 0)
        #expect(r.arrays[2].members.map(\.device) == ["/dev/disk/by-id/ata-A-part4", "/dev/disk/by-id/ata-B-part4"])
        #expect(r.arrays[2].members.map(\.state) == [.active, .active])
    }

    @Test func nothingOfThePlanOnTheDisks() throws {
        let blank = Fixtures.blankInventory(plan.disks, bytes: Fixtures.tb18)
        let r = try report(blank, md: [])
        #expect(r.arrays.allSatisfy { $0.condition == .notCreated })
        #expect(r.drift.map(\.kind) == Array(repeating: .missingArray, count: 5))
        #expect(r.drift[0] == Drift(.missingArray, "/dev/md0", "xen1:swap (RAID1, 4.00 GiB) is not on the disks"))
    }

    @Test func wrongDiskCountIsAnError() throws {
        #expect(throws: PlanError.self) {
            try Status.report(plan, planFile: nil, machine: MachineState(inventory: inventory, md: []), disks: ["/dev/sda"])
        }
    }
}
