import Apply
import Foundation
import Layout
import Testing

// The probe on util-linux's own test images, compared with the values
// util-linux's test suite expects from them.
@Suite struct ReferenceImageTests {
    @Test func gptImageMatchesUtilLinux() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = try referenceImage("gpt", in: scratch)
        let expected = try ExpectedPartitionTable(expectedFile("lowprobe-pt-gpt"))
        let before = try sha256(file: image)

        let disk = try Probe.disk(image)

        #expect(disk.sizeBytes == expected.size)
        #expect(disk.logicalSectorSize == expected.sectorSize)
        let table = try #require(disk.table)
        #expect(table.type == expected.tableType)
        #expect(table.id == expected.id)
        #expect(table.partitions.map(\.number) == expected.entries.map(\.number))
        for (partition, entry) in zip(table.partitions, expected.entries) {
            #expect(partition.startSector == entry.start)
            #expect(partition.sizeSectors == entry.size)
            #expect(partition.kind == .primary)
            #expect(partition.typeGUID == entry.values["type"])
            #expect(partition.name == entry.values["name"])
            #expect(partition.uuid == entry.values["uuid"])
            #expect(partition.mbrType == nil)
        }
        let flags = try partedFlags(image)
        #expect(table.partitions.map(\.flags) == table.partitions.map { flags[$0.number] ?? [] })
        #expect(try sha256(file: image) == before)
    }

    @Test func dosImageWithNestedBSDLabelMatchesUtilLinux() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = try referenceImage("dos+bsd", in: scratch)
        let expected = try ExpectedPartitionTable(expectedFile("lowprobe-pt-dos+bsd"))
        let before = try sha256(file: image)

        let disk = try Probe.disk(image)

        #expect(disk.sizeBytes == expected.size)
        let table = try #require(disk.table)
        #expect(expected.tableType == "dos")
        #expect(table.type == "msdos")
        #expect(table.id == expected.id)
        // #1 and #2 are the MBR's; #5 and #6 belong to the BSD label inside #2
        // and are not partitions of the disk's own table.
        let mbr = expected.entries.filter { $0.number <= 4 }
        #expect(mbr.map(\.number) == [1, 2])
        #expect(table.partitions.map(\.number) == mbr.map(\.number))
        for (partition, entry) in zip(table.partitions, mbr) {
            #expect(partition.startSector == entry.start)
            #expect(partition.sizeSectors == entry.size)
            #expect(partition.mbrType.map(Int.init) == entry.type)
            #expect(partition.uuid == entry.values["uuid"])
            #expect(partition.kind == .primary)
            #expect(partition.typeGUID == nil)
        }
        let parent = try #require(table.partitions.first { $0.number == 2 })
        for nested in expected.entries where nested.number > 4 {
            #expect(nested.start >= parent.startSector && nested.start + nested.size - 1 <= parent.endSector)
        }
        #expect(try sha256(file: image) == before)
    }

    @Test(arguments: [
        ("mdraid", "low-probe-mdraid"),
        ("swap1", "low-probe-swap1"),
        ("ext4", "low-probe-ext4"),
    ])
    func wholeDiskSignatureMatchesUtilLinux(image name: String, expectedName: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = try referenceImage(name, in: scratch)
        let expected = parseLowProbe(try expectedFile(expectedName))
        let before = try sha256(file: image)

        let disk = try Probe.disk(image)

        #expect(disk.table == nil)
        #expect(disk.signatures.count == 1)
        let signature = try #require(disk.signatures.first)
        #expect(signature.type == expected["ID_FS_TYPE"])
        #expect(signature.usage == expected["ID_FS_USAGE"])
        #expect(signature.uuid == expected["ID_FS_UUID"])
        #expect(signature.label == expected["ID_FS_LABEL"])
        #expect(signature.version == expected["ID_FS_VERSION"])
        #expect(try sha256(file: image) == before)
    }

    @Test func mdraidImageIsAMetadata090Member() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let disk = try Probe.disk(referenceImage("mdraid", in: scratch))
        let signature = try #require(disk.signatures.first)
        #expect(signature.isRaidMember)
        #expect(signature.version == "0.90.0")
        #expect(signature.uuid == "37c76b91-011a-05c5-d30c-1fd4c5c3dbbc")
    }
}

/// Every partition's start, size, type, name and uuid equal to `sfdisk --json`'s.
func expectSame(_ partitions: [PartitionInfo], _ reference: SfdiskTable, disk: String) throws {
    #expect(partitions.count == reference.partitions.count)
    for theirs in reference.partitions {
        let number = try #require(SfdiskTable.number(theirs.node, disk: disk))
        let ours = try #require(partitions.first { $0.number == number })
        #expect(ours.startSector == theirs.start)
        #expect(ours.sizeSectors == theirs.size)
        if reference.label == "gpt" {
            #expect(ours.typeGUID == theirs.type.lowercased())
            #expect(ours.uuid == theirs.uuid?.lowercased())
            #expect(ours.name == theirs.name)
        } else {
            #expect(ours.mbrType.map { String($0, radix: 16) } == theirs.type)
            #expect(ours.name == nil && theirs.name == nil)
        }
    }
}

@Suite struct DamagedTableTests {
    /// A GPT whose primary header was zeroed (an old install half erased): libblkid and
    /// libparted see no table, but the backup header at the end still describes partitions.
    @Test func aSurvivingBackupGPTHeaderIsReported() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = try scratch.sparseFile("backup.img", bytes: 8 << 30)
        try run(["/usr/sbin/sgdisk", "-n", "1:2048:+1G", "-t", "1:8300", image])
        try writeBytes(Data(count: 34 * 512), to: image, offset: 0)

        let disk = try Probe.disk(image)
        #expect(disk.table == nil)
        #expect(disk.signatures.map(\.type) == ["gpt_backup_header"])

        // Once the end is zeroed too, the disk is blank.
        try writeBytes(Data(count: 1 << 20), to: image, offset: (8 << 30) - (1 << 20))
        #expect(try Probe.disk(image).signatures.isEmpty)
    }
}
