import Foundation
import Testing
@testable import Layout

/// Disks each example plan is planned on for its golden output.
let goldenDisks: [String: (count: Int, bytes: UInt64)] = [
    "xen-host.yaml": (2, Fixtures.tb18),
    "kvm-host.yaml": (2, 1_920_383_410_176),
    "four-disk.yaml": (4, 4_000_787_030_016),
    "small-msdos.yaml": (2, 500_107_862_016),
    "xen-host-install.yaml": (2, Fixtures.tb18),
    "nvme-and-hdd.yaml": (4, 1_920_383_410_176),
    "hot-spare.yaml": (5, 1_920_383_410_176),
]

/// Plans whose disks differ in size (sets of disks): each disk's bytes, in plan order.
let goldenDiskSizes: [String: [UInt64]] = [
    "nvme-and-hdd.yaml": [1_920_383_410_176, 1_920_383_410_176, 8_001_563_222_016, 8_001_563_222_016],
    "hot-spare.yaml": [1_920_383_410_176, 1_920_383_410_176, 8_001_563_222_016, 8_001_563_222_016, 8_001_563_222_016],
]

/// Blank disks for the example plan `name`: its count and sizes above.
func goldenInventory(_ name: String, _ plan: Plan) -> Inventory {
    var inventory = Fixtures.blankInventory(plan.disks, bytes: goldenDisks[name]?.bytes ?? 0)
    for (k, bytes) in (goldenDiskSizes[name] ?? []).enumerated() { inventory.disks[k].sizeBytes = bytes }
    return inventory
}

@Suite struct GoldenTests {
    /// Every file in plans/ is parsed, planned on blank disks, and compared with
    /// Tests/golden/NAME.txt and .json. Set DISKPLAN_UPDATE_GOLDEN=1 to rewrite them after a reviewed change.
    @Test func everyPlanMatchesItsGolden() throws {
        let dir = Fixtures.repo.appendingPathComponent("plans")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(names.count >= 3)
        #expect(Set(names) == Set(goldenDisks.keys), "every plan needs disks in goldenDisks")
        for name in names {
            let plan = try Fixtures.plan(name)
            let disks = try #require(goldenDisks[name])
            #expect(plan.disks.count == disks.count)
            var inventory = goldenInventory(name, plan)
            if let image = plan.image { inventory.host = HostProbe(image: Fixtures.image(image)) }
            let r = try Planner.plan(plan, inventory: inventory)
            try compareGolden(name.replacingOccurrences(of: ".yaml", with: ".txt"), Render.human(r, planFile: "plans/\(name)"))
            try compareGolden(name.replacingOccurrences(of: ".yaml", with: ".json"), try Render.json(r, planFile: "plans/\(name)"))
        }
    }

    func compareGolden(_ file: String, _ actual: String) throws {
        let url = Fixtures.repo.appendingPathComponent("Tests/golden/\(file)")
        if ProcessInfo.processInfo.environment["DISKPLAN_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "golden \(file) differs; review and rerun with DISKPLAN_UPDATE_GOLDEN=1")
    }
}
