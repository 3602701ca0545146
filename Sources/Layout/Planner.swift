/// The pure function between what is there and what the plan wants:
/// `plan(plan, inventory) -> actions`. No I/O.
public enum Planner {
    public static func plan(_ plan: Plan, inventory: Inventory, options: PlannerOptions = .init()) throws(PlanError) -> PlanResult {
        var p = PlannerRun(plan: plan, inventory: inventory, options: options)
        return try p.run()
    }

    /// The partition device for partition `number` of `disk`: `/dev/sda3`,
    /// `/dev/nvme0n1p3`, `/dev/disk/by-id/X-part3`; `FILE#3` for an image file.
    public static func partitionDevice(_ disk: DiskInfo, _ number: Int) -> String {
        let path = disk.path
        if path.hasPrefix("/dev/disk/by-") { return "\(path)-part\(number)" }
        if !disk.isBlockDevice { return "\(path)#\(number)" }
        return path.last.map(\.isASCIIDigit) == true ? "\(path)p\(number)" : "\(path)\(number)"
    }

    /// The GPT partition name that ties a member to its array: `md2-root`.
    public static func memberName(_ spec: ArraySpec) -> String { "md\(spec.md)-\(spec.name)" }

    /// The name mdadm stores in the superblock: `host:name`.
    public static func arrayName(host: String, _ spec: ArraySpec) -> String { "\(host):\(spec.name)" }

    public static let biosGrubName = "bios_grub"
}

/// Free byte ranges common to all disks, sorted; allocation splits them.
struct FreeSpace {
    var regions: [(start: UInt64, end: UInt64)]  // [start, end)

    init(lo: UInt64, hi: UInt64, occupied: [(UInt64, UInt64)]) {
        var out: [(start: UInt64, end: UInt64)] = []
        var cursor = lo
        for (s, e) in occupied.sorted(by: { $0.0 < $1.0 }) {
            if s > cursor, cursor < hi { out.append((cursor, min(s, hi))) }
            cursor = max(cursor, e)
        }
        if cursor < hi { out.append((cursor, hi)) }
        regions = out
    }

    static func alignUp(_ v: UInt64, _ g: UInt64) -> UInt64 { (v + g - 1) / g * g }

    /// First fit: the lowest aligned start (after `lead` bytes of gap) where `size` bytes fit.
    mutating func take(_ size: UInt64, grain: UInt64, lead: UInt64 = 0, within: (UInt64, UInt64)? = nil) -> UInt64? {
        for (i, r) in regions.enumerated() {
            var lo = r.start, hi = r.end
            if let (wl, wh) = within { lo = max(lo, wl); hi = min(hi, wh) }
            let start = Self.alignUp(lo + lead, grain)
            guard start + size <= hi else { continue }
            carve(i, start - lead, start + size)
            return start
        }
        return nil
    }

    /// The largest aligned piece of free space, for `rest`.
    mutating func takeRest(grain: UInt64, round: UInt64, lead: UInt64 = 0, within: (UInt64, UInt64)? = nil) -> (UInt64, UInt64)? {
        var best: (index: Int, start: UInt64, size: UInt64)?
        for (i, r) in regions.enumerated() {
            var lo = r.start, hi = r.end
            if let (wl, wh) = within { lo = max(lo, wl); hi = min(hi, wh) }
            let start = Self.alignUp(lo + lead, grain)
            guard hi > start else { continue }
            let size = (hi - start) / round * round
            if size > 0, size > (best?.size ?? 0) { best = (i, start, size) }
        }
        guard let b = best else { return nil }
        carve(b.index, b.start - lead, b.start + b.size)
        return (b.start, b.size)
    }

    private mutating func carve(_ i: Int, _ s: UInt64, _ e: UInt64) {
        regions.replaceSubrange(i...i, with: Self.split(regions[i], s, e))
    }

    /// This space without [s, e).
    func removing(_ s: UInt64, _ e: UInt64) -> FreeSpace {
        var g = self
        g.regions = regions.flatMap { Self.split($0, s, e) }
        return g
    }

    /// What is left of region `r` around [s, e).
    private static func split(_ r: (start: UInt64, end: UInt64), _ s: UInt64, _ e: UInt64) -> [(start: UInt64, end: UInt64)] {
        if e <= r.start || s >= r.end { return [r] }
        var pieces: [(start: UInt64, end: UInt64)] = []
        if s > r.start { pieces.append((r.start, s)) }
        if e < r.end { pieces.append((e, r.end)) }
        return pieces
    }

    func largest(within: (UInt64, UInt64)? = nil) -> UInt64 {
        regions.map { r in
            guard let (wl, wh) = within else { return r.end - r.start }
            let lo = max(r.start, wl), hi = min(r.end, wh)
            return hi > lo ? hi - lo : 0
        }.max() ?? 0
    }

}

/// One run of the planner; state is explicit and local.
struct PlannerRun {
    let plan: Plan
    let inventory: Inventory
    let options: PlannerOptions

    var disks: [DiskInfo] = []
    var wiped: Set<String> = []
    /// Per entry index: the matched existing partition on each disk.
    var existing: [Int: [PartitionInfo]] = [:]
    var existingBiosGrub: [PartitionInfo]?
    var existingExtended: [PartitionInfo]?

    init(plan: Plan, inventory: Inventory, options: PlannerOptions) {
        self.plan = plan
        self.inventory = inventory
        self.options = options
    }

    func fail(_ line: Int?, _ key: String?, _ message: String) -> PlanError {
        PlanError(line: line, key: key, message)
    }

    func entryKey(_ i: Int) -> String {
        let spec = plan.arrays[i]
        return "\(spec.isGuest ? "guests" : "arrays") '\(spec.name)'"
    }

    mutating func run() throws(PlanError) -> PlanResult {
        try resolveDisks()
        try checkDisks()
        let n = disks.count
        for spec in plan.arrays where n < spec.level.minimumDisks {
            throw fail(spec.line, "level", "\(spec.level.displayName) needs at least \(spec.level.minimumDisks) disks; the plan has \(n)")
        }
        for d in disks where plan.label == .msdos && d.sizeBytes >= 2 * Size.TiB {
            throw fail(nil, "label", "msdos tables address less than 2 TiB; \(d.path) has \(Size.human(d.sizeBytes)): use label: gpt")
        }
        try matchExisting()
        return try allocate()
    }

    // MARK: disks and what is on them

    mutating func resolveDisks() throws(PlanError) {
        var paths = plan.disks
        if let override = options.disks {
            guard override.count == plan.disks.count else {
                throw fail(plan.disksLine, "disks", "the plan names \(plan.disks.count) disks but --disk gave \(override.count); give one --disk per disk, in order")
            }
            paths = override
        }
        for path in paths {
            guard let d = inventory.disk(path) else { throw fail(plan.disksLine, "disks", "\(path) was not probed") }
            disks.append(d)
        }
        for w in options.wipe where !paths.contains(w) {
            throw fail(nil, "--wipe", "\(w) is not one of the plan's disks")
        }
        wiped = Set(options.wipe)
        let aligned = disks.filter { $0.alignmentOffsetSectors != 0 }
        if let d = aligned.first {
            throw fail(nil, "disks", "\(d.path) reports an alignment offset of \(d.alignmentOffsetSectors) sectors; diskplan aligns partitions to whole grains only")
        }
    }

    /// What identifies an existing partition as the member of an entry.
    func matches(_ part: PartitionInfo, _ spec: ArraySpec) -> Bool {
        if let name = part.name, name == Planner.memberName(spec) { return true }
        let mdName = Planner.arrayName(host: plan.host, spec)
        return part.signatures.contains { $0.isRaidMember && $0.label == mdName }
    }

    mutating func matchExisting() throws(PlanError) {
        var found: [Int: [String: PartitionInfo]] = [:]
        var biosGrub: [String: PartitionInfo] = [:]
        var extended: [String: PartitionInfo] = [:]
        for d in disks where !wiped.contains(d.path) {
            var foreign: [String] = []
            foreign += d.signatures.map { "whole disk: \(describe($0))" }
            if let t = d.table {
                if t.type != plan.label.rawValue {
                    foreign.append("a \(t.type) partition table (the plan wants \(plan.label.rawValue))")
                } else {
                    for part in t.partitions {
                        if part.kind == .extended { extended[d.path] = part; continue }
                        if plan.label == .gpt, part.flags.contains("bios_grub") || part.typeGUID == PartitionRole.biosGrub.gptTypeGUID {
                            biosGrub[d.path] = part
                            continue
                        }
                        if let i = plan.arrays.indices.first(where: { matches(part, plan.arrays[$0]) }) {
                            if let other = found[i]?[d.path] {
                                throw fail(plan.arrays[i].line, entryKey(i), "\(d.path) has two partitions for it (\(other.number) and \(part.number))")
                            }
                            try checkMemberSignatures(part, i, d)
                            found[i, default: [:]][d.path] = part
                            continue
                        }
                        let what = part.signatures.isEmpty ? "no signature" : part.signatures.map(describe).joined(separator: ", ")
                        foreign.append("partition \(part.number) (\(Size.human(part.sizeBytes(d))), \(part.name.map { "name '\($0)', " } ?? "")\(what))")
                    }
                }
            }
            if !foreign.isEmpty {
                throw fail(nil, "disks", "\(d.path) holds what the plan does not describe:\n  - " + foreign.joined(separator: "\n  - ")
                    + "\nNothing was written. To destroy it and use the disk, pass --wipe \(d.path).")
            }
        }
        let live = disks.filter { !wiped.contains($0.path) }
        for (i, byDisk) in found {
            let missing = disks.filter { byDisk[$0.path] == nil }
            if !missing.isEmpty {
                throw fail(plan.arrays[i].line, entryKey(i), "exists on \(byDisk.keys.sorted().joined(separator: ", ")) but not on \(missing.map(\.path).joined(separator: ", ")); replacing a disk is not something a plan does")
            }
            existing[i] = disks.map { byDisk[$0.path]! }
        }
        if !biosGrub.isEmpty {
            guard biosGrub.count == live.count, live.count == disks.count else {
                throw fail(nil, "firmware", "only some disks have a bios_grub partition")
            }
            existingBiosGrub = disks.map { biosGrub[$0.path]! }
        }
        if !extended.isEmpty {
            guard extended.count == disks.count else { throw fail(nil, "label", "only some disks have an extended partition") }
            existingExtended = disks.map { extended[$0.path]! }
            try sameGeometry(existingExtended!, what: "the extended partition", line: nil, key: "label")
        }
    }

    func checkMemberSignatures(_ part: PartitionInfo, _ i: Int, _ d: DiskInfo) throws(PlanError) {
        let spec = plan.arrays[i]
        let mdName = Planner.arrayName(host: plan.host, spec)
        for s in part.signatures {
            if s.isRaidMember, s.label == mdName { continue }
            throw fail(spec.line, entryKey(i), "partition \(part.number) on \(d.path) is named for it but carries \(describe(s)); refusing to reuse it")
        }
    }

    func describe(_ s: Signature) -> String {
        var out = s.type
        if s.isRaidMember {
            out = "md member (metadata \(s.version ?? "?")\(s.label.map { ", array \($0)" } ?? "")\(s.uuid.map { ", UUID \($0)" } ?? ""))"
        } else {
            var extra: [String] = []
            if let l = s.label { extra.append("label '\(l)'") }
            if let u = s.uuid { extra.append("UUID \(u)") }
            if !extra.isEmpty { out += " (" + extra.joined(separator: ", ") + ")" }
        }
        return out
    }

    func sameGeometry(_ parts: [PartitionInfo], what: String, line: Int?, key: String) throws(PlanError) {
        let geo = zip(disks, parts).map { d, p in (p.number, p.startSector * UInt64(d.logicalSectorSize), p.sizeBytes(d)) }
        guard geo.allSatisfy({ $0 == geo[0] }) else {
            let text = zip(disks, geo).map { "\($0.path): #\($1.0) at \($1.1) bytes, \(Size.human($1.2))" }.joined(separator: "; ")
            throw fail(line, key, "\(what) differs between disks (\(text)); mirrored members must be identical")
        }
    }

    // MARK: geometry

    /// Usable byte range of a disk's table, existing or to be created.
    func usable(_ d: DiskInfo) -> (UInt64, UInt64) {
        let lss = UInt64(d.logicalSectorSize)
        if let t = d.table, !wiped.contains(d.path) {
            return (t.firstUsableSector * lss, (t.lastUsableSector + 1) * lss)
        }
        let n = d.sectorCount
        switch plan.label {
        case .gpt:
            let entries = 16384 / lss
            return ((2 + entries) * lss, (n - 1 - entries) * lss)
        case .msdos:
            return (lss, min(n, 1 << 32) * lss)
        }
    }

    var grain: UInt64 {
        disks.reduce(Size.MiB) { g, d in lcm(g, max(Size.MiB, d.alignmentGrainSectors * UInt64(d.logicalSectorSize))) }
    }

    func lcm(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return a / x * b
    }

    // MARK: allocation

    mutating func allocate() throws(PlanError) -> PlanResult {
        let n = disks.count
        let grain = self.grain
        let ranges = disks.map(usable)
        let lo = ranges.map(\.0).max()!
        let hi = ranges.map(\.1).min()!
        var occupied: [(UInt64, UInt64)] = []
        var usedNumbers: Set<Int> = []
        for (k, d) in disks.enumerated() where !wiped.contains(d.path) {
            for p in d.table?.partitions ?? [] where p.kind != .extended {
                let s = p.startSector * UInt64(d.logicalSectorSize)
                occupied.append((s, s + p.sizeBytes(d)))
                usedNumbers.insert(p.number)
            }
            if let ext = existingExtended?[k] { usedNumbers.insert(ext.number) }
        }
        var free = FreeSpace(lo: lo, hi: hi, occupied: occupied)
        // The extended container: free inside for logicals, occupied for primaries.
        var extendedBounds: (UInt64, UInt64)? = existingExtended.map { parts in
            let s = parts[0].startSector * UInt64(disks[0].logicalSectorSize)
            return (s, s + parts[0].sizeBytes(disks[0]))
        }
        func primaryView() -> FreeSpace {
            guard let (s, e) = extendedBounds else { return free }
            return free.removing(s, e)
        }

        var newParts: [(number: Int, start: UInt64, size: UInt64, kind: PartitionKind, role: PartitionRole, name: String?, entry: Int?)] = []
        var keptRows: [(number: [Int], start: UInt64, size: UInt64, kind: PartitionKind, role: PartitionRole, name: String?, entry: Int?)] = []

        // Numbers below `firstFree` are all taken: the search starts there (linear, not quadratic, in the partitions).
        var firstFree = 1
        func nextNumber(from: Int) -> Int {
            var k = max(from, firstFree)
            while usedNumbers.contains(k) { k += 1 }
            usedNumbers.insert(k)
            if from <= firstFree { firstFree = k + 1 }
            return k
        }

        // BIOS boot partition for GRUB on GPT.
        if plan.firmware == .bios, plan.label == .gpt {
            if let bg = existingBiosGrub {
                try sameGeometry(bg, what: "the bios_grub partition", line: nil, key: "firmware")
                let d = disks[0]
                keptRows.append((bg.map(\.number), bg[0].startSector * UInt64(d.logicalSectorSize), bg[0].sizeBytes(d), .primary, .biosGrub, bg[0].name, nil))
            } else {
                guard let start = free.take(Size.MiB, grain: grain) else {
                    throw fail(nil, "firmware", "no room for the 1 MiB bios_grub partition")
                }
                newParts.append((nextNumber(from: 1), start, Size.MiB, .primary, .biosGrub, Planner.biosGrubName, nil))
            }
        }

        // Which new entries exist, and how msdos numbers them.
        let newEntries = plan.arrays.indices.filter { existing[$0] == nil }
        var logicalFrom: Int? = nil       // first entry (index into newEntries) that goes into an extended partition
        var createExtended = false
        if plan.label == .msdos, !newEntries.isEmpty {
            if existingExtended != nil {
                logicalFrom = 0
            } else {
                let freeSlots = (1...4).filter { !usedNumbers.contains($0) }.count
                if newEntries.count > freeSlots {
                    guard freeSlots >= 1 else {
                        throw fail(plan.arrays[newEntries[0]].line, entryKey(newEntries[0]), "the msdos table has no free primary slot and no extended partition")
                    }
                    logicalFrom = freeSlots - 1
                    createExtended = true
                }
            }
        }

        var memberBytes: [Int: UInt64] = [:]
        var placed: [Int: (start: UInt64, size: UInt64, number: Int)] = [:]
        for (k, i) in newEntries.enumerated() {
            let spec = plan.arrays[i]
            let round = lcm(grain, spec.chunkBytes ?? grain)
            let logical = logicalFrom.map { k >= $0 } ?? false
            if logical, createExtended, extendedBounds == nil {
                var view = primaryView()
                guard let (start, size) = view.takeRest(grain: grain, round: grain) else {
                    throw fail(spec.line, entryKey(i), "no room left for an extended partition")
                }
                extendedBounds = (start, start + size)
                newParts.append((nextNumber(from: 1), start, size, .extended, .extended, nil, nil))
            }
            // A logical partition needs room for its EBR before it: one grain.
            let lead: UInt64 = logical ? 1 : 0
            var space = logical ? free : primaryView()
            let within = logical ? extendedBounds : nil
            let start: UInt64, size: UInt64
            if let want = spec.sizeBytes {
                size = MDGeometry.memberBytes(forData: want, level: spec.level, disks: n, grain: round)
                guard let s = space.take(size, grain: grain, lead: lead, within: within) else {
                    throw fail(spec.line, "\(entryKey(i)).size", "does not fit: each of the \(n) disks needs \(Size.human(size)) for it, but the largest free space common to all disks is \(Size.human(space.largest(within: within)))")
                }
                start = s
            } else {
                guard let (s, sz) = space.takeRest(grain: grain, round: round, lead: lead, within: within) else {
                    throw fail(spec.line, "\(entryKey(i)).size", "`rest`: no free space is left on the smallest disk")
                }
                (start, size) = (s, sz)
            }
            free = free.removing(start - lead, start + size)
            let number: Int
            if logical {
                let highestLogical = max(4, usedNumbers.filter { $0 > 4 }.max() ?? 4)
                number = highestLogical + 1
                usedNumbers.insert(number)
            } else {
                number = nextNumber(from: 1)
            }
            memberBytes[i] = size
            placed[i] = (start, size, number)
            newParts.append((number, start, size, logical ? .logical : .primary, spec.isESP ? .espMember : .raidMember,
                             plan.label == .gpt ? Planner.memberName(spec) : nil, i))
        }
        for (i, parts) in existing.sorted(by: { $0.key < $1.key }) {
            let spec = plan.arrays[i]
            try sameGeometry(parts, what: "the member partition of \(entryKey(i))", line: spec.line, key: entryKey(i))
            let d = disks[0]
            let size = parts[0].sizeBytes(d)
            if let want = spec.sizeBytes {
                let round = lcm(grain, spec.chunkBytes ?? grain)
                let expect = MDGeometry.memberBytes(forData: want, level: spec.level, disks: n, grain: round)
                guard expect == size else {
                    throw fail(spec.line, "\(entryKey(i)).size", "exists with members of \(Size.human(size)), the plan asks for \(Size.human(expect)); diskplan never resizes an existing array")
                }
            }
            memberBytes[i] = size
            keptRows.append((parts.map(\.number), parts[0].startSector * UInt64(d.logicalSectorSize), size, parts[0].kind,
                             spec.isESP ? .espMember : .raidMember, parts[0].name, i))
        }
        if let ext = existingExtended {
            let d = disks[0]
            keptRows.append((ext.map(\.number), ext[0].startSector * UInt64(d.logicalSectorSize), ext[0].sizeBytes(d), .extended, .extended, nil, nil))
        }

        // A table holds a fixed number of entries: GPT as libparted writes it 128.
        if plan.label == .gpt, let highest = newParts.map(\.number).max() {
            let limit = disks.map { d in wiped.contains(d.path) ? 128 : d.table?.maxPartitions ?? 128 }.min()!
            if highest > limit {
                let culprit = newParts.first { $0.number > limit }?.entry
                throw fail(culprit.flatMap { plan.arrays[$0].line }, culprit.map(entryKey) ?? "guests",
                           "needs partition number \(highest), but the GPT holds \(limit) entries; that is \(highest - limit) partition(s) too many")
            }
        }

        // MARK: actions
        var actions: [Action] = []
        var kept: [KeptItem] = []
        func use(_ entry: Int?, _ role: PartitionRole) -> String {
            guard let i = entry else { return role == .biosGrub ? "GRUB core (BIOS boot)" : "logical partitions" }
            let s = plan.arrays[i]
            return "md\(s.md) \(s.name)" + (s.mount.map { " (\($0))" } ?? (s.format == .swap ? " (swap)" : s.isGuest ? " (guest, raw)" : ""))
        }

        for d in disks where wiped.contains(d.path) {
            var wipe = [ByteRange(disk: d.path, offset: 0, length: Size.MiB), ByteRange(disk: d.path, offset: d.sizeBytes - Size.MiB, length: Size.MiB)]
            for p in d.table?.partitions ?? [] where p.kind != .extended {
                let s = p.startSector * UInt64(d.logicalSectorSize), len = p.sizeBytes(d)
                wipe.append(ByteRange(disk: d.path, offset: s, length: min(Size.MiB, len)))
                if len > Size.MiB { wipe.append(ByteRange(disk: d.path, offset: s + len - Size.MiB, length: Size.MiB)) }
            }
            let what = (d.table.map { ["its \($0.type) table with \($0.partitions.count) partition(s)"] } ?? []) + d.signatures.map(describe)
            actions.append(Action(kind: .wipeDisk, device: d.path,
                                  summary: "Wipe \(d.path): destroys \(what.isEmpty ? "its first and last MiB" : what.joined(separator: ", "))",
                                  detail: "zero \(wipe.count) ranges: " + wipe.map { "\($0.offset)+\($0.length)" }.joined(separator: ", "),
                                  disk: d.path, ranges: wipe, array: nil))
        }
        for d in disks {
            let lss = UInt64(d.logicalSectorSize)
            if d.table == nil || wiped.contains(d.path) {
                actions.append(Action(kind: .createTable, device: d.path, summary: "Create \(plan.label == .gpt ? "GPT" : "MS-DOS partition table") on \(d.path)",
                                      detail: "libparted: ped_disk_new_fresh(\(plan.label.rawValue))", disk: d.path, table: plan.label))
            }
            for np in newParts.sorted(by: { $0.number < $1.number }) {
                let part = PlannedPartition(number: np.number, startSector: np.start / lss, sizeSectors: np.size / lss, kind: np.kind, role: np.role, name: np.name)
                let dev = Planner.partitionDevice(d, np.number)
                let kindWord = np.kind == .primary ? "" : "\(np.kind.rawValue) "
                var detail = "libparted: \(kindWord)partition \(np.number), sectors \(part.startSector)-\(part.endSector) (\(part.sizeSectors) × \(lss) bytes), type \(np.role.displayName)"
                if let name = np.name { detail += ", name '\(name)'" }
                if !np.role.flags.isEmpty { detail += ", flag \(np.role.flags.joined(separator: ","))" }
                actions.append(Action(kind: .createPartition, device: dev,
                                      summary: "Create \(kindWord)partition \(dev) (\(Size.human(np.size))) for \(use(np.entry, np.role))",
                                      detail: detail, disk: d.path, partition: part))
            }
        }
        for row in keptRows.sorted(by: { $0.number[0] < $1.number[0] }) {
            for (k, d) in disks.enumerated() {
                let dev = Planner.partitionDevice(d, row.number[k])
                kept.append(KeptItem(device: dev, summary: "Keep partition \(dev) (\(Size.human(row.size))) for \(use(row.entry, row.role))"))
            }
        }

        var arrays: [PlannedArray] = []
        for (i, spec) in plan.arrays.enumerated() {
            let members = disks.enumerated().map { k, d in
                Planner.partitionDevice(d, existing[i]?[k].number ?? placed[i]!.number)
            }
            let mb = memberBytes[i]!
            let estimate = MDGeometry.arrayBytes(memberBytes: mb, level: spec.level, disks: n, metadata: spec.metadata, chunkBytes: spec.chunkBytes)
            let running = runningArray(for: spec, members: members)
            let superblocksThere = existing[i].map { parts in parts.allSatisfy { $0.signatures.contains(where: \.isRaidMember) } } ?? false
            let arrayExists = superblocksThere || running != nil
            arrays.append(PlannedArray(md: spec.device, name: Planner.arrayName(host: plan.host, spec), level: spec.level.name, metadata: spec.metadata,
                                       members: members, memberBytes: mb, sizeBytes: running?.sizeBytes ?? estimate, chunkBytes: spec.chunkBytes,
                                       bitmap: spec.level.isRedundant, format: spec.format.rawValue, mount: spec.mount, guest: spec.isGuest,
                                       state: arrayExists ? .kept : .new))
            let memberText = members.count == 2 ? "\(members[0]) and \(members[1])" : members.dropLast().joined(separator: ", ") + " and \(members.last!)"
            if arrayExists {
                kept.append(KeptItem(device: spec.device, summary: "Keep \(spec.level.displayName) \(spec.device) (\(Size.human(running?.sizeBytes ?? estimate))) '\(Planner.arrayName(host: plan.host, spec))' from \(memberText)"
                                     + (running == nil ? " (members carry its superblock; not assembled here)" : "")))
            } else {
                let wipe = disks.enumerated().flatMap { k, d -> [ByteRange] in
                    let start = (existing[i]?[k].startSector).map { $0 * UInt64(d.logicalSectorSize) } ?? placed[i]!.start
                    return [ByteRange(disk: d.path, offset: start, length: Size.MiB), ByteRange(disk: d.path, offset: start + mb - Size.MiB, length: Size.MiB)]
                }
                actions.append(Action(kind: .wipeSignatures, device: spec.device,
                                      summary: "Clear old signatures at both ends of \(memberText)",
                                      detail: "zero the first and last MiB of each member (old file systems, swap, md superblocks 0.90/1.0/1.1/1.2)",
                                      ranges: wipe, array: spec.name))
                var argv = ["mdadm", "--create", spec.device, "--run", "--level=\(spec.level.rawValue)", "--raid-devices=\(n)", "--metadata=\(spec.metadata)"]
                if let c = spec.chunkBytes, spec.level.usesChunk { argv.append("--chunk=\(c / Size.KiB)K") }
                argv.append("--bitmap=\(spec.level.isRedundant ? "internal" : "none")")
                argv += ["--name=\(spec.name)", "--homehost=\(plan.host)"]
                argv += members
                actions.append(Action(kind: .createArray, device: spec.device,
                                      summary: "Create MD \(spec.level.displayName) \(spec.device) (\(Size.human(estimate))) '\(Planner.arrayName(host: plan.host, spec))' from \(members.map { "\($0) (\(Size.human(mb)))" }.joined(separator: members.count == 2 ? " and " : ", "))",
                                      argv: argv, array: spec.name))
            }
            if arrayExists, running == nil, spec.format != .raw {
                // Only a running array can be looked into: start it, then its format is checked at apply time.
                actions.append(Action(kind: .assembleArray, device: spec.device,
                                      summary: "Assemble \(spec.level.displayName) \(spec.device) '\(Planner.arrayName(host: plan.host, spec))' from \(memberText) (its members carry its superblocks)",
                                      argv: ["mdadm", "--assemble", spec.device] + members, array: spec.name))
            }
            if let fmt = formatAction(spec, running: running, arrayExists: arrayExists) { actions.append(fmt) }
            else if spec.format != .raw, arrayExists {
                kept.append(KeptItem(device: spec.device, summary: "Keep \(spec.format.rawValue) on \(spec.device)"))
            }
        }

        // MARK: layout after, notes
        var layouts: [DiskLayout] = []
        for (k, d) in disks.enumerated() {
            let lss = UInt64(d.logicalSectorSize)
            var rows: [LayoutRow] = newParts.map { np in
                LayoutRow(number: np.number, device: Planner.partitionDevice(d, np.number), startSector: np.start / lss, sizeSectors: np.size / lss,
                          sizeBytes: np.size, kind: np.kind, type: np.role.displayName, name: np.name, use: use(np.entry, np.role), state: .new)
            }
            rows += keptRows.map { r in
                LayoutRow(number: r.number[k], device: Planner.partitionDevice(d, r.number[k]), startSector: r.start / lss, sizeSectors: r.size / lss,
                          sizeBytes: r.size, kind: r.kind, type: r.role.displayName, name: r.name, use: use(r.entry, r.role), state: .kept)
            }
            rows.sort { $0.startSector != $1.startSector ? $0.startSector < $1.startSector : $0.kind == .extended }
            layouts.append(DiskLayout(path: d.path, sizeBytes: d.sizeBytes, logicalSectorSize: d.logicalSectorSize, physicalSectorSize: d.physicalSectorSize,
                                      label: plan.label, partitions: rows, unusedBytes: ranges[k].1 - hi))
        }
        var notes: [String] = []
        for l in layouts where l.unusedBytes >= Size.MiB {
            notes.append("\(l.path) is larger than the smallest disk: its last \(Size.human(l.unusedBytes)) stay unused (mirrored members are equal on every disk).")
        }
        let left = max(primaryView().largest(), extendedBounds.map { free.largest(within: $0) } ?? 0)
        notes.append(left >= grain
            ? "Free for later guests: \(Size.human(left / grain * grain)) in one piece on every disk."
            : "No free space is left for later guests.")
        return PlanResult(host: plan.host, disks: layouts, arrays: arrays, actions: actions, kept: kept, notes: notes)
    }

    func runningArray(for spec: ArraySpec, members: [String]) -> RunningArray? {
        let name = Planner.arrayName(host: plan.host, spec)
        return inventory.arrays.first { a in
            a.name == name || (!a.members.isEmpty && Set(a.members) == Set(members))
        }
    }

    func formatAction(_ spec: ArraySpec, running: RunningArray?, arrayExists: Bool) -> Action? {
        guard spec.format != .raw else { return nil }
        var unseen = false
        if arrayExists {
            // A format found on the running array is kept; an array assembled by this plan is looked into at apply time.
            if let running {
                if running.signatures.contains(where: { $0.type == spec.format.rawValue }) { return nil }
            } else {
                unseen = true
            }
        }
        let dev = spec.device
        let argv: [String]
        switch spec.format {
        case .swap: argv = ["mkswap", "-L", spec.label, dev]
        case .ext4: argv = ["mkfs.ext4", "-q", "-L", spec.label, dev]
        case .xfs: argv = ["mkfs.xfs", "-q", "-L", spec.label, dev]
        case .vfat: argv = ["mkfs.vfat", "-F", "32", "-n", spec.label.uppercased(), dev]
        case .raw: return nil
        }
        let what = spec.format == .swap ? "swap" : spec.format.rawValue
        return Action(kind: spec.format == .swap ? .makeSwap : .makeFilesystem, device: dev,
                      summary: "Create \(what) on \(dev) (label '\(spec.format == .vfat ? spec.label.uppercased() : spec.label)')"
                          + (unseen ? ", unless it already holds \(what)" : ""), argv: argv, array: spec.name)
    }
}

extension PartitionInfo {
    func sizeBytes(_ d: DiskInfo) -> UInt64 { sizeSectors * UInt64(d.logicalSectorSize) }
}
