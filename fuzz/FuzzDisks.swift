// The disks the fuzz target plans each input on, and what they look like
// after a plan was applied (as Tests/LayoutTests/Support/Fixtures.swift builds it).

enum FuzzDisks {
    static let tb18: UInt64 = 1_800_000_000_000 / 4096 * 4096

    static func disks(_ plan: Plan, bytes: (Int) -> UInt64, lss: Int = 512) -> [DiskInfo] {
        plan.disks.enumerated().map { k, path in
            DiskInfo(path: path, isBlockDevice: true, sizeBytes: bytes(k), logicalSectorSize: lss, physicalSectorSize: max(lss, 4096),
                     identity: DiskIdentity(id: DiskIdentity.block(major: 8, minor: UInt64(16 * k))))
        }
    }

    /// Blank disks of several sizes and sector sizes, and one with foreign content.
    static func inventories(_ plan: Plan) -> [Inventory] {
        var foreign = disks(plan, bytes: { _ in tb18 })
        foreign[0].table = PartitionTableInfo(type: "gpt", id: "x", firstUsableSector: 34, lastUsableSector: foreign[0].sectorCount - 34, partitions: [
            PartitionInfo(number: 1, startSector: 2048, sizeSectors: 1 << 21, typeGUID: "0fc63daf-8483-4772-8e79-3d69d8477de4", name: "data",
                          signatures: [Signature(type: "ext4", usage: "filesystem", uuid: "u", label: "data")]),
        ])
        return [
            Inventory(disks: disks(plan, bytes: { _ in tb18 })),
            Inventory(disks: disks(plan, bytes: { k in 500_107_862_016 + UInt64(k) * (7 << 30) })),
            Inventory(disks: disks(plan, bytes: { _ in 4_000_787_030_016 }, lss: 4096)),
            Inventory(disks: disks(plan, bytes: { _ in 64 << 20 })),
            Inventory(disks: foreign),
        ]
    }

    /// The disks after `r` ran: its partitions with names and md superblocks,
    /// its arrays assembled with their file systems.
    static func applied(_ r: PlanResult, inventory: Inventory, plan: Plan) -> Inventory {
        var out = inventory
        for (k, layout) in r.disks.enumerated() {
            let d = inventory.disks[k]
            let parts = layout.partitions.map { row -> PartitionInfo in
                let entry = r.arrays.first { $0.members.contains(row.device) }
                let sig = entry.map { a in Signature(type: "linux_raid_member", usage: "raid", uuid: "uuid-\(a.md)", label: a.name, version: a.metadata) }
                return PartitionInfo(number: row.number, startSector: row.startSector, sizeSectors: row.sizeSectors, kind: row.kind,
                                     typeGUID: plan.label == .gpt ? row.role.gptTypeGUID : nil,
                                     mbrType: plan.label == .msdos ? (row.kind == .extended ? 0x05 : 0xfd) : nil,
                                     name: row.name, flags: row.role.flags, signatures: sig.map { [$0] } ?? [])
            }
            let lss = UInt64(d.logicalSectorSize)
            let first: UInt64 = plan.label == .gpt ? 2 + 16384 / lss : 1
            let last: UInt64 = plan.label == .gpt ? d.sectorCount - 2 - 16384 / lss : min(d.sectorCount, 1 << 32) - 1
            out.disks[k].table = PartitionTableInfo(type: plan.label.rawValue, id: "id-\(k)", firstUsableSector: first, lastUsableSector: last, partitions: parts)
            out.disks[k].signatures = []
        }
        out.arrays = r.arrays.map { a in
            RunningArray(device: a.md, level: a.level.name, metadata: a.metadata, members: a.members, sizeBytes: a.sizeBytes, name: a.name,
                         uuid: "uuid-\(a.md)", signatures: a.format == .raw ? [] : [Signature(type: a.format.rawValue, uuid: "fs-\(a.md)")])
        }
        return out
    }
}
