import Foundation
import Testing
@testable import Layout

/// Plans with sets of disks: the file's checks, each set laid out as a plan of its own, the
/// first set booting the host, status, replace-disk and import per set.
@Suite struct DiskSetTests {
    static let text = """
        host: xen1
        disks:
          fast: [/dev/nvme0n1, /dev/nvme1n1]
          bulk: [/dev/sda, /dev/sdb]
        arrays:
          - {name: swap, size: 2G, format: swap}
          - {name: boot, size: 1G, format: ext4, mount: /boot}
          - {name: root, size: 20G, format: ext4, mount: /}
        guests:
          - {name: db1, size: 40G}
          - {name: archive, size: 300G, on: bulk}
          - {name: web1, size: 10G}

        """

    static func plan(_ text: String = text) throws -> Plan { try PlanParser.parse(text, file: "sets.yaml") }

    /// Two 100 GiB NVMe disks, two 400 GiB HDDs with 4 KiB sectors.
    static func blank() -> Inventory {
        Inventory(disks: [Fixtures.blank("/dev/nvme0n1", bytes: 100 << 30), Fixtures.blank("/dev/nvme1n1", bytes: 100 << 30),
                          Fixtures.blank("/dev/sda", bytes: 400 << 30, lss: 4096, pss: 4096), Fixtures.blank("/dev/sdb", bytes: 400 << 30, lss: 4096, pss: 4096)])
    }

    static func error(_ text: String) -> String {
        do { _ = try plan(text); return "" } catch { return "\(error)" }
    }

    @Test("the file: sets in order, disks flattened, on: per entry (the first set by default)")
    func parsesSets() throws {
        let p = try Self.plan()
        #expect(p.diskSets.map(\.name) == ["fast", "bulk"] && p.disks == ["/dev/nvme0n1", "/dev/nvme1n1", "/dev/sda", "/dev/sdb"])
        #expect(p.diskSets.map(\.line) == [3, 4])
        #expect(p.arrays.map { p.setName(of: $0) } == ["fast", "fast", "fast", "fast", "bulk", "fast"])
        #expect(p.arrays.map(\.md) == [0, 1, 2, 3, 4, 5])
    }

    @Test("bad sets are refused with the line at fault")
    func refusals() {
        #expect(Self.error(Self.text.replacingOccurrences(of: "on: bulk", with: "on: bulky"))
                == "sets.yaml:11: guests[1].on: no set 'bulky' among the plan's disks (sets: fast, bulk)")
        #expect(Self.error(Self.text.replacingOccurrences(of: "bulk: [/dev/sda, /dev/sdb]", with: "bulk: [/dev/sda, /dev/nvme1n1]"))
                == "sets.yaml:4: disks.bulk[1]: '/dev/nvme1n1' is in set fast already: a disk belongs to one set, as a member disk or a spare")
        #expect(Self.error(Self.text.replacingOccurrences(of: "bulk: [/dev/sda, /dev/sdb]", with: "bulk: [/dev/sda]"))
                == "sets.yaml:11: on: RAID1 needs at least 2 disks; set bulk has 1")
        #expect(Self.error(Self.text.replacingOccurrences(of: "mount: /}", with: "mount: /, on: bulk}"))
                == "sets.yaml:8: on: / must be on the first set of disks (fast): its disks boot the host")
        #expect(Self.error("host: a\ndisks: [/dev/sda, /dev/sdb]\nguests:\n  - {name: g, size: 1G, on: fast}\n")
                .hasPrefix("sets.yaml:4: guests[0].on: the plan has one list of disks"))
        #expect(Self.error("host: a\ndisks:\n  fast: []\nguests:\n  - {name: g, size: 1G}\n") == "sets.yaml:3: disks.fast: lists no disk")
    }

    @Test("each set is laid out alone: bios_grub only on the first set, the HDDs' own sectors and grain")
    func targetPerSet() throws {
        let p = try Self.plan()
        let t = try Planner.target(p, inventory: Self.blank())
        #expect(t.sets.map(\.name) == ["fast", "bulk"] && t.sets[1].disks == ["/dev/sda", "/dev/sdb"])
        #expect(t.disks.map { $0.set ?? "" } == ["fast", "fast", "bulk", "bulk"] && t.bootDisks.map(\.path) == ["/dev/nvme0n1", "/dev/nvme1n1"])
        #expect(t.disks[0].partitions.map(\.role) == [.biosGrub, .raidMember, .raidMember, .raidMember, .raidMember, .raidMember])
        let sda = t.disks[2]
        #expect(sda.partitions.count == 1 && sda.partitions[0].role == .raidMember && sda.partitions[0].number == 1 && sda.logicalSectorSize == 4096)
        #expect(sda.partitions[0].entry == 4 && sda.partitions[0].startSector == (1 << 20) / 4096)
        #expect(t.arrays.map(\.entry) == [0, 1, 2, 3, 4, 5])
        #expect(t.arrays[4].members == ["/dev/sda1", "/dev/sdb1"] && t.arrays[5].members == ["/dev/nvme0n1p6", "/dev/nvme1n1p6"])
        #expect(t.sets[1].largestFreeBytes > 99 << 30 && t.sets[1].largestFreeBytes < 100 << 30)
    }

    @Test("the dry run: disks grouped by set, every array made once, notes per set")
    func dryRun() throws {
        let r = try Planner.plan(try Self.plan(), inventory: Self.blank())
        let text = Render.human(r, planFile: "sets.yaml")
        #expect(text.contains("Disks:\n  set fast (boots the host): /dev/md0 /dev/md1 /dev/md2 /dev/md3 /dev/md5\n    /dev/nvme0n1"))
        #expect(text.contains("\n  set bulk: /dev/md4\n    /dev/sda "))
        #expect(text.contains("Layout of /dev/sda after (set bulk, GPT, 4096-byte sectors):"))
        #expect(r.actions.filter { $0.kind == .createArray }.map(\.device) == (0...5).map { "/dev/md\($0)" })
        #expect(r.actions.filter { $0.kind == .createTable }.count == 4)
        #expect(r.notes.contains { $0.hasPrefix("Set bulk: Free for later guests: ") })
        let json = try Render.json(r, planFile: "sets.yaml")
        #expect(json.contains("\"set\" : \"bulk\""))
    }

    @Test("applied: plan shows no changes; a disk of the bulk set replaced touches only the bulk set, without a boot loader")
    func replaceInOneSet() throws {
        let p = try Self.plan()
        let blank = Self.blank()
        let applied = Fixtures.applied(try Planner.plan(p, inventory: blank), inventory: blank, plan: p, running: true)
        #expect(try Planner.plan(p, inventory: applied).actions.isEmpty)
        var inv = applied
        inv.disks[3] = Fixtures.blank("/dev/sdc", bytes: 500 << 30, lss: 4096, pss: 4096)
        let r = try Planner.replace(p, inventory: inv, options: ReplaceOptions(newDisk: "/dev/sdc", failedDisk: "/dev/sdb"))
        #expect(r.disks == ["/dev/sda", "/dev/sdc"] && r.healthy == ["/dev/sda"] && r.arrays.map(\.name) == ["xen1:archive"])
        #expect(r.result.actions.allSatisfy { $0.disksWritten.allSatisfy { $0 == "/dev/sdc" } }, "\(r.result.actions.map(\.summary))")
        #expect(!r.result.actions.contains { $0.kind == .installBootloader } && r.bootloader == nil)
        #expect(r.result.notes.contains("No boot loader: /dev/sdc is in a set of disks that does not boot the host."))
    }

    @Test("import: disks that share no array become sets again, and the imported plan shows no changes")
    func importRecognisesSets() throws {
        let p = try Self.plan()
        let blank = Self.blank()
        let inv = Fixtures.withHexUUIDs(Fixtures.applied(try Planner.plan(p, inventory: blank), inventory: blank, plan: p, running: true))
        let imported = PlanImport.plan(inv, disks: p.disks, host: nil, fallbackHost: "other")
        #expect(imported.problems.isEmpty, "\(imported.problems)")
        #expect(imported.text.contains("\n  set1: [/dev/nvme0n1, /dev/nvme1n1]\n  set2: [/dev/sda, /dev/sdb]\n"), "\(imported.text)")
        let back = try PlanParser.parse(imported.text, file: "imported.yaml")
        #expect(back.arrays.map { back.setName(of: $0) } == ["set1", "set1", "set1", "set1", "set1", "set2"])
        let again = try Planner.plan(back, inventory: inv)
        #expect(again.actions.isEmpty, "\(again.actions.map(\.summary))")
    }

    @Test("`rest` is the last entry of its set: each set's last entry may take what is left on its disks")
    func restPerSet() throws {
        let text = Self.text.replacingOccurrences(of: "{name: web1, size: 10G}", with: "{name: web1, size: rest}\n  - {name: big, size: rest, on: bulk}")
        let t = try Planner.target(try Self.plan(text), inventory: Self.blank())
        #expect(t.sets.allSatisfy { $0.largestFreeBytes < 1 << 20 }, "\(t.sets)")
        #expect(Self.error(text.replacingOccurrences(of: "{name: archive, size: 300G, on: bulk}", with: "{name: archive, size: rest, on: bulk}"))
                == "sets.yaml:11: size: `rest` takes what is left, so only the last array or guest of a set may use it")
    }

    @Test("--wipe of disks in both sets: every erase comes before the first table, as one batch")
    func wipesOfBothSetsAreOneBatch() throws {
        var inv = Self.blank()
        for k in inv.disks.indices { inv.disks[k].signatures = [Signature(type: "ext4", usage: "filesystem", uuid: "u\(k)")] }
        var o = PlannerOptions()
        o.wipe = ["/dev/nvme1n1", "/dev/sdb"]
        inv.disks[0].signatures = []
        inv.disks[2].signatures = []
        let r = try Planner.plan(try Self.plan(), inventory: inv, options: o)
        let erases = r.actions.indices.filter { r.actions[$0].kind == .wipeDisk }
        let firstTable = try #require(r.actions.firstIndex { $0.kind == .createTable })
        #expect(erases.count == 2 && erases.allSatisfy { $0 < firstTable }, "\(r.actions.map(\.summary))")
        #expect(Set(erases.map { r.actions[$0].device }) == ["/dev/nvme1n1", "/dev/sdb"])
    }

    @Test("add-guest --on puts the guest on that set's disks")
    func addGuestOnASet() throws {
        let edited = try PlanEdit.addGuest(.init(name: "media", size: "50G", on: "bulk"), to: Self.text, file: "sets.yaml")
        #expect(edited.text.hasSuffix("  - {name: media, size: 50G, on: bulk}\n"))
        let t = try Planner.target(edited.plan, inventory: Self.blank())
        #expect(t.arrays.last?.members == ["/dev/sda2", "/dev/sdb2"])
    }

    @Test("status: every set checked on its own disks; the other set's arrays are not unplanned; a bulk member missing is named")
    func statusPerSet() throws {
        let p = try Self.plan()
        let blank = Self.blank()
        let r = try Planner.plan(p, inventory: blank)
        let applied = Fixtures.applied(r, inventory: blank, plan: p, running: true)
        let clean = StatusFixtures.clean(r)
        let healthy = try Status.report(p, planFile: "sets.yaml", machine: MachineState(inventory: applied, md: clean))
        #expect(healthy.exitStatus == 0 && healthy.drift.isEmpty && healthy.unplannedArrays.isEmpty, "\(healthy.drift)")
        let mds = (0...5).map { "/dev/md\($0)" }
        #expect(healthy.arrays.map(\.md) == mds && healthy.disks == p.disks)
        let degraded = StatusFixtures.with(clean, "/dev/md4") { s in
            s.members = [s.members[0]]
            s.degraded = 1
        }
        let report = try Status.report(p, planFile: "sets.yaml", machine: MachineState(inventory: applied, md: degraded))
        #expect(report.exitStatus == 2 && report.arrays.first { $0.md == "/dev/md4" }?.condition == .degraded)
        let others = report.arrays.filter { $0.md != "/dev/md4" }
        #expect(others.count == 5 && others.allSatisfy { $0.healthy })
    }
}
