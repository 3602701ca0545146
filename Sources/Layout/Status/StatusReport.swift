/// What `diskplan status` reads from the machine: the disks that could be
/// probed, why the others could not, and the state of every md array.
public struct MachineState: Sendable, Codable, Equatable {
    /// The plan's disks that could be read, and the running arrays.
    public var inventory: Inventory
    /// Disk path -> why it could not be read (absent, unreadable).
    public var unreadable: [String: String]
    public var md: [MDState]
    /// This system's host name (short), when known: on another system than the plan's host
    /// (a rescue system) md gives the arrays other nodes, which is no drift.
    public var hostName: String?
    /// The text of this system's mdadm.conf; nil when it has none.
    public var mdadmConf: String?

    public init(inventory: Inventory, unreadable: [String: String] = [:], md: [MDState], hostName: String? = nil, mdadmConf: String? = nil) {
        self.inventory = inventory
        self.unreadable = unreadable
        self.md = md
        self.hostName = hostName
        self.mdadmConf = mdadmConf
    }
}

/// Health of every array of a plan and how the disks drifted from it.
public struct StatusReport: Sendable, Codable, Equatable {
    public var plan: String?
    public var host: String
    public var disks: [String]
    /// Every array of the plan, in plan order.
    public var arrays: [ArrayHealth]
    /// Arrays the kernel runs that the plan does not describe.
    public var unplannedArrays: [ArrayHealth]
    public var drift: [Drift]
    /// What is worth knowing and is neither ill health nor drift (an array that runs under
    /// another node on a system that is not the plan's host).
    public var notes: [Drift]

    public init(plan: String?, host: String, disks: [String], arrays: [ArrayHealth], unplannedArrays: [ArrayHealth], drift: [Drift], notes: [Drift] = []) {
        self.plan = plan
        self.host = host
        self.disks = disks
        self.arrays = arrays
        self.unplannedArrays = unplannedArrays
        self.drift = drift
        self.notes = notes
    }

    /// Every array of the plan runs with all its members in sync (a resync or check may run).
    public var healthy: Bool { arrays.allSatisfy(\.healthy) }
    public var asPlanned: Bool { drift.isEmpty }
    /// 0 healthy and as planned, 2 degraded or drifted.
    public var exitStatus: Int32 { healthy && asPlanned ? 0 : 2 }
    /// Some array resyncs, recovers, checks or reshapes, or waits for another to finish first.
    public var syncing: Bool { (arrays + unplannedArrays).contains { $0.progress.map { $0.phase != .pending } ?? false } }
}

public struct ArrayHealth: Sendable, Codable, Equatable {
    public enum Condition: String, Sendable, Codable, Equatable, CaseIterable {
        case clean, resyncing, checking, repairing, reshaping
        /// A member is missing or faulty and md rebuilds onto another.
        case recovering
        /// A member is missing or faulty; nothing rebuilds.
        case degraded
        /// md stopped using the array (RAID0 or linear with a member gone).
        case broken
        /// The md device exists with members, but the array is not started.
        case inactive
        /// Its members are there, no md device runs it.
        case notRunning = "not_running"
        /// The plan's entry is not on the disks at all.
        case notCreated = "not_created"

        public var isHealthy: Bool { [.clean, .resyncing, .checking, .repairing, .reshaping].contains(self) }
        public var words: String { rawValue.split(separator: "_").joined(separator: " ") }
    }

    /// `/dev/md2`
    public var md: String
    /// `xen1:root`
    public var name: String?
    public var level: String?
    public var condition: Condition
    /// md's `array_state`.
    public var arrayState: String?
    public var sizeBytes: UInt64?
    /// md's count of slots without a working member.
    public var degradedSlots: Int?
    public var progress: SyncProgress?
    public var mismatchSectors: UInt64?
    public var members: [MemberHealth]
    public var healthy: Bool

    public init(md: String, name: String?, level: String?, condition: Condition, arrayState: String? = nil, sizeBytes: UInt64? = nil,
                degradedSlots: Int? = nil, progress: SyncProgress? = nil, mismatchSectors: UInt64? = nil, members: [MemberHealth] = []) {
        self.md = md
        self.name = name
        self.level = level
        self.condition = condition
        self.arrayState = arrayState
        self.sizeBytes = sizeBytes
        self.degradedSlots = degradedSlots
        self.progress = progress
        self.mismatchSectors = mismatchSectors
        self.members = members
        self.healthy = condition.isHealthy
    }

    /// An array as md shows it, with no plan to compare it to: every member is one the plan does not name.
    public init(_ s: MDState, name: String?) {
        self.init(md: s.device, name: name, level: s.level, condition: Status.condition(s), arrayState: s.arrayState,
                  sizeBytes: s.isRunning ? s.sizeBytes : nil, degradedSlots: s.degraded, progress: s.sync.map(SyncProgress.init),
                  mismatchSectors: s.mismatchSectors,
                  members: s.members.map { MemberHealth(device: $0.device, state: Status.memberState($0), slot: $0.slot, planned: false) })
    }

    /// `md2` for `/dev/md2`.
    public var shortName: String { md.hasPrefix("/dev/") ? String(md.dropFirst(5)) : md }
}

public struct MemberHealth: Sendable, Codable, Equatable {
    public enum State: String, Sendable, Codable, Equatable, CaseIterable {
        /// In sync, in its slot.
        case active
        /// In a slot, being rebuilt.
        case rebuilding
        /// In the array without a slot.
        case spare
        case faulty
        /// Planned, but not in the array.
        case missing
    }

    /// The partition as the plan names it; the kernel's name for members the plan does not have.
    public var device: String
    public var state: State
    public var slot: Int?
    /// The plan names this member.
    public var planned: Bool
    /// true where the plan names it as a hot spare (it may have taken over a slot since).
    public var spare: Bool?

    public init(device: String, state: State, slot: Int? = nil, planned: Bool = true, spare: Bool? = nil) {
        self.device = device
        self.state = state
        self.slot = slot
        self.planned = planned
        self.spare = spare
    }
}

/// One way the disks differ from the plan.
public struct Drift: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, Equatable, CaseIterable {
        /// A disk of the plan cannot be read, or holds none of the plan's partitions.
        case missingDisk = "missing_disk"
        /// An array of the plan is not on the disks.
        case missingArray = "missing_array"
        /// A member partition is on some disks, not on this one.
        case missingPartition = "missing_partition"
        /// A partition no entry of the plan describes.
        case undescribedPartition = "undescribed_partition"
        /// An array the kernel runs that the plan does not describe.
        case unplannedArray = "unplanned_array"
        /// A member whose size differs from the plan or from its mirror on another disk.
        case size
        /// An array with another level, member count, md device or members than planned.
        case array
        /// Something on a disk or member that the plan does not put there, or a format that is missing.
        case content
        /// Anything else the plan would still do.
        case pending
        /// A disk that cannot boot on its own: GRUB's boot code is missing from it.
        case boot
    }

    public var kind: Kind
    /// The disk, partition or md device concerned.
    public var device: String
    public var message: String

    public init(_ kind: Kind, _ device: String, _ message: String) {
        self.kind = kind
        self.device = device
        self.message = message
    }
}
