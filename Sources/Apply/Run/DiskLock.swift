import Platform

/// Keeps udev's hands off disks while their old arrays are stopped, their old
/// superblocks erased and their new tables written.
///
/// systemd-udevd postpones the events of a whole disk while another process
/// holds a BSD lock on it (systemd's block device locking convention, which
/// partitioning tools follow). Without it, udev probes a disk between two
/// steps, finds an old superblock not yet erased and mdadm's rules assemble
/// the old array again under the writer's feet.
final class DiskLocks {
    private var descriptors: [Int32] = []

    /// `flock(LOCK_EX)` on each block device among `paths` (image files need none).
    init(_ paths: [String]) throws {
        for path in paths {
            guard (try? Posix.fileKind(path)) == .blockDevice else { continue }
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw DeviceError(path: path, operation: "open for locking", message: errnoText()) }
            descriptors.append(fd)
            while flock(fd, LOCK_EX) != 0 {
                guard errno == EINTR else { throw DeviceError(path: path, operation: "flock", message: errnoText()) }
            }
        }
    }

    /// Releases every lock; udev then handles the postponed events.
    func release() {
        for fd in descriptors { close(fd) }
        descriptors = []
    }

    deinit { release() }

    /// Drops what the kernel caches of a disk and each of its partitions (BLKFLSBUF).
    /// A partition's page cache is its own: after zeroing through the whole disk, a
    /// cached copy of an old superblock would otherwise still be read through the partition.
    static func dropCaches(_ path: String) {
        guard let disk = try? Posix.realPath(path), (try? Posix.fileKind(disk)) == .blockDevice else { return }
        let name = disk.split(separator: "/").last.map(String.init) ?? disk
        let partitions = Posix.partitions(ofDisk: name).map { "/dev/\($0.name)" }
        for node in [disk] + partitions {
            let fd = open(node, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { continue }
            _ = ioctl(fd, 0x1261)  // BLKFLSBUF = _IO(0x12, 97)
            close(fd)
        }
    }
}
