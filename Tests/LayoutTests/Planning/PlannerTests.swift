import Foundation
import Testing
@testable import Layout

/// Disks each example plan is planned on for its golden output.
let goldenDisks: [String: (count: Int, bytes: UInt64)] = [
    "xen-host.yaml": (2, Fixtures.tb18),
    "kvm-host.yaml": (2, 1_920_383_410_176),
    "four-disk.yaml": (4, 4_000_787_030_016),
    "small-msdos.yaml": (2, 500_107_862_016),
    "xen-host-install.yaml": (2, Fixtures.tb18),
]

@Suite struct GoldenTests {
    /// Every file in plans/ is parsed, planned on blank disks, and compared with
    /// Tests/golden/NAME.txt and .json. Set DISKPLAN_UPDATE_GOLDEN=1 to rewrite them after a reviewed change.
    @Test func everyPlanMatchesItsGolden() throws {
        let dir = Fixtures.repo.appendingPathComponent("plans")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(names.count >= 3)
        #expect(Set(names) == Set(goldenDisks.keys), "every plan needs disks in goldenDisks")
        for name in names {
            let plan = try Fixtures.plan(name)
            let disks = try #require(goldenDisks[name])
            #expect(plan.disks.count == disks.count)
            var inventory = Fixtures.blankInventory(plan.disks, bytes: disks.bytes)
            if let image = plan.image { inventory.host = HostProbe(image: Fixtures.image(image)) }
            let r = try Planner.plan(plan, inventory: inventory)
            try compareGolden(name.replacingOccurrences(of: ".yaml", with: ".txt"), Render.human(r, planFile: "plans/\(name)"))
            try compareGolden(name.replacingOccurrences(of: ".yaml", with: ".json"), try Render.json(r, planFile: "plans/\(name)"))
        }
    }

    func compareGolden(_ file: String, _ actual: String) throws {
        let url = Fixtures.repo.appendingPathComponent("Tests/golden/\(file)")
        if ProcessInfo.processInfo.environment["DISKPLAN_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "golden \(file) differs; review and rerun with DISKPLAN_UPDATE_GOLDEN=1")
    }
}

@Suite struct PlannerTests {
    func xen() throws -> Plan { try Fixtures.plan("xen-host.yaml") }

    func plan(_ p: Plan, _ inv: Inventory, _ o: PlannerOptions = .init()) throws(PlanError) -> PlanResult {
        try Planner.plan(p, inventory: inv, options: o)
    }

    @Test func xenHostOnTwoBlankDisks() throws {
        let p = try xen()
        let r = try plan(p, Fixtures.blankInventory(p.disks, bytes: Fixtures.tb18))
        // Identical partitions on both disks, 1 MiB aligned, bios_grub first.
        let a = r.disks[0].partitions, b = r.disks[1].partitions
        #expect(a.map(\.startSector) == b.map(\.startSector))
        #expect(a.map(\.sizeSectors) == b.map(\.sizeSectors))
        #expect(a.allSatisfy { $0.startSector % 2048 == 0 && $0.sizeSectors % 2048 == 0 })
        #expect(a[0].role.displayName == "BIOS boot" && a[0].startSector == 2048 && a[0].sizeSectors == 2048)
        #expect(a.map(\.name) == ["bios_grub", "md0-swap", "md1-boot", "md2-root", "md3-ns1", "md4-web1"])
        #expect(a[3].sizeBytes == 30 << 30)
        // Arrays: md numbers, metadata 1.0 for /boot only, exact mdadm argv.
        #expect(r.arrays.map(\.md) == ["/dev/md0", "/dev/md1", "/dev/md2", "/dev/md3", "/dev/md4"])
        #expect(r.arrays.map(\.metadata) == ["1.2", "1.0", "1.2", "1.2", "1.2"])
        let create = r.actions.filter { $0.kind == .createArray }
        #expect(create[2].argv == ["mdadm", "--create", "/dev/md2", "--run", "--level=1", "--raid-devices=2", "--metadata=1.2",
                                    "--bitmap=internal", "--name=root", "--homehost=xen1", "/dev/sda4", "/dev/sdb4"])
        #expect(!create.contains { $0.argv!.contains { $0.hasPrefix("--chunk") } })
        // Guests stay raw: no format action on md3/md4.
        #expect(!r.actions.contains { ($0.kind == .makeFilesystem || $0.kind == .makeSwap) && ["/dev/md3", "/dev/md4"].contains($0.device) })
        #expect(r.actions.filter { $0.kind == .makeFilesystem }.map(\.argv!) == [["mkfs.ext4", "-q", "-L", "boot", "/dev/md1"], ["mkfs.ext4", "-q", "-L", "root", "/dev/md2"]])
        // Dependency order: tables before partitions before wipes before arrays before formats.
        let kinds = r.actions.map(\.kind)
        #expect(kinds.firstIndex(of: .createArray)! > kinds.lastIndex(of: .createPartition)!)
        #expect(kinds.firstIndex(of: .makeSwap)! > kinds.firstIndex(of: .createArray)!)
        #expect(r.hasChanges)
    }

    @Test func unequalDisksTheSmallestGoverns() throws {
        let p = try xen()
        let inv = Inventory(disks: [Fixtures.blank("/dev/sda", bytes: 2_000_398_934_016), Fixtures.blank("/dev/sdb", bytes: Fixtures.tb18)])
        let r = try plan(p, inv)
        #expect(r.disks[0].partitions.map(\.sizeSectors) == r.disks[1].partitions.map(\.sizeSectors))
        #expect(r.disks[0].unusedBytes == 2_000_398_934_016 - 1_800_000_000_000 / 4096 * 4096)
        #expect(r.disks[1].unusedBytes == 0)
        #expect(r.notes.contains { $0.hasPrefix("/dev/sda is larger than the smallest disk: its last 186.") })
    }

    @Test func fourKnDisksCountIn4096ByteSectors() throws {
        let p = try xen()
        let r = try plan(p, Fixtures.blankInventory(p.disks, bytes: Fixtures.tb18, lss: 4096, pss: 4096))
        let rows = r.disks[0].partitions
        #expect(rows[0].startSector == 256 && rows[0].sizeSectors == 256)   // 1 MiB in 4 KiB sectors
        #expect(rows[3].sizeSectors == (30 << 30) / 4096)
        let part = try #require(r.actions.first { $0.kind == .createPartition && $0.device == "/dev/sda4" }?.newPartition)
        #expect(part.startSector * 4096 == rows[3].startSector * 4096 && part.sizeSectors == 7_864_320)
    }

    @Test func fiveTwelveEDisksAlignToMiB() throws {
        let p = try xen()
        let r = try plan(p, Fixtures.blankInventory(p.disks, bytes: Fixtures.tb18, lss: 512, pss: 4096))
        #expect(r.disks[0].partitions.allSatisfy { ($0.startSector * 512) % (1 << 20) == 0 })
        #expect(r.disks[0].physicalSectorSize == 4096)
    }

    /// Members are identical in bytes and in sectors: a 512-byte and a 4Kn disk are not paired.
    @Test func mixedLogicalSectorSizesAreRefused() throws {
        let p = try xen()
        let inv = Inventory(disks: [Fixtures.blank("/dev/sda", bytes: Fixtures.tb18, lss: 512), Fixtures.blank("/dev/sdb", bytes: Fixtures.tb18, lss: 4096, pss: 4096)])
        let e = try #require(throws: PlanError.self) { try plan(p, inv) }
        #expect(e.line == p.disksLine && e.key == "disks")
        #expect(e.message == "the disks' logical sector sizes differ (/dev/sda: 512, /dev/sdb: 4096 bytes); members must be identical in bytes and in sectors, so all disks need one logical sector size")
        // 512e beside 512n is fine: the logical sectors agree.
        let e512 = Inventory(disks: [Fixtures.blank("/dev/sda", bytes: Fixtures.tb18, lss: 512), Fixtures.blank("/dev/sdb", bytes: Fixtures.tb18, lss: 512, pss: 4096)])
        #expect(try plan(p, e512).hasChanges)
    }

    @Test func msdosWithLogicalMembers() throws {
        let p = try Fixtures.plan("small-msdos.yaml")
        let r = try plan(p, Fixtures.blankInventory(p.disks, bytes: 500_107_862_016))
        let rows = r.disks[0].partitions
        #expect(rows.map(\.number) == [1, 2, 3, 4, 5, 6, 7])
        #expect(rows.map(\.kind) == [.primary, .primary, .primary, .extended, .logical, .logical, .logical])
        // Each logical partition leaves one MiB before it for its EBR, inside the extended one.
        let ext = rows[3]
        #expect(rows[4].startSector == ext.startSector + 2048)
        #expect(rows[5].startSector == rows[4].startSector + rows[4].sizeSectors + 2048)
        #expect(rows[6].startSector + rows[6].sizeSectors <= ext.startSector + ext.sizeSectors)
        // `rest` takes what is left in the extended partition.
        #expect(ext.startSector + ext.sizeSectors - (rows[6].startSector + rows[6].sizeSectors) < 2048)
        #expect(r.actions.filter { $0.kind == .createTable }.map(\.newTable) == [.msdos, .msdos])
        #expect(rows.allSatisfy { $0.name == nil })
    }

    @Test func msdosRefusedFrom2TiB() throws {
        let p = try Fixtures.plan("small-msdos.yaml")
        do {
            _ = try plan(p, Fixtures.blankInventory(p.disks, bytes: 3 << 40))
            Issue.record("expected an error")
        } catch {
            #expect(error.key == "label" && error.message.contains("less than 2 TiB"))
        }
    }

    @Test func aLayoutThatDoesNotFitNamesTheEntryAndLine() throws {
        let p = try xen()
        let inv = Fixtures.blankInventory(p.disks, bytes: 100 << 30)
        do {
            _ = try plan(p, inv)
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 14)  // the web1 entry in plans/xen-host.yaml
            #expect(error.key == "guests 'web1'.size")
            #expect(error.message.hasPrefix("does not fit: each of the 2 disks needs 100.00 GiB for it, but the largest free space common to all disks is 44.99 GiB"))
        }
    }

    @Test func raidLevelsGetTheRightMemberSizes() throws {
        let p = try Fixtures.plan("four-disk.yaml")
        let r = try plan(p, Fixtures.blankInventory(p.disks, bytes: 4_000_787_030_016))
        func member(_ name: String) -> UInt64 { r.arrays.first { $0.name == "store1:\(name)" }!.memberBytes }
        #expect(member("swap") == 4 << 30)      // RAID10 of 4: 8G * 2 / 4
        #expect(member("boot") == 1 << 30)      // RAID1: the size itself
        #expect(member("files") == 100 << 30)   // RAID5 of 4: 300G / 3
        #expect(member("backup") == 200 << 30)  // RAID6 of 4: 400G / 2
        let backup = r.actions.first { $0.kind == .createArray && $0.arrayMade == "backup" }!.argv!
        #expect(backup.contains("--level=6") && backup.contains("--chunk=256K") && backup.contains("--raid-devices=4"))
        let boot = r.actions.first { $0.kind == .createArray && $0.arrayMade == "boot" }!.argv!
        #expect(!boot.contains { $0.hasPrefix("--chunk") } && boot.contains("--metadata=1.0"))
        // Usable sizes come out at or just under what was asked.
        let files = r.arrays.first { $0.name == "store1:files" }!.sizeBytes
        #expect(files <= 300 << 30 && files > (300 << 30) - (1 << 30))
    }

    @Test func raidLevelNeedsEnoughDisks() throws {
        var p = try xen()
        p.arrays[3].level = .raid6
        let inv = Fixtures.blankInventory(p.disks, bytes: Fixtures.tb18)
        do {
            _ = try plan(p, inv)
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "RAID6 needs at least 4 disks; the plan has 2")
            #expect(error.line == 13)  // the ns1 entry
        }
    }

    @Test func arraySizeEstimateFollowsMdadm() {
        // 1.2 on 30 GiB: 16 MiB headroom + bitmap, rounded to 1 MiB: 17 MiB offset.
        #expect(MDGeometry.arrayBytes(memberBytes: 30 << 30, level: .raid1, disks: 2, metadata: "1.2", chunkBytes: nil) == (30 << 30) - (17 << 20))
        // 1.0 on 1 GiB: superblock and 4 KiB bitmap at the end, rounded down to 64 KiB.
        #expect(MDGeometry.arrayBytes(memberBytes: 1 << 30, level: .raid1, disks: 2, metadata: "1.0", chunkBytes: nil) == (1 << 30) - (64 << 10))
    }
}

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
