/// What the planner decided: the ordered actions, what is kept, and the layout after.
public struct PlanResult: Sendable, Codable, Equatable {
    public var host: String
    public var disks: [DiskLayout]
    public var arrays: [PlannedArray]
    public var actions: [Action]
    public var kept: [KeptItem]
    /// Facts a reviewer should know: unused space on larger disks, free space left, ...
    public var notes: [String]
    /// What the disks should hold, from which the rest was derived. Not encoded
    /// (the result's JSON keeps its shape): nil in a decoded result.
    public var target: TargetLayout?

    public var hasChanges: Bool { !actions.isEmpty }

    enum CodingKeys: String, CodingKey {
        case host, disks, arrays, actions, kept, notes
    }
}

/// One disk as it will be after the plan.
public struct DiskLayout: Sendable, Codable, Equatable {
    public var path: String
    public var sizeBytes: UInt64
    public var logicalSectorSize: Int
    public var physicalSectorSize: Int
    public var label: TableType
    public var partitions: [LayoutRow]
    /// Space beyond the smallest disk that mirrored members cannot use.
    public var unusedBytes: UInt64
}

public struct LayoutRow: Sendable, Codable, Equatable {
    public enum State: String, Sendable, Codable, Equatable { case new, kept }

    public var number: Int
    public var device: String
    public var startSector: UInt64
    public var sizeSectors: UInt64
    public var sizeBytes: UInt64
    public var kind: PartitionKind
    /// `Linux RAID`, `BIOS boot`, `Extended`.
    public var type: String
    public var name: String?
    /// `md2 root (/)`.
    public var use: String
    public var state: State
}

public struct PlannedArray: Sendable, Codable, Equatable {
    public enum State: String, Sendable, Codable, Equatable { case new, kept }

    public var md: String
    /// The name mdadm records: `host:name`.
    public var name: String
    public var level: String
    public var metadata: String
    public var members: [String]
    public var memberBytes: UInt64
    /// mdadm's size for these members (estimated until the array exists).
    public var sizeBytes: UInt64
    public var chunkBytes: UInt64?
    public var bitmap: Bool
    public var format: String
    public var mount: String?
    public var guest: Bool
    /// The node the array runs as when it is not `md` (udev's /dev/md127 for a foreign homehost).
    public var runningAs: String? = nil
    public var state: State
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
