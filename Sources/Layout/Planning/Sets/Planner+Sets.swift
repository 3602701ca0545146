/// A plan with sets of disks: each set planned as a plan of its own (its disks, its entries),
/// and the targets joined into one, entries numbered as in the whole plan.
extension Planner {
    static func setsTarget(_ plan: Plan, inventory: Inventory, options: PlannerOptions) throws(PlanError) -> TargetLayout {
        let paths = try plan.disks(given: options.disks)
        try checkWipe(options.wipe, paths: paths)
        let bySet = plan.pathsBySet(paths)
        var parts: [TargetLayout] = []
        for k in plan.diskSets.indices {
            var o = options
            o.disks = nil
            o.wipe = options.wipe.filter { bySet[k].contains($0) }
            o.reinstallHost = options.reinstallHost && k == 0
            parts.append(try target(plan.subplan(k, paths: bySet[k]), inventory: inventory, options: o))
        }
        return joined(plan, parts)
    }

    /// One target of the sets' targets: disks in set order, arrays in plan order.
    static func joined(_ plan: Plan, _ parts: [TargetLayout]) -> TargetLayout {
        let sets = plan.diskSets
        var disks: [TargetDisk] = []
        var arrays: [TargetArray] = []
        for (k, part) in parts.enumerated() {
            let entries = plan.arrays.indices.filter { plan.setName(of: plan.arrays[$0]) == sets[k].name }
            for var d in part.disks {
                d.set = sets[k].name
                d.bootless = k == 0 ? nil : true
                for j in d.partitions.indices { d.partitions[j].entry = d.partitions[j].entry.map { entries[$0] } }
                disks.append(d)
            }
            arrays += part.arrays.map { a in
                var a = a
                a.entry = entries[a.entry]
                a.spareGroup = a.spareGroup.map { _ in sets[k].name }
                return a
            }
        }
        let first = parts[0]
        var t = TargetLayout(host: plan.host, label: plan.label, firmware: plan.firmware, grainBytes: first.grainBytes, disks: disks,
                             arrays: arrays.sorted { $0.entry < $1.entry }, largestFreeBytes: first.largestFreeBytes,
                             stopping: parts.flatMap(\.stopping))
        t.missing = parts.flatMap(\.missing)
        t.notes = parts.flatMap(\.notes)
        t.image = plan.image
        t.alerts = plan.alerts
        t.reinstallHost = first.reinstallHost
        t.sets = zip(sets, parts).map { set, part in
            TargetSet(name: set.name, disks: part.disks.map(\.path), grainBytes: part.grainBytes, largestFreeBytes: part.largestFreeBytes)
        }
        return t
    }
}
