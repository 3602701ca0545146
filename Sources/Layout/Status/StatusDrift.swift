/// Drift of the disks: the planner's layout (which the status view filled in)
/// against the partitions really there, and what the planner would still do.
extension HealthCheck {
    mutating func checkDisk(_ k: Int) {
        let path = paths[k]
        if let why = machine.unreadable[path] {
            drift.append(Drift(.missingDisk, path, "cannot be read: \(why)"))
            return
        }
        guard let d = machine.inventory.disk(path) else {
            drift.append(Drift(.missingDisk, path, "was not probed"))
            return
        }
        for s in d.signatures {
            drift.append(Drift(.content, path, "the whole disk carries \(s.described)"))
        }
        var real = d.table?.partitions ?? []
        if let t = d.table, t.type != plan.label.rawValue {
            drift.append(Drift(.content, path, "has a \(t.type) partition table, the plan a \(plan.label.rawValue) one"))
            real = []
        }
        guard let result else { return }
        let kept = result.disks[k].partitions.filter { $0.state == .exists }
        let present = kept.filter { row in real.contains { $0.number == row.number } }
        if present.isEmpty, !kept.isEmpty {
            drift.append(Drift(.missingDisk, path, "holds none of the plan's \(kept.count) partitions (a blank or replaced disk?)"))
        } else {
            for row in kept where !present.contains(row) {
                drift.append(Drift(.missingPartition, row.device, "is missing (\(result.target.use(row.entry, row.role)), \(Size.human(row.sizeBytes)))"))
            }
        }
        for row in present {
            checkPartition(row, real.first { $0.number == row.number }!, on: d)
        }
        for p in real where !kept.contains(where: { $0.number == p.number }) {
            let name = p.name.map { "name '\($0)', " } ?? ""
            let content = p.signatures.isEmpty ? "no signature" : p.signatures.map(\.described).joined(separator: ", ")
            drift.append(Drift(.undescribedPartition, Planner.partitionDevice(d, p.number),
                               "is not in the plan (\(Size.human(p.sizeSectors * UInt64(d.logicalSectorSize))), \(name)\(content))"))
        }
    }

    /// A planned partition that is there: at the plan's place, and carrying its array's superblock only.
    mutating func checkPartition(_ row: TargetPartition, _ p: PartitionInfo, on d: DiskInfo) {
        if p.startSector != row.startSector || p.sizeSectors != row.sizeSectors {
            let lss = UInt64(d.logicalSectorSize)
            drift.append(Drift(.size, row.device, "is at sectors \(p.startSector)-\(p.endSector) (\(Size.human(p.sizeSectors * lss))); on the other disks at \(row.startSector)-\(row.startSector + row.sizeSectors - 1) (\(Size.human(row.sizeBytes)))"))
        }
        guard let array = result?.arrays.first(where: { $0.members.contains(row.device) }) else { return }
        let foreign = p.signatures.filter { !Identity.isOwnSuperblock($0, of: array.spec, host: plan.host) }
        if !foreign.isEmpty {
            drift.append(Drift(.content, row.device, "carries \(foreign.map(\.described).joined(separator: ", ")), not only the superblock of \(array.name)"))
        } else if !p.signatures.contains(where: \.isRaidMember) {
            drift.append(Drift(.content, row.device, "carries no md superblock of \(array.name)"))
        }
    }

    /// What the planner would still do on the filled-in disks. Assembling is
    /// the array's condition (not running), and so is a format that can only
    /// be checked once the array runs.
    mutating func checkPending() {
        guard let result else { return }
        let assembled = Set(result.actions.filter { $0.kind == .assembleArray }.map(\.device))
        for a in result.actions where a.kind != .assembleArray {
            if [.makeSwap, .makeFilesystem].contains(a.kind), assembled.contains(a.device) { continue }
            let kind: Drift.Kind = a.formats ? .content : .pending
            drift.append(Drift(kind, a.device, "the plan would: \(a.summary)"))
        }
    }
}
