import Foundation
import Testing
@testable import Layout

/// Hot spares (`spares:`): laid out as the other disks, a spare member in every array,
/// status that counts a missing spare as drift, and replace-disk of a spare.
@Suite struct SpareTests {
    static let text = """
        host: xen1
        disks: [/dev/sda, /dev/sdb]
        spares: [/dev/sdc]
        arrays:
          - {name: swap, size: 2G, format: swap}
          - {name: root, size: 20G, format: ext4, mount: /}
        guests:
          - {name: web1, size: 10G}

        """

    static let sets = """
        host: xen1
        disks:
          fast: [/dev/nvme0n1, /dev/nvme1n1]
          bulk: [/dev/sda, /dev/sdb]
        spares:
          bulk: [/dev/sdc]
        arrays:
          - {name: root, size: 20G, format: ext4, mount: /}
        guests:
          - {name: db1, size: 10G}
          - {name: archive, size: 100G, on: bulk}

        """

    static func plan(_ text: String = text) throws -> Plan { try PlanParser.parse(text, file: "spares.yaml") }

    static func error(_ text: String) -> String {
        do { _ = try plan(text); return "" } catch { return "\(error)" }
    }

    static func inventory(spare: UInt64 = 200 << 30) -> Inventory {
        Inventory(disks: [Fixtures.blank("/dev/sda", bytes: 200 << 30), Fixtures.blank("/dev/sdb", bytes: 200 << 30), Fixtures.blank("/dev/sdc", bytes: spare)])
    }

    @Test("the file: spares follow the disks of their set; a set's spares by name")
    func parses() throws {
        let p = try Self.plan()
        #expect(p.disks == ["/dev/sda", "/dev/sdb", "/dev/sdc"] && p.spares == 1 && p.memberCount == 2)
        let s = try Self.plan(Self.sets)
        #expect(s.diskSets.map(\.disks) == [["/dev/nvme0n1", "/dev/nvme1n1"], ["/dev/sda", "/dev/sdb", "/dev/sdc"]])
        #expect(s.diskSets.map(\.spareDisks) == [[], ["/dev/sdc"]] && s.disks.count == 5)
    }

    @Test("bad spares are refused with the line at fault")
    func refusals() {
        #expect(Self.error(Self.text.replacingOccurrences(of: "spares: [/dev/sdc]", with: "spares: [/dev/sdb]"))
                == "spares.yaml:3: spares[0]: '/dev/sdb' is among the plan's disks already: a disk belongs to one set, as a member disk or a spare")
        #expect(Self.error(Self.sets.replacingOccurrences(of: "  bulk: [/dev/sdc]", with: "  slow: [/dev/sdc]"))
                == "spares.yaml:6: spares: no set 'slow' among the plan's disks (sets: fast, bulk)")
        #expect(Self.error(Self.sets.replacingOccurrences(of: "spares:\n  bulk: [/dev/sdc]", with: "spares: [/dev/sdc]"))
                == "spares.yaml:5: spares: the plan has sets of disks: name each set's spares (fast: [...])")
        #expect(Self.error(Self.text.replacingOccurrences(of: "{name: web1, size: 10G}", with: "{name: web1, size: 10G, level: raid0}"))
                .hasPrefix("spares.yaml:8: level: RAID0 cannot use a spare"))
        #expect(Self.error(Self.sets.replacingOccurrences(of: "bulk: [/dev/sda, /dev/sdb]", with: "bulk: [/dev/sda]"))
                == "spares.yaml:11: on: RAID1 needs at least 2 disks; set bulk has 1")
    }

    @Test("a spare smaller than the members' disks is refused at plan time, naming the spares line")
    func smallSpare() throws {
        #expect(throws: PlanError.self) { try Planner.plan(try Self.plan(), inventory: Self.inventory(spare: 100 << 30)) }
        do {
            _ = try Planner.plan(try Self.plan(), inventory: Self.inventory(spare: 100 << 30))
        } catch {
            #expect("\(error)".hasPrefix("plan:3: spares: the spare /dev/sdc (100.00 GiB) is smaller than the members' disks (/dev/sda: 200.00 GiB)"), "\(error)")
        }
    }

    @Test("the target: the spare disk laid out as the others, each array with its members and one spare")
    func target() throws {
        let t = try Planner.target(try Self.plan(), inventory: Self.inventory())
        #expect(t.disks.map(\.partitions.count) == [4, 4, 4] && t.disks.map { $0.spare == true } == [false, false, true])
        #expect(t.arrays.map(\.members) == [["/dev/sda2", "/dev/sdb2"], ["/dev/sda3", "/dev/sdb3"], ["/dev/sda4", "/dev/sdb4"]])
        #expect(t.arrays.map(\.spares) == [["/dev/sdc2"], ["/dev/sdc3"], ["/dev/sdc4"]])
        #expect(t.arrays.map(\.spareGroup) == ["default", "default", "default"])
        var e = HostFileText.Entry(md: "/dev/md2", name: "xen1:web1", metadata: "1.2", format: .raw, mount: nil, arrayUUID: String(repeating: "ab", count: 16))
        e.spareGroup = t.arrays[2].spareGroup
        #expect(HostFileText.arrayLines([e]) == ["ARRAY /dev/md2 metadata=1.2 UUID=abababab:abababab:abababab:abababab name=xen1:web1 spare-group=default"])
        #expect(t.bootDisks.map(\.path) == ["/dev/sda", "/dev/sdb", "/dev/sdc"], "a spare that takes over / must boot too")
    }

    @Test("RAID5 with a spare: members sized by the members, not the spare")
    func raid5() throws {
        let text = "host: a\ndisks: [/dev/sda, /dev/sdb, /dev/sdc]\nspares: [/dev/sdd]\nguests:\n  - {name: g, size: 20G, level: raid5}\n"
        var inv = Self.inventory()
        inv.disks.append(Fixtures.blank("/dev/sdd", bytes: 200 << 30))
        let t = try Planner.target(try Self.plan(text), inventory: inv)
        #expect(t.arrays[0].members.count == 3 && t.arrays[0].spares == ["/dev/sdd2"])
        let alone = try Planner.target(try Self.plan(text.replacingOccurrences(of: "spares: [/dev/sdd]\n", with: "")), inventory: inv)
        #expect(t.arrays[0].memberBytes == 10 << 30 && t.arrays[0].memberBytes == alone.arrays[0].memberBytes)
        #expect(t.arrays[0].estimatedBytes == alone.arrays[0].estimatedBytes)
    }

    @Test("the dry run: mdadm --create with --spare-devices and the spare last; the spare disk marked")
    func dryRun() throws {
        let r = try Planner.plan(try Self.plan(), inventory: Self.inventory())
        let create = try #require(r.actions.first { $0.kind == .createArray && $0.device == "/dev/md2" })
        let argv = create.argv ?? []
        #expect(argv.contains("--raid-devices=2") && argv.contains("--spare-devices=1") && argv.suffix(3) == ["/dev/sda4", "/dev/sdb4", "/dev/sdc4"])
        #expect(create.summary.hasSuffix(", spare /dev/sdc4"), "\(create.summary)")
        let text = Render.human(r, planFile: "spares.yaml")
        #expect(text.contains("/dev/sdc") && text.contains("  (spare)"), "\(text)")
        #expect(try Render.json(r, planFile: "spares.yaml").contains("\"spares\" : [\n"))
        let applied = Fixtures.applied(r, inventory: Self.inventory(), plan: try Self.plan(), running: true)
        let again = try Planner.plan(try Self.plan(), inventory: applied)
        #expect(again.actions.isEmpty, "\(again.actions.map(\.summary))")
        #expect(again.kept.contains { $0.summary.contains("'xen1:web1' from /dev/sda4 and /dev/sdb4, spare /dev/sdc4") })
        // Stopped (the rescue system has not assembled it): assembled with its spare.
        let stopped = Fixtures.applied(r, inventory: Self.inventory(), plan: try Self.plan(), running: false)
        let assemble = try #require(try Planner.plan(try Self.plan(), inventory: stopped).actions.first { $0.kind == .assembleArray && $0.device == "/dev/md2" })
        #expect(assemble.argv == ["mdadm", "--assemble", "/dev/md2", "/dev/sda4", "/dev/sdb4", "/dev/sdc4"])
    }

    @Test("status: a spare in place is healthy; one that took over is shown, and a missing spare is drift")
    func status() throws {
        let p = try Self.plan()
        let r = try Planner.plan(p, inventory: Self.inventory())
        let applied = Fixtures.applied(r, inventory: Self.inventory(), plan: p, running: true)
        let clean = StatusFixtures.clean(r)
        let healthy = try Status.report(p, planFile: "spares.yaml", machine: MachineState(inventory: applied, md: clean))
        #expect(healthy.exitStatus == 0 && healthy.drift.isEmpty, "\(healthy.drift)")
        #expect(healthy.arrays[2].members.map(\.state) == [.active, .active, .spare] && healthy.arrays[2].members[2].spare == true)
        // sdb4 failed; md rebuilt onto the spare sdc4, which now holds slot 1.
        let tookOver = StatusFixtures.with(clean, "/dev/md2") { s in
            s.members = [.init(device: "/dev/sda4", slot: 0, flags: ["in_sync"]), .init(device: "/dev/sdb4", slot: nil, flags: ["faulty"]),
                         .init(device: "/dev/sdc4", slot: 1, flags: ["in_sync"])]
        }
        let report = try Status.report(p, planFile: "spares.yaml", machine: MachineState(inventory: applied, md: tookOver))
        let md2 = report.arrays[2]
        #expect(md2.condition == .degraded && md2.members.map(\.state) == [.active, .faulty, .active])
        #expect(report.notes.map(\.message) == ["/dev/sdc4, the plan's spare, is an active member in slot 1: it took the place of a failed member"])
        #expect(report.drift.map(\.message) == ["has no spare; the plan gives it 1. Replace the failed disk (diskplan replace-disk): its new member joins as the spare"])
        let text = Status.human(report)
        #expect(text.contains("/dev/sdc4  active  (the plan's spare)"), "\(text)")
        // The failed member removed: the array is whole again, but has no spare.
        let removed = StatusFixtures.with(tookOver, "/dev/md2") { s in s.members.remove(at: 1) }
        let after = try Status.report(p, planFile: "spares.yaml", machine: MachineState(inventory: applied, md: removed))
        #expect(after.arrays[2].condition == .clean && after.exitStatus == 2)
        #expect(after.drift.map(\.message) == ["has no spare; the plan gives it 1 (/dev/sdb4 is not in the array). Replace the failed disk (diskplan replace-disk): its new member joins as the spare"])
    }

    @Test("replace-disk of a spare: only the new disk is written, each member added as a hot spare")
    func replaceSpare() throws {
        let p = try Self.plan()
        let r = try Planner.plan(p, inventory: Self.inventory())
        var inv = Fixtures.applied(r, inventory: Self.inventory(), plan: p, running: true)
        inv.disks[2] = Fixtures.blank("/dev/sdd", bytes: 300 << 30)
        inv.arrays = inv.arrays.map { a in
            var a = a
            a.members.removeLast()
            a.memberDisks = ["/dev/sda", "/dev/sdb"]
            return a
        }
        let rep = try Planner.replace(p, inventory: inv, options: ReplaceOptions(newDisk: "/dev/sdd", failedDisk: "/dev/sdc"))
        #expect(rep.disks == ["/dev/sda", "/dev/sdb", "/dev/sdd"] && rep.arrays.map(\.newMember) == ["/dev/sdd2", "/dev/sdd3", "/dev/sdd4"])
        #expect(rep.result.actions.allSatisfy { $0.disksWritten.allSatisfy { $0 == "/dev/sdd" } }, "\(rep.result.actions.map(\.summary))")
        let adds = rep.result.actions.filter { $0.kind == .addMember }
        #expect(adds.count == 3 && adds.allSatisfy { $0.summary.hasSuffix(" as its hot spare") && $0.argv?.count == 4 })
        #expect(rep.arrays.allSatisfy { $0.asSpare == true } && rep.bootloader == ["grub-install", "/dev/sdd"])
        // A member disk replaced after the spare took over: md keeps the new member as the spare too.
        var tookOver = Fixtures.applied(r, inventory: Self.inventory(), plan: p, running: true)
        tookOver.disks[1] = Fixtures.blank("/dev/sde", bytes: 200 << 30)
        tookOver.arrays = tookOver.arrays.map { a in
            var a = a
            a.members.remove(at: 1)
            a.memberDisks = ["/dev/sda", "/dev/sdc"]
            return a
        }
        let member = try Planner.replace(p, inventory: tookOver, options: ReplaceOptions(newDisk: "/dev/sde", failedDisk: "/dev/sdb"))
        #expect(member.arrays.map(\.newMember) == ["/dev/sde2", "/dev/sde3", "/dev/sde4"] && member.arrays.allSatisfy { $0.asSpare == true })
        // Without a spare in place the new member is rebuilt.
        var plain = tookOver
        plain.arrays = plain.arrays.map { a in
            var a = a
            a.members = [a.members[0]]
            a.memberDisks = ["/dev/sda"]
            return a
        }
        let rebuilt = try Planner.replace(p, inventory: plain, options: ReplaceOptions(newDisk: "/dev/sde", failedDisk: "/dev/sdb"))
        #expect(rebuilt.arrays.allSatisfy { $0.asSpare == nil } && rebuilt.result.actions.filter { $0.kind == .addMember }.allSatisfy { $0.summary.contains("md rebuilds it from") })
    }

    /// An applied inventory with real-looking array UUIDs (32 hex digits), as import needs.
    static func appliedForImport(_ p: Plan, _ blank: Inventory) throws -> Inventory {
        Fixtures.withHexUUIDs(Fixtures.applied(try Planner.plan(p, inventory: blank), inventory: blank, plan: p, running: true))
    }

    @Test("import: a disk md holds only spares on becomes spares:, last, and the imported plan shows no changes")
    func importSpares() throws {
        let inv = try Self.appliedForImport(try Self.plan(), Self.inventory())
        let imported = PlanImport.plan(inv, disks: ["/dev/sdc", "/dev/sda", "/dev/sdb"], host: nil, fallbackHost: "other")
        #expect(imported.problems.isEmpty, "\(imported.problems)")
        #expect(imported.text.hasPrefix("# diskplan import: what /dev/sda, /dev/sdb, /dev/sdc hold, as a plan.\n"))
        #expect(imported.text.contains("\ndisks: [/dev/sda, /dev/sdb]  #") && imported.text.contains("\nspares: [/dev/sdc]  #"), "\(imported.text)")
        let back = try PlanParser.parse(imported.text, file: "imported.yaml")
        #expect(back.disks == ["/dev/sda", "/dev/sdb", "/dev/sdc"] && back.spares == 1)
        let again = try Planner.plan(back, inventory: inv)
        #expect(again.actions.isEmpty, "\(again.actions.map(\.summary))")

        let sets = try Self.plan(Self.sets)
        let setsBlank = Inventory(disks: [Fixtures.blank("/dev/nvme0n1", bytes: 100 << 30), Fixtures.blank("/dev/nvme1n1", bytes: 100 << 30)]
            + ["/dev/sda", "/dev/sdb", "/dev/sdc"].map { Fixtures.blank($0, bytes: 400 << 30) })
        let setsInv = try Self.appliedForImport(sets, setsBlank)
        let setsImported = PlanImport.plan(setsInv, disks: sets.disks, host: nil, fallbackHost: "other")
        #expect(setsImported.text.contains("\n  set2: [/dev/sda, /dev/sdb]\nspares:  # md holds every member on them as a hot spare\n  set2: [/dev/sdc]\n"), "\(setsImported.text)")
        let setsBack = try PlanParser.parse(setsImported.text, file: "imported.yaml")
        #expect(try Planner.plan(setsBack, inventory: setsInv).actions.isEmpty)
    }

    @Test("a spare added to the plan of a running server: plan names replace-disk, which adds its members as hot spares")
    func spareAddedLater() throws {
        let without = try Self.plan(Self.text.replacingOccurrences(of: "spares: [/dev/sdc]\n", with: ""))
        let two = Inventory(disks: Array(Self.inventory().disks.prefix(2)))
        var inv = Fixtures.applied(try Planner.plan(without, inventory: two), inventory: two, plan: without, running: true)
        inv.arrays = inv.arrays.map { var a = $0; a.memberDisks = ["/dev/sda", "/dev/sdb"]; return a }
        inv.disks.append(Fixtures.blank("/dev/sdc", bytes: 200 << 30))
        #expect(throws: PlanError.self) { try Planner.plan(try Self.plan(), inventory: inv) }
        do { _ = try Planner.plan(try Self.plan(), inventory: inv) } catch {
            #expect("\(error)".hasSuffix("replacing a disk is not something a plan does; diskplan replace-disk PLAN --new /dev/sdc gives the spare its partitions and adds its members (to a running array, as hot spares)"), "\(error)")
        }
        let rep = try Planner.replace(try Self.plan(), inventory: inv, options: ReplaceOptions(newDisk: "/dev/sdc"))
        #expect(rep.arrays.map(\.newMember) == ["/dev/sdc2", "/dev/sdc3", "/dev/sdc4"] && rep.arrays.allSatisfy { $0.asSpare == true })
        #expect(rep.result.actions.allSatisfy { $0.disksWritten.allSatisfy { $0 == "/dev/sdc" } })
    }

    @Test("sets: only the bulk set's arrays get the spare; the NVMe pair has none")
    func sparesOnASet() throws {
        let p = try Self.plan(Self.sets)
        let inv = Inventory(disks: [Fixtures.blank("/dev/nvme0n1", bytes: 100 << 30), Fixtures.blank("/dev/nvme1n1", bytes: 100 << 30)]
            + ["/dev/sda", "/dev/sdb", "/dev/sdc"].map { Fixtures.blank($0, bytes: 400 << 30, lss: 4096, pss: 4096) })
        let t = try Planner.target(p, inventory: inv)
        #expect(t.arrays.map { $0.spares ?? [] } == [[], [], ["/dev/sdc1"]] && t.arrays.map(\.spareGroup) == [nil, nil, "bulk"])
        #expect(t.sets[1].disks == ["/dev/sda", "/dev/sdb", "/dev/sdc"] && t.disks.filter { $0.spare == true }.map(\.path) == ["/dev/sdc"])
        #expect(t.bootDisks.map(\.path) == ["/dev/nvme0n1", "/dev/nvme1n1"])
    }
}
