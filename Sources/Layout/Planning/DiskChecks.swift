/// What the planner requires of the disks themselves before it looks at
/// what is on them: each disk once, and one logical sector size for all.
extension Planner {
    static func checkDiskIdentity(_ disks: [DiskInfo], _ plan: Plan, _ options: PlannerOptions) throws(PlanError) {
        // Paths from --disk are checked as the command line's, the plan's as its `disks` line.
        let (line, key) = options.disks == nil ? (plan.disksLine, "disks") : (nil, "--disk")
        for (j, b) in disks.enumerated() {
            for a in disks[..<j] {
                if a.path == b.path { throw PlanError(line: line, key: key, "\(a.path) is given twice; a mirror needs each disk once") }
                if let why = Self.sameDisk(a, b) {
                    throw PlanError(line: line, key: key, "\(a.path) and \(b.path) are one disk (\(why)); a mirror needs each disk once")
                }
            }
        }
        let sizes = Set(disks.map(\.logicalSectorSize))
        guard sizes.count == 1 else {
            let list = disks.map { "\($0.path): \($0.logicalSectorSize)" }.joined(separator: ", ")
            throw PlanError(line: line, key: key, "the disks' logical sector sizes differ (\(list) bytes); members must be identical in bytes and in sectors, so all disks need one logical sector size")
        }
    }

    /// Why `a` and `b` hold the same bytes, or nil when they are two disks.
    static func sameDisk(_ a: DiskInfo, _ b: DiskInfo) -> String? {
        if let x = a.identity, let y = b.identity {
            if x.id == y.id { return "both are \(x.id)" }
            if let file = x.backingFile, file == y.id { return "\(a.path) is a loop device on the image file \(b.path)" }
            if let file = y.backingFile, file == x.id { return "\(b.path) is a loop device on the image file \(a.path)" }
            if let file = x.backingFile, file == y.backingFile { return "both are loop devices on \(file)" }
            return nil
        }
        // An inventory saved without identities: the resolved paths still tell a symlink.
        return a.resolvedPath == b.resolvedPath ? "both are \(a.resolvedPath)" : nil
    }

    /// A spare must hold every member partition of its set: it is at least as large as the
    /// smallest disk with members (`disks` are the present ones, `spares` the spare disks' paths).
    static func checkSpareSizes(_ plan: Plan, _ disks: [DiskInfo], spares: Set<String>) throws(PlanError) {
        guard !spares.isEmpty else { return }
        let members = disks.filter { !spares.contains($0.path) }
        guard let smallest = members.min(by: { $0.sizeBytes < $1.sizeBytes }) else { return }
        for d in disks where spares.contains(d.path) && d.sizeBytes < smallest.sizeBytes {
            throw PlanError(line: plan.line(of: "spares"), key: "spares",
                            "the spare \(d.path) (\(Size.human(d.sizeBytes))) is smaller than the members' disks (\(smallest.path): \(Size.human(smallest.sizeBytes))); "
                                + "a spare must hold every member it may replace. Nothing was written.")
        }
    }
}
