/// `replace-disk --watch`: md rebuilding each array of a replacement, as a bar per array on a
/// terminal or a line whenever one starts, passes another tenth or is done. Each array is an
/// `ArrayHealth` of the `MDState` the same reader as `status` gives.
public struct RebuildWatch: Sendable {
    /// md device and name (`/dev/md125`, `xen1:root`) of each array to follow.
    public let arrays: [Named]
    /// The arrays that were degraded with nothing rebuilding them at the last look.
    public private(set) var degraded: [ArrayHealth] = []
    /// Looks in a row that found nothing rebuilding and an array degraded.
    private var stalled = 0

    public struct Named: Sendable {
        public var device: String
        public var name: String
        public init(device: String, name: String) {
            self.device = device
            self.name = name
        }
    }

    public init(arrays: [Named]) {
        self.arrays = arrays
    }

    /// What one look at md shows. Done once nothing rebuilds and no array is degraded; right after
    /// `mdadm --add` md may take a moment to start, so a degraded array ends it only after five looks.
    public mutating func look(_ md: [MDState]) -> StatusWatch.Frame {
        let now = arrays.compactMap { a in md.first { $0.device == a.device }.map { ArrayHealth($0, name: a.name) } }
        let labelWidth = arrays.map { $0.device.count + 1 + $0.name.count }.max() ?? 0
        let idle = now.allSatisfy { Self.rebuilding($0) == nil }
        degraded = now.filter { ($0.degradedSlots ?? 0) > 0 }
        stalled = idle && !degraded.isEmpty ? stalled + 1 : 0
        return StatusWatch.Frame(
            bars: now.map { Self.bar($0, width: 30, labelWidth: labelWidth) },
            log: now.map { StatusWatch.LogEntry(id: $0.md, key: Self.logKey($0), line: Self.line($0)) },
            done: idle && (degraded.isEmpty || stalled >= 5))
    }

    /// The sync md runs, waits to run or is about to start on the array; nil when none, a resync
    /// that is due but cannot start on an array with all its members (frozen, read-only) included.
    public static func rebuilding(_ a: ArrayHealth) -> SyncProgress? {
        guard let p = a.progress, p.phase != .pending || (a.degradedSlots ?? 0) > 0 else { return nil }
        return p
    }

    /// `recovering 41.9% (215.00 MiB of 512.00 MiB), 98.00 MiB/s, 3s left`; `in sync`; `degraded, 1 member(s) missing, not rebuilding`.
    public static func status(_ a: ArrayHealth) -> String {
        let p = rebuilding(a)
        if let p, p.phase == .delayed { return "\(p.verb) waits for another array on the same disks" }
        guard let p, let done = p.doneBytes, let total = p.totalBytes, let percent = p.percent else {
            let missing = a.degradedSlots ?? 0
            return missing > 0 ? "degraded, \(missing) member(s) missing, not rebuilding" : "in sync"
        }
        let head = "\(p.verb) \(SyncProgress.percentText(percent)) (\(Size.human(done)) of \(Size.human(total)))"
        return ([head] + p.speedAndTimeLeft).joined(separator: ", ")
    }

    /// One line for a log: `/dev/md125 xen1:root: recovering 41.9% (...)`.
    public static func line(_ a: ArrayHealth) -> String { "\(label(a)): \(status(a))" }

    /// A bar for a terminal: `/dev/md125 xen1:root  [########............]  recovering 41.9% ...`.
    public static func bar(_ a: ArrayHealth, width: Int, labelWidth: Int) -> String {
        let p = rebuilding(a)
        let filled = p != nil ? Int((p?.fraction ?? 0) * Double(width)) : ((a.degradedSlots ?? 0) > 0 ? 0 : width)
        let bar = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
        return Render.pad(label(a), labelWidth) + "  " + bar + "  " + status(a)
    }

    /// What a log line says, at a tenth's precision: a line is written when it changes.
    static func logKey(_ a: ArrayHealth) -> String {
        guard let p = rebuilding(a) else { return status(a) }
        return "\(p.action) \(p.phase == .delayed) \(Int((p.fraction ?? 0) * 10))"
    }

    static func label(_ a: ArrayHealth) -> String { a.md + (a.name.map { " \($0)" } ?? "") }
}
