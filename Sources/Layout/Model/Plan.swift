/// The plan a user wrote, validated: the planner's second input.
public struct Plan: Sendable, Codable, Equatable {
    /// Home host of every array (`--homehost`), and the first half of array names (`xen1:root`).
    public var host: String
    public var disks: [String]
    public var label: TableType
    public var firmware: Firmware
    /// Host arrays first, then guests, in the order written (the partition order).
    public var arrays: [ArraySpec]
    /// A root file system archive (`image: PATH`, a tar archive, compressed or not) that apply
    /// installs on the host's file systems, with fstab, mdadm.conf, initramfs and a boot loader on every disk.
    public var image: String?
    /// Where mdadm's monitor reports (`alerts:`): written into the host's mdadm.conf.
    public var alerts: Alerts?
    /// Line of the `disks` key, for errors about the disks.
    public var disksLine: Int?
    /// The named sets of disks (`disks:` as a mapping); nil for one list. `disks` is then every
    /// set's disks, in set order.
    public var sets: [DiskSet]?
    /// true for the plan of a set other than the first (`subplan`): its disks do not boot the
    /// host (no bios_grub partition, no boot loader).
    public var bootless: Bool?
    /// Whether these disks boot the host.
    public var boots: Bool { bootless != true }
    /// Line of each top-level key the file writes (`label`, `firmware`, ...), for errors the planner finds.
    public var keyLines: [String: Int]?
    /// How many of `disks`, the last ones, are hot spares (`spares:`) in a plan with one list of
    /// disks (or a set's plan): every array gets a spare member on each; nil for none.
    public var spares: Int?

    public init(host: String, disks: [String], label: TableType = .gpt, firmware: Firmware = .bios, arrays: [ArraySpec], disksLine: Int? = nil) {
        self.host = host
        self.disks = disks
        self.label = label
        self.firmware = firmware
        self.arrays = arrays
        self.disksLine = disksLine
    }

    /// The disks a command acts on: the plan's, or `--disk`'s in their place, one per disk, in order.
    public func disks(given override: [String]?) throws(PlanError) -> [String] {
        guard let override else { return disks }
        guard override.count == disks.count else {
            throw PlanError(line: disksLine, key: "disks", "the plan names \(disks.count) disks but --disk gave \(override.count); give one --disk per disk, in order")
        }
        return override
    }

    /// How many disks hold an active member of every array: the disks that are not spares.
    public var memberCount: Int { disks.count - (spares ?? 0) }

    /// The spares among `paths` (the plan's disks, or `--disk`'s in their place): the last ones.
    public func spareDisks(among paths: [String]) -> Set<String> { Set(paths.suffix(spares ?? 0)) }

    /// The line of the top-level key that `key` (`label`, `disks`, `arrays[2].size`) lies under, if the file writes it.
    public func line(of key: String?) -> Int? {
        guard let key else { return nil }
        let top = key.prefix { $0.isLetter }
        return top == "disks" ? disksLine ?? keyLines?["disks"] : keyLines?[String(top)]
    }
}

public enum Firmware: String, Sendable, Codable, Equatable, CaseIterable {
    /// GPT disks get a 1 MiB `bios_grub` partition each for GRUB's core image.
    case bios
    /// An EFI system partition on RAID1 with metadata 1.0, so firmware reads each member as plain FAT.
    case uefi
    /// Both: a bios_grub partition and an ESP, GRUB for each, for a server that may be switched
    /// between legacy and UEFI boot.
    case both

    /// Legacy boot: GRUB's boot code in each disk's MBR, its core in a bios_grub partition (GPT).
    public var bootsBIOS: Bool { self != .uefi }
    /// UEFI boot: an ESP on RAID1 (metadata 1.0) with GRUB at the removable path.
    public var bootsUEFI: Bool { self != .bios }
}

public enum Format: String, Sendable, Codable, Equatable, CaseIterable {
    case swap, ext4, xfs, vfat
    /// Raw: the array is left unformatted (every guest array).
    case raw = "none"
}

public enum RaidLevel: Int, Sendable, Codable, Equatable, CaseIterable {
    case raid0 = 0, raid1 = 1, raid5 = 5, raid6 = 6, raid10 = 10

    public var name: String { "raid\(rawValue)" }
    public var displayName: String { "RAID\(rawValue)" }
    public var isRedundant: Bool { self != .raid0 }
    public var usesChunk: Bool { self != .raid1 }

    public var minimumDisks: Int {
        switch self {
        case .raid0, .raid1, .raid10: 2
        case .raid5: 3
        case .raid6: 4
        }
    }

    /// How many members' worth of space carries data, for `disks` members.
    /// RAID10 uses md's default layout n2: two copies of every chunk.
    public func dataMembers(disks n: Int) -> Double {
        switch self {
        case .raid0: Double(n)
        case .raid1: 1
        case .raid5: Double(n - 1)
        case .raid6: Double(n - 2)
        case .raid10: Double(n) / 2
        }
    }
}

/// One array: a host array (swap, /boot, /, ESP) or a raw guest array.
public struct ArraySpec: Sendable, Codable, Equatable {
    public var name: String
    /// N in /dev/mdN.
    public var md: Int
    /// Usable data size: each member gets `size / data members` (RAID1: `size`).
    /// nil means `rest`: everything left on the smallest disk.
    public var sizeBytes: UInt64?
    public var format: Format
    public var mount: String?
    /// File system or swap label; defaults to the array's name.
    public var fsLabel: String?
    public var level: RaidLevel
    /// Chunk size in bytes for levels that stripe; nil for RAID1.
    public var chunkBytes: UInt64?
    /// md superblock format: `1.2` (start of member), or `1.0` (end of member; /boot and ESP);
    /// `1.1` and `0.90` for existing arrays.
    public var metadata: String
    /// The array's UUID (32 hex digits, lower case, no separators) when the plan ties the entry
    /// to an existing array by it: it then matches that array whatever its name or metadata.
    public var uuid: String?
    public var isGuest: Bool
    /// The set of disks it lives on (`on:`); nil: the first set.
    public var set: String?
    /// Line in the plan file where the entry starts.
    public var line: Int?

    public init(name: String, md: Int, sizeBytes: UInt64?, format: Format = .raw, mount: String? = nil, fsLabel: String? = nil,
                level: RaidLevel = .raid1, chunkBytes: UInt64? = nil, metadata: String = "1.2", uuid: String? = nil, isGuest: Bool = false, line: Int? = nil) {
        self.name = name
        self.md = md
        self.sizeBytes = sizeBytes
        self.format = format
        self.mount = mount
        self.fsLabel = fsLabel
        self.level = level
        self.chunkBytes = chunkBytes
        self.metadata = metadata
        self.uuid = uuid
        self.isGuest = isGuest
        self.line = line
    }

    public var device: String { "/dev/md\(md)" }
    public var isESP: Bool { mount == "/boot/efi" }
    public var label: String { fsLabel ?? name }
}

/// A plan file that cannot be used: names the file, the line and the key at fault.
public struct PlanError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String?
    public var line: Int?
    /// Set for text that is not read as YAML: the column on `line`, counted from 1.
    public var column: Int?
    /// Dotted path of the key at fault: `arrays[2].size`.
    public var key: String?
    public var message: String

    public init(file: String? = nil, line: Int? = nil, column: Int? = nil, key: String? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    /// This error with the line of its key's top-level key, when it has no line and the file writes that key.
    public func located(in plan: Plan) -> PlanError {
        var e = self
        e.line = line ?? plan.line(of: key)
        return e
    }

    public var description: String {
        var where_ = file ?? "plan"
        if let line { where_ += ":\(line)" }
        if line != nil, let column { where_ += ":\(column)" }
        if let key { return "\(where_): \(key): \(message)" }
        return "\(where_): \(message)"
    }
}
