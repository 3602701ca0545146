import FoundationEssentials

/// `diskplan probe`: the inventory with free regions, as text or JSON.
public enum ProbeReport {
    public struct FreeRegion: Sendable, Codable, Equatable {
        public var startSector: UInt64
        public var sizeSectors: UInt64
        public var sizeBytes: UInt64
    }

    /// Gaps of at least 1 MiB in the table's usable area (logicals inside an extended partition included).
    /// A disk without a table is one free region.
    public static func freeRegions(_ d: DiskInfo) -> [FreeRegion] {
        let lss = UInt64(d.logicalSectorSize)
        guard let t = d.table else {
            return [FreeRegion(startSector: 0, sizeSectors: d.sectorCount, sizeBytes: d.sectorCount * lss)]
        }
        let used = t.partitions.filter { $0.kind != .extended }.map { ($0.startSector * lss, ($0.endSector + 1) * lss) }
        let space = FreeSpace(lo: t.firstUsableSector * lss, hi: (t.lastUsableSector + 1) * lss, occupied: used)
        return space.regions.filter { $0.end - $0.start >= Size.MiB }.map {
            FreeRegion(startSector: $0.start / lss, sizeSectors: ($0.end - $0.start) / lss, sizeBytes: $0.end - $0.start)
        }
    }

    public static func json(_ inv: Inventory) throws -> String {
        struct Disk: Encodable {
            var disk: DiskInfo
            var free: [FreeRegion]
            func encode(to encoder: any Encoder) throws {
                try disk.encode(to: encoder)
                var c = encoder.container(keyedBy: K.self)
                try c.encode(free, forKey: .free)
            }
            enum K: String, CodingKey { case free }
        }
        struct Doc: Encodable {
            var disks: [Disk]
            var arrays: [RunningArray]
        }
        let doc = Doc(disks: inv.disks.map { Disk(disk: $0, free: freeRegions($0)) }, arrays: inv.arrays)
        return String(decoding: try Render.encoder().encode(doc), as: UTF8.self) + "\n"
    }

    public static func human(_ inv: Inventory) -> String {
        var out: [String] = []
        for d in inv.disks {
            var head = "\(d.path)"
            if d.resolvedPath != d.path { head += " -> \(d.resolvedPath)" }
            head += ": \(Size.human(d.sizeBytes)) (\(d.sizeBytes) bytes), sectors \(d.logicalSectorSize) logical / \(d.physicalSectorSize) physical"
            head += ", alignment \(d.alignmentGrainSectors) sectors"
            if d.alignmentOffsetSectors != 0 { head += " + \(d.alignmentOffsetSectors)" }
            out.append(head)
            if d.model != nil || d.serial != nil { out.append("  model \(d.model ?? "-"), serial \(d.serial ?? "-")") }
            for s in d.signatures { out.append("  whole disk: \(s.detailed)") }
            if let t = d.table {
                out.append("  table \(t.type)\(t.id.map { ", id \($0)" } ?? ""), usable sectors \(t.firstUsableSector)-\(t.lastUsableSector)")
                let rows = t.partitions.map { p -> [String] in
                    [String(p.number), String(p.startSector), String(p.endSector), Size.human(p.sizeSectors * UInt64(d.logicalSectorSize)),
                     PartitionTypes.label(p),
                     p.kind == .primary ? "" : p.kind.rawValue, p.name ?? "", p.flags.joined(separator: ","),
                     p.signatures.map(\.detailed).joined(separator: "; ")]
                }
                if !rows.isEmpty {
                    out += Render.table(["#", "start", "end", "size", "type", "kind", "name", "flags", "content"], rows, rightAligned: [0, 1, 2, 3]).map { "  " + $0 }
                }
            } else {
                out.append("  no partition table")
            }
            for f in freeRegions(d) {
                out.append("  free: sectors \(f.startSector)-\(f.startSector + f.sizeSectors - 1) (\(Size.human(f.sizeBytes)))")
            }
            out.append("")
        }
        for a in inv.arrays {
            out.append("\(a.device): \(a.level) metadata \(a.metadata), \(Size.human(a.sizeBytes))\(a.name.map { ", name \($0)" } ?? ""), members \(a.members.joined(separator: " "))"
                       + (a.signatures.isEmpty ? "" : ", holds " + a.signatures.map(\.detailed).joined(separator: "; ")))
        }
        return out.joined(separator: "\n") + "\n"
    }
}
