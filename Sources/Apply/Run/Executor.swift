import FoundationEssentials
public import Layout
import Platform

/// Runs a plan's actions in order, and only those. Each action first checks
/// whether it is already done (a resumed run, a live addition), then acts.
/// Any failure stops the run.
public struct Executor {
    public struct Progress: Sendable {
        public var index: Int
        public var total: Int
        public var action: Action
        /// `running`, `done`, `skipped: already ...`, or `failed`.
        public var state: String
        /// Seconds since the step started, once it ended (done, skipped or failed).
        public var elapsed: Double?
        /// Why it failed (state `failed`).
        public var error: String?
    }

    public struct Report: Sendable {
        /// md device → size in bytes the kernel reports after creation.
        public var arraySizes: [String: UInt64] = [:]
        public var skipped: [String] = []
    }

    let runner: any CommandRunner
    let progress: (Progress) -> Void
    let journal: Journal?
    /// Where each action looks at md's state before it acts.
    let md: MDSysfs

    public init(runner: any CommandRunner = ProcessRunner(), journal: Journal? = nil, md: MDSysfs = MDSysfs(),
                progress: @escaping (Progress) -> Void) {
        self.runner = runner
        self.journal = journal
        self.md = md
        self.progress = progress
    }

    public func run(_ actions: [Action]) throws -> Report {
        var report = Report()
        // The erase steps of `--wipe` happen with the disks locked against udev, so it
        // assembles nothing from a superblock not yet erased (mdadm and libparted, which
        // wait for udev's queue, run outside the lock); every other step is followed by
        // udev settling.
        let erasing = actions.indices.filter { if case .erase = actions[$0].batch { true } else { false } }
        var i = 0
        if let start = erasing.first, let end = erasing.last.map({ $0 + 1 }) {
            while i < start { i = try step(actions, i, &report, settle: true) }
            let locks = try DiskLocks(actions[start..<end].flatMap(\.disksWritten).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } })
            defer { locks.release() }
            while i < end { i = try step(actions, i, &report, settle: false) }
            locks.release()
            try Udev.settle(runner)
        }
        while i < actions.count { i = try step(actions, i, &report, settle: true) }
        return report
    }

    /// Runs the action at `i` (with those of its batch: one disk's table changes, one disk's
    /// erase steps); returns the index of the next one.
    func step(_ actions: [Action], _ i: Int, _ report: inout Report, settle: Bool) throws -> Int {
        var j = i + 1
        if let batch = actions[i].batch {
            while j < actions.count, actions[j].batch == batch { j += 1 }
        }
        for k in i..<j { note(k, actions.count, actions[k], "running") }
        let started = ContinuousClock.now
        let state: String
        do {
            state = try perform(actions[i..<j], &report)
            if settle { try Udev.settle(runner) }
        } catch {
            for k in i..<j { note(k, actions.count, actions[k], "failed", since: started, error: "\(error)") }
            throw error
        }
        for k in i..<j { note(k, actions.count, actions[k], state, since: started) }
        if state.hasPrefix("skipped") { report.skipped += actions[i..<j].map(\.summary) }
        return j
    }

    /// One disk's table changes as one libparted commit, unless a previous run wrote them.
    func writeTable(_ group: ArraySlice<Action>, disk: String) throws -> String {
        let newTable = group.compactMap(\.newTable).last
        let parts = group.compactMap(\.newPartition)
        let before = try Probe.disk(disk)
        if partitionsAlreadyThere(before, newTable: newTable, parts) { return "skipped: already on disk" }
        try PartitionWriter.apply(disk: disk, newTable: newTable, partitions: parts)
        try Udev.settle(runner)
        try waitForPartitionNodes(before, parts)
        return "done"
    }

    func note(_ i: Int, _ n: Int, _ a: Action, _ state: String, since started: ContinuousClock.Instant? = nil, error: String? = nil) {
        journal?.record(index: i, action: a, state: state)
        let elapsed = started.map { (ContinuousClock.now - $0) / .seconds(1) }
        progress(Progress(index: i, total: n, action: a, state: state, elapsed: elapsed, error: error))
    }

    /// The planner refused a wipe of anything in use; between planning and now something may
    /// have taken a device (a mount, a guest): look again before zeroing.
    func refuseIfInUse(_ disk: String) throws {
        guard let node = try? Probe.disk(disk), node.isBlockDevice else { return }
        let uses = DeviceUses.find(disks: [node.resolvedPath], arrays: [])
        if let u = uses.first {
            throw DeviceError(path: disk, operation: "wipe", message: "\(u.description); refusing to wipe")
        }
    }

    /// A new array's data area starts where the members' old data was: an old array's file
    /// system or swap at the same offset would show through and be taken as made. Zero the
    /// first and last MiB of the array itself before anything probes it.
    func clearNewArray(_ device: String) throws {
        guard let size = md.sizeBytes(device), size > 0 else { return }
        let mib = min(Size.MiB, size)
        try PartitionWriter.wipeRanges(disk: device, [(0, mib), (size - mib, mib)])
    }

    /// Whether a previous run already wrote exactly these partitions.
    func partitionsAlreadyThere(_ disk: DiskInfo, newTable: TableType?, _ parts: [PlannedPartition]) -> Bool {
        guard let t = disk.table else { return false }
        if let newTable, t.type != newTable.rawValue { return false }
        return parts.allSatisfy { p in
            t.partitions.contains { $0.number == p.number && $0.startSector == p.startSector && $0.sizeSectors == p.sizeSectors && $0.name == p.name }
        }
    }

    /// On a block device the kernel creates partition nodes asynchronously; wait briefly for them.
    func waitForPartitionNodes(_ d: DiskInfo, _ parts: [PlannedPartition]) throws {
        guard d.isBlockDevice else { return }
        let nodes = parts.filter { $0.kind != .extended }.map { Planner.partitionDevice(d, $0.number) }
        for _ in 0..<100 {
            if nodes.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) { return }
            usleep(50_000)
        }
        let missing = nodes.filter { !FileManager.default.fileExists(atPath: $0) }
        throw DeviceError(path: d.path, operation: "wait for partitions", message: "the kernel created no device node for \(missing.joined(separator: ", ")) within 5 s")
    }
}

/// Appends one line per action state to a file, so an interrupted run can be read back.
public final class Journal: @unchecked Sendable {
    let fd: Int32

    public init(path: String) throws {
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o666)
        guard fd >= 0 else {
            throw DeviceError(path: path, operation: "open journal", message: "cannot write")
        }
    }

    deinit { close(fd) }

    func record(index: Int, action: Action, state: String) {
        let stamp = Date.ISO8601FormatStyle().format(Date())
        Posix.writeAll(fd, Array("\(stamp) \(index + 1) \(action.kind.rawValue) \(action.device) \(state)\n".utf8))
        fsync(fd)
    }
}
