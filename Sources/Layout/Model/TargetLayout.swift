/// What the disks should hold once a plan is applied: pure geometry and
/// identity, no actions. `Planner.target(plan, inventory:)` computes it;
/// `Planner.diff(target, inventory:)` turns the difference between it and the
/// inventory into the actions of a dry run.
///
/// Every disk holds the same mirrored partitions: the i-th partition of every
/// disk has the same number, the same start and the same size in bytes (its
/// sectors are counted in that disk's own logical sectors).
public struct TargetLayout: Sendable, Codable, Equatable {
    /// The plan's host: `--homehost` and the first half of every array's name.
    public var host: String
    public var label: TableType
    public var firmware: Firmware
    /// Partitions start and end on multiples of this many bytes: the least
    /// common multiple of the disks' optimal alignment, 1 MiB at least.
    public var grainBytes: UInt64
    /// In the plan's disk order (after `--disk`).
    public var disks: [TargetDisk]
    /// One per plan entry, in plan order: `arrays[i].entry == i`.
    public var arrays: [TargetArray]
    /// The largest piece of free space common to all disks once the plan is
    /// applied (where a later guest can go), in bytes, not rounded to the grain.
    public var largestFreeBytes: UInt64
    /// Arrays the kernel runs with a member on a disk `--wipe` names: stopped before the wipe.
    public var stopping: [RunningArray]
    /// The plan's disks that are absent or failed (`--degraded`): not in `disks`; `missing` in each array's slot for them.
    public var missing: [MissingDisk] = []
    /// What the reviewer should know about how the target was reached (a degraded start, an interrupted table write).
    public var notes: [String] = []
    /// The root file system archive installed on the host's file systems (`image:`), if the plan names one.
    public var image: String?
    /// The plan's `alerts:`, for the host's mdadm.conf.
    public var alerts: Alerts?
    /// The host's file systems are made anew and the image installed again; the guests stay as they are.
    public var reinstallHost = false
    /// For a plan with sets of disks: each set's disks, grain and free space; empty for one list.
    public var sets: [TargetSet] = []

    public init(host: String, label: TableType, firmware: Firmware, grainBytes: UInt64, disks: [TargetDisk], arrays: [TargetArray], largestFreeBytes: UInt64,
                stopping: [RunningArray] = []) {
        self.stopping = stopping
        self.host = host
        self.label = label
        self.firmware = firmware
        self.grainBytes = grainBytes
        self.disks = disks
        self.arrays = arrays
        self.largestFreeBytes = largestFreeBytes
    }
}

/// One disk as the plan wants it.
public struct TargetDisk: Sendable, Codable, Equatable {
    public var path: String
    public var sizeBytes: UInt64
    public var logicalSectorSize: Int
    public var physicalSectorSize: Int
    /// The table type the disk holds (the plan's label).
    public var table: TableType
    /// The disk gets a new, empty table first: it has none, or `--wipe` names it.
    public var newTable: Bool
    /// `--wipe` names the disk: what is on it is destroyed first.
    public var wiped: Bool
    /// Every partition the disk will hold, by start (an extended partition before the first logical one).
    public var partitions: [TargetPartition]
    /// Bytes beyond the smallest disk that mirrored members cannot use.
    public var unusedBytes: UInt64
    /// The set it belongs to, in a plan with sets of disks.
    public var set: String?
    /// true on a set that does not boot the host (no bios_grub, no boot loader).
    public var bootless: Bool?
    /// true for a hot spare (`spares:`): laid out as the other disks, its partitions spares of the arrays.
    public var spare: Bool?

    public init(path: String, sizeBytes: UInt64, logicalSectorSize: Int, physicalSectorSize: Int, table: TableType, newTable: Bool,
                wiped: Bool, partitions: [TargetPartition], unusedBytes: UInt64) {
        self.path = path
        self.sizeBytes = sizeBytes
        self.logicalSectorSize = logicalSectorSize
        self.physicalSectorSize = physicalSectorSize
        self.table = table
        self.newTable = newTable
        self.wiped = wiped
        self.partitions = partitions
        self.unusedBytes = unusedBytes
    }
}

/// One partition of a disk as the plan wants it.
public struct TargetPartition: Sendable, Codable, Equatable {
    public enum State: String, Sendable, Codable, Equatable {
        /// On the disk already, and kept as it is.
        case exists
        /// To be created.
        case new
    }

    public var number: Int
    /// The partition's device: `/dev/sda3`, `/dev/nvme0n1p3`, `IMAGE#3` (see `Planner.partitionDevice`).
    public var device: String
    /// In the disk's logical sectors.
    public var startSector: UInt64
    public var sizeSectors: UInt64
    public var startBytes: UInt64
    public var sizeBytes: UInt64
    public var kind: PartitionKind
    /// What it is for: an array member, the ESP's member, bios_grub, the extended container.
    public var role: PartitionRole
    /// Its GPT name: for a new one the name it gets (`md2-root`, `bios_grub`), for
    /// an existing one the name found on this disk; nil on msdos.
    public var name: String?
    /// The plan entry (index into `Plan.arrays` and `TargetLayout.arrays`) it is a member of;
    /// nil for bios_grub and the extended partition.
    public var entry: Int?
    public var state: State

    public init(number: Int, device: String, startSector: UInt64, sizeSectors: UInt64, startBytes: UInt64, sizeBytes: UInt64,
                kind: PartitionKind, role: PartitionRole, name: String?, entry: Int?, state: State) {
        self.number = number
        self.device = device
        self.startSector = startSector
        self.sizeSectors = sizeSectors
        self.startBytes = startBytes
        self.sizeBytes = sizeBytes
        self.kind = kind
        self.role = role
        self.name = name
        self.entry = entry
        self.state = state
    }

    public var endSector: UInt64 { startSector + sizeSectors - 1 }

    /// The same partition as libparted writes it.
    public var planned: PlannedPartition {
        PlannedPartition(number: number, startSector: startSector, sizeSectors: sizeSectors, kind: kind, role: role, name: name)
    }
}

/// One md array as the plan wants it, and what of it exists.
public struct TargetArray: Sendable, Codable, Equatable {
    public enum State: Sendable, Codable, Equatable {
        /// Nothing of it exists: its members are wiped at both ends and it is created.
        case new
        /// Its members carry its superblocks, but the kernel does not run it.
        case stopped
        /// The kernel runs it; what it reports.
        case running(array: RunningArray)
    }

    /// Index of its entry in `Plan.arrays`.
    public var entry: Int
    public var spec: ArraySpec
    /// `/dev/mdN`.
    public var md: String
    /// The name mdadm records: `host:name`.
    public var name: String
    public var level: RaidLevel
    /// md superblock format: `1.2` or `1.0`.
    public var metadata: String
    /// For levels that stripe; nil for RAID1.
    public var chunkBytes: UInt64?
    /// An internal write-intent bitmap (every redundant level).
    public var bitmap: Bool
    public var format: Format
    public var mount: String?
    public var guest: Bool
    /// Its member's partition number, the same on every disk.
    public var memberNumber: Int
    /// Where each member starts on its disk, in bytes (the same on every disk).
    public var memberStartBytes: UInt64
    /// Its member partition on each disk, in disk order.
    public var members: [String]
    /// Its spare member partition on each spare disk (`spares:`), in disk order; nil for none.
    public var spares: [String]?
    /// The mdadm.conf `spare-group` of an array with spares: its set's name (`default` for one
    /// list of disks), so that mdadm's monitor may move a spare between the set's arrays.
    public var spareGroup: String?
    public var memberBytes: UInt64
    /// mdadm's size for these members, by its rules (`MDGeometry.arrayBytes`).
    public var estimatedBytes: UInt64
    public var state: State
    /// An earlier `mdadm --create` of it that a cut stopped (state `new`: it is made again).
    public var interrupted: InterruptedCreate?

    public init(entry: Int, spec: ArraySpec, host: String, memberNumber: Int, memberStartBytes: UInt64, members: [String],
                memberBytes: UInt64, state: State) {
        self.entry = entry
        self.spec = spec
        self.md = spec.device
        self.name = Planner.arrayName(host: host, spec)
        self.level = spec.level
        self.metadata = spec.metadata
        self.chunkBytes = spec.chunkBytes
        self.bitmap = spec.level.isRedundant
        self.format = spec.format
        self.mount = spec.mount
        self.guest = spec.isGuest
        self.memberNumber = memberNumber
        self.memberStartBytes = memberStartBytes
        self.members = members
        self.memberBytes = memberBytes
        self.estimatedBytes = MDGeometry.arrayBytes(memberBytes: memberBytes, level: spec.level, disks: members.count,
                                                    metadata: spec.metadata, chunkBytes: spec.chunkBytes)
        self.state = state
    }

    /// The array as the kernel runs it, if it does.
    public var running: RunningArray? {
        if case .running(let a) = state { return a }
        return nil
    }

    /// Its members, then its spares: every partition of it, in disk order.
    public var allMembers: [String] { members + (spares ?? []) }

    /// `, spare /dev/sdc4` (or `, spares A, B`) for the summaries; nothing without spares.
    public var spareText: String {
        spares.map { ", spare\($0.count == 1 ? "" : "s") " + $0.joined(separator: ", ") } ?? ""
    }

    /// Whether the array exists (running, or its members carry its superblocks).
    public var exists: Bool { state != .new }

    /// The node the array runs as: the planned one, or another (udev assembles an array
    /// whose homehost is not this system's as /dev/md127, md126, ...).
    public var device: String { running?.device ?? md }

    /// Its size: what the kernel reports when it runs (an inactive array reports 0), else the estimate.
    public var sizeBytes: UInt64 { running.map(\.sizeBytes).flatMap { $0 > 0 ? $0 : nil } ?? estimatedBytes }
}
