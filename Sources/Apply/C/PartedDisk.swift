// libparted's disk (partition table) and its partitions; the device is in Parted.swift.

internal import CParted
import Layout
import Platform

// MARK: - Disk

/// One partition as libparted sees it. Positions in logical sectors.
struct PartedPartition: Equatable {
    var number: Int
    var startSector: UInt64
    var sizeSectors: UInt64
    var kind: PartitionKind
    /// `ped_partition_get_name`, where the table type has names.
    var name: String?
    /// libparted names of the flags that are set (`ped_partition_flag_get_name`).
    var flags: [String]

    var endSector: UInt64 { startSector + sizeSectors - 1 }
}

/// A libparted partition table (`PedDisk`), valid only inside `withDisk` /
/// `withFreshDisk`.
struct PartedDisk: ~Copyable {
    let raw: UnsafeMutablePointer<PedDisk>
    let path: String

    /// `PedDiskType.name`: `gpt`, `msdos`, ...
    var typeName: String { String(cString: raw.pointee.type.pointee.name) }

    /// `ped_disk_type_check_feature(PED_DISK_TYPE_PARTITION_NAME)`
    var supportsPartitionNames: Bool {
        ped_disk_type_check_feature(raw.pointee.type, PED_DISK_TYPE_PARTITION_NAME) != 0
    }

    /// The real partitions (`ped_disk_next_partition`, which also walks the
    /// logical partitions inside an extended one), without libparted's
    /// free-space and metadata pseudo-partitions.
    func partitions() -> [PartedPartition] {
        var result: [PartedPartition] = []
        var part = ped_disk_next_partition(raw, nil)
        while let p = part {
            if ped_partition_is_active(p) != 0 {
                result.append(Self.describe(p))
            }
            part = ped_disk_next_partition(raw, p)
        }
        return result
    }

    /// How many partitions the table can hold (`ped_disk_get_max_supported_partition_count`):
    /// a GPT's entry count, 128 unless the table was made larger.
    func maxSupportedPartitionCount() -> Int? {
        var count: Int32 = 0
        guard ped_disk_get_max_supported_partition_count(raw, &count), count > 0 else { return nil }
        return Int(count)
    }

    /// The sectors libparted lets partitions use: from the first to the last
    /// sector that is not table metadata (`PED_PARTITION_METADATA` regions at
    /// the ends of the device), or nil when everything is metadata.
    func usableRange() -> ClosedRange<UInt64>? {
        var first: Int64?
        var last: Int64?
        var part = ped_disk_next_partition(raw, nil)
        while let p = part {
            if p.pointee.type.rawValue & PED_PARTITION_METADATA.rawValue == 0 {
                first = min(first ?? p.pointee.geom.start, p.pointee.geom.start)
                last = max(last ?? p.pointee.geom.end, p.pointee.geom.end)
            }
            part = ped_disk_next_partition(raw, p)
        }
        guard let first, let last, first >= 0, first <= last else { return nil }
        return UInt64(first)...UInt64(last)
    }

    /// `ped_disk_set_flag(PED_DISK_CYLINDER_ALIGNMENT)` where the table type
    /// has it (msdos, sun); libparted turns it on by default for msdos.
    func setCylinderAlignment(_ on: Bool) {
        if ped_disk_is_flag_available(raw, PED_DISK_CYLINDER_ALIGNMENT) != 0 {
            ped_disk_set_flag(raw, PED_DISK_CYLINDER_ALIGNMENT, on ? 1 : 0)
        }
    }

    /// Adds a partition at exactly `start ..< start + size` (`ped_partition_new`,
    /// `ped_constraint_exact`, `ped_disk_add_partition`) with the given number,
    /// in memory. Throws if libparted refuses it or would put it anywhere else.
    @discardableResult
    func addPartition(number: Int, kind: PartitionKind, startSector: UInt64, sizeSectors: UInt64) throws -> PartedPartition {
        let type: PedPartitionType = switch kind {
        case .primary: PED_PARTITION_NORMAL
        case .extended: PED_PARTITION_EXTENDED
        case .logical: PED_PARTITION_LOGICAL
        }
        let start = PedSector(startSector)
        let end = PedSector(startSector + sizeSectors) - 1
        guard let part = ped_partition_new(raw, type, nil, start, end) else {
            throw Parted.failure(path, "ped_partition_new")
        }
        // libparted keeps a number that is set before the partition is added
        // (GPT, msdos primaries); logical ones are numbered by libparted.
        if kind != .logical { part.pointee.num = Int32(number) }
        guard let constraint = ped_constraint_exact(&part.pointee.geom) else {
            ped_partition_destroy(part)
            throw Parted.failure(path, "ped_constraint_exact")
        }
        defer { ped_constraint_destroy(constraint) }
        guard ped_disk_add_partition(raw, part, constraint) != 0 else {
            ped_partition_destroy(part)
            throw Parted.failure(path, "ped_disk_add_partition")
        }
        let added = Self.describe(part)
        guard added.number == number, added.startSector == startSector, added.sizeSectors == sizeSectors else {
            throw DeviceError(
                path: path, operation: "ped_disk_add_partition",
                message: "asked for partition \(number) at \(startSector)+\(sizeSectors), "
                    + "libparted made partition \(added.number) at \(added.startSector)+\(added.sizeSectors)")
        }
        return added
    }

    /// `ped_partition_flag_get_by_name` and `ped_partition_set_flag` on the
    /// partition with this number.
    func setFlag(_ name: String, _ on: Bool = true, number: Int) throws {
        let part = try partition(number)
        let flag = ped_partition_flag_get_by_name(name)
        guard flag.rawValue != 0 else {
            throw DeviceError(path: path, operation: "ped_partition_flag_get_by_name", message: "libparted knows no flag \(name)")
        }
        guard ped_partition_is_flag_available(part, flag) != 0 else {
            throw DeviceError(path: path, operation: "ped_partition_is_flag_available", message: "flag \(name) is not available on a \(typeName) partition")
        }
        guard ped_partition_set_flag(part, flag, on ? 1 : 0) != 0 else { throw Parted.failure(path, "ped_partition_set_flag") }
    }

    /// `ped_partition_set_name` on the partition with this number.
    func setName(_ name: String, number: Int) throws {
        let part = try partition(number)
        guard ped_partition_set_name(part, name) != 0 else { throw Parted.failure(path, "ped_partition_set_name") }
    }

    /// Writes the table (`ped_disk_commit_to_dev`), then tells the kernel
    /// (`ped_disk_commit_to_os`; nothing to tell for an image file).
    func commit() throws {
        guard ped_disk_commit_to_dev(raw) != 0 else { throw Parted.failure(path, "ped_disk_commit_to_dev") }
        guard ped_disk_commit_to_os(raw) != 0 else { throw Parted.failure(path, "ped_disk_commit_to_os") }
    }

    /// `ped_disk_get_partition`
    private func partition(_ number: Int) throws -> UnsafeMutablePointer<PedPartition> {
        guard let part = ped_disk_get_partition(raw, Int32(number)) else {
            throw DeviceError(path: path, operation: "ped_disk_get_partition", message: "no partition \(number)")
        }
        return part
    }

    private static func describe(_ part: UnsafeMutablePointer<PedPartition>) -> PartedPartition {
        let type = part.pointee.type.rawValue
        let kind: PartitionKind =
            type & PED_PARTITION_EXTENDED.rawValue != 0 ? .extended
            : type & PED_PARTITION_LOGICAL.rawValue != 0 ? .logical : .primary
        var flags: [String] = []
        for raw in diskplan_PED_PARTITION_FIRST_FLAG.rawValue...diskplan_PED_PARTITION_LAST_FLAG.rawValue {
            let flag = PedPartitionFlag(rawValue: raw)
            if ped_partition_is_flag_available(part, flag) != 0, ped_partition_get_flag(part, flag) != 0,
               let name = ped_partition_flag_get_name(flag) {
                flags.append(String(cString: name))
            }
        }
        var name: String?
        if ped_disk_type_check_feature(part.pointee.disk.pointee.type, PED_DISK_TYPE_PARTITION_NAME) != 0,
           let text = ped_partition_get_name(part), text.pointee != 0 {
            name = String(cString: text)
        }
        return PartedPartition(
            number: Int(part.pointee.num),
            startSector: UInt64(part.pointee.geom.start),
            sizeSectors: UInt64(part.pointee.geom.length),
            kind: kind,
            name: name,
            flags: flags)
    }
}
