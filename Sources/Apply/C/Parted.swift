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
    static func failure(_ path: String, _ operation: String) -> DeviceError {
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
