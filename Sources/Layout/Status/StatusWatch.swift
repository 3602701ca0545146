/// `diskplan status --watch`: the arrays that resync, recover, check or
/// reshape, as progress bars for a terminal or as plain lines for a log.
public enum StatusWatch {
    /// One line per array with a sync that runs or waits for another, columns aligned:
    /// `md2  xen1:root  recover  [=====>              ]  27.3%  1.09 MiB/s  1m43s left`.
    public static func bars(_ r: StatusReport, width: Int = 30) -> [String] {
        let syncing = (r.arrays + r.unplannedArrays).filter { $0.progress.map { $0.phase != .pending } ?? false }
        let mw = syncing.map(\.shortName.count).max() ?? 0
        let nw = syncing.map { ($0.name ?? "-").count }.max() ?? 0
        let aw = syncing.map { $0.progress!.action.count }.max() ?? 0
        return syncing.map { a in
            let p = a.progress!
            var cells = [Render.pad(a.shortName, mw), Render.pad(a.name ?? "-", nw), Render.pad(p.action, aw), bar(p.percent, width: width)]
            if p.phase == .delayed {
                cells.append("waiting (delayed behind another array on the same disks)")
            } else if let percent = p.percent {
                cells.append(Render.pad(SyncProgress.percentText(percent), 6, right: true))
                cells += p.speedAndTimeLeft
            } else {
                cells.append("starting")
            }
            return cells.joined(separator: "  ")
        }
    }

    /// `[=====>              ]`: `width` cells between the brackets; blank without a position.
    public static func bar(_ percent: Double?, width: Int) -> String {
        guard let percent else { return "[" + String(repeating: " ", count: width) + "]" }
        let filled = min(width, Int(percent / 100 * Double(width)))
        let head = filled < width ? ">" : ""
        return "[" + String(repeating: "=", count: filled) + head + String(repeating: " ", count: width - filled - head.count) + "]"
    }

    /// `md2 xen1:root recovering 27.3%, 1.09 MiB/s, 1m43s left`: what a log shows of one array.
    public static func plainLine(_ a: ArrayHealth) -> String {
        "\(a.shortName) \(a.name ?? "-") \(Status.conditionText(a))"
    }

    /// Plain lines for a pipe or log file: a line for an array when its sync
    /// starts, moves by a whole percent or ends, not on every refresh.
    public struct PlainLog: Sendable {
        /// md device -> what the last line said, at whole-percent precision.
        private var last: [String: String] = [:]

        public init() {}

        public mutating func lines(_ r: StatusReport) -> [String] {
            var out: [String] = []
            for a in r.arrays + r.unplannedArrays {
                guard let p = a.progress else {
                    if last.removeValue(forKey: a.md) != nil { out.append(plainLine(a)) }
                    continue
                }
                let key = "\(a.condition) \(p.action) \(p.phase) \(p.percent.map { Int($0) }.map(String.init) ?? "-")"
                if last[a.md] != key {
                    last[a.md] = key
                    out.append(plainLine(a))
                }
            }
            return out
        }
    }
}
