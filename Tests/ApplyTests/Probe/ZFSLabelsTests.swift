@testable import Apply
import Foundation
import Layout
import Testing

// The probe leaves libblkid's ZFS prober out of a partition only where none
// of the four uberblock rings the prober reads holds a magic: uberblocks
// written at each of the four labels, in both byte orders, are still found
// by libblkid, and where the prober is left out the result is the same.
@Suite struct ZFSLabelsTests {
    static let partitionBytes: UInt64 = 128 << 20 + 3 * 4096  // not a multiple of the label size
    static let start: UInt64 = 1 << 20

    @Test(arguments: [0, 1, 2, 3])
    func uberblocksInAnyLabelAreFound(label: Int) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = try partitioned(scratch)
        let size = Self.partitionBytes
        let align = size % ZFSLabels.labelSize
        let labels = [0, ZFSLabels.labelSize, size - 2 * ZFSLabels.labelSize - align, size - ZFSLabels.labelSize - align]
        for slot in 0..<4 {
            var uberblock = Data()
            let magic = label == 2 ? ZFSLabels.magic.byteSwapped : ZFSLabels.magic
            withUnsafeBytes(of: magic.littleEndian) { uberblock.append(contentsOf: $0) }
            withUnsafeBytes(of: UInt64(5000).littleEndian) { uberblock.append(contentsOf: $0) }
            try writeBytes(uberblock, to: image, offset: Self.start + labels[label] + ZFSLabels.labelSize / 2 + UInt64(slot) * 1024)
        }

        #expect(try !noUberblock(image))
        let disk = try Probe.disk(image)
        #expect(disk.table?.partitions.first?.signatures.map(\.type) == [ZFSLabels.proberName])
        #expect(try libblkid(image, skipping: []).map(\.type) == [ZFSLabels.proberName])
    }

    @Test func oneMagicIsNoMatchButKeepsTheProberIn() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = try partitioned(scratch)
        var magic = Data()
        withUnsafeBytes(of: ZFSLabels.magic.littleEndian) { magic.append(contentsOf: $0) }
        try writeBytes(magic, to: image, offset: Self.start + ZFSLabels.labelSize / 2 + 127 * 1024)

        #expect(try !noUberblock(image))
        #expect(try Probe.disk(image).table?.partitions.first?.signatures == [])
    }

    @Test func withoutMagicsTheProberIsLeftOutToTheSameResult() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = try partitioned(scratch)
        let ext4 = scratch.path("ext4.fs")
        try run(["/usr/sbin/mkfs.ext4", "-q", "-F", "-L", "data", ext4, "\(Self.partitionBytes / 1024)k"])
        try writeBytes(Data(contentsOf: URL(fileURLWithPath: ext4)), to: image, offset: Self.start)

        #expect(try noUberblock(image))
        let skipped = try libblkid(image, skipping: [ZFSLabels.proberName])
        #expect(skipped == (try libblkid(image, skipping: [])))
        #expect(skipped.map(\.type) == ["ext4"])
        #expect(try Probe.disk(image).table?.partitions.first?.signatures == skipped)
    }

    @Test func uberblocksOutsideThePartitionsAreTheDisks() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = try partitioned(scratch)
        // Label 0 of the whole disk lies before partition 1 (at 1 MiB): no partition covers it.
        for slot in 0..<4 {
            var magic = Data()
            withUnsafeBytes(of: ZFSLabels.magic.littleEndian) { magic.append(contentsOf: $0) }
            try writeBytes(magic, to: image, offset: ZFSLabels.labelSize / 2 + UInt64(slot) * 1024)
        }
        let fd = open(image, O_RDONLY)
        defer { close(fd) }
        #expect(!ZFSLabels.noUberblock(fd: fd, range: 0..<(256 << 20)))
        let whole = try Blkid.withProbe(fd: fd, path: image) { try $0.superblocks() }.map(\.signature)
        #expect(whole.map(\.type) == [ZFSLabels.proberName])

        let disk = try Probe.disk(image)
        #expect(disk.signatures == whole)
        #expect(disk.table?.partitions.first?.signatures == [])
    }

    // MARK: - Helpers

    /// An image with one GPT partition of `partitionBytes` at 1 MiB.
    private func partitioned(_ scratch: Scratch) throws -> String {
        let image = try scratch.sparseFile("zfs.img", bytes: 256 << 20)
        let sectors = Self.partitionBytes / 512
        try run(["/usr/sbin/sgdisk", "-n", "1:2048:\(2048 + sectors - 1)", "-t", "1:bf01", image])
        return image
    }

    private func noUberblock(_ image: String) throws -> Bool {
        let fd = open(image, O_RDONLY)
        defer { close(fd) }
        return ZFSLabels.noUberblock(fd: fd, range: Self.start..<(Self.start + Self.partitionBytes))
    }

    private func libblkid(_ image: String, skipping: [String]) throws -> [Signature] {
        let fd = open(image, O_RDONLY)
        defer { close(fd) }
        return try Blkid.withProbe(fd: fd, path: image, offset: Self.start, size: Self.partitionBytes) {
            try $0.superblocks(skipping: skipping)
        }.map(\.signature)
    }
}
