/// What `status` shows the planner: the plan's partitions as they should be on
/// every disk, with drift set aside, so that `Planner.plan` names every
/// planned array and member even when a disk is blank or unreadable, holds
/// partitions the plan does not describe, or members of another size. The
/// health check finds what was set aside by comparing the planner's layout
/// with the real disks.
struct StatusView {
    /// The plan's entries that are on at least one disk (the others are not
    /// created); an entry whose members differ in size from what the plan asks
    /// is taken at the size it has.
    var plan: Plan
    var inventory: Inventory
    /// md device -> bytes per member that the plan's size asks for (entries with a size).
    var requestedMemberBytes: [String: UInt64]

    static func make(_ plan: Plan, disks paths: [String], machine: MachineState) -> StatusView {
        let real = paths.map { machine.inventory.disk($0) }
        let found = real.map { d in d.map { planned(on: $0, plan) } ?? [] }
        // For each role, the partition on the first disk that has it.
        var reference: [Identity.Owner: (disk: DiskInfo, part: PartitionInfo)] = [:]
        var roles: [Identity.Owner] = []
        for (k, parts) in found.enumerated() {
            for (role, part) in parts where reference[role] == nil {
                reference[role] = (real[k]!, part)
                roles.append(role)
            }
        }
        // Status checks the disks and arrays; the install of the host (`image:`) is apply's, and its boot code `checkBoot`'s.
        var arraysOnly = plan
        arraysOnly.image = nil
        var view = StatusView(plan: arraysOnly, inventory: Inventory(disks: [], arrays: machine.inventory.arrays), requestedMemberBytes: [:])
        guard let template = roles.first.flatMap({ reference[$0]?.disk }) else {
            view.plan.arrays = []
            return view
        }
        view.inventory.disks = paths.indices.map { k in
            let base = real[k] ?? clone(template, as: paths[k])
            return filled(base, have: found[k], roles: roles, reference: reference, template: template, plan: plan)
        }
        view.requestedMemberBytes = requested(plan, disks: view.inventory.disks, paths: paths)
        view.plan.arrays = plan.arrays.indices.compactMap { i in
            guard let ref = reference[.entry(i)] else { return nil }
            var spec = plan.arrays[i]
            if let want = view.requestedMemberBytes[spec.device], want != ref.part.sizeSectors * UInt64(ref.disk.logicalSectorSize) {
                spec.sizeBytes = nil  // taken as it is; the health check reports the difference
            }
            return spec
        }
        return view
    }

    /// The partitions of a disk that the plan describes (the planner's `Identity.owner`), in table order,
    /// the first one per role; a member keeps only its own md superblock (anything else on it is drift).
    static func planned(on d: DiskInfo, _ plan: Plan) -> [(Identity.Owner, PartitionInfo)] {
        guard let t = d.table, t.type == plan.label.rawValue else { return [] }
        var seen: Set<Identity.Owner> = []
        var out: [(Identity.Owner, PartitionInfo)] = []
        for p in t.partitions {
            guard let role = Identity.owner(of: p, plan), seen.insert(role).inserted else { continue }
            var part = p
            if case let .entry(i) = role {
                part.signatures = p.signatures.filter { Identity.isOwnSuperblock($0, of: plan.arrays[i], host: plan.host) }
            }
            out.append((role, part))
        }
        return out
    }

    /// A disk that could not be read, shaped like the first disk that holds the plan.
    static func clone(_ template: DiskInfo, as path: String) -> DiskInfo {
        DiskInfo(path: path, isBlockDevice: template.isBlockDevice, sizeBytes: template.sizeBytes,
                 logicalSectorSize: template.logicalSectorSize, physicalSectorSize: template.physicalSectorSize,
                 alignmentGrainSectors: template.alignmentGrainSectors, alignmentOffsetSectors: template.alignmentOffsetSectors)
    }

    /// The disk with only the plan's partitions: each role at the reference's place,
    /// copied from the reference where the disk lacks it and its place is free.
    static func filled(_ d: DiskInfo, have: [(Identity.Owner, PartitionInfo)], roles: [Identity.Owner], reference: [Identity.Owner: (disk: DiskInfo, part: PartitionInfo)],
                       template: DiskInfo, plan: Plan) -> DiskInfo {
        var out = d
        let lss = UInt64(d.logicalSectorSize)
        let ownTable = d.table.flatMap { $0.type == plan.label.rawValue ? $0 : nil }
        let occupied = ownTable?.partitions ?? []
        var parts: [PartitionInfo] = []
        for role in roles {
            let (refDisk, ref) = reference[role]!
            let refLSS = UInt64(refDisk.logicalSectorSize)
            var want = ref
            want.startSector = ref.startSector * refLSS / lss
            want.sizeSectors = ref.sizeSectors * refLSS / lss
            if var mine = have.first(where: { $0.0 == role })?.1 {
                (mine.number, mine.startSector, mine.sizeSectors) = (want.number, want.startSector, want.sizeSectors)
                parts.append(mine)
            } else if !occupied.contains(where: { $0.number == want.number || ($0.startSector <= want.endSector && want.startSector <= $0.endSector) }) {
                want.uuid = nil
                parts.append(want)
            }
        }
        var table = ownTable ?? emptyTable(like: template, for: d, plan.label)
        table.partitions = parts.sorted { $0.number < $1.number }
        out.table = table
        out.signatures = []
        return out
    }

    static func emptyTable(like template: DiskInfo, for d: DiskInfo, _ label: TableType) -> PartitionTableInfo {
        let t = template.table!
        let (from, to) = (UInt64(template.logicalSectorSize), UInt64(d.logicalSectorSize))
        return PartitionTableInfo(
            type: label.rawValue, id: nil,
            firstUsableSector: t.firstUsableSector * from / to,
            lastUsableSector: min((t.lastUsableSector + 1) * from / to, d.sectorCount) - 1,
            partitions: [], maxPartitions: t.maxPartitions)
    }

    /// What the plan's sizes ask for each member: the planner's own answer on
    /// the same disks left blank. Empty when the plan does not fit them blank.
    static func requested(_ plan: Plan, disks: [DiskInfo], paths: [String]) -> [String: UInt64] {
        let blank = Inventory(disks: disks.map { d in
            var b = d
            b.table = nil
            return b
        })
        guard let fresh = try? Planner.plan(plan, inventory: blank, options: PlannerOptions(disks: paths)) else { return [:] }
        var out: [String: UInt64] = [:]
        for spec in plan.arrays where spec.sizeBytes != nil {
            out[spec.device] = fresh.arrays.first { $0.md == spec.device }?.memberBytes
        }
        return out
    }
}
