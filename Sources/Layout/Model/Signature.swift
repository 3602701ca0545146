/// A superblock or magic found by libblkid.
public struct Signature: Sendable, Codable, Equatable {
    /// blkid TYPE: `ext4`, `swap`, `vfat`, `linux_raid_member`, `LVM2_member`, `crypto_LUKS`, ...
    public var type: String
    /// blkid USAGE: `filesystem`, `raid`, `crypto`, `other`.
    public var usage: String?
    public var uuid: String?
    /// For an md member: UUID_SUB, the member's own id.
    public var subUUID: String?
    /// For an md member with metadata 1.x: the array name (`host:name`).
    public var label: String?
    /// blkid VERSION: `1.2`, `0.90.0`, `1.0`, ...
    public var version: String?
    /// For an md member with metadata 1.x: the superblock's event count. mdadm --create writes 0;
    /// the kernel counts up from the moment it starts the array, so 0 proves the array never ran.
    public var events: UInt64?
    /// For a file system on an array: why its creation did not finish (never mounted, and it does
    /// not check clean), as the probe found; nil when it is complete or was mounted once.
    public var unfinished: String?
    /// For an md member: the array's level as its superblock records it (`raid1`), as md's sysfs names it.
    public var level: String?
    /// For an md member with metadata 0.90: the minor number its superblock prefers (`0` for /dev/md0).
    public var preferredMinor: Int?
    /// For a RAID1 member: what its data area holds (the array's content, read through this member
    /// without assembling anything); nil when not looked at.
    public var content: [Signature]?

    public init(type: String, usage: String? = nil, uuid: String? = nil, subUUID: String? = nil, label: String? = nil, version: String? = nil,
                events: UInt64? = nil, unfinished: String? = nil, level: String? = nil, preferredMinor: Int? = nil, content: [Signature]? = nil) {
        self.type = type
        self.usage = usage
        self.uuid = uuid
        self.subUUID = subUUID
        self.label = label
        self.version = version
        self.events = events
        self.unfinished = unfinished
        self.level = level
        self.preferredMinor = preferredMinor
        self.content = content
    }

    public var isRaidMember: Bool { type == "linux_raid_member" }
}

extension Signature {
    /// What a reviewer reads about a signature, the one way every output writes it:
    /// `ext4 (label 'data', UUID u-1)`, `md member (metadata 1.2, array xen1:root, UUID ...)`.
    public var described: String { text(all: false) }

    /// The same with every identity the probe found: a file system's version and an md member's
    /// own UUID (`sub-UUID`), as `diskplan probe` shows it.
    public var detailed: String { text(all: true) }

    func text(all: Bool) -> String {
        if usage == "partition table", let label { return label }
        var extra: [String] = []
        if isRaidMember {
            extra.append("metadata \(version ?? "?")")
            if let label { extra.append("array \(label)") }
        } else {
            if all, let version { extra.append("version \(version)") }
            if let label { extra.append("label '\(label)'") }
        }
        if let uuid { extra.append("UUID \(uuid)") }
        if all, let subUUID { extra.append("sub-UUID \(subUUID)") }
        let what = isRaidMember ? "md member" : type
        return extra.isEmpty ? what : what + " (" + extra.joined(separator: ", ") + ")"
    }
}
