/// What `replace-disk` is asked to do: which disk of the plan failed and the
/// blank disk that takes its place.
public struct ReplaceOptions: Sendable, Equatable {
    /// The new, blank disk (`--new`).
    public var newDisk: String
    /// The plan's disk it replaces (`--failed`); nil when `--new` is itself one of the plan's disks
    /// (the new disk took the failed one's name).
    public var failedDisk: String?
    /// Old signatures on the new disk may be destroyed (`--wipe`).
    public var wipe: Bool
    /// Run the boot-loader step even where the host shows no GRUB of its own (`--install-bootloader`).
    public var installBootloader: Bool
    /// Only show the boot-loader command, never run it (`--no-bootloader`).
    public var noBootloader = false
    /// Replaces the plan's disks, in order (`--disk`).
    public var disks: [String]?

    public init(newDisk: String, failedDisk: String? = nil, wipe: Bool = false, installBootloader: Bool = false, disks: [String]? = nil) {
        self.newDisk = newDisk
        self.failedDisk = failedDisk
        self.wipe = wipe
        self.installBootloader = installBootloader
        self.disks = disks
    }
}

/// One array of a replacement: where it runs and what is added to it.
public struct ReplacedArray: Sendable, Codable, Equatable {
    /// The node the kernel runs it under (`/dev/md127` when assembled under another host name), or the plan's node.
    public var device: String
    /// `host:name`.
    public var name: String
    /// Its members on the healthy disks.
    public var healthyMembers: [String]
    /// Its member on the new disk.
    public var newMember: String
    /// true where the healthy disks fill every slot: md keeps the new member as a hot spare.
    public var asSpare: Bool?
}

/// The replacement of one failed disk: the dry run (`result`) and what it acts on.
public struct Replacement: Sendable, Equatable {
    /// The plan's disk that failed.
    public var failed: String
    /// The disk that takes its place.
    public var newDisk: String
    /// The disks that keep their data, in plan order.
    public var healthy: [String]
    /// The plan's disks with the new disk in the failed one's place: what `plan --disk ...` checks afterwards.
    public var disks: [String]
    public var arrays: [ReplacedArray]
    /// The boot-loader command for the new disk (BIOS); nil for UEFI, whose ESP is an array member.
    public var bootloader: [String]?
    /// Actions, the layout after, notes: printed by `Render.human` like a plan's dry run.
    public var result: PlanResult
    /// The plan of the disks replaced in: the whole plan, or the failed disk's set alone.
    public var plan: Plan
}

extension Planner {
    /// The plan's disks with the new one in the failed one's place, and the failed disk.
    /// Pure: the caller probes `disks` (the failed disk itself is not read).
    public static func replacementDisks(_ plan: Plan, options o: ReplaceOptions) throws(PlanError) -> (disks: [String], failed: String) {
        let disks = try plan.disks(given: o.disks)
        let failed: String
        if let f = o.failedDisk {
            guard disks.contains(f) else {
                throw PlanError(key: "--failed", "\(f) is not one of the plan's disks (\(disks.joined(separator: ", ")))")
            }
            guard f == o.newDisk || !disks.contains(o.newDisk) else {
                throw PlanError(key: "--new", "\(o.newDisk) is another of the plan's disks, which keeps its data; the new disk must take the place of \(f)")
            }
            failed = f
        } else {
            guard disks.contains(o.newDisk) else {
                throw PlanError(key: "--failed", "\(o.newDisk) is not one of the plan's disks (\(disks.joined(separator: ", "))); name the disk it replaces with --failed DISK")
            }
            failed = o.newDisk
        }
        return (disks.map { $0 == failed ? o.newDisk : $0 }, failed)
    }

    /// Everything the hoster's manual procedure does, from the plan: fail and remove old members still listed,
    /// the new disk's table with the plan's geometry, its members' ends zeroed, `mdadm --add` per array,
    /// and the boot-loader step. The healthy disks must hold the plan; their arrays are found as the planner
    /// finds them (by `uuid:` or by name).
    /// Refuses (nothing is written) a new disk that is too small, holds old signatures without `--wipe`, or is in use.
    public static func replace(_ plan: Plan, inventory: Inventory, options o: ReplaceOptions) throws(PlanError) -> Replacement {
        if plan.sets != nil {
            let (set, options) = try replacementSet(plan, options: o)
            return try replace(set, inventory: inventory, options: options)
        }
        let (disks, failed) = try replacementDisks(plan, options: o)
        var infos: [DiskInfo] = []
        for path in disks {
            guard let d = inventory.disk(path) else { throw PlanError(key: path == o.newDisk ? "--new" : "disks", "\(path) was not probed") }
            infos.append(d)
        }
        let k = disks.firstIndex(of: o.newDisk)!
        let newInfo = infos[k]
        let healthy = infos.enumerated().filter { $0.offset != k }.map(\.element)
        guard let template = healthy.first else { throw PlanError(key: "disks", "the plan has no disk besides \(o.newDisk)") }
        try ReplaceChecks.newDiskFree(newInfo, inventory: inventory, wipe: o.wipe)
        try ReplaceChecks.templateHasPlan(template, plan)
        let mirrored = try ReplaceChecks.mirror(template, onto: newInfo, label: plan.label)
        var view = inventory
        view.disks = infos.enumerated().map { $0.offset == k ? mirrored : $0.element }
        var options = PlannerOptions(disks: disks)
        options.replacing = true
        let target = try Planner.target(plan, inventory: view, options: options)
        var steps = ReplaceSteps(plan: plan, inventory: inventory, target: target, newIndex: k, healthy: healthy, options: o)
        let result = try steps.result()
        return Replacement(failed: failed, newDisk: o.newDisk, healthy: healthy.map(\.path), disks: disks, arrays: steps.replaced,
                           bootloader: steps.bootloader, result: result, plan: plan)
    }

    /// For a plan with sets of disks: the plan of the failed disk's set alone (the other sets
    /// are not touched), and the options for it.
    static func replacementSet(_ plan: Plan, options o: ReplaceOptions) throws(PlanError) -> (Plan, ReplaceOptions) {
        let bySet = plan.pathsBySet(try plan.disks(given: o.disks))
        let failed = o.failedDisk ?? o.newDisk
        guard let k = bySet.firstIndex(where: { $0.contains(failed) }) else {
            throw PlanError(key: o.failedDisk == nil ? "--failed" : "--failed", "\(failed) is not one of the plan's disks (\(bySet.joined().joined(separator: ", ")))"
                            + (o.failedDisk == nil ? "; name the disk it replaces with --failed DISK" : ""))
        }
        var options = o
        options.disks = nil
        return (plan.subplan(k, paths: bySet[k]), options)
    }
}

/// The refusals of a replacement, before anything is planned.
enum ReplaceChecks {
    /// The new disk holds nothing (or `--wipe` allows destroying it), and nothing holds it.
    static func newDiskFree(_ d: DiskInfo, inventory: Inventory, wipe: Bool) throws(PlanError) {
        let held = inventory.uses.filter { $0.device == d.resolvedPath || $0.disk == d.resolvedPath }
        if !held.isEmpty {
            throw PlanError(key: "--new", "\(d.path) is in use:\n  - " + held.map(\.description).joined(separator: "\n  - ")
                + "\nNothing was written. A new disk must be free: release it first.")
        }
        guard !wipe else { return }
        var found = d.signatures.map { "whole disk: \($0.described)" }
        if let t = d.table {
            found.append("a \(t.type) partition table with \(t.partitions.count) partition(s)")
            for p in t.partitions where !p.signatures.isEmpty {
                found.append("partition \(p.number): " + p.signatures.map(\.described).joined(separator: ", "))
            }
        }
        if !found.isEmpty {
            throw PlanError(key: "--new", "\(d.path) is not blank:\n  - " + found.joined(separator: "\n  - ")
                + "\nNothing was written. If this is the replacement disk and what it holds may be destroyed, pass --wipe.")
        }
    }

    /// The healthy disk the geometry is read from has a table of the plan's type.
    static func templateHasPlan(_ d: DiskInfo, _ plan: Plan) throws(PlanError) {
        guard let t = d.table, t.type == plan.label.rawValue, !t.partitions.isEmpty else {
            throw PlanError(key: "disks", "\(d.path) holds no \(plan.label.rawValue) partitions of the plan: there is nothing to rebuild from; apply the plan instead")
        }
    }

    /// Bytes the new disk needs: up to the end of the healthy disk's last partition, and room for a new table's backup behind it.
    static func neededBytes(_ template: DiskInfo, newSectorSize lss: UInt64, label: TableType) -> (end: UInt64, tail: UInt64) {
        let tlss = UInt64(template.logicalSectorSize)
        let end = (template.table?.partitions ?? []).map { ($0.startSector + $0.sizeSectors) * tlss }.max() ?? 0
        return (end, label == .gpt ? 16384 + lss : 0)
    }

    /// The new disk as it will be: the healthy disk's partitions (names, types, flags; no signatures)
    /// in the new disk's own sectors, on a fresh table's usable area. Refuses a disk too small for them.
    static func mirror(_ template: DiskInfo, onto d: DiskInfo, label: TableType) throws(PlanError) -> DiskInfo {
        let lss = UInt64(d.logicalSectorSize), tlss = UInt64(template.logicalSectorSize)
        let (end, tail) = neededBytes(template, newSectorSize: lss, label: label)
        let need = end + tail
        let usable = Allocation.usable(d, wiped: true, label: label)
        guard d.sizeBytes >= need, usable.1 >= end else {
            let why = tail > 0 ? "the last partition on \(template.path) ends at byte \(end), and a new GPT keeps \(tail) bytes behind it for its backup copy"
                               : "the last partition on \(template.path) ends at byte \(end)"
            throw PlanError(key: "--new", "\(d.path) is too small: it has \(Size.human(d.sizeBytes)) (\(d.sizeBytes) bytes); the plan's members need "
                + "\(Size.human(need)) (\(need) bytes): \(why). Nothing was written.")
        }
        var parts: [PartitionInfo] = []
        for p in template.table?.partitions ?? [] {
            let start = p.startSector * tlss, size = p.sizeSectors * tlss
            guard start % lss == 0, size % lss == 0 else {
                throw PlanError(key: "--new", "partition \(p.number) of \(template.path) does not fall on whole \(lss)-byte sectors of \(d.path)")
            }
            parts.append(PartitionInfo(number: p.number, startSector: start / lss, sizeSectors: size / lss, kind: p.kind, typeGUID: p.typeGUID,
                                       mbrType: p.mbrType, name: p.name, flags: p.flags))
        }
        var out = d
        out.signatures = []
        out.table = PartitionTableInfo(type: label.rawValue, id: nil, firstUsableSector: usable.0 / lss, lastUsableSector: usable.1 / lss - 1, partitions: parts)
        return out
    }
}
