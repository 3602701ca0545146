/// `diskplan import`: a plan file that describes what the disks hold, so that
/// planning it shows "No changes". Pure: from an inventory (and the host's
/// fstab text) to YAML text with a comment on where each value came from.
public enum PlanImport {
    public struct Result: Sendable, Equatable {
        /// The plan file.
        public var text: String
        /// What the plan cannot describe (also in `text` as comments); non-empty means exit 2.
        public var problems: [String]
    }

    /// One array found by the superblocks on its members.
    struct Found {
        var uuid: String
        var signature: Signature
        /// Its member on each disk, in disk order (nil where a disk has none).
        var parts: [PartitionInfo?]
        var running: RunningArray?
        /// The array as the kernel runs it: not when it only holds members, inactive (a partial assembly).
        var live: RunningArray? { running.flatMap { $0.state == "inactive" || $0.level.isEmpty ? nil : $0 } }
    }

    /// The plan for `disks` (paths as the plan should name them, probed in `inventory`).
    /// `host`: the plan's host (default: the host part most array names carry, else `fallbackHost`).
    /// Disks that share no array are sets of their own (`disks: {set1: [...], set2: [...]}`).
    public static func plan(_ inventory: Inventory, disks paths: [String], host: String?, fallbackHost: String, fstab: String = "") -> Result {
        let disks = paths.compactMap { inventory.disk($0) }
        let all = foundArrays(disks, inventory: inventory)
        let host = host ?? commonHost(all) ?? fallbackHost
        var usedMD = Set(all.compactMap { $0.running.flatMap { mdNumber($0.device) } })
        let groups = diskGroups(disks, paths: paths)
        guard groups.count > 1 else {
            let p = piece(inventory, disks: disks, paths: paths, host: host, fstab: fstab, boots: true, usedMD: &usedMD)
            let text = render(host: host, paths: p.memberPaths, spares: p.sparePaths, label: p.label, firmware: p.firmware, entries: p.entries, problems: p.problems)
            return Result(text: text, problems: p.problems)
        }
        return setsPlan(inventory, disks: disks, paths: paths, groups: groups, host: host, fstab: fstab, usedMD: &usedMD)
    }

    /// What one set of disks (or the only one) holds.
    struct Piece {
        /// Its disks, the hot spares last.
        var paths: [String]
        /// How many of `paths`, the last ones, hold only hot spares.
        var spares = 0
        var label: TableType
        var firmware: Firmware?
        var entries: [Entry]
        var problems: [String]
    }

    /// The entries of the arrays on `disks`, and what cannot be described. `boots`: these disks
    /// boot the host (a missing bios_grub partition is then a problem).
    static func piece(_ inventory: Inventory, disks given: [DiskInfo], paths givenPaths: [String], host: String, fstab: String, boots: Bool,
                      usedMD: inout Set<Int>) -> Piece {
        let order = sparesLast(given, arrays: foundArrays(given, inventory: inventory))
        let (disks, paths) = (order.disks.map { given[$0] }, order.disks.map { givenPaths[$0] })
        var problems: [String] = []
        let types = Set(disks.map { $0.table?.type ?? "none" })
        if types.count != 1 { problems.append("the disks hold different partition tables: " + zip(paths, disks).map { "\($0): \($1.table?.type ?? "none")" }.joined(separator: ", ")) }
        let label = disks.first?.table?.tableType ?? .gpt
        var arrays = foundArrays(disks, inventory: inventory)
        var entries: [Entry] = []
        arrays.sort { ($0.parts.compactMap { $0 }.first?.startSector ?? 0) < ($1.parts.compactMap { $0 }.first?.startSector ?? 0) }
        for a in arrays {
            if let why = undescribable(a, disks: disks, paths: paths) {
                problems.append(why)
                continue
            }
            let e = entry(a, disks: disks, members: disks.count - order.spares, host: host, fstab: fstab, inventory: inventory, usedMD: &usedMD,
                          taken: Set(entries.map(\.name)))
            entries.append(e)
            if a.live == nil { problems.append(notRunning(a, e)) }
        }
        if arrays.isEmpty {
            problems.append("no md array on \(paths.joined(separator: ", ")): a plan describes md arrays, so this file has none and `diskplan plan` refuses it; "
                            + "a layout of plain partitions is not one diskplan keeps")
        }
        problems += strayPartitions(disks, paths: paths, arrays: arrays, label: label)
        problems += disks.enumerated().flatMap { k, d in d.signatures.map { "\(paths[k]): whole disk carries \($0.described)" } }
        let hasESP = entries.contains { $0.mount == "/boot/efi" }
        let firmware: Firmware? = switch (firmwareOf(disks, label: label), hasESP) {
        case (.bios, true) where label == .gpt: .both
        case (let f?, _): f
        case (nil, true): .uefi
        case (nil, false): nil
        }
        if boots, label == .gpt, firmware == nil {
            problems.append("the disks have no bios_grub partition: the plan (firmware: bios) would add one")
        }
        return Piece(paths: paths, spares: order.spares, label: label, firmware: firmware, entries: entries, problems: problems)
    }

    /// Every md member partition on the disks, grouped by array UUID.
    static func foundArrays(_ disks: [DiskInfo], inventory: Inventory) -> [Found] {
        var byUUID: [String: Found] = [:]
        var order: [String] = []
        for (k, d) in disks.enumerated() {
            for p in d.table?.partitions ?? [] {
                guard let sig = p.signatures.first(where: \.isRaidMember), let u = sig.uuid.flatMap(ArrayUUID.normalized) else { continue }
                if byUUID[u] == nil {
                    order.append(u)
                    byUUID[u] = Found(uuid: u, signature: sig, parts: Array(repeating: nil, count: disks.count),
                                      running: inventory.arrays.first { ArrayUUID.same($0.uuid, u) })
                }
                if byUUID[u]!.parts[k] == nil { byUUID[u]!.parts[k] = p }
            }
        }
        return order.map { byUUID[$0]! }
    }

    /// The host part most array names share (`rescue` of `rescue:0`); never mdadm's wildcard `any`.
    static func commonHost(_ arrays: [Found]) -> String? {
        let hosts = arrays.compactMap { $0.signature.label?.split(separator: ":", maxSplits: 1) }.filter { $0.count == 2 && $0[0] != wildcardHost }.map { String($0[0]) }
        let counts = Dictionary(hosts.map { ($0, 1) }, uniquingKeysWith: +)
        return counts.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key
    }

    /// mdadm's wildcard home host (`--homehost=any`): a name `any:0` belongs to no host.
    static let wildcardHost = "any"

    static func mdNumber(_ device: String) -> Int? {
        device.hasPrefix("/dev/md") ? Int(device.dropFirst(7)) : nil
    }

    /// Why an array cannot be an entry of a mirrored plan: members on some disks only, or unequal members.
    static func undescribable(_ a: Found, disks: [DiskInfo], paths: [String]) -> String? {
        let uuid = ArrayUUID.mdadmForm(a.uuid)
        let missing = zip(paths, a.parts).filter { $0.1 == nil }.map(\.0)
        if !missing.isEmpty {
            return "array \(uuid) (\(a.signature.label ?? "no name")) has no member on \(missing.joined(separator: ", ")); a plan describes arrays with one member on every disk"
        }
        let geo = zip(disks, a.parts).map { d, p in [UInt64(p!.number), p!.startSector * UInt64(d.logicalSectorSize), p!.sizeBytes(d)] }
        if !geo.allSatisfy({ $0 == geo[0] }) {
            return "array \(uuid) (\(a.signature.label ?? "no name")): its members differ in number, start or size between disks"
        }
        return nil
    }

    /// A stopped array, described from its members' superblocks: what planning the file does with it.
    static func notRunning(_ a: Found, _ e: Entry) -> String {
        let inactive = a.running.map { " (\($0.device) holds its members, inactive)" } ?? ""
        let what = "array \(ArrayUUID.mdadmForm(a.uuid)) (\(a.signature.label ?? "no name"), md: \(e.md)) is not running here\(inactive)"
        let unseen = e.format == .raw && a.signature.content == nil ? "; its content was not looked at (\(e.levelNote)): set its format and mount" : ""
        return what + ": it is described from its members' superblocks, and `diskplan plan` of this file assembles it"
            + unseen + "; for a plan with no changes, start it (`mdadm --assemble --scan`) and import again"
    }

    /// Partitions in no describable array, other than bios_grub and the extended partition.
    static func strayPartitions(_ disks: [DiskInfo], paths: [String], arrays: [Found], label: TableType) -> [String] {
        var out: [String] = []
        for (k, d) in disks.enumerated() {
            for p in d.table?.partitions ?? [] where p.kind != .extended && !isBiosGrub(p) {
                let inArray = arrays.contains { a in a.parts.allSatisfy { $0 != nil } && a.parts[k]?.number == p.number }
                if inArray { continue }
                let what = p.signatures.isEmpty ? "no signature" : p.signatures.map(\.described).joined(separator: ", ")
                out.append("\(paths[k]) partition \(p.number) (\(Size.human(p.sizeBytes(d))), \(what)) is in no array on every disk: "
                           + "a plan describes md arrays only; leave the disk out, or move what it holds into an array")
            }
        }
        return out
    }

    static func isBiosGrub(_ p: PartitionInfo) -> Bool {
        p.flags.contains("bios_grub") || p.typeGUID == PartitionRole.biosGrub.gptTypeGUID
    }

    /// `bios` when every GPT disk has a bios_grub partition (and on msdos); `uefi` when an ESP array is imported; else nil.
    static func firmwareOf(_ disks: [DiskInfo], label: TableType) -> Firmware? {
        if label == .msdos { return .bios }
        if disks.allSatisfy({ $0.table?.partitions.contains(where: isBiosGrub) == true }) { return .bios }
        return nil
    }
}
