/// What the planner decided: the ordered actions, what is kept, and what the disks hold after
/// (the target, the one model of it: its disks and arrays are the layout the dry run shows).
public struct PlanResult: Sendable, Encodable, Equatable {
    public var host: String
    public var actions: [Action]
    public var kept: [KeptItem]
    /// Facts a reviewer should know: unused space on larger disks, free space left, ...
    public var notes: [String]
    /// What the disks should hold, from which the rest was derived.
    public var target: TargetLayout

    public init(host: String, actions: [Action], kept: [KeptItem], notes: [String], target: TargetLayout) {
        self.host = host
        self.actions = actions
        self.kept = kept
        self.notes = notes
        self.target = target
    }

    public var hasChanges: Bool { !actions.isEmpty }
    /// Each disk as it will be after the plan.
    public var disks: [TargetDisk] { target.disks }
    /// Each array as it will be after the plan, in plan order.
    public var arrays: [TargetArray] { target.arrays }

    enum CodingKeys: String, CodingKey {
        case host, disks, arrays, actions, kept, notes
    }

    /// The shape `plan --json` writes: the target's disks and arrays as their JSON views.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(host, forKey: .host)
        try c.encode(target.diskViews, forKey: .disks)
        try c.encode(arrays.map { TargetArray.JSON($0) }, forKey: .arrays)
        try c.encode(actions, forKey: .actions)
        try c.encode(kept, forKey: .kept)
        try c.encode(notes, forKey: .notes)
    }
}

/// The planner's options from the command line.
public struct PlannerOptions: Sendable, Equatable {
    /// Replaces the plan's disks, in order (`--disk`).
    public var disks: [String]?
    /// Disks whose foreign content may be destroyed (`--wipe DISK`).
    public var wipe: [String]
    /// Create the arrays without the plan's absent or failed disk, with mdadm's `missing` in its slot (`--degraded`).
    public var degraded: Bool
    /// Planning for replace-disk: the new disk's members are laid out from the others' and carry
    /// no superblock yet, so an array with its superblock on some members only is expected there.
    var replacing = false
    /// Make the host's file systems anew and install the plan's image again, keeping every guest (`--reinstall-host`).
    public var reinstallHost = false

    public init(disks: [String]? = nil, wipe: [String] = [], degraded: Bool = false) {
        self.disks = disks
        self.wipe = wipe
        self.degraded = degraded
    }
}
