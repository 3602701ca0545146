public import Layout
import Platform

/// The disks `plan` and `apply` cannot use at all: they are the planner's to refuse
/// (or to leave out with `--degraded`), not a failure of the probe.
extension Probe {
    /// Like `inventory(paths:)`, but a disk that is absent or failed (`unavailable`) is
    /// listed in `missing` instead of failing the probe.
    public static func inventory(paths: [String], allowingMissing: Bool) throws -> Inventory {
        guard allowingMissing else { return try inventory(paths: paths) }
        let missing = paths.compactMap { p in unavailable(p).map { MissingDisk(path: p, reason: $0) } }
        var inv = try inventory(paths: paths.filter { p in !missing.contains { $0.path == p } })
        inv.missing = missing
        return inv
    }

    /// Why the disk at `path` cannot be used at all, or nil when it can be probed: absent (the
    /// path, or the device a link names, does not exist), or failed (the kernel refuses to open
    /// it, it reports size 0, or its first sector cannot be read). Other errors (no permission,
    /// a partition) are left to `disk(_:)`.
    public static func unavailable(_ path: String) -> String? {
        var st = stat()
        if stat(path, &st) != 0 {
            return errno == ENOENT || errno == ENOTDIR ? "does not exist" : nil
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            return [ENXIO, ENODEV, EIO, ENOMEDIUM].contains(code) ? "cannot be opened: \(errnoText(code))" : nil
        }
        defer { close(fd) }
        let size = lseek(fd, 0, SEEK_END)
        if size == 0 { return "reports size 0 (failed, or no medium)" }
        var sector = [UInt8](repeating: 0, count: 512)
        if pread(fd, &sector, min(512, Int(max(size, 0))), 0) < 0 { return "cannot be read: \(errnoText())" }
        return nil
    }
}
