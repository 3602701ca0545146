public import Layout
import Synchronization
import Platform

/// Reads what is on the machine into the `Layout` model. Never writes.
///
/// libblkid reads the partition table and the signatures (it is the cheaper
/// reader). What libparted, which writes the tables later, makes of the disk
/// (sector sizes, alignment, usable range, flags) is computed as libparted
/// computes it for a blank disk and a sound GPT (Probe+Geometry.swift), and
/// asked of libparted for everything else (Probe+Parted.swift), which must
/// then agree with libblkid on the table.
public enum Probe {
    /// Everything `DiskInfo` holds about one whole disk or disk image.
    ///
    /// Partition positions are in the disk's logical sectors. A disk without
    /// a partition table has `table == nil`. `signatures` are those of the
    /// whole disk that lie outside every partition (a file system on the raw
    /// disk, an md 0.90/1.0 superblock at its end); each partition carries its
    /// own. Partitions of a table nested in a partition (a BSD label inside an
    /// MBR partition) are not listed: they lie inside their parent.
    public static func disk(_ path: String) throws -> DiskInfo {
        let resolved = try Posix.realPath(path)
        let isBlockDevice = try Posix.fileKind(resolved) == .blockDevice
        let name = resolved.split(separator: "/").last.map(String.init) ?? resolved
        if isBlockDevice, Posix.sysfs("/sys/class/block/\(name)/partition") != nil {
            throw DeviceError(path: path, operation: "probe", message: "\(resolved) is a partition, not a whole disk")
        }
        var info = try Posix.withDescriptor(resolved, flags: O_RDONLY) { fd in
            var info = try read(fd: fd, path: path, isBlockDevice: isBlockDevice)
            info.identity = try DiskIdentity.of(fd: fd, path: path)
            return info
        }
        info.resolvedPath = resolved
        info.isBlockDevice = isBlockDevice
        if isBlockDevice {
            let sysfs = "/sys/class/block/\(name)"
            info.model = Posix.sysfs("\(sysfs)/device/model")
            info.serial = ["device/serial", "serial", "device/wwid", "wwid"].lazy
                .compactMap { Posix.sysfs("\(sysfs)/\($0)") }.first
        }
        return info
    }

    /// The machine's whole disks from /sys/block, as `/dev/NAME`: no loop,
    /// RAM, zram, md, device-mapper, optical, floppy or network block
    /// devices, and none of size 0.
    public static func allDisks() throws -> [String] {
        let skipped = ["loop", "ram", "zram", "md", "dm-", "sr", "fd", "nbd"]
        let names = Posix.directory("/sys/block")
        guard !names.isEmpty else {
            throw DeviceError(path: "/sys/block", operation: "list disks", message: "no block devices (is /sys mounted?)")
        }
        return names
            .filter { name in !skipped.contains { name.hasPrefix($0) } }
            .filter { (Posix.sysfs("/sys/block/\($0)/size").flatMap { UInt64($0) } ?? 0) > 0 }
            .map { "/dev/\($0)" }
    }

    /// The given disks and the running arrays.
    /// The disks are probed in parallel: libblkid keeps no global state (its
    /// per-partition probing is most of the work); libparted calls take a lock.
    public static func inventory(paths: [String]) throws -> Inventory {
        let results = Mutex([Result<DiskInfo, any Error>?](repeating: nil, count: paths.count))
        Parallel.perform(iterations: paths.count) { i in
            let r = Result { try disk(paths[i]) }
            results.withLock { $0[i] = r }
        }
        let disks = try results.withLock { all in try all.map { try $0!.get() } }
        let arrays = runningArrays(checkingFileSystems: true)
        let uses = DeviceUses.find(disks: disks.filter(\.isBlockDevice).map(\.resolvedPath), arrays: arrays.map(\.device))
        let inventory = Inventory(disks: disks, arrays: arrays, uses: uses)
        Blkid.releaseFreedMemory()
        return inventory
    }

    // MARK: - Parts

    /// Everything but the path facts, with one descriptor: libblkid on the
    /// whole disk, libparted's view of it, then libblkid on each partition's byte range.
    private static func read(fd: Int32, path: String, isBlockDevice: Bool) throws -> DiskInfo {
        let (sizeBytes, found, whole, topology) = try Blkid.withProbe(fd: fd, path: path) { probe in
            let skipping = ZFSLabels.noUberblock(fd: fd, range: 0..<probe.sizeBytes) ? [ZFSLabels.proberName] : []
            return (probe.sizeBytes, probe.partitionTable(), try probe.superblocks(skipping: skipping),
                    isBlockDevice ? probe.topology() : nil)
        }
        // libparted aborts the process (an assertion) on a GPT of more than 8192 entries: refuse it first.
        if found?.type == TableType.gpt.rawValue, let header = gptHeader(fd: fd, sectorSize: try logicalSectorSize(fd: fd)),
           header.entries > maxGPTEntries {
            throw DeviceError(path: path, operation: "read GPT header",
                              message: "its GPT has \(header.entries) entries; libparted, which reads and writes the tables, handles at most \(maxGPTEntries)")
        }
        let parted = try readWithoutParted(fd: fd, sizeBytes: sizeBytes, table: found, topology: topology)
            ?? readWithParted(path: path, table: found)
        var info = DiskInfo(
            path: path, sizeBytes: sizeBytes,
            logicalSectorSize: parted.logicalSectorSize, physicalSectorSize: parted.physicalSectorSize,
            alignmentGrainSectors: parted.alignmentGrain, alignmentOffsetSectors: parted.alignmentOffset)
        if let found {
            info.table = tableInfo(found, disk: info, parted: parted)
        } else if let type = parted.tableType, let partitions = parted.partitions {
            info.table = PartitionTableInfo(
                type: type, id: nil,
                firstUsableSector: parted.usable?.lowerBound ?? 0,
                lastUsableSector: parted.usable?.upperBound ?? max(info.sectorCount, 1) - 1,
                partitions: partitions.map {
                    PartitionInfo(
                        number: $0.number, startSector: $0.startSector, sizeSectors: $0.sizeSectors,
                        kind: $0.kind, name: $0.name, flags: $0.flags)
                })
        }
        guard var table = info.table else {
            info.signatures = whole.map(\.signature)
            if hasBackupGPTHeader(fd: fd, sizeBytes: sizeBytes, sectorSize: info.logicalSectorSize) {
                // Neither libblkid nor libparted reports a GPT whose primary header is gone, but
                // the backup at the end still describes partitions that gdisk would restore.
                info.signatures.append(Signature(type: "gpt_backup_header", usage: "partition table",
                                                 label: "a backup GPT header at the end of the disk; its primary header is gone"))
            }
            return info
        }
        if table.type == TableType.gpt.rawValue, let header = gptHeader(fd: fd, sectorSize: info.logicalSectorSize) {
            // libparted places its metadata as if every GPT had 128 entries; a
            // larger entry array ends later, at the header's first usable LBA.
            table.firstUsableSector = max(table.firstUsableSector, header.firstUsable)
            table.maxPartitions = table.maxPartitions ?? header.entries
        }

        let lss = UInt64(info.logicalSectorSize)
        let ranges = table.partitions.indices.filter { table.partitions[$0].kind != .extended }.map { index in
            let p = table.partitions[index]
            return (index: index, bytes: min(p.startSector * lss, sizeBytes)..<min((p.startSector + p.sizeSectors) * lss, sizeBytes))
        }
        for (index, bytes) in ranges where !bytes.isEmpty {
            let skipping = ZFSLabels.noUberblock(fd: fd, range: bytes) ? [ZFSLabels.proberName] : []
            table.partitions[index].signatures = try Blkid.withProbe(
                fd: fd, path: path, offset: bytes.lowerBound, size: UInt64(bytes.count)
            ) { try $0.superblocks(skipping: skipping) }.map { MDSuperblock.read($0, fd: fd, path: path, range: bytes) }
        }
        info.table = table
        // A superblock inside a partition is that partition's, not the disk's.
        info.signatures = whole.filter { found in
            guard let offset = found.magicOffset else { return true }
            return !ranges.contains { $0.bytes.contains(offset) }
        }.map(\.signature)
        return info
    }

    private static func tableInfo(_ table: BlkidTable, disk: DiskInfo, parted: PartedRead) -> PartitionTableInfo {
        let type = tableTypeName(table.type)
        let lss = UInt64(disk.logicalSectorSize)
        let sectors = disk.sectorCount
        // GPT: libparted's usable range, which is the header's first and last
        // usable LBA (on a grown disk, the range libparted will write).
        // msdos: all but the MBR, up to the 2^32 sectors 32-bit LBAs address.
        let usable: ClosedRange<UInt64> = switch type {
        case TableType.msdos.rawValue: 1...(min(max(sectors, 2), 1 << 32) - 1)
        default: parted.usable ?? 0...(max(sectors, 1) - 1)
        }
        let flags = Dictionary((parted.partitions ?? []).map { ($0.number, $0.flags) }, uniquingKeysWith: { a, _ in a })
        let partitions = table.partitions.filter { !$0.isNested }.map { p in
            PartitionInfo(
                number: p.number,
                startSector: p.start512 * 512 / lss,
                sizeSectors: p.size512 * 512 / lss,
                kind: p.kind,
                typeGUID: type == TableType.gpt.rawValue ? p.typeString?.lowercased() : nil,
                mbrType: type == TableType.msdos.rawValue ? UInt8(truncatingIfNeeded: p.typeCode) : nil,
                name: p.name,
                uuid: p.uuid?.lowercased(),
                flags: flags[p.number] ?? [])
        }
        return PartitionTableInfo(
            type: type, id: table.id?.lowercased(),
            firstUsableSector: usable.lowerBound, lastUsableSector: usable.upperBound,
            partitions: partitions, maxPartitions: parted.maxPartitions)
    }

    /// The most GPT entries libparted 3.5 reads without aborting (an entry array of 1 MiB).
    static let maxGPTEntries = 8192

    /// The logical sector size of a device (BLKSSZGET); 512 for a file.
    private static func logicalSectorSize(fd: Int32) throws -> Int {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return 512 }
        guard (st.st_mode & S_IFMT) == S_IFBLK else { return 512 }
        var size: Int32 = 0
        // BLKSSZGET = _IO(0x12, 104)
        return ioctl(fd, 0x1268, &size) == 0 && size > 0 ? Int(size) : 512
    }

    /// The primary GPT header's FirstUsableLBA and NumberOfPartitionEntries (UEFI spec, table 5-5), read with pread.
    private static func gptHeader(fd: Int32, sectorSize: Int) -> (firstUsable: UInt64, entries: Int)? {
        var buf = [UInt8](repeating: 0, count: 92)
        let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 92, off_t(sectorSize)) }
        guard n == 92, Array(buf[0..<8]) == Array("EFI PART".utf8) else { return nil }
        func le(_ at: Int, _ count: Int) -> UInt64 { (0..<count).reduce(UInt64(0)) { $0 | UInt64(buf[at + $1]) << (8 * $1) } }
        return (le(40, 8), Int(le(80, 4)))
    }

    /// Whether the disk's last sector holds a GPT header ("EFI PART"): the backup header.
    private static func hasBackupGPTHeader(fd: Int32, sizeBytes: UInt64, sectorSize: Int) -> Bool {
        guard sizeBytes >= UInt64(2 * sectorSize) else { return false }
        var buf = [UInt8](repeating: 0, count: 8)
        let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 8, off_t(sizeBytes - UInt64(sectorSize))) }
        return n == 8 && buf == Array("EFI PART".utf8)
    }

    /// libblkid calls an MBR table `dos`, libparted and the model `msdos`.
    static func tableTypeName(_ blkidName: String) -> String {
        blkidName == "dos" ? TableType.msdos.rawValue : blkidName
    }
}
