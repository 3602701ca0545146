/// What of the kept devices the live host uses right now, for the dry run; and
/// the writes apply must never make: a table entry or signature of a device in use.
public enum InUse {
    /// `result` with every kept partition and array that is in use marked: `(in use: mounted on /)`.
    public static func marked(_ result: PlanResult, inventory: Inventory) -> PlanResult {
        guard !inventory.uses.isEmpty else { return result }
        let target = result.target
        var usesByDevice: [String: [DeviceUse]] = [:]
        for d in target.disks {
            let node = inventory.disk(d.path)?.resolvedPath ?? d.path
            for p in d.partitions where p.state == .exists {
                usesByDevice[p.device, default: []] += inventory.uses.filter { $0.disk == node && $0.partition == p.number }
            }
        }
        for a in target.arrays {
            if let r = a.running { usesByDevice[a.md, default: []] += inventory.uses(of: r.device) }
        }
        var out = result
        for (k, item) in out.kept.enumerated() {
            guard let uses = usesByDevice[item.device], !uses.isEmpty else { continue }
            if item.summary.contains(" on \(item.device)") { continue }  // the format line of an array: its array line carries the mark
            out.kept[k].summary += " (in use: " + uses.map(describe).joined(separator: ", ") + ")"
        }
        return out
    }

    /// `mounted on /`, `swap`, `open by pid 812 (qemu-system-x86)`, `held by md127`.
    static func describe(_ u: DeviceUse) -> String {
        switch u.kind {
        case .mounted: "mounted on \(u.holder)"
        case .swap: "swap"
        case .holder: "held by \(u.holder)"
        case .open: "open by \(u.holder)"
        }
    }

    /// The actions that would write a table entry or a signature of a device in use, each with why.
    public static func refusals(_ actions: [Action], inventory all: Inventory) -> [String] {
        // What the actions release themselves (`--wipe` stops the old arrays first) does not count.
        let stopped = Set(actions.filter { $0.kind == .stopArray }.map(\.device))
        var inventory = all
        inventory.uses = all.uses.filter { !$0.isReleased(byStopping: stopped) }
        var out: [String] = []
        for a in actions {
            if case .createTable(_, let disk) = a.operation, let d = inventory.disk(disk) {
                let busy = inventory.uses.filter { $0.disk == d.resolvedPath || $0.device == d.resolvedPath }
                if let u = busy.first { out.append("\(a.summary): \(u.description)") }
            }
            for r in a.zeroed {
                guard let d = inventory.disk(r.disk) else { continue }
                for u in usesOverlapping(r, d, inventory: inventory) { out.append("\(a.summary): \(u.description)") }
            }
        }
        return out
    }

    /// The uses of the whole disk, or of a partition that the byte range touches.
    static func usesOverlapping(_ r: ByteRange, _ d: DiskInfo, inventory: Inventory) -> [DeviceUse] {
        let lss = UInt64(d.logicalSectorSize)
        let touched = Set((d.table?.partitions ?? []).filter { p in
            p.kind != .extended && p.startSector * lss < r.offset + r.length && r.offset < (p.startSector + p.sizeSectors) * lss
        }.map(\.number))
        return inventory.uses.filter { u in
            (u.device == d.resolvedPath && u.partition == nil) || (u.disk == d.resolvedPath && u.partition.map(touched.contains) == true)
        }
    }
}
