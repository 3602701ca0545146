import Foundation
import Testing
@testable import Layout

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
