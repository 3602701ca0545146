/// What of a plan already exists on its disks, found by identity, never by
/// position: a partition belongs to an entry when its GPT name (`md2-root`) or
/// the md superblock on it (`host:name`) says so. Anything else on a disk that
/// `--wipe` does not name is foreign, and refused.
struct ExistingPartitions: Sendable {
    /// Per entry index: its partition on each disk, in disk order.
    var entries: [Int: [PartitionInfo]] = [:]
    /// The bios_grub partition on each disk, in disk order.
    var biosGrub: [PartitionInfo]?
    /// The extended partition on each disk (msdos), in disk order.
    var extended: [PartitionInfo]?
}

enum Identity {
    /// What an existing partition is to a plan.
    enum Owner: Hashable { case entry(Int), biosGrub, extended }

    /// Which part of the plan an existing partition is: the extended partition, the BIOS boot
    /// partition (GPT), or the member of the first entry it `matches`; nil for what the plan does not describe.
    static func owner(of part: PartitionInfo, _ plan: Plan) -> Owner? {
        if part.kind == .extended { return .extended }
        if plan.label == .gpt, part.flags.contains("bios_grub") || part.typeGUID == PartitionRole.biosGrub.gptTypeGUID { return .biosGrub }
        return plan.arrays.indices.first { matches(part, plan.arrays[$0], host: plan.host) }.map(Owner.entry)
    }

    /// Whether an existing partition is the member of an entry: by `uuid:` if the entry has one,
    /// else its GPT name or the array name in its md superblock.
    static func matches(_ part: PartitionInfo, _ spec: ArraySpec, host: String) -> Bool {
        if let byUUID = matchesUUID(part, spec) { return byUUID }
        if let name = part.name, name == Planner.memberName(spec) { return true }
        let mdName = Planner.arrayName(host: host, spec)
        return part.signatures.contains { $0.isRaidMember && $0.label == mdName }
    }

    /// Matches every partition on the disks that are not wiped to the plan; refuses foreign content
    /// (of every disk at once), a member that carries something else, and what exists on some disks
    /// but not on all.
    static func existing(_ plan: Plan, disks: [DiskInfo], wiped: Set<String>, inventory: Inventory = Inventory(disks: [])) throws(PlanError) -> ExistingPartitions {
        var found = Found()
        var foreign: [(disk: String, what: [String])] = []
        for d in disks where !wiped.contains(d.path) {
            let what = try scan(d, plan, into: &found) + foreignArrays(on: d, plan, inventory)
            if !what.isEmpty { foreign.append((d.path, what)) }
        }
        if !foreign.isEmpty { throw refusal(foreign) }
        return try found.mirrored(plan, disks: disks, live: disks.filter { !wiped.contains($0.path) }.count)
    }

    /// Foreign content, disk by disk, and the --wipe of each.
    static func refusal(_ foreign: [(disk: String, what: [String])]) -> PlanError {
        let text = foreign.map { "\($0.disk) holds what the plan does not describe:\n  - " + $0.what.joined(separator: "\n  - ") }
        let wipes = foreign.map { "--wipe \($0.disk)" }.joined(separator: " ")
        let them = foreign.count == 1 ? "it and use the disk" : "it and use the disks"
        return PlanError(key: "disks", text.joined(separator: "\n") + "\nNothing was written. To destroy \(them), pass \(wipes).")
    }

    /// What was found, per disk path, before the disks are compared.
    private struct Found {
        var entries: [Int: [String: PartitionInfo]] = [:]
        var biosGrub: [String: PartitionInfo] = [:]
        var extended: [String: PartitionInfo] = [:]

        /// The partitions each disk holds alike; an error for what only some disks hold.
        func mirrored(_ plan: Plan, disks: [DiskInfo], live: Int) throws(PlanError) -> ExistingPartitions {
            var out = ExistingPartitions()
            for (i, byDisk) in entries.sorted(by: { $0.key < $1.key }) {
                let missing = disks.filter { byDisk[$0.path] == nil }
                if !missing.isEmpty {
                    let spares = plan.spareDisks(among: disks.map(\.path))
                    let how = missing.count > 1 || !spares.contains(missing[0].path) ? ""
                        : "; diskplan replace-disk PLAN --new \(missing[0].path) gives the spare its partitions and adds its members (to a running array, as hot spares)"
                    throw PlanError(line: plan.arrays[i].line, key: plan.entryKey(i),
                                    "exists on \(byDisk.keys.sorted().joined(separator: ", ")) but not on \(missing.map(\.path).joined(separator: ", ")); replacing a disk is not something a plan does" + how)
                }
                out.entries[i] = disks.map { byDisk[$0.path]! }
            }
            if !biosGrub.isEmpty {
                guard biosGrub.count == live, live == disks.count else {
                    throw PlanError(key: "firmware", "only some disks have a bios_grub partition")
                }
                out.biosGrub = disks.map { biosGrub[$0.path]! }
            }
            if !extended.isEmpty {
                guard extended.count == disks.count else { throw PlanError(key: "label", "only some disks have an extended partition") }
                let parts = disks.map { extended[$0.path]! }
                try Identity.sameGeometry(parts, on: disks, what: "the extended partition", line: nil, key: "label")
                out.extended = parts
            }
            return out
        }
    }

    /// Sorts the partitions of one disk into `found`; returns what the plan does not describe.
    private static func scan(_ d: DiskInfo, _ plan: Plan, into found: inout Found) throws(PlanError) -> [String] {
        var foreign = d.signatures.map { "whole disk: \($0.described)" }
        guard let t = d.table else { return foreign }
        guard t.type == plan.label.rawValue else {
            return foreign + ["a \(t.type) partition table (the plan wants \(plan.label.rawValue))"]
        }
        for part in t.partitions {
            switch owner(of: part, plan) {
            case .extended: found.extended[d.path] = part; continue
            case .biosGrub: found.biosGrub[d.path] = part; continue
            case .entry(let i):
                if let other = found.entries[i]?[d.path] {
                    throw PlanError(line: plan.arrays[i].line, key: plan.entryKey(i), "\(d.path) has two partitions for it (\(other.number) and \(part.number))")
                }
                try checkMemberSignatures(part, entry: i, on: d, plan)
                found.entries[i, default: [:]][d.path] = part
                continue
            case nil: break
            }
            let what = part.signatures.isEmpty ? "no signature" : part.signatures.map(\.described).joined(separator: ", ")
            foreign.append("partition \(part.number) (\(Size.human(part.sizeBytes(d))), \(part.name.map { "name '\($0)', " } ?? "")\(what))")
        }
        return foreign
    }

    /// Whether `s` is an md superblock of the entry's own array: by `uuid:` if the entry has one, else by name.
    static func isOwnSuperblock(_ s: Signature, of spec: ArraySpec, host: String) -> Bool {
        s.isRaidMember && (spec.uuid.map { ArrayUUID.same(s.uuid, $0) } ?? (s.label == Planner.arrayName(host: host, spec)))
    }

    /// A member may carry its own array's superblock and nothing else.
    static func checkMemberSignatures(_ part: PartitionInfo, entry i: Int, on d: DiskInfo, _ plan: Plan) throws(PlanError) {
        let spec = plan.arrays[i]
        for s in part.signatures {
            if isOwnSuperblock(s, of: spec, host: plan.host) { continue }
            throw PlanError(line: spec.line, key: plan.entryKey(i), "partition \(part.number) on \(d.path) is named for it but carries \(s.described); refusing to reuse it")
        }
    }

    /// Mirrored partitions must have the same number, start and size in bytes on every disk.
    static func sameGeometry(_ parts: [PartitionInfo], on disks: [DiskInfo], what: String, line: Int?, key: String) throws(PlanError) {
        let geo = zip(disks, parts).map { d, p in (p.number, p.startSector * UInt64(d.logicalSectorSize), p.sizeBytes(d)) }
        guard geo.allSatisfy({ $0 == geo[0] }) else {
            let text = zip(disks, geo).map { "\($0.path): #\($1.0) at \($1.1) bytes, \(Size.human($1.2))" }.joined(separator: "; ")
            throw PlanError(line: line, key: key, "\(what) differs between disks (\(text)); mirrored members must be identical")
        }
    }

    /// The array the kernel runs for entry `i`: the one with its name (`host:name`), wherever
    /// the kernel put it (/dev/md127 for an array udev assembled with a foreign homehost) —
    /// never one whose members merely happen to be the planned partitions. Refuses an array
    /// of that name on other disks, and another array on the entry's /dev/mdN.
    /// An entry with `uuid:` is the running array with that UUID.
    static func runningArray(_ inventory: Inventory, entry i: Int, _ plan: Plan, disks: [DiskInfo]) throws(PlanError) -> RunningArray? {
        let spec = plan.arrays[i]
        let named = runningArray(inventory, spec, host: plan.host)
        if spec.uuid != nil { return named }
        let name = Planner.arrayName(host: plan.host, spec)
        let ours = Set(disks.map(\.resolvedPath))
        // Running with no member on the plan's disks: another server's array (a member on a failed
        // disk beside members on the plan's disks is still this one, degraded).
        if let a = named, !a.memberDisks.isEmpty, Set(a.memberDisks).isDisjoint(with: ours) {
            throw PlanError(line: spec.line, key: plan.entryKey(i), "an array named '\(name)' already runs from disks this plan does not use: \(a.described)")
        }
        if named == nil, let other = inventory.arrays.first(where: { $0.device == spec.device }) {
            throw PlanError(line: spec.line, key: "\(plan.entryKey(i)).md", "\(spec.device) is taken by another array: \(other.described). "
                + "Nothing was written. Stop it (mdadm --stop \(other.device)), wipe the disks it is on, or give this entry another md number.")
        }
        return named
    }

    /// Arrays the kernel runs with a member on disk `d` that belong to no plan entry.
    static func foreignArrays(on d: DiskInfo, _ plan: Plan, _ inventory: Inventory) -> [String] {
        let names = Set(plan.arrays.map { Planner.arrayName(host: plan.host, $0) })
        let uuids = plan.arrays.compactMap(\.uuid)
        return inventory.arrays.filter { a in
            a.memberDisks.contains(d.resolvedPath) && !(a.name.map(names.contains) ?? false) && !uuids.contains { ArrayUUID.same($0, a.uuid) }
        }
            .map { "array \($0.described) runs with a member on this disk" }
    }
}

extension Plan {
    /// How errors name entry `i`: `arrays 'root'`, `guests 'web1'`.
    func entryKey(_ i: Int) -> String {
        let spec = arrays[i]
        return "\(spec.isGuest ? "guests" : "arrays") '\(spec.name)'"
    }
}

extension PartitionInfo {
    func sizeBytes(_ d: DiskInfo) -> UInt64 { sizeSectors * UInt64(d.logicalSectorSize) }
}
