import Layout
import Platform

// What libparted would read of a disk, computed without opening it with
// libparted: libparted opens a disk twice to read it, and every open of a
// writable device flushes its caches (an fsync and a look-up of each
// partition node name the disk could have). Computed for the two cases the
// probe meets nearly always, a blank disk and a sound GPT, as libparted 3.5
// computes it (linux.c, gpt.c); GPTReadTests compares both readings.
extension Probe {
    /// libparted's reading of a disk without table whose first 16 sectors
    /// are zero (no table type of libparted's looks further), or of a GPT
    /// `GPTRead` accepts whose partitions are those libblkid lists; nil for
    /// everything else, which libparted reads itself.
    static func readWithoutParted(fd: Int32, sizeBytes: UInt64, table: BlkidTable?, topology: BlkidTopology?) -> PartedRead? {
        guard var read = partedGeometry(fd: fd, topology: topology) else { return nil }
        let lss = UInt64(read.logicalSectorSize)
        let length = sizeBytes / lss
        guard let table else {
            let start = GPTRead.readBytes(fd: fd, count: 16 * read.logicalSectorSize, at: 0)
            return length > 0 && start?.allSatisfy({ $0 == 0 }) == true ? read : nil
        }
        guard table.type == TableType.gpt.rawValue,
              let gpt = GPTRead.read(fd: fd, sectorSize: read.logicalSectorSize, lengthSectors: length)
        else { return nil }
        let fromBlkid = table.partitions.filter { !$0.isNested }
            .map { "\($0.number):\($0.start512 * 512 / lss)+\($0.size512 * 512 / lss)" }.sorted()
        let fromGPT = gpt.partitions.map { "\($0.number):\($0.startSector)+\($0.sizeSectors)" }.sorted()
        guard fromBlkid == fromGPT else { return nil }
        read.usable = gpt.usable
        read.maxPartitions = gpt.entries
        read.partitions = gpt.partitions
        return read
    }

    /// libparted's sector sizes and alignment grain of a device. An image
    /// file has 512-byte sectors (`init_file`; nil when PARTED_SECTOR_SIZE
    /// asks otherwise) and no topology. A block device has BLKSSZGET's
    /// logical size, libblkid's physical one (the logical where it has none)
    /// and `linux_get_optimum_alignment`'s grain.
    static func partedGeometry(fd: Int32, topology: BlkidTopology?) -> PartedRead? {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        guard (st.st_mode & S_IFMT) == S_IFBLK else {
            guard getenv("PARTED_SECTOR_SIZE") == nil else { return nil }
            return geometry(logical: 512, physical: 512, alignment: (0, 2048))
        }
        var size: Int32 = 0
        // BLKSSZGET = _IO(0x12, 104). libparted warns and takes 512 when it fails: let it.
        guard ioctl(fd, 0x1268, &size) == 0, size >= 512 else { return nil }
        let lss = UInt64(size)
        let pss = topology.map(\.physicalSectorSize).flatMap { $0 == 0 ? nil : $0 } ?? lss
        return geometry(logical: lss, physical: pss, alignment: optimumAlignment(topology, logical: lss, physical: pss))
    }

    /// `linux_get_optimum_alignment` (and `ped_device_get_optimum_alignment`'s
    /// 1 MiB default without topology): (offset, grain) in logical sectors.
    static func optimumAlignment(_ topology: BlkidTopology?, logical lss: UInt64, physical pss: UInt64) -> (offset: UInt64, grain: UInt64) {
        let mib: UInt64 = 1 << 20
        guard let tp = topology else { return (0, mib / lss) }
        let offset = tp.alignmentOffset / lss
        let (optimal, minimum) = (tp.optimalIO, tp.minimumIO)
        let divides = { (io: UInt64) in io == 0 || mib % io == 0 }
        if optimal == 0 && minimum == 0 || divides(optimal) && divides(minimum) {
            return (offset, mib / lss)
        }
        if optimal == 0 {
            return (offset, (minimum == 0 ? pss : minimum) / lss)
        }
        return (offset, optimal / lss)
    }

    /// The probe's reading of libparted's sizes and alignment (a grain of at
    /// least 1 MiB, the offset within it), as `readWithParted` makes it.
    static func geometry(logical: UInt64, physical: UInt64, alignment: (offset: UInt64, grain: UInt64)) -> PartedRead {
        let grain = max(alignment.grain, 1)
        let megabyte = UInt64(1 << 20) / max(logical, 1)
        return PartedRead(
            logicalSectorSize: Int(logical), physicalSectorSize: Int(physical),
            alignmentGrain: Size.lcm(grain, max(megabyte, 1)), alignmentOffset: alignment.offset % grain)
    }
}
