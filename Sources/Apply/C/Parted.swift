// Thin wrappers of libparted. The files in Apply/C are the only ones that
// import CParted; the rest of the module sees the Swift types declared here.
//
// Environment: Debian's libparted runs `popen("dmidecode ...")` from a library
// constructor, before `main`, unless `PARTED_GPT_APPLE` is set; in a rescue
// system without /bin/sh that crashes. Setting it from Swift is too late for
// the constructor, so the launcher of the CLI must export PARTED_GPT_APPLE=0.
// `Parted` still sets it (without overwriting) before its first call, which is
// harmless and keeps later readers of the variable consistent.

internal import CParted
import Layout
import Platform

// MARK: - Global state

/// libparted keeps global state (its device cache, the exception handler and
/// the pending exception), so every call into it runs under this one lock.
/// Not reentrant: a body given to `Parted.withDevice` must not call it again.
private let partedLock = PthreadMutex()

/// A pthread mutex, locked and unlocked in pairs (FoundationEssentials has no
/// NSLock, and `Synchronization.Mutex` only runs closures, whose result would
/// have to be `sending`: the bodies here return non-Sendable values).
private final class PthreadMutex: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    init() { pthread_mutex_init(mutex, nil) }

    func lock() { pthread_mutex_lock(mutex) }

    func unlock() { pthread_mutex_unlock(mutex) }
}

/// What libparted reported through the exception handler since the current
/// locked section began. Only read or written while `partedLock` is held: the
/// handler runs on the thread that holds it, inside a libparted call.
private nonisolated(unsafe) var exceptionMessages: [String] = []

/// Answers libparted's questions without ever prompting: errors are cancelled,
/// warnings and information ignored (or acknowledged). It never answers Fix or
/// Yes, so a read can not turn into a repair.
private let exceptionHandler: @convention(c) (UnsafeMutablePointer<PedException>?) -> PedExceptionOption = { exception in
    guard let exception else { return PED_EXCEPTION_UNHANDLED }
    let type = exception.pointee.type
    let offered = exception.pointee.options.rawValue
    let text = exception.pointee.message.map { String(cString: $0) } ?? "(no message)"
    let typeName = ped_exception_get_type_string(type).map { String(cString: $0) } ?? "Exception"
    exceptionMessages.append("\(typeName): \(text)")

    func firstOffered(_ choices: [PedExceptionOption]) -> PedExceptionOption {
        choices.first { offered & $0.rawValue != 0 } ?? PED_EXCEPTION_UNHANDLED
    }
    switch type {
    case PED_EXCEPTION_INFORMATION, PED_EXCEPTION_WARNING:
        return firstOffered([PED_EXCEPTION_IGNORE, PED_EXCEPTION_OK, PED_EXCEPTION_NO, PED_EXCEPTION_CANCEL])
    default:
        return firstOffered([PED_EXCEPTION_CANCEL, PED_EXCEPTION_NO])
    }
}

/// Done once, under `partedLock`, before the first libparted call.
private let partedSetUp: Void = {
    setenv("PARTED_GPT_APPLE", "0", 0)
    ped_exception_set_handler(exceptionHandler)
}()

// MARK: - Parted

/// Entry point to libparted: scoped access to one device.
enum Parted {
    /// Opens `path` (`ped_device_get`, `ped_device_open`), runs `body`, and
    /// always closes (`ped_device_close`) and forgets (`ped_device_destroy`) it,
    /// so the next call sees the device afresh. Holds the libparted lock
    /// throughout. libparted opens read-write even to read; nothing is written
    /// unless the body commits a disk.
    // swiftc 6.3.1 crashes specializing this generic over a ~Copyable borrow in release builds
    // ("Cannot initialize a nonCopyable type with a guaranteed value"); keep it unspecialized.
    @_semantics("optimize.sil.specialize.generic.never")
    ///
    /// With `probeFileSystems: false` libparted's file system types are
    /// unregistered for the call: reading a table then no longer probes every
    /// partition for a file system (tens of thousands of small reads on a
    /// disk with many partitions), which the probe gets from libblkid anyway.
    static func withDevice<T>(_ path: String, probeFileSystems: Bool = true, _ body: (borrowing PartedDevice) throws -> T) throws -> T {
        partedLock.lock()
        defer { partedLock.unlock() }
        _ = partedSetUp
        var unregistered: [UnsafeMutablePointer<PedFileSystemType>] = []
        if !probeFileSystems {
            while let fs = ped_file_system_type_get_next(nil) {
                unregistered.append(fs)
                ped_file_system_type_unregister(fs)
            }
        }
        // Registered again in the order they were: libparted's destructor expects them at exit.
        defer { for fs in unregistered.reversed() { ped_file_system_type_register(fs) } }
        exceptionMessages.removeAll()
        // An exception libparted fetched for itself and left pending would
        // otherwise be taken for one of this call's.
        if diskplan_ped_exception() != 0 { ped_exception_catch() }

        guard let raw = ped_device_get(path) else { throw failure(path, "ped_device_get") }
        defer { ped_device_destroy(raw) }
        guard ped_device_open(raw) != 0 else { throw failure(path, "ped_device_open") }
        defer { ped_device_close(raw) }
        return try body(PartedDevice(raw: raw, path: path))
    }

    /// The error for a libparted call that returned NULL or 0, with the
    /// messages its exception handler recorded.
    fileprivate static func failure(_ path: String, _ operation: String) -> DeviceError {
        let message = exceptionMessages.isEmpty ? "failed without a message" : exceptionMessages.joined(separator: "; ")
        exceptionMessages.removeAll()
        return DeviceError(path: path, operation: operation, message: message)
    }
}

// MARK: - Device

/// An open libparted device (`PedDevice`), valid only inside `Parted.withDevice`.
struct PartedDevice: ~Copyable {
    fileprivate let raw: UnsafeMutablePointer<PedDevice>
    let path: String

    /// `PedDevice.sector_size`
    var logicalSectorSize: Int { Int(raw.pointee.sector_size) }
    /// `PedDevice.phys_sector_size`
    var physicalSectorSize: Int { Int(raw.pointee.phys_sector_size) }
    /// `PedDevice.length`, in logical sectors.
    var lengthSectors: UInt64 { UInt64(raw.pointee.length) }

    /// `ped_device_get_optimum_alignment`: start sectors are `offset + k * grain`
    /// (logical sectors). libparted falls back to a 1 MiB grain when the
    /// device reports no topology (image files).
    func optimumAlignment() throws -> (offset: UInt64, grain: UInt64) {
        guard let alignment = ped_device_get_optimum_alignment(raw) else {
            throw Parted.failure(path, "ped_device_get_optimum_alignment")
        }
        defer { ped_alignment_destroy(alignment) }
        let grain = max(Int64(alignment.pointee.grain_size), 1)
        let offset = ((Int64(alignment.pointee.offset) % grain) + grain) % grain
        return (UInt64(offset), UInt64(grain))
    }

    /// `ped_disk_probe`: the name of the partition table type libparted
    /// recognises (`gpt`, `msdos`, `loop` for a bare file system, ...), or nil.
    func probeTableType() -> String? {
        guard let type = ped_disk_probe(raw) else {
            exceptionMessages.removeAll()
            return nil
        }
        return String(cString: type.pointee.name)
    }

    /// Reads the partition table (`ped_disk_new`), runs `body`, and always
    /// frees it (`ped_disk_destroy`). Changes reach the device only through
    /// `PartedDisk.commit()`.
    // swiftc 6.3.1 crashes specializing this generic over a ~Copyable borrow in release builds
    // ("Cannot initialize a nonCopyable type with a guaranteed value"); keep it unspecialized.
    @_semantics("optimize.sil.specialize.generic.never")
    func withDisk<T>(_ body: (borrowing PartedDisk) throws -> T) throws -> T {
        guard let disk = ped_disk_new(raw) else { throw Parted.failure(path, "ped_disk_new") }
        defer { ped_disk_destroy(disk) }
        return try body(PartedDisk(raw: disk, path: path))
    }

    /// Makes an empty table of `type` in memory (`ped_disk_type_get`,
    /// `ped_disk_new_fresh`), runs `body`, and always frees it. The device is
    /// unchanged unless `body` commits.
    // swiftc 6.3.1 crashes specializing this generic over a ~Copyable borrow in release builds
    // ("Cannot initialize a nonCopyable type with a guaranteed value"); keep it unspecialized.
    @_semantics("optimize.sil.specialize.generic.never")
    func withFreshDisk<T>(type: String, _ body: (borrowing PartedDisk) throws -> T) throws -> T {
        guard let diskType = ped_disk_type_get(type) else {
            throw DeviceError(path: path, operation: "ped_disk_type_get", message: "libparted knows no table type \(type)")
        }
        guard let disk = ped_disk_new_fresh(raw, diskType) else { throw Parted.failure(path, "ped_disk_new_fresh") }
        defer { ped_disk_destroy(disk) }
        return try body(PartedDisk(raw: disk, path: path))
    }
}

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
    fileprivate let raw: UnsafeMutablePointer<PedDisk>
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
