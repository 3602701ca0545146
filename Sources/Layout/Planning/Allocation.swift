/// A partition every disk holds alike while the target is computed: the same
/// number, start and size in bytes on each disk.
struct MirroredPartition: Sendable {
    var number: Int
    var startBytes: UInt64
    var sizeBytes: UInt64
    var kind: PartitionKind
    var role: PartitionRole
    /// The GPT name a new partition gets; for an existing one, the name on the first disk.
    var name: String?
    /// The plan entry it is a member of.
    var entry: Int?
    /// For an existing partition: the partition on each disk, in disk order.
    var found: [PartitionInfo]?

    var endBytes: UInt64 { startBytes + sizeBytes }
}

/// The partition numbers in use; hands out the next free ones.
struct PartitionNumbers: Sendable {
    private var used: Set<Int>
    /// Numbers below it are all taken: the search starts there (linear, not quadratic, in the partitions).
    private var firstFree = 1

    init(used: Set<Int>) { self.used = used }

    /// The lowest free number.
    mutating func next() -> Int {
        var k = firstFree
        while used.contains(k) { k += 1 }
        used.insert(k)
        firstFree = k + 1
        return k
    }

    /// The next logical partition number on msdos: after the highest one, 5 at least.
    mutating func nextLogical() -> Int {
        let number = max(4, used.filter { $0 > 4 }.max() ?? 4) + 1
        used.insert(number)
        return number
    }

    /// How many of the four msdos primary slots are free.
    var freePrimarySlots: Int { (1...4).filter { !used.contains($0) }.count }
}

/// Where every partition of a plan goes on its disks: one run, its state explicit.
///
/// Existing members, bios_grub and extended partitions are kept where they
/// are; new ones go first fit into the free space common to all disks, with
/// the next free number. Sizes are checked; nothing is resized.
struct Allocation {
    let plan: Plan
    let disks: [DiskInfo]
    let wiped: Set<String>
    let found: ExistingPartitions
    /// Partitions start and end on multiples of it (bytes).
    let grain: UInt64
    /// Per disk: its usable bytes beyond the common usable range.
    let unusedBytes: [UInt64]

    /// Free byte ranges common to all disks, logical room inside the extended partition included.
    var free: FreeSpace
    var numbers: PartitionNumbers
    /// The extended container: free inside for logicals, occupied for primaries.
    var extendedBounds: (UInt64, UInt64)?
    /// Partitions to create, in the order placed.
    var created: [MirroredPartition] = []
    /// Existing partitions the plan keeps: bios_grub, members by entry, the extended partition.
    var kept: [MirroredPartition] = []
    /// Per entry index: its member partition, new or kept.
    var members: [Int: MirroredPartition] = [:]

    init(plan: Plan, disks: [DiskInfo], wiped: Set<String>, found: ExistingPartitions) {
        self.plan = plan
        self.disks = disks
        self.wiped = wiped
        self.found = found
        grain = Size.grain(of: disks)
        let ranges = disks.map { Self.usable($0, wiped: wiped.contains($0.path), label: plan.label) }
        let hi = ranges.map(\.1).min()!
        unusedBytes = ranges.map { $0.1 - hi }
        var occupied: [(UInt64, UInt64)] = []
        var used: Set<Int> = []
        for (k, d) in disks.enumerated() where !wiped.contains(d.path) {
            for p in d.table?.partitions ?? [] where p.kind != .extended {
                let s = p.startSector * UInt64(d.logicalSectorSize)
                occupied.append((s, s + p.sizeBytes(d)))
                used.insert(p.number)
            }
            if let ext = found.extended?[k] { used.insert(ext.number) }
        }
        free = FreeSpace(lo: ranges.map(\.0).max()!, hi: hi, occupied: occupied)
        numbers = PartitionNumbers(used: used)
        extendedBounds = found.extended.map { parts in
            let s = parts[0].startSector * UInt64(disks[0].logicalSectorSize)
            return (s, s + parts[0].sizeBytes(disks[0]))
        }
    }

    /// Usable byte range of a disk's table, existing or to be created.
    static func usable(_ d: DiskInfo, wiped: Bool, label: TableType) -> (UInt64, UInt64) {
        let lss = UInt64(d.logicalSectorSize)
        if let t = d.table, !wiped {
            return (t.firstUsableSector * lss, (t.lastUsableSector + 1) * lss)
        }
        let n = d.sectorCount
        switch label {
        case .gpt:
            let entries = 16384 / lss
            return ((2 + entries) * lss, (n - 1 - entries) * lss)
        case .msdos:
            return (lss, min(n, 1 << 32) * lss)
        }
    }

    /// Free space for primary partitions: without the extended container.
    var primarySpace: FreeSpace {
        guard let (s, e) = extendedBounds else { return free }
        return free.removing(s, e)
    }

    /// The largest free piece left for later guests.
    var largestFree: UInt64 {
        max(primarySpace.largest(), extendedBounds.map { free.largest(within: $0) } ?? 0)
    }

    /// Places what is new and keeps what exists, in the order the errors should come.
    mutating func run() throws(PlanError) {
        if plan.firmware.bootsBIOS, plan.label == .gpt, plan.boots { try placeBiosGrub() }
        let newEntries = plan.arrays.indices.filter { found.entries[$0] == nil }
        let logicalFrom = try msdosLogicalFrom(newEntries)
        for (k, i) in newEntries.enumerated() {
            let logical = logicalFrom.map { k >= $0.index } ?? false
            if logical, logicalFrom?.createExtended == true, extendedBounds == nil { try placeExtended(for: i) }
            try place(entry: i, logical: logical)
        }
        for (i, parts) in found.entries.sorted(by: { $0.key < $1.key }) { try keep(entry: i, parts) }
        if let ext = found.extended {
            kept.append(MirroredPartition(number: ext[0].number, startBytes: ext[0].startSector * UInt64(disks[0].logicalSectorSize),
                                          sizeBytes: ext[0].sizeBytes(disks[0]), kind: .extended, role: .extended))
        }
        try checkTableCapacity()
    }

    /// The 1 MiB BIOS boot partition for GRUB on GPT: kept, or placed first.
    mutating func placeBiosGrub() throws(PlanError) {
        if let bg = found.biosGrub {
            try Identity.sameGeometry(bg, on: disks, what: "the bios_grub partition", line: nil, key: "firmware")
            kept.append(MirroredPartition(number: bg[0].number, startBytes: bg[0].startSector * UInt64(disks[0].logicalSectorSize),
                                          sizeBytes: bg[0].sizeBytes(disks[0]), kind: .primary, role: .biosGrub, name: bg[0].name, found: bg))
            return
        }
        guard let start = free.take(Size.MiB, grain: grain) else {
            throw PlanError(key: "firmware", "no room for the 1 MiB bios_grub partition")
        }
        created.append(MirroredPartition(number: numbers.next(), startBytes: start, sizeBytes: Size.MiB, kind: .primary, role: .biosGrub,
                                         name: Planner.biosGrubName))
    }

    /// On msdos, which new entry (index into `newEntries`) is the first to go into an
    /// extended partition, and whether that partition must be created; nil when all fit as primaries.
    func msdosLogicalFrom(_ newEntries: [Int]) throws(PlanError) -> (index: Int, createExtended: Bool)? {
        guard plan.label == .msdos, !newEntries.isEmpty else { return nil }
        if found.extended != nil { return (0, false) }
        let freeSlots = numbers.freePrimarySlots
        guard newEntries.count > freeSlots else { return nil }
        guard freeSlots >= 1 else {
            throw PlanError(line: plan.arrays[newEntries[0]].line, key: plan.entryKey(newEntries[0]), "the msdos table has no free primary slot (partitions 1-4 are taken) and no extended partition to hold a logical one; "
                            + "msdos allows no other place: free a primary slot, or put the new array on other disks")
        }
        return (freeSlots - 1, true)
    }

    /// A new extended partition over the largest free piece, for entry `i` and those after it.
    mutating func placeExtended(for i: Int) throws(PlanError) {
        var view = primarySpace
        guard let (start, size) = view.takeRest(grain: grain, round: grain) else {
            throw PlanError(line: plan.arrays[i].line, key: plan.entryKey(i), "no room left for an extended partition")
        }
        extendedBounds = (start, start + size)
        created.append(MirroredPartition(number: numbers.next(), startBytes: start, sizeBytes: size, kind: .extended, role: .extended))
    }

    /// Entry `i`'s new member: first fit for a size, the largest piece for `rest`.
    mutating func place(entry i: Int, logical: Bool) throws(PlanError) {
        let spec = plan.arrays[i]
        let round = Conflicts.memberGrain(spec, disks: disks)
        // A logical partition needs room for its EBR before it: one grain.
        let lead: UInt64 = logical ? 1 : 0
        var space = logical ? free : primarySpace
        let within = logical ? extendedBounds : nil
        let start: UInt64, size: UInt64
        if let want = spec.sizeBytes {
            size = Conflicts.expectedMemberBytes(spec, want: want, disks: disks, members: plan.memberCount)
            guard let s = space.take(size, grain: grain, lead: lead, within: within) else {
                throw PlanError(line: spec.line, key: "\(plan.entryKey(i)).size",
                                "does not fit: each of the \(disks.count) disks needs \(Size.human(size)) for it, but the largest free space common to all disks is \(Size.human(space.largest(within: within)))")
            }
            start = s
        } else {
            guard let (s, sz) = space.takeRest(grain: grain, round: round, lead: lead, within: within) else {
                throw PlanError(line: spec.line, key: "\(plan.entryKey(i)).size", "`rest`: no free space is left on the smallest disk")
            }
            (start, size) = (s, sz)
        }
        free = free.removing(start - lead, start + size)
        let member = MirroredPartition(number: logical ? numbers.nextLogical() : numbers.next(), startBytes: start, sizeBytes: size,
                                       kind: logical ? .logical : .primary, role: spec.isESP ? .espMember : .raidMember,
                                       name: plan.label == .gpt ? Planner.memberName(spec) : nil, entry: i)
        members[i] = member
        created.append(member)
    }

    /// Entry `i`'s existing members: identical on every disk and of the size the plan asks for.
    mutating func keep(entry i: Int, _ parts: [PartitionInfo]) throws(PlanError) {
        let spec = plan.arrays[i]
        try Identity.sameGeometry(parts, on: disks, what: "the member partition of \(plan.entryKey(i))", line: spec.line, key: plan.entryKey(i))
        let size = parts[0].sizeBytes(disks[0])
        if let want = spec.sizeBytes {
            let expect = Conflicts.expectedMemberBytes(spec, want: want, disks: disks, members: plan.memberCount)
            guard Conflicts.sizeMatches(have: size, expect: expect, grain: Conflicts.memberGrain(spec, disks: disks)) else {
                throw PlanError(line: spec.line, key: "\(plan.entryKey(i)).size",
                                "exists with members of \(Size.human(size)), the plan asks for \(Size.human(expect)); diskplan never resizes an existing array")
            }
        }
        let member = MirroredPartition(number: parts[0].number, startBytes: parts[0].startSector * UInt64(disks[0].logicalSectorSize), sizeBytes: size,
                                       kind: parts[0].kind, role: spec.isESP ? .espMember : .raidMember, name: parts[0].name, entry: i, found: parts)
        members[i] = member
        kept.append(member)
    }

    /// A table holds a fixed number of entries: GPT as libparted writes it 128.
    func checkTableCapacity() throws(PlanError) {
        guard plan.label == .gpt, let highest = created.map(\.number).max() else { return }
        let limit = disks.map { d in wiped.contains(d.path) ? 128 : d.table?.maxPartitions ?? 128 }.min()!
        guard highest > limit else { return }
        let culprit = created.first { $0.number > limit }?.entry
        throw PlanError(line: culprit.flatMap { plan.arrays[$0].line }, key: culprit.map(plan.entryKey) ?? "guests",
                        "needs partition number \(highest), but the GPT holds \(limit) entries; that is \(highest - limit) partition(s) too many")
    }
}
