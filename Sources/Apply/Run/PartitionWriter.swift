public import Layout
import Platform

/// Writes planned partitions into a disk's partition table with libparted.
public enum PartitionWriter {
    /// Adds `partitions` to the disk at `path`, each at exactly its planned
    /// start and size, and writes the table once.
    ///
    /// With `newTable` a fresh, empty table of that type replaces whatever
    /// table was there; without it the existing table is read and its
    /// partitions are left as they are. Every planned partition is checked
    /// first: its number must be free, it must not overlap an existing or
    /// another planned partition, and its kind must fit the table. Nothing is
    /// written unless every partition could be placed exactly where planned.
    ///
    /// Types follow the role: a RAID member gets libparted's `raid` flag
    /// (GPT type Linux RAID, MBR id 0xfd), a BIOS boot partition `bios_grub`,
    /// an extended partition MBR id 0x05. GPT names are set as planned.
    /// Commits with `ped_disk_commit_to_dev`, then `ped_disk_commit_to_os`.
    public static func apply(disk path: String, newTable: TableType?, partitions: [PlannedPartition]) throws {
        try Parted.withDevice(path) { device in
            if let newTable {
                try device.withFreshDisk(type: newTable.rawValue) { try add(partitions, to: $0) }
            } else {
                try device.withDisk { try add(partitions, to: $0) }
            }
        }
    }

    /// Overwrites `lengthBytes` bytes from `offsetBytes` with zeros (`pwrite`),
    /// then `fsync`s; used on both ends of a new partition so that no old
    /// signature shows through. The range must lie inside the device.
    public static func wipeRange(disk path: String, offsetBytes: UInt64, lengthBytes: UInt64) throws {
        try wipeRanges(disk: path, [(offsetBytes, lengthBytes)])
    }

    /// Zeroes every range through one descriptor, then fsyncs and closes it once. Under
    /// udev a descriptor closed after writing makes it probe the disk again and mdadm's
    /// rules assemble any superblock still there: all of a disk's old superblocks must be
    /// gone by the time it is closed.
    public static func wipeRanges(disk path: String, _ ranges: [(offset: UInt64, length: UInt64)]) throws {
        try Posix.withDescriptor(path, flags: O_WRONLY) { fd in
            let size = try Posix.size(fd, path: path)
            for (offsetBytes, lengthBytes) in ranges {
                guard offsetBytes <= size, lengthBytes <= size - offsetBytes else {
                    throw DeviceError(
                        path: path, operation: "wipe",
                        message: "\(lengthBytes) bytes at offset \(offsetBytes) reach past the end (\(size) bytes)")
                }
                try zero(fd, path: path, offsetBytes, lengthBytes)
            }
            guard fsync(fd) == 0 else { throw DeviceError(path: path, operation: "fsync", message: errnoText()) }
        }
    }

    private static func zero(_ fd: Int32, path: String, _ offsetBytes: UInt64, _ lengthBytes: UInt64) throws {
        let chunk = UInt64(1 << 20)
        let zeros = [UInt8](repeating: 0, count: Int(min(chunk, max(lengthBytes, 1))))
        var done: UInt64 = 0
        while done < lengthBytes {
            let count = Int(min(UInt64(zeros.count), lengthBytes - done))
            let written = zeros.withUnsafeBytes { pwrite(fd, $0.baseAddress, count, off_t(offsetBytes + done)) }
            if written < 0 {
                if errno == EINTR { continue }
                throw DeviceError(path: path, operation: "pwrite", message: errnoText())
            }
            guard written > 0 else {
                throw DeviceError(path: path, operation: "pwrite", message: "wrote nothing at offset \(offsetBytes + done)")
            }
            done += UInt64(written)
        }
    }

    // MARK: - Parts

    private static func add(_ planned: [PlannedPartition], to disk: borrowing PartedDisk) throws {
        guard let type = TableType(rawValue: disk.typeName) else {
            throw DeviceError(path: disk.path, operation: "check plan", message: "can not add partitions to a \(disk.typeName) table")
        }
        try check(planned, against: disk.partitions(), table: type, path: disk.path)
        if let named = planned.first(where: { $0.name != nil }), !disk.supportsPartitionNames {
            throw DeviceError(path: disk.path, operation: "check plan", message: "partition \(named.number): a \(type.rawValue) table has no names")
        }
        // libparted would round msdos partitions to cylinders; the plan is exact.
        disk.setCylinderAlignment(false)

        // An extended partition before the logical ones inside it, logical
        // ones in the order of their numbers (libparted numbers them itself).
        let ordered = planned.filter { $0.kind != .logical } + planned.filter { $0.kind == .logical }.sorted { $0.number < $1.number }
        for partition in ordered {
            try disk.addPartition(
                number: partition.number, kind: partition.kind,
                startSector: partition.startSector, sizeSectors: partition.sizeSectors)
            for flag in partition.role.flags {
                try disk.setFlag(flag, number: partition.number)
            }
            if let name = partition.name {
                try disk.setName(name, number: partition.number)
            }
        }
        try disk.commit()
    }

    /// Refuses a plan that libparted would have to renumber, that overlaps
    /// what is there, or whose kinds do not fit the table.
    static func check(_ planned: [PlannedPartition], against existing: [PartedPartition], table: TableType, path: String) throws {
        func refuse(_ message: String) -> DeviceError {
            DeviceError(path: path, operation: "check plan", message: message)
        }
        struct Extent { var number: Int; var kind: PartitionKind; var start: UInt64; var end: UInt64; var isNew: Bool }
        var all = existing.map { Extent(number: $0.number, kind: $0.kind, start: $0.startSector, end: $0.endSector, isNew: false) }

        for p in planned {
            guard p.number > 0, p.sizeSectors > 0 else {
                throw refuse("partition \(p.number): number and size must be positive")
            }
            if let clash = all.first(where: { $0.number == p.number }) {
                throw refuse("partition \(p.number) already \(clash.isNew ? "planned" : "exists")")
            }
            guard (p.kind == .extended) == (p.role == .extended) else {
                throw refuse("partition \(p.number): kind \(p.kind.rawValue) does not fit role \(p.role.rawValue)")
            }
            switch table {
            case .gpt:
                guard p.kind == .primary else { throw refuse("partition \(p.number): GPT has no \(p.kind.rawValue) partitions") }
            case .msdos:
                guard p.role != .biosGrub else { throw refuse("partition \(p.number): bios_grub needs GPT") }
                guard (p.kind == .logical) == (p.number > 4), p.number <= (p.kind == .logical ? Int.max : 4) else {
                    throw refuse("partition \(p.number): \(p.kind.rawValue) partitions are numbered \(p.kind == .logical ? "from 5" : "1 to 4") on msdos")
                }
            }
            all.append(Extent(number: p.number, kind: p.kind, start: p.startSector, end: p.endSector, isNew: true))
        }

        // Overlaps: logical partitions share space with their extended
        // partition only; everything else is one level.
        let extended = all.filter { $0.kind == .extended }
        if extended.count > 1 { throw refuse("more than one extended partition") }
        for (i, a) in all.enumerated() {
            for b in all[(i + 1)...] where (a.kind == .logical) == (b.kind == .logical) {
                if a.start <= b.end, b.start <= a.end, a.isNew || b.isNew {
                    let (new, other) = a.isNew ? (a, b) : (b, a)
                    throw refuse("partition \(new.number) (sectors \(new.start)-\(new.end)) overlaps partition \(other.number) (sectors \(other.start)-\(other.end))")
                }
            }
            if a.kind == .logical, a.isNew, !extended.contains(where: { $0.start < a.start && a.end <= $0.end }) {
                throw refuse("logical partition \(a.number) (\(a.start)-\(a.end)) lies outside an extended partition")
            }
        }

        // msdos numbers logical partitions in the order of their chain, which
        // is the order on the disk: 5, 6, 7, ... from the front.
        let logical = all.filter { $0.kind == .logical }.sorted { $0.start < $1.start }
        for (index, part) in logical.enumerated() where part.number != 5 + index {
            throw refuse("logical partition \(part.number) would be number \(5 + index) by its place on the disk")
        }
    }
}
