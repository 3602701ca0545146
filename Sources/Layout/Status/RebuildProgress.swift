/// How far md has come rebuilding one array, as `replace-disk --watch` shows it: a view of
/// the array's `MDState` (read from sysfs and /proc/mdstat by the same reader as `status`).
public struct RebuildProgress: Sendable, Equatable {
    /// `/dev/md127`.
    public var device: String
    /// `xen1:root`, when known.
    public var name: String?
    /// md's sync action while one runs, waits or is about to start (`recover`, `resync`, `check`,
    /// `repair`, `reshape`); `idle` when none does, a resync that cannot start on an array with all
    /// its members (frozen, read-only) included.
    public var action: String
    /// Sectors done and in all (512-byte units); nil when md is not syncing or waits.
    public var done: UInt64?
    public var total: UInt64?
    /// md's `sync_speed`, KiB/s (its recent average).
    public var speedKiBps: UInt64?
    /// Waiting for another array on the same disks to finish (`sync_completed` reads `delayed`).
    public var delayed: Bool
    /// Members missing from the array (md's `degraded`).
    public var degraded: Int

    public init(_ state: MDState, name: String? = nil) {
        device = state.device
        self.name = name
        // Due but not moving: on a degraded array, a recovery about to start; otherwise a resync
        // that waits for the first write (read-only) or a thaw, which is nothing to wait for.
        let sync = state.sync.flatMap { $0.phase == .pending && (state.degraded ?? 0) == 0 ? nil : $0 }
        action = sync?.action ?? "idle"
        if let sync, sync.phase == .running, let total = sync.totalSectors, total > 0 {
            done = sync.doneSectors
            self.total = total
        }
        delayed = sync?.phase == .delayed
        speedKiBps = sync?.speedKiBPerSecond
        degraded = state.degraded ?? 0
    }

    /// md is rebuilding or checking it, or will once another array is done.
    public var busy: Bool { action != "idle" && action != "frozen" }

    public var fraction: Double? {
        guard let done, let total else { return nil }
        return min(1, Double(done) / Double(total))
    }

    /// At the current speed.
    public var secondsLeft: UInt64? {
        guard let done, let total, let speed = speedKiBps, speed > 0, total >= done else { return nil }
        return (total - done) * 512 / (speed * 1024)
    }

    /// `recovering 42.0% (215.00 MiB of 512.00 MiB), 98.00 MiB/s, 3s left`; `in sync`; `degraded, 1 member missing`.
    public var status: String {
        if busy, delayed { return "\(Self.verb(action)) waits for another array on the same disks" }
        guard busy, let done, let total, let fraction else {
            return degraded > 0 ? "degraded, \(degraded) member(s) missing, not rebuilding" : "in sync"
        }
        var s = "\(Self.verb(action)) \(Self.percent(fraction)) (\(Size.human(done * 512)) of \(Size.human(total * 512)))"
        if let speed = speedKiBps { s += ", \(Size.human(speed * 1024))/s" }
        if let left = secondsLeft { s += ", \(Self.duration(left)) left" }
        return s
    }

    /// One line for a log: `/dev/md125 xen1:root: recovering 42.0% (...)`.
    public var line: String { "\(device)\(name.map { " \($0)" } ?? ""): \(status)" }

    /// A bar for a terminal: `/dev/md125 xen1:root  [########............]  recovering 42.0% ...`.
    public func bar(width: Int, labelWidth: Int) -> String {
        let label = "\(device)\(name.map { " \($0)" } ?? "")"
        let filled = busy ? Int((fraction ?? 0) * Double(width)) : (degraded > 0 ? 0 : width)
        let bar = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
        return label + String(repeating: " ", count: max(0, labelWidth - label.count)) + "  " + bar + "  " + status
    }

    static func verb(_ action: String) -> String {
        switch action {
        case "recover": "recovering"
        case "resync": "resyncing"
        case "check": "checking"
        case "repair": "repairing"
        case "reshape": "reshaping"
        default: action
        }
    }

    static func percent(_ f: Double) -> String {
        let tenths = Int((f * 1000).rounded(.down))
        return "\(tenths / 10).\(tenths % 10)%"
    }

    /// `45s`, `3m05s`, `2h07m`.
    static func duration(_ s: UInt64) -> String {
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" + (s % 60 < 10 ? "0" : "") + "\(s % 60)s" }
        let m = (s % 3600) / 60
        return "\(s / 3600)h" + (m < 10 ? "0" : "") + "\(m)m"
    }
}
