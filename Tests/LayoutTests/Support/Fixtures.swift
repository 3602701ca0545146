import Foundation
@testable import Layout

/// Hand-built inventories and paths for planner tests.
enum Fixtures {
    /// The error parsing `text` as plan file `p.yaml` gives; nil if it parses.
    static func parseError(_ text: String) -> PlanError? {
        do {
            _ = try PlanParser.parse(text, file: "p.yaml")
            return nil
        } catch {
            return error
        }
    }

    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

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

extension Fixtures {
    /// What the disks look like after a plan ran: its partitions with their
    /// names and md superblocks, and, if `running`, its arrays assembled with
    /// their file systems. Built from the planner's own layout.
    static func applied(_ r: PlanResult, inventory: Inventory, plan: Plan, running: Bool) -> Inventory {
        var out = inventory
        for (k, layout) in r.disks.enumerated() {
            let d = inventory.disks[k]
            var parts: [PartitionInfo] = []
            for row in layout.partitions {
                let entry = r.arrays.first { $0.allMembers.contains(row.device) }
                let sig = entry.map { a in Signature(type: "linux_raid_member", usage: "raid", uuid: "uuid-\(a.md)", label: a.name, version: a.metadata) }
                parts.append(PartitionInfo(number: row.number, startSector: row.startSector, sizeSectors: row.sizeSectors, kind: row.kind,
                                           typeGUID: plan.label == .gpt ? row.role.gptTypeGUID : nil,
                                           mbrType: plan.label == .msdos ? (row.kind == .extended ? 0x05 : 0xfd) : nil,
                                           name: row.name, flags: row.role.flags,
                                           signatures: sig.map { [$0] } ?? []))
            }
            let lss = UInt64(d.logicalSectorSize)
            let first: UInt64 = plan.label == .gpt ? 2 + 16384 / lss : 1
            let last: UInt64 = plan.label == .gpt ? d.sectorCount - 2 - 16384 / lss : min(d.sectorCount, 1 << 32) - 1
            out.disks[k].table = d.table ?? PartitionTableInfo(type: plan.label.rawValue, id: "id-\(k)", firstUsableSector: first, lastUsableSector: last, partitions: [])
            out.disks[k].table!.partitions = parts
            out.disks[k].signatures = []
        }
        if running {
            out.arrays = r.arrays.map { a in
                var running = RunningArray(device: a.md, level: a.level.name, metadata: a.metadata, members: a.allMembers, sizeBytes: a.sizeBytes,
                                           name: a.name, uuid: "uuid-\(a.md)", signatures: a.format == .raw ? [] : [Signature(type: a.format.rawValue, uuid: "fs-\(a.md)")])
                running.spares = a.spares
                return running
            }
        }
        return out
    }

    /// `inventory` with every array UUID (of the members' superblocks and the running arrays)
    /// made a real-looking one, 32 hex digits from the fixture's `uuid-/dev/mdN`: as import needs.
    static func withHexUUIDs(_ inventory: Inventory) -> Inventory {
        var inv = inventory
        func hex(_ s: String?) -> String? { s.map { "0000000000000000000000000000000" + String($0.last!) } }
        for k in inv.disks.indices {
            for j in inv.disks[k].table?.partitions.indices ?? 0..<0 {
                inv.disks[k].table!.partitions[j].signatures = inv.disks[k].table!.partitions[j].signatures.map { var s = $0; s.uuid = hex(s.uuid); return s }
            }
        }
        inv.arrays = inv.arrays.map { var a = $0; a.uuid = hex(a.uuid); return a }
        return inv
    }
}
