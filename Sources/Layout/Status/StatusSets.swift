/// `status` of a plan with sets of disks: each set checked as a plan of its own, one report
/// of them. An array one set does not describe but another does is not unplanned; only the
/// first set boots, so only its disks are checked for boot code.
extension Status {
    static func setsReport(_ plan: Plan, planFile: String?, machine: MachineState, paths: [String]) throws(PlanError) -> StatusReport {
        let bySet = plan.pathsBySet(paths)
        var reports: [StatusReport] = []
        for k in plan.diskSets.indices {
            reports.append(try report(plan.subplan(k, paths: bySet[k]), planFile: planFile, machine: machine))
        }
        // Unplanned: no set describes it.
        var unplanned = Set(reports[0].unplannedArrays.map(\.md))
        for r in reports.dropFirst() { unplanned.formIntersection(r.unplannedArrays.map(\.md)) }
        func kept(_ d: Drift) -> Bool { d.kind != .unplannedArray || unplanned.contains(d.device) }
        var drift: [Drift] = []
        var notes: [Drift] = []
        for r in reports {
            for d in r.drift where kept(d) && !drift.contains(d) { drift.append(d) }
            for n in r.notes where kept(n) && !notes.contains(n) { notes.append(n) }
        }
        let arrays = reports.flatMap(\.arrays).sorted { a, b in
            (plan.arrays.firstIndex { $0.device == a.md } ?? .max) < (plan.arrays.firstIndex { $0.device == b.md } ?? .max)
        }
        return StatusReport(plan: planFile, host: plan.host, disks: paths, arrays: arrays,
                            unplannedArrays: reports[0].unplannedArrays.filter { unplanned.contains($0.md) }, drift: drift, notes: notes)
    }
}
