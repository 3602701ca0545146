import Foundation
import Testing
@testable import Layout

@Suite struct ExistingLayoutTests {
    func xen() throws -> Plan { try Fixtures.plan("xen-host.yaml") }

    @Test func afterApplyThePlanShowsNoChanges() throws {
        let p = try xen()
        let blank = Fixtures.blankInventory(p.disks, bytes: Fixtures.tb18)
        let first = try Planner.plan(p, inventory: blank)
        let applied = Fixtures.applied(first, inventory: blank, plan: p, running: true)
        let again = try Planner.plan(p, inventory: applied)
        #expect(again.actions.isEmpty)
        #expect(!again.hasChanges)
        #expect(again.kept.contains { $0.summary == "Keep partition /dev/sda4 (30.00 GiB) for md2 root (/)" })
        #expect(again.kept.contains { $0.summary.hasPrefix("Keep RAID1 /dev/md2 ") })
        #expect(again.arrays.allSatisfy { $0.exists })
    }

    @Test func addingAGuestLaterTouchesNothingElse() throws {
        var p = try xen()
        let blank = Fixtures.blankInventory(p.disks, bytes: Fixtures.tb18)
        let applied = Fixtures.applied(try Planner.plan(p, inventory: blank), inventory: blank, plan: p, running: true)
        p.arrays.append(ArraySpec(name: "db1", md: 5, sizeBytes: 50 << 30, isGuest: true, line: 16))
        let r = try Planner.plan(p, inventory: applied)
        #expect(r.actions.map(\.kind) == [.createPartition, .createPartition, .wipeSignatures, .createArray])
        #expect(r.actions.map(\.device) == ["/dev/sda7", "/dev/sdb7", "/dev/md5", "/dev/md5"])
        let part = try #require(r.actions[0].newPartition)
        // Right after web1 (ends at sector 325062655), on both disks.
        #expect(part.startSector == 325_062_656 && part.sizeSectors == (50 << 30) / 512)
        #expect(r.actions[1].newPartition == part)
        #expect(!r.actions.contains { $0.kind == .createTable || $0.kind == .wipeDisk })
        // Wipes stay inside the new partitions.
        for range in r.actions[2].zeroed {
            #expect(range.offset >= part.startSector * 512 && range.offset + range.length <= (part.startSector + part.sizeSectors) * 512)
        }
    }

    @Test func aGuestGoesIntoAGapLeftByARemovedOne() throws {
        var p = try xen()
        let blank = Fixtures.blankInventory(p.disks, bytes: Fixtures.tb18)
        var applied = Fixtures.applied(try Planner.plan(p, inventory: blank), inventory: blank, plan: p, running: true)
        // ns1 (partition 5, 20 GiB) was removed by hand on both disks.
        for k in applied.disks.indices { applied.disks[k].table!.partitions.removeAll { $0.number == 5 } }
        applied.arrays.removeAll { $0.device == "/dev/md3" }
        p.arrays.remove(at: 3)
        p.arrays.append(ArraySpec(name: "dns2", md: 5, sizeBytes: 10 << 30, isGuest: true))
        let r = try Planner.plan(p, inventory: applied)
        let part = try #require(r.actions.first?.newPartition)
        #expect(part.number == 5 && part.startSector == 73_404_416)
    }

    @Test func foreignContentIsRefusedWithAList() throws {
        let p = try xen()
        var inv = Fixtures.blankInventory(p.disks, bytes: Fixtures.tb18)
        inv.disks[1].table = PartitionTableInfo(type: "msdos", id: "8f8378c0", firstUsableSector: 1, lastUsableSector: 1000, partitions: [
            PartitionInfo(number: 1, startSector: 2048, sizeSectors: 1 << 21, mbrType: 0x83, signatures: [Signature(type: "ext4", uuid: "u-1", label: "data")]),
            PartitionInfo(number: 2, startSector: (1 << 21) + 2048, sizeSectors: 1 << 21, mbrType: 0xfd,
                          signatures: [Signature(type: "linux_raid_member", uuid: "a-b", label: "other:md0", version: "0.90.0")]),
        ])
        do {
            _ = try Planner.plan(p, inventory: inv)
            Issue.record("expected an error")
        } catch {
            #expect(error.message.hasPrefix("/dev/sdb holds what the plan does not describe:\n  - a msdos partition table (the plan wants gpt)"))
            #expect(error.message.contains("pass --wipe /dev/sdb"))
        }
        inv.disks[1].table = nil
        inv.disks[1].signatures = [Signature(type: "linux_raid_member", uuid: "37c76b91", version: "0.90.0")]
        do {
            _ = try Planner.plan(p, inventory: inv)
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("whole disk: md member (metadata 0.90.0, UUID 37c76b91)"))
        }
    }

    @Test func wipeNamesTheDiskAndComesFirst() throws {
        let p = try xen()
        var inv = Fixtures.blankInventory(p.disks, bytes: Fixtures.tb18)
        inv.disks[0].signatures = [Signature(type: "LVM2_member", uuid: "pv-1")]
        let r = try Planner.plan(p, inventory: inv, options: PlannerOptions(wipe: ["/dev/sda"]))
        #expect(r.actions[0].kind == .wipeDisk && r.actions[0].device == "/dev/sda")
        #expect(r.actions[0].summary == "Erase /dev/sda (LVM2_member (UUID pv-1)): MBR, both GPT headers and whole-disk signatures")
        #expect(r.actions[0].zeroed.contains { $0.offset == 0 && $0.length == 1 << 20 })
        #expect(r.actions[0].zeroed.contains { $0.offset == Fixtures.tb18 - (1 << 20) })
        // The places of the new partitions are cleared before the table exists: bios_grub at 1 MiB, md0 at 2 MiB.
        #expect(r.actions[0].zeroed.contains { $0.offset == 1 << 20 } && r.actions[0].zeroed.contains { $0.offset == 2 << 20 })
        #expect(throws: PlanError.self) { try Planner.plan(p, inventory: inv, options: PlannerOptions(wipe: ["/dev/sdc"])) }
    }

    @Test func anExistingArrayOfAnotherSizeIsNotResized() throws {
        var p = try xen()
        let blank = Fixtures.blankInventory(p.disks, bytes: Fixtures.tb18)
        let applied = Fixtures.applied(try Planner.plan(p, inventory: blank), inventory: blank, plan: p, running: true)
        p.arrays[2].sizeBytes = 40 << 30
        do {
            _ = try Planner.plan(p, inventory: applied)
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("arrays 'root' (runs as /dev/md2): size: the members hold 30.00 GiB each, the plan's size needs 40.00 GiB; diskplan never resizes an existing array"))
        }
    }

    @Test func interruptedAfterPartitioningResumesWithTheArrays() throws {
        let p = try xen()
        let blank = Fixtures.blankInventory(p.disks, bytes: Fixtures.tb18)
        var partitioned = Fixtures.applied(try Planner.plan(p, inventory: blank), inventory: blank, plan: p, running: false)
        for k in partitioned.disks.indices {
            for j in partitioned.disks[k].table!.partitions.indices { partitioned.disks[k].table!.partitions[j].signatures = [] }
        }
        let r = try Planner.plan(p, inventory: partitioned)
        #expect(!r.actions.contains { $0.kind == .createPartition || $0.kind == .createTable })
        #expect(r.actions.filter { $0.kind == .createArray }.count == 5)
    }

    @Test func arraysThatExistButDoNotRunAreAssembledThenChecked() throws {
        let p = try xen()
        let blank = Fixtures.blankInventory(p.disks, bytes: Fixtures.tb18)
        let stopped = Fixtures.applied(try Planner.plan(p, inventory: blank), inventory: blank, plan: p, running: false)
        let r = try Planner.plan(p, inventory: stopped)
        #expect(r.actions.map(\.kind) == [.assembleArray, .makeSwap, .assembleArray, .makeFilesystem, .assembleArray, .makeFilesystem, .assembleArray, .assembleArray])
        #expect(r.actions[0].argv == ["mdadm", "--assemble", "/dev/md0", "/dev/sda2", "/dev/sdb2"])
        #expect(r.actions[3].summary == "Create ext4 on /dev/md1 (label 'boot'), unless it already holds ext4")
        // Raw guests too: every array of the plan ends up running (and in mdadm.conf).
        #expect(r.actions.suffix(2).map(\.argv) == [["mdadm", "--assemble", "/dev/md3", "/dev/sda5", "/dev/sdb5"], ["mdadm", "--assemble", "/dev/md4", "/dev/sda6", "/dev/sdb6"]])
        #expect(r.kept.contains { $0.summary.hasPrefix("Keep RAID1 /dev/md4 ") && $0.summary.hasSuffix("(members carry its superblock; not assembled here)") })
    }

    @Test func memberOfTheWrongArrayIsRefused() throws {
        let p = try xen()
        let blank = Fixtures.blankInventory(p.disks, bytes: Fixtures.tb18)
        var inv = Fixtures.applied(try Planner.plan(p, inventory: blank), inventory: blank, plan: p, running: false)
        inv.disks[1].table!.partitions[3].signatures = [Signature(type: "linux_raid_member", uuid: "x", label: "otherhost:root", version: "1.2")]
        #expect(throws: PlanError.self) { try Planner.plan(p, inventory: inv) }
    }

    @Test func savedPlanFingerprintNamesWhatChanged() throws {
        let p = try xen()
        let inv = Fixtures.blankInventory(p.disks, bytes: Fixtures.tb18)
        let r = try Planner.plan(p, inventory: inv)
        let saved = SavedPlan(planFile: "x.yaml", plan: p, disks: p.disks, wipe: [], inventory: inv, actions: r.actions)
        #expect(saved.changes(against: inv).isEmpty)
        var changed = inv
        changed.disks[1].signatures = [Signature(type: "ext4", uuid: "new")]
        let c = saved.changes(against: changed)
        #expect(c.count == 1)
        #expect(c[0].contains("/dev/sdb changed since the plan was saved") && c[0].contains("now: disk signature ext4 uuid=new"))
        let data = try Render.encoder().encode(saved)
        #expect(try Render.decoder().decode(SavedPlan.self, from: data) == saved)
    }
}

@Suite struct TableLimitTests {
    func guests(_ n: Int) -> Plan {
        Plan(host: "h", disks: ["/dev/sda", "/dev/sdb"],
             arrays: (0..<n).map { ArraySpec(name: "g\($0)", md: $0, sizeBytes: 1 << 30, isGuest: true, line: 10 + $0) })
    }

    @Test func aNewGPTHolds128Partitions() throws {
        let inv = Fixtures.blankInventory(["/dev/sda", "/dev/sdb"], bytes: 16 << 40)
        // bios_grub + 127 members = 128: fits.
        _ = try Planner.plan(guests(127), inventory: inv)
        do {
            _ = try Planner.plan(guests(130), inventory: inv)
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "needs partition number 131, but the GPT holds 128 entries; that is 3 partition(s) too many")
            #expect(error.line == 10 + 127)
        }
    }

    @Test func aLargerExistingTableIsHonoured() throws {
        var inv = Fixtures.blankInventory(["/dev/sda", "/dev/sdb"], bytes: 16 << 40)
        for k in inv.disks.indices {
            inv.disks[k].table = PartitionTableInfo(type: "gpt", id: "x", firstUsableSector: 2048, lastUsableSector: (16 << 40) / 512 - 2048, partitions: [], maxPartitions: 1024)
        }
        let r = try Planner.plan(guests(1000), inventory: inv)
        #expect(r.disks[0].partitions.count == 1001)
    }
}

@Suite struct UEFITests {
    @Test func theESPIsARaid1OfEFISystemPartitionsWithMetadata10() throws {
        let p = try Fixtures.plan("kvm-host.yaml")
        let r = try Planner.plan(p, inventory: Fixtures.blankInventory(p.disks, bytes: 1_920_383_410_176))
        let rows = r.disks[0].partitions
        #expect(!rows.contains { $0.role == .biosGrub })
        #expect(rows[0].number == 1 && rows[0].role.displayName == "EFI System" && rows[0].startSector == 2048 && rows[0].sizeBytes == 512 << 20)
        let esp = try #require(r.arrays.first { $0.mount == "/boot/efi" })
        #expect(esp.metadata == "1.0" && esp.level == .raid1 && esp.format == .vfat)
        let part = try #require(r.actions.first { $0.kind == .createPartition }?.newPartition)
        #expect(part.role == .espMember && part.role.flags == ["esp"])
        #expect(r.actions.contains { $0.argv == ["mkfs.vfat", "-F", "32", "-n", "ESP", "/dev/md0"] })
        let applied = Fixtures.applied(r, inventory: Fixtures.blankInventory(p.disks, bytes: 1_920_383_410_176), plan: p, running: true)
        #expect(try Planner.plan(p, inventory: applied).actions.isEmpty)
    }
}
