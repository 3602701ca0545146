@testable import Layout

/// Machines for status tests: the Xen plan applied to two 1.8 TB disks, and
/// the md states the kernel would show for it, changed per test.
enum StatusFixtures {
    static func xen() throws -> Plan { try Fixtures.plan("xen-host.yaml") }

    /// The Xen plan as apply leaves it: partitions, superblocks, arrays running.
    static func applied(_ plan: Plan) throws -> (PlanResult, Inventory) {
        let blank = Fixtures.blankInventory(plan.disks, bytes: Fixtures.tb18)
        let r = try Planner.plan(plan, inventory: blank)
        return (r, Fixtures.applied(r, inventory: blank, plan: plan, running: true))
    }

    /// md's view of every planned array: running, clean, all members in sync in slot order.
    static func clean(_ r: PlanResult) -> [MDState] {
        r.arrays.map { a in
            MDState(device: a.md, arrayState: "clean", level: a.level.name, raidDisks: a.members.count, degraded: 0,
                    mismatchSectors: 0, sizeBytes: a.sizeBytes,
                    members: a.members.enumerated().map { MDState.Member(device: $1, slot: $0, flags: ["in_sync"]) }
                        + (a.spares ?? []).map { MDState.Member(device: $0, slot: nil, flags: ["spare"]) })
        }
    }

    /// The same with `body` applied to the state of `md`.
    static func with(_ states: [MDState], _ md: String, _ body: (inout MDState) -> Void) -> [MDState] {
        states.map { s in
            var s = s
            if s.device == md { body(&s) }
            return s
        }
    }
}
