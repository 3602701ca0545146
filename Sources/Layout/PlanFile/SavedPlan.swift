/// A plan saved by `plan --out`: the plan, the options, the fingerprint of
/// every disk probed and the actions shown. `apply` of a saved plan refuses
/// when any fingerprint changed, and runs exactly the saved actions.
public struct SavedPlan: Sendable, Codable, Equatable {
    public static let formatName = "diskplan-saved-plan/1"

    public var format: String
    public var planFile: String?
    public var plan: Plan
    public var disks: [String]
    public var wipe: [String]
    /// Per disk path: the lines that describe what the probe saw.
    public var fingerprints: [String: [String]]
    public var actions: [Action]

    public init(planFile: String?, plan: Plan, disks: [String], wipe: [String], inventory: Inventory, actions: [Action]) {
        self.format = Self.formatName
        self.planFile = planFile
        self.plan = plan
        self.disks = disks
        self.wipe = wipe
        self.fingerprints = Dictionary(uniqueKeysWithValues: disks.compactMap { p in inventory.disk(p).map { (p, Fingerprint.lines($0)) } })
        self.actions = actions
    }

    /// Which disks differ from when the plan was saved, with the lines that changed.
    public func changes(against inventory: Inventory) -> [String] {
        disks.compactMap { path -> String? in
            guard let d = inventory.disk(path) else { return "\(path): not found" }
            let now = Fingerprint.lines(d)
            let then = fingerprints[path] ?? []
            guard now != then else { return nil }
            let gone = then.filter { !now.contains($0) }.map { "    was: \($0)" }
            let new = now.filter { !then.contains($0) }.map { "    now: \($0)" }
            return "\(path) changed since the plan was saved:\n" + (gone + new).joined(separator: "\n")
        }
    }
}

/// What identifies a disk's state: size and geometry, table, every
/// partition and every signature. Readable lines, so a mismatch can say what changed.
public enum Fingerprint {
    public static func lines(_ d: DiskInfo) -> [String] {
        var out = ["disk size=\(d.sizeBytes) sectors=\(d.logicalSectorSize)/\(d.physicalSectorSize) model=\(d.model ?? "-") serial=\(d.serial ?? "-")"]
        out += d.signatures.map { "disk signature \(sig($0))" }
        if let t = d.table {
            out.append("table \(t.type) id=\(t.id ?? "-") usable=\(t.firstUsableSector)-\(t.lastUsableSector)")
            for p in t.partitions {
                out.append("partition \(p.number) \(p.kind.rawValue) start=\(p.startSector) size=\(p.sizeSectors) type=\(p.typeGUID ?? p.mbrType.map { String($0, radix: 16) } ?? "-") name=\(p.name ?? "-") uuid=\(p.uuid ?? "-")")
                out += p.signatures.map { "partition \(p.number) signature \(sig($0))" }
            }
        } else {
            out.append("table none")
        }
        return out
    }

    static func sig(_ s: Signature) -> String {
        "\(s.type) uuid=\(s.uuid ?? "-") sub=\(s.subUUID ?? "-") label=\(s.label ?? "-") version=\(s.version ?? "-")"
    }
}
