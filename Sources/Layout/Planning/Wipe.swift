/// `--wipe DISK`: start the disk afresh, step by step, and only when nothing
/// uses what is on it.
///
/// Every array the kernel runs with a member on a wiped disk is stopped
/// first; then the ends of every old partition (md superblocks of every
/// version, file systems, LVM and LUKS headers), the disk's first MiB (MBR,
/// primary GPT, a whole-disk 1.1/1.2 superblock) and its last MiB (backup GPT,
/// a whole-disk 0.90/1.0 superblock) are zeroed. Refused, with nothing
/// written, while anything above the disk is in use (mounted, swap, a
/// device-mapper holder, a process), or when an array to stop also has
/// members on a disk that is kept.
enum Wipe {
    /// The running arrays with a member on a wiped disk: they are stopped. Throws when one of
    /// them, or anything on a wiped disk, is in use, or an array spans wiped and kept disks.
    static func arraysToStop(_ inventory: Inventory, disks: [DiskInfo], wiped: Set<String>) throws(PlanError) -> [RunningArray] {
        let wipedDisks = disks.filter { wiped.contains($0.path) }
        guard !wipedDisks.isEmpty else { return [] }
        let nodes = Set(wipedDisks.map(\.resolvedPath))
        let stops = inventory.arrays.filter { !Set($0.memberDisks).isDisjoint(with: nodes) }
        for a in stops {
            let kept = a.memberDisks.filter { !nodes.contains($0) }
            if !kept.isEmpty {
                throw PlanError(key: "--wipe", "array \(a.described) has members on a disk to wipe and on \(kept.joined(separator: ", ")), which is kept; "
                    + "wiping would break it. Nothing was written. Wipe every disk it uses, or stop it yourself (mdadm --stop \(a.device)) if that is what you want.")
            }
        }
        let stopped = Set(stops.map(\.device))
        var inUse = inventory.uses.filter { u in
            guard let disk = u.disk, nodes.contains(disk) else { return false }
            return !(u.kind == .holder && u.isReleased(byStopping: stopped))
        }
        inUse += stops.flatMap { inventory.uses(of: $0.device) }
        if !inUse.isEmpty {
            let names = wipedDisks.map(\.path).joined(separator: ", ")
            throw PlanError(key: "--wipe", "\(names) cannot be wiped while something uses what is on it:\n  - "
                + inUse.map { u in u.description + (stopped.contains(u.device) ? " [array \(stops.first { $0.device == u.device }!.described)]" : "") }
                    .joined(separator: "\n  - ")
                + "\nNothing was written. Release them, then run diskplan again.")
        }
        return stops
    }

    /// `mdadm --stop` for each array with a member on a wiped disk.
    static func stopActions(_ stops: [RunningArray]) -> [Action] {
        stops.map { a in
            Action(.stopArray, device: a.device,
                   summary: "Stop \(a.levelName) \(a.device) '\(a.name ?? "no name")' (members \(a.members.joined(separator: ", "))): it has members on a disk to wipe",
                   argv: ["mdadm", "--stop", a.device])
        }
    }

    /// The erase steps of one wiped disk: each old partition's ends, then the table areas
    /// and whole-disk signatures. `newRanges` (the ends of the partitions the plan creates there)
    /// are zeroed in the same step, before the new table exists, so udev finds nothing old
    /// to assemble on a new partition.
    static func eraseActions(_ d: DiskInfo, newRanges: [ByteRange]) -> [Action] {
        let lss = UInt64(d.logicalSectorSize)
        var out: [Action] = []
        for p in d.table?.partitions ?? [] where p.kind != .extended {
            let start = p.startSector * lss, len = p.sizeSectors * lss
            var ranges = [ByteRange(disk: d.path, offset: start, length: min(Size.MiB, len))]
            if len > Size.MiB { ranges.append(ByteRange(disk: d.path, offset: start + len - Size.MiB, length: Size.MiB)) }
            let device = Planner.partitionDevice(d, p.number)
            let what = p.signatures.isEmpty ? "no signature found" : p.signatures.map(\.described).joined(separator: ", ")
            out.append(Action(.wipeDisk(disk: d.path, ranges: ranges), device: device,
                              summary: "Erase old partition \(device) (\(Size.human(len)), \(what))",
                              detail: "zero its first and last MiB (md superblocks 0.90/1.0/1.1/1.2, file systems, swap, LVM, LUKS): "
                                  + ranges.map { "\($0.offset)+\($0.length)" }.joined(separator: ", ")))
        }
        var found: [String] = []
        if let t = d.table { found.append("\(t.type) table with \(t.partitions.count) partition(s)") }
        found += d.signatures.map(\.described)
        let ends = [ByteRange(disk: d.path, offset: 0, length: Size.MiB), ByteRange(disk: d.path, offset: d.sizeBytes - Size.MiB, length: Size.MiB)]
        out.append(Action(.wipeDisk(disk: d.path, ranges: ends + newRanges), device: d.path,
                          summary: "Erase \(d.path)\(found.isEmpty ? "" : " (\(found.joined(separator: ", ")))"): MBR, both GPT headers and whole-disk signatures",
                          detail: "zero the first MiB (MBR, primary GPT, md 1.1/1.2) and the last MiB (backup GPT, md 0.90/1.0)"
                              + (newRanges.isEmpty ? "" : ", and both ends of each new partition's place")))
        return out
    }
}

extension RunningArray {
    /// `/dev/md127 'rescue:0' (raid1, members /dev/vda2 /dev/vdb2)`.
    public var described: String {
        let id = name.map { "'\($0)'" } ?? uuid.map { "UUID \($0)" } ?? "without name"
        return "\(device) \(id) (\(level.isEmpty ? "inactive" : level), members \(members.joined(separator: " ")))"
    }

    /// `RAID1`, or `md array` when the kernel reports no level (an inactive array).
    var levelName: String { level.hasPrefix("raid") ? "RAID" + level.dropFirst(4) : level.isEmpty ? "inactive md array" : level }
}
