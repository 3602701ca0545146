/// How far md has come rebuilding one array, as its sysfs files report it
/// (`/sys/block/mdN/md/sync_action`, `sync_completed`, `sync_speed`, `degraded`).
public struct RebuildProgress: Sendable, Equatable {
    /// `/dev/md127`.
    public var device: String
    /// `xen1:root`, when known.
    public var name: String?
    /// md's `sync_action`: `recover`, `resync`, `check`, `repair`, `reshape`, `idle`, `frozen`.
    public var action: String
    /// Sectors done and in all (512-byte units); nil when md is not syncing (`none`) or waits (`delayed`).
    public var done: UInt64?
    public var total: UInt64?
    /// md's `sync_speed`, KiB/s (its recent average).
    public var speedKiBps: UInt64?
    /// Waiting for another array on the same disks to finish (`sync_completed` reads `delayed`).
    public var delayed: Bool
    /// Members missing from the array (md's `degraded`).
    public var degraded: Int

    public init(device: String, name: String? = nil, action: String, syncCompleted: String, speedKiBps: UInt64? = nil, degraded: Int = 0) {
        self.device = device
        self.name = name
        self.action = action
        let parts = syncCompleted.split(separator: "/").map { $0.filter { !$0.isWhitespace } }
        if parts.count == 2, let d = UInt64(parts[0]), let t = UInt64(parts[1]), t > 0 {
            done = d
            total = t
        }
        delayed = syncCompleted.filter { !$0.isWhitespace } == "delayed"
        self.speedKiBps = speedKiBps
        self.degraded = degraded
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
