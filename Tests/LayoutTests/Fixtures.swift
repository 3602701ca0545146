import Foundation
@testable import Layout

/// Hand-built inventories and paths for planner tests.
enum Fixtures {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func planText(_ name: String) throws -> String {
        try String(contentsOf: repo.appendingPathComponent("plans/\(name)"), encoding: .utf8)
    }

    static func plan(_ name: String) throws -> Plan {
        try PlanParser.parse(try planText(name), file: "plans/\(name)")
    }

    /// A blank disk: no table, no signatures.
    static func blank(_ path: String, bytes: UInt64, lss: Int = 512, pss: Int = 512, block: Bool = true) -> DiskInfo {
        DiskInfo(path: path, isBlockDevice: block, sizeBytes: bytes, logicalSectorSize: lss, physicalSectorSize: pss)
    }

    static func blankInventory(_ paths: [String], bytes: UInt64, lss: Int = 512, pss: Int = 512) -> Inventory {
        Inventory(disks: paths.map { blank($0, bytes: bytes, lss: lss, pss: pss) })
    }

    /// 1.8 TB as a disk vendor counts: 1,800,000,000,000 bytes, rounded down to whole 4 KiB.
    static let tb18: UInt64 = 1_800_000_000_000 / 4096 * 4096
}
