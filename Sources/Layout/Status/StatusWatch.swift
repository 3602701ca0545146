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

    /// What one look shows, on a terminal or in a log; `SyncWatch.follow` (Apply) shows it.
    public struct Frame: Sendable, Equatable {
        /// Lines a terminal redraws in place at each look.
        public var bars: [String]
        /// What a log may say (`PlainLog` writes what changed).
        public var log: [LogEntry]
        /// Nothing more to follow.
        public var done: Bool

        public init(bars: [String], log: [LogEntry], done: Bool) {
            self.bars = bars
            self.log = log
            self.done = done
        }
    }

    /// A line about one array, written when `key` changes; nil: nothing to tell, and a line
    /// (the last one) once it had something.
    public struct LogEntry: Sendable, Equatable {
        public var id: String
        public var key: String?
        public var line: String

        public init(id: String, key: String?, line: String) {
            self.id = id
            self.key = key
            self.line = line
        }
    }

    /// `status --watch`: the bars of what syncs, a log line when an array's sync starts, moves
    /// by a whole percent or ends; done when no sync runs or waits for another.
    public static func frame(_ r: StatusReport) -> Frame {
        let log = (r.arrays + r.unplannedArrays).map { a in
            LogEntry(id: a.md, key: a.progress.map { p in "\(a.condition) \(p.action) \(p.phase) \(p.percent.map { Int($0) }.map(String.init) ?? "-")" },
                     line: plainLine(a))
        }
        return Frame(bars: bars(r), log: log, done: !r.syncing)
    }

    /// Plain lines for a pipe or log file: a line for an entry when its key
    /// changes, not on every look.
    public struct PlainLog: Sendable {
        /// Entry id -> the key of the last line written.
        private var last: [String: String] = [:]

        public init() {}

        public mutating func lines(_ entries: [LogEntry]) -> [String] {
            entries.compactMap { e in
                guard let key = e.key else { return last.removeValue(forKey: e.id) == nil ? nil : e.line }
                guard last[e.id] != key else { return nil }
                last[e.id] = key
                return e.line
            }
        }

        /// `status --watch`'s lines of a report.
        public mutating func lines(_ r: StatusReport) -> [String] { lines(StatusWatch.frame(r).log) }
    }
}
