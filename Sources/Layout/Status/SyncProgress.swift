/// A resync, recovery, check or reshape: how far, how fast, how long still. The one model of md's
/// progress: `status` renders it as text, JSON and Prometheus, both watches follow it.
public struct SyncProgress: Sendable, Codable, Equatable {
    /// `resync`, `recover`, `check`, `repair`, `reshape`.
    public var action: String
    public var phase: MDState.Sync.Phase
    /// 0.0-100.0, in md's steps of 0.1, when known.
    public var percent: Double?
    public var bytesPerSecond: UInt64?
    public var secondsLeft: UInt64?
    /// Bytes done and in all (per member) while it runs; not in the JSON.
    public var doneBytes: UInt64?
    public var totalBytes: UInt64?

    enum CodingKeys: String, CodingKey { case action, phase, percent, bytesPerSecond, secondsLeft }

    public init(_ sync: MDState.Sync) {
        action = sync.action
        phase = sync.phase
        percent = sync.permille.map { Double($0) / 10 }
        bytesPerSecond = sync.speedKiBPerSecond.map { $0 * 1024 }
        secondsLeft = sync.secondsLeft
        if sync.phase == .running, let done = sync.doneSectors, let total = sync.totalSectors, total > 0 {
            doneBytes = done * 512
            totalBytes = total * 512
        }
    }

    /// A copy of `save-guest` or `restore-guest` (`action` `save`, `restore`, `check`): `done` of
    /// `total` bytes after `seconds`.
    public init(copy action: String, done: UInt64, total: UInt64, seconds: Double) {
        self.action = action
        phase = .running
        percent = total == 0 ? 100 : (Double(done) * 1000 / Double(total)).rounded(.down) / 10
        let rate = seconds > 0 ? Double(done) / seconds : 0
        bytesPerSecond = rate > 0 ? UInt64(rate) : nil
        secondsLeft = rate > 0 ? UInt64((Double(total - min(done, total)) / rate).rounded(.up)) : nil
        doneBytes = done
        totalBytes = total
    }

    /// Done, from 0 to 1, while it runs with a known position.
    public var fraction: Double? {
        guard let doneBytes, let totalBytes else { return nil }
        return min(1, Double(doneBytes) / Double(totalBytes))
    }

    /// `10.9%, 1.09 MiB/s, 1m43s left`, or why there is no position yet.
    public var text: String {
        switch phase {
        case .delayed: return "delayed (waits for another array on the same disks)"
        case .pending: return "pending" + (percent.map { " at \(Self.percentText($0))" } ?? "") + " (frozen, or read-only until the first write)"
        case .running: break
        }
        guard let percent else { return "starting" }
        return ([Self.percentText(percent)] + speedAndTimeLeft).joined(separator: ", ")
    }

    /// `1.09 MiB/s`, `1m43s left`, each when known.
    public var speedAndTimeLeft: [String] {
        [bytesPerSecond.map { "\(Size.human($0))/s" }, secondsLeft.map { "\(Status.duration($0)) left" }].compactMap { $0 }
    }

    /// `recovering`, `resyncing`, `checking`, `repairing`, `reshaping`.
    public var verb: String {
        switch action {
        case "recover": "recovering"
        case "resync": "resyncing"
        case "check": "checking"
        case "repair": "repairing"
        case "reshape": "reshaping"
        case "save": "saving"
        case "restore": "restoring"
        default: action
        }
    }

    /// `10.9%`
    public static func percentText(_ percent: Double) -> String {
        let tenths = Int((percent * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }
}
