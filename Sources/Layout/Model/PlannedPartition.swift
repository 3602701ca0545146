/// A partition the planner wants on one disk, in the disk's logical sectors.
/// The same value drives the dry-run text and the libparted write.
public struct PlannedPartition: Sendable, Codable, Equatable {
    public var number: Int
    public var startSector: UInt64
    public var sizeSectors: UInt64
    public var kind: PartitionKind
    public var role: PartitionRole
    /// GPT partition name (ties a member to its array); nil on msdos.
    public var name: String?

    public init(number: Int, startSector: UInt64, sizeSectors: UInt64, kind: PartitionKind = .primary, role: PartitionRole, name: String? = nil) {
        self.number = number
        self.startSector = startSector
        self.sizeSectors = sizeSectors
        self.kind = kind
        self.role = role
        self.name = name
    }

    public var endSector: UInt64 { startSector + sizeSectors - 1 }
}

/// What a partition is for; decides its type id and flags.
public enum PartitionRole: String, Sendable, Codable, Equatable {
    /// Member of an MD array: GPT type Linux RAID, MBR id 0xfd, libparted flag `raid`.
    case raidMember
    /// Member of the ESP's RAID1 (metadata 1.0): typed EFI System so firmware
    /// finds it and reads it as plain FAT; libparted flag `esp`.
    case espMember
    /// 1 MiB BIOS boot partition for GRUB on GPT: flag `bios_grub`.
    case biosGrub
    /// Container for logical partitions on msdos: MBR id 0x05.
    case extended

    /// GPT partition type GUID (lower case).
    public var gptTypeGUID: String? {
        switch self {
        case .raidMember: "a19d880f-05fc-4d3b-a006-743f0f84911e"
        case .espMember: "c12a7328-f81f-11d2-ba4b-00a0c93ec93b"
        case .biosGrub: "21686148-6449-6e6f-744e-656564454649"
        case .extended: nil
        }
    }

    public var mbrType: UInt8 {
        switch self {
        case .raidMember: 0xfd
        case .espMember: 0xef
        case .biosGrub: 0xef  // never used: bios_grub exists on GPT only
        case .extended: 0x05
        }
    }

    /// libparted flag names set on the partition.
    public var flags: [String] {
        switch self {
        case .raidMember: ["raid"]
        case .espMember: ["esp"]
        case .biosGrub: ["bios_grub"]
        case .extended: []
        }
    }

    /// The type's name, as the probe names it too (`PartitionTypes`).
    public var displayName: String {
        gptTypeGUID.flatMap(PartitionTypes.name(gpt:)) ?? PartitionTypes.name(mbr: mbrType) ?? "0x" + String(mbrType, radix: 16)
    }
}
