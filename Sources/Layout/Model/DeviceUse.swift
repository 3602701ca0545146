/// Something that holds a block device right now, so that nothing may write
/// its signature or table entry: a mount, active swap, a device stacked on it
/// (device-mapper: LVM, LUKS; or an md array), or a process that has it open
/// (a running guest). Found by the probe on the live system; empty for image
/// files.
public struct DeviceUse: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, Equatable {
        case mounted, swap, holder, open
    }

    /// The kernel's node of the held device: `/dev/vda2`, `/dev/md127`.
    public var device: String
    /// For a partition or whole disk: the whole disk's node (`/dev/vda`); nil for arrays.
    public var disk: String?
    /// For a partition: its number on `disk`.
    public var partition: Int?
    public var kind: Kind
    /// What holds it: the mount point, `dm-0 (LVM vg0-data)`, `md127`, `pid 812 (qemu-system-x86)`.
    public var holder: String
    /// What the admin runs to release it: `umount /mnt`, `swapoff /dev/md0`, `vgchange -an vg0`.
    public var release: String
    /// true when it only reads: a read-only mount, or a process that has it open read-only.
    /// nil (the JSON leaves it out) for a use that writes or may write.
    public var readOnly: Bool?

    public init(device: String, disk: String? = nil, partition: Int? = nil, kind: Kind, holder: String, release: String, readOnly: Bool? = nil) {
        self.device = device
        self.disk = disk
        self.partition = partition
        self.kind = kind
        self.holder = holder
        self.release = release
        self.readOnly = readOnly
    }

    /// Whether stopping the md arrays `stopped` (their nodes) releases this use: the use of
    /// one of them, or one of them holding this device.
    public func isReleased(byStopping stopped: Set<String>) -> Bool {
        stopped.contains(device) || (kind == .holder && stopped.contains("/dev/\(holder)"))
    }

    /// `/dev/md127 is mounted on /mnt (release: umount /mnt)`.
    public var description: String {
        let what = switch kind {
        case .mounted: "is mounted on \(holder)"
        case .swap: "is active swap"
        case .holder: "is held by \(holder)"
        case .open: "is open by \(holder)"
        }
        return "\(device) \(what) (release: \(release))"
    }
}
