import Apply
import Foundation
import Layout
import Testing

/// How many partitions a table holds: the planner refuses to plan past it.
@Suite struct TableCapacityTests {
    @Test func gptEntryCountIsRead() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let standard = try scratch.sparseFile("std.img", bytes: 8 << 30)
        _ = try run(["/usr/sbin/sgdisk", "-o", standard])
        #expect(try Probe.disk(standard).table?.maxPartitions == 128)

        let large = try scratch.sparseFile("large.img", bytes: 8 << 30)
        _ = try run(["/usr/sbin/sgdisk", "-o", "--resize-table=256", large])
        let table = try #require(try Probe.disk(large).table)
        #expect(table.maxPartitions == 256)
        // 256 entries of 128 bytes take 64 sectors after the header: data from LBA 66.
        #expect(table.firstUsableSector == 66)
    }

    @Test func aGPTLibpartedCannotReadIsRefusedNotACrash() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = try scratch.sparseFile("huge.img", bytes: 8 << 40)
        _ = try run(["/usr/sbin/sgdisk", "-o", "--resize-table=8448", image])
        do {
            _ = try Probe.disk(image)
            Issue.record("expected a refusal")
        } catch let e as DeviceError {
            #expect(e.message == "its GPT has 8448 entries; libparted, which reads and writes the tables, handles at most 8192")
        }
        let ok = try scratch.sparseFile("ok.img", bytes: 8 << 40)
        _ = try run(["/usr/sbin/sgdisk", "-o", "--resize-table=8192", ok])
        #expect(try Probe.disk(ok).table?.maxPartitions == 8192)
    }
}
