import Testing
@testable import Layout

/// A cut inside `mdadm --create`: the superblock on some members only, with an event count
/// of 0 (the array never ran). Made again; a partial array that has run is not.
@Suite struct InterruptedCreateTests {
    func xen() throws -> Plan { try Fixtures.plan("xen-host.yaml") }
    let blank = Fixtures.blankInventory(["/dev/sda", "/dev/sdb"], bytes: Fixtures.tb18)

    /// The Xen plan applied up to md2's creation, which left its superblock on /dev/sda4 only
    /// (event count `events`); udev assembled it as an inactive /dev/md127 if `assembled`.
    func cutInsideCreate(events: UInt64, assembled: Bool, state: String = "inactive") throws -> Inventory {
        let p = try xen()
        var inv = Fixtures.applied(try Planner.plan(p, inventory: blank), inventory: blank, plan: p, running: true)
        for k in inv.disks[0].table!.partitions.indices {
            inv.disks[0].table!.partitions[k].signatures = inv.disks[0].table!.partitions[k].signatures.map { var s = $0; s.events = 17; return s }
        }
        inv.disks[0].table!.partitions[3].signatures[0].events = events
        inv.disks[1].table!.partitions[3].signatures = []
        inv.arrays.removeAll { $0.device == "/dev/md2" }
        if assembled {
            inv.arrays.append(RunningArray(device: "/dev/md127", level: "raid1", metadata: "1.2", members: ["/dev/sda4"], sizeBytes: 0,
                                           name: "xen1:root", uuid: "uuid-/dev/md2", memberDisks: ["/dev/sda"], state: state))
        }
        return inv
    }

    @Test func assembledInactiveIsStoppedClearedAndCreatedAgain() throws {
        let r = try Planner.plan(try xen(), inventory: try cutInsideCreate(events: 0, assembled: true))
        #expect(r.actions.map(\.kind) == [.stopArray, .wipeSignatures, .createArray, .makeFilesystem])
        #expect(r.actions[0].argv == ["mdadm", "--stop", "/dev/md127"])
        #expect(r.actions[1].zeroed.map(\.disk) == ["/dev/sda", "/dev/sda", "/dev/sdb", "/dev/sdb"])
        #expect(r.actions[2].device == "/dev/md2" && r.actions[3].device == "/dev/md2")
        #expect(r.notes.contains("An earlier apply stopped inside mdadm --create of /dev/md2 'xen1:root': its superblock is on /dev/sda4 but not on /dev/sdb4, "
            + "and the array never ran (event count 0); udev assembled it as /dev/md127, inactive. It held no data: it is stopped, cleared and created again."))
        #expect(r.arrays.first { $0.md == "/dev/md2" }?.state == .new)
    }

    @Test func notAssembledIsClearedAndCreatedAgain() throws {
        let r = try Planner.plan(try xen(), inventory: try cutInsideCreate(events: 0, assembled: false))
        #expect(r.actions.map(\.kind) == [.wipeSignatures, .createArray, .makeFilesystem])
    }

    /// Started read-only by mdadm's last-resort timer, never written: still 0, still nothing in it.
    @Test func startedReadOnlyButNeverWrittenIsMadeAgain() throws {
        let r = try Planner.plan(try xen(), inventory: try cutInsideCreate(events: 0, assembled: true, state: "read-auto"))
        #expect(r.actions.first?.kind == .stopArray)
    }

    /// A member that has been part of a running array: a degraded array with data, never made again.
    @Test func aPartialArrayThatHasRunIsNotMadeAgain() throws {
        for assembled in [true, false] {
            let r = try? Planner.plan(try xen(), inventory: try cutInsideCreate(events: 5, assembled: assembled))
            #expect(r?.actions.contains { $0.kind == .createArray || $0.kind == .wipeSignatures } != true, "assembled: \(assembled)")
        }
    }

    /// An array that runs (clean or active) is never taken for an interrupted one, whatever its events say.
    @Test func aRunningArrayIsKept() throws {
        let r = try? Planner.plan(try xen(), inventory: try cutInsideCreate(events: 0, assembled: true, state: "clean"))
        #expect(r?.actions.contains { $0.kind == .createArray || $0.kind == .wipeSignatures } != true)
    }

    /// An ext4 the probe calls unfinished (never mounted, not clean) is made again with -F;
    /// a complete one, or none at all, is not touched that way.
    @Test func anUnfinishedExt4IsMadeAgain() throws {
        let p = try xen()
        var inv = Fixtures.applied(try Planner.plan(p, inventory: blank), inventory: blank, plan: p, running: true)
        let k = try #require(inv.arrays.firstIndex { $0.device == "/dev/md2" })
        inv.arrays[k].signatures[0].type = "ext4"
        #expect(try Planner.plan(p, inventory: inv).actions.isEmpty)
        inv.arrays[k].signatures[0].unfinished = "never mounted, and e2fsck -fn exits 12: bad group descriptors"
        let r = try Planner.plan(p, inventory: inv)
        #expect(r.actions.map(\.kind) == [.remakeFilesystem])
        #expect(r.actions.map(\.argv) == [["mkfs.ext4", "-q", "-F", "-L", "root", "/dev/md2"]])
        #expect(r.actions.first?.summary == "Create ext4 on /dev/md2 (label 'root') again: the one there is unfinished (never mounted, and e2fsck -fn exits 12: bad group descriptors)")
    }
}
