import Testing
@testable import Layout

/// An apply stopped between the two disks' table writes: disk A holds the plan's new,
/// empty partitions, disk B nothing. Continued only when the disk proves it.
@Suite struct HalfWrittenTests {
    func xen() throws -> Plan { try Fixtures.plan("xen-host.yaml") }
    let blank = Fixtures.blankInventory(["/dev/sda", "/dev/sdb"], bytes: Fixtures.tb18)

    /// Disk A as the first apply's table write left it (`keep` of its partitions), B as `b`.
    func cut(keep: Int = 6, b: PartitionTableInfo? = nil, change: (inout [PartitionInfo]) -> Void = { _ in }) throws -> (PlanResult, Inventory) {
        let p = try xen()
        let first = try Planner.plan(p, inventory: blank)
        var inv = Fixtures.applied(first, inventory: blank, plan: p, running: false)
        var parts = Array(inv.disks[0].table!.partitions.prefix(keep))
        for k in parts.indices { parts[k].signatures = [] }
        change(&parts)
        inv.disks[0].table!.partitions = parts
        inv.disks[1].table = b
        return (first, inv)
    }

    func refusal(_ inv: Inventory) throws -> String {
        let p = try xen()
        do { _ = try Planner.plan(p, inventory: inv) } catch { return error.description }
        return "not refused"
    }

    @Test func aTableOnANoneOnBContinues() throws {
        let (first, inv) = try cut()
        let r = try Planner.plan(try xen(), inventory: inv)
        let onB = first.actions.filter { $0.batch == .table(disk: "/dev/sdb") }
        #expect(r.actions == onB + first.actions.filter { $0.batch == nil })
        #expect(r.kept.map(\.device) == (1...6).map { "/dev/sda\($0)" })
        #expect(r.notes.first?.hasPrefix("An earlier apply stopped while writing the partition tables: /dev/sda holds all 6, /dev/sdb holds none") == true)
    }

    /// B's table was written, its partitions not; A holds only some of its own (a cut inside A's write, were it not one commit).
    @Test func anEmptyTableOnBAndSomeOfAsPartitions() throws {
        let table = PartitionTableInfo(type: "gpt", id: "b", firstUsableSector: 34, lastUsableSector: Fixtures.tb18 / 512 - 34, partitions: [])
        let (first, inv) = try cut(keep: 3, b: table)
        let r = try Planner.plan(try xen(), inventory: inv)
        let created = first.actions.filter { $0.kind == .createPartition }
        #expect(!r.actions.contains { $0.kind == .createTable })
        #expect(r.actions.filter { $0.kind == .createPartition } == created.filter { a in !["/dev/sda1", "/dev/sda2", "/dev/sda3"].contains(a.device) })
        #expect(r.kept.map(\.device) == ["/dev/sda1", "/dev/sda2", "/dev/sda3"])
    }

    @Test func aMemberWithItsSuperblockOnAIsRefused() throws {
        let (_, inv) = try cut { $0[3].signatures = [Signature(type: "linux_raid_member", usage: "raid", uuid: "u", label: "xen1:root", version: "1.2")] }
        let text = try refusal(inv)
        #expect(text == "plan:9: arrays 'swap': exists on /dev/sda but not on /dev/sdb; replacing a disk is not something a plan does")
    }

    @Test func foreignContentInAMemberOnAIsRefused() throws {
        let (_, inv) = try cut { $0[3].signatures = [Signature(type: "ext4", usage: "filesystem", uuid: "f")] }
        #expect(try refusal(inv) == "plan:11: arrays 'root': partition 4 on /dev/sda is named for it but carries ext4 (UUID f); refusing to reuse it")
    }

    /// The right names at other places are not the plan's new partitions: positions are never guessed.
    @Test func anotherGeometryOnAIsRefused() throws {
        let (_, inv) = try cut { $0[5].sizeSectors -= 2048 }
        let text = try refusal(inv)
        #expect(text == "plan:9: arrays 'swap': exists on /dev/sda but not on /dev/sdb; replacing a disk is not something a plan does")
    }

    @Test func anUnnamedPartitionOnAIsRefused() throws {
        let (_, inv) = try cut { $0[0].name = nil; $0[0].flags = []; $0[0].typeGUID = nil }
        #expect(try refusal(inv).contains("/dev/sda holds what the plan does not describe"))
    }
}
