/// One step of a plan. The dry run prints it; apply executes it. Both read the
/// same value, so what runs is what was shown.
///
/// What the step does, with the data it needs, is its `operation`; what every
/// step has (the device it changes, its text, its command) is stored once here.
/// What a kind means beyond that sits beside it: `Action+Kind.swift` (its name
/// and tone), `Action+Writes.swift` (what it writes to), `Action+Codable.swift`
/// (its JSON).
public struct Action: Sendable, Equatable {
    public enum Operation: Sendable, Equatable {
        /// Stop an array that has members on a disk to wipe (`mdadm --stop`).
        case stopArray
        /// Zero the table areas of a disk and the ends of its old partitions (`--wipe DISK`).
        case wipeDisk(disk: String, ranges: [ByteRange])
        case createTable(TableType, disk: String)
        case createPartition(PlannedPartition, disk: String)
        /// Zero the first and last MiB of new member partitions: old file systems, swap, and md superblocks (0.90/1.0 sit at the end).
        case wipeSignatures([ByteRange], array: String?)
        case createArray(array: String)
        /// Start an array whose members already carry its superblocks (an interrupted run, a rescue system that did not assemble it).
        case assembleArray(array: String)
        case makeSwap(array: String)
        case makeFilesystem(array: String)
        /// Make again a file system whose mkfs a cut interrupted (`Signature.unfinished`): mkfs with its force flag.
        case remakeFilesystem(array: String)
        /// Mark an old member faulty and take it out of its array (`mdadm MD --fail DEV --remove DEV`).
        case removeMember(String, array: String)
        /// Start an array assembled from too few members (`mdadm --run MD`): degraded, it stays inactive otherwise.
        case startArray(array: String)
        /// Add a new member to a running array (`mdadm MD --add DEV`); md rebuilds onto it.
        case addMember(String, array: String)
        /// Write the boot loader to a disk (`grub-install DISK`), or to the ESP for UEFI; in the
        /// host's root when `host` is there (it records the step), else on the running host.
        case installBootloader(disk: String?, host: InstallStep?)
        /// A UEFI boot entry for a disk's ESP member (`efibootmgr --create`), where there are EFI variables.
        case addBootEntry(disk: String, part: Int, label: String, host: InstallStep?)
        /// Mount the host's file systems in mount order under a private directory, with /dev, /proc, /sys and /run bound.
        case mountHost(InstallStep)
        /// Extract the plan's image into the host's file systems (empty ones, or one this install started).
        case extractImage(InstallStep)
        /// The host's /etc/fstab: every planned mount and the swap, by UUID.
        case writeFstab(InstallStep)
        /// The host's /etc/mdadm/mdadm.conf: HOMEHOST and every array of the plan, by UUID and name.
        case writeMdadmConf(InstallStep)
        /// Rebuild the host's initramfs, so early boot assembles the arrays.
        case updateInitramfs(InstallStep)
        /// The host's boot menu (`update-grub`).
        case writeBootMenu(InstallStep)
        /// Unmount what `mount_host` mounted.
        case unmountHost(InstallStep)
    }

    public var operation: Operation
    /// The device the action changes: a disk, partition or md device.
    public var device: String
    /// What a reviewer reads: `Create partition /dev/sdb3 (30.00 GiB)`.
    public var summary: String
    /// The exact command line, where a command runs.
    public var argv: [String]?
    /// The libparted change or byte ranges, where no command runs.
    public var detail: String?

    public init(_ operation: Operation, device: String, summary: String, argv: [String]? = nil, detail: String? = nil) {
        self.operation = operation
        self.device = device
        self.summary = summary
        self.argv = argv
        self.detail = detail
    }

    /// The kind's name, as the JSON and the journal write it.
    public var kind: Kind { operation.kind }
}

public struct ByteRange: Sendable, Codable, Equatable {
    public var disk: String
    public var offset: UInt64
    public var length: UInt64

    public init(disk: String, offset: UInt64, length: UInt64) {
        self.disk = disk
        self.offset = offset
        self.length = length
    }
}

/// Something that is already there and that the plan keeps as it is.
public struct KeptItem: Sendable, Codable, Equatable {
    public var device: String
    public var summary: String

    public init(device: String, summary: String) {
        self.device = device
        self.summary = summary
    }
}
