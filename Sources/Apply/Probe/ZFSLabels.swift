import Platform

/// Whether libblkid's ZFS prober (`zfs_member`, its zfs.c) can find anything
/// in a byte range, read more cheaply than the prober reads it. The prober
/// reads four 256 KiB labels (two at the start of the range, two at its end)
/// into freshly `calloc`ed buffers, and matches only when their uberblock
/// rings (the second half of each label, 128 slots of 1 KiB) hold at least
/// four uberblock magics. A range where none of the four rings holds a single
/// magic can not match, and the probe leaves the prober out there: the same
/// result for half the reading, without the buffers. Anything else (a magic
/// found, a read that fails) leaves the prober in. On a whole disk the prober
/// also asks, for each label, whether a partition covers it (a partition
/// table read and summed four times over): left out there too.
enum ZFSLabels {
    static let proberName = "zfs_member"
    /// The prober's `minsz`: libblkid does not run it on a smaller range.
    static let minimumRange: UInt64 = 64 << 20
    static let labelSize: UInt64 = 256 << 10
    static let magic: UInt64 = 0x00ba_b10c

    /// true when the prober can not match `range` of `fd`.
    static func noUberblock(fd: Int32, range: Range<UInt64>) -> Bool {
        let size = UInt64(range.count)
        guard size >= minimumRange else { return true }
        let align = size % labelSize
        let labels = [0, labelSize, size - 2 * labelSize - align, size - labelSize - align]
        var ring = [UInt8](repeating: 0, count: Int(labelSize / 2))
        return labels.allSatisfy { label in
            readFully(fd: fd, into: &ring, at: range.lowerBound + label + labelSize / 2) && !holdsMagic(ring)
        }
    }

    /// Whether a slot of the ring starts with the magic, in either byte order.
    static func holdsMagic(_ ring: [UInt8]) -> Bool {
        ring.withUnsafeBytes { bytes in
            stride(from: 0, to: bytes.count, by: 1024).contains { at in
                let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self))
                return word == magic || word == magic.byteSwapped
            }
        }
    }

    private static func readFully(fd: Int32, into buffer: inout [UInt8], at offset: UInt64) -> Bool {
        Posix.preadAll(fd, &buffer, at: offset)
    }
}
