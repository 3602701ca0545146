import Foundation
import Testing
@testable import Layout

/// What the fuzz target (fuzz/PlanFuzz.swift) found, kept as plain tests. The
/// inputs themselves are in fuzz/regressions/, where every fuzz run starts.
@Suite struct FuzzFindingsTests {
    func error(_ text: String) -> PlanError? { Fixtures.parseError(text) }

    /// A control character is refused where it stands: the error names its line.
    @Test func aControlCharacterNamesItsLine() throws {
        let e = try #require(error("host: h\ndisks: [a, b]\narrays:\n \u{1}- {name: a, size: 1G}\n"))
        #expect(e.line == 4 && e.key == nil)
        #expect(e.message == "not valid YAML: control characters are not allowed")
    }

    @Test func aDocumentThatIsNotAMappingSaysSo() throws {
        let e = try #require(error(" uo Fr#uests:ksk"))
        #expect(e.description == "p.yaml:1: the plan must be a mapping of keys (host: ..., disks: ..., arrays: ...)")
    }

    @Test func aKeyGivenTwiceNamesItsLineAndKey() throws {
        let e = try #require(error("host: h\ndisks: [a, b]\nhost: i\narrays:\n  - {name: a, size: 1G}\n"))
        #expect(e.line == 1 && e.key == "host" && e.message == "given twice")
    }

    /// Sizes near 2^64 bytes overflowed while rounding to MiB, or later in
    /// the planner's member arithmetic (RAID10: size × 2); chunks near 2^64 while scaling.
    @Test(arguments: [
        ("16666666600G", "larger than any disk"), ("1048577T", "larger than any disk"),
        ("17179869183.999999G", "is not a size"), ("16777216T", "is not a size"),
    ])
    func hugeSizesAreRefusedNotOverflowed(size: String, message: String) throws {
        let e = try #require(error("host: h\ndisks: [a, b, c, d]\nguests:\n  - {name: g, size: \(size), level: 10}\n"))
        #expect(e.line == 4 && e.key == "guests[0].size")
        #expect(e.message.contains(message), "\(e)")
        #expect(Size.parse("1024P") == nil)
    }

    @Test func hugeChunksAreRefusedNotOverflowed() throws {
        let e = try #require(error("host: h\ndisks: [a, b, c]\nraid: {level: 5, chunk: 9223372036854775807K}\nguests:\n  - {name: g, size: 1G}\n"))
        #expect(e.line == 3 && e.key == "raid.chunk")
    }

    /// The planner's errors about a top-level key name that key's line.
    @Test func plannerErrorsAboutALabelNameItsLine() throws {
        let p = try PlanParser.parse("host: h\ndisks: [a, b]\nlabel: msdos\narrays:\n  - {name: a, size: 1G}\n")
        let inventory = Inventory(disks: p.disks.map { DiskInfo(path: $0, sizeBytes: 3 << 40) })
        let e = try #require(throws: PlanError.self) { try Planner.plan(p, inventory: inventory) }
        #expect(e.line == 3 && e.key == "label")
        #expect(e.message.hasPrefix("msdos tables address less than 2 TiB"))
    }

    /// Every input a fuzz run found fails with a located error, or plans without a trap.
    @Test func everyRegressionInputIsHandled() throws {
        let dir = Fixtures.repo.appendingPathComponent("fuzz/regressions")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(names.count >= 4)
        for name in names {
            let data = try Data(contentsOf: dir.appendingPathComponent(name))
            guard let text = String(data: data, encoding: .utf8) else { continue }
            do {
                let plan = try PlanParser.parse(text, file: name)
                _ = try? Planner.plan(plan, inventory: Fixtures.blankInventory(plan.disks, bytes: Fixtures.tb18))
            } catch {
                #expect(error.line != nil, "\(name): \(error)")
            }
        }
    }
}
