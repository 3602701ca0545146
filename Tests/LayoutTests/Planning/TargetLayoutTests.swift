import Foundation
import Testing
@testable import Layout

@Suite struct TargetLayoutTests {
    func xen() throws -> Plan { try Fixtures.plan("xen-host.yaml") }

    @Test func xenPlanOnBlankDisks() throws {
        let p = try xen()
        let t = try Planner.target(p, inventory: Fixtures.blankInventory(p.disks, bytes: Fixtures.tb18))
        #expect(t.host == "xen1" && t.label == .gpt && t.firmware == .bios && t.grainBytes == 1 << 20)
        #expect(t.disks.map(\.path) == ["/dev/sda", "/dev/sdb"])
        #expect(t.disks.allSatisfy { $0.newTable && !$0.wiped && $0.table == .gpt && $0.unusedBytes == 0 })
        let a = t.disks[0].partitions
        #expect(a.map(\.number) == [1, 2, 3, 4, 5, 6])
        #expect(a.map(\.name) == ["bios_grub", "md0-swap", "md1-boot", "md2-root", "md3-ns1", "md4-web1"])
        #expect(a.map(\.role) == [.biosGrub, .raidMember, .raidMember, .raidMember, .raidMember, .raidMember])
        #expect(a.map(\.entry) == [nil, 0, 1, 2, 3, 4])
        #expect(a.map(\.device) == ["/dev/sda1", "/dev/sda2", "/dev/sda3", "/dev/sda4", "/dev/sda5", "/dev/sda6"])
        #expect(a.allSatisfy { $0.state == .new && $0.kind == .primary })
        // bios_grub at 1 MiB, then the members back to back from 2 MiB.
        let sizes: [UInt64] = [1 << 20, 4 << 30, 1 << 30, 30 << 30, 20 << 30, 100 << 30]
        #expect(a.map(\.sizeBytes) == sizes)
        let mib: UInt64 = 1 << 20, gib: UInt64 = 1 << 30
        let starts: [UInt64] = [mib, 2 * mib, 2 * mib + 4 * gib, 2 * mib + 5 * gib, 2 * mib + 35 * gib, 2 * mib + 55 * gib]
        #expect(a.map(\.startBytes) == starts)
        #expect(a.allSatisfy { $0.startSector * 512 == $0.startBytes && $0.sizeSectors * 512 == $0.sizeBytes })
        // Byte-identical members on both disks; only the devices differ.
        let b = t.disks[1].partitions
        #expect(a.map(\.startBytes) == b.map(\.startBytes) && a.map(\.sizeBytes) == b.map(\.sizeBytes) && a.map(\.number) == b.map(\.number))
        #expect(b.map(\.device).last == "/dev/sdb6")
        // Arrays: identity, geometry and state.
        #expect(t.arrays.map(\.entry) == [0, 1, 2, 3, 4])
        #expect(t.arrays.map(\.name) == ["xen1:swap", "xen1:boot", "xen1:root", "xen1:ns1", "xen1:web1"])
        #expect(t.arrays.map(\.md) == ["/dev/md0", "/dev/md1", "/dev/md2", "/dev/md3", "/dev/md4"])
        #expect(t.arrays.map(\.metadata) == ["1.2", "1.0", "1.2", "1.2", "1.2"])
        #expect(t.arrays.map(\.format) == [.swap, .ext4, .ext4, .raw, .raw])
        #expect(t.arrays.map(\.guest) == [false, false, false, true, true])
        #expect(t.arrays.allSatisfy { $0.state == .new && !$0.exists && $0.running == nil && $0.level == .raid1 && $0.bitmap && $0.chunkBytes == nil })
        let root = t.arrays[2]
        #expect(root.members == ["/dev/sda4", "/dev/sdb4"] && root.memberNumber == 4 && root.memberStartBytes == (2 << 20) + (5 << 30))
        #expect(root.memberBytes == 30 << 30 && root.mount == "/" && root.spec == p.arrays[2])
        #expect(root.estimatedBytes == (30 << 30) - (17 << 20) && root.sizeBytes == root.estimatedBytes)
        // What is left after web1 up to the end of the GPT's usable area.
        let usableEnd = (Fixtures.tb18 / 512 - 33) * 512
        #expect(t.largestFreeBytes == usableEnd - ((2 << 20) + (155 << 30)))
    }

    @Test func aLiveAdditionKeepsWhatRunsAndAddsOnlyTheNewGuest() throws {
        var p = try xen()
        let blank = Fixtures.blankInventory(p.disks, bytes: Fixtures.tb18)
        let applied = Fixtures.applied(try Planner.plan(p, inventory: blank), inventory: blank, plan: p, running: true)
        p.arrays.append(ArraySpec(name: "db1", md: 5, sizeBytes: 50 << 30, isGuest: true, line: 16))
        let t = try Planner.target(p, inventory: applied)
        #expect(t.disks.allSatisfy { !$0.newTable && !$0.wiped })
        for disk in t.disks {
            #expect(disk.partitions.map(\.number) == [1, 2, 3, 4, 5, 6, 7])
            #expect(disk.partitions.map(\.state) == [.exists, .exists, .exists, .exists, .exists, .exists, .new])
        }
        let db1 = try #require(t.disks[1].partitions.last)
        #expect(db1.device == "/dev/sdb7" && db1.name == "md5-db1" && db1.entry == 5)
        #expect(db1.startSector == 325_062_656 && db1.sizeBytes == 50 << 30)
        // The kept arrays run: their state carries what the kernel reports.
        for a in t.arrays.prefix(5) {
            let running = try #require(a.running)
            #expect(running == applied.arrays.first { $0.device == a.md })
            #expect(a.state == .running(array: running) && a.exists && a.sizeBytes == running.sizeBytes)
        }
        let new = t.arrays[5]
        #expect(new.state == .new && new.name == "xen1:db1" && new.members == ["/dev/sda7", "/dev/sdb7"] && new.memberBytes == 50 << 30)
        #expect(t.largestFreeBytes == (Fixtures.tb18 / 512 - 33) * 512 - (db1.startBytes + db1.sizeBytes))
    }

    @Test func arraysWhoseMembersCarrySuperblocksButDoNotRunAreStopped() throws {
        let p = try xen()
        let blank = Fixtures.blankInventory(p.disks, bytes: Fixtures.tb18)
        let stopped = Fixtures.applied(try Planner.plan(p, inventory: blank), inventory: blank, plan: p, running: false)
        let t = try Planner.target(p, inventory: stopped)
        #expect(t.arrays.map(\.state) == Array(repeating: .stopped, count: 5))
        #expect(t.arrays.allSatisfy { $0.exists && $0.running == nil && $0.sizeBytes == $0.estimatedBytes })
        // Partitions with no superblock on them are kept, their arrays are new.
        var partitioned = stopped
        for k in partitioned.disks.indices {
            for j in partitioned.disks[k].table!.partitions.indices { partitioned.disks[k].table!.partitions[j].signatures = [] }
        }
        let u = try Planner.target(p, inventory: partitioned)
        #expect(u.arrays.map(\.state) == Array(repeating: .new, count: 5))
        #expect(u.disks[0].partitions.allSatisfy { $0.state == .exists })
    }

    @Test func unequalDisksShareBytesAndSectors() throws {
        let p = try xen()
        let inv = Inventory(disks: [Fixtures.blank("/dev/sda", bytes: Fixtures.tb18 + (100 << 30), lss: 4096, pss: 4096),
                                    Fixtures.blank("/dev/sdb", bytes: Fixtures.tb18, lss: 4096, pss: 4096)])
        let t = try Planner.target(p, inventory: inv)
        let a = t.disks[0].partitions, b = t.disks[1].partitions
        #expect(a.map(\.startBytes) == b.map(\.startBytes) && a.map(\.startSector) == b.map(\.startSector))
        #expect(a[3].sizeSectors == 7_864_320 && b[3].sizeSectors == 7_864_320)
        // Mixed logical sector sizes are refused (DiskChecks); unequal sizes leave the larger disk's end unused.
        #expect(t.disks[0].unusedBytes == 100 << 30 && t.disks[1].unusedBytes == 0)
    }

    @Test func msdosKindsAndTheExtendedContainer() throws {
        let p = try Fixtures.plan("small-msdos.yaml")
        let t = try Planner.target(p, inventory: Fixtures.blankInventory(p.disks, bytes: 500_107_862_016))
        let rows = t.disks[0].partitions
        #expect(rows.map(\.kind) == [.primary, .primary, .primary, .extended, .logical, .logical, .logical])
        #expect(rows.map(\.entry) == [0, 1, 2, nil, 3, 4, 5])
        #expect(rows[3].role == .extended && rows.allSatisfy { $0.name == nil })
        #expect(rows[4].startBytes == rows[3].startBytes + (1 << 20))
        #expect(t.arrays[5].memberNumber == 7 && t.arrays[5].members == ["/dev/sda7", "/dev/sdb7"])
    }

    @Test func theDryRunShowsTheTarget() throws {
        // Every plan's layout after and arrays in the dry run are the target's.
        for name in goldenDisks.keys {
            let p = try Fixtures.plan(name)
            var inv = goldenInventory(name, p)
            if let image = p.image { inv.host = HostProbe(image: Fixtures.image(image)) }
            let t = try Planner.target(p, inventory: inv)
            let r = try Planner.plan(p, inventory: inv)
            #expect(t.disks.map(\.path) == r.disks.map(\.path))
            for (td, rd) in zip(t.disks, r.disks) {
                #expect(td.partitions.map(\.number) == rd.partitions.map(\.number))
                #expect(td.partitions.map(\.startSector) == rd.partitions.map(\.startSector))
                #expect(td.partitions.map(\.sizeBytes) == rd.partitions.map(\.sizeBytes))
                #expect(td.partitions.map(\.device) == rd.partitions.map(\.device))
                #expect(td.unusedBytes == rd.unusedBytes)
            }
            #expect(t.arrays.map(\.members) == r.arrays.map(\.members))
            #expect(t.arrays.map(\.sizeBytes) == r.arrays.map(\.sizeBytes))
            let created = r.actions.compactMap(\.newPartition)
            #expect(created == t.disks.flatMap { $0.partitions.sorted { $0.number < $1.number }.map(\.planned) })
        }
    }

    @Test func thePlanIsTheTargetThenTheDiff() throws {
        let p = try xen()
        let blank = Fixtures.blankInventory(p.disks, bytes: Fixtures.tb18)
        let applied = Fixtures.applied(try Planner.plan(p, inventory: blank), inventory: blank, plan: p, running: false)
        for inv in [blank, applied] {
            let t = try Planner.target(p, inventory: inv)
            let r = try Planner.plan(p, inventory: inv)
            #expect(r.target == t)
            #expect(Planner.diff(t, inventory: inv) == r)
        }
        // The result's own encoding keeps its shape: the target's disks and arrays as their JSON views.
        let r = try Planner.plan(p, inventory: blank)
        let json = String(decoding: try Render.encoder().encode(r), as: UTF8.self)
        #expect(json.contains("\"actions\"") && !json.contains("\"target\"") && !json.contains("\"spec\""))
        #expect(json.contains("\"level\" : \"raid1\"") && json.contains("\"use\" : \"md2 root (/)\""))
    }

    @Test func aWipedDiskGetsANewTable() throws {
        let p = try xen()
        var inv = Fixtures.blankInventory(p.disks, bytes: Fixtures.tb18)
        inv.disks[0].signatures = [Signature(type: "LVM2_member", uuid: "pv-1")]
        let t = try Planner.target(p, inventory: inv, options: PlannerOptions(wipe: ["/dev/sda"]))
        #expect(t.disks.map(\.wiped) == [true, false] && t.disks.map(\.newTable) == [true, true])
        #expect(t.disks[0].partitions.allSatisfy { $0.state == .new } && t.arrays.allSatisfy { $0.state == .new })
    }

    @Test func roundTripsThroughJSON() throws {
        let p = try xen()
        let blank = Fixtures.blankInventory(p.disks, bytes: Fixtures.tb18)
        let applied = Fixtures.applied(try Planner.plan(p, inventory: blank), inventory: blank, plan: p, running: true)
        let t = try Planner.target(p, inventory: applied)
        let data = try Render.encoder().encode(t)
        #expect(try Render.decoder().decode(TargetLayout.self, from: data) == t)
    }

    @Test func refusalsComeFromTheTarget() throws {
        let p = try xen()
        do {
            _ = try Planner.target(p, inventory: Fixtures.blankInventory(p.disks, bytes: 100 << 30))
            Issue.record("expected an error")
        } catch {
            #expect(error.key == "guests 'web1'.size" && error.line == 14)
        }
    }
}
