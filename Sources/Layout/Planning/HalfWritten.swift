/// An apply stopped between the disks' partition-table writes (a power cut while
/// the second disk's table was written): disk A holds the plan's new partitions,
/// disk B none. The disks prove it, or nothing is assumed: every partition on every
/// disk is one the plan creates on blank disks — the same GPT name, number, type,
/// start and size — and carries no signature, no disk carries anything else, no
/// array runs from them, and the disks differ only in which of those partitions
/// they hold. Then the partitions there are kept and the rest is created; never
/// from positions alone. Any other difference between the disks stays refused
/// (`Identity`: "exists on A but not on B").
enum HalfWritten {
    /// The target for such disks, or nil when they are not such (the usual planning decides).
    static func target(_ plan: Plan, inventory: Inventory, options: PlannerOptions) throws(PlanError) -> TargetLayout? {
        guard plan.label == .gpt, options.wipe.isEmpty else { return nil }
        let disks = (options.disks ?? plan.disks).compactMap(inventory.disk)
        guard disks.count >= 2, disks.allSatisfy(onlyEmptyNamedPartitions),
              Set(disks.map(partitionNumbers)).count > 1,
              !inventory.arrays.contains(where: { a in disks.contains { a.memberDisks.contains($0.resolvedPath) } })
        else { return nil }
        var blank = inventory
        for k in blank.disks.indices where disks.contains(where: { $0.path == blank.disks[k].path }) {
            blank.disks[k].table?.partitions = []
        }
        var t = try Planner.target(plan, inventory: blank, options: options)
        for k in t.disks.indices {
            guard let there = inventory.disk(t.disks[k].path)?.table?.partitions else { continue }
            for part in there {
                guard let j = t.disks[k].partitions.firstIndex(where: { planned($0, is: part) }) else { return nil }
                t.disks[k].partitions[j].state = .exists
            }
        }
        t.notes.append(note(t))
        return t
    }

    /// A GPT (or no table) whose partitions all have a name and carry nothing; nothing on the whole disk.
    static func onlyEmptyNamedPartitions(_ d: DiskInfo) -> Bool {
        guard d.signatures.isEmpty else { return false }
        guard let t = d.table else { return true }
        return t.type == TableType.gpt.rawValue && t.partitions.allSatisfy { $0.name != nil && $0.signatures.isEmpty && $0.kind == .primary }
    }

    static func partitionNumbers(_ d: DiskInfo) -> Set<Int> { Set(d.table?.partitions.map(\.number) ?? []) }

    /// Whether the partition on disk is exactly the planned one: number, name, type, start and size.
    static func planned(_ p: TargetPartition, is part: PartitionInfo) -> Bool {
        p.state == .new && p.number == part.number && p.name == part.name && p.startSector == part.startSector
            && p.sizeSectors == part.sizeSectors && p.role.gptTypeGUID == part.typeGUID
    }

    /// What the dry run says: which disk holds which of the new partitions.
    static func note(_ t: TargetLayout) -> String {
        let held = t.disks.map { d in
            let n = d.partitions.filter { $0.state == .exists }.count
            return "\(d.path) holds \(n == 0 ? "none" : n == d.partitions.count ? "all \(n)" : "\(n) of \(d.partitions.count)")"
        }
        return "An earlier apply stopped while writing the partition tables: " + held.joined(separator: ", ")
            + " of the plan's new partitions, empty and exactly as planned (GPT name, type, start, size). They are kept; the rest is created."
    }
}
