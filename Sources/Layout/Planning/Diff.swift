/// The difference between what the disks should hold (a `TargetLayout`) and
/// what they hold (the `Inventory`): the ordered actions, what is kept as it
/// is, and each disk's layout after, as the dry run shows them. Pure; it
/// decides nothing the target does not say.
struct Diff {
    let target: TargetLayout
    let inventory: Inventory

    /// Actions in dependency order: disk wipes, tables and partitions, then per array
    /// the wipe of its members' ends, its creation or assembly, and its format.
    func result() -> PlanResult {
        var actions = Wipe.stopActions(target.stopping)
        actions += target.disks.filter(\.wiped).flatMap(eraseDisk) + target.disks.flatMap(partitionActions)
        var kept = keptPartitions()
        for a in target.arrays {
            let (arrayActions, arrayKept) = arrayChanges(a)
            actions += arrayActions
            kept += arrayKept
        }
        let hostArrays = Set(target.arrays.filter { !$0.guest }.map(\.spec.name))
        actions += HostInstall(target: target, inventory: inventory,
                               arraysChanging: actions.contains { $0.arrayMade.map(hostArrays.contains) == true }).actions()
        return PlanResult(host: target.host, actions: actions, kept: kept, notes: notes(), target: target)
    }

    // MARK: disks and partitions

    /// `--wipe DISK`: erase each old partition's ends, the table areas and the places of the new partitions.
    func eraseDisk(_ disk: TargetDisk) -> [Action] {
        guard let d = inventory.disk(disk.path) else { return [] }
        let newRanges = disk.partitions.filter { $0.state == .new && $0.kind != .extended }.flatMap { p in
            [ByteRange(disk: disk.path, offset: p.startBytes, length: min(Size.MiB, p.sizeBytes)),
             ByteRange(disk: disk.path, offset: p.startBytes + p.sizeBytes - min(Size.MiB, p.sizeBytes), length: min(Size.MiB, p.sizeBytes))]
        }
        return Wipe.eraseActions(d, newRanges: newRanges)
    }

    /// A new table where the disk needs one, then its new partitions, lowest number first.
    func partitionActions(_ disk: TargetDisk) -> [Action] {
        var out: [Action] = []
        if disk.newTable {
            out.append(Action(.createTable(disk.table, disk: disk.path), device: disk.path,
                              summary: "Create \(disk.table == .gpt ? "GPT" : "MS-DOS partition table") on \(disk.path)",
                              detail: "libparted: ped_disk_new_fresh(\(disk.table.rawValue))"))
        }
        for p in disk.partitions.filter({ $0.state == .new }).sorted(by: { $0.number < $1.number }) {
            let kindWord = p.kind == .primary ? "" : "\(p.kind.rawValue) "
            var detail = "libparted: \(kindWord)partition \(p.number), sectors \(p.startSector)-\(p.endSector) (\(p.sizeSectors) × \(disk.logicalSectorSize) bytes), type \(p.role.displayName)"
            if let name = p.name { detail += ", name '\(name)'" }
            if !p.role.flags.isEmpty { detail += ", flag \(p.role.flags.joined(separator: ","))" }
            out.append(Action(.createPartition(p.planned, disk: disk.path), device: p.device,
                              summary: "Create \(kindWord)partition \(p.device) (\(Size.human(p.sizeBytes))) for \(target.use(p.entry, p.role))",
                              detail: detail))
        }
        return out
    }

    /// Every existing partition, by number, on each disk in turn (a disk may lack one: see `HalfWritten`).
    func keptPartitions() -> [KeptItem] {
        guard let first = target.disks.first else { return [] }
        let rows = first.partitions.indices.filter { j in target.disks.contains { $0.partitions[j].state == .exists } }
            .sorted { first.partitions[$0].number < first.partitions[$1].number }
        return rows.flatMap { j in
            target.disks.filter { $0.partitions[j].state == .exists }.map { disk in
                let p = disk.partitions[j]
                return KeptItem(device: p.device, summary: "Keep partition \(p.device) (\(Size.human(first.partitions[j].sizeBytes))) for \(target.use(p.entry, p.role))")
            }
        }
    }

    /// Unused space on larger disks, and what is left for later guests.
    func notes() -> [String] {
        var notes: [String] = []
        for d in target.disks where d.unusedBytes >= Size.MiB {
            notes.append("\(d.path) is larger than the smallest disk: its last \(Size.human(d.unusedBytes)) stay unused (mirrored members are equal on every disk).")
        }
        let left = target.largestFreeBytes, grain = target.grainBytes
        notes.append(left >= grain
            ? "Free for later guests: \(Size.human(left / grain * grain)) in one piece on every disk."
            : "No free space is left for later guests.")
        return notes
    }
}
