import Testing
@testable import Layout

/// The node md gives an array is naming, not health: on a system that is not the
/// plan's host (a rescue system) an array under another node is a note; on the host
/// itself it stays drift, with the mdadm.conf line it lacks.
@Suite struct StatusNodeTests {
    let plan: Plan
    let result: PlanResult
    let inventory: Inventory

    init() throws {
        plan = try StatusFixtures.xen()
        (result, inventory) = try StatusFixtures.applied(plan)
    }

    /// As a rescue system assembles them: md127 for the first array, downwards.
    func renumbered() -> (Inventory, [MDState]) {
        let node = Dictionary(uniqueKeysWithValues: result.arrays.enumerated().map { ($1.md, "/dev/md\(127 - $0)") })
        var inv = inventory
        inv.arrays = inv.arrays.enumerated().map { k, a in
            var a = a
            a.device = node[a.device] ?? a.device
            a.uuid = "3e1c8b5a-4f2d-0a11-9b7c-6d5e1f2a3b4\(k)"
            return a
        }
        let md = StatusFixtures.clean(result).map { s in
            var s = s
            s.device = node[s.device] ?? s.device
            return s
        }
        return (inv, md)
    }

    func report(host: String?, conf: String? = nil) throws -> StatusReport {
        let (inv, md) = renumbered()
        return try Status.report(plan, planFile: "plans/xen-host.yaml", machine: MachineState(inventory: inv, md: md, hostName: host, mdadmConf: conf))
    }

    @Test func inARescueSystemOtherNodesAreNotesAndTheStatusIsZero() throws {
        let r = try report(host: "rescue")
        #expect(r.exitStatus == 0 && r.healthy && r.drift.isEmpty, "\(r.drift)")
        #expect(r.notes.count == result.arrays.count)
        #expect(r.notes.first == Drift(.array, "/dev/md0", "xen1:swap runs as /dev/md127 here: this system is 'rescue', not the plan's host 'xen1', which assembles it as /dev/md0"))
        let text = Status.human(r)
        #expect(text.contains("\nNotes (neither ill health nor drift):\n  - /dev/md0: xen1:swap runs as /dev/md127 here"), "\(text)")
        #expect(text.contains("\n  - /dev/md2: xen1:root runs as /dev/md125 here"))
        #expect(text.hasSuffix("Healthy and as planned.\n"))
        #expect(try Status.json(r).contains("\"notes\" : ["))
    }

    @Test func onTheHostItselfAnotherNodeIsDriftNamingTheMissingConfLine() throws {
        let uuids = renumbered().0.arrays.compactMap(\.uuid)
        let conf = uuids.dropLast().map { "ARRAY /dev/md/x metadata=1.2 UUID=\(ArrayUUID.mdadmForm($0))" }.joined(separator: "\n") + "\n"
        let r = try report(host: "xen1", conf: conf)
        #expect(r.exitStatus == 2 && r.notes.isEmpty)
        #expect(r.drift.count == result.arrays.count, "\(r.drift)")
        #expect(r.drift.first == Drift(.array, "/dev/md0", "xen1:swap runs as /dev/md127, the plan says /dev/md0"), "listed in mdadm.conf")
        let last = try #require(r.drift.last)
        #expect(last.message.hasSuffix("; mdadm.conf has no ARRAY line for it: add `mdadm --detail --brief /dev/md123` with /dev/md4 as its node, then refresh the initramfs"), "\(last)")
        let unknown = try report(host: nil)
        #expect(unknown.exitStatus == 2 && unknown.notes.isEmpty, "a system that cannot tell its name is taken for the host")
    }

    @Test func theDryRunShowsTheNodeAnArrayRunsAs() throws {
        let (inv, _) = renumbered()
        let r = try Planner.plan(plan, inventory: inv)
        #expect(r.actions.isEmpty, "\(r.actions.map(\.summary))")
        #expect(r.arrays.map(\.device) == ["/dev/md127", "/dev/md126", "/dev/md125", "/dev/md124", "/dev/md123"])
        let text = Render.human(r, planFile: "plans/xen-host.yaml")
        #expect(text.contains("  /dev/md2 (runs as /dev/md125)  xen1:root"), "\(text)")
        #expect(text.contains("Keep RAID1 /dev/md2 (running as /dev/md125)"))
    }
}
