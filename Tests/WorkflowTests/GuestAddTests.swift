import Foundation
import Layout
import Testing
import Workflow

/// `add-guest` without the command line: the edit is planned on every disk before the
/// plan file is written, and a refused guest leaves the file as it was.
@Suite struct GuestAddTests {
    @Test func aGuestIsPlannedThenWritten() throws {
        let images = try Images()
        defer { images.remove() }
        let file = try PlanFile.read(images.planFile)
        let added = try GuestAdd.plan(file, guest: .init(name: "ns1", size: "20M"), disks: [])
        #expect(added.text.contains("ns1"))
        #expect(added.result.actions.contains { $0.kind == .createArray && $0.summary.contains("ns1") })
        #expect(try String(contentsOfFile: images.planFile, encoding: .utf8) == file.text)
        try added.write()
        #expect(try PlanFile.read(images.planFile).plan.arrays.contains { $0.name == "ns1" })
    }

    @Test func aRefusedGuestWritesNothing() throws {
        let images = try Images()
        defer { images.remove() }
        let file = try PlanFile.read(images.planFile)
        let message = try #require(failure { _ = try GuestAdd.plan(file, guest: .init(name: "root", size: "20M"), disks: []) })
        #expect(message.hasSuffix("Nothing was written to \(images.planFile)."), "\(message)")
        #expect(try String(contentsOfFile: images.planFile, encoding: .utf8) == file.text)
    }
}
