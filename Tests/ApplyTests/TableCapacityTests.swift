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
}
