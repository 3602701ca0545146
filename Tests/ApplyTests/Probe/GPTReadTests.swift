@testable import Apply
import Foundation
import Layout
import Testing

// The probe's reading of libparted's view without libparted (a blank disk, a
// sound GPT) against libparted's own reading of the same disk, on tables
// written by libparted (and sgdisk), on image files and on loop devices of
// 512- and 4096-byte sectors. Where the reading without libparted declines
// (nil), the probe asks libparted as before.
@Suite(.serialized) struct GPTReadTests {
    @Test func gptWrittenByLibpartedReadsTheSame() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = try scratch.sparseFile("gpt.img", bytes: 1_800_000_000_000)
        try PartitionWriter.apply(disk: image, newTable: .gpt, partitions: layout(sectorSize: 512))

        let (fast, parted) = try readings(image)

        let read = try #require(fast)
        expectSame(read, parted)
        #expect(read.partitions?.map(\.flags) == [["bios_grub"], ["boot", "esp"], ["raid"], ["raid"]])
    }

    @Test func everyFlagOfLibpartedReadsTheSame() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = try scratch.sparseFile("flags.img", bytes: 1 << 30)
        var argv = ["/usr/sbin/sgdisk"]
        let types = GPTFlags.table.compactMap(\.guid) + ["0fc63daf-8483-4772-8e79-3d69d8477de4"]
        for (i, guid) in types.enumerated() {
            argv += ["-n", "\(i + 1):0:+1M", "-t", "\(i + 1):\(guid)"]
        }
        let n = types.count
        argv += ["-n", "\(n + 1):0:+1M", "-A", "\(n + 1):set:0", "-A", "\(n + 1):set:2", "-A", "\(n + 1):set:1"]
        argv += ["-n", "\(n + 2):0:+1M", "-t", "\(n + 2):ef00", "-A", "\(n + 2):set:2", image]
        try run(argv)

        let (fast, parted) = try readings(image)

        let read = try #require(fast)
        expectSame(read, parted)
        #expect(read.partitions?.count == n + 2)
        #expect(read.partitions?.last?.flags == ["boot", "legacy_boot", "esp"])
    }

    @Test func blankAndEmptyTablesReadTheSame() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let blank = try scratch.sparseFile("blank.img", bytes: 8 << 30)
        let (blankFast, blankParted) = try readings(blank)
        expectSame(try #require(blankFast), blankParted)

        let empty = try scratch.sparseFile("empty.img", bytes: 8 << 30)
        try run(["/usr/sbin/sgdisk", "-o", empty])
        let (emptyFast, emptyParted) = try readings(empty)
        expectSame(try #require(emptyFast), emptyParted)

        let large = try scratch.sparseFile("large.img", bytes: 8 << 30)
        try run(["/usr/sbin/sgdisk", "-o", "--resize-table=256", "-n", "1:0:+1G", large])
        let (largeFast, largeParted) = try readings(large)
        expectSame(try #require(largeFast), largeParted)
        #expect(largeFast?.maxPartitions == 256)
    }

    @Test func otherDisksAreLeftToLibparted() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        // A protective MBR without GPT headers.
        let pmbr = try scratch.sparseFile("pmbr.img", bytes: 1 << 30)
        try run(["/usr/sbin/sgdisk", "-o", pmbr])
        try writeBytes(Data(repeating: 0, count: 512), to: pmbr, offset: 512)
        try writeBytes(Data(repeating: 0, count: 512), to: pmbr, offset: (1 << 30) - 512)
        #expect(try readings(pmbr, parted: false).fast == nil)

        let dos = try scratch.sparseFile("dos.img", bytes: 1 << 30)
        try PartitionWriter.apply(disk: dos, newTable: .msdos, partitions: [
            PlannedPartition(number: 1, startSector: 2048, sizeSectors: 204_800, role: .raidMember),
        ])
        let (dosFast, dosParted) = try readings(dos)
        #expect(dosFast == nil)
        #expect(dosParted.partitions?.map(\.flags) == [["raid"]])

        // The backup header no longer at the end: libparted's question, libparted's answer.
        let grown = try scratch.sparseFile("grown.img", bytes: 1 << 30)
        try run(["/usr/sbin/sgdisk", "-n", "1:2048:+100M", grown])
        let file = try FileHandle(forWritingTo: URL(fileURLWithPath: grown))
        try file.truncate(atOffset: 2 << 30)
        try file.close()
        #expect(try readings(grown, parted: false).fast == nil)

        let damaged = try scratch.sparseFile("damaged.img", bytes: 1 << 30)
        try run(["/usr/sbin/sgdisk", "-n", "1:2048:+100M", damaged])
        try writeBytes(Data(repeating: 0, count: 512), to: damaged, offset: (1 << 30) - 512)
        #expect(try readings(damaged, parted: false).fast == nil)
    }

    @Test(arguments: [512, 4096])
    func loopDeviceReadsTheSame(sectorSize: Int) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = try scratch.sparseFile("loop.img", bytes: 4 << 30)
        let device = try run(["/usr/sbin/losetup", "--find", "--show", "--sector-size", "\(sectorSize)", image])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        defer { _ = try? run(["/usr/sbin/losetup", "--detach", device]) }

        let (blankFast, blankParted) = try readings(device)
        expectSame(try #require(blankFast), blankParted)
        #expect(blankFast?.logicalSectorSize == sectorSize)

        try PartitionWriter.apply(disk: device, newTable: .gpt, partitions: layout(sectorSize: sectorSize))
        let (fast, parted) = try readings(device)
        let read = try #require(fast)
        expectSame(read, parted)
        #expect(read.logicalSectorSize == sectorSize)
        #expect(read.partitions?.count == 4)
    }

    @Test func entriesOutOfRangeAreLeftToLibparted() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = try scratch.sparseFile("odd.img", bytes: 1 << 30)
        try run(["/usr/sbin/sgdisk", "-n", "1:2048:+1M", image])
        let sectors = UInt64(1 << 30) / 512
        // Partition 1 ends at the last sector number there is; both arrays and headers re-summed.
        for (headerLBA, arrayLBA) in [(UInt64(1), UInt64(2)), (sectors - 1, sectors - 33)] {
            try writeBytes(Data(repeating: 0xFF, count: 8), to: image, offset: arrayLBA * 512 + 40)
            let array = [UInt8](try readBytes(image, offset: arrayLBA * 512, count: 128 * 128))
            var header = [UInt8](try readBytes(image, offset: headerLBA * 512, count: 92))
            withUnsafeBytes(of: CRC32.of(array).littleEndian) { header.replaceSubrange(88..<92, with: $0) }
            header.replaceSubrange(16..<20, with: [0, 0, 0, 0])
            withUnsafeBytes(of: CRC32.of(header).littleEndian) { header.replaceSubrange(16..<20, with: $0) }
            try writeBytes(Data(header), to: image, offset: headerLBA * 512)
        }
        let fd = open(image, O_RDONLY)
        defer { close(fd) }
        #expect(GPTRead.soundHeaders(fd: fd, sectorSize: 512, lengthSectors: sectors) != nil)
        #expect(GPTRead.read(fd: fd, sectorSize: 512, lengthSectors: sectors) == nil)
    }

    @Test func crc32IsZlibs() {
        #expect(CRC32.of(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.of([]) == 0)
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let bitwise = bytes.reduce(UInt32(0xFFFF_FFFF)) { crc, byte in
            (0..<8).reduce(crc ^ UInt32(byte)) { c, _ in c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        } ^ 0xFFFF_FFFF
        for n in [1, 7, 8, 9, 64, 999, 1000] {
            let slice = Array(bytes.prefix(n))
            let expected = slice.reduce(UInt32(0xFFFF_FFFF)) { crc, byte in
                (0..<8).reduce(crc ^ UInt32(byte)) { c, _ in c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            } ^ 0xFFFF_FFFF
            #expect(CRC32.of(slice) == expected)
        }
        #expect(CRC32.of(bytes) == bitwise)
    }

    // MARK: - Helpers

    /// A bios_grub, an ESP member and two RAID members, 1 MiB aligned, in logical sectors.
    private func layout(sectorSize: Int) -> [PlannedPartition] {
        let mib = UInt64((1 << 20) / sectorSize)
        return [
            PlannedPartition(number: 1, startSector: mib, sizeSectors: mib, role: .biosGrub, name: "bios"),
            PlannedPartition(number: 2, startSector: 2 * mib, sizeSectors: 256 * mib, role: .espMember, name: "esp-a"),
            PlannedPartition(number: 3, startSector: 258 * mib, sizeSectors: 1024 * mib, role: .raidMember, name: "md0-a"),
            PlannedPartition(number: 4, startSector: 1282 * mib, sizeSectors: 512 * mib, role: .raidMember, name: "md1-a"),
        ]
    }

    /// The reading without libparted, and libparted's (unless `parted` is false).
    private func readings(_ path: String, parted: Bool = true) throws -> (fast: Probe.PartedRead?, parted: Probe.PartedRead) {
        let fd = open(path, O_RDONLY)
        #expect(fd >= 0)
        defer { close(fd) }
        var st = stat()
        #expect(fstat(fd, &st) == 0)
        let isBlock = (st.st_mode & S_IFMT) == S_IFBLK
        let (size, table, topology) = try Blkid.withProbe(fd: fd, path: path) { probe in
            (probe.sizeBytes, probe.partitionTable(), isBlock ? probe.topology() : nil)
        }
        let fast = Probe.readWithoutParted(fd: fd, sizeBytes: size, table: table, topology: topology)
        let slow = parted ? try Probe.readWithParted(path: path, table: table)
            : Probe.PartedRead(logicalSectorSize: 0, physicalSectorSize: 0, alignmentGrain: 0, alignmentOffset: 0)
        return (fast, slow)
    }

    /// Equal in everything the probe takes from libparted (partition names it takes from libblkid).
    private func expectSame(_ fast: Probe.PartedRead, _ parted: Probe.PartedRead) {
        #expect(fast.logicalSectorSize == parted.logicalSectorSize)
        #expect(fast.physicalSectorSize == parted.physicalSectorSize)
        #expect(fast.alignmentGrain == parted.alignmentGrain)
        #expect(fast.alignmentOffset == parted.alignmentOffset)
        #expect(fast.usable == parted.usable)
        #expect(fast.maxPartitions == parted.maxPartitions)
        #expect(fast.tableType == parted.tableType)
        let unnamed = { (p: PartedPartition) in PartedPartition(
            number: p.number, startSector: p.startSector, sizeSectors: p.sizeSectors, kind: p.kind, name: nil, flags: p.flags) }
        #expect(fast.partitions?.map(unnamed) == parted.partitions?.map(unnamed))
    }
}
