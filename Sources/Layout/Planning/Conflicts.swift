/// What a plan would change about arrays that exist: their level, size, members or
/// metadata. diskplan never changes an existing array; such a plan is refused with
/// every conflict named, before anything is written.
enum Conflicts {
    /// Throws one error naming each conflict between the plan and the existing arrays.
    static func check(_ plan: Plan, found: ExistingPartitions, disks: [DiskInfo], inventory: Inventory) throws(PlanError) {
        var lines: [String] = []
        var firstLine: Int?
        for (i, parts) in found.entries.sorted(by: { $0.key < $1.key }) {
            let spec = plan.arrays[i]
            let running = try Identity.runningArray(inventory, entry: i, plan, disks: disks)
            let found = of(spec, parts: parts, running: running, disks: disks, memberCount: plan.memberCount)
            guard !found.isEmpty else { continue }
            firstLine = firstLine ?? spec.line
            let what = running.map { " (runs as \($0.device))" } ?? ""
            lines += found.map { "\(plan.entryKey(i))\(what): \($0)" }
        }
        guard !lines.isEmpty else { return }
        throw PlanError(line: firstLine, key: "arrays",
                        "the plan would change existing arrays, which diskplan never does; nothing was written:\n  - "
                            + lines.joined(separator: "\n  - ")
                            + "\nDescribe the arrays as they are (diskplan import writes such a plan), or give the entry another name.")
    }

    /// The conflicts of one entry with its existing members and, if it runs, its array.
    static func of(_ spec: ArraySpec, parts: [PartitionInfo], running: RunningArray?, disks: [DiskInfo], memberCount: Int) -> [String] {
        var out: [String] = []
        if let have = parts.lazy.compactMap({ $0.signatures.first(where: \.isRaidMember)?.version }).first,
           metadataName(have) != metadataName(spec.metadata) {
            out.append("metadata: the members carry \(metadataName(have)), the plan says \(spec.metadata)")
        }
        // An inactive array (too few members to start) reports no level.
        if let r = running, !r.level.isEmpty, r.level != spec.level.name {
            out.append("level: the array is \(r.level), the plan says \(spec.level.name)")
        }
        if let r = running, r.members.count > disks.count {
            out.append("members: the array has \(r.members.count) (\(r.members.joined(separator: ", "))), the plan's \(disks.count) disks give one each")
        }
        if let want = spec.sizeBytes, let d = disks.first, let p = parts.first {
            let have = p.sizeBytes(d)
            let expect = expectedMemberBytes(spec, want: want, disks: disks, members: memberCount)
            if !sizeMatches(have: have, expect: expect, grain: memberGrain(spec, disks: disks)) {
                out.append("size: the members hold \(Size.human(have)) each, the plan's size needs \(Size.human(expect)); diskplan never resizes an existing array")
            }
        }
        return out
    }

    /// `0.90.0` (libblkid) and `0.90` (the plan, mdadm) are the same.
    static func metadataName(_ v: String) -> String {
        v.hasPrefix("0.9") ? "0.90" : v
    }

    /// Members are rounded to this: the disks' grain and the chunk.
    static func memberGrain(_ spec: ArraySpec, disks: [DiskInfo]) -> UInt64 {
        let grain = Size.grain(of: disks)
        return Size.lcm(grain, spec.chunkBytes ?? grain)
    }

    /// Each member's size for `want` bytes of data over `members` members (spares hold no data).
    static func expectedMemberBytes(_ spec: ArraySpec, want: UInt64, disks: [DiskInfo], members: Int) -> UInt64 {
        MDGeometry.memberBytes(forData: want, level: spec.level, disks: members, grain: memberGrain(spec, disks: disks))
    }

    /// An existing member matches the plan's size when it rounds up to the same grains:
    /// members made by other tools need not end on a grain (a plan's sizes are whole MiB).
    static func sizeMatches(have: UInt64, expect: UInt64, grain: UInt64) -> Bool {
        (have + grain - 1) / grain * grain == expect
    }
}
