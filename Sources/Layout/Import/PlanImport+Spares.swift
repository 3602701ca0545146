/// `import` of disks that hold hot spares: a disk whose every member md holds as a spare
/// (no slot) is written under `spares:`, after the disks of its set.
extension PlanImport {
    /// The order of `disks` with the spare disks last, and how many there are. A disk is a spare
    /// when every array on the disks runs and holds its member there as a spare (md's own view,
    /// from sysfs); at least two disks with active members must remain.
    static func sparesLast(_ disks: [DiskInfo], arrays: [Found]) -> (disks: [Int], spares: Int) {
        let spare = disks.indices.filter { k in
            !arrays.isEmpty && arrays.allSatisfy { a in
                guard let r = a.live, let p = a.parts[k] else { return false }
                let node = Planner.partitionDevice(DiskInfo(path: disks[k].resolvedPath, isBlockDevice: true, sizeBytes: 0), p.number)
                return r.spares?.contains(node) == true
            }
        }
        guard !spare.isEmpty, disks.count - spare.count >= 2 else { return (Array(disks.indices), 0) }
        return (disks.indices.filter { !spare.contains($0) } + spare, spare.count)
    }

    /// `spares:` of the plan: a list for one list of disks, each set's list for sets.
    static func spareLines(_ spares: [String], sets: [(name: String, paths: [String], spares: [String])]) -> [String] {
        if sets.isEmpty {
            return spares.isEmpty ? [] : ["spares: [\(spares.joined(separator: ", "))]  # md holds every member on them as a hot spare"]
        }
        let withSpares = sets.filter { !$0.spares.isEmpty }
        guard !withSpares.isEmpty else { return [] }
        return ["spares:  # md holds every member on them as a hot spare"] + withSpares.map { "  \($0.name): [\($0.spares.joined(separator: ", "))]" }
    }
}

extension PlanImport.Piece {
    var memberPaths: [String] { Array(paths.dropLast(spares)) }
    var sparePaths: [String] { Array(paths.suffix(spares)) }
}
