import Platform
import FoundationEssentials
import Layout

/// One apply at a time on a machine: an exclusive `flock(2)` on a lock file,
/// taken before the disks are probed and held until `release()` or the
/// process ends (the kernel drops it then, also after a crash or kill -9).
/// The holder writes its pid into the file, so a second apply can say who
/// holds the lock.
public final class RunLock {
    public static let defaultPath = "/run/diskplan.lock"
    /// Overrides the lock file's path (tests run applies side by side, each with its own lock).
    public static let environmentVariable = "DISKPLAN_LOCK"

    /// The lock file: `$DISKPLAN_LOCK` when set and not empty, else /run/diskplan.lock.
    public static func path(environment: [String: String]? = nil) -> String {
        let value = (environment ?? ProcessInfo.processInfo.environment)[environmentVariable]
        return value.flatMap { $0.isEmpty ? nil : $0 } ?? defaultPath
    }

    public let path: String
    private var fd: Int32

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = fd
    }

    /// Takes the lock at once or throws `DeviceError` naming the holder's pid
    /// and command line; never waits.
    public static func acquire(path: String = path()) throws -> RunLock {
        // O_CLOEXEC: mdadm and mkfs, run while the lock is held, do not inherit it.
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else {
            throw DeviceError(path: path, operation: "open the lock file", message: errnoText())
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            let holder = code == EWOULDBLOCK ? Self.holder(fd: fd) : errnoText(code)
            close(fd)
            throw DeviceError(path: path, operation: "lock", message: code == EWOULDBLOCK
                ? "another diskplan apply is running (\(holder)); wait for it to end, one apply at a time"
                : holder)
        }
        let record = Array("\(getpid())\n".utf8)
        guard ftruncate(fd, 0) == 0, pwrite(fd, record, record.count, 0) == record.count else {
            let message = errnoText()
            close(fd)
            throw DeviceError(path: path, operation: "write the lock file", message: message)
        }
        return RunLock(path: path, fd: fd)
    }

    /// Drops the lock (closing the file); the file stays, with the last holder's pid.
    public func release() {
        guard fd >= 0 else { return }
        close(fd)
        fd = -1
    }

    deinit { release() }

    /// `pid N: COMMAND LINE` of the process whose pid the lock file holds.
    static func holder(fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = pread(fd, &buffer, buffer.count, 0)
        let text = n > 0 ? String(decoding: buffer[..<n], as: UTF8.self).trimmed() : ""
        guard let pid = Int32(text), pid > 0 else { return "its holder has not written its pid yet" }
        return "pid \(pid): " + (commandLine(pid) ?? "command line unknown")
    }

    /// /proc/PID/cmdline with its NUL separators as blanks.
    static func commandLine(_ pid: Int32) -> String? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"), !data.isEmpty else { return nil }
        return String(decoding: Array(data.split(separator: 0).joined(separator: [0x20])), as: UTF8.self)
    }
}
