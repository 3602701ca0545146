public import Layout

/// The one reader of md's state: `ROOT/block/mdN/size` and `ROOT/block/mdN/md/...`,
/// and the position of a running sync from /proc/mdstat. Never writes.
///
/// sysfs' `sync_completed` moves in steps of a sixteenth of the array; the
/// position /proc/mdstat prints (in KiB) is the current one, so it is taken
/// when it counts the same total.
public struct MDSysfs: Sendable {
    /// `/sys` on a live system; a copied tree in tests.
    public var root: String
    /// `/proc/mdstat`; nil to take sysfs' own position.
    public var mdstat: String?

    public init(root: String = "/sys", mdstat: String? = "/proc/mdstat") {
        self.root = root
        self.mdstat = mdstat
    }

    /// The arrays below `root`, by device name. An md device that holds nothing (`clear`, no members) is left out.
    public func states() -> [MDState] {
        let positions = mdstat.flatMap { Posix.sysfs($0) }.map(Self.syncPositions) ?? [:]
        return mdNames().compactMap { name in array(name, position: positions[name]) }
            .sorted { ($0.device.count, $0.device) < ($1.device.count, $1.device) }
    }

    /// What sysfs tells of each array the kernel knows (its `md` folder holds anything): level,
    /// metadata, members by slot (each `dev-*/block` link), size, UUID and `array_state`.
    /// Name, UUID and content from the superblocks are the probe's (`Probe.runningArrays`).
    public func runningArrays() -> [RunningArray] {
        mdNames().compactMap { name in
            let md = mdFolder(name)
            guard Posix.directory(md).isEmpty == false else { return nil }
            let members = self.members(md).compactMap { entry, m -> (device: String, spare: Bool)? in
                guard let target = Posix.linkTargetName("\(md)/\(entry)/block") else { return nil }
                return ("/dev/\(target)", Status.memberState(m) == .spare)
            }
            var array = RunningArray(
                device: "/dev/\(name)", level: Posix.sysfs("\(md)/level") ?? "", metadata: Posix.sysfs("\(md)/metadata_version") ?? "",
                members: members.map(\.device), sizeBytes: sizeBytes(name: name) ?? 0, uuid: Posix.sysfs("\(md)/uuid"),
                state: Posix.sysfs("\(md)/array_state"))
            let spares = members.filter(\.spare).map(\.device)
            array.spares = spares.isEmpty ? nil : spares
            return array
        }
    }

    /// The size the kernel reports for an array (`/dev/md2`): `size` in 512-byte units, as bytes.
    public func sizeBytes(_ device: String) -> UInt64? {
        sizeBytes(name: device.lastPathComponent)
    }

    /// md's `array_state` of an array (`/dev/md2`): `clean`, `inactive`, ...; nil when there is none.
    public func arrayState(_ device: String) -> String? {
        Posix.sysfs("\(mdFolder(device.lastPathComponent))/array_state")
    }

    /// Whether the kernel lists `member` (`/dev/vdb4`) in the array `device` (`/dev/md127`).
    public func contains(member: String, in device: String) -> Bool {
        !Posix.directory("\(mdFolder(device.lastPathComponent))/dev-\(member.lastPathComponent)").isEmpty
    }

    /// The personalities the md driver has loaded, from mdstat's `Personalities : [raid1] [raid0]`
    /// (`raid1`, `raid0`); nil when there is no mdstat (no md driver).
    public func personalities() -> [String]? {
        guard let text = mdstat.flatMap({ Posix.sysfs($0) }) else { return nil }
        let line = text.split(separator: "\n").first { $0.hasPrefix("Personalities") } ?? ""
        return line.split(separator: " ").filter { $0.hasPrefix("[") && $0.hasSuffix("]") }.map { String($0.dropFirst().dropLast()) }
    }

    // MARK: - Parts

    func mdNames() -> [String] {
        Posix.directory("\(root)/block").filter { $0.hasPrefix("md") }
    }

    func mdFolder(_ name: String) -> String { "\(root)/block/\(name)/md" }

    func sizeBytes(name: String) -> UInt64? {
        Posix.sysfs("\(root)/block/\(name)/size").flatMap { UInt64($0) }.map { $0 * 512 }
    }

    /// The `dev-*` entries of an md folder, each as a member (named after its entry: `dev-vda3`
    /// is /dev/vda3) with its slot and `state` flags, by slot (spares and failed members last).
    func members(_ md: String) -> [(entry: String, member: MDState.Member)] {
        Posix.directory(md).filter { $0.hasPrefix("dev-") }.map { entry in
            (entry, MDState.Member(
                device: "/dev/" + entry.dropFirst("dev-".count),
                slot: Posix.sysfs("\(md)/\(entry)/slot").flatMap { Int($0) },
                flags: (Posix.sysfs("\(md)/\(entry)/state") ?? "").split(separator: ",").map(String.init)))
        }.sorted { ($0.member.slot ?? Int.max, $0.member.device) < ($1.member.slot ?? Int.max, $1.member.device) }
    }

    func array(_ name: String, position: (done: UInt64, total: UInt64)?) -> MDState? {
        let md = mdFolder(name)
        guard let arrayState = Posix.sysfs("\(md)/array_state") else { return nil }
        let members = self.members(md).map(\.member)
        if arrayState == "clear", members.isEmpty { return nil }
        return MDState(
            device: "/dev/\(name)",
            arrayState: arrayState,
            level: Posix.sysfs("\(md)/level"),
            raidDisks: Posix.sysfs("\(md)/raid_disks").flatMap { Int($0) },
            degraded: Posix.sysfs("\(md)/degraded").flatMap { Int($0) },
            sync: Self.sync(md: md, position: position),
            mismatchSectors: Posix.sysfs("\(md)/mismatch_cnt").flatMap { UInt64($0) },
            sizeBytes: sizeBytes(name: name) ?? 0,
            members: members)
    }

    /// `sync_action` other than `idle` or `frozen`, with `sync_completed` (`DONE / TOTAL`
    /// sectors, `delayed`, or `none` before it starts) and `sync_speed` (KiB/s).
    /// Otherwise a resync that is due (`resync_start` a sector, not `none`) on a running array.
    static func sync(md: String, position: (done: UInt64, total: UInt64)?) -> MDState.Sync? {
        guard let action = Posix.sysfs("\(md)/sync_action"), action != "idle", action != "frozen" else {
            return pendingResync(md: md)
        }
        let completed = Posix.sysfs("\(md)/sync_completed") ?? "none"
        var sync = MDState.Sync(action: action, phase: completed == "delayed" ? .delayed : completed == "none" ? .pending : .running,
                                speedKiBPerSecond: Posix.sysfs("\(md)/sync_speed").flatMap { UInt64($0) })
        let parts = completed.split(separator: "/").map { $0.trimmedSpaces() }
        if parts.count == 2, let done = UInt64(parts[0]), let total = UInt64(parts[1]) {
            sync.doneSectors = done
            sync.totalSectors = total
            if let position, position.total * 2 == total, position.done * 2 >= done {
                sync.doneSectors = position.done * 2
            }
        }
        return sync
    }

    /// `resync_start` of a running array: the sector a resync that is due
    /// starts from; `component_size` (KiB) is what it covers.
    static func pendingResync(md: String) -> MDState.Sync? {
        guard let state = Posix.sysfs("\(md)/array_state"), !["inactive", "clear"].contains(state),
              let start = Posix.sysfs("\(md)/resync_start").flatMap({ UInt64($0) }),
              let kib = Posix.sysfs("\(md)/component_size").flatMap({ UInt64($0) }), kib > 0 else { return nil }
        return MDState.Sync(action: "resync", phase: .pending, doneSectors: start, totalSectors: kib * 2)
    }

    /// From /proc/mdstat: for each array with a sync line
    /// (`[=>...]  recovery = 10.9% (14336/130048) finish=1.7min speed=1102K/sec`),
    /// the KiB done and in all.
    static func syncPositions(_ text: String) -> [String: (done: UInt64, total: UInt64)] {
        var out: [String: (done: UInt64, total: UInt64)] = [:]
        var current: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let head = line.split(separator: " ", maxSplits: 2).first, line.contains(" : "), head.hasPrefix("md") {
                current = String(head)
                continue
            }
            guard let name = current, line.contains(" = "), let open = line.firstIndex(of: "("),
                  let close = line[open...].firstIndex(of: ")") else { continue }
            let numbers = line[line.index(after: open)..<close].split(separator: "/")
            if numbers.count == 2, let done = UInt64(numbers[0]), let total = UInt64(numbers[1]) {
                out[name] = (done, total)
            }
        }
        return out
    }
}
