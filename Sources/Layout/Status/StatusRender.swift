import FoundationEssentials

/// `diskplan status` as text and JSON.
extension Status {
    public static func human(_ r: StatusReport) -> String {
        var out: [String] = []
        let title = r.plan.map { "Status of \($0)" } ?? "Status"
        out.append("\(title) for host \(r.host) on \(r.disks.joined(separator: ", "))")
        out.append("")
        let all = r.arrays + r.unplannedArrays
        let widths = (md: all.map(\.shortName.count).max() ?? 0, name: all.map { ($0.name ?? "-").count }.max() ?? 0,
                      level: all.map { ($0.level ?? "-").count }.max() ?? 0, size: all.map { size($0).count }.max() ?? 0)
        func block(_ a: ArrayHealth) {
            let head = [Render.pad(a.shortName, widths.md), Render.pad(a.name ?? "-", widths.name), Render.pad((a.level ?? "-").uppercased(), widths.level),
                        Render.pad(size(a), widths.size, right: true), conditionText(a)]
            out.append(head.joined(separator: "  "))
            let indent = String(repeating: " ", count: widths.md + 2)
            let dw = a.members.map(\.device.count).max() ?? 0
            for m in a.members {
                let note = m.spare == true ? (m.state == .spare ? "" : "  (the plan's spare)") : m.planned || a.members.allSatisfy { !$0.planned } ? "" : "  (not in the plan)"
                out.append(indent + Render.pad(m.device, dw) + "  " + m.state.rawValue + note)
            }
            if let n = a.mismatchSectors, n > 0 {
                out.append(indent + "mismatch count: \(n) sectors (found by the last check)")
            }
        }
        r.arrays.forEach(block)
        if !r.unplannedArrays.isEmpty {
            out.append("")
            out.append("Arrays not in the plan:")
            r.unplannedArrays.forEach(block)
        }
        if !r.drift.isEmpty {
            out.append("")
            out.append("Drift from the plan (\(r.drift.count)):")
            for d in r.drift { out.append("  - \(d.device): \(d.message)") }
        }
        if !r.notes.isEmpty {
            out.append("")
            out.append("Notes (neither ill health nor drift):")
            for d in r.notes { out.append("  - \(d.device): \(d.message)") }
        }
        out.append("")
        out.append(summary(r))
        return out.joined(separator: "\n") + "\n"
    }

    /// The last line: healthy and as planned, or what is not.
    public static func summary(_ r: StatusReport) -> String {
        if r.exitStatus == 0 { return "Healthy and as planned." }
        var parts: [String] = []
        let sick = r.arrays.filter { !$0.healthy }
        if !sick.isEmpty {
            parts.append("Not healthy: " + sick.map { "\($0.shortName) (\($0.condition.words))" }.joined(separator: ", ") + ".")
        }
        if !r.drift.isEmpty {
            parts.append("Not as planned: \(r.drift.count) finding\(r.drift.count == 1 ? "" : "s").")
        }
        return (parts + ["Exit status \(r.exitStatus)."]).joined(separator: " ")
    }

    static func size(_ a: ArrayHealth) -> String {
        a.sizeBytes.flatMap { $0 > 0 ? Size.human($0) : nil } ?? "-"
    }

    /// `clean`, `degraded`, `recovering 10.9%, 1.09 MiB/s, 1m43s left`, `resyncing delayed (...)`.
    public static func conditionText(_ a: ArrayHealth) -> String {
        guard let p = a.progress else { return a.condition.words }
        let what = a.condition == .degraded ? "degraded, \(p.action)" : a.condition.words
        return "\(what) \(p.text)"
    }

    /// `45s`, `3m12s`, `1h02m`.
    public static func duration(_ seconds: UInt64) -> String {
        let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60)
        if h > 0 { return "\(h)h" + (m < 10 ? "0" : "") + "\(m)m" }
        if m > 0 { return "\(m)m" + (s < 10 ? "0" : "") + "\(s)s" }
        return "\(s)s"
    }

    /// One JSON object: the plan, `healthy`, `as_planned`, `exit_status`, `arrays`, `unplanned_arrays`, `drift`, `notes`.
    public static func json(_ r: StatusReport) throws -> String {
        struct Doc: Encodable {
            var plan: String?
            var host: String
            var disks: [String]
            var healthy: Bool
            var asPlanned: Bool
            var exitStatus: Int32
            var arrays: [ArrayHealth]
            var unplannedArrays: [ArrayHealth]
            var drift: [Drift]
            var notes: [Drift]
        }
        let doc = Doc(plan: r.plan, host: r.host, disks: r.disks, healthy: r.healthy, asPlanned: r.asPlanned, exitStatus: r.exitStatus,
                      arrays: r.arrays, unplannedArrays: r.unplannedArrays, drift: r.drift, notes: r.notes)
        return String(decoding: try Render.encoder().encode(doc), as: UTF8.self) + "\n"
    }
}
