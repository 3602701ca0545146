import Foundation
import Testing

/// Files given in the place of a plan that are not one: a binary, a saved plan, a bad inventory.
@Suite struct InputFileTests {
    /// A scratch directory with a file of these bytes; removed afterwards.
    static func withFile<T>(_ name: String, _ bytes: Data, _ body: (String) throws -> T) throws -> T {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("diskplan-input-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent(name).path
        try bytes.write(to: URL(fileURLWithPath: file))
        return try body(file)
    }

    /// Bytes that are not UTF-8: the start of the built binary.
    static func binary() throws -> Data {
        try #require(FileManager.default.contents(atPath: CLI.binary)).prefix(4096)
    }

    @Test func aBinaryFileIsNotATextFileNamingIt() throws {
        try Self.withFile("plan.yaml", try Self.binary()) { file in
            for args in [["plan", file], ["status", file], ["guests", file], ["add-guest", file, "web2", "1G"],
                         ["replace-disk", file, "--new", "/dev/null", "--dry-run"], ["convert-installimage", file]] {
                let r = try CLI.run(args)
                #expect(r.status == 1, "\(args)")
                #expect(r.stderr == "diskplan: cannot read \(file): not a text file (it is not UTF-8 text)\n", "\(args): \(r.stderr)")
            }
            let inv = try CLI.run(["plan", "plans/xen-host.yaml", "--inventory", file])
            #expect(inv.status == 1)
            #expect(inv.stderr == "diskplan: \(file) is not the JSON that `diskplan probe --json` prints; save that output and give it to --inventory\n", "\(inv.stderr)")
        }
    }

    @Test func aSavedPlanIsNamedAsOneWithWhatTakesIt() throws {
        try CLI.withImages([CLITests.tb18, CLITests.tb18]) { disks in
            let saved = disks[0] + ".plan.json"
            let r = try CLI.run(["plan", "plans/xen-host.yaml", "--disk", disks[0], "--disk", disks[1], "--out", saved, "--quiet"])
            #expect(r.status == 2)
            let before = try String(contentsOfFile: saved, encoding: .utf8)
            let message = "diskplan: \(saved) is a saved plan (`plan --out`), not a plan file: `diskplan apply \(saved)` runs it; "
                + "give this command the plan file it was saved from (plans/xen-host.yaml)\n"
            for args in [["plan", saved, "--disk", disks[0], "--disk", disks[1]], ["status", saved], ["guests", saved],
                         ["add-guest", saved, "web2", "1G"], ["replace-disk", saved, "--new", disks[1], "--dry-run"]] {
                let refused = try CLI.run(args)
                #expect(refused.status == 1, "\(args)")
                #expect(refused.stderr == message, "\(args): \(refused.stderr)")
            }
            #expect(try String(contentsOfFile: saved, encoding: .utf8) == before, "add-guest left the saved plan as it was")
        }
    }
}
