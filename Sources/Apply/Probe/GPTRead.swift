import Layout
import Platform

/// A GUID partition table read as libparted 3.5 reads it (`gpt_read`,
/// `_header_is_valid`, `_parse_header`, `gpt_alloc_metadata` in its gpt.c),
/// without libparted, for the case the probe meets nearly always: a
/// protective MBR, a primary and a backup header that both pass libparted's
/// checks, the backup in the disk's last sector, and every partition inside
/// the data area and apart from the others. Anything else reads as nil, and
/// the probe asks libparted, which then reads it (or names what is wrong) as
/// before. Positions in logical sectors.
struct GPTRead: Equatable {
    /// What libparted leaves to partitions: the sectors between its metadata
    /// at both ends, which it sizes for the header's entry count.
    var usable: ClosedRange<UInt64>
    /// `NumberOfPartitionEntries`: how many partitions the table holds.
    var entries: Int
    /// Every used entry, numbered by its place in the array, with the flags
    /// libparted reports for it (no names: the probe takes libblkid's).
    var partitions: [PartedPartition]

    /// nil unless the table is one libparted reads without a question.
    static func read(fd: Int32, sectorSize: Int, lengthSectors: UInt64) -> GPTRead? {
        let lss = UInt64(sectorSize)
        guard let primary = soundHeaders(fd: fd, sectorSize: sectorSize, lengthSectors: lengthSectors) else { return nil }
        // `gpt_alloc_metadata`: the MBR, the header and the entry array at the start, the array and the header at the end.
        let arraySectors = (UInt64(primary.entries) * 128 + lss - 1) / lss
        guard lengthSectors >= 2 * (2 + arraySectors) + 1, lengthSectors > 2 + 16384 / lss else { return nil }
        let usable = (2 + arraySectors)...(lengthSectors - 2 - arraySectors)
        // `_parse_header` refuses a header whose table would not fit if the disk had grown.
        let lastIfGrown = min(lengthSectors - 2 - UInt64(primary.entries) * 128 / lss, lengthSectors - 2 - 16384 / lss)
        guard lastIfGrown > primary.firstUsable else { return nil }
        let partitions = usedEntries(primary.array, count: primary.entries)
        // `gpt_partition_align` keeps each in the header's data area, `ped_disk_add_partition` apart.
        let dataArea = primary.firstUsable...primary.lastUsable
        let inside = { (p: PartedPartition) in
            p.sizeSectors > 0 && [p.startSector, p.endSector].allSatisfy { dataArea.contains($0) && usable.contains($0) }
        }
        guard partitions.allSatisfy(inside), apart(partitions) else { return nil }
        return GPTRead(usable: usable, entries: primary.entries, partitions: partitions)
    }

    /// The primary header, when `gpt_read` would take it without a question:
    /// a protective MBR, both headers sound and alike, the backup in the last
    /// sector, an entry count libparted reads, a usable range within the disk.
    static func soundHeaders(fd: Int32, sectorSize: Int, lengthSectors: UInt64) -> Header? {
        guard lengthSectors > 3, let mbr = readBytes(fd: fd, count: 512, at: 0), isProtectiveMBR(mbr),
              let primary = header(fd: fd, lba: 1, sectorSize: sectorSize),
              primary.alternateLBA == lengthSectors - 1,
              let backup = header(fd: fd, lba: lengthSectors - 1, sectorSize: sectorSize, like: primary),
              backup.entries == primary.entries, backup.entriesCRC == primary.entriesCRC,
              (1...Probe.maxGPTEntries).contains(primary.entries),
              primary.lastUsable > primary.firstUsable, primary.lastUsable <= lengthSectors
        else { return nil }
        return primary
    }

    /// The fields of a GPT header (UEFI spec, table 5-5) that libparted checks.
    struct Header {
        var alternateLBA: UInt64
        var firstUsable: UInt64
        var lastUsable: UInt64
        var entryLBA: UInt64
        var entries: Int
        var entriesCRC: UInt32
        /// The partition entry array, `entries` x 128 bytes.
        var array: [UInt8]
    }

    /// The header at `lba`, if it passes `_header_is_valid`: signature, a
    /// header of 92 bytes and entries of 128 (libparted allows more of both;
    /// those it reads itself), its own LBA, the other's, first usable LBA at
    /// least 3, and both CRCs. An entry array the same as that of `like`
    /// (already checked) and a header naming the same CRC need no second sum.
    static func header(fd: Int32, lba: UInt64, sectorSize: Int, like other: Header? = nil) -> Header? {
        guard let raw = readBytes(fd: fd, count: 92, at: lba * UInt64(sectorSize)),
              raw[0..<8].elementsEqual("EFI PART".utf8) else { return nil }
        func le(_ at: Int, _ count: Int) -> UInt64 { (0..<count).reduce(UInt64(0)) { $0 | UInt64(raw[at + $1]) << (8 * $1) } }
        var header = Header(
            alternateLBA: le(32, 8), firstUsable: le(40, 8), lastUsable: le(48, 8),
            entryLBA: le(72, 8), entries: Int(le(80, 4)), entriesCRC: UInt32(le(88, 4)), array: [])
        var zeroed = raw
        zeroed.replaceSubrange(16..<20, with: [0, 0, 0, 0])
        guard le(12, 4) == 92, le(84, 4) == 128, le(24, 8) == lba,
              lba == 1 || header.alternateLBA == 1, header.alternateLBA != lba, header.firstUsable >= 3,
              CRC32.of(zeroed) == UInt32(le(16, 4)),
              header.entries <= Probe.maxGPTEntries,
              case let (at, overflow) = header.entryLBA.multipliedReportingOverflow(by: UInt64(sectorSize)), !overflow,
              let array = readBytes(fd: fd, count: header.entries * 128, at: at),
              other.map({ $0.entriesCRC == header.entriesCRC && $0.array == array }) == true
                || CRC32.of(array) == header.entriesCRC
        else { return nil }
        header.array = array
        return header
    }

    /// `_pmbr_is_valid`: the MBR signature and a partition record of type 0xEE.
    static func isProtectiveMBR(_ sector: [UInt8]) -> Bool {
        sector[510] == 0x55 && sector[511] == 0xAA && (0..<4).contains { sector[446 + 16 * $0 + 4] == 0xEE }
    }

    /// The entries whose type GUID is not zero, as libparted lists them.
    static func usedEntries(_ array: [UInt8], count: Int) -> [PartedPartition] {
        (0..<count).compactMap { i in
            let entry = array[(i * 128)..<(i * 128 + 128)]
            let base = entry.startIndex
            guard entry.prefix(16).contains(where: { $0 != 0 }) else { return nil }
            func le(_ at: Int) -> UInt64 { (0..<8).reduce(UInt64(0)) { $0 | UInt64(entry[base + at + $1]) << (8 * $1) } }
            let start = le(32), end = le(40)
            // An end before the start, or at the last sector number there is, reads as no size (refused).
            return PartedPartition(
                number: i + 1, startSector: start, sizeSectors: end >= start && end < .max ? end - start + 1 : 0,
                kind: .primary, name: nil,
                flags: GPTFlags.of(typeGUID: guidString(Array(entry.prefix(16))), attributes: le(48)))
        }
    }

    /// Whether no two partitions share a sector.
    static func apart(_ partitions: [PartedPartition]) -> Bool {
        let sorted = partitions.sorted { $0.startSector < $1.startSector }
        return zip(sorted, sorted.dropFirst()).allSatisfy { $0.endSector < $1.startSector }
    }

    /// A GUID's text form, lower case: the first three fields are little-endian on disk.
    static func guidString(_ b: [UInt8]) -> String {
        let order = [3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15]
        let hex = Array("0123456789abcdef")
        return String(order.flatMap { $0 < 0 ? ["-"] : [hex[Int(b[$0] >> 4)], hex[Int(b[$0] & 15)]] })
    }

    /// `count` bytes at byte `offset`, or nil when fewer can be read.
    static func readBytes(fd: Int32, count: Int, at offset: UInt64) -> [UInt8]? {
        guard count >= 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: count)
        return Posix.preadAll(fd, &buffer, at: offset) ? buffer : nil
    }
}
