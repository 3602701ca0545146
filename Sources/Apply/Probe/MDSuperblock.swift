import Layout
import Platform

/// What an md member's superblock says beyond libblkid's values, read with pread at its
/// magic; and, for a RAID1 member, what its data area holds. Assembles nothing: a stopped
/// array is described from its members alone.
///
/// Layouts (Linux `include/uapi/linux/raid/md_p.h`): `mdp_superblock_1` has `level` (le32)
/// at byte 72, `data_offset` (le64, sectors) at 128 and `events` (le64) at 200;
/// `mdp_super_t` (0.90, host-endian, little on the machines this runs on) has `level` at 28
/// and `md_minor` at 44, and its data starts at the member's first byte.
enum MDSuperblock {
    /// `found` with the superblock's level, event count (1.x), preferred minor (0.90) and, for RAID1, content.
    static func read(_ found: BlkidSignature, fd: Int32, path: String, range: Range<UInt64>) -> Signature {
        var s = found.signature
        guard s.isRaidMember, let magic = found.magicOffset else { return s }
        let at = range.lowerBound + magic
        let dataStart: UInt64
        if s.version?.hasPrefix("1.") == true {
            s.events = le(fd, at + 200, 8)
            s.level = le(fd, at + 72, 4).map { levelName(Int32(truncatingIfNeeded: $0)) }
            dataStart = (le(fd, at + 128, 8) ?? 0) * 512
        } else if s.version?.hasPrefix("0.90") == true {
            s.level = le(fd, at + 28, 4).map { levelName(Int32(truncatingIfNeeded: $0)) }
            s.preferredMinor = le(fd, at + 44, 4).map { Int($0) }
            dataStart = 0
        } else {
            return s
        }
        if s.level == "raid1" { s.content = content(fd: fd, path: path, range: range, dataStart: dataStart, superblock: magic) }
        return s
    }

    /// The signatures in the member's data area: from its data offset to the superblock (0.90, 1.0)
    /// or to the member's end (1.1, 1.2); the md superblock itself left out.
    static func content(fd: Int32, path: String, range: Range<UInt64>, dataStart: UInt64, superblock: UInt64) -> [Signature]? {
        let end = superblock > dataStart ? superblock : UInt64(range.count)
        guard end > dataStart else { return nil }
        let found = try? Blkid.withProbe(fd: fd, path: path, offset: range.lowerBound + dataStart, size: end - dataStart) { try $0.superblocks() }
        return found?.map(\.signature).filter { !$0.isRaidMember }
    }

    /// md's sysfs name of a level number.
    static func levelName(_ n: Int32) -> String {
        switch n {
        case -1: "linear"
        case -4: "multipath"
        case -5: "faulty"
        default: "raid\(n)"
        }
    }

    /// A little-endian value of `count` bytes at `offset`.
    static func le(_ fd: Int32, _ offset: UInt64, _ count: Int) -> UInt64? {
        var buf = [UInt8](repeating: 0, count: count)
        let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
        return n == count ? buf.reversed().reduce(0) { $0 << 8 | UInt64($1) } : nil
    }
}
