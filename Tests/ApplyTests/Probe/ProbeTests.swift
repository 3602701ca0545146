import Apply
import Foundation
import Layout
import Testing

// The probe on images made here with sgdisk and sfdisk, compared with
// `sfdisk --json` and `parted -m`.
@Suite struct ProbeTests {
    @Test func blankImageHasNoTableAndNoSignatures() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = try scratch.sparseFile("blank.img", bytes: 4 << 30)
        let before = try Fingerprint(image, scratch: scratch)

        let disk = try Probe.disk(image)

        #expect(disk.path == image)
        #expect(disk.resolvedPath == URL(fileURLWithPath: image).resolvingSymlinksInPath().path)
        #expect(disk.isBlockDevice == false)
        #expect(disk.sizeBytes == 4 << 30)
        #expect(disk.logicalSectorSize == 512)
        #expect(disk.physicalSectorSize == 512)
        #expect(disk.alignmentGrainSectors == 2048)
        #expect(disk.alignmentOffsetSectors == 0)
        #expect(disk.model == nil)
        #expect(disk.serial == nil)
        #expect(disk.table == nil)
        #expect(disk.signatures.isEmpty)
        #expect(try Fingerprint(image, scratch: scratch) == before)
    }

    @Test func symlinkResolves() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = try scratch.sparseFile("target.img", bytes: 64 << 20)
        let link = scratch.path("by-id-link")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: image)

        let disk = try Probe.disk(link)

        #expect(disk.path == link)
        #expect(disk.resolvedPath == URL(fileURLWithPath: image).resolvingSymlinksInPath().path)
    }

    @Test func missingPathIsADeviceError() throws {
        let error = try #require(throws: DeviceError.self) { try Probe.disk("/nonexistent/disk.img") }
        #expect(error.path == "/nonexistent/disk.img")
        #expect(error.description == "/nonexistent/disk.img does not exist")
    }

    @Test func gptMadeBySgdiskMatchesSfdisk() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = try scratch.sparseFile("gpt2t.img", bytes: 2 << 40)
        try run([
            "/usr/sbin/sgdisk",
            "-n", "1:2048:+1M", "-t", "1:ef02", "-c", "1:bios",
            "-n", "2:0:+512M", "-t", "2:ef00", "-c", "2:efi",
            "-n", "3:0:+100G", "-t", "3:fd00", "-c", "3:md-root-a",
            "-n", "4:0:+16G", "-t", "4:fd00", "-c", "4:md-swap-a",
            "-n", "5:0:0", "-t", "5:8300", "-c", "5:data",
            image,
        ])
        let before = try Fingerprint(image, scratch: scratch)

        let disk = try Probe.disk(image)

        let table = try #require(disk.table)
        let reference = try SfdiskTable.read(image)
        #expect(table.type == "gpt" && reference.label == "gpt")
        #expect(table.id == reference.id.lowercased())
        #expect(table.firstUsableSector == reference.firstlba)
        #expect(table.lastUsableSector == reference.lastlba)
        #expect(table.partitions.count == 5)
        try expectSame(table.partitions, reference, disk: image)
        #expect(table.partitions.map(\.name) == ["bios", "efi", "md-root-a", "md-swap-a", "data"])
        #expect(table.partitions.map(\.typeGUID) == [
            "21686148-6449-6e6f-744e-656564454649", "c12a7328-f81f-11d2-ba4b-00a0c93ec93b",
            "a19d880f-05fc-4d3b-a006-743f0f84911e", "a19d880f-05fc-4d3b-a006-743f0f84911e",
            "0fc63daf-8483-4772-8e79-3d69d8477de4",
        ])
        let flags = try partedFlags(image)
        #expect(table.partitions.map(\.flags) == table.partitions.map { flags[$0.number] ?? [] })
        #expect(table.partitions[0].flags == ["bios_grub"])
        #expect(table.partitions[2].flags == ["raid"])
        #expect(table.partitions.allSatisfy { $0.signatures.isEmpty })
        #expect(disk.signatures.isEmpty)
        #expect(try Fingerprint(image, scratch: scratch) == before)
    }

    @Test func msdosWithLogicalPartitionsMatchesSfdisk() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = try scratch.sparseFile("dos.img", bytes: 64 << 30)
        try run(["/usr/sbin/sfdisk", "-q", image], input: """
            label: dos
            label-id: 0x1badcafe
            \(image)1 : start=2048, size=1G, type=83, bootable
            \(image)2 : size=20G, type=5
            \(image)5 : size=4G, type=fd
            \(image)6 : size=8G, type=fd
            \(image)7 : type=82

            """)
        let before = try Fingerprint(image, scratch: scratch)

        let disk = try Probe.disk(image)

        let table = try #require(disk.table)
        let reference = try SfdiskTable.read(image)
        #expect(table.type == "msdos" && reference.label == "dos")
        #expect(table.id == "1badcafe")
        #expect("0x" + (table.id ?? "") == reference.id)
        #expect(table.firstUsableSector == 1)
        #expect(table.lastUsableSector == disk.sectorCount - 1)
        #expect(table.partitions.map(\.number) == [1, 2, 5, 6, 7])
        #expect(table.partitions.map(\.kind) == [.primary, .extended, .logical, .logical, .logical])
        try expectSame(table.partitions, reference, disk: image)
        #expect(table.partitions.map(\.uuid) == ["1badcafe-01", "1badcafe-02", "1badcafe-05", "1badcafe-06", "1badcafe-07"])
        let flags = try partedFlags(image)
        #expect(table.partitions.map(\.flags) == table.partitions.map { flags[$0.number] ?? [] })
        #expect(table.partitions[0].flags == ["boot"])
        #expect(table.partitions[2].flags == ["raid"])
        #expect(try Fingerprint(image, scratch: scratch) == before)
    }

    @Test func signaturesInsidePartitions() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let md = try referenceImage("mdraid", in: scratch)
        let mdSectors = try fileSize(md) / 512
        let image = try scratch.sparseFile("filled.img", bytes: 256 << 20)
        // The md 0.90 superblock is found where it belongs only in a
        // partition of exactly the reference image's size.
        let mdStart: UInt64 = 2048 + (64 << 11) + (32 << 11)
        try run([
            "/usr/sbin/sgdisk",
            "-n", "1:2048:+64M", "-t", "1:8300",
            "-n", "2:0:+32M", "-t", "2:8200",
            "-n", "3:\(mdStart):\(mdStart + mdSectors - 1)", "-t", "3:fd00",
            image,
        ])
        let table = try SfdiskTable.read(image)
        let start = { (n: Int) in try #require(table.partitions.first { SfdiskTable.number($0.node, disk: image) == n }).start * 512 }

        let ext4 = scratch.path("ext4.fs")
        try run(["/usr/sbin/mkfs.ext4", "-q", "-F", "-L", "root-fs", "-U", "0d2a5f8c-6f1e-4b0a-9a59-1f2b3c4d5e6f", ext4, "64M"])
        try writeBytes(Data(contentsOf: URL(fileURLWithPath: ext4)), to: image, offset: try start(1))
        let swap = try scratch.sparseFile("swap.fs", bytes: 32 << 20)
        try run(["/usr/sbin/mkswap", "-L", "swap-a", "-U", "5e1f0d2c-3b4a-4c5d-8e9f-a0b1c2d3e4f5", swap])
        try writeBytes(Data(contentsOf: URL(fileURLWithPath: swap)), to: image, offset: try start(2))
        try writeBytes(Data(contentsOf: URL(fileURLWithPath: md)), to: image, offset: try start(3))
        let before = try sha256(file: image)

        let disk = try Probe.disk(image)

        let partitions = try #require(disk.table?.partitions)
        #expect(partitions.map(\.signatures) == [
            [Signature(type: "ext4", usage: "filesystem", uuid: "0d2a5f8c-6f1e-4b0a-9a59-1f2b3c4d5e6f", label: "root-fs", version: "1.0")],
            [Signature(type: "swap", usage: "other", uuid: "5e1f0d2c-3b4a-4c5d-8e9f-a0b1c2d3e4f5", label: "swap-a", version: "1")],
            [Signature(type: "linux_raid_member", usage: "raid", uuid: "37c76b91-011a-05c5-d30c-1fd4c5c3dbbc", version: "0.90.0",
                       level: "raid1", preferredMinor: 0, content: [])],
        ])
        #expect(disk.signatures.isEmpty)
        #expect(try sha256(file: image) == before)
    }

    @Test func md090SuperblockAtTheEndOfAPartitionedDiskIsTheDisks() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        // An md 0.90 superblock lives in the last 64 KiB-aligned 64 KiB of its
        // device: copy the reference image's to where it goes on this disk.
        let md = try referenceImage("mdraid", in: scratch)
        let superblock = try readBytes(md, offset: (try fileSize(md) & ~0xffff) - 0x10000, count: 4096)
        let size: UInt64 = (1 << 30) + 123 * 512
        let image = try scratch.sparseFile("member.img", bytes: size)
        try run(["/usr/sbin/sgdisk", "-n", "1:2048:+512M", "-t", "1:8300", image])
        try writeBytes(superblock, to: image, offset: (size & ~0xffff) - 0x10000)

        let disk = try Probe.disk(image)

        #expect(disk.table?.partitions.count == 1)
        #expect(disk.table?.partitions.first?.signatures == [])
        #expect(disk.signatures.map(\.type) == ["linux_raid_member"])
        #expect(disk.signatures.first?.version == "0.90.0")
    }

    @Test func ambivalentSignaturesAreAllListed() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        // An ext4 with 4 KiB blocks leaves its first 1024 bytes unused; a FAT
        // boot sector there makes libblkid's result ambivalent.
        let image = scratch.path("both.img")
        try run(["/usr/sbin/mkfs.ext4", "-q", "-F", "-b", "4096", "-L", "old-root", image, "32M"])
        let fat = scratch.path("fat.img")
        try run(["/usr/sbin/mkfs.vfat", "-C", "-i", "1234abcd", fat, "16384"])
        try writeBytes(readBytes(fat, offset: 0, count: 512), to: image, offset: 0)
        let before = try sha256(file: image)

        let disk = try Probe.disk(image)

        #expect(disk.table == nil)
        #expect(disk.signatures.map(\.type).sorted() == ["ext4", "vfat"])
        #expect(disk.signatures.first { $0.type == "vfat" }?.uuid == "1234-ABCD")
        #expect(disk.signatures.first { $0.type == "ext4" }?.label == "old-root")
        #expect(try sha256(file: image) == before)
    }

    @Test func grownGPTIsReadWithoutRepair() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = try scratch.sparseFile("grown.img", bytes: 1 << 30)
        try run(["/usr/sbin/sgdisk", "-n", "1:2048:+100M", "-t", "1:fd00", image])
        let header = try SfdiskTable.read(image)
        let file = try FileHandle(forWritingTo: URL(fileURLWithPath: image))
        try file.truncate(atOffset: 2 << 30)
        try file.close()
        let before = try Fingerprint(image, scratch: scratch)

        let disk = try Probe.disk(image)

        let table = try #require(disk.table)
        #expect(table.partitions.map(\.startSector) == [2048])
        #expect(table.firstUsableSector == header.firstlba)
        // libparted moves the backup table to the new end when it writes,
        // so everything up to there is usable for the writer.
        #expect(table.lastUsableSector == disk.sectorCount - 34)
        #expect(try Fingerprint(image, scratch: scratch) == before)
    }

    @Test func damagedBackupGPTIsRefusedWithLibpartedsWords() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = try scratch.sparseFile("damaged.img", bytes: 1 << 30)
        try run(["/usr/sbin/sgdisk", "-n", "1:2048:+100M", image])
        try writeBytes(Data(repeating: 0, count: 512), to: image, offset: (1 << 30) - 512)
        let before = try Fingerprint(image, scratch: scratch)

        let error = try #require(throws: DeviceError.self) { try Probe.disk(image) }

        #expect(error.path == image)
        #expect(error.operation == "ped_disk_new")
        #expect(error.message.contains("backup GPT"))
        #expect(try Fingerprint(image, scratch: scratch) == before)
    }

    @Test func otherTableTypesKeepTheirNames() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let mac = try scratch.sparseFile("mac.img", bytes: 64 << 20)
        try run(["/usr/sbin/parted", "-s", mac, "mklabel", "mac"])
        #expect(try Probe.disk(mac).table?.type == "mac")

        // libblkid reads BSD labels only nested in a partition; libparted
        // reads this one on the whole disk.
        let bsd = try scratch.sparseFile("bsd.img", bytes: 64 << 20)
        try run(["/usr/sbin/parted", "-s", bsd, "mklabel", "bsd", "mkpart", "ext2", "1MiB", "10MiB"])
        let table = try #require(try Probe.disk(bsd).table)
        #expect(table.type == "bsd")
        #expect(table.partitions.map(\.startSector) == [2048])
        #expect(table.partitions.map(\.sizeSectors) == [18432])
    }

    @Test func allDisksListsWholeDisksOnly() throws {
        let disks = try Probe.allDisks()
        for disk in disks {
            let name = String(disk.dropFirst("/dev/".count))
            #expect(disk.hasPrefix("/dev/"))
            #expect(!["loop", "ram", "zram", "md", "dm-", "sr", "fd", "nbd"].contains { name.hasPrefix($0) })
            #expect(FileManager.default.fileExists(atPath: "/sys/block/\(name)"))
        }
    }

    @Test func runningArraysFollowSysfs() {
        let arrays = Probe.runningArrays()
        let md = ((try? FileManager.default.contentsOfDirectory(atPath: "/sys/block")) ?? [])
            .filter { $0.hasPrefix("md") && FileManager.default.fileExists(atPath: "/sys/block/\($0)/md") }
        #expect(arrays.map(\.device).sorted() == md.map { "/dev/\($0)" }.sorted())
    }
}
