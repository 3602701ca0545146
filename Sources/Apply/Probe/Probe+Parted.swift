import Layout

// What libparted reads of a disk, asked of libparted itself.
extension Probe {
    /// What libparted reads of a disk (Probe+Parted.swift), or would read
    /// (Probe+Geometry.swift).
    struct PartedRead {
        var logicalSectorSize: Int
        var physicalSectorSize: Int
        var alignmentGrain: UInt64
        var alignmentOffset: UInt64
        /// The sectors libparted lets partitions use, when it reads the table.
        var usable: ClosedRange<UInt64>?
        /// The partitions, when libparted reads the table.
        var partitions: [PartedPartition]?
        /// A table libparted reads and libblkid does not (a BSD label on the whole disk).
        var tableType: String?
        /// How many partitions the table holds, when libparted reads it.
        var maxPartitions: Int?
    }

    /// Sector sizes and alignment; for a table libparted reads, its usable
    /// range and partitions (for their flags). Checks that libparted sees the
    /// gpt/msdos partitions libblkid sees: libparted writes them later.
    static func readWithParted(path: String, table: BlkidTable?) throws -> PartedRead {
        try Parted.withDevice(path, probeFileSystems: false) { device in
            var read = geometry(
                logical: UInt64(device.logicalSectorSize), physical: UInt64(device.physicalSectorSize),
                alignment: try device.optimumAlignment())

            let expected = table.map { tableTypeName($0.type) }
            let seen = device.probeTableType()
            guard let table, let expected else {
                // `loop` is libparted's name for a disk without a table.
                if let seen, seen != "loop" {
                    read.tableType = seen
                    read.partitions = try device.withDisk { disk in
                        read.usable = disk.usableRange()
                        return disk.partitions()
                    }
                }
                return read
            }
            let isWritable = TableType(rawValue: expected) != nil
            guard seen == expected else {
                if !isWritable { return read }  // a type libparted need not know
                throw DeviceError(
                    path: path, operation: "ped_disk_probe",
                    message: "libblkid reads a \(expected) table, libparted \(seen.map { "a \($0) table" } ?? "none")")
            }
            let partitions = try device.withDisk { disk in
                read.usable = disk.usableRange()
                read.maxPartitions = disk.maxSupportedPartitionCount()
                return disk.partitions()
            }
            read.partitions = partitions

            let lss = UInt64(device.logicalSectorSize)
            let fromBlkid = table.partitions.filter { !$0.isNested }
                .map { "\($0.number):\($0.start512 * 512 / lss)+\($0.size512 * 512 / lss)" }.sorted()
            let fromParted = partitions.map { "\($0.number):\($0.startSector)+\($0.sizeSectors)" }.sorted()
            guard fromBlkid == fromParted || !isWritable else {
                throw DeviceError(
                    path: path, operation: "ped_disk_new",
                    message: "libparted and libblkid disagree on the partitions: \(fromParted) against \(fromBlkid)")
            }
            return read
        }
    }
}
