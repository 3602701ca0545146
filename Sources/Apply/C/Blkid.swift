// Thin wrappers of libblkid's low-level probing. Like every file in Apply/C,
// it imports CParted. libblkid only reads; it is the cheaper reader and
// needs no global lock (each probe is its own state).

internal import CParted
import Layout

/// Set once before the first probe: see `diskplan_keep_freed_memory` in shim.h.
private let freedMemoryKept: Void = diskplan_keep_freed_memory()

/// Entry point to libblkid: scoped probes over an open file descriptor.
enum Blkid {
    /// Returns what probing kept of freed memory to the kernel (`malloc_trim`).
    static func releaseFreedMemory() { diskplan_release_freed_memory() }

    /// Creates a probe (`blkid_new_probe`) over `size` bytes of `fd` from
    /// `offset` (`blkid_probe_set_device`; size 0 means to the end), runs
    /// `body`, and always frees it (`blkid_free_probe`). Probing one partition
    /// of a disk or image this way needs no partition device node. `path`
    /// names the device in errors.
    // swiftc 6.3.1 crashes specializing this generic over a ~Copyable borrow in release builds
    // ("Cannot initialize a nonCopyable type with a guaranteed value"); keep it unspecialized.
    @_semantics("optimize.sil.specialize.generic.never")
    static func withProbe<T>(
        fd: Int32, path: String, offset: UInt64 = 0, size: UInt64 = 0,
        _ body: (borrowing BlkidProbe) throws -> T
    ) throws -> T {
        _ = freedMemoryKept
        guard let raw = blkid_new_probe() else {
            throw DeviceError(path: path, operation: "blkid_new_probe", message: "out of memory")
        }
        defer { blkid_free_probe(raw) }
        guard blkid_probe_set_device(raw, fd, blkid_loff_t(offset), blkid_loff_t(size)) == 0 else {
            throw DeviceError(
                path: path, operation: "blkid_probe_set_device",
                message: "can not probe \(size) bytes at offset \(offset): \(errnoText())")
        }
        return try body(BlkidProbe(raw: raw, path: path))
    }
}

/// A partition table as libblkid reads it. Positions in 512-byte units, as
/// libblkid counts them whatever the sector size.
struct BlkidTable: Equatable {
    /// `blkid_parttable_get_type`: `gpt`, `dos`, `bsd`, `mac`, ...
    var type: String
    /// `blkid_parttable_get_id`: GPT disk GUID or MBR id (`8f8378c0`).
    var id: String?
    var partitions: [BlkidPartition]
}

struct BlkidPartition: Equatable {
    /// `blkid_partition_get_partno`
    var number: Int
    /// `blkid_partition_get_start` (512-byte units)
    var start512: UInt64
    /// `blkid_partition_get_size` (512-byte units)
    var size512: UInt64
    var kind: PartitionKind
    /// The partition belongs to a table nested in another partition (a BSD
    /// label inside an MBR partition), not to the disk's own table.
    var isNested: Bool
    /// `blkid_partition_get_type`: the MBR id; 0 on GPT.
    var typeCode: Int
    /// `blkid_partition_get_type_string`: the GPT type GUID.
    var typeString: String?
    /// `blkid_partition_get_name`
    var name: String?
    /// `blkid_partition_get_uuid`: GPT partition GUID or MBR `diskid-NN`.
    var uuid: String?
}

/// A superblock found by libblkid, and where its magic is.
struct BlkidSignature: Equatable {
    var signature: Signature
    /// `SBMAGIC_OFFSET`: the magic's byte offset from the start of the probed range.
    var magicOffset: UInt64?
}

/// A block device's I/O topology as libblkid reads it (`blkid_probe_get_topology`),
/// in bytes; libparted reads the same values (its `get_blkid_topology`).
struct BlkidTopology: Equatable {
    var alignmentOffset: UInt64
    var minimumIO: UInt64
    var optimalIO: UInt64
    var physicalSectorSize: UInt64
}

/// A libblkid probe (`blkid_probe`), valid only inside `Blkid.withProbe`.
struct BlkidProbe: ~Copyable {
    fileprivate let raw: blkid_probe
    let path: String

    /// `blkid_probe_get_size`: bytes in the probed range.
    var sizeBytes: UInt64 { UInt64(max(blkid_probe_get_size(raw), 0)) }

    /// `blkid_probe_get_sectorsize`: the logical sector size (512 for files).
    var sectorSize: Int { Int(blkid_probe_get_sectorsize(raw)) }

    /// The topology (`blkid_probe_get_topology`), or nil where libblkid has
    /// none (libblkid reads it of block devices only).
    func topology() -> BlkidTopology? {
        guard let tp = blkid_probe_get_topology(raw) else { return nil }
        return BlkidTopology(
            alignmentOffset: UInt64(blkid_topology_get_alignment_offset(tp)),
            minimumIO: UInt64(blkid_topology_get_minimum_io_size(tp)),
            optimalIO: UInt64(blkid_topology_get_optimal_io_size(tp)),
            physicalSectorSize: UInt64(blkid_topology_get_physical_sector_size(tp)))
    }

    /// The partition table (`blkid_probe_get_partitions`,
    /// `blkid_partlist_get_table`, `blkid_partlist_get_partition`), or nil when
    /// libblkid finds none.
    func partitionTable() -> BlkidTable? {
        blkid_probe_enable_superblocks(raw, 0)
        blkid_probe_enable_partitions(raw, 1)
        guard let list = blkid_probe_get_partitions(raw), let table = blkid_partlist_get_table(list) else {
            return nil
        }
        var partitions: [BlkidPartition] = []
        for index in 0..<max(blkid_partlist_numof_partitions(list), 0) {
            guard let par = blkid_partlist_get_partition(list, index) else { continue }
            let kind: PartitionKind =
                blkid_partition_is_extended(par) != 0 ? .extended
                : blkid_partition_is_logical(par) != 0 ? .logical : .primary
            let ownTable = blkid_partition_get_table(par)
            partitions.append(BlkidPartition(
                number: Int(blkid_partition_get_partno(par)),
                start512: UInt64(max(blkid_partition_get_start(par), 0)),
                size512: UInt64(max(blkid_partition_get_size(par), 0)),
                kind: kind,
                isNested: ownTable.map { blkid_parttable_get_parent($0) != nil } ?? false,
                typeCode: Int(blkid_partition_get_type(par)),
                typeString: nonEmpty(blkid_partition_get_type_string(par)),
                name: nonEmpty(blkid_partition_get_name(par)),
                uuid: nonEmpty(blkid_partition_get_uuid(par))))
        }
        return BlkidTable(
            type: String(cString: blkid_parttable_get_type(table)),
            id: nonEmpty(blkid_parttable_get_id(table)),
            partitions: partitions)
    }

    /// Every superblock in the probed range (superblocks chain only; TYPE,
    /// USAGE, UUID, UUID_SUB, LABEL, VERSION, SBMAGIC_OFFSET).
    /// `blkid_do_safeprobe` first; when it calls the result ambivalent (two
    /// signatures, e.g. a stale file system under an md superblock), every
    /// match is listed with a `blkid_do_probe` loop.
    /// `skipping` names probers not to run (`blkid_probe_filter_superblocks_type`,
    /// `BLKID_FLTR_NOTIN`): only those the caller knows would find nothing.
    func superblocks(skipping: [String] = []) throws -> [BlkidSignature] {
        blkid_probe_enable_partitions(raw, 0)
        blkid_probe_enable_superblocks(raw, 1)
        let flags = diskplan_BLKID_SUBLKS_DEFAULT | BLKID_SUBLKS_USAGE | BLKID_SUBLKS_VERSION | BLKID_SUBLKS_MAGIC
        blkid_probe_set_superblocks_flags(raw, flags)
        if !skipping.isEmpty {
            var names: [UnsafeMutablePointer<CChar>?] = skipping.map { strdup($0) } + [nil]
            defer { names.forEach { free($0) } }
            guard blkid_probe_filter_superblocks_type(raw, BLKID_FLTR_NOTIN, &names) == 0 else {
                throw DeviceError(path: path, operation: "blkid_probe_filter_superblocks_type", message: errnoText())
            }
        }

        switch blkid_do_safeprobe(raw) {
        case 0:
            return current().map { [$0] } ?? []
        case 1:
            return []
        case -2:
            blkid_reset_probe(raw)
            var found: [BlkidSignature] = []
            while true {
                let rc = blkid_do_probe(raw)
                if rc == 1 { break }
                guard rc == 0 else {
                    throw DeviceError(path: path, operation: "blkid_do_probe", message: errnoText())
                }
                if let signature = current() { found.append(signature) }
            }
            return found
        default:
            throw DeviceError(path: path, operation: "blkid_do_safeprobe", message: errnoText())
        }
    }

    /// The superblock values of the last successful probe.
    private func current() -> BlkidSignature? {
        guard let type = value("TYPE") else { return nil }
        return BlkidSignature(
            signature: Signature(
                type: type, usage: value("USAGE"), uuid: value("UUID"), subUUID: value("UUID_SUB"),
                label: value("LABEL"), version: value("VERSION")),
            magicOffset: value("SBMAGIC_OFFSET").flatMap { UInt64($0) })
    }

    /// `blkid_probe_lookup_value`, for text values.
    private func value(_ name: String) -> String? {
        var data: UnsafePointer<CChar>?
        var length = 0
        guard blkid_probe_lookup_value(raw, name, &data, &length) == 0, let data else { return nil }
        return nonEmpty(data)
    }
}

private func nonEmpty(_ text: UnsafePointer<CChar>?) -> String? {
    guard let text else { return nil }
    let string = String(cString: text)
    return string.isEmpty ? nil : string
}
