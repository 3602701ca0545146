/// A disk of the plan that the probe could not use: absent (its path does not
/// exist) or failed (it cannot be opened or read, or it reports size 0).
public struct MissingDisk: Sendable, Codable, Equatable {
    public var path: String
    /// `does not exist`, `reports size 0 (failed, or no medium)`, `cannot be read: Input/output error`.
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}

/// A degraded start (`--degraded`): a disk of the plan is absent or failed at
/// install time. Without the flag it is refused, naming the disk; with it the
/// present disks are laid out as usual and every array is created with
/// mdadm's `missing` in the absent disk's slot, to be added when it arrives.
enum Degraded {
    /// The word mdadm takes for an empty slot.
    static let slot = "missing"

    /// The plan's missing disks by their index in the plan's disk order. Refuses them without
    /// `--degraded`, and with it when no disk is left or a level cannot run without them.
    static func missingSlots(_ plan: Plan, paths: [String], inventory: Inventory, options: PlannerOptions) throws(PlanError) -> [Int: MissingDisk] {
        var out: [Int: MissingDisk] = [:]
        for (k, path) in paths.enumerated() where inventory.disk(path) == nil {
            if let m = inventory.missing.first(where: { $0.path == path }) { out[k] = m }
        }
        guard !out.isEmpty else { return [:] }
        let (line, key) = options.disks == nil ? (plan.disksLine, "disks") : (nil, "--disk")
        let list = out.keys.sorted().map { "\(out[$0]!.path) \(out[$0]!.reason)" }.joined(separator: "; ")
        guard options.degraded else {
            throw PlanError(line: line, key: key, "\(list). Nothing was written. Connect the disk (or name another with --disk), "
                + "or pass --degraded to create the arrays without it and add it later.")
        }
        guard out.count < paths.count else { throw PlanError(line: line, key: key, "no disk of the plan can be used: \(list)") }
        let lost = out.keys.filter { $0 < plan.memberCount }.count
        for (i, spec) in plan.arrays.enumerated() where lost > spec.level.toleratedMissing(disks: plan.memberCount) {
            throw PlanError(line: spec.line, key: "\(plan.entryKey(i)).level",
                            "\(spec.level.displayName) of \(plan.memberCount) disks cannot run without \(lost) of them (\(list)); --degraded needs a level that survives the loss")
        }
        return out
    }

    /// Members in the plan's disk order: the present disks' partitions, `missing` in the missing disks' slots.
    static func members(_ present: [String], missing: [Int: MissingDisk]) -> [String] {
        var rest = present[...]
        return (0..<(present.count + missing.count)).map { k in missing[k] == nil ? rest.removeFirst() : slot }
    }

    /// `mdadm --assemble`'s members: the present ones, and `--run` to start the array without the missing ones.
    static func assembleArguments(_ members: [String]) -> [String] {
        members.contains(slot) ? ["--run"] + members.filter { $0 != slot } : members
    }

    /// What the dry run says about a degraded start, and how each missing disk joins later.
    static func notes(_ t: TargetLayout, planFile: String = "PLAN") -> [String] {
        guard let source = t.disks.first else { return [] }
        return t.missing.map { m in
            let created = t.arrays.filter { !$0.exists }.map(\.md)
            let adds = t.arrays.map { "mdadm \($0.device) --add \(Planner.partitionDevice(m.path, source, $0.memberNumber))" }
            return "Degraded: \(m.path) \(m.reason); "
                + (created.isEmpty ? "the arrays run without it. " : "\(created.joined(separator: ", ")) are created with `missing` in its slot. ")
                + "When the disk is there: `diskplan replace-disk \(planFile) --new \(m.path)` partitions it like \(source.path) and adds its members; "
                + "or by hand, after giving it \(source.path)'s partitions: " + adds.joined(separator: "; ") + "."
        }
    }
}

extension PlanResult {
    /// How each missing disk joins the arrays later, naming `planFile`; empty unless a disk is missing.
    public func joinLater(planFile: String) -> [String] { Degraded.notes(target, planFile: planFile) }
}

extension RaidLevel {
    /// How many of `n` members an array of this level can run without. RAID10 counts
    /// md's n2 layout as surviving one lost disk (two lost ones may hold both copies of a chunk).
    func toleratedMissing(disks n: Int) -> Int {
        switch self {
        case .raid0: 0
        case .raid1: n - 1
        case .raid5, .raid10: 1
        case .raid6: 2
        }
    }
}

extension Planner {
    /// The node of partition `number` on the missing disk at `path`. It was never probed:
    /// it is taken to be a block device unless the present disk `like` is an image file.
    static func partitionDevice(_ path: String, _ like: TargetDisk, _ number: Int) -> String {
        let file = like.partitions.first.map { $0.device.hasPrefix(like.path + "#") } ?? false
        return partitionDevice(DiskInfo(path: path, isBlockDevice: !file, sizeBytes: 0), number)
    }
}
