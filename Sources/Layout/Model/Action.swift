/// One step of a plan. The dry run prints it; apply executes it. Both read the
/// same value, so what runs is what was shown.
public struct Action: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, Equatable {
        /// Stop an array that has members on a disk to wipe (`mdadm --stop`).
        case stopArray = "stop_array"
        /// Zero the table areas of a disk and the ends of its old partitions (`--wipe DISK`).
        case wipeDisk = "wipe_disk"
        case createTable = "create_table"
        case createPartition = "create_partition"
        /// Zero the first and last MiB of new member partitions: old file systems, swap, and md superblocks (0.90/1.0 sit at the end).
        case wipeSignatures = "wipe_signatures"
        case createArray = "create_array"
        /// Start an array whose members already carry its superblocks (an interrupted run, a rescue system that did not assemble it).
        case assembleArray = "assemble_array"
        case makeSwap = "make_swap"
        case makeFilesystem = "make_filesystem"
        /// Make again a file system whose mkfs a cut interrupted (`Signature.unfinished`): mkfs with its force flag.
        case remakeFilesystem = "remake_filesystem"
        /// Mark an old member faulty and take it out of its array (`mdadm MD --fail DEV --remove DEV`).
        case removeMember = "remove_member"
        /// Start an array assembled from too few members (`mdadm --run MD`): degraded, it stays inactive otherwise.
        case startArray = "start_array"
        /// Add a new member to a running array (`mdadm MD --add DEV`); md rebuilds onto it.
        case addMember = "add_member"
        /// Write the boot loader to a disk (`grub-install DISK`), or to the ESP for UEFI.
        case installBootloader = "install_bootloader"
        /// A UEFI boot entry for a disk's ESP member (`efibootmgr --create`), where there are EFI variables.
        case addBootEntry = "add_boot_entry"
        /// Mount the host's file systems in mount order under a private directory, with /dev, /proc, /sys and /run bound.
        case mountHost = "mount_host"
        /// Extract the plan's image into the host's file systems (empty ones, or one this install started).
        case extractImage = "extract_image"
        /// The host's /etc/fstab: every planned mount and the swap, by UUID.
        case writeFstab = "write_fstab"
        /// The host's /etc/mdadm/mdadm.conf: HOMEHOST and every array of the plan, by UUID and name.
        case writeMdadmConf = "write_mdadm_conf"
        /// Rebuild the host's initramfs, so early boot assembles the arrays.
        case updateInitramfs = "update_initramfs"
        /// The host's boot menu (`update-grub`).
        case writeBootMenu = "write_boot_menu"
        /// Unmount what `mount_host` mounted.
        case unmountHost = "unmount_host"
    }

    public var kind: Kind
    /// The device the action changes: a disk, partition or md device.
    public var device: String
    /// What a reviewer reads: `Create partition /dev/sdb3 (30.00 GiB)`.
    public var summary: String
    /// The exact command line, where a command runs.
    public var argv: [String]?
    /// The libparted change or byte ranges, where no command runs.
    public var detail: String?
    /// For partition-table actions: the disk whose table changes.
    public var disk: String?
    /// For `createTable`.
    public var table: TableType?
    /// For `createPartition`.
    public var partition: PlannedPartition?
    /// For wipes: byte ranges `(disk, offset, length)` to zero.
    public var ranges: [ByteRange]?
    /// For array and format actions: the array's name, so apply can check whether it is already done.
    public var array: String?
    /// For member actions: the member partition added or removed.
    public var member: String?
    /// For the steps that install the host: what they work on.
    public var install: InstallStep?

    public init(kind: Kind, device: String, summary: String, argv: [String]? = nil, detail: String? = nil, disk: String? = nil,
                table: TableType? = nil, partition: PlannedPartition? = nil, ranges: [ByteRange]? = nil, array: String? = nil,
                member: String? = nil, install: InstallStep? = nil) {
        self.kind = kind
        self.device = device
        self.summary = summary
        self.argv = argv
        self.detail = detail
        self.disk = disk
        self.table = table
        self.partition = partition
        self.ranges = ranges
        self.array = array
        self.member = member
        self.install = install
    }
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
