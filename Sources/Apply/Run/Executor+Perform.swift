import Layout

/// What apply does for each kind of action: look whether it is done, then act.
/// The disk steps come as one batch per disk (see `Action.batch`).
extension Executor {
    func perform(_ batch: ArraySlice<Action>, _ report: inout Report) throws -> String {
        let a = batch[batch.startIndex]
        switch a.operation {
        case .createTable(_, let disk), .createPartition(_, let disk): return try writeTable(batch, disk: disk)
        case .wipeDisk(let disk, _): return try erase(disk, batch.flatMap(\.zeroed))
        case .wipeSignatures(let ranges, _): return try wipeSignatures(ranges)
        case .stopArray: return try stopArray(a)
        case .createArray: return try createArray(a, &report)
        case .assembleArray: return try assembleArray(a)
        case .makeSwap: return try format(a, "swap")
        case .makeFilesystem: return try format(a, a.argv?.first?.replacing("mkfs.", with: "") ?? "")
        case .remakeFilesystem: return try command(a)  // the plan found it unfinished (never mounted, not clean): made again
        case .removeMember(let m, _): return try removeMember(a, m)
        case .startArray: return try startArray(a)
        case .addMember(let m, _): return try addMember(a, m)
        case .installBootloader(let disk, let s?): return try installBootloader(a, s, disk: disk ?? a.device)
        case .installBootloader(_, nil): return try command(a)
        case .addBootEntry(let disk, let part, _, _): return try addBootEntry(a, disk: disk, part: part)
        case .mountHost(let s): return try mountHost(s)
        case .extractImage(let s): return try extractImage(a, s)
        case .writeFstab(let s): return try writeFstab(s)
        case .writeMdadmConf(let s): return try writeMdadmConf(s)
        case .updateInitramfs(let s): return try recorded(a, s, "initramfs \(HostInstall.initramfsKey(readRoot(s).mdadmConf ?? ""))")
        case .writeBootMenu(let s): return try recorded(a, s, "boot-menu \(HostInstall.bootMenuKey(readRoot(s)))")
        case .unmountHost(let s): return try HostMounter(runner: runner).unmount(s) ? "done" : "skipped: \(s.root) is not mounted"
        }
    }

    /// Runs the action's command.
    func command(_ a: Action) throws -> String {
        guard let argv = a.argv else { throw DeviceError(path: a.device, operation: a.kind.rawValue, message: "the action names no command") }
        _ = try runner.run(argv)
        return "done"
    }

    /// All erase steps of one disk through one descriptor (see PartitionWriter.wipeRanges).
    func erase(_ disk: String, _ ranges: [ByteRange]) throws -> String {
        try refuseIfInUse(disk)
        try PartitionWriter.wipeRanges(disk: disk, ranges.map { ($0.offset, $0.length) })
        DiskLocks.dropCaches(disk)
        return "done"
    }

    /// One descriptor per disk for both ends of its member (see PartitionWriter.wipeRanges).
    func wipeSignatures(_ ranges: [ByteRange]) throws -> String {
        for disk in ranges.map(\.disk).reduce(into: [String](), { if !$0.contains($1) { $0.append($1) } }) {
            try PartitionWriter.wipeRanges(disk: disk, ranges.filter { $0.disk == disk }.map { ($0.offset, $0.length) })
            DiskLocks.dropCaches(disk)
        }
        return "done"
    }

    func stopArray(_ a: Action) throws -> String {
        guard Probe.runningArrays(md: md).contains(where: { $0.device == a.device }) else { return "skipped: \(a.device) is not running" }
        return try command(a)
    }

    func createArray(_ a: Action, _ report: inout Report) throws -> String {
        if let running = Probe.runningArrays(md: md).first(where: { $0.device == a.device }) {
            throw DeviceError(path: a.device, operation: "create array",
                              message: "already exists (\(running.name ?? "no name"), members \(running.members.joined(separator: " "))); refusing to create it again")
        }
        _ = try command(a)
        try clearNewArray(a.device)
        if let size = md.sizeBytes(a.device) { report.arraySizes[a.device] = size }
        return "done"
    }

    func assembleArray(_ a: Action) throws -> String {
        if Probe.runningArrays(md: md).contains(where: { $0.device == a.device }) { return "skipped: \(a.device) is already running" }
        return try command(a)
    }

    /// mkfs or mkswap, unless the device holds `want` already; never over something else.
    func format(_ a: Action, _ want: String) throws -> String {
        let have = (try? Probe.disk(a.device))?.signatures ?? []
        if have.contains(where: { $0.type == want }) { return "skipped: \(a.device) already holds \(want)" }
        if let other = have.first {
            throw DeviceError(path: a.device, operation: "format", message: "holds \(other.type), not \(want); refusing to overwrite it")
        }
        return try command(a)
    }
}
