/// `diskplan status --prometheus`: the report in the Prometheus text format,
/// for node_exporter's textfile collector. One metric family per fact, each
/// with its HELP and TYPE lines, also when it has no sample.
extension Status {
    public static func prometheus(_ r: StatusReport) -> String {
        var out = ""
        let arrays = r.arrays + r.unplannedArrays
        func family(_ name: String, _ help: String, _ samples: [(labels: [(String, String)], value: String)]) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n"
            for s in samples {
                let labels = s.labels.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: ",")
                out += name + (labels.isEmpty ? "" : "{\(labels)}") + " \(s.value)\n"
            }
        }
        func each(_ values: (ArrayHealth) -> String?) -> [(labels: [(String, String)], value: String)] {
            arrays.compactMap { a in values(a).map { (arrayLabels(a), $0) } }
        }
        family("diskplan_status", "0 when every planned array is healthy and the disks are as planned, 2 when not (the exit status of diskplan status).",
               [([], "\(r.exitStatus)")])
        family("diskplan_array_healthy", "1 when the array runs with every member in sync (a resync or check may run), else 0.",
               each { $0.healthy ? "1" : "0" })
        family("diskplan_array_running", "1 when md runs the array, else 0.",
               each { [.notRunning, .notCreated, .inactive].contains($0.condition) ? "0" : "1" })
        family("diskplan_array_condition", "The array's condition, in the label condition (clean, resyncing, recovering, degraded, inactive, not_running, not_created, ...).",
               arrays.map { (arrayLabels($0) + [("condition", $0.condition.rawValue)], "1") })
        family("diskplan_array_degraded_slots", "Slots of the array without a working member (md's degraded).",
               each { $0.degradedSlots.map(String.init) })
        family("diskplan_array_member", "A member of the array, in the label state (active, rebuilding, spare, faulty, missing).",
               arrays.flatMap { a in a.members.map { (arrayLabels(a) + [("device", $0.device), ("state", $0.state.rawValue)], "1") } })
        family("diskplan_array_size_bytes", "The array's size as the kernel reports it.",
               each { a in a.sizeBytes.flatMap { $0 > 0 ? String($0) : nil } })
        family("diskplan_array_mismatch_sectors", "Sectors the last check or repair found different (md's mismatch_cnt).",
               each { $0.mismatchSectors.map(String.init) })
        family("diskplan_array_sync_ratio", "How much of a resync, recovery, check or reshape is done (0-1), in the labels action and phase (running, delayed, pending); only while one runs or is due.",
               arrays.compactMap { a in a.progress.map { p in (arrayLabels(a) + [("action", p.action), ("phase", p.phase.rawValue)], ratio(p.percent ?? 0)) } })
        family("diskplan_array_sync_speed_bytes_per_second", "Speed of the running sync, in bytes per second.",
               each { $0.progress?.bytesPerSecond.map(String.init) })
        family("diskplan_array_sync_remaining_seconds", "Time the running sync still needs at its current speed.",
               each { $0.progress?.secondsLeft.map(String.init) })
        let counts = Dictionary(grouping: r.drift, by: \.kind).mapValues(\.count)
        family("diskplan_drift_findings", "Differences between the disks and the plan, by kind.",
               Drift.Kind.allCases.map { ([("kind", $0.rawValue)], "\(counts[$0] ?? 0)") })
        return out
    }

    static func arrayLabels(_ a: ArrayHealth) -> [(String, String)] {
        [("md", a.shortName), ("name", a.name ?? "")]
    }

    /// `0.109` for 10.9 percent.
    static func ratio(_ percent: Double) -> String {
        let thousandths = Int((percent * 10).rounded())
        if thousandths >= 1000 { return "1" }
        let digits = String(thousandths)
        return "0." + String(repeating: "0", count: 3 - digits.count) + digits
    }

    /// Label values escape backslash, double quote and line feed.
    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }
}
