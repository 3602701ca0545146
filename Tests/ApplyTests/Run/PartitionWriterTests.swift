import Apply
import Foundation
import Layout
import Testing

// The writer on sparse images, read back with the probe and with
// `sfdisk --json`.
@Suite struct PartitionWriterTests {
    static let gib: UInt64 = 1 << 21  // sectors of 512 bytes

    /// BIOS boot at 2048, then three RAID members.
    static let gptLayout: [PlannedPartition] = [
        PlannedPartition(number: 1, startSector: 2048, sizeSectors: 2048, role: .biosGrub, name: "bios"),
        PlannedPartition(number: 2, startSector: 4096, sizeSectors: 1 * gib, role: .raidMember, name: "md0-a"),
        PlannedPartition(number: 3, startSector: 4096 + 1 * gib, sizeSectors: 100 * gib, role: .raidMember, name: "md1-a"),
        PlannedPartition(number: 4, startSector: 4096 + 101 * gib, sizeSectors: 500 * gib, role: .raidMember, name: "md2-a"),
    ]

    @Test func gptLayoutIsWrittenExactly() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = try scratch.sparseFile("gpt.img", bytes: 2 << 40)

        try PartitionWriter.apply(disk: image, newTable: .gpt, partitions: Self.gptLayout)

        let disk = try Probe.disk(image)
        let table = try #require(disk.table)
        #expect(table.type == "gpt")
        #expect(table.id?.count == 36)
        expectAsPlanned(table.partitions, Self.gptLayout)
        let reference = try SfdiskTable.read(image)
        try expectSame(table.partitions, reference, disk: image)
        #expect(table.id == reference.id.lowercased())
        #expect(reference.partitions.map(\.type) == Self.gptLayout.map { $0.role.gptTypeGUID?.uppercased() ?? "" })
        #expect(reference.partitions.map(\.name) == Self.gptLayout.map(\.name))
        #expect(try partedFlags(image) == [1: ["bios_grub"], 2: ["raid"], 3: ["raid"], 4: ["raid"]])
    }

    @Test func addingToAnExistingTableKeepsTheOtherPartitions() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = try scratch.sparseFile("gpt.img", bytes: 2 << 40)
        try PartitionWriter.apply(disk: image, newTable: .gpt, partitions: Self.gptLayout)
        let before = try Probe.disk(image)
        let entriesBefore = try gptEntries(image, count: 4)
        let last = try #require(Self.gptLayout.last)
        let added = [
            PlannedPartition(number: 5, startSector: last.endSector + 1, sizeSectors: 200 * Self.gib, role: .raidMember, name: "md3-a"),
            PlannedPartition(number: 6, startSector: last.endSector + 1 + 200 * Self.gib, sizeSectors: 1 << 20, role: .espMember, name: "esp-a"),
        ]

        try PartitionWriter.apply(disk: image, newTable: nil, partitions: added)

        let after = try Probe.disk(image)
        let table = try #require(after.table)
        #expect(table.id == before.table?.id)
        #expect(Array(table.partitions.prefix(4)) == before.table?.partitions)
        #expect(try gptEntries(image, count: 4) == entriesBefore)
        expectAsPlanned(Array(table.partitions.dropFirst(4)), added)
        try expectSame(table.partitions, SfdiskTable.read(image), disk: image)
        #expect(try partedFlags(image)[6] == ["boot", "esp"])
    }

    @Test func msdosWithExtendedAndLogicalPartitions() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = try scratch.sparseFile("dos.img", bytes: 64 << 30)
        let extendedStart = 2048 + Self.gib
        let layout = [
            PlannedPartition(number: 1, startSector: 2048, sizeSectors: Self.gib, role: .raidMember),
            PlannedPartition(number: 2, startSector: extendedStart, sizeSectors: 40 * Self.gib, kind: .extended, role: .extended),
            PlannedPartition(number: 5, startSector: extendedStart + 2048, sizeSectors: 10 * Self.gib, kind: .logical, role: .raidMember),
            PlannedPartition(number: 6, startSector: extendedStart + 4096 + 10 * Self.gib, sizeSectors: 10 * Self.gib, kind: .logical, role: .raidMember),
            PlannedPartition(number: 7, startSector: extendedStart + 6144 + 20 * Self.gib, sizeSectors: 10 * Self.gib, kind: .logical, role: .raidMember),
            PlannedPartition(number: 3, startSector: extendedStart + 40 * Self.gib, sizeSectors: 1 << 20, role: .espMember),
        ]

        try PartitionWriter.apply(disk: image, newTable: .msdos, partitions: layout)

        let table = try #require(try Probe.disk(image).table)
        #expect(table.type == "msdos")
        expectAsPlanned(table.partitions, layout.sorted { $0.number < $1.number })
        #expect(table.partitions.map(\.mbrType) == [0xfd, 0x05, 0xef, 0xfd, 0xfd, 0xfd])
        let reference = try SfdiskTable.read(image)
        try expectSame(table.partitions, reference, disk: image)
        #expect(reference.partitions.map(\.type) == ["fd", "5", "ef", "fd", "fd", "fd"])
        #expect(table.id.map { "0x" + $0 } == reference.id)
        #expect(try partedFlags(image) == [1: ["raid"], 2: [], 3: ["esp"], 5: ["raid"], 6: ["raid"], 7: ["raid"]])
    }

    /// Plans refused on top of `gptLayout`, with the step that refuses them.
    static let refused: [(plan: [PlannedPartition], operation: String, message: String)] = [
        ([PlannedPartition(number: 5, startSector: 4096 + 50 * gib, sizeSectors: gib, role: .raidMember)],
         "check plan", "overlaps partition 3"),
        ([PlannedPartition(number: 2, startSector: 4096 + 700 * gib, sizeSectors: gib, role: .raidMember)],
         "check plan", "partition 2 already exists"),
        ([PlannedPartition(number: 5, startSector: 4096 + 700 * gib, sizeSectors: gib, role: .raidMember),
          PlannedPartition(number: 6, startSector: 4096 + 700 * gib + 100, sizeSectors: gib, role: .raidMember)],
         "check plan", "partition 5"),
        ([PlannedPartition(number: 5, startSector: 4096 + 700 * gib, sizeSectors: gib, kind: .logical, role: .raidMember)],
         "check plan", "GPT has no logical partitions"),
        // Past the last usable sector: only libparted knows, and refuses.
        ([PlannedPartition(number: 5, startSector: 4096 + 700 * gib, sizeSectors: 2000 * gib, role: .raidMember)],
         "ped_disk_add_partition", "Unable to satisfy all constraints"),
    ]

    @Test(arguments: refused.indices)
    func refusedPlanChangesNothing(case index: Int) throws {
        let (plan, operation, message) = Self.refused[index]
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = try scratch.sparseFile("gpt.img", bytes: 2 << 40)
        try PartitionWriter.apply(disk: image, newTable: .gpt, partitions: Self.gptLayout)
        let before = try Fingerprint(image, scratch: scratch)

        let error = try #require(throws: DeviceError.self) {
            try PartitionWriter.apply(disk: image, newTable: nil, partitions: plan)
        }

        #expect(error.path == image)
        #expect(error.operation == operation)
        #expect(error.message.contains(message), "\(error)")
        #expect(try Fingerprint(image, scratch: scratch) == before)
    }

    @Test func logicalNumbersMustFollowTheirPlaceOnDisk() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = try scratch.sparseFile("dos.img", bytes: 8 << 30)
        let layout = [
            PlannedPartition(number: 1, startSector: 2048, sizeSectors: 4 * Self.gib, kind: .extended, role: .extended),
            PlannedPartition(number: 5, startSector: 4096 + Self.gib, sizeSectors: Self.gib, kind: .logical, role: .raidMember),
            PlannedPartition(number: 6, startSector: 4096, sizeSectors: Self.gib, kind: .logical, role: .raidMember),
        ]
        let error = try #require(throws: DeviceError.self) {
            try PartitionWriter.apply(disk: image, newTable: .msdos, partitions: layout)
        }
        #expect(error.operation == "check plan")
        #expect(try Probe.disk(image).table == nil)
    }

    @Test func msdosRefusesNamesAndBiosGrub() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = try scratch.sparseFile("dos.img", bytes: 8 << 30)
        for plan in [
            [PlannedPartition(number: 1, startSector: 2048, sizeSectors: 2048, role: .biosGrub)],
            [PlannedPartition(number: 1, startSector: 2048, sizeSectors: 2048, role: .raidMember, name: "md0-a")],
        ] {
            #expect(throws: DeviceError.self) { try PartitionWriter.apply(disk: image, newTable: .msdos, partitions: plan) }
        }
        #expect(try Probe.disk(image).table == nil)
    }

    @Test func wipeRangeZeroesExactlyTheRange() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = scratch.path("wipe.img")
        try Data(repeating: 0xa5, count: 16 << 20).write(to: URL(fileURLWithPath: image))

        try PartitionWriter.wipeRange(disk: image, offsetBytes: 1 << 20, lengthBytes: 3 << 20 + 512)

        let bytes = try readBytes(image, offset: 0, count: 16 << 20)
        #expect(bytes.count == 16 << 20)
        #expect(bytes[(1 << 20)..<(4 << 20 + 512)].allSatisfy { $0 == 0 })
        #expect(bytes[..<(1 << 20)].allSatisfy { $0 == 0xa5 })
        #expect(bytes[(4 << 20 + 512)...].allSatisfy { $0 == 0xa5 })

        let error = try #require(throws: DeviceError.self) {
            try PartitionWriter.wipeRange(disk: image, offsetBytes: 15 << 20, lengthBytes: 2 << 20)
        }
        #expect(error.operation == "wipe")
        #expect(try fileSize(image) == 16 << 20)
    }
}

/// Number, start, size, kind, type, name and flags as planned.
func expectAsPlanned(_ partitions: [PartitionInfo], _ plan: [PlannedPartition]) {
    #expect(partitions.map(\.number) == plan.map(\.number))
    for (partition, planned) in zip(partitions, plan) {
        #expect(partition.startSector == planned.startSector)
        #expect(partition.sizeSectors == planned.sizeSectors)
        #expect(partition.kind == planned.kind)
        #expect(partition.name == planned.name)
        if partition.mbrType == nil {
            #expect(partition.typeGUID == planned.role.gptTypeGUID)
        } else {
            #expect(partition.mbrType == planned.role.mbrType)
        }
        // libparted also reports `boot` on a GPT ESP: there it is an alias of `esp`.
        let aliases: [String] = partition.mbrType == nil && planned.role == .espMember ? ["boot"] : []
        #expect(partition.flags == (aliases + planned.role.flags).sorted())
    }
}

/// The raw 128-byte GPT entries 1...count (the primary array at LBA 2).
func gptEntries(_ image: String, count: Int) throws -> Data {
    try readBytes(image, offset: 2 * 512, count: 128 * count)
}
