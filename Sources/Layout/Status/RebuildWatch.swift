/// `replace-disk --watch`: md rebuilding each array of a replacement, as a bar per array on a
/// terminal or a line whenever one starts, passes another tenth or is done. Each array is an
/// `ArrayHealth` of the `MDState` the same reader as `status` gives.
public enum RebuildWatch {
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
    public static func logKey(_ a: ArrayHealth) -> String {
        guard let p = rebuilding(a) else { return status(a) }
        return "\(p.action) \(p.phase == .delayed) \(Int((p.fraction ?? 0) * 10))"
    }

    static func label(_ a: ArrayHealth) -> String { a.md + (a.name.map { " \($0)" } ?? "") }
}
