import Testing
@testable import Layout

/// A disk of the plan absent or failed at install time: refused, or with `--degraded`
/// the arrays are created with mdadm's `missing` in its slot.
@Suite struct DegradedTests {
    func xen() throws -> Plan { try Fixtures.plan("xen-host.yaml") }

    /// /dev/sda is there and blank; /dev/sdb is not.
    func oneDisk(missing: String = "/dev/sdb", present: String = "/dev/sda", reason: String = "does not exist") -> Inventory {
        Inventory(disks: [Fixtures.blank(present, bytes: Fixtures.tb18)], missing: [MissingDisk(path: missing, reason: reason)])
    }

    func refusal(_ body: () throws -> Void) -> String {
        do { try body() } catch let e as PlanError { return e.description } catch { return "\(error)" }
        return "not refused"
    }

    @Test func missingDiskIsRefusedNamingIt() throws {
        let p = try xen()
        let text = refusal { _ = try Planner.plan(p, inventory: oneDisk(reason: "reports size 0 (failed, or no medium)")) }
        #expect(text == "plan:4: disks: /dev/sdb reports size 0 (failed, or no medium). Nothing was written. "
            + "Connect the disk (or name another with --disk), or pass --degraded to create the arrays without it and add it later.")
    }

    @Test func degradedCreatesEveryArrayWithMissingInTheAbsentSlot() throws {
        let p = try xen()
        let r = try Planner.plan(p, inventory: oneDisk(), options: PlannerOptions(degraded: true))
        #expect(r.disks.map(\.path) == ["/dev/sda"])
        #expect(r.actions.map(\.kind) == [.createTable] + Array(repeating: .createPartition, count: 6)
            + [.wipeSignatures, .createArray, .makeSwap, .wipeSignatures, .createArray, .makeFilesystem,
               .wipeSignatures, .createArray, .makeFilesystem, .wipeSignatures, .createArray, .wipeSignatures, .createArray])
        #expect(r.actions.flatMap(\.disksWritten).allSatisfy { $0 == "/dev/sda" })
        #expect(r.actions.flatMap(\.zeroed).allSatisfy { $0.disk == "/dev/sda" })
        let root = try #require(r.actions.first { $0.kind == .createArray && $0.device == "/dev/md2" })
        #expect(root.argv == ["mdadm", "--create", "/dev/md2", "--run", "--level=1", "--raid-devices=2", "--metadata=1.2", "--bitmap=internal",
                              "--name=root", "--homehost=xen1", "/dev/sda4", "missing"])
        #expect(r.arrays.map(\.members) == (2...6).map { ["/dev/sda\($0)", "missing"] })
        // Sizes as for two disks: the missing member is counted.
        let full = try Planner.plan(p, inventory: Fixtures.blankInventory(p.disks, bytes: Fixtures.tb18))
        #expect(r.arrays.map(\.sizeBytes) == full.arrays.map(\.sizeBytes))
        #expect(r.disks[0].partitions == full.disks[0].partitions)
        let note = try #require(r.notes.first)
        #expect(note.hasPrefix("Degraded: /dev/sdb does not exist; /dev/md0, /dev/md1, /dev/md2, /dev/md3, /dev/md4 are created with `missing` in its slot."))
        #expect(note.contains("`diskplan replace-disk PLAN --new /dev/sdb`"))
        #expect(note.contains("mdadm /dev/md0 --add /dev/sdb2; mdadm /dev/md1 --add /dev/sdb3; mdadm /dev/md2 --add /dev/sdb4"))
        #expect(r.joinLater(planFile: "/etc/diskplan.yaml").first?.contains("`diskplan replace-disk /etc/diskplan.yaml --new /dev/sdb`") == true)
    }

    @Test func missingFirstDiskKeepsTheSlotOrder() throws {
        let r = try Planner.plan(try xen(), inventory: oneDisk(missing: "/dev/sda", present: "/dev/sdb"), options: PlannerOptions(degraded: true))
        #expect(r.arrays[2].members == ["missing", "/dev/sdb4"])
        #expect(r.actions.first { $0.kind == .createArray && $0.device == "/dev/md2" }?.argv?.suffix(2) == ["missing", "/dev/sdb4"])
    }

    @Test func raid0CannotStartDegraded() throws {
        let p = try PlanParser.parse("host: h\ndisks: [/dev/sda, /dev/sdb]\narrays:\n  - {name: root, md: 2, size: 10G, format: ext4, mount: /}\n"
            + "  - {name: scratch, md: 3, size: 10G, level: 0, format: ext4, mount: /scratch}\n", file: "p.yaml")
        let text = refusal { _ = try Planner.plan(p, inventory: oneDisk(), options: PlannerOptions(degraded: true)) }
        #expect(text == "plan:5: arrays 'scratch'.level: RAID0 of 2 disks cannot run without 1 of them (/dev/sdb does not exist); --degraded needs a level that survives the loss")
    }

    @Test func noDiskLeftIsRefused() throws {
        let inv = Inventory(disks: [], missing: [MissingDisk(path: "/dev/sda", reason: "does not exist"), MissingDisk(path: "/dev/sdb", reason: "does not exist")])
        let text = refusal { _ = try Planner.plan(try xen(), inventory: inv, options: PlannerOptions(degraded: true)) }
        #expect(text == "plan:4: disks: no disk of the plan can be used: /dev/sda does not exist; /dev/sdb does not exist")
    }

    /// After a degraded apply: the arrays run from the one disk. Planned again with --degraded
    /// nothing is left to do (exit 0); without it the missing disk is refused as before.
    @Test func replanAfterDegradedApply() throws {
        let p = try xen()
        let inv = oneDisk()
        let r = try Planner.plan(p, inventory: inv, options: PlannerOptions(degraded: true))
        var after = Fixtures.applied(r, inventory: inv, plan: p, running: true)
        for k in after.arrays.indices { after.arrays[k].members.removeAll { $0 == "missing" } }
        let again = try Planner.plan(p, inventory: after, options: PlannerOptions(degraded: true))
        #expect(again.actions.isEmpty)
        #expect(again.arrays.allSatisfy { $0.exists })
        #expect(again.notes.first?.hasPrefix("Degraded: /dev/sdb does not exist; the arrays run without it.") == true)
        #expect(refusal { _ = try Planner.plan(p, inventory: after) }.contains("/dev/sdb does not exist. Nothing was written."))
    }

    /// Arrays whose one member carries the superblock but that nothing assembled: assembled with --run from the present member.
    @Test func stoppedDegradedArrayIsAssembledFromThePresentMember() throws {
        let p = try xen()
        let inv = oneDisk()
        let r = try Planner.plan(p, inventory: inv, options: PlannerOptions(degraded: true))
        let stopped = Fixtures.applied(r, inventory: inv, plan: p, running: false)
        let again = try Planner.plan(p, inventory: stopped, options: PlannerOptions(degraded: true))
        #expect(again.actions.first { $0.kind == .assembleArray && $0.device == "/dev/md2" }?.argv == ["mdadm", "--assemble", "/dev/md2", "--run", "/dev/sda4"])
        #expect(!again.actions.contains { $0.kind == .createArray || $0.kind == .createPartition })
    }

    @Test func degradedWithAllDisksPresentChangesNothing() throws {
        let p = try xen()
        let inv = Fixtures.blankInventory(p.disks, bytes: Fixtures.tb18)
        #expect(try Planner.plan(p, inventory: inv, options: PlannerOptions(degraded: true)) == Planner.plan(p, inventory: inv))
    }
}
