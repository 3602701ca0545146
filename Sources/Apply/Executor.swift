import Foundation
public import Layout

/// Runs a plan's actions in order, and only those. Each action first checks
/// whether it is already done (a resumed run, a live addition), then acts.
/// Any failure stops the run.
public struct Executor {
    public struct Progress: Sendable {
        public var index: Int
        public var total: Int
        public var action: Action
        /// `done`, `skipped: already ...`, or `running`.
        public var state: String
    }

    public struct Report: Sendable {
        /// md device → size in bytes the kernel reports after creation.
        public var arraySizes: [String: UInt64] = [:]
        public var skipped: [String] = []
    }

    let runner: any CommandRunner
    let progress: (Progress) -> Void
    let journal: Journal?

    public init(runner: any CommandRunner = ProcessRunner(), journal: Journal? = nil, progress: @escaping (Progress) -> Void) {
        self.runner = runner
        self.journal = journal
        self.progress = progress
    }

    public func run(_ actions: [Action]) throws -> Report {
        var report = Report()
        var i = 0
        while i < actions.count {
            let a = actions[i]
            // All table changes of one disk go to libparted as one commit.
            if a.kind == .createTable || a.kind == .createPartition, let disk = a.disk {
                var j = i
                var newTable: TableType?
                var parts: [PlannedPartition] = []
                while j < actions.count, actions[j].disk == disk, actions[j].kind == .createTable || actions[j].kind == .createPartition {
                    if actions[j].kind == .createTable { newTable = actions[j].table }
                    if let p = actions[j].partition { parts.append(p) }
                    j += 1
                }
                for k in i..<j { note(k, actions.count, actions[k], "running") }
                let before = try Probe.disk(disk)
                if partitionsAlreadyThere(before, newTable: newTable, parts) {
                    for k in i..<j { note(k, actions.count, actions[k], "skipped: already on disk") }
                    report.skipped += actions[i..<j].map(\.summary)
                } else {
                    try PartitionWriter.apply(disk: disk, newTable: newTable, partitions: parts)
                    try Udev.settle(runner)
                    try waitForPartitionNodes(before, parts)
                    for k in i..<j { note(k, actions.count, actions[k], "done") }
                }
                i = j
                continue
            }
            note(i, actions.count, a, "running")
            let state = try perform(a, &report)
            try Udev.settle(runner)
            note(i, actions.count, a, state)
            if state.hasPrefix("skipped") { report.skipped.append(a.summary) }
            i += 1
        }
        return report
    }

    func note(_ i: Int, _ n: Int, _ a: Action, _ state: String) {
        journal?.record(index: i, action: a, state: state)
        progress(Progress(index: i, total: n, action: a, state: state))
    }

    func perform(_ a: Action, _ report: inout Report) throws -> String {
        switch a.kind {
        case .wipeDisk, .wipeSignatures:
            for r in a.ranges ?? [] {
                try PartitionWriter.wipeRange(disk: r.disk, offsetBytes: r.offset, lengthBytes: r.length)
            }
            return "done"
        case .createTable, .createPartition:
            preconditionFailure("handled per disk in run()")
        case .createArray:
            if let running = Probe.runningArrays().first(where: { $0.device == a.device }) {
                throw DeviceError(path: a.device, operation: "create array",
                                  message: "already exists (\(running.name ?? "no name"), members \(running.members.joined(separator: " "))); refusing to create it again")
            }
            _ = try runner.run(a.argv!)
            if let size = Self.kernelSize(a.device) { report.arraySizes[a.device] = size }
            return "done"
        case .assembleArray:
            if Probe.runningArrays().contains(where: { $0.device == a.device }) {
                return "skipped: \(a.device) is already running"
            }
            _ = try runner.run(a.argv!)
            return "done"
        case .makeSwap, .makeFilesystem:
            let want = a.kind == .makeSwap ? "swap" : a.argv![0].replacingOccurrences(of: "mkfs.", with: "")
            let have = (try? Probe.disk(a.device))?.signatures ?? []
            if have.contains(where: { $0.type == want }) {
                return "skipped: \(a.device) already holds \(want)"
            }
            if let other = have.first {
                throw DeviceError(path: a.device, operation: "format", message: "holds \(other.type), not \(want); refusing to overwrite it")
            }
            _ = try runner.run(a.argv!)
            return "done"
        case .removeMember, .startArray, .addMember, .installBootloader:
            return try performMember(a)
        }
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

    /// The array size the kernel reports, from /sys/block/mdN/size (512-byte units).
    public static func kernelSize(_ md: String) -> UInt64? {
        let name = (md as NSString).lastPathComponent
        guard let text = try? String(contentsOfFile: "/sys/block/\(name)/size", encoding: .utf8),
              let sectors = UInt64(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
        return sectors * 512
    }
}

/// Appends one line per action state to a file, so an interrupted run can be read back.
public final class Journal: @unchecked Sendable {
    let handle: FileHandle

    public init(path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        guard let h = FileHandle(forWritingAtPath: path) else {
            throw DeviceError(path: path, operation: "open journal", message: "cannot write")
        }
        h.seekToEndOfFile()
        handle = h
    }

    func record(index: Int, action: Action, state: String) {
        let stamp = ISO8601DateFormatter().string(from: Date())
        handle.write(Data("\(stamp) \(index + 1) \(action.kind.rawValue) \(action.device) \(state)\n".utf8))
        try? handle.synchronize()
    }
}
