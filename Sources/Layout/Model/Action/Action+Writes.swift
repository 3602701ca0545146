/// What each kind writes to: the disks the confirmation names, the byte ranges
/// the refusals of devices in use look at, the batches apply runs as one.
extension Action {
    /// Steps apply runs together: one disk's table changes (one libparted commit), one disk's
    /// erase steps (one descriptor).
    public enum DiskBatch: Sendable, Equatable {
        case table(disk: String)
        case erase(disk: String)
    }

    public var batch: DiskBatch? {
        switch operation {
        case .createTable(_, let disk), .createPartition(_, let disk): .table(disk: disk)
        case .wipeDisk(let disk, _): .erase(disk: disk)
        default: nil
        }
    }

    /// The byte ranges the step zeroes.
    public var zeroed: [ByteRange] {
        switch operation {
        case .wipeDisk(_, let ranges), .wipeSignatures(let ranges, _): ranges
        default: []
        }
    }

    /// The disks the step writes to directly: its table, its boot code, the ranges it zeroes.
    public var disksWritten: [String] {
        switch operation {
        case .createTable(_, let disk), .createPartition(_, let disk), .addBootEntry(let disk, _, _, _): [disk]
        case .installBootloader(let disk, _): disk.map { [$0] } ?? []
        case .wipeDisk(let disk, let ranges): [disk] + ranges.map(\.disk)
        case .wipeSignatures(let ranges, _): ranges.map(\.disk)
        default: []
        }
    }

    /// The plan's array (by name) that the step makes, starts or formats.
    public var arrayMade: String? {
        switch operation {
        case .createArray(let name), .assembleArray(let name), .makeSwap(let name), .makeFilesystem(let name), .remakeFilesystem(let name): name
        default: nil
        }
    }

    /// The table a `createTable` makes.
    public var newTable: TableType? {
        if case .createTable(let table, _) = operation { table } else { nil }
    }

    /// The partition a `createPartition` adds.
    public var newPartition: PlannedPartition? {
        if case .createPartition(let p, _) = operation { p } else { nil }
    }

    /// The host install step the action works on (its mounts, files and arrays).
    public var hostStep: InstallStep? {
        switch operation {
        case .mountHost(let s), .extractImage(let s), .writeFstab(let s), .writeMdadmConf(let s), .updateInitramfs(let s),
             .writeBootMenu(let s), .unmountHost(let s): s
        case .installBootloader(_, let s), .addBootEntry(_, _, _, let s): s
        default: nil
        }
    }
}
