import Testing
@testable import Layout

/// An entry tied to its array by `uuid:` (what `import` writes for an array another tool made)
/// is found by status as the planner finds it: by the UUID in the members' superblocks, whatever
/// the array's name and the members' GPT names.
@Suite struct StatusUUIDTests {
    @Test func aUUIDTiedEntryIsItsPlannedArrayInStatus() throws {
        let inv = DayTwo.inventory()
        let imported = PlanImport.plan(inv, disks: DayTwo.disks, host: "xen1", fallbackHost: "xen1", fstab: "")
        let plan = try PlanParser.parse(imported.text, file: "imported.yaml")
        #expect(plan.arrays.allSatisfy { $0.uuid != nil }, "\(imported.text)")
        let member = try #require(inv.disks[0].table?.partitions.first { $0.number == 2 })
        #expect(Identity.owner(of: member, plan) == .entry(0), "rescue:0 carries the UUID of the first entry, not its name")
        #expect(StatusView.planned(on: inv.disks[0], plan).map(\.0) == [.biosGrub] + plan.arrays.indices.map { .entry($0) })

        let r = try Planner.plan(plan, inventory: inv)
        let md = StatusFixtures.clean(r).map { s in
            var s = s
            s.device = r.arrays.first { $0.md == s.device }?.device ?? s.device
            return s
        }
        let report = try Status.report(plan, planFile: "imported.yaml", machine: MachineState(inventory: inv, md: md, hostName: "xen1"))
        #expect(report.arrays.count == plan.arrays.count)
        #expect(report.arrays.allSatisfy { $0.condition == .clean && $0.members.allSatisfy { $0.state == .active } }, "\(Status.human(report))")
        #expect(report.drift.isEmpty, "\(Status.human(report))")
    }
}
