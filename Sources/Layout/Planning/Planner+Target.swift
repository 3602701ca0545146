extension Planner {
    /// What the disks should hold for `plan`: every partition and array, and which of them exist.
    /// Refuses (nothing is written) what the plan cannot do: foreign content without `--wipe`,
    /// an existing array of another size, a layout that does not fit, too few disks for a level.
    public static func target(_ plan: Plan, inventory: Inventory, options: PlannerOptions = .init()) throws(PlanError) -> TargetLayout {
        if plan.sets != nil { return try setsTarget(plan, inventory: inventory, options: options) }
        if let resumed = try HalfWritten.target(plan, inventory: inventory, options: options) { return resumed }
        let (disks, wiped, missing) = try resolveDisks(plan, inventory: inventory, options: options)
        try checkDiskIdentity(disks, plan, options)
        try checkDisks(plan, disks, slots: plan.memberCount)
        let spares = plan.spareDisks(among: try plan.disks(given: options.disks))
        try checkSpareSizes(plan, disks, spares: spares)
        let stopping = try Wipe.arraysToStop(inventory, disks: disks, wiped: wiped)
        let others = Inventory(disks: inventory.disks, arrays: inventory.arrays.filter { a in !stopping.contains { $0.device == a.device } }, uses: inventory.uses)
        let found = try Identity.existing(plan, disks: disks, wiped: wiped, inventory: others)
        try Conflicts.check(plan, found: found, disks: disks, inventory: others)
        var allocation = Allocation(plan: plan, disks: disks, wiped: wiped, found: found)
        try allocation.run()
        var t = TargetLayout(host: plan.host, label: plan.label, firmware: plan.firmware, grainBytes: allocation.grain,
                             disks: targetDisks(allocation), arrays: try targetArrays(allocation, inventory: others, missing: missing, replacing: options.replacing),
                             largestFreeBytes: allocation.largestFree, stopping: stopping)
        t.missing = missing.keys.sorted().map { missing[$0]! }
        for k in t.disks.indices where spares.contains(t.disks[k].path) { t.disks[k].spare = true }
        t.notes += t.arrays.compactMap { a in a.interrupted?.note(a.md, name: a.name) }
        t.image = plan.image
        t.alerts = plan.alerts
        if options.reinstallHost {
            try Reinstall.check(plan, t, inventory: inventory)
            t.reinstallHost = true
            t.notes += Reinstall.notes(t)
        }
        return t
    }

    /// The plan's disks (or `--disk`'s) as probed, the ones `--wipe` names, and the absent or failed ones by slot (`--degraded`).
    static func resolveDisks(_ plan: Plan, inventory: Inventory, options: PlannerOptions) throws(PlanError) -> ([DiskInfo], Set<String>, [Int: MissingDisk]) {
        let paths = try plan.disks(given: options.disks)
        let missing = try Degraded.missingSlots(plan, paths: paths, inventory: inventory, options: options)
        var disks: [DiskInfo] = []
        for (k, path) in paths.enumerated() where missing[k] == nil {
            guard let d = inventory.disk(path) else { throw PlanError(line: plan.disksLine, key: "disks", "\(path) was not probed") }
            disks.append(d)
        }
        try checkWipe(options.wipe, paths: paths)
        if let d = disks.first(where: { $0.alignmentOffsetSectors != 0 }) {
            throw PlanError(key: "disks", "\(d.path) reports an alignment offset of \(d.alignmentOffsetSectors) sectors; diskplan aligns partitions to whole grains only")
        }
        for w in options.wipe where missing.values.contains(where: { $0.path == w }) {
            throw PlanError(key: "--wipe", "\(w) is missing; there is nothing on it to wipe")
        }
        return (disks, Set(options.wipe), missing)
    }

    /// `--wipe` names only disks of the plan (`paths`: the plan's, or `--disk`'s).
    static func checkWipe(_ wipe: [String], paths: [String]) throws(PlanError) {
        for w in wipe where !paths.contains(w) {
            throw PlanError(key: "--wipe", "\(w) is not one of the plan's disks")
        }
    }

    /// Enough disks for every level (`slots`: the plan's disks, missing ones included); msdos only below 2 TiB.
    static func checkDisks(_ plan: Plan, _ disks: [DiskInfo], slots: Int) throws(PlanError) {
        for spec in plan.arrays where slots < spec.level.minimumDisks {
            throw PlanError(line: spec.line, key: "level", "\(spec.level.displayName) needs at least \(spec.level.minimumDisks) disks; the plan has \(slots)")
        }
        for d in disks where plan.label == .msdos && d.sizeBytes >= 2 * Size.TiB {
            throw PlanError(key: "label", "msdos tables address less than 2 TiB; \(d.path) has \(Size.human(d.sizeBytes)): use label: gpt")
        }
    }

    /// Each disk with its partitions by start, the same mirrored partitions in the same order on every disk.
    static func targetDisks(_ a: Allocation) -> [TargetDisk] {
        let all = a.created.map { ($0, TargetPartition.State.new) } + a.kept.map { ($0, TargetPartition.State.exists) }
        let rows = all.sorted { x, y in x.0.startBytes != y.0.startBytes ? x.0.startBytes < y.0.startBytes : x.0.kind == .extended }
        return a.disks.enumerated().map { k, d in
            let lss = UInt64(d.logicalSectorSize)
            let wiped = a.wiped.contains(d.path)
            let partitions = rows.map { m, state in
                TargetPartition(number: m.number, device: partitionDevice(d, m.number), startSector: m.startBytes / lss, sizeSectors: m.sizeBytes / lss,
                                startBytes: m.startBytes, sizeBytes: m.sizeBytes, kind: m.kind, role: m.role,
                                name: m.found.map { $0[k].name } ?? m.name, entry: m.entry, state: state)
            }
            return TargetDisk(path: d.path, sizeBytes: d.sizeBytes, logicalSectorSize: d.logicalSectorSize, physicalSectorSize: d.physicalSectorSize,
                              table: a.plan.label, newTable: d.table == nil || wiped, wiped: wiped, partitions: partitions, unusedBytes: a.unusedBytes[k])
        }
    }

    /// Each entry's array: its members, and whether it runs, exists but does not run, or is new.
    static func targetArrays(_ a: Allocation, inventory: Inventory, missing: [Int: MissingDisk], replacing: Bool) throws(PlanError) -> [TargetArray] {
        try a.plan.arrays.enumerated().map { (i, spec) throws(PlanError) in
            let member = a.members[i]!
            let devices = Degraded.members(a.disks.map { partitionDevice($0, member.number) }, missing: missing)
            let (members, spares) = (Array(devices.prefix(a.plan.memberCount)), devices.dropFirst(a.plan.memberCount).filter { $0 != Degraded.slot })
            let running = try Identity.runningArray(inventory, entry: i, a.plan, disks: a.disks)
            let parts = a.found.entries[i]
            let cut = parts.flatMap { InterruptedCreate.find(parts: $0, devices: devices, running: running) { Identity.isOwnSuperblock($0, of: spec, host: a.plan.host) } }
            let superblocks = parts.map { $0.allSatisfy { $0.signatures.contains(where: \.isRaidMember) } } ?? false
            if cut == nil, running == nil, missing.isEmpty, !replacing, let parts {
                try InterruptedCreate.refuseIfPartial(parts, devices: devices, spec: spec, key: a.plan.entryKey(i))
            }
            let state: TargetArray.State = cut != nil ? .new : running.map { .running(array: $0) } ?? (superblocks ? .stopped : .new)
            var t = TargetArray(entry: i, spec: spec, host: a.plan.host, memberNumber: member.number, memberStartBytes: member.startBytes,
                                members: members, memberBytes: member.sizeBytes, state: state)
            t.spares = spares.isEmpty ? nil : spares
            t.spareGroup = spares.isEmpty ? nil : a.plan.setName(of: spec)
            t.interrupted = cut
            return t
        }
    }
}
