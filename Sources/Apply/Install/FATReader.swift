import FoundationEssentials
import Platform

/// Finds a file in a FAT12/16/32 file system by its short (8.3) names, reading
/// the device directly: whether an ESP member, read as the firmware reads it
/// (metadata 1.0 puts the md superblock at its end), holds GRUB's loader.
/// Reads a few sectors; never mounts.
struct FATReader {
    let fd: Int32
    let offset: UInt64
    let bytesPerSector: UInt64, sectorsPerCluster: UInt64, reserved: UInt64, fats: UInt64, fatSectors: UInt64
    let rootEntries: UInt64, rootCluster: UInt32, totalClusters: UInt64

    /// Whether `path` (`["EFI", "BOOT", "BOOTX64.EFI"]`) is a file on the FAT file system at `offset` of `device`;
    /// nil when there is no FAT file system there.
    static func fileExists(device: String, offset: UInt64 = 0, path: [String]) -> Bool? {
        let fd = open(device, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard let fat = FATReader(fd: fd, offset: offset) else { return nil }
        var dir: UInt32? = nil   // nil: the root directory
        for (i, name) in path.enumerated() {
            guard let entry = fat.find(shortName(name), in: dir) else { return false }
            if i == path.count - 1 { return entry.attributes & 0x10 == 0 }
            guard entry.attributes & 0x10 != 0 else { return false }
            dir = entry.cluster
        }
        return false
    }

    init?(fd: Int32, offset: UInt64) {
        self.fd = fd
        self.offset = offset
        guard let b = Self.read(fd, offset, 512), b[510] == 0x55, b[511] == 0xAA else { return nil }
        func u16(_ i: Int) -> UInt64 { UInt64(b[i]) | UInt64(b[i + 1]) << 8 }
        func u32(_ i: Int) -> UInt64 { u16(i) | u16(i + 2) << 16 }
        bytesPerSector = u16(11); sectorsPerCluster = UInt64(b[13]); reserved = u16(14); fats = UInt64(b[16])
        rootEntries = u16(17)
        fatSectors = u16(22) != 0 ? u16(22) : u32(36)
        rootCluster = rootEntries == 0 ? UInt32(u32(44)) : 0
        let total = u16(19) != 0 ? u16(19) : u32(32)
        guard [512, 1024, 2048, 4096].contains(bytesPerSector), sectorsPerCluster > 0, fats > 0, fatSectors > 0 else { return nil }
        let rootSectors = (rootEntries * 32 + bytesPerSector - 1) / bytesPerSector
        totalClusters = (total - reserved - fats * fatSectors - rootSectors) / sectorsPerCluster
    }

    var dataStart: UInt64 { (reserved + fats * fatSectors) * bytesPerSector + (rootEntries * 32 + bytesPerSector - 1) / bytesPerSector * bytesPerSector }

    /// The entry named `name` (11 bytes, 8.3 padded) in the directory starting at `cluster` (nil: root).
    func find(_ name: [UInt8], in cluster: UInt32?) -> (attributes: UInt8, cluster: UInt32)? {
        for block in directoryBlocks(cluster) {
            for e in stride(from: 0, to: block.count, by: 32) {
                if block[e] == 0 { return nil }
                guard block[e] != 0xE5, block[e + 11] != 0x0F, Array(block[e..<e + 11]) == name else { continue }
                let hi = UInt32(block[e + 20]) | UInt32(block[e + 21]) << 8, lo = UInt32(block[e + 26]) | UInt32(block[e + 27]) << 8
                return (block[e + 11], hi << 16 | lo)
            }
        }
        return nil
    }

    /// The directory's bytes, cluster by cluster (FAT12/16's root: its fixed area).
    func directoryBlocks(_ cluster: UInt32?) -> [[UInt8]] {
        let first = cluster ?? rootCluster
        if first == 0 {
            let at = (reserved + fats * fatSectors) * bytesPerSector
            return Self.read(fd, offset + at, Int(rootEntries * 32)).map { [$0] } ?? []
        }
        var out: [[UInt8]] = [], c = first
        let size = sectorsPerCluster * bytesPerSector
        while c >= 2, UInt64(c) < totalClusters + 2, out.count < 4096 {
            guard let data = Self.read(fd, offset + dataStart + UInt64(c - 2) * size, Int(size)) else { break }
            out.append(data)
            guard let next = next(c) else { break }
            c = next
        }
        return out
    }

    /// The next cluster of a chain, from the first FAT (FAT12, FAT16 or FAT32 by the cluster count).
    func next(_ c: UInt32) -> UInt32? {
        if totalClusters < 4085 {
            guard let b = Self.read(fd, offset + reserved * bytesPerSector + UInt64(c) + UInt64(c / 2), 2) else { return nil }
            let pair = UInt32(b[0]) | UInt32(b[1]) << 8
            let v = c % 2 == 1 ? pair >> 4 : pair & 0xFFF
            return v >= 0xFF8 ? nil : v
        }
        let wide = totalClusters >= 65525
        let at = reserved * bytesPerSector + UInt64(c) * (wide ? 4 : 2)
        guard let b = Self.read(fd, offset + at, wide ? 4 : 2) else { return nil }
        let v = wide ? (UInt32(b[0]) | UInt32(b[1]) << 8 | UInt32(b[2]) << 16 | UInt32(b[3]) << 24) & 0x0FFF_FFFF : UInt32(b[0]) | UInt32(b[1]) << 8
        return v >= (wide ? 0x0FFF_FFF8 : 0xFFF8) ? nil : v
    }

    static func shortName(_ s: String) -> [UInt8] {
        let parts = s.uppercased().split(separator: ".", maxSplits: 1).map { Array($0.utf8) }
        let base = (parts.first ?? []).prefix(8), ext = (parts.count > 1 ? parts[1] : []).prefix(3)
        return Array(base) + Array(repeating: 0x20, count: 8 - base.count) + Array(ext) + Array(repeating: 0x20, count: 3 - ext.count)
    }

    static func read(_ fd: Int32, _ at: UInt64, _ count: Int) -> [UInt8]? {
        var buf = [UInt8](repeating: 0, count: count)
        let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(at)) }
        return n == count ? buf : nil
    }
}
