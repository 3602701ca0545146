/// A failure of libparted, libblkid or a system call on one device or image file.
///
/// The one error type of this module: `Probe` and `PartitionWriter` throw it,
/// carrying the library's own words and the device they concern.
public struct DeviceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The device or image file concerned, as the caller named it.
    public var path: String
    /// What was being done: the C function (`ped_disk_new`, `blkid_probe_set_device`)
    /// or, for a check of this module, a short phrase. Empty when `message` says all
    /// of the path itself (`does not exist`).
    public var operation: String
    /// The library's message(s), `strerror(errno)`, or the reason a check failed.
    public var message: String

    public init(path: String, operation: String, message: String) {
        self.path = path
        self.operation = operation
        self.message = message
    }

    public var description: String { operation.isEmpty ? "\(path) \(message)" : "\(path): \(reason)" }

    /// What went wrong, without the path: `does not exist`, `ped_disk_new: ...`.
    public var reason: String { operation.isEmpty ? message : "\(operation): \(message)" }
}
