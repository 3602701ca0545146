/// What is on the machine: the probe's result, the planner's first input.
///
/// Every position and size of a partition is counted in the disk's *logical*
/// sectors (`logicalSectorSize` bytes each), as the partition table itself
/// counts them.
public struct Inventory: Sendable, Codable, Equatable {
    public var disks: [DiskInfo]
    /// MD arrays the running kernel knows (empty when probing image files).
    public var arrays: [RunningArray]
    /// What holds the disks, their partitions and the arrays right now (empty for image files).
    public var uses: [DeviceUse]
    /// Disks asked for that are absent or failed (not in `disks`); the planner refuses them unless `--degraded`.
    public var missing: [MissingDisk]
    /// What the probe read for installing the host (a plan with `image:` only).
    public var host: HostProbe?

    public init(disks: [DiskInfo], arrays: [RunningArray] = [], uses: [DeviceUse] = [], missing: [MissingDisk] = []) {
        self.disks = disks
        self.arrays = arrays
        self.uses = uses
        self.missing = missing
    }

    enum CodingKeys: String, CodingKey { case disks, arrays, uses, missing, host }

    /// `missing` only when a disk is: probe output and saved plans keep their shape.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(disks, forKey: .disks)
        try c.encode(arrays, forKey: .arrays)
        try c.encode(uses, forKey: .uses)
        if !missing.isEmpty { try c.encode(missing, forKey: .missing) }
        try c.encodeIfPresent(host, forKey: .host)
    }

    /// Inventories saved before `uses` existed still load.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        disks = try c.decode([DiskInfo].self, forKey: .disks)
        arrays = try c.decodeIfPresent([RunningArray].self, forKey: .arrays) ?? []
        uses = try c.decodeIfPresent([DeviceUse].self, forKey: .uses) ?? []
        missing = try c.decodeIfPresent([MissingDisk].self, forKey: .missing) ?? []
        host = try c.decodeIfPresent(HostProbe.self, forKey: .host)
    }

    /// The uses of `device` (a kernel node: `/dev/vda2`, `/dev/md127`).
    public func uses(of device: String) -> [DeviceUse] { uses.filter { $0.device == device } }

    public func disk(_ path: String) -> DiskInfo? { disks.first { $0.path == path } }
}

/// One disk (block device or image file) as probed.
public struct DiskInfo: Sendable, Codable, Equatable {
    public var path: String
    /// The device the path resolves to (`/dev/sda` for a by-id link); equal to `path` for files.
    public var resolvedPath: String
    public var isBlockDevice: Bool
    public var sizeBytes: UInt64
    public var logicalSectorSize: Int
    public var physicalSectorSize: Int
    /// Optimal alignment in logical sectors: partitions start at `offset + k * grain`.
    public var alignmentGrainSectors: UInt64
    public var alignmentOffsetSectors: UInt64
    public var model: String?
    public var serial: String?
    /// The partition table, or nil when the disk has none.
    public var table: PartitionTableInfo?
    /// Signatures on the whole disk outside any partition (file system, md member, LVM, ...).
    public var signatures: [Signature]
    /// Where its bytes live (device number, or file system and inode); nil in inventories saved without it.
    public var identity: DiskIdentity?

    public init(
        path: String, resolvedPath: String? = nil, isBlockDevice: Bool = false, sizeBytes: UInt64,
        logicalSectorSize: Int = 512, physicalSectorSize: Int = 512,
        alignmentGrainSectors: UInt64? = nil, alignmentOffsetSectors: UInt64 = 0,
        model: String? = nil, serial: String? = nil,
        table: PartitionTableInfo? = nil, signatures: [Signature] = [], identity: DiskIdentity? = nil
    ) {
        self.path = path
        self.resolvedPath = resolvedPath ?? path
        self.isBlockDevice = isBlockDevice
        self.sizeBytes = sizeBytes
        self.logicalSectorSize = logicalSectorSize
        self.physicalSectorSize = physicalSectorSize
        self.alignmentGrainSectors = alignmentGrainSectors ?? UInt64(1 << 20) / UInt64(logicalSectorSize)
        self.alignmentOffsetSectors = alignmentOffsetSectors
        self.model = model
        self.serial = serial
        self.table = table
        self.signatures = signatures
        self.identity = identity
    }

    public var sectorCount: UInt64 { sizeBytes / UInt64(logicalSectorSize) }

    /// Its ESP member: the partition typed EFI System (GPT), nil without one.
    public var espMember: PartitionInfo? {
        table?.partitions.first { $0.typeGUID?.lowercased() == PartitionRole.espMember.gptTypeGUID }
    }
}

public enum TableType: String, Sendable, Codable, Equatable, CaseIterable {
    case gpt
    case msdos
}

public struct PartitionTableInfo: Sendable, Codable, Equatable {
    /// `gpt`, `msdos`, or another libparted/libblkid name (`bsd`, `mac`, ...).
    public var type: String
    /// GPT disk GUID or MBR disk identifier (`0x8f8378c0` written as `8f8378c0`).
    public var id: String?
    public var firstUsableSector: UInt64
    public var lastUsableSector: UInt64
    public var partitions: [PartitionInfo]
    /// How many partitions the table can hold (GPT: its entry count, 128 unless made larger), if known.
    public var maxPartitions: Int?

    public init(type: String, id: String?, firstUsableSector: UInt64, lastUsableSector: UInt64, partitions: [PartitionInfo], maxPartitions: Int? = nil) {
        self.type = type
        self.id = id
        self.firstUsableSector = firstUsableSector
        self.lastUsableSector = lastUsableSector
        self.partitions = partitions
        self.maxPartitions = maxPartitions
    }

    public var tableType: TableType? { TableType(rawValue: type) }
}

public enum PartitionKind: String, Sendable, Codable, Equatable {
    case primary, extended, logical
}

public struct PartitionInfo: Sendable, Codable, Equatable {
    public var number: Int
    public var startSector: UInt64
    public var sizeSectors: UInt64
    public var kind: PartitionKind
    /// GPT partition type GUID (lower case).
    public var typeGUID: String?
    /// MBR partition id (0x83, 0xfd, ...).
    public var mbrType: UInt8?
    public var name: String?
    /// GPT partition GUID, or MBR `diskid-NN`.
    public var uuid: String?
    /// libparted flag names that are set (`raid`, `bios_grub`, `boot`, `esp`, ...).
    public var flags: [String]
    /// What the partition carries, as libblkid sees it.
    public var signatures: [Signature]

    public init(
        number: Int, startSector: UInt64, sizeSectors: UInt64, kind: PartitionKind = .primary,
        typeGUID: String? = nil, mbrType: UInt8? = nil, name: String? = nil, uuid: String? = nil,
        flags: [String] = [], signatures: [Signature] = []
    ) {
        self.number = number
        self.startSector = startSector
        self.sizeSectors = sizeSectors
        self.kind = kind
        self.typeGUID = typeGUID
        self.mbrType = mbrType
        self.name = name
        self.uuid = uuid
        self.flags = flags
        self.signatures = signatures
    }

    public var endSector: UInt64 { startSector + sizeSectors - 1 }
}

/// An MD array that the running kernel has assembled (from /sys/block/mdN/md).
public struct RunningArray: Sendable, Codable, Equatable {
    /// `/dev/md2`
    public var device: String
    /// `raid1`, `raid10`, ...
    public var level: String
    /// `1.2`, `1.0`, ...
    public var metadata: String
    /// Member block devices (`/dev/sda3`).
    public var members: [String]
    public var sizeBytes: UInt64
    /// The array's name from its superblock (`xen1:root`), if known.
    public var name: String?
    public var uuid: String?
    /// What the array itself carries (swap, ext4, ...), if anything.
    public var signatures: [Signature]
    /// The whole disk each member lies on (`/dev/vda` for `/dev/vda2`; the member itself if it is a whole disk), in `members` order; empty when unknown.
    public var memberDisks: [String]
    /// md's `array_state`: `clean`, `active`, `inactive` (assembled from too few members), `read-auto`, ...
    public var state: String?
    /// The members md holds as hot spares (no slot, not faulty); nil for none or unknown.
    public var spares: [String]?

    public init(device: String, level: String, metadata: String, members: [String], sizeBytes: UInt64, name: String? = nil, uuid: String? = nil,
                signatures: [Signature] = [], memberDisks: [String]? = nil, state: String? = nil) {
        self.device = device
        self.level = level
        self.metadata = metadata
        self.members = members
        self.sizeBytes = sizeBytes
        self.name = name
        self.uuid = uuid
        self.signatures = signatures
        self.memberDisks = memberDisks ?? []
        self.state = state
    }

    enum CodingKeys: String, CodingKey { case device, level, metadata, members, sizeBytes, name, uuid, signatures, memberDisks, state, spares }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        device = try c.decode(String.self, forKey: .device)
        level = try c.decode(String.self, forKey: .level)
        metadata = try c.decode(String.self, forKey: .metadata)
        members = try c.decode([String].self, forKey: .members)
        sizeBytes = try c.decode(UInt64.self, forKey: .sizeBytes)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        uuid = try c.decodeIfPresent(String.self, forKey: .uuid)
        signatures = try c.decodeIfPresent([Signature].self, forKey: .signatures) ?? []
        memberDisks = try c.decodeIfPresent([String].self, forKey: .memberDisks) ?? []
        state = try c.decodeIfPresent(String.self, forKey: .state)
        spares = try c.decodeIfPresent([String].self, forKey: .spares)
    }
}
