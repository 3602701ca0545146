/// How big members must be and how big an array will be, by mdadm's own rules.
public enum MDGeometry {
    /// Data members as a fraction `numerator / denominator` of `n` members.
    static func dataFraction(_ level: RaidLevel, disks n: Int) -> (numerator: UInt64, denominator: UInt64) {
        switch level {
        case .raid0: (UInt64(n), 1)
        case .raid1: (1, 1)
        case .raid5: (UInt64(n - 1), 1)
        case .raid6: (UInt64(n - 2), 1)
        case .raid10: (UInt64(n), 2)  // layout n2: two copies
        }
    }

    /// Member size for a requested data size, rounded up to `grain`.
    public static func memberBytes(forData size: UInt64, level: RaidLevel, disks n: Int, grain: UInt64) -> UInt64 {
        let (num, den) = dataFraction(level, disks: n)
        let raw = (size * den + num - 1) / num
        return (raw + grain - 1) / grain * grain
    }

    /// The array size mdadm 4.x creates from members of `memberBytes` each:
    /// the member's data area (after superblock, bitmap and, for 1.2, the
    /// reshape headroom that mdadm reserves) rounded down to the chunk
    /// (64 KiB for RAID1), times the data members. An estimate: apply reads
    /// the real size back from the kernel.
    public static func arrayBytes(memberBytes: UInt64, level: RaidLevel, disks n: Int, metadata: String, chunkBytes: UInt64?) -> UInt64 {
        let dev = memberBytes / 512  // sectors
        let bitmap: UInt64
        if dev < 64 * 2 {
            bitmap = 0
        } else if dev - 64 * 2 >= 200 * 1024 * 1024 * 2 {
            bitmap = 128 * 2
        } else if dev - 4 * 2 > 8 * 1024 * 1024 * 2 {
            bitmap = 64 * 2
        } else {
            bitmap = 4 * 2
        }
        let chunkSectors = (chunkBytes ?? 0) / 512
        var data: UInt64
        if metadata == "1.0" {
            let reserve = 8 * 2 + 8 + bitmap
            let rounded = dev & ~UInt64(4 * 2 - 1)
            data = rounded > reserve ? rounded - reserve : 0
        } else {
            var headroom: UInt64 = 128 * 1024 * 2
            while headroom << 10 > dev && (chunkSectors == 0 || headroom / 2 >= chunkSectors * 2) && headroom > 0 {
                headroom >>= 1
            }
            let offset = (12 * 2 + bitmap + headroom + 2047) / 2048 * 2048
            data = dev > offset ? dev - offset : 0
        }
        let round = chunkSectors > 0 ? chunkSectors : 128  // RAID1: 64 KiB
        data = data / round * round
        let (num, den) = dataFraction(level, disks: n)
        return data * 512 * num / den
    }
}
