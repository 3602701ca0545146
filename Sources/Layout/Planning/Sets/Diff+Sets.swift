/// The difference for a target with sets of disks: each set's part diffed as a target of its
/// own, the actions in the order one target has them (tables and partitions of every set,
/// then every array in plan order, then the host's install on the first set).
extension Diff {
    func setsResult() -> PlanResult {
        let parts = target.sets.indices.map { Diff(target: target.setPart($0), inventory: inventory) }
        var actions = Wipe.stopActions(target.stopping)
        var kept: [KeptItem] = []
        // Every set's erases first: apply runs them as one batch, the disks locked against udev.
        for part in parts { actions += part.target.disks.filter(\.wiped).flatMap(part.eraseDisk) }
        for part in parts {
            actions += part.target.disks.flatMap(part.partitionActions)
            kept += part.keptPartitions()
        }
        for a in target.arrays {
            guard let k = parts.firstIndex(where: { $0.target.arrays.contains { $0.spec.name == a.spec.name } }),
                  let local = parts[k].target.arrays.first(where: { $0.spec.name == a.spec.name }) else { continue }
            let (arrayActions, arrayKept) = parts[k].arrayChanges(local)
            actions += arrayActions
            kept += arrayKept
        }
        let hostArrays = Set(target.arrays.filter { !$0.guest }.map(\.spec.name))
        actions += HostInstall(target: target, inventory: inventory,
                               arraysChanging: actions.contains { $0.arrayMade.map(hostArrays.contains) == true }).actions()
        let notes = zip(target.sets, parts).flatMap { set, part in part.notes().map { "Set \(set.name): \($0)" } }
        return PlanResult(host: target.host, actions: actions, kept: kept, notes: notes, target: target)
    }
}

extension TargetLayout {
    /// The disks that boot the host: every disk, or the first set's.
    public var bootDisks: [TargetDisk] { disks.filter { $0.bootless != true } }

    /// The set an array lives on: its `on:`, else the first set (nil for one list of disks).
    public func setName(of a: TargetArray) -> String? { a.spec.set ?? sets.first?.name }

    /// Set `k` as a target of its own: its disks and arrays, entries numbered within it, its
    /// grain and free space. The first set keeps the host's install and the notes.
    func setPart(_ k: Int) -> TargetLayout {
        let set = sets[k]
        let mine = Set(set.disks)
        let entries = arrays.filter { setName(of: $0) == set.name }.map(\.entry)
        let local = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($1, $0) })
        var part = TargetLayout(host: host, label: label, firmware: firmware, grainBytes: set.grainBytes,
                                disks: disks.filter { mine.contains($0.path) }.map { d in
                                    var d = d
                                    for j in d.partitions.indices { d.partitions[j].entry = d.partitions[j].entry.flatMap { local[$0] } }
                                    return d
                                },
                                arrays: entries.map { e in
                                    var a = arrays[e]
                                    a.entry = local[e]!
                                    return a
                                },
                                largestFreeBytes: set.largestFreeBytes,
                                stopping: [])
        part.missing = missing.filter { mine.contains($0.path) }
        if k == 0 {
            part.notes = notes
            part.image = image
            part.alerts = alerts
            part.reinstallHost = reinstallHost
        }
        return part
    }
}
