/// How the target reads in the dry run: what a partition is for, and the JSON that
/// `plan --json` and `apply --json` write of its disks and arrays (their shape is fixed:
/// strings for level, format and state, the first disk's GPT names on every disk).
extension TargetLayout {
    /// What a partition is for, as a reviewer reads it: `md2 root (/)`, `GRUB core (BIOS boot)`.
    public func use(_ entry: Int?, _ role: PartitionRole) -> String {
        guard let i = entry else { return role == .biosGrub ? "GRUB core (BIOS boot)" : "logical partitions" }
        let s = arrays[i].spec
        return "md\(s.md) \(s.name)" + (s.mount.map { " (\($0))" } ?? (s.format == .swap ? " (swap)" : s.isGuest ? " (guest, raw)" : ""))
    }

    /// The JSON of every disk after the plan.
    /// GPT names are the first disk's of the same set.
    var diskViews: [TargetDisk.JSON] {
        disks.map { d in TargetDisk.JSON(d, names: disks.first { $0.set == d.set } ?? d, target: self) }
    }
}

extension TargetDisk {
    /// One disk after the plan, as the JSON output writes it.
    struct JSON: Encodable {
        var path: String
        var sizeBytes: UInt64
        var logicalSectorSize: Int
        var physicalSectorSize: Int
        var label: TableType
        var partitions: [TargetPartition.JSON]
        var unusedBytes: UInt64
        /// The set of disks it belongs to; left out for a plan with one list of disks.
        var set: String?
        /// true for a hot spare; left out for the other disks.
        var spare: Bool?

        /// `names`: the disk whose GPT names are shown (the first).
        init(_ d: TargetDisk, names: TargetDisk, target: TargetLayout) {
            (path, sizeBytes, logicalSectorSize, physicalSectorSize, label, unusedBytes) =
                (d.path, d.sizeBytes, d.logicalSectorSize, d.physicalSectorSize, d.table, d.unusedBytes)
            set = d.set
            spare = d.spare
            partitions = d.partitions.enumerated().map { j, p in
                TargetPartition.JSON(number: p.number, device: p.device, startSector: p.startSector, sizeSectors: p.sizeSectors, sizeBytes: p.sizeBytes,
                                     kind: p.kind, type: p.role.displayName, name: names.partitions[j].name, use: target.use(p.entry, p.role),
                                     state: p.state == .new ? "new" : "kept")
            }
        }
    }
}

extension TargetPartition {
    /// One partition after the plan, as the JSON output writes it.
    struct JSON: Encodable {
        var number: Int
        var device: String
        var startSector: UInt64
        var sizeSectors: UInt64
        var sizeBytes: UInt64
        var kind: PartitionKind
        /// `Linux RAID`, `BIOS boot`, `Extended`.
        var type: String
        var name: String?
        /// `md2 root (/)`.
        var use: String
        /// `new` or `kept`.
        var state: String
    }
}

extension TargetArray {
    /// One array after the plan, as the JSON outputs write it.
    public struct JSON: Codable, Sendable, Equatable {
        var md: String
        var name: String
        var level: String
        var metadata: String
        var members: [String]
        /// Its hot spares; left out when it has none.
        var spares: [String]?
        var memberBytes: UInt64
        var sizeBytes: UInt64
        var chunkBytes: UInt64?
        var bitmap: Bool
        var format: String
        var mount: String?
        var guest: Bool
        /// The node the array runs as when it is not `md` (udev's /dev/md127 for a foreign homehost).
        var runningAs: String?
        /// `new` or `kept`.
        var state: String

        /// `sizeBytes`: the size to show instead of the array's own (what the kernel reports after apply).
        public init(_ a: TargetArray, sizeBytes: UInt64? = nil) {
            (md, name, level, metadata, members, memberBytes) = (a.md, a.name, a.level.name, a.metadata, a.members, a.memberBytes)
            (self.sizeBytes, chunkBytes, bitmap, format, mount, guest) = (sizeBytes ?? a.sizeBytes, a.chunkBytes, a.bitmap, a.format.rawValue, a.mount, a.guest)
            runningAs = a.device != a.md ? a.device : nil
            spares = a.spares
            state = a.exists ? "kept" : "new"
        }
    }
}
