import Layout
import Platform

extension DiskIdentity {
    /// Linux's block major of loop devices.
    static let loopMajor: UInt64 = 7

    /// What the open disk `fd` is, by `fstat(2)`: a block device's number, an
    /// image file's device and inode; for a loop device also its backing file
    /// (`LOOP_GET_STATUS64`).
    static func of(fd: Int32, path: String) throws -> DiskIdentity {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw DeviceError(path: path, operation: "fstat", message: errnoText()) }
        guard (st.st_mode & S_IFMT) == S_IFBLK else {
            let (major, minor) = split(UInt64(st.st_dev))
            return DiskIdentity(id: file(major: major, minor: minor, inode: UInt64(st.st_ino)))
        }
        let (major, minor) = split(UInt64(st.st_rdev))
        let id = block(major: major, minor: minor)
        guard major == loopMajor, let backing = loopBacking(fd: fd) else { return DiskIdentity(id: id) }
        let (bMajor, bMinor) = split(backing.device)
        return DiskIdentity(id: id, backingFile: file(major: bMajor, minor: bMinor, inode: backing.inode))
    }

    /// glibc's `major(3)` and `minor(3)` of a `dev_t`.
    static func split(_ dev: UInt64) -> (UInt64, UInt64) {
        (((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfff), (dev & 0xff) | ((dev >> 12) & ~0xff))
    }

    /// `LOOP_GET_STATUS64` (0x4C05): `struct loop_info64` (232 bytes) begins
    /// with `lo_device` and `lo_inode`, the backing file's `st_dev` and `st_ino`.
    /// nil when no file is attached.
    static func loopBacking(fd: Int32) -> (device: UInt64, inode: UInt64)? {
        var info = [UInt64](repeating: 0, count: 232 / 8)
        let rc = info.withUnsafeMutableBytes { ioctl(fd, 0x4C05, $0.baseAddress!) }
        return rc == 0 ? (info[0], info[1]) : nil
    }
}
