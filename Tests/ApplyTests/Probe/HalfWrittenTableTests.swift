import Apply
import Foundation
import Layout
import Testing

/// A power cut between the two disks' table writes, reproduced on image files with
/// the executor itself: disk A's table and partitions are written exactly as apply
/// writes them (one libparted commit), disk B's never. The next plan continues.
@Suite struct HalfWrittenTableTests {
    static let tb18: UInt64 = 1_800_000_000_000 / 4096 * 4096

    @Test func theNextPlanKeepsDiskAsPartitionsAndCreatesDiskBs() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let disks = [try scratch.sparseFile("a.img", bytes: Self.tb18), try scratch.sparseFile("b.img", bytes: Self.tb18)]
        let plan = try PlanParser.parse(try String(contentsOfFile: "plans/xen-host.yaml", encoding: .utf8), file: "xen-host.yaml")
        let options = PlannerOptions(disks: disks)
        let first = try Planner.plan(plan, inventory: Probe.inventory(paths: disks), options: options)
        let tableA = first.actions.filter { $0.batch == .table(disk: disks[0]) }
        let tableB = first.actions.filter { $0.batch == .table(disk: disks[1]) }
        #expect(tableA.count == 7 && tableB.count == 7)
        _ = try Executor(progress: { _ in }).run(tableA)

        let resumed = try Planner.plan(plan, inventory: Probe.inventory(paths: disks), options: options)
        #expect(resumed.actions.filter { $0.batch != nil } == tableB, "B's table and partitions, none of A's")
        #expect(resumed.actions.filter { $0.batch == nil } == first.actions.filter { $0.batch == nil }, "then every array as planned")
        #expect(resumed.kept.map(\.device) == (1...6).map { "\(disks[0])#\($0)" })
        #expect(resumed.disks[0].partitions.map(\.state) == Array(repeating: .exists, count: 6))
        #expect(resumed.disks[1].partitions.map(\.state) == Array(repeating: .new, count: 6))
        #expect(resumed.notes.first == "An earlier apply stopped while writing the partition tables: \(disks[0]) holds all 6, \(disks[1]) holds none"
            + " of the plan's new partitions, empty and exactly as planned (GPT name, type, start, size). They are kept; the rest is created.")

        // B written too: the usual resume, both tables kept, the arrays still to create.
        _ = try Executor(progress: { _ in }).run(resumed.actions.filter { $0.batch == .table(disk: disks[1]) })
        let both = try Planner.plan(plan, inventory: Probe.inventory(paths: disks), options: options)
        #expect(both.actions == first.actions.filter { $0.batch == nil })
        #expect(both.kept.count == 12)
    }
}
